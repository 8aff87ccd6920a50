// Threat-intelligence lookups against local feeds, offline: plain indicator lists (ipsum),
// CSV with a column mapping, MISP warning lists, MISP events and STIX 2.1 bundles, handed
// to the wasm once and held there by a `TiFeeds`. Results carry MSTICPy's TI result
// columns (Ioc, IocType, Provider, Result, Severity, Details, RawResult, Reference) and
// SourceIndex, the input row.
import { optionsJSON, text } from "./boundary.js";
import { output, toInputBytes } from "./data.js";
import { HuntkitError, call, guard } from "./error.js";
import { Held, wasm } from "./wasm.js";

// Far more indicators than a notebook holds, far fewer than would exhaust the instance.
const MAX_VALUES = 50_000_000;
const encoder = new TextEncoder();

function feedBytes(feed) {
  if (typeof feed === "string") return encoder.encode(feed);
  if (feed instanceof ArrayBuffer) return new Uint8Array(feed);
  if (feed instanceof Uint8Array) return feed;
  if (ArrayBuffer.isView(feed)) return new Uint8Array(feed.buffer, feed.byteOffset, feed.byteLength);
  throw new HuntkitError("invalid_input", "a feed is its text or its bytes (string, Uint8Array or ArrayBuffer)");
}

/**
 * Feeds read into one lookup index. Free it with `free()` when done.
 *
 *   const feeds = new TiFeeds([ipsumText, [rfc1918Json, { kind: "misp-warninglist" }]]);
 *   feeds.lookup(events, { column: "SrcIp" });      // an Arrow Table
 *   feeds.lookup(["77.90.185.20", "10.0.0.1"]);     // an Arrow Table
 *   feeds.lookupValue("77.90.185[.]20");            // an array of result objects
 */
export class TiFeeds {
  #raw;

  /**
   * `feeds`: feeds to read now, each its text or bytes, or a `[feed, options]` pair;
   * `options` apply to every feed given here (see `add`).
   */
  constructor(feeds = [], options = {}) {
    this.#raw = new Held(call(() => new (wasm().TiFeeds)()), "TI feed set");
    const list = guard(() => {
      if (!Array.isArray(feeds)) throw new HuntkitError("invalid_input", "TiFeeds takes an array of feeds");
      return feeds;
    });
    for (const feed of list) {
      if (Array.isArray(feed)) this.add(feed[0], { ...options, ...(feed[1] ?? {}) });
      else this.add(feed, options);
    }
  }

  /**
   * Reads one more feed (its text or bytes). Options: `kind` ("plain", "csv",
   * "misp-warninglist", "misp-event", "stix"; told from the content when not given),
   * `name`, `severity`, `highScore`, `iocType`, the CSV columns `valueColumn`,
   * `typeColumn`, `scoreColumn`, `severityColumn`, `referenceColumn`, and the limits
   * `maxFeedBytes`, `maxEntries`, `maxLineBytes`. Returns `{ name, kind, entries,
   * skipped, benign }`; a bad feed fails with `invalid_feed` or `limit_exceeded`.
   */
  add(feed, options = {}) {
    const [bytes, json] = guard(() => [feedBytes(feed), optionsJSON(options, "TiFeeds.add")]);
    return call(() => this.#raw.get().add(bytes, json));
  }

  /** What each feed holds: `{ name, kind, entries, skipped, benign }`. */
  get feeds() {
    return call(() => this.#raw.get().feeds());
  }

  /**
   * Looks indicators up: `data` is a table (anything `toInputBytes` takes: Arrow, CSV or
   * JSON text, an array of objects) read at `options.column` (default: its only column,
   * or its `Ioc` column), or an array of strings. Returns an Arrow `Table` (plain objects
   * with `{ output: "objects" }`) with MSTICPy's TI result columns and `SourceIndex`.
   * Options: `column`, `typeColumn`, `iocType`, `includeMisses`, `maxResults`, `read`.
   */
  lookup(data, options = {}) {
    const strings = Array.isArray(data) && data.every((v) => v === null || v === undefined || typeof v === "string");
    if (strings) {
      const [values, json] = guard(() => {
        if (data.length > MAX_VALUES) throw new HuntkitError("limit_exceeded", `more than ${MAX_VALUES} indicators in one call`);
        if (options?.typeColumn !== undefined) throw new HuntkitError("invalid_option", "typeColumn needs a table");
        return [JSON.stringify(data.map((v) => (typeof v === "string" ? v : null))), optionsJSON(options, "TiFeeds.lookup", ["output"])];
      });
      return output(call(() => this.#raw.get().lookupValues(values, json)), options);
    }
    const [bytes, json] = guard(() => [toInputBytes(data), optionsJSON(options, "TiFeeds.lookup", ["output"])]);
    return output(call(() => this.#raw.get().lookupTable(bytes, json)), options);
  }

  /**
   * Looks up one indicator: an array of `{ Ioc, IocType, Provider, Result, Severity,
   * Details, RawResult, Reference }`, one per feed that lists it.
   */
  lookupValue(value, iocType) {
    const [v, t] = guard(() => [text(value, "lookupValue's indicator"), iocType === undefined ? undefined : text(iocType, "lookupValue's iocType")]);
    return call(() => this.#raw.get().lookupValue(v, t));
  }

  /** Releases the feeds' memory in the wasm instance. */
  free() {
    this.#raw.free();
  }
}
