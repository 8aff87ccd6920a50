// The detail pane: what a node is (a payload, or a decoded item with its type, file name,
// encoding and hashes), then its content: text with the indicators and encoded runs
// marked, capped at `maxChars` with "Show more", or a hex view of the bytes.
import { button, clip, h } from "../common/dom.js";
import { formatSize } from "./dom.js";
import { renderMarked } from "./highlight.js";
import { createHexView } from "./hexview.js";

/**
 * The pane in `element`. `ctx`: `{ model, indicators, maxChars(), onOpen(child),
 * copy(text, what), rowLabel(row) }`. Returns `{ show(id, reveal?), refresh(), shown(), destroy() }`.
 */
export function createDetail(element, ctx) {
  const meta = h("div", "hk-meta");
  const ctl = h("div", "hk-ctl");
  const content = h("div", "hk-body");
  content.style.cssText = "flex:1;min-height:0;display:flex;flex-direction:column";
  element.replaceChildren(meta, ctl, content);
  let current = -1;
  let limit = 0;
  let hexMode = false;
  let hex = null;
  let spans = new Map();
  let textEl = null;
  let textTop = 0; // the text's scroll position, kept by its scroll events (reading it forces a layout)

  function field(k, v, copyable) {
    if (v === null || v === undefined || v === "") return;
    meta.appendChild(h("span", "hk-k", k));
    const cell = h("span", "hk-v");
    cell.appendChild(document.createTextNode(clip(String(v), 300)));
    if (copyable) {
      const b = button("copy", `Copy the ${k}`);
      b.addEventListener("click", () => ctx.copy(String(v), k));
      cell.appendChild(b);
    }
    meta.appendChild(cell);
  }

  function describe(id) {
    meta.replaceChildren();
    const { model } = ctx;
    const node = model.nodes[id];
    if (node.kind === "source") {
      const text = model.text(id) ?? "";
      field(model.frame ? "Row" : "Payload", model.frame ? ctx.rowLabel(node.row) : "the text given");
      field("Length", `${text.length} characters`);
      field("Layers", String(model.subtree(id).length - 1));
      return;
    }
    const m = model.meta(id);
    const type = m.fileType || (m.encoding === "binary" ? "binary" : `${m.encoding ?? ""} text`);
    field("Layer", m.reference);
    field("Type", type);
    field("File name", m.fileName && m.fileName !== "unknown" ? m.fileName : null);
    field("Encoding", m.encoding);
    field("Decoded from", m.from);
    field("Size", m.size !== null ? `${formatSize(m.size)} (${m.size} bytes)` : null);
    field("Depth", Number.isFinite(m.depth) ? String(m.depth) : null);
    field("Status", m.status && m.status !== "ok" ? `${m.status}${m.detail ? `: ${m.detail}` : ""}` : null);
    field("MD5", m.md5, true);
    field("SHA1", m.sha1, true);
    field("SHA256", m.sha256, true);
  }

  function marksOf(id) {
    const runs = ctx.model.runs(id).map((r) => ({ ...r, kind: "run" }));
    return [...runs, ...ctx.indicators.marks(id).map((m) => ({ ...m, kind: "ioc" }))];
  }

  function decorate(span, m) {
    if (m.kind === "run") {
      span.className = "hk-run";
      span.title = `Encoded run: open layer ${ctx.model.nodes[m.child].ref}`;
      span.addEventListener("click", (e) => {
        if (e.target === span) ctx.onOpen(m.child);
      });
      return;
    }
    const colour = ctx.indicators.colourOf(m.type);
    span.className = "hk-ioc";
    span.style.backgroundColor = `${colour}2e`;
    span.style.borderBottomColor = colour;
    span.title = clip(`${m.type}: ${m.value}`, 300);
  }

  function drawText(text) {
    textEl = h("div", "hk-text");
    textEl.tabIndex = 0;
    const el = textEl;
    el.addEventListener("scroll", () => (textTop = el.scrollTop), { passive: true });
    spans = renderMarked(textEl, text, limit, marksOf(current), decorate);
    if (text.length > limit) {
      const left = text.length - limit;
      const more = button(`Show more (${left} characters hidden)`, "Show the next part of this layer");
      more.className = "hk-more";
      more.addEventListener("click", () => {
        limit += ctx.maxChars();
        refresh();
      });
      textEl.appendChild(more);
    }
    content.appendChild(textEl);
  }

  function draw() {
    content.replaceChildren();
    ctl.replaceChildren();
    hex?.destroy();
    hex = null;
    textEl = null;
    spans = new Map();
    const { model } = ctx;
    const text = model.text(current);
    const bytes = model.bytes(current);
    if (text !== null && bytes) {
      const toggle = button(hexMode ? "Text" : "Hex", hexMode ? "Show the decoded text" : "Show the bytes in hex");
      toggle.setAttribute("aria-pressed", String(hexMode));
      toggle.addEventListener("click", () => {
        hexMode = !hexMode;
        draw();
      });
      ctl.appendChild(toggle);
    }
    const n = ctx.indicators.of(current).length;
    if (ctx.indicators.has(current)) ctl.appendChild(h("span", "hk-note", `${n} indicator${n === 1 ? "" : "s"} in this layer`));
    else if (text !== null) ctl.appendChild(h("span", "hk-note", "scanning for indicators…"));
    if (text === null || (hexMode && bytes)) {
      hex = createHexView(content);
      hex.show(bytes ?? new Uint8Array(0));
    } else {
      drawText(text);
    }
  }

  /** Draws the current node again (its indicators arrived, or more text is shown). */
  function refresh() {
    if (current < 0) return;
    const top = textTop;
    draw();
    if (textEl && top > 0) textEl.scrollTop = textTop = top;
  }

  return {
    /** Shows node `id`; `reveal` (an indicator or run of it) is scrolled to and flashed. */
    show(id, reveal) {
      if (id !== current) {
        current = id;
        textTop = 0;
        limit = ctx.maxChars();
        hexMode = false;
        describe(id);
      }
      if (reveal && reveal.start >= limit) limit = Math.ceil((reveal.end + 1) / ctx.maxChars()) * ctx.maxChars();
      if (reveal && hexMode) hexMode = false;
      draw();
      if (reveal) {
        const span = [...spans].find(([m]) => m.start === reveal.start && m.end === reveal.end && m.kind === "ioc")?.[1];
        if (span) {
          span.classList.add("hk-flash");
          // Scroll the text only, not the notebook around the view.
          if (textEl) textEl.scrollTop = Math.max(0, (span.offsetTop || 0) - (textEl.clientHeight || 0) / 2);
        }
      }
    },
    refresh,
    /** Shows the current node again from its start, with `maxChars()` of its text. */
    reset() {
      limit = ctx.maxChars();
      textTop = 0;
      refresh();
    },
    /** A line of text in place of a node (when there is no node to show). */
    note(text) {
      current = -1;
      meta.replaceChildren();
      ctl.replaceChildren();
      content.replaceChildren(h("div", "hk-note", text));
    },
    shown: () => current,
    /** What is on screen, for export: meta pairs, and the text shown or the hex lines. */
    snapshot() {
      const pairs = [];
      const kids = meta.children;
      for (let i = 0; i + 1 < kids.length; i += 2) pairs.push([kids[i].textContent, kids[i + 1].firstChild?.textContent ?? ""]);
      const text = current >= 0 ? ctx.model.text(current) : null;
      return {
        pairs,
        hex: hex ? hex.visibleLines() : null,
        text: hex || text === null ? null : text.slice(0, limit),
        marks: current >= 0 ? marksOf(current) : [],
      };
    },
    destroy() {
      hex?.destroy();
      element.replaceChildren();
    },
  };
}
