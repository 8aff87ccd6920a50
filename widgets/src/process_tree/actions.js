// What a user can do to the tree, whatever the input device: move the focus, collapse and
// expand, select (and publish the selection as input rows), search, show one tree. Each
// action updates the state, then asks for a frame.
import { saveTraits } from "../common/lifecycle.js";
import { ROW_H, clampScroll } from "./layout.js";
import { nextMatch } from "./search.js";
import { clear, fromInputRows, select, selectedIndices, toInputRows, toggle as toggleOne } from "./selection.js";
import { reveal, setAll, setCollapsed, showOnly, shownAncestor } from "./visible.js";

// 12345 → "12,345" (Intl's first use costs tens of milliseconds on a page).
const count = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/**
 * Actions over `view` (`model`, `el`, `dom`, `state`, `scheduleDraw()`, `link` from
 * joinGroup, and `onSelection(indices)` for the table).
 */
export function createActions(view) {
  const { model, el, dom, state } = view;
  let publishing = false;

  function status() {
    const { tree, v, sel } = state;
    const root = dom.root;
    if (!tree) {
      dom.status.textContent = "";
      Object.assign(root.dataset, { processes: "0", visible: "0", selected: "0", matches: "0" });
      return;
    }
    const sm = tree.summary;
    const parts = [`${count(sm.Processes)} processes`, `${count(sm.RootProcesses)} roots`, `depth ${sm.LargestTreeDepth}`];
    if (v.count !== state.s.n) parts.push(`${count(v.count)} shown`);
    if (sel.count) parts.push(`${count(sel.count)} selected`);
    if (state.query) parts.push(`${count(state.matches.length)} matches`);
    dom.status.textContent = parts.join(" · ");
    root.dataset.processes = String(state.s.n);
    root.dataset.visible = String(v.count);
    root.dataset.selected = String(sel.count);
    root.dataset.matches = String(state.matches.length);
    root.dataset.cursor = String(state.cursor);
    dom.onlyBtn.textContent = v.only >= 0 ? "All trees" : "Only this tree";
    dom.onlyBtn.setAttribute("aria-pressed", String(v.only >= 0));
  }

  function clampNow() {
    if (!state.g || !state.v) return;
    const c = clampScroll(state.g, state.v.count, state.scrollY, state.scrollX);
    state.scrollY = c.y;
    state.scrollX = c.x;
  }

  /** After the list changed: the strip is repainted, the scroll clamped, a frame drawn. */
  function listChanged() {
    state.overview = null;
    if (state.cursor >= 0) state.cursor = shownAncestor(state.v, state.cursor);
    clampNow();
    status();
    view.scheduleDraw();
  }

  /** Scrolls so list position k is on screen (centred when it was far away). */
  function scrollTo(k) {
    const { g } = state;
    if (!g || k < 0) return;
    const top = k * ROW_H;
    if (top < state.scrollY) state.scrollY = top - (state.scrollY - top > g.plotH ? g.plotH / 2 : 4);
    else if (top + ROW_H > state.scrollY + g.plotH) state.scrollY = top + ROW_H - g.plotH + (top - state.scrollY > 2 * g.plotH ? g.plotH / 2 : 4);
    clampNow();
  }

  /** Moves the keyboard focus to process i, showing it. */
  function focus(i) {
    if (!state.s || i < 0 || i >= state.s.n) return;
    if (state.v.pos[i] < 0 && reveal(state.v, [i])) state.overview = null;
    state.cursor = i;
    scrollTo(state.v.pos[i]);
    status();
    const { s, v, labels } = state;
    const kids = s.end[i] > i + 1 ? (v.collapsed[i] ? ", collapsed" : ", expanded") : "";
    dom.spoken.textContent = `${labels.name(i)}, ${labels.pid(i)}, level ${s.depth[i] + 1}${kids}, ${v.pos[i] + 1} of ${v.count}`;
    view.scheduleDraw();
  }

  function setCollapse(i, on) {
    if (state.v && setCollapsed(state.v, i, on)) listChanged();
  }

  /** Writes the selection to the model, the link group, the page and the table. */
  function publish() {
    const rows = toInputRows(state.sel);
    publishing = true;
    try {
      saveTraits(model, { selected_indices: rows });
    } finally {
      publishing = false;
    }
    view.link?.publish(rows);
    el.dispatchEvent(new CustomEvent("huntkit:select", { detail: { rows }, bubbles: true }));
    selectionShown();
  }

  function selectionShown() {
    state.overview = null;
    view.onSelection?.(selectedIndices(state.sel));
    status();
    view.scheduleDraw();
  }

  /** Selects input rows `rows` chosen elsewhere (another view, or Python), showing them. */
  function receive(rows, { own = false } = {}) {
    if (publishing || !state.s) return;
    const indices = fromInputRows(state.s, rows);
    select(state.sel, indices);
    if (indices.length) {
      reveal(state.v, indices);
      const onScreen = indices.some((i) => {
        const k = state.v.pos[i];
        return k >= 0 && k * ROW_H >= state.scrollY && k * ROW_H < state.scrollY + (state.g?.plotH ?? 0);
      });
      if (!onScreen) focus(indices[0]);
    }
    if (own) {
      publishing = true;
      try {
        saveTraits(model, { selected_indices: toInputRows(state.sel) });
      } finally {
        publishing = false;
      }
    }
    listChanged();
    selectionShown();
  }

  /** `selected_indices` changed in the model: shown here and told to the group, unless this view wrote it. */
  function fromModel(rows) {
    if (publishing) return;
    receive(rows);
    view.link?.publish(Array.from(rows ?? []));
  }

  // A search runs in slices of at most SLICE_MS between frames; a newer query drops an
  // older one. The matches are shown (and expanded to) when it is done.
  const SLICE_MS = 5;
  let searching = null;
  function runSearch(query) {
    if (!state.search) return;
    const job = state.search.start(query);
    searching = job;
    state.query = job.query;
    const finish = () => {
      searching = null;
      state.matches = job.matches();
      state.matchOn = new Uint8Array(state.s.n);
      for (const i of state.matches) state.matchOn[i] = 1;
      dom.root.dataset.searching = "0";
      if (state.matches.length) {
        reveal(state.v, state.matches);
        focus(nextMatch(state.matches, state.cursor - 1, 1));
      }
      listChanged();
    };
    const slice = () => {
      if (searching !== job || state.destroyed) return;
      if (job.step(SLICE_MS)) finish();
      else setTimeout(slice, 0);
    };
    dom.root.dataset.searching = "1";
    slice();
  }

  return {
    status,
    listChanged,
    scrollTo,
    focus,
    publish,
    receive,
    fromModel,
    runSearch,
    clampNow,
    toggle: (i) => state.v && setCollapse(i, !state.v.collapsed[i]),
    collapse: (i) => setCollapse(i, true),
    expand: (i) => setCollapse(i, false),
    selectOnly(i) {
      select(state.sel, i >= 0 ? [i] : []);
      publish();
    },
    toggleSelect(i) {
      toggleOne(state.sel, i);
      publish();
    },
    selectMany(indices, add) {
      select(state.sel, indices, add);
      publish();
    },
    clearSelection() {
      clear(state.sel);
      publish();
    },
    nextMatch(dir) {
      if (state.matches.length) focus(nextMatch(state.matches, state.cursor, dir));
    },
    onlyTree() {
      if (!state.v) return;
      const sel = selectedIndices(state.sel);
      showOnly(state.v, state.v.only >= 0 ? -1 : state.cursor >= 0 ? state.cursor : sel[0] ?? 0);
      state.scrollY = 0;
      listChanged();
      if (state.cursor >= 0) scrollTo(state.v.pos[state.cursor]);
    },
    setAll(collapsed) {
      if (!state.v) return;
      setAll(state.v, collapsed);
      listChanged();
      if (state.cursor >= 0) scrollTo(state.v.pos[state.cursor]);
    },
  };
}
