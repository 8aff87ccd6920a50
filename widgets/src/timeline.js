// huntkit timeline view: an anywidget (AFM) module.
//
// Events are drawn on a canvas from level-of-detail bins computed by the huntkit engine
// (WebAssembly), so a million events stay interactive: each frame asks the engine for at
// most (lanes × pixel columns) bins instead of drawing every event. Every string that comes
// from the data or the options is inserted as text (textContent or SVG text), never as
// markup.
import { tableFromIPC, Table, Type } from "apache-arrow";
import { scaleUtc, scaleLinear } from "d3-scale";
import { axisBottom, axisLeft } from "d3-axis";
import { select } from "d3-selection";
import { zoom as d3zoom, zoomIdentity } from "d3-zoom";
import { brushX } from "d3-brush";
import { utcFormat } from "d3-time-format";
import { interpolateRgbBasis } from "d3-interpolate";
import { toInputBytes } from "../../js/src/data.js";
import { colourOr, parseColour } from "./colour.js";
import { loadEngine } from "./engine.js";

// Options the view reads from the model, with their defaults (MSTICPy's PlotParams where
// one exists).
const DEFAULTS = {
  time_column: "TimeGenerated",
  group_by: null,
  source_columns: [],
  color_column: null,
  color: "navy",
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
const INDEX_KEYS = ["time_column", "group_by", "color_column", "value_column", "end_time_column", "compat", "overlay_time_column", "size_column"];
const VIEW_KEYS = Object.keys(DEFAULTS).filter((k) => !INDEX_KEYS.includes(k));

const MAX_TEXT = 2000; // characters of one value shown in a tooltip
const MAX_LABEL = 200; // characters of a lane or legend label
const MAX_MARKER = 64; // pixels: the largest marker a size column can ask for
const WRAP = 50; // tooltip strings wrap at 50 characters, as in MSTICPy

const VIRIDIS = interpolateRgbBasis([
  "#440154", "#482878", "#3e4989", "#31688e", "#26828e",
  "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725",
]);

/** n colours spread over viridis, like Bokeh's `viridis(n)`. */
function viridis(n) {
  if (n <= 1) return [VIRIDIS(0)];
  return Array.from({ length: n }, (_, i) => VIRIDIS(i / (n - 1)));
}

/** MSTICPy's palette rule: viridis(min(256, n + n // 5)), indexed i % size. */
function lanePalette(n) {
  const size = Math.max(1, Math.min(256, n + Math.floor(n / 5)));
  const colours = viridis(size);
  return (i) => colours[i % colours.length];
}

const CSS = `
.hk-tl{--hk-fg:#1f2328;--hk-muted:#57606a;--hk-bg:#fff;--hk-grid:rgba(0,0,0,.09);--hk-panel:#f6f8fa;--hk-border:#d0d7de;--hk-sel:rgba(9,105,218,.18);
  position:relative;color:var(--hk-fg);background:var(--hk-bg);font:12px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;box-sizing:border-box;padding:4px;overflow:hidden}
.hk-tl.hk-dark{--hk-fg:#e6edf3;--hk-muted:#9198a1;--hk-bg:#0d1117;--hk-grid:rgba(255,255,255,.12);--hk-panel:#161b22;--hk-border:#3d444d;--hk-sel:rgba(56,139,253,.25)}
.hk-tl *{box-sizing:border-box}
.hk-title{font-weight:600;font-size:13px;margin:0 0 4px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-bar{display:flex;gap:6px;align-items:center;margin-bottom:4px;flex-wrap:wrap}
.hk-bar button{font:inherit;color:var(--hk-fg);background:var(--hk-panel);border:1px solid var(--hk-border);border-radius:4px;padding:1px 8px;cursor:pointer}
.hk-bar button[aria-pressed=true]{outline:2px solid var(--hk-sel)}
.hk-status{color:var(--hk-muted)}
.hk-row{display:flex;align-items:flex-start}
.hk-main{position:relative;flex:none}
.hk-main canvas,.hk-main svg,.hk-range canvas,.hk-range svg{position:absolute;left:0;top:0}
.hk-lbl{position:absolute;right:6px;max-width:100%;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;text-align:right;color:var(--hk-fg);font-size:11px}
.hk-legend{flex:none;width:170px;padding:4px;font-size:11px;max-height:100%;overflow:auto}
.hk-legend.hk-inline{position:absolute;background:var(--hk-bg);border:1px solid var(--hk-border);border-radius:4px;opacity:.92;max-height:60%}
.hk-legend button{display:flex;gap:6px;align-items:center;width:100%;font:inherit;color:var(--hk-fg);background:none;border:0;padding:1px 2px;cursor:pointer;text-align:left}
.hk-legend button span:last-child{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-legend button.hk-off{opacity:.4;text-decoration:line-through}
.hk-sw{flex:none;width:10px;height:10px;border-radius:2px;display:inline-block}
.hk-range{position:relative;margin-top:6px}
.hk-range-title{font-weight:600;font-size:11px}
.hk-help{color:var(--hk-muted);font-size:11px}
.hk-tip{position:absolute;z-index:10;pointer-events:none;background:var(--hk-panel);color:var(--hk-fg);border:1px solid var(--hk-border);border-radius:4px;padding:4px 6px;max-width:460px;max-height:320px;overflow:hidden;white-space:pre-wrap;word-break:break-all;font-size:11px;box-shadow:0 2px 8px rgba(0,0,0,.2);display:none}
.hk-tip .hk-k{font-weight:600}
.hk-tip .hk-more{color:var(--hk-muted);margin-top:2px}
.hk-error{color:#d1242f;white-space:pre-wrap}
.hk-tl .tick text{fill:var(--hk-fg)}.hk-tl .domain,.hk-tl .tick line{stroke:var(--hk-muted)}
.hk-tl .selection{fill:#000080;fill-opacity:.2;stroke:#000080}
.hk-tl.hk-dark .selection{fill:#6e9bff;stroke:#6e9bff}
`;

function h(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function clip(s, n) {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

function wrap(s) {
  if (s.length <= WRAP) return s;
  const parts = [];
  for (let i = 0; i < s.length; i += WRAP) parts.push(s.slice(i, i + WRAP));
  return parts.join("\n");
}

const fmtFull = utcFormat("%Y-%m-%d %H:%M:%S.%L");

/** Tick format chosen by the visible span (MSTICPy: days %m-%d %H:%M, down to ms). */
function tickFormat(span) {
  if (span > 2 * 86400000) return utcFormat("%m-%d %H:%M");
  if (span > 5000) return utcFormat("%H:%M:%S");
  return utcFormat("%H:%M:%S.%L");
}

function isTimeType(type) {
  return type && (type.typeId === Type.Timestamp || type.typeId === Type.Date);
}

/** A cell shown as text. */
function cellText(table, column, row) {
  const vec = table.getChild(column);
  if (!vec) return "";
  let v;
  try {
    v = vec.get(row);
  } catch {
    return "";
  }
  if (v === null || v === undefined) return "";
  if (isTimeType(vec.type)) {
    const ms = typeof v === "bigint" ? Number(v) : v instanceof Date ? v.getTime() : Number(v);
    return Number.isFinite(ms) ? fmtFull(new Date(ms)) : String(v);
  }
  if (typeof v === "object" && typeof v.toJSON === "function") {
    try {
      return JSON.stringify(v.toJSON());
    } catch {
      return String(v);
    }
  }
  return String(v);
}

function isArrowIPC(bytes) {
  if (bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 6)) === "ARROW1") return true;
  return bytes.length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff;
}

/**
 * Input in any accepted form → { ipc: Uint8Array, table: arrow Table }.
 * Accepts Arrow IPC bytes (DataView, ArrayBuffer, typed array), an apache-arrow Table,
 * an array of plain objects, or CSV / JSON text (converted by the engine).
 */
function toData(value, engine) {
  if (value === null || value === undefined) return null;
  const bytes = toInputBytes(value);
  if (bytes.length === 0) return null;
  // The engine reads CSV and JSON too; the view needs Arrow for its tooltips.
  const ipc = isArrowIPC(bytes) ? bytes.slice() : engine.toArrow(bytes);
  const table = value instanceof Table ? value : tableFromIPC(ipc);
  return { ipc, table };
}

function asList(v) {
  if (v === null || v === undefined || v === "") return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

function toMs(v) {
  if (v === null || v === undefined || v === "") return NaN;
  if (typeof v === "number") return v;
  if (v instanceof Date) return v.getTime();
  const s = String(v).trim();
  // Naive times are UTC, as in the data.
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(" ", "T")}Z`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Date.parse(s) : t;
}

function isDarkPage() {
  const body = document.body;
  if (body) {
    const jp = body.getAttribute("data-jp-theme-light");
    if (jp === "false") return true;
    if (jp === "true") return false;
    if (body.classList.contains("vscode-dark") || body.classList.contains("vscode-high-contrast")) return true;
    if (body.classList.contains("vscode-light")) return false;
  }
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

function render({ model, el }) {
  const opt = (k) => {
    const v = model.get(k);
    return v === undefined || v === null ? DEFAULTS[k] : v;
  };
  const listeners = [];
  const on = (name, cb) => {
    model.on(name, cb);
    listeners.push([name, cb]);
  };

  const root = h("div", "hk-tl");
  root.appendChild(h("style", null, CSS));
  const title = h("div", "hk-title");
  const bar = h("div", "hk-bar");
  const resetBtn = h("button", null, "Reset");
  resetBtn.type = "button";
  const selectBtn = h("button", null, "Select");
  selectBtn.type = "button";
  selectBtn.title = "Drag to select a time range (or hold Shift while dragging)";
  selectBtn.setAttribute("aria-pressed", "false");
  const status = h("span", "hk-status");
  bar.append(resetBtn, selectBtn, status);
  const rowEl = h("div", "hk-row");
  const legendLeft = h("div", "hk-legend");
  const main = h("div", "hk-main");
  const legendRight = h("div", "hk-legend");
  const labels = h("div");
  const canvas = h("canvas");
  const svgNode = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  main.append(labels, canvas, svgNode);
  rowEl.append(legendLeft, main, legendRight);
  const range = h("div", "hk-range");
  const rangeTitle = h("div", "hk-range-title", "Range Selector");
  const rangeBox = h("div");
  rangeBox.style.position = "relative";
  const rangeCanvas = h("canvas");
  const rangeSvgNode = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  rangeBox.append(rangeCanvas, rangeSvgNode);
  const help = h("div", "hk-help", "Drag the middle or edges of the selection box to change the range in the main chart");
  range.append(rangeTitle, rangeBox, help);
  const tip = h("div", "hk-tip");
  const errorBox = h("div", "hk-error");
  root.append(title, bar, errorBox, rowEl, range, tip);
  el.appendChild(root);

  const svg = select(svgNode);
  const gGrid = svg.append("g");
  const gAxisX = svg.append("g");
  const gAxisY = svg.append("g");
  const gRefs = svg.append("g");
  const brushRect = svg.append("rect").attr("fill", "var(--hk-sel)").attr("visibility", "hidden");
  const rangeSvg = select(rangeSvgNode);
  const gRangeAxis = rangeSvg.append("g");
  const gRangeBrush = rangeSvg.append("g");

  const state = {
    engine: null,
    indexedSize: null, // the size column the current index carries
    primary: null, // { ipc, table, index, info }
    overlay: null,
    hidden: new Set(),
    lanes: [], // [{ label, colour, source: "primary"|"overlay", lane }]
    x0: null, // base scale (padded extent)
    x: null, // current scale
    xr: null, // range selector scale
    yValues: null,
    geom: null,
    selectMode: false,
    selection: null, // [t0, t1]
    frame: 0,
    destroyed: false,
    syncing: false,
    valueExtent: null,
  };

  const showError = (e) => {
    errorBox.textContent = e ? `${e.code ? `${e.code}: ` : ""}${e.message || String(e)}` : "";
  };

  function freeIndexes() {
    for (const key of ["primary", "overlay"]) {
      const d = state[key];
      if (d && d.index) {
        try {
          d.index.free();
        } catch {
          /* already freed */
        }
        d.index = null;
      }
    }
  }

  function mode() {
    const m = String(opt("mode"));
    return m === "values" || m === "duration" ? m : "events";
  }

  // Marker size from a column (MSTICPy's `size` given a column name): each bin is drawn at
  // the largest size among its events, so a large marker never hides behind small ones.
  function sizeColumn() {
    if (opt("size_column")) return String(opt("size_column"));
    const s = opt("size");
    return typeof s === "string" && s !== "" && !Number.isFinite(Number(s)) ? s : null;
  }

  function markerSize() {
    return Math.max(1, Number(opt("size")) || 10);
  }

  function indexOptions(timeColumn) {
    const groupBy = asList(opt("group_by"));
    const m = mode();
    const o = {
      timeColumn,
      groupBy,
      compat: opt("compat") === "msticpy" ? "msticpy" : "huntkit",
    };
    const colour = opt("color_column");
    if (colour) o.colorColumn = String(colour);
    if (m === "values") {
      const v = opt("value_column");
      if (!v) throw Object.assign(new Error("values mode needs value_column"), { code: "invalid_option" });
      o.valueColumn = String(v);
    }
    state.indexedSize = sizeColumn();
    if (m === "events" && state.indexedSize) o.valueColumn = state.indexedSize;
    if (m === "duration" && opt("end_time_column")) o.endTimeColumn = String(opt("end_time_column"));
    return o;
  }

  // Bytes of the primary and overlay data, kept so option changes can re-index without
  // the host sending the data again.
  let primaryData = null;
  let overlayData = null;

  function loadData() {
    primaryData = toData(model.get("data"), state.engine);
    const ov = model.get("overlay_data");
    overlayData = ov ? toData(ov, state.engine) : null;
  }

  function buildIndexes() {
    freeIndexes();
    state.primary = null;
    state.overlay = null;
    if (!primaryData) return;
    const { timelineIndex } = state.engine;
    const timeColumn = String(opt("time_column"));
    const pIndex = timelineIndex(primaryData.ipc, indexOptions(timeColumn));
    state.primary = { ...primaryData, index: pIndex, info: pIndex.info() };
    if (overlayData) {
      const ot = String(opt("overlay_time_column") || timeColumn);
      const oIndex = timelineIndex(overlayData.ipc, { timeColumn: ot });
      state.overlay = { ...overlayData, index: oIndex, info: oIndex.info() };
    }
    const srcCols = asList(opt("source_columns"));
    for (const c of srcCols) {
      if (!state.primary.table.getChild(c)) {
        throw Object.assign(new Error(`source column '${c}' is not in the data`), { code: "column_not_found" });
      }
    }
    state.hidden.clear();
    state.selection = null;
    state.generation = (state.generation || 0) + 1;
    setLanes();
    resetDomain();
  }

  function setLanes() {
    const p = state.primary;
    const lanes = [];
    if (!p) {
      state.lanes = lanes;
      return;
    }
    const grouped = asList(opt("group_by")).length > 0;
    const plabels = p.info.lanes.map((l) => (grouped ? l : state.overlay ? "Primary" : "unnamed series"));
    const palette = lanePalette(plabels.length + (state.overlay ? 1 : 0));
    const fixed = opt("lane_colors");
    plabels.forEach((label, i) => {
      const own = fixed && typeof fixed === "object" && Object.hasOwn(fixed, label) ? fixed[label] : null;
      const colour = parseColour(own) ?? (grouped ? palette(i) : colourOr(opt("color"), DEFAULTS.color));
      lanes.push({ label, colour, source: "primary", lane: i });
    });
    if (state.overlay) {
      lanes.push({ label: "Secondary", colour: colourOr(opt("overlay_color"), "green"), source: "overlay", lane: 0 });
    }
    state.lanes = lanes;
    const colourLabels = p.info.colours || [];
    const cp = lanePalette(colourLabels.length);
    state.colourOf = colourLabels.map((_, i) => cp(i));
  }

  function extentOf(fraction) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const d of [state.primary, state.overlay]) {
      if (!d) continue;
      const e = d.index.paddedExtent(fraction);
      if (e) {
        lo = Math.min(lo, e[0]);
        hi = Math.max(hi, e[1]);
      }
    }
    return Number.isFinite(lo) ? [lo, hi] : null;
  }

  function resetDomain() {
    const main = extentOf(0.1);
    const wide = extentOf(0.15);
    state.x0 = main ? scaleUtc().domain([new Date(main[0]), new Date(main[1])]) : null;
    state.x = state.x0 ? state.x0.copy() : null;
    state.xr = wide ? scaleUtc().domain([new Date(wide[0]), new Date(wide[1])]) : null;
    state.valueExtent = null;
    if (state.primary && mode() === "values" && main) {
      const b = state.primary.index.bin(main[0], main[1] + 1, 1, new Uint32Array());
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < b.min.length; i++) {
        if (!Number.isNaN(b.min[i])) lo = Math.min(lo, b.min[i]);
        if (!Number.isNaN(b.max[i])) hi = Math.max(hi, b.max[i]);
      }
      state.valueExtent = Number.isFinite(lo) ? [Math.min(0, lo), Math.max(0, hi)] : [0, 1];
    }
  }

  function hiddenFor(source) {
    const out = [];
    state.lanes.forEach((l, i) => {
      if (l.source === source && state.hidden.has(i)) out.push(l.lane);
    });
    return Uint32Array.from(out);
  }

  function laneNumber(source, lane) {
    return source === "primary" ? lane : (state.primary ? state.primary.info.lanes.length : 0) + lane;
  }

  // ---- layout -------------------------------------------------------------------------

  function legendPlacement() {
    const l = opt("legend");
    if (l === "none") return "none";
    if (l === "left" || l === "right" || l === "inline") return l;
    return state.lanes.length > 1 ? "left" : "none";
  }

  function layout() {
    const m = mode();
    const nl = Math.max(1, state.lanes.length);
    const wOpt = Number(opt("width"));
    const containerW = el.clientWidth || (el.parentElement && el.parentElement.clientWidth) || 900;
    const totalW = Math.max(200, wOpt > 0 ? wOpt : containerW - 10);
    const hOpt = Number(opt("height"));
    const plotH = hOpt > 0 ? Math.max(80, hOpt) : Math.max(300, (nl > 15 ? 25 : 40) * nl);
    const place = legendPlacement();
    const side = place === "left" || place === "right" ? 170 : 0;
    const yaxis = Boolean(opt("yaxis"));
    const labelW = m === "values" ? (yaxis ? 56 : 8) : yaxis ? Math.min(220, Math.max(60, Math.floor(totalW * 0.18))) : 8;
    const plotW = Math.max(50, totalW - side - labelW - 16);
    const axisH = 24;
    state.geom = { labelW, plotW, plotH, axisH, totalW, place };
    root.style.width = `${totalW}px`;
    root.style.display = opt("hide") ? "none" : "";
    const dpr = (typeof devicePixelRatio === "number" && devicePixelRatio) || 1;
    main.style.width = `${labelW + plotW + 8}px`;
    main.style.height = `${plotH + axisH}px`;
    for (const [c, w, hh] of [[canvas, plotW, plotH]]) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(hh * dpr);
      c.style.width = `${w}px`;
      c.style.height = `${hh}px`;
      c.style.left = `${labelW}px`;
    }
    svgNode.setAttribute("width", String(plotW));
    svgNode.setAttribute("height", String(plotH + axisH));
    svgNode.style.left = `${labelW}px`;
    svgNode.style.overflow = "visible";
    labels.style.cssText = `position:absolute;left:0;top:0;width:${labelW}px;height:${plotH}px`;
    legendLeft.style.display = place === "left" ? "" : "none";
    legendRight.style.display = place === "right" ? "" : "none";

    const showRange = Boolean(opt("range_tool")) && state.primary;
    range.style.display = showRange ? "" : "none";
    const rH = Math.max(120, Math.floor(0.2 * plotH));
    rangeBox.style.marginLeft = `${(place === "left" ? side : 0) + labelW}px`;
    rangeBox.style.width = `${plotW}px`;
    rangeBox.style.height = `${rH + axisH}px`;
    rangeCanvas.width = Math.round(plotW * dpr);
    rangeCanvas.height = Math.round(rH * dpr);
    rangeCanvas.style.width = `${plotW}px`;
    rangeCanvas.style.height = `${rH}px`;
    rangeSvgNode.setAttribute("width", String(plotW));
    rangeSvgNode.setAttribute("height", String(rH + axisH));
    state.geom.rangeH = rH;
    state.geom.dpr = dpr;

    if (state.x0) {
      state.x0.range([0, plotW]);
      const t = zoomTransform();
      state.x = t.rescaleX(state.x0);
    }
    if (state.xr) state.xr.range([0, plotW]);
    zoomBehaviour.extent([[0, 0], [plotW, plotH]]);
    rangeBrush.extent([[0, 0], [plotW, rH]]);
    gRangeBrush.call(rangeBrush);
    buildTitle();
    buildLabels();
    buildLegend();
  }

  function buildTitle() {
    const m = mode();
    const t = opt("title");
    if (m === "values") title.textContent = t ? String(t) : "Timeline";
    else if (m === "duration") title.textContent = t ? String(t) : `Event Duration Timeline for ${asList(opt("group_by")).join(", ")}`;
    else title.textContent = `Timeline: ${t ? String(t) : "Events"}`;
  }

  function laneY(i) {
    const { plotH } = state.geom;
    const n = Math.max(1, state.lanes.length);
    const lh = plotH / n;
    // Lane 0 sits at the bottom, as series 0 does on MSTICPy's y axis.
    return plotH - (i + 0.5) * lh;
  }

  function buildLabels() {
    labels.replaceChildren();
    if (!opt("yaxis") || mode() === "values") return;
    const n = state.lanes.length;
    const lh = state.geom.plotH / Math.max(1, n);
    const step = Math.max(1, Math.ceil(14 / lh)); // leave labels out rather than overlap
    state.lanes.forEach((l, i) => {
      if (i % step !== 0) return;
      const d = h("div", "hk-lbl", clip(l.label, MAX_LABEL));
      d.title = clip(l.label, 4000);
      d.style.top = `${laneY(i) - 8}px`;
      d.style.left = "0";
      labels.appendChild(d);
    });
  }

  function buildLegend() {
    const place = state.geom.place;
    for (const node of [legendLeft, legendRight]) {
      node.replaceChildren();
      node.classList.remove("hk-inline");
    }
    const inlineOld = main.querySelector(".hk-legend.hk-inline");
    if (inlineOld) inlineOld.remove();
    if (place === "none") return;
    let target = place === "left" ? legendLeft : legendRight;
    if (place === "inline") {
      target = h("div", "hk-legend hk-inline");
      target.style.left = `${state.geom.labelW + 8}px`;
      target.style.top = mode() === "values" ? "8px" : "50%";
      if (mode() !== "values") target.style.transform = "translateY(-50%)";
      main.appendChild(target);
    }
    // MSTICPy quirk Q-V1: in values mode the external legend gets no items.
    if (opt("compat") === "msticpy" && mode() === "values" && place !== "inline") return;
    const order = state.lanes.map((_, i) => i);
    if (place !== "inline") order.reverse();
    const colourLabels = state.primary ? state.primary.info.colours || [] : [];
    for (const i of order) {
      const l = state.lanes[i];
      const b = h("button");
      b.type = "button";
      b.dataset.lane = String(i);
      const sw = h("span", "hk-sw");
      sw.style.background = l.colour;
      b.append(sw, h("span", null, clip(l.label, MAX_LABEL)));
      b.title = clip(l.label, 4000);
      if (state.hidden.has(i)) b.classList.add("hk-off");
      b.addEventListener("click", () => {
        if (state.hidden.has(i)) state.hidden.delete(i);
        else state.hidden.add(i);
        b.classList.toggle("hk-off", state.hidden.has(i));
        if (state.selection) publishSelection(state.selection);
        scheduleDraw();
      });
      target.appendChild(b);
    }
    if (colourLabels.length && opt("color_column")) {
      target.appendChild(h("div", "hk-k", clip(String(opt("color_column")), MAX_LABEL)));
      colourLabels.slice(0, 50).forEach((c, i) => {
        const row = h("div");
        const sw = h("span", "hk-sw");
        sw.style.background = state.colourOf[i];
        row.append(sw, document.createTextNode(` ${clip(c, MAX_LABEL)}`));
        target.appendChild(row);
      });
    }
  }

  // ---- drawing ------------------------------------------------------------------------

  function themeColours() {
    const cs = getComputedStyle(root);
    return {
      fg: cs.getPropertyValue("--hk-fg").trim() || "#222",
      grid: cs.getPropertyValue("--hk-grid").trim() || "rgba(0,0,0,.1)",
      muted: cs.getPropertyValue("--hk-muted").trim() || "#666",
    };
  }

  function colourOfBin(d, bins, k) {
    const lane = laneNumber(d === state.overlay ? "overlay" : "primary", bins.lane[k]);
    if (d === state.primary && opt("color_column")) {
      const c = bins.colour[k];
      return c < state.colourOf.length ? state.colourOf[c] : "#888";
    }
    return (state.lanes[lane] || {}).colour || "navy";
  }

  function kinds() {
    const k = opt("kind");
    const list = Array.isArray(k) ? k : [k];
    return list.map((v) => String(v)).map((v) => (v === "bar" ? "vbar" : v === "points" || v === "scatter" ? "circle" : v));
  }

  function draw() {
    state.frame = 0;
    const started = performance.now();
    if (state.destroyed || !state.geom) return;
    const { plotW, plotH, dpr } = state.geom;
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, plotW, plotH);
    const colours = themeColours();
    if (!state.x || !state.primary) {
      status.textContent = state.primary ? "No data to plot." : "";
      gAxisX.selectAll("*").remove();
      drawRange();
      return;
    }
    const m = mode();
    const [d0, d1] = state.x.domain().map(Number);
    const fmt = tickFormat(d1 - d0);
    const axis = axisBottom(state.x).ticks(Math.max(2, Math.floor(plotW / 110))).tickFormat(fmt);
    gAxisX.attr("transform", `translate(0,${plotH})`).call(axis);
    gGrid.selectAll("*").remove();
    ctx.lineWidth = 1;
    if (opt("xgrid") || m === "values") {
      ctx.strokeStyle = colours.grid;
      ctx.beginPath();
      for (const t of state.x.ticks(Math.max(2, Math.floor(plotW / 110)))) {
        const px = Math.round(state.x(t)) + 0.5;
        ctx.moveTo(px, 0);
        ctx.lineTo(px, plotH);
      }
      ctx.stroke();
    }
    let yv = null;
    gAxisY.selectAll("*").remove();
    if (m === "values") {
      yv = scaleLinear().domain(state.valueExtent || [0, 1]).nice().range([plotH - 4, 4]);
      state.yValues = yv;
      if (opt("yaxis")) gAxisY.call(axisLeft(yv).ticks(Math.max(2, Math.floor(plotH / 40))));
      ctx.strokeStyle = colours.grid;
      ctx.beginPath();
      for (const t of yv.ticks(Math.max(2, Math.floor(plotH / 40)))) {
        const py = Math.round(yv(t)) + 0.5;
        ctx.moveTo(0, py);
        ctx.lineTo(plotW, py);
      }
      ctx.stroke();
    } else if (opt("ygrid")) {
      ctx.strokeStyle = colours.grid;
      ctx.beginPath();
      state.lanes.forEach((_, i) => {
        const py = Math.round(laneY(i)) + 0.5;
        ctx.moveTo(0, py);
        ctx.lineTo(plotW, py);
      });
      ctx.stroke();
    }

    // Markers are binned per two pixels (at most a pixel off their exact time, under a
    // 10-pixel diamond), which halves what a dense frame rasterises; values stay per pixel.
    const width = Math.max(1, Math.floor(m === "values" ? plotW : plotW / 2));
    const colW = plotW / width;
    let visible = 0;
    let drawn = 0;
    const size = markerSize();
    const sized = m === "events" && sizeColumn() !== null;
    let largest = size;
    for (const d of [state.primary, state.overlay]) {
      if (!d) continue;
      const source = d === state.overlay ? "overlay" : "primary";
      const hidden = hiddenFor(source);
      if (m === "duration" && d === state.primary) {
        for (const s of d.index.spans()) {
          if (hidden.includes(s.lane)) continue;
          const lane = laneNumber(source, s.lane);
          const x0 = state.x(s.first);
          const x1 = state.x(s.last);
          if (x1 < 0 || x0 > plotW) continue;
          const lh = plotH / Math.max(1, state.lanes.length);
          ctx.globalAlpha = 0.4;
          ctx.fillStyle = state.lanes[lane].colour;
          ctx.fillRect(Math.max(-1, x0), laneY(lane) - 0.15 * lh, Math.max(2, Math.min(plotW + 1, x1) - Math.max(-1, x0)), 0.3 * lh);
        }
      }
      const bins = d.index.bin(d0, d1, width, hidden);
      visible += bins.visible;
      drawn += bins.lane.length;
      const n = bins.lane.length;
      if (m === "values" && d === state.primary) {
        for (const kind of kinds()) {
          ctx.globalAlpha = 0.7;
          if (kind === "line") {
            ctx.lineWidth = 2;
            let k = 0;
            while (k < n) {
              const lane = bins.lane[k];
              ctx.strokeStyle = colourOfBin(d, bins, k);
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
              ctx.fillStyle = colourOfBin(d, bins, k);
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
              ctx.fillStyle = colourOfBin(d, bins, k);
              const px = bins.column[k] * colW + colW / 2 - 1;
              const top = yv(Math.max(0, bins.max[k]));
              const bottom = yv(Math.min(0, bins.min[k]));
              ctx.fillRect(px, Math.min(top, y0), 2, Math.max(1, Math.abs(bottom - top)));
            }
          }
        }
        ctx.globalAlpha = 1;
        continue;
      }
      const s = m === "duration" ? 5 : size;
      // One path per colour and opacity, filled once: a million events make at most
      // lanes × columns markers, and one fill per marker would dominate the frame.
      const batches = new Map();
      for (let k = 0; k < n; k++) {
        const lane = laneNumber(source, bins.lane[k]);
        // The overlay in values mode sits on the zero line.
        const py = m === "values" ? yv(0) : laneY(lane);
        const px = (bins.column[k] + 0.5) * colW;
        const colour = colourOfBin(d, bins, k);
        // k events drawn at alpha 0.5 on top of each other reach 1 − 0.5^k.
        const alpha = 1 - 0.5 ** Math.min(bins.count[k], 10);
        const key = `${alpha} ${colour}`;
        let batch = batches.get(key);
        if (!batch) {
          batch = { alpha, colour, path: new Path2D() };
          batches.set(key, batch);
        }
        const path = batch.path;
        let ks = s;
        if (sized && d === state.primary && Number.isFinite(bins.max[k])) {
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
    }
    state.largestMarker = largest;
    root.dataset.marker = String(largest);
    drawRefs(ctx, plotW, plotH);
    drawSelection();
    const total = (state.primary.info.events || 0) + (state.overlay ? state.overlay.info.events : 0);
    const sel = model.get("selected");
    const nsel = Array.isArray(sel) ? sel.length : 0;
    status.textContent = `${total.toLocaleString("en-US")} events · ${visible.toLocaleString("en-US")} in view${nsel ? ` · ${nsel.toLocaleString("en-US")} selected` : ""}`;
    root.dataset.visible = String(visible);
    root.dataset.bins = String(drawn);
    root.dataset.domain = `${d0},${d1}`;
    drawRange();
    root.dataset.drawMs = (performance.now() - started).toFixed(2);
    root.dataset.ready = "1";
  }

  function markers() {
    const out = [];
    const list = opt("ref_markers");
    if (Array.isArray(list)) {
      for (const mk of list) {
        if (!mk) continue;
        const t = toMs(Array.isArray(mk) ? mk[0] : mk.time);
        const label = Array.isArray(mk) ? mk[1] : mk.label;
        if (Number.isFinite(t)) out.push({ t, label: label === undefined || label === null ? `reference ${out.length}` : String(label) });
      }
    }
    const rt = toMs(opt("ref_time"));
    if (Number.isFinite(rt)) out.push({ t: rt, label: String(opt("ref_label")) });
    return out;
  }

  function drawRefs(ctx, plotW, plotH) {
    gRefs.selectAll("*").remove();
    markers().forEach((mk, i) => {
      const px = state.x(mk.t);
      if (px < -1 || px > plotW + 1) return;
      ctx.save();
      ctx.strokeStyle = "red";
      ctx.globalAlpha = 0.5;
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(px, 0);
      ctx.lineTo(px, plotH);
      ctx.stroke();
      ctx.restore();
      gRefs
        .append("text")
        .attr("class", "hk-ref")
        .attr("x", px + 2)
        .attr("y", 10 + 10 * i)
        .attr("font-size", "8pt")
        .attr("fill", "var(--hk-fg)")
        .text(`< ${clip(mk.label, MAX_LABEL)}`);
    });
  }

  // The overview only changes with the data, the size, the theme or the hidden lanes, so
  // it is redrawn when one of those changes; zooming just moves its brush.
  let overviewKey = "";
  function drawRange() {
    const { plotW, rangeH, dpr } = state.geom;
    const key = [plotW, rangeH, dpr, state.xr ? state.xr.domain().map(Number).join() : "", [...state.hidden].join(), state.lanes.map((l) => l.colour).join(), root.className, opt("range_tool"), state.generation].join("|");
    if (key !== overviewKey) {
      overviewKey = key;
      const ctx = rangeCanvas.getContext("2d");
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, plotW, rangeH);
      gRangeAxis.selectAll("*").remove();
      if (!state.xr || !opt("range_tool")) return;
      const [r0, r1] = state.xr.domain().map(Number);
      const n = Math.max(1, state.lanes.length);
      for (const d of [state.primary, state.overlay]) {
        if (!d) continue;
        const source = d === state.overlay ? "overlay" : "primary";
        const bins = d.index.bin(r0, r1, Math.max(1, Math.floor(plotW)), hiddenFor(source));
        ctx.globalAlpha = 0.8;
        for (let k = 0; k < bins.lane.length; k++) {
          const lane = laneNumber(source, bins.lane[k]);
          const py = rangeH - ((lane + 0.5) / n) * rangeH;
          ctx.fillStyle = colourOfBin(d, bins, k);
          ctx.beginPath();
          ctx.arc(bins.column[k] + 0.5, py, 1, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
      ctx.globalAlpha = 1;
      gRangeAxis.attr("transform", `translate(0,${rangeH})`).call(axisBottom(state.xr).ticks(Math.max(2, Math.floor(plotW / 110))).tickFormat(tickFormat(r1 - r0)));
    }
    if (state.x && state.xr && opt("range_tool")) {
      const [a, b] = state.x.domain();
      const sel = [Math.max(0, state.xr(a)), Math.min(plotW, state.xr(b))];
      state.syncing = true;
      if (sel[1] - sel[0] >= 1) gRangeBrush.call(rangeBrush.move, sel);
      else gRangeBrush.call(rangeBrush.move, null);
      state.syncing = false;
    }
  }

  function drawSelection() {
    if (!state.selection || !state.x) {
      brushRect.attr("visibility", "hidden");
      return;
    }
    const a = state.x(state.selection[0]);
    const b = state.x(state.selection[1]);
    brushRect
      .attr("visibility", "visible")
      .attr("x", Math.min(a, b))
      .attr("y", 0)
      .attr("width", Math.max(1, Math.abs(b - a)))
      .attr("height", state.geom.plotH);
  }

  function scheduleDraw() {
    if (!state.frame && !state.destroyed) state.frame = requestAnimationFrame(draw);
  }

  // ---- interaction --------------------------------------------------------------------

  const zoomBehaviour = d3zoom()
    .scaleExtent([0.05, 1e9])
    .filter((e) => (e.type === "wheel" || (!e.shiftKey && !state.selectMode)) && !e.button && !e.ctrlKey)
    .on("zoom", (e) => {
      if (!state.x0) return;
      state.x = e.transform.rescaleX(state.x0);
      hideTip();
      scheduleDraw();
    });
  svg.call(zoomBehaviour).on("dblclick.zoom", null);
  const zoomTransform = () => svgNode.__zoom || zoomIdentity;

  function setDomain(t0, t1) {
    if (!state.x0 || !(t1 > t0)) return;
    const x0 = state.x0;
    const k = (x0(new Date(x0.domain()[1])) - x0(new Date(x0.domain()[0]))) / (x0(new Date(t1)) - x0(new Date(t0)));
    const t = zoomIdentity.scale(k).translate(-x0(new Date(t0)), 0);
    svg.call(zoomBehaviour.transform, t);
  }

  const rangeBrush = brushX().on("brush end", (e) => {
    if (state.syncing || !e.sourceEvent || !e.selection || !state.xr) return;
    const [a, b] = e.selection.map((p) => Number(state.xr.invert(p)));
    setDomain(a, b);
  });

  resetBtn.addEventListener("click", () => {
    svg.call(zoomBehaviour.transform, zoomIdentity);
  });
  selectBtn.addEventListener("click", () => {
    state.selectMode = !state.selectMode;
    selectBtn.setAttribute("aria-pressed", String(state.selectMode));
    svgNode.style.cursor = state.selectMode ? "crosshair" : "";
  });

  function publishSelection(sel) {
    const rows = [];
    const overlayRows = [];
    let truncated = false;
    if (sel && state.primary) {
      const r = state.primary.index.select(sel[0], sel[1], hiddenFor("primary"));
      rows.push(...r.rows);
      truncated = r.truncated;
      if (state.overlay) {
        const o = state.overlay.index.select(sel[0], sel[1], hiddenFor("overlay"));
        overlayRows.push(...o.rows);
      }
    }
    model.set("selected", rows);
    model.set("selected_indices", rows);
    model.set("selected_overlay", overlayRows);
    model.set("selected_range", sel ? [new Date(sel[0]).toISOString(), new Date(sel[1]).toISOString()] : []);
    model.save_changes();
    el.dispatchEvent(new CustomEvent("huntkit:select", { detail: { rows, overlayRows, range: sel, truncated }, bubbles: true }));
    scheduleDraw();
  }

  let drag = null;
  const onDown = (e) => {
    if (e.button !== 0 || !(e.shiftKey || state.selectMode) || !state.x) return;
    const r = svgNode.getBoundingClientRect();
    drag = { x: e.clientX - r.left };
    svgNode.setPointerCapture(e.pointerId);
    e.preventDefault();
    e.stopPropagation();
  };
  const onUp = (e) => {
    if (!drag) return;
    const r = svgNode.getBoundingClientRect();
    const x1 = Math.max(0, Math.min(state.geom.plotW, e.clientX - r.left));
    const x0 = Math.max(0, Math.min(state.geom.plotW, drag.x));
    drag = null;
    if (Math.abs(x1 - x0) < 3) {
      state.selection = null;
      publishSelection(null);
      return;
    }
    const t0 = Number(state.x.invert(Math.min(x0, x1)));
    const t1 = Number(state.x.invert(Math.max(x0, x1)));
    state.selection = [t0, t1];
    publishSelection(state.selection);
  };
  const onMove = (e) => {
    if (drag) {
      const r = svgNode.getBoundingClientRect();
      const x = Math.max(0, Math.min(state.geom.plotW, e.clientX - r.left));
      brushRect
        .attr("visibility", "visible")
        .attr("x", Math.min(x, drag.x))
        .attr("y", 0)
        .attr("width", Math.abs(x - drag.x))
        .attr("height", state.geom.plotH);
      return;
    }
    hover(e);
  };
  const onKey = (e) => {
    if (e.key === "Escape" && state.selection) {
      state.selection = null;
      publishSelection(null);
    }
  };
  svgNode.addEventListener("pointerdown", onDown, true);
  svgNode.addEventListener("pointerup", onUp);
  svgNode.addEventListener("pointermove", onMove);
  svgNode.addEventListener("pointerleave", () => hideTip());
  root.tabIndex = 0;
  root.addEventListener("keydown", onKey);

  function hideTip() {
    tip.style.display = "none";
  }

  function tooltipColumns(d) {
    const table = d.table;
    const isOverlay = d === state.overlay;
    const timeCol = isOverlay ? String(opt("overlay_time_column") || opt("time_column")) : String(opt("time_column"));
    let cols = asList(isOverlay ? opt("overlay_columns") : opt("source_columns"));
    if (!cols.length) {
      const dflt = ["NewProcessName", "EventID", "CommandLine"];
      if (dflt.every((c) => table.getChild(c))) cols = dflt;
    }
    const out = [timeCol];
    if (!isOverlay && mode() === "values" && opt("value_column")) out.push(String(opt("value_column")));
    for (const c of cols) if (!out.includes(c)) out.push(c);
    return out.filter((c) => table.getChild(c));
  }

  function hover(e) {
    if (!state.x || !state.primary) return;
    const r = svgNode.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    const { plotW, plotH } = state.geom;
    if (px < 0 || py < 0 || px > plotW || py > plotH) return hideTip();
    const m = mode();
    const t = Number(state.x.invert(px));
    const msPerPx = (Number(state.x.domain()[1]) - Number(state.x.domain()[0])) / plotW;
    const size = m === "duration" ? 5 : Math.max(markerSize(), state.largestMarker || 0);
    const tol = (size / 2 + 2) * msPerPx;
    let best = null;
    const n = Math.max(1, state.lanes.length);
    if (m === "values") {
      for (let i = 0; i < state.lanes.length; i++) {
        const l = state.lanes[i];
        if (state.hidden.has(i) || l.source !== "primary") continue;
        for (const row of state.primary.index.hit(l.lane, t, tol, 20)) {
          const v = Number(state.primary.table.getChild(String(opt("value_column")))?.get(row));
          if (!Number.isFinite(v)) continue;
          const dist = Math.abs(state.yValues(v) - py);
          if (dist <= 8 && (!best || dist < best.dist)) best = { d: state.primary, rows: [row], dist };
        }
      }
    } else {
      const lane = Math.floor((plotH - py) / (plotH / n));
      const l = state.lanes[lane];
      if (l && !state.hidden.has(lane) && Math.abs(laneY(lane) - py) <= Math.max(size / 2 + 2, 6)) {
        const d = l.source === "overlay" ? state.overlay : state.primary;
        const rows = d.index.hit(l.lane, t, tol, 6);
        if (rows.length) best = { d, rows };
      }
    }
    if (!best) return hideTip();
    const cols = tooltipColumns(best.d);
    tip.replaceChildren();
    const row = best.rows[0];
    for (const c of cols) {
      const line = h("div");
      line.append(h("span", "hk-k", `${clip(c, MAX_LABEL)}: `), h("span", null, wrap(clip(cellText(best.d.table, c, row), MAX_TEXT))));
      tip.appendChild(line);
    }
    if (best.rows.length > 1) tip.appendChild(h("div", "hk-more", `+${best.rows.length - 1} more events here`));
    tip.style.display = "block";
    const mr = main.getBoundingClientRect();
    const rr = root.getBoundingClientRect();
    let left = mr.left - rr.left + state.geom.labelW + px + 14;
    if (left + 460 > rr.width) left = Math.max(0, mr.left - rr.left + state.geom.labelW + px - 14 - Math.min(460, tip.offsetWidth || 300));
    tip.style.left = `${left}px`;
    tip.style.top = `${mr.top - rr.top + py + 12}px`;
    root.dataset.hoverRow = String(row);
  }

  // ---- theme and size -----------------------------------------------------------------

  function applyTheme() {
    const t = opt("theme");
    const dark = t === "dark" || (t !== "light" && isDarkPage());
    root.classList.toggle("hk-dark", dark);
    scheduleDraw();
  }
  const themeObserver = typeof MutationObserver === "function" ? new MutationObserver(applyTheme) : null;
  if (themeObserver && document.body) themeObserver.observe(document.body, { attributes: true, attributeFilter: ["class", "data-jp-theme-light", "data-jp-theme-name"] });
  const mq = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
  if (mq && mq.addEventListener) mq.addEventListener("change", applyTheme);

  let lastW = -1;
  const resizeObserver = typeof ResizeObserver === "function"
    ? new ResizeObserver(() => {
      const w = el.clientWidth;
      if (w !== lastW && !(Number(opt("width")) > 0)) {
        lastW = w;
        relayout();
      }
    })
    : null;
  if (resizeObserver) resizeObserver.observe(el);

  function relayout() {
    if (state.destroyed) return;
    try {
      layout();
      scheduleDraw();
    } catch (e) {
      showError(e);
    }
  }

  function reindex() {
    // Row positions from the previous index mean nothing for the new one.
    const stale = Array.isArray(model.get("selected")) && model.get("selected").length > 0;
    try {
      showError(null);
      buildIndexes();
      if (stale) publishSelection(null);
      svg.call(zoomBehaviour.transform, zoomIdentity);
      relayout();
    } catch (e) {
      freeIndexes();
      state.primary = null;
      state.overlay = null;
      state.lanes = [];
      showError(e);
      relayout();
    }
  }

  function reload() {
    try {
      loadData();
    } catch (e) {
      primaryData = null;
      overlayData = null;
      showError(e);
      return;
    }
    reindex();
  }

  const onData = () => reload();
  const onIndexOpt = () => reindex();
  const onViewOpt = () => {
    // `size` may name a column: the index carries that column, so re-index when it changes.
    if (sizeColumn() !== state.indexedSize) return reindex();
    if (state.primary) setLanes();
    relayout();
    applyTheme();
  };

  loadEngine().then(
    (engine) => {
      if (state.destroyed) return;
      state.engine = engine;
      on("change:data", onData);
      on("change:overlay_data", onData);
      for (const k of INDEX_KEYS) on(`change:${k}`, onIndexOpt);
      for (const k of VIEW_KEYS) on(`change:${k}`, onViewOpt);
      applyTheme();
      reload();
    },
    (e) => showError(e),
  );

  return () => {
    state.destroyed = true;
    if (state.frame) cancelAnimationFrame(state.frame);
    for (const [name, cb] of listeners) model.off(name, cb);
    if (themeObserver) themeObserver.disconnect();
    if (mq && mq.removeEventListener) mq.removeEventListener("change", applyTheme);
    if (resizeObserver) resizeObserver.disconnect();
    svg.on(".zoom", null);
    freeIndexes();
    root.remove();
  };
}

export default { render };
