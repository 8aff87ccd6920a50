// The TI browser's DOM: its stylesheet (severity colours as theme tokens), the skeleton
// (title, toolbar with the severity and provider filters, error line, list) and the
// filter controls. Strings reach the page as textContent only (common/dom.js).
import { button, h, viewRoot } from "../common/dom.js";
import { SEVERITIES, severityTokens } from "./severity.js";

export const CSS = `
.hk-ti{--hk-fg:#1f2328;--hk-muted:#57606a;--hk-bg:#fff;--hk-panel:#f6f8fa;--hk-border:#d0d7de;--hk-sel:rgba(9,105,218,.18);--hk-bad:#d1242f;${severityTokens("light")}
  position:relative;color:var(--hk-fg);background:var(--hk-bg);font:12px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;box-sizing:border-box;padding:4px}
.hk-ti.hk-dark{--hk-fg:#e6edf3;--hk-muted:#9198a1;--hk-bg:#0d1117;--hk-panel:#161b22;--hk-border:#3d444d;--hk-sel:rgba(56,139,253,.25);--hk-bad:#ff7b72;${severityTokens("dark")}}
.hk-ti *{box-sizing:border-box}
.hk-ti .hk-title{font-weight:600;font-size:13px;margin:0 0 4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-ti .hk-bar{display:flex;gap:6px;align-items:center;margin-bottom:4px;flex-wrap:wrap}
.hk-ti button{font:inherit;color:var(--hk-fg);background:var(--hk-panel);border:1px solid var(--hk-border);border-radius:4px;padding:1px 8px;cursor:pointer}
.hk-ti-sevs button[aria-pressed=false],.hk-ti-provs button[aria-pressed=false]{opacity:.6;text-decoration:line-through}
.hk-ti .hk-bar button[aria-pressed=true]{outline:2px solid var(--hk-sel)}
.hk-ti-sevs,.hk-ti-provs{display:inline-flex;gap:4px;flex-wrap:wrap}
.hk-ti .hk-status{color:var(--hk-muted);flex:1 1 auto}
.hk-ti .hk-error{color:var(--hk-bad);white-space:pre-wrap}
.hk-ti-filters{display:flex;gap:4px;align-items:center;flex-wrap:wrap;margin-bottom:4px}
.hk-ti-filters .hk-ti-flabel{color:var(--hk-muted);margin-left:6px}
.hk-ti-search{font:inherit;padding:1px 4px;color:var(--hk-fg);background:var(--hk-bg);border:1px solid var(--hk-border);border-radius:3px;min-width:160px}
.hk-ti-list{overflow:auto;border:1px solid var(--hk-border)}
.hk-ti-ioc{border-bottom:1px solid var(--hk-border)}
.hk-ti-head{display:flex;gap:8px;align-items:center;padding:3px 6px;background:var(--hk-panel);cursor:pointer}
.hk-ti-head .hk-ti-name{font-weight:600;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
.hk-ti-type,.hk-ti-count{color:var(--hk-muted)}
.hk-ti-sev{border:1px solid currentColor;border-radius:8px;padding:0 6px;font-size:11px;white-space:nowrap;align-self:start;justify-self:start}
.hk-ti-sev-unknown,button.hk-ti-sev-unknown{color:var(--hk-sev-unknown)}.hk-ti-sev-information,button.hk-ti-sev-information{color:var(--hk-sev-information)}
.hk-ti-sev-low,button.hk-ti-sev-low{color:var(--hk-sev-low)}.hk-ti-sev-medium,button.hk-ti-sev-medium{color:var(--hk-sev-medium)}.hk-ti-sev-high,button.hk-ti-sev-high{color:var(--hk-sev-high)}
.hk-ti-row{display:grid;grid-template-columns:minmax(90px,160px) 90px 80px 1fr;gap:4px 8px;padding:3px 6px 3px 12px;border-left:4px solid var(--hk-sev-unknown);cursor:pointer}
.hk-ti-row.hk-ti-b-information{border-left-color:var(--hk-sev-information)}.hk-ti-row.hk-ti-b-low{border-left-color:var(--hk-sev-low)}
.hk-ti-row.hk-ti-b-medium{border-left-color:var(--hk-sev-medium)}.hk-ti-row.hk-ti-b-high{border-left-color:var(--hk-sev-high)}
.hk-ti-row:focus,.hk-ti-head:focus{outline:2px solid var(--hk-sel);outline-offset:-2px}
.hk-ti-row.hk-sel{background:var(--hk-sel)}
.hk-ti-provider{font-weight:600;word-break:break-all}
.hk-ti-details{white-space:pre-wrap;word-break:break-all;max-height:120px;overflow:auto}
.hk-ti-extra{grid-column:1/-1;display:flex;gap:6px;align-items:center;flex-wrap:wrap}
.hk-ti-ref{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all;color:var(--hk-muted)}
.hk-ti-raw{grid-column:1/-1}
.hk-ti-more{margin:4px 6px}
.hk-ti-empty{padding:8px;color:var(--hk-muted)}
.hk-dt-tree{list-style:none;margin:0;padding-left:14px}
.hk-dt-root{padding-left:0}
.hk-dt-node{white-space:pre-wrap;word-break:break-all}
.hk-dt-toggle{background:none !important;border:0 !important;padding:0 !important;text-align:left;display:inline}
.hk-dt-arrow{display:inline-block;width:12px;color:var(--hk-muted)}
.hk-dt-key{font-weight:600}
.hk-dt-sum{color:var(--hk-muted)}
.hk-dt-more{margin:2px 0}
`;

/** Builds the view's elements inside `el` and returns them. */
export function createDom(el) {
  const { root, title, bar, status, errorBox } = viewRoot("hk-ti", CSS);
  const expandBtn = button("Expand all", "Open every indicator");
  const collapseBtn = button("Collapse all", "Close every indicator");
  const positiveBtn = button("Positive only", "Show only results a provider flagged");
  positiveBtn.setAttribute("aria-pressed", "false");
  positiveBtn.classList.add("hk-ti-positive");
  const clearBtn = button("Clear selection", "Unselect every result");
  status.setAttribute("aria-live", "polite");
  bar.append(expandBtn, collapseBtn, positiveBtn, clearBtn, status);
  const filters = h("div", "hk-ti-filters");
  const search = h("input", "hk-ti-search");
  search.type = "search";
  search.placeholder = "Search indicators";
  search.setAttribute("aria-label", "Search indicators, types and details");
  const sevBox = h("span", "hk-ti-sevs");
  const provBox = h("span", "hk-ti-provs");
  filters.append(search, h("span", "hk-ti-flabel", "Severity:"), sevBox, h("span", "hk-ti-flabel", "Provider:"), provBox);
  const list = h("div", "hk-ti-list");
  list.setAttribute("role", "list");
  list.setAttribute("aria-label", "Threat intelligence results");
  root.append(filters, list);
  el.appendChild(root);
  return { root, title, bar, status, errorBox, filters, search, sevBox, provBox, list, expandBtn, collapseBtn, positiveBtn, clearBtn };
}

/**
 * Toggle buttons, one per value of `values` (`[{ value, label }]`), pressed when `isOn(value)`;
 * `onToggle(value)` runs on click. Replaces the children of `box`.
 */
export function fillToggles(box, values, isOn, onToggle) {
  box.replaceChildren();
  for (const { value, label, cls } of values) {
    const b = button(label, `Show or hide ${label}`);
    if (cls) b.classList.add(cls);
    b.dataset.value = value;
    b.setAttribute("aria-pressed", String(isOn(value)));
    b.addEventListener("click", () => onToggle(value));
    box.appendChild(b);
  }
}

/** The severity toggles' values with their counts in `rows`, named as the data first names them. */
export function severityValues(rows) {
  const count = new Map();
  const label = new Map();
  for (const r of rows) {
    count.set(r.severity, (count.get(r.severity) ?? 0) + 1);
    if (!label.has(r.severity)) label.set(r.severity, r.severityLabel ?? r.severity);
  }
  return [...SEVERITIES].reverse().filter((s) => count.has(s)).map((s) => ({ value: s, label: `${label.get(s)} (${count.get(s)})`, cls: `hk-ti-sev-${s}` }));
}

const n = (x) => x.toLocaleString("en-US");

/** The status line: indicators and results shown, and how many are selected. */
export function statusText(groups, rows, total, selected) {
  if (total === null) return "No data";
  return `${n(groups)} indicator${groups === 1 ? "" : "s"} · ${n(rows)} of ${n(total)} results${selected ? ` · ${n(selected)} selected` : ""}`;
}
