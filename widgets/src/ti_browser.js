// huntkit TiBrowser view: an anywidget (AFM) module. MSTICPy's `browse_results` for a table
// of threat-intelligence lookups (Ioc, IocType, Provider, Result, Severity, Details,
// RawResult, Reference): one entry per indicator with every provider's result under it,
// coloured by severity, the raw response as a JSON tree, filters by severity, provider,
// verdict and text. `result` is the rows shown (Arrow IPC, input order); `selected_indices`
// the selected rows' input positions, shared with the link group.
//
// The modules (ti_browser/): options.js, the rows and filters in model.js, the colours in
// severity.js, the skeleton in dom.js, the list in list.js; common/lifecycle.js gives the
// engine, listeners, the error line and destroy.
import { toData } from "./common/arrow.js";
import { exportButtons } from "./common/export.js";
import { createLifecycle, saveTraits } from "./common/lifecycle.js";
import { createRowSelection } from "./common/row-selection.js";
import { followTheme } from "./common/theme.js";
import { resultBytes } from "./data_table/result.js";
import { createDom, fillToggles, severityValues, statusText } from "./ti_browser/dom.js";
import { listExtras } from "./ti_browser/export.js";
import { createList } from "./ti_browser/list.js";
import { filterGroups, groupRows, providersOf, readRows, shownRows } from "./ti_browser/model.js";
import { FILTER_KEYS, FRAME_KEYS, readOptions } from "./ti_browser/options.js";

const SEARCH_PAUSE = 200; // ms of quiet typing before the search applies

function render({ model, el }) {
  const dom = createDom(el);
  const state = { engine: null, table: null, ipc: null, rows: [], groups: [], shown: [], destroyed: false };
  const { cleanup, onChange, showError, start, destroy } = createLifecycle(model, dom, state);
  let opts = readOptions(model);
  let searchTimer = null;
  cleanup(followTheme(dom.root, model));
  const selection = createRowSelection(model, { rowCount: () => state.rows.length, onChange: () => {
    list.mark();
    status();
  } });
  cleanup(selection.leave);
  const list = createList(dom.list, {
    isSelected: (row) => selection.has(row),
    select(rows, { add }) {
      if (add) selection.toggle(rows);
      else {
        const same = selection.count() === rows.length && rows.every((r) => selection.has(r));
        selection.set(same ? [] : rows);
      }
    },
    clear: () => selection.clear(),
  });
  for (const b of exportButtons(() => dom.root, "ti_browser", { extras: listExtras(dom.list) })) dom.bar.insertBefore(b, dom.status);

  function status() {
    const n = state.shown.reduce((a, g) => a + g.rows.length, 0);
    dom.status.textContent = statusText(state.shown.length, n, state.table ? state.rows.length : null, selection.count());
  }

  function frame() {
    dom.title.textContent = opts.title;
    dom.title.hidden = !opts.title;
    dom.root.style.width = opts.width ? `${opts.width}px` : "";
    dom.list.style.maxHeight = `${opts.height}px`;
  }

  /** Writes a filter the user changed to its trait (the kernel reads what is on screen). */
  function saveFilter(traits) {
    saveTraits(model, traits);
  }

  function toggles() {
    const sev = opts.severities;
    fillToggles(dom.sevBox, severityValues(state.rows), (s) => !sev || sev.has(s), (s) => {
      const all = severityValues(state.rows).map((v) => v.value);
      const on = new Set(sev ?? all);
      if (on.has(s)) on.delete(s);
      else on.add(s);
      saveFilter({ severities: on.size === all.length && all.every((x) => on.has(x)) ? null : all.filter((x) => on.has(x)) });
    });
    const prov = opts.providers;
    const names = providersOf(state.rows);
    fillToggles(dom.provBox, names.slice(0, 100).map((p) => ({ value: p, label: p })), (p) => !prov || prov.has(p), (p) => {
      const on = new Set(prov ?? names);
      if (on.has(p)) on.delete(p);
      else on.add(p);
      saveFilter({ providers: on.size === names.length && names.every((x) => on.has(x)) ? null : names.filter((x) => on.has(x)) });
    });
    dom.positiveBtn.setAttribute("aria-pressed", String(opts.positiveOnly));
    if (dom.search.value !== opts.search && dom.root.ownerDocument?.activeElement !== dom.search) dom.search.value = opts.search;
  }

  function refilter() {
    if (!state.table) return;
    state.shown = filterGroups(state.groups, opts);
    list.show(state.shown);
    toggles();
    status();
    sendResult();
  }

  function sendResult() {
    if (!state.table || state.destroyed) return;
    try {
      saveTraits(model, { result: resultBytes({ table: state.table, ipc: state.ipc, rows: shownRows(state.shown) }, state.engine) });
    } catch (e) {
      showError(e);
    }
  }

  function load() {
    dom.root.dataset.ready = "0";
    showError(null);
    state.table = null;
    state.rows = [];
    state.groups = [];
    state.shown = [];
    try {
      const data = toData(model.get("data"), state.engine);
      if (data) {
        state.rows = readRows(data.table);
        state.table = data.table;
        state.ipc = data.ipc;
        state.groups = groupRows(state.rows);
      }
    } catch (e) {
      showError(e);
    }
    selection.reset();
    if (state.table) refilter();
    else {
      list.show([]);
      toggles();
    }
    status();
    dom.root.dataset.ready = "1";
  }

  dom.expandBtn.addEventListener("click", () => list.expandAll(true));
  dom.collapseBtn.addEventListener("click", () => list.expandAll(false));
  dom.clearBtn.addEventListener("click", () => selection.clear());
  dom.positiveBtn.addEventListener("click", () => saveFilter({ positive_only: !opts.positiveOnly }));
  dom.search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => saveFilter({ search: dom.search.value }), SEARCH_PAUSE);
  });
  dom.search.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      clearTimeout(searchTimer);
      saveFilter({ search: dom.search.value });
    }
  });

  frame();
  start(
    () => {
      onChange("data", load);
      onChange(FILTER_KEYS, () => {
        opts = readOptions(model);
        refilter();
      });
      onChange(FRAME_KEYS, () => {
        opts = readOptions(model);
        frame();
      });
      load();
    },
    (e) => {
      showError(e);
      dom.root.dataset.ready = "1";
    },
  );

  return destroy(() => clearTimeout(searchTimer));
}

export default { render };
