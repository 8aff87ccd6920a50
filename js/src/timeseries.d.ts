import type { Table } from "apache-arrow";
import type { Input, OutputOptions, ReadOptions } from "./data.js";
import type * as engine from "./options.generated.js";

type Values = ArrayLike<number | null> | Float64Array | { toArray(): ArrayLike<number | null> };
type Compat = engine.Compat | "none";

/** STL options, named and defaulted as statsmodels' `STL` and `STL.fit`. */
export type StlOptions = engine.StlOptions;

export interface StlParams {
  period: number;
  seasonal: number;
  trend: number;
  lowPass: number;
  seasonalDeg: number;
  trendDeg: number;
  lowPassDeg: number;
  robust: boolean;
  seasonalJump: number;
  trendJump: number;
  lowPassJump: number;
  innerIter: number;
  outerIter: number;
}

export interface StlResult {
  trend: Float64Array;
  seasonal: Float64Array;
  residual: Float64Array;
  weights: Float64Array;
  params: StlParams;
}

export type MstlOptions = engine.MstlOptions;

export interface MstlResult {
  trend: Float64Array;
  seasonals: { period: number; window: number; values: Float64Array }[];
  residual: Float64Array;
  weights: Float64Array;
  /** Periods of half the series or more, left out. */
  droppedPeriods: number[];
}

export interface AnomalyOptions extends engine.AnomalyOptions, OutputOptions {
  read?: ReadOptions;
}

export interface ThresholdOptions extends engine.ThresholdOptions, OutputOptions {
  read?: ReadOptions;
}

export interface PeriodOptions extends engine.PeriodOptions {
  read?: ReadOptions;
}

export interface BucketOptions extends engine.BucketOptions, OutputOptions {
  read?: ReadOptions;
}

export interface PollingOptions extends engine.PollingOptions, OutputOptions {
  read?: ReadOptions;
  /** One row per group instead of the input rows. */
  summary?: boolean;
}

export declare function stl(values: Values, options: StlOptions): StlResult;
export declare function mstl(values: Values, options: MstlOptions): MstlResult;
export declare function detectPeriods(values: Values, maxCount?: number): number[];
export declare function timeSeriesAnomalies(data: Input, options: AnomalyOptions & { output: "objects" }): Record<string, unknown>[];
export declare function timeSeriesAnomalies(data: Input, options?: AnomalyOptions): Table;
export declare function applyThreshold(scores: Values, threshold?: number, thresholdLow?: number, compat?: Compat): Int8Array;
export declare function rethreshold(data: Input, options: ThresholdOptions & { output: "objects" }): Record<string, unknown>[];
export declare function rethreshold(data: Input, options?: ThresholdOptions): Table;
export declare function anomalyPeriods(data: Input, options?: PeriodOptions): { start: Date; end: Date }[];
export declare function kqlPeriods(data: Input, options?: PeriodOptions): string;
export declare function bucketEvents(data: Input, options: BucketOptions & { output: "objects" }): Record<string, unknown>[];
export declare function bucketEvents(data: Input, options?: BucketOptions): Table;
export declare function detectPolling(data: Input, options: PollingOptions & { output: "objects" }): Record<string, unknown>[];
export declare function detectPolling(data: Input, options?: PollingOptions): Table;
