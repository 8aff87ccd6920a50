// The TI browser's model of its data: the result rows read once from the Arrow table,
// grouped by indicator (MSTICPy's `browse_results` lists one entry per Ioc with every
// provider's result under it), and the filters that decide which rows show.
import { cellText } from "../common/arrow.js";
import { codedError } from "../common/options.js";
import { severityLabel, severityOf, severityRank } from "./severity.js";

/** The columns of a TI result table (MSTICPy's `lookup_iocs` output). */
export const COLUMNS = ["Ioc", "IocType", "Provider", "Result", "Severity", "Details", "RawResult", "Reference"];
const REQUIRED = ["Ioc", "Provider"];

/** A `Result` cell as a boolean: booleans, "true"/"false" text, numbers; null is false. */
export function resultOf(value) {
  if (typeof value === "boolean") return value;
  if (value === null || value === undefined) return false;
  if (typeof value === "number" || typeof value === "bigint") return Number(value) !== 0;
  return /^(true|yes|1)$/i.test(String(value).trim());
}

/**
 * The rows of `table` as plain records `{ row, ioc, iocType, provider, result, severity,
 * severityLabel, details, raw, reference }` (`severity` one of SEVERITIES, `severityLabel`
 * the word the data uses for it); throws `column_not_found` when Ioc or Provider is missing.
 */
export function readRows(table) {
  const missing = REQUIRED.filter((c) => !table.getChild(c));
  if (missing.length) throw codedError("column_not_found", `TI results need the column(s) ${missing.join(", ")}`);
  const resultVec = table.getChild("Result");
  const text = (c, i) => cellText(table, c, i);
  const rows = [];
  for (let i = 0; i < table.numRows; i++) {
    let result = false;
    try {
      result = resultOf(resultVec?.get(i));
    } catch {
      result = false;
    }
    const reference = text("Reference", i);
    const severityCell = table.getChild("Severity") ? text("Severity", i) || null : null;
    rows.push({
      row: i,
      ioc: text("Ioc", i),
      iocType: text("IocType", i),
      provider: text("Provider", i),
      result,
      severity: severityOf(severityCell),
      severityLabel: severityLabel(severityCell),
      details: text("Details", i),
      raw: text("RawResult", i),
      reference: reference || null,
    });
  }
  return rows;
}

/**
 * Rows grouped by indicator: `[{ ioc, iocType, rows, severity }]`, most severe first
 * (then in order of first appearance), each group's rows most severe first.
 */
export function groupRows(rows) {
  const byIoc = new Map();
  for (const r of rows) {
    let g = byIoc.get(r.ioc);
    if (!g) {
      g = { ioc: r.ioc, iocType: r.iocType, rows: [], severity: "unknown", severityLabel: "unknown", first: r.row };
      byIoc.set(r.ioc, g);
    }
    if (!g.iocType && r.iocType) g.iocType = r.iocType;
    g.rows.push(r);
    if (severityRank(r.severity) > severityRank(g.severity)) {
      g.severity = r.severity;
      g.severityLabel = r.severityLabel;
    }
  }
  const groups = [...byIoc.values()];
  for (const g of groups) g.rows.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.row - b.row);
  return groups.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.first - b.first);
}

/** The providers of `rows`, in order of first appearance. */
export function providersOf(rows) {
  return [...new Set(rows.map((r) => r.provider))];
}

/**
 * Whether row `r` passes the filters: `severities` and `providers` (Sets; empty or null
 * means all), `search` (text the Ioc, its type or a provider's details must contain, any
 * case) and `positiveOnly` (only rows whose Result is true).
 */
export function rowShown(r, { severities, providers, search, positiveOnly }) {
  if (severities?.size && !severities.has(r.severity)) return false;
  if (providers?.size && !providers.has(r.provider)) return false;
  if (positiveOnly && !r.result) return false;
  if (search) {
    const q = search.toLowerCase();
    if (!r.ioc.toLowerCase().includes(q) && !r.iocType.toLowerCase().includes(q) && !r.details.toLowerCase().includes(q)) return false;
  }
  return true;
}

/** The groups with only their rows that pass `filters`; groups left empty are dropped. */
export function filterGroups(groups, filters) {
  const out = [];
  for (const g of groups) {
    const rows = g.rows.filter((r) => rowShown(r, filters));
    if (rows.length) out.push({ ...g, rows });
  }
  return out;
}

/** Input positions of the rows of `groups`, ascending (the view's `result`). */
export function shownRows(groups) {
  const rows = [];
  for (const g of groups) for (const r of g.rows) rows.push(r.row);
  return Uint32Array.from(rows).sort();
}
