// Search: the processes whose name, process id, command line or account contain the
// query (case-insensitive). The text searched is gathered once (on the first search, or
// when the search box gets the focus), lower-cased into one string per block of processes
// with a start offset per process, so a query is a run of `indexOf` over each block, and
// a long search yields between blocks to keep every task within a frame.

const MAX_QUERY = 200;
const SEP = "\n"; // between processes; never part of a query
const BLOCK = 4096; // processes per block of text

/** The query as searched: at most 200 characters, trimmed, lower-cased, one line. */
export const normalise = (query) => String(query ?? "").slice(0, MAX_QUERY).replaceAll(SEP, " ").trim().toLowerCase();

/**
 * A search over `n` processes whose searchable text is `texts()` (an array by display
 * index, read once). Returns `{ prepare(), start(query) → job, run(query) }`: a job's
 * `step(ms)` searches blocks for about `ms` milliseconds and says whether it is done, its
 * `matches()` are the matching display indices so far, ascending; `run` does it all at once.
 */
export function createSearch(n, texts) {
  let blocks = null;
  function prepare() {
    if (blocks !== null) return;
    const list = texts();
    blocks = [];
    for (let first = 0; first < n; first += BLOCK) {
      const count = Math.min(BLOCK, n - first);
      const starts = new Int32Array(count + 1);
      const parts = new Array(count);
      let at = 0;
      for (let j = 0; j < count; j++) {
        parts[j] = String(list[first + j]).replaceAll(SEP, " ").toLowerCase();
        starts[j] = at;
        at += parts[j].length + 1;
      }
      starts[count] = at;
      blocks.push({ first, count, starts, hay: parts.join(SEP) });
    }
  }
  // The process of a block whose text holds position p: the last start at or before it.
  function rowAt({ starts, count }, p) {
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= p) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  function start(query) {
    const q = normalise(query);
    const out = [];
    let next = 0;
    if (q && n > 0) prepare();
    const total = q && n > 0 ? blocks.length : 0;
    return {
      query: q,
      step(ms = Infinity) {
        const until = performance.now() + ms;
        while (next < total) {
          const b = blocks[next++];
          for (let p = b.hay.indexOf(q); p >= 0; ) {
            const j = rowAt(b, p);
            out.push(b.first + j);
            p = j + 1 < b.count ? b.hay.indexOf(q, b.starts[j + 1]) : -1;
          }
          if (performance.now() >= until) break;
        }
        return next >= total;
      },
      matches: () => Int32Array.from(out),
    };
  }
  return {
    prepare,
    start,
    run(query) {
      const job = start(query);
      job.step();
      return job.matches();
    },
  };
}

/** The match after (`dir` 1) or before (-1) display index `from`, wrapping; -1 when none. */
export function nextMatch(matches, from, dir) {
  const m = matches.length;
  if (m === 0) return -1;
  // Binary search for the first match greater than `from`.
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (matches[mid] <= from) lo = mid + 1;
    else hi = mid;
  }
  if (dir > 0) return matches[lo % m];
  const at = lo > 0 && matches[lo - 1] === from ? lo - 2 : lo - 1;
  return matches[(at + m) % m];
}
