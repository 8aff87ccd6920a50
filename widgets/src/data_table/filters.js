// Per-column filter expressions → a mask of the rows that pass (Uint8Array, 1 = kept).
//
// Text (and every column that is not a number or a time): `abc` contains (ASCII letters
// in either case), `=abc` equals, `!abc` does not contain, `!=abc` differs, `"=abc"` quotes
// a literal. Numbers: `5`, `=5`, `!=5`, `>5`, `>=5`, `<5`, `<=5`, `1..10` (inclusive,
// either end open). Times: the same, where a time stands for the whole unit it names:
// `2019-02-12` is that day, `2019-02-12 04:37` that minute (UTC unless it ends in `Z` or
// an offset), so `2019-02-12 04:00..2019-02-12 05` runs to the end of hour 05.
import { matchUnits } from "./text.js";

const TIME = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[ T](\d{1,2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;

function bad(message) {
  const e = new Error(message);
  e.code = "bad_filter";
  return e;
}

/** A time literal as [start, end) in ms since the epoch, or null. */
export function parseTime(text) {
  const m = TIME.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => (x === undefined ? undefined : Number(x)));
  const frac = m[7];
  let zone = 0;
  if (m[8] && /^[+-]/.test(m[8])) {
    const z = m[8].replace(":", "");
    zone = (z[0] === "-" ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * 60_000;
  }
  if ((mo !== undefined && (mo < 1 || mo > 12)) || (d !== undefined && (d < 1 || d > 31)) || h > 23 || mi > 59 || s > 59) return null;
  const ms = frac ? Number(`0.${frac}`) * 1000 : 0;
  const at = (yy, mm, dd, hh, nn, ss) => Date.UTC(yy, mm, dd, hh, nn, ss) + ms - zone;
  const start = at(y, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
  let end;
  if (frac) end = start + 10 ** (3 - frac.length);
  else if (s !== undefined) end = start + 1000;
  else if (mi !== undefined) end = start + 60_000;
  else if (h !== undefined) end = start + 3_600_000;
  else if (d !== undefined) end = start + 86_400_000;
  else if (mo !== undefined) end = at(y, mo, 1, 0, 0, 0);
  else end = at(y + 1, 0, 1, 0, 0, 0);
  return [start, end];
}

function parseNumber(text) {
  const t = text.trim();
  const v = t === "" ? NaN : Number(t);
  return Number.isNaN(v) ? null : [v, v];
}

/**
 * A numeric condition from `expr`: `{ lo, loIn, hi, hiIn, not }`, where a literal is read
 * by `literal` as [first, last-or-end] and `timeLike` says the end is exclusive.
 */
function interval(expr, literal, timeLike, what) {
  const e = expr.trim();
  const read = (s) => {
    const v = literal(s);
    if (!v) throw bad(`not ${what}: ${s.trim().slice(0, 60)}`);
    return v;
  };
  const all = { lo: -Infinity, loIn: true, hi: Infinity, hiIn: true, not: false };
  const range = /^(.*?)\.\.(.*)$/.exec(e);
  if (range) {
    const out = { ...all };
    if (range[1].trim()) out.lo = read(range[1])[0];
    if (range[2].trim()) [out.hi, out.hiIn] = timeLike ? [read(range[2])[1], false] : [read(range[2])[1], true];
    return out;
  }
  const cmp = /^(>=|<=|!=|>|<|=)?\s*(.*)$/.exec(e);
  const op = cmp[1] ?? "=";
  const [first, last] = read(cmp[2]);
  const endIn = !timeLike; // times: the unit's end is exclusive
  switch (op) {
    case ">":
      return timeLike ? { ...all, lo: last, loIn: true } : { ...all, lo: first, loIn: false };
    case ">=":
      return { ...all, lo: first };
    case "<":
      return { ...all, hi: first, hiIn: false };
    case "<=":
      return { ...all, hi: last, hiIn: endIn };
    case "!=":
      return { lo: first, loIn: true, hi: last, hiIn: endIn, not: true };
    default:
      return { lo: first, loIn: true, hi: last, hiIn: endIn, not: false };
  }
}

function numberMask(values, c) {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const inside = (v > c.lo || (c.loIn && v === c.lo)) && (v < c.hi || (c.hiIn && v === c.hi));
    out[i] = inside !== c.not ? 1 : 0;
  }
  return out;
}

function textMask(col, expr) {
  let e = expr;
  let mode = "contains";
  let not = false;
  if (/^".*"$/s.test(e) && e.length >= 2) e = e.slice(1, -1);
  else if (e.startsWith("!=")) [e, mode, not] = [e.slice(2), "equals", true];
  else if (e.startsWith("!")) [e, not] = [e.slice(1), true];
  else if (e.startsWith("=")) [e, mode] = [e.slice(1), "equals"];
  const store = col.store();
  const units = matchUnits(store, e, mode);
  const n = col.vector.length;
  const out = new Uint8Array(n);
  const codes = store.codes;
  for (let i = 0; i < n; i++) {
    const u = codes ? codes[i] : i;
    const hit = u >= 0 && units[u] === 1;
    out[i] = hit !== not ? 1 : 0;
  }
  return out;
}

/**
 * The rows of `col` that pass `expr` (Uint8Array of the column's length), or null when
 * the expression is empty. Throws an Error with code `bad_filter` for an expression the
 * column's kind cannot read.
 */
export function filterMask(col, expr) {
  const e = typeof expr === "string" ? expr.trim() : "";
  if (!e) return null;
  if (col.kind === "number") return numberMask(col.numbers(), interval(e, parseNumber, false, "a number"));
  if (col.kind === "time") return numberMask(col.numbers(), interval(e, parseTime, true, "a time (YYYY-MM-DD hh:mm:ss)"));
  return textMask(col, e);
}

/** The placeholder of a filter box for a column of `kind`. */
export function filterHint(kind) {
  if (kind === "number") return "= > < a..b";
  if (kind === "time") return "from..to";
  return "contains";
}
