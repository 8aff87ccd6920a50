import type { Table } from "apache-arrow";
import type { Input, OutputOptions, ReadOptions } from "./data.js";
import type * as engine from "./options.generated.js";

/** Built-in IoC types; user-defined names are plain strings. */
export type IocType =
  | "ipv4" | "ipv6" | "dns" | "url" | "email" | "windows_path" | "linux_path"
  | "md5_hash" | "sha1_hash" | "sha256_hash" | "sha512_hash"
  | "ipv4_cidr" | "ipv6_cidr" | "mac_address" | "cve"
  | "attack_technique" | "attack_tactic" | "attack_group" | "attack_software"
  | "registry_key" | "asn" | "bitcoin_address" | "ethereum_address" | "win_named_pipe";

/** A user-defined type, added at run time. */
export type CustomIocType = engine.CustomType;

export interface IocOptions extends Omit<engine.IocOptions, "types"> {
  /** Types to look for (also `file_hash`, `hostname`); default: all but paths. */
  types?: (IocType | string)[];
}

export interface IocMatch {
  iocType: IocType | string;
  /** Refanged and normalised. */
  value: string;
  /** As written: `text.slice(start, end) === raw`. */
  raw: string;
  /** UTF-16 offsets into the input. */
  start: number;
  end: number;
  defanged: boolean;
  /** With `allOccurrences`: the `[start, end)` spans of its later occurrences. */
  repeats?: [number, number][];
}

export interface IocResult {
  /** Type → distinct values, as MSTICPy's `extract`. */
  byType: Record<string, string[]>;
  matches: IocMatch[];
  /** True when `maxMatches` cut the list short. */
  truncated: boolean;
}

export declare function extractIocs(text: string, options?: IocOptions): IocResult;

export interface IocTableRow {
  IoCType: string;
  Observable: string;
  /** The input row (0-based) the observable was found in. */
  SourceIndex: bigint | number;
  /** The whole source cell: only with `includeInput` (or under `compat: "msticpy"`). */
  Input?: string;
  raw: string;
  /** UTF-16 offsets into the cell at `SourceIndex`, `Column`. */
  start: bigint | number;
  end: bigint | number;
  Column: string;
}

export declare function extractIocsTable(
  data: Input,
  columns: string | string[],
  options: IocOptions & OutputOptions & { read?: ReadOptions; output: "objects" },
): IocTableRow[];
export declare function extractIocsTable(
  data: Input,
  columns: string | string[],
  options?: IocOptions & OutputOptions & { read?: ReadOptions },
): Table;

export declare function iocTypes(options?: IocOptions): { all: string[]; string: string[]; table: string[] };
