/** An error from huntkit: `code` is stable and machine-readable, `message` says what and where. */
export declare class HuntkitError extends Error {
  readonly code: string;
  constructor(code: string, message: string);
}
