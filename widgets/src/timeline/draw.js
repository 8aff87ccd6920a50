// Drawing a frame: axes and grid lines, the bins of the visible time range (through the
// renderers in markers.js), reference lines, the selection, the status line, and the range
// selector's overview.
import { axisBottom, axisLeft } from "d3-axis";
import { scaleLinear } from "d3-scale";
import { utcFormat } from "d3-time-format";
import { MAX_LABEL, clip } from "./dom.js";
import { laneY } from "./layout.js";
import { drawMarkers, drawSpans, drawValues } from "./markers.js";
import { colourOfBin, dataSets, hiddenFor, laneNumber } from "./model.js";
import { kindsOf, markerSizeOf, modeOf, referenceMarkers } from "./options.js";

/** Tick format chosen by the visible span (MSTICPy: days %m-%d %H:%M, down to ms). */
export function tickFormat(span) {
  if (span > 2 * 86400000) return utcFormat("%m-%d %H:%M");
  if (span > 5000) return utcFormat("%H:%M:%S");
  return utcFormat("%H:%M:%S.%L");
}

/** How many time ticks a plot `plotW` pixels wide gets: one per 110 pixels, at least two. */
export function timeTicks(plotW) {
  return Math.max(2, Math.floor(plotW / 110));
}

/** The status line: events in all, in view, and selected. */
export function statusText(total, visible, selected) {
  const n = (v) => v.toLocaleString("en-US");
  return `${n(total)} events · ${n(visible)} in view${selected ? ` · ${n(selected)} selected` : ""}`;
}

/**
 * The view's frame renderer: `draw()` draws the plot for the current time domain and marks
 * the root `data-ready="1"`. It moves `view.rangeBrush` (set by the interaction module) to
 * the plot's domain.
 */
export function createDraw(view) {
  const { model, opt, dom, state } = view;
  const { root, canvas, status, gAxisX, gAxisY, gRefs, brushRect, rangeCanvas, gRangeAxis, gRangeBrush } = dom;
  const { dataset } = root;

  // The canvas's 2D context, cleared, in CSS pixels.
  function clearCanvas(node, w, hh, dpr) {
    const ctx = node.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, hh);
    return ctx;
  }
  const empty = (g) => g.selectAll("*").remove();

  function strokeLines(ctx, colour, positions, line) {
    ctx.strokeStyle = colour;
    ctx.beginPath();
    for (const p of positions) line(Math.round(p) + 0.5);
    ctx.stroke();
  }

  // Red dashed reference lines on the canvas, each labelled (as SVG text) at its top.
  function drawRefs(ctx) {
    const { plotW, plotH } = state.geom;
    empty(gRefs);
    referenceMarkers(opt).forEach((mk, i) => {
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
      const ctx = clearCanvas(rangeCanvas, plotW, rangeH, dpr);
      empty(gRangeAxis);
      if (!state.xr || !opt("range_tool")) return;
      const [r0, r1] = state.xr.domain().map(Number);
      const n = Math.max(1, state.lanes.length);
      for (const [d, source] of dataSets(state)) {
        const bins = d.index.bin(r0, r1, Math.max(1, Math.floor(plotW)), hiddenFor(state, source));
        ctx.globalAlpha = 0.8;
        for (let k = 0; k < bins.lane.length; k++) {
          const lane = laneNumber(state, source, bins.lane[k]);
          const py = rangeH - ((lane + 0.5) / n) * rangeH;
          ctx.fillStyle = colourOfBin(state, opt, d, bins, k);
          ctx.beginPath();
          ctx.arc(bins.column[k] + 0.5, py, 1, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
      ctx.globalAlpha = 1;
      gRangeAxis.attr("transform", `translate(0,${rangeH})`).call(axisBottom(state.xr).ticks(timeTicks(plotW)).tickFormat(tickFormat(r1 - r0)));
    }
    if (state.x && state.xr && opt("range_tool")) {
      const [a, b] = state.x.domain();
      const sel = [Math.max(0, state.xr(a)), Math.min(plotW, state.xr(b))];
      state.syncing = true;
      gRangeBrush.call(view.rangeBrush.move, sel[1] - sel[0] >= 1 ? sel : null);
      state.syncing = false;
    }
  }

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
    const { plotW, plotH, dpr } = state.geom;
    const ctx = clearCanvas(canvas, plotW, plotH, dpr);
    // A canvas cannot read the stylesheet's custom properties: resolve the grid colour here.
    const grid = getComputedStyle(root).getPropertyValue("--hk-grid").trim() || "rgba(0,0,0,.1)";
    if (!state.x || !state.primary) {
      status.textContent = state.primary ? "No data to plot." : "";
      empty(gAxisX);
      drawRange();
      return;
    }
    const m = modeOf(opt);
    const [d0, d1] = state.x.domain().map(Number);
    const axis = axisBottom(state.x).ticks(timeTicks(plotW)).tickFormat(tickFormat(d1 - d0));
    gAxisX.attr("transform", `translate(0,${plotH})`).call(axis);
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
      const ticks = Math.max(2, Math.floor(plotH / 40));
      yv = scaleLinear().domain(state.valueExtent || [0, 1]).nice().range([plotH - 4, 4]);
      state.yValues = yv;
      if (opt("yaxis")) gAxisY.call(axisLeft(yv).ticks(ticks));
      strokeLines(ctx, grid, yv.ticks(ticks).map((t) => yv(t)), horizontal);
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
    drawRefs(ctx);
    drawSelection();
    const total = (state.primary.info.events || 0) + (state.overlay ? state.overlay.info.events : 0);
    const sel = model.get("selected");
    status.textContent = statusText(total, visible, Array.isArray(sel) ? sel.length : 0);
    dataset.visible = visible;
    dataset.bins = drawn;
    dataset.domain = `${d0},${d1}`;
    drawRange();
    dataset.drawMs = (performance.now() - started).toFixed(2);
    dataset.ready = "1";
  };
}
