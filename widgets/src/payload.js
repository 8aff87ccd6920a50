// huntkit payload view: an anywidget (AFM) module. CyberChef's "magic + extract" in the
// notebook: a payload (a text, or a column of a table) decoded layer by layer by the
// engine (base64, hex, UTF-16, gzip, zlib, DEFLATE, zip, tar, nested), shown as a tree of
// layers with their types, names, hashes and content (text or hex), the indicators of
// every layer highlighted by type and listed in a filterable table with their raw and
// refanged values.
//
// This entry ties the view's modules (payload/) to the model's life cycle: options in
// options.js, engine calls in work.js, the input and the decoder in load.js, the layer
// model in layers.js, the panels in view.js (tree.js, detail.js, table.js), export in
// export.js; common/lifecycle.js gives it the engine, the model's listeners, the error
// line and destroy (the theme and the link group are handed to it).
import { toIPC } from "./common/arrow.js";
import { button } from "./common/dom.js";
import { saveButtons } from "./common/export.js";
import { createLifecycle, saveTraits } from "./common/lifecycle.js";
import { joinGroup } from "./common/link.js";
import { followTheme } from "./common/theme.js";
import { createDom } from "./payload/dom.js";
import { viewSVG } from "./payload/export.js";
import { indicatorTable } from "./payload/indicators.js";
import { inputOf, loadLayers } from "./payload/load.js";
import { DECODE_KEYS, IOC_KEYS, VIEW_KEYS, iocOptions, mainHeight, maxChars, optionReader, titleOf, widthOf } from "./payload/options.js";
import { createPayloadView } from "./payload/view.js";
import { createRunner } from "./payload/work.js";

function render({ model, el }) {
  const opt = optionReader(model);
  const dom = createDom(el);
  const state = { engine: null, runner: null, view: null, loaded: null, generation: 0, selected: [], linked: [], destroyed: false, note: "" };
  const { cleanup, onChange, showError, start, destroy } = createLifecycle(model, dom, state);

  function status() {
    const v = state.view;
    if (!v) return void (dom.status.textContent = state.note);
    const layers = v.model.nodes.filter((n) => n.kind === "layer").length;
    const { done, total } = v.progress();
    const n = v.indicators.count();
    const rows = v.model.frame ? `${v.model.roots.length} rows decoded · ` : "";
    const scanning = done < total ? ` (scanning ${done}/${total})` : "";
    dom.status.textContent = `${rows}${layers} layer${layers === 1 ? "" : "s"} · ${n} indicator${n === 1 ? "" : "s"}${scanning}${state.loaded?.warning ? ` · ${state.loaded.warning}` : state.loaded?.truncated ? " · a limit stopped decoding" : ""}${state.note ? ` · ${state.note}` : ""}`;
  }

  function layout() {
    dom.title.textContent = titleOf(opt);
    const w = widthOf(opt);
    dom.root.style.width = w ? `${w}px` : "";
    dom.main.style.height = `${mainHeight(opt)}px`;
    state.view?.tree.paint();
  }

  function publishSelection(rows) {
    state.selected = rows;
    saveTraits(model, { selected_indices: rows });
    link.publish(rows);
    state.view?.tree.mark({ selected: rows, linked: state.linked });
  }

  const link = joinGroup(model, (rows) => {
    if (!state.view?.model.frame) return; // one text has no input rows to show
    state.linked = rows;
    state.view?.tree.mark({ selected: state.selected, linked: rows });
    if (rows.length) state.view?.revealRow(rows[0]);
  });
  cleanup(link.leave);

  async function copy(text, what) {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Without the async clipboard (an insecure context, a denied permission).
      const area = document.createElement("textarea");
      area.value = text;
      area.style.cssText = "position:fixed;left:-9999px;top:0";
      dom.root.appendChild(area);
      area.select?.();
      document.execCommand?.("copy");
      area.remove();
    }
    state.note = `copied ${what}`;
    status();
  }

  const ctx = {
    iocOptions: () => iocOptions(opt),
    maxChars: () => maxChars(opt),
    copy,
    onSelect(rows, additive) {
      if (!state.view?.model.frame) return; // one text: no input rows to select
      let next = rows;
      if (additive) {
        const set = new Set(state.selected);
        for (const r of rows) set.has(r) ? set.delete(r) : set.add(r);
        next = [...set].sort((a, b) => a - b);
      }
      if (next.length === state.selected.length && next.every((r, i) => r === state.selected[i])) return;
      publishSelection(next);
    },
    onClear: () => state.view?.model.frame && publishSelection([]),
    onReady() {
      dom.root.dataset.ready = "1";
      status();
    },
    onScanned(indicators) {
      const table = indicatorTable(indicators.all(), state.view.model, state.engine.arrow);
      saveTraits(model, { indicators: toIPC(table, state.engine) });
      dom.root.dataset.indicators = String(indicators.all().length);
      status();
    },
    onError: showError,
    onStatus: status,
  };

  function build() {
    state.view?.destroy();
    state.view = null;
    if (!state.loaded || state.destroyed) return status();
    state.view = createPayloadView(dom, state.loaded, { ...ctx, runner: state.runner });
    state.view.tree.mark({ selected: state.selected, linked: state.linked });
    status();
  }

  async function reload() {
    const gen = ++state.generation;
    dom.root.dataset.ready = "0";
    delete dom.root.dataset.indicators;
    showError(null);
    try {
      const loaded = await loadLayers(state.runner, inputOf(model, opt, state.engine), opt, state.engine);
      if (gen !== state.generation || state.destroyed) return;
      state.loaded = loaded;
      if (state.selected.length) publishSelection([]); // rows of the old input
      if (loaded) saveTraits(model, { result: loaded.resultIPC });
      state.note = loaded ? "" : "no payload: give a text, or a table and its column";
      build();
      if (!loaded) dom.root.dataset.ready = "1";
    } catch (e) {
      if (gen !== state.generation) return;
      state.loaded = null;
      build();
      showError(e);
      dom.root.dataset.ready = "1";
    }
  }

  const [expandAll, collapseAll] = [button("Expand all", "Expand every layer"), button("Collapse all", "Collapse every layer")];
  expandAll.addEventListener("click", () => state.view?.expandAll(true));
  collapseAll.addEventListener("click", () => state.view?.expandAll(false));
  const exportView = () => viewSVG({
    width: dom.root.clientWidth || widthOf(opt) || 900,
    height: mainHeight(opt),
    title: titleOf(opt),
    dark: dom.root.classList.contains("hk-dark"),
    colourOf: (t) => state.view?.indicators.colourOf(t) ?? "#888",
    tree: state.view?.tree.onScreen() ?? [],
    detail: state.view?.detail.snapshot() ?? { pairs: [], hex: null, text: null, marks: [] },
    grid: state.view?.table.grid.snapshot?.() ?? null,
  });
  dom.bar.append(expandAll, collapseAll, ...saveButtons(exportView, "huntkit-payload"));
  cleanup(followTheme(dom.root, model));
  layout();

  start(
    (engine) => {
      state.runner = createRunner(engine);
      onChange(["data", ...DECODE_KEYS], reload);
      onChange(IOC_KEYS, build);
      onChange("max_chars", () => state.view?.detail.reset());
      onChange(VIEW_KEYS.filter((k) => k !== "max_chars"), layout);
      onChange("selected_indices", () => {
        // The kernel set the selection: show it (our own writes change nothing here). Read
        // from the model: Jupyter's listeners get (model, value), the page host's (value).
        state.selected = Array.from(model.get("selected_indices") ?? [], Number);
        state.view?.tree.mark({ selected: state.selected, linked: state.linked });
      });
      reload();
    },
    (e) => {
      showError(e);
      dom.root.dataset.ready = "1";
    },
  );

  return destroy(() => {
    state.generation++;
    state.view?.destroy();
  });
}

export default { render };
