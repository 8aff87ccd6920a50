import type * as engine from "./options.generated.js";
import type { Input, OutputOptions, ReadOptions } from "./data.js";
import type { Table } from "apache-arrow";

export type GeoIpOptions = engine.GeoIpOptions;

/** One opened database, from its metadata. */
export interface GeoIpDatabaseInfo {
  kind: "location" | "asn";
  /** e.g. "GeoLite2-City", "DBIP-ASN-Lite (compat=GeoLite2-ASN)". */
  databaseType: string;
  /** Build time, seconds since the epoch. */
  buildEpoch: number;
  ipVersion: number;
  languages: string[];
  bytes: number;
}

/** One address's row: MSTICPy's GeoLocation columns plus the AS organisation. */
export interface GeoLocationRow {
  IpAddress: string | null;
  CountryCode: string | null;
  CountryOrRegionName: string | null;
  State: string | null;
  City: string | null;
  Longitude: number | null;
  Latitude: number | null;
  Asn: number | null;
  AsnOrganization: string | null;
}

export interface GeoIpLookupOptions extends OutputOptions {
  read?: ReadOptions;
}

/** The bytes of one `.mmdb` file. */
export type MmdbBytes = Uint8Array | ArrayBuffer | ArrayBufferView;

export declare class GeoIpDb {
  /**
   * Opens one database or several (a City or Country database and an ASN database, in
   * any order). Corrupt files fail with `invalid_geoip_db`, databases with neither
   * locations nor ASNs with `unsupported_geoip_db`.
   */
  constructor(databases: MmdbBytes | MmdbBytes[], options?: GeoIpOptions);
  readonly databases: GeoIpDatabaseInfo[];
  lookup(data: Input, column: string, options?: GeoIpLookupOptions & { output?: "table" }): Table;
  lookup(data: Input, column: string, options: GeoIpLookupOptions & { output: "objects" }): GeoLocationRow[];
  lookupAddresses(addresses: (string | null | undefined)[], options?: OutputOptions & { output?: "table" }): Table;
  lookupAddresses(addresses: (string | null | undefined)[], options: OutputOptions & { output: "objects" }): GeoLocationRow[];
  lookupAddress(address: string): GeoLocationRow | null;
  /**
   * Fills the ASN (and its organisation, where empty) of the rows whose ASN is empty,
   * from the address in the same row: WhoIs records whose registry names no origin AS.
   * The two columns come back as text.
   */
  fillAsn(data: Input, options?: FillAsnOptions & { output?: "table" }): Table;
  fillAsn(data: Input, options: FillAsnOptions & { output: "objects" }): Record<string, unknown>[];
  free(): void;
}

export interface FillAsnOptions extends OutputOptions {
  /** Default `"query"` (the WhoIs table's). */
  ipColumn?: string;
  /** Default `"asn"`. */
  asnColumn?: string;
  /** Default `"asn_description"`. */
  orgColumn?: string;
}
