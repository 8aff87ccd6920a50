// The grid's header: one cell per column (its label, the sort arrow, a grip to drag its
// width), the optional second line the owner fills (filters), and the sort shown on it.

import { h } from "./dom.js";

const px = (n) => `${Math.max(0, Math.round(n))}px`;

/**
 * Fills `head` (and `extra`, when the owner gave `headerExtra`) for `columns`; header
 * clicks and Enter/Space call `options.onSort(key, event)`; dragging a grip changes the
 * column's width and calls `onWidth(column)`, then `options.onResize(key, width)`.
 */
export function buildHead({ head, extra, columns, options: o, onWidth }) {
  head.replaceChildren();
  extra?.replaceChildren();
  for (const c of columns) {
    const cell = h("div", "hk-grid-hc");
    cell.appendChild(document.createTextNode(c.label));
    cell.title = c.label;
    cell.style.width = px(c.width);
    cell.setAttribute("role", "columnheader");
    if (o.onSort) {
      cell.classList.add("hk-sortable");
      cell.tabIndex = 0;
      cell.addEventListener("click", (e) => {
        if (!e.target?.classList?.contains("hk-grid-grip")) o.onSort(c.key, e);
      });
      cell.addEventListener("keydown", (e) => {
        if (e.key !== "Enter" && e.key !== " ") return;
        e.preventDefault();
        o.onSort(c.key, e);
      });
    }
    const grip = h("div", "hk-grid-grip");
    grip.addEventListener("pointerdown", (e) => startResize(e, c, o, onWidth));
    cell.appendChild(grip);
    c.headCell = cell;
    head.appendChild(cell);
    if (extra) {
      const x = h("div", "hk-grid-xc");
      x.style.width = px(c.width);
      c.extraCell = x;
      extra.appendChild(x);
      o.headerExtra(c.source, x);
    }
  }
}

/** Shows `sort` (`[{ key, dir }]`, first key first) as arrows and `aria-sort`. */
export function showSort(columns, sort) {
  for (const c of columns) {
    const at = sort.findIndex((s) => s.key === c.key);
    const dir = at >= 0 ? sort[at].dir : 0;
    const nth = sort.length > 1 && at >= 0 ? String(at + 1) : "";
    c.headCell.firstChild.data = dir ? `${c.label} ${dir > 0 ? "▲" : "▼"}${nth}` : c.label;
    c.headCell.setAttribute("aria-sort", dir > 0 ? "ascending" : dir < 0 ? "descending" : "none");
  }
}

function startResize(e, c, o, onWidth) {
  e.preventDefault?.();
  e.stopPropagation?.();
  const x0 = e.clientX;
  const w0 = c.width;
  const move = (ev) => {
    c.width = Math.min(2000, Math.max(24, w0 + ev.clientX - x0));
    c.headCell.style.width = px(c.width);
    if (c.extraCell) c.extraCell.style.width = px(c.width);
    onWidth(c);
  };
  const up = () => {
    globalThis.removeEventListener("pointermove", move);
    globalThis.removeEventListener("pointerup", up);
    o.onResize?.(c.key, c.width);
  };
  globalThis.addEventListener("pointermove", move);
  globalThis.addEventListener("pointerup", up);
}
