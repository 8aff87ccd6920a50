import type { Table } from "apache-arrow";
import type { Input, OutputOptions, ReadOptions } from "./data.js";
import type * as engine from "./options.generated.js";

/** Decoder options; every one has a safe default. */
export type DecodeOptions = engine.DecodeOptions;

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
