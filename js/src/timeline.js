// Timeline views: an index of events built once, then per-frame level-of-detail bins,
// hit-tests, brush selections and per-lane spans. Times are milliseconds since the epoch
// (numbers), or Dates / ISO strings where a time is passed in.
import { toInputBytes } from "./data.js";
import { HuntkitError, call } from "./error.js";
import { wasm } from "./wasm.js";

function ms(t, what) {
  const v = t instanceof Date ? t.getTime() : typeof t === "string" ? Date.parse(t) : Number(t);
  if (!Number.isFinite(v)) throw new HuntkitError("invalid_option", `${what} is not a time: ${String(t)}`);
  return v;
}

function lanes(hidden) {
  return hidden instanceof Uint32Array ? hidden : Uint32Array.from(hidden ?? []);
}

/** A sorted, binned index of one data set's events. Free it with `free()` when done. */
export class TimelineIndex {
  #raw;

  constructor(raw) {
    this.#raw = raw;
  }

  /** Rows, indexed events, skipped rows, lane and colour labels, time extent (ms). */
  info() {
    return call(() => this.#raw.info());
  }

  /** The extent widened by `fraction` of its span each side (MSTICPy: 0.1 main, 0.15 range). */
  paddedExtent(fraction = 0.1) {
    const e = call(() => this.#raw.paddedExtent(fraction));
    return e ? [e[0], e[1]] : null;
  }

  /** Events per (lane, pixel column) of `[start, end)` over `width` columns. */
  bin(start, end, width, hidden = []) {
    return call(() => this.#raw.bin(ms(start, "start"), ms(end, "end"), width >>> 0, lanes(hidden)));
  }

  /** Rows nearest to `time` in `lane`, nearest first, within `tolerance` ms. */
  hit(lane, time, tolerance, limit = 10) {
    return call(() => this.#raw.hit(lane >>> 0, ms(time, "time"), Number(tolerance), limit >>> 0));
  }

  /** Rows in `[start, end]`, outside the `hidden` lanes, in input order. */
  select(start, end, hidden = []) {
    return call(() => this.#raw.select(ms(start, "start"), ms(end, "end"), lanes(hidden)));
  }

  /** First and last time (ms) and counts of each non-empty lane. */
  spans() {
    return call(() => this.#raw.spans());
  }

  /** Releases the index's memory in the wasm instance. */
  free() {
    if (this.#raw) this.#raw.free();
    this.#raw = null;
  }
}

/**
 * Indexes `data` for a timeline: `timeColumn` (default "TimeGenerated"), `groupBy` (lanes),
 * `colorColumn`, `valueColumn` (values mode), `endTimeColumn` (duration mode), `compat`,
 * `limits`, and `read` options for CSV/JSON input.
 */
export function timelineIndex(data, options = {}) {
  const bytes = toInputBytes(data);
  const { output: _output, ...rest } = options ?? {};
  if (typeof rest.groupBy === "string") rest.groupBy = [rest.groupBy];
  return new TimelineIndex(call(() => new (wasm().TimelineIndex)(bytes, rest)));
}
