// The column chooser: a pop-up list of the data's columns with a checkbox each (and All /
// None), opened from the toolbar's Columns button, closed by the button again or Escape.
import { button, h } from "../common/dom.js";

/**
 * Fills the chooser with one checkbox per column name (`shown` a Set of indexes);
 * `onChange(indexes)` gets the ticked columns in data order.
 */
function fillChooser(chooser, names, shown, onChange) {
  chooser.replaceChildren();
  const boxes = [];
  const changed = () => onChange(boxes.filter((b) => b.checked).map((b) => b.index));
  const all = button("All");
  const none = button("None");
  const cbar = h("div", "hk-dt-cbar");
  cbar.append(all, none);
  chooser.appendChild(cbar);
  all.addEventListener("click", () => {
    for (const b of boxes) b.checked = true;
    changed();
  });
  none.addEventListener("click", () => {
    for (const b of boxes) b.checked = false;
    changed();
  });
  names.forEach((name, i) => {
    const label = h("label");
    const box = h("input");
    box.type = "checkbox";
    box.checked = shown.has(i);
    box.index = i;
    box.addEventListener("change", changed);
    boxes.push(box);
    label.append(box, h("span", null, name.length > 120 ? `${name.slice(0, 120)}…` : name));
    chooser.appendChild(label);
  });
  return boxes;
}

/**
 * Wires the chooser in `dom`: `names()` the data's column names, `shown()` the indexes on
 * show, `onChange(indexes)` the ticked columns (data order) after each change.
 */
export function createChooser(dom, { names, shown, onChange }) {
  const { chooser, columnsBtn } = dom;
  function close() {
    chooser.hidden = true;
    columnsBtn.setAttribute("aria-expanded", "false");
  }
  columnsBtn.addEventListener("click", () => {
    if (!chooser.hidden) return close();
    chooser.hidden = false;
    columnsBtn.setAttribute("aria-expanded", "true");
    chooser.style.left = `${columnsBtn.offsetLeft || 0}px`;
    chooser.style.top = `${(columnsBtn.offsetTop || 0) + (columnsBtn.offsetHeight || 22) + 2}px`;
    fillChooser(chooser, names(), new Set(shown()), onChange);
    chooser.querySelector("input")?.focus?.();
  });
  chooser.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    close();
    columnsBtn.focus?.();
  });
  return { close };
}

/**
 * The traits after the user ticked columns `indexes` (data order): `selected_cols` keeps
 * the shown columns' order and appends the new ones; a ticked column leaves `hidden_cols`;
 * ticking TenantId sets `show_tenant_id`.
 */
export function chosenTraits(state, opts, indexes) {
  const ticked = new Set(indexes.map((i) => state.names[i]));
  const kept = state.shown.map((i) => state.names[i]).filter((n) => ticked.has(n));
  const added = indexes.map((i) => state.names[i]).filter((n) => !kept.includes(n));
  const traits = { selected_cols: [...kept, ...added], hidden_cols: opts.hiddenCols.filter((n) => !ticked.has(n)) };
  if (ticked.has("TenantId") && !opts.showTenantId) traits.show_tenant_id = true;
  return traits;
}
