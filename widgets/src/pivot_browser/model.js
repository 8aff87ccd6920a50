// The pivot catalogue: the entries `{ entity, name, container, help, input, output }`
// (what `huntkit.pivots.list()` returns, MSTICPy's pivot functions per entity), read from
// JSON text or from an Arrow table with those columns, checked and bounded; the entities
// and their functions; the search.
import { cellText } from "../common/arrow.js";
import { codedError } from "../common/options.js";

export const FIELDS = ["entity", "name", "container", "help", "input", "output"];
export const MAX_ENTRIES = 100_000;
export const MAX_JSON = 32_000_000; // characters of catalogue text read
const MAX_FIELD = 100_000; // characters kept of one field (help texts are the long ones)

const text = (v) => {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.slice(0, MAX_FIELD);
  if (Array.isArray(v)) return v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(", ").slice(0, MAX_FIELD);
  if (typeof v === "object") return JSON.stringify(v).slice(0, MAX_FIELD);
  return String(v);
};

/** One entry as the view keeps it (every field text), or null when it has no entity or name. */
function entryOf(o, row) {
  if (o === null || typeof o !== "object" || Array.isArray(o)) return null;
  const e = { row };
  for (const f of FIELDS) e[f] = text(o[f]);
  // The engine's catalogue names the input and key columns instead.
  if (!e.input && o.inputColumn) e.input = `column ${text(o.inputColumn)}`;
  if (!e.output && o.keyColumn) e.output = `key column ${text(o.keyColumn)}`;
  return e.entity && e.name ? e : null;
}

/**
 * The entries of a catalogue given as JSON text (a list of objects, `{ entity: [objects
 * without entity] }`, or the engine's `{ entities, pivots }`). Throws `invalid_input` for text that is not such JSON, and
 * `limit_exceeded` past MAX_ENTRIES entries or MAX_JSON characters.
 */
export function parseCatalogue(json) {
  if (json === null || json === undefined || json === "") return [];
  const s = String(json);
  if (s.length > MAX_JSON) throw codedError("limit_exceeded", `the catalogue is ${s.length} characters; at most ${MAX_JSON} are read`);
  let value;
  try {
    value = JSON.parse(s);
  } catch (e) {
    throw codedError("invalid_input", `the catalogue is not JSON: ${String(e.message).slice(0, 200)}`);
  }
  let list = value;
  if (value && typeof value === "object" && Array.isArray(value.pivots)) {
    list = value.pivots; // the engine's catalogue: { entities, pivots }
  } else if (value && typeof value === "object" && !Array.isArray(value)) {
    list = [];
    for (const [entity, fns] of Object.entries(value)) {
      if (Array.isArray(fns)) for (const f of fns) list.push(f && typeof f === "object" ? { entity, ...f } : f);
    }
  }
  if (!Array.isArray(list)) throw codedError("invalid_input", "the catalogue must be a list of {entity, name, container, help, input, output} objects");
  if (list.length > MAX_ENTRIES) throw codedError("limit_exceeded", `the catalogue has ${list.length} entries; at most ${MAX_ENTRIES} are shown`);
  const out = [];
  list.forEach((o) => {
    const e = entryOf(o, out.length);
    if (e) out.push(e);
  });
  return out;
}

/** The entries of an Arrow table with the catalogue's columns (entity and name required). */
export function entriesOfTable(table) {
  const missing = ["entity", "name"].filter((c) => !table.getChild(c));
  if (missing.length) throw codedError("column_not_found", `a pivot catalogue needs the column(s) ${missing.join(", ")}`);
  if (table.numRows > MAX_ENTRIES) throw codedError("limit_exceeded", `the catalogue has ${table.numRows} entries; at most ${MAX_ENTRIES} are shown`);
  const out = [];
  for (let i = 0; i < table.numRows; i++) {
    const o = {};
    for (const f of FIELDS) o[f] = cellText(table, f, i);
    const e = entryOf(o, out.length);
    if (e) out.push(e);
  }
  return out;
}

/** Entities with the number of their functions among `entries`, sorted by name. */
export function entitiesOf(entries) {
  const count = new Map();
  for (const e of entries) count.set(e.entity, (count.get(e.entity) ?? 0) + 1);
  return [...count].sort((a, b) => a[0].localeCompare(b[0])).map(([entity, n]) => ({ entity, count: n }));
}

/** The entries matching `query` (every word in the entity, name, container or help, any case). */
export function searchEntries(entries, query) {
  const words = String(query ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return entries;
  return entries.filter((e) => {
    const hay = `${e.entity}\n${e.name}\n${e.container}\n${e.help}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** The full name of a function as a notebook calls it: `Entity.container.name`. */
export function qualifiedName(e) {
  return [e.entity, e.container, e.name].filter(Boolean).join(".");
}

/** The entries as an Arrow table (every field a UTF-8 column), for `result`. */
export function catalogueTable(entries, arrow) {
  const columns = {};
  for (const f of FIELDS) columns[f] = arrow.vectorFromArray(entries.map((e) => e[f]), new arrow.Utf8());
  return new arrow.Table(columns);
}
