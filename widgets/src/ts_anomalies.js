// huntkit TimeSeriesAnomalies view: an anywidget (AFM) module.
//
// The engine (WebAssembly) buckets events into a series when they are events, decomposes
// the series with STL and scores every point; the view draws the observed values, the
// baseline, anomalies of both signs, the score with its thresholds and a range selector,
// from per-pixel-column summaries so a million points stay interactive. The threshold
// slider re-flags the scores in the engine (`applyThreshold`) without decomposing again;
// the result table, anomaly periods and KQL filter follow once the slider rests.
//
// This entry ties the modules (ts_anomalies/) to the model's life cycle: options in
// options.js, analysis in data.js (bucketing in bucket.js), flags and outputs in
// model.js, geometry and legend in layout.js, frames in draw.js and layers.js, pointer
// and keys in interaction.js, selection and linking in selection.js, periods in
// periods.js, the tooltip in tooltip.js; common/lifecycle.js gives it the engine, the
// model's listeners, the error line and destroy (the theme and the container's width are
// handed to it).
import { scaleUtc } from "d3-scale";
import { toIPC } from "./common/arrow.js";
import { exportButtons } from "./common/export.js";
import { createLifecycle, followWidth, saveTraits } from "./common/lifecycle.js";
import { followTheme } from "./common/theme.js";
import { analyse, loadInput } from "./ts_anomalies/data.js";
import { createDom } from "./ts_anomalies/dom.js";
import { createDraw } from "./ts_anomalies/draw.js";
import { createInteraction } from "./ts_anomalies/interaction.js";
import { fillLegend, geometry, setSlider, setTitle, sizePanels, sliderRange } from "./ts_anomalies/layout.js";
import { anomalyPeriods, createState, reflag, resultTable } from "./ts_anomalies/model.js";
import { ANALYSIS_KEYS, PERIOD_KEYS, THRESHOLD_KEYS, VIEW_KEYS, optionReader } from "./ts_anomalies/options.js";
import { createPeriods } from "./ts_anomalies/periods.js";
import { createSelection } from "./ts_anomalies/selection.js";
import { createTooltip } from "./ts_anomalies/tooltip.js";

const SETTLE_MS = 200; // the result and periods follow the slider once it rests this long

/** The padded time domain of ascending `times` (±5% of the span, as MSTICPy pads). */
export function paddedDomain(times) {
  const lo = times[0];
  const hi = times[times.length - 1];
  const pad = hi > lo ? (hi - lo) * 0.05 : 3600000;
  return [lo - pad, hi + pad];
}

function render({ model, el }) {
  const opt = optionReader(model);
  const dom = createDom(el);
  const state = createState();
  const view = { model, el, opt, dom, state };
  const { cleanup, onChange, showError, start, destroy } = createLifecycle(model, dom, state);
  function scheduleDraw() {
    if (!state.frame && !state.destroyed) state.frame = requestAnimationFrame(draw);
  }
  const tooltip = createTooltip(view);
  const selection = createSelection(view, scheduleDraw, { onChange, cleanup });
  const interaction = createInteraction(view, scheduleDraw, selection, tooltip);
  const draw = createDraw(view);
  const periods = createPeriods(dom.periods);
  dom.bar.append(...exportButtons(() => dom.root, "ts_anomalies"));
  cleanup(followTheme(dom.root, model, scheduleDraw));

  function toggleLayer(layer, btn) {
    if (state.hidden.has(layer)) state.hidden.delete(layer);
    else state.hidden.add(layer);
    btn.classList.toggle("hk-off", state.hidden.has(layer));
    btn.setAttribute("aria-pressed", String(!state.hidden.has(layer)));
    scheduleDraw();
  }

  function relayout() {
    if (state.destroyed) return;
    state.geom = geometry(opt, el.clientWidth);
    sizePanels(dom, state.geom);
    state.layoutVersion++; // resized canvases are blank: the base layers are drawn again
    setTitle(dom, opt);
    fillLegend(dom, opt, state, state.geom, toggleLayer);
    interaction.fit();
    scheduleDraw();
  }

  // The result table, periods and KQL filter at the current flags, written to the model.
  let settleTimer = 0;
  function settle() {
    clearTimeout(settleTimer);
    settleTimer = 0;
    if (!state.series || state.destroyed) return;
    try {
      const bytes = toIPC(resultTable(state, opt), state.engine);
      const p = anomalyPeriods(state, opt);
      periods.update(p);
      saveTraits(model, {
        result: bytes,
        kql_filter: p.kql,
        anomaly_spans: p.spans.map((s) => [s.start.toISOString(), s.end.toISOString()]),
        score_threshold: state.threshold.high,
      });
    } catch (e) {
      showError(e);
    }
  }
  const settleSoon = () => {
    clearTimeout(settleTimer);
    settleTimer = setTimeout(settle, SETTLE_MS);
  };

  function analyseNow() {
    dom.root.dataset.ready = "0";
    showError(null);
    state.cursor = -1;
    state.selection = null;
    try {
      state.series = state.input ? analyse(state.engine, state.input, opt) : null;
      state.version++;
      if (!state.series || !state.series.n) {
        state.series = null;
        periods.clear();
        clearPlots();
        dom.status.textContent = "No data to plot.";
        dom.root.dataset.ready = "1";
        return;
      }
      reflag(state, opt, true);
      state.x0 = scaleUtc().domain(paddedDomain(state.series.times));
      state.xr = state.x0.copy();
      state.x = state.x0.copy();
      state.topScore = sliderRange(state.series.score, 0).max;
      setSlider(dom, state.topScore, state.threshold.high);
      selection.restore();
      relayout();
      interaction.resetZoom();
      settle();
    } catch (e) {
      state.series = null;
      periods.clear();
      clearPlots();
      showError(e);
    }
  }

  // Nothing drawn: after an error, the previous series' frame must not stay on screen.
  function clearPlots() {
    dom.status.textContent = "";
    for (const p of [dom.main, dom.score, dom.rangePlot]) {
      for (const c of [p.canvas, p.marks]) c.getContext?.("2d")?.clearRect(0, 0, c.width, c.height);
      for (const g of [p.gx, p.gy, p.gRefs, p.gThr]) g?.selectAll("*").remove();
      p.band?.attr("visibility", "hidden");
    }
  }

  function reload() {
    try {
      state.input = loadInput(state.engine, model.get("data"));
    } catch (e) {
      state.input = null;
      state.series = null;
      showError(e);
      return;
    }
    if ((model.get("selected_indices") ?? []).length) saveTraits(model, { selected_indices: [] });
    analyseNow();
  }

  // A threshold from the slider (as it moves) or from the kernel: re-flagged at once,
  // drawn in the next frame; the result follows when the slider rests.
  function rethreshold() {
    if (!state.series) return;
    try {
      reflag(state, opt);
      dom.thrValue.textContent = state.threshold.high.toFixed(2);
      if (document.activeElement !== dom.slider) setSlider(dom, state.topScore, state.threshold.high);
      scheduleDraw();
      settleSoon();
    } catch (e) {
      showError(e);
    }
  }
  dom.slider.addEventListener("input", () => model.set("score_threshold", Number(dom.slider.value)));
  dom.slider.addEventListener("change", settle);

  cleanup(followWidth(el, () => Number(opt("width")) > 0, () => state.series && relayout()));

  start(() => {
    onChange("data", reload);
    onChange(ANALYSIS_KEYS, analyseNow);
    onChange(THRESHOLD_KEYS, rethreshold);
    onChange(PERIOD_KEYS, settleSoon);
    onChange(VIEW_KEYS, () => state.series && relayout());
    reload();
  });

  return destroy(() => {
    clearTimeout(settleTimer);
    interaction.detach();
  });
}

export default { render };
