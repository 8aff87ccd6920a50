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
  /** Largest table a CSV or JSON input may build, estimated before it is built (default: 32 × the input, at least 64 MiB, at most 1 GiB). */
  maxTableBytes?: number;
  /** Read a CSV quote left open to the end of the input as one field instead of refusing it (default false). */
  lenient?: boolean;
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
