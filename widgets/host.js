// A minimal host for anywidget (AFM) modules on a plain page: the model interface
// (get, set, on, off, save_changes, send) over a plain object, and a mount helper.
export function createModel(initial = {}) {
  const values = { ...initial };
  const handlers = new Map();
  const emit = (name, ...args) => {
    for (const cb of [...(handlers.get(name) ?? [])]) cb(...args);
  };
  return {
    get: (key) => values[key],
    set(key, value) {
      const old = values[key];
      values[key] = value;
      if (old !== value) {
        emit(`change:${key}`, value);
        emit("change", key, value);
      }
    },
    on(name, cb) {
      if (!handlers.has(name)) handlers.set(name, new Set());
      handlers.get(name).add(cb);
    },
    off(name, cb) {
      if (!name) handlers.clear();
      else if (!cb) handlers.delete(name);
      else handlers.get(name)?.delete(cb);
    },
    save_changes: () => emit("save", { ...values }),
    send: (content, callbacks, buffers) => emit("msg:custom", content, buffers),
  };
}

/** Renders `widget` (an AFM module's default export) into `el`; returns the model and a destroy function. */
export async function mount(widget, el, initial = {}) {
  const model = createModel(initial);
  const w = typeof widget.initialize === "function" || typeof widget.render === "function" ? widget : await widget();
  const cleanupInit = w.initialize ? await w.initialize({ model }) : undefined;
  const cleanup = await w.render({ model, el });
  return {
    model,
    destroy() {
      if (typeof cleanup === "function") cleanup();
      if (typeof cleanupInit === "function") cleanupInit();
    },
  };
}
