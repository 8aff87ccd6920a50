// The row-detail pane: every field of the focused row, and nested values (an alert's
// Entities or ExtendedProperties, as JSON text or as Arrow structs and lists) as an
// expandable tree. Children are built when a node is opened, a page at a time, so a huge
// or deeply nested value costs only what is shown. All text goes in as textContent.
import { MAX_LABEL, clip, h } from "../common/dom.js";
import { plain } from "./columns.js";

const PAGE = 200; // children shown per node before a "more" button
const MAX_VALUE = 20_000; // characters of a plain value shown
const MAX_JSON = 4_000_000; // characters of JSON text parsed into a tree

/** A nested value of a cell (object or array), or null when it is a plain value. */
export function nestedOf(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") {
    const t = value.trimStart();
    if ((t[0] !== "{" && t[0] !== "[") || value.length > MAX_JSON) return null;
    try {
      const parsed = JSON.parse(value);
      return parsed !== null && typeof parsed === "object" ? parsed : null;
    } catch {
      return null;
    }
  }
  if (typeof value === "object" && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    const p = plain(value);
    return p !== null && typeof p === "object" ? p : null;
  }
  return null;
}

function leafText(v) {
  if (typeof v === "string") return JSON.stringify(clip(v, MAX_VALUE));
  return String(v);
}

function summary(v) {
  return Array.isArray(v) ? `[${v.length} item${v.length === 1 ? "" : "s"}]` : `{${Object.keys(v).length} key${Object.keys(v).length === 1 ? "" : "s"}}`;
}

/** One tree node (an `li`) for `value` under `label`; objects open on demand. */
export function treeNode(label, value, open = false) {
  const li = h("li", "hk-dt-node");
  li.setAttribute("role", "treeitem");
  const key = h("span", "hk-dt-key", `${clip(String(label), MAX_LABEL)}: `);
  if (value === null || typeof value !== "object") {
    li.append(key, h("span", "hk-dt-leaf", leafText(value)));
    return li;
  }
  const toggle = h("button", "hk-dt-toggle");
  toggle.type = "button";
  toggle.append(h("span", "hk-dt-arrow", "▸"), key, h("span", "hk-dt-sum", summary(value)));
  const list = h("ul", "hk-dt-tree");
  list.setAttribute("role", "group");
  list.hidden = true;
  const entries = Array.isArray(value) ? null : Object.keys(value);
  const total = entries ? entries.length : value.length;
  let shown = 0;
  let more = null;
  const addPage = () => {
    more?.remove();
    const end = Math.min(total, shown + PAGE);
    for (; shown < end; shown++) {
      const k = entries ? entries[shown] : shown;
      list.appendChild(treeNode(k, value[k]));
    }
    if (shown < total) {
      more = h("button", "hk-dt-more", `… ${total - shown} more`);
      more.type = "button";
      more.addEventListener("click", addPage);
      list.appendChild(more);
    }
  };
  const set = (on) => {
    if (on && shown === 0 && total > 0) addPage();
    list.hidden = !on;
    toggle.setAttribute("aria-expanded", String(on));
    toggle.firstChild.textContent = on ? "▾" : "▸";
  };
  toggle.addEventListener("click", () => set(list.hidden));
  toggle.addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      set(e.key === "ArrowRight");
      e.preventDefault();
    }
  });
  li.append(toggle, list);
  set(open);
  return li;
}

/**
 * The pane in `container`: `show(row, fields)` with `fields` `[{ name, value, text }]`
 * (`value` the raw cell, `text` its display text) or `show(null)` for a hint.
 */
export function createDetail(container) {
  const head = h("div", "hk-dt-dhead");
  const body = h("div", "hk-dt-dbody");
  container.append(head, body);
  return {
    show(row, fields = []) {
      body.replaceChildren();
      if (row === null || row === undefined) {
        head.textContent = "Row details";
        body.appendChild(h("div", "hk-dt-hint", "Select or focus a row to see its fields."));
        return;
      }
      head.textContent = `Row ${row}`;
      for (const f of fields) {
        const field = h("div", "hk-dt-field");
        const nested = nestedOf(f.value);
        if (nested) {
          // The field's own node, open: its name, its size, and its first level.
          const tree = h("ul", "hk-dt-tree hk-dt-root");
          tree.setAttribute("role", "tree");
          tree.setAttribute("aria-label", clip(f.name, MAX_LABEL));
          tree.appendChild(treeNode(f.name, nested, true));
          field.appendChild(tree);
        } else {
          const name = h("div", "hk-dt-name", clip(f.name, MAX_LABEL));
          name.title = clip(f.name, MAX_LABEL);
          field.append(name, h("div", "hk-dt-value", clip(f.text ?? "", MAX_VALUE)));
        }
        body.appendChild(field);
      }
    },
  };
}
