// Elements built from text, never from markup: every view makes its DOM with these, so a
// string from the data or the options reaches the page only as a text node or an
// attribute value.

export const SVG = "http://www.w3.org/2000/svg";
export const MAX_LABEL = 200; // characters of a label, a title or a column name shown

const withText = (node, text) => {
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
};

/** A `tag` element with class `cls` and `text` (when given) as its text content. */
export function h(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  return withText(node, text);
}

/** An SVG `tag` element with attributes `attrs` and `text` (when given) as its text content. */
export function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return withText(node, text);
}

/** A button of type "button" labelled `label`, with `title` as its hint. */
export function button(label, title) {
  const b = h("button", null, label);
  b.type = "button";
  if (title) b.title = title;
  return b;
}

/** A legend's colour key: a small box of CSS colour `colour` (see common/export.js for the picture). */
export function swatch(colour) {
  const sw = h("span", "hk-sw");
  sw.style.background = colour;
  return sw;
}

/** `s` as text cut to `n` characters, with an ellipsis when cut. */
export function clip(s, n = MAX_LABEL) {
  const t = String(s ?? "");
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

/**
 * `css` with every rule limited to the view's root `scope`: views share class names
 * (`.hk-legend`, `.hk-tip`, ...) and a page may show several kinds side by side, so a rule
 * written for one must not restyle another. Selectors that already start at the root keep
 * their form. The stylesheets are the views' own constants, never text from the data.
 */
export function scopeCss(css, scope) {
  return css.replace(/(^|})([^{}]+)\{/g, (_, close, selectors) => {
    const scoped = selectors
      .split(",")
      .map((sel) => {
        const t = sel.trim();
        if (!t || t.startsWith(scope) || t.startsWith("@")) return t;
        return `${scope} ${t}`;
      })
      .join(",");
    return `${close}${scoped}{`;
  });
}

/**
 * What every view's root starts with: a `div` of class `cls` holding its stylesheet `css`,
 * the title, the toolbar and the error line; and the status line, which the view places
 * in its toolbar. The title and the status are written into an exported picture as text.
 * The view appends the rest and puts `root` in its element.
 */
export function viewRoot(cls, css) {
  const root = h("div", cls);
  const title = h("div", "hk-title hk-export-text");
  const bar = h("div", "hk-bar");
  const errorBox = h("div", "hk-error");
  root.append(h("style", null, scopeCss(css, `.${cls}`)), title, bar, errorBox);
  return { root, title, bar, errorBox, status: h("span", "hk-status hk-export-text") };
}
