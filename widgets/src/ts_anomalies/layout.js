// Geometry and the parts of the page that follow the options: sizes of the three panels,
// the title, the legend (whose entries hide layers) and the threshold slider's range.
import { clip, h, swatch } from "../common/dom.js";
import { colours, drawsLow, legendPlace, numberOr, titleText } from "./options.js";

export const MAIN_H = 300; // plot pixels of the main panel when `height` is unset
export const SCORE_H = 96;
export const RANGE_H = 56;
const AXIS_H = 22;

/** The view's geometry for a container `containerW` pixels wide. */
export function geometry(opt, containerW) {
  const width = Math.max(320, Math.round(numberOr(opt("width"), 0) > 0 ? numberOr(opt("width"), 0) : containerW || 900));
  const left = opt("yaxis") === false ? 12 : 64;
  const right = 14;
  const top = 8;
  const plotW = Math.max(50, width - 8 - left - right);
  const mainH = Math.max(80, Math.round(numberOr(opt("height"), 0) > 0 ? numberOr(opt("height"), 0) : MAIN_H));
  return { width: width - 8, left, right, top, plotW, mainH, scoreH: SCORE_H, rangeH: opt("range_tool") === false ? 0 : RANGE_H, axisH: AXIS_H };
}

// Sizes a panel to `w` × `hh` CSS pixels, its canvas at the device's pixel ratio.
function sizePanel(p, w, hh, geom, dpr) {
  p.box.style.width = `${w}px`;
  p.box.style.height = `${hh}px`;
  for (const c of [p.canvas, p.marks]) {
    c.width = Math.max(1, Math.round(w * dpr));
    c.height = Math.max(1, Math.round(hh * dpr));
    c.style.width = `${w}px`;
    c.style.height = `${hh}px`;
  }
  p.svg.attr("width", w).attr("height", hh);
  p.g.attr("transform", `translate(${geom.left},${geom.top})`);
}

/** Sizes every panel to `geom`; the range selector is hidden with `range_tool=false`. */
export function sizePanels(dom, geom, dpr = globalThis.devicePixelRatio || 1) {
  const { width, top, axisH } = geom;
  sizePanel(dom.main, width, top + geom.mainH + axisH, geom, dpr);
  sizePanel(dom.score, width, top + geom.scoreH + axisH, geom, dpr);
  sizePanel(dom.rangePlot, width, top + geom.rangeH + axisH, geom, dpr);
  dom.range.style.display = geom.rangeH ? "" : "none";
}

/** The legend's entries: `[{ layer, label, colour }]` (−1 anomalies only when drawn). */
export function legendEntries(opt, valueColumn) {
  const c = colours(opt);
  const low = drawsLow(opt);
  const out = [
    { layer: "observed", label: clip(valueColumn ? `observed (${valueColumn})` : "observed", 60), colour: c.observed },
    { layer: "baseline", label: "baseline", colour: c.baseline },
    { layer: "high", label: low ? "anomalies (high)" : "anomalies", colour: c.high },
  ];
  if (low) out.push({ layer: "low", label: "anomalies (low)", colour: c.low });
  out.push({ layer: "score", label: "score", colour: "gray" });
  return out;
}

/**
 * Fills the legend with one button per layer, placed in the main plot's corner named by
 * `legend` (hidden with "none"); `toggle(layer, button)` runs on a click.
 */
export function fillLegend(dom, opt, state, geom, toggle) {
  const { legend } = dom;
  legend.replaceChildren();
  const place = legendPlace(opt);
  legend.style.display = place === "none" ? "none" : "";
  if (place === "none") return;
  const [vert, horiz] = place.split("_");
  legend.style.top = vert === "top" ? `${geom.top + 4}px` : "";
  legend.style.bottom = vert === "bottom" ? `${geom.axisH + 4}px` : "";
  legend.style.left = horiz === "left" ? `${geom.left + 4}px` : "";
  legend.style.right = horiz === "right" ? `${geom.right + 4}px` : "";
  for (const e of legendEntries(opt, state.series?.valueColumn)) {
    const b = h("button");
    b.type = "button";
    b.dataset.layer = e.layer;
    b.title = "Click to hide or show";
    b.setAttribute("aria-pressed", String(!state.hidden.has(e.layer)));
    b.classList.toggle("hk-off", state.hidden.has(e.layer));
    b.append(swatch(e.colour), h("span", "hk-export-text", e.label));
    b.addEventListener("click", () => toggle(e.layer, b));
    legend.appendChild(b);
  }
}

/** The title line. */
export function setTitle(dom, opt) {
  dom.title.textContent = clip(titleText(opt));
}

/**
 * The slider's range for scores `score`: 0 to the largest |score| (at least the current
 * threshold and 5), in steps of 0.05.
 */
export function sliderRange(score, threshold) {
  let top = 0;
  for (let i = 0; i < score.length; i++) {
    const a = Math.abs(score[i]);
    if (a > top && a < Infinity) top = a;
  }
  return { min: 0, max: Math.ceil(Math.max(5, threshold, top) * 20) / 20, step: 0.05 };
}

/** Sets the slider to `threshold` within the scores' range (`top`: their largest |score|), and its read-out. */
export function setSlider(dom, top, threshold) {
  const r = sliderRange([top], threshold);
  dom.slider.min = String(r.min);
  dom.slider.max = String(r.max);
  dom.slider.step = String(r.step);
  dom.slider.value = String(threshold);
  dom.thrValue.textContent = threshold.toFixed(2);
}
