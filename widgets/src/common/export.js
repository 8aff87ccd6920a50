// Export of a view as PNG or SVG: what is on screen (its canvases and SVG layers, placed
// where they are drawn), with the view's background. Nothing from the data is parsed as
// markup: SVG layers are cloned as nodes and serialised, canvases copied as pixels.

const SVG = "http://www.w3.org/2000/svg";

function layers(root) {
  const box = root.getBoundingClientRect();
  const out = [];
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

/** The view as one SVG document (text): SVG layers inline, canvases as embedded images. */
export function toSVG(root) {
  const { width, height, layers: list } = layers(root);
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
      inlineColours(node, g);
      doc.appendChild(g);
    }
  }
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

/** The view as a PNG Blob, at the device's pixel ratio. */
export async function toPNG(root) {
  const { width, height } = layers(root);
  const scale = globalThis.devicePixelRatio || 1;
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext("2d");
  const url = URL.createObjectURL(new Blob([toSVG(root)], { type: "image/svg+xml" }));
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

/** Two toolbar buttons, "PNG" and "SVG", that download the view `root()` as `name`.png/.svg. */
export function exportButtons(root, name) {
  const make = (label, run) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = `Save the view as ${label}`;
    b.addEventListener("click", () => run().catch((e) => console.error("huntkit export:", e)));
    return b;
  };
  return [
    make("PNG", async () => download(await toPNG(root()), `${name}.png`)),
    make("SVG", async () => download(new Blob([toSVG(root())], { type: "image/svg+xml" }), `${name}.svg`)),
  ];
}
