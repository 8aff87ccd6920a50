// The payload view's option traits, their defaults and normalised forms, and the options
// objects the engine's decoder and IoC extractor are called with.
import { optionReader as readOptions } from "../common/options.js";

export const DEFAULTS = {
  text: null,
  column: null,
  compat: "huntkit",
  utf16: null,
  max_depth: null,
  min_length: null,
  ioc_types: null,
  include_paths: false,
  ignore_tlds: false,
  max_chars: 65536,
  title: null,
  width: null,
  height: null,
  theme: "auto",
};

/** Options that change what is decoded: a change decodes again. */
export const DECODE_KEYS = ["text", "column", "compat", "utf16", "max_depth", "min_length"];
/** Options of the IoC extractor: a change scans the layers again. */
export const IOC_KEYS = ["ioc_types", "include_paths", "ignore_tlds"];
/** Options of the display only. */
export const VIEW_KEYS = ["max_chars", "title", "width", "height"];

const MAX_TITLE = 200;

/** `opt(name)`: the model's value of an option, or its default when unset or null. */
export const optionReader = (model) => readOptions(model, DEFAULTS);

const count = (v) => (v !== null && v !== undefined && v !== "" && Number.isFinite(Number(v)) && Number(v) >= 0 ? Math.floor(Number(v)) : null);

/** The decoder's options (camelCase, only what is set: the engine refuses unknown keys). */
export function decodeOptions(opt) {
  const o = { compat: opt("compat") === "msticpy" ? "msticpy" : "huntkit" };
  const utf16 = opt("utf16");
  if (typeof utf16 === "boolean") o.utf16 = utf16;
  if (count(opt("max_depth")) !== null) o.maxDepth = count(opt("max_depth"));
  if (count(opt("min_length")) !== null) o.minLength = count(opt("min_length"));
  return o;
}

/**
 * The extractor's options: spans in UTF-16 code units, which is what JS strings index by,
 * and every occurrence of each indicator, so that all of them are highlighted.
 */
export function iocOptions(opt) {
  const o = { compat: opt("compat") === "msticpy" ? "msticpy" : "huntkit", utf16Offsets: true, allOccurrences: true };
  const types = opt("ioc_types");
  if (Array.isArray(types) && types.length) o.types = types.map(String);
  else if (typeof types === "string" && types) o.types = [types];
  if (opt("include_paths")) o.includePaths = true;
  if (opt("ignore_tlds")) o.ignoreTlds = true;
  return o;
}

/** Characters of a layer's text shown before "Show more" (at least 1,024). */
export function maxChars(opt) {
  const n = count(opt("max_chars"));
  return n === null ? DEFAULTS.max_chars : Math.max(1024, n);
}

/** The title line: the caller's title, clipped, or a default. */
export function titleOf(opt) {
  const t = opt("title");
  const s = typeof t === "string" && t ? t : "Decoded payload";
  return s.length > MAX_TITLE ? `${s.slice(0, MAX_TITLE)}…` : s;
}

/** Height in pixels of the tree and detail area (the indicator table is below it). */
export function mainHeight(opt) {
  const n = Number(opt("height"));
  return Number.isFinite(n) && n >= 120 ? Math.min(4000, Math.floor(n)) : 360;
}

/** The root's width in pixels, or null to fill the container. */
export function widthOf(opt) {
  const n = Number(opt("width"));
  return Number.isFinite(n) && n >= 200 ? Math.min(10000, Math.floor(n)) : null;
}
