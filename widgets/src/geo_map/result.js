// The map's `result`: the located rows of the input, in input order, with two columns
// added — `source_row` (the row's position in the input, what `selected_indices` speaks)
// and `cluster` (the marker the point is drawn in at the current zoom; points sharing it
// share a marker, a lone point has a cluster of its own). Rows without coordinates are
// left out (the view lists them as not located).
import { toIPC } from "../common/arrow.js";
import { takeRows } from "../data_table/take.js";

/** A column name not yet in `names`: `name`, else `name_1`, `name_2`, … */
export function freeName(names, name) {
  if (!names.includes(name)) return name;
  let i = 1;
  while (names.includes(`${name}_${i}`)) i++;
  return `${name}_${i}`;
}

/** Arrow IPC of the result for `points` (points.js) and the cluster of each (`of`). */
export function resultBytes(table, points, of, engine) {
  const { arrow } = engine;
  const taken = takeRows(table, points.rows, arrow);
  const names = taken.schema.fields.map((f) => f.name);
  const columns = {};
  names.forEach((name, i) => {
    columns[name] = taken.getChildAt(i);
  });
  const rowName = freeName(names, "source_row");
  const clusterName = freeName([...names, rowName], "cluster");
  columns[rowName] = arrow.makeVector(Int32Array.from(points.rows));
  columns[clusterName] = arrow.makeVector(Int32Array.from(of));
  return toIPC(new arrow.Table(columns), engine);
}
