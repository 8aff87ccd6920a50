// The huntkit engine for the views: one engine module (the npm package and apache-arrow,
// dist/engine.js) and one WebAssembly instance per page, however many views it shows.
//
// A view module carries only its own code. The engine reaches it once per page, from
// whichever source the host has:
// - in Jupyter (JupyterLab, Notebook 7, VS Code, JupyterLite), from the kernel's one
//   `Engine` widget, which every view references in its `_engine` trait: the module's
//   source and the wasm travel gzipped, once per kernel, as binary buffers, and a notebook
//   saved with widget state stores them once;
// - on a plain page or in Observable, from `provideEngine(...)` (widgets/host.js calls it
//   with the files in widgets/dist).
// The promise is kept in a page-global slot keyed by version, so views built separately
// still share one instance.

const VERSION = "0.1.0";
const SLOT = Symbol.for(`huntkit.engine@${VERSION}`);

function slot() {
  globalThis[SLOT] ??= { promise: null, source: null };
  return globalThis[SLOT];
}

/**
 * Tells the views where the engine is, for hosts without a kernel. `source` is either an
 * initialised engine namespace (or a promise of one), or `{ module, wasm }` where `module`
 * is the engine module's namespace, URL or source text and `wasm` its bytes or URL.
 */
export function provideEngine(source) {
  const s = slot();
  s.source = source;
  s.promise = null;
}

/** Whether a host has said where the engine is (see `provideEngine`). */
export function engineProvided() {
  return Boolean(slot().source);
}

function bytesOf(value) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return null;
}

async function gunzip(bytes) {
  if (!(bytes[0] === 0x1f && bytes[1] === 0x8b)) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function importModule(module) {
  if (module && typeof module === "object" && typeof module.init === "function") return module;
  const text = bytesOf(module) ? new TextDecoder().decode(await gunzip(bytesOf(module))) : null;
  if (text !== null || (typeof module === "string" && !/^(https?:|blob:|data:|\.{0,2}\/)/.test(module))) {
    const url = URL.createObjectURL(new Blob([text ?? module], { type: "text/javascript" }));
    try {
      return await import(/* webpackIgnore: true */ /* @vite-ignore */ url);
    } finally {
      URL.revokeObjectURL(url);
    }
  }
  return import(/* webpackIgnore: true */ /* @vite-ignore */ String(module));
}

async function open(source) {
  const resolved = await source;
  if (resolved && typeof resolved.init === "function" && !("wasm" in resolved)) return resolved;
  const ns = await importModule(resolved.module);
  const bytes = bytesOf(resolved.wasm);
  await ns.init(bytes ? await gunzip(bytes) : resolved.wasm);
  return ns;
}

/** The kernel's Engine widget, when the view's model references one. */
async function fromWidget(model) {
  const ref = model?.get?.("_engine");
  const manager = model?.widget_manager;
  if (typeof ref !== "string" || !ref || !manager?.get_model) return null;
  const engine = await manager.get_model(ref.replace(/^IPY_MODEL_/, ""));
  return { module: engine.get("module"), wasm: engine.get("wasm") };
}

/**
 * The engine namespace (the npm package's functions, initialised, and `arrow`), loaded
 * once per page. `model` is the view's model, for the Jupyter route.
 */
export function loadEngine(model) {
  const s = slot();
  if (s.promise) return s.promise;
  s.promise = (async () => {
    const source = s.source ?? (await fromWidget(model));
    if (!source) {
      const e = new Error(
        "the huntkit engine is not available here: in Jupyter the view needs its Engine widget " +
          "(create views from Python); on a page call provideEngine() (widgets/host.js does)",
      );
      e.code = "engine_missing";
      throw e;
    }
    return open(source);
  })();
  // A failed load is not cached: the next view tries again.
  s.promise.catch(() => {
    if (globalThis[SLOT] === s) s.promise = null;
  });
  return s.promise;
}
