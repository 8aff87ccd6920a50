/**
 * An error from huntkit: `code` is stable and machine-readable, `message` says what and
 * where. `engine_reset` means the engine ran out of memory and was replaced by a fresh
 * instance: objects made before (trees, models, indexes) must be made again.
 */
export declare class HuntkitError extends Error {
  readonly code: string;
  constructor(code: string, message: string);
}
