// The list of indicators: one entry per Ioc (its type, its most severe result, how many
// providers answered), opened to show each provider's result (severity, verdict, details,
// the reference as text with a copy button, the raw result as a JSON tree built when first
// opened). Entries are built a page at a time. All text goes in as textContent; no link is
// ever made from the data.
import { MAX_LABEL, button, clip, h } from "../common/dom.js";
import { nestedOf, treeNode } from "../data_table/detail.js";

export const PAGE = 200; // indicators built before a "more" button
const MAX_DETAILS = 4000; // characters of a Details cell shown as text

function badge(severity, label) {
  return h("span", `hk-ti-sev hk-ti-sev-${severity}`, label ?? severity);
}

/** A JSON tree of `text` (or the text itself when it is not JSON), open at its first level. */
export function jsonTree(label, text) {
  const nested = nestedOf(text);
  if (!nested) return h("div", "hk-ti-details", clip(text, MAX_DETAILS));
  const tree = h("ul", "hk-dt-tree hk-dt-root");
  tree.setAttribute("role", "tree");
  tree.setAttribute("aria-label", label);
  tree.appendChild(treeNode(label, nested, true));
  return tree;
}

/** Copies `text` to the clipboard; resolves to whether it could. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The list in `container`. `handlers`: `select(rows, { add })` (rows clicked; `add` with
 * Ctrl/Cmd), `isSelected(row)`, `clear()`. Returns `{ show(groups), mark(), expandAll(on) }`.
 */
export function createList(container, handlers) {
  const open = new Set(); // Iocs whose results are shown
  let groups = [];
  let shown = 0;
  let auto = true; // until the user opens or closes one: small lists open, big ones closed
  const rowEls = new Map(); // input row → its element

  function resultRow(r) {
    const el = h("div", `hk-ti-row hk-ti-b-${r.severity}`);
    el.tabIndex = 0;
    el.setAttribute("role", "option");
    el.dataset.row = String(r.row);
    const details = nestedOf(r.details) ? jsonTree("Details", r.details) : h("div", "hk-ti-details", clip(r.details, MAX_DETAILS));
    el.append(h("span", "hk-ti-provider", clip(r.provider, MAX_LABEL)), badge(r.severity, r.severityLabel), h("span", "hk-ti-verdict", r.result ? "positive" : "no result"), details);
    const extra = h("div", "hk-ti-extra");
    if (r.reference) {
      // The reference stays text: a link built from data could lead anywhere.
      const copy = button("Copy", "Copy the reference");
      copy.classList.add("hk-ti-copy");
      copy.addEventListener("click", (e) => {
        e.stopPropagation();
        copyText(r.reference).then((ok) => {
          copy.textContent = ok ? "Copied" : "Copy failed";
        });
      });
      extra.append(h("span", "hk-ti-flabel", "Reference:"), h("span", "hk-ti-ref", clip(r.reference, 2000)), copy);
    }
    if (r.raw) {
      const rawBtn = button("Raw result", "Show or hide the provider's raw response");
      rawBtn.classList.add("hk-ti-rawbtn");
      rawBtn.setAttribute("aria-expanded", "false");
      let pane = null;
      rawBtn.addEventListener("click", (e) => {
        e.stopPropagation();
        if (!pane) {
          pane = h("div", "hk-ti-raw");
          pane.appendChild(jsonTree("RawResult", r.raw));
          pane.addEventListener("click", (ev) => ev.stopPropagation());
          el.appendChild(pane);
        } else pane.hidden = !pane.hidden;
        rawBtn.setAttribute("aria-expanded", String(!pane.hidden));
      });
      extra.appendChild(rawBtn);
    }
    if (extra.childNodes.length) el.appendChild(extra);
    el.classList.toggle("hk-sel", handlers.isSelected(r.row));
    el.setAttribute("aria-selected", String(handlers.isSelected(r.row)));
    el.addEventListener("click", (e) => handlers.select([r.row], { add: e.ctrlKey || e.metaKey }));
    el.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        handlers.select([r.row], { add: true });
        e.preventDefault();
      } else if (e.key === "Escape") handlers.clear();
    });
    rowEls.set(r.row, el);
    return el;
  }

  function entry(g) {
    const item = h("div", "hk-ti-ioc");
    item.setAttribute("role", "listitem");
    const head = h("div", "hk-ti-head");
    head.tabIndex = 0;
    const arrow = h("span", "hk-dt-arrow");
    const selectBtn = button("Select", "Select every result of this indicator");
    selectBtn.classList.add("hk-ti-selectall");
    const providers = new Set(g.rows.map((r) => r.provider)).size;
    head.append(arrow, h("span", "hk-ti-name", clip(g.ioc, 1000)), h("span", "hk-ti-type", clip(g.iocType, MAX_LABEL)), badge(g.severity, g.severityLabel),
      h("span", "hk-ti-count", `${providers} provider${providers === 1 ? "" : "s"}`), selectBtn);
    const body = h("div", "hk-ti-body");
    body.setAttribute("role", "listbox");
    body.setAttribute("aria-multiselectable", "true");
    body.setAttribute("aria-label", clip(g.ioc, MAX_LABEL));
    const set = (on) => {
      if (on && !body.childNodes.length) for (const r of g.rows) body.appendChild(resultRow(r));
      body.hidden = !on;
      arrow.textContent = on ? "▾" : "▸";
      head.setAttribute("aria-expanded", String(on));
      if (on) open.add(g.ioc);
      else open.delete(g.ioc);
    };
    head.addEventListener("click", () => {
      auto = false;
      set(body.hidden);
    });
    head.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " " || e.key === "ArrowRight" || e.key === "ArrowLeft") {
        auto = false;
        set(e.key === "ArrowRight" ? true : e.key === "ArrowLeft" ? false : body.hidden);
        e.preventDefault();
      } else if (e.key === "Escape") handlers.clear();
    });
    selectBtn.addEventListener("click", (e) => {
      e.stopPropagation();
      handlers.select(g.rows.map((r) => r.row), { add: e.ctrlKey || e.metaKey, group: true });
    });
    item.append(head, body);
    set(open.has(g.ioc) || (auto && groups.length <= 20));
    return item;
  }

  let moreBtn = null;
  function addPage() {
    moreBtn?.remove();
    const end = Math.min(groups.length, shown + PAGE);
    for (; shown < end; shown++) container.appendChild(entry(groups[shown]));
    moreBtn = null;
    if (shown < groups.length) {
      moreBtn = button(`Show ${Math.min(PAGE, groups.length - shown)} more of ${groups.length - shown}`, "Show more indicators");
      moreBtn.classList.add("hk-ti-more");
      moreBtn.addEventListener("click", addPage);
      container.appendChild(moreBtn);
    }
  }

  const api = {
    show(next) {
      groups = next;
      shown = 0;
      rowEls.clear();
      container.replaceChildren();
      if (!groups.length) container.appendChild(h("div", "hk-ti-empty", "No results match the filters."));
      addPage();
    },
    /** Marks the selected rows after the selection changed. */
    mark() {
      for (const [row, el] of rowEls) {
        const on = handlers.isSelected(row);
        el.classList.toggle("hk-sel", on);
        el.setAttribute("aria-selected", String(on));
      }
    },
    expandAll(on) {
      auto = false;
      open.clear();
      if (on) for (const g of groups) open.add(g.ioc);
      api.show(groups);
    },
  };
  return api;
}
