//! The pivot registry: functions registered per entity type, with MSTICPy's
//! homogeneous interface.
//!
//! **In**: a single value, a list of values, or a table and one of its columns
//! ([`PivotInput`]). **Out**: a table whose rows carry `src_row_index`, the input row
//! each came from; value pivots also carry the input value in their key column (`ip`
//! for `ip_type`, as MSTICPy). **Join**: with `join: "inner" | "left"` the result's
//! columns are joined onto the input's rows ([`join_result`]).
//!
//! The built-in pivots are listed in [`catalogue`], the same data the npm and Python
//! packages and the CLI show, so what can be called, and its help, is the same
//! everywhere. User functions (JavaScript, Python) are registered in those layers and
//! reuse [`input_values`] and [`join_result`], so they join the same way.

use std::collections::HashMap;
use std::sync::Arc;

use huntkit_core::arrow::array::{Array, ArrayRef, AsArray, StringBuilder, UInt64Array};
use huntkit_core::arrow::compute::take;
use huntkit_core::arrow::datatypes::{DataType, Int64Type, UInt64Type};
use huntkit_core::Table;
use serde::{Deserialize, Serialize};

use crate::table::SRC_ROW_INDEX;
use crate::{
    dns_components, entities_from_values, ip_type, url_parts, EntityKind, Error, Result, KINDS,
};

/// What a pivot is given.
#[derive(Clone, Debug)]
pub enum PivotInput<'a> {
    /// One value or a list of them (`None` for a missing one).
    Values(Vec<Option<String>>),
    /// A table and the column holding the values. Without a column, the pivot's own
    /// input column name (`ip`, `CommandLine`, ...) is used when the table has it;
    /// table pivots (`process_tree`) need no column.
    Table {
        /// The table.
        table: &'a Table,
        /// The column holding the values.
        column: Option<&'a str>,
    },
}

/// How a pivot's result is joined onto its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JoinHow {
    /// Only input rows with a result.
    Inner,
    /// Every input row; those without a result get nulls.
    Left,
}

/// Options of a pivot call.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct PivotOptions {
    /// Join the result onto the input (`"inner"` or `"left"`); without it the result
    /// table comes back alone.
    pub join: Option<JoinHow>,
    /// Join on this input column's values instead of on the input row (MSTICPy's
    /// `left_on`); needs `rightOn` or a pivot with a key column.
    pub left_on: Option<String>,
    /// The result column matched against `leftOn` (MSTICPy's `right_on`).
    pub right_on: Option<String>,
    /// Most input values (rows) a call takes.
    pub max_values: usize,
    /// Most rows a join may produce.
    pub max_rows: usize,
    /// Options of the engine behind the pivot (the IoC extractor's, the decoder's, the
    /// process-tree builder's), as those engines take them.
    pub options: Option<serde_json::Value>,
}

impl Default for PivotOptions {
    fn default() -> Self {
        PivotOptions {
            join: None,
            left_on: None,
            right_on: None,
            max_values: 10_000_000,
            max_rows: 50_000_000,
            options: None,
        }
    }
}

/// The engine behind a built-in pivot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Builtin {
    IpType,
    UrlComponents,
    DnsComponents,
    Create,
    B64Decode,
    ExtractIocs,
    ProcessTree,
}

/// One built-in pivot, as listed by [`catalogue`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PivotInfo {
    /// The entity type it is registered on.
    pub entity: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Its group, as MSTICPy's pivot containers (`util`, `entity`).
    pub container: &'static str,
    /// What it does and what it returns.
    pub help: &'static str,
    /// The name of the column a value or list input becomes, and the default column
    /// looked for in a table.
    pub input_column: &'static str,
    /// The result column holding the input value (value pivots), MSTICPy's
    /// `func_out_column_name`.
    pub key_column: Option<&'static str>,
    /// Whether it needs a whole table (a list of values is refused).
    pub table_only: bool,
    #[serde(skip)]
    builtin: Builtin,
}

const IP_TYPE_HELP: &str = "Classifies each IP address as MSTICPy's get_ip_type: Public, \
Private, Loopback, Multicast, Link Local, Reserved or Unspecified (Invalid for text that \
is not an address). Columns: ip, result.";
const URL_HELP: &str = "Splits each URL (defanged forms accepted) into scheme, auth, \
host, port, path, query and fragment, as RFC 3986 does. Columns: url and the parts.";
const DNS_HELP: &str = "Splits each domain name into subdomain, domain and ICANN public \
suffix, as MSTICPy's dns_components (tldextract), plus registered_domain.";
const B64_HELP: &str = "Decodes base64, hex, UTF-16 and archives hidden in each value \
(MSTICPy's b64decode / unpack_df): one row per decoded item.";
const IOC_HELP: &str = "Extracts indicators of compromise from each value (MSTICPy's \
extract_iocs / extract_df): IoCType, Observable, SourceIndex, raw, start, end, Column.";
const TREE_HELP: &str = "Builds process trees from a table of process events (4688, \
Sysmon, auditd, Defender, ...): the tree columns (proc_key, parent_key, path, depth, \
IsRoot, ...) for each event. Takes a table, not values.";
const HOST_TREE_HELP: &str = "Builds the process trees of each host in a table of process \
events (4688, Sysmon, auditd, Defender, ...); the column, when given, names the host \
column (else the schema's: Computer, DeviceName, hostname). Returns the tree columns \
(proc_key, parent_key, path, depth, IsRoot, ...) for each event. Takes a table, not values.";

macro_rules! pivot {
    ($entity:expr, $name:expr, $container:expr, $help:expr, $input:expr, $key:expr, $table_only:expr, $b:expr) => {
        PivotInfo {
            entity: $entity,
            name: $name,
            container: $container,
            help: $help,
            input_column: $input,
            key_column: $key,
            table_only: $table_only,
            builtin: $b,
        }
    };
}

/// Help of the entity-creation pivots, by entity.
fn create_help(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::IpAddress => "Parses each value as an IpAddress entity: Address (canonical), IpType, Version, Valid.",
        EntityKind::Dns => "Parses each value as a Dns entity: DomainName (refanged, lower-cased), Valid.",
        EntityKind::Url => "Parses each value as a Url entity: Url (refanged), Scheme, Host, Port, Path, Query, Fragment, UserInfo, Valid.",
        EntityKind::FileHash => "Parses each value as a FileHash entity: Value (lower-cased hex), Algorithm by length, Valid.",
        EntityKind::File => "Parses each value as a File entity: FullPath, Directory, Name, PathSeparator, OSFamily, Valid.",
        EntityKind::Account => "Parses each value as an Account entity (DOMAIN\\user, user@domain, a SID): QualifiedName, Name, NTDomain, UPNSuffix, Sid, Valid.",
        EntityKind::Host => "Parses each value as a Host entity: FQDN, HostName, DnsDomain (lower-cased), Valid.",
        EntityKind::Process => "Parses each command line as a Process entity: CommandLine, ProcessFilePath, ProcessName, Valid.",
        EntityKind::Email => "Parses each value as an Email entity: Address (refanged, lower-cased), User, Domain, Valid.",
    }
}

/// The input column name of an entity's value pivots.
fn value_column(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::IpAddress => "ip",
        EntityKind::Dns => "domain_name",
        EntityKind::Url => "url",
        EntityKind::FileHash => "file_hash",
        EntityKind::File => "file_path",
        EntityKind::Account => "account",
        EntityKind::Host => "host",
        EntityKind::Process => "command_line",
        EntityKind::Email => "email",
    }
}

/// Every built-in pivot, by entity, in a stable order.
pub fn catalogue() -> Vec<PivotInfo> {
    use Builtin::*;
    let mut out = vec![
        pivot!(
            "IpAddress",
            "ip_type",
            "util",
            IP_TYPE_HELP,
            "ip",
            Some("ip"),
            false,
            IpType
        ),
        pivot!(
            "Dns",
            "dns_components",
            "util",
            DNS_HELP,
            "domain_name",
            Some("domain_name"),
            false,
            DnsComponents
        ),
        pivot!(
            "Url",
            "url_components",
            "util",
            URL_HELP,
            "url",
            Some("url"),
            false,
            UrlComponents
        ),
        pivot!(
            "Url",
            "dns_components",
            "util",
            DNS_HELP,
            "url",
            Some("url"),
            false,
            DnsComponents
        ),
        pivot!(
            "Url",
            "b64decode",
            "util",
            B64_HELP,
            "Url",
            None,
            false,
            B64Decode
        ),
        pivot!(
            "Url",
            "extract_iocs",
            "util",
            IOC_HELP,
            "Url",
            None,
            false,
            ExtractIocs
        ),
        pivot!(
            "Host",
            "process_tree",
            "util",
            HOST_TREE_HELP,
            "Computer",
            None,
            true,
            ProcessTree
        ),
        pivot!(
            "Host",
            "dns_components",
            "util",
            DNS_HELP,
            "host",
            Some("host"),
            false,
            DnsComponents
        ),
        pivot!(
            "Process",
            "b64decode",
            "util",
            B64_HELP,
            "CommandLine",
            None,
            false,
            B64Decode
        ),
        pivot!(
            "Process",
            "extract_iocs",
            "util",
            IOC_HELP,
            "CommandLine",
            None,
            false,
            ExtractIocs
        ),
        pivot!(
            "Process",
            "process_tree",
            "util",
            TREE_HELP,
            "CommandLine",
            None,
            true,
            ProcessTree
        ),
    ];
    for kind in KINDS {
        let col = value_column(kind);
        out.push(pivot!(
            kind.name(),
            "create",
            "entity",
            create_help(kind),
            col,
            Some(col),
            false,
            Create
        ));
    }
    out.sort_by_key(|p| {
        (
            KINDS.iter().position(|k| k.name() == p.entity),
            p.container != "util",
            p.name,
        )
    });
    out
}

/// The built-in pivot `name` of `entity` (an entity name or alias).
pub fn find_pivot(entity: &str, name: &str) -> Result<PivotInfo> {
    let kind = EntityKind::from_name(entity)?;
    let all = catalogue();
    let mine: Vec<&PivotInfo> = all.iter().filter(|p| p.entity == kind.name()).collect();
    mine.iter()
        .find(|p| p.name == name)
        .map(|p| (*p).clone())
        .ok_or_else(|| Error::UnknownPivot {
            entity: kind.name().to_string(),
            name: huntkit_core::shorten(name),
            known: mine.iter().map(|p| p.name).collect::<Vec<_>>().join(", "),
        })
}

/// The input as a table and the name of its value column.
///
/// Values become a one-column table named `input_column`. A table keeps all its
/// columns; its value column is `column`, else `input_column` when the table has it.
pub fn input_table(
    input: &PivotInput<'_>,
    input_column: &str,
    max_values: usize,
) -> Result<(Table, String)> {
    match input {
        PivotInput::Values(values) => {
            check_rows(values.len(), max_values)?;
            let t = Table::from_columns(vec![(
                input_column.to_string(),
                huntkit_core::string_array(values.iter().map(Option::as_deref)),
            )])?;
            Ok((t, input_column.to_string()))
        }
        PivotInput::Table { table, column } => {
            check_rows(table.num_rows(), max_values)?;
            let col = match column {
                Some(c) => c.to_string(),
                None if table.has_column(input_column) => input_column.to_string(),
                None => {
                    return Err(Error::input(format!(
                        "name the column holding the values (`column`): the table has no \
                         column {input_column:?}; it has {}",
                        table.column_names().join(", ")
                    )))
                }
            };
            if !table.has_column(&col) {
                return Err(huntkit_core::Error::ColumnNotFound {
                    name: col,
                    available: table.column_names(),
                }
                .into());
            }
            Ok(((*table).clone(), col))
        }
    }
}

fn check_rows(n: usize, max: usize) -> Result<()> {
    if n > max {
        return Err(Error::LimitExceeded {
            what: format!("the pivot's input ({n} values)"),
            limit: max as u64,
            option: "maxValues",
        });
    }
    Ok(())
}

/// The non-null values of the input column and their rows: the two-column table a user
/// function is given (`<column>`, `src_row_index`).
pub fn input_values(table: &Table, column: &str) -> Result<Table> {
    let cells = table.str_column(column)?;
    let mut vals = StringBuilder::new();
    let mut rows = Vec::new();
    for (row, v) in cells.iter().enumerate() {
        if let Some(v) = v {
            vals.append_value(v);
            rows.push(row as u64);
        }
    }
    Ok(Table::from_columns(vec![
        (column.to_string(), Arc::new(vals.finish()) as ArrayRef),
        (SRC_ROW_INDEX.into(), Arc::new(UInt64Array::from(rows))),
    ])?)
}

/// Runs the built-in pivot `name` of `entity` on `input`.
///
/// ```
/// use huntkit_entities::pivot::{run_pivot, PivotInput, PivotOptions};
/// let ips = PivotInput::Values(vec![Some("104.211.30.1".into()), Some("127.0.0.1".into())]);
/// let t = run_pivot("IpAddress", "ip_type", &ips, &PivotOptions::default())?;
/// assert_eq!(t.column_names(), ["ip", "result", "src_row_index"]);
/// assert_eq!(t.str_column("result")?.get(1), Some("Loopback"));
/// # Ok::<(), huntkit_entities::Error>(())
/// ```
pub fn run_pivot(
    entity: &str,
    name: &str,
    input: &PivotInput<'_>,
    options: &PivotOptions,
) -> Result<Table> {
    let spec = find_pivot(entity, name)?;
    if spec.table_only && matches!(input, PivotInput::Values(_)) {
        return Err(Error::input(format!(
            "{}.{} takes a table (of process events), not single values",
            spec.entity, spec.name
        )));
    }
    let (table, column) = if spec.table_only {
        let PivotInput::Table { table, column } = input else {
            return Err(Error::input("a table is required"));
        };
        check_rows(table.num_rows(), options.max_values)?;
        // A table pivot's column is an option of its engine (the host column of a tree
        // by host), not the values to join on.
        ((*table).clone(), column.unwrap_or_default().to_string())
    } else {
        input_table(input, spec.input_column, options.max_values)?
    };
    let kind = EntityKind::from_name(spec.entity)?;
    let result = run_builtin(&spec, kind, &table, &column, options)?;
    match options.join {
        None => Ok(result),
        Some(how) => join_result(
            &table,
            (!column.is_empty() && !spec.table_only).then_some(column.as_str()),
            &result,
            how,
            spec.key_column,
            options,
        ),
    }
}

fn engine_options<T: serde::de::DeserializeOwned + Default>(
    options: &PivotOptions,
    what: &str,
) -> Result<T> {
    match &options.options {
        None | Some(serde_json::Value::Null) => Ok(T::default()),
        Some(serde_json::Value::Object(map)) => {
            Ok(huntkit_core::options_json::parse(map.clone(), what)?)
        }
        Some(_) => Err(Error::InvalidOption {
            option: "options",
            detail: "the engine's options must be an object".into(),
        }),
    }
}

fn run_builtin(
    spec: &PivotInfo,
    kind: EntityKind,
    table: &Table,
    column: &str,
    options: &PivotOptions,
) -> Result<Table> {
    let key = spec.key_column.unwrap_or(spec.input_column);
    match spec.builtin {
        Builtin::IpType => value_pivot(table, column, key, &["result"], |v| {
            vec![Some(ip_type(v).as_str().to_string())]
        }),
        Builtin::UrlComponents => value_pivot(
            table,
            column,
            key,
            &[
                "scheme", "auth", "host", "port", "path", "query", "fragment",
            ],
            |v| match url_parts(v) {
                Some(p) => vec![
                    p.scheme,
                    p.user_info,
                    p.host,
                    p.port,
                    Some(p.path),
                    p.query,
                    p.fragment,
                ],
                None => vec![None; 7],
            },
        ),
        Builtin::DnsComponents => value_pivot(
            table,
            column,
            key,
            &["subdomain", "domain", "suffix", "registered_domain"],
            |v| {
                let name = match kind {
                    EntityKind::Url => url_parts(v).and_then(|p| p.host),
                    _ => Some(v.to_string()),
                };
                match name.as_deref().and_then(dns_components) {
                    Some(c) => {
                        let reg = c.registered_domain();
                        vec![Some(c.subdomain), Some(c.domain), Some(c.suffix), Some(reg)]
                    }
                    None => vec![None; 4],
                }
            },
        ),
        Builtin::Create => {
            let cells = table.str_column(column)?;
            let rows: Vec<(usize, &str)> = cells
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, v)))
                .collect();
            let ents = entities_from_values(rows.iter().map(|(_, v)| Some(*v)), kind)?;
            let batch = ents.to_batch()?;
            let mut cols: Vec<(String, ArrayRef)> = vec![(
                key.to_string(),
                huntkit_core::string_array(rows.iter().map(|(_, v)| Some(*v))),
            )];
            for (f, a) in batch.schema().fields().iter().zip(batch.columns()) {
                if f.name() == SRC_ROW_INDEX {
                    cols.push((
                        SRC_ROW_INDEX.into(),
                        Arc::new(UInt64Array::from_iter_values(
                            rows.iter().map(|(i, _)| *i as u64),
                        )),
                    ));
                } else {
                    cols.push((f.name().clone(), a.clone()));
                }
            }
            Ok(Table::from_columns(cols)?)
        }
        Builtin::ExtractIocs => {
            let opts: huntkit_ioc::Options = engine_options(options, "extract_iocs")?;
            let ex = huntkit_ioc::Extractor::new(opts)?;
            let out = ex.extract_table(table, &[column])?;
            let rows = out.ints("SourceIndex")?;
            with_src_rows(out, rows)
        }
        Builtin::B64Decode => {
            let opts: huntkit_decode::DecodeOptions = engine_options(options, "b64decode")?;
            let out = huntkit_decode::decode_table(table, column, &opts)?;
            let rows = out.ints("src_index")?;
            with_src_rows(out, rows)
        }
        Builtin::ProcessTree => {
            let mut opts: huntkit_proctree::Options = engine_options(options, "process_tree")?;
            if kind == EntityKind::Host && !column.is_empty() {
                opts.host_column = Some(column.to_string());
            }
            let built = huntkit_proctree::build_table(table, &opts)?;
            let rows = built.table.ints("source_row")?;
            // Joined onto the events, only the tree's own columns are added.
            let keep: Vec<usize> = built
                .table
                .column_names()
                .iter()
                .enumerate()
                .filter(|(_, n)| {
                    options.join.is_none() || huntkit_proctree::TREE_COLUMNS.contains(&n.as_str())
                })
                .map(|(i, _)| i)
                .collect();
            let batch = built
                .table
                .to_batch()?
                .project(&keep)
                .map_err(Error::arrow)?;
            with_src_rows(Table::from_batch(batch), rows)
        }
    }
}

/// A value pivot: `f` maps each non-null value to its result columns.
fn value_pivot(
    table: &Table,
    column: &str,
    key: &str,
    names: &[&str],
    f: impl Fn(&str) -> Vec<Option<String>>,
) -> Result<Table> {
    let cells = table.str_column(column)?;
    let mut keys = StringBuilder::new();
    let mut outs: Vec<StringBuilder> = names.iter().map(|_| StringBuilder::new()).collect();
    let mut rows = Vec::new();
    for (row, v) in cells.iter().enumerate() {
        let Some(v) = v else { continue };
        keys.append_value(v);
        let vals = f(v);
        for (i, b) in outs.iter_mut().enumerate() {
            b.append_option(vals.get(i).and_then(Option::as_deref));
        }
        rows.push(row as u64);
    }
    let mut cols: Vec<(String, ArrayRef)> = vec![(key.to_string(), Arc::new(keys.finish()))];
    for (n, b) in names.iter().zip(outs.iter_mut()) {
        cols.push((n.to_string(), Arc::new(b.finish())));
    }
    cols.push((SRC_ROW_INDEX.into(), Arc::new(UInt64Array::from(rows))));
    Ok(Table::from_columns(cols)?)
}

fn with_src_rows(out: Table, rows: Vec<Option<i64>>) -> Result<Table> {
    let idx: UInt64Array = rows
        .into_iter()
        .map(|r| r.and_then(|r| u64::try_from(r).ok()))
        .collect();
    Ok(out.with_columns(vec![(SRC_ROW_INDEX.into(), Arc::new(idx) as ArrayRef)])?)
}

/// The result's `src_row_index` as row numbers.
fn src_rows(result: &Table) -> Result<Vec<Option<u64>>> {
    if !result.has_column(SRC_ROW_INDEX) {
        return Err(Error::input(format!(
            "the pivot result has no {SRC_ROW_INDEX} column to join on; return one, one \
             result row per input value, or join by value with leftOn/rightOn"
        )));
    }
    let mut out = Vec::with_capacity(result.num_rows());
    for c in result.chunks(SRC_ROW_INDEX)? {
        match c.data_type() {
            DataType::UInt64 => out.extend(c.as_primitive::<UInt64Type>().iter()),
            DataType::Int64 => out.extend(
                c.as_primitive::<Int64Type>()
                    .iter()
                    .map(|v| v.and_then(|v| u64::try_from(v).ok())),
            ),
            _ => {
                return Ok(result
                    .ints(SRC_ROW_INDEX)?
                    .into_iter()
                    .map(|v| v.and_then(|v| u64::try_from(v).ok()))
                    .collect())
            }
        }
    }
    Ok(out)
}

/// Joins a pivot's result onto its input (MSTICPy's `join_result`).
///
/// By default the result's rows are matched to the input rows they came from by
/// `src_row_index`; with `leftOn` (an input column) the match is by value against
/// `rightOn` (a result column, default `key_column`), as MSTICPy's merge. The output has
/// the input's columns, then the result's, less `src_row_index` and less the result's
/// key column when it repeats the joined input column; other names found on both sides
/// get MSTICPy's suffixes, `_src` on the input's and `_res` on the result's. With
/// `Left` every input row is kept (nulls where nothing matched); with `Inner`, only
/// input rows with a match. Rows keep the input's order, then the result's.
pub fn join_result(
    input: &Table,
    input_column: Option<&str>,
    result: &Table,
    how: JoinHow,
    key_column: Option<&str>,
    options: &PivotOptions,
) -> Result<Table> {
    let n = input.num_rows();
    let mut left_idx: Vec<u64> = Vec::new();
    let mut right_idx: Vec<Option<u64>> = Vec::new();
    let mut push = |l: usize, r: Option<usize>| -> Result<()> {
        if left_idx.len() >= options.max_rows {
            return Err(Error::LimitExceeded {
                what: "the rows of the joined table".into(),
                limit: options.max_rows as u64,
                option: "maxRows",
            });
        }
        left_idx.push(l as u64);
        right_idx.push(r.map(|r| r as u64));
        Ok(())
    };
    // The result column that repeats the joined input column, left out of the output.
    let mut dropped: Option<String> = None;
    if let Some(left_on) = &options.left_on {
        let right_on =
            options
                .right_on
                .as_deref()
                .or(key_column)
                .ok_or_else(|| Error::InvalidOption {
                    option: "rightOn",
                    detail: "name the result column to match leftOn against".into(),
                })?;
        let left = input.str_column(left_on)?;
        let right = result.str_column(right_on)?;
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for (j, v) in right.iter().enumerate() {
            if let Some(v) = v {
                by_key.entry(v).or_default().push(j);
            }
        }
        for i in 0..n {
            match left.get(i).and_then(|v| by_key.get(v)) {
                Some(js) => {
                    for j in js {
                        push(i, Some(*j))?;
                    }
                }
                None if how == JoinHow::Left => push(i, None)?,
                None => {}
            }
        }
        if left_on == right_on {
            dropped = Some(right_on.to_string());
        }
    } else {
        if options.right_on.is_some() {
            return Err(Error::InvalidOption {
                option: "leftOn",
                detail: "rightOn needs leftOn, the input column to match it against".into(),
            });
        }
        let rows = src_rows(result)?;
        let mut by_row: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (j, r) in rows.iter().enumerate() {
            if let Some(list) = r
                .and_then(|r| usize::try_from(r).ok())
                .and_then(|r| by_row.get_mut(r))
            {
                list.push(j);
            }
        }
        for (i, js) in by_row.iter().enumerate() {
            if js.is_empty() {
                if how == JoinHow::Left {
                    push(i, None)?;
                }
            } else {
                for j in js {
                    push(i, Some(*j))?;
                }
            }
        }
        if let (Some(key), Some(col)) = (key_column, input_column) {
            if key == col {
                dropped = Some(key.to_string());
            }
        }
        // An engine's echo of the input column (the decoder's) holds the same text.
        if dropped.is_none() {
            if let Some(col) = input_column {
                if result.has_column(col) && key_column.is_none() {
                    dropped = Some(col.to_string());
                }
            }
        }
    }
    let left_take = UInt64Array::from(left_idx);
    let right_take: UInt64Array = right_idx.into_iter().collect();
    let in_batch = input.to_batch()?;
    let res_batch = result.to_batch()?;
    let in_names = input.column_names();
    let res_names: Vec<String> = result
        .column_names()
        .into_iter()
        .filter(|c| c != SRC_ROW_INDEX && Some(c) != dropped.as_ref())
        .collect();
    let mut cols: Vec<(String, ArrayRef)> = Vec::new();
    for (name, arr) in in_names.iter().zip(in_batch.columns()) {
        let out_name = if res_names.contains(name) && Some(name) != dropped.as_ref() {
            format!("{name}_src")
        } else {
            name.clone()
        };
        cols.push((
            out_name,
            take(arr.as_ref(), &left_take, None).map_err(Error::arrow)?,
        ));
    }
    let schema = res_batch.schema();
    for name in &res_names {
        let i = schema.index_of(name).map_err(Error::arrow)?;
        let arr = res_batch
            .columns()
            .get(i)
            .ok_or_else(|| Error::arrow("result column"))?;
        let out_name = if in_names.contains(name) {
            format!("{name}_res")
        } else {
            name.clone()
        };
        cols.push((
            out_name,
            take(arr.as_ref(), &right_take, None).map_err(Error::arrow)?,
        ));
    }
    if cols.is_empty() {
        return Err(Error::input("the joined table would have no columns"));
    }
    let t = Table::from_columns(cols)?;
    debug_assert!(t.num_columns() <= input.num_columns() + result.num_columns());
    Ok(t)
}

/// The entity types and their properties, for discovery.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityInfo {
    /// The entity's name.
    pub name: &'static str,
    /// What it is.
    pub description: &'static str,
    /// The property a single value stands for.
    pub value_property: &'static str,
    /// MSTICPy's `ID_PROPERTIES`.
    pub id_properties: &'static [&'static str],
    /// The property columns a value is parsed into.
    pub properties: &'static [&'static str],
}

/// Every entity type huntkit parses.
pub fn entities() -> Vec<EntityInfo> {
    KINDS
        .iter()
        .map(|k| EntityInfo {
            name: k.name(),
            description: k.description(),
            value_property: k.value_property(),
            id_properties: k.id_properties(),
            properties: k.columns(),
        })
        .collect()
}

/// The catalogue as JSON: `{ "entities": [...], "pivots": [...] }`, what the npm and
/// Python packages read to build their registries.
pub fn catalogue_json() -> String {
    #[derive(Serialize)]
    struct Catalogue {
        entities: Vec<EntityInfo>,
        pivots: Vec<PivotInfo>,
    }
    serde_json::to_string(&Catalogue {
        entities: entities(),
        pivots: catalogue(),
    })
    .unwrap_or_else(|_| "{}".to_string())
}
