// The map's points: coordinates, labels and colour keys read once from the Arrow table;
// rows without usable coordinates are set aside as "not located". Coordinates are
// projected once per map size; zoom and pan only transform them.
import { cellText } from "../common/arrow.js";
import { codedError } from "../common/options.js";
import { PALETTE } from "../timeline/model.js";
import { SEVERITY_COLOURS, severityOf, severityRank } from "../ti_browser/severity.js";

/**
 * The points of `table` under options `opts` (see options.js): `{ rows, lon, lat, labels,
 * keys, missing }` — `rows` the input positions of located points, `lon`/`lat` their
 * coordinates, `labels` and `keys` (colour values) their text, `missing` the input
 * positions of rows without usable coordinates. Throws `column_not_found` for a missing
 * coordinate, label or colour column.
 */
export function readPoints(table, opts) {
  for (const [what, name] of [["latitude", opts.latitude], ["longitude", opts.longitude], ["colour", opts.colour]]) {
    if (name && !table.getChild(name)) throw codedError("column_not_found", `${what} column '${name}' is not in the data`);
  }
  const latVec = table.getChild(opts.latitude);
  const lonVec = table.getChild(opts.longitude);
  const label = table.getChild(opts.label);
  const colour = opts.colour ? table.getChild(opts.colour) : null;
  // Strings straight from the vector; other types (numbers, times) as the tooltips write them.
  const textOf = (vec, name, i) => {
    const v = vec.get(i);
    return typeof v === "string" ? v : v === null || v === undefined ? "" : cellText(table, name, i);
  };
  const rows = [];
  const lon = [];
  const lat = [];
  const labels = [];
  const keys = [];
  const missing = [];
  for (let i = 0; i < table.numRows; i++) {
    const a = latVec.get(i);
    const b = lonVec.get(i);
    const y = a === null ? NaN : Number(a);
    const x = b === null ? NaN : Number(b);
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(y) > 90 || Math.abs(x) > 180) {
      missing.push(i);
      continue;
    }
    rows.push(i);
    lon.push(x);
    lat.push(y);
    labels.push(label ? textOf(label, opts.label, i) : `row ${i}`);
    keys.push(colour ? textOf(colour, opts.colour, i) : "");
  }
  const hasLabel = Boolean(label);
  return { rows: Uint32Array.from(rows), lon: Float64Array.from(lon), lat: Float64Array.from(lat), labels, keys, missing, hasLabel };
}

/** The label of input row `row` of `table` (for the not-located list). */
export function labelOf(table, opts, row) {
  return table.getChild(opts.label) ? cellText(table, opts.label, row) : `row ${row}`;
}

const SEVERITY_WORDS = new Set(["unknown", "information", "info", "informational", "low", "medium", "warning", "high", "critical"]);

/**
 * Colours of the colour column's values: severities (every value a severity word) in the
 * severity colours of the theme, anything else in the categorical palette by order of
 * first appearance. Returns `{ values, colourOf(key), isSeverity }`.
 */
export function colourScale(keys, dark) {
  let values = [...new Set(keys)];
  const isSeverity = values.length > 0 && values.every((v) => SEVERITY_WORDS.has(v.trim().toLowerCase()));
  if (isSeverity) values = values.sort((a, b) => severityRank(severityOf(b)) - severityRank(severityOf(a)));
  const theme = SEVERITY_COLOURS[dark ? "dark" : "light"];
  const index = new Map([...new Set(keys)].map((v, i) => [v, i]));
  return {
    values,
    isSeverity,
    colourOf: (k) => (isSeverity ? theme[severityOf(k)] : PALETTE[(index.get(k) ?? 0) % PALETTE.length]),
  };
}

/** Base pixel positions of every point (`project` maps [lon, lat] to them); the zoom transforms them on screen. */
export function baseXY(points, project) {
  const n = points.rows.length;
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = project([points.lon[i], points.lat[i]]) ?? [NaN, NaN];
    bx[i] = p[0];
    by[i] = p[1];
  }
  return { bx, by };
}
