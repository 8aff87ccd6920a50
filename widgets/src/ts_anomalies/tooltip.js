// The tooltip: the point nearest the pointer (or the one the keyboard is on) and its
// time, value, baseline, score and flag, as text nodes, never as markup.
import { formatTime } from "../common/arrow.js";
import { clip, h } from "../common/dom.js";
import { lowerBound } from "./columns.js";

const REACH = 12; // pixels: how far from the pointer a point is still hovered

/** The point nearest time `t` within `reach` pixels (`msPerPx` ms a pixel), or −1. */
export function nearestPoint(times, t, msPerPx, reach = REACH) {
  const i = lowerBound(times, t);
  let best = -1;
  let dist = Infinity;
  for (const k of [i - 1, i]) {
    if (k < 0 || k >= times.length) continue;
    const d = Math.abs(times[k] - t);
    if (d < dist) {
      best = k;
      dist = d;
    }
  }
  return best >= 0 && dist / msPerPx <= reach ? best : -1;
}

function number(v) {
  if (v !== v) return "";
  return Math.abs(v) >= 1e15 || Number.isInteger(v) ? String(v) : v.toLocaleString("en-US", { maximumFractionDigits: 4 });
}

/** The tooltip's lines for point `k`: `[name, value]` pairs. */
export function tipLines(series, flags, k) {
  const lines = [[series.timeColumn, formatTime(new Date(series.times[k]))]];
  if (series.mode === "bucket") lines.push(["bucket", series.interval]);
  lines.push(
    [series.valueColumn ?? "value", number(series.values[k])],
    ["baseline", number(series.baseline[k])],
    ["score", number(series.score[k])],
  );
  const f = flags?.[k] ?? 0;
  if (f) lines.push(["anomaly", f > 0 ? "+1 (high)" : "−1 (low)"]);
  return lines;
}

/**
 * The view's tooltip: `hover(event)` shows the point under a pointer over either plot,
 * `show(k)` shows point `k` (beside its place on the main plot), `hide()` hides it.
 * Returns the point shown by `hover`, or −1.
 */
export function createTooltip(view) {
  const { dom, state } = view;
  const { tip, root } = dom;

  function fill(k) {
    tip.replaceChildren();
    tip.dataset.point = String(k);
    for (const [key, value] of tipLines(state.series, state.flags, k)) {
      const line = h("div");
      line.append(h("span", "hk-k", `${clip(key, 60)}: `), h("span", null, clip(value, 200)));
      tip.appendChild(line);
    }
    tip.style.display = "block";
  }

  function place(px, py) {
    const r = root.getBoundingClientRect();
    const left = px + 14 + 260 > r.width ? Math.max(0, px - 14 - 260) : px + 14;
    tip.style.left = `${Math.round(left)}px`;
    tip.style.top = `${Math.round(Math.max(0, py + 10))}px`;
  }

  function hide() {
    tip.style.display = "none";
    delete tip.dataset.point;
  }

  function pointAt(e, svgNode) {
    const { series, geom, x } = state;
    if (!series || !x || !geom) return -1;
    const px = e.clientX - svgNode.getBoundingClientRect().left - geom.left;
    if (px < 0 || px > geom.plotW) return -1;
    const [d0, d1] = x.domain().map(Number);
    return nearestPoint(series.times, Number(x.invert(px)), (d1 - d0) / geom.plotW);
  }

  function hover(e, svgNode) {
    const k = pointAt(e, svgNode);
    if (k < 0) {
      hide();
      return -1;
    }
    const r = root.getBoundingClientRect();
    fill(k);
    place(e.clientX - r.left, e.clientY - r.top);
    return k;
  }

  function show(k) {
    const { series, geom, x } = state;
    if (!series || k < 0 || !x) return hide();
    fill(k);
    const r = root.getBoundingClientRect();
    const s = dom.main.svgNode.getBoundingClientRect();
    place(s.left - r.left + geom.left + x(series.times[k]), s.top - r.top + geom.top + 8);
  }

  return { hover, show, hide, pointAt };
}
