// Process trees: build them from process-creation events (Windows 4688, Sysmon, Linux
// auditd, Defender for Endpoint, osquery, FireEye HX), then walk them. Processes are
// named by their row in the returned table or by their `proc_key`; operations return rows.
import { callAsync, callKept } from "./async.js";
import { number, optionsJSON, optionsObject } from "./boundary.js";
import { output, toInputBytes } from "./data.js";
import { call, guard, HuntkitError } from "./error.js";
import { Held, wasm } from "./wasm.js";

function list(rows) {
  return Array.from(rows);
}

// A process is named by its row in the tree's table or by its `proc_key`.
function processArg(process) {
  if (typeof process === "string") return process;
  return number(process, "a process (its row or its proc_key)", { integer: true, min: 0, max: 2 ** 32 - 1 });
}

// The options object of a tree method, with only the keys it knows.
function methodOptions(options, fn, known) {
  const o = optionsObject(options, fn);
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) throw new HuntkitError("invalid_option", `${fn}: unknown option ${JSON.stringify(key.slice(0, 80))}; expected ${known.join(" or ")}`);
  }
  return o;
}

function flag(value, what) {
  if (typeof value !== "boolean") throw new HuntkitError("invalid_option", `${what} must be true or false`);
  return value;
}

function levels(value) {
  return number(value, "maxLevels", { integer: true, min: -1, max: 2 ** 31 - 1 });
}

function textOptions(options) {
  return optionsJSON(options, "toText");
}

// Trees are made through `buildProcessTree` only.
const token = Symbol("ProcessTree");

/** A built process tree. Free it with `free()` when done. */
export class ProcessTree {
  #raw;
  #nested;

  constructor(raw, parts, made) {
    if (made !== token) throw new HuntkitError("invalid_input", "use buildProcessTree() to make a ProcessTree");
    this.#raw = new Held(raw, "process tree");
    /** The input rows plus the tree columns, each tree top-down. */
    this.table = parts.table;
    /** `table` as the engine wrote it (Arrow IPC stream bytes), to pass on without a copy. */
    this.ipc = parts.ipc;
    /** The schema used: windows, linux, mde, mde-internal, sysmon, osquery, hx or custom. */
    this.schema = parts.schema;
    /** Processes, roots, leaves, branches, isolated, largest depth (MSTICPy's names). */
    this.summary = parts.summary;
    /** What happened to the input: duplicates, synthesised parents, flags counted. */
    this.report = parts.report;
  }

  // Runs `f(raw, ...checked)` with the arguments checked first, on the tree inside the
  // wasm once it is known to belong to the running instance.
  #call(f, check = () => []) {
    const args = guard(check);
    return call(() => f(this.#raw.get(), ...args));
  }

  /** The trees as nested nodes `{ key, name, pid, time, host, cmdLine, depth, index, row, flags, children }`. */
  get nested() {
    this.#nested ??= this.#call((t) => t.nested());
    return this.#nested;
  }

  /** Root rows. */
  roots() {
    return list(this.#call((t) => t.roots()));
  }

  /** The row of a process key, or `undefined`. */
  rowOf(key) {
    return this.#call((t, k) => t.rowOf(k), () => [String(key)]);
  }

  /** The parent row, or `undefined` for a root. */
  parent(process) {
    return this.#call((t, p) => t.parent(p), () => [processArg(process)]);
  }

  /** The root row of the tree holding `process`. */
  rootOf(process) {
    return this.#call((t, p) => t.rootOf(p), () => [processArg(process)]);
  }

  /** Child rows in creation order (with `process` first unless `includeSource: false`). */
  children(process, options = {}) {
    const { includeSource = true } = guard(() => methodOptions(options, "children", ["includeSource"]));
    return list(this.#call((t, ...a) => t.children(...a), () => [processArg(process), flag(includeSource, "includeSource")]));
  }

  /** Every row below `process`, in reading order; `maxLevels` limits the depth. */
  descendants(process, options = {}) {
    const { includeSource = true, maxLevels = -1 } = guard(() => methodOptions(options, "descendants", ["includeSource", "maxLevels"]));
    return list(
      this.#call(
        (t, ...a) => t.descendants(...a),
        () => [processArg(process), flag(includeSource, "includeSource"), levels(maxLevels)],
      ),
    );
  }

  /** Rows from the root down to `process`. */
  ancestors(process, options = {}) {
    const { includeSource = true } = guard(() => methodOptions(options, "ancestors", ["includeSource"]));
    return list(this.#call((t, ...a) => t.ancestors(...a), () => [processArg(process), flag(includeSource, "includeSource")]));
  }

  /** Rows sharing `process`'s parent (the other roots, for a root). */
  siblings(process, options = {}) {
    const { includeSource = true } = guard(() => methodOptions(options, "siblings", ["includeSource"]));
    return list(this.#call((t, ...a) => t.siblings(...a), () => [processArg(process), flag(includeSource, "includeSource")]));
  }

  /** Every row of the tree holding `process`. */
  rootTree(process) {
    return list(this.#call((t, p) => t.rootTree(p), () => [processArg(process)]));
  }

  /** The trees as indented text; `rootOf` (a key) limits it to one tree, `wrap` sets the width, `maxBytes` (64 MiB) cuts it with a closing note. */
  toText(options = {}) {
    return this.#call((t, o) => t.toText(o), () => [textOptions(options)]);
  }

  /** Releases the tree's memory in the wasm instance. */
  free() {
    this.#raw.free();
  }
}

/**
 * Builds process trees (MSTICPy's `build_process_tree`): `schema` ("auto" or a name),
 * `mapping` (a column mapping, camelCase or MSTICPy's snake_case), `compat: "msticpy"`,
 * `missingTime` ("flag", "drop", "error"), limits `maxRows`, `maxDepth`, `maxPathBytes`.
 * Returns a {@link ProcessTree}: `table` (Arrow, or objects with `output: "objects"`),
 * `nested`, `summary`, `report`, and the tree operations.
 */
export function buildProcessTree(data, options = {}) {
  const [bytes, json] = guard(() => [toInputBytes(data), optionsJSON(options, "buildProcessTree", ["output"])]);
  const r = call(() => wasm().buildProcessTree(bytes, json));
  return new ProcessTree(
    r.tree,
    {
      table: output(r.table, options),
      ipc: r.table,
      schema: r.schema,
      summary: r.summary,
      report: r.report,
    },
    token,
  );
}

/**
 * A process tree built in a Web Worker by {@link buildProcessTreeAsync}: the same
 * operations as {@link ProcessTree}, each returning a promise, while the tree stays in the
 * worker. Free it with `free()` when done.
 */
export class AsyncProcessTree {
  #handle;

  constructor(handle, parts) {
    this.#handle = handle;
    this.table = parts.table;
    this.ipc = parts.ipc;
    this.schema = parts.schema;
    this.summary = parts.summary;
    this.report = parts.report;
  }

  #call(fn, ...args) {
    if (this.#handle === null) return Promise.reject(new HuntkitError("freed", "this process tree was freed"));
    return callKept(this.#handle, fn, args);
  }

  /** The trees as nested nodes (see {@link ProcessTree#nested}). */
  nested() {
    return this.#call("nested");
  }
  async roots() {
    return list(await this.#call("roots"));
  }
  rowOf(key) {
    return this.#call("rowOf", String(key));
  }
  async parent(process) {
    return this.#call("parent", guard(() => processArg(process)));
  }
  async rootOf(process) {
    return this.#call("rootOf", guard(() => processArg(process)));
  }
  async children(process, options = {}) {
    const { includeSource = true } = guard(() => methodOptions(options, "children", ["includeSource"]));
    const args = guard(() => [processArg(process), flag(includeSource, "includeSource")]);
    return list(await this.#call("children", ...args));
  }
  async descendants(process, options = {}) {
    const { includeSource = true, maxLevels = -1 } = guard(() => methodOptions(options, "descendants", ["includeSource", "maxLevels"]));
    const args = guard(() => [processArg(process), flag(includeSource, "includeSource"), levels(maxLevels)]);
    return list(await this.#call("descendants", ...args));
  }
  async ancestors(process, options = {}) {
    const { includeSource = true } = guard(() => methodOptions(options, "ancestors", ["includeSource"]));
    const args = guard(() => [processArg(process), flag(includeSource, "includeSource")]);
    return list(await this.#call("ancestors", ...args));
  }
  async siblings(process, options = {}) {
    const { includeSource = true } = guard(() => methodOptions(options, "siblings", ["includeSource"]));
    const args = guard(() => [processArg(process), flag(includeSource, "includeSource")]);
    return list(await this.#call("siblings", ...args));
  }
  async rootTree(process) {
    return list(await this.#call("rootTree", guard(() => processArg(process))));
  }
  async toText(options = {}) {
    return this.#call("toText", guard(() => textOptions(options)));
  }

  /** Releases the tree in the worker. */
  async free() {
    const h = this.#handle;
    this.#handle = null;
    if (h !== null) await callKept(h, "free");
  }
}

/**
 * {@link buildProcessTree} in a Web Worker, so a page stays responsive while a million
 * events are linked (in Node, the same call on the calling thread). Resolves to an
 * {@link AsyncProcessTree}.
 */
export async function buildProcessTreeAsync(data, options = {}) {
  const [bytes, json, progress] = guard(() => {
    const o = optionsObject(options, "buildProcessTreeAsync");
    if (o.onProgress !== undefined && typeof o.onProgress !== "function") {
      throw new HuntkitError("invalid_option", "onProgress must be a function");
    }
    return [toInputBytes(data), optionsJSON(o, "buildProcessTreeAsync", ["output", "onProgress"]), { onProgress: o.onProgress }];
  });
  const r = await callAsync("buildProcessTree", [bytes, json], progress);
  return new AsyncProcessTree(r.handle, {
    table: output(r.table, options),
    ipc: r.table,
    schema: r.schema,
    summary: r.summary,
    report: r.report,
  });
}
