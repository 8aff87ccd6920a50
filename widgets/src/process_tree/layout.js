// Geometry: one row per shown process, indented by level as MSTICPy lays the tree out
// (x = level, y = row), a box per process, and the overview strip on the right. Pure
// arithmetic: the other modules draw and hit-test with it.

export const ROW_H = 35; // MSTICPy shows height / 35 rows
export const BOX_H = 32; // 0.95 of a row, less a pixel for the selection outline
export const TOGGLE_W = 16; // the collapse arrow at a box's left
export const MAP_W = 90; // MSTICPy's range tool is 90 px wide
export const LEGEND_W = 170;
const PAD = 6;

/**
 * Sizes for a view `width` × `height` pixels (the tree and its overview; the toolbar and
 * title are above it) with levels 0..`maxDepth`, and a legend when `legend` is true:
 * `{ plotW, plotH, mapW, legendW, indent, boxW, contentW }`.
 */
export function geometry({ width, height, maxDepth, legend }) {
  const legendW = legend ? LEGEND_W : 0;
  // The view's padding (8), the plot's and the strip's borders (4), the gaps between (4 each).
  const chrome = 8 + 4 + 4 + (legend ? 4 : 0);
  const plotW = Math.max(120, Math.floor(width - MAP_W - legendW - chrome));
  const plotH = Math.max(ROW_H * 2, Math.floor(height));
  const levels = maxDepth + 1;
  // MSTICPy: levels + 3 units across the plot, a box 3.5 units wide; boxes here get what
  // the indents leave (the command lines need the room), within readable limits.
  const indent = Math.max(18, Math.min(90, Math.floor(plotW / (levels + 3))));
  const boxW = Math.max(220, Math.min(640, plotW - (levels - 1) * indent - 2 * PAD));
  const contentW = PAD * 2 + (levels - 1) * indent + boxW;
  return { plotW, plotH, mapW: MAP_W, legendW, indent, boxW, contentW };
}

/** Left edge of a box at `depth`, in content pixels. */
export const boxX = (g, depth) => PAD + depth * g.indent;

/** Top of the box at list position `k`, in content pixels. */
export const boxY = (k) => k * ROW_H + (ROW_H - BOX_H) / 2;

/** The largest vertical and horizontal scroll for `count` rows. */
export function scrollLimits(g, count) {
  return { y: Math.max(0, count * ROW_H + PAD - g.plotH), x: Math.max(0, g.contentW - g.plotW) };
}

/** `{ y, x }` clamped to the scroll limits. */
export function clampScroll(g, count, y, x) {
  const lim = scrollLimits(g, count);
  return { y: Math.max(0, Math.min(lim.y, y)), x: Math.max(0, Math.min(lim.x, x)) };
}

/** The first and last list positions with any part on screen at scroll `y`. */
export function rowsOnScreen(g, count, y) {
  const first = Math.max(0, Math.floor(y / ROW_H));
  const last = Math.min(count - 1, Math.floor((y + g.plotH) / ROW_H));
  return [first, last];
}

/**
 * What is under plot point (`px`, `py`) at scroll (`sx`, `sy`): `{ k, part }` where k is
 * a list position and part "toggle", "box" or null (beside the box), or null off the list.
 */
export function hitTest(g, v, sx, sy, px, py) {
  const cy = py + sy;
  const k = Math.floor(cy / ROW_H);
  if (k < 0 || k >= v.count) return null;
  const i = v.list[k];
  const x = boxX(g, v.s.depth[i]);
  const cx = px + sx;
  const top = boxY(k);
  if (cy < top || cy > top + BOX_H || cx < x || cx > x + g.boxW) return { k, part: null };
  return { k, part: cx < x + TOGGLE_W && v.s.end[i] > i + 1 ? "toggle" : "box" };
}

/** List positions whose boxes meet the content rectangle [x0, x1] × [y0, y1]. */
export function boxesIn(g, v, x0, y0, x1, y1) {
  const out = [];
  const first = Math.max(0, Math.floor(Math.min(y0, y1) / ROW_H));
  const last = Math.min(v.count - 1, Math.floor(Math.max(y0, y1) / ROW_H));
  const left = Math.min(x0, x1);
  const right = Math.max(x0, x1);
  const top = Math.min(y0, y1);
  const bottom = Math.max(y0, y1);
  for (let k = first; k <= last; k++) {
    const x = boxX(g, v.s.depth[v.list[k]]);
    const y = boxY(k);
    if (x <= right && x + g.boxW >= left && y <= bottom && y + BOX_H >= top) out.push(k);
  }
  return out;
}
