// The grid's column specifications for the table: the columns shown, labelled by name,
// each as wide as its name and its first rows need, up to `max_col_width`.

const SAMPLE = 40; // rows read to size a column
const CHAR_PX = 7;

function widthOf(label, texts, max) {
  let chars = label.length + 2; // room for the sort arrow
  for (const t of texts) chars = Math.max(chars, Math.min(t.length, 200));
  return Math.min(max, Math.max(56, chars * CHAR_PX + 14));
}

/** `[{ key, label, width, kind }]` for the grid: `#` (input position) first when shown. */
export function columnSpecs(state, opts) {
  const specs = [];
  const sample = Array.from(state.rows.subarray(0, SAMPLE));
  if (opts.showIndex) {
    specs.push({ key: "#", label: "#", width: widthOf("#", [String(state.table?.numRows ?? 0)], opts.maxColWidth), kind: "index" });
  }
  for (const i of state.shown) {
    const col = state.cols[i];
    specs.push({ key: `c${i}`, label: col.name, width: widthOf(col.name, sample.map((r) => col.text(r)), opts.maxColWidth), kind: col.kind });
  }
  return specs;
}
