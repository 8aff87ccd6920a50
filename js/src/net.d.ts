import type { Table } from "apache-arrow";
import type { OutputOptions } from "./data.js";
import type { GeoIpDb } from "./geoip.js";

/** A provider's settings: all optional; keys are required by VirusTotal, AbuseIPDB, URLhaus. */
export interface NetProviderConfig {
  apiKey?: string | null;
  /** Where the API lives (a proxy, or a local test server). */
  baseUrl?: string;
  /** At most this many requests a minute (0: no limit); the free tier's by default. */
  requestsPerMinute?: number;
}

/** The configuration of the network lookups (keys in camelCase or snake_case). */
export interface NetConfig {
  providers?: Partial<Record<"virustotal" | "vt" | "otx" | "abuseipdb" | "greynoise" | "urlhaus", NetProviderConfig>>;
  /** How long an answer is reused, seconds (default 3600; 0: no cache). */
  cacheTtlSecs?: number;
  cacheMaxEntries?: number;
  /** Larger responses are refused (default 8 MiB). */
  maxResponseBytes?: number;
  /** The longest a lookup waits for a rate limit before its row says `rate_limited` (default 120). */
  maxWaitSecs?: number;
  /** Send every WhoIs query to this RDAP server. */
  rdapBase?: string;
  /** RDAP requests a minute per registry (default 30). */
  rdapRequestsPerMinute?: number;
  /** Ask for the origin AS's name with a second query (default true). */
  rdapAutnum?: boolean;
  maxItems?: number;
  timeoutSecs?: number;
}

export interface NetOptions extends OutputOptions {
  config?: NetConfig;
  /** RDAP bootstrap file texts (RFC 9224: IANA's ipv4.json, ipv6.json, asn.json) replacing the bundled ones. */
  bootstrap?: string | string[];
}

export interface WhoisOptions extends NetOptions {
  /**
   * A database holding ASNs (GeoLite2-ASN): the ASN of each record whose registry names
   * none (RIPE's and APNIC's networks) comes from it.
   */
  asnDb?: GeoIpDb;
}

export type TiProviderName = "virustotal" | "vt" | "otx" | "alienvault" | "abuseipdb" | "greynoise" | "gn" | "urlhaus";

export interface TiLookupOnlineOptions extends NetOptions {
  /** Default `["virustotal"]`. */
  providers?: TiProviderName | TiProviderName[] | string[];
  /** The type of every indicator given as a string (MSTICPy's names: ipv4, dns, url, sha256_hash, ...). */
  iocType?: string;
}

/** One WhoIs row. */
export interface WhoisRow {
  query: string;
  asn: string | null;
  asn_description: string | null;
  asn_registry: string | null;
  asn_country_code: string | null;
  network_cidr: string | null;
  network_start: string | null;
  network_end: string | null;
  network_name: string | null;
  network_handle: string | null;
  network_type: string | null;
  country: string | null;
  registrant: string | null;
  abuse_contact: string | null;
  /** `ok`, or the error's code. */
  status: string;
}

/** One TI result row: MSTICPy's columns. */
export interface TiResultRow {
  Ioc: string;
  IocType: string;
  Provider: string;
  Result: boolean;
  Severity: "unknown" | "information" | "warning" | "high";
  /** JSON text. */
  Details: string | null;
  RawResult: string;
  Reference: string | null;
}

/** WhoIs of IP addresses through RDAP: one row per address, in order. */
export function whois(addresses: (string | null)[], options: WhoisOptions & { output: "objects" }): Promise<WhoisRow[]>;
export function whois(addresses: (string | null)[], options?: WhoisOptions): Promise<Table>;

/** Asks online TI providers about indicators: MSTICPy's TI result table. */
export function tiLookupOnline(
  indicators: (string | { value: string; type?: string })[],
  options: TiLookupOnlineOptions & { output: "objects" },
): Promise<TiResultRow[]>;
export function tiLookupOnline(
  indicators: (string | { value: string; type?: string })[],
  options?: TiLookupOnlineOptions,
): Promise<Table>;
