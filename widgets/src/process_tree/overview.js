// The overview strip (MSTICPy's vertical range tool): every shown process as a short bar
// at its level, in its colour, with matches and the selection marked at the edge, and
// the part of the tree on screen shaded. The bars are written into an ImageData once per
// change of the list (one pass over the shown processes), and each frame only copies it
// and draws the shaded window.
import { ROW_H } from "./layout.js";
import { packed } from "./colouring.js";

const MAX_ROW_PX = 10; // a short list does not stretch over the whole strip

/** Pixels per list row in a strip `height` high for `count` rows. */
export const rowPixels = (count, height) => Math.min(MAX_ROW_PX, height / Math.max(1, count));

/**
 * Paints the strip's bars into `img`, an ImageData (device pixels; a new one when it is
 * null or of another size), for state `st` (`s`, `v`, `colours`, `sel`, `matchOn`,
 * `theme`). Returns the ImageData.
 */
export function paintOverview(st, width, height, img = null) {
  const { s, v, colours } = st;
  if (!img || img.width !== width || img.height !== height) img = new ImageData(Math.max(1, width), Math.max(1, height));
  const px = new Uint32Array(img.data.buffer);
  px.fill(0);
  const words = packed(colours.palette, 170);
  const missing = words[words.length - 1];
  const marks = width >= 12 ? 5 : 0; // a column at the right edge for matches and selection
  const span = width - marks - 2;
  const levels = s.maxDepth + 1;
  const barW = Math.max(2, Math.floor((span / levels) * 1.6));
  const step = Math.max(1, (span - barW) / Math.max(1, levels - 1));
  const per = rowPixels(v.count, height);
  const match = packed([st.theme.match], 255)[0];
  const chosen = packed([st.theme.accent], 255)[0];
  // Many rows share a pixel row when the list is long: a bar in the same colour as the
  // last one drawn at that pixel row and level is not drawn again, nor a mark twice.
  const last = new Float64Array(width).fill(-1); // by bar start: pixel row × 65536 + colour
  let markedRow = -1;
  for (let k = 0; k < v.count; k++) {
    const i = v.list[k];
    const y0 = Math.floor(k * per);
    const y1 = Math.min(height, Math.max(y0 + 1, Math.floor((k + 1) * per) - (per > 3 ? 1 : 0)));
    const ci = colours.index[i];
    const x0 = 1 + Math.floor(Math.min(span - barW, s.depth[i] * step));
    const key = y0 * 65536 + ci + 1;
    const chosenRow = st.sel.on[i] === 1;
    const mark = marks > 0 && (chosenRow || st.matchOn?.[i] === 1) && markedRow !== y0;
    if (last[x0] === key && !mark) continue;
    last[x0] = key;
    const word = ci < 0 ? missing : words[ci];
    for (let y = y0; y < y1; y++) {
      const row = y * width;
      for (let x = x0; x < x0 + barW; x++) px[row + x] = word;
      if (mark) {
        const m = chosenRow ? chosen : match;
        for (let x = width - marks; x < width; x++) px[row + x] = m;
      }
    }
    if (mark && chosenRow) markedRow = y0; // the selection's mark wins over a match's
  }
  return img;
}

/**
 * Draws the strip on `ctx` (`w` × `h` CSS pixels): the painted bars (`image`, a canvas
 * holding them) and the window on screen for scroll `scrollY` and plot height `plotH`.
 */
export function drawOverview(ctx, st, image, w, h, plotH) {
  ctx.fillStyle = st.theme.bg;
  ctx.fillRect(0, 0, w, h);
  if (image) ctx.drawImage(image, 0, 0, w, h);
  const per = rowPixels(st.v.count, h);
  const top = (st.scrollY / ROW_H) * per;
  const height = Math.max(4, (plotH / ROW_H) * per);
  ctx.fillStyle = "rgba(0,0,128,0.2)"; // MSTICPy's range overlay: navy, alpha 0.2
  ctx.strokeStyle = st.theme.accent;
  ctx.lineWidth = 1;
  ctx.fillRect(0.5, top, w - 1, height);
  ctx.strokeRect(0.5, top, w - 1, height);
}

/** The scroll that centres the window on strip point `y` (CSS pixels of a strip `h` high). */
export function scrollForOverview(st, y, h, plotH) {
  const per = rowPixels(st.v.count, h);
  return (y / per) * ROW_H - plotH / 2;
}
