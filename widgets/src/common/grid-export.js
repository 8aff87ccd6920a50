// The grid as an SVG image of what is on screen (header and the visible rows as text
// nodes, the selection as rectangles), for the views' PNG and SVG export: export.js copies
// canvases and SVG, and the grid's rows are neither.
import { clip, svgEl } from "./dom.js";

/** An SVG element of the grid's visible part (see `createGrid(...).snapshot`). */
export function snapshot({ columns, pool, rh, headH, left, width, sel }) {
  const rows = pool.filter((p) => p.el.style.display !== "none" && p.row >= 0);
  const height = headH + rows.length * rh;
  const svg = svgEl("svg", { width, height });
  const add = (tag, attrs, text) => svg.appendChild(svgEl(tag, attrs, text));
  add("rect", { width, height: headH, fill: "rgba(127,127,127,0.12)" });
  rows.forEach((p, i) => {
    if (sel.has(p.row)) add("rect", { y: headH + i * rh, width, height: rh, fill: "rgba(9,105,218,0.2)" });
  });
  let x = -left;
  for (let j = 0; j < columns.length; j++) {
    const c = columns[j];
    const fits = Math.max(1, Math.floor((c.width - 12) / 6.5));
    if (x + c.width > 0 && x < width) {
      add("text", { x: x + 6, y: headH - 7, "font-weight": "600", fill: "currentColor" }, clip(c.label, fits));
      rows.forEach((p, i) => {
        const t = p.texts[j] ?? "";
        if (t) add("text", { x: x + 6, y: headH + i * rh + rh - 7, fill: "currentColor" }, clip(t, fits));
      });
    }
    x += c.width;
  }
  return svg;
}
