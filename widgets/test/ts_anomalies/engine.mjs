// The real huntkit engine for the TimeSeriesAnomalies unit tests (the npm package in
// js/dist, initialised, with the apache-arrow it reads and writes), a spy that counts the
// engine's calls, and MSTICPy's test series.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { arrow, hk } from "../engine.mjs";

export { arrow, engine } from "../engine.mjs";

/** The engine with every call counted by name in `calls`. */
export function spyEngine() {
  const calls = {};
  const spy = { arrow, calls };
  for (const [name, fn] of Object.entries(hk)) {
    spy[name] = typeof fn === "function" && !/^[A-Z]/.test(name)
      ? (...args) => {
        calls[name] = (calls[name] ?? 0) + 1;
        return fn(...args);
      }
      : fn;
  }
  return spy;
}

/** MSTICPy's tests/testdata/time_series.csv: 840 hourly rows (TimeGenerated, TotalBytesSent, baseline, score, anomalies). */
export const CSV = readFileSync(fileURLToPath(new URL("../../../examples/data/time_series.csv", import.meta.url)), "utf8");

/** An hour in milliseconds. */
export const HOUR = 3600000;

/** Arrow IPC stream bytes of a table of `columns` ({ name: vector or values }). */
export function ipcOf(columns) {
  return arrow.tableToIPC(new arrow.Table(Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v instanceof arrow.Vector ? v : arrow.vectorFromArray(v)]))), "stream");
}

/** A timestamp vector of epoch milliseconds `ms`, stored in `unit` ("ns" default, "ms", "s"). */
export function timestamps(ms, unit = "ns") {
  const scale = { ns: 1000000n, us: 1000n, ms: 1n };
  const type = { ns: new arrow.TimestampNanosecond("UTC"), us: new arrow.TimestampMicrosecond("UTC"), ms: new arrow.TimestampMillisecond("UTC"), s: new arrow.TimestampSecond("UTC") }[unit];
  const data = BigInt64Array.from(ms, (t) => (unit === "s" ? BigInt(Math.round(t / 1000)) : BigInt(t) * scale[unit]));
  return arrow.makeVector(arrow.makeData({ type, data, length: ms.length }));
}

/** A seasonal hourly series of `n` points from 2024-01-01 with spikes at `spikes` ({ index: delta }). */
export function series(n, spikes = {}) {
  const t0 = Date.UTC(2024, 0, 1);
  const times = Array.from({ length: n }, (_, i) => t0 + i * HOUR);
  const values = Float64Array.from({ length: n }, (_, i) => 100 + 20 * Math.sin((2 * Math.PI * i) / 24) + ((i * 7919) % 13) / 4 + (spikes[i] ?? 0));
  return { times, values };
}
