// Interaction: wheel zoom and drag pan of the time axis, the range selector's brush, the
// Reset and Select buttons, Shift+drag (or Select-mode) range selection, Escape, and lane
// toggling from the legend. A selection is written back to the model as row positions.
import { brushX } from "d3-brush";
import { zoom as d3zoom, zoomIdentity } from "d3-zoom";
import { hiddenFor } from "./model.js";

const MIN_DRAG = 3; // pixels: a shorter drag clears the selection instead

/**
 * Writes the selection of time range `sel` (or none, with null) to the model: the rows of
 * the visible lanes in that range, as positions in input order from the engine's indexes,
 * in `selected` and `selected_indices` (`selected_overlay` for the overlay), and the range
 * in `selected_range`. Saves it, and tells the page with a `huntkit:select` event on the
 * host element `el`.
 */
export function publishSelection({ model, el, state }, sel) {
  const rows = [];
  const overlayRows = [];
  let truncated = false;
  if (sel && state.primary) {
    const r = state.primary.index.select(sel[0], sel[1], hiddenFor(state, "primary"));
    rows.push(...r.rows);
    truncated = r.truncated;
    if (state.overlay) {
      const o = state.overlay.index.select(sel[0], sel[1], hiddenFor(state, "overlay"));
      overlayRows.push(...o.rows);
    }
  }
  model.set("selected", rows);
  model.set("selected_indices", rows);
  model.set("selected_overlay", overlayRows);
  model.set("selected_range", sel ? sel.map((t) => new Date(t).toISOString()) : []);
  model.save_changes();
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
 * Attaches the view's pointer, wheel, button and key handlers, and sets `view.rangeBrush`.
 * `scheduleDraw()` asks for a frame; `tooltip` is the view's tooltip. Returns:
 * `fit()` fits the scales, the zoom and the range brush to the laid-out plot;
 * `resetZoom()` zooms back out to all the data; `publish(sel)` writes a selection to the
 * model and redraws; `toggleLane(i, button)` hides or shows a lane from its legend button;
 * `detach()` removes the zoom's handlers.
 */
export function createInteraction(view, scheduleDraw, tooltip) {
  const { dom, state } = view;
  const { root, svg, svgNode, brushRect, resetBtn, selectBtn, gRangeBrush } = dom;

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

  const resetZoom = () => zoomTo(zoomIdentity);
  resetBtn.addEventListener("click", resetZoom);
  selectBtn.addEventListener("click", () => {
    state.selectMode = !state.selectMode;
    selectBtn.setAttribute("aria-pressed", state.selectMode);
    svgNode.style.cursor = state.selectMode ? "crosshair" : "";
  });

  function publish(sel) {
    publishSelection(view, sel);
    scheduleDraw();
  }
  function select(sel) {
    state.selection = sel;
    publish(sel);
  }

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
  const onKey = (e) => {
    if (e.key === "Escape" && state.selection) select(null);
  };
  svgNode.addEventListener("pointerdown", onDown, true);
  svgNode.addEventListener("pointerup", onUp);
  svgNode.addEventListener("pointermove", onMove);
  svgNode.addEventListener("pointerleave", tooltip.hide);
  root.tabIndex = 0;
  root.addEventListener("keydown", onKey);

  function fit() {
    const { plotW, plotH, rangeH } = state.geom;
    if (state.x0) {
      state.x0.range([0, plotW]);
      // The zoom's current transform (identity before the first zoom).
      state.x = (svgNode.__zoom || zoomIdentity).rescaleX(state.x0);
    }
    if (state.xr) state.xr.range([0, plotW]);
    zoom.extent([[0, 0], [plotW, plotH]]);
    rangeBrush.extent([[0, 0], [plotW, rangeH]]);
    gRangeBrush.call(rangeBrush);
  }

  function toggleLane(i, button) {
    button.classList.toggle("hk-off", toggleHidden(state, i));
    if (state.selection) publish(state.selection);
    scheduleDraw();
  }

  return { fit, resetZoom, publish, toggleLane, detach: () => svg.on(".zoom", null) };
}
