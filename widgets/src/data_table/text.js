// Text columns for searching and sorting a million rows: the column's UTF-8 bytes copied
// once into one buffer with ASCII letters folded to lower case, so "contains" is one
// indexOf scan over the whole column and sorting compares bytes, never decoding a string
// per row. A store holds "units" (one per row, or one per dictionary entry with per-row
// codes); nulls are flagged.
//
// The buffer is also read as a one-byte-per-character string (latin1), where substring
// positions are byte positions; a query is folded and encoded the same way, so a match
// there is a match of bytes. Case folding covers ASCII letters only.

import { sortPairsKeyed } from "./radix.js";

const LATIN1 = new TextDecoder("latin1");
const ENCODER = new TextEncoder();

function fold(bytes) {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b >= 65 && b <= 90) bytes[i] = b + 32;
  }
  return bytes;
}

/** The query's bytes (folded) as the store's one-byte string. */
export function foldQuery(text) {
  return LATIN1.decode(fold(ENCODER.encode(String(text))));
}

/**
 * A store of `units` from byte chunks: `parts` = [{ values: Uint8Array, offsets, length,
 * valid(i) }] where offsets (Int32Array or BigInt64Array) index values. Returns
 * `{ bytes, offsets: Int32Array(units + 1), nulls: Uint8Array | null, units, str() }`.
 */
export function storeFromParts(parts) {
  let units = 0;
  let total = 0;
  for (const p of parts) {
    units += p.length;
    total += Number(p.offsets[p.length]) - Number(p.offsets[0]);
  }
  const bytes = new Uint8Array(total);
  const offsets = new Int32Array(units + 1);
  let nulls = null;
  let u = 0;
  let at = 0;
  for (const p of parts) {
    const o = p.offsets;
    const big = typeof o[0] === "bigint";
    const start = Number(o[0]);
    const end = Number(o[p.length]);
    bytes.set(p.values.subarray(start, end), at);
    for (let i = 0; i < p.length; i++) {
      offsets[u + i] = at + (big ? Number(o[i]) : o[i]) - start;
      if (p.valid && !p.valid(i)) (nulls ??= new Uint8Array(units))[u + i] = 1;
    }
    at += end - start;
    u += p.length;
  }
  offsets[units] = at;
  fold(bytes);
  let str = null;
  return { bytes, offsets, nulls, units, str: () => (str ??= LATIN1.decode(bytes)) };
}

/** A store from JS strings (nulls as null/undefined), for columns read value by value. */
export function storeFromStrings(values) {
  const encoded = values.map((v) => (v === null || v === undefined ? null : ENCODER.encode(String(v))));
  const total = encoded.reduce((s, b) => s + (b ? b.length : 0), 0);
  const buf = new Uint8Array(total);
  const offsets = new Int32Array(values.length + 1);
  let at = 0;
  encoded.forEach((b, i) => {
    offsets[i] = at;
    if (b) buf.set(b, at);
    at += b ? b.length : 0;
  });
  offsets[values.length] = at;
  return storeFromParts([{ values: buf, offsets, length: values.length, valid: (i) => encoded[i] !== null }]);
}

/**
 * Units matching `mode` ("contains", "equals") for the folded query, as a Uint8Array
 * (1 = match). Nulls never match.
 */
export function matchUnits(store, query, mode) {
  const { offsets, nulls, units } = store;
  const out = new Uint8Array(units);
  const q = foldQuery(query);
  const str = store.str();
  if (mode === "equals") {
    for (let u = 0; u < units; u++) {
      if (offsets[u + 1] - offsets[u] === q.length && !nulls?.[u] && str.startsWith(q, offsets[u])) out[u] = 1;
    }
    return out;
  }
  if (q.length === 0) {
    for (let u = 0; u < units; u++) out[u] = nulls?.[u] ? 0 : 1;
    return out;
  }
  // One pass over the column: each hit is mapped to its unit by a pointer that only moves
  // forward; a hit that runs past its unit's end is not a match.
  let u = 0;
  let p = str.indexOf(q, 0);
  while (p >= 0) {
    while (offsets[u + 1] <= p) u++;
    if (p + q.length <= offsets[u + 1]) {
      out[u] = 1;
      p = str.indexOf(q, offsets[u + 1]);
    } else {
      p = str.indexOf(q, p + 1);
    }
  }
  return out;
}

const BASE = 255; // a byte + 1 (UTF-8 never holds 0xFE or 0xFF), 0 past the end
const SMALL = 24;
const PACKED = 65536; // packing factor: keys (< 2^32) times this plus a position stay exact in a double
const RADIX_ABOVE = 4096; // segments longer than this go through the radix sort

/**
 * Ranks of the units in byte order of their folded text: equal texts share a rank, ranks
 * run 0..R-1, nulls get R (last). Returns `{ rank: Uint32Array, distinct: R }`.
 *
 * An MSD radix sort, four bytes a pass (one 32-bit key: a radix sort for large segments,
 * keys packed with positions into doubles through the native sort for middling ones,
 * insertion for small ones). A pass where every key is equal is skipped without sorting,
 * so long shared prefixes cost one scan each; where two units are known to differ is
 * recorded as the sort goes, so ranks need no second comparison.
 */
export function rankUnits(store) {
  const { bytes, offsets, nulls, units } = store;
  let count = 0;
  const order = new Uint32Array(units);
  for (let u = 0; u < units; u++) if (!nulls?.[u]) order[count++] = u;
  const starts = new Uint8Array(count + 1); // 1 where a new distinct text begins
  starts[0] = 1;
  const digit = (a, end) => (a < end ? Math.min(bytes[a], 0xfd) + 1 : 0);
  const key = (u, d) => {
    const a = offsets[u] + d;
    const end = offsets[u + 1];
    return ((digit(a, end) * BASE + digit(a + 1, end)) * BASE + digit(a + 2, end)) * BASE + digit(a + 3, end);
  };
  const compare = (x, y, d) => {
    const ax = offsets[x];
    const ay = offsets[y];
    const lx = offsets[x + 1] - ax;
    const ly = offsets[y + 1] - ay;
    for (let i = d; i < lx && i < ly; i++) {
      const diff = bytes[ax + i] - bytes[ay + i];
      if (diff !== 0) return diff;
    }
    return lx - ly;
  };
  let stack = new Int32Array(3 * 64);
  let top = 0;
  const push = (lo, hi, d) => {
    if (hi - lo < 2) return;
    if (top + 3 > stack.length) {
      const bigger = new Int32Array(stack.length * 2);
      bigger.set(stack);
      stack = bigger;
    }
    stack[top++] = lo;
    stack[top++] = hi;
    stack[top++] = d;
  };
  push(0, count, 0);
  while (top > 0) {
    const d = stack[--top];
    const hi = stack[--top];
    const lo = stack[--top];
    if (hi - lo <= SMALL) {
      for (let i = lo + 1; i < hi; i++) {
        const u = order[i];
        let j = i - 1;
        while (j >= lo && compare(order[j], u, d) > 0) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = u;
      }
      for (let i = lo + 1; i < hi; i++) if (compare(order[i - 1], order[i], d) !== 0) starts[i] = 1;
      continue;
    }
    const m = hi - lo;
    const keys = new Uint32Array(m);
    let same = true;
    for (let i = 0; i < m; i++) {
      keys[i] = key(order[lo + i], d);
      if (keys[i] !== keys[0]) same = false;
    }
    if (same) {
      if (keys[0] % BASE !== 0) push(lo, hi, d + 4);
      continue;
    }
    const sorted = sortSegment(order, lo, keys);
    let runStart = lo;
    for (let i = 1; i <= m; i++) {
      if (i < m && sorted[i] === sorted[i - 1]) continue;
      starts[runStart] = 1;
      if (sorted[i - 1] % BASE !== 0) push(runStart, lo + i, d + 4);
      runStart = lo + i;
    }
  }
  const rank = new Uint32Array(units);
  let r = -1;
  for (let i = 0; i < count; i++) {
    r += starts[i];
    rank[order[i]] = r;
  }
  const distinct = r + 1;
  if (nulls) for (let u = 0; u < units; u++) if (nulls[u]) rank[u] = distinct;
  return { rank, distinct };
}

// Sorts order[lo, lo + keys.length) by `keys` (parallel) and returns the keys in the new
// order: a radix sort for large segments, the native sort of packed doubles for others.
function sortSegment(order, lo, keys) {
  const m = keys.length;
  if (m > RADIX_ABOVE) {
    const [items, sortedKeys] = sortPairsKeyed(order.slice(lo, lo + m), keys);
    order.set(items, lo);
    return sortedKeys;
  }
  const packed = new Float64Array(m);
  for (let i = 0; i < m; i++) packed[i] = keys[i] * PACKED + i;
  packed.sort();
  const units0 = order.slice(lo, lo + m);
  const out = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    const k = Math.floor(packed[i] / PACKED);
    out[i] = k;
    order[lo + i] = units0[packed[i] - k * PACKED];
  }
  return out;
}
