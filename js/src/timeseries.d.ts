import type { Table } from "apache-arrow";
import type { Input, OutputOptions, ReadOptions } from "./data.js";

type Values = ArrayLike<number | null> | Float64Array | { toArray(): ArrayLike<number | null> };
type Compat = "none" | "msticpy";

/** STL options, named and defaulted as statsmodels' `STL` and `STL.fit`. */
export interface StlOptions {
  /** Season length in samples (required for `stl`). */
  period?: number;
  /** Seasonal smoother length, odd and ≥ 3 (default 7). */
  seasonal?: number;
  /** Trend smoother length (odd, > period); default the smallest odd ≥ 1.5·period/(1 − 1.5/seasonal). */
  trend?: number;
  /** Low-pass length (odd, > period); default the smallest odd > period. */
  lowPass?: number;
  seasonalDeg?: 0 | 1;
  trendDeg?: 0 | 1;
  lowPassDeg?: 0 | 1;
  robust?: boolean;
  seasonalJump?: number;
  trendJump?: number;
  lowPassJump?: number;
  /** Default 2 when robust, else 5. */
  innerIter?: number;
  /** Default 15 when robust, else 0. */
  outerIter?: number;
  maxPoints?: number;
  maxWork?: number;
}

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

export interface MstlOptions {
  periods: number[];
  /** Seasonal smoother per period; default 7 + 4·i. */
  windows?: number[];
  /** Rounds of refinement (default 2; 1 with a single period). */
  iterate?: number;
  /** Other STL options. */
  stl?: Omit<StlOptions, "period" | "seasonal">;
}

export interface MstlResult {
  trend: Float64Array;
  seasonals: { period: number; window: number; values: Float64Array }[];
  residual: Float64Array;
  weights: Float64Array;
  /** Periods of half the series or more, left out. */
  droppedPeriods: number[];
}

export interface AnomalyOptions extends OutputOptions {
  read?: ReadOptions;
  /** Without one, rows are evenly spaced in input order. */
  timeColumn?: string;
  /** Default: the first column that is not the time column. */
  valueColumn?: string;
  /** `"msticpy"`: MSTICPy's `timeseries_anomalies_stl` exactly (int64 columns, sign from the seasonal, high scores only). */
  compat?: Compat;
  /** Default: 24 under msticpy, otherwise detected from the periodogram. */
  period?: number;
  /** Several periods: MSTL. */
  periods?: number[];
  seasonal?: number;
  trend?: number;
  lowPass?: number;
  robust?: boolean;
  /** Default 3. */
  threshold?: number;
  /** Default: `threshold`. */
  thresholdLow?: number;
  /** Sort by time first (default); `false` makes unsorted input an error. */
  sort?: boolean;
  maxPoints?: number;
}

export interface ThresholdOptions extends OutputOptions {
  read?: ReadOptions;
  threshold?: number;
  thresholdLow?: number;
  scoreColumn?: string;
  anomaliesColumn?: string;
  compat?: Compat;
}

export interface PeriodOptions {
  read?: ReadOptions;
  timeColumn?: string;
  anomaliesColumn?: string;
  /** Bin width and padding, e.g. `"1h"` (default). */
  period?: string;
  posOnly?: boolean;
  compat?: Compat;
}

export interface BucketOptions extends OutputOptions {
  read?: ReadOptions;
  /** Default `TimeGenerated`. */
  timeColumn?: string;
  /** Sum this column per bucket instead of counting events. */
  valueColumn?: string;
  groupBy?: string[];
  outputColumn?: string;
  /** `"1h"` (default), `"15min"`, `"1d"`, … */
  interval?: string;
  /** `"UTC"` (default) or a fixed offset such as `"+05:30"`: buckets align to local midnight. */
  timeZone?: string;
  start?: number;
  end?: number;
  sharedRange?: boolean;
  maxBuckets?: number;
  maxGroups?: number;
}

export interface PollingOptions extends OutputOptions {
  read?: ReadOptions;
  /** Event times: timestamps, or seconds since the epoch. Default `TimeGenerated`. */
  timeColumn?: string;
  groupBy?: string[];
  /** Bin width in seconds (default 1). */
  interval?: number;
  compat?: Compat;
  /** One row per group instead of the input rows. */
  summary?: boolean;
  maxBins?: number;
  maxEvents?: number;
  maxGroups?: number;
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
