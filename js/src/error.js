/** An error from huntkit: `code` is stable and machine-readable, `message` says what and where. */
export class HuntkitError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "HuntkitError";
    this.code = code;
  }
}

/** Runs `f`, turning errors thrown by the wasm (plain `Error`s with a `code`) into `HuntkitError`s. */
export function call(f) {
  try {
    return f();
  } catch (e) {
    if (e instanceof HuntkitError) throw e;
    if (e instanceof Error && typeof e.code === "string") throw new HuntkitError(e.code, e.message);
    if (e instanceof WebAssembly.RuntimeError) {
      throw new HuntkitError("internal", `the huntkit wasm stopped unexpectedly: ${e.message}`);
    }
    throw e;
  }
}
