// Network lookups: online threat-intelligence providers (VirusTotal, AlienVault OTX,
// AbuseIPDB, GreyNoise Community, URLhaus) and WhoIs through RDAP. The wasm builds each
// request and reads each answer; the host's `fetch` moves the bytes, so these functions
// return promises. A session (cache and rate limits) lasts across calls with the same
// configuration.
//
// Browsers only let a page read a cross-origin answer the service allows (CORS): the
// RIRs' RDAP servers do; of the TI services, see crates/huntkit-net/README.md. A
// provider's `baseUrl` can name a proxy of your own.
import { optionsObject, plain } from "./boundary.js";
import { output } from "./data.js";
import { HuntkitError, call } from "./error.js";
import { wasm } from "./wasm.js";

// Far more than a notebook sends to a rate-limited service in one call.
const MAX_ITEMS = 1_000_000;

/** The options this module reads itself; the rest of `config` is the engine's. */
function split(options, fn) {
  const o = optionsObject(options, fn);
  const known = ["config", "bootstrap", "output", "providers", "iocType", "asnDb"];
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) {
      throw new HuntkitError("invalid_option", `${fn}: unknown option ${JSON.stringify(key)} (known: ${known.join(", ")})`);
    }
  }
  const config = o.config === undefined || o.config === null ? undefined : JSON.stringify(plain(o.config, `${fn} config`));
  const boots = o.bootstrap === undefined ? [] : Array.isArray(o.bootstrap) ? o.bootstrap : [o.bootstrap];
  for (const b of boots) {
    if (typeof b !== "string") throw new HuntkitError("invalid_option", `${fn}: bootstrap is the text of an RFC 9224 file, or an array of them`);
  }
  return { o, config, boots };
}

function strings(list, fn, what) {
  if (!Array.isArray(list)) throw new HuntkitError("invalid_input", `${fn} takes an array of ${what}`);
  if (list.length > MAX_ITEMS) throw new HuntkitError("limit_exceeded", `more than ${MAX_ITEMS} ${what} in one call`);
  return list;
}

/** Awaits a wasm promise, turning its rejection into a HuntkitError as `call` does. */
async function settle(start) {
  const promise = call(start);
  try {
    return await promise;
  } catch (e) {
    return call(() => {
      throw e;
    });
  }
}

/**
 * WhoIs of IP addresses through RDAP (MSTICPy's `whois` pivot). Resolves to an Arrow
 * `Table` (plain objects with `{ output: "objects" }`), one row per address, in order:
 * `query, asn, asn_description, asn_registry, asn_country_code, network_cidr,
 * network_start, network_end, network_name, network_handle, network_type, country,
 * registrant, abuse_contact, status` (`ok`, or the error's code: `not_public`,
 * `invalid_ip`, `http_status`, `rate_limited`...).
 *
 * Options: `config` (`rdapBase`, `rdapRequestsPerMinute`, `rdapAutnum`, `cacheTtlSecs`,
 * `maxWaitSecs`...), `bootstrap` (RFC 9224 file texts replacing the bundled ones),
 * `asnDb` (a `GeoIpDb` holding an ASN database: the ASN of records whose registry names
 * none, as RIPE's and APNIC's networks do not, comes from it), `output`.
 */
export async function whois(addresses, options = {}) {
  const { o, config, boots } = split(options, "whois");
  if (o.asnDb !== undefined && typeof o.asnDb?.fillAsn !== "function") {
    throw new HuntkitError("invalid_option", "whois: asnDb is a GeoIpDb holding an ASN database");
  }
  const list = strings(addresses, "whois", "addresses").map((a) => (typeof a === "string" ? a : ""));
  const bytes = await settle(() => wasm().whoisLookup(list, config, boots));
  return o.asnDb === undefined ? output(bytes, o) : o.asnDb.fillAsn(bytes, { output: o.output });
}

/**
 * Asks online TI providers about indicators (MSTICPy's `TILookup.lookup_iocs`).
 * `indicators`: strings, or `{ value, type }` objects (`type` in MSTICPy's names; read
 * from the value's shape when absent). Options: `providers` (names: `virustotal`/`vt`,
 * `otx`, `abuseipdb`, `greynoise`, `urlhaus`; default `["virustotal"]`), `iocType` (for
 * every indicator), `config` (`providers: { virustotal: { apiKey, baseUrl,
 * requestsPerMinute } }`, `cacheTtlSecs`, `maxWaitSecs`...), `output`.
 *
 * Resolves to MSTICPy's TI result table: `Ioc, IocType, Provider, Result, Severity,
 * Details, RawResult, Reference`. A failed lookup is a row with `Result` false and the
 * error's code (`missing_api_key`, `unauthorized`, `rate_limited`, `transport`...) in
 * `Details`; API keys appear in no result and no error.
 */
export async function tiLookupOnline(indicators, options = {}) {
  const { o, config, boots } = split(options, "tiLookupOnline");
  const items = strings(indicators, "tiLookupOnline", "indicators");
  const values = [];
  const types = [];
  for (const item of items) {
    if (typeof item === "string") {
      values.push(item);
      types.push(typeof o.iocType === "string" ? o.iocType : "");
    } else if (item && typeof item === "object" && typeof item.value === "string") {
      values.push(item.value);
      types.push(typeof item.type === "string" ? item.type : typeof o.iocType === "string" ? o.iocType : "");
    } else {
      throw new HuntkitError("invalid_input", "an indicator is a string or { value, type }");
    }
  }
  const providers = o.providers === undefined ? ["virustotal"] : Array.isArray(o.providers) ? o.providers : [o.providers];
  if (providers.length === 0 || providers.some((p) => typeof p !== "string")) {
    throw new HuntkitError("invalid_option", "tiLookupOnline: providers is a list of provider names");
  }
  const bytes = await settle(() => wasm().tiLookupOnline(values, types, providers, config, boots));
  return output(bytes, o);
}
