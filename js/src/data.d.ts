import type { Table } from "apache-arrow";

/** Anything huntkit reads: Arrow IPC bytes, an Arrow Table, CSV / JSON / NDJSON text or bytes, or plain objects. */
export type Input = Uint8Array | ArrayBuffer | ArrayBufferView | string | Table | Record<string, unknown>[];

/** Limits and format for reading input; the defaults are safe for hostile data. */
export interface ReadOptions {
  /** The input's format; detected from the content when omitted. */
  format?: "arrow" | "arrow-file" | "csv" | "json" | "ndjson";
  maxBytes?: number;
  maxRows?: number;
  maxColumns?: number;
  maxFieldBytes?: number;
  maxDepth?: number;
  maxCells?: number;
  /** Read CSV and JSON text that looks like numbers, booleans or times as such (default true). */
  inferTypes?: boolean;
}

/** Ask for plain objects instead of an Arrow Table. */
export interface OutputOptions {
  output?: "table" | "objects";
}

export declare function toInputBytes(data: Input): Uint8Array;
export declare function fromIPC(bytes: Uint8Array): Table;
export declare function toObjects(table: Table): Record<string, unknown>[];
