// A virtualised grid shared by the views' tables (DataTable, the process tree's table,
// SessionRarity, PayloadView). Only the rows on screen exist as elements (a small pool
// reused as the grid scrolls), so a million rows scroll at frame rate; cells are text only
// (textContent), clipped. Rows here are display positions: sorting and filtering belong to
// the owner, who maps a display row to its source row in `cell(row, key)`.
//
// Browsers cap an element's height (Firefox near 17.9 million pixels), so past MAX_PX the
// scroll range is scaled: the scroll bar moves through the rows proportionally.
import { clip, h } from "./dom.js";
import { attachKeys, createSelection } from "./grid-select.js";
import { snapshot } from "./grid-export.js";
import { buildHead, showSort } from "./grid-head.js";

export const MAX_PX = 8_000_000;
const MAX_CHARS = 400; // characters of a cell shown; the tooltip holds a little more

export const GRID_CSS = `
.hk-grid{--g-fg:var(--hk-fg,#1f2328);--g-muted:var(--hk-muted,#57606a);--g-bg:var(--hk-bg,#fff);--g-head:var(--hk-panel,#f6f8fa);--g-line:var(--hk-border,#d0d7de);--g-sel:rgba(9,105,218,.2);--g-focus:#0969da;--g-alt:rgba(0,0,0,.025);
  position:relative;overflow:auto;color:var(--g-fg);background:var(--g-bg);font:12px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;border:1px solid var(--g-line);outline:none;box-sizing:border-box}
.hk-dark .hk-grid{--g-fg:var(--hk-fg,#e6edf3);--g-muted:var(--hk-muted,#9198a1);--g-bg:var(--hk-bg,#0d1117);--g-head:var(--hk-panel,#161b22);--g-line:var(--hk-border,#3d444d);--g-sel:rgba(56,139,253,.3);--g-focus:#58a6ff;--g-alt:rgba(255,255,255,.03)}
.hk-grid:focus-visible{box-shadow:inset 0 0 0 2px var(--g-focus)}
.hk-grid *{box-sizing:border-box}
.hk-grid-pane{position:sticky;top:0;overflow:hidden}
.hk-grid-head,.hk-grid-extra{display:flex;background:var(--g-head);border-bottom:1px solid var(--g-line);position:relative;z-index:1}
.hk-grid-hc,.hk-grid-xc{flex:none;position:relative;padding:2px 6px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;border-right:1px solid var(--g-line);user-select:none}
.hk-grid-xc{font-weight:400;padding:1px 2px}
.hk-grid-hc.hk-sortable{cursor:pointer}
.hk-grid-grip{position:absolute;top:0;right:0;width:6px;height:100%;cursor:col-resize}
.hk-grid-body{position:relative;overflow:hidden;contain:strict}
.hk-grid-row{position:absolute;left:0;top:0;display:flex;cursor:default;contain:layout style;will-change:transform}
.hk-grid-row.hk-odd{background:var(--g-alt)}
.hk-grid-row.hk-sel{background:var(--g-sel)}
.hk-grid-row.hk-focus{box-shadow:inset 0 0 0 1px var(--g-focus)}
.hk-grid-c{flex:none;padding:0 6px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;border-right:1px solid transparent}
.hk-grid-spacer{width:1px}
`;

const textOf = (v) => (v === null || v === undefined ? "" : String(v));
const px = (n) => `${Math.max(0, Math.round(n))}px`;
const widthOf = (c) => (Number(c.width) > 0 ? Math.min(2000, Math.max(24, Number(c.width))) : 140);

/**
 * A grid in `parent`. Options: `columns` `[{ key, label?, width? }]`, `rowCount`,
 * `cell(row, key)` → text, `rowHeight` (22), `height` (320, pixels of the whole grid),
 * `onSelect(rows)` (display rows, ascending, after a user's change), `onActivate(row)`
 * (Enter, double click), `selectable` ("multi", "single" or "none"); and, beyond the
 * shared API: `onFocus(row)` (the focused row moved), `onSort(key, event)` (a header was
 * clicked; show the order with `setSort`), `headerExtra(column, cell)` (fills a second header line,
 * e.g. filters), `onResize(key, width)`, `maxChars` (400), `label` (the grid's ARIA label).
 * Returns `{ element, setRowCount, refresh, setSelection, scrollToRow, destroy }` and
 * `setColumns`, `setHeight`, `setSort`, `selection()`, `focused()`, `focus(row)`, `snapshot()`.
 */
export function createGrid(parent, options = {}) {
  const o = { rowHeight: 22, height: 320, selectable: "multi", maxChars: MAX_CHARS, ...options };
  const rh = Math.max(12, Math.min(200, Number(o.rowHeight) || 22));
  let columns = [];
  let rowCount = 0;
  let height = 320;
  let virtTop = 0; // pixels of the (unscaled) rows above the view
  let lastScrollTop = 0;
  let pool = [];
  let destroyed = false;
  let sort = []; // [{ key, dir }], first key first
  const cleanups = [];

  const element = h("div", "hk-grid");
  element.tabIndex = 0;
  element.setAttribute("role", "grid");
  if (o.label) element.setAttribute("aria-label", textOf(o.label).slice(0, 200));
  element.setAttribute("aria-multiselectable", String(o.selectable === "multi"));
  const style = h("style", null, GRID_CSS);
  const pane = h("div", "hk-grid-pane");
  const head = h("div", "hk-grid-head");
  head.setAttribute("role", "row");
  const extra = o.headerExtra ? h("div", "hk-grid-extra") : null;
  const body = h("div", "hk-grid-body");
  body.setAttribute("role", "rowgroup");
  const spacer = h("div", "hk-grid-spacer");
  pane.append(...[head, extra, body].filter(Boolean));
  element.append(style, pane, spacer);
  parent.appendChild(element);

  const headHeight = () => (head.offsetHeight || 24) + (extra ? extra.offsetHeight || 26 : 0);
  const viewHeight = () => element.clientHeight || height;
  const bodyHeight = () => Math.max(rh, viewHeight() - headHeight());
  const totalWidth = () => columns.reduce((s, c) => s + c.width, 0);
  const maxVirt = () => Math.max(0, rowCount * rh - bodyHeight());
  const spacerHeight = () => Math.min(maxVirt(), MAX_PX);

  const sel = createSelection({
    count: () => rowCount,
    mode: () => o.selectable,
    page: () => Math.max(1, Math.floor(bodyHeight() / rh) - 1),
    onChange: (rows) => {
      paint();
      o.onSelect?.(rows);
    },
    onFocus: (row) => {
      scrollToRow(row);
      paint();
      o.onFocus?.(row);
    },
    onActivate: (row) => o.onActivate?.(row),
  });

  function buildHeader() {
    buildHead({ head, extra, columns, options: o, onWidth: () => layout() });
    showSort(columns, sort);
  }

  function makeRow() {
    const el = h("div", "hk-grid-row");
    el.setAttribute("role", "row");
    el.style.height = px(rh);
    el.style.lineHeight = px(rh);
    const entry = { el, cells: [], row: -1, texts: [] };
    el.addEventListener("click", (e) => entry.row >= 0 && sel.click(entry.row, e));
    el.addEventListener("dblclick", () => entry.row >= 0 && o.onActivate?.(entry.row));
    for (const c of columns) {
      const cell = h("div", "hk-grid-c");
      cell.setAttribute("role", "gridcell");
      cell.style.width = px(c.width);
      cell.appendChild(document.createTextNode(""));
      el.appendChild(cell);
      entry.cells.push(cell);
      entry.texts.push(null);
    }
    return entry;
  }

  // Sizes from the state: pane and body heights, the spacer that gives the scroll range,
  // and a pool with enough rows to cover the body.
  function layout() {
    if (destroyed) return;
    element.style.height = px(height);
    const width = totalWidth();
    pane.style.width = px(width);
    pane.style.height = px(viewHeight());
    body.style.height = px(bodyHeight());
    spacer.style.height = px(spacerHeight());
    element.setAttribute("aria-rowcount", String(rowCount + 1));
    const need = Math.min(rowCount, Math.ceil(bodyHeight() / rh) + 1);
    while (pool.length > need) pool.pop().el.remove();
    while (pool.length < need) {
      const entry = makeRow();
      pool.push(entry);
      body.appendChild(entry.el);
    }
    for (const p of pool) {
      p.el.style.width = px(width);
      for (let j = 0; j < columns.length; j++) p.cells[j].style.width = px(columns[j].width);
    }
    virtTop = Math.min(virtTop, maxVirt());
    paint();
  }

  function onScroll() {
    const st = element.scrollTop;
    // A scroll we caused keeps its exact position; one by the user maps the bar to rows.
    if (st !== lastScrollTop) {
      const range = spacerHeight();
      virtTop = range > 0 ? (Math.min(st, range) / range) * maxVirt() : 0;
      lastScrollTop = st;
    }
    paint();
  }

  /** Draws the rows under the view from `virtTop`. */
  function paint() {
    if (destroyed) return;
    const first = Math.floor(virtTop / rh);
    const offset = virtTop - first * rh;
    const focus = sel.focused();
    for (let i = 0; i < pool.length; i++) {
      const p = pool[i];
      const row = first + i;
      const live = row < rowCount;
      p.el.style.display = live ? "" : "none";
      p.el.style.transform = `translateY(${Math.round(i * rh - offset)}px)`;
      if (!live) continue;
      if (p.row !== row) {
        p.row = row;
        p.el.setAttribute("aria-rowindex", String(row + 2));
      }
      for (let j = 0; j < columns.length; j++) {
        const text = textOf(o.cell(row, columns[j].key));
        if (p.texts[j] === text) continue;
        p.texts[j] = text;
        p.cells[j].firstChild.data = clip(text, o.maxChars);
        p.cells[j].title = text.length > 24 ? clip(text, 2 * o.maxChars) : "";
      }
      p.el.classList.toggle("hk-odd", row % 2 === 1);
      const on = sel.has(row);
      p.el.classList.toggle("hk-sel", on);
      p.el.classList.toggle("hk-focus", row === focus);
      p.el.setAttribute("aria-selected", String(on));
    }
  }

  function setColumns(list) {
    columns = Array.from(list ?? [], (c) => ({ key: c.key, label: clip(textOf(c.label ?? c.key), 200), width: widthOf(c), source: c }));
    for (const p of pool) p.el.remove();
    pool = [];
    buildHeader();
    layout();
  }

  function setRowCount(n) {
    rowCount = Math.max(0, Math.floor(Number(n) || 0));
    sel.clamp();
    for (const p of pool) p.texts.fill(null);
    layout();
  }

  function scrollToRow(row) {
    const r = Math.max(0, Math.min(rowCount - 1, Math.floor(row)));
    const top = r * rh;
    if (top < virtTop) virtTop = top;
    else if (top + rh > virtTop + bodyHeight()) virtTop = top + rh - bodyHeight();
    else return paint();
    virtTop = Math.max(0, Math.min(virtTop, maxVirt()));
    const range = maxVirt();
    lastScrollTop = range > 0 ? Math.round((virtTop / range) * spacerHeight()) : 0;
    element.scrollTop = lastScrollTop;
    lastScrollTop = element.scrollTop; // what the browser kept
    paint();
  }

  element.addEventListener("scroll", onScroll, { passive: true });
  cleanups.push(attachKeys(element, sel));
  const resizeObserver = typeof ResizeObserver === "function" ? new ResizeObserver(() => layout()) : null;
  resizeObserver?.observe(element);

  height = Math.max(80, Number(o.height) || 320);
  setColumns(o.columns);
  setRowCount(o.rowCount);

  return {
    element,
    setRowCount,
    refresh() {
      for (const p of pool) p.texts.fill(null);
      paint();
    },
    setSelection(rows) {
      sel.set(rows);
      paint();
    },
    scrollToRow,
    setColumns,
    setHeight(n) {
      height = Math.max(80, Number(n) || 320);
      layout();
    },
    /** Shows the sort on the headers: `(key, dir)` (1 ascending, -1 descending, 0 none) or a list of `{ key, dir }`. */
    setSort(key, dir) {
      const list = Array.isArray(key) ? key : [{ key, dir }];
      sort = list.map((s) => ({ key: s.key, dir: Math.sign(Number(s.dir) || 0) })).filter((s) => s.dir !== 0);
      showSort(columns, sort);
    },
    selection: () => sel.rows(),
    focused: () => sel.focused(),
    focus: (row) => sel.moveTo(row),
    /** An SVG element of what is on screen (header and rows as text), for export. */
    snapshot: () => snapshot({ columns, pool, rh, headH: head.offsetHeight || 24, left: element.scrollLeft || 0, width: element.clientWidth || totalWidth(), sel }),
    destroy() {
      destroyed = true;
      resizeObserver?.disconnect();
      element.removeEventListener("scroll", onScroll);
      for (const f of cleanups) f();
      element.remove();
    },
  };
}
