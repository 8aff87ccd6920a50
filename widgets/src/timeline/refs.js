// Reference markers: red dashed lines on the canvas, each labelled "< label" (as MSTICPy
// labels them) in SVG text, the labels stacked in rows so that none overlaps another.
import { MAX_LABEL, clip } from "../common/dom.js";
import { fitText, textWidth } from "./dom.js";
import { referenceMarkers } from "./options.js";

const ROW_H = 13; // pixels between label rows: 8pt text, its descenders clear of the next row
const TOP = 10; // the first row's baseline, MSTICPy's y offset
const GAP = 6; // pixels kept free between two labels in a row
const MAX_W = 240; // pixels: a longer label is cut, its whole text in a tooltip

/**
 * Rows for labels `[{ x, w }]` (left edge and width, pixels) in a plot `plotW` wide: each
 * label goes in the first row where it overlaps no label already placed, nearest the top;
 * one that would run past the right edge is drawn leftwards from its line (`end`).
 * Returns `[{ row, end }]` in the input's order; labels past `maxRows` get row -1 (not drawn).
 */
export function placeLabels(items, plotW, maxRows) {
  const order = items.map((_, i) => i).sort((a, b) => items[a].x - items[b].x);
  const rows = []; // per row, the spans taken: [[left, right], ...]
  const out = items.map(() => ({ row: -1, end: false }));
  for (const i of order) {
    const { x, w } = items[i];
    const end = x + 2 + w > plotW;
    const span = end ? [x - 2 - w, x] : [x, x + 2 + w];
    let row = rows.findIndex((taken) => taken.every(([a, b]) => span[1] + GAP <= a || span[0] >= b + GAP));
    if (row < 0 && rows.length < maxRows) {
      rows.push([]);
      row = rows.length - 1;
    }
    if (row < 0) continue;
    rows[row].push(span);
    out[i] = { row, end };
  }
  return out;
}

/** Draws the reference lines in view on `ctx` and their labels into the SVG group `g` (d3). */
export function drawRefs(ctx, g, state, opt) {
  const { plotW, plotH } = state.geom;
  g.selectAll("*").remove();
  const shown = referenceMarkers(opt)
    .map((mk) => ({ ...mk, px: state.x(mk.t) }))
    .filter((mk) => mk.px >= -1 && mk.px <= plotW + 1);
  for (const mk of shown) {
    ctx.save();
    ctx.strokeStyle = "red";
    ctx.globalAlpha = 0.5;
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(mk.px, 0);
    ctx.lineTo(mk.px, plotH);
    ctx.stroke();
    ctx.restore();
  }
  const texts = shown.map((mk) => fitText(`< ${clip(mk.label, MAX_LABEL)}`, MAX_W));
  const places = placeLabels(
    shown.map((mk, i) => ({ x: mk.px, w: textWidth(texts[i]) })),
    plotW,
    Math.max(1, Math.floor((plotH - TOP) / ROW_H)),
  );
  shown.forEach((mk, i) => {
    const { row, end } = places[i];
    if (row < 0) return;
    const item = g.append("g").attr("class", "hk-refl");
    if (texts[i] !== `< ${mk.label}`) item.append("title").text(clip(mk.label, 4000));
    item
      .append("text")
      .attr("class", "hk-ref")
      .attr("x", end ? mk.px - 2 : mk.px + 2)
      .attr("y", TOP + ROW_H * row)
      .attr("text-anchor", end ? "end" : "start")
      .attr("font-size", "8pt")
      .attr("fill", "var(--hk-fg)")
      .text(texts[i]);
  });
}
