// The opened session's events on a small timeline: one tick per event on a canvas, the
// rarest window's events taller and in the window colour, events a linked view selected
// with a dot below, the current event ringed; a UTC time axis in SVG under it. Pointing
// at an event describes it; clicking makes it the current event.
import { axisBottom } from "d3-axis";
import { scaleUtc } from "d3-scale";
import { select } from "d3-selection";
import { eventTime } from "./data.js";
import { inWindow } from "./detail.js";

export const STRIP_HEIGHT = 56;
const TICKS_H = 30; // pixels of the event ticks; the axis is below
const PAD = 10;
const HIT = 8; // pixels within which the pointer picks an event

/** The first index of ascending `times` at or after `t`. */
export function bisect(times, t) {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The event nearest pixel `px` under scale `x`, within HIT pixels, or -1. */
export function nearestEvent(times, x, px) {
  if (!times.length) return -1;
  const t = Number(x.invert(px));
  const i = bisect(times, t);
  let best = -1;
  let dist = HIT + 1;
  for (const j of [i - 1, i]) {
    if (j < 0 || j >= times.length) continue;
    const d = Math.abs(x(times[j]) - px);
    if (d < dist) {
      dist = d;
      best = j;
    }
  }
  return dist <= HIT ? best : -1;
}

/** The time scale of a session's events over `width` pixels (a minute wide for one instant). */
export function stripScale(times, width) {
  let lo = times.length ? times[0] : 0;
  let hi = times.length ? times[times.length - 1] : 60000;
  if (!(hi > lo)) {
    lo -= 30000;
    hi += 30000;
  }
  return scaleUtc().domain([new Date(lo), new Date(hi)]).range([PAD, Math.max(PAD + 1, width - PAD)]);
}

/** Creates the strip; `onHover(i)` and `onPick(i)` get an event of the opened session. */
export function createStrip(view, { onHover, onPick }) {
  const { dom, state } = view;
  const canvas = dom.stripCanvas;
  const axisG = select(dom.stripSvg).append("g").attr("transform", `translate(0,${TICKS_H + 2})`);
  let sid = -1;
  let times = new Float64Array(0);
  let x = stripScale(times, 300);
  let width = 300;
  let current = -1;
  let colours = null; // read from the theme's variables once per theme
  let pixels = ""; // the canvas size set last (setting it clears the canvas)

  function palette() {
    if (colours) return colours;
    const css = typeof getComputedStyle === "function" ? getComputedStyle(dom.root) : null;
    const colour = (name, fallback) => css?.getPropertyValue(name)?.trim() || fallback;
    colours = {
      base: colour("--hk-bar", "#8c959f"),
      rare: colour("--hk-rare", "#d4760a"),
      link: colour("--hk-link", "#8250df"),
      fg: colour("--hk-fg", "#1f2328"),
    };
    return colours;
  }

  function show(next, w) {
    sid = next;
    width = Math.max(100, Math.floor(w));
    const n = sid >= 0 && state.commands ? state.commands[sid].length : 0;
    times = new Float64Array(n);
    for (let i = 0; i < n; i++) times[i] = eventTime(state.events, state.timeColumn, state.offsets[sid] + i);
    x = stripScale(times, width);
    current = -1;
    dom.strip.style.height = `${STRIP_HEIGHT}px`;
    dom.stripSvg.setAttribute("width", String(width));
    dom.stripSvg.setAttribute("height", String(STRIP_HEIGHT));
    axisG.call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))).tickSizeOuter(0));
    draw();
  }

  function draw() {
    const dpr = globalThis.devicePixelRatio || 1;
    const size = `${width}x${dpr}`;
    if (size !== pixels) {
      pixels = size;
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(STRIP_HEIGHT * dpr);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${STRIP_HEIGHT}px`;
    }
    const ctx = canvas.getContext?.("2d");
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, STRIP_HEIGHT);
    if (sid < 0) return;
    const { base, rare, link, fg } = palette();
    ctx.strokeStyle = base;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(PAD, TICKS_H - 0.5);
    ctx.lineTo(width - PAD, TICKS_H - 0.5);
    ctx.stroke();
    for (const windowPass of [false, true]) {
      ctx.fillStyle = windowPass ? rare : base;
      for (let i = 0; i < times.length; i++) {
        if (inWindow(state, sid, i) !== windowPass || !Number.isFinite(times[i])) continue;
        const px = Math.round(x(times[i]));
        const h = windowPass ? 22 : 14;
        ctx.fillRect(px - (windowPass ? 1.5 : 1), TICKS_H - h, windowPass ? 3 : 2, h);
      }
    }
    ctx.fillStyle = link;
    for (let i = 0; i < times.length; i++) {
      if (!state.linkedRows.has(state.rows[state.offsets[sid] + i])) continue;
      ctx.beginPath();
      ctx.arc(x(times[i]), TICKS_H - 26, 3, 0, 2 * Math.PI);
      ctx.fill();
    }
    if (current >= 0 && Number.isFinite(times[current])) {
      ctx.strokeStyle = fg;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(Math.round(x(times[current])) - 4, TICKS_H - 25, 8, 25);
    }
    canvas.dataset.events = String(times.length);
  }

  const at = (e) => nearestEvent(times, x, e.clientX - canvas.getBoundingClientRect().left);
  const onMove = (e) => {
    const i = at(e);
    canvas.style.cursor = i >= 0 ? "pointer" : "";
    onHover(i >= 0 ? i : current);
  };
  const onClick = (e) => {
    const i = at(e);
    if (i >= 0) onPick(i);
  };
  const onLeave = () => onHover(current);
  canvas.addEventListener("pointermove", onMove);
  canvas.addEventListener("click", onClick);
  canvas.addEventListener("pointerleave", onLeave);

  return {
    show,
    draw,
    /** Re-reads the theme's colours and redraws (after a theme change). */
    restyle() {
      colours = null;
      draw();
    },
    setCurrent(i) {
      current = i;
      draw();
    },
    /** Page-free geometry for tests: the pixel of event `i`. */
    xOf: (i) => x(times[i]),
    detach() {
      canvas.removeEventListener("pointermove", onMove);
      canvas.removeEventListener("click", onClick);
      canvas.removeEventListener("pointerleave", onLeave);
    },
  };
}
