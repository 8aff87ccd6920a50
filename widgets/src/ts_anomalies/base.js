// The layers that change only when the view moves, resizes or restyles: the observed
// points, the baseline and the score line on their canvases, grid, axes, reference lines,
// and the range selector's overview. A threshold step leaves all of these as they are.
import { axisBottom, axisLeft } from "d3-axis";
import { scaleLinear } from "d3-scale";
import { utcFormat } from "d3-time-format";
import { clip } from "../common/dom.js";
import { aggregate, extentOf } from "./aggregate.js";
import { drawLine, drawObserved, plotContext } from "./layers.js";
import { referenceMarkers } from "./options.js";

/** Tick format chosen by the visible span (MSTICPy's: days %m-%d %H:%M, down to ms; years added for long spans). */
export function tickFormat(span) {
  if (span > 3 * 365 * 86400000) return utcFormat("%Y-%m");
  if (span > 120 * 86400000) return utcFormat("%Y-%m-%d");
  if (span > 2 * 86400000) return utcFormat("%m-%d %H:%M");
  if (span > 5000) return utcFormat("%H:%M:%S");
  return utcFormat("%H:%M:%S.%L");
}

/** A y scale over `extent` padded by 5% (a unit either side of a flat line), `height` pixels tall. */
export function yScale(extent, height) {
  const [lo, hi] = extent ?? [0, 1];
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.abs(hi) * 0.05 || 1;
  return scaleLinear().domain([lo - pad, hi + pad]).range([height, 0]).nice(5);
}

// Read once per theme: getComputedStyle in a frame would force a style recalculation.
const cssCache = new WeakMap();

/** A CSS custom property of `root` (canvas strokes cannot read var()), per light or dark theme. */
export function cssVar(root, name, fallback) {
  const key = `${root.classList.contains("hk-dark")}|${name}`;
  let cached = cssCache.get(root);
  if (!cached) cssCache.set(root, (cached = new Map()));
  if (!cached.has(key)) {
    const v = typeof getComputedStyle === "function" ? getComputedStyle(root).getPropertyValue(name).trim() : "";
    cached.set(key, v || fallback);
  }
  return cached.get(key);
}

const timeTicks = (plotW) => Math.max(2, Math.floor(plotW / 110));

function axes(opt, p, x, y, plotW, plotH, yTicks) {
  const span = x.domain()[1] - x.domain()[0];
  p.gx.attr("transform", `translate(0,${plotH})`).call(axisBottom(x).ticks(timeTicks(plotW)).tickFormat(tickFormat(span)));
  if (opt("yaxis") === false) p.gy.selectAll("*").remove();
  else p.gy.call(axisLeft(y).ticks(yTicks).tickFormat(y.tickFormat(yTicks, "~s")));
}

function grid(opt, root, ctx, x, y, plotW, plotH) {
  if (!opt("xgrid") && !opt("ygrid")) return;
  ctx.strokeStyle = cssVar(root, "--hk-grid", "rgba(0,0,128,.12)");
  ctx.lineWidth = 1;
  ctx.beginPath();
  if (opt("xgrid")) for (const t of x.ticks(timeTicks(plotW))) {
    const px = Math.round(x(t)) + 0.5;
    ctx.moveTo(px, 0);
    ctx.lineTo(px, plotH);
  }
  if (opt("ygrid")) for (const v of y.ticks(5)) {
    const py = Math.round(y(v)) + 0.5;
    ctx.moveTo(0, py);
    ctx.lineTo(plotW, py);
  }
  ctx.stroke();
}

// Red dashed reference lines, each labelled (as SVG text) at its top, as MSTICPy draws them.
function refs(opt, g, ctx, x, plotW, plotH) {
  g.selectAll("*").remove();
  referenceMarkers(opt).forEach((mk, i) => {
    const px = x(mk.t);
    if (px < -1 || px > plotW + 1) return;
    ctx.save();
    ctx.strokeStyle = "red";
    ctx.globalAlpha = 0.5;
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(px, 0);
    ctx.lineTo(px, plotH);
    ctx.stroke();
    ctx.restore();
    g.append("text").attr("x", px + 2).attr("y", 10 + 10 * i).attr("font-size", "8pt").attr("fill", "var(--hk-fg)").text(`< ${clip(mk.label, 80)}`);
  });
}

/** The main plot's base: grid, baseline, observed points, references, axes. */
export function drawMainBase(view, f) {
  const { opt, dom, state } = view;
  const { geom, hidden } = state;
  const ctx = plotContext(dom.main.canvas, geom, f.dpr);
  grid(opt, dom.root, ctx, f.x, f.yMain, geom.plotW, geom.mainH);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, geom.plotW, geom.mainH);
  ctx.clip();
  // As MSTICPy layers them: the observed points, then the baseline over them.
  if (!hidden.has("observed")) drawObserved(ctx, f.aggs.values, f.yMain, f.colours.observed);
  if (!hidden.has("baseline")) drawLine(ctx, f.aggs.baseline, f.yMain, f.colours.baseline, 1.5);
  ctx.restore();
  refs(opt, dom.main.gRefs, ctx, f.x, geom.plotW, geom.mainH);
  axes(opt, dom.main, f.x, f.yMain, geom.plotW, geom.mainH, 5);
}

/** The score panel's base: grid, the score line, axes. */
export function drawScoreBase(view, f) {
  const { opt, dom, state } = view;
  const { geom } = state;
  const ctx = plotContext(dom.score.canvas, geom, f.dpr);
  grid(opt, dom.root, ctx, f.x, f.yScore, geom.plotW, geom.scoreH);
  if (!state.hidden.has("score")) drawLine(ctx, f.aggs.score, f.yScore, cssVar(dom.root, "--hk-muted", "#57606a"), 1);
  axes(opt, dom.score, f.x, f.yScore, geom.plotW, geom.scoreH, 3);
}

/** The range selector: the whole series' score, and its time axis. */
export function drawRange(view, f) {
  const { dom, state } = view;
  const { series, geom } = state;
  const [r0, r1] = state.xr.domain().map(Number);
  const agg = aggregate(series.times, series.score, 0, series.n, r0, (r1 - r0) / geom.plotW, geom.plotW);
  const ctx = plotContext(dom.rangePlot.canvas, geom, f.dpr);
  drawLine(ctx, agg, yScale(extentOf(agg), geom.rangeH), cssVar(dom.root, "--hk-muted", "#57606a"), 1);
  dom.rangePlot.gx.attr("transform", `translate(0,${geom.rangeH})`).call(axisBottom(state.xr).ticks(timeTicks(geom.plotW)).tickFormat(tickFormat(r1 - r0)));
}
