// Drawing the points on the map's canvas: a lone point as a dot in its colour, a cluster
// as a disc sized by its count, in its members' most common colour, with the count on it;
// selected points and clusters holding selected points ringed. Text on the canvas is only
// numbers (counts); labels from the data show in the tooltip, as text.
import { radiusOf } from "./cluster.js";

/** The most common colour of `members` (indexes into `colours`). */
export function dominant(members, colours) {
  const count = new Map();
  let best = colours[members[0]];
  let bestN = 0;
  for (const m of members) {
    const c = colours[m];
    const n = (count.get(c) ?? 0) + 1;
    count.set(c, n);
    if (n > bestN) {
      best = c;
      bestN = n;
    }
  }
  return best;
}

/** A count as the badge shows it: 1234 → "1.2k". */
export function countLabel(n) {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/**
 * Draws `clusters` (cluster.js) onto `ctx` (CSS pixels); `colours[i]` is point i's colour,
 * `isSelected(i)` whether point i is selected, `c` the theme's basemap colours,
 * `hover` the cluster under the pointer (-1: none).
 */
export function drawPoints(ctx, clusters, colours, isSelected, c, hover = -1) {
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.font = "600 11px system-ui, sans-serif";
  clusters.forEach((cl, idx) => {
    const n = cl.members.length;
    const r = radiusOf(n);
    const fill = n === 1 ? colours[cl.members[0]] : dominant(cl.members, colours);
    const selected = cl.members.some(isSelected);
    ctx.beginPath();
    ctx.arc(cl.x, cl.y, r, 0, Math.PI * 2);
    ctx.globalAlpha = n === 1 ? 0.95 : 0.85;
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.lineWidth = selected || idx === hover ? 2.5 : 1;
    ctx.strokeStyle = selected || idx === hover ? c.ring : c.badge;
    ctx.stroke();
    if (n > 1) {
      ctx.fillStyle = c.badge;
      ctx.fillText(countLabel(n), cl.x, cl.y + 0.5);
    }
  });
}
