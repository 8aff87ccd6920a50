import type { Input, ReadOptions } from "./data.js";

export interface ColumnInfo {
  name: string;
  /** The Arrow type, as Arrow names it: `Utf8`, `Int64`, `Timestamp(ns, "UTC")`, … */
  type: string;
  nulls: number;
  /** ISO-8601 first and last time, for timestamp and date columns. */
  timeRange?: { start: string; end: string };
}

export interface Inspection {
  rows: number;
  columns: ColumnInfo[];
  /** What a lenient read (`read: { lenient: true }`) accepted that a strict one refuses;
   * absent when there is nothing to say. */
  warnings?: string[];
}

/** Describes a table: rows, column types, null counts, time ranges. */
export declare function inspect(data: Input, options?: { read?: ReadOptions }): Inspection;

/** Converts any input huntkit reads to Arrow IPC stream bytes. */
export declare function toArrow(data: Input, options?: { read?: ReadOptions }): Uint8Array;
