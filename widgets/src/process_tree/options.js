// The process tree's options: model traits named like MSTICPy's `plot_process_tree`
// keywords, read with their defaults, and turned into the engine's build options and the
// labels the boxes show.
import { clip } from "../common/dom.js";
import { codedError, optionReader as readOptions } from "../common/options.js";

export const DEFAULTS = {
  schema: "auto", // a schema name, or a column mapping (MSTICPy's ProcSchema as a dict)
  legend_col: null,
  show_table: false,
  max_depth: null, // deepest level kept under a root (the engine's maxDepth); null: engine default
  hide_legend: false,
  pid_fmt: "hex",
  title: null,
  width: null,
  height: null,
  theme: "auto",
  compat: "huntkit",
};

// Options that change the tree itself: a change rebuilds it from the data already held.
export const BUILD_KEYS = ["schema", "max_depth", "compat"];
export const VIEW_KEYS = Object.keys(DEFAULTS).filter((k) => !BUILD_KEYS.includes(k));

export const SCHEMA_NAMES = ["auto", "windows", "linux", "mde", "mde-internal", "sysmon", "osquery", "hx"];

/** `opt(name)`: the model's value of an option, or its default when unset or null. */
export const optionReader = (model) => readOptions(model, DEFAULTS);

const snake = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** A column mapping with camelCase keys and only its set string values, or null. */
export function mappingOf(schema) {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return null;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (v === null || v === undefined || v === "") continue;
    out[snake(k)] = k === "event_id_identifier" || k === "eventIdIdentifier" ? v : String(v);
  }
  return out;
}

/**
 * The engine's `buildProcessTree` options: `{ schema }` or `{ mapping }`, `compat`, and
 * `maxDepth` when `max_depth` is a positive number (MSTICPy's -1 means no limit).
 */
export function buildOptions(opt) {
  const o = { compat: opt("compat") === "msticpy" ? "msticpy" : "huntkit" };
  const s = opt("schema");
  const mapping = mappingOf(s);
  if (mapping) o.mapping = mapping;
  else {
    const name = String(s).trim().toLowerCase().replace("_", "-");
    if (!SCHEMA_NAMES.includes(name)) {
      throw codedError("invalid_option", `schema must be one of ${SCHEMA_NAMES.join(", ")} or a column mapping; got ${JSON.stringify(clip(s, 80))}`);
    }
    o.schema = name;
  }
  const depth = Number(opt("max_depth"));
  if (Number.isInteger(depth) && depth > 0) o.maxDepth = depth;
  return o;
}

/** "hex", "dec" or "guid"; anything else reads as "hex". */
export function pidFormatOf(opt) {
  const f = String(opt("pid_fmt"));
  return f === "dec" || f === "guid" ? f : "hex";
}

function integerOf(v) {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : null;
  const s = String(v).trim();
  if (/^0x[0-9a-f]+$/i.test(s)) return BigInt(s);
  if (/^-?\d+(\.0*)?$/.test(s)) return BigInt(s.replace(/\.0*$/, ""));
  return null;
}

/**
 * A process id as the box shows it (MSTICPy's `_pid_fmt`): "PID: 0x1f4" in hex, "PID:
 * 500" in decimal, "GUID: …" as given. Ids are read as hex text, decimal text or numbers.
 * With `compat: "msticpy"` an id that MSTICPy cannot format shows "NA" (its quirk Q-P4):
 * in hex, any id not written 0x…; in decimal, any id that is.
 */
export function pidLabel(value, fmt, msticpy = false) {
  if (value === null || value === undefined || value === "") return "PID: NA";
  const text = String(value);
  if (fmt === "guid") return `GUID: ${text}`;
  const isHexText = /^0x/i.test(text);
  // MSTICPy's build has made every id text, so its integer branch never runs.
  if (msticpy) return isHexText === (fmt === "hex") ? `PID: ${text}` : "NA";
  const n = integerOf(value);
  if (n === null || n < 0n) return `PID: ${text}`;
  return fmt === "hex" ? `PID: 0x${n.toString(16)}` : `PID: ${n.toString(10)}`;
}

/** The title line: `title` (MSTICPy's default "ProcessTree"), with the colour bar's column. */
export function titleText(opt, colourBarColumn) {
  const t = opt("title") ? clip(opt("title")) : "ProcessTree";
  return colourBarColumn ? `${t} (color bar = ${clip(colourBarColumn)})` : t;
}

/** Plot height in pixels (MSTICPy's default 700). */
export function heightOf(opt) {
  const h = Number(opt("height"));
  return Number.isFinite(h) && h >= 120 ? Math.min(h, 20000) : 700;
}

/** Fixed width in pixels, or null to fill the container. */
export function widthOf(opt) {
  const w = Number(opt("width"));
  return Number.isFinite(w) && w >= 200 ? Math.min(w, 20000) : null;
}
