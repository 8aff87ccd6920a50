// Layout: the plot's geometry from the options, the lane count and the container, applied
// to the canvases and SVGs; then the title, the lane labels and the legend.
import { MAX_LABEL, clip, h } from "./dom.js";
import { legendPlacement, modeOf, titleText } from "./options.js";

const AXIS_H = 24; // pixels under the plot for the time axis
const LEGEND_W = 170; // pixels of a legend column beside the plot

/**
 * The plot's geometry in CSS pixels: `{ labelW, plotW, plotH, axisH, totalW, place, side,
 * rangeH, dpr }` (`side`: the width of a legend column beside the plot). The width is the
 * `width` option or the container's; the height is the `height` option or 40 pixels a lane
 * (25 past 15 lanes), at least 300.
 */
export function geometry(opt, laneCount, containerWidth, dpr) {
  const nl = Math.max(1, laneCount);
  const wOpt = Number(opt("width"));
  const totalW = Math.max(200, wOpt > 0 ? wOpt : containerWidth - 10);
  const hOpt = Number(opt("height"));
  const plotH = hOpt > 0 ? Math.max(80, hOpt) : Math.max(300, (nl > 15 ? 25 : 40) * nl);
  const place = legendPlacement(opt, laneCount);
  const side = place === "left" || place === "right" ? LEGEND_W : 0;
  const yaxis = Boolean(opt("yaxis"));
  const labelW = modeOf(opt) === "values" ? (yaxis ? 56 : 8) : yaxis ? Math.min(220, Math.max(60, Math.floor(totalW * 0.18))) : 8;
  const plotW = Math.max(50, totalW - side - labelW - 16);
  const rangeH = Math.max(120, Math.floor(0.2 * plotH));
  return { labelW, plotW, plotH, axisH: AXIS_H, totalW, place, side, rangeH, dpr };
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

/**
 * The view's layout: `resize()` computes the geometry into `state.geom` and sizes the
 * elements to it; `annotate()` writes the title, the lane labels and the legend, whose lane
 * buttons call `onToggle(lane, button)`.
 */
export function createLayout({ el, opt, dom, state }, onToggle) {
  const { root, title, main, canvas, svgNode, labels, legendLeft, legendRight, range, rangeBox, rangeCanvas, rangeSvgNode } = dom;

  function resize() {
    const containerW = el.clientWidth || (el.parentElement && el.parentElement.clientWidth) || 900;
    const dpr = (typeof devicePixelRatio === "number" && devicePixelRatio) || 1;
    const g = geometry(opt, state.lanes.length, containerW, dpr);
    const { labelW, plotW, plotH, place, side, rangeH } = g;
    const axisH = AXIS_H;
    state.geom = g;
    root.style.width = `${g.totalW}px`;
    root.style.display = opt("hide") ? "none" : "";
    main.style.width = `${labelW + plotW + 8}px`;
    main.style.height = `${plotH + axisH}px`;
    sizeCanvas(canvas, plotW, plotH, dpr);
    canvas.style.left = `${labelW}px`;
    svgNode.setAttribute("width", plotW);
    svgNode.setAttribute("height", plotH + axisH);
    svgNode.style.left = `${labelW}px`;
    svgNode.style.overflow = "visible";
    labels.style.cssText = `position:absolute;left:0;top:0;width:${labelW}px;height:${plotH}px`;
    legendLeft.style.display = place === "left" ? "" : "none";
    legendRight.style.display = place === "right" ? "" : "none";

    range.style.display = opt("range_tool") && state.primary ? "" : "none";
    rangeBox.style.marginLeft = `${(place === "left" ? side : 0) + labelW}px`;
    rangeBox.style.width = `${plotW}px`;
    rangeBox.style.height = `${rangeH + axisH}px`;
    sizeCanvas(rangeCanvas, plotW, rangeH, dpr);
    rangeSvgNode.setAttribute("width", plotW);
    rangeSvgNode.setAttribute("height", rangeH + axisH);
  }

  // Lane labels left of the plot (none in values mode, which has a value axis there).
  function buildLabels() {
    labels.replaceChildren();
    if (!opt("yaxis") || modeOf(opt) === "values") return;
    const n = state.lanes.length;
    const { plotH } = state.geom;
    // Every step-th lane is labelled: labels are left out rather than overlap.
    const step = Math.max(1, Math.ceil(14 / (plotH / Math.max(1, n))));
    state.lanes.forEach((l, i) => {
      if (i % step !== 0) return;
      const d = h("div", "hk-lbl", clip(l.label, MAX_LABEL));
      d.title = clip(l.label, 4000);
      d.style.top = `${laneY(plotH, n, i) - 8}px`;
      d.style.left = "0";
      labels.appendChild(d);
    });
  }

  // The legend where the geometry puts it: a button per lane (the top lane first beside
  // the plot), then the values of `color_column` with their colours.
  function buildLegend() {
    const place = state.geom.place;
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
      target.style.left = `${state.geom.labelW + 8}px`;
      target.style.top = values ? "8px" : "50%";
      if (!values) target.style.transform = "translateY(-50%)";
      main.appendChild(target);
    }
    // MSTICPy quirk Q-V1: in values mode the external legend gets no items.
    if (opt("compat") === "msticpy" && values && place !== "inline") return;
    const order = state.lanes.map((_, i) => i);
    if (place !== "inline") order.reverse();
    const colourLabels = state.primary ? state.primary.info.colours || [] : [];
    for (const i of order) {
      const l = state.lanes[i];
      const b = h("button");
      b.type = "button";
      b.dataset.lane = i;
      const sw = h("span", "hk-sw");
      sw.style.background = l.colour;
      b.append(sw, h("span", null, clip(l.label, MAX_LABEL)));
      b.title = clip(l.label, 4000);
      if (state.hidden.has(i)) b.classList.add("hk-off");
      b.addEventListener("click", () => onToggle(i, b));
      target.appendChild(b);
    }
    if (colourLabels.length && opt("color_column")) {
      target.appendChild(h("div", "hk-k", clip(String(opt("color_column")), MAX_LABEL)));
      colourLabels.slice(0, 50).forEach((c, i) => {
        const row = h("div");
        const sw = h("span", "hk-sw");
        sw.style.background = state.colourOf[i];
        row.append(sw, document.createTextNode(` ${clip(c, MAX_LABEL)}`));
        target.appendChild(row);
      });
    }
  }

  function annotate() {
    title.textContent = titleText(opt);
    buildLabels();
    buildLegend();
  }

  return { resize, annotate };
}
