// Every function of the npm package, called the way the hostile tests and the API fuzzer
// call it: `calls(hk, fixtures)` maps a name to `(options, data?) => result`, so each
// can be fed a bad options value or a bad data value in one place.

const CSV = "a,b\nhttp://10.0.0.1/x,2\n";
const EVENTS = [
  "UserId,TimeGenerated,Operation",
  "u1,2024-01-01T00:00:00Z,Login",
  "u1,2024-01-01T00:01:00Z,Read",
  "u1,2024-01-01T00:02:00Z,Logout",
  "u2,2024-01-01T00:00:30Z,Login",
].join("\n");
const SERIES = Array.from({ length: 48 }, (_, i) => 10 + Math.sin((i * Math.PI) / 6));
const TIMES = [
  "TimeGenerated,v",
  ...Array.from({ length: 48 }, (_, i) => `${new Date(Date.UTC(2024, 0, 1, i)).toISOString()},${10 + (i % 12)}`),
].join("\n");
export const SERIES_KEYS = { timeColumn: "TimeGenerated", valueColumn: "v", period: 12 };
export const SESSION_KEYS = { userColumns: ["UserId"], timeColumn: "TimeGenerated", eventColumn: "Operation" };

/** Fixtures the calls share: small valid inputs for every engine. */
export const fixtures = { CSV, EVENTS, SERIES, TIMES, SESSION_KEYS };

/**
 * The API as `name → (options, data) => result`: `data` replaces the call's table or
 * text input when given. `made` holds objects the methods are called on.
 */
export function calls(hk, made) {
  const d = (data, fallback) => (data === undefined ? fallback : data);
  return {
    inspect: (o, data) => hk.inspect(d(data, CSV), o),
    toArrow: (o, data) => hk.toArrow(d(data, CSV), o),
    inspectAsync: (o, data) => hk.inspectAsync(d(data, CSV), o),
    extractIocs: (o, data) => hk.extractIocs(d(data, "see http://10.0.0.1/x"), o),
    extractIocsTable: (o, data) => hk.extractIocsTable(d(data, CSV), ["a"], o),
    iocTypes: (o) => hk.iocTypes(o),
    decode: (o, data) => hk.decode(d(data, "SGVsbG8sIHdvcmxkIQ=="), o),
    decodeTable: (o, data) => hk.decodeTable(d(data, CSV), "a", o),
    stl: (o, data) => hk.stl(d(data, SERIES), o ?? { period: 12 }),
    mstl: (o, data) => hk.mstl(d(data, SERIES), o ?? { periods: [12] }),
    detectPeriods: (o, data) => hk.detectPeriods(d(data, SERIES), o),
    applyThreshold: (o, data) => hk.applyThreshold(d(data, SERIES), o),
    timeSeriesAnomalies: (o, data) => hk.timeSeriesAnomalies(d(data, TIMES), o ?? SERIES_KEYS),
    rethreshold: (o, data) => hk.rethreshold(d(data, made.scored), o),
    anomalyPeriods: (o, data) => hk.anomalyPeriods(d(data, made.scored), o),
    kqlPeriods: (o, data) => hk.kqlPeriods(d(data, made.scored), o),
    bucketEvents: (o, data) => hk.bucketEvents(d(data, TIMES), o),
    detectPolling: (o, data) => hk.detectPolling(d(data, TIMES), o),
    sessionize: (o, data) => hk.sessionize(d(data, EVENTS), o ?? SESSION_KEYS),
    scoreSessions: (o, data) => hk.scoreSessions(d(data, EVENTS), o ?? SESSION_KEYS),
    "SessionModel.train": (o, data) => hk.SessionModel.train(d(data, [["a", "b"]]), o),
    "SessionModel.fromJSON": (_o, data) => hk.SessionModel.fromJSON(d(data, made.model.toJSON())),
    "model.score": (o, data) => made.model.score(d(data, [["Login", "Read"]]), o),
    "model.scoreEvents": (o, data) => made.model.scoreEvents(d(data, EVENTS), o ?? SESSION_KEYS),
    timelineIndex: (o, data) => hk.timelineIndex(d(data, EVENTS), o),
    "index.bin": (o) => made.index.bin(0, Date.UTC(2025, 0, 1), o, []),
    "index.hit": (o) => made.index.hit(0, Date.UTC(2024, 0, 1), o),
    "index.select": (o) => made.index.select(0, Date.UTC(2025, 0, 1), o),
    buildProcessTree: (o, data) => hk.buildProcessTree(d(data, made.procs), o),
    buildProcessTreeAsync: (o, data) => hk.buildProcessTreeAsync(d(data, made.procs), o),
    "tree.toText": (o) => made.tree.toText(o),
    "tree.descendants": (o) => made.tree.descendants(0, o),
    "tree.children": (o) => made.tree.children(o),
  };
}

/** The objects the methods above are called on, made afresh (after a reset, too). */
export function make(hk, procs) {
  const made = { procs };
  made.scored = hk.timeSeriesAnomalies(TIMES, SERIES_KEYS);
  made.model = hk.scoreSessions(EVENTS, SESSION_KEYS).model;
  made.index = hk.timelineIndex(EVENTS, { groupBy: "UserId" });
  made.tree = hk.buildProcessTree(procs);
  return made;
}

/** Names of the calls whose first argument is table or text data. */
export const TAKES_DATA = [
  "inspect", "toArrow", "inspectAsync", "extractIocsTable", "decodeTable", "timeSeriesAnomalies",
  "rethreshold", "anomalyPeriods", "kqlPeriods", "bucketEvents", "detectPolling", "sessionize",
  "scoreSessions", "model.scoreEvents", "timelineIndex", "buildProcessTree", "buildProcessTreeAsync",
];

/** Runs `f`, awaiting a promise; resolves to `{ ok, value }` or `{ ok: false, error }`. */
export async function outcome(f) {
  try {
    return { ok: true, value: await f() };
  } catch (error) {
    return { ok: false, error };
  }
}
