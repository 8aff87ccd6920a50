// Pointer, wheel and keys: wheel zoom and drag pan of the time axis (main plot and score
// panel together), the range selector's brush, Reset and Select, Shift+drag (or Select
// mode) range selection, clicking a point, hover, and ←/→ between anomalies (Escape
// clears the selection).
import { brushX } from "d3-brush";
import { select as d3select } from "d3-selection";
import { zoom as d3zoom, zoomIdentity } from "d3-zoom";
import { nextAnomaly } from "./model.js";

const MIN_DRAG = 3; // pixels: a shorter drag is a click

/** The time range of a drag from `x0` to `x1` (plot pixels, clamped to `plotW`), or null when shorter than 3 pixels. */
export function dragRange(x, plotW, x0, x1) {
  const a = Math.max(0, Math.min(plotW, x0));
  const b = Math.max(0, Math.min(plotW, x1));
  if (Math.abs(b - a) < MIN_DRAG) return null;
  return [Number(x.invert(Math.min(a, b))), Number(x.invert(Math.max(a, b)))];
}

/**
 * Attaches the handlers. `selection` is the view's (selection.js), `tooltip` its tooltip.
 * Returns `{ fit(), resetZoom(), centreOn(t), detach() }` and sets `view.syncRangeBrush`.
 */
export function createInteraction(view, scheduleDraw, selection, tooltip) {
  const { dom, state } = view;
  const { root, plots, resetBtn, selectBtn } = dom;
  const svgs = [dom.main.svgNode, dom.score.svgNode];
  const cleanups = [];
  const listen = (node, type, fn, opts) => {
    node.addEventListener(type, fn, opts);
    cleanups.push(() => node.removeEventListener(type, fn, opts));
  };

  // d3-zoom measures the pointer from the plots block's corner, the scales from the plot
  // area's, `geom.left` pixels further right: transforms are converted between the two.
  const left = () => state.geom?.left ?? 0;
  const toPlot = (t) => zoomIdentity.translate(t.x + left() * (t.k - 1), 0).scale(t.k);
  const fromPlot = (t) => zoomIdentity.translate(t.x - left() * (t.k - 1), 0).scale(t.k);

  // The legend sits over the main plot: its clicks toggle layers, nothing else.
  const inLegend = (e) => Boolean(dom.legend.contains?.(e.target));

  const zoom = d3zoom()
    .scaleExtent([1, 1e9])
    .filter((e) => (e.type === "wheel" || (!e.shiftKey && !state.selectMode)) && !e.button && !e.ctrlKey && !inLegend(e))
    .on("zoom", (e) => {
      if (!state.x0) return;
      state.x = toPlot(e.transform).rescaleX(state.x0);
      tooltip.hide();
      scheduleDraw();
    });
  const plotsSel = d3select(plots);
  plotsSel.call(zoom).on("dblclick.zoom", null);
  const zoomTo = (transform) => plotsSel.call(zoom.transform, transform);

  // Zooms to [t0, t1] (epoch ms): the scale mapping it onto the whole data's pixels.
  function setDomain(t0, t1) {
    if (!state.x0 || !(t1 > t0)) return;
    const x0 = state.x0;
    const [d0, d1] = x0.domain().map(Number);
    const k = Math.max(1, (x0(d1) - x0(d0)) / (x0(t1) - x0(t0)));
    zoomTo(fromPlot(zoomIdentity.translate(-x0(t0) * k, 0).scale(k)));
  }

  const rangeBrush = brushX().on("brush end", (e) => {
    if (state.syncing || !e.sourceEvent || !e.selection || !state.xr) return;
    const [a, b] = e.selection.map((p) => Number(state.xr.invert(p)));
    setDomain(a, b);
  });
  let brushAt = "";
  view.syncRangeBrush = () => {
    if (!state.xr || !state.x || !state.geom.rangeH) return;
    const [d0, d1] = state.x.domain();
    const px = [Math.max(0, state.xr(d0)), Math.min(state.geom.plotW, state.xr(d1))];
    const key = `${px}|${state.layoutVersion}`;
    if (key === brushAt) return;
    brushAt = key;
    state.syncing = true;
    dom.rangePlot.gBrush.call(rangeBrush.move, px);
    state.syncing = false;
  };

  const resetZoom = () => zoomTo(zoomIdentity);
  listen(resetBtn, "click", resetZoom);
  listen(selectBtn, "click", () => {
    state.selectMode = !state.selectMode;
    selectBtn.setAttribute("aria-pressed", String(state.selectMode));
    plots.style.cursor = state.selectMode ? "crosshair" : "";
  });

  // A range-selection drag, from where it started in plot pixels.
  let drag = null;
  let justDragged = false;
  const plotX = (e) => e.clientX - dom.main.svgNode.getBoundingClientRect().left - state.geom.left;
  listen(plots, "pointerdown", (e) => {
    if (e.button !== 0 || !(e.shiftKey || state.selectMode) || !state.x || inLegend(e)) return;
    drag = { x: plotX(e) };
    plots.setPointerCapture?.(e.pointerId);
    e.preventDefault();
  }, true);
  listen(plots, "pointermove", (e) => {
    if (!drag) {
      if (inLegend(e)) return tooltip.hide();
      const svg = svgs.find((s) => s.contains?.(e.target)) ?? dom.main.svgNode;
      tooltip.hover(e, svg);
      return;
    }
    const x = Math.max(0, Math.min(state.geom.plotW, plotX(e)));
    dom.main.brush.attr("visibility", "visible").attr("x", Math.min(x, drag.x)).attr("y", 0)
      .attr("width", Math.abs(x - drag.x)).attr("height", state.geom.mainH);
  });
  listen(plots, "pointerup", (e) => {
    if (!drag) return;
    const sel = dragRange(state.x, state.geom.plotW, drag.x, plotX(e));
    drag = null;
    dom.main.brush.attr("visibility", "hidden");
    if (sel) {
      justDragged = true;
      selection.range(sel[0], sel[1]);
    }
  });
  listen(plots, "pointerleave", () => tooltip.hide());
  listen(plots, "click", (e) => {
    if (justDragged || inLegend(e)) {
      justDragged = false;
      return;
    }
    const svg = svgs.find((s) => s.contains?.(e.target)) ?? dom.main.svgNode;
    const k = tooltip.pointAt(e, svg);
    state.cursor = -1;
    if (k >= 0) selection.point(k);
    else selection.clear();
  });

  // Moves the view, keeping its span, so that time t is in its middle.
  function centreOn(t) {
    const [d0, d1] = state.x.domain().map(Number);
    if (t >= d0 && t <= d1) return;
    const half = (d1 - d0) / 2;
    setDomain(t - half, t + half);
  }

  listen(root, "keydown", (e) => {
    if (!state.series || e.target?.tagName === "INPUT" || e.target?.tagName === "TEXTAREA") return;
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      const [d0, d1] = state.x.domain().map(Number);
      const k = nextAnomaly(state, e.key === "ArrowRight" ? 1 : -1, (d0 + d1) / 2);
      e.preventDefault();
      if (k < 0) return;
      state.cursor = k;
      centreOn(state.series.times[k]);
      selection.point(k);
      tooltip.show(k);
    } else if (e.key === "Escape") {
      selection.clear();
      tooltip.hide();
    }
  });

  function fit() {
    const { plotW, mainH, scoreH, rangeH } = state.geom;
    if (state.x0) {
      state.x0.range([0, plotW]);
      state.x = toPlot(plots.__zoom || zoomIdentity).rescaleX(state.x0);
    }
    if (state.xr) state.xr.range([0, plotW]);
    const l = left();
    zoom.extent([[l, 0], [l + plotW, mainH + scoreH]]).translateExtent([[l, -Infinity], [l + plotW, Infinity]]);
    rangeBrush.extent([[0, 0], [plotW, Math.max(1, rangeH)]]);
    dom.rangePlot.gBrush.call(rangeBrush);
  }

  return {
    fit,
    resetZoom,
    centreOn,
    detach() {
      plotsSel.on(".zoom", null);
      for (const c of cleanups) c();
    },
  };
}
