// The range selector's overview: all the data at a glance under a brush that shows, and
// moves, the main plot's time range. Events are dots in their lanes (MSTICPy's circles of
// radius 1); in values mode the series itself is drawn, on its own value scale.
import { scaleLinear } from "d3-scale";
import { drawTimeAxis } from "./axes.js";
import { drawValues } from "./markers.js";
import { colourOfBin, dataSets, hiddenFor, laneNumber } from "./model.js";
import { kindsOf, modeOf } from "./options.js";

/**
 * The overview renderer of `view`: `drawRange(clearCanvas)` redraws the overview when what
 * it shows changed (data, size, theme, hidden lanes) and moves the range brush
 * (`view.rangeBrush`) to the plot's time range.
 */
export function createOverview(view) {
  const { opt, dom, state } = view;
  const { root, rangeCanvas, gRangeAxis, gRangeBrush } = dom;
  let key = "";

  function drawSeries(ctx, plotW, rangeH) {
    const [r0, r1] = state.xr.domain().map(Number);
    const values = modeOf(opt) === "values";
    const n = Math.max(1, state.lanes.length);
    const yr = scaleLinear().domain(state.valueExtent || [0, 1]).range([rangeH - 2, 2]);
    for (const [d, source] of dataSets(state)) {
      const bins = d.index.bin(r0, r1, Math.max(1, Math.floor(plotW)), hiddenFor(state, source));
      if (values && d === state.primary) {
        drawValues(ctx, state, opt, d, bins, kindsOf(opt), yr, 1);
        continue;
      }
      ctx.globalAlpha = 0.8;
      for (let k = 0; k < bins.lane.length; k++) {
        const lane = laneNumber(state, source, bins.lane[k]);
        // The overlay in values mode sits on the zero line, as in the plot.
        const py = values ? yr(0) : rangeH - ((lane + 0.5) / n) * rangeH;
        ctx.fillStyle = colourOfBin(state, opt, d, bins, k);
        ctx.beginPath();
        ctx.arc(bins.column[k] + 0.5, py, 1, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
    ctx.globalAlpha = 1;
  }

  return function drawRange(clearCanvas) {
    const { plotW, rangeH, dpr } = state.geom;
    const next = [
      plotW, rangeH, dpr, state.xr ? state.xr.domain().map(Number).join() : "", [...state.hidden].join(),
      state.lanes.map((l) => l.colour).join(), root.className, opt("range_tool"), state.generation, modeOf(opt), String(opt("kind")),
    ].join("|");
    if (next !== key) {
      key = next;
      const ctx = clearCanvas(rangeCanvas, plotW, rangeH, dpr);
      gRangeAxis.selectAll("*").remove();
      if (!state.xr || !opt("range_tool")) return;
      drawSeries(ctx, plotW, rangeH);
      drawTimeAxis(gRangeAxis, state.xr, plotW, rangeH);
    }
    if (state.x && state.xr && opt("range_tool")) {
      const [a, b] = state.x.domain();
      const sel = [Math.max(0, state.xr(a)), Math.min(plotW, state.xr(b))];
      state.syncing = true;
      gRangeBrush.call(view.rangeBrush.move, sel[1] - sel[0] >= 1 ? sel : null);
      state.syncing = false;
    }
  };
}
