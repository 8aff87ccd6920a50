// huntkit SessionRarity view: an anywidget (AFM) module.
//
// Sessions ranked by rarity: the engine sessionizes the events, trains a Markov model of
// the sessions (or takes a saved one) and scores each session and its rarest window. The
// view shows the ranking (a virtualised grid), the distribution of the scores (a
// histogram), and the opened session: its command sequence with the rarest window
// highlighted and its events on a small timeline. Selecting sessions publishes the input
// rows of their events. Every string from the data or the options is inserted as text.
//
// This entry ties the modules (session_rarity/) to the model's life cycle: options in
// options.js, Arrow in data.js, the engine's results in model.js, the ranking in
// table.js, the histogram in histogram.js, the opened session in detail.js and strip.js,
// selections in selection.js; common/lifecycle.js gives it the engine, the model's
// listeners, the error line and destroy (the theme, the link group and the container's
// width are handed to it).
import { toIPC } from "./common/arrow.js";
import { exportButtons } from "./common/export.js";
import { createLifecycle, followWidth, saveTraits } from "./common/lifecycle.js";
import { joinGroup } from "./common/link.js";
import { followTheme } from "./common/theme.js";
import { createDom } from "./session_rarity/dom.js";
import { createDetail } from "./session_rarity/detail.js";
import { createHistogram } from "./session_rarity/histogram.js";
import { analyse, createState, loadInput, release, setLinkedRows } from "./session_rarity/model.js";
import { ENGINE_KEYS, VIEW_KEYS, optionReader, titleText } from "./session_rarity/options.js";
import { createSelector } from "./session_rarity/selection.js";
import { statusText } from "./session_rarity/status.js";
import { createStrip } from "./session_rarity/strip.js";
import { createTable } from "./session_rarity/table.js";

function render({ model, el }) {
  const opt = optionReader(model);
  const dom = createDom(el);
  const state = createState();
  const view = { model, el, opt, dom, state };
  const { cleanup, onChange, showError, start, destroy } = createLifecycle(model, dom, state);

  const detail = createDetail(view, { onCurrent: (i) => strip.setCurrent(i) });
  const strip = createStrip(view, { onHover: (i) => detail.describe(i), onPick: (i) => detail.setCurrent(i) });
  const table = createTable(view, { onSelect: (sids) => selector.select(sids), onOpen: open });
  const histogram = createHistogram(view, {
    onSelect(sids) {
      selector.select(sids);
      if (sids.length) {
        open(sids[0]);
        table.reveal(sids[0]);
      }
    },
  });
  const link = joinGroup(model, (rows) => {
    setLinkedRows(state, rows);
    showMarks();
    const first = [...state.linked].sort((a, b) => state.rankOf[a] - state.rankOf[b])[0];
    if (first !== undefined) table.reveal(first);
  });
  const selector = createSelector(view, link, () => {
    table.showSelection();
    histogram.draw();
    showStatus();
  });
  // The ranking is HTML: its grid's snapshot of the visible rows stands in for it in a picture.
  const ranking = () => {
    const snap = table.grid?.snapshot?.();
    return snap ? [{ node: snap, over: dom.rank }] : [];
  };
  dom.bar.append(...exportButtons(() => dom.root, "session_rarity", { extras: ranking }));
  cleanup(link.leave);
  cleanup(followTheme(dom.root, model, () => strip.restyle()));

  const widthOf = () => Number(opt("width")) > 0 ? Number(opt("width")) : el.clientWidth || 960;
  const showStatus = () => {
    dom.status.textContent = statusText(state);
  };

  function open(sid) {
    state.active = sid;
    detail.show(sid);
    strip.show(sid, widthOf() - 8);
    histogram.drawActive();
  }

  function showMarks() {
    table.showSelection();
    histogram.draw();
    detail.mark();
    strip.draw();
    showStatus();
  }

  function layout() {
    const width = widthOf();
    const height = Math.max(160, Number(opt("height")) || 300);
    dom.root.style.width = `${width}px`;
    const histWidth = Math.round(Math.min(340, Math.max(220, width * 0.3)));
    table.setHeight(height);
    histogram.rebuild(histWidth, height);
    dom.title.textContent = titleText(opt);
    open(state.ranked ? state.active : -1);
    showStatus();
  }

  function redraw() {
    if (state.destroyed) return;
    try {
      table.rebuild();
      layout();
    } catch (e) {
      showError(e);
    }
    dom.root.dataset.ready = "1";
  }

  function publishResult() {
    const bytes = state.ranked ? toIPC(state.resultTable, state.engine) : new Uint8Array(0);
    saveTraits(model, { result: bytes, model_json: state.ranked ? state.modelJSON : "" });
  }

  function reanalyse() {
    if (state.destroyed) return;
    dom.root.dataset.ready = "0";
    const hadSelection = (model.get("selected_indices") ?? []).length > 0;
    showError(null);
    const started = performance.now();
    try {
      if (state.input) analyse(state, opt);
      else release(state);
    } catch (e) {
      release(state);
      showError(e);
    }
    dom.root.dataset.analysisMs = (performance.now() - started).toFixed(1);
    publishResult();
    redraw();
    if (hadSelection) selector.clear();
  }

  function reload() {
    try {
      loadInput(state, model);
    } catch (e) {
      state.input = null;
      release(state);
      showError(e);
      redraw();
      return;
    }
    reanalyse();
  }

  cleanup(followWidth(el, () => Number(opt("width")) > 0, () => state.engine && layout()));

  start(() => {
    onChange("data", reload);
    onChange(ENGINE_KEYS, reanalyse);
    onChange([...VIEW_KEYS.filter((k) => k !== "theme"), "width"], layout);
    onChange("selected_indices", () => selector.adopt(model.get("selected_indices")));
    reload();
  });

  return destroy(() => {
    detail.detach();
    strip.detach();
    table.destroy();
    histogram.destroy();
    release(state);
  });
}

export default { render };
