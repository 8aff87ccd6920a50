// Colours from options, parsed to an allow-list before they reach a style or a canvas.
//
// `CSS.supports("color", c)` is not a filter: it accepts any `var(--x)`, and a custom
// property can hold `url(...)`, so a colour option could make the browser fetch an outside
// address. Only named colours, hex and numeric `rgb()` / `hsl()` pass here, rewritten in a
// canonical form; everything else is refused.

const NAMED = new Set(
  (
    "aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue " +
    "blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk " +
    "crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki " +
    "darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen " +
    "darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue " +
    "dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite " +
    "gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki " +
    "lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan " +
    "lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen " +
    "lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen " +
    "magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen " +
    "mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream " +
    "mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid " +
    "palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum " +
    "powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown " +
    "seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen " +
    "steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow " +
    "yellowgreen transparent"
  ).split(" "),
);

const NUM = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?`;
const SEP = String.raw`\s*(?:,|\s)\s*`;
const ALPHA = String.raw`(?:\s*(?:,|/)\s*(${NUM})(%?))?`;
const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/;
const RGB = new RegExp(String.raw`^rgba?\(\s*(${NUM})(%?)${SEP}(${NUM})(%?)${SEP}(${NUM})(%?)${ALPHA}\s*\)$`);
const HSL = new RegExp(String.raw`^hsla?\(\s*(${NUM})(deg)?${SEP}(${NUM})%${SEP}(${NUM})%${ALPHA}\s*\)$`);

const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));

function alpha(value, percent) {
  if (value === undefined) return 1;
  const a = Number(value) / (percent ? 100 : 1);
  return clamp(a, 0, 1);
}

/**
 * The colour `value` names, in a canonical form (`#rrggbb`, a lower-case name, or
 * `rgba(r, g, b, a)` / `hsla(h, s%, l%, a)` with plain numbers), or `null` when it is
 * anything else.
 */
export function parseColour(value) {
  if (typeof value !== "string" || value.length > 64) return null;
  const c = value.trim().toLowerCase();
  if (NAMED.has(c) || HEX.test(c)) return c;
  let m = RGB.exec(c);
  if (m) {
    const channel = (v, pct) => Math.round(clamp(Number(v) * (pct ? 2.55 : 1), 0, 255));
    if (m[2] !== m[4] || m[4] !== m[6]) return null; // all percentages or none
    return `rgba(${channel(m[1], m[2])}, ${channel(m[3], m[4])}, ${channel(m[5], m[6])}, ${alpha(m[7], m[8])})`;
  }
  m = HSL.exec(c);
  if (m) {
    const hue = ((Number(m[1]) % 360) + 360) % 360;
    return `hsla(${hue}, ${clamp(Number(m[3]), 0, 100)}%, ${clamp(Number(m[4]), 0, 100)}%, ${alpha(m[5], m[6])})`;
  }
  return null;
}

/** `parseColour(value)`, or `fallback` when the value is not an allowed colour. */
export function colourOr(value, fallback) {
  return parseColour(value) ?? fallback;
}
