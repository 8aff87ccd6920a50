// Box colours, as MSTICPy's `_create_fill_map` picks them: by level (viridis over the
// levels) without `legend_col`; by a text or boolean column, one viridis colour per value
// (a categorical legend); by a number or time column, viridis over its range (a colour
// bar). Colours are made here from the palette, never taken from the data.
import { interpolateRgbBasis } from "d3-interpolate";
import { categoriesOf, columnKind, numbersOf } from "./data.js";

const RAMP = interpolateRgbBasis([
  "#440154", "#482878", "#3e4989", "#31688e", "#26828e",
  "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725",
]);
export const MISSING = "#9e9e9e"; // a box whose legend value is missing
const STEPS = 256;

/** n colours spread over viridis, like Bokeh's `viridis(n)`. */
export function viridis(n) {
  if (n <= 1) return [RAMP(0)];
  return Array.from({ length: n }, (_, i) => RAMP(i / (n - 1)));
}

/** `rgb(r, g, b)` / `#rrggbb` as [r, g, b]. */
export function rgbOf(css) {
  const m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(css);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  const h = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  return h ? [parseInt(h[1], 16), parseInt(h[2], 16), parseInt(h[3], 16)] : [158, 158, 158];
}

// Palette position of value v in [lo, hi] over `size` colours.
function step(v, lo, hi, size) {
  if (!(hi > lo)) return 0;
  return Math.max(0, Math.min(size - 1, Math.round(((v - lo) / (hi - lo)) * (size - 1))));
}

/**
 * The colouring of structure `s`'s processes: `{ kind, palette, index }` where
 * `index[i]` is display index i's palette entry (-1: missing, grey). `kind` "depth"
 * (no legend), "category" (`categories`: `[{ label, colour }]`, a legend) or "number" /
 * "time" (`range: [lo, hi]`, a colour bar titled `column`).
 */
export function colouring(table, s, legendCol) {
  const index = new Int32Array(s.n);
  if (!legendCol) {
    const palette = viridis(STEPS);
    for (let i = 0; i < s.n; i++) index[i] = step(s.depth[i], 0, s.maxDepth, STEPS);
    return { kind: "depth", palette, index };
  }
  const kind = columnKind(table, legendCol);
  if (kind === "category") {
    const { codes, values } = categoriesOf(table, legendCol);
    // Bokeh's factor_cmap with viridis(max(3, n)); past 256 values colours repeat in bands.
    const size = Math.min(STEPS, Math.max(3, values.length));
    const palette = viridis(size);
    const of = (c) => (values.length > size ? step(c, 0, values.length - 1, size) : c);
    for (let i = 0; i < s.n; i++) {
      const c = codes[s.tableRow[i]];
      index[i] = c < 0 ? -1 : of(c);
    }
    const categories = values.map((label, c) => ({ label, colour: palette[of(c)] }));
    return { kind, palette, index, categories, column: legendCol };
  }
  const numbers = numbersOf(table, legendCol);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of numbers) {
    if (Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const palette = viridis(STEPS);
  for (let i = 0; i < s.n; i++) {
    const v = numbers[s.tableRow[i]];
    index[i] = Number.isNaN(v) ? -1 : step(v, lo, hi, STEPS);
  }
  return { kind, palette, index, range: lo <= hi ? [lo, hi] : [0, 0], column: legendCol };
}

/** The palette as packed RGBA words for ImageData (little-endian ABGR), with `alpha` 0–255. */
export function packed(palette, alpha) {
  const out = new Uint32Array(palette.length + 1);
  const pack = ([r, g, b]) => ((alpha << 24) | (b << 16) | (g << 8) | r) >>> 0;
  palette.forEach((c, i) => (out[i] = pack(rgbOf(c))));
  out[palette.length] = pack(rgbOf(MISSING));
  return out;
}
