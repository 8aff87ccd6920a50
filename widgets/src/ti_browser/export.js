// What the TI browser adds to an exported picture (common/export.js): its list is HTML, so
// the visible part of it is redrawn as SVG text — each indicator's heading and each
// result's fields where they stand, in their colours, with the severity bar of each
// result. Text is set as SVG text nodes, never parsed.
import { clip, svgEl } from "../common/dom.js";

const LINES = ".hk-ti-head, .hk-ti-row";

/** The SVG layer of the list's visible entries, over `list`. */
export function listSnapshot(list) {
  const box = list.getBoundingClientRect();
  const layer = svgEl("svg", { width: box.width, height: box.height });
  for (const line of list.querySelectorAll(LINES)) {
    const r = line.getBoundingClientRect();
    if (r.height === 0 || r.bottom < box.top || r.top > box.bottom) continue;
    const style = getComputedStyle(line);
    if (line.classList.contains("hk-ti-head")) {
      layer.appendChild(svgEl("rect", { x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height, fill: style.backgroundColor }));
    } else {
      layer.appendChild(svgEl("rect", { x: r.left - box.left, y: r.top - box.top, width: 4, height: r.height, fill: style.borderLeftColor }));
    }
    for (const part of line.children) {
      const pr = part.getBoundingClientRect();
      const text = part.textContent;
      if (!text || pr.height === 0 || pr.top > box.bottom || pr.bottom < box.top) continue;
      const ps = getComputedStyle(part);
      layer.appendChild(svgEl("text", {
        x: pr.left - box.left, y: pr.top - box.top + 12, fill: ps.color, "font-size": ps.fontSize, "font-weight": ps.fontWeight, "font-family": ps.fontFamily,
      }, clip(text.replace(/\s+/g, " "), 160)));
    }
  }
  return layer;
}

/** The `extras` of the export buttons: the list's snapshot over the list. */
export function listExtras(list) {
  return () => [{ node: listSnapshot(list), over: list }];
}
