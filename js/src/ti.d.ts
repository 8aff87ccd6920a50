import type * as engine from "./options.generated.js";
import type { Input, OutputOptions } from "./data.js";
import type { Table } from "apache-arrow";
import type { TiResultRow } from "./net.js";

export type TiFeedOptions = engine.TiFeedOptions;
export type TiLookupOptions = engine.TiLookupOptions & OutputOptions;
export type TiFeedKind = engine.FeedKind;
export type TiSeverity = engine.Severity;
export type TiIocType = engine.IocType;

/** What a feed holds. */
export interface TiFeedSummary {
  /** The `Provider` column's value for its results. */
  name: string;
  kind: TiFeedKind;
  /** How many indicators it holds. */
  entries: number;
  /** Entries read but not used (types or patterns it cannot match). */
  skipped: number;
  /** Whether it lists benign values (a MISP warning list). */
  benign: boolean;
}

/** One result of `lookupValue`: MSTICPy's TI result columns, `Details` as an object. */
export interface TiValueResult extends Omit<TiResultRow, "Details"> {
  IocType: TiIocType;
  /** An object (what the feed says), or a string. */
  Details: unknown;
}

/** A table lookup's row: a result (`Details` as JSON text) and the input row it answers. */
export interface TiTableRow extends TiResultRow {
  SourceIndex: number | bigint;
}

/** A feed: its text or bytes. */
export type TiFeed = string | Uint8Array | ArrayBuffer | ArrayBufferView;

export declare class TiFeeds {
  constructor(feeds?: (TiFeed | [TiFeed, TiFeedOptions])[], options?: TiFeedOptions);
  add(feed: TiFeed, options?: TiFeedOptions): TiFeedSummary;
  readonly feeds: TiFeedSummary[];
  lookup(data: Input | (string | null | undefined)[], options?: TiLookupOptions & { output?: "table" }): Table;
  lookup(data: Input | (string | null | undefined)[], options: TiLookupOptions & { output: "objects" }): TiTableRow[];
  lookupValue(value: string, iocType?: TiIocType | "file_hash" | "domain" | "hostname"): TiValueResult[];
  free(): void;
}
