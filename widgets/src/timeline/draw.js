// Drawing a frame: axes and grid lines, the bins of the visible time range (through the
// renderers in markers.js), reference lines, rings on rows linked views selected, the
// selection, the status line, and the range selector's overview.
import { TIME_LABEL, drawTimeAxis, drawValueAxis, timeTicks, valueScale } from "./axes.js";
import { laneY } from "./layout.js";
import { drawLinked } from "./linked.js";
import { drawMarkers, drawSpans, drawValues } from "./markers.js";
import { dataSets, hiddenFor } from "./model.js";
import { kindsOf, markerSizeOf, modeOf } from "./options.js";
import { createOverview } from "./overview.js";
import { drawRefs } from "./refs.js";

/** The status line: events in all, in view, selected, and marked from linked views. */
export function statusText(total, visible, selected, linked = 0) {
  const n = (v) => v.toLocaleString("en-US");
  return `${n(total)} events · ${n(visible)} in view${selected ? ` · ${n(selected)} selected` : ""}${linked ? ` · ${n(linked)} selected in linked views` : ""}`;
}

// The canvas's 2D context, cleared, in CSS pixels.
function clearCanvas(node, w, hh, dpr) {
  const ctx = node.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, hh);
  return ctx;
}

function strokeLines(ctx, colour, positions, line) {
  ctx.strokeStyle = colour;
  ctx.beginPath();
  for (const p of positions) line(Math.round(p) + 0.5);
  ctx.stroke();
}

/**
 * The view's frame renderer: `draw()` draws the plot for the current time domain and marks
 * the root `data-ready="1"`. It moves `view.rangeBrush` (set by the interaction module) to
 * the plot's domain.
 */
export function createDraw(view) {
  const { model, opt, dom, state } = view;
  const { root, canvas, status, gAxisX, gAxisY, gRefs, brushRect } = dom;
  const { dataset } = root;
  const drawRange = createOverview(view);
  const empty = (g) => g.selectAll("*").remove();

  // The selected time range, shaded over the plot.
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

  return function draw() {
    state.frame = 0;
    const started = performance.now();
    if (state.destroyed || !state.geom) return;
    const { plotW, plotH, labelW, dpr } = state.geom;
    const ctx = clearCanvas(canvas, plotW, plotH, dpr);
    // A canvas cannot read the stylesheet's custom properties: resolve the colours here.
    const style = getComputedStyle(root);
    const grid = style.getPropertyValue("--hk-grid").trim() || "rgba(0,0,0,.1)";
    if (!state.x || !state.primary) {
      status.textContent = state.primary ? "No data to plot." : "";
      empty(gAxisX);
      drawRange(clearCanvas);
      return;
    }
    const m = modeOf(opt);
    const [d0, d1] = state.x.domain().map(Number);
    drawTimeAxis(gAxisX, state.x, plotW, plotH, TIME_LABEL);
    ctx.lineWidth = 1;
    if (opt("xgrid") || m === "values") {
      strokeLines(ctx, grid, state.x.ticks(timeTicks(plotW)).map((t) => state.x(t)), (px) => {
        ctx.moveTo(px, 0);
        ctx.lineTo(px, plotH);
      });
    }
    const horizontal = (py) => {
      ctx.moveTo(0, py);
      ctx.lineTo(plotW, py);
    };
    let yv = null;
    empty(gAxisY);
    if (m === "values") {
      const v = valueScale(state.valueExtent, plotH);
      yv = v.yv;
      state.yValues = yv;
      if (opt("yaxis")) drawValueAxis(gAxisY, v, String(opt("value_column") ?? ""), labelW, plotH);
      strokeLines(ctx, grid, yv.ticks(v.count).map((t) => yv(t)), horizontal);
    } else if (opt("ygrid")) {
      strokeLines(ctx, grid, state.lanes.map((_, i) => laneY(plotH, state.lanes.length, i)), horizontal);
    }

    // Markers are binned per two pixels (at most a pixel off their exact time, under a
    // 10-pixel diamond), which halves what a dense frame rasterises; values stay per pixel.
    const width = Math.max(1, Math.floor(m === "values" ? plotW : plotW / 2));
    const colW = plotW / width;
    let visible = 0;
    let drawn = 0;
    let largest = markerSizeOf(opt);
    for (const [d, source] of dataSets(state)) {
      const hidden = hiddenFor(state, source);
      if (m === "duration" && d === state.primary) drawSpans(ctx, state, d, source, hidden);
      const bins = d.index.bin(d0, d1, width, hidden);
      visible += bins.visible;
      drawn += bins.lane.length;
      if (m === "values" && d === state.primary) drawValues(ctx, state, opt, d, bins, kindsOf(opt), yv, colW);
      else largest = Math.max(largest, drawMarkers(ctx, state, opt, d, source, bins, yv, colW));
    }
    state.largestMarker = largest;
    dataset.marker = largest;
    dataset.linked = drawLinked(ctx, state, opt, state.linked, yv, style.getPropertyValue("--hk-fg").trim() || "#1f2328");
    drawRefs(ctx, gRefs, state, opt);
    drawSelection();
    const total = (state.primary.info.events || 0) + (state.overlay ? state.overlay.info.events : 0);
    const sel = model.get("selected_indices");
    status.textContent = statusText(total, visible, Array.isArray(sel) ? sel.length : 0, state.linked ? state.linked.rows : 0);
    dataset.visible = visible;
    dataset.bins = drawn;
    dataset.domain = `${d0},${d1}`;
    dataset.lanes = state.lanes.length;
    dataset.plotH = plotH;
    drawRange(clearCanvas);
    dataset.drawMs = (performance.now() - started).toFixed(2);
    dataset.ready = "1";
  };
}
