// Which processes are on the list: collapsed subtrees are skipped, and "show only this
// tree" narrows the list to one root's tree. The list is rebuilt in one pass over the
// shown processes (a subtree that is collapsed is jumped over), so expanding or
// collapsing anything costs at most one pass over a hundred thousand integers.
import { hasChildren, rootOf } from "./structure.js";

/**
 * The visibility state over structure `s`: `collapsed` (by display index), `only` (the
 * root shown alone, or -1), `list` (display indices shown, `count` of them) and `pos`
 * (display index → position in the list, -1 when hidden).
 */
export function createVisibility(s) {
  const v = {
    s,
    collapsed: new Uint8Array(s.n),
    only: -1,
    list: new Int32Array(s.n),
    count: 0,
    pos: new Int32Array(s.n).fill(-1),
  };
  rebuild(v);
  return v;
}

/** Recomputes the list after changes to `collapsed` or `only`. */
export function rebuild(v) {
  const { s, collapsed, list, pos } = v;
  for (let k = 0; k < v.count; k++) pos[list[k]] = -1;
  const lo = v.only >= 0 ? v.only : 0;
  const hi = v.only >= 0 ? s.end[v.only] : s.n;
  let c = 0;
  for (let i = lo; i < hi; ) {
    list[c] = i;
    pos[i] = c++;
    i = collapsed[i] ? s.end[i] : i + 1;
  }
  v.count = c;
}

/** Collapses (true) or expands (false) process i; returns whether anything changed. */
export function setCollapsed(v, i, on) {
  if (!hasChildren(v.s, i) || Boolean(v.collapsed[i]) === on) return false;
  v.collapsed[i] = on ? 1 : 0;
  rebuild(v);
  return true;
}

/** Expands every process (`on` false) or collapses every process with children. */
export function setAll(v, on) {
  const { s } = v;
  for (let i = 0; i < s.n; i++) v.collapsed[i] = on && hasChildren(s, i) ? 1 : 0;
  rebuild(v);
}

/**
 * Expands the ancestors of every process in `indices`, so each is on the list (and
 * leaves "only this tree" when one lies outside it). Each ancestor is visited once.
 * Returns whether anything changed.
 */
export function reveal(v, indices) {
  const { s, collapsed } = v;
  const done = new Uint8Array(s.n);
  let changed = false;
  for (const i of indices) {
    if (i < 0 || i >= s.n) continue;
    if (v.only >= 0 && (i < v.only || i >= s.end[v.only])) {
      v.only = -1;
      changed = true;
    }
    for (let p = s.parent[i]; p >= 0 && !done[p]; p = s.parent[p]) {
      done[p] = 1;
      if (collapsed[p]) {
        collapsed[p] = 0;
        changed = true;
      }
    }
  }
  if (changed) rebuild(v);
  return changed;
}

/** Shows only the tree holding process i (-1: every tree again). */
export function showOnly(v, i) {
  v.only = i >= 0 ? rootOf(v.s, i) : -1;
  rebuild(v);
}

/** The nearest shown process at or above process i (itself when shown). */
export function shownAncestor(v, i) {
  let p = i;
  while (p >= 0 && v.pos[p] < 0) p = v.s.parent[p];
  return p;
}
