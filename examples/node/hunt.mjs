// A first look at a file of process events from Node, with the huntkit npm package:
//   node examples/node/hunt.mjs [FILE] [COLUMN]
// (after scripts/build.sh; an installed package imports from "huntkit" instead).
import { readFile } from "node:fs/promises";
import { init, inspect, decodeTable, extractIocsTable } from "../../js/dist/index.js";

const file = process.argv[2] ?? new URL("../data/processes_on_host.csv", import.meta.url);
const column = process.argv[3] ?? "CommandLine";

await init();
const bytes = await readFile(file);

const info = inspect(bytes);
console.log(`${info.rows} rows, ${info.columns.length} columns`);
for (const c of info.columns.filter((c) => c.timeRange)) {
  console.log(`  ${c.name}: ${c.timeRange.start} .. ${c.timeRange.end}`);
}

const decoded = decodeTable(bytes, column, { output: "objects" });
console.log(`${decoded.length} decoded items in ${column}`);

const iocs = extractIocsTable(bytes, [column], { output: "objects" });
const byType = {};
for (const row of iocs) byType[row.IoCType] = (byType[row.IoCType] ?? 0) + 1;
console.log("indicators:", JSON.stringify(byType));
