// The grid's header behaviour for the table: one filter box per column (typing refilters
// after a short pause, Enter at once, Escape clears) and sorting by header clicks (a click
// sorts by that column, again reverses, a third time clears; Shift+click adds a further
// sort key).
import { filterHint } from "./filters.js";

const TYPE_PAUSE = 220; // ms after the last keystroke before a filter applies

/**
 * `state.filters` (Map name → expression) and `state.sorts` ([{ name, desc }]) are
 * changed in place; `changed()` runs after each change. Returns `{ fill(column, cell),
 * onSort(key, event), mark(errors), reset(), stop() }`.
 */
export function createHeader(state, nameOfKey, changed) {
  const boxes = new Map(); // column name → input
  const timers = new Set();

  function apply(name, value) {
    if (value.trim()) state.filters.set(name, value);
    else state.filters.delete(name);
    changed();
  }

  function fill(column, cell) {
    const name = nameOfKey(column.key);
    if (name === null) return;
    const col = state.colByName(name);
    const box = document.createElement("input");
    box.type = "text";
    box.className = "hk-dt-filter";
    box.placeholder = filterHint(col?.kind);
    box.value = state.filters.get(name) ?? "";
    box.setAttribute("aria-label", `Filter ${name.slice(0, 100)}`);
    box.title = hintTitle(col?.kind);
    let timer = null;
    box.addEventListener("input", () => {
      clearTimeout(timer);
      timers.delete(timer);
      timer = setTimeout(() => {
        timers.delete(timer);
        apply(name, box.value);
      }, TYPE_PAUSE);
      timers.add(timer);
    });
    box.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        clearTimeout(timer);
        apply(name, box.value);
      } else if (e.key === "Escape" && box.value) {
        box.value = "";
        clearTimeout(timer);
        apply(name, "");
      }
    });
    // A click in the box is not a click on the header (which sorts).
    box.addEventListener("click", (e) => e.stopPropagation());
    boxes.set(name, box);
    cell.appendChild(box);
  }

  function onSort(key, event) {
    const name = nameOfKey(key);
    if (name === null) return;
    const at = state.sorts.findIndex((s) => s.name === name);
    if (event?.shiftKey) {
      if (at < 0) state.sorts.push({ name, desc: false });
      else if (!state.sorts[at].desc) state.sorts[at].desc = true;
      else state.sorts.splice(at, 1);
    } else if (at < 0 || state.sorts.length > 1) state.sorts = [{ name, desc: false }];
    else if (!state.sorts[0].desc) state.sorts[0].desc = true;
    else state.sorts = [];
    changed();
  }

  return {
    fill,
    onSort,
    /** Marks the boxes whose expressions could not be read (`errors`: Map name → message). */
    mark(errors) {
      for (const [name, box] of boxes) {
        const message = errors.get(name);
        box.classList.toggle("hk-bad", Boolean(message));
        box.title = message ? message.slice(0, 200) : hintTitle(state.colByName(name)?.kind);
      }
    },
    /** Puts the state's expressions back into the boxes (after a change from Python). */
    reset() {
      for (const [name, box] of boxes) box.value = state.filters.get(name) ?? "";
    },
    forget() {
      boxes.clear();
    },
    stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

function hintTitle(kind) {
  if (kind === "number") return "Numbers: 5, !=5, >5, <=5, 1..10 (inclusive)";
  if (kind === "time") return "Times (UTC): 2019-02-12 (that day), >=2019-02-12 04:30, 2019-02-12 04:00..2019-02-12 05";
  return "Text: abc (contains, any case), =abc (equals), !abc (does not contain), !=abc";
}
