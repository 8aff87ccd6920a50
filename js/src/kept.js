// Engine objects (a built process tree) kept where they were made, in the worker or, without
// Web Workers, in the page, and named by a number the caller holds.

// Calls whose result holds such an object, and the field that holds it.
const KEEP = { buildProcessTree: "tree" };

/** A place to keep objects: `{ objects, next }`. */
export function keeper() {
  return { objects: new Map(), next: 1 };
}

/** `result` of call `fn`, with the object it holds kept in `store` and a `handle` in its place. */
export function keepBack(store, fn, result) {
  const field = KEEP[fn];
  if (!field || !result || typeof result !== "object") return result;
  const handle = store.next++;
  store.objects.set(handle, result[field]);
  return { ...result, [field]: undefined, handle };
}

/** Calls method `fn` of the object kept under `handle`; `"free"` releases it. */
export function callOn(store, handle, fn, args) {
  const obj = store.objects.get(handle);
  if (!obj) throw Object.assign(new Error("this object was freed"), { code: "freed" });
  if (fn === "free") {
    obj.free();
    store.objects.delete(handle);
    return undefined;
  }
  if (typeof obj[fn] !== "function") throw Object.assign(new Error(`no method ${fn}`), { code: "invalid_option" });
  return obj[fn](...args);
}
