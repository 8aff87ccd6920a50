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
// common/lifecycle.js gives it the engine, the model's listeners, the error line and
// destroy (the theme, the link group and the container's width are handed to it).
import { createLifecycle, followWidth } from "./common/lifecycle.js";
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
  const dom = createDom(el);
  const state = createState();
  const view = { model, el, opt, dom, state };
  const { cleanup, onChange, showError, start, destroy } = createLifecycle(model, dom, state);

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
  cleanup(view.link.leave);
  cleanup(followTheme(dom.root, model, scheduleDraw));
  cleanup(followWidth(el, () => Number(opt("width")) > 0, relayout));

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
  };

  start(() => {
    onChange(["data", "overlay_data"], reload);
    onChange(INDEX_KEYS, reindex);
    onChange(VIEW_KEYS, onViewOpt);
    reload();
  });

  return destroy(() => {
    detach();
    freeIndexes(state);
  });
}

export default { render };
