// PNG and SVG export of the view. export.js copies the view's canvases and SVG layers; the
// ranking is HTML, so for the moment of an export the grid's own SVG snapshot (its visible
// rows as text nodes) is laid over it, hidden, and taken with the other layers.
import { download, toPNG, toSVG } from "../common/export.js";
import { h } from "./dom.js";

/** Runs `take()` with the grid's snapshot laid over the ranking; removes it after. */
export async function withGridSnapshot(dom, grid, take) {
  let layer = null;
  try {
    const snap = grid?.snapshot?.();
    if (snap) {
      layer = h("div");
      layer.style.position = "absolute";
      layer.style.left = "0";
      layer.style.top = "0";
      layer.style.visibility = "hidden";
      layer.style.pointerEvents = "none";
      layer.appendChild(snap);
      dom.rank.appendChild(layer);
    }
    return await take();
  } finally {
    layer?.remove();
  }
}

/** The toolbar's PNG and SVG buttons, saving `name`.png / `name`.svg. */
export function exportButtons(dom, grid, name) {
  const make = (label, run) => {
    const b = h("button", null, label);
    b.type = "button";
    b.title = `Save the view as ${label}`;
    b.addEventListener("click", () => run().catch((e) => console.error("huntkit export:", e)));
    return b;
  };
  return [
    make("PNG", async () => download(await withGridSnapshot(dom, grid(), () => toPNG(dom.root)), `${name}.png`)),
    make("SVG", async () => download(await withGridSnapshot(dom, grid(), async () => new Blob([toSVG(dom.root)], { type: "image/svg+xml" })), `${name}.svg`)),
  ];
}
