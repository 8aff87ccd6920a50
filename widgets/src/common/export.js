// Export of a view as PNG or SVG: what is on screen (its canvases and SVG layers, placed
// where they are drawn), with the view's background. Nothing from the data is parsed as
// markup: SVG layers are cloned as nodes and serialised, canvases copied as pixels.
//
// HTML parts a view wants in the file come two ways, neither touching the page: elements
// with the class `hk-export-text` (titles, status lines, legend labels) are written as SVG
// text where they stand, and the colour keys (`.hk-sw`, common/dom.js `swatch`) of a legend
// marked `hk-export-legend` as rectangles of their colour; and `extras()` may return
// detached SVG layers with the element they cover (a grid's snapshot of its visible rows,
// placed over the grid). A view that draws its own picture (the payload view's text panes) saves it with
// the same buttons (`saveButtons`).
import { SVG, button, svgEl } from "./dom.js";

function layers(root, extras) {
  const box = root.getBoundingClientRect();
  const out = [];
  for (const { node, over } of extras?.() ?? []) {
    const r = over.getBoundingClientRect();
    out.push({ node, x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height });
  }
  for (const node of root.querySelectorAll("canvas, svg")) {
    if (node.closest("svg") !== node && node.tagName.toLowerCase() === "svg") continue; // nested svg
    if (node.parentElement?.closest("svg")) continue;
    const r = node.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    out.push({ node, x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height });
  }
  return { width: Math.ceil(box.width), height: Math.ceil(box.height), layers: out };
}

function background(root) {
  const bg = getComputedStyle(root).backgroundColor;
  return bg && bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent" ? bg : "#ffffff";
}

/** The HTML elements marked for the picture (see the top of this module), where they stand. */
function markedLayer(root, doc) {
  const box = root.getBoundingClientRect();
  for (const el of root.querySelectorAll(".hk-export-text, .hk-export-legend .hk-sw")) {
    const r = el.getBoundingClientRect();
    const text = el.textContent;
    const swatch = el.classList.contains("hk-sw");
    if (!(text || swatch) || r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(el);
    const x = r.left - box.left;
    const y = r.top - box.top;
    doc.appendChild(swatch
      ? svgEl("rect", { x, y, width: r.width, height: r.height, fill: style.backgroundColor })
      : svgEl("text", { x, y: y + r.height * 0.75, fill: style.color, "font-family": style.fontFamily, "font-size": style.fontSize, "font-weight": style.fontWeight }, text));
  }
}

/**
 * The view as one SVG picture, `{ svg, width, height }` (`svg` the document's text): SVG
 * layers inline, canvases as embedded images, marked HTML as SVG text and rectangles, and
 * `extras()` layers (see the top of this module).
 */
export function picture(root, { extras } = {}) {
  const { width, height, layers: list } = layers(root, extras);
  const doc = svgEl("svg", { xmlns: SVG, width, height, viewBox: `0 0 ${width} ${height}` });
  doc.appendChild(svgEl("rect", { width: "100%", height: "100%", fill: background(root) }));
  const colour = getComputedStyle(root).color;
  for (const { node, x, y, width: w, height: h } of list) {
    if (node.tagName.toLowerCase() === "canvas") {
      doc.appendChild(svgEl("image", { x, y, width: w, height: h, href: node.toDataURL("image/png") }));
      continue;
    }
    const g = svgEl("g", { transform: `translate(${x},${y})`, color: colour, "font-family": "system-ui, sans-serif", "font-size": 11 });
    for (const child of node.childNodes) g.appendChild(child.cloneNode(true));
    // A detached layer has no computed style to copy: it carries its own colours.
    if (node.isConnected) inlineColours(node, g);
    doc.appendChild(g);
  }
  markedLayer(root, doc);
  return { svg: new XMLSerializer().serializeToString(doc), width, height };
}

// CSS variables and classes do not travel with an exported SVG: copy the computed fill and
// stroke of text and lines onto the clones.
function inlineColours(source, clone) {
  const a = source.querySelectorAll("text, line, path, rect, circle");
  const b = clone.querySelectorAll("text, line, path, rect, circle");
  for (let i = 0; i < a.length && i < b.length; i++) {
    const s = getComputedStyle(a[i]);
    if (s.fill) b[i].setAttribute("fill", s.fill);
    if (s.stroke) b[i].setAttribute("stroke", s.stroke);
    if (s.opacity && s.opacity !== "1") b[i].setAttribute("opacity", s.opacity);
  }
}

/** A picture (see `picture`) drawn at the device's pixel ratio, as a PNG Blob. */
export async function pngOf({ svg, width, height }) {
  const scale = globalThis.devicePixelRatio || 1;
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext("2d");
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
  } finally {
    URL.revokeObjectURL(url);
  }
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG export failed"))), "image/png"));
}

/** Starts a download of `blob` as `name`. */
export function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Two toolbar buttons, "PNG" and "SVG", that download `draw()` (a picture) as `name`.png/.svg. */
export function saveButtons(draw, name) {
  const make = (label, run) => {
    const b = button(label, `Save the view as ${label}`);
    b.addEventListener("click", () => run().catch((e) => console.error("huntkit export:", e)));
    return b;
  };
  return [
    make("PNG", async () => download(await pngOf(draw()), `${name}.png`)),
    make("SVG", async () => download(new Blob([draw().svg], { type: "image/svg+xml" }), `${name}.svg`)),
  ];
}

/** The buttons of `saveButtons` for the view `root()` (`options` as for `picture`). */
export function exportButtons(root, name, options = {}) {
  return saveButtons(() => picture(root(), options), name);
}
