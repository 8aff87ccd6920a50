// The distribution: a histogram of the sessions' scores (the rarest window's likelihood by
// default, on a log axis: rarer to the left), in SVG. The selected sessions and those a
// linked view selected are drawn over each bar, the opened session as a line. Dragging
// across the bars selects the sessions in that range; a click selects one bar's sessions.
import { axisBottom, axisLeft } from "d3-axis";
import { brushX } from "d3-brush";
import { scaleLinear } from "d3-scale";
import { pointer, select } from "d3-selection";
import { clip } from "../common/dom.js";

export const BINS = 30;
const M = { left: 38, right: 8, top: 6, bottom: 30 };

/**
 * Bins of `score` (by rank position) on a log10 axis: `{ lo, hi, bins (count per bin),
 * binOf (rank position → bin, -1 without a score) }`. Scores of 0 fall in the first bin.
 */
export function binScores(score, bins = BINS) {
  const n = score.length;
  const logs = new Float64Array(n);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = score[i];
    logs[i] = v > 0 ? Math.log10(v) : v === 0 ? -Infinity : NaN;
    if (Number.isFinite(logs[i])) {
      lo = Math.min(lo, logs[i]);
      hi = Math.max(hi, logs[i]);
    }
  }
  if (!Number.isFinite(lo)) {
    lo = 0;
    hi = 1;
  }
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  const counts = new Uint32Array(bins);
  const binOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(logs[i])) continue;
    const b = logs[i] === -Infinity ? 0 : Math.min(bins - 1, Math.max(0, Math.floor((logs[i] - lo) / width)));
    binOf[i] = b;
    counts[b]++;
  }
  return { lo, hi, width, bins: counts, binOf, logs, scored: counts.reduce((a, b) => a + b, 0) };
}

/** The axis label of the histogram's score column. */
function axisLabel(state) {
  const name = state.ranked.scoreName;
  return name === `rarest_window${state.window}_likelihood`
    ? `rarest window (${state.window}) likelihood, log`
    : `${clip(name, 40)}, log`;
}

/** Creates the histogram in `dom.histSvg`; `onSelect(sids)` gets a brushed range's sessions. */
export function createHistogram(view, { onSelect }) {
  const { dom, state } = view;
  const svg = select(dom.histSvg);
  const gBars = svg.append("g");
  const gX = svg.append("g");
  const gY = svg.append("g");
  const xLabel = svg.append("text").attr("text-anchor", "middle").attr("font-size", 10).attr("fill", "currentColor");
  const gActive = svg.append("g");
  const gBrush = svg.append("g");
  let hist = null;
  let size = { width: 300, height: 300 };
  let x = scaleLinear();
  let y = scaleLinear();

  const brush = brushX().on("end", (e) => {
    if (!e.sourceEvent || !hist) return;
    let range;
    if (e.selection) {
      // A drag that reaches an end of the axis takes everything beyond it.
      const [p0, p1] = e.selection;
      const [r0, r1] = x.range();
      range = [p0 <= r0 + 2 ? -Infinity : x.invert(p0), p1 >= r1 - 2 ? Infinity : x.invert(p1)];
    }
    else {
      // A click: the bar under the pointer.
      const [px] = pointer(e.sourceEvent, dom.histSvg);
      const b = Math.floor((x.invert(px) - hist.lo) / hist.width);
      if (b < 0 || b >= BINS) return;
      range = [hist.lo + b * hist.width, hist.lo + (b + 1) * hist.width];
    }
    onSelect(sessionsIn(range));
  });

  function sessionsIn([a, b]) {
    const { ranked } = state;
    const out = [];
    const lastBin = BINS - 1;
    for (let r = 0; r < ranked.n; r++) {
      const bin = hist.binOf[r];
      if (bin < 0) continue;
      const v = hist.logs[r] === -Infinity ? hist.lo : hist.logs[r];
      const inside = v >= a && (v < b || (bin === lastBin && v <= b + 1e-12));
      if (inside) out.push(ranked.sessionId[r]);
    }
    return out;
  }

  function rebuild(width, height) {
    size = { width, height };
    hist = state.ranked ? binScores(state.ranked.score) : null;
    svg.attr("width", width).attr("height", height);
    const iw = width - M.left - M.right;
    const ih = height - M.top - M.bottom;
    if (!hist) {
      for (const g of [gBars, gX, gY, gActive]) g.selectAll("*").remove();
      xLabel.text("");
      dom.histCaption.textContent = "";
      return;
    }
    x = scaleLinear().domain([hist.lo, hist.hi]).range([M.left, M.left + iw]);
    y = scaleLinear().domain([0, Math.max(1, ...hist.bins)]).nice().range([M.top + ih, M.top]);
    gX.attr("transform", `translate(0,${M.top + ih})`).call(axisBottom(x).ticks(5).tickFormat((v) => `1e${Math.round(v * 10) / 10}`));
    gY.attr("transform", `translate(${M.left},0)`).call(axisLeft(y).ticks(5, "~s"));
    xLabel.attr("x", M.left + iw / 2).attr("y", height - 2).text(axisLabel(state));
    brush.extent([[M.left, M.top], [M.left + iw, M.top + ih]]);
    gBrush.call(brush).call(brush.move, null);
    draw();
  }

  /** Redraws the bars and overlays (after a change of selection, links or the opened session). */
  function draw() {
    if (!hist) return;
    const { ranked } = state;
    const sel = new Uint32Array(BINS);
    const lnk = new Uint32Array(BINS);
    for (const sid of state.selected) {
      const b = hist.binOf[state.rankOf[sid]];
      if (b >= 0) sel[b]++;
    }
    for (const sid of state.linked) {
      const b = hist.binOf[state.rankOf[sid]];
      if (b >= 0) lnk[b]++;
    }
    const data = Array.from(hist.bins, (count, b) => ({ b, count, sel: sel[b], lnk: lnk[b] }));
    const x0 = (d) => x(hist.lo + d.b * hist.width) + 0.5;
    const bw = Math.max(1, x(hist.lo + hist.width) - x(hist.lo) - 1);
    const bar = (cls, value, fill) =>
      gBars.selectAll(`rect.${cls}`).data(data).join("rect").attr("class", cls)
        .attr("x", x0).attr("width", bw)
        .attr("y", (d) => y(value(d))).attr("height", (d) => Math.max(0, y(0) - y(value(d))))
        .attr("fill", fill);
    bar("hk-all", (d) => d.count, "var(--hk-bar)");
    bar("hk-selb", (d) => d.sel, "var(--hk-bar-sel)");
    bar("hk-lnkb", (d) => d.lnk, "var(--hk-link)").attr("opacity", 0.75);
    drawActive();
    dom.histCaption.textContent = `${hist.scored} of ${ranked.n} sessions scored · rarer to the left`;
  }

  /** Redraws the line of the opened session only. */
  function drawActive() {
    if (!hist) return;
    const r = state.active >= 0 ? state.rankOf[state.active] : -1;
    const v = r >= 0 && hist.binOf[r] >= 0 ? (hist.logs[r] === -Infinity ? hist.lo : hist.logs[r]) : null;
    gActive.selectAll("line").data(v === null ? [] : [v]).join("line")
      .attr("x1", (d) => x(d)).attr("x2", (d) => x(d)).attr("y1", M.top).attr("y2", y(0))
      .attr("stroke", "var(--hk-rare)").attr("stroke-width", 2);
  }

  return { rebuild, draw, drawActive, size: () => size, destroy: () => svg.selectAll("*").remove() };
}
