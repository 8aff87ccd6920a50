// The process tree's DOM: its stylesheet, the skeleton of elements the other modules fill
// (title, toolbar with the search box, error line, tree canvas, legend, overview strip,
// tooltip, table), and the canvas sizing the drawing modules share. Nothing here parses
// markup (common/dom.js).
import { button, h, svgEl, viewRoot } from "../common/dom.js";
import { exportButtons } from "../common/export.js";

export const CSS = `
.hk-pt{--hk-fg:#1f2328;--hk-muted:#57606a;--hk-bg:#fff;--hk-panel:#f6f8fa;--hk-border:#d0d7de;--hk-accent:#0969da;
  position:relative;color:var(--hk-fg);background:var(--hk-bg);font:12px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;box-sizing:border-box;padding:4px;overflow:hidden}
.hk-pt.hk-dark{--hk-fg:#e6edf3;--hk-muted:#9198a1;--hk-bg:#0d1117;--hk-panel:#161b22;--hk-border:#3d444d;--hk-accent:#58a6ff}
.hk-pt *{box-sizing:border-box}
.hk-pt .hk-title{font-weight:600;font-size:13px;margin:0 0 4px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-pt .hk-bar{display:flex;gap:6px;align-items:center;margin-bottom:4px;flex-wrap:wrap}
.hk-pt .hk-bar button,.hk-pt .hk-bar input{font:inherit;color:var(--hk-fg);background:var(--hk-panel);border:1px solid var(--hk-border);border-radius:4px;padding:1px 8px}
.hk-pt .hk-bar button{cursor:pointer}
.hk-pt .hk-bar button:disabled{opacity:.5;cursor:default}
.hk-pt .hk-bar input{width:200px;background:var(--hk-bg)}
.hk-pt .hk-status{color:var(--hk-muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-pt .hk-row{display:flex;align-items:flex-start;gap:4px}
.hk-pt .hk-plot{position:relative;flex:none;outline:none;overflow:hidden;border:1px solid var(--hk-border);border-radius:2px}
.hk-pt .hk-plot:focus-visible{box-shadow:0 0 0 2px var(--hk-accent)}
.hk-pt .hk-plot canvas{position:absolute;left:0;top:0}
.hk-pt .hk-map{flex:none;cursor:ns-resize;border:1px solid var(--hk-border);border-radius:2px}
.hk-pt .hk-legend{flex:none;overflow:hidden}
.hk-pt .hk-tip{position:absolute;z-index:10;pointer-events:none;background:var(--hk-panel);color:var(--hk-fg);border:1px solid var(--hk-border);border-radius:4px;padding:4px 6px;max-width:520px;max-height:340px;overflow:hidden;white-space:pre-wrap;word-break:break-all;font-size:11px;box-shadow:0 2px 8px rgba(0,0,0,.2);display:none}
.hk-pt .hk-tip .hk-k{font-weight:600}
.hk-pt .hk-error{color:#d1242f;white-space:pre-wrap}
.hk-pt .hk-table{margin-top:6px}
.hk-pt .hk-help{color:var(--hk-muted);font-size:11px;margin-top:2px}
.hk-pt .hk-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

/**
 * Builds the view's elements inside `el`; returns them by name. `extras()` gives the export
 * what it cannot see itself (the table's snapshot, see common/export.js).
 */
export function createDom(el, extras) {
  const { root, title, bar, status, errorBox } = viewRoot("hk-pt", CSS);
  const search = h("input");
  search.type = "search";
  search.placeholder = "Search processes";
  search.setAttribute("aria-label", "Search processes (name, PID, command line, account)");
  const prevBtn = button("▲", "Previous match (Shift+Enter)");
  const nextBtn = button("▼", "Next match (Enter)");
  const onlyBtn = button("Only this tree", "Show only the tree of the focused process");
  const expandBtn = button("Expand all", "Expand every process");
  const collapseBtn = button("Collapse all", "Collapse every process with children");
  status.setAttribute("aria-live", "polite");
  const [pngBtn, svgBtn] = exportButtons(() => root, "process_tree", { extras });
  bar.append(search, prevBtn, nextBtn, onlyBtn, expandBtn, collapseBtn, pngBtn, svgBtn, status);
  const row = h("div", "hk-row");
  const plot = h("div", "hk-plot");
  plot.tabIndex = 0;
  plot.setAttribute("role", "tree");
  plot.setAttribute("aria-label", "Process tree: arrows move, Left and Right collapse and expand, Enter selects, Shift+drag selects boxes");
  const canvas = h("canvas");
  plot.appendChild(canvas);
  const legend = svgEl("svg", { class: "hk-legend" });
  const map = h("canvas", "hk-map");
  map.title = "Overview: click or drag to move through the tree";
  row.append(plot, legend, map);
  const help = h("div", "hk-help", "Wheel scrolls · drag pans · click selects (Ctrl adds) · Shift+drag selects boxes · ▸ collapses · arrows, Enter and Escape in the tree");
  const tip = h("div", "hk-tip");
  const table = h("div", "hk-table");
  // What a screen reader says of the focused process (the tree itself is a canvas).
  const spoken = h("div", "hk-sr");
  spoken.setAttribute("aria-live", "polite");
  root.append(row, help, table, tip, spoken);
  el.appendChild(root);
  return { root, title, bar, search, prevBtn, nextBtn, onlyBtn, expandBtn, collapseBtn, pngBtn, svgBtn, status, errorBox, row, plot, canvas, legend, map, tip, table, spoken };
}

/** Sizes a canvas to `w` × `h` CSS pixels at the device's pixel ratio; returns its 2D context, scaled. */
export function sizeCanvas(canvas, w, hgt) {
  const ratio = globalThis.devicePixelRatio || 1;
  const pw = Math.max(1, Math.round(w * ratio));
  const ph = Math.max(1, Math.round(hgt * ratio));
  if (canvas.width !== pw) canvas.width = pw;
  if (canvas.height !== ph) canvas.height = ph;
  canvas.style.width = `${Math.round(w)}px`;
  canvas.style.height = `${Math.round(hgt)}px`;
  const ctx = canvas.getContext?.("2d") ?? null; // none under a DOM stand-in
  ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}
