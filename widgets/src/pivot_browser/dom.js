// The pivot browser's DOM: its stylesheet, the skeleton (title, toolbar with the search box,
// error line, and three panes: entities, their functions, the chosen function's help) and
// the panes' contents. Strings reach the page as textContent only.
import { MAX_LABEL, clip, h, viewRoot } from "../common/dom.js";
import { qualifiedName } from "./model.js";

export const CSS = `
.hk-pv{--hk-fg:#1f2328;--hk-muted:#57606a;--hk-bg:#fff;--hk-panel:#f6f8fa;--hk-border:#d0d7de;--hk-sel:rgba(9,105,218,.18);--hk-accent:#0969da;--hk-bad:#d1242f;
  position:relative;color:var(--hk-fg);background:var(--hk-bg);font:12px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;box-sizing:border-box;padding:4px}
.hk-pv.hk-dark{--hk-fg:#e6edf3;--hk-muted:#9198a1;--hk-bg:#0d1117;--hk-panel:#161b22;--hk-border:#3d444d;--hk-sel:rgba(56,139,253,.25);--hk-accent:#58a6ff;--hk-bad:#ff7b72}
.hk-pv *{box-sizing:border-box}
.hk-pv .hk-title{font-weight:600;font-size:13px;margin:0 0 4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-pv .hk-bar{display:flex;gap:6px;align-items:center;margin-bottom:4px;flex-wrap:wrap}
.hk-pv button{font:inherit;color:var(--hk-fg);background:var(--hk-panel);border:1px solid var(--hk-border);border-radius:4px;padding:1px 8px;cursor:pointer}
.hk-pv .hk-status{color:var(--hk-muted);flex:1 1 auto}
.hk-pv .hk-error{color:var(--hk-bad);white-space:pre-wrap}
.hk-pv-search{font:inherit;padding:1px 4px;color:var(--hk-fg);background:var(--hk-bg);border:1px solid var(--hk-border);border-radius:3px;min-width:220px}
.hk-pv-main{display:grid;grid-template-columns:minmax(140px,1fr) minmax(180px,1.4fr) minmax(240px,2.2fr);gap:6px}
.hk-pv-pane{border:1px solid var(--hk-border);overflow:auto;min-width:0}
.hk-pv-phead{font-weight:600;padding:3px 6px;background:var(--hk-panel);border-bottom:1px solid var(--hk-border);position:sticky;top:0}
.hk-pv-item{display:flex;gap:6px;justify-content:space-between;padding:2px 6px;cursor:pointer;word-break:break-all}
.hk-pv-item:focus{outline:2px solid var(--hk-sel);outline-offset:-2px}
.hk-pv-item[aria-selected=true]{background:var(--hk-sel);font-weight:600}
.hk-pv-count,.hk-pv-cont{color:var(--hk-muted);font-weight:400;white-space:nowrap}
.hk-pv-help{padding:4px 8px}
.hk-pv-qname{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-weight:600;color:var(--hk-accent);word-break:break-all;margin-bottom:4px}
.hk-pv-meta{color:var(--hk-muted);margin-bottom:4px;word-break:break-all}
.hk-pv-text{white-space:pre-wrap;word-break:break-word;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:11px}
.hk-pv-empty{padding:6px;color:var(--hk-muted)}
`;

/** Builds the view's elements inside `el` and returns them. */
export function createDom(el) {
  const { root, title, bar, status, errorBox } = viewRoot("hk-pv", CSS);
  const search = h("input", "hk-pv-search");
  search.type = "search";
  search.placeholder = "Search functions and help";
  search.setAttribute("aria-label", "Search pivot functions by entity, name or help");
  status.setAttribute("aria-live", "polite");
  bar.append(search, status);
  const main = h("div", "hk-pv-main");
  const pane = (name, role) => {
    const p = h("div", "hk-pv-pane");
    const head = h("div", "hk-pv-phead hk-export-text", name);
    const body = h("div", "hk-pv-body");
    if (role) {
      body.setAttribute("role", role);
      body.setAttribute("aria-label", name);
    }
    p.append(head, body);
    main.appendChild(p);
    return { pane: p, head, body };
  };
  const entities = pane("Entities", "listbox");
  const functions = pane("Functions", "listbox");
  const help = pane("Help", null);
  root.append(main);
  el.appendChild(root);
  return { root, title, bar, status, errorBox, search, main, entities, functions, help };
}

/**
 * An option of a list: `label` and a muted `note`, selected when `on`; `onPick()` on click
 * and Enter/Space, Up/Down move to the neighbouring option.
 */
export function option(label, note, on, onPick, noteCls = "hk-pv-count") {
  const item = h("div", "hk-pv-item");
  item.setAttribute("role", "option");
  item.setAttribute("aria-selected", String(on));
  item.tabIndex = on ? 0 : -1;
  item.append(h("span", "hk-pv-label hk-export-text", clip(label, MAX_LABEL)));
  if (note) item.append(h("span", noteCls, clip(note, MAX_LABEL)));
  item.addEventListener("click", onPick);
  item.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") onPick();
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      const sibling = e.key === "ArrowDown" ? item.nextSibling : item.previousSibling;
      sibling?.focus?.();
    } else return;
    e.preventDefault();
  });
  return item;
}

/** The help pane for entry `e` (null: a hint). */
export function fillHelp(body, e) {
  body.replaceChildren();
  const box = h("div", "hk-pv-help");
  if (!e) {
    box.appendChild(h("div", "hk-pv-empty", "Choose a function to read its help."));
    body.appendChild(box);
    return;
  }
  box.appendChild(h("div", "hk-pv-qname hk-export-text", qualifiedName(e)));
  const meta = [["Entity", e.entity], ["Container", e.container], ["Input", e.input], ["Output", e.output]].filter(([, v]) => v);
  for (const [k, v] of meta) box.appendChild(h("div", "hk-pv-meta", `${k}: ${clip(v, 2000)}`));
  box.appendChild(h("div", "hk-pv-text", e.help || "(no help text)"));
  body.appendChild(box);
}

const n = (x) => x.toLocaleString("en-US");

/** The status line. */
export function statusText(total, shown, entities) {
  if (total === null) return "No catalogue";
  return `${n(shown)} of ${n(total)} functions · ${n(entities)} entit${entities === 1 ? "y" : "ies"}`;
}
