// The scan queue: every layer with text is scanned for indicators once, one engine call at
// a time (in the worker), the layer on screen first. `first(id)` moves a layer to the head.

/**
 * A queue over `ids` (node ids, in order). `scan(id)` → promise of matches or null to
 * skip; `onLayer(id, matches)` after each; `onDone()` at the end. `stop()` abandons it.
 */
export function createScanQueue(ids, { scan, onLayer, onDone, onError }) {
  const queue = [...ids];
  const done = new Set();
  let stopped = false;
  let running = false;
  let total = ids.length;

  async function pump() {
    if (running) return;
    running = true;
    try {
      while (queue.length && !stopped) {
        const id = queue.shift();
        if (done.has(id)) continue;
        done.add(id);
        const matches = await scan(id);
        if (stopped) return;
        if (matches) onLayer(id, matches);
      }
      if (!stopped) onDone();
    } catch (e) {
      if (!stopped) onError(e);
    } finally {
      running = false;
    }
  }

  return {
    start: pump,
    /** Scans `id` next (when it has not been scanned yet). */
    first(id) {
      if (done.has(id)) return;
      const at = queue.indexOf(id);
      if (at > 0) queue.splice(at, 1);
      if (at !== 0) queue.unshift(id);
    },
    progress: () => ({ done: done.size, total }),
    stop() {
      stopped = true;
      total = 0;
    },
  };
}
