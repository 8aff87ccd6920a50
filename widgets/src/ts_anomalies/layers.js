// Canvas renderers of one layer each: the observed points and the baseline (through the
// per-column summaries of aggregate.js), anomaly markers in MSTICPy's shapes, rings
// around selected points, and dots on the score line. Markers are drawn at most once per
// pixel column and sign, so a frame costs the same with ten anomalies or a million.
import { RUN, fillPoints, strokeLine } from "./aggregate.js";

export const ANOMALY_SIZE = 12; // MSTICPy's anomaly marker size
export const POINT_SIZE = 3;

// Where there is no 2D context (a DOM stand-in), drawing does nothing.
const NO_CONTEXT = new Proxy({}, { get: () => () => {}, set: () => true });

/** The canvas's 2D context, cleared, scaled to CSS pixels and moved to the plot's origin. */
export function plotContext(canvas, geom, dpr) {
  const ctx = canvas.getContext?.("2d");
  if (!ctx) return NO_CONTEXT;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, canvas.width / dpr, canvas.height / dpr);
  ctx.translate(geom.left, geom.top);
  return ctx;
}

/** The observed values as a point cloud. */
export function drawObserved(ctx, agg, y, colour) {
  ctx.fillStyle = colour;
  fillPoints(ctx, agg, y, POINT_SIZE);
}

/** A line through per-column summaries `agg`. */
export function drawLine(ctx, agg, y, colour, width = 1.5) {
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.lineJoin = "round";
  strokeLine(ctx, agg, y);
}

/** Adds MSTICPy's anomaly marker `kind` ("circle_x", "cross", "diamond", "diamond_cross") at (x, y) to the path. */
export function markerPath(ctx, kind, x, y, size) {
  const r = size / 2;
  const cross = (d) => {
    ctx.moveTo(x - d, y);
    ctx.lineTo(x + d, y);
    ctx.moveTo(x, y - d);
    ctx.lineTo(x, y + d);
  };
  if (kind === "cross") return cross(r);
  if (kind === "diamond" || kind === "diamond_cross") {
    ctx.moveTo(x, y - r);
    ctx.lineTo(x + r, y);
    ctx.lineTo(x, y + r);
    ctx.lineTo(x - r, y);
    ctx.closePath();
    if (kind === "diamond_cross") cross(r);
    return;
  }
  ctx.moveTo(x + r, y);
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  const d = r * Math.SQRT1_2;
  ctx.moveTo(x - d, y - d);
  ctx.lineTo(x + d, y + d);
  ctx.moveTo(x - d, y + d);
  ctx.lineTo(x + d, y - d);
}

/**
 * Calls `each(k, px)` for the points `k` of ascending list `points` between times d0 and
 * d1 that `accept(k)`, once per pixel column (so a frame draws at most one per column);
 * `px` is the point's x in plot pixels.
 */
export function forEachVisible(points, times, d0, d1, msPerPx, accept, each) {
  let lastCol = NaN;
  for (let i = firstAt(points, times, d0); i < points.length; i++) {
    const k = points[i];
    const t = times[k];
    if (t > d1) break;
    if (!accept(k)) continue;
    const px = (t - d0) / msPerPx;
    const col = Math.round(px);
    if (col === lastCol) continue;
    lastCol = col;
    each(k, px);
  }
}

// The first position of ascending point list `points` whose time is ≥ t.
function firstAt(points, times, t) {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[points[mid]] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Adds shapes to the path in runs of RUN, painting each run with `paint()` (see RUN).
function inRuns(ctx, paint) {
  let n = 0;
  ctx.beginPath();
  return {
    added() {
      if (++n % RUN === 0) {
        paint();
        ctx.beginPath();
      }
    },
    done: paint,
  };
}

// Markers are stamped from a small canvas drawn once per shape and colour: thousands of
// stroked, anti-aliased paths a frame are what a software canvas rasterises slowest.
const sprites = new Map();

/** A canvas holding one marker (`draw(ctx, centre)` paints it), `size` CSS pixels square, or null. */
export function sprite(key, size, dpr, draw) {
  const id = `${key}|${size}|${dpr}`;
  if (sprites.has(id)) return sprites.get(id);
  const c = typeof document === "undefined" ? null : document.createElement("canvas");
  const ctx = c?.getContext?.("2d");
  if (!ctx) return null;
  c.width = Math.ceil(size * dpr);
  c.height = Math.ceil(size * dpr);
  ctx.scale(dpr, dpr);
  draw(ctx, size / 2);
  if (sprites.size > 64) sprites.clear();
  sprites.set(id, c);
  return c;
}

function markerSprite(kind, colour, dpr) {
  const size = ANOMALY_SIZE + 4;
  return sprite(`${kind}|${colour}`, size, dpr, (ctx, c) => {
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    markerPath(ctx, kind, c, c, ANOMALY_SIZE);
    ctx.globalAlpha = 0.2;
    if (kind !== "cross") ctx.fill();
    ctx.globalAlpha = 1;
    ctx.stroke();
  });
}

// Stamps `img` centred at each (x, y) that `each(add)` adds; the same as paths without one.
function stamp(ctx, img, each, path, paint, dpr = 1) {
  if (img) {
    const s = img.width / dpr;
    const h = s / 2;
    each((x, y) => ctx.drawImage(img, x - h, y - h, s, s));
    return;
  }
  const runs = inRuns(ctx, paint);
  each((x, y) => {
    path(x, y);
    runs.added();
  });
  runs.done();
}

/**
 * The anomaly markers of `anomalies` (points, ascending) on the main plot: +1 in
 * `colours.high`, −1 in `colours.low`, each at its observed value; layers in `hidden` skipped.
 */
export function drawAnomalies(ctx, view, y, kind, colours, hidden, dpr = 1) {
  const { series, flags, anomalies, d0, d1, msPerPx } = view;
  for (const sign of [1, -1]) {
    if (hidden.has(sign > 0 ? "high" : "low")) continue;
    const colour = sign > 0 ? colours.high : colours.low;
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = 1.5;
    const accept = (k) => flags[k] === sign && series.values[k] === series.values[k];
    const each = (add) => forEachVisible(anomalies, series.times, d0, d1, msPerPx, accept, (k, px) => add(px, y(series.values[k])));
    stamp(ctx, markerSprite(kind, colour, dpr), each, (px, py) => markerPath(ctx, kind, px, py, ANOMALY_SIZE), () => {
      ctx.globalAlpha = 0.2;
      if (kind !== "cross") ctx.fill();
      ctx.globalAlpha = 1;
      ctx.stroke();
    }, dpr);
  }
}

/** Dots on the score line at flagged points, coloured by sign. */
export function drawScoreFlags(ctx, view, y, colours, hidden, dpr = 1) {
  const { series, flags, anomalies, d0, d1, msPerPx } = view;
  for (const sign of [1, -1]) {
    if (hidden.has(sign > 0 ? "high" : "low")) continue;
    const colour = sign > 0 ? colours.high : colours.low;
    ctx.fillStyle = colour;
    const accept = (k) => flags[k] === sign && series.score[k] === series.score[k];
    const each = (add) => forEachVisible(anomalies, series.times, d0, d1, msPerPx, accept, (k, px) => add(px, y(series.score[k])));
    const dot = sprite(`dot|${colour}`, 8, dpr, (c, r) => {
      c.fillStyle = colour;
      c.beginPath();
      c.arc(r, r, 3, 0, 2 * Math.PI);
      c.fill();
    });
    stamp(ctx, dot, each, (px, s) => {
      ctx.moveTo(px + 3, s);
      ctx.arc(px, s, 3, 0, 2 * Math.PI);
    }, () => ctx.fill(), dpr);
  }
}

/** Rings around points `points` (ascending) at `valueOf(k)`; one per pixel column. */
export function drawRings(ctx, points, view, y, valueOf, colour, width = 2, radius = 7) {
  const { series, d0, d1, msPerPx } = view;
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  const runs = inRuns(ctx, () => ctx.stroke());
  forEachVisible(points, series.times, d0, d1, msPerPx, (k) => valueOf(k) === valueOf(k), (k, px) => {
    const v = y(valueOf(k));
    ctx.moveTo(px + radius, v);
    ctx.arc(px, v, radius, 0, 2 * Math.PI);
    runs.added();
  });
  runs.done();
}
