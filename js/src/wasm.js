// Loading the huntkit WebAssembly module, once, from bytes, a URL, a Response or a
// compiled WebAssembly.Module. Every API function is synchronous after `init()`.
import initBindings, * as bindings from "../pkg/huntkit_wasm.js";
import { HuntkitError, staleError } from "./error.js";

let ready = null;
let compiled = null;
let generation = 0;

const isNode =
  typeof process !== "undefined" && process.versions != null && process.versions.node != null;

async function compile(input) {
  if (input instanceof WebAssembly.Module) return input;
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) return WebAssembly.compile(input);
  if (typeof Response !== "undefined" && input instanceof Response) {
    return WebAssembly.compileStreaming ? WebAssembly.compileStreaming(input) : WebAssembly.compile(await input.arrayBuffer());
  }
  const url = input instanceof URL ? input : new URL(String(input), globalThis.location?.href);
  if (url.protocol === "file:" && isNode) {
    // A computed specifier keeps bundlers from trying to resolve a Node built-in for browsers.
    const fs = "node:fs/promises";
    const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ fs);
    return WebAssembly.compile(await readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) {
    throw new HuntkitError("wasm_load", `cannot load the huntkit wasm from ${url}: HTTP ${response.status}`);
  }
  const type = response.headers.get("content-type") ?? "";
  return type.startsWith("application/wasm") && WebAssembly.compileStreaming
    ? WebAssembly.compileStreaming(response)
    : WebAssembly.compile(await response.arrayBuffer());
}

/**
 * Loads the wasm module. `input` is the module's bytes, a URL, a Response or a compiled
 * `WebAssembly.Module`; `defaultInput` is what the entry point knows (a URL beside the
 * package, or bytes inlined in it). Calling it again returns the same promise.
 */
export function initWith(input, defaultInput) {
  if (restarting) return restarting.then(() => bindings);
  if (ready) return ready;
  ready = (async () => {
    compiled = await compile(input ?? defaultInput());
    await initBindings({ module_or_path: compiled });
    return bindings;
  })();
  ready.catch(() => {
    ready = null;
  });
  return ready;
}

/** The compiled module, for starting workers without fetching it again. */
export function wasmModule() {
  if (!compiled) throw new HuntkitError("not_initialized", "call `await init()` before using huntkit");
  return compiled;
}

/** The raw bindings; throws a coded error when `init()` has not finished. */
export function wasm() {
  if (!compiled) throw new HuntkitError("not_initialized", "call `await init()` before using huntkit");
  if (restarting) {
    throw new HuntkitError("engine_reset", "the huntkit engine is restarting after an error; `await init()` waits for it");
  }
  return bindings;
}

// The new instance being made, where it could not be made at once.
let restarting = null;

/**
 * Replaces the instance with a fresh one from the same compiled module, after a trap.
 * Objects of the old instance are refused from then on (see `currentGeneration`).
 *
 * Synchronously where the host allows it (Node, workers, small modules), so the very
 * next call works. Chromium refuses to instantiate a module over 8 MB synchronously on a
 * page's main thread: there the instance is made asynchronously, calls fail with
 * `engine_reset` until it is ready, and `init()` resolves once it is.
 */
export function resetEngine() {
  generation++;
  try {
    bindings.__wbg_reset_state();
  } catch {
    restarting = bindings.__huntkit_reset_async().finally(() => {
      restarting = null;
    });
    restarting.catch(() => {
      // A module that compiled once instantiates again; should it not, `init()` says why.
    });
  }
}

/** Bytes of memory the instance holds (its memory never shrinks), 0 when unknown. */
export function memoryBytes() {
  try {
    return bindings.memoryBytes();
  } catch {
    return 0;
  }
}

/** The instance's generation: an object made in an older one must not be used. */
export function currentGeneration() {
  return generation;
}

/**
 * An object the wasm made (a tree, a model, an index), tied to the instance that made
 * it: `get()` refuses it once freed or once that instance has been replaced, and
 * `free()` never frees it into a newer instance, where its address means something else.
 */
export class Held {
  #raw;
  #generation = generation;
  #what;

  constructor(raw, what) {
    this.#raw = raw;
    this.#what = what;
  }

  get() {
    if (this.#raw === null) throw new HuntkitError("freed", `this ${this.#what} was freed`);
    if (this.#generation !== generation) throw staleError();
    return this.#raw;
  }

  free() {
    if (this.#raw !== null && this.#generation === generation) this.#raw.free();
    this.#raw = null;
  }
}
