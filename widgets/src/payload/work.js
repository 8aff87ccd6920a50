// The engine calls of the payload view. Decoding a megabyte and scanning every layer for
// indicators take hundreds of milliseconds, so they run in the engine's Web Worker
// (`engine.callAsync`, the raw bindings with options as JSON) and the page stays
// responsive; where a worker cannot start (no Worker, a host's content policy), the same
// calls run on the page, one per task.

const SYNC = Symbol("sync");

function workerFailed(e) {
  // Engine errors carry the engine's code; a worker that could not start or died does not
  // (or says "worker"), and then the page does the work itself.
  return !e || e.code === "worker" || e.code === undefined || e.name === "SecurityError";
}

/** Engine calls over `engine` (the loaded namespace): each returns a promise. */
export function createRunner(engine) {
  let mode = typeof engine.callAsync === "function" && typeof Worker !== "undefined" ? "async" : SYNC;

  async function run(fn, args, sync) {
    if (mode !== SYNC) {
      try {
        return await engine.callAsync(fn, args);
      } catch (e) {
        if (!workerFailed(e)) throw e;
        mode = SYNC;
      }
    }
    await new Promise((r) => setTimeout(r, 0)); // one call per task, as the worker would
    return sync();
  }

  return {
    /** `{ records: Uint8Array (Arrow IPC), truncated }` for one text. */
    async decodeText(text, options) {
      const out = await run("decodeString", [text, JSON.stringify(options)], () => {
        const r = engine.decode(text, options);
        return { records: engine.arrow.tableToIPC(r.records, "stream"), truncated: r.truncated };
      });
      return { records: out.records, truncated: Boolean(out.truncated) };
    },
    /** Arrow IPC of the record table of column `column` of `ipc`, one row at a time. */
    decodeRows(ipc, column, options) {
      return run("decodeTable", [ipc, column, JSON.stringify(options)], () =>
        engine.arrow.tableToIPC(engine.decodeTable(ipc, column, options), "stream"));
    },
    /** The indicators of one text: `[{ iocType, value, raw, start, end, defanged }]`. */
    async scan(text, options) {
      const out = await run("extractIocs", [text, JSON.stringify(options)], () => engine.extractIocs(text, options));
      return Array.isArray(out?.matches) ? out.matches : [];
    },
    get inWorker() {
      return mode !== SYNC;
    },
  };
}
