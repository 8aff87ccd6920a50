import type { Table } from "apache-arrow";
import type { Input, OutputOptions, ReadOptions } from "./data.js";
import type { GeoIpDb } from "./geoip.js";
import type { NetConfig } from "./net.js";
import type { TiFeed, TiFeeds } from "./ti.js";

/** The entity types huntkit parses. */
export type EntityName = "IpAddress" | "Dns" | "Url" | "FileHash" | "File" | "Account" | "Host" | "Process" | "Email";
export declare const ENTITY_NAMES: readonly EntityName[];

/** A pivot's input: a value, an array of values, or a table (with `column`). */
export type PivotData = string | (string | null | undefined)[] | Input;

export interface PivotOptions {
  /** The table column holding the values (default: the pivot's input column, e.g. `ip`). */
  column?: string;
  /** Join the result's columns onto the input's rows. */
  join?: "left" | "inner";
  /** Join on this input column's values instead of the row (MSTICPy's `left_on`). */
  leftOn?: string;
  /** The result column matched against `leftOn` (MSTICPy's `right_on`). */
  rightOn?: string;
  /** Most input values a call takes (default 10,000,000). */
  maxValues?: number;
  /** Most rows a join may produce (default 50,000,000). */
  maxRows?: number;
  /** Options of the engine behind a built-in pivot (the IoC extractor's, the decoder's, the process-tree builder's). */
  options?: Record<string, unknown>;
  read?: ReadOptions;
}

export interface PivotInfo {
  entity: EntityName;
  name: string;
  /** Its group, as MSTICPy's pivot containers: `util`, `entity`, `custom`, ... */
  container: string;
  help: string;
  /** `table` for pivots that take a whole table (process trees). */
  input: "value" | "table";
  output: "Table";
  inputColumn: string;
  keyColumn: string | null;
  /** `enrichment`: GeoIP, TI feeds or RDAP, backed by what `useGeoip` / `useTi` / `useWhois` configured. */
  source: "builtin" | "user" | "enrichment";
  /** `Entity.container.name`. */
  qualified: string;
  /** The `pivots.use*` call an enrichment pivot needs first (`null` for the others). */
  needs: "useGeoip" | "useTi" | "useWhois" | null;
  /** Whether it can run now (an enrichment pivot whose GeoIP database or TI feeds are set). */
  configured: boolean;
}

export interface EntityInfo {
  name: EntityName;
  description: string;
  valueProperty: string;
  idProperties: string[];
  properties: string[];
}

export interface PivotFunction {
  (data: PivotData, options: PivotOptions & OutputOptions & { output: "objects" }): Record<string, unknown>[];
  (data: PivotData, options?: PivotOptions & OutputOptions): Table;
  readonly help: string;
}

/** An entity type's pivots, by name and by container (`util`, `entity`, `custom`, ...). */
export interface EntityPivots {
  readonly name: EntityName;
  pivots(): PivotInfo[];
  [nameOrContainer: string]: PivotFunction | AsyncPivotFunction | Record<string, PivotFunction | AsyncPivotFunction> | string | (() => PivotInfo[]);
}

/** A user pivot function: the values in, one item per value (or an Arrow Table) out. */
export type UserPivotFunction = (
  values: string[],
  options: Record<string, unknown>,
) => (Record<string, unknown> | string | number | boolean | null)[] | Table;

export interface RegisterOptions {
  help?: string;
  /** Default `custom`. */
  container?: string;
  /** The name of the values column (default: the entity's, e.g. `ip`). */
  inputColumn?: string;
  overwrite?: boolean;
}

export declare function list(entity?: EntityName | string | null, options?: { search?: string }): PivotInfo[];
export declare function help(entity: EntityName | string, name: string): string;
export declare function entities(): EntityInfo[];
export declare function register(entity: EntityName | string, name: string, fn: UserPivotFunction, options?: RegisterOptions): PivotInfo;
export declare function unregister(entity: EntityName | string, name: string): void;
export type PipelineStep = PivotFunction | ((data: any, options?: any) => any) | [PivotFunction | ((data: any, options?: any) => any), PivotOptions?];
export declare function pipeline(steps: PipelineStep[]): (data: PivotData) => Table;

/** Backs `IpAddress.geoip` (MSTICPy's `geoloc`) with GeoIP databases; `null` forgets them. */
export declare function useGeoip(db: GeoIpDb | null): void;
/** Backs the `ti` pivots (`lookup_ioc`, `lookup_iocs`) with local feeds; `null` forgets them. */
export declare function useTi(feeds: TiFeeds | TiFeed[] | null): TiFeeds | null;
/** The network settings of `IpAddress.whois` / `whois_asn` (a call's own `config` / `bootstrap` win). */
export declare function useWhois(settings?: {
  config?: NetConfig;
  bootstrap?: string | string[];
  /** An ASN database: the ASN of records whose registry names none comes from it. */
  asnDb?: GeoIpDb;
}): void;

/**
 * The enrichment pivots: `IpAddress.geoip` / `geoloc` (needs `useGeoip`), `<Entity>.ti.lookup_ioc`
 * / `lookup_iocs` for IpAddress, Dns, Url, FileHash (needs `useTi`; options `iocType`,
 * `includeMisses`), and `IpAddress.whois` / `whois_asn` over RDAP, which return promises
 * (options `config`, `bootstrap`).
 */
export interface AsyncPivotFunction {
  (data: PivotData, options: PivotOptions & OutputOptions & { output: "objects"; config?: NetConfig; bootstrap?: string | string[] }): Promise<Record<string, unknown>[]>;
  (data: PivotData, options?: PivotOptions & OutputOptions & { config?: NetConfig; bootstrap?: string | string[] }): Promise<Table>;
  readonly help: string;
}

export declare const pivots: {
  useGeoip: typeof useGeoip;
  useTi: typeof useTi;
  useWhois: typeof useWhois;
  list: typeof list;
  help: typeof help;
  entities: typeof entities;
  register: typeof register;
  unregister: typeof unregister;
  pipeline: typeof pipeline;
  entity(name: EntityName | string): EntityPivots;
} & { readonly [E in EntityName]: EntityPivots };

export type IpType = "Public" | "Private" | "Loopback" | "Multicast" | "Link Local" | "Reserved" | "Unspecified" | "Invalid";
export declare function ipType(ip: string): IpType;

export interface AlertEntityOptions {
  maxBytes?: number;
  maxEntities?: number;
  maxDepth?: number;
}
export declare function alertEntities(alert: string | object, options: AlertEntityOptions & OutputOptions & { output: "objects" }): { Id: string | null; Type: string; Value: string | null; Properties: string }[];
export declare function alertEntities(alert: string | object, options?: AlertEntityOptions & OutputOptions): Table;
export declare function entitiesFromColumn(data: Input, column: string, entity: EntityName | string, options?: OutputOptions & { read?: ReadOptions }): Table;
export declare function entitiesFromIocs(iocs: Input, options?: OutputOptions & { read?: ReadOptions }): Table;
