// The axes: time ticks that carry the date where it changes, the time axis's label with its
// zone, and the value axis of values mode with its label. Times are UTC throughout (the
// tooltips and the data say so too), so the zone is part of the axis's label.
import { axisBottom, axisLeft } from "d3-axis";
import { scaleLinear } from "d3-scale";
import { select } from "d3-selection";
import { utcFormat } from "d3-time-format";
import { fitText } from "./dom.js";

export const TIME_LABEL = "Time (UTC)";
const DAY = 86400000;

/** The time of day on a tick, by the span in view (MSTICPy: minutes past two days, down to ms). */
export function tickFormat(span) {
  if (span > 2 * DAY) return utcFormat("%H:%M");
  if (span > 5000) return utcFormat("%H:%M:%S");
  return utcFormat("%H:%M:%S.%L");
}

/** How many time ticks a plot `plotW` pixels wide gets: one per 110 pixels, at least two. */
export function timeTicks(plotW) {
  return Math.max(2, Math.floor(plotW / 110));
}

export const formatDate = utcFormat("%Y-%m-%d");
const dayOf = (t) => Math.floor(Number(t) / DAY);

/** The date line under each tick: on the first tick and wherever the day changes, else "". */
export function dateLabels(ticks) {
  return ticks.map((t, i) => (i === 0 || dayOf(t) !== dayOf(ticks[i - 1]) ? formatDate(t) : ""));
}

/**
 * Draws a time axis for `scale` into `g` at height `y`: ticks with the time of day, a
 * second line with the date where it changes, and `label` (none when empty) centred below.
 */
export function drawTimeAxis(g, scale, width, y, label = "") {
  const ticks = scale.ticks(timeTicks(width));
  const [d0, d1] = scale.domain().map(Number);
  g.attr("transform", `translate(0,${y})`).call(axisBottom(scale).tickValues(ticks).tickFormat(tickFormat(d1 - d0)));
  const lines = dateLabels(ticks);
  const dates = new Map(ticks.map((t, i) => [Number(t), lines[i]]));
  g.selectAll(".tick").each(function (d) {
    const tick = select(this);
    tick.selectAll(".hk-date").remove();
    const date = dates.get(Number(d));
    if (date) tick.append("text").attr("class", "hk-date").attr("y", 22).attr("dy", "0.71em").text(date);
  });
  g.selectAll(".hk-axis-label")
    .data(label ? [label] : [])
    .join("text")
    .attr("class", "hk-axis-label")
    .attr("x", width / 2)
    .attr("y", 38)
    .attr("dy", "0.71em")
    .attr("text-anchor", "middle")
    .text((d) => d);
}

/**
 * Values mode's value scale for a plot `plotH` high: `{ yv, count, format }`, the scale
 * over `extent` made nice, its tick count (one per 40 pixels) and its tick format.
 */
export function valueScale(extent, plotH) {
  const count = Math.max(2, Math.floor(plotH / 40));
  const yv = scaleLinear().domain(extent || [0, 1]).nice(count).range([plotH - 4, 4]);
  return { yv, count, format: yv.tickFormat(count) };
}

/** The widest value tick label in pixels, as `measure` measures text: the y axis's margin. */
export function valueTickWidth(extent, plotH, measure) {
  const { yv, count, format } = valueScale(extent, plotH);
  return Math.max(0, ...yv.ticks(count).map((t) => measure(format(t))));
}

/**
 * Draws the value axis of `v` (from `valueScale`) into `g`, and `label` (the value column)
 * turned along it, `margin` pixels left of the plot.
 */
export function drawValueAxis(g, v, label, margin, plotH) {
  g.call(axisLeft(v.yv).ticks(v.count).tickFormat(v.format));
  g.selectAll(".hk-axis-label")
    .data(label ? [fitText(label, plotH)] : [])
    .join("text")
    .attr("class", "hk-axis-label")
    .attr("transform", "rotate(-90)")
    .attr("x", -plotH / 2)
    .attr("y", -margin + 2)
    .attr("dy", "0.71em")
    .attr("text-anchor", "middle")
    .text((d) => d);
}
