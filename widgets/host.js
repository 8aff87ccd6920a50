// A minimal host for anywidget (AFM) modules on a plain page: the model interface
// (get, set, on, off, save_changes, send) over a plain object, a mount helper, and the
// engine the views share, from the files beside this module once built (dist/host.js
// next to dist/engine.js and dist/huntkit.wasm).
import { engineProvided, provideEngine } from "./src/common/engine.js";

export { provideEngine };

/**
 * Provides the views with the engine from `base` (a URL of the folder holding engine.js
 * and huntkit.wasm; by default the folder of this module).
 */
export function useEngine(base = new URL(/\/dist\/[^/]*$/.test(import.meta.url) ? "./" : "./dist/", import.meta.url)) {
  provideEngine({ module: new URL("engine.js", base).href, wasm: new URL("huntkit.wasm", base).href });
}

let provided = false;
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
  if (!provided) {
    provided = true;
    if (!engineProvided()) useEngine();
  }
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

/**
 * The view as an input element for reactive pages (Observable's `viewof`): the element's
 * `value` is the selected row positions (`selected_indices`), and it fires `input` when
 * the selection changes. `element.model` and `element.destroy()` are the mounted view's.
 */
export async function input(widget, initial = {}) {
  const el = document.createElement("div");
  const mounted = await mount(widget, el, initial);
  el.value = [];
  mounted.model.on("change:selected_indices", (rows) => {
    el.value = Array.from(rows ?? []);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  el.model = mounted.model;
  el.destroy = mounted.destroy;
  return el;
}
