// Layout: the plot's geometry from the options, the lane count, the container and the width
// of the text beside the plot, applied to the canvases and SVGs; then the title, the lane
// labels (on the y axis, once each) and the legend.
import { select } from "d3-selection";
import { MAX_LABEL, clip, h, swatch } from "../common/dom.js";
import { valueTickWidth } from "./axes.js";
import { fitText, textWidth } from "./dom.js";
import { laneAxis, legendPlacement, modeOf, titleText } from "./options.js";

export const AXIS_H = 50; // pixels under the plot: ticks, their dates and the axis's label
export const RANGE_AXIS_H = 36; // under the range selector: ticks and dates
export const LABEL_SHARE = 0.2; // the most of the width lane labels (or a legend) may take
const LABEL_MAX = 220; // pixels: the widest lane-label column
const SWATCH = 22; // pixels of a lane label beside its text: the colour swatch and gaps
const MAX_MEASURED = 2000; // lanes measured for the label column (a label's width is capped anyway)

/** The plot's height: the `height` option (at least 80), else 40 pixels a lane (25 past 15), at least 300. */
export function plotHeight(opt, laneCount) {
  const nl = Math.max(1, laneCount);
  const hOpt = Number(opt("height"));
  return hOpt > 0 ? Math.max(80, hOpt) : Math.max(300, (nl > 15 ? 25 : 40) * nl);
}

/** Every how many lanes one is labelled on the axis, so that labels (14 pixels) never overlap. */
export function labelStep(plotH, laneCount) {
  return Math.max(1, Math.ceil(14 / (plotH / Math.max(1, laneCount))));
}

// The upper bound wins: a narrow view keeps its share for the plot.
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/**
 * The plot's geometry in CSS pixels: `{ labelW, plotW, plotH, axisH, totalW, place, side,
 * rangeH, dpr, step, legendLanes }`. The width is the `width` option or the container's;
 * `text` gives the widest text beside the plot, in pixels: `axis` (lane labels, or value
 * ticks in values mode), `legend` (a legend entry) and `colourKey` (whether
 * `color_column`'s values need a legend). The label column fits its text up to a fifth of
 * the width; a legend beside the plot (`side` pixels) is shown only with something in it.
 */
export function geometry(opt, laneCount, containerWidth, dpr, text = {}) {
  const wOpt = Number(opt("width"));
  const totalW = Math.max(200, wOpt > 0 ? wOpt : containerWidth - 10);
  const plotH = plotHeight(opt, laneCount);
  const values = modeOf(opt) === "values";
  const share = Math.floor(totalW * LABEL_SHARE);
  const step = labelStep(plotH, laneCount);
  let labelW = 8;
  if (opt("yaxis") && values) labelW = clamp(Math.ceil((text.axis ?? 24) + 30), 40, share);
  else if (opt("yaxis")) labelW = clamp(Math.ceil((text.axis ?? 0) + SWATCH), 40, Math.min(LABEL_MAX, share));
  // Lanes are listed in the legend only where the axis does not name each of them.
  const legendLanes = !laneAxis(opt) || step > 1;
  let wanted = legendPlacement(opt, laneCount);
  if (wanted === "none" && opt("legend") !== "none" && legendLanes && laneCount > 1) wanted = "left";
  // MSTICPy quirk Q-V1 (compat): values mode's external legend has no items.
  const quirk = opt("compat") === "msticpy" && values && wanted !== "inline";
  const items = (legendLanes && laneCount > 0 && !quirk) || Boolean(text.colourKey);
  const place = items ? wanted : "none";
  const side = place === "left" || place === "right" ? clamp(Math.ceil((text.legend ?? 120) + 30), 90, Math.min(LABEL_MAX, share)) : 0;
  const plotW = Math.max(50, totalW - side - labelW - 16);
  const rangeH = Math.max(120, Math.floor(0.2 * plotH));
  return { labelW, plotW, plotH, axisH: AXIS_H, totalW, place, side, rangeH, dpr, step, legendLanes };
}

/** The vertical centre of lane `i` of `laneCount` in a plot `plotH` high. */
export function laneY(plotH, laneCount, i) {
  const lh = plotH / Math.max(1, laneCount);
  // Lane 0 sits at the bottom, as series 0 does on MSTICPy's y axis.
  return plotH - (i + 0.5) * lh;
}

/** The lane under height `py` of the plot (possibly out of range: the caller checks). */
export function laneAt(plotH, laneCount, py) {
  return Math.floor((plotH - py) / (plotH / Math.max(1, laneCount)));
}

function sizeCanvas(canvas, w, hh, dpr) {
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(hh * dpr);
  canvas.style.width = `${w}px`;
  canvas.style.height = `${hh}px`;
}

/** The widest of `labels` in pixels (the first 2000; each clipped to MAX_LABEL characters). */
function widest(labels) {
  let w = 0;
  for (const l of labels.slice(0, MAX_MEASURED)) w = Math.max(w, textWidth(clip(String(l), MAX_LABEL)));
  return w;
}

/**
 * The view's layout: `resize()` computes the geometry into `state.geom` and sizes the
 * elements to it; `annotate()` writes the title, the lane labels and the legend. Clicking a
 * lane label or legend entry (or Enter or Space on it) calls `onToggle(lane)` and marks
 * the lane's elements hidden or shown.
 */
export function createLayout({ el, opt, dom, state }, onToggle) {
  const { root, title, main, canvas, svgNode, labels, legendLeft, legendRight, range, rangeBox, rangeCanvas, rangeSvgNode } = dom;

  function textBeside() {
    const lanes = state.lanes.map((l) => l.label);
    const colours = state.primary && opt("color_column") ? state.primary.info.colours || [] : [];
    const values = modeOf(opt) === "values";
    const axis = values
      ? valueTickWidth(state.valueExtent, plotHeight(opt, lanes.length), textWidth)
      : widest(lanes);
    const legend = Math.max(widest(lanes), widest(colours.slice(0, 50)), colours.length ? textWidth(String(opt("color_column"))) : 0);
    return { axis, legend, colourKey: colours.length > 0 };
  }

  function resize() {
    const containerW = el.clientWidth || (el.parentElement && el.parentElement.clientWidth) || 900;
    const dpr = (typeof devicePixelRatio === "number" && devicePixelRatio) || 1;
    const g = geometry(opt, state.lanes.length, containerW, dpr, textBeside());
    const { labelW, plotW, plotH, place, side, rangeH } = g;
    state.geom = g;
    root.style.width = `${g.totalW}px`;
    root.style.display = opt("hide") ? "none" : "";
    main.style.width = `${plotW + 8}px`;
    main.style.height = `${plotH + AXIS_H}px`;
    sizeCanvas(canvas, plotW, plotH, dpr);
    svgNode.setAttribute("width", plotW);
    svgNode.setAttribute("height", plotH + AXIS_H);
    // The value axis of values mode is drawn left of the plot, over the labels' column.
    svgNode.style.overflow = "visible";
    labels.setAttribute("width", labelW);
    labels.setAttribute("height", plotH);
    legendLeft.style.display = place === "left" ? "" : "none";
    legendRight.style.display = place === "right" ? "" : "none";
    for (const node of [legendLeft, legendRight]) {
      node.style.width = `${side}px`;
      node.style.maxHeight = `${plotH + AXIS_H}px`; // a long legend scrolls beside the plot
    }

    range.style.display = opt("range_tool") && state.primary ? "" : "none";
    rangeBox.style.marginLeft = `${(place === "left" ? side : 0) + labelW}px`;
    rangeBox.style.width = `${plotW}px`;
    rangeBox.style.height = `${rangeH + RANGE_AXIS_H}px`;
    sizeCanvas(rangeCanvas, plotW, rangeH, dpr);
    rangeSvgNode.setAttribute("width", plotW);
    rangeSvgNode.setAttribute("height", rangeH + RANGE_AXIS_H);
  }

  // Elements standing for lanes (labels and legend entries), to mark them when toggled.
  let laneElements = [];
  function markHidden() {
    for (const node of laneElements) {
      const off = state.hidden.has(Number(node.dataset.lane));
      node.classList.toggle("hk-off", off);
      node.setAttribute("aria-pressed", String(!off));
    }
  }
  function makeToggle(node, lane) {
    node.dataset.lane = lane;
    node.setAttribute("aria-pressed", "true");
    node.setAttribute("role", "button");
    const toggle = () => {
      onToggle(lane);
      markHidden();
    };
    node.addEventListener("click", toggle);
    node.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" && e.key !== " ") return;
      e.preventDefault();
      toggle();
    });
    laneElements.push(node);
  }

  // Lane labels on the y axis (none in values mode, which has a value axis there): the
  // label fitted to the column with an ellipsis, its whole text in a tooltip when cut,
  // and the lane's colour beside it.
  function buildLabels() {
    const g = select(labels);
    g.selectAll("*").remove();
    if (!laneAxis(opt)) return;
    const n = state.lanes.length;
    const { plotH, labelW, step } = state.geom;
    state.lanes.forEach((l, i) => {
      if (i % step !== 0) return;
      const item = g.append("g").attr("class", "hk-lbl").attr("tabindex", 0).attr("transform", `translate(0,${laneY(plotH, n, i)})`);
      const shown = fitText(l.label, labelW - SWATCH);
      if (shown !== l.label) item.append("title").text(clip(l.label, 4000));
      item.append("text").attr("x", labelW - 18).attr("dy", "0.35em").attr("text-anchor", "end").text(shown);
      item.append("rect").attr("x", labelW - 13).attr("y", -4).attr("width", 8).attr("height", 8).attr("rx", 2).attr("fill", l.colour);
      makeToggle(item.node(), i);
    });
  }

  // The legend where the geometry puts it: a button per lane where the axis does not name
  // them all (the top lane first beside the plot), then the values of `color_column`.
  function buildLegend() {
    const { place, legendLanes } = state.geom;
    for (const node of [legendLeft, legendRight]) {
      node.replaceChildren();
      node.classList.remove("hk-inline");
    }
    const inlineOld = main.querySelector(".hk-legend.hk-inline");
    if (inlineOld) inlineOld.remove();
    if (place === "none") return;
    const values = modeOf(opt) === "values";
    let target = place === "left" ? legendLeft : legendRight;
    if (place === "inline") {
      target = h("div", "hk-legend hk-inline");
      target.style.left = "8px";
      target.style.top = values ? "8px" : "50%";
      if (!values) target.style.transform = "translateY(-50%)";
      main.appendChild(target);
    }
    const quirk = opt("compat") === "msticpy" && values && place !== "inline";
    if (legendLanes && !quirk) {
      const order = state.lanes.map((_, i) => i);
      if (place !== "inline") order.reverse();
      for (const i of order) {
        const l = state.lanes[i];
        const b = h("button");
        b.type = "button";
        b.append(swatch(l.colour), h("span", null, clip(l.label, MAX_LABEL)));
        b.title = clip(l.label, 4000);
        makeToggle(b, i);
        target.appendChild(b);
      }
    }
    const colourLabels = state.primary ? state.primary.info.colours || [] : [];
    if (colourLabels.length && opt("color_column")) {
      target.appendChild(h("div", "hk-k", clip(String(opt("color_column")), MAX_LABEL)));
      colourLabels.slice(0, 50).forEach((c, i) => {
        const row = h("div");
        row.title = clip(c, 4000);
        row.append(swatch(state.colourOf[i]), document.createTextNode(` ${clip(c, MAX_LABEL)}`));
        target.appendChild(row);
      });
    }
  }

  function annotate() {
    title.textContent = titleText(opt);
    laneElements = [];
    buildLabels();
    buildLegend();
    markHidden();
  }

  return { resize, annotate };
}
