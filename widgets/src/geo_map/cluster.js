// Clustering on screen: points are binned in square cells of `radius` pixels at the
// current zoom, so clusters split as the user zooms in; a cell with one point is that
// point. Linear in the number of points (a Map of cells), so 100,000 points cluster per
// frame.

// A cell's number: columns and rows offset so that negative ones (off to the left or above)
// stay distinct; exact in a double for any zoom the view allows.
const OFFSET = 2 ** 22;
const cellKey = (cx, cy) => (cx + OFFSET) * 2 ** 24 + (cy + OFFSET);

/**
 * Clusters of the points at base positions `bx`, `by` under zoom `t` (`{ k, x, y }`):
 * `{ clusters, of }` — `clusters` `[{ x, y, members }]` (screen centroid, indexes into
 * the points) in order of their first member, `of` (Int32Array) the cluster of each
 * point (-1 when it has none: no position, or outside `view`). `radius` 0 turns
 * clustering off (one marker per point). `view` (`{ width, height }`), when
 * given, leaves out points more than a marker's size outside it (what a frame draws).
 */
export function clusterPoints(bx, by, t, radius, view = null) {
  const n = bx.length;
  const of = new Int32Array(n).fill(-1);
  const clusters = [];
  const cells = new Map();
  const cell = radius > 0 ? radius : 1;
  const margin = 2 * cell;
  for (let i = 0; i < n; i++) {
    const x = bx[i] * t.k + t.x;
    const y = by[i] * t.k + t.y;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (view && (x < -margin || y < -margin || x > view.width + margin || y > view.height + margin)) continue;
    const key = radius > 0 ? cellKey(Math.floor(x / cell), Math.floor(y / cell)) : -1 - i;
    let c = cells.get(key);
    if (c === undefined) {
      c = clusters.length;
      cells.set(key, c);
      clusters.push({ x: 0, y: 0, members: [] });
    }
    const cl = clusters[c];
    cl.x += x;
    cl.y += y;
    cl.members.push(i);
    of[i] = c;
  }
  for (const c of clusters) {
    c.x /= c.members.length;
    c.y /= c.members.length;
  }
  return { clusters, of };
}

/** The drawn radius of a cluster of `count` points (a lone point is 4 pixels). */
export function radiusOf(count) {
  return count <= 1 ? 4 : Math.min(19, 8 + 2.4 * Math.log2(count));
}

/** The index of the cluster under screen point (x, y), the nearest when several, or -1. */
export function hitCluster(clusters, x, y, slack = 3) {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < clusters.length; i++) {
    const c = clusters[i];
    const d = Math.hypot(c.x - x, c.y - y);
    if (d <= radiusOf(c.members.length) + slack && d < bestD) {
      best = i;
      bestD = d;
    }
  }
  return best;
}

/** Indexes of the points whose screen positions lie in the box [x0, x1] × [y0, y1]. */
export function pointsInBox(bx, by, t, x0, y0, x1, y1) {
  const [ax, bxx] = x0 < x1 ? [x0, x1] : [x1, x0];
  const [ay, byy] = y0 < y1 ? [y0, y1] : [y1, y0];
  const out = [];
  for (let i = 0; i < bx.length; i++) {
    const x = bx[i] * t.k + t.x;
    const y = by[i] * t.k + t.y;
    if (x >= ax && x <= bxx && y >= ay && y <= byy) out.push(i);
  }
  return out;
}
