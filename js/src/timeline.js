// Timeline views: an index of events built once, then per-frame level-of-detail bins,
// hit-tests, brush selections and per-lane spans. Times are milliseconds since the epoch
// (numbers), or Dates / ISO strings where a time is passed in.
import { number, optionsJSON, optionsObject } from "./boundary.js";
import { toInputBytes } from "./data.js";
import { HuntkitError, call, guard } from "./error.js";
import { Held, wasm } from "./wasm.js";

function ms(t, what) {
  const v = t instanceof Date ? t.getTime() : typeof t === "string" ? Date.parse(t) : Number(t);
  if (!Number.isFinite(v)) throw new HuntkitError("invalid_option", `${what} is not a time: ${String(t)}`);
  return v;
}

// The widest bin request: far past any screen, far below what would exhaust memory.
const MAX_WIDTH = 1 << 16;
const MAX_LANES = 1 << 20;

function lanes(hidden) {
  if (hidden instanceof Uint32Array) return hidden;
  if (hidden === undefined || hidden === null) return new Uint32Array(0);
  if (!Array.isArray(hidden) || hidden.length > MAX_LANES) {
    throw new HuntkitError("invalid_option", "hidden must be an array of lane numbers");
  }
  return Uint32Array.from(hidden, (v, i) => number(v, `hidden[${i}]`, { integer: true, min: 0, max: 2 ** 32 - 1 }));
}

const uint = (v, what, max = 2 ** 32 - 1) => number(v, what, { integer: true, min: 0, max });

// Indexes are made through `timelineIndex` only.
const token = Symbol("TimelineIndex");

/** A sorted, binned index of one data set's events. Free it with `free()` when done. */
export class TimelineIndex {
  #raw;

  constructor(raw, made) {
    if (made !== token) throw new HuntkitError("invalid_input", "use timelineIndex() to make a TimelineIndex");
    this.#raw = new Held(raw, "timeline index");
  }


  /** Rows, indexed events, skipped rows, lane and colour labels, time extent (ms). */
  info() {
    return call(() => this.#raw.get().info());
  }

  /** The extent widened by `fraction` of its span each side (MSTICPy: 0.1 main, 0.15 range). */
  paddedExtent(fraction = 0.1) {
    const f = guard(() => number(fraction, "paddedExtent's fraction", { min: 0, max: 1e6 }));
    const e = call(() => this.#raw.get().paddedExtent(f));
    return e ? [e[0], e[1]] : null;
  }

  /** Events per (lane, pixel column) of `[start, end)` over `width` columns. */
  bin(start, end, width, hidden = []) {
    const args = guard(() => [ms(start, "start"), ms(end, "end"), uint(width, "bin's width", MAX_WIDTH), lanes(hidden)]);
    return call(() => this.#raw.get().bin(...args));
  }

  /** Rows nearest to `time` in `lane`, nearest first, within `tolerance` ms. */
  hit(lane, time, tolerance, limit = 10) {
    const args = guard(() => [
      uint(lane, "hit's lane"),
      ms(time, "time"),
      number(tolerance, "hit's tolerance", { min: 0 }),
      uint(limit, "hit's limit", 1_000_000),
    ]);
    return call(() => this.#raw.get().hit(...args));
  }

  /** Rows in `[start, end]`, outside the `hidden` lanes, in input order. */
  select(start, end, hidden = []) {
    const args = guard(() => [ms(start, "start"), ms(end, "end"), lanes(hidden)]);
    return call(() => this.#raw.get().select(...args));
  }

  /** First and last time (ms) and counts of each non-empty lane. */
  spans() {
    return call(() => this.#raw.get().spans());
  }

  /** Releases the index's memory in the wasm instance. */
  free() {
    this.#raw.free();
  }
}

/**
 * Indexes `data` for a timeline: `timeColumn` (default "TimeGenerated"), `groupBy` (lanes),
 * `colorColumn`, `valueColumn` (values mode), `endTimeColumn` (duration mode), `compat`,
 * `limits`, and `read` options for CSV/JSON input.
 */
export function timelineIndex(data, options = {}) {
  const [bytes, json] = guard(() => {
    const o = { ...optionsObject(options, "timelineIndex") };
    if (typeof o.groupBy === "string") o.groupBy = [o.groupBy];
    return [toInputBytes(data), optionsJSON(o, "timelineIndex", ["output"])];
  });
  return new TimelineIndex(call(() => new (wasm().TimelineIndex)(bytes, json)), token);
}
