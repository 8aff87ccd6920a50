// The view's model of its data: the engine's indexes over the primary and overlay data,
// the lanes they are drawn in with their colours, the hidden lanes, and the time domains.
// A view never computes an analysis result itself: bins, hits and selections come from
// the indexes.
import { scaleUtc } from "d3-scale";
import { colourOr, parseColour } from "../common/colour.js";
import { toData } from "../common/arrow.js";
import { asList, codedError } from "../common/options.js";
import { indexOptions, modeOf, sizeColumnOf } from "./options.js";

// Lane and colour_column colours: ten categorical hues whose WCAG contrast is at least
// 3.2:1 against both the light (#ffffff) and the dark (#0d1117) background, so no lane
// fades into either theme (MSTICPy's viridis runs from a purple lost on dark pages to a
// yellow lost on white ones). Order: blue, orange, green, red, purple, ochre, pink, grey,
// olive, teal.
export const PALETTE = [
  "#1f77b4", "#d95f02", "#2f9e44", "#d62728", "#9467bd",
  "#a6761d", "#d6336c", "#7f7f7f", "#5c940d", "#0c8599",
];

/** The colour of lane (or value) `i`, cycling through the palette. */
export function lanePalette() {
  return (i) => PALETTE[i % PALETTE.length];
}

/** How far an overlay may widen the first view: past this, the view fits the primary data. */
export const OVERLAY_SPREAD = 3;

/**
 * The state of one view. Three fields start with a value; the others are set as the view
 * goes, and read as unset (falsy) until then:
 *
 * - `engine`: the loaded engine (`timelineIndex`, `toArrow`);
 * - `primaryData`, `overlayData`: `{ ipc, table }`, kept so option changes can re-index
 *   without the host sending the data again;
 * - `primary`, `overlay`: `{ ipc, table, index, info }`, the data with its engine index;
 * - `colourOf`: the colour of each `color_column` value;
 * - `x0` (all the data, padded: the zoom's base), `x` (the zoomed plot), `xr` (the range
 *   selector): time scales; `home`: the first view's time range (see `resetDomain`); `yValues`, `valueExtent`: the value scale and extent of values mode;
 * - `geom`: the layout's geometry; `largestMarker`: pixels, of the last frame;
 * - `selection`: the selected time range `[t0, t1]`; `selectMode`: Select is pressed;
 * - `frame`: the pending animation frame; `syncing`: the range brush is being moved to the
 *   plot's domain; `generation`: counts re-indexings; `destroyed`: the view is gone.
 */
export function createState() {
  return {
    indexedSize: null, // the size column the current index carries (null: none)
    hidden: new Set(), // lanes hidden from the legend, by view lane number
    lanes: [], // [{ label, colour, source: "primary"|"overlay", lane }]
  };
}

/** Reads the model's `data` and `overlay_data` into Arrow. */
export function loadData(state, model) {
  state.primaryData = toData(model.get("data"), state.engine);
  const ov = model.get("overlay_data");
  state.overlayData = ov ? toData(ov, state.engine) : null;
}

/** Frees the engine's indexes (their memory lives in the wasm). */
export function freeIndexes(state) {
  for (const [d] of dataSets(state)) {
    if (d.index) {
      try {
        d.index.free();
      } catch {
        /* already freed */
      }
      d.index = null;
    }
  }
}

/**
 * Indexes the loaded data with the current options, then sets the lanes and the time
 * domains. A source column missing from the data is a `column_not_found` error.
 */
export function buildIndexes(state, opt) {
  freeIndexes(state);
  state.primary = null;
  state.overlay = null;
  const primaryData = state.primaryData;
  if (!primaryData) return;
  const { timelineIndex } = state.engine;
  const timeColumn = String(opt("time_column"));
  const options = indexOptions(opt, timeColumn);
  state.indexedSize = sizeColumnOf(opt);
  const pIndex = timelineIndex(primaryData.ipc, options);
  state.primary = { ...primaryData, index: pIndex, info: pIndex.info() };
  if (state.overlayData) {
    const ot = String(opt("overlay_time_column") || timeColumn);
    const oIndex = timelineIndex(state.overlayData.ipc, { timeColumn: ot });
    state.overlay = { ...state.overlayData, index: oIndex, info: oIndex.info() };
  }
  for (const c of asList(opt("source_columns"))) {
    if (!state.primary.table.getChild(c)) throw codedError("column_not_found", `source column '${c}' is not in the data`);
  }
  state.hidden.clear();
  state.selection = null;
  state.generation = (state.generation || 0) + 1;
  setLanes(state, opt);
  resetDomain(state, opt);
}

/**
 * The lanes to draw, `[{ label, colour, source, lane }]`: one per group of the primary data
 * (or one unnamed series), then "Secondary" for the overlay; and the colour of each value of
 * `color_column`. Colours from options pass the allow-list.
 */
export function setLanes(state, opt) {
  const p = state.primary;
  const lanes = [];
  if (!p) {
    state.lanes = lanes;
    return;
  }
  const grouped = asList(opt("group_by")).length > 0;
  const plabels = p.info.lanes.map((l) => (grouped ? l : state.overlay ? "Primary" : "unnamed series"));
  const palette = lanePalette();
  const fixed = opt("lane_colors");
  plabels.forEach((label, i) => {
    const own = fixed && typeof fixed === "object" && Object.hasOwn(fixed, label) ? fixed[label] : null;
    const colour = parseColour(own) ?? (grouped ? palette(i) : colourOr(opt("color"), PALETTE[0]));
    lanes.push({ label, colour, source: "primary", lane: i });
  });
  if (state.overlay) {
    lanes.push({ label: "Secondary", colour: colourOr(opt("overlay_color"), "green"), source: "overlay", lane: 0 });
  }
  state.lanes = lanes;
  const colourLabels = p.info.colours || [];
  state.colourOf = colourLabels.map((_, i) => palette(i));
}

/** The indexed data with the source each is: `[[primary, "primary"], [overlay, "overlay"]]`, present ones only. */
export function dataSets(state) {
  return [[state.primary, "primary"], [state.overlay, "overlay"]].filter(([d]) => d);
}

/** The time extent of all data, padded by `fraction` of its span, or null without data. */
export function extentOf(state, fraction) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const [d] of dataSets(state)) {
    const e = d.index.paddedExtent(fraction);
    if (e) {
      lo = Math.min(lo, e[0]);
      hi = Math.max(hi, e[1]);
    }
  }
  return Number.isFinite(lo) ? [lo, hi] : null;
}

/** The smallest range, including 0, that holds every bin's minimum and maximum. */
export function valueExtent(bins) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < bins.min.length; i++) {
    if (!Number.isNaN(bins.min[i])) lo = Math.min(lo, bins.min[i]);
    if (!Number.isNaN(bins.max[i])) hi = Math.max(hi, bins.max[i]);
  }
  return Number.isFinite(lo) ? [Math.min(0, lo), Math.max(0, hi)] : [0, 1];
}

/** The time extent of the primary data alone, padded by `fraction` of its span. */
function primaryExtent(state, fraction) {
  return state.primary ? state.primary.index.paddedExtent(fraction) : null;
}

/**
 * The time scales back to the data: `x0` and the range selector span all of it (padded
 * 10% and 15%); the first view, `home`, is the same unless an overlay lies so far from the
 * primary data that showing both would squeeze the primary data into less than a third of
 * the width: then it fits the primary data, and the overlay is a zoom or a range-selector
 * drag away.
 */
export function resetDomain(state, opt) {
  const all = extentOf(state, 0.1);
  const wide = extentOf(state, 0.15);
  const own = primaryExtent(state, 0.1);
  const span = (e) => e[1] - e[0];
  const far = all && own && span(own) > 0 && span(all) > OVERLAY_SPREAD * span(own);
  state.home = far ? own : all;
  const scale = (extent) => (extent ? scaleUtc().domain(extent.map((t) => new Date(t))) : null);
  state.x0 = scale(all);
  state.x = scale(state.home);
  state.xr = scale(wide);
  state.valueExtent = null;
  if (state.primary && modeOf(opt) === "values" && all) {
    state.valueExtent = valueExtent(state.primary.index.bin(all[0], all[1] + 1, 1, new Uint32Array()));
  }
}

/** The hidden lanes of one source ("primary" or "overlay"), as that index numbers them. */
export function hiddenFor(state, source) {
  const out = [];
  state.lanes.forEach((l, i) => {
    if (l.source === source && state.hidden.has(i)) out.push(l.lane);
  });
  return Uint32Array.from(out);
}

/** The view's lane number of an index's lane: the overlay's lanes follow the primary's. */
export function laneNumber(state, source, lane) {
  return source === "primary" ? lane : (state.primary ? state.primary.info.lanes.length : 0) + lane;
}

/** The colour of bin `k` of data `d`: its `color_column` value's colour, else its lane's. */
export function colourOfBin(state, opt, d, bins, k) {
  const lane = laneNumber(state, d === state.overlay ? "overlay" : "primary", bins.lane[k]);
  if (d === state.primary && opt("color_column")) {
    const c = bins.colour[k];
    return c < state.colourOf.length ? state.colourOf[c] : "#888";
  }
  return state.lanes[lane]?.colour || PALETTE[0];
}
