// The payload view's DOM: its stylesheet (scoped under .hk-pl, since several views share a
// page), the element skeleton the other modules fill, and byte counts as people read them.
// Nothing here parses markup: strings from the data or the options go in as text nodes
// (common/dom.js).
import { h, viewRoot } from "../common/dom.js";

export const CSS = `
.hk-pl{--hk-fg:#1f2328;--hk-muted:#57606a;--hk-bg:#fff;--hk-panel:#f6f8fa;--hk-border:#d0d7de;--hk-sel:rgba(9,105,218,.18);--hk-focus:#0969da;--hk-link:rgba(191,135,0,.22);--hk-run:rgba(130,80,223,.14);
  position:relative;color:var(--hk-fg);background:var(--hk-bg);font:12px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;box-sizing:border-box;padding:4px;overflow:hidden}
.hk-pl.hk-dark{--hk-fg:#e6edf3;--hk-muted:#9198a1;--hk-bg:#0d1117;--hk-panel:#161b22;--hk-border:#3d444d;--hk-sel:rgba(56,139,253,.28);--hk-focus:#58a6ff;--hk-link:rgba(210,153,34,.3);--hk-run:rgba(163,113,247,.2)}
.hk-pl *{box-sizing:border-box}
.hk-pl .hk-title{font-weight:600;font-size:13px;margin:0 0 4px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-pl .hk-bar{display:flex;gap:6px;align-items:center;margin-bottom:4px;flex-wrap:wrap}
.hk-pl button{font:inherit;color:var(--hk-fg);background:var(--hk-panel);border:1px solid var(--hk-border);border-radius:4px;padding:1px 8px;cursor:pointer}
.hk-pl button[aria-pressed=true]{outline:2px solid var(--hk-sel)}
.hk-pl .hk-status{color:var(--hk-muted);flex:1;min-width:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-pl .hk-error{color:#d1242f;white-space:pre-wrap}
.hk-pl .hk-main{display:flex;gap:6px;min-height:120px}
.hk-pl .hk-tree{position:relative;flex:0 0 34%;min-width:160px;overflow:auto;border:1px solid var(--hk-border);outline:none}
.hk-pl .hk-tree:focus-visible{box-shadow:inset 0 0 0 2px var(--hk-focus)}
.hk-pl .hk-tree-body{position:relative;overflow:hidden}
.hk-pl .hk-node{position:absolute;left:0;right:0;display:flex;align-items:center;gap:4px;white-space:nowrap;cursor:default;padding-right:4px}
.hk-pl .hk-node.hk-sel{background:var(--hk-sel)}
.hk-pl .hk-node.hk-linked{background:var(--hk-link)}
.hk-pl .hk-node.hk-focus{box-shadow:inset 0 0 0 1px var(--hk-focus)}
.hk-pl .hk-twisty{flex:none;width:14px;text-align:center;color:var(--hk-muted);cursor:pointer}
.hk-pl .hk-label{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis}
.hk-pl .hk-badge{flex:none;color:var(--hk-muted);font-size:11px}
.hk-pl .hk-detail{flex:1;min-width:0;display:flex;flex-direction:column;border:1px solid var(--hk-border)}
.hk-pl .hk-meta{flex:none;display:grid;grid-template-columns:auto 1fr;gap:0 10px;padding:4px 6px;background:var(--hk-panel);border-bottom:1px solid var(--hk-border);max-height:45%;overflow:auto}
.hk-pl .hk-meta .hk-k{color:var(--hk-muted);white-space:nowrap}
.hk-pl .hk-meta .hk-v{min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.hk-pl .hk-meta .hk-v button{margin-left:6px;padding:0 4px;font-size:10px}
.hk-pl .hk-ctl{flex:none;display:flex;gap:6px;align-items:center;padding:2px 6px;border-bottom:1px solid var(--hk-border)}
.hk-pl .hk-ctl:empty{display:none}
.hk-pl .hk-text{position:relative;flex:1;min-height:0;overflow:auto;margin:0;padding:4px 6px;font:11px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-all}
.hk-pl .hk-chunk{content-visibility:auto;contain-intrinsic-size:auto 400px}
.hk-pl .hk-more{display:block;margin:6px 0}
.hk-pl .hk-ioc{border-radius:2px;border-bottom:2px solid transparent}
.hk-pl .hk-run{background:var(--hk-run);outline:1px dashed rgba(130,80,223,.6);cursor:pointer}
.hk-pl .hk-flash{outline:2px solid var(--hk-focus)}
.hk-pl .hk-hex{position:relative;flex:1;min-height:0;overflow:auto;font:11px/18px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.hk-pl .hk-hex-body{position:sticky;top:0;overflow:hidden}
.hk-pl .hk-hex-row{position:absolute;left:6px;white-space:pre}
.hk-pl .hk-note{color:var(--hk-muted);padding:2px 6px;font-size:11px}
.hk-pl .hk-iocbar{display:flex;gap:6px;align-items:center;flex-wrap:wrap;margin:6px 0 4px 0}
.hk-pl .hk-iocbar input{font:inherit;color:var(--hk-fg);background:var(--hk-bg);border:1px solid var(--hk-border);border-radius:4px;padding:1px 6px;width:200px}
.hk-pl .hk-count{color:var(--hk-muted)}
.hk-pl .hk-chip{display:inline-flex;gap:4px;align-items:center}
.hk-pl .hk-chip.hk-off{opacity:.45}
.hk-pl .hk-sw{flex:none;width:10px;height:10px;border-radius:2px;display:inline-block}
`;

/** A byte count as people read it. */
export function formatSize(n) {
  if (!Number.isFinite(n)) return "";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Builds the view's elements inside `el`: title, toolbar (status, export buttons go at its
 * end), error line, the main area (layer tree | detail pane) and the indicator panel.
 */
export function createDom(el) {
  const { root, title, bar, status, errorBox } = viewRoot("hk-pl", CSS);
  bar.appendChild(status);
  const main = h("div", "hk-main");
  const tree = h("div", "hk-tree");
  const detail = h("div", "hk-detail");
  main.append(tree, detail);
  const iocs = h("div", "hk-iocs");
  root.append(main, iocs);
  el.appendChild(root);
  return { root, title, bar, status, errorBox, main, tree, detail, iocs };
}
