// huntkit PivotBrowser view: an anywidget (AFM) module. MSTICPy's pivot browser: the
// entities (IpAddress, Host, Account, …), the pivot functions each offers, and the help
// of the chosen one, with a search over names and help texts. The catalogue comes as JSON
// text in `catalogue` (Python fills it from `huntkit.pivots.list()`), or as an Arrow table
// with the same columns in `data`. Choosing a function publishes it in `selected_pivot`
// (`{ entity, name, container, qualified }`) and its catalogue position in
// `selected_indices`; `result` is the catalogue's entries matching the search, as Arrow.
import { toData, toIPC } from "./common/arrow.js";
import { exportButtons } from "./common/export.js";
import { createLifecycle, saveTraits } from "./common/lifecycle.js";
import { createRowSelection } from "./common/row-selection.js";
import { followTheme } from "./common/theme.js";
import { createDom, fillHelp, option, statusText } from "./pivot_browser/dom.js";
import { catalogueTable, entitiesOf, entriesOfTable, parseCatalogue, qualifiedName, searchEntries } from "./pivot_browser/model.js";

const SEARCH_PAUSE = 150; // ms of quiet typing before the search applies
const MAX_SHOWN = 1000; // functions listed at once (the search narrows them)
const DEFAULT_HEIGHT = 420;

function render({ model, el }) {
  const dom = createDom(el);
  const state = { engine: null, entries: null, matches: [], entity: null, destroyed: false };
  const { cleanup, onChange, showError, start, destroy } = createLifecycle(model, dom, state);
  let searchTimer = null;
  cleanup(followTheme(dom.root, model));
  const selection = createRowSelection(model, { rowCount: () => state.entries?.length ?? 0, onChange: () => chosenChanged() });
  cleanup(selection.leave);
  for (const b of exportButtons(() => dom.root, "pivot_browser")) dom.bar.insertBefore(b, dom.status);

  const chosen = () => {
    const row = selection.rows()[0];
    return row === undefined ? null : state.entries?.[row] ?? null;
  };

  function frame() {
    const title = model.get("title");
    dom.title.textContent = typeof title === "string" ? title : "";
    dom.title.hidden = !dom.title.textContent;
    const width = Number(model.get("width"));
    dom.root.style.width = width > 0 ? `${Math.min(20000, Math.max(300, width))}px` : "";
    const height = Number(model.get("height"));
    const hgt = height > 0 ? Math.min(5000, Math.max(150, height)) : DEFAULT_HEIGHT;
    for (const p of [dom.entities, dom.functions, dom.help]) p.pane.style.height = `${hgt}px`;
  }

  function query() {
    const q = model.get("search");
    return typeof q === "string" ? q.slice(0, 1000) : "";
  }

  /** Runs `fill()` on a pane's list, keeping the keyboard focus on its chosen item. */
  function keepFocus(body, fill) {
    const active = typeof document === "undefined" ? null : document.activeElement;
    const had = Boolean(active && body.contains?.(active));
    fill();
    if (had) (body.querySelector("[aria-selected=true]") ?? body.firstChild)?.focus?.();
  }

  function drawEntities() {
    keepFocus(dom.entities.body, fillEntities);
  }

  function drawFunctions() {
    keepFocus(dom.functions.body, fillFunctions);
  }

  function fillEntities() {
    const ents = entitiesOf(state.matches);
    dom.entities.head.textContent = `Entities (${ents.length})`;
    dom.entities.body.replaceChildren(...ents.map(({ entity, count }) => option(entity, String(count), entity === state.entity, () => {
      state.entity = entity === state.entity ? null : entity;
      drawEntities();
      drawFunctions();
    })));
    if (!ents.length) dom.entities.body.appendChild(option("No matches", "", false, () => {}));
  }

  function fillFunctions() {
    const inEntity = state.entity ? state.matches.filter((e) => e.entity === state.entity) : [];
    const list = inEntity.length ? inEntity : state.matches;
    const pick = chosen();
    dom.functions.head.textContent = inEntity.length ? `Functions of ${state.entity} (${list.length})` : `Functions (${list.length})`;
    dom.functions.body.replaceChildren(...list.slice(0, MAX_SHOWN).map((e) => option(
      inEntity.length ? e.name : `${e.entity}.${e.name}`,
      e.container,
      pick?.row === e.row,
      () => selection.set([e.row]),
      "hk-pv-cont",
    )));
    if (list.length > MAX_SHOWN) dom.functions.body.appendChild(option(`… ${list.length - MAX_SHOWN} more: narrow the search`, "", false, () => {}));
  }

  function chosenChanged() {
    const e = chosen();
    fillHelp(dom.help.body, e);
    if (e && state.entity !== e.entity && state.matches.some((m) => m.entity === e.entity)) {
      state.entity = e.entity;
      drawEntities();
    }
    drawFunctions();
    const pivot = e ? { entity: e.entity, name: e.name, container: e.container, qualified: qualifiedName(e) } : null;
    if (JSON.stringify(model.get("selected_pivot") ?? null) !== JSON.stringify(pivot)) saveTraits(model, { selected_pivot: pivot });
    status();
  }

  function status() {
    dom.status.textContent = statusText(state.entries ? state.entries.length : null, state.matches.length, entitiesOf(state.matches).length);
  }

  function refilter() {
    if (!state.entries) return;
    state.matches = searchEntries(state.entries, query());
    if (dom.search.value !== query() && dom.root.ownerDocument?.activeElement !== dom.search) dom.search.value = query();
    drawEntities();
    drawFunctions();
    status();
    try {
      saveTraits(model, { result: toIPC(catalogueTable(state.matches, state.engine.arrow), state.engine) });
    } catch (e) {
      showError(e);
    }
  }

  function load() {
    dom.root.dataset.ready = "0";
    showError(null);
    state.entries = null;
    state.matches = [];
    try {
      const text = model.get("catalogue");
      if (typeof text === "string" && text.trim()) state.entries = parseCatalogue(text);
      else {
        const data = toData(model.get("data"), state.engine);
        state.entries = data ? entriesOfTable(data.table) : [];
      }
    } catch (e) {
      showError(e);
    }
    selection.reset();
    const first = state.entries?.length ? entitiesOf(state.entries)[0].entity : null;
    const initial = model.get("entity");
    state.entity = typeof initial === "string" && state.entries?.some((e) => e.entity === initial) ? initial : chosen()?.entity ?? first;
    refilter();
    fillHelp(dom.help.body, chosen());
    if (!state.entries) {
      drawEntities();
      drawFunctions();
    }
    status();
    dom.root.dataset.ready = "1";
  }

  dom.search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => saveTraits(model, { search: dom.search.value }), SEARCH_PAUSE);
  });
  dom.search.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      clearTimeout(searchTimer);
      saveTraits(model, { search: dom.search.value });
    } else if (e.key === "Escape") {
      dom.search.value = "";
      saveTraits(model, { search: "" });
    }
  });

  frame();
  start(
    () => {
      onChange(["data", "catalogue"], load);
      onChange("search", refilter);
      onChange(["title", "width", "height"], frame);
      onChange("entity", () => {
        const e = model.get("entity");
        state.entity = typeof e === "string" && e ? e : null;
        drawEntities();
        drawFunctions();
      });
      load();
    },
    (e) => {
      showError(e);
      dom.root.dataset.ready = "1";
    },
  );

  return destroy(() => clearTimeout(searchTimer));
}

export default { render };
