// Process trees: build them from process-creation events (Windows 4688, Sysmon, Linux
// auditd, Defender for Endpoint, osquery, FireEye HX), then walk them. Processes are
// named by their row in the returned table or by their `proc_key`; operations return rows.
import { callAsync, callKept } from "./async.js";
import { engineOptions, output, toInputBytes } from "./data.js";
import { call } from "./error.js";
import { wasm } from "./wasm.js";

function list(rows) {
  return Array.from(rows);
}

/** A built process tree. Free it with `free()` when done. */
export class ProcessTree {
  #raw;
  #nested;

  constructor(raw, parts) {
    this.#raw = raw;
    /** The input rows plus the tree columns, each tree top-down. */
    this.table = parts.table;
    /** The schema used: windows, linux, mde, mde-internal, sysmon, osquery, hx or custom. */
    this.schema = parts.schema;
    /** Processes, roots, leaves, branches, isolated, largest depth (MSTICPy's names). */
    this.summary = parts.summary;
    /** What happened to the input: duplicates, synthesised parents, flags counted. */
    this.report = parts.report;
  }

  /** The trees as nested nodes `{ key, name, pid, time, host, cmdLine, depth, index, row, flags, children }`. */
  get nested() {
    this.#nested ??= call(() => this.#raw.nested());
    return this.#nested;
  }

  /** Root rows. */
  roots() {
    return list(call(() => this.#raw.roots()));
  }

  /** The row of a process key, or `undefined`. */
  rowOf(key) {
    return call(() => this.#raw.rowOf(String(key)));
  }

  /** The parent row, or `undefined` for a root. */
  parent(process) {
    return call(() => this.#raw.parent(process));
  }

  /** The root row of the tree holding `process`. */
  rootOf(process) {
    return call(() => this.#raw.rootOf(process));
  }

  /** Child rows in creation order (with `process` first unless `includeSource: false`). */
  children(process, { includeSource = true } = {}) {
    return list(call(() => this.#raw.children(process, includeSource)));
  }

  /** Every row below `process`, in reading order; `maxLevels` limits the depth. */
  descendants(process, { includeSource = true, maxLevels = -1 } = {}) {
    return list(call(() => this.#raw.descendants(process, includeSource, maxLevels)));
  }

  /** Rows from the root down to `process`. */
  ancestors(process, { includeSource = true } = {}) {
    return list(call(() => this.#raw.ancestors(process, includeSource)));
  }

  /** Rows sharing `process`'s parent (the other roots, for a root). */
  siblings(process, { includeSource = true } = {}) {
    return list(call(() => this.#raw.siblings(process, includeSource)));
  }

  /** Every row of the tree holding `process`. */
  rootTree(process) {
    return list(call(() => this.#raw.rootTree(process)));
  }

  /** The trees as indented text; `rootOf` (a key) limits it to one tree, `wrap` sets the width, `maxBytes` (64 MiB) cuts it with a closing note. */
  toText(options = {}) {
    return call(() => this.#raw.toText(options));
  }

  /** Releases the tree's memory in the wasm instance. */
  free() {
    if (this.#raw) this.#raw.free();
    this.#raw = null;
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
  const bytes = toInputBytes(data);
  const rest = engineOptions(options) ?? {};
  const opts = options?.read === undefined ? rest : { ...rest, read: options.read };
  const r = call(() => wasm().buildProcessTree(bytes, opts));
  return new ProcessTree(r.tree, {
    table: output(r.table, options),
    schema: r.schema,
    summary: r.summary,
    report: r.report,
  });
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
    this.schema = parts.schema;
    this.summary = parts.summary;
    this.report = parts.report;
  }

  #call(fn, ...args) {
    if (this.#handle === null) return Promise.reject(Object.assign(new Error("this process tree was freed"), { code: "freed" }));
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
  parent(process) {
    return this.#call("parent", process);
  }
  rootOf(process) {
    return this.#call("rootOf", process);
  }
  async children(process, { includeSource = true } = {}) {
    return list(await this.#call("children", process, includeSource));
  }
  async descendants(process, { includeSource = true, maxLevels = -1 } = {}) {
    return list(await this.#call("descendants", process, includeSource, maxLevels));
  }
  async ancestors(process, { includeSource = true } = {}) {
    return list(await this.#call("ancestors", process, includeSource));
  }
  async siblings(process, { includeSource = true } = {}) {
    return list(await this.#call("siblings", process, includeSource));
  }
  async rootTree(process) {
    return list(await this.#call("rootTree", process));
  }
  toText(options = {}) {
    return this.#call("toText", options);
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
  const bytes = toInputBytes(data);
  const rest = engineOptions(options) ?? {};
  const opts = options?.read === undefined ? rest : { ...rest, read: options.read };
  const r = await callAsync("buildProcessTree", [bytes, opts], options);
  return new AsyncProcessTree(r.handle, {
    table: output(r.table, options),
    schema: r.schema,
    summary: r.summary,
    report: r.report,
  });
}
