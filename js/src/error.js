// Errors, and the one guard every call into the wasm goes through.
import { memoryBytes, resetEngine } from "./wasm.js";

/** An error from huntkit: `code` is stable and machine-readable, `message` says what and where. */
export class HuntkitError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "HuntkitError";
    this.code = code;
  }
}

/**
 * Runs `f`, which calls into the wasm, turning what it throws into `HuntkitError`s.
 *
 * Engines return coded errors, and the npm package bounds what it passes in, so a trap
 * (WebAssembly's `unreachable`, which an allocation failure ends in) or a stack overflow
 * should not happen; if one does, the instance is no longer sound. It is then replaced
 * by a fresh one at once, so the next call works, and this call fails with
 * `engine_reset`. Objects made by the old instance (trees, models, indexes) answer
 * `engine_reset` from then on.
 */
export function call(f) {
  try {
    return f();
  } catch (e) {
    if (e instanceof HuntkitError) throw e;
    if (e instanceof Error && typeof e.code === "string") throw new HuntkitError(e.code, e.message);
    if (e instanceof Error && /stale object from previous Wasm instance/.test(e.message)) {
      throw staleError();
    }
    if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
      const used = memoryBytes();
      resetEngine();
      const why =
        e instanceof RangeError
          ? `its stack overflowed (${e.message})`
          : used >= 3.5 * 2 ** 30
            ? `it ran out of memory (${Math.round(used / 2 ** 20)} MiB of its 4 GiB in use)`
            : `it trapped (${e.message}), most likely out of memory (${Math.round(used / 2 ** 20)} MiB in use)`;
      throw new HuntkitError(
        "engine_reset",
        `the huntkit engine stopped: ${why}. It was restarted and the next call runs on a fresh instance; ` +
          "objects made before (process trees, session models, timeline indexes) must be made again",
      );
    }
    throw new HuntkitError("internal", `unexpected error in huntkit: ${e?.message ?? String(e)}`);
  }
}

/** The error for an object made by an engine instance that has since been replaced. */
export function staleError() {
  return new HuntkitError(
    "engine_reset",
    "this object was made before the huntkit engine was restarted after an error; make it again",
  );
}

/** Runs `f` (argument checking and conversion in JavaScript), turning a stray error into a coded one. */
export function guard(f) {
  try {
    return f();
  } catch (e) {
    if (e instanceof HuntkitError) throw e;
    if (e instanceof TypeError || e instanceof RangeError) {
      throw new HuntkitError("invalid_input", `huntkit could not use the value it was given: ${e.message}`);
    }
    throw e;
  }
}
