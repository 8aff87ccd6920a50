// The timeline's DOM: its stylesheet, the skeleton of elements the other modules fill, and
// the helpers that fit text to a width. Nothing here parses markup: every string from the
// data or the options reaches the page through textContent (common/dom.js).
import { select } from "d3-selection";
import { MAX_LABEL, button, clip, h, svgEl, viewRoot } from "../common/dom.js";
import { exportButtons } from "../common/export.js";

export const CSS = `
.hk-tl{--hk-fg:#1f2328;--hk-muted:#57606a;--hk-bg:#fff;--hk-grid:rgba(0,0,0,.09);--hk-panel:#f6f8fa;--hk-border:#d0d7de;--hk-sel:rgba(9,105,218,.18);
  position:relative;color:var(--hk-fg);background:var(--hk-bg);font:12px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;box-sizing:border-box;padding:4px;overflow:hidden}
.hk-tl.hk-dark{--hk-fg:#e6edf3;--hk-muted:#9198a1;--hk-bg:#0d1117;--hk-grid:rgba(255,255,255,.12);--hk-panel:#161b22;--hk-border:#3d444d;--hk-sel:rgba(56,139,253,.25)}
.hk-tl *{box-sizing:border-box}
.hk-title{font-weight:600;font-size:13px;margin:0 0 4px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-bar{display:flex;gap:6px;align-items:center;margin-bottom:4px;flex-wrap:wrap}
.hk-bar button{font:inherit;color:var(--hk-fg);background:var(--hk-panel);border:1px solid var(--hk-border);border-radius:4px;padding:1px 8px;cursor:pointer}
.hk-bar button[aria-pressed=true]{outline:2px solid var(--hk-sel)}
.hk-bar button:disabled{opacity:.45;cursor:default}
.hk-status{color:var(--hk-muted)}
.hk-export{margin-left:auto;display:flex;gap:6px}
.hk-row{display:flex;align-items:flex-start}
.hk-main{position:relative;flex:none}
.hk-main canvas,.hk-main svg,.hk-range canvas,.hk-range svg{position:absolute;left:0;top:0}
.hk-lanes{flex:none;overflow:visible}
.hk-lbl{cursor:pointer;outline:none}
.hk-lbl text{fill:var(--hk-fg);font-size:11px}
.hk-lbl:focus-visible text{text-decoration:underline}
.hk-lbl.hk-off{opacity:.4}.hk-lbl.hk-off text{text-decoration:line-through}
.hk-axis-label,.hk-date{fill:var(--hk-muted);font-size:11px}
.hk-legend{flex:none;padding:4px;font-size:11px;max-height:100%;overflow:auto}
.hk-legend.hk-inline{position:absolute;background:var(--hk-bg);border:1px solid var(--hk-border);border-radius:4px;opacity:.92;max-height:60%}
.hk-legend button{display:flex;gap:6px;align-items:center;width:100%;font:inherit;color:var(--hk-fg);background:none;border:0;padding:1px 2px;cursor:pointer;text-align:left}
.hk-legend button span:last-child{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-legend button.hk-off{opacity:.4;text-decoration:line-through}
.hk-legend>div{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
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

export const FONT = '11px system-ui,-apple-system,"Segoe UI",sans-serif';
const CHAR_W = 6.2; // pixels of an 11px character, where no canvas can measure one

let measureCtx;
/** The width in pixels of `s` in the view's 11px font (estimated where there is no canvas). */
export function textWidth(s) {
  if (measureCtx === undefined) {
    const c = typeof document !== "undefined" ? document.createElement("canvas") : null;
    measureCtx = typeof c?.getContext === "function" ? c.getContext("2d") : null;
    if (measureCtx) measureCtx.font = FONT;
  }
  return measureCtx ? measureCtx.measureText(s).width : s.length * CHAR_W;
}

/**
 * `s` (clipped to MAX_LABEL characters first) shortened with an ellipsis to fit `width`
 * pixels as `measure` measures it; the longest prefix that fits, found by bisection.
 */
export function fitText(s, width, measure = textWidth) {
  const text = clip(s, MAX_LABEL);
  if (measure(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${text.slice(0, mid)}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

const HELP =
  "Wheel: zoom · drag: pan · Shift+drag or Select: select a time range · Clear: drop the selection · " +
  "click a lane label: hide or show the lane";

/**
 * Builds the view's elements inside `el`: title, toolbar (Reset, Select, Clear, status,
 * PNG and SVG export), error line, the lane labels (an SVG) and the main plot (the canvas,
 * an SVG for axes and selection) between two legend columns, the range selector, the help
 * line and the tooltip. Returns the elements and the SVG groups by name.
 */
export function createDom(el) {
  const { root, title, bar, status, errorBox } = viewRoot("hk-tl", CSS);
  const resetBtn = button("Reset", "Back to the initial view");
  const selectBtn = button("Select", "Drag to select a time range (or hold Shift while dragging)");
  selectBtn.setAttribute("aria-pressed", "false");
  const clearBtn = button("Clear", "Drop the selection");
  clearBtn.disabled = true;
  const exporting = h("span", "hk-export");
  exporting.append(...exportButtons(() => root, "timeline"));
  bar.append(resetBtn, selectBtn, clearBtn, status, exporting);
  const rowEl = h("div", "hk-row");
  const legendLeft = h("div", "hk-legend");
  const main = h("div", "hk-main");
  const legendRight = h("div", "hk-legend");
  const labelsNode = svgEl("svg", { class: "hk-lanes" });
  const canvas = h("canvas");
  const svgNode = svgEl("svg");
  main.append(canvas, svgNode);
  rowEl.append(legendLeft, labelsNode, main, legendRight);
  const range = h("div", "hk-range");
  const rangeBox = h("div");
  rangeBox.style.position = "relative";
  const rangeCanvas = h("canvas");
  const rangeSvgNode = svgEl("svg");
  rangeBox.append(rangeCanvas, rangeSvgNode);
  range.append(
    h("div", "hk-range-title", "Range Selector"),
    rangeBox,
    h("div", "hk-help", "Drag the middle or edges of the selection box to change the range in the main chart"),
  );
  const help = h("div", "hk-help", HELP);
  const tip = h("div", "hk-tip");
  root.append(rowEl, range, help, tip);
  el.appendChild(root);

  const svg = select(svgNode);
  const rangeSvg = select(rangeSvgNode);
  // An empty first group: nothing draws into it, and it keeps the plot SVG's children
  // where pages that style or test the view expect them.
  svg.append("g");
  return {
    root,
    title,
    bar,
    resetBtn,
    selectBtn,
    clearBtn,
    status,
    legendLeft,
    main,
    legendRight,
    labels: labelsNode,
    canvas,
    svgNode,
    svg,
    range,
    rangeBox,
    rangeCanvas,
    rangeSvgNode,
    help,
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
