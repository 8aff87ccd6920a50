// The table's option traits (named as the Python keywords, after MSTICPy's DataViewer where
// it has them), their defaults and normalised forms.

export const DEFAULT_HEIGHT = 550; // MSTICPy's DataViewer default
export const MAX_NAME = 200; // characters of a column name kept for labels

/** Traits that change which columns show or how; the data's order is untouched. */
export const COLUMN_KEYS = ["selected_cols", "hidden_cols", "show_tenant_id", "show_index", "max_col_width"];
/** Traits that change the rows shown and their order. */
export const ORDER_KEYS = ["filters", "sort_by", "ascending"];
/** Traits that change the frame around the grid. */
export const FRAME_KEYS = ["title", "width", "height", "detail_cols", "show_details", "header_filters", "selectable"];

const strings = (v) => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : typeof v === "string" ? [v] : []);

/** Reads the options of `model` with defaults, normalised. */
export function readOptions(model) {
  const get = (k) => model.get(k);
  const height = Number(get("height"));
  const width = Number(get("width"));
  const maxWidth = Number(get("max_col_width"));
  const sel = get("selectable");
  const ascending = get("ascending");
  const sortBy = strings(get("sort_by"));
  const filters = get("filters");
  return {
    // null: every column; a list (even empty, as the chooser's None leaves it): those.
    selectedCols: Array.isArray(get("selected_cols")) ? strings(get("selected_cols")) : null,
    hiddenCols: strings(get("hidden_cols")),
    showTenantId: get("show_tenant_id") === true,
    showIndex: get("show_index") === true,
    maxColWidth: maxWidth > 0 ? Math.min(2000, Math.max(40, maxWidth)) : 500,
    detailCols: Array.isArray(get("detail_cols")) && get("detail_cols").length ? strings(get("detail_cols")) : null,
    showDetails: get("show_details") !== false,
    headerFilters: get("header_filters") !== false,
    selectable: sel === "single" || sel === "none" ? sel : sel === false ? "none" : "multi",
    sorts: sortBy.map((name, i) => ({
      name,
      desc: (Array.isArray(ascending) ? ascending[i] : ascending) === false,
    })),
    filters: filters && typeof filters === "object" && !Array.isArray(filters)
      ? Object.entries(filters).filter(([, v]) => typeof v === "string" && v.trim() !== "")
      : [],
    title: typeof get("title") === "string" ? get("title").slice(0, MAX_NAME) : "",
    width: width > 0 ? Math.min(10000, width) : null,
    height: height > 0 ? Math.min(5000, Math.max(120, height)) : DEFAULT_HEIGHT,
  };
}

/**
 * The columns to show, as indexes into `names` (the data's column names): `selected_cols`
 * in their order (else every column), less `hidden_cols`, less TenantId unless
 * `show_tenant_id` or `selected_cols` names it (MSTICPy hides it by default).
 */
export function visibleColumns(names, o) {
  const first = new Map();
  names.forEach((n, i) => first.has(n) || first.set(n, i));
  const base = o.selectedCols ? o.selectedCols.filter((n) => first.has(n)).map((n) => first.get(n)) : names.map((_, i) => i);
  const hidden = new Set(o.hiddenCols);
  if (!o.showTenantId && !o.selectedCols?.includes("TenantId")) hidden.add("TenantId");
  return [...new Set(base)].filter((i) => !hidden.has(names[i]));
}
