// Engine objects (a built process tree) kept where they were made, in the worker or, without
// Web Workers, in the page, and named by a number the caller holds.

// Calls whose result holds such an object, and the field that holds it.
const KEEP = { buildProcessTree: "tree" };

/**
 * A place to keep objects: `{ objects, next, generation }`. `generation()` names the
 * running wasm instance; an object of an earlier one is never used or freed again.
 */
export function keeper(generation = () => 0) {
  return { objects: new Map(), next: 1, generation };
}

/** `result` of call `fn`, with the object it holds kept in `store` and a `handle` in its place. */
export function keepBack(store, fn, result) {
  const field = KEEP[fn];
  if (!field || !result || typeof result !== "object") return result;
  const handle = store.next++;
  store.objects.set(handle, { obj: result[field], generation: store.generation() });
  return { ...result, [field]: undefined, handle };
}

/** Calls method `fn` of the object kept under `handle`; `"free"` releases it. */
export function callOn(store, handle, fn, args) {
  const kept = store.objects.get(handle);
  if (!kept) throw Object.assign(new Error("this object was freed"), { code: "freed" });
  const live = kept.generation === store.generation();
  if (fn === "free") {
    // Freeing an object of a replaced instance would free an address in the new one.
    if (live) kept.obj.free();
    store.objects.delete(handle);
    return undefined;
  }
  if (!live) {
    throw Object.assign(new Error("this object was made before the huntkit engine was restarted after an error; make it again"), {
      code: "engine_reset",
    });
  }
  if (typeof kept.obj[fn] !== "function") throw Object.assign(new Error(`no method ${fn}`), { code: "invalid_option" });
  return kept.obj[fn](...args);
}
