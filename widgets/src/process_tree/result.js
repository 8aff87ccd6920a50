// The engine's tree table as Arrow IPC for `result`, written a slice of rows at a time in
// the page's idle time: at 100,000 processes the table is tens of megabytes, and writing
// it in one task would hold the page for a tenth of a second just after the tree appears.
import { toIPC } from "../common/arrow.js";

const SLICE = 8192; // rows per piece, a few milliseconds each
const later = (fn) =>
  typeof requestIdleCallback === "function" ? requestIdleCallback(fn, { timeout: 1000 }) : setTimeout(() => fn(null), 0);

/**
 * Writes `table` as an Arrow IPC stream with the engine's apache-arrow (`engine.arrow`),
 * then calls `done(bytes)` (or `failed(error)`); stops once `cancelled()` is true.
 */
export function writeResult(table, engine, { done, failed, cancelled }) {
  const Writer = engine.arrow?.RecordBatchStreamWriter;
  const guarded = (fn) => (deadline) => {
    if (cancelled()) return;
    try {
      fn(deadline);
    } catch (e) {
      failed(e);
    }
  };
  if (!Writer || table.numRows <= SLICE) {
    later(guarded(() => done(toIPC(table, engine))));
    return;
  }
  const writer = new Writer();
  let at = 0;
  const step = guarded((deadline) => {
    do {
      for (const batch of table.slice(at, at + SLICE).batches) writer.write(batch);
      at += SLICE;
    } while (at < table.numRows && deadline && deadline.timeRemaining() > 4);
    if (at < table.numRows) {
      later(step);
      return;
    }
    writer.finish();
    done(writer.toUint8Array(true));
  });
  later(step);
}
