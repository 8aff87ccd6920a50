// Arrow columns as plain typed arrays, fast enough for a million rows: numbers as
// Float64Array (nulls NaN), times as epoch milliseconds. 64-bit integers are read from
// their two 32-bit halves rather than through a BigInt per value.

const TWO32 = 4294967296;
// Timestamp units (arrow's TimeUnit: s, ms, µs, ns) as [multiplier, divisor] to milliseconds.
const UNIT_MS = [[1000, 1], [1, 1], [1, 1e3], [1, 1e6]];

function isInt64(type) {
  return /^U?[Ii]nt64$/.test(String(type));
}

// One chunk's 64-bit integers as doubles, × mul ÷ div. With a divisor, 2^32·hi is split
// as div·(hi·⌊2^32/div⌋) + hi·(2^32 mod div), so whole milliseconds of a nanosecond
// timestamp stay exact (the whole value as one double would round to 256 ns first).
function int64Chunk(data, out, at, unsigned, mul = 1, div = 1) {
  const v = data.values;
  const words = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
  const q = Math.floor(TWO32 / div);
  const r = TWO32 - q * div;
  for (let i = 0; i < data.length; i++) {
    const lo = words[2 * i] >>> 0;
    const hi = unsigned ? words[2 * i + 1] >>> 0 : words[2 * i + 1];
    out[at + i] = div === 1 ? (hi * TWO32 + lo) * mul : hi * q + (hi * r + lo) / div;
  }
}

// NaN where a chunk's value is null.
function nullsToNaN(data, out, at) {
  if (!data.nullCount) return;
  for (let i = 0; i < data.length; i++) if (!data.getValid(i)) out[at + i] = NaN;
}

function chunksOf(vector) {
  return vector.data ?? [];
}

/** A column of numbers (any integer or float type; text read as numbers) as a Float64Array. */
export function toNumbers(vector) {
  const n = vector.length;
  const out = new Float64Array(n);
  let at = 0;
  for (const data of chunksOf(vector)) {
    if (isInt64(data.type)) {
      int64Chunk(data, out, at, /^Uint/.test(String(data.type)));
    } else if (/^(Int|Uint|Float)/.test(String(data.type)) && data.values && !data.dictionary) {
      const v = data.values;
      for (let i = 0; i < data.length; i++) out[at + i] = v[i];
    } else {
      for (let i = 0; i < data.length; i++) {
        const x = vector.get(at + i);
        out[at + i] = x === null || x === undefined || x === "" ? NaN : Number(x);
      }
    }
    nullsToNaN(data, out, at);
    at += data.length;
  }
  return out;
}

/** A time column (timestamps of any unit, dates, epoch numbers or ISO text) in epoch ms. */
export function toTimes(vector) {
  const n = vector.length;
  const out = new Float64Array(n);
  let at = 0;
  for (const data of chunksOf(vector)) {
    const name = String(data.type);
    if (name.startsWith("Timestamp") && data.values) {
      const [mul, div] = UNIT_MS[data.type.unit] ?? [1, 1];
      int64Chunk(data, out, at, false, mul, div);
    } else {
      for (let i = 0; i < data.length; i++) {
        const x = vector.get(at + i);
        out[at + i] = x === null || x === undefined ? NaN : typeof x === "string" ? parseTime(x) : Number(x);
      }
    }
    nullsToNaN(data, out, at);
    at += data.length;
  }
  return out;
}

/** ISO or "YYYY-MM-DD HH:MM:SS" text as epoch ms; naive times are UTC. */
export function parseTime(s) {
  const t = s.trim();
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t.replace(" ", "T")}Z`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Date.parse(t) : ms;
}

/**
 * The rows of `times` in time order, rows without a time left out: `{ order, sorted }`,
 * `order[k]` the row of the k-th earliest time (ties in row order), `sorted[k]` its time.
 */
export function timeOrder(times) {
  const rows = [];
  let ascending = true;
  let last = -Infinity;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (Number.isNaN(t)) continue;
    if (t < last) ascending = false;
    last = t;
    rows.push(i);
  }
  const order = Uint32Array.from(rows);
  if (!ascending) order.sort((a, b) => times[a] - times[b] || a - b);
  const sorted = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) sorted[k] = times[order[k]];
  return { order, sorted };
}

/** The first position in ascending `sorted` whose value is ≥ `t` (a lower bound). */
export function lowerBound(sorted, t) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first position in ascending `sorted` whose value is > `t` (an upper bound). */
export function upperBound(sorted, t) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
