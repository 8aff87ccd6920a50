// Threat-intelligence severities: their order, their names as the providers and MSTICPy
// write them, and their colours. The colours are theme tokens of the views that show
// severities (the TI browser's badges, the map's points coloured by Severity); each holds
// WCAG contrast of at least 3:1 against the light (#ffffff) and the dark (#0d1117)
// background.

/** Severities from least to most severe; `unknown` first, as MSTICPy ranks it (-1). */
export const SEVERITIES = ["unknown", "information", "low", "medium", "high"];

// MSTICPy's ResultSeverity calls medium "warning"; "info" and numbers are read too.
const ALIASES = new Map([
  ["warning", "medium"],
  ["warn", "medium"],
  ["info", "information"],
  ["informational", "information"],
  ["none", "information"],
  ["critical", "high"],
  ["-1", "unknown"],
  ["0", "information"],
  ["1", "low"],
  ["2", "medium"],
  ["3", "high"],
]);

/** A severity cell (text, number or null) as one of SEVERITIES. */
export function severityOf(value) {
  if (value === null || value === undefined) return "unknown";
  const s = String(value).trim().toLowerCase();
  if (SEVERITIES.includes(s)) return s;
  return ALIASES.get(s) ?? "unknown";
}

/**
 * How a severity cell is shown: its own word when it is one of the names (MSTICPy's
 * results say "warning", other tables "medium"), else the severity it stands for.
 */
export function severityLabel(value) {
  const s = value === null || value === undefined ? "" : String(value).trim().toLowerCase();
  return (SEVERITIES.includes(s) || ALIASES.has(s)) && !/^-?\d$/.test(s) ? s : severityOf(value);
}

/** Rank of a severity name: higher is more severe. */
export const severityRank = (name) => SEVERITIES.indexOf(name);

/** Light and dark colours per severity (the CSS tokens `--hk-sev-<name>`). */
export const SEVERITY_COLOURS = {
  light: { unknown: "#6e7781", information: "#0969da", low: "#1a7f37", medium: "#9a6700", high: "#cf222e" },
  dark: { unknown: "#8b949e", information: "#58a6ff", low: "#3fb950", medium: "#d29922", high: "#ff7b72" },
};

/** The CSS custom properties of the severity colours, for a view's light and dark rules. */
export function severityTokens(theme) {
  return Object.entries(SEVERITY_COLOURS[theme]).map(([k, v]) => `--hk-sev-${k}:${v};`).join("");
}
