// The panels of one decoded input: the layer tree, the detail pane and the indicator
// table, tied together (focus a layer → detail; activate an indicator → its layer, at the
// indicator; click an encoded run → the layer it decodes to), the indicator scan, and the
// selection of payload rows.
import { clip } from "../common/dom.js";
import { formatSize } from "./dom.js";
import { createDetail } from "./detail.js";
import { createIndicators, occurrences } from "./indicators.js";
import { initialExpansion } from "./layers.js";
import { createScanQueue } from "./scan.js";
import { createTable } from "./table.js";
import { createTree } from "./tree.js";

/** A node's label in the tree. */
export function nodeLabel(model, id) {
  const node = model.nodes[id];
  if (node.kind === "source") {
    if (!model.frame) return `Payload (${(model.text(id) ?? "").length} characters)`;
    return `Row ${node.row}: ${clip((model.text(id) ?? "").replace(/\s+/g, " ").trim(), 80)}`;
  }
  const m = model.meta(id);
  const name = m.fileName && m.fileName !== "unknown" ? ` ${clip(m.fileName, 60)}` : "";
  const type = m.fileType || (m.encoding === "binary" ? "binary" : `${m.encoding ?? ""} text`);
  const warn = m.status && m.status !== "ok" ? ` ⚠ ${m.status}` : "";
  return `${node.ref}${name} — ${clip(type, 30)}${m.size !== null ? `, ${formatSize(m.size)}` : ""}${warn}`;
}

/**
 * Builds the panels in `dom` for `loaded.model`. `ctx`: `{ runner, iocOptions(), maxChars(),
 * copy(text, what), onSelect(rows, additive), onClear(), onReady(), onScanned(indicators),
 * onError(e), onStatus() }`.
 */
export function createPayloadView(dom, loaded, ctx) {
  const { model } = loaded;
  const indicators = createIndicators();
  const expanded = initialExpansion(model);
  const layerLabel = (id) => (model.nodes[id].kind === "source" ? "source" : model.nodes[id].ref);
  let ready = false;
  let destroyed = false;
  let tableTimer = null;

  const badge = (id) => {
    const node = model.nodes[id];
    const parts = [];
    if (node.kind === "source") {
      const k = model.subtree(id).length - 1;
      parts.push(`${k} layer${k === 1 ? "" : "s"}`);
    }
    const n = indicators.of(id).length;
    if (n) parts.push(`${n} IoC`);
    return parts.join(" · ");
  };

  // A long layer on screen before its scan is done shows the indicators of the part shown
  // (a quick scan of that part), replaced by the layer's own once they arrive.
  const previews = new Map();
  const detail = createDetail(dom.detail, {
    model,
    indicators: {
      of: (id) => (indicators.has(id) ? indicators.of(id) : previews.get(id) ?? []),
      marks: (id) => (indicators.has(id) ? indicators.marks(id) : previews.get(id) ?? []),
      has: (id) => indicators.has(id),
      colourOf: indicators.colourOf,
    },
    maxChars: ctx.maxChars,
    copy: ctx.copy,
    rowLabel: (row) => String(row),
    onOpen: (child) => open(child),
  });
  const tree = createTree(dom.tree, {
    model,
    expanded,
    label: (id) => nodeLabel(model, id),
    badge,
    onFocus: (id) => {
      queue.first(id);
      detail.show(id);
    },
    onSelect: ctx.onSelect,
    onClear: ctx.onClear,
  });
  const table = createTable(dom.iocs, {
    indicators,
    frame: model.frame,
    layerLabel,
    rowOf: (id) => model.nodes[id].row,
    copy: ctx.copy,
    onReveal: (m) => open(m.node, m),
  });

  /** Focuses layer `id` in the tree and the detail pane (at indicator `reveal`). */
  function open(id, reveal) {
    tree.moveTo(id, false);
    queue.first(id);
    detail.show(id, reveal);
    ctx.onSelect([model.nodes[id].row], false);
  }

  function markReady() {
    if (ready) return;
    ready = true;
    ctx.onReady();
  }

  const flushTable = () => {
    tableTimer = null;
    table.update();
  };

  const withText = model.nodes.map((n) => n.id).filter((id) => model.text(id) !== null);
  const queue = createScanQueue(withText, {
    scan: (id) => ctx.runner.scan(model.text(id), ctx.iocOptions()),
    onLayer(id, matches) {
      indicators.set(id, matches);
      previews.delete(id);
      tree.schedule();
      if (id === detail.shown()) {
        detail.refresh();
        markReady();
      }
      tableTimer ??= setTimeout(flushTable, 150);
      ctx.onStatus();
    },
    onDone() {
      if (tableTimer) clearTimeout(tableTimer);
      flushTable();
      markReady();
      ctx.onScanned(indicators);
    },
    onError(e) {
      ctx.onError(e);
      markReady();
    },
  });

  const first = model.roots[0];
  if (first !== undefined) {
    tree.moveTo(first, false);
    queue.first(first);
    detail.show(first);
  }
  if (first === undefined) detail.note(model.frame ? "No row of the column decoded to anything." : "");
  const text = first === undefined ? null : model.text(first);
  if (text === null) markReady();
  else if (text.length > 2 * ctx.maxChars()) {
    // The engine's calls run in turn, so this preview comes before the whole layer's scan.
    ctx.runner.scan(text.slice(0, ctx.maxChars()), ctx.iocOptions()).then(
      (matches) => {
        if (indicators.has(first) || destroyed) return;
        previews.set(first, occurrences(matches, first));
        if (detail.shown() === first) detail.refresh();
        markReady();
      },
      () => {},
    );
  }
  queue.start();

  return {
    model,
    indicators,
    tree,
    detail,
    table,
    layerLabel,
    progress: queue.progress,
    expandAll(on) {
      expanded.clear();
      if (on) for (const n of model.nodes) if (n.children.length) expanded.add(n.id);
      tree.relist();
    },
    /** Scrolls the tree to input row `row`'s payload, when it is listed. */
    revealRow(row) {
      const id = model.rootOf(row);
      if (id === undefined) return;
      const at = tree.visible().indexOf(id);
      if (at >= 0) dom.tree.scrollTop = Math.max(0, at * 22 - 22);
      tree.paint();
    },
    destroy() {
      destroyed = true;
      queue.stop();
      if (tableTimer) clearTimeout(tableTimer);
      table.destroy();
      tree.destroy();
      detail.destroy();
    },
  };
}
