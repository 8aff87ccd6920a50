// The map's option traits, named as the Python keywords (MSTICPy's `FoliumMap` /
// `plot_map` name the coordinate columns `latitude_column` and `longitude_column`), with
// their defaults and normalised forms.

export const DEFAULT_HEIGHT = 450;
export const DEFAULT_CLUSTER_RADIUS = 40; // pixels: points nearer than this on screen share a cluster
/** The GeoIP lookup's columns shown on hover when `source_columns` is empty and they are there. */
export const GEOIP_COLUMNS = ["IpAddress", "CountryCode", "CountryOrRegionName", "State", "City", "Asn", "AsnOrganization"];
/** Traits that change which points there are and how they look. */
export const DATA_KEYS = ["latitude_column", "longitude_column", "label_column", "color_column"];
/** Traits that change only the drawing. */
export const DRAW_KEYS = ["cluster", "cluster_radius", "source_columns", "projection"];
/** Traits that change the frame. */
export const FRAME_KEYS = ["title", "width", "height"];

const str = (v, d) => (typeof v === "string" && v ? v : d);

/** Reads the options of `model` with defaults. */
export function readOptions(model) {
  const get = (k) => model.get(k);
  const height = Number(get("height"));
  const width = Number(get("width"));
  const radius = Number(get("cluster_radius"));
  const sources = get("source_columns");
  return {
    latitude: str(get("latitude_column"), "Latitude"),
    longitude: str(get("longitude_column"), "Longitude"),
    label: str(get("label_column"), "IpAddress"),
    colour: str(get("color_column"), null),
    sources: Array.isArray(sources) ? sources.filter((s) => typeof s === "string").slice(0, 50) : [],
    cluster: get("cluster") !== false,
    clusterRadius: radius > 0 ? Math.min(200, Math.max(8, radius)) : DEFAULT_CLUSTER_RADIUS,
    projection: get("projection") === "equal_earth" ? "equal_earth" : "natural_earth",
    title: str(get("title"), ""),
    height: height > 0 ? Math.min(5000, Math.max(150, height)) : DEFAULT_HEIGHT,
    width: width > 0 ? Math.min(20000, Math.max(200, width)) : null,
  };
}
