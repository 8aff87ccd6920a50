import type { Input, OutputOptions, ReadOptions } from "./data.js";
import type * as engine from "./options.generated.js";
import type { AsyncOptions } from "./async.js";
import type { Table } from "apache-arrow";

/** Built-in process-event schemas. */
export type ProcessSchemaName = "auto" | "windows" | "linux" | "mde" | "mde-internal" | "sysmon" | "osquery" | "hx";

/** A column mapping; MSTICPy's snake_case names (`process_name`, …) are accepted too. */
export type ProcessColumnMapping = engine.Schema;

export interface ProcessTreeOptions extends Omit<engine.ProcessTreeOptions, "schema">, OutputOptions {
  /** Default "auto": inferred from the column names. */
  schema?: ProcessSchemaName;
  read?: ReadOptions;
}

/** MSTICPy's `get_summary_info`. */
export interface ProcessTreeSummary {
  Processes: number;
  RootProcesses: number;
  LeafProcesses: number;
  BranchProcesses: number;
  IsolatedProcesses: number;
  LargestTreeDepth: number;
}

export interface ProcessTreeReport {
  schema: string;
  rowsIn: number;
  filteredOut: number;
  duplicateEvents: number;
  duplicateKeys: number;
  missingTime: number;
  missingTimeDropped: number;
  badPids: number;
  selfParents: number;
  cyclesBroken: number;
  synthesizedParents: number;
  orphans: number;
  depthLimited: number;
  outOfOrder: boolean;
}

/** A process with its children, ready for a tree view. */
export interface ProcessNode {
  key: string;
  name: string;
  pid: string;
  /** ISO 8601, UTC. */
  time: string;
  host: string | null;
  cmdLine: string | null;
  depth: number;
  /** Row in the tree's table. */
  index: number;
  /** Input row; null for a synthesised parent. */
  row: number | null;
  /** Comma-separated: synthesized, missing_time, bad_pid, self_parent, cycle_broken, orphan, depth_limit. */
  flags: string | null;
  children: ProcessNode[];
}

/** A process: its row in the tree's table, or its `proc_key`. */
export type ProcessRef = number | string;

export declare class ProcessTree {
  /** The input rows plus proc_key, parent_key, path, parent_index, source_index, IsRoot, IsLeaf, IsBranch, depth, EffectiveLogonId, flags, source_row. */
  readonly table: Table | Record<string, unknown>[];
  /** `table` as the engine wrote it: Arrow IPC stream bytes, to pass on without a copy. */
  readonly ipc: Uint8Array;
  readonly schema: string;
  readonly summary: ProcessTreeSummary;
  readonly report: ProcessTreeReport;
  readonly nested: ProcessNode[];
  roots(): number[];
  rowOf(key: string): number | undefined;
  parent(process: ProcessRef): number | undefined;
  rootOf(process: ProcessRef): number | undefined;
  children(process: ProcessRef, options?: { includeSource?: boolean }): number[];
  descendants(process: ProcessRef, options?: { includeSource?: boolean; maxLevels?: number }): number[];
  ancestors(process: ProcessRef, options?: { includeSource?: boolean }): number[];
  siblings(process: ProcessRef, options?: { includeSource?: boolean }): number[];
  rootTree(process: ProcessRef): number[];
  toText(options?: { wrap?: number; rootOf?: string; maxBytes?: number }): string;
  free(): void;
}

/** Builds process trees from process-creation events (MSTICPy's `build_process_tree`). */
export declare function buildProcessTree(data: Input, options?: ProcessTreeOptions): ProcessTree;

/** A process tree kept in a Web Worker: {@link ProcessTree}'s operations, as promises. */
export declare class AsyncProcessTree {
  readonly table: Table | Record<string, unknown>[];
  /** `table` as the engine wrote it: Arrow IPC stream bytes, to pass on without a copy. */
  readonly ipc: Uint8Array;
  readonly schema: string;
  readonly summary: ProcessTreeSummary;
  readonly report: ProcessTreeReport;
  nested(): Promise<ProcessNode[]>;
  roots(): Promise<number[]>;
  rowOf(key: string): Promise<number | undefined>;
  parent(process: ProcessRef): Promise<number | undefined>;
  rootOf(process: ProcessRef): Promise<number | undefined>;
  children(process: ProcessRef, options?: { includeSource?: boolean }): Promise<number[]>;
  descendants(process: ProcessRef, options?: { includeSource?: boolean; maxLevels?: number }): Promise<number[]>;
  ancestors(process: ProcessRef, options?: { includeSource?: boolean }): Promise<number[]>;
  siblings(process: ProcessRef, options?: { includeSource?: boolean }): Promise<number[]>;
  rootTree(process: ProcessRef): Promise<number[]>;
  toText(options?: { wrap?: number; rootOf?: string; maxBytes?: number }): Promise<string>;
  free(): Promise<void>;
}

/** {@link buildProcessTree} in a Web Worker (on the calling thread where there are none). */
export declare function buildProcessTreeAsync(data: Input, options?: ProcessTreeOptions & AsyncOptions): Promise<AsyncProcessTree>;
