// Stable LSD radix sorts over typed arrays, 16 bits a pass: the engine of the table's
// sorting. A pass whose digit is the same for every item is skipped, so timestamps (whose
// high bits rarely differ) and small ranks cost one or two passes.

const DIGITS = 0x10000;

/**
 * `items` (Uint32Array) sorted by the parallel `keys` (Uint32Array, consumed), stable.
 * Returns the sorted items (a new array or a reused buffer, never `items` itself).
 */
export function sortPairs(items, keys, maxKey = 0xffffffff) {
  return sortPairsKeyed(items, keys, maxKey)[0];
}

/** As `sortPairs`, returning `[items, keys]`, both in the sorted order. */
export function sortPairsKeyed(items, keys, maxKey = 0xffffffff) {
  const n = items.length;
  let src = items;
  let srcK = keys;
  let dst = new Uint32Array(n);
  let dstK = new Uint32Array(n);
  let spare = null;
  const count = new Uint32Array(DIGITS);
  for (let shift = 0; shift < 32; shift += 16) {
    if (shift > 0 && maxKey >>> shift === 0) break;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(srcK[i] >>> shift) & 0xffff]++;
    if (n > 0 && count[(srcK[0] >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let b = 0; b < DIGITS; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = count[(srcK[i] >>> shift) & 0xffff]++;
      dst[at] = src[i];
      dstK[at] = srcK[i];
    }
    spare = src === items ? spare : src;
    [src, srcK, dst, dstK] = [dst, dstK, spare ?? new Uint32Array(n), srcK];
  }
  return src === items ? [items.slice(), srcK] : [src, srcK];
}

/** `items` sorted by `keyOf[item]`, stable. */
export function sortBy(items, keyOf, maxKey = 0xffffffff) {
  const keys = new Uint32Array(items.length);
  for (let i = 0; i < items.length; i++) keys[i] = keyOf[items[i]];
  return sortPairs(items, keys, maxKey);
}

/** Positions 0..n-1 of `values` (Float64Array) in ascending order, NaN last, stable. */
export function argsortNumbers(values) {
  const n = values.length;
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  const f = new Float64Array(1);
  const w = new Uint32Array(f.buffer);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      lo[i] = 0xffffffff;
      hi[i] = 0xffffffff;
      continue;
    }
    f[0] = v === 0 ? 0 : v; // -0 sorts with 0
    // IEEE 754 bits made to order as unsigned integers: negatives flipped, positives signed.
    if (w[1] & 0x80000000) {
      hi[i] = ~w[1] >>> 0;
      lo[i] = ~w[0] >>> 0;
    } else {
      hi[i] = (w[1] | 0x80000000) >>> 0;
      lo[i] = w[0];
    }
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order = sortBy(order, lo);
  return sortBy(order, hi);
}
