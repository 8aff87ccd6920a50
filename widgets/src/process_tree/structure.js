// The forest as the view walks it: processes in display order (each tree top-down,
// children in the engine's order), with each one's parent, depth and the end of its
// subtree, all in typed arrays so a hundred thousand processes cost a few arrays.
//
// Display index i is the i-th process in reading order; `tableRow[i]` is its row in the
// engine's tree table and `inputRow[i]` its row in the view's input (-1 for a parent the
// engine synthesised). A subtree is the contiguous range [i, end[i]); `lastChild[i]` is
// the display index of i's last child (-1 for a leaf), where its link line ends.

/**
 * The structure from the engine's `depth` column when the table is already in tree order
 * (each row at most one level below the row before it, the first a root); null when it
 * is not, so the caller falls back to `fromParents`.
 */
export function fromDepths(depths) {
  const n = depths.length;
  if (n > 0 && depths[0] !== 0) return null;
  for (let i = 1; i < n; i++) if (depths[i] > depths[i - 1] + 1 || depths[i] < 0) return null;
  const tableRow = new Int32Array(n);
  for (let i = 0; i < n; i++) tableRow[i] = i;
  return finish(tableRow, Int32Array.from(depths));
}

/**
 * The structure from each table row's parent row (-1 for roots), for tables whose order
 * is not the tree's (MSTICPy's path order past 99,999 rows). Roots and children keep
 * table order; a parent link that would close a cycle is cut.
 */
export function fromParents(parentOfRow) {
  const n = parentOfRow.length;
  const head = new Int32Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const tail = new Int32Array(n).fill(-1);
  const roots = [];
  for (let r = 0; r < n; r++) {
    const p = parentOfRow[r];
    if (p < 0 || p >= n) {
      roots.push(r);
      continue;
    }
    if (head[p] < 0) head[p] = r;
    else next[tail[p]] = r;
    tail[p] = r;
  }
  const tableRow = new Int32Array(n);
  const depth = new Int32Array(n);
  const placed = new Uint8Array(n);
  let k = 0;
  const walk = (root) => {
    const stack = [root];
    const depths = [0];
    while (stack.length) {
      const r = stack.pop();
      const d = depths.pop();
      if (placed[r]) continue;
      placed[r] = 1;
      tableRow[k] = r;
      depth[k++] = d;
      const kids = [];
      for (let c = head[r]; c >= 0; c = next[c]) kids.push(c);
      for (let j = kids.length - 1; j >= 0; j--) {
        stack.push(kids[j]);
        depths.push(d + 1);
      }
    }
  };
  for (const r of roots) walk(r);
  // Rows on a cycle are reached from no root: each such cycle starts at its first row.
  for (let r = 0; r < n; r++) if (!placed[r]) walk(r);
  return finish(tableRow, depth);
}

// Parents and subtree ends from depths in display order.
function finish(tableRow, depth) {
  const n = depth.length;
  const parent = new Int32Array(n).fill(-1);
  const end = new Int32Array(n);
  const lastChild = new Int32Array(n).fill(-1);
  const stack = [];
  let maxDepth = 0;
  for (let i = 0; i < n; i++) {
    const d = depth[i];
    while (stack.length && depth[stack[stack.length - 1]] >= d) end[stack.pop()] = i;
    parent[i] = stack.length ? stack[stack.length - 1] : -1;
    if (parent[i] >= 0) lastChild[parent[i]] = i;
    stack.push(i);
    if (d > maxDepth) maxDepth = d;
  }
  while (stack.length) end[stack.pop()] = n;
  return { n, tableRow, depth, parent, end, lastChild, maxDepth };
}

/**
 * Adds `inputRow` (display → input row, -1 for synthesised parents) and `displayOf`
 * (input row → display index, -1 for rows the tree left out) from the table's
 * `source_row` values by table row; `inputCount` is the number of input rows.
 */
export function withInputRows(s, sourceRows, inputCount) {
  const inputRow = new Int32Array(s.n);
  const displayOf = new Int32Array(Math.max(0, inputCount)).fill(-1);
  for (let i = 0; i < s.n; i++) {
    const r = sourceRows[s.tableRow[i]];
    inputRow[i] = r;
    if (r >= 0 && r < inputCount && displayOf[r] < 0) displayOf[r] = i;
  }
  return { ...s, inputRow, displayOf };
}

/** Whether process i has children. */
export const hasChildren = (s, i) => s.end[i] > i + 1;

/** The root of the tree holding process i. */
export function rootOf(s, i) {
  let r = i;
  while (s.parent[r] >= 0) r = s.parent[r];
  return r;
}

/** Summary counts like MSTICPy's `get_summary_info`, from the structure. */
export function summaryOf(s) {
  let roots = 0;
  let leaves = 0;
  for (let i = 0; i < s.n; i++) {
    if (s.parent[i] < 0) roots++;
    if (!hasChildren(s, i)) leaves++;
  }
  return { processes: s.n, roots, leaves, depth: s.n ? s.maxDepth + 1 : 0 };
}
