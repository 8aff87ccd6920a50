// The timeline's options: model traits named like MSTICPy's keyword arguments, read with
// their defaults and normalised to what the other modules draw with.
import { asList, codedError, optionReader as readOptions, toMs } from "../common/options.js";

// Options the view reads from the model, with their defaults (MSTICPy's PlotParams where
// one exists).
export const DEFAULTS = {
  time_column: "TimeGenerated",
  group_by: null,
  source_columns: [],
  color_column: null,
  color: null, // the palette's first colour, which holds contrast on light and dark pages
  size: 10,
  size_column: null,
  lane_colors: null, // { lane label: CSS colour } overriding the palette (MSTICPy's dict input)
  title: null,
  width: null,
  height: null,
  yaxis: true,
  range_tool: true,
  legend: null,
  xgrid: true,
  ygrid: false,
  hide: false,
  mode: "events",
  value_column: null,
  kind: "vbar",
  end_time_column: null,
  overlay_time_column: null,
  overlay_columns: [],
  overlay_color: null,
  ref_markers: [],
  ref_time: null,
  ref_label: "Ref time",
  theme: "auto",
  compat: "huntkit",
};
// Options that change what is indexed: a change rebuilds the index from the bytes already
// held (the data is not fetched again).
export const INDEX_KEYS = ["time_column", "group_by", "color_column", "value_column", "end_time_column", "compat", "overlay_time_column", "size_column"];
export const VIEW_KEYS = Object.keys(DEFAULTS).filter((k) => !INDEX_KEYS.includes(k));

/** `opt(name)`: the model's value of an option, or its default when unset or null. */
export const optionReader = (model) => readOptions(model, DEFAULTS);

/** "events", "values" or "duration"; anything else draws events. */
export function modeOf(opt) {
  const m = String(opt("mode"));
  return m === "values" || m === "duration" ? m : "events";
}

// Marker size from a column (MSTICPy's `size` given a column name): each bin is drawn at
// the largest size among its events, so a large marker never hides behind small ones.
/** The column of marker sizes (`size_column`, or `size` naming one), or null. */
export function sizeColumnOf(opt) {
  if (opt("size_column")) return String(opt("size_column"));
  const s = opt("size");
  return typeof s === "string" && s !== "" && !Number.isFinite(Number(s)) ? s : null;
}

/** The fixed marker size in pixels. */
export function markerSizeOf(opt) {
  return Math.max(1, Number(opt("size")) || 10);
}

/** The values-mode glyphs, with MSTICPy's aliases resolved ("bar", "points", "scatter"). */
export function kindsOf(opt) {
  const k = opt("kind");
  const list = Array.isArray(k) ? k : [k];
  return list.map((k) => {
    const v = String(k);
    return v === "bar" ? "vbar" : v === "points" || v === "scatter" ? "circle" : v;
  });
}

/** Whether lane labels are drawn on the y axis (events and duration modes, with `yaxis`). */
export function laneAxis(opt) {
  return Boolean(opt("yaxis")) && modeOf(opt) !== "values";
}

/**
 * Where the legend goes: "left", "right", "inline" or "none". Unplaced, it is left with
 * several lanes when the y axis does not name them, right when only `color_column`'s
 * values need one, else none: a lane's label is shown once, on the axis.
 */
export function legendPlacement(opt, laneCount) {
  const l = opt("legend");
  if (l === "none") return "none";
  if (l === "left" || l === "right" || l === "inline") return l;
  if (laneAxis(opt)) return opt("color_column") ? "right" : "none";
  return laneCount > 1 ? "left" : "none";
}

/** The title line, worded per mode as MSTICPy words it. */
export function titleText(opt) {
  const m = modeOf(opt);
  const t = opt("title") ? String(opt("title")) : null;
  if (m === "values") return t ?? "Timeline";
  if (m === "duration") return t ?? `Event Duration Timeline for ${asList(opt("group_by")).join(", ")}`;
  return `Timeline: ${t ?? "Events"}`;
}

/** Reference lines, `[{ t, label }]`, from `ref_markers` and `ref_time` / `ref_label`. */
export function referenceMarkers(opt) {
  const out = [];
  const list = opt("ref_markers");
  if (Array.isArray(list)) {
    for (const mk of list) {
      if (!mk) continue;
      const [time, label] = Array.isArray(mk) ? mk : [mk.time, mk.label];
      const t = toMs(time);
      if (Number.isFinite(t)) out.push({ t, label: label === undefined || label === null ? `reference ${out.length}` : String(label) });
    }
  }
  const rt = toMs(opt("ref_time"));
  if (Number.isFinite(rt)) out.push({ t: rt, label: String(opt("ref_label")) });
  return out;
}

/**
 * The engine's `timelineIndex` options for the primary data, whose time is `timeColumn`.
 * Values mode without `value_column` is an `invalid_option` error.
 */
export function indexOptions(opt, timeColumn) {
  const m = modeOf(opt);
  const o = {
    timeColumn,
    groupBy: asList(opt("group_by")),
    compat: opt("compat") === "msticpy" ? "msticpy" : "huntkit",
  };
  const colour = opt("color_column");
  if (colour) o.colorColumn = String(colour);
  if (m === "values") {
    const v = opt("value_column");
    if (!v) throw codedError("invalid_option", "values mode needs value_column");
    o.valueColumn = String(v);
  }
  const sized = sizeColumnOf(opt);
  if (m === "events" && sized) o.valueColumn = sized;
  if (m === "duration" && opt("end_time_column")) o.endTimeColumn = String(opt("end_time_column"));
  return o;
}
