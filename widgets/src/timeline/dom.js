// The timeline's DOM: its stylesheet, the skeleton of elements the other modules fill, and
// the helpers that put strings in as text. Nothing here parses markup: every string from
// the data or the options reaches the page through textContent.
import { select } from "d3-selection";

export const MAX_LABEL = 200; // characters of a lane, legend or reference label


export const CSS = `
.hk-tl{--hk-fg:#1f2328;--hk-muted:#57606a;--hk-bg:#fff;--hk-grid:rgba(0,0,0,.09);--hk-panel:#f6f8fa;--hk-border:#d0d7de;--hk-sel:rgba(9,105,218,.18);
  position:relative;color:var(--hk-fg);background:var(--hk-bg);font:12px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;box-sizing:border-box;padding:4px;overflow:hidden}
.hk-tl.hk-dark{--hk-fg:#e6edf3;--hk-muted:#9198a1;--hk-bg:#0d1117;--hk-grid:rgba(255,255,255,.12);--hk-panel:#161b22;--hk-border:#3d444d;--hk-sel:rgba(56,139,253,.25)}
.hk-tl *{box-sizing:border-box}
.hk-title{font-weight:600;font-size:13px;margin:0 0 4px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-bar{display:flex;gap:6px;align-items:center;margin-bottom:4px;flex-wrap:wrap}
.hk-bar button{font:inherit;color:var(--hk-fg);background:var(--hk-panel);border:1px solid var(--hk-border);border-radius:4px;padding:1px 8px;cursor:pointer}
.hk-bar button[aria-pressed=true]{outline:2px solid var(--hk-sel)}
.hk-status{color:var(--hk-muted)}
.hk-row{display:flex;align-items:flex-start}
.hk-main{position:relative;flex:none}
.hk-main canvas,.hk-main svg,.hk-range canvas,.hk-range svg{position:absolute;left:0;top:0}
.hk-lbl{position:absolute;right:6px;max-width:100%;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;text-align:right;color:var(--hk-fg);font-size:11px}
.hk-legend{flex:none;width:170px;padding:4px;font-size:11px;max-height:100%;overflow:auto}
.hk-legend.hk-inline{position:absolute;background:var(--hk-bg);border:1px solid var(--hk-border);border-radius:4px;opacity:.92;max-height:60%}
.hk-legend button{display:flex;gap:6px;align-items:center;width:100%;font:inherit;color:var(--hk-fg);background:none;border:0;padding:1px 2px;cursor:pointer;text-align:left}
.hk-legend button span:last-child{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-legend button.hk-off{opacity:.4;text-decoration:line-through}
.hk-sw{flex:none;width:10px;height:10px;border-radius:2px;display:inline-block}
.hk-range{position:relative;margin-top:6px}
.hk-range-title{font-weight:600;font-size:11px}
.hk-help{color:var(--hk-muted);font-size:11px}
.hk-tip{position:absolute;z-index:10;pointer-events:none;background:var(--hk-panel);color:var(--hk-fg);border:1px solid var(--hk-border);border-radius:4px;padding:4px 6px;max-width:460px;max-height:320px;overflow:hidden;white-space:pre-wrap;word-break:break-all;font-size:11px;box-shadow:0 2px 8px rgba(0,0,0,.2);display:none}
.hk-tip .hk-k{font-weight:600}
.hk-tip .hk-more{color:var(--hk-muted);margin-top:2px}
.hk-error{color:#d1242f;white-space:pre-wrap}
.hk-tl .tick text{fill:var(--hk-fg)}.hk-tl .domain,.hk-tl .tick line{stroke:var(--hk-muted)}
.hk-tl .selection{fill:#000080;fill-opacity:.2;stroke:#000080}
.hk-tl.hk-dark .selection{fill:#6e9bff;stroke:#6e9bff}
`;


/** A `tag` element with class `cls` and `text` as its text content. */
export function h(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** `s` cut to `n` characters, with an ellipsis when cut. */
export function clip(s, n) {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

const SVG = "http://www.w3.org/2000/svg";

/**
 * Builds the view's elements inside `el`: title, toolbar, error line, the main plot (lane
 * labels, canvas, SVG for axes and selection) between two legend columns, the range
 * selector and the tooltip. Returns the elements and the SVG groups by name.
 */
export function createDom(el) {
  const root = h("div", "hk-tl");
  root.appendChild(h("style", null, CSS));
  const title = h("div", "hk-title");
  const bar = h("div", "hk-bar");
  const resetBtn = h("button", null, "Reset");
  resetBtn.type = "button";
  const selectBtn = h("button", null, "Select");
  selectBtn.type = "button";
  selectBtn.title = "Drag to select a time range (or hold Shift while dragging)";
  selectBtn.setAttribute("aria-pressed", "false");
  const status = h("span", "hk-status");
  bar.append(resetBtn, selectBtn, status);
  const rowEl = h("div", "hk-row");
  const legendLeft = h("div", "hk-legend");
  const main = h("div", "hk-main");
  const legendRight = h("div", "hk-legend");
  const labels = h("div");
  const canvas = h("canvas");
  const svgNode = document.createElementNS(SVG, "svg");
  main.append(labels, canvas, svgNode);
  rowEl.append(legendLeft, main, legendRight);
  const range = h("div", "hk-range");
  const rangeBox = h("div");
  rangeBox.style.position = "relative";
  const rangeCanvas = h("canvas");
  const rangeSvgNode = document.createElementNS(SVG, "svg");
  rangeBox.append(rangeCanvas, rangeSvgNode);
  range.append(
    h("div", "hk-range-title", "Range Selector"),
    rangeBox,
    h("div", "hk-help", "Drag the middle or edges of the selection box to change the range in the main chart"),
  );
  const tip = h("div", "hk-tip");
  const errorBox = h("div", "hk-error");
  root.append(title, bar, errorBox, rowEl, range, tip);
  el.appendChild(root);

  const svg = select(svgNode);
  const rangeSvg = select(rangeSvgNode);
  // An empty first group: nothing draws into it, and it keeps the plot SVG's children
  // where pages that style or test the view expect them.
  svg.append("g");
  return {
    root,
    title,
    resetBtn,
    selectBtn,
    status,
    legendLeft,
    main,
    legendRight,
    labels,
    canvas,
    svgNode,
    svg,
    range,
    rangeBox,
    rangeCanvas,
    rangeSvgNode,
    tip,
    errorBox,
    gAxisX: svg.append("g"),
    gAxisY: svg.append("g"),
    gRefs: svg.append("g"),
    brushRect: svg.append("rect").attr("fill", "var(--hk-sel)").attr("visibility", "hidden"),
    gRangeAxis: rangeSvg.append("g"),
    gRangeBrush: rangeSvg.append("g"),
  };
}

/** Whether the page around the view is dark: JupyterLab's and VS Code's markers, then the OS. */
export function isDarkPage() {
  const body = document.body;
  if (body) {
    const jp = body.getAttribute("data-jp-theme-light");
    if (jp === "false") return true;
    if (jp === "true") return false;
    const { classList } = body;
    if (classList.contains("vscode-dark") || classList.contains("vscode-high-contrast")) return true;
    if (classList.contains("vscode-light")) return false;
  }
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}
