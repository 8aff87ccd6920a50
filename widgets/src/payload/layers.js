// The layer tree: one root per payload (the text, or each input row that decoded to
// something, most layers first) and one node per decoded item under the item it came out
// of, read from the decoder's record table. Texts and bytes are read from the table when
// first needed and kept.

const str = (vec, i) => {
  if (!vec) return null;
  const v = vec.get(i);
  return v === null || v === undefined ? null : String(v);
};

/** The reference of the item an item came out of ("1.2.1" → "1.2"; "1" → none). */
export function parentRef(ref) {
  const i = ref.lastIndexOf(".");
  return i > 0 ? ref.slice(0, i) : null;
}

/**
 * The tree over `records` (an arrow Table of the decoder) for `sources`: an array of
 * `{ row, text }`, the payloads in input order (one for a single text). In frame mode only
 * the sources with records become roots. Returns the model (see the fields below).
 */
export function buildLayers(records, sources, { frame = false } = {}) {
  const col = (name) => records?.getChild(name) ?? null;
  const cols = {
    ref: col("reference"),
    original: col("original_string"),
    name: col("file_name"),
    type: col("file_type"),
    bytes: col("input_bytes"),
    decoded: col("decoded_string"),
    encoding: col("encoding_type"),
    md5: col("md5"),
    sha1: col("sha1"),
    sha256: col("sha256"),
    depth: col("depth"),
    from: col("source_encoding"),
    status: col("status"),
    detail: col("detail"),
    src: col("src_index"),
  };
  const nodes = [];
  const bySource = new Map(); // input row → root node id
  const add = (node) => {
    node.id = nodes.length;
    node.children = [];
    nodes.push(node);
    return node;
  };
  const sourceText = new Map(sources.map((s) => [s.row, s.text]));
  const n = records?.numRows ?? 0;
  const rowOf = (i) => (cols.src ? Number(cols.src.get(i)) : sources[0]?.row ?? 0);

  // Roots: in frame mode the rows with records, most records first; else every source.
  const counts = new Map();
  for (let i = 0; i < n; i++) counts.set(rowOf(i), (counts.get(rowOf(i)) ?? 0) + 1);
  const rootRows = frame
    ? [...counts.keys()].sort((a, b) => counts.get(b) - counts.get(a) || a - b)
    : sources.map((s) => s.row);
  for (const row of rootRows) {
    const root = add({ kind: "source", row, rec: -1, parent: -1, level: 0, ref: "", layers: counts.get(row) ?? 0 });
    bySource.set(row, root.id);
  }

  const byRef = new Map(); // "row|reference" → node id (the first, when compat repeats one)
  for (let i = 0; i < n; i++) {
    const row = rowOf(i);
    const rootId = bySource.get(row);
    if (rootId === undefined) continue;
    const ref = str(cols.ref, i) ?? String(i + 1);
    const pRef = parentRef(ref);
    const parentId = (pRef !== null ? byRef.get(`${row}|${pRef}`) : undefined) ?? rootId;
    const parent = nodes[parentId];
    const node = add({ kind: "layer", row, rec: i, parent: parentId, level: parent.level + 1, ref });
    parent.children.push(node.id);
    if (!byRef.has(`${row}|${ref}`)) byRef.set(`${row}|${ref}`, node.id);
  }

  const texts = new Map();
  const runs = new Map(); // parent id → [{ child, start, end }]

  const model = {
    nodes,
    roots: rootRows.map((r) => bySource.get(r)),
    frame,
    /** Root node of input row `row`, or undefined. */
    rootOf: (row) => bySource.get(row),
    /** The node's text (the payload, or a decoded item's text), or null for binary. */
    text(id) {
      if (texts.has(id)) return texts.get(id);
      const node = nodes[id];
      let t;
      if (node.kind === "source") t = sourceText.get(node.row) ?? "";
      else t = str(cols.encoding, node.rec) === "binary" ? null : str(cols.decoded, node.rec);
      texts.set(id, t);
      return t;
    },
    /** The bytes of a decoded item (Uint8Array), or null for a payload. */
    bytes(id) {
      const node = nodes[id];
      if (node.kind !== "layer" || !cols.bytes) return null;
      const v = cols.bytes.get(node.rec);
      return v instanceof Uint8Array ? v : null;
    },
    /** What the detail pane lists about a decoded item. */
    meta(id) {
      const i = nodes[id].rec;
      const bytes = model.bytes(id);
      return {
        reference: nodes[id].ref,
        fileName: str(cols.name, i),
        fileType: str(cols.type, i),
        encoding: str(cols.encoding, i),
        from: str(cols.from, i),
        depth: cols.depth ? Number(cols.depth.get(i)) : null,
        status: str(cols.status, i),
        detail: str(cols.detail, i),
        size: bytes ? bytes.length : null,
        md5: str(cols.md5, i),
        sha1: str(cols.sha1, i),
        sha256: str(cols.sha256, i),
      };
    },
    /**
     * Where the encoded runs of a node's children sit in its text: `[{ child, start, end }]`,
     * found by their original string (siblings are in text order, so each search starts
     * after the previous one). Archive members have no run.
     */
    runs(id) {
      if (runs.has(id)) return runs.get(id);
      const text = model.text(id);
      const out = [];
      let from = 0;
      for (const child of nodes[id].children) {
        const orig = str(cols.original, nodes[child].rec);
        if (!text || !orig) continue;
        let at = text.indexOf(orig, from);
        if (at < 0) at = text.indexOf(orig);
        if (at < 0) continue;
        out.push({ child, start: at, end: at + orig.length });
        from = at + orig.length;
      }
      runs.set(id, out);
      return out;
    },
    /** The nodes of the subtree under `id`, itself first (pre-order). */
    subtree(id) {
      const out = [];
      const stack = [id];
      while (stack.length) {
        const k = stack.pop();
        out.push(k);
        for (let c = nodes[k].children.length - 1; c >= 0; c--) stack.push(nodes[k].children[c]);
      }
      return out;
    },
  };
  return model;
}

/**
 * The nodes shown by the tree, in order, for the expanded set: `[id, ...]`. Pre-order,
 * children only under expanded nodes.
 */
export function visibleNodes(model, expanded) {
  const out = [];
  const stack = [...model.roots].reverse();
  while (stack.length) {
    const id = stack.pop();
    out.push(id);
    if (!expanded.has(id)) continue;
    const kids = model.nodes[id].children;
    for (let c = kids.length - 1; c >= 0; c--) stack.push(kids[c]);
  }
  return out;
}

/** The nodes expanded at first: everything when the tree is small, else the first root. */
export function initialExpansion(model, limit = 400) {
  if (model.nodes.length <= limit) return new Set(model.nodes.filter((n) => n.children.length).map((n) => n.id));
  const first = model.roots[0];
  return new Set(first === undefined ? [] : model.subtree(first).filter((id) => model.nodes[id].children.length).slice(0, limit));
}
