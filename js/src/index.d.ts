export { HuntkitError } from "./error.js";
export type { Input, ReadOptions, OutputOptions } from "./data.js";
export { toInputBytes, fromIPC, toObjects } from "./data.js";
export type { ColumnInfo, Inspection } from "./inspect.js";
export { inspect, toArrow } from "./inspect.js";
export type { IocType, CustomIocType, IocOptions, IocMatch, IocResult, IocTableRow } from "./ioc.js";
export { extractIocs, extractIocsTable, iocTypes } from "./ioc.js";
export type { DecodeOptions, DecodeRecord, DecodeResult } from "./decode.js";
export { decode, decodeTable } from "./decode.js";
export type { StlOptions, StlParams, StlResult, MstlOptions, MstlResult, AnomalyOptions, ThresholdOptions, PeriodOptions, BucketOptions, PollingOptions } from "./timeseries.js";
export { stl, mstl, detectPeriods, timeSeriesAnomalies, applyThreshold, rethreshold, anomalyPeriods, kqlPeriods, bucketEvents, detectPolling } from "./timeseries.js";
export type { SessionCommand, SessionForm, SessionizeOptions, Sessionized, ModelOptions, ScoreOptions, RarestWindow, SessionScore, Ranked, ScoreSessionsOptions } from "./sessions.js";
export { sessionize, SessionModel, scoreSessions } from "./sessions.js";
export type { AsyncOptions } from "./async.js";
export { callAsync, callKept, inspectAsync, terminateWorkers } from "./async.js";
export type { Time, TimelineOptions, TimelineInfo, TimelineBins, TimelineSelection, LaneSpan } from "./timeline.js";
export { timelineIndex, TimelineIndex } from "./timeline.js";
export type { GeoIpOptions, GeoIpDatabaseInfo, GeoLocationRow, GeoIpLookupOptions, MmdbBytes } from "./geoip.js";
export { GeoIpDb } from "./geoip.js";
export type { TiFeedOptions, TiLookupOptions, TiFeedKind, TiSeverity, TiIocType, TiFeedSummary, TiValueResult, TiTableRow, TiFeed } from "./ti.js";
export { TiFeeds } from "./ti.js";
export type { NetConfig, NetProviderConfig, NetOptions, TiLookupOnlineOptions, TiProviderName, WhoisRow, TiResultRow } from "./net.js";
export { whois, tiLookupOnline } from "./net.js";
export type { EntityName, PivotData, PivotOptions, PivotInfo, EntityInfo, PivotFunction, EntityPivots, UserPivotFunction, RegisterOptions, PipelineStep, IpType, AlertEntityOptions } from "./pivots.js";
export { pivots, ipType, alertEntities, entitiesFromColumn, entitiesFromIocs } from "./pivots.js";
export type { ProcessSchemaName, ProcessColumnMapping, ProcessTreeOptions, ProcessTreeSummary, ProcessTreeReport, ProcessNode, ProcessRef } from "./proctree.js";
export { buildProcessTree, buildProcessTreeAsync, ProcessTree, AsyncProcessTree } from "./proctree.js";

/**
 * Loads the huntkit wasm, once. `input` may be the module's bytes, a URL, a Response or a
 * compiled `WebAssembly.Module`; by default the `.wasm` beside the package (or, from
 * `huntkit/inline`, the bytes inlined in it). Every other function is synchronous after it.
 */
export declare function init(input?: Uint8Array | ArrayBuffer | URL | string | Response | WebAssembly.Module): Promise<unknown>;
