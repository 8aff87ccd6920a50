// The option types of huntkit's engines, generated from their Rust definitions by
// crates/huntkit-wasm/tests/typescript.rs. Do not edit: change the Rust type and run
// `HUNTKIT_BLESS=1 cargo test -p huntkit-wasm --test typescript`.

/**
 * Options for `read`: the format (sniffed from the bytes when `None`)
 * and the limits that keep hostile input from taking unbounded memory or time.
 */
export interface ReadOptions {
  /**
   * The input's format; sniffed from its first bytes when `None`.
   */
  format?: Format | null;
  /**
   * Largest input accepted, in bytes: 1 GiB natively, 256 MiB in wasm32, whose
   * whole memory (4 GiB) must also hold the table, an engine's work and its output.
   * Default: `1073741824`.
   */
  maxBytes?: number;
  /**
   * Most rows accepted.
   * Default: `100000000`.
   */
  maxRows?: number;
  /**
   * Most columns accepted.
   * Default: `10000`.
   */
  maxColumns?: number;
  /**
   * Most cells (rows × columns) read from CSV or JSON: a file of empty fields costs
   * little to send but several bytes a cell to hold.
   * Default: `250000000`.
   */
  maxCells?: number;
  /**
   * Largest single field (CSV cell, JSON string), in bytes.
   * Default: `16777216`.
   */
  maxFieldBytes?: number;
  /**
   * Deepest nesting of JSON values.
   * Default: `64`.
   */
  maxDepth?: number;
  /**
   * Largest table, in bytes, that CSV or JSON input may build, estimated before it is
   * built (8 bytes a cell plus the text). `None` (the default) allows 32 times the
   * input's size, at least 64 MiB, and at most 1 GiB in wasm32: enough for any dense
   * input, while records that each bring new keys (`{"k1":1}`, `{"k2":1}`, …) would
   * make a table of keys × records from a few kilobytes.
   */
  maxTableBytes?: number | null;
  /**
   * Accept a CSV quote that is still open at the end of the input, as one long field.
   * Off by default: such a quote swallows every later line, so it is an
   * `invalid_csv` error naming the line where it opened.
   * Default: `false`.
   */
  lenient?: boolean;
  /**
   * Read CSV and JSON strings that look like numbers, booleans or timestamps as such.
   * Default: `true`.
   */
  inferTypes?: boolean;
}

/**
 * Every option of the decoder, with its default.
 */
export interface DecodeOptions {
  /**
   * Follow MSTICPy exactly (`"msticpy"`) or use huntkit's fixes (the default).
   * Default: `"huntkit"`.
   */
  compat?: Compat;
  /**
   * Deepest nesting decoded: 20. In compat mode this is MSTICPy's `max_recursion`, which
   * allows one more level of rescanning.
   * Default: `20`.
   */
  maxDepth?: number;
  /**
   * Decoded bytes one input may produce, across all levels: 64 MiB.
   * Default: `67108864`.
   */
  maxOutputBytes?: number;
  /**
   * Decoded bytes all the rows of one table may produce together: 256 MiB. Each row
   * may spend at most `maxOutputBytes` of it; once it is spent, later rows are not
   * decoded and the record table's `huntkit:warning` metadata says from which row.
   * Default: `268435456`.
   */
  maxTableOutputBytes?: number;
  /**
   * Records one input may produce: 10,000.
   * Default: `10000`.
   */
  maxItems?: number;
  /**
   * Encoded runs decoded per text: 1,000 (compat mode uses MSTICPy's 51 per pass).
   * Default: `1000`.
   */
  maxCandidates?: number;
  /**
   * Shortest base64 run considered, not counting line breaks: 30, as MSTICPy.
   * Default: `30`.
   */
  minLength?: number;
  /**
   * Shortest hex run considered: 32.
   * Default: `32`.
   */
  minHexLength?: number;
  /**
   * Also decode URL-safe base64 (`-` and `_`): true. Ignored in compat mode.
   * Default: `true`.
   */
  urlSafe?: boolean;
  /**
   * Also decode long hex runs: true. Ignored in compat mode.
   * Default: `true`.
   */
  hex?: boolean;
  /**
   * Recognise UTF-16 text. Unset: automatic in huntkit's mode, off in compat mode; in
   * compat mode `true` is MSTICPy's `utf16=True` (try UTF-16 before UTF-8).
   */
  utf16?: boolean | null;
  /**
   * Bytes shown in `printable_bytes` of each record: 1,024. Compat mode shows up to 1 MiB
   * of each item, as hex in the text too, as MSTICPy does (it has no limit).
   * Default: `1024`.
   */
  maxPrintableBytes?: number;
}

/**
 * Every option of the extractor, with its defaults.
 */
export interface IocOptions {
  /**
   * Follow huntkit's fixes (default) or MSTICPy's behaviour.
   * Default: `"huntkit"`.
   */
  compat?: Compat;
  /**
   * Types to look for; `None` means the default set (see `include_paths`).
   */
  types?: string[] | null;
  /**
   * Add `windows_path` and `linux_path` to the default set of types. In
   * `compat: msticpy`, string mode always scans paths and table mode adds only
   * `windows_path`, as MSTICPy does.
   * Default: `false`.
   */
  includePaths?: boolean;
  /**
   * Report fanged, defanged or all matches.
   * Default: `"all"`.
   */
  defang?: DefangMode;
  /**
   * Accept domains whatever their top-level domain.
   * Default: `false`.
   */
  ignoreTlds?: boolean;
  /**
   * Values never reported (compared case-insensitively with the normalised value).
   * Default: `[]`.
   */
  ignoreValues?: string[];
  /**
   * Domains never reported, with their sub-domains; also drops URLs and e-mail
   * addresses on them.
   * Default: `[]`.
   */
  ignoreDomains?: string[];
  /**
   * CIDR ranges (or single addresses) whose IPs are never reported.
   * Default: `[]`.
   */
  ignoreCidrs?: string[];
  /**
   * Drop private, loopback, link-local, multicast, documentation and reserved IPs.
   * Default: `false`.
   */
  excludePrivateIps?: boolean;
  /**
   * User-defined types, scanned after the built-ins.
   * Default: `[]`.
   */
  customTypes?: CustomType[];
  /**
   * At most this many distinct observables per input string; the result is then
   * flagged as truncated.
   * Default: `100000`.
   */
  maxMatches?: number;
  /**
   * At most this many output rows in table mode; more is a `limit_exceeded` error.
   * Default: `10000000`.
   */
  maxRows?: number;
  /**
   * Report `start`/`end` in UTF-16 code units (what JavaScript strings index by)
   * instead of bytes.
   * Default: `false`.
   */
  utf16Offsets?: boolean;
  /**
   * Also report where each indicator occurs again: every match then carries the
   * spans of its later occurrences in `repeats` (a view highlights them all). The
   * repeats of one text count against `max_matches` too.
   * Default: `false`.
   */
  allOccurrences?: boolean;
  /**
   * Keep dotted quads that context marks as version numbers (`FileVersion: 4.1.0.7`,
   * `SkypeApp_14.35.152.0_x64`, `v4.0_4.0.0.0__b77a5c561934e089`) as `ipv4`. They
   * are dropped by default; `compat: msticpy` always keeps them, as MSTICPy does.
   * Default: `false`.
   */
  keepVersionIps?: boolean;
  /**
   * Read JSON escapes as characters in JSON text (default `auto`). `compat: msticpy`
   * scans text as written: there only `never` and `auto` (which then decodes
   * nothing) are accepted.
   * Default: `"auto"`.
   */
  jsonEscapes?: JsonEscapes;
  /**
   * Table mode: add the `Input` column, the whole source cell, to every result row.
   * Default: off, except under `compat: msticpy`, whose `extract_df` always has it.
   * Rows name their source by `SourceIndex`, `Column` and the `start`/`end` span.
   */
  includeInput?: boolean | null;
}

/**
 * Options of `build` and `build_table`.
 */
export interface ProcessTreeOptions {
  /**
   * `auto` (infer from the column names), or one of `windows`, `linux`, `mde`,
   * `mde-internal`, `sysmon`, `osquery`, `hx`. Ignored when `mapping` is given.
   * Default: `"auto"`.
   */
  schema?: string;
  /**
   * A user-given column mapping; it wins over `schema`.
   */
  mapping?: Schema | null;
  /**
   * Tell hosts apart by this column instead of the schema's host column (a process
   * id is only unique on one host): the host pivot's column, or a renamed `Computer`.
   */
  hostColumn?: string | null;
  /**
   * Reproduce MSTICPy's quirks.
   * Default: `"huntkit"`.
   */
  compat?: Compat;
  /**
   * Events without a time stamp.
   * Default: `"flag"`.
   */
  missingTime?: MissingTime;
  /**
   * Most input rows read.
   * Default: `50000000`.
   */
  maxRows?: number;
  /**
   * Deepest level kept under a root; a process deeper than this starts a new tree and
   * is flagged. Bounds the length of `path`, which grows with depth.
   * Default: `256`.
   */
  maxDepth?: number;
  /**
   * Most bytes of `path` text over all processes (paths grow with depth); past it
   * the build stops with `limit_exceeded`. 1 GiB natively; 256 MiB in wasm32, whose
   * whole memory is 4 GiB and must also hold the input and the output table.
   * Default: `1073741824`.
   */
  maxPathBytes?: number;
}

/**
 * Options of [`ProcessTree::to_text`].
 */
export interface TreeTextOptions {
  /**
   * Wrap lines at this many characters (the indent is not counted on a node's first
   * line).
   * Default: `80`.
   */
  wrap?: number;
  /**
   * Only the tree holding this process key (all trees when `None`).
   */
  rootOf?: string | null;
  /**
   * Most bytes of text; past it the text ends with a line saying how many processes
   * were left out.
   * Default: `67108864`.
   */
  maxBytes?: number;
}

/**
 * Options for cutting a table of events into sessions.
 */
export interface SessionizeOptions {
  /**
   * Columns that identify a user (e.g. `UserId`, `ClientIP`); a change in any starts a
   * new session. None at all puts every event in one stream.
   * Default: `[]`.
   */
  userColumns?: string[];
  /**
   * The event time column.
   * Default: `"TimeGenerated"`.
   */
  timeColumn?: string;
  /**
   * The column holding the command (event) of each row.
   * Default: `""`.
   */
  eventColumn?: string;
  /**
   * A column holding each event's parameters: a JSON object of names and values (or an
   * array of names), or an Arrow map.
   */
  paramsColumn?: string | null;
  /**
   * The form of the sessions. With a parameters column the default is
   * [`SessionForm::Values`]; [`SessionForm::Params`] keeps only the parameter names.
   */
  form?: SessionForm | null;
  /**
   * The longest a session may last, in minutes, measured from its first event.
   * Default: `20.0`.
   */
  maxSessionMinutes?: number;
  /**
   * The longest gap between two events of one session, in minutes.
   * Default: `2.0`.
   */
  maxGapMinutes?: number;
  /**
   * The most rows accepted.
   * Default: `50000000`.
   */
  maxRows?: number;
}

/**
 * Options for training a model.
 */
export interface ModelOptions {
  /**
   * The form of the sessions; `None` takes the form of the first command, as MSTICPy does.
   */
  form?: SessionForm | null;
  /**
   * How counts are smoothed.
   */
  smoothing?: Smoothing;
  /**
   * The parameters whose values are modelled (values form). `None` chooses them with
   * MSTICPy's rule: at most 20 distinct values, seen at least 20 times, and distinct
   * values at most 10% of the times seen.
   */
  modellableParams?: string[] | null;
  /**
   * The most distinct commands, parameters and values (together) a model may hold.
   * Default: `1000000`.
   */
  maxVocabulary?: number;
}

/**
 * Options for scoring sessions against a model.
 */
export interface ScoreOptions {
  /**
   * The length of the sliding window for the rarest window.
   * Default: `3`.
   */
  window?: number;
  /**
   * Put the start token before and the end token after each session.
   * Default: `true`.
   */
  useStartEndTokens?: boolean;
  /**
   * Raise each window likelihood to the power `1 / window`.
   * Default: `false`.
   */
  geoMean?: boolean;
  /**
   * `Msticpy` slices the rarest window from the session without the end token, so a
   * window that ends in the end token comes back one command short (quirk Q-S1).
   * Default: `"huntkit"`.
   */
  compat?: Compat;
  /**
   * The longest window allowed.
   * Default: `1000`.
   */
  maxWindow?: number;
}

/**
 * Options for going from raw events to ranked sessions in one call.
 */
export interface ScoreTableOptions {
  /**
   * Columns that identify a user (e.g. `UserId`, `ClientIP`); a change in any starts a
   * new session. None at all puts every event in one stream.
   * Default: `[]`.
   */
  userColumns?: string[];
  /**
   * The event time column.
   * Default: `"TimeGenerated"`.
   */
  timeColumn?: string;
  /**
   * The column holding the command (event) of each row.
   * Default: `""`.
   */
  eventColumn?: string;
  /**
   * A column holding each event's parameters: a JSON object of names and values (or an
   * array of names), or an Arrow map.
   */
  paramsColumn?: string | null;
  /**
   * The form of the sessions. With a parameters column the default is
   * [`SessionForm::Values`]; [`SessionForm::Params`] keeps only the parameter names.
   */
  form?: SessionForm | null;
  /**
   * The longest a session may last, in minutes, measured from its first event.
   * Default: `20.0`.
   */
  maxSessionMinutes?: number;
  /**
   * The longest gap between two events of one session, in minutes.
   * Default: `2.0`.
   */
  maxGapMinutes?: number;
  /**
   * The most rows accepted.
   * Default: `50000000`.
   */
  maxRows?: number;
  /**
   * The length of the sliding window for the rarest window.
   * Default: `3`.
   */
  window?: number;
  /**
   * Put the start token before and the end token after each session.
   * Default: `true`.
   */
  useStartEndTokens?: boolean;
  /**
   * Raise each window likelihood to the power `1 / window`.
   * Default: `false`.
   */
  geoMean?: boolean;
  /**
   * `Msticpy` slices the rarest window from the session without the end token, so a
   * window that ends in the end token comes back one command short (quirk Q-S1).
   * Default: `"huntkit"`.
   */
  compat?: Compat;
  /**
   * The longest window allowed.
   * Default: `1000`.
   */
  maxWindow?: number;
  /**
   * How a new model's counts are smoothed.
   */
  smoothing?: Smoothing;
  /**
   * The parameters whose values a new model models (values form).
   */
  modellableParams?: string[] | null;
  /**
   * The most distinct names a new model may hold; `None` for the default.
   */
  maxVocabulary?: number | null;
}

/**
 * What to build a timeline from. Every default is here.
 */
export interface TimelineOptions {
  /**
   * Column holding each event's time (MSTICPy's `time_column`).
   * Default: `"TimeGenerated"`.
   */
  timeColumn?: string;
  /**
   * Columns whose values make the lanes; several are joined with `lane_separator`.
   * Empty means one lane for everything.
   * Default: `[]`.
   */
  groupBy?: string[];
  /**
   * Column whose values pick each marker's colour.
   */
  colorColumn?: string | null;
  /**
   * Numeric column for values mode (`display_timeline_values`' `value_column`).
   */
  valueColumn?: string | null;
  /**
   * End-time column for duration mode (`display_timeline_duration`'s `end_time_column`).
   */
  endTimeColumn?: string | null;
  /**
   * Joins the values of several `group_by` columns into one lane label.
   * Default: `" / "`.
   */
  laneSeparator?: string;
  /**
   * Label of the lane holding rows whose group key is null.
   * Default: `"(null)"`.
   */
  nullLabel?: string;
  /**
   * Which side to take on MSTICPy's quirks.
   * Default: `"huntkit"`.
   */
  compat?: Compat;
  /**
   * Work and memory bounds.
   */
  limits?: Limits;
}

/**
 * Every option of a GeoIP lookup, with its defaults.
 */
export interface GeoIpOptions {
  /**
   * The locale of country, state and city names, as the database spells it: `en`
   * (default, as MSTICPy), `de`, `es`, `fr`, `ja`, `pt-BR`, `ru`, `zh-CN`, or any other
   * locale a database lists in its metadata. A name missing in that locale is null.
   * Default: `"en"`.
   */
  language?: string;
  /**
   * Check the whole database when it is opened: every node of the search tree and
   * every record it points to. A corrupt file then fails at once with
   * `invalid_geoip_db`; without the check it fails at the first lookup that meets the
   * damage (still with `invalid_geoip_db`, never a crash). Costs one pass over the file.
   * Default: `true`.
   */
  verify?: boolean;
  /**
   * The largest database file accepted, in bytes.
   * Default: `1073741824`.
   */
  maxDatabaseBytes?: number;
}

/**
 * How to read one feed. Every field has a default; only what differs needs setting.
 */
export interface TiFeedOptions {
  /**
   * The name shown in the `Provider` column (default: the warning list's or MISP
   * event's own name, else the kind's name).
   */
  name?: string | null;
  /**
   * The feed's kind; told from the content when not given.
   */
  kind?: FeedKind | null;
  /**
   * Severity of a listed indicator that has no score (plain and CSV feeds).
   * Default: `"high"`.
   */
  severity?: Severity;
  /**
   * A score at or above this is `high`, a lower positive score `warning` (ipsum's
   * score is the number of blocklists listing the address: 3 or more is `high`).
   * Default: `3.0`.
   */
  highScore?: number;
  /**
   * The type of every value (plain and CSV feeds); inferred per value when not given.
   */
  iocType?: IocType | null;
  /**
   * CSV: the column of indicator values (default: the first column named
   * `ioc`, `indicator`, `value`, `observable`, `ip`, `domain`, `url` or `hash`, else
   * the first column).
   */
  valueColumn?: string | null;
  /**
   * CSV: a column holding each value's type (names as [`IocType::parse`] reads them).
   */
  typeColumn?: string | null;
  /**
   * CSV: a numeric score column, mapped to severity through `highScore`.
   */
  scoreColumn?: string | null;
  /**
   * CSV: a column holding each row's severity (`high`, `warning`, `medium`, ...).
   */
  severityColumn?: string | null;
  /**
   * CSV: a column holding each row's reference (a URL).
   */
  referenceColumn?: string | null;
  /**
   * Largest feed, in bytes.
   * Default: `268435456`.
   */
  maxFeedBytes?: number;
  /**
   * Most indicators one feed may hold.
   * Default: `10000000`.
   */
  maxEntries?: number;
  /**
   * Longest line of a plain or CSV feed, in bytes.
   * Default: `65536`.
   */
  maxLineBytes?: number;
}

/**
 * How a lookup runs.
 */
export interface TiLookupOptions {
  /**
   * Table lookups: the column of indicators (default: the only column, or the first
   * column named `Ioc`, `ioc`, `Observable`, `indicator`, `value`).
   */
  column?: string | null;
  /**
   * Table lookups: a column giving each row's IoC type (MSTICPy's `ioc_type_col`).
   */
  typeColumn?: string | null;
  /**
   * The type of every indicator; inferred per value when not given.
   */
  iocType?: IocType | null;
  /**
   * Also report, per indicator and feed, a `Result = false` row when the feed does
   * not list it (MSTICPy's one row per indicator and provider). Off: only hits and
   * warning-list matches are reported.
   * Default: `false`.
   */
  includeMisses?: boolean;
  /**
   * Most result rows; more is a `limit_exceeded` error.
   * Default: `10000000`.
   */
  maxResults?: number;
}

/**
 * STL options. Field names and defaults follow statsmodels' `STL(...)` and `fit(...)`.
 */
export interface StlOptions {
  /**
   * Length of one season in samples (24 for hourly data with a daily cycle). Required
   * by [`stl`]; the anomaly functions detect it from the periodogram when absent.
   */
  period?: number | null;
  /**
   * Length of the seasonal smoother: odd, at least 3. Default 7.
   * Default: `7`.
   */
  seasonal?: number;
  /**
   * Length of the trend smoother: odd, at least 3 and greater than `period`. Default:
   * the smallest odd integer ≥ `1.5·period / (1 − 1.5/seasonal)` (47 for 24 and 7).
   */
  trend?: number | null;
  /**
   * Length of the low-pass filter: odd, at least 3 and greater than `period`. Default:
   * the smallest odd integer greater than `period` (25 for 24).
   */
  lowPass?: number | null;
  /**
   * Degree of the seasonal LOESS, 0 or 1. Default 1.
   * Default: `1`.
   */
  seasonalDeg?: number;
  /**
   * Degree of the trend LOESS, 0 or 1. Default 1.
   * Default: `1`.
   */
  trendDeg?: number;
  /**
   * Degree of the low-pass LOESS, 0 or 1. Default 1.
   * Default: `1`.
   */
  lowPassDeg?: number;
  /**
   * Down-weight outliers with bisquare robustness weights. Default false.
   * Default: `false`.
   */
  robust?: boolean;
  /**
   * Compute the seasonal smooth every `seasonal_jump` points and interpolate. Default 1.
   * Default: `1`.
   */
  seasonalJump?: number;
  /**
   * Compute the trend smooth every `trend_jump` points and interpolate. Default 1.
   * Default: `1`.
   */
  trendJump?: number;
  /**
   * Compute the low-pass smooth every `low_pass_jump` points and interpolate. Default 1.
   * Default: `1`.
   */
  lowPassJump?: number;
  /**
   * Inner-loop passes. Default 2 when robust, else 5.
   */
  innerIter?: number | null;
  /**
   * Outer (robustness) passes. Default 15 when robust, else 0.
   */
  outerIter?: number | null;
  /**
   * Refuse longer series (`limit_exceeded`).
   * Default: `20000000`.
   */
  maxPoints?: number;
  /**
   * Refuse option combinations whose estimated work (window points visited) is larger.
   * Default: `200000000000.0`.
   */
  maxWork?: number;
}

/**
 * MSTL options.
 */
export interface MstlOptions {
  /**
   * The seasonal periods in samples, e.g. `[24, 168]` for hourly data with daily and
   * weekly cycles. Periods of half the series or longer are dropped (statsmodels warns
   * and does the same); the result lists them.
   * Default: `[]`.
   */
  periods?: number[];
  /**
   * Seasonal smoother length per period; default `7 + 4·i` for the i-th (1-based)
   * period after sorting, as statsmodels does.
   */
  windows?: number[] | null;
  /**
   * Rounds of refinement; forced to 1 with a single period. Default 2.
   * Default: `2`.
   */
  iterate?: number;
  /**
   * Every other STL option (`period` and `seasonal` are ignored here).
   */
  stl?: StlOptions;
}

/**
 * Options of [`ts_anomalies`].
 */
export interface AnomalyOptions {
  /**
   * Table input: the time column. Without one, rows are taken as evenly spaced in
   * input order.
   */
  timeColumn?: string | null;
  /**
   * Table input: the value column. Default: the first column that is not the time
   * column (MSTICPy's choice).
   */
  valueColumn?: string | null;
  /**
   * `msticpy` reproduces `timeseries_anomalies_stl` exactly (integer columns, sign
   * from the seasonal component, only high scores flagged).
   * Default: `"huntkit"`.
   */
  compat?: Compat;
  /**
   * Season length in samples. When absent: 24 under `msticpy`; otherwise detected from
   * the periodogram (the strongest period of at least 2 samples and at most a third
   * of the series).
   */
  period?: number | null;
  /**
   * Several season lengths at once (for example `[24, 168]`, daily and weekly for
   * hourly data): the decomposition is MSTL and `seasonal` is the sum of the
   * seasonal components. Not available under `msticpy`.
   */
  periods?: number[] | null;
  /**
   * Seasonal smoother length (odd, ≥ 3). Default 7.
   * Default: `7`.
   */
  seasonal?: number;
  /**
   * Trend smoother length; statsmodels' derived default when absent.
   */
  trend?: number | null;
  /**
   * Low-pass filter length; statsmodels' derived default when absent.
   */
  lowPass?: number | null;
  /**
   * Robust STL (outliers get down-weighted). Default false, as in MSTICPy.
   * Default: `false`.
   */
  robust?: boolean;
  /**
   * Scores above this are flagged `+1`. Default 3.
   * Default: `3.0`.
   */
  threshold?: number;
  /**
   * Scores below `-threshold_low` are flagged `-1` (default mode only). Default: the
   * same as `threshold`.
   */
  thresholdLow?: number | null;
  /**
   * Sort rows by time before decomposing (default). When false, out-of-order
   * timestamps are an error. Under `msticpy` the series is decomposed in input order
   * and the output sorted afterwards, as MSTICPy does.
   * Default: `true`.
   */
  sort?: boolean;
  /**
   * Refuse longer series.
   * Default: `20000000`.
   */
  maxPoints?: number;
}

/**
 * Options of [`rethreshold_table`].
 */
export interface ThresholdOptions {
  /**
   * Scores above this are flagged `+1`. Default 3.
   * Default: `3.0`.
   */
  threshold?: number;
  /**
   * Scores below `-threshold_low` are flagged `-1`; default `threshold`.
   */
  thresholdLow?: number | null;
  /**
   * The score column. Default `score`.
   * Default: `"score"`.
   */
  scoreColumn?: string;
  /**
   * The flag column to replace. Default `anomalies`.
   * Default: `"anomalies"`.
   */
  anomaliesColumn?: string;
  /**
   * `msticpy`: `set_new_anomaly_threshold`'s inclusive comparisons and `or` fallback.
   * Default: `"huntkit"`.
   */
  compat?: Compat;
}

/**
 * Options of [`anomaly_periods_table`] and [`kql_periods_table`].
 */
export interface PeriodOptions {
  /**
   * The time column. Default `TimeGenerated`.
   * Default: `"TimeGenerated"`.
   */
  timeColumn?: string;
  /**
   * The flag column. Default `anomalies`.
   * Default: `"anomalies"`.
   */
  anomaliesColumn?: string;
  /**
   * Bin width and padding, e.g. `"1h"` (default).
   * Default: `"1h"`.
   */
  period?: string;
  /**
   * Only `+1` flags (default), or `-1` too.
   * Default: `true`.
   */
  posOnly?: boolean;
  /**
   * `msticpy`: the KQL filter hard-codes `TimeGenerated`, prints times as Python does
   * and gives `"| where "` for no periods.
   * Default: `"huntkit"`.
   */
  compat?: Compat;
}

/**
 * Bucketing options.
 */
export interface BucketOptions {
  /**
   * Table input: the timestamp column. Default `TimeGenerated`.
   * Default: `"TimeGenerated"`.
   */
  timeColumn?: string;
  /**
   * Table input: a column to sum per bucket; without one, events are counted.
   */
  valueColumn?: string | null;
  /**
   * Table input: columns whose values split the events into groups (host, account…).
   * Default: `[]`.
   */
  groupBy?: string[];
  /**
   * Table output: the name of the count or sum column. Default `count`, or the value
   * column's name when summing.
   */
  outputColumn?: string | null;
  /**
   * Bucket width: a number and a unit, `ns`, `us`, `ms`, `s`, `m`/`min`, `h`, `d` or
   * `w` (`"1h"`, `"15min"`, `"1d"`). Default `"1h"`.
   * Default: `"1h"`.
   */
  interval?: string;
  /**
   * Where bucket edges fall: `"UTC"` (default) or a fixed offset such as `"+05:30"`.
   * Buckets then start at local multiples of the interval counted from local midnight,
   * so daily buckets run from local midnight to local midnight. The grid stays regular
   * in absolute time, as STL needs.
   * Default: `"UTC"`.
   */
  timeZone?: string;
  /**
   * First bucket (ns since the epoch); default the bucket of the earliest event.
   */
  start?: number | null;
  /**
   * Last bucket to include (ns since the epoch); default the bucket of the latest event.
   */
  end?: number | null;
  /**
   * Every group gets the same grid, from the earliest to the latest event of all
   * groups (default), so a group's quiet time before its first event shows as zeros.
   * When false each group spans only its own events.
   * Default: `true`.
   */
  sharedRange?: boolean;
  /**
   * Refuse grids with more buckets than this in total.
   * Default: `50000000`.
   */
  maxBuckets?: number;
  /**
   * Refuse more groups than this.
   * Default: `100000`.
   */
  maxGroups?: number;
}

/**
 * Polling detection options.
 */
export interface PollingOptions {
  /**
   * Table input: the column of event times (timestamps, or integer or float seconds
   * since the epoch). Default `TimeGenerated`.
   * Default: `"TimeGenerated"`.
   */
  timeColumn?: string;
  /**
   * Table input: columns that name a stream (for example source and destination).
   * Default: `[]`.
   */
  groupBy?: string[];
  /**
   * Bin width in seconds (MSTICPy: 1).
   * Default: `1`.
   */
  interval?: number;
  /**
   * `Msticpy` reproduces its binning: bins run from the first timestamp up to but not
   * including the last, so the last event is dropped (quirk Q-D1), and only events that
   * fall exactly on a bin start are counted; a spectrum with no power gets a p-value
   * of 0. The default bins every event, last one included, and gives such a spectrum
   * a p-value of 1.
   * Default: `"huntkit"`.
   */
  compat?: Compat;
  /**
   * Groups whose span needs more bins than this are not analysed (their result says so).
   * Default: `10000000`.
   */
  maxBins?: number;
  /**
   * Refuse inputs with more events than this.
   * Default: `100000000`.
   */
  maxEvents?: number;
  /**
   * Refuse inputs with more groups than this.
   * Default: `1000000`.
   */
  maxGroups?: number;
}

/**
 * Whose behaviour to follow where huntkit and MSTICPy differ.
 *
 * Written `"huntkit"` or `"msticpy"` in options (JSON, JavaScript, the CLI's `--compat`).
 * `"none"`, the name huntkit's own mode had in some engines before, is still read as
 * `"huntkit"`.
 */
export type Compat = "huntkit" | "msticpy";

/**
 * A user-defined IoC type, added at run time.
 */
export interface CustomType {
  /**
   * The type name reported in results. A built-in name replaces that built-in type.
   * Default: `""`.
   */
  name?: string;
  /**
   * A regex in the syntax of the `regex` crate (no look-around, no back-references).
   * Default: `""`.
   */
  pattern?: string;
  /**
   * Lower wins when one string matches two types (built-ins use 0 to 4).
   * Default: `0`.
   */
  priority?: number;
  /**
   * Report this capture group (by name) instead of the whole match.
   */
  group?: string | null;
}

/**
 * Which matches to report, judged by whether they were written defanged.
 */
export type DefangMode = "all" | "fanged" | "defanged";

/**
 * How an event id may be written: a number (4688) or a string ("ProcessCreated").
 */
export type EventIdentifier = string | number;

/**
 * The kinds of local feed huntkit reads.
 */
export type FeedKind = "plain" | "csv" | "misp-warninglist" | "misp-event" | "stix";

/**
 * The formats huntkit reads and writes.
 */
export type Format = "arrow" | "arrow-file" | "csv" | "json" | "ndjson";

/**
 * The kind of an indicator, named as `huntkit-ioc`'s extractor names it.
 */
export type IocType = "ipv4" | "ipv6" | "dns" | "url" | "email" | "md5_hash" | "sha1_hash" | "sha256_hash" | "sha512_hash" | "ipv4_cidr" | "ipv6_cidr" | "asn" | "unknown";

/**
 * Whether JSON string escapes (`\\`, `\n`, `\t`, `\"`, `\u0041`, ...) are read as the
 * characters they stand for before scanning.
 */
export type JsonEscapes = "auto" | "always" | "never";

/**
 * Bounds on the work and memory one index or one query may take.
 */
export interface Limits {
  /**
   * Most rows an index accepts.
   * Default: `50000000`.
   */
  maxRows?: number;
  /**
   * Most lanes (distinct group keys).
   * Default: `10000`.
   */
  maxLanes?: number;
  /**
   * Most distinct colour keys; further keys share [`NO_COLOUR`] and set `colours_truncated`.
   * Default: `4096`.
   */
  maxColours?: number;
  /**
   * Widest plot, in pixel columns.
   * Default: `65536`.
   */
  maxWidth?: number;
  /**
   * Most bins one `bin` call returns.
   * Default: `20000000`.
   */
  maxBins?: number;
  /**
   * Most rows one `hit` call returns.
   * Default: `10000`.
   */
  maxHits?: number;
  /**
   * Most rows one `select` call returns.
   * Default: `5000000`.
   */
  maxSelected?: number;
}

/**
 * What to do with a process event that has no usable time stamp.
 */
export type MissingTime = "flag" | "drop" | "error";

/**
 * The column names of one kind of process-creation event.
 *
 * The four required fields name the process, its id, its parent's id and its creation
 * time; the rest are used when present. Field names are accepted in camelCase and in
 * MSTICPy's snake_case, so an existing MSTICPy schema dictionary can be passed as is.
 */
export interface Schema {
  /**
   * Process name or image path.
   * Default: `""`.
   */
  processName?: string;
  /**
   * Process id.
   * Default: `""`.
   */
  processId?: string;
  /**
   * Parent process id.
   * Default: `""`.
   */
  parentId?: string;
  /**
   * Process creation (or event) time.
   * Default: `""`.
   */
  timeStamp?: string;
  /**
   * Command line.
   */
  cmdLine?: string | null;
  /**
   * Separator of folders in the process path.
   * Default: `"\\"`.
   */
  pathSeparator?: string;
  /**
   * Account name.
   */
  userName?: string | null;
  /**
   * Logon (session) id of the creator.
   */
  logonId?: string | null;
  /**
   * Host name.
   */
  hostNameColumn?: string | null;
  /**
   * Parent process name or image path.
   */
  parentName?: string | null;
  /**
   * Logon id the new process runs under, when it differs from the creator's.
   */
  targetLogonId?: string | null;
  /**
   * Account id (SID or uid).
   */
  userId?: string | null;
  /**
   * Column holding the event type.
   */
  eventIdColumn?: string | null;
  /**
   * Value of `event_id_column` that marks a process-creation event.
   */
  eventIdIdentifier?: EventIdentifier | null;
}

/**
 * The form of a set of sessions. All sessions given to one model share one form.
 */
export type SessionForm = "commands" | "params" | "values";

/**
 * How bad a result is: MSTICPy's `ResultSeverity` (`unknown = -1`, `information = 0`,
 * `warning = 1`, `high = 2`). The derived order follows those numbers.
 */
export type Severity = "unknown" | "information" | "warning" | "high";

/**
 * How counts are smoothed before they become probabilities.
 */
export type Smoothing = "msticpy" | "laplace";
