import type { Table } from "apache-arrow";
import type { Input, OutputOptions, ReadOptions } from "./data.js";

/** Decoder options; every one has a safe default. */
export interface DecodeOptions {
  /** `"msticpy"` follows MSTICPy 3.0.2's `unpack_items` exactly, quirks included. */
  compat?: "none" | "msticpy";
  /** Deepest nesting decoded (default 20). */
  maxDepth?: number;
  /** Decoded bytes one input may produce, across all levels (default 64 MiB). */
  maxOutputBytes?: number;
  /** Decoded bytes all rows of one table may produce together (default 256 MiB); once it
   * is spent, later rows are not decoded and the result's schema metadata
   * `huntkit:warning` says from which row. */
  maxTableOutputBytes?: number;
  /** Records one input may produce (default 10,000). */
  maxItems?: number;
  /** Encoded runs decoded per text (default 1,000). */
  maxCandidates?: number;
  /** Shortest base64 run (default 30). */
  minLength?: number;
  /** Shortest hex run (default 32). */
  minHexLength?: number;
  /** Also decode URL-safe base64 (default true). */
  urlSafe?: boolean;
  /** Also decode hex runs (default true). */
  hex?: boolean;
  /** Recognise UTF-16 text: automatic by default; in compat mode, MSTICPy's `utf16`. */
  utf16?: boolean;
  /** Bytes shown in `printable_bytes` (default 1,024). */
  maxPrintableBytes?: number;
}

/** One row of the record table. */
export interface DecodeRecord {
  reference: string;
  original_string: string;
  file_name: string;
  file_type: string | null;
  input_bytes: Uint8Array;
  decoded_string: string | null;
  encoding_type: "utf-8" | "utf-16" | "binary";
  file_hashes: string;
  md5: string;
  sha1: string;
  sha256: string;
  printable_bytes: string;
  /** Outside compat mode. */
  depth?: number;
  source_encoding?: string;
  status?: "ok" | "truncated" | "undecodable";
  detail?: string | null;
  /** Table mode. */
  src_index?: number;
  full_decoded_string?: string;
  [column: string]: unknown;
}

export interface DecodeResult<R> {
  /** The input with each decoded run replaced by its `<decoded …>` tag. */
  text: string;
  records: R;
  /** A limit stopped decoding somewhere. */
  truncated: boolean;
}

export declare function decode(text: string, options: DecodeOptions & { output: "objects" }): DecodeResult<DecodeRecord[]>;
export declare function decode(text: string, options?: DecodeOptions & OutputOptions): DecodeResult<Table>;

export declare function decodeTable(
  data: Input,
  column: string,
  options: DecodeOptions & { output: "objects"; read?: ReadOptions },
): DecodeRecord[];
export declare function decodeTable(
  data: Input,
  column: string,
  options?: DecodeOptions & OutputOptions & { read?: ReadOptions },
): Table;
