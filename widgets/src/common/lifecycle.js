// The life cycle every view's entry shares: model listeners, the error line, loading the
// engine, and the destroy that undoes what the view set up; and writing traits back to
// the kernel. What else destroy must stop is handed to `cleanup`: the theme
// (common/theme.js `followTheme`), the container's width (`followWidth`, below), the link
// group (common/link.js `joinGroup`'s `leave`); listeners on the view's own elements go
// with its root. What is left in an entry is its own: its modules, and what each option
// change does to them.
import { loadEngine } from "./engine.js";

/**
 * Sets `traits` (`{ name: value }`) on the model and sends them to the kernel. Bytes
 * (Arrow IPC) go as a DataView, the form the kernel reads binary traits in.
 */
export function saveTraits(model, traits) {
  for (const [k, v] of Object.entries(traits)) model.set(k, v instanceof Uint8Array ? new DataView(v.buffer, v.byteOffset, v.byteLength) : v);
  model.save_changes();
}

/**
 * Calls `onResize()` when the width of `el` (the view's container) changes, unless
 * `fixed()` (a width option holds the view's). Returns the function that stops it.
 */
export function followWidth(el, fixed, onResize) {
  if (typeof ResizeObserver !== "function") return () => {};
  let lastW = -1;
  const observer = new ResizeObserver(() => {
    const w = el.clientWidth;
    if (w === lastW || fixed()) return;
    lastW = w;
    onResize();
  });
  observer.observe(el);
  return () => observer.disconnect();
}

/**
 * The life cycle of the view in `dom.root` (with `dom.errorBox`) over `model`. `state` is
 * the view's: the life cycle sets `state.engine` once the engine has loaded and
 * `state.destroyed` on destroy, and cancels `state.frame` (a requested animation frame).
 */
export function createLifecycle(model, dom, state) {
  const undo = []; // what destroy undoes, in order
  const cleanup = (stop) => {
    undo.push(stop);
  };
  // Every view's error line: `code: message` (codes are huntkit's stable error codes).
  const showError = (e) => {
    dom.errorBox.textContent = e ? `${e.code ? `${e.code}: ` : ""}${e.message || String(e)}`.slice(0, 2000) : "";
  };
  return {
    /** Registers `stop()` to run on destroy. */
    cleanup,
    /** Writes `e` to the error line (`null` clears it). */
    showError,
    /** Calls `cb` when trait `traits` (a name, or each of a list of names) changes, until destroy. */
    onChange(traits, cb) {
      for (const k of [].concat(traits)) {
        model.on(`change:${k}`, cb);
        cleanup(() => model.off(`change:${k}`, cb));
      }
    },
    /**
     * Loads the engine, then `ready(engine)` (after `state.engine` is set) unless the view
     * was destroyed meanwhile; `failed(e)` when it cannot be loaded (the error line by default).
     */
    start(ready, failed = showError) {
      loadEngine(model).then((engine) => {
        if (state.destroyed) return;
        state.engine = engine;
        ready(engine);
      }, failed);
    },
    /**
     * The function `render` returns: marks the state destroyed, cancels the frame, undoes
     * what the life cycle was given, runs `teardown()` (the view's own) and removes the root.
     */
    destroy(teardown) {
      return () => {
        state.destroyed = true;
        if (state.frame) cancelAnimationFrame(state.frame);
        for (const stop of undo) stop();
        teardown?.();
        dom.root.remove();
      };
    },
  };
}
