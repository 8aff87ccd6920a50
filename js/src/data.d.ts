import type { Table } from "apache-arrow";
import type * as engine from "./options.generated.js";

/** Anything huntkit reads: Arrow IPC bytes, an Arrow Table, CSV / JSON / NDJSON text or bytes, or plain objects. */
export type Input = Uint8Array | ArrayBuffer | ArrayBufferView | string | Table | Record<string, unknown>[];

/** Limits and format for reading input; the defaults are safe for hostile data. Generated
 * from the Rust type (see options.generated.d.ts), as every engine's options are. */
export type ReadOptions = engine.ReadOptions;

/** Ask for plain objects instead of an Arrow Table. */
export interface OutputOptions {
  output?: "table" | "objects";
}

export declare function toInputBytes(data: Input): Uint8Array;
export declare function fromIPC(bytes: Uint8Array): Table;
export declare function toObjects(table: Table): Record<string, unknown>[];
