// huntkit timeline view: an anywidget (AFM) module.
//
// Events are drawn on a canvas from level-of-detail bins computed by the huntkit engine
// (WebAssembly), so a million events stay interactive: each frame asks the engine for at
// most (lanes × pixel columns) bins instead of drawing every event. Every string that comes
// from the data or the options is inserted as text (textContent or SVG text), never as
// markup.
//
// This entry ties the view's modules (timeline/) to the model's life cycle: options in
// options.js, indexes and lanes in model.js, geometry and labels in layout.js, frames in
// draw.js (axes.js, markers.js, refs.js, overview.js, linked.js), pointer and buttons in
// interaction.js, the tooltip in tooltip.js, `result` and `selected_rows` in output.js;
// the shared modules in common/ give it the engine, the theme, the link group and export.
import { loadEngine } from "./common/engine.js";
import { joinGroup } from "./common/link.js";
import { followTheme } from "./common/theme.js";
import { createDom } from "./timeline/dom.js";
import { createDraw } from "./timeline/draw.js";
import { createInteraction } from "./timeline/interaction.js";
import { createLayout } from "./timeline/layout.js";
import { linkedPoints } from "./timeline/linked.js";
import { buildIndexes, createState, freeIndexes, loadData, setLanes } from "./timeline/model.js";
import { publishResult } from "./timeline/output.js";
import { createTooltip } from "./timeline/tooltip.js";
import { INDEX_KEYS, VIEW_KEYS, optionReader, sizeColumnOf } from "./timeline/options.js";

function render({ model, el }) {
  const opt = optionReader(model);
  const listeners = [];
  const on = (name, cb) => {
    model.on(name, cb);
    listeners.push([name, cb]);
  };
  const dom = createDom(el);
  const state = createState();
  const view = { model, el, opt, dom, state };

  const showError = (e) => {
    dom.errorBox.textContent = e ? `${e.code ? `${e.code}: ` : ""}${e.message || String(e)}` : "";
  };

  const tooltip = createTooltip(view);
  const { fit, publish, toggleLane, detach } = createInteraction(view, scheduleDraw, tooltip);
  const { resize, annotate } = createLayout(view, toggleLane);
  const draw = createDraw(view);
  function scheduleDraw() {
    if (!state.frame && !state.destroyed) state.frame = requestAnimationFrame(draw);
  }

  // Rows another view of the group selected: ringed here, and counted in the status line.
  function markLinked() {
    try {
      state.linked = linkedPoints(state, opt, state.linkedRows);
    } catch (e) {
      state.linked = null;
      showError(e);
    }
    scheduleDraw();
  }
  view.link = joinGroup(model, (rows) => {
    state.linkedRows = rows;
    markLinked();
  });
  const theme = followTheme(dom.root, () => opt("theme"), scheduleDraw);

  let lastW = -1;
  const resizeObserver = typeof ResizeObserver === "function"
    ? new ResizeObserver(() => {
      const w = el.clientWidth;
      if (w !== lastW && !(Number(opt("width")) > 0)) {
        lastW = w;
        relayout();
      }
    })
    : null;
  resizeObserver?.observe(el);

  function relayout() {
    if (state.destroyed) return;
    try {
      resize();
      fit();
      annotate();
      scheduleDraw();
    } catch (e) {
      showError(e);
    }
  }

  function reindex() {
    // Row positions from the previous index mean nothing for the new one.
    const selected = model.get("selected_indices");
    const stale = Array.isArray(selected) && selected.length > 0;
    try {
      showError(null);
      buildIndexes(state, opt);
      if (stale) publish(null);
      relayout();
      markLinked();
    } catch (e) {
      freeIndexes(state);
      state.primary = null;
      state.overlay = null;
      state.lanes = [];
      state.linked = null;
      showError(e);
      relayout();
    }
    try {
      publishResult(model, state);
    } catch (e) {
      showError(e);
    }
  }

  function reload() {
    dom.root.dataset.ready = "0";
    state.linkedRows = null;
    try {
      loadData(state, model);
    } catch (e) {
      state.primaryData = null;
      state.overlayData = null;
      showError(e);
      return;
    }
    reindex();
  }

  const onViewOpt = () => {
    // `size` may name a column: the index carries that column, so re-index when it changes.
    if (sizeColumnOf(opt) !== state.indexedSize) return reindex();
    if (state.primary) setLanes(state, opt);
    relayout();
    markLinked();
    theme.apply();
  };

  loadEngine(model).then(
    (engine) => {
      if (state.destroyed) return;
      state.engine = engine;
      on("change:data", reload);
      on("change:overlay_data", reload);
      for (const k of INDEX_KEYS) on(`change:${k}`, reindex);
      for (const k of VIEW_KEYS) on(`change:${k}`, onViewOpt);
      reload();
    },
    (e) => showError(e),
  );

  return () => {
    state.destroyed = true;
    if (state.frame) cancelAnimationFrame(state.frame);
    for (const [name, cb] of listeners) model.off(name, cb);
    theme.stop();
    view.link.leave();
    resizeObserver?.disconnect();
    detach();
    freeIndexes(state);
    dom.root.remove();
  };
}

export default { render };
