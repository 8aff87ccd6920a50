// Rows another view of the link group selected (input row positions of the primary data),
// marked with a ring on their events. The engine's index knows each event's lane but
// answers by time, so the lane of every row is asked once per index (one `select` per
// lane) and the time and value read from the data.
import { toMs } from "../common/options.js";
import { laneY } from "./layout.js";
import { markerSizeOf, modeOf } from "./options.js";

export const MAX_LINKED = 5_000_000; // rows of a linked selection that are marked (the engine's selection limit)

/** The lane of every row of the primary data (-1: not an event), kept on the index's data. */
export function rowLanes(primary) {
  if (primary.rowLanes) return primary.rowLanes;
  const { lanes, extent, rows } = primary.info;
  const out = new Int32Array(rows ?? primary.table.numRows).fill(-1);
  if (extent) {
    const all = lanes.map((_, i) => i);
    for (let lane = 0; lane < lanes.length; lane++) {
      const hidden = Uint32Array.from(all.filter((l) => l !== lane));
      for (const row of primary.index.select(extent[0], extent[1], hidden).rows) out[row] = lane;
    }
  }
  primary.rowLanes = out;
  return out;
}

/** A cell as epoch milliseconds: numbers, Dates, BigInts and ISO text (naive read as UTC). */
function msOf(v) {
  if (v === null || v === undefined) return NaN;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return toMs(v);
  return Number(v);
}

// Milliseconds per unit of Arrow's TimeUnit (SECOND, MILLISECOND, MICROSECOND, NANOSECOND).
const MS_PER_UNIT = [1000, 1, 1e-3, 1e-6];

/**
 * `row → epoch ms` for the time column `vec`. A timestamp column without nulls is read from
 * its 64-bit values directly (a million rows in milliseconds; `get` converts each through
 * a BigInt and a Date); anything else cell by cell.
 */
export function timeReader(vec) {
  const chunks = vec.data ?? [];
  const unit = MS_PER_UNIT[vec.type?.unit];
  const direct = /^Timestamp/.test(String(vec.type)) && unit !== undefined
    && chunks.every((c) => c.nullCount === 0 && c.values instanceof BigInt64Array);
  if (!direct) return (row) => msOf(vec.get(row));
  const starts = [];
  let at = 0;
  for (const c of chunks) {
    starts.push(at);
    at += c.length;
  }
  return (row) => {
    let k = chunks.length - 1;
    while (k > 0 && starts[k] > row) k--;
    return Number(chunks[k].values[row - starts[k]]) * unit;
  };
}

/**
 * The linked rows as points to mark: `{ rows, lane, t, v }` (`rows`: how
 * many were selected; typed arrays of lane, time in ms and value in values mode), rows
 * that are no event of this view left out, at most MAX_LINKED.
 */
export function linkedPoints(state, opt, rows) {
  const p = state.primary;
  const list = Array.from(rows ?? []).slice(0, MAX_LINKED);
  if (!p || !list.length) return null;
  const lanes = rowLanes(p);
  const column = p.table.getChild(String(opt("time_column")));
  const time = column ? timeReader(column) : null;
  const value = modeOf(opt) === "values" ? p.table.getChild(String(opt("value_column"))) : null;
  const lane = new Int32Array(list.length);
  const t = new Float64Array(list.length);
  const v = new Float64Array(list.length);
  let n = 0;
  for (const row of list) {
    if (!(row >= 0 && row < lanes.length) || lanes[row] < 0 || !time) continue;
    const ms = time(row);
    if (!Number.isFinite(ms)) continue;
    lane[n] = lanes[row];
    t[n] = ms;
    v[n] = value ? Number(value.get(row)) : NaN;
    n++;
  }
  return { rows: list.length, lane: lane.subarray(0, n), t: t.subarray(0, n), v: v.subarray(0, n) };
}

/**
 * Rings around the linked points in view, in `colour`: one per lane and pixel column (per
 * pixel in values mode) at most, so what a frame draws is bounded by the plot, not by the
 * selection. Returns the rings drawn.
 */
export function drawLinked(ctx, state, opt, points, yv, colour) {
  if (!points || !points.t.length) return 0;
  const { plotW, plotH } = state.geom;
  const n = state.lanes.length;
  const r = (yv ? 4 : markerSizeOf(opt) / 2) + 3;
  const [d0, d1] = state.x.domain().map(Number);
  const perMs = plotW / (d1 - d0);
  const lo = d0 - r / perMs;
  const hi = d1 + r / perMs;
  const width = Math.ceil(plotW + 2 * r + 2);
  const taken = yv ? new Set() : new Uint8Array(Math.max(1, n) * width);
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.beginPath();
  let drawn = 0;
  // A pass over the points in plain arithmetic (a few nanoseconds each, so a million
  // points cost milliseconds), drawing at most one ring per spot.
  for (let k = 0; k < points.t.length; k++) {
    const time = points.t[k];
    if (time < lo || time > hi) continue;
    const lane = points.lane[k];
    if (state.hidden.has(lane)) continue;
    const px = (time - d0) * perMs;
    const column = Math.round(px + r + 1);
    let py;
    if (yv) {
      py = yv(Number.isFinite(points.v[k]) ? points.v[k] : 0);
      const key = column * 8192 + Math.max(0, Math.min(8191, Math.round(py)));
      if (taken.has(key)) continue;
      taken.add(key);
    } else {
      const key = lane * width + column;
      if (taken[key]) continue;
      taken[key] = 1;
      py = laneY(plotH, n, lane);
    }
    ctx.moveTo(px + r, py);
    ctx.arc(px, py, r, 0, 2 * Math.PI);
    drawn++;
  }
  ctx.stroke();
  ctx.restore();
  return drawn;
}
