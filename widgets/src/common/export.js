// Export of a view as PNG or SVG: what is on screen (its canvases and SVG layers, placed
// where they are drawn), with the view's background. Nothing from the data is parsed as
// markup: SVG layers are cloned as nodes and serialised, canvases copied as pixels.
//
// HTML parts a view wants in the file come two ways, neither touching the page: elements
// with the class `hk-export-text` (titles, legend rows) are written as SVG text where they
// stand, and `extras()` may return detached SVG layers with the element they cover (a
// grid's snapshot of its visible rows, placed over the grid).

const SVG = "http://www.w3.org/2000/svg";

function layers(root, extras) {
  const box = root.getBoundingClientRect();
  const out = [];
  for (const { node, over } of extras?.() ?? []) {
    const r = over.getBoundingClientRect();
    out.push({ node, x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height, extra: true });
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

/** Text of the HTML elements marked `hk-export-text`, as SVG text where they stand. */
function textLayer(root, doc) {
  const box = root.getBoundingClientRect();
  for (const el of root.querySelectorAll(".hk-export-text")) {
    const r = el.getBoundingClientRect();
    const text = el.textContent;
    if (!text || r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(el);
    const t = document.createElementNS(SVG, "text");
    t.setAttribute("x", String(r.left - box.left));
    t.setAttribute("y", String(r.top - box.top + r.height * 0.75));
    t.setAttribute("fill", style.color);
    t.setAttribute("font-family", style.fontFamily);
    t.setAttribute("font-size", style.fontSize);
    t.setAttribute("font-weight", style.fontWeight);
    t.textContent = text;
    doc.appendChild(t);
  }
}

/**
 * The view as one SVG document (text): SVG layers inline, canvases as embedded images,
 * marked HTML text as SVG text, and `extras()` layers (see the top of this module).
 */
export function toSVG(root, { extras } = {}) {
  const { width, height, layers: list } = layers(root, extras);
  const doc = document.createElementNS(SVG, "svg");
  doc.setAttribute("xmlns", SVG);
  doc.setAttribute("width", String(width));
  doc.setAttribute("height", String(height));
  doc.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const bg = document.createElementNS(SVG, "rect");
  bg.setAttribute("width", "100%");
  bg.setAttribute("height", "100%");
  bg.setAttribute("fill", background(root));
  doc.appendChild(bg);
  const colour = getComputedStyle(root).color;
  for (const { node, x, y, width: w, height: h } of list) {
    if (node.tagName.toLowerCase() === "canvas") {
      const img = document.createElementNS(SVG, "image");
      img.setAttribute("x", String(x));
      img.setAttribute("y", String(y));
      img.setAttribute("width", String(w));
      img.setAttribute("height", String(h));
      img.setAttribute("href", node.toDataURL("image/png"));
      doc.appendChild(img);
    } else {
      const g = document.createElementNS(SVG, "g");
      g.setAttribute("transform", `translate(${x},${y})`);
      g.setAttribute("color", colour);
      g.setAttribute("font-family", "system-ui, sans-serif");
      g.setAttribute("font-size", "11");
      for (const child of node.childNodes) g.appendChild(child.cloneNode(true));
      // A detached layer has no computed style to copy: it carries its own colours.
      if (!node.isConnected) {
        doc.appendChild(g);
        continue;
      }
      inlineColours(node, g);
      doc.appendChild(g);
    }
  }
  textLayer(root, doc);
  return new XMLSerializer().serializeToString(doc);
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

/** The view as a PNG Blob, at the device's pixel ratio (`options` as for `toSVG`). */
export async function toPNG(root, options = {}) {
  const { width, height } = layers(root, options.extras);
  const scale = globalThis.devicePixelRatio || 1;
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext("2d");
  const url = URL.createObjectURL(new Blob([toSVG(root, options)], { type: "image/svg+xml" }));
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

/**
 * Two toolbar buttons, "PNG" and "SVG", that download the view `root()` as `name`.png/.svg
 * (`options` as for `toSVG`).
 */
export function exportButtons(root, name, options = {}) {
  const make = (label, run) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = `Save the view as ${label}`;
    b.addEventListener("click", () => run().catch((e) => console.error("huntkit export:", e)));
    return b;
  };
  return [
    make("PNG", async () => download(await toPNG(root(), options), `${name}.png`)),
    make("SVG", async () => download(new Blob([toSVG(root(), options)], { type: "image/svg+xml" }), `${name}.svg`)),
  ];
}
