// Interaction: wheel zoom and drag pan of the time axis, the range selector's brush, the
// Reset, Select and Clear buttons, Shift+drag (or Select-mode) range selection, and lane
// toggling. A selection is written back to the model as row positions and told to the
// link group. No key clears it: Escape is how Jupyter leaves edit mode, and a selection
// lost to it is lost silently; Clear is a visible button.
import { brushX } from "d3-brush";
import { zoom as d3zoom, zoomIdentity } from "d3-zoom";
import { saveTraits } from "../common/lifecycle.js";
import { hiddenFor } from "./model.js";
import { rowRecords } from "./output.js";

const MIN_DRAG = 3; // pixels: a shorter drag clears the selection instead

/**
 * Writes the selection of time range `sel` (or none, with null) to the model: the rows of
 * the visible lanes in that range, as positions in input order from the engine's indexes,
 * in `selected` and `selected_indices` (`selected_overlay` for the overlay), the range in
 * `selected_range`, and, when the kernel asks for them (`selected_rows_limit` > 0), the
 * rows' cells in `selected_rows`. Saves it, tells the link group (`view.link`), and tells
 * the page with a `huntkit:select` event on the host element `el`.
 */
export function publishSelection({ model, el, state, link }, sel) {
  // Array.from, not push(...rows): a selection can hold millions of rows, more than a
  // call's arguments may.
  let rows = [];
  let overlayRows = [];
  let truncated = false;
  if (sel && state.primary) {
    const r = state.primary.index.select(sel[0], sel[1], hiddenFor(state, "primary"));
    rows = Array.from(r.rows);
    truncated = r.truncated;
    if (state.overlay) overlayRows = Array.from(state.overlay.index.select(sel[0], sel[1], hiddenFor(state, "overlay")).rows);
  }
  const traits = {
    selected: rows,
    selected_indices: rows,
    selected_overlay: overlayRows,
    selected_range: sel ? sel.map((t) => new Date(t).toISOString()) : [],
  };
  const limit = Number(model.get("selected_rows_limit")) || 0;
  if (limit > 0 && state.primary?.table) traits.selected_rows = rowRecords(state.primary.table, rows, limit);
  saveTraits(model, traits);
  link?.publish(rows);
  el.dispatchEvent(new CustomEvent("huntkit:select", { detail: { rows, overlayRows, range: sel, truncated }, bubbles: true }));
}

/**
 * The time range a drag from `x0` to `x1` (plot pixels, clamped to the plot's width
 * `plotW`) selects under time scale `x`, or null for a drag shorter than 3 pixels.
 */
export function dragRange(x, plotW, x0, x1) {
  const a = Math.max(0, Math.min(plotW, x0));
  const b = Math.max(0, Math.min(plotW, x1));
  if (Math.abs(b - a) < MIN_DRAG) return null;
  return [Number(x.invert(Math.min(a, b))), Number(x.invert(Math.max(a, b)))];
}

/** Hides lane `i` if shown, shows it if hidden; returns whether it is hidden now. */
export function toggleHidden(state, i) {
  if (state.hidden.has(i)) state.hidden.delete(i);
  else state.hidden.add(i);
  return state.hidden.has(i);
}

/**
 * Attaches the view's pointer, wheel and button handlers, and sets `view.rangeBrush`.
 * `scheduleDraw()` asks for a frame; `tooltip` is the view's tooltip. Returns:
 * `fit()` fits the scales, the zoom and the range brush to the laid-out plot, keeping the
 * time range in view; `resetZoom()` goes back to the first view (`state.home`);
 * `publish(sel)` writes a selection to the model and redraws; `select(sel)` also shades it;
 * `toggleLane(i)` hides or shows lane `i`; `detach()` removes the zoom's handlers.
 */
export function createInteraction(view, scheduleDraw, tooltip) {
  const { dom, state } = view;
  const { svg, svgNode, brushRect, resetBtn, selectBtn, clearBtn, gRangeBrush } = dom;

  const zoom = d3zoom()
    .scaleExtent([0.05, 1e9])
    .filter((e) => (e.type === "wheel" || (!e.shiftKey && !state.selectMode)) && !e.button && !e.ctrlKey)
    .on("zoom", (e) => {
      if (!state.x0) return;
      state.x = e.transform.rescaleX(state.x0);
      tooltip.hide();
      scheduleDraw();
    });
  svg.call(zoom).on("dblclick.zoom", null);
  const zoomTo = (transform) => svg.call(zoom.transform, transform);

  // Zooms the plot to time range [t0, t1] (epoch ms): the scale that maps it onto the
  // whole data's pixels, translated to start there.
  function setDomain(t0, t1) {
    if (!state.x0 || !(t1 > t0)) return;
    const x0 = state.x0;
    const [d0, d1] = x0.domain();
    const k = (x0(d1) - x0(d0)) / (x0(t1) - x0(t0));
    zoomTo(zoomIdentity.scale(k).translate(-x0(t0), 0));
  }

  const rangeBrush = brushX().on("brush end", (e) => {
    if (state.syncing || !e.sourceEvent || !e.selection || !state.xr) return;
    const [a, b] = e.selection.map((p) => Number(state.xr.invert(p)));
    setDomain(a, b);
  });
  view.rangeBrush = rangeBrush;

  const resetZoom = () => {
    const home = state.home ?? state.x0?.domain().map(Number);
    if (home) setDomain(Number(home[0]), Number(home[1]));
  };
  resetBtn.addEventListener("click", resetZoom);
  selectBtn.addEventListener("click", () => {
    state.selectMode = !state.selectMode;
    selectBtn.setAttribute("aria-pressed", state.selectMode);
    svgNode.style.cursor = state.selectMode ? "crosshair" : "";
  });

  function publish(sel) {
    publishSelection(view, sel);
    clearBtn.disabled = !sel;
    scheduleDraw();
  }
  function select(sel) {
    state.selection = sel;
    publish(sel);
  }
  clearBtn.addEventListener("click", () => select(null));

  // A selection drag, from where it started in plot pixels; the shaded box follows it.
  let drag = null;
  const plotX = (e) => e.clientX - svgNode.getBoundingClientRect().left;
  const onDown = (e) => {
    if (e.button !== 0 || !(e.shiftKey || state.selectMode) || !state.x) return;
    drag = { x: plotX(e) };
    svgNode.setPointerCapture(e.pointerId);
    e.preventDefault();
    e.stopPropagation();
  };
  const onUp = (e) => {
    if (!drag) return;
    const x1 = plotX(e);
    const x0 = drag.x;
    drag = null;
    select(dragRange(state.x, state.geom.plotW, x0, x1));
  };
  const onMove = (e) => {
    if (drag) {
      const x = Math.max(0, Math.min(state.geom.plotW, plotX(e)));
      brushRect
        .attr("visibility", "visible")
        .attr("x", Math.min(x, drag.x))
        .attr("y", 0)
        .attr("width", Math.abs(x - drag.x))
        .attr("height", state.geom.plotH);
      return;
    }
    tooltip.hover(e);
  };
  svgNode.addEventListener("pointerdown", onDown, true);
  svgNode.addEventListener("pointerup", onUp);
  svgNode.addEventListener("pointermove", onMove);
  svgNode.addEventListener("pointerleave", tooltip.hide);

  function fit() {
    const { plotW, plotH, rangeH } = state.geom;
    const keep = state.x ? state.x.domain().map(Number) : null;
    zoom.extent([[0, 0], [plotW, plotH]]);
    rangeBrush.extent([[0, 0], [plotW, rangeH]]);
    if (state.xr) state.xr.range([0, plotW]);
    if (state.x0) {
      state.x0.range([0, plotW]);
      state.x = state.x0.copy();
      if (keep) setDomain(keep[0], keep[1]);
    }
    gRangeBrush.call(rangeBrush);
  }

  function toggleLane(i) {
    const hidden = toggleHidden(state, i);
    if (state.selection) publish(state.selection);
    scheduleDraw();
    return hidden;
  }

  return { fit, resetZoom, publish, select, toggleLane, detach: () => svg.on(".zoom", null) };
}
