// Renderers of the engine's level-of-detail bins on the plot's canvas: diamonds per event
// bin, bars, lines and circles per value bin, and duration spans per lane.
import { laneY } from "./layout.js";
import { colourOfBin, laneNumber } from "./model.js";
import { markerSizeOf, modeOf, sizeColumnOf } from "./options.js";

export const MAX_MARKER = 64; // pixels: the largest marker a size column can ask for

/**
 * The opacity of a marker of `count` events: darker the more it holds, as MSTICPy's
 * overlapping half-transparent glyphs are, but from 0.9 for one event (1 − 0.1·0.5^(k−1)):
 * MSTICPy's 0.5 halves a colour's contrast, and at 0.9 every palette colour still holds
 * 3:1 against both themes' backgrounds.
 */
export function markerAlpha(count) {
  return 1 - 0.1 * 0.5 ** (Math.min(Math.max(count, 1), 10) - 1);
}

/** A translucent bar per lane of data `d` from its first to its last event (duration mode). */
export function drawSpans(ctx, state, d, source, hidden) {
  const { plotW, plotH } = state.geom;
  const n = state.lanes.length;
  const lh = plotH / Math.max(1, n);
  for (const s of d.index.spans()) {
    if (hidden.includes(s.lane)) continue;
    const lane = laneNumber(state, source, s.lane);
    const x0 = state.x(s.first);
    const x1 = state.x(s.last);
    if (x1 < 0 || x0 > plotW) continue;
    ctx.globalAlpha = 0.4;
    ctx.fillStyle = state.lanes[lane].colour;
    ctx.fillRect(Math.max(-1, x0), laneY(plotH, n, lane) - 0.15 * lh, Math.max(2, Math.min(plotW + 1, x1) - Math.max(-1, x0)), 0.3 * lh);
  }
}

/**
 * The primary data's value bins as each of `kinds` ("line", "circle", else bars), on the
 * value scale `yv`, `colW` pixels a column.
 */
export function drawValues(ctx, state, opt, d, bins, kinds, yv, colW) {
  const n = bins.lane.length;
  const colour = (k) => colourOfBin(state, opt, d, bins, k);
  for (const kind of kinds) {
    ctx.globalAlpha = 0.7;
    if (kind === "line") {
      ctx.lineWidth = 2;
      let k = 0;
      while (k < n) {
        const lane = bins.lane[k];
        ctx.strokeStyle = colour(k);
        ctx.beginPath();
        let first = true;
        for (; k < n && bins.lane[k] === lane; k++) {
          if (Number.isNaN(bins.max[k])) continue;
          const px = (bins.column[k] + 0.5) * colW;
          const a = yv(bins.min[k]);
          const b = yv(bins.max[k]);
          if (first) ctx.moveTo(px, a);
          else ctx.lineTo(px, a);
          if (a !== b) ctx.lineTo(px, b);
          first = false;
        }
        ctx.stroke();
      }
      ctx.lineWidth = 1;
    } else if (kind === "circle") {
      for (let k = 0; k < n; k++) {
        if (Number.isNaN(bins.max[k])) continue;
        ctx.fillStyle = colour(k);
        const px = (bins.column[k] + 0.5) * colW;
        ctx.beginPath();
        ctx.arc(px, yv(bins.max[k]), 2, 0, 2 * Math.PI);
        if (bins.min[k] !== bins.max[k]) ctx.arc(px, yv(bins.min[k]), 2, 0, 2 * Math.PI);
        ctx.fill();
      }
    } else {
      const y0 = yv(0);
      for (let k = 0; k < n; k++) {
        if (Number.isNaN(bins.max[k])) continue;
        ctx.fillStyle = colour(k);
        const px = bins.column[k] * colW + colW / 2 - 1;
        const top = yv(Math.max(0, bins.max[k]));
        const bottom = yv(Math.min(0, bins.min[k]));
        ctx.fillRect(px, Math.min(top, y0), 2, Math.max(1, Math.abs(bottom - top)));
      }
    }
  }
  ctx.globalAlpha = 1;
}

/**
 * A diamond per bin of data `d`, in its lane (on the zero line of `yv` when given), darker
 * the more events it holds, `colW` pixels a column. Diamonds are `size` pixels wide (5 in
 * duration mode); in events mode with a size column, each of the primary data's bins is
 * drawn at its largest size-column value (1 to 64 pixels). Returns the largest of those
 * (0 without them).
 */
export function drawMarkers(ctx, state, opt, d, source, bins, yv, colW) {
  const m = modeOf(opt);
  const size = m === "duration" ? 5 : markerSizeOf(opt);
  const sized = m === "events" && sizeColumnOf(opt) !== null && d === state.primary;
  let largest = 0;
  const n = bins.lane.length;
  const { plotH } = state.geom;
  const laneCount = state.lanes.length;
  // One path per colour and opacity, filled once: a million events make at most
  // lanes × columns markers, and one fill per marker would dominate the frame.
  const batches = new Map();
  for (let k = 0; k < n; k++) {
    const lane = laneNumber(state, source, bins.lane[k]);
    // The overlay in values mode sits on the zero line.
    const py = yv ? yv(0) : laneY(plotH, laneCount, lane);
    const px = (bins.column[k] + 0.5) * colW;
    const colour = colourOfBin(state, opt, d, bins, k);
    const alpha = markerAlpha(bins.count[k]);
    const key = `${alpha} ${colour}`;
    let batch = batches.get(key);
    if (!batch) {
      batch = { alpha, colour, path: new Path2D() };
      batches.set(key, batch);
    }
    const path = batch.path;
    let ks = size;
    if (sized && Number.isFinite(bins.max[k])) {
      ks = Math.min(MAX_MARKER, Math.max(1, bins.max[k]));
      if (ks > largest) largest = ks;
    }
    // No closePath: fill closes each subpath, and Path2D's closePath grows costly.
    const r = ks / 2;
    path.moveTo(px, py - r);
    path.lineTo(px + r, py);
    path.lineTo(px, py + r);
    path.lineTo(px - r, py);
  }
  // Faint (single-event) markers first, so dense bins stay on top.
  for (const b of [...batches.values()].sort((x, y) => x.alpha - y.alpha)) {
    ctx.globalAlpha = b.alpha;
    ctx.fillStyle = b.colour;
    ctx.fill(b.path);
  }
  ctx.globalAlpha = 1;
  return largest;
}
