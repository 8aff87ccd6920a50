// Selections: sessions selected here become `selected_indices` (the input rows of their
// events) and go to the link group; rows another view selects mark the sessions holding
// them; rows the kernel writes into `selected_indices` select the sessions holding them.
import { saveTraits } from "../common/lifecycle.js";
import { rowsOfSessions } from "./model.js";

/** Whether two lists of numbers hold the same values in the same order. */
export function sameRows(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (Number(a[i]) !== Number(b[i])) return false;
  return true;
}

/** The sessions holding any of `rows` (input positions), in rank order. */
export function sessionsOfRows(state, rows) {
  const out = new Set();
  if (!state.sessionOfRow) return [];
  for (const r of rows ?? []) {
    const s = state.sessionOfRow[Number(r)];
    if (s >= 0) out.add(s);
  }
  return [...out].sort((a, b) => state.rankOf[a] - state.rankOf[b]);
}

/**
 * Selection publishing for the view: `select(sids)` selects sessions here and tells the
 * model, the page and the group; `adopt(rows)` follows rows the kernel wrote. `redraw()`
 * redraws what shows the selection.
 */
export function createSelector(view, link, redraw) {
  const { model, el, state } = view;
  let published = [];

  function select(sids) {
    state.selected = new Set(sids);
    const rows = state.ranked ? rowsOfSessions(state, state.selected) : [];
    published = rows;
    saveTraits(model, { selected_indices: rows });
    link.publish(rows);
    el.dispatchEvent?.(new CustomEvent("huntkit:select", { detail: { rows, sessions: [...state.selected] }, bubbles: true }));
    redraw();
  }

  function adopt(rows) {
    if (sameRows(rows, published)) return;
    published = Array.from(rows ?? [], Number);
    state.selected = new Set(sessionsOfRows(state, published));
    redraw();
  }

  return { select, adopt, clear: () => select([]) };
}
