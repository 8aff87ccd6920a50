// The indicator panel under the layers: type chips (the legend of the highlight colours,
// each a filter toggle), a text filter, "Copy refanged", and the table of every indicator
// in every layer (the shared virtualised grid), raw and refanged side by side. Activating
// a row opens its layer at the indicator.
import { button, clip, h, swatch } from "../common/dom.js";
import { createGrid } from "../common/grid.js";
import { filterRows, refanged } from "./indicators.js";

const TABLE_HEIGHT = 220;

/**
 * The panel in `element`. `ctx`: `{ indicators, layerLabel(node), rowOf(node), frame,
 * onReveal(indicator), copy(text, what) }`. Returns `{ update(), shownRows(), grid, destroy() }`.
 */
export function createTable(element, ctx) {
  const bar = h("div", "hk-iocbar");
  const chips = h("span", "hk-chips");
  chips.style.cssText = "display:inline-flex;gap:4px;flex-wrap:wrap";
  const filter = h("input");
  filter.type = "search";
  filter.placeholder = "Filter indicators";
  filter.setAttribute("aria-label", "Filter indicators");
  const copyBtn = button("Copy refanged", "Copy the refanged values of the selected indicators (all shown when none is selected)");
  const count = h("span", "hk-count");
  bar.append(filter, copyBtn, chips, count);
  const host = h("div");
  element.replaceChildren(bar, host);

  const hidden = new Set();
  let rows = [];
  let shown = [];

  const columns = [
    { key: "type", label: "Type", width: 110 },
    { key: "value", label: "Value (refanged)", width: 300 },
    { key: "raw", label: "Raw", width: 260 },
    { key: "layer", label: "Layer", width: 110 },
    ...(ctx.frame ? [{ key: "row", label: "Row", width: 60 }] : []),
    { key: "defanged", label: "Defanged", width: 70 },
  ];
  const cell = (i, key) => {
    const r = rows[shown[i]];
    if (!r) return "";
    if (key === "layer") return ctx.layerLabel(r.node);
    if (key === "row") return String(ctx.rowOf(r.node));
    if (key === "defanged") return r.defanged ? "yes" : "";
    return r[key];
  };
  const grid = createGrid(host, {
    columns,
    rowCount: 0,
    cell,
    height: TABLE_HEIGHT,
    selectable: "multi",
    label: "Indicators",
    onActivate: (i) => rows[shown[i]] && ctx.onReveal(rows[shown[i]]),
    onFocus: (i) => rows[shown[i]] && ctx.onReveal(rows[shown[i]]),
  });

  function refilter() {
    shown = filterRows(rows, { text: filter.value, hidden, layerOf: ctx.layerLabel });
    grid.setSelection([]);
    grid.setRowCount(shown.length);
    grid.refresh();
    const all = rows.length;
    count.textContent = shown.length === all ? `${all} indicator${all === 1 ? "" : "s"}` : `${shown.length} of ${all} indicators`;
  }

  function drawChips() {
    chips.replaceChildren();
    for (const [type, n] of ctx.indicators.types()) {
      const chip = button("", hidden.has(type) ? `Show ${type}` : `Hide ${type}`);
      chip.className = `hk-chip${hidden.has(type) ? " hk-off" : ""}`;
      chip.setAttribute("aria-pressed", String(!hidden.has(type)));
      chip.append(swatch(ctx.indicators.colourOf(type)), document.createTextNode(`${clip(type, 40)} ${n}`));
      chip.addEventListener("click", () => {
        if (hidden.has(type)) hidden.delete(type);
        else hidden.add(type);
        drawChips();
        refilter();
      });
      chips.appendChild(chip);
    }
  }

  const onInput = () => refilter();
  filter.addEventListener("input", onInput);
  copyBtn.addEventListener("click", () => {
    const picked = grid.selection();
    const list = (picked.length ? picked : shown.map((_, i) => i)).map((i) => rows[shown[i]]).filter(Boolean);
    const values = refanged(list);
    ctx.copy(values.join("\n"), `${values.length} refanged value${values.length === 1 ? "" : "s"}`);
  });

  return {
    grid,
    /** Reads the indicators again (more layers were scanned). */
    update() {
      rows = ctx.indicators.all();
      drawChips();
      refilter();
    },
    /** The indicators listed now (after filtering). */
    shownRows: () => shown.map((i) => rows[i]),
    setFilter(text) {
      filter.value = String(text ?? "");
      refilter();
    },
    destroy() {
      filter.removeEventListener("input", onInput);
      grid.destroy();
      element.replaceChildren();
    },
  };
}
