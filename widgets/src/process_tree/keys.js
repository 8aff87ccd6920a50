// The keyboard in the tree (focus the tree first: click it or Tab to it): ↑/↓ move,
// ←/→ collapse and expand (or go to the parent / first child), Home/End and
// PageUp/PageDown jump, Enter or Space selects (Ctrl/⌘ adds or removes, Shift adds),
// Escape clears the selection, "/" goes to the search box, "*" expands all below.
import { ROW_H } from "./layout.js";
import { rebuild } from "./visible.js";

/** Handles one keydown in the tree; returns whether the key was the tree's. */
export function treeKey(e, view, actions) {
  const { state } = view;
  const { s, v } = state;
  if (!s || v.count === 0) return false;
  const cur = state.cursor >= 0 && v.pos[state.cursor] >= 0 ? state.cursor : v.list[0];
  const k = v.pos[cur];
  const page = Math.max(1, Math.floor((state.g?.plotH ?? ROW_H * 10) / ROW_H) - 1);
  const moveTo = (pos) => {
    const target = v.list[Math.max(0, Math.min(v.count - 1, pos))];
    actions.focus(target);
    if (e.shiftKey) actions.selectMany([target], true);
  };
  const kids = s.end[cur] > cur + 1;
  switch (e.key) {
    case "ArrowDown":
      moveTo(k + 1);
      return true;
    case "ArrowUp":
      moveTo(k - 1);
      return true;
    case "PageDown":
      moveTo(k + page);
      return true;
    case "PageUp":
      moveTo(k - page);
      return true;
    case "Home":
      moveTo(0);
      return true;
    case "End":
      moveTo(v.count - 1);
      return true;
    case "ArrowLeft":
      if (kids && !v.collapsed[cur]) actions.collapse(cur);
      else if (s.parent[cur] >= 0) actions.focus(s.parent[cur]);
      return true;
    case "ArrowRight":
      if (kids && v.collapsed[cur]) actions.expand(cur);
      else if (kids) actions.focus(cur + 1);
      return true;
    case "Enter":
    case " ":
      state.cursor = cur;
      if (e.ctrlKey || e.metaKey) actions.toggleSelect(cur);
      else if (e.shiftKey) actions.selectMany([cur], true);
      else actions.selectOnly(cur);
      return true;
    case "Escape":
      if (state.sel.count === 0) return false;
      actions.clearSelection();
      return true;
    case "*":
      v.collapsed.fill(0, cur, s.end[cur]);
      rebuild(v);
      actions.listChanged();
      return true;
    case "/":
      view.dom.search.focus?.();
      return true;
    default:
      return false;
  }
}

/** Routes the tree element's keydown events to `treeKey`; returns the detach function. */
export function attachKeys(view, actions) {
  const onKey = (e) => {
    if (e.altKey) return;
    if (treeKey(e, view, actions)) e.preventDefault();
  };
  view.dom.plot.addEventListener("keydown", onKey);
  return () => view.dom.plot.removeEventListener("keydown", onKey);
}
