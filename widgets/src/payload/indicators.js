// The indicators found in every layer: kept per node with the engine's spans, listed in one
// table (filtered by text and type), coloured by type, and written out as Arrow for the
// `indicators` trait.

// Colours of the built-in types (our own constants, never from data or options), then a
// palette for the rest in order of first appearance.
const TYPE_COLOURS = {
  url: "#0969da",
  dns: "#1a7f37",
  ipv4: "#cf222e",
  ipv6: "#a40e26",
  ipv4_cidr: "#e16f24",
  ipv6_cidr: "#bc4c00",
  email: "#8250df",
  md5_hash: "#9a6700",
  sha1_hash: "#7d4e00",
  sha256_hash: "#633c01",
  sha512_hash: "#4d2d00",
  windows_path: "#57606a",
  linux_path: "#424a53",
  registry_key: "#116329",
  mac_address: "#0550ae",
  cve: "#bf3989",
  win_named_pipe: "#6639ba",
};
const EXTRA = ["#1b7c83", "#953800", "#3e1f79", "#0a3069", "#4c2889", "#7c2d12", "#155e75", "#713f12"];

/** A store of indicators by node. */
export function createIndicators() {
  const byNode = new Map(); // node id → distinct matches sorted by start
  const marksByNode = new Map(); // node id → every occurrence sorted by start
  const colours = new Map();
  let rows = []; // every indicator: { type, value, raw, defanged, node, start, end }
  let dirty = false;
  let total = 0;

  const colourOf = (type) => {
    if (!colours.has(type)) colours.set(type, TYPE_COLOURS[type] ?? EXTRA[colours.size % EXTRA.length]);
    return colours.get(type);
  };

  return {
    colourOf,
    /** Records the engine's matches for node `id` (replacing earlier ones). */
    set(id, matches) {
      const list = [];
      for (const m of matches) {
        const entry = normalise(m, id);
        if (entry) list.push(entry);
      }
      list.sort(byPlace);
      for (const m of list) colourOf(m.type);
      total += list.length - (byNode.get(id)?.length ?? 0);
      byNode.set(id, list);
      marksByNode.set(id, occurrences(list));
      dirty = true;
    },
    /** Every place an indicator of node `id` occurs (first and later occurrences). */
    marks: (id) => marksByNode.get(id) ?? [],
    has: (id) => byNode.has(id),
    of: (id) => byNode.get(id) ?? [],
    /** How many indicators there are (without listing them). */
    count: () => total,
    clear() {
      byNode.clear();
      marksByNode.clear();
      total = 0;
      rows = [];
      dirty = false;
    },
    /** Every indicator, in node order then text order. */
    all() {
      if (dirty) {
        rows = [];
        for (const id of [...byNode.keys()].sort((a, b) => a - b)) rows.push(...byNode.get(id));
        dirty = false;
      }
      return rows;
    },
    /** `[[type, count]]`, most first. */
    types() {
      const counts = new Map();
      for (const r of this.all()) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    },
  };
}

const byPlace = (a, b) => a.start - b.start || b.end - a.end;

/** One engine match as the view keeps it, or null when its span is empty. */
function normalise(m, node) {
  const start = Number(m.start);
  const end = Number(m.end);
  if (!(end > start)) return null;
  const repeats = [];
  for (const span of Array.isArray(m.repeats) ? m.repeats : []) {
    const [a, z] = [Number(span?.[0]), Number(span?.[1])];
    if (z > a) repeats.push([a, z]);
  }
  return { type: String(m.iocType ?? m.type), value: String(m.value ?? ""), raw: String(m.raw ?? ""), defanged: Boolean(m.defanged), node, start, end, repeats };
}

/**
 * Every occurrence of `list`'s indicators as marks (an indicator's later occurrences share
 * its type and value), sorted by place. Raw engine matches are normalised first.
 */
export function occurrences(list, node = -1) {
  const out = [];
  for (const raw of list) {
    const m = "iocType" in raw ? normalise(raw, node) : raw;
    if (!m) continue;
    out.push(m);
    for (const [start, end] of m.repeats) out.push({ ...m, start, end, repeat: true });
  }
  return out.sort(byPlace);
}

/**
 * Positions in `rows` of the indicators that pass the filter: `text` (case-insensitive, in
 * the type, value, raw text or layer label) and `hidden` (a set of types left out).
 */
export function filterRows(rows, { text = "", hidden = new Set(), layerOf = () => "" } = {}) {
  const q = String(text).trim().toLowerCase();
  const out = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (hidden.has(r.type)) continue;
    if (q && !(r.type.toLowerCase().includes(q) || r.value.toLowerCase().includes(q) || r.raw.toLowerCase().includes(q) || layerOf(r.node).toLowerCase().includes(q))) continue;
    out.push(i);
  }
  return out;
}

/** Distinct refanged values of `rows`, in order. */
export function refanged(rows) {
  return [...new Set(rows.map((r) => r.value))];
}

/**
 * A Utf8 vector of `strings`, encoded in one call: arrow's builder encodes string by
 * string, which was most of the cost for tens of thousands of indicators.
 */
export function utf8Vector(arrow, strings) {
  const offsets = new Int32Array(strings.length + 1);
  let at = 0;
  strings.forEach((s, i) => {
    at += utf8Length(s);
    offsets[i + 1] = at;
  });
  const bytes = new Uint8Array(at);
  new TextEncoder().encodeInto(strings.join(""), bytes);
  return arrow.makeVector(arrow.makeData({ type: new arrow.Utf8(), length: strings.length, nullCount: 0, valueOffsets: offsets, data: bytes }));
}

/** The UTF-8 length of `s` as TextEncoder writes it (a lone surrogate becomes U+FFFD). */
export function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * The indicator table for Python: `IoCType, Observable` (refanged), `raw`, `defanged`,
 * `SourceIndex` (input row), `Layer` ("source" or the item's reference), `start`, `end`
 * (UTF-16 offsets in that layer's text).
 */
export function indicatorTable(rows, model, arrow) {
  const n = rows.length;
  const src = new Int32Array(n);
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const layer = new Array(n);
  rows.forEach((r, i) => {
    const node = model.nodes[r.node];
    src[i] = node.row;
    start[i] = r.start;
    end[i] = r.end;
    layer[i] = node.kind === "source" ? "source" : node.ref;
  });
  const utf8 = (values) => utf8Vector(arrow, values);
  return new arrow.Table({
    IoCType: utf8(rows.map((r) => r.type)),
    Observable: utf8(rows.map((r) => r.value)),
    raw: utf8(rows.map((r) => r.raw)),
    defanged: arrow.vectorFromArray(rows.map((r) => r.defanged), new arrow.Bool()),
    SourceIndex: arrow.makeVector(src),
    Layer: utf8(layer),
    start: arrow.makeVector(start),
    end: arrow.makeVector(end),
  });
}
