import type { Table } from "apache-arrow";
import type { Input, OutputOptions, ReadOptions } from "./data.js";

/** Built-in IoC types; user-defined names are plain strings. */
export type IocType =
  | "ipv4" | "ipv6" | "dns" | "url" | "email" | "windows_path" | "linux_path"
  | "md5_hash" | "sha1_hash" | "sha256_hash" | "sha512_hash"
  | "ipv4_cidr" | "ipv6_cidr" | "mac_address" | "cve"
  | "attack_technique" | "attack_tactic" | "attack_group" | "attack_software"
  | "registry_key" | "asn" | "bitcoin_address" | "ethereum_address" | "win_named_pipe";

/** A user-defined type, added at run time. */
export interface CustomIocType {
  name: string;
  /** Rust `regex` syntax (no look-around, no back-references). */
  pattern: string;
  /** Lower wins when one string matches two types (built-ins use 0–4). Default 0. */
  priority?: number;
  /** Report this named capture group instead of the whole match. */
  group?: string;
}

export interface IocOptions {
  /** `"msticpy"` reproduces MSTICPy 3.0.2's IoCExtract, quirks included. */
  compat?: "none" | "msticpy";
  /** Types to look for (also `file_hash`, `hostname`); default: all but paths. */
  types?: (IocType | string)[];
  /** Scan Windows and Linux paths too. */
  includePaths?: boolean;
  /** Report all matches, only plainly written ones, or only defanged ones. */
  defang?: "all" | "fanged" | "defanged";
  /** Accept any top-level domain. */
  ignoreTlds?: boolean;
  ignoreValues?: string[];
  /** Domains (and their sub-domains) never reported, nor URLs or e-mails on them. */
  ignoreDomains?: string[];
  ignoreCidrs?: string[];
  /** Drop private, loopback, link-local, multicast, documentation and reserved IPs. */
  excludePrivateIps?: boolean;
  customTypes?: CustomIocType[];
  /** Distinct observables per string (default 100000). */
  maxMatches?: number;
  /** Output rows in table mode (default 10000000). */
  maxRows?: number;
  /**
   * Keep dotted quads that read as version numbers (`FileVersion: 4.1.0.7`,
   * `SkypeApp_14.35.152.0_x64`, `v4.0_4.0.0.0__b77a…`) as `ipv4`. Default: dropped
   * (kept under `compat: "msticpy"`).
   */
  keepVersionIps?: boolean;
  /**
   * Read JSON string escapes (`\\`, `\r\n`, `\t`, `\"`, `\u00e9`) as the characters
   * they stand for: in text that is JSON or NDJSON (`"auto"`, the default: whole, or
   * line by line), in any text (`"always"`, not with `compat: "msticpy"`), or `"never"`.
   * Spans and `raw` stay those of the text as given.
   */
  jsonEscapes?: "auto" | "always" | "never";
  /**
   * Table mode: add `Input`, the whole source cell, to every row. Default: `false`, or
   * `true` under `compat: "msticpy"` (MSTICPy's `extract_df` always has it).
   */
  includeInput?: boolean;
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
