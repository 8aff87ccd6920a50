// Linked views: views in the same `group` share their selection in the page, with no
// kernel round-trip. A selection is a set of row positions of the data the views share
// (the input rows, not a view's own ordering); each view maps it onto what it draws.
//
// The bus is page-global (one per page, keyed by version), so views built as separate
// modules still meet. Python's `huntkit.link(a, b, ...)` gives views one group name.

const SLOT = Symbol.for("huntkit.links@0.1.0");

function bus() {
  globalThis[SLOT] ??= new Map(); // group → Set of listeners
  return globalThis[SLOT];
}

/**
 * Joins the view to the group its model names (`group` trait) and follows changes of it.
 * `onSelection(rows, source)` is called when another view of the group selects `rows`
 * (an array of input row positions). Returns `{ publish(rows), leave() }`: `publish` tells
 * the rest of the group (the caller updates its own `selected_indices`).
 */
export function joinGroup(model, onSelection) {
  let group = "";
  const me = { onSelection };
  const enter = () => {
    const name = model.get("group");
    group = typeof name === "string" ? name : "";
    if (!group) return;
    if (!bus().has(group)) bus().set(group, new Set());
    bus().get(group).add(me);
  };
  const exit = () => {
    bus().get(group)?.delete(me);
    if (group && bus().get(group)?.size === 0) bus().delete(group);
  };
  const regroup = () => {
    exit();
    enter();
  };
  enter();
  model.on("change:group", regroup);
  return {
    publish(rows) {
      if (!group) return;
      const list = Array.from(rows ?? [], Number);
      for (const other of bus().get(group) ?? []) {
        if (other !== me) other.onSelection(list, me);
      }
    },
    leave() {
      model.off("change:group", regroup);
      exit();
    },
  };
}
