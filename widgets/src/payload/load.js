// From the traits to a layer model: the payload (the `text` trait, or the `column` of the
// table in `data`), decoded by the engine into its record table.
import { cellText, hasColumn, toData } from "../common/arrow.js";
import { buildLayers } from "./layers.js";
import { decodeOptions } from "./options.js";

function coded(code, message) {
  const e = new Error(message);
  e.code = code;
  return e;
}

/** Which input the traits name: `{ mode: "text", text }`, `{ mode: "frame", data, column }` or null. */
export function inputOf(model, opt, engine) {
  const raw = model.get("data");
  const hasData = raw !== null && raw !== undefined && !(raw.byteLength === 0 || raw.length === 0);
  const text = opt("text");
  if (!hasData) return typeof text === "string" ? { mode: "text", text } : null;
  const data = toData(raw, engine);
  if (!data) return typeof text === "string" ? { mode: "text", text } : null;
  let column = opt("column");
  const names = data.table.schema.fields.map((f) => f.name);
  if (typeof column !== "string" || !column) {
    if (names.length !== 1) throw coded("invalid_option", "column must be supplied if the input is a table (it has several columns)");
    column = names[0];
  }
  if (!hasColumn(data.table, column)) throw coded("invalid_option", `column not in the data: ${column}`);
  return { mode: "frame", data, column };
}

/**
 * Decodes the input: `{ model, resultIPC, truncated, input }` (`resultIPC` is the record
 * table as Arrow IPC, for the `result` trait), or null when there is nothing to show.
 */
export async function loadLayers(runner, input, opt, engine) {
  if (!input) return null;
  const options = decodeOptions(opt);
  if (input.mode === "text") {
    const out = await runner.decodeText(input.text, options);
    const records = engine.arrow.tableFromIPC(out.records);
    const model = buildLayers(records, [{ row: 0, text: input.text }], { frame: false });
    return { model, resultIPC: out.records, truncated: out.truncated, input };
  }
  const ipc = await runner.decodeRows(input.data.ipc, input.column, options);
  const records = engine.arrow.tableFromIPC(ipc);
  const src = records.getChild("src_index");
  const rows = new Set();
  for (let i = 0; i < records.numRows; i++) rows.add(Number(src?.get(i) ?? 0));
  const sources = [...rows].map((row) => ({ row, text: cellText(input.data.table, input.column, row) }));
  const model = buildLayers(records, sources, { frame: true });
  // The table's shared budget ran out: the engine names the first row left undecoded.
  const warning = records.schema.metadata?.get?.("huntkit:warning") ?? null;
  return { model, resultIPC: ipc, truncated: Boolean(warning), warning, input };
}
