// The code that runs inside a Web Worker: it instantiates the module it is sent and runs
// one engine call per message, posting progress fractions back while it works.
import initBindings, * as bindings from "../pkg/huntkit_wasm.js";
import { callOn, keepBack, keeper } from "./kept.js";

// Calls whose engines report progress, and the binding that takes the callback.
const WITH_PROGRESS = { inspect: "inspectWithProgress" };

let ready = null;

// The instance's generation: it grows each time a trap replaces the instance.
let generation = 0;

// Objects that live in this worker (a built process tree): see kept.js.
const kept = keeper(() => generation);

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type === "init") {
    ready = initBindings({ module_or_path: msg.module });
    return;
  }
  if (msg.type !== "call") return;
  const { id, fn, args } = msg;
  try {
    await ready;
    if (msg.handle !== undefined) {
      self.postMessage({ type: "result", id, result: callOn(kept, msg.handle, fn, args) });
      return;
    }
    const progress = (fraction) => self.postMessage({ type: "progress", id, fraction });
    const name = WITH_PROGRESS[fn];
    let result;
    if (name) {
      result = bindings[name](...args, progress);
    } else if (typeof bindings[fn] === "function") {
      progress(0);
      result = bindings[fn](...args);
    } else {
      throw Object.assign(new Error(`no huntkit function ${fn}`), { code: "invalid_option" });
    }
    progress(1);
    result = keepBack(kept, fn, result);
    const transfer = result instanceof Uint8Array ? [result.buffer] : result?.table instanceof Uint8Array ? [result.table.buffer] : [];
    self.postMessage({ type: "result", id, result }, transfer);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
      // The instance is no longer sound: replace it, as the page's own calls do.
      generation++;
      bindings.__wbg_reset_state();
      const message = `the huntkit engine stopped (${e.message}, most likely out of memory) and was restarted; objects made before must be made again`;
      self.postMessage({ type: "error", id, code: "engine_reset", message });
      return;
    }
    const stale = /stale object from previous Wasm instance/.test(String(e?.message));
    self.postMessage({ type: "error", id, code: stale ? "engine_reset" : (e?.code ?? "internal"), message: String(e?.message ?? e) });
  }
};
