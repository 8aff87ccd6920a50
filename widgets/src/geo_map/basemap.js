// The offline world basemap: Natural Earth's countries at 1:110m (the world-atlas package's
// TopoJSON, bundled into the view, so the map draws with no network), projected with
// d3-geo (Natural Earth or Equal Earth) to fit the canvas, and drawn under the zoom's
// transform.
import { geoEqualEarth, geoGraticule10, geoNaturalEarth1, geoPath } from "d3-geo";
import { feature, mesh } from "topojson-client";
import countries110m from "world-atlas/countries-110m.json" with { type: "json" };

let shapes = null; // the countries, their borders and the sphere, decoded once per page

function decode() {
  if (!shapes) {
    const topology = countries110m;
    shapes = {
      land: feature(topology, topology.objects.countries),
      borders: mesh(topology, topology.objects.countries, (a, b) => a !== b),
      graticule: geoGraticule10(),
      sphere: { type: "Sphere" },
    };
  }
  return shapes;
}

/** Land, border, sea and grid colours of the basemap in each theme (canvas colours). */
export const BASEMAP_COLOURS = {
  light: { sea: "#f6f8fa", land: "#e3e7eb", border: "#aab2bb", grid: "#e6e9ec", point: "#0969da", ring: "#1f2328", badge: "#ffffff" },
  dark: { sea: "#161b22", land: "#2d333b", border: "#5b6571", grid: "#1f252d", point: "#58a6ff", ring: "#e6edf3", badge: "#0d1117" },
};

/**
 * The basemap for a canvas of `width` × `height` CSS pixels: `{ project(lonLat), draw(ctx,
 * t, colours) }`. `project` maps [lon, lat] to base pixels; `draw` paints the sea, the
 * land and the borders under zoom `t` (`{ k, x, y }`) onto `ctx`, whose transform maps
 * CSS pixels.
 */
export function createBasemap(width, height, kind = "natural_earth") {
  const { land, borders, graticule, sphere } = decode();
  const projection = (kind === "equal_earth" ? geoEqualEarth() : geoNaturalEarth1()).fitExtent([[4, 4], [Math.max(8, width - 4), Math.max(8, height - 4)]], sphere);
  const strings = geoPath(projection);
  // Path2D caches the geometry in the browser; without it (Node), d3 draws to the context.
  const cached = typeof Path2D === "function" ? {
    land: new Path2D(strings(land) ?? ""),
    borders: new Path2D(strings(borders) ?? ""),
    graticule: new Path2D(strings(graticule) ?? ""),
    sphere: new Path2D(strings(sphere) ?? ""),
  } : null;
  const paint = (ctx, name, geo) => {
    if (cached) return cached[name];
    ctx.beginPath();
    geoPath(projection, ctx)(geo);
    return undefined;
  };
  return {
    project: (lonLat) => projection(lonLat),
    draw(ctx, t, c) {
      ctx.save();
      ctx.translate(t.x, t.y);
      ctx.scale(t.k, t.k);
      const sea = paint(ctx, "sphere", sphere);
      ctx.fillStyle = c.sea;
      if (sea) ctx.fill(sea);
      else ctx.fill();
      ctx.lineWidth = 0.5 / t.k;
      ctx.strokeStyle = c.grid;
      const grid = paint(ctx, "graticule", graticule);
      if (grid) ctx.stroke(grid);
      else ctx.stroke();
      ctx.fillStyle = c.land;
      const l = paint(ctx, "land", land);
      if (l) ctx.fill(l);
      else ctx.fill();
      ctx.strokeStyle = c.border;
      ctx.lineWidth = 0.6 / t.k;
      const b = paint(ctx, "borders", borders);
      if (b) ctx.stroke(b);
      else ctx.stroke();
      ctx.restore();
    },
  };
}
