// The async API: the same engines, run in a Web Worker so a page stays responsive, with
// progress reported as a fraction done. Where there are no Web Workers (Node), the call
// runs in the same thread and still reports progress.
import workerSource from "huntkit:worker-source";
import { toInputBytes } from "./data.js";
import { optionsJSON, optionsObject } from "./boundary.js";
import { call, guard, HuntkitError } from "./error.js";
import { callOn, keepBack, keeper } from "./kept.js";
import { currentGeneration, wasm, wasmModule } from "./wasm.js";

let worker = null;
let nextId = 1;
const pending = new Map();

const canUseWorker = typeof Worker !== "undefined" && typeof Blob !== "undefined" && typeof URL?.createObjectURL === "function";

function startWorker() {
  const url = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
  const w = new Worker(url);
  URL.revokeObjectURL(url);
  w.onmessage = (event) => {
    const msg = event.data;
    const job = pending.get(msg.id);
    if (!job) return;
    if (msg.type === "progress") {
      job.onProgress?.(msg.fraction);
    } else if (msg.type === "result") {
      pending.delete(msg.id);
      job.resolve(msg.result);
    } else if (msg.type === "error") {
      pending.delete(msg.id);
      job.reject(new HuntkitError(msg.code, msg.message));
    }
  };
  w.onerror = (event) => {
    const err = new HuntkitError("worker", `the huntkit worker failed: ${event.message ?? "unknown error"}`);
    for (const job of pending.values()) job.reject(err);
    pending.clear();
    worker = null;
  };
  w.postMessage({ type: "init", module: wasmModule() });
  return w;
}

// Without Web Workers, objects that would live in the worker live here (see kept.js).
const local = keeper(currentGeneration);

/**
 * Calls method `fn` of an object kept in the worker (`handle`, from a call that returns
 * one, such as `buildProcessTree`); `"free"` releases the object.
 */
export function callKept(handle, fn, args = []) {
  if (!canUseWorker) {
    return new Promise((resolve) => resolve(call(() => callOn(local, handle, fn, args))));
  }
  worker ??= startWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ type: "call", id, handle, fn, args });
  });
}

/**
 * Runs the wasm function `fn` with `args` off the main thread. `onProgress(fraction)` is
 * called as the engine works, from 0 to 1. A result that holds an engine object (a
 * process tree) comes back with a `handle` for {@link callKept} in its place.
 */
export function callAsync(fn, args, { onProgress } = {}) {
  if (typeof fn !== "string" || !Array.isArray(args) || (fn !== "inspect" && typeof wasm()[fn] !== "function") || fn.startsWith("__")) {
    return Promise.reject(new HuntkitError("invalid_option", `no huntkit function ${String(fn).slice(0, 60)}`));
  }
  if (!canUseWorker) {
    return new Promise((resolve, reject) => {
      setTimeout(() => {
        try {
          const bindings = wasm();
          onProgress?.(0);
          const result =
            fn === "inspect"
              ? call(() => bindings.inspectWithProgress(...args, (f) => onProgress?.(f)))
              : call(() => bindings[fn](...args));
          onProgress?.(1);
          resolve(keepBack(local, fn, result));
        } catch (e) {
          reject(e);
        }
      }, 0);
    });
  }
  worker ??= startWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    // Arguments are copied, not transferred: the caller keeps its buffers.
    worker.postMessage({ type: "call", id, fn, args });
  });
}

/** `inspect`, run in a Web Worker; `onProgress(fraction)` reports how much is read. */
export function inspectAsync(data, options = {}) {
  try {
    const [bytes, json, progress] = guard(() => {
      const o = optionsObject(options, "inspectAsync");
      if (o.onProgress !== undefined && typeof o.onProgress !== "function") {
        throw new HuntkitError("invalid_option", "onProgress must be a function");
      }
      return [toInputBytes(data), optionsJSON(o, "inspectAsync", ["onProgress"]), { onProgress: o.onProgress }];
    });
    return callAsync("inspect", [bytes, json], progress);
  } catch (e) {
    return Promise.reject(e);
  }
}

/** Stops the worker the async API started; the next async call starts a new one. */
export function terminateWorkers() {
  worker?.terminate();
  worker = null;
  for (const job of pending.values()) job.reject(new HuntkitError("cancelled", "the huntkit worker was stopped"));
  pending.clear();
}
