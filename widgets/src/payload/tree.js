// The layer tree: a virtualised list of the visible nodes (payloads and their decoded
// layers), with keyboard navigation. Arrow keys move the focus (the detail pane follows
// it), Right/Left expand and collapse or go to the first child and the parent, Enter and
// Space toggle, Home/End and PageUp/PageDown jump; a click focuses, Ctrl/Cmd+click adds a
// payload row to the selection, Escape clears it.
import { visibleNodes } from "./layers.js";

export const ROW_HEIGHT = 22;

/**
 * A tree in `element` over `model`. `label(id)` and `badge(id)` give a node's texts;
 * `onFocus(id)` runs when the focus moves, `onSelect(rows, additive)` when the user picks
 * payload rows, `onClear()` on Escape.
 */
export function createTree(element, { model, expanded, label, badge, onFocus, onSelect, onClear }) {
  element.tabIndex = 0;
  element.setAttribute("role", "tree");
  element.setAttribute("aria-label", "Decoded layers");
  const body = document.createElement("div");
  body.className = "hk-tree-body";
  element.replaceChildren(body);
  let list = visibleNodes(model, expanded);
  let focus = list[0] ?? -1;
  let marked = { selected: new Set(), linked: new Set() }; // input rows
  const pool = [];
  let frame = 0;

  const viewHeight = () => element.clientHeight || 300;

  function makeRow() {
    const el = document.createElement("div");
    el.className = "hk-node";
    el.setAttribute("role", "treeitem");
    el.style.height = `${ROW_HEIGHT}px`;
    const twisty = document.createElement("span");
    twisty.className = "hk-twisty";
    const text = document.createElement("span");
    text.className = "hk-label";
    const count = document.createElement("span");
    count.className = "hk-badge";
    el.append(twisty, text, count);
    const entry = { el, twisty, text, count, id: -1 };
    twisty.addEventListener("click", (e) => {
      e.stopPropagation();
      if (entry.id >= 0) toggle(entry.id);
    });
    el.addEventListener("click", (e) => {
      const id = entry.id; // moving the focus may scroll and reuse this element
      if (id < 0) return;
      moveTo(id);
      onSelect([model.nodes[id].row], Boolean(e.ctrlKey || e.metaKey));
    });
    el.addEventListener("dblclick", () => entry.id >= 0 && toggle(entry.id));
    return entry;
  }

  function paint() {
    const first = Math.floor((element.scrollTop || 0) / ROW_HEIGHT);
    const need = Math.min(list.length, Math.ceil(viewHeight() / ROW_HEIGHT) + 1);
    body.style.height = `${list.length * ROW_HEIGHT}px`;
    while (pool.length < need) {
      const entry = makeRow();
      pool.push(entry);
      body.appendChild(entry.el);
    }
    // Row `at` always goes to element `at % pool.length`, so an element keeps its node while
    // it stays on screen (a click that scrolls the tree still lands on the node clicked).
    for (let i = 0; i < pool.length; i++) {
      const at = first + ((i - (first % pool.length) + pool.length) % pool.length);
      const p = pool[i];
      const live = at < first + need && at < list.length;
      p.el.style.display = live ? "" : "none";
      if (!live) {
        p.id = -1;
        delete p.el.dataset.node;
        continue;
      }
      const id = list[at];
      const node = model.nodes[id];
      p.id = id;
      p.el.style.top = `${at * ROW_HEIGHT}px`;
      p.el.style.paddingLeft = `${4 + Math.min(node.level, 30) * 14}px`;
      // Writes only what changed: a paint runs after every scanned layer.
      setText(p.twisty, node.children.length ? (expanded.has(id) ? "▾" : "▸") : "");
      setText(p.text, label(id));
      setText(p.count, badge(id));
      p.el.setAttribute("aria-level", String(node.level + 1));
      if (node.children.length) p.el.setAttribute("aria-expanded", String(expanded.has(id)));
      else p.el.removeAttribute("aria-expanded");
      p.el.classList.toggle("hk-focus", id === focus);
      const root = node.kind === "source";
      p.el.classList.toggle("hk-sel", root && marked.selected.has(node.row));
      p.el.classList.toggle("hk-linked", root && marked.linked.has(node.row) && !marked.selected.has(node.row));
      p.el.setAttribute("aria-selected", String(id === focus));
      p.el.dataset.node = String(id);
    }
  }

  function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }

  /** A paint at the next frame, however many are asked for before it. */
  function schedule() {
    if (frame) return;
    const raf = globalThis.requestAnimationFrame ?? ((f) => setTimeout(f, 16));
    frame = raf(() => {
      frame = 0;
      paint();
    });
  }

  function scrollTo(id) {
    const at = list.indexOf(id);
    if (at < 0) return;
    const top = at * ROW_HEIGHT;
    const st = element.scrollTop || 0;
    if (top < st) element.scrollTop = top;
    else if (top + ROW_HEIGHT > st + viewHeight()) element.scrollTop = top + ROW_HEIGHT - viewHeight();
  }

  function relist() {
    list = visibleNodes(model, expanded);
    paint();
  }

  function toggle(id) {
    if (!model.nodes[id].children.length) return;
    if (expanded.has(id)) expanded.delete(id);
    else expanded.add(id);
    relist();
  }

  /** Focuses node `id`, expanding its ancestors so it shows. */
  function moveTo(id, notify = true) {
    if (id < 0 || id >= model.nodes.length) return;
    let changed = false;
    for (let p = model.nodes[id].parent; p >= 0; p = model.nodes[p].parent) {
      if (!expanded.has(p)) {
        expanded.add(p);
        changed = true;
      }
    }
    if (changed) list = visibleNodes(model, expanded);
    focus = id;
    scrollTo(id);
    paint();
    if (notify) onFocus(id);
  }

  function onKey(e) {
    if (focus < 0 || !list.length) return;
    const at = list.indexOf(focus);
    const node = model.nodes[focus];
    const page = Math.max(1, Math.floor(viewHeight() / ROW_HEIGHT) - 1);
    let target = null;
    switch (e.key) {
      case "ArrowDown": target = list[Math.min(list.length - 1, at + 1)]; break;
      case "ArrowUp": target = list[Math.max(0, at - 1)]; break;
      case "PageDown": target = list[Math.min(list.length - 1, at + page)]; break;
      case "PageUp": target = list[Math.max(0, at - page)]; break;
      case "Home": target = list[0]; break;
      case "End": target = list[list.length - 1]; break;
      case "ArrowRight":
        if (node.children.length && !expanded.has(focus)) toggle(focus);
        else if (node.children.length) target = node.children[0];
        break;
      case "ArrowLeft":
        if (node.children.length && expanded.has(focus)) toggle(focus);
        else if (node.parent >= 0) target = node.parent;
        break;
      case "Enter":
      case " ":
        toggle(focus);
        break;
      case "Escape":
        onClear();
        break;
      default:
        return;
    }
    e.preventDefault();
    if (target !== null && target !== undefined && target !== focus) {
      moveTo(target);
      onSelect([model.nodes[target].row], false);
    }
  }

  element.addEventListener("keydown", onKey);
  element.addEventListener("scroll", paint, { passive: true });
  paint();

  return {
    paint,
    schedule,
    moveTo,
    toggle,
    relist,
    focused: () => focus,
    visible: () => list,
    /** Marks payload rows: `selected` by this view, `linked` by another view of the group. */
    mark(next) {
      marked = { selected: new Set(next.selected ?? []), linked: new Set(next.linked ?? []) };
      paint();
    },
    /** The rows on screen, for export: `[{ id, level, label, badge, focus, expanded }]`. */
    onScreen() {
      const first = Math.floor((element.scrollTop || 0) / ROW_HEIGHT);
      const n = Math.ceil(viewHeight() / ROW_HEIGHT);
      return list.slice(first, first + n).map((id) => ({
        id,
        level: model.nodes[id].level,
        label: label(id),
        badge: badge(id),
        focus: id === focus,
        twisty: model.nodes[id].children.length ? (expanded.has(id) ? "▾" : "▸") : "",
      }));
    },
    destroy() {
      if (frame) (globalThis.cancelAnimationFrame ?? clearTimeout)(frame);
      element.removeEventListener("keydown", onKey);
      element.removeEventListener("scroll", paint);
      body.remove();
    },
  };
}
