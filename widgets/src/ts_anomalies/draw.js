// A frame. The base layers (base.js: points, baseline, score line, axes, range overview)
// are redrawn only when what they show changed — the time domain, the size, the layers
// shown, the style; a threshold step redraws only the marks canvas (anomaly markers,
// flagged scores, selection rings), the threshold lines and the status line, so a slider
// step costs the same whatever the series' length.
import { aggregate, extentOf } from "./aggregate.js";
import { cssVar, drawMainBase, drawRange, drawScoreBase, yScale } from "./base.js";
import { lowerBound, upperBound } from "./columns.js";
import { drawAnomalies, drawRings, drawScoreFlags, plotContext } from "./layers.js";
import { colours, drawsLow, kindOf } from "./options.js";

export { tickFormat, yScale } from "./base.js";

/** The status line. */
export function statusText(state) {
  const { series, counts, selectedRows } = state;
  if (!series) return "";
  const n = (v) => v.toLocaleString("en-US");
  const what = series.mode === "bucket" ? `${n(series.n)} buckets of ${series.interval} (${n(series.inputRows)} events)` : `${n(series.n)} points`;
  const sel = selectedRows ? ` · ${n(selectedRows)} ${selectedRows === 1 ? "row" : "rows"} selected` : "";
  return `${what} · ${n(counts.high)} high, ${n(counts.low)} low anomalies${sel}`;
}

// Options the base layers are drawn with.
const STYLE_KEYS = ["color", "xgrid", "ygrid", "yaxis", "ref_markers", "compat"];

/** The frame renderer of `view`: `draw()` draws everything for the current time domain. */
export function createDraw(view) {
  const { opt, dom, state } = view;
  const { root } = dom;
  const cache = { aggKey: "", aggs: null, mainKey: "", scoreKey: "", rangeKey: "" };

  function summaries(series, d0, d1, plotW) {
    const key = `${state.version}|${d0}|${d1}|${plotW}`;
    if (cache.aggKey !== key) {
      const k0 = lowerBound(series.times, d0);
      const k1 = upperBound(series.times, d1);
      const msPerPx = (d1 - d0) / plotW;
      const agg = (v) => aggregate(series.times, v, k0, k1, d0, msPerPx, plotW);
      cache.aggs = { values: agg(series.values), baseline: agg(series.baseline), score: agg(series.score), visible: k1 - k0 };
      cache.aggKey = key;
    }
    return cache.aggs;
  }

  function band(rect, x, plotH) {
    const r = state.selection?.range;
    if (!r) return rect.attr("visibility", "hidden");
    const a = Math.max(0, x(r[0]));
    const b = Math.min(state.geom.plotW, x(r[1]));
    rect.attr("visibility", b >= a ? "visible" : "hidden").attr("x", a).attr("y", 0).attr("width", Math.max(1, b - a)).attr("height", plotH);
  }

  function thresholdLines(y, plotW) {
    const { high, lowLine } = state.threshold;
    const lines = [[high, `+${high.toFixed(2)}`]];
    if (drawsLow(opt)) lines.push([-lowLine, `−${lowLine.toFixed(2)}`]);
    const g = dom.score.gThr.selectAll("g").data(lines).join((e) => {
      const n = e.append("g");
      n.append("line").attr("stroke", "var(--hk-thr)").attr("stroke-dasharray", "5 4");
      n.append("text").attr("text-anchor", "end").attr("font-size", "10px").attr("fill", "var(--hk-thr)");
      return n;
    });
    g.select("line").attr("x1", 0).attr("x2", plotW).attr("y1", (d) => y(d[0])).attr("y2", (d) => y(d[0]));
    g.select("text").attr("x", plotW - 2).attr("y", (d) => y(d[0]) - 3).text((d) => d[1]);
  }

  function marks(f) {
    const { series, geom, hidden } = state;
    const ring = cssVar(root, "--hk-ring", "#0969da");
    const ctx = plotContext(dom.main.marks, geom, f.dpr);
    ctx.beginPath();
    ctx.rect(0, 0, geom.plotW, geom.mainH);
    ctx.clip();
    drawAnomalies(ctx, f.frame, f.yMain, kindOf(opt), f.colours, hidden, f.dpr);
    drawRings(ctx, state.highlight, f.frame, f.yMain, (k) => series.values[k], ring, 2, 7);
    if (state.cursor >= 0) drawRings(ctx, Uint32Array.of(state.cursor), f.frame, f.yMain, (k) => series.values[k], ring, 3, 10);
    const sctx = plotContext(dom.score.marks, geom, f.dpr);
    if (!hidden.has("score")) {
      drawScoreFlags(sctx, f.frame, f.yScore, f.colours, hidden, f.dpr);
      drawRings(sctx, state.highlight, f.frame, f.yScore, (k) => series.score[k], ring, 1.5, 5);
    }
  }

  return function draw() {
    state.frame = 0;
    const { series, geom, hidden } = state;
    if (!series || !geom || !state.x) return;
    const dpr = globalThis.devicePixelRatio || 1;
    const x = state.x;
    const [d0, d1] = x.domain().map(Number);
    const aggs = summaries(series, d0, d1, geom.plotW);
    const shown = [hidden.has("observed") ? null : aggs.values, hidden.has("baseline") ? null : aggs.baseline];
    const yMain = yScale(extentOf(...shown) ?? extentOf(aggs.values), geom.mainH);
    const { high, lowLine } = state.threshold;
    const se = extentOf(aggs.score) ?? [0, 0];
    const yScore = yScale([Math.min(se[0], drawsLow(opt) ? -lowLine : 0), Math.max(se[1], high)], geom.scoreH);
    const f = {
      dpr, x, aggs, yMain, yScore, colours: colours(opt),
      frame: { series, flags: state.flags, anomalies: state.anomalies, d0, d1, msPerPx: (d1 - d0) / geom.plotW },
    };

    // The base layers, when what they show changed.
    const look = [state.version, state.layoutVersion, d0, d1, dpr, root.classList.contains("hk-dark"), JSON.stringify(STYLE_KEYS.map(opt))].join("|");
    const mainKey = `${look}|${hidden.has("observed")}|${hidden.has("baseline")}|${yMain.domain()}`;
    if (cache.mainKey !== mainKey) {
      drawMainBase(view, f);
      cache.mainKey = mainKey;
    }
    const scoreKey = `${look}|${hidden.has("score")}|${yScore.domain()}`;
    if (cache.scoreKey !== scoreKey) {
      drawScoreBase(view, f);
      cache.scoreKey = scoreKey;
    }
    const rangeKey = `${state.version}|${state.layoutVersion}|${dpr}|${root.classList.contains("hk-dark")}|${state.xr?.domain()}`;
    if (geom.rangeH && state.xr && cache.rangeKey !== rangeKey) {
      drawRange(view, f);
      cache.rangeKey = rangeKey;
    }

    // Every frame: the marks, the thresholds, the selection band, the status.
    marks(f);
    thresholdLines(yScore, geom.plotW);
    band(dom.main.band, x, geom.mainH);
    band(dom.score.band, x, geom.scoreH);
    view.syncRangeBrush?.();
    dom.status.textContent = statusText(state);
    const ds = root.dataset;
    ds.domain = `${d0},${d1}`;
    ds.plot = `${geom.left},${geom.top},${geom.plotW},${geom.mainH}`;
    ds.points = String(series.n);
    ds.visible = String(aggs.visible);
    ds.high = String(state.counts.high);
    ds.low = String(state.counts.low);
    ds.threshold = String(high);
    ds.highlighted = String(state.highlight.length);
    ds.selected = String(state.selectedRows ?? 0);
    ds.ready = "1";
  };
}
