// The one place where a caller's values are checked before they cross into the wasm.
//
// Options, sessions and other structured values are copied here into plain JSON-ready
// values with bounded depth, size and no cycles, and cross as JSON text: nothing a
// caller hands over can recurse through the wasm's stack or exhaust its memory, and
// every refusal is a `HuntkitError` with a code. The engines then refuse any option key
// they do not know, naming it.
import { HuntkitError } from "./error.js";

/** Bounds on a structured value (options, sessions, a list of values). */
export const LIMITS = Object.freeze({
  /** Deepest nesting of arrays and objects in an options value. */
  optionDepth: 16,
  /** Deepest nesting in data-like values (sessions: arrays of commands with params). */
  dataDepth: 16,
  /** Most array elements and object properties, all levels together. */
  nodes: 10_000_000,
  /** Most characters of text, all strings and keys together. */
  chars: 256 * 1024 * 1024,
});

function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") {
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    return name && name !== "Object" ? `a ${name}` : "an object";
  }
  return typeof value === "bigint" ? "a BigInt" : typeof value;
}

function isPlainObject(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A bounded, acyclic, JSON-ready copy of `value`. `what` names the value in errors;
 * `code` is the error code (`invalid_option` for options, `invalid_input` for data).
 * Dates become ISO text, safe BigInts numbers; functions, symbols, class instances,
 * non-finite numbers, cycles and anything past the limits are refused.
 */
export function plain(value, what, { code = "invalid_option", depth = LIMITS.optionDepth } = {}) {
  const budget = { nodes: LIMITS.nodes, chars: LIMITS.chars };
  const path = new Set();
  const fail = (where, why) => {
    throw new HuntkitError(code, `${where}: ${why}`);
  };
  const copy = (v, where, level) => {
    switch (typeof v) {
      case "string":
        budget.chars -= v.length;
        if (budget.chars < 0) fail(where, `more than ${LIMITS.chars} characters of text in all`);
        return v;
      case "number":
        if (!Number.isFinite(v)) fail(where, `${v} is not a finite number`);
        return v;
      case "boolean":
        return v;
      case "undefined":
        return undefined;
      case "bigint":
        if (v < BigInt(Number.MIN_SAFE_INTEGER) || v > BigInt(Number.MAX_SAFE_INTEGER)) {
          fail(where, "a BigInt beyond the range of safe integers");
        }
        return Number(v);
      case "object":
        break;
      default:
        return fail(where, `${describe(v)} cannot be passed to huntkit`);
    }
    if (v === null) return null;
    if (v instanceof Date) {
      const t = v.getTime();
      if (!Number.isFinite(t)) fail(where, "an invalid Date");
      return v.toISOString();
    }
    if (level >= depth) fail(where, `nested more than ${depth} levels deep`);
    if (path.has(v)) fail(where, "a value that contains itself (a cycle)");
    path.add(v);
    let out;
    if (Array.isArray(v)) {
      const n = v.length;
      budget.nodes -= n;
      if (budget.nodes < 0) fail(where, `more than ${LIMITS.nodes} values in all`);
      out = new Array(n);
      for (let i = 0; i < n; i++) {
        const c = copy(v[i], `${where}[${i}]`, level + 1);
        out[i] = c === undefined ? null : c;
      }
    } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      budget.nodes -= v.length;
      if (budget.nodes < 0) fail(where, `more than ${LIMITS.nodes} values in all`);
      out = Array.from(v, (x, i) => copy(x, `${where}[${i}]`, level + 1));
    } else if (isPlainObject(v)) {
      out = {};
      for (const key of Object.keys(v)) {
        budget.nodes -= 1;
        budget.chars -= key.length;
        if (budget.nodes < 0) fail(where, `more than ${LIMITS.nodes} values in all`);
        if (budget.chars < 0) fail(where, `more than ${LIMITS.chars} characters of text in all`);
        const c = copy(v[key], `${where}.${key}`, level + 1);
        if (c !== undefined) out[key] = c;
      }
    } else {
      fail(where, `${describe(v)} is not a plain object, array or value`);
    }
    path.delete(v);
    return out;
  };
  return copy(value, what, 0);
}

/**
 * The options object of call `fn` as JSON text for the wasm, without the keys in `jsOnly`
 * (handled in JavaScript: `output`, `onProgress`, …). `undefined` and `null` mean no
 * options; anything but a plain object is an `invalid_option` error.
 */
export function optionsJSON(options, fn, jsOnly = []) {
  const o = optionsObject(options, fn);
  const rest = {};
  for (const key of Object.keys(o)) if (!jsOnly.includes(key)) rest[key] = o[key];
  return JSON.stringify(plain(rest, `${fn} options`));
}

/** The caller's options object: `{}` for `undefined` or `null`, else a plain object. */
export function optionsObject(options, fn) {
  if (options === undefined || options === null) return {};
  if (!isPlainObject(options)) {
    throw new HuntkitError("invalid_option", `${fn} options must be a plain object, got ${describe(options)}`);
  }
  return options;
}

/** A structured data value (sessions) as bounded JSON text, refused with `invalid_input`. */
export function dataJSON(value, what) {
  return JSON.stringify(plain(value, what, { code: "invalid_input", depth: LIMITS.dataDepth }));
}

/** `value` when it is a string, else an `invalid_input` error naming `what`. */
export function text(value, what) {
  if (typeof value !== "string") {
    throw new HuntkitError("invalid_input", `${what} must be a string, got ${describe(value)}`);
  }
  return value;
}

/** A list of names (a string is a list of one), checked and bounded. */
export function names(value, what) {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) {
    throw new HuntkitError("invalid_option", `${what} must be a name or an array of names, got ${describe(value)}`);
  }
  if (value.length > 10_000) throw new HuntkitError("invalid_option", `${what}: more than 10000 names`);
  return value.map((v, i) => {
    if (typeof v !== "string") {
      throw new HuntkitError("invalid_option", `${what}[${i}] must be a string, got ${describe(v)}`);
    }
    return v;
  });
}

/**
 * Numbers for the array engines (`stl`, `applyThreshold`, …): a `Float64Array`, another
 * typed array, an array of numbers (null and undefined become NaN, which the engine
 * reports with its row) or an Arrow vector. The length is checked against `max` before
 * anything is converted, and nothing else is accepted: a string is not a list of numbers.
 */
export function float64s(values, what, max = 100_000_000) {
  if (values instanceof Float64Array) return checkLength(values, what, max);
  if (ArrayBuffer.isView(values) && !(values instanceof DataView)) {
    checkLength(values, what, max);
    return Float64Array.from(values, Number);
  }
  if (values !== null && typeof values === "object" && !Array.isArray(values) && typeof values.toArray === "function") {
    if (typeof values.length === "number") checkLength(values, what, max);
    values = values.toArray();
    if (values instanceof Float64Array) return values;
  }
  if (!Array.isArray(values) && !(ArrayBuffer.isView(values) && !(values instanceof DataView))) {
    throw new HuntkitError("invalid_input", `${what} must be an array of numbers or a typed array, got ${describe(values)}`);
  }
  checkLength(values, what, max);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v == null) out[i] = NaN;
    else if (typeof v === "number") out[i] = v;
    else if (typeof v === "bigint") out[i] = Number(v);
    else throw new HuntkitError("invalid_input", `${what}[${i}] must be a number, got ${describe(v)}`);
  }
  return out;
}

function checkLength(values, what, max) {
  if (values.length > max) {
    throw new HuntkitError("limit_exceeded", `${what} has ${values.length} values, over the limit of ${max}`);
  }
  return values;
}

/** A finite number (or `undefined` when `optional` and absent), else `invalid_option`. */
export function number(value, what, { optional = false, integer = false, min = -Infinity, max = Infinity } = {}) {
  if (optional && (value === undefined || value === null)) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    const kind = integer ? "an integer" : "a finite number";
    const range = Number.isFinite(min) || Number.isFinite(max) ? ` from ${min} to ${max}` : "";
    throw new HuntkitError("invalid_option", `${what} must be ${kind}${range}, got ${typeof value === "number" ? value : describe(value)}`);
  }
  return value;
}
