// A frame of the tree: only the rows on screen are drawn (boxes, their link lines, their
// text through fillText), so a frame costs the same for ten processes or a hundred
// thousand. Colours come from the palette and the theme, never from the data.
import { BOX_H, TOGGLE_W, boxX, boxY, rowsOnScreen } from "./layout.js";
import { MISSING } from "./colouring.js";

const THEMES = {
  light: { bg: "#ffffff", fg: "#1f2328", muted: "#57606a", link: "rgba(0,0,128,0.45)", grid: "rgba(0,0,128,0.08)", accent: "#0969da", match: "#e36209", sel: "rgba(9,105,218,0.16)" },
  dark: { bg: "#0d1117", fg: "#e6edf3", muted: "#9198a1", link: "rgba(150,180,255,0.5)", grid: "rgba(150,180,255,0.1)", accent: "#58a6ff", match: "#ffa657", sel: "rgba(56,139,253,0.25)" },
};
export const themeOf = (dark) => (dark ? THEMES.dark : THEMES.light);

const FONT_NAME = "600 11px system-ui, -apple-system, 'Segoe UI', sans-serif";
const FONT_PID = "11px system-ui, -apple-system, 'Segoe UI', sans-serif";
const FONT_CMD = "10px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";

/** `s` cut (with an ellipsis) to fit `w` pixels in the context's font. */
export function fitText(ctx, s, w) {
  if (w <= 4) return "";
  let t = s.length > w / 3 ? s.slice(0, Math.ceil(w / 3)) : s;
  if (ctx.measureText(t).width <= w && t === s) return s;
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(`${t.slice(0, mid)}…`).width <= w) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? `${t.slice(0, lo)}…` : "";
}

// The link lines on screen: each parent's vertical line from its box to its last child,
// for the rows on screen and the ancestors of the first (their lines cross the screen),
// and each shown row's stub from its parent's line.
function drawLinks(ctx, g, st, first, last) {
  const { s, v } = st;
  const path = new Path2D();
  const half = TOGGLE_W / 2;
  const verticals = new Set();
  for (let p = s.parent[v.list[first]]; p >= 0; p = s.parent[p]) verticals.add(p);
  for (let k = first; k <= last; k++) verticals.add(v.list[k]);
  for (const p of verticals) {
    const c = s.lastChild[p];
    if (c < 0 || v.collapsed[p] || v.pos[p] < 0 || v.pos[c] < 0) continue;
    const x = boxX(g, s.depth[p]) + half;
    path.moveTo(x, boxY(v.pos[p]) + BOX_H);
    path.lineTo(x, boxY(v.pos[c]) + BOX_H / 2);
  }
  for (let k = first; k <= last; k++) {
    const i = v.list[k];
    const p = s.parent[i];
    if (p < 0 || v.pos[p] < 0) continue;
    const y = boxY(k) + BOX_H / 2;
    path.moveTo(boxX(g, s.depth[p]) + half, y);
    path.lineTo(boxX(g, s.depth[i]), y);
  }
  ctx.strokeStyle = st.theme.link;
  ctx.lineWidth = 1;
  ctx.stroke(path);
}

function drawToggle(ctx, x, y, open, colour) {
  ctx.fillStyle = colour;
  ctx.beginPath();
  const cx = x + TOGGLE_W / 2;
  const cy = y + BOX_H / 2;
  if (open) {
    ctx.moveTo(cx - 4, cy - 2);
    ctx.lineTo(cx + 4, cy - 2);
    ctx.lineTo(cx, cy + 3);
  } else {
    ctx.moveTo(cx - 2, cy - 4);
    ctx.lineTo(cx + 3, cy);
    ctx.lineTo(cx - 2, cy + 4);
  }
  ctx.closePath();
  ctx.fill();
}

function drawBox(ctx, g, st, k) {
  const { s, v, colours, labels, theme } = st;
  const i = v.list[k];
  const x = boxX(g, s.depth[i]);
  const y = boxY(k);
  const w = g.boxW;
  const ci = colours.index[i];
  ctx.globalAlpha = 0.4; // MSTICPy's fill alpha
  ctx.fillStyle = ci < 0 ? MISSING : colours.palette[ci];
  ctx.fillRect(x, y, w, BOX_H);
  ctx.globalAlpha = 1;
  if (st.sel.on[i]) {
    ctx.fillStyle = theme.sel;
    ctx.fillRect(x, y, w, BOX_H);
  }
  const kids = s.end[i] > i + 1;
  if (kids) drawToggle(ctx, x, y, !v.collapsed[i], theme.fg);
  const tx = x + TOGGLE_W;
  ctx.fillStyle = theme.fg;
  ctx.textBaseline = "middle";
  ctx.font = FONT_PID;
  ctx.textAlign = "right";
  const pid = labels.pid(i);
  ctx.fillText(pid, x + w - 5, y + 10);
  const pidW = ctx.measureText(pid).width;
  ctx.textAlign = "left";
  ctx.font = FONT_NAME;
  ctx.fillText(fitText(ctx, labels.name(i), w - TOGGLE_W - pidW - 14), tx, y + 10);
  let cmdRoom = w - TOGGLE_W - 6;
  if (kids && v.collapsed[i]) {
    const more = `+${s.end[i] - i - 1}`;
    ctx.font = FONT_PID;
    ctx.fillStyle = theme.accent;
    ctx.textAlign = "right";
    ctx.fillText(more, x + w - 5, y + 23);
    cmdRoom -= ctx.measureText(more).width + 8;
    ctx.textAlign = "left";
  }
  ctx.font = FONT_CMD;
  ctx.fillStyle = theme.muted;
  ctx.fillText(fitText(ctx, labels.cmd(i), cmdRoom), tx, y + 23);
  const marks = [];
  if (st.matchOn?.[i]) marks.push([theme.match, 2, []]);
  if (st.sel.on[i]) marks.push([theme.accent, 2, []]);
  if (st.cursor === i) marks.push([theme.fg, 1, [3, 2]]);
  marks.forEach(([colour, width, dash], m) => {
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.setLineDash(dash);
    const inset = m * 2.5 + width / 2;
    ctx.strokeRect(x + inset, y + inset, w - 2 * inset, BOX_H - 2 * inset);
  });
  ctx.setLineDash([]);
}

/**
 * Draws the frame of state `st` (`s`, `v`, `sel`, `colours`, `labels`, `theme`,
 * `scrollX`, `scrollY`, `cursor`, `matchOn`, `drag`) with geometry `g` on `ctx`.
 * Returns the list positions drawn, `[first, last]`.
 */
export function drawTree(ctx, g, st) {
  const { v, theme } = st;
  ctx.fillStyle = theme.bg;
  ctx.fillRect(0, 0, g.plotW, g.plotH);
  if (v.count === 0) return [0, -1];
  ctx.save();
  ctx.translate(-st.scrollX, -st.scrollY);
  // MSTICPy's x-grid: a faint line at each level.
  ctx.fillStyle = theme.grid;
  for (let d = 0; d <= st.s.maxDepth; d++) ctx.fillRect(boxX(g, d), st.scrollY, 1, g.plotH);
  const [first, last] = rowsOnScreen(g, v.count, st.scrollY);
  drawLinks(ctx, g, st, first, last);
  for (let k = first; k <= last; k++) drawBox(ctx, g, st, k);
  if (st.drag) {
    const { x0, y0, x1, y1 } = st.drag;
    ctx.fillStyle = theme.sel;
    ctx.strokeStyle = theme.accent;
    ctx.lineWidth = 1;
    ctx.fillRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
    ctx.strokeRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
  }
  ctx.restore();
  return [first, last];
}

