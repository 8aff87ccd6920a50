// Entities and pivot functions, as MSTICPy's pivots: one interface for every function
// registered on an entity type, built in (run in the wasm) or added from JavaScript.
//
//   import { init, pivots } from "huntkit";
//   await init();
//   pivots.IpAddress.ip_type("104.211.30.1");                         // a value
//   pivots.IpAddress.ip_type(["10.0.0.1", "8.8.8.8"]);                 // a list
//   pivots.IpAddress.ip_type(flows, { column: "SrcIP", join: "left" }); // a table
//
// In: a value (string), an array of values, or a table (Arrow Table, IPC bytes, CSV/JSON
// text in bytes, an array of objects) with `column`. Out: an Arrow Table (plain objects
// with `{ output: "objects" }`) whose rows carry `src_row_index`; `join: "left" | "inner"`
// joins the result's columns onto the input. Inputs and joins are handled in Rust, the
// same code the Python package and `huntkit pivot` run.
//
// Enrichment pivots are listed from the start and run once configured: `IpAddress.geoip`
// (MSTICPy's `geoloc`) after `pivots.useGeoip(geoIpDb)`, `ti.lookup_ioc` / `lookup_iocs`
// of IpAddress, Dns, Url, FileHash after `pivots.useTi(tiFeeds)`, and `IpAddress.whois` /
// `whois_asn` over RDAP, which return promises (`pivots.useWhois({ config })` or the
// call's `config`). Called before it is configured, one throws `not_configured`.
import { Table, Uint64, vectorFromArray } from "apache-arrow";
import { HuntkitError } from "./error.js";
import { optionsJSON, optionsObject, plain, text } from "./boundary.js";
import { fromIPC, output, toInputBytes } from "./data.js";
import { call, guard } from "./error.js";
import { GeoIpDb } from "./geoip.js";
import { whois } from "./net.js";
import { TiFeeds } from "./ti.js";
import { wasm } from "./wasm.js";

/** The entity types huntkit parses, in the order `list()` shows them. */
export const ENTITY_NAMES = Object.freeze(["IpAddress", "Dns", "Url", "FileHash", "File", "Account", "Host", "Process", "Email"]);

const ALIASES = {
  ip: "IpAddress", ipaddress: "IpAddress", "ip-address": "IpAddress",
  dns: "Dns", dnsresolve: "Dns", "dns-resolve": "Dns", domain: "Dns",
  url: "Url", filehash: "FileHash", "file-hash": "FileHash", file: "File",
  account: "Account", user: "Account", host: "Host", machine: "Host",
  process: "Process", email: "Email",
};

/** Keys of a pivot call's options that stay in JavaScript. */
const JS_ONLY = ["column", "output"];

let catalogue = null;
/** User functions: entity → name → pivot. Kept across engine restarts. */
const userPivots = new Map();

function loadCatalogue() {
  if (catalogue === null) catalogue = JSON.parse(call(() => wasm().pivotCatalogue()));
  return catalogue;
}

function canonical(name) {
  const found = typeof name === "string" ? ALIASES[name.trim().toLowerCase()] : undefined;
  if (!found) {
    throw new HuntkitError("unknown_entity", `unknown entity type ${JSON.stringify(String(name))}; known types: ${ENTITY_NAMES.join(", ")}`);
  }
  return found;
}

function isTable(data) {
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return true;
  if (data != null && typeof data === "object" && typeof data.getChild === "function") return true;
  if (Array.isArray(data)) return data.some((v) => v !== null && typeof v === "object");
  return false;
}

/** A value or an array of values as JSON text for the wasm (null for a missing value). */
function valuesJSON(data) {
  const list = Array.isArray(data) ? data : [data];
  const vals = list.map((v, i) => {
    if (v === null || v === undefined) return null;
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
    throw new HuntkitError("invalid_input", `pivot value ${i} must be a string, got ${typeof v}`);
  });
  return JSON.stringify(vals);
}

function splitInput(data) {
  if (data === undefined) throw new HuntkitError("invalid_input", "a pivot needs an input: a value, an array of values, or a table with { column }");
  return isTable(data) ? [toInputBytes(data), undefined] : [undefined, valuesJSON(data)];
}

function columnOf(options, what) {
  const c = options?.column;
  if (c === undefined || c === null) return undefined;
  return text(c, `${what}'s column`);
}

class Pivot {
  constructor(info, func = null) {
    this.entity = info.entity;
    this.name = info.name;
    this.container = info.container;
    this.help = info.help;
    this.inputColumn = info.inputColumn;
    this.keyColumn = info.keyColumn ?? null;
    this.tableOnly = Boolean(info.tableOnly);
    this.func = func;
    /** The `pivots.use*` call an enrichment pivot needs first (null: none). */
    this.needs = null;
  }

  get configured() {
    return true;
  }

  get qualified() {
    return `${this.entity}.${this.container}.${this.name}`;
  }

  info() {
    return {
      entity: this.entity,
      name: this.name,
      container: this.container,
      help: this.help,
      input: this.tableOnly ? "table" : "value",
      output: "Table",
      inputColumn: this.inputColumn,
      keyColumn: this.keyColumn,
      source: this.needs ? "enrichment" : this.func ? "user" : "builtin",
      qualified: this.qualified,
      needs: this.needs,
      configured: this.configured,
    };
  }

  /** The input as the user-function path takes it: the values, their rows, the join options. */
  prepare(data, options) {
    const what = this.qualified;
    const [bytes, values, column] = guard(() => [...splitInput(data), columnOf(options, what)]);
    const o = guard(() => optionsObject(options, what));
    const { join, leftOn, rightOn, maxValues, maxRows, read, output: _out, column: _col, ...rest } = o;
    const joinJSON = guard(() => JSON.stringify(plain({ join, leftOn, rightOn, maxValues, maxRows, read }, `${what} options`)));
    const given = fromIPC(call(() => wasm().pivotInput(this.inputColumn, bytes, values, column, joinJSON)));
    const items = Array.from(given.getChildAt(0)?.toArray() ?? []);
    const rows = Array.from(given.getChild("src_row_index")?.toArray() ?? [], Number);
    return { bytes, values, column, joinJSON, items, rows, rest, joined: join !== undefined || leftOn !== undefined };
  }

  /** The result (table bytes with `src_row_index`) alone, or joined onto the input. */
  finish(prep, result, options) {
    if (!prep.joined) return output(call(() => wasm().toArrow(result, undefined)), options);
    return output(
      call(() => wasm().pivotJoin(this.inputColumn, result, prep.bytes, prep.values, prep.column, this.keyColumn ?? undefined, prep.joinJSON)),
      options,
    );
  }

  run(data, options = {}) {
    const what = this.qualified;
    if (!this.func) {
      const [bytes, values, column] = guard(() => [...splitInput(data), columnOf(options, what)]);
      const json = guard(() => optionsJSON(options, what, JS_ONLY));
      return output(call(() => wasm().pivotRun(this.entity, this.name, bytes, values, column, json)), options);
    }
    const prep = this.prepare(data, options);
    return this.finish(prep, userResult(this.func(prep.items, prep.rest), prep.items, prep.rows, this.inputColumn), options);
  }
}

/**
 * A user function's return value as table bytes with `src_row_index`: an array with one
 * item per value (an object of result columns, or a value for `result`), or a table
 * (one row per value, or with `src_row_index`).
 */
function userResult(out, items, rows, key) {
  if (out !== null && typeof out === "object" && !Array.isArray(out) && (typeof out.getChild === "function" || ArrayBuffer.isView(out))) {
    const table = typeof out.getChild === "function" ? out : fromIPC(out);
    const objects = [];
    const names = table.schema.fields.map((f) => f.name);
    if (!names.includes("src_row_index") && table.numRows !== rows.length) {
      throw new HuntkitError("invalid_input", `the pivot function returned ${table.numRows} rows for ${rows.length} values and no src_row_index column`);
    }
    for (let i = 0; i < table.numRows; i++) {
      const row = table.get(i).toJSON();
      if (!names.includes("src_row_index")) row.src_row_index = rows[i];
      objects.push(row);
    }
    return objects.length ? toInputBytes(objects) : toInputBytes(`${key},src_row_index\n`);
  }
  if (!Array.isArray(out) || out.length !== items.length) {
    throw new HuntkitError(
      "invalid_input",
      `the pivot function returned ${Array.isArray(out) ? out.length + " items" : typeof out} for ${items.length} values: return one per value (an object of columns, or a value), or a table`,
    );
  }
  const objects = out.map((item, i) => {
    const fields = item !== null && typeof item === "object" && !Array.isArray(item) ? item : { result: item };
    return { [key]: items[i], ...fields, src_row_index: rows[i] };
  });
  if (objects.length === 0) return toInputBytes(`${key},src_row_index\n`);
  return toInputBytes(objects);
}

// ---------------------------------------------------------------------------- enrichment
//
// GeoIP, local TI feeds and RDAP WhoIs are pivots like the others: listed from the start,
// called and joined the same way, backed by what `useGeoip` / `useTi` / `useWhois`
// configured. One not yet configured says which call it needs.

const enrichment = { geoip: null, ti: null, whois: {} };

/** The entity types with TI pivots and the IoC type each looks its values up as. */
const TI_TYPES = { IpAddress: undefined, Dns: "dns", Url: "url", FileHash: undefined };
/** The columns of `whois_asn`: the origin AS of each address. */
const ASN_COLUMNS = ["query", "asn", "asn_description", "asn_registry", "asn_country_code", "network_cidr", "status"];

function configured(service, what, needs) {
  const found = enrichment[service];
  if (found === null) throw new HuntkitError("not_configured", `${what} needs ${needs} first`);
  return found;
}

/** `table`'s columns (less `SourceIndex`, or only `keep`) plus `src_row_index`, as IPC bytes. */
function withRows(table, rows, { keep, positions } = {}) {
  const columns = {};
  for (const f of table.schema.fields) {
    if (f.name === "SourceIndex" || (keep && !keep.includes(f.name))) continue;
    columns[f.name] = table.getChild(f.name);
  }
  let src = rows;
  if (positions) {
    const at = table.getChild(positions);
    src = Array.from({ length: table.numRows }, (_, i) => rows[Number(at.get(i))]);
  }
  if (src.length !== table.numRows) throw new HuntkitError("invalid_input", `the lookup returned ${table.numRows} rows for ${src.length} values`);
  columns.src_row_index = vectorFromArray(BigUint64Array.from(src, BigInt), new Uint64());
  return toInputBytes(new Table(columns));
}

class EnrichmentPivot extends Pivot {
  constructor(info, service, needs, lookup, isAsync = false) {
    super(info);
    this.service = service;
    this.needs = needs;
    this.lookup = lookup;
    this.isAsync = isAsync;
  }

  get configured() {
    return this.service === "whois" || enrichment[this.service] !== null;
  }

  run(data, options = {}) {
    if (this.isAsync) return this.runAsync(data, options);
    const prep = this.prepare(data, options);
    return this.finish(prep, this.lookup(prep), options);
  }

  async runAsync(data, options) {
    const prep = this.prepare(data, options);
    return this.finish(prep, await this.lookup(prep), options);
  }
}

function enrichmentPivots(entityName) {
  const info = (name, container, keyColumn, helpText) => ({
    entity: entityName,
    name,
    container,
    help: helpText,
    inputColumn: loadCatalogue().pivots.find((p) => p.entity === entityName && p.name === "create")?.inputColumn ?? "value",
    keyColumn,
  });
  const out = [];
  if (entityName === "IpAddress") {
    const geoHelp =
      "The geographic location and ASN of each address from the GeoIP databases (MaxMind DB files): IpAddress, CountryCode, " +
      "CountryOrRegionName, State, City, Longitude, Latitude, Asn, AsnOrganization. Needs pivots.useGeoip(new GeoIpDb(...)).";
    const geoip = ({ items, rows, rest }) => {
      if (Object.keys(rest).length) throw new HuntkitError("invalid_option", `IpAddress.geoip takes no options, got ${Object.keys(rest).join(", ")}`);
      const db = configured("geoip", "IpAddress.geoip", "pivots.useGeoip(geoIpDb)");
      return withRows(db.lookupAddresses(items), rows);
    };
    for (const name of ["geoip", "geoloc"]) out.push(new EnrichmentPivot(info(name, "util", "IpAddress", geoHelp), "geoip", "useGeoip", geoip));
    const rdap = (keep) => async ({ items, rows, rest }) => {
      const { config, bootstrap, ...other } = rest;
      if (Object.keys(other).length) throw new HuntkitError("invalid_option", `IpAddress.whois takes config and bootstrap, got ${Object.keys(other).join(", ")}`);
      const table = await whois(items, {
        config: config ?? enrichment.whois.config,
        bootstrap: bootstrap ?? enrichment.whois.bootstrap,
        asnDb: enrichment.whois.asnDb,
      });
      return withRows(table, rows, { keep });
    };
    const whoisNote = " Over the network; returns a promise. Configure with pivots.useWhois({ config, bootstrap }) or the call's config.";
    out.push(new EnrichmentPivot(
      info("whois", "util", "query", "WhoIs of each address through RDAP: query, asn, asn_description, asn_registry, asn_country_code, network_*, country, registrant, abuse_contact, status." + whoisNote),
      "whois", "useWhois", rdap(undefined), true,
    ));
    out.push(new EnrichmentPivot(
      info("whois_asn", "util", "query", "The origin AS of each address through RDAP: query, asn, asn_description, asn_registry, asn_country_code, network_cidr, status." + whoisNote),
      "whois", "useWhois", rdap(ASN_COLUMNS), true,
    ));
  }
  if (entityName in TI_TYPES) {
    const tiHelp =
      `Looks each ${entityName} value up in the local threat-intelligence feeds: MSTICPy's TI result columns Ioc, IocType, ` +
      "Provider, Result, Severity, Details, RawResult, Reference, one row per feed listing it (includeMisses: every feed). Needs pivots.useTi(tiFeeds).";
    const lookup = ({ items, rows, rest }) => {
      const feeds = configured("ti", `${entityName}.ti.lookup_ioc`, "pivots.useTi(tiFeeds)");
      const opts = { ...rest };
      if (TI_TYPES[entityName] !== undefined && opts.iocType === undefined) opts.iocType = TI_TYPES[entityName];
      return withRows(feeds.lookup(items, opts), rows, { positions: "SourceIndex" });
    };
    for (const name of ["lookup_ioc", "lookup_iocs"]) out.push(new EnrichmentPivot(info(name, "ti", "Ioc", tiHelp), "ti", "useTi", lookup));
  }
  return out;
}

/** Backs `IpAddress.geoip` (and MSTICPy's name for it, `geoloc`) with a `GeoIpDb`; `null` forgets it. */
export function useGeoip(db) {
  if (db !== null && !(db instanceof GeoIpDb)) throw new HuntkitError("invalid_input", "useGeoip takes a GeoIpDb (or null)");
  enrichment.geoip = db;
}

/** Backs the `ti` pivots (`lookup_ioc`, `lookup_iocs`) with local feeds: a `TiFeeds`, or an array of feeds to read; `null` forgets them. */
export function useTi(feeds) {
  if (feeds !== null && !(feeds instanceof TiFeeds)) {
    if (!Array.isArray(feeds)) throw new HuntkitError("invalid_input", "useTi takes a TiFeeds, an array of feeds, or null");
    feeds = new TiFeeds(feeds);
  }
  enrichment.ti = feeds;
  return feeds;
}

/** The network settings of `IpAddress.whois` and `whois_asn` (`{ config, bootstrap, asnDb }`, as `whois` takes them); a call's own `config` and `bootstrap` win. */
export function useWhois({ config, bootstrap, asnDb } = {}) {
  if (asnDb !== undefined && !(asnDb instanceof GeoIpDb)) {
    throw new HuntkitError("invalid_option", "useWhois: asnDb is a GeoIpDb holding an ASN database");
  }
  enrichment.whois = { config, bootstrap, asnDb };
}

/** The entity namespace objects: `pivots.IpAddress.ip_type`, `pivots.IpAddress.util.ip_type`. */
function namespace(entityName) {
  const ns = { name: entityName };
  const all = pivotsOf(entityName);
  for (const p of all) {
    const fn = (data, options) => p.run(data, options);
    Object.defineProperties(fn, {
      name: { value: p.name },
      help: { value: p.help },
      pivot: { value: p },
    });
    ns[p.container] ??= {};
    ns[p.container][p.name] = fn;
    // The shortcut: user functions shadow built-in ones of the same name.
    if (!(p.name in ns) || p.func) ns[p.name] = fn;
  }
  ns.pivots = () => all.map((p) => p.info());
  return ns;
}

function pivotsOf(entityName) {
  return [
    ...loadCatalogue().pivots.filter((p) => p.entity === entityName).map((p) => new Pivot(p)),
    ...enrichmentPivots(entityName),
    ...(userPivots.get(entityName)?.values() ?? []),
  ];
}

/**
 * Every pivot function (of one entity type, or whose name or help contains `search`):
 * `{ entity, name, container, help, input, output, inputColumn, keyColumn, source, qualified }`.
 */
export function list(entity, { search } = {}) {
  const names = entity === undefined || entity === null ? ENTITY_NAMES : [canonical(entity)];
  return names.flatMap((n) => pivotsOf(n).map((p) => p.info()))
    .filter((p) => !search || `${p.name} ${p.help}`.toLowerCase().includes(String(search).toLowerCase()));
}

/** The help text of a pivot function. */
export function help(entity, name) {
  const e = canonical(entity);
  const found = pivotsOf(e).reverse().find((p) => p.name === name);
  if (!found) throw new HuntkitError("unknown_pivot", `entity ${e} has no pivot ${JSON.stringify(name)}`);
  return found.help;
}

/** The entity types: `{ name, description, valueProperty, idProperties, properties }`. */
export function entities() {
  return loadCatalogue().entities.map((e) => ({ ...e }));
}

/**
 * Adds a JavaScript function as pivot `name` of `entity`. `fn(values, options)` is given
 * the input values (missing ones left out) and the call's other options, and returns one
 * item per value (an object of result columns, or a value for `result`) or an Arrow
 * Table (one row per value, or with `src_row_index`). It is then called like the built-in
 * pivots, joins included.
 */
export function register(entity, name, fn, { help: helpText, container = "custom", inputColumn, overwrite = false } = {}) {
  const e = canonical(entity);
  if (typeof fn !== "function") throw new HuntkitError("invalid_input", "register() needs a function");
  if (typeof name !== "string" || !/^[A-Za-z_$][\w$]*$/.test(name)) {
    throw new HuntkitError("invalid_option", `a pivot name must be an identifier, got ${JSON.stringify(name)}`);
  }
  const mine = userPivots.get(e) ?? new Map();
  if (mine.has(name) && !overwrite) throw new HuntkitError("invalid_option", `${e}.${container}.${name} exists already (pass { overwrite: true })`);
  const key = inputColumn ?? loadCatalogue().pivots.find((p) => p.entity === e && p.name === "create")?.inputColumn ?? "value";
  const p = new Pivot({ entity: e, name, container, help: helpText ?? `The user function ${name}.`, inputColumn: key, keyColumn: key }, fn);
  mine.set(name, p);
  userPivots.set(e, mine);
  return p.info();
}

/** Removes a pivot function added with `register`. */
export function unregister(entity, name) {
  const e = canonical(entity);
  if (!userPivots.get(e)?.delete(name)) {
    throw new HuntkitError("unknown_pivot", `entity ${e} has no user pivot ${JSON.stringify(name)}`);
  }
}

/**
 * Chains pivots: each step is `[pivotFunction, options]` (or a function of a table); the
 * output of one step is the next one's input.
 */
export function pipeline(steps) {
  const normalised = steps.map((s, i) => {
    const [fn, options] = Array.isArray(s) ? s : [s, {}];
    if (typeof fn !== "function") throw new HuntkitError("invalid_input", `pipeline step ${i} is not a function`);
    return [fn, options ?? {}];
  });
  return (data) => normalised.reduce((acc, [fn, options]) => fn(acc, { ...options, output: undefined }), data);
}

/** MSTICPy's `get_ip_type`: `Public`, `Private`, `Loopback`, `Multicast`, `Link Local`, `Reserved`, `Unspecified` or `Invalid`. */
export function ipType(ip) {
  const t = guard(() => text(ip, "ipType's address"));
  return call(() => wasm().ipType(t));
}

/**
 * The entities of a Microsoft Sentinel alert (a SecurityAlert row as JSON text or an
 * object, or its Entities array): `Id, Type, Value, Properties`, one row per entity,
 * nested ones included, each `$ref` resolved.
 */
export function alertEntities(alert, options = {}) {
  const [json, opts] = guard(() => [
    typeof alert === "string" ? alert : JSON.stringify(plain(alert, "alertEntities' alert", { code: "invalid_input", depth: 64 })),
    optionsJSON(options, "alertEntities", ["output"]),
  ]);
  return output(call(() => wasm().alertEntities(json, opts)), options);
}

/** Every value of `column` parsed as an entity of type `entity`: its properties, `Valid`, `src_row_index`. */
export function entitiesFromColumn(data, column, entity, options = {}) {
  const [bytes, col, kind, json] = guard(() => [
    toInputBytes(data),
    text(column, "entitiesFromColumn's column"),
    canonical(entity),
    optionsJSON(options, "entitiesFromColumn", ["output"]),
  ]);
  return output(call(() => wasm().entitiesFromColumn(bytes, col, kind, json)), options);
}

/** Entities from `extractIocsTable`'s output: `Type, Value, Properties, IoCType, src_row_index`. */
export function entitiesFromIocs(iocs, options = {}) {
  const [bytes, json] = guard(() => [toInputBytes(iocs), optionsJSON(options, "entitiesFromIocs", ["output"])]);
  return output(call(() => wasm().entitiesFromIocs(bytes, json)), options);
}

/**
 * The registry: `pivots.IpAddress.ip_type(...)`, `pivots.list()`, `pivots.help(...)`,
 * `pivots.register(...)`, `pivots.pipeline(...)`. Entity namespaces are built when first
 * used (after `init()`), and again after `register`.
 */
export const pivots = {
  list,
  help,
  entities,
  register,
  unregister,
  pipeline,
  useGeoip,
  useTi,
  useWhois,
  entity: (name) => namespace(canonical(name)),
};
for (const name of ENTITY_NAMES) {
  Object.defineProperty(pivots, name, { enumerable: true, get: () => namespace(name) });
}
Object.freeze(pivots);
