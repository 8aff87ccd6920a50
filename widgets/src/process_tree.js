// huntkit process tree view: an anywidget (AFM) module, MSTICPy's `plot_process_tree`
// rebuilt for a hundred thousand processes.
//
// The engine (WebAssembly) builds the trees from process events, or from a tree table
// built earlier; the view draws one box per process on a canvas, only the rows on
// screen, so scrolling, collapsing and searching stay within a frame. Every string from
// the data or the options reaches the page as canvas fillText, SVG text or textContent.
//
// This entry ties the view's modules (process_tree/) to the model's life cycle: options
// in options.js, the engine's table in model.js and data.js, the forest in structure.js
// and visible.js, drawing in draw.js, overview.js and legend.js, the user's actions in
// actions.js, interaction.js and keys.js, the table in table.js; common/lifecycle.js
// gives it the engine, the model's listeners, the error line and destroy (the theme, the
// link group and the container's width are handed to it).
import { createLifecycle, followWidth, saveTraits } from "./common/lifecycle.js";
import { joinGroup } from "./common/link.js";
import { followTheme } from "./common/theme.js";
import { createActions } from "./process_tree/actions.js";
import { createDom, sizeCanvas } from "./process_tree/dom.js";
import { drawTree, themeOf } from "./process_tree/draw.js";
import { attachPointer } from "./process_tree/interaction.js";
import { attachKeys } from "./process_tree/keys.js";
import { ROW_H, geometry } from "./process_tree/layout.js";
import { drawLegend } from "./process_tree/legend.js";
import { applyLabels, buildTree, clearTree, createState, loadData } from "./process_tree/model.js";
import { BUILD_KEYS, heightOf, optionReader, titleText, widthOf } from "./process_tree/options.js";
import { drawOverview, paintOverview } from "./process_tree/overview.js";
import { writeResult } from "./process_tree/result.js";
import { selectedIndices } from "./process_tree/selection.js";
import { createTable } from "./process_tree/table.js";
import { createTooltip } from "./process_tree/tooltip.js";

function render({ model, el }) {
  const opt = optionReader(model);
  const dom = createDom(el, () => table?.extras() ?? []);
  const state = createState();
  const { cleanup, onChange, showError, start, destroy } = createLifecycle(model, dom, state);
  const view = { model, el, opt, dom, state, scheduleDraw, link: null, onSelection: null };
  const tooltip = createTooltip(dom.root, dom.tip);
  const actions = createActions(view);
  const detachPointer = attachPointer(view, actions, tooltip);
  const detachKeys = attachKeys(view, actions);
  let table = null;
  let overviewCanvas = null;
  let overviewPixels = null;
  let announce = false; // data-ready and the result follow the next frame

  function layout() {
    const fixed = widthOf(opt);
    const width = fixed ?? Math.max(300, el.clientWidth || 900);
    const c = state.colours;
    const legend = Boolean(c) && c.kind !== "depth" && !opt("hide_legend");
    const g = geometry({ width, height: heightOf(opt), maxDepth: state.s?.maxDepth ?? 0, legend });
    state.g = g;
    dom.root.dataset.layout = `${g.indent},${g.boxW},${ROW_H}`; // for tests and page scripts
    dom.root.style.width = fixed ? `${Math.round(fixed)}px` : "";
    dom.plot.style.width = `${g.plotW}px`;
    dom.plot.style.height = `${g.plotH}px`;
    drawLegend(dom.legend, c ?? { kind: "depth" }, { width: g.legendW, height: g.plotH, hidden: !legend });
    const bar = c && (c.kind === "number" || c.kind === "time") ? c.column : null;
    dom.title.textContent = titleText(opt, bar);
    state.overview = null;
    actions.clampNow();
  }

  function paintStrip(w, h) {
    const ratio = globalThis.devicePixelRatio || 1;
    const pw = Math.max(1, Math.round(w * ratio));
    const ph = Math.max(1, Math.round(h * ratio));
    overviewCanvas ??= document.createElement("canvas");
    // Assigning a canvas's size, even the same, reallocates it.
    if (overviewCanvas.width !== pw) overviewCanvas.width = pw;
    if (overviewCanvas.height !== ph) overviewCanvas.height = ph;
    overviewPixels = paintOverview(state, pw, ph, overviewPixels);
    overviewCanvas.getContext("2d")?.putImageData(overviewPixels, 0, 0);
    state.overview = overviewCanvas;
  }

  function draw() {
    state.frame = 0;
    if (state.destroyed || !state.g) return;
    const g = state.g;
    const ctx = sizeCanvas(dom.canvas, g.plotW, g.plotH);
    const mctx = sizeCanvas(dom.map, g.mapW, g.plotH);
    dom.root.dataset.scroll = `${Math.round(state.scrollX)},${Math.round(state.scrollY)}`;
    if (state.s && ctx) {
      const [first] = drawTree(ctx, g, state);
      dom.root.dataset.top = String(first);
      if (!state.overview) paintStrip(g.mapW, g.plotH);
      if (mctx) drawOverview(mctx, state, state.overview, g.mapW, g.plotH, g.plotH);
    } else {
      ctx?.clearRect(0, 0, g.plotW, g.plotH);
      mctx?.clearRect(0, 0, g.mapW, g.plotH);
    }
    if (announce) {
      announce = false;
      dom.root.dataset.ready = "1";
      publishResult();
    }
  }
  function scheduleDraw() {
    if (!state.frame && !state.destroyed) state.frame = requestAnimationFrame(draw);
  }

  // The engine's tree table (the input rows plus the tree columns) for Python's `result`:
  // the bytes the engine wrote, or else written in idle time after the first frame; a
  // newer tree cancels an older one's.
  let generation = 0;
  function publishResult() {
    const mine = ++generation;
    const send = (bytes) => saveTraits(model, { result: bytes });
    if (!state.tree) return send(new Uint8Array(0));
    if (state.tree.ipc) return send(state.tree.ipc);
    writeResult(state.tree.table, state.engine, { done: send, failed: showError, cancelled: () => state.destroyed || mine !== generation });
  }

  function setupTable() {
    table?.destroy();
    table = null;
    view.onSelection = null;
    if (!opt("show_table") || !state.s) return;
    table = createTable(dom.table, state, opt("legend_col") || null, actions);
    view.onSelection = (indices) => table?.sync(indices);
    if (state.sel.count) table.sync(selectedIndices(state.sel));
  }

  function afterTree() {
    tooltip.hide();
    setupTable();
    layout();
    const chosen = model.get("selected_indices");
    if (state.s && Array.isArray(chosen) && chosen.length) actions.receive(chosen);
    if (state.s && String(dom.search.value ?? "").trim()) actions.runSearch(dom.search.value); // the query stands for the new tree
    actions.status();
    announce = true;
    scheduleDraw();
  }

  function rebuild() {
    dom.root.dataset.ready = "0";
    try {
      showError(buildTree(state, opt));
    } catch (e) {
      clearTree(state);
      showError(e);
    }
    afterTree();
  }

  function reload() {
    try {
      loadData(state, model);
    } catch (e) {
      state.data = null;
      clearTree(state);
      showError(e);
      afterTree();
      return;
    }
    rebuild();
  }

  function relabel() {
    showError(applyLabels(state, opt));
    setupTable();
    layout();
    scheduleDraw();
  }

  function relayout() {
    layout();
    scheduleDraw();
  }

  cleanup(followTheme(dom.root, model, (dark) => {
    state.theme = themeOf(dark);
    state.overview = null;
    scheduleDraw();
  }));
  cleanup(followWidth(el, () => widthOf(opt), relayout));

  start(() => {
    view.link = joinGroup(model, (rows) => actions.receive(rows, { own: true }));
    cleanup(view.link.leave);
    onChange("data", reload);
    onChange(BUILD_KEYS, rebuild);
    onChange(["legend_col", "pid_fmt"], relabel);
    onChange("show_table", () => {
      setupTable();
      scheduleDraw();
    });
    onChange(["hide_legend", "width", "height", "title"], relayout);
    onChange("selected_indices", () => actions.fromModel(model.get("selected_indices") ?? []));
    reload();
  });

  return destroy(() => {
    detachPointer();
    detachKeys();
    table?.destroy();
  });
}

export default { render };
