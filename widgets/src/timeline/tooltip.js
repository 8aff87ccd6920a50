// The tooltip: which event is under the pointer (asked of the engine's index), which
// columns describe it, and the tooltip built from them as text nodes, never as markup.
import { cellText, hasColumn, numberAt } from "../common/arrow.js";
import { MAX_LABEL, clip, h } from "../common/dom.js";
import { asList } from "../common/options.js";
import { laneAt, laneY } from "./layout.js";
import { markerSizeOf, modeOf } from "./options.js";

const MAX_TEXT = 2000; // characters of one value shown in a tooltip
const WRAP = 50; // tooltip strings wrap at 50 characters, as in MSTICPy
const TIP_W = 460; // pixels: the tooltip's widest (its CSS max-width)

/** `s` broken into lines of 50 characters. */
export function wrap(s) {
  if (s.length <= WRAP) return s;
  const parts = [];
  for (let i = 0; i < s.length; i += WRAP) parts.push(s.slice(i, i + WRAP));
  return parts.join("\n");
}

/**
 * The columns a tooltip shows for data `d`: its time, the value in values mode, then
 * `source_columns` (`overlay_columns` for the overlay), or NewProcessName, EventID and
 * CommandLine when none are given and all three exist; only columns the data has.
 */
export function tooltipColumns(opt, d, isOverlay) {
  const table = d.table;
  const timeCol = isOverlay ? String(opt("overlay_time_column") || opt("time_column")) : String(opt("time_column"));
  let cols = asList(isOverlay ? opt("overlay_columns") : opt("source_columns"));
  if (!cols.length) {
    const dflt = ["NewProcessName", "EventID", "CommandLine"];
    if (dflt.every((c) => hasColumn(table, c))) cols = dflt;
  }
  const out = [timeCol];
  if (!isOverlay && modeOf(opt) === "values" && opt("value_column")) out.push(String(opt("value_column")));
  for (const c of cols) if (!out.includes(c)) out.push(c);
  return out.filter((c) => hasColumn(table, c));
}

/**
 * Fills `tip` with a line per column of `columns` for `row` of `table` (name, then value,
 * clipped and wrapped) and, when `others` more events share the spot, a count of them.
 */
export function fillTooltip(tip, table, columns, row, others) {
  tip.replaceChildren();
  for (const c of columns) {
    const line = h("div");
    line.append(h("span", "hk-k", `${clip(c, MAX_LABEL)}: `), h("span", null, wrap(clip(cellText(table, c, row), MAX_TEXT))));
    tip.appendChild(line);
  }
  if (others > 0) tip.appendChild(h("div", "hk-more", `+${others} more events here`));
}

/**
 * The events under plot position (`px`, `py`): `{ d, rows }` with `d` the primary or overlay
 * data, or null. Within a marker's half-width (plus 2 pixels) of the time, and in values
 * mode within 8 pixels of the value.
 */
export function findHit(opt, state, px, py) {
  const { plotW, plotH } = state.geom;
  const m = modeOf(opt);
  const t = Number(state.x.invert(px));
  const [d0, d1] = state.x.domain();
  const msPerPx = (d1 - d0) / plotW;
  const size = m === "duration" ? 5 : Math.max(markerSizeOf(opt), state.largestMarker || 0);
  const tol = (size / 2 + 2) * msPerPx;
  const n = state.lanes.length;
  let best = null;
  if (m === "values") {
    for (let i = 0; i < n; i++) {
      const l = state.lanes[i];
      if (state.hidden.has(i) || l.source !== "primary") continue;
      for (const row of state.primary.index.hit(l.lane, t, tol, 20)) {
        const v = numberAt(state.primary.table, String(opt("value_column")), row);
        if (!Number.isFinite(v)) continue;
        const dist = Math.abs(state.yValues(v) - py);
        if (dist <= 8 && (!best || dist < best.dist)) best = { d: state.primary, rows: [row], dist };
      }
    }
  } else {
    const lane = laneAt(plotH, n, py);
    const l = state.lanes[lane];
    if (l && !state.hidden.has(lane) && Math.abs(laneY(plotH, n, lane) - py) <= Math.max(size / 2 + 2, 6)) {
      const d = l.source === "overlay" ? state.overlay : state.primary;
      const rows = d.index.hit(l.lane, t, tol, 6);
      if (rows.length) best = { d, rows };
    }
  }
  return best;
}

/**
 * The view's tooltip: `hover(e)` shows the event under pointer event `e` (or hides the
 * tooltip where there is none), `hide()` hides it.
 */
export function createTooltip({ opt, dom, state }) {
  const { root, svgNode, tip } = dom;
  const hide = () => {
    tip.style.display = "none";
  };
  function hover(e) {
    if (!state.x || !state.primary) return;
    const r = svgNode.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    const { plotW, plotH } = state.geom;
    if (px < 0 || py < 0 || px > plotW || py > plotH) return hide();
    const best = findHit(opt, state, px, py);
    if (!best) return hide();
    const row = best.rows[0];
    fillTooltip(tip, best.d.table, tooltipColumns(opt, best.d, best.d === state.overlay), row, best.rows.length - 1);
    tip.style.display = "block";
    // Right of the pointer, or left of it where the widest tooltip would overflow the view.
    const rr = root.getBoundingClientRect();
    const x = r.left - rr.left + px;
    let left = x + 14;
    if (left + TIP_W > rr.width) left = Math.max(0, x - 14 - Math.min(TIP_W, tip.offsetWidth || 300));
    tip.style.left = `${left}px`;
    tip.style.top = `${r.top - rr.top + py + 12}px`;
    root.dataset.hoverRow = row;
  }
  return { hover, hide };
}
