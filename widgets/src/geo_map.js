// huntkit GeoMap view: an anywidget (AFM) module. GeoIP points (a lookup's Latitude and
// Longitude) on an offline world basemap (Natural Earth countries bundled from
// world-atlas, projected with d3-geo) on a canvas: wheel zooms, drag pans, points cluster
// on screen at low zoom (count badges) and split as the user zooms in; hover describes a
// point or a cluster as text; click, Ctrl+click and Shift+drag select; rows without
// coordinates are counted and listed as not located. `result` is the located rows with
// `source_row` and `cluster` (result.js); `selected_indices` input row positions.
//
// The modules (geo_map/): options.js, the points in points.js, the basemap in basemap.js,
// clustering and hit tests in cluster.js, drawing in draw.js, the DOM in dom.js.
import { select } from "d3-selection";
import { zoom, zoomIdentity } from "d3-zoom";
import { cellText, hasColumn, toData } from "./common/arrow.js";
import { exportButtons } from "./common/export.js";
import { createLifecycle, followWidth, saveTraits } from "./common/lifecycle.js";
import { createRowSelection } from "./common/row-selection.js";
import { followTheme } from "./common/theme.js";
import { BASEMAP_COLOURS, createBasemap } from "./geo_map/basemap.js";
import { clusterPoints, hitCluster, pointsInBox } from "./geo_map/cluster.js";
import { createDom, fillLegend, fillMissing, fillTip, statusText, tipLines } from "./geo_map/dom.js";
import { drawPoints } from "./geo_map/draw.js";
import { DATA_KEYS, DRAW_KEYS, FRAME_KEYS, GEOIP_COLUMNS, readOptions } from "./geo_map/options.js";
import { baseXY, colourScale, labelOf, readPoints } from "./geo_map/points.js";
import { resultBytes } from "./geo_map/result.js";

const RESULT_PAUSE = 250; // ms after the zoom settles before `result` is rebuilt
const MAX_ZOOM = 256;

const later = typeof requestAnimationFrame === "function" ? (cb) => requestAnimationFrame(cb) : (cb) => setTimeout(cb, 0);
const cancel = typeof cancelAnimationFrame === "function" ? (id) => cancelAnimationFrame(id) : (id) => clearTimeout(id);

function render({ model, el }) {
  const dom = createDom(el);
  const state = {
    engine: null, table: null, points: null, base: null, basemap: null, colours: [], scale: null,
    t: zoomIdentity, clusters: [], of: new Int32Array(0), dark: false, width: 0, height: 0, hover: -1, destroyed: false,
  };
  const { cleanup, onChange, showError, start, destroy } = createLifecycle(model, dom, state);
  let opts = readOptions(model);
  let pending = null;
  let resultTimer = null;
  const ctx = dom.canvas.getContext("2d");
  const selection = createRowSelection(model, { rowCount: () => state.table?.numRows ?? 0, onChange: () => {
    schedule();
    status();
  } });
  cleanup(selection.leave);
  cleanup(followTheme(dom.root, model, (dark) => {
    state.dark = dark;
    recolour();
    schedule();
  }));
  cleanup(followWidth(el, () => Boolean(opts.width), () => resize()));
  for (const b of exportButtons(() => dom.root, "geo_map")) dom.bar.insertBefore(b, dom.status);

  const zoomer = zoom()
    .scaleExtent([1, MAX_ZOOM])
    .filter((e) => !e.shiftKey && (!e.ctrlKey || e.type === "wheel") && !e.button)
    .on("zoom", (e) => {
      state.t = e.transform;
      hideTip();
      schedule();
      clearTimeout(resultTimer);
      resultTimer = setTimeout(sendResult, RESULT_PAUSE);
    });
  select(dom.canvas).call(zoomer).on("dblclick.zoom", null);

  const colours = () => BASEMAP_COLOURS[state.dark ? "dark" : "light"];

  function status() {
    dom.status.textContent = statusText(state.table ? state.table.numRows : null, state.points?.rows.length ?? 0, state.clusters.length, selection.count());
  }

  function recolour() {
    if (!state.points) {
      fillLegend(dom.legend, null, []);
      return;
    }
    state.scale = colourScale(state.points.keys, state.dark);
    state.colours = opts.colour ? state.points.keys.map(state.scale.colourOf) : state.points.keys.map(() => colours().point);
    fillLegend(dom.legend, opts.colour, opts.colour ? state.scale.values.map((v) => [v, state.scale.colourOf(v)]) : []);
  }

  function schedule() {
    if (pending === null && !state.destroyed) pending = later(draw);
  }

  function draw() {
    pending = null;
    if (state.destroyed) return;
    const t0 = performance.now();
    const dpr = globalThis.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, state.width, state.height);
    state.basemap?.draw(ctx, state.t, colours());
    if (state.base) {
      const { clusters, of } = clusterPoints(state.base.bx, state.base.by, state.t, opts.cluster ? opts.clusterRadius : 0, state);
      state.clusters = clusters;
      state.of = of;
      drawPoints(ctx, clusters, state.colours, (i) => selection.has(state.points.rows[i]), colours(), state.hover);
    }
    dom.root.dataset.drawMs = (performance.now() - t0).toFixed(1);
    status();
  }

  function size() {
    const w = opts.width ?? (el.clientWidth || dom.stage.clientWidth || 800);
    state.width = Math.max(200, Math.floor(w - 10));
    state.height = opts.height;
    const dpr = globalThis.devicePixelRatio || 1;
    dom.canvas.width = Math.round(state.width * dpr);
    dom.canvas.height = Math.round(state.height * dpr);
    dom.canvas.style.width = `${state.width}px`;
    dom.canvas.style.height = `${state.height}px`;
    zoomer.extent([[0, 0], [state.width, state.height]]).translateExtent([[0, 0], [state.width, state.height]]);
  }

  function resize() {
    if (state.destroyed) return;
    size();
    state.basemap = createBasemap(state.width, state.height, opts.projection);
    state.base = state.points ? baseXY(state.points, state.basemap.project) : null;
    schedule();
  }

  function frame() {
    dom.title.textContent = opts.title;
    dom.title.hidden = !opts.title;
    dom.root.style.width = opts.width ? `${opts.width}px` : "";
  }

  function sendResult() {
    resultTimer = null;
    if (!state.table || !state.points || state.destroyed) return;
    try {
      // The clusters of the zoom the user settled on (drawn or not yet).
      const { of } = state.base ? clusterPoints(state.base.bx, state.base.by, state.t, opts.cluster ? opts.clusterRadius : 0) : { of: new Int32Array(0) };
      saveTraits(model, { result: resultBytes(state.table, state.points, of, state.engine) });
    } catch (e) {
      showError(e);
    }
  }

  /** The tooltip's columns for point i: `source_columns`, else the GeoIP lookup's. */
  function fields(i) {
    const table = state.table;
    const names = opts.sources.length ? opts.sources : GEOIP_COLUMNS.filter((c) => hasColumn(table, c) && c !== opts.label);
    const row = state.points.rows[i];
    const out = names.filter((c) => hasColumn(table, c)).map((c) => [c, cellText(table, c, row)]);
    if (opts.colour && !names.includes(opts.colour)) out.push([opts.colour, state.points.keys[i]]);
    out.push(["row", String(row)]);
    return out;
  }

  function hideTip() {
    dom.tip.hidden = true;
    if (state.hover !== -1) {
      state.hover = -1;
      schedule();
    }
  }

  function pointer(e) {
    const r = dom.canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  function hover(e) {
    if (!state.points || boxStart) return;
    const [x, y] = pointer(e);
    const c = hitCluster(state.clusters, x, y);
    if (c < 0) return hideTip();
    const members = state.clusters[c].members;
    fillTip(dom.tip, tipLines(members, (i) => state.points.labels[i], fields));
    dom.tip.hidden = false;
    const left = Math.min(x + 14, Math.max(0, state.width - 240));
    dom.tip.style.left = `${left}px`;
    dom.tip.style.top = `${Math.min(y + 14, Math.max(0, state.height - 60))}px`;
    if (state.hover !== c) {
      state.hover = c;
      schedule();
    }
  }

  function click(e) {
    if (!state.points) return;
    const [x, y] = pointer(e);
    const c = hitCluster(state.clusters, x, y);
    const rows = c < 0 ? [] : state.clusters[c].members.map((i) => state.points.rows[i]);
    if (e.ctrlKey || e.metaKey) {
      if (rows.length) selection.toggle(rows);
    } else selection.set(rows);
  }

  // Shift+drag: a box; the points inside are selected (Ctrl adds them).
  let boxStart = null;
  function boxDown(e) {
    if (!e.shiftKey || e.button || !state.points) return;
    boxStart = pointer(e);
    dom.canvas.setPointerCapture?.(e.pointerId);
    hideTip();
    e.preventDefault();
  }
  function boxMove(e) {
    if (!boxStart) return;
    const [x, y] = pointer(e);
    Object.assign(dom.box.style, {
      left: `${Math.min(x, boxStart[0])}px`, top: `${Math.min(y, boxStart[1])}px`,
      width: `${Math.abs(x - boxStart[0])}px`, height: `${Math.abs(y - boxStart[1])}px`,
    });
    dom.box.hidden = false;
  }
  function boxUp(e) {
    if (!boxStart) return;
    const [x, y] = pointer(e);
    const [x0, y0] = boxStart;
    boxStart = null;
    dom.box.hidden = true;
    if (Math.abs(x - x0) < 3 && Math.abs(y - y0) < 3) return;
    const rows = pointsInBox(state.base.bx, state.base.by, state.t, x0, y0, x, y).map((i) => state.points.rows[i]);
    if (e.ctrlKey || e.metaKey) selection.set([...selection.rows(), ...rows]);
    else selection.set(rows);
    suppressClick = true;
  }
  let suppressClick = false;

  dom.canvas.addEventListener("pointermove", (e) => {
    boxMove(e);
    hover(e);
  });
  dom.canvas.addEventListener("pointerleave", hideTip);
  dom.canvas.addEventListener("pointerdown", boxDown);
  dom.canvas.addEventListener("pointerup", boxUp);
  dom.canvas.addEventListener("click", (e) => {
    if (suppressClick || e.shiftKey) {
      suppressClick = false;
      return;
    }
    click(e);
  });
  dom.canvas.addEventListener("keydown", (e) => {
    if (e.key === "Escape") selection.clear();
    else if (e.key === "+" || e.key === "=") select(dom.canvas).call(zoomer.scaleBy, 2);
    else if (e.key === "-") select(dom.canvas).call(zoomer.scaleBy, 0.5);
    else return;
    e.preventDefault();
  });
  dom.resetBtn.addEventListener("click", () => select(dom.canvas).call(zoomer.transform, zoomIdentity));
  dom.clearBtn.addEventListener("click", () => selection.clear());

  function load() {
    dom.root.dataset.ready = "0";
    showError(null);
    state.table = null;
    state.points = null;
    state.base = null;
    state.clusters = [];
    try {
      const data = toData(model.get("data"), state.engine);
      if (data) {
        state.points = readPoints(data.table, opts);
        state.table = data.table;
      }
    } catch (e) {
      showError(e);
    }
    selection.reset();
    recolour();
    fillMissing(dom, state.points?.missing.length ?? 0, state.points ? state.points.missing.slice(0, 200).map((r) => labelOf(state.table, opts, r)) : []);
    resize();
    if (pending !== null) {
      cancel(pending);
      pending = null;
    }
    draw();
    clearTimeout(resultTimer);
    sendResult(); // at once: `result` is there when the view says it is drawn
    dom.root.dataset.ready = "1";
  }

  frame();
  size();
  start(
    () => {
      onChange(["data", ...DATA_KEYS], () => {
        opts = readOptions(model);
        load();
      });
      onChange(DRAW_KEYS, () => {
        const before = opts.projection;
        opts = readOptions(model);
        if (before !== opts.projection) resize();
        schedule();
        clearTimeout(resultTimer);
        resultTimer = setTimeout(sendResult, RESULT_PAUSE);
      });
      onChange(FRAME_KEYS, () => {
        opts = readOptions(model);
        frame();
        resize();
      });
      load();
    },
    (e) => {
      showError(e);
      dom.root.dataset.ready = "1";
    },
  );

  return destroy(() => {
    clearTimeout(resultTimer);
    if (pending !== null) cancel(pending);
    select(dom.canvas).on(".zoom", null);
  });
}

export default { render };
