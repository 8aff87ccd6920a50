// Stand-ins for the engine in the view modules' unit tests: a timeline index over a list of
// events that answers bin, hit, select and spans the way the engine's index does (simply,
// without level-of-detail structures), and an engine that hands out such indexes.
import * as arrow from "apache-arrow";
import { toInputBytes } from "../../js/dist/index.js";
import { installDom } from "./fake-dom.mjs";

/**
 * An index over `events` (`[{ t, lane?, value?, colour? }]`, row = position in the list).
 * `lanes` and `colours` are the labels `info()` reports.
 */
export function fakeIndex(events, { lanes = ["unnamed"], colours } = {}) {
  const rows = events.map((e, row) => ({ lane: 0, colour: 0, value: NaN, ...e, row }));
  const shown = (hidden) => rows.filter((e) => !Array.from(hidden ?? []).includes(e.lane));
  return {
    freed: false,
    info: () => ({
      lanes,
      colours,
      events: rows.length,
      rows: rows.length,
      extent: rows.length ? [Math.min(...rows.map((e) => e.t)), Math.max(...rows.map((e) => e.t))] : null,
    }),
    paddedExtent(fraction) {
      if (!rows.length) return null;
      const lo = Math.min(...rows.map((e) => e.t));
      const hi = Math.max(...rows.map((e) => e.t));
      const pad = (hi - lo) * fraction;
      return [lo - pad, hi + pad];
    },
    bin(t0, t1, width, hidden) {
      const cells = new Map();
      let visible = 0;
      for (const e of shown(hidden)) {
        if (e.t < t0 || e.t >= t1) continue;
        visible++;
        const column = Math.min(width - 1, Math.floor(((e.t - t0) / (t1 - t0)) * width));
        const key = `${e.lane} ${column}`;
        const cell = cells.get(key) ?? { lane: e.lane, column, count: 0, min: NaN, max: NaN, colour: e.colour };
        cell.count++;
        if (!Number.isNaN(e.value)) {
          cell.min = Number.isNaN(cell.min) ? e.value : Math.min(cell.min, e.value);
          cell.max = Number.isNaN(cell.max) ? e.value : Math.max(cell.max, e.value);
        }
        cells.set(key, cell);
      }
      const list = [...cells.values()].sort((a, b) => a.lane - b.lane || a.column - b.column);
      const col = (k, Type) => Type.from(list, (c) => c[k]);
      return {
        lane: col("lane", Uint32Array),
        column: col("column", Uint32Array),
        count: col("count", Uint32Array),
        colour: col("colour", Uint32Array),
        min: col("min", Float64Array),
        max: col("max", Float64Array),
        visible,
      };
    },
    hit(lane, t, tolerance, limit) {
      return rows
        .filter((e) => e.lane === lane && Math.abs(e.t - t) <= tolerance)
        .sort((a, b) => Math.abs(a.t - t) - Math.abs(b.t - t))
        .slice(0, limit)
        .map((e) => e.row);
    },
    select(t0, t1, hidden) {
      return { rows: shown(hidden).filter((e) => e.t >= t0 && e.t <= t1).map((e) => e.row), truncated: false };
    },
    spans() {
      const out = new Map();
      for (const e of rows) {
        const s = out.get(e.lane) ?? { lane: e.lane, first: e.t, last: e.t, count: 0 };
        s.count++;
        s.first = Math.min(s.first, e.t);
        s.last = Math.max(s.last, e.t);
        out.set(e.lane, s);
      }
      return [...out.values()];
    },
    free() {
      this.freed = true;
    },
  };
}

/** An engine whose `timelineIndex` returns `indexes` in turn and records its calls. */
export function fakeEngine(...indexes) {
  const calls = [];
  return {
    calls,
    timelineIndex(ipc, options) {
      calls.push({ ipc, options });
      return indexes[Math.min(calls.length - 1, indexes.length - 1)];
    },
    toArrow() {
      throw new Error("this fake engine reads Arrow only");
    },
    toInputBytes,
    arrow,
  };
}

/**
 * A 2D context that records every call and property set, as `[name, ...args]`; it
 * measures text at 6.2 pixels a character.
 */
export function recordingContext() {
  const calls = [];
  return new Proxy(
    { calls, measureText: (s) => ({ width: String(s).length * 6.2 }) },
    {
      get(target, name) {
        if (name in target) return target[name];
        return (...args) => calls.push([name, ...args]);
      },
      set(target, name, value) {
        calls.push([`${String(name)}=`, value]);
        return true;
      },
    },
  );
}

/** Installs a fresh fake document (fake-dom.mjs) whose canvases get recording 2D contexts; returns it. */
export function installCanvasDom() {
  const doc = installDom();
  const make = doc.createElement;
  doc.createElement = (tag) => {
    const node = make(tag);
    if (tag === "canvas") {
      const ctx = recordingContext();
      node.getContext = () => ctx;
    }
    return node;
  };
  return doc;
}

/** A Path2D that records its segments, for canvases under Node. */
export class RecordingPath {
  constructor() {
    this.segments = [];
  }
  moveTo(x, y) {
    this.segments.push(["M", x, y]);
  }
  lineTo(x, y) {
    this.segments.push(["L", x, y]);
  }
}
