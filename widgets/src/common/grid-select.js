// The grid's selection and keyboard: which display rows are selected, the focused row, and
// the keys and clicks that change them. A Shift range is kept as two numbers rather than
// a set of rows, so extending a selection over a million rows costs nothing until the
// owner asks for the list.

/**
 * A selection over `count()` rows. `mode()`: "multi", "single" or "none"; `page()`: rows
 * per PageUp/PageDown. Calls `onChange(rows)` after a user's change, `onFocus(row)` when
 * the focus moves and `onActivate(row)` on Enter.
 */
export function createSelection({ count, mode, page, onChange, onFocus, onActivate }) {
  let base = new Set(); // rows picked one by one
  let range = null; // [lo, hi]: a Shift range on top of `base`
  let anchor = -1;
  let focus = -1;

  const has = (row) => base.has(row) || (range !== null && row >= range[0] && row <= range[1]);
  function rows() {
    const out = range ? [] : Array.from(base);
    if (range) {
      for (const r of base) if (r < range[0] || r > range[1]) out.push(r);
      for (let r = range[0]; r <= range[1]; r++) out.push(r);
    }
    return out.sort((a, b) => a - b);
  }
  const changed = () => onChange(rows());
  function flatten() {
    if (range) base = new Set(rows());
    range = null;
  }
  function only(row) {
    base = new Set(row >= 0 ? [row] : []);
    range = null;
  }
  function extend(row, keep) {
    if (!keep) base = new Set();
    else flatten();
    const a = anchor >= 0 ? anchor : row;
    range = [Math.min(a, row), Math.max(a, row)];
  }
  function toggle(row) {
    flatten();
    if (base.has(row)) base.delete(row);
    else base.add(row);
  }
  function moveTo(row) {
    const n = count();
    if (n === 0) return;
    focus = Math.max(0, Math.min(n - 1, Math.floor(row)));
    onFocus(focus);
  }

  return {
    has,
    rows,
    focused: () => focus,
    moveTo,
    /** Replaces the selection (no `onChange`): rows another view or the owner chose. */
    set(list) {
      base = new Set(Array.from(list ?? [], Number).filter((r) => Number.isInteger(r) && r >= 0 && r < count()));
      range = null;
    },
    /** Drops rows past the end after the row count shrank. */
    clamp() {
      const n = count();
      if (range) range = range[0] >= n ? null : [range[0], Math.min(range[1], n - 1)];
      for (const r of base) if (r >= n) base.delete(r);
      if (focus >= n) focus = n - 1;
      if (anchor >= n) anchor = -1;
    },
    click(row, e = {}) {
      const m = mode();
      focus = row;
      if (m === "none") return onFocus(row);
      if (m === "multi" && e.shiftKey) extend(row, e.ctrlKey || e.metaKey);
      else if (m === "multi" && (e.ctrlKey || e.metaKey)) {
        toggle(row);
        anchor = row;
      } else {
        only(row);
        anchor = row;
      }
      onFocus(row);
      changed();
    },
    /** Handles a keydown; returns whether the key was the grid's. */
    key(e) {
      const n = count();
      const m = mode();
      const multi = m === "multi";
      const step = { ArrowDown: 1, ArrowUp: -1, PageDown: page(), PageUp: -page() }[e.key];
      let target = null;
      if (step !== undefined) target = focus < 0 ? 0 : focus + step;
      else if (e.key === "Home") target = 0;
      else if (e.key === "End") target = n - 1;
      if (target !== null) {
        if (n === 0) return true;
        const extending = multi && e.shiftKey;
        if (extending && anchor < 0) anchor = focus < 0 ? 0 : focus;
        moveTo(target);
        if (!extending) anchor = focus; // a later Shift extends from where the focus is
        else {
          extend(focus, e.ctrlKey || e.metaKey);
          changed();
        }
        return true;
      }
      if (e.key === " " || e.key === "Spacebar" || e.key === "Enter") {
        if (focus < 0 || m === "none") {
          if (e.key === "Enter" && focus >= 0) onActivate(focus);
          return focus >= 0 || e.key === " ";
        }
        if (multi && e.shiftKey) extend(focus, e.ctrlKey || e.metaKey);
        else if (multi && (e.ctrlKey || e.metaKey) && e.key === " ") toggle(focus);
        else if (!(e.key === "Enter" && has(focus))) only(focus);
        if (!e.shiftKey) anchor = focus;
        changed();
        if (e.key === "Enter") onActivate(focus);
        return true;
      }
      if (multi && (e.ctrlKey || e.metaKey) && (e.key === "a" || e.key === "A")) {
        base = new Set();
        range = n > 0 ? [0, n - 1] : null;
        changed();
        return true;
      }
      if (e.key === "Escape" && m !== "none" && (base.size || range)) {
        only(-1);
        changed();
        return true;
      }
      return false;
    },
  };
}

/** Routes the grid element's keydown events to `selection`; returns the detach function. */
export function attachKeys(element, selection) {
  const onKey = (e) => {
    if (e.target && e.target !== element) return; // typing in a filter box inside the grid
    if (selection.key(e)) e.preventDefault();
  };
  element.addEventListener("keydown", onKey);
  return () => element.removeEventListener("keydown", onKey);
}
