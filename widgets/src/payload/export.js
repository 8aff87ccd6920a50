// Export of the payload view. common/export.js copies a view's canvases and SVG layers,
// and this view is DOM text, so it draws its own SVG of what is on screen: the title, the
// layer tree's visible rows, the detail pane (its fields, then the text shown with the
// indicators as coloured boxes, or the hex lines), and the indicator table (the grid's
// own snapshot). Every string is an SVG text node; common/export.js saves the picture
// (`saveButtons`), the PNG being that SVG drawn on a canvas.
import { SVG, clip, svgEl as el } from "../common/dom.js";

const CHAR_W = 6.6; // 11px monospace
const LINE_H = 15;

/** Lines of `text` wrapped at `cols` characters: `[{ start, end }]`, at most `max`. */
export function wrapLines(text, cols, max) {
  const out = [];
  let at = 0;
  while (at < text.length && out.length < max) {
    const nl = text.indexOf("\n", at);
    const lineEnd = nl < 0 ? text.length : nl;
    const end = Math.min(lineEnd, at + cols);
    out.push({ start: at, end });
    at = end === lineEnd ? lineEnd + 1 : end;
  }
  return out;
}

/**
 * The view as one SVG document (text). `parts`: `{ width, title, dark, colourOf(type),
 * tree: [...onScreen rows], detail: snapshot, grid: SVG element | null, height }`.
 */
export function viewSVG(parts) {
  const width = Math.max(300, Math.round(parts.width || 900));
  const fg = parts.dark ? "#e6edf3" : "#1f2328";
  const muted = parts.dark ? "#9198a1" : "#57606a";
  const mainH = parts.height || 360;
  const treeW = Math.round(width * 0.34);
  const doc = el("svg", { xmlns: SVG, "font-family": "system-ui, sans-serif", "font-size": 12 });
  doc.appendChild(el("rect", { width: "100%", height: "100%", fill: parts.dark ? "#0d1117" : "#ffffff" }));
  doc.appendChild(el("text", { x: 6, y: 16, "font-weight": 600, "font-size": 13, fill: fg }, clip(parts.title, 120)));
  const top = 28;
  // The tree.
  doc.appendChild(el("rect", { x: 4, y: top, width: treeW, height: mainH, fill: "none", stroke: muted, "stroke-opacity": 0.4 }));
  parts.tree.slice(0, Math.floor(mainH / 22)).forEach((r, i) => {
    const y = top + i * 22;
    if (r.focus) doc.appendChild(el("rect", { x: 5, y, width: treeW - 2, height: 22, fill: "rgba(9,105,218,0.18)" }));
    const x = 10 + Math.min(r.level, 30) * 14;
    const cols = Math.max(4, Math.floor((treeW - x - 8) / 6.5));
    doc.appendChild(el("text", { x, y: y + 15, fill: fg }, clip(`${r.twisty ? `${r.twisty} ` : ""}${r.label}${r.badge ? ` · ${r.badge}` : ""}`, cols)));
  });
  // The detail pane.
  const dx = treeW + 12;
  const dw = width - dx - 4;
  doc.appendChild(el("rect", { x: dx - 2, y: top, width: dw, height: mainH, fill: "none", stroke: muted, "stroke-opacity": 0.4 }));
  let y = top + 15;
  const d = parts.detail;
  for (const [k, v] of d.pairs) {
    doc.appendChild(el("text", { x: dx + 4, y, fill: muted }, clip(k, 20)));
    doc.appendChild(el("text", { x: dx + 100, y, fill: fg }, clip(v, Math.max(8, Math.floor((dw - 110) / 6.5)))));
    y += 16;
  }
  y += 4;
  const cols = Math.max(8, Math.floor((dw - 12) / CHAR_W));
  const maxLines = Math.max(0, Math.floor((top + mainH - y) / LINE_H));
  const mono = { "font-family": "ui-monospace, Menlo, Consolas, monospace", "font-size": 11, fill: fg, style: "white-space:pre" };
  if (d.hex) {
    d.hex.slice(0, maxLines).forEach((line, i) => doc.appendChild(el("text", { ...mono, x: dx + 4, y: y + i * LINE_H + 11 }, line)));
  } else if (d.text !== null) {
    const lines = wrapLines(d.text, cols, maxLines);
    const iocs = d.marks.filter((m) => m.kind === "ioc");
    lines.forEach((line, i) => {
      const ly = y + i * LINE_H;
      for (const m of iocs) {
        const s = Math.max(m.start, line.start);
        const e = Math.min(m.end, line.end);
        if (e <= s) continue;
        const colour = parts.colourOf(m.type);
        doc.appendChild(el("rect", { x: dx + 4 + (s - line.start) * CHAR_W, y: ly, width: (e - s) * CHAR_W, height: LINE_H - 2, fill: colour, "fill-opacity": 0.2, stroke: colour, "stroke-opacity": 0.6 }));
      }
      doc.appendChild(el("text", { ...mono, x: dx + 4, y: ly + 11 }, d.text.slice(line.start, line.end).replace(/[\r\t]/g, " ")));
    });
  }
  // The indicator table.
  let height = top + mainH + 8;
  if (parts.grid) {
    const gh = Number(parts.grid.getAttribute("height")) || 0;
    const g = el("g", { transform: `translate(4,${height})`, fill: fg, color: fg, "font-size": 12 });
    g.appendChild(parts.grid);
    doc.appendChild(g);
    height += gh + 4;
  }
  doc.setAttribute("width", String(width));
  doc.setAttribute("height", String(height));
  doc.setAttribute("viewBox", `0 0 ${width} ${height}`);
  return { svg: new XMLSerializer().serializeToString(doc), width, height };
}
