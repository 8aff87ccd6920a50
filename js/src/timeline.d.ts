import type * as engine from "./options.generated.js";
import type { Input, ReadOptions } from "./data.js";

/** A time: milliseconds since the epoch, a Date, or an ISO-8601 string. */
export type Time = number | Date | string;

export interface TimelineOptions extends Omit<engine.TimelineOptions, "groupBy"> {
  /** Column(s) whose values make the lanes; several are joined with `laneSeparator`. */
  groupBy?: string | string[];
  read?: ReadOptions;
}

export interface TimelineInfo {
  rows: number;
  events: number;
  skipped: number;
  lanes: string[];
  colours: string[];
  coloursTruncated: boolean;
  /** First and last event time, ms since the epoch. */
  extent: [number, number] | null;
}

/** Occupied bins, column-wise. */
export interface TimelineBins {
  lane: Uint32Array;
  column: Uint32Array;
  count: Uint32Array;
  /** Representative (earliest) row of each bin. */
  row: Uint32Array;
  /** Colour code of the representative row (0xFFFFFFFF when none). */
  colour: Uint32Array;
  /** Values mode: smallest and largest value per bin, and the row of the largest. */
  min: Float64Array;
  max: Float64Array;
  maxRow: Uint32Array;
  visible: number;
  maxCount: number;
}

export interface TimelineSelection {
  rows: Uint32Array;
  total: number;
  truncated: boolean;
}

export interface LaneSpan {
  lane: number;
  count: number;
  first: number;
  last: number;
  firstRow: number;
  lastRow: number;
}

export declare class TimelineIndex {
  private constructor();
  info(): TimelineInfo;
  paddedExtent(fraction?: number): [number, number] | null;
  bin(start: Time, end: Time, width: number, hidden?: ArrayLike<number>): TimelineBins;
  hit(lane: number, time: Time, tolerance: number, limit?: number): Uint32Array;
  select(start: Time, end: Time, hidden?: ArrayLike<number>): TimelineSelection;
  spans(): LaneSpan[];
  free(): void;
}

/** Indexes events for a timeline view (sorted once; every query is then cheap). */
export declare function timelineIndex(data: Input, options?: TimelineOptions): TimelineIndex;
