// The legend beside the tree, in SVG so it is part of an exported image: one swatch per
// value of a text legend column (MSTICPy's categorical legend, titled with the column), or
// a colour bar with its range for a number or time column. Labels are SVG text nodes.
import { formatTime } from "../common/arrow.js";
import { clip, svgEl } from "../common/dom.js";
import { viridis } from "./colouring.js";

const MAX_ENTRIES = 40;
const LINE = 14;

const add = (parent, tag, attrs, text) => parent.appendChild(svgEl(tag, attrs, text));

const numberText = (v, time) => (time ? formatTime(new Date(v)) : Number(v).toLocaleString("en-US", { maximumSignificantDigits: 6 }));

/**
 * Fills SVG `svg` (`width` × `height`) with the legend of colouring `c`; hides it for the
 * level colouring or when `hidden`. Returns whether a legend is shown.
 */
export function drawLegend(svg, c, { width, height, hidden }) {
  svg.replaceChildren();
  const shown = !hidden && c.kind !== "depth";
  svg.style.display = shown ? "" : "none";
  if (!shown) return false;
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  add(svg, "text", { x: 4, y: 12, "font-weight": "600", "font-size": 11, fill: "currentColor" }, clip(c.column, 28));
  if (c.kind === "category") {
    const room = Math.max(1, Math.floor((height - 40) / LINE));
    const n = Math.min(c.categories.length, MAX_ENTRIES, room);
    c.categories.slice(0, n).forEach(({ label, colour }, j) => {
      const y = 22 + j * LINE;
      add(svg, "rect", { x: 4, y, width: 10, height: 10, fill: colour, "fill-opacity": 0.8 });
      add(svg, "text", { x: 18, y: y + 9, "font-size": 10, fill: "currentColor" }, clip(label, 24));
    });
    if (c.categories.length > n) {
      add(svg, "text", { x: 4, y: 22 + n * LINE + 9, "font-size": 10, fill: "currentColor", opacity: 0.7 }, `… ${c.categories.length - n} more`);
    }
    return true;
  }
  // A colour bar: viridis from the low end (bottom) to the high end (top).
  const top = 22;
  const barH = Math.max(60, Math.min(300, height - 50));
  const strips = 64;
  viridis(strips).forEach((colour, j) => {
    const y = top + barH - ((j + 1) * barH) / strips;
    add(svg, "rect", { x: 4, y, width: 10, height: barH / strips + 0.5, fill: colour });
  });
  const time = c.kind === "time";
  const [lo, hi] = c.range;
  add(svg, "text", { x: 18, y: top + 8, "font-size": 10, fill: "currentColor" }, numberText(hi, time));
  add(svg, "text", { x: 18, y: top + barH / 2 + 4, "font-size": 10, fill: "currentColor" }, numberText((lo + hi) / 2, time));
  add(svg, "text", { x: 18, y: top + barH, "font-size": 10, fill: "currentColor" }, numberText(lo, time));
  return true;
}
