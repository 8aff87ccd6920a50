// SessionRarity's DOM: its stylesheet and the skeleton the other modules fill. Nothing
// here parses markup: every string from the data or the options reaches the page through
// textContent (common/dom.js).
import { h, svgEl, swatch, viewRoot } from "../common/dom.js";

export const CSS = `
.hk-sr{--hk-fg:#1f2328;--hk-muted:#57606a;--hk-bg:#fff;--hk-panel:#f6f8fa;--hk-border:#d0d7de;--hk-sel:rgba(9,105,218,.18);
  --hk-bar:#8c959f;--hk-bar-sel:#0969da;--hk-rare:#d4760a;--hk-rare-bg:rgba(212,118,10,.16);--hk-link:#8250df;
  position:relative;color:var(--hk-fg);background:var(--hk-bg);font:12px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;box-sizing:border-box;padding:4px;overflow:hidden}
.hk-sr.hk-dark{--hk-fg:#e6edf3;--hk-muted:#9198a1;--hk-bg:#0d1117;--hk-panel:#161b22;--hk-border:#3d444d;--hk-sel:rgba(56,139,253,.25);
  --hk-bar:#6e7681;--hk-bar-sel:#58a6ff;--hk-rare:#f0883e;--hk-rare-bg:rgba(240,136,62,.2);--hk-link:#bc8cff}
.hk-sr *{box-sizing:border-box}
.hk-sr .hk-title{font-weight:600;font-size:13px;margin:0 0 4px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-sr .hk-bar{display:flex;gap:6px;align-items:center;margin-bottom:4px;flex-wrap:wrap}
.hk-sr .hk-bar button{font:inherit;color:var(--hk-fg);background:var(--hk-panel);border:1px solid var(--hk-border);border-radius:4px;padding:1px 8px;cursor:pointer}
.hk-sr .hk-status{color:var(--hk-muted);flex:1;min-width:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-sr .hk-error{color:#d1242f;white-space:pre-wrap}
.hk-sr-top{display:flex;gap:8px;align-items:flex-start}
.hk-sr-rank{position:relative;flex:1 1 auto;min-width:0}
.hk-sr-hist{flex:none;position:relative}
.hk-sr-hist svg{display:block}
.hk-sr-cap{font-size:11px;color:var(--hk-muted);margin:2px 0}
.hk-sr-detail{margin-top:6px;border-top:1px solid var(--hk-border);padding-top:4px}
.hk-sr-head{font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hk-sr-seq{display:flex;flex-wrap:wrap;gap:3px;margin:4px 0;max-height:132px;overflow:auto;outline:none}
.hk-sr-seq:focus-visible{box-shadow:inset 0 0 0 2px var(--hk-bar-sel)}
.hk-sr-cmd{border:1px solid var(--hk-border);background:var(--hk-panel);border-radius:3px;padding:0 5px;max-width:260px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font:11px/18px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.hk-sr-cmd.hk-win{background:var(--hk-rare-bg);border-color:var(--hk-rare);font-weight:600}
.hk-sr-cmd.hk-lnk{box-shadow:inset 0 -3px 0 var(--hk-link)}
.hk-sr-cmd.hk-cur{outline:2px solid var(--hk-bar-sel)}
.hk-sr-cmd.hk-tok{font-style:italic;color:var(--hk-muted)}
.hk-sr-more{color:var(--hk-muted);font-size:11px;line-height:18px}
.hk-sr-strip{position:relative}
.hk-sr-strip canvas,.hk-sr-strip svg{position:absolute;left:0;top:0}
.hk-sr-strip svg{pointer-events:none}
.hk-sr-legend{display:flex;gap:10px;font-size:11px;color:var(--hk-muted);margin-top:2px}
.hk-sr .hk-sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:3px;vertical-align:-1px}
.hk-sr-info{font-size:11px;min-height:16px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;color:var(--hk-muted)}
.hk-sr .tick text{fill:var(--hk-fg)}.hk-sr .domain,.hk-sr .tick line{stroke:var(--hk-muted)}
.hk-sr .selection{fill:var(--hk-bar-sel);fill-opacity:.15;stroke:var(--hk-bar-sel)}
`;

/**
 * Builds the view's elements inside `el`: title, toolbar (status, export), error line, the
 * ranking (grid) beside the histogram, and the detail of the opened session (heading,
 * command sequence, timeline strip and its legend, and a line describing the event under
 * the pointer or the keyboard focus).
 */
export function createDom(el) {
  const { root, title, bar, status, errorBox } = viewRoot("hk-sr", CSS);
  bar.append(status);
  const top = h("div", "hk-sr-top");
  const rank = h("div", "hk-sr-rank");
  const hist = h("div", "hk-sr-hist");
  const histCaption = h("div", "hk-sr-cap hk-export-text");
  const histSvg = svgEl("svg");
  hist.append(histSvg, histCaption);
  top.append(rank, hist);
  const detail = h("div", "hk-sr-detail");
  const head = h("div", "hk-sr-head hk-export-text");
  const seq = h("div", "hk-sr-seq");
  seq.tabIndex = 0;
  seq.setAttribute("role", "listbox");
  seq.setAttribute("aria-label", "commands of the session");
  const strip = h("div", "hk-sr-strip");
  const stripCanvas = h("canvas");
  const stripSvg = svgEl("svg");
  strip.append(stripCanvas, stripSvg);
  const legend = h("div", "hk-sr-legend hk-export-legend");
  for (const [cls, text] of [["--hk-bar", "event"], ["--hk-rare", "rarest window"], ["--hk-link", "selected in a linked view"]]) {
    const item = h("span");
    item.append(swatch(`var(${cls})`), h("span", "hk-export-text", text));
    legend.appendChild(item);
  }
  const info = h("div", "hk-sr-info");
  detail.append(head, seq, strip, legend, info);
  root.append(top, detail);
  el.appendChild(root);
  return { root, title, bar, status, errorBox, top, rank, hist, histSvg, histCaption, detail, head, seq, strip, stripCanvas, stripSvg, legend, info };
}
