// The opened session: a heading, its command sequence with the rarest window highlighted
// (events a linked view selected underlined), and a line describing the current event.
// Left/Right (Home/End) in the sequence move the current event, which the strip marks too.
// Long sessions show at most MAX_CHIPS commands, around the rarest window.
import { cellText, formatTime } from "../common/arrow.js";
import { clip, h } from "../common/dom.js";
import { asList } from "../common/options.js";
import { eventTime, inputText } from "./data.js";
import { commandText } from "./model.js";
import { formatLikelihood } from "./table.js";

export const MAX_CHIPS = 300;

/** The commands [lo, hi) of a session of `n` shown, around the window starting at `start`. */
export function chipRange(n, start, max = MAX_CHIPS) {
  if (n <= max) return [0, n];
  const lo = Math.max(0, Math.min((start >= 0 ? start : 0) - Math.floor(max / 3), n - max));
  return [lo, lo + max];
}

/** Whether command `i` of session `sid` is inside its rarest window. */
export function inWindow(state, sid, i) {
  const s = state.windowStart[sid];
  return s >= 0 && i >= s && i < s + state.windowLength[sid];
}

/** The heading of session `sid`: rank, users, start, events and likelihoods. */
export function headingText(state, opt, sid) {
  const { ranked } = state;
  const r = state.rankOf[sid];
  const users = asList(opt("user_columns")).map((c) => clip(cellText(ranked.table, c, r), 80)).filter(Boolean);
  const parts = [`#${r + 1}`, ...users, cellText(ranked.table, `${state.timeColumn}_min`, r), `${ranked.count[r]} events`];
  const w = formatLikelihood(ranked.windowLikelihood[r]);
  parts.push(w ? `rarest window ${w}` : `shorter than the window of ${state.window}`);
  return clip(parts.join(" · "), 300);
}

/** A description of event `i` of session `sid`: time, command and parameters, source columns. */
export function eventText(state, opt, sid, i) {
  const k = state.offsets[sid] + i;
  const t = eventTime(state.events, state.timeColumn, k);
  const parts = [Number.isFinite(t) ? formatTime(new Date(t)) : "", clip(commandText(state.commands[sid][i]), 300)];
  for (const c of asList(opt("source_columns"))) parts.push(`${clip(c, 60)}: ${inputText(state.input.table, c, state.rows[k])}`);
  if (inWindow(state, sid, i)) parts.push("(in the rarest window)");
  return parts.filter(Boolean).join(" · ");
}

/**
 * The detail panel. `onCurrent(i)` is told when the current event changes (the strip
 * redraws). Returns `{ show(sid), mark(), setCurrent(i), current() }`.
 */
export function createDetail(view, { onCurrent }) {
  const { dom, state, opt } = view;
  let sid = -1;
  let current = -1;
  let chips = []; // [{ el, i }]

  function describe(i) {
    dom.info.textContent = sid >= 0 && i >= 0 ? eventText(state, opt, sid, i) : "";
  }

  function show(next) {
    sid = next;
    current = -1;
    chips = [];
    dom.seq.replaceChildren();
    describe(-1);
    if (sid < 0 || !state.ranked) {
      dom.head.textContent = state.ranked ? "No session" : "";
      return;
    }
    dom.head.textContent = headingText(state, opt, sid);
    const commands = state.commands[sid];
    const [lo, hi] = chipRange(commands.length, state.windowStart[sid]);
    if (lo > 0) dom.seq.appendChild(h("span", "hk-sr-more", `… ${lo} earlier`));
    for (let i = lo; i < hi; i++) {
      const c = commands[i];
      const el = h("span", "hk-sr-cmd", clip(c !== null && typeof c === "object" ? c.name : c, 60));
      el.setAttribute("role", "option");
      el.addEventListener("pointerenter", () => describe(i));
      el.addEventListener("click", () => setCurrent(i));
      chips.push({ el, i });
      dom.seq.appendChild(el);
    }
    if (state.windowEnds[sid]) {
      const end = h("span", "hk-sr-cmd hk-tok hk-win", "##END##");
      end.setAttribute("role", "option");
      dom.seq.appendChild(end);
    }
    if (hi < commands.length) dom.seq.appendChild(h("span", "hk-sr-more", `… ${commands.length - hi} more`));
    mark();
  }

  /** Re-marks the window, linked and current events (after a link or focus change). */
  function mark() {
    for (const { el, i } of chips) {
      el.classList.toggle("hk-win", inWindow(state, sid, i));
      el.classList.toggle("hk-lnk", state.linkedRows.has(state.rows[state.offsets[sid] + i]));
      el.classList.toggle("hk-cur", i === current);
      el.setAttribute("aria-selected", String(i === current));
    }
  }

  function setCurrent(i) {
    if (sid < 0) return;
    const n = state.commands[sid].length;
    current = n ? Math.max(0, Math.min(n - 1, i)) : -1;
    mark();
    describe(current);
    const chip = chips.find((c) => c.i === current);
    chip?.el.scrollIntoView?.({ block: "nearest" });
    onCurrent(current);
  }

  const onKey = (e) => {
    if (sid < 0) return;
    const n = state.commands[sid].length;
    const from = current < 0 ? Math.max(0, state.windowStart[sid]) : current;
    const to = { ArrowRight: from + 1, ArrowDown: from + 1, ArrowLeft: from - 1, ArrowUp: from - 1, Home: 0, End: n - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    setCurrent(current < 0 ? from : to);
  };
  dom.seq.addEventListener("keydown", onKey);

  return {
    show,
    mark,
    setCurrent,
    describe,
    current: () => current,
    session: () => sid,
    detach: () => dom.seq.removeEventListener("keydown", onKey),
  };
}
