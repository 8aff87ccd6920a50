// The map's DOM: its stylesheet, the skeleton (title, toolbar, error line, the canvas with
// its tooltip and selection box, the legend, the list of rows not located) and the
// tooltip's and legend's contents. Strings reach the page as textContent only.
import { MAX_LABEL, button, clip, h, swatch, viewRoot } from "../common/dom.js";

export const CSS = `
.hk-geo{--hk-fg:#1f2328;--hk-muted:#57606a;--hk-bg:#fff;--hk-panel:#f6f8fa;--hk-border:#d0d7de;--hk-sel:rgba(9,105,218,.18);--hk-bad:#d1242f;
  position:relative;color:var(--hk-fg);background:var(--hk-bg);font:12px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;box-sizing:border-box;padding:4px}
.hk-geo.hk-dark{--hk-fg:#e6edf3;--hk-muted:#9198a1;--hk-bg:#0d1117;--hk-panel:#161b22;--hk-border:#3d444d;--hk-sel:rgba(56,139,253,.25);--hk-bad:#ff7b72}
.hk-geo *{box-sizing:border-box}
.hk-geo .hk-title{font-weight:600;font-size:13px;margin:0 0 4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-geo .hk-bar{display:flex;gap:6px;align-items:center;margin-bottom:4px;flex-wrap:wrap}
.hk-geo button{font:inherit;color:var(--hk-fg);background:var(--hk-panel);border:1px solid var(--hk-border);border-radius:4px;padding:1px 8px;cursor:pointer}
.hk-geo .hk-status{color:var(--hk-muted);flex:1 1 auto}
.hk-geo .hk-error{color:var(--hk-bad);white-space:pre-wrap}
.hk-geo-stage{position:relative;border:1px solid var(--hk-border);overflow:hidden}
.hk-geo-stage canvas{display:block;cursor:grab;touch-action:none}
.hk-geo-stage canvas:focus{outline:2px solid var(--hk-sel);outline-offset:-2px}
.hk-geo-box{position:absolute;border:1px dashed var(--hk-fg);background:var(--hk-sel);pointer-events:none}
.hk-geo .hk-tip{position:absolute;z-index:3;pointer-events:none;background:var(--hk-bg);color:var(--hk-fg);border:1px solid var(--hk-border);border-radius:4px;padding:4px 6px;max-width:360px;box-shadow:0 2px 6px rgba(0,0,0,.25);white-space:pre-wrap;word-break:break-all}
.hk-geo .hk-tip b{font-weight:600}
.hk-geo-legend{display:flex;gap:10px;flex-wrap:wrap;margin-top:4px;color:var(--hk-fg)}
.hk-geo-legend span{display:inline-flex;gap:4px;align-items:center}
.hk-geo .hk-sw{display:inline-block;width:10px;height:10px;border-radius:50%}
.hk-geo-missing{margin-top:4px}
.hk-geo-missing summary{cursor:pointer;color:var(--hk-muted)}
.hk-geo-missing ul{margin:2px 0;padding-left:18px;max-height:160px;overflow:auto;font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
`;

/** Builds the view's elements inside `el` and returns them. */
export function createDom(el) {
  const { root, title, bar, status, errorBox } = viewRoot("hk-geo", CSS);
  const resetBtn = button("Reset", "Show the whole world");
  const clearBtn = button("Clear selection", "Unselect every point");
  status.setAttribute("aria-live", "polite");
  bar.append(resetBtn, clearBtn, status);
  const stage = h("div", "hk-geo-stage");
  const canvas = h("canvas");
  canvas.tabIndex = 0;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", "Map of the located rows: wheel zooms, drag pans, click selects, Shift+drag selects a box, Escape clears");
  const box = h("div", "hk-geo-box");
  box.hidden = true;
  const tip = h("div", "hk-tip");
  tip.hidden = true;
  tip.setAttribute("role", "tooltip");
  stage.append(canvas, box, tip);
  const legend = h("div", "hk-geo-legend hk-export-legend");
  const missing = h("details", "hk-geo-missing");
  missing.hidden = true;
  const missingHead = h("summary");
  const missingList = h("ul");
  missing.append(missingHead, missingList);
  root.append(stage, legend, missing);
  el.appendChild(root);
  return { root, title, bar, status, errorBox, resetBtn, clearBtn, stage, canvas, box, tip, legend, missing, missingHead, missingList };
}

const MAX_TIP_POINTS = 8; // points named in a cluster's tooltip
const MAX_MISSING = 200; // rows named in the not-located list

/**
 * The tooltip's lines for the points `members` (indexes into the points): one point's
 * label and its columns (`fields(i)` → `[[name, text]]`), or a cluster's count and its
 * first labels.
 */
export function tipLines(members, labelOf, fields) {
  if (members.length === 1) return [[null, labelOf(members[0])], ...fields(members[0])];
  const lines = [[null, `${members.length.toLocaleString("en-US")} points`]];
  for (const m of members.slice(0, MAX_TIP_POINTS)) lines.push(["", labelOf(m)]);
  if (members.length > MAX_TIP_POINTS) lines.push(["", `… ${members.length - MAX_TIP_POINTS} more (zoom in)`]);
  return lines;
}

/** Fills the tooltip `tip` with `lines` (`[name, text]`; name null: a heading). */
export function fillTip(tip, lines) {
  tip.replaceChildren();
  lines.forEach(([name, text], i) => {
    if (i) tip.appendChild(h("br"));
    if (name === null) tip.appendChild(h("b", null, clip(text, MAX_LABEL)));
    else if (name === "") tip.appendChild(h("span", null, clip(text, MAX_LABEL)));
    else tip.append(h("span", "hk-tip-k", `${clip(name, 60)}: `), h("span", null, clip(text, MAX_LABEL)));
  });
}

/** The legend: a swatch and the value for each colour value (`[[value, colour]]`), under `column`. */
export function fillLegend(legend, column, entries) {
  legend.replaceChildren();
  if (!column) return;
  legend.appendChild(h("span", "hk-export-text", `${clip(column, 60)}:`));
  for (const [value, colour] of entries.slice(0, 30)) {
    const item = h("span");
    item.append(swatch(colour), h("span", "hk-export-text", clip(value || "(empty)", 60)));
    legend.appendChild(item);
  }
  if (entries.length > 30) legend.appendChild(h("span", null, `… ${entries.length - 30} more`));
}

/** The list of rows without coordinates: `labels` of the first of them, `total` in all. */
export function fillMissing(dom, total, labels) {
  dom.missing.hidden = total === 0;
  dom.missingHead.textContent = `Not located: ${total.toLocaleString("en-US")} row${total === 1 ? "" : "s"} without coordinates`;
  dom.missingList.replaceChildren(...labels.slice(0, MAX_MISSING).map((l) => h("li", null, clip(l, MAX_LABEL))));
  if (total > MAX_MISSING) dom.missingList.appendChild(h("li", null, `… ${total - MAX_MISSING} more`));
}

const n = (x) => x.toLocaleString("en-US");

/** The status line: points located of rows, clusters drawn, selected. */
export function statusText(total, located, clusters, selected) {
  if (total === null) return "No data";
  return `${n(located)} of ${n(total)} rows located · ${n(clusters)} marker${clusters === 1 ? "" : "s"}${selected ? ` · ${n(selected)} selected` : ""}`;
}
