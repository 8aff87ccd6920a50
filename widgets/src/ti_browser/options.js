// The TI browser's option traits, named as the Python keywords (MSTICPy's `browse_results`
// takes `severities`; the rest are huntkit's), with their defaults and normalised forms.
import { severityOf } from "./severity.js";

export const DEFAULT_HEIGHT = 500;
/** Traits that change which rows show. */
export const FILTER_KEYS = ["severities", "providers", "search", "positive_only"];
/** Traits that change the frame. */
export const FRAME_KEYS = ["title", "width", "height"];

const strings = (v) => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : typeof v === "string" && v ? [v] : null);

/** Reads the options of `model`, normalised: severities and providers as Sets (null: all). */
export function readOptions(model) {
  const sev = strings(model.get("severities"));
  const prov = strings(model.get("providers"));
  const height = Number(model.get("height"));
  const width = Number(model.get("width"));
  return {
    severities: sev ? new Set(sev.map(severityOf)) : null,
    providers: prov ? new Set(prov) : null,
    search: typeof model.get("search") === "string" ? model.get("search").slice(0, 1000) : "",
    positiveOnly: model.get("positive_only") === true,
    title: typeof model.get("title") === "string" ? model.get("title") : "",
    height: height > 0 ? Math.min(10000, Math.max(120, height)) : DEFAULT_HEIGHT,
    width: width > 0 ? Math.min(20000, Math.max(200, width)) : null,
  };
}
