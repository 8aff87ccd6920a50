import type { Input, ReadOptions } from "./data.js";
import type { Inspection } from "./inspect.js";

export interface AsyncOptions {
  /** Called with the fraction done, from 0 to 1. */
  onProgress?: (fraction: number) => void;
}

/** Runs a raw wasm function off the main thread (a Web Worker in browsers). */
export declare function callAsync(fn: string, args: unknown[], options?: AsyncOptions): Promise<unknown>;

/** `inspect` in a Web Worker, with progress. */
export declare function inspectAsync(data: Input, options?: { read?: ReadOptions } & AsyncOptions): Promise<Inspection>;

/** Stops the worker that the async API started. */
export declare function terminateWorkers(): void;

/** Calls method `fn` of an engine object kept in the worker (`"free"` releases it). */
export declare function callKept(handle: number, fn: string, args?: unknown[]): Promise<unknown>;
