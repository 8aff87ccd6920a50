// The text of a process: its box (name, PID, command line), its tooltip (MSTICPy's hover
// fields) and what the search looks through. Read from the tree's table on demand, by
// display index, and cut to bounded lengths.
import { clip } from "../common/dom.js";
import { textReader, textsOf, valueReader } from "./data.js";
import { baseName } from "./schemas.js";
import { pidLabel } from "./options.js";

const MAX_CELL = 1000; // characters of a cell read for display
const MAX_TIP = 600; // characters of a tooltip value

/**
 * Readers over structure `s` and the tree's `table` with column `roles` (schemas.js):
 * `name(i)`, `path(i)`, `pid(i)`, `cmd(i)`, `tip(i)` (label/value pairs),
 * `cell(i, column)`;
 * `searchTexts()` (every process's searchable text, by display index). `pidFmt` is "hex", "dec" or "guid"; `msticpy` keeps MSTICPy's "NA".
 */
export function createLabels(table, s, roles, { pidFmt = "hex", msticpy = false } = {}) {
  const text = {};
  const readerOf = (col) => (text[col] ??= textReader(table, col));
  const at = (col, i) => (col ? readerOf(col)(s.tableRow[i]) : "");
  const pidValue = valueReader(table, roles.pid);
  const cut = (v, n = MAX_CELL) => (v.length > n ? v.slice(0, n) : v);

  const path = (i) => cut(at(roles.name, i)) || "unknown";
  const name = (i) => baseName(path(i), roles.sep);
  const pid = (i) => pidLabel(pidValue(s.tableRow[i]), pidFmt, msticpy);
  const cmd = (i) => (roles.cmd ? cut(at(roles.cmd, i)) || "cmdline unknown" : "cmdline unknown");
  const flagsOf = readerOf("flags");

  function tip(i) {
    const rows = [
      ["Process", path(i)],
      ["PID", roles.pid ? at(roles.pid, i) : ""],
      ["CmdLine", roles.cmd ? at(roles.cmd, i) : ""],
      ["SubjUser", at(roles.user, i)],
      ["SubjLgnId", at(roles.logon, i)],
      ["TgtLgnId", at(roles.targetLogon, i)],
      ["Time", at(roles.time, i)],
    ];
    if (roles.host) rows.push(["Host", at(roles.host, i)]);
    const flags = flagsOf(s.tableRow[i]);
    if (flags) rows.push(["Flags", flags]);
    if (s.inputRow[i] < 0) rows.push(["Row", "synthesised parent (not in the input)"]);
    else rows.push(["Row", String(s.inputRow[i])]);
    return rows.map(([k, v]) => [k, clip(v || "", MAX_TIP)]);
  }

  // Every process's searchable text: path, id (as given, and in the other base), command
  // line and account, read a column at a time.
  function searchTexts() {
    const cols = [roles.name, roles.pid, roles.cmd, roles.user].map((c) => textsOf(table, c));
    const out = new Array(s.n);
    for (let i = 0; i < s.n; i++) {
      const r = s.tableRow[i];
      const id = cols[1][r];
      const n = /^0x[0-9a-f]+$/i.test(id) ? parseInt(id, 16) : /^\d+(\.0*)?$/.test(id) ? Number(id) : NaN;
      const other = Number.isSafeInteger(n) ? (/^0x/i.test(id) ? ` ${n}` : ` 0x${n.toString(16)}`) : "";
      out[i] = `${cols[0][r]}\u0000${id}${other}\u0000${cut(cols[2][r])}\u0000${cols[3][r]}`;
    }
    return out;
  }

  return { name, path, pid, cmd, tip, searchTexts, cell: (i, col) => cut(at(col, i), 400) };
}
