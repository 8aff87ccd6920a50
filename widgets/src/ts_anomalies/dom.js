// The view's DOM: its stylesheet and the skeleton the other modules fill. Nothing here
// parses markup: every string from the data or the options reaches the page through
// textContent, a form control's value, or SVG text nodes.
import { select } from "d3-selection";
import { button, h, svgEl, viewRoot } from "../common/dom.js";

export const CSS = `
.hk-ts{--hk-fg:#1f2328;--hk-muted:#57606a;--hk-bg:#fff;--hk-grid:rgba(0,0,128,.12);--hk-panel:#f6f8fa;--hk-border:#d0d7de;--hk-sel:rgba(9,105,218,.16);--hk-ring:#0969da;--hk-thr:#cf222e;
  position:relative;color:var(--hk-fg);background:var(--hk-bg);font:12px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;box-sizing:border-box;padding:4px;overflow:hidden;outline:none}
.hk-ts.hk-dark{--hk-fg:#e6edf3;--hk-muted:#9198a1;--hk-bg:#0d1117;--hk-grid:rgba(255,255,255,.12);--hk-panel:#161b22;--hk-border:#3d444d;--hk-sel:rgba(56,139,253,.22);--hk-ring:#58a6ff;--hk-thr:#ff7b72}
.hk-ts:focus-visible{box-shadow:0 0 0 2px var(--hk-ring) inset}
.hk-ts *{box-sizing:border-box}
.hk-title{font-weight:600;font-size:13px;margin:0 0 4px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-bar{display:flex;gap:6px;align-items:center;margin-bottom:4px;flex-wrap:wrap}
.hk-ts button{font:inherit;color:var(--hk-fg);background:var(--hk-panel);border:1px solid var(--hk-border);border-radius:4px;padding:1px 8px;cursor:pointer}
.hk-bar button[aria-pressed=true]{outline:2px solid var(--hk-sel)}
.hk-thr-box{display:flex;gap:4px;align-items:center}
.hk-thr{width:160px}
.hk-thr-val{min-width:3.5em;font-variant-numeric:tabular-nums}
.hk-status{color:var(--hk-muted)}
.hk-plots{position:relative;touch-action:none}
.hk-panel{position:relative}
.hk-panel canvas,.hk-panel svg{position:absolute;left:0;top:0}
.hk-legend{position:absolute;z-index:2;display:flex;flex-direction:column;background:var(--hk-bg);border:1px solid var(--hk-border);border-radius:4px;opacity:.92;padding:2px 4px;font-size:11px}
.hk-ts .hk-legend button{display:flex;gap:6px;align-items:center;background:none;border:0;padding:1px 2px;text-align:left}
.hk-ts .hk-legend button.hk-off{opacity:.4;text-decoration:line-through}
.hk-sw{flex:none;width:10px;height:10px;border-radius:2px;display:inline-block}
.hk-range{margin-top:6px}
.hk-range-title{font-weight:600;font-size:11px}
.hk-help{color:var(--hk-muted);font-size:11px}
.hk-periods{margin-top:6px;display:grid;grid-template-columns:1fr;gap:2px}
.hk-periods-head{display:flex;gap:8px;align-items:center;font-weight:600;font-size:11px}
.hk-periods-list,.hk-kql{font:11px/1.35 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--hk-fg);background:var(--hk-panel);border:1px solid var(--hk-border);border-radius:4px;padding:3px 5px;max-height:96px;overflow:auto;white-space:pre-wrap;word-break:break-all;margin:0;width:100%;resize:vertical}
.hk-kql{height:56px}
.hk-copied{color:var(--hk-muted);font-weight:400}
.hk-tip{position:absolute;z-index:10;pointer-events:none;background:var(--hk-panel);color:var(--hk-fg);border:1px solid var(--hk-border);border-radius:4px;padding:4px 6px;max-width:420px;white-space:pre;overflow:hidden;text-overflow:ellipsis;font-size:11px;box-shadow:0 2px 8px rgba(0,0,0,.2);display:none}
.hk-tip .hk-k{font-weight:600}
.hk-error{color:#d1242f;white-space:pre-wrap}
.hk-ts .tick text{fill:var(--hk-fg)}.hk-ts .domain,.hk-ts .tick line{stroke:var(--hk-muted)}
.hk-ts .selection{fill:#000080;fill-opacity:.2;stroke:#000080}
.hk-ts.hk-dark .selection{fill:#6e9bff;stroke:#6e9bff}
`;

// A plot panel: two canvases (the data's lines and points, redrawn when the view moves;
// and the marks — anomalies, selection — redrawn on every threshold step) under an SVG
// layer whose group `g` is the plot area.
function panel(cls) {
  const box = h("div", `hk-panel ${cls}`);
  const canvas = h("canvas");
  const marks = h("canvas");
  const svgNode = svgEl("svg");
  box.append(canvas, marks, svgNode);
  const svg = select(svgNode);
  const g = svg.append("g");
  return { box, canvas, marks, svgNode, svg, g };
}

/**
 * Builds the view's elements inside `el`: title, toolbar (Reset, Select, the threshold
 * slider, status), error line, the main plot and the score panel (one zoomable block),
 * the range selector, the anomaly periods with their KQL filter, and the tooltip.
 */
export function createDom(el) {
  const { root, title, bar, status, errorBox } = viewRoot("hk-ts", CSS);
  root.tabIndex = 0;
  root.setAttribute("role", "figure");
  const resetBtn = button("Reset", "Show all the data");
  const selectBtn = button("Select", "Drag to select a time range (or hold Shift while dragging)");
  selectBtn.setAttribute("aria-pressed", "false");
  const thrBox = h("label", "hk-thr-box");
  const slider = h("input", "hk-thr");
  slider.type = "range";
  slider.setAttribute("aria-label", "Score threshold");
  const thrValue = h("span", "hk-thr-val");
  thrBox.append(h("span", null, "Threshold"), slider, thrValue);
  bar.append(resetBtn, selectBtn, thrBox, status);
  const plots = h("div", "hk-plots");
  const main = panel("hk-main");
  const legend = h("div", "hk-legend hk-export-legend");
  main.box.appendChild(legend);
  const score = panel("hk-score");
  plots.append(main.box, score.box);
  const range = h("div", "hk-range");
  const rangePanel = panel("hk-range-plot");
  range.append(
    h("div", "hk-range-title", "Range Selector"),
    rangePanel.box,
    h("div", "hk-help", "Drag the middle or edges of the selection box to change the range in the main chart"),
  );
  const periods = h("div", "hk-periods");
  const tip = h("div", "hk-tip");
  root.append(plots, range, periods, tip);
  el.appendChild(root);
  return {
    root, title, bar, resetBtn, selectBtn, slider, thrValue, status, errorBox, plots, legend, range, periods, tip,
    main: { ...main, band: main.g.append("rect").attr("fill", "var(--hk-sel)").attr("visibility", "hidden"), gx: main.g.append("g"), gy: main.g.append("g"), gRefs: main.g.append("g"), brush: main.g.append("rect").attr("fill", "var(--hk-sel)").attr("visibility", "hidden") },
    score: { ...score, band: score.g.append("rect").attr("fill", "var(--hk-sel)").attr("visibility", "hidden"), gx: score.g.append("g"), gy: score.g.append("g"), gThr: score.g.append("g") },
    rangePlot: { ...rangePanel, gx: rangePanel.g.append("g"), gBrush: rangePanel.g.append("g") },
  };
}
