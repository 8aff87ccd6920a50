// huntkit DataTable view: an anywidget (AFM) module. A virtualised grid (common/grid.js)
// over an Arrow table: a million rows scroll at frame rate, sort and filter in typed arrays,
// choose columns, show a row's fields (nested JSON as a tree), and publish the selection
// (input row positions) and the rows shown (`result`, Arrow IPC: their input positions in
// the order shown, which the kernel turns back into rows of its own frame).
//
// This entry ties the modules (data_table/) to the model's life cycle: options in
// options.js, columns and their typed forms in columns.js and text.js, the row order in
// order.js (filters.js, radix.js), the header's filters and sort in header.js, the detail
// pane in detail.js, writing back in result.js; common/lifecycle.js gives it
// the engine, the model's listeners, the error line and destroy (the theme and the link
// group are handed to it).
import { toData } from "./common/arrow.js";
import { exportButtons } from "./common/export.js";
import { createGrid } from "./common/grid.js";
import { createLifecycle, saveTraits } from "./common/lifecycle.js";
import { joinGroup } from "./common/link.js";
import { followTheme } from "./common/theme.js";
import { makeColumns } from "./data_table/columns.js";
import { createDetail } from "./data_table/detail.js";
import { chosenTraits, createChooser } from "./data_table/chooser.js";
import { createDom, gridExtras, statusText } from "./data_table/dom.js";
import { createHeader } from "./data_table/header.js";
import { COLUMN_KEYS, FRAME_KEYS, ORDER_KEYS, readOptions, visibleColumns } from "./data_table/options.js";
import { computeRows, createOrder } from "./data_table/order.js";
import { positionsBytes, writeOrder } from "./data_table/result.js";
import { createSelection } from "./data_table/selection.js";
import { columnSpecs } from "./data_table/widths.js";

const RESULT_PAUSE = 150; // ms of quiet after a change before `result` is rebuilt

function render({ model, el }) {
  const dom = createDom(el);
  const state = {
    engine: null, table: null, ipc: null, cols: [], names: [], rows: new Uint32Array(0),
    shown: [], filters: new Map(), sorts: [], order: createOrder(), destroyed: false,
    colByName: (name) => state.cols[state.names.indexOf(name)],
  };
  const { cleanup, onChange, showError, start, destroy } = createLifecycle(model, dom, state);
  let opts = readOptions(model);
  let grid = null;
  let resultTimer = null;
  const detail = createDetail(dom.detail);
  cleanup(followTheme(dom.root, model));
  const keyName = (key) => (key === "#" ? null : state.names[Number(key.slice(1))] ?? null);
  const header = createHeader(state, keyName, () => {
    writeOrder(model, state);
    refilter();
  });
  const selection = createSelection({ model, state, getGrid: () => grid, onChange: status });
  selection.link = joinGroup(model, (rows) => selection.receive(rows));
  cleanup(selection.link.leave);

  for (const b of exportButtons(() => dom.root, "data_table", { extras: gridExtras(dom, () => grid) })) dom.bar.appendChild(b);

  function status() {
    dom.status.textContent = statusText(state.table?.numRows, state.rows.length, selection.count());
  }

  function showRow(input) {
    state.focus = input ?? null;
    if (!state.table || input === null || input === undefined || input < 0 || input >= state.table.numRows) return detail.show(null);
    const names = opts.detailCols ? opts.detailCols.filter((n) => state.names.includes(n)) : state.names;
    detail.show(input, names.map((name) => {
      const col = state.colByName(name);
      return { name, value: col.raw(input), text: col.text(input) };
    }));
  }

  function frame() {
    dom.title.textContent = opts.title;
    dom.title.hidden = !opts.title;
    dom.root.style.width = opts.width ? `${opts.width}px` : "";
    dom.detail.hidden = !opts.showDetails;
    dom.detail.style.height = `${opts.height}px`;
    dom.detailsBtn.setAttribute("aria-pressed", String(opts.showDetails));
  }

  function buildGrid() {
    grid?.destroy();
    header.forget();
    grid = null;
    if (!state.table) return;
    grid = createGrid(dom.gridHost, {
      columns: columnSpecs(state, opts),
      rowCount: state.rows.length,
      cell: (row, key) => {
        const input = state.rows[row];
        if (input === undefined) return "";
        return key === "#" ? String(input) : state.cols[Number(key.slice(1))].text(input);
      },
      height: opts.height,
      selectable: opts.selectable,
      label: opts.title || "Data table",
      onSelect: (rows) => selection.fromGrid(rows),
      onFocus: (row) => showRow(state.rows[row]),
      onActivate: (row) => {
        if (!opts.showDetails) toggleDetails();
        showRow(state.rows[row]);
      },
      onSort: header.onSort,
      headerExtra: opts.headerFilters ? header.fill : undefined,
    });
    showSort();
  }

  function showSort() {
    const key = (name) => `c${state.names.indexOf(name)}`;
    grid?.setSort(state.sorts.map((s) => ({ key: key(s.name), dir: s.desc ? -1 : 1 })));
  }

  /** Recomputes the rows shown (filters, sort) and everything that follows from them. */
  function refilter() {
    if (!state.table) return;
    const t0 = performance.now();
    const { rows, errors, failure } = computeRows(state);
    dom.root.dataset.orderMs = (performance.now() - t0).toFixed(1);
    state.rows = rows ?? state.rows;
    showError(failure ?? (errors.size ? { code: "bad_filter", message: [...errors].map(([n, m]) => `${n}: ${m}`).join("; ") } : null));
    header.mark(errors);
    selection.reindex();
    grid?.setRowCount(state.rows.length);
    grid?.refresh();
    showSort();
    status();
    clearTimeout(resultTimer);
    resultTimer = setTimeout(sendResult, RESULT_PAUSE);
  }

  function sendResult() {
    resultTimer = null;
    if (!state.table || state.destroyed) return;
    try {
      const t0 = performance.now();
      const bytes = positionsBytes(state.rows, state.engine);
      dom.root.dataset.resultMs = (performance.now() - t0).toFixed(1);
      saveTraits(model, { result: bytes });
    } catch (e) {
      showError(e);
    }
  }

  function readOrder() {
    state.filters = new Map(opts.filters);
    state.sorts = opts.sorts.map((s) => ({ ...s }));
  }

  function load() {
    dom.root.dataset.ready = "0";
    showError(null);
    grid?.destroy();
    grid = null;
    state.order = createOrder();
    try {
      const data = toData(model.get("data"), state.engine);
      state.table = data?.table ?? null;
      state.ipc = data?.ipc ?? null;
    } catch (e) {
      state.table = null;
      showError(e);
    }
    state.cols = state.table ? makeColumns(state.table, state.engine.arrow) : [];
    state.names = state.cols.map((c) => c.name);
    state.rows = new Uint32Array(0);
    state.shown = visibleColumns(state.names, opts);
    selection.reset(model.get("selected_indices"));
    readOrder();
    refilter();
    buildGrid();
    if (state.table) {
      clearTimeout(resultTimer);
      sendResult(); // at once: `result` is there when the view says it is drawn
    }
    showRow(null);
    status();
    dom.root.dataset.ready = "1";
  }

  function toggleDetails() {
    saveTraits(model, { show_details: !opts.showDetails });
  }

  dom.detailsBtn.addEventListener("click", toggleDetails);
  dom.clearBtn.addEventListener("click", () => {
    state.filters.clear();
    state.sorts = [];
    header.reset();
    writeOrder(model, state);
    refilter();
  });
  createChooser(dom, {
    names: () => state.names,
    shown: () => state.shown,
    onChange: (indexes) => {
      saveTraits(model, chosenTraits(state, opts, indexes));
    },
  });

  function onColumns() {
    opts = readOptions(model);
    state.shown = visibleColumns(state.names, opts);
    grid?.setColumns(columnSpecs(state, opts));
    showSort();
  }
  function onFrame() {
    const before = opts;
    opts = readOptions(model);
    frame();
    if (before.headerFilters !== opts.headerFilters || before.selectable !== opts.selectable || before.height !== opts.height) {
      buildGrid();
      selection.reindex();
    }
    if (JSON.stringify(before.detailCols) !== JSON.stringify(opts.detailCols)) showRow(state.focus);
  }
  function onOrder() {
    opts = readOptions(model);
    const same = JSON.stringify([...state.filters]) === JSON.stringify(opts.filters) && JSON.stringify(state.sorts) === JSON.stringify(opts.sorts);
    if (same) return;
    readOrder();
    header.reset();
    refilter();
  }

  frame();
  start(
    () => {
      onChange("data", load);
      onChange(COLUMN_KEYS, onColumns);
      onChange(ORDER_KEYS, onOrder);
      onChange(FRAME_KEYS, onFrame);
      onChange("selected_indices", () => selection.fromModel(model.get("selected_indices")));
      load();
    },
    (e) => {
      showError(e);
      dom.root.dataset.ready = "1";
    },
  );

  return destroy(() => {
    clearTimeout(resultTimer);
    header.stop();
    grid?.destroy();
  });
}

export default { render };
