// The table view's DOM: its stylesheet, the skeleton (title, toolbar, error line, column
// chooser, grid and detail pane) and the column chooser's list. Strings reach the page as
// textContent only (common/dom.js).
import { button, h, viewRoot } from "../common/dom.js";

export const CSS = `
.hk-dt{--hk-fg:#1f2328;--hk-muted:#57606a;--hk-bg:#fff;--hk-panel:#f6f8fa;--hk-border:#d0d7de;--hk-sel:rgba(9,105,218,.18);--hk-bad:#d1242f;
  position:relative;color:var(--hk-fg);background:var(--hk-bg);font:12px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;box-sizing:border-box;padding:4px}
.hk-dt.hk-dark{--hk-fg:#e6edf3;--hk-muted:#9198a1;--hk-bg:#0d1117;--hk-panel:#161b22;--hk-border:#3d444d;--hk-sel:rgba(56,139,253,.25);--hk-bad:#ff7b72}
.hk-dt *{box-sizing:border-box}
.hk-dt .hk-title{font-weight:600;font-size:13px;margin:0 0 4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-dt .hk-bar{display:flex;gap:6px;align-items:center;margin-bottom:4px;flex-wrap:wrap}
.hk-dt button{font:inherit;color:var(--hk-fg);background:var(--hk-panel);border:1px solid var(--hk-border);border-radius:4px;padding:1px 8px;cursor:pointer}
.hk-dt .hk-bar button[aria-pressed=true],.hk-dt .hk-bar button[aria-expanded=true]{outline:2px solid var(--hk-sel)}
.hk-dt .hk-status{color:var(--hk-muted);flex:1 1 auto}
.hk-dt .hk-error{color:var(--hk-bad);white-space:pre-wrap}
.hk-dt-chooser{position:absolute;z-index:5;background:var(--hk-bg);border:1px solid var(--hk-border);border-radius:4px;padding:6px;max-height:320px;overflow:auto;box-shadow:0 2px 8px rgba(0,0,0,.2);min-width:200px}
.hk-dt-chooser label{display:flex;gap:6px;align-items:center;white-space:nowrap;padding:1px 0}
.hk-dt-chooser .hk-dt-cbar{display:flex;gap:6px;margin-bottom:4px}
.hk-dt-main{display:flex;gap:6px;align-items:stretch;flex-wrap:wrap}
.hk-dt-grid{flex:1 1 480px;min-width:0;position:relative;background:var(--hk-bg)}
.hk-dt-detail{flex:0 1 340px;min-width:240px;border:1px solid var(--hk-border);overflow:auto;padding:4px 6px;background:var(--hk-bg)}
.hk-dt-dhead{font-weight:600;margin-bottom:4px}
.hk-dt-field{margin-bottom:6px}
.hk-dt-name{font-weight:600;color:var(--hk-muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-dt-value{white-space:pre-wrap;word-break:break-all;max-height:240px;overflow:auto}
.hk-dt-hint{color:var(--hk-muted)}
.hk-dt-tree{list-style:none;margin:0;padding-left:14px}
.hk-dt-root{padding-left:0}
.hk-dt-node{white-space:pre-wrap;word-break:break-all}
.hk-dt-toggle{background:none !important;border:0 !important;padding:0 !important;text-align:left;display:inline}
.hk-dt-arrow{display:inline-block;width:12px;color:var(--hk-muted)}
.hk-dt-key{font-weight:600}
.hk-dt-sum{color:var(--hk-muted)}
.hk-dt-more{margin:2px 0}
.hk-dt-filter{width:100%;font:inherit;font-size:11px;padding:1px 3px;color:var(--hk-fg);background:var(--hk-bg);border:1px solid var(--hk-border);border-radius:3px}
.hk-dt-filter.hk-bad{border-color:var(--hk-bad);outline:1px solid var(--hk-bad)}
`;

/** Builds the view's elements inside `el` and returns them. */
export function createDom(el) {
  const { root, title, bar, status, errorBox } = viewRoot("hk-dt", CSS);
  const columnsBtn = button("Columns", "Choose the columns to show");
  columnsBtn.setAttribute("aria-expanded", "false");
  const detailsBtn = button("Details", "Show or hide the row-detail pane");
  const clearBtn = button("Clear filters", "Remove every column filter and the sort");
  status.setAttribute("aria-live", "polite");
  bar.append(columnsBtn, detailsBtn, clearBtn, status);
  const chooser = h("div", "hk-dt-chooser");
  chooser.hidden = true;
  chooser.setAttribute("role", "dialog");
  chooser.setAttribute("aria-label", "Columns");
  const main = h("div", "hk-dt-main");
  const gridHost = h("div", "hk-dt-grid");
  const detail = h("div", "hk-dt-detail");
  detail.setAttribute("aria-label", "Row details");
  main.append(gridHost, detail);
  root.append(chooser, main);
  el.appendChild(root);
  return { root, title, bar, columnsBtn, detailsBtn, clearBtn, status, errorBox, chooser, main, gridHost, detail };
}

const count = (n) => n.toLocaleString("en-US");

/** The status line: rows shown of rows, and how many are selected. */
export function statusText(total, shown, selected) {
  if (total === undefined || total === null) return "No data";
  return `${count(shown)} of ${count(total)} rows${selected ? ` · ${count(selected)} selected` : ""}`;
}

/**
 * What export.js adds to the file: the grid's rows are HTML, so its SVG snapshot of the
 * visible rows is laid over the grid's place in the exported image.
 */
export function gridExtras(dom, grid) {
  return () => {
    const snap = grid()?.snapshot();
    return snap ? [{ node: snap, over: dom.gridHost }] : [];
  };
}
