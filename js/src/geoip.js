// GeoIP and ASN lookups, offline: MaxMind DB files (GeoLite2 / GeoIP2 City, Country, ASN;
// DB-IP Lite) handed to the wasm once, held there by a `GeoIpDb`, then looked up as often
// as needed. Results carry MSTICPy's GeoLocation column names.
import { optionsJSON, optionsObject, text } from "./boundary.js";
import { output, toInputBytes } from "./data.js";
import { HuntkitError, call, guard } from "./error.js";
import { Held, wasm } from "./wasm.js";

// Far more addresses than a notebook holds, far fewer than would exhaust the instance.
const MAX_ADDRESSES = 50_000_000;
// The length that marks a missing address (not a string).
const MISSING = 0xffffffff;

function databaseBytes(db, i) {
  if (db instanceof ArrayBuffer) return new Uint8Array(db);
  if (db instanceof Uint8Array) return db;
  if (ArrayBuffer.isView(db)) return new Uint8Array(db.buffer, db.byteOffset, db.byteLength);
  throw new HuntkitError("invalid_input", `database ${i + 1} must be the bytes of a .mmdb file (Uint8Array or ArrayBuffer)`);
}

/**
 * Opened GeoIP databases: at most one City or Country database and one ASN database,
 * joined per address. Free it with `free()` when done.
 */
export class GeoIpDb {
  #raw;

  /**
   * `databases`: the bytes of one `.mmdb` file, or an array of them (a City or Country
   * database and an ASN database, in any order). Options: `language` (default "en"),
   * `verify` (check the whole file when opened, default true), `maxDatabaseBytes`.
   */
  constructor(databases, options = {}) {
    const [list, json] = guard(() => {
      const dbs = Array.isArray(databases) ? databases : [databases];
      return [dbs.map(databaseBytes), optionsJSON(options, "GeoIpDb")];
    });
    this.#raw = new Held(
      call(() => new (wasm().GeoIpDb)(list, json)),
      "GeoIP database",
    );
  }

  /** What each database is: `{ kind, databaseType, buildEpoch, ipVersion, languages, bytes }`. */
  get databases() {
    return call(() => this.#raw.get().databases());
  }

  /**
   * Looks up the addresses in `column` of `data` (anything `toInputBytes` takes). Returns an
   * Arrow `Table` (plain objects with `{ output: "objects" }`) with one row per input row:
   * `IpAddress, CountryCode, CountryOrRegionName, State, City, Longitude, Latitude, Asn,
   * AsnOrganization`, nulls where the databases hold nothing or the cell is no address.
   */
  lookup(data, column, options = {}) {
    const [bytes, col, json] = guard(() => [
      toInputBytes(data),
      text(column, "lookup's column"),
      optionsJSON(options, "GeoIpDb.lookup", ["output"]),
    ]);
    return output(call(() => this.#raw.get().lookupTable(bytes, col, json)), options);
  }

  /**
   * Fills the autonomous system of the rows of `data` whose ASN is empty, from the
   * address in the same row: WhoIs records whose registry names no origin AS (RIPE's and
   * APNIC's networks). Options: `ipColumn` (default "query"), `asnColumn` ("asn"),
   * `orgColumn` ("asn_description"), `output`. Rows that have an ASN, or whose address no
   * database lists, are left as they are. `whois(addresses, { asnDb })` calls it.
   */
  fillAsn(data, options = {}) {
    const [bytes, ip, asn, org] = guard(() => {
      const o = optionsObject(options, "GeoIpDb.fillAsn");
      for (const key of Object.keys(o)) {
        if (!["ipColumn", "asnColumn", "orgColumn", "output"].includes(key)) {
          throw new HuntkitError("invalid_option", `GeoIpDb.fillAsn: unknown option ${JSON.stringify(key)}`);
        }
      }
      return [
        toInputBytes(data),
        text(o.ipColumn ?? "query", "fillAsn's ipColumn"),
        text(o.asnColumn ?? "asn", "fillAsn's asnColumn"),
        text(o.orgColumn ?? "asn_description", "fillAsn's orgColumn"),
      ];
    });
    return output(call(() => this.#raw.get().fillAsn(bytes, ip, asn, org)), options);
  }

  /** Looks up an array of addresses (strings; anything else is a row of nulls): as `lookup`. */
  lookupAddresses(addresses, options = {}) {
    const [joined, lengths] = guard(() => {
      if (!Array.isArray(addresses)) {
        throw new HuntkitError("invalid_input", "lookupAddresses takes an array of strings");
      }
      if (addresses.length > MAX_ADDRESSES) {
        throw new HuntkitError("limit_exceeded", `more than ${MAX_ADDRESSES} addresses in one call`);
      }
      optionsJSON(options, "GeoIpDb.lookupAddresses", ["output"]);
      // One text and each string's length cross the boundary, not a million strings.
      const lengths = new Uint32Array(addresses.length);
      const parts = new Array(addresses.length);
      for (let i = 0; i < addresses.length; i++) {
        const a = addresses[i];
        if (typeof a === "string") {
          parts[i] = a;
          lengths[i] = a.length;
        } else {
          parts[i] = "";
          lengths[i] = MISSING;
        }
      }
      return [parts.join(""), lengths];
    });
    return output(call(() => this.#raw.get().lookupStrings(joined, lengths)), options);
  }

  /**
   * Looks up one address: `{ IpAddress, CountryCode, CountryOrRegionName, State, City,
   * Longitude, Latitude, Asn, AsnOrganization }`, or `null` when it is not an address.
   */
  lookupAddress(address) {
    const a = guard(() => text(address, "lookupAddress' address"));
    return call(() => this.#raw.get().lookupAddress(a));
  }

  /** Releases the databases' memory in the wasm instance. */
  free() {
    this.#raw.free();
  }
}
