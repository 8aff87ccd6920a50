// Level of detail: a frame draws at most a few values per pixel column, however many
// points are in view. Points of one column are reduced to their first, last, lowest and
// highest value (the M4 reduction), which draws the same line and the same point cloud
// as every point would, in time proportional to the points in view once and to the
// width after that.

/**
 * Per-column summaries of `values` at ascending `times`, for points [k0, k1) drawn on
 * `width` columns from time `t0`, `msPerPx` milliseconds a column: `{ width, count,
 * first, last, min, max }` (NaN values are skipped; a column without any has count 0).
 */
export function aggregate(times, values, k0, k1, t0, msPerPx, width) {
  const count = new Uint32Array(width);
  const first = new Float64Array(width).fill(NaN);
  const last = new Float64Array(width).fill(NaN);
  const min = new Float64Array(width).fill(Infinity);
  const max = new Float64Array(width).fill(-Infinity);
  const inv = 1 / msPerPx;
  for (let k = k0; k < k1; k++) {
    const v = values[k];
    if (v !== v) continue; // NaN
    const c = Math.floor((times[k] - t0) * inv);
    if (c < 0 || c >= width) continue;
    if (count[c]++ === 0) first[c] = v;
    last[c] = v;
    if (v < min[c]) min[c] = v;
    if (v > max[c]) max[c] = v;
  }
  return { width, count, first, last, min, max };
}

/** The lowest and highest value of summaries `aggs` (any of them null is skipped), or null. */
export function extentOf(...aggs) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of aggs) {
    if (!a) continue;
    for (let c = 0; c < a.width; c++) {
      if (!a.count[c]) continue;
      if (a.min[c] < lo) lo = a.min[c];
      if (a.max[c] > hi) hi = a.max[c];
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

// Software canvases (no GPU) stroke one long zig-zag path very slowly: 5,000 vertices
// 1.5 pixels wide cost 150 ms, the same in runs of 64 under 10 ms. Paths are stroked in
// runs of this many segments.
export const RUN = 64;

/**
 * Strokes a line through summaries `a`: per column, its first, lowest, highest and last
 * value, joined to the next column that has any; `y` maps a value to pixels, columns sit
 * at `x0 + column + 0.5`. The path is stroked (with the context's current style) in runs
 * of RUN segments, each starting where the last ended.
 */
export function strokeLine(ctx, a, y, x0 = 0) {
  let drawing = false;
  let segments = 0;
  let lx = 0;
  let ly = 0;
  const to = (px, py) => {
    ctx.lineTo(px, py);
    lx = px;
    ly = py;
    if (++segments % RUN === 0) {
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(lx, ly);
    }
  };
  ctx.beginPath();
  for (let c = 0; c < a.width; c++) {
    if (!a.count[c]) continue;
    const px = x0 + c + 0.5;
    if (drawing) to(px, y(a.first[c]));
    else {
      ctx.moveTo(px, y(a.first[c]));
      lx = px;
      ly = y(a.first[c]);
    }
    drawing = true;
    if (a.count[c] > 1) {
      to(px, y(a.min[c]));
      to(px, y(a.max[c]));
      to(px, y(a.last[c]));
    }
  }
  ctx.stroke();
}

/**
 * Fills the point cloud of summaries `a` (with the context's fill style): a dot of `size`
 * pixels for a column holding one point, a bar from its lowest to its highest value for a
 * column holding more.
 */
export function fillPoints(ctx, a, y, size, x0 = 0) {
  const half = size / 2;
  for (let c = 0; c < a.width; c++) {
    if (!a.count[c]) continue;
    const px = x0 + c + 0.5;
    const top = y(a.max[c]);
    const bottom = y(a.min[c]);
    ctx.fillRect(px - half, top - half, size, Math.max(size, bottom - top + size));
  }
}
