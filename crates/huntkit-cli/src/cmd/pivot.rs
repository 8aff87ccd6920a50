//! `huntkit pivot`: list the pivot functions of each entity type, show their help, and
//! run one on values or on a column of a table.
//!
//! The enrichment pivots (GeoIP, local TI feeds, RDAP WhoIs) are listed with the others
//! and run the same way: their lookups run here, on the values the pivot rules pick out,
//! and their results are joined by the same rules (`pivot::join_result`).

use std::sync::Arc;

use clap::{Args, ValueEnum};
use huntkit_core::arrow::array::{ArrayRef, BooleanArray, UInt64Array};
use huntkit_core::Table;
use huntkit_entities::pivot::{self, JoinHow, PivotInput, PivotOptions};
use huntkit_entities::{alert_entities_table, AlertOptions, EntityKind};
use huntkit_net::native::{whois_all, UreqTransport};
use huntkit_net::{check_base_url, whois_table, Bootstrap, Session};
use huntkit_ti::{FeedKind, FeedOptions, FeedSet, IocType, LookupOptions, SOURCE_INDEX};

use crate::cmd::net::{config as net_config, NetArgs};
use crate::error::CliError;
use crate::io::{read_bytes, read_input, write_table, Output};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JoinArg {
    /// Only input rows with a result.
    Inner,
    /// Every input row; nulls where there is no result.
    Left,
}

/// Run a pivot function on entities: MSTICPy's pivots from the command line.
///
/// `huntkit pivot list [ENTITY]` lists the entity types' pivots; `huntkit pivot help
/// ENTITY PIVOT` shows one's help; `huntkit pivot ENTITY PIVOT FILE --column COL` runs
/// it on a column of a table (or on `--value`s), writing the result table, or the input
/// with the result's columns joined on with `--join left|inner`. `huntkit pivot alert
/// FILE` reads a Microsoft Sentinel alert (a SecurityAlert row as JSON, or its Entities
/// array) into one row per entity.
///
/// Enrichment pivots run the same way with what they need: `IpAddress geoip` (or
/// `geoloc`) with `--db City.mmdb [--db ASN.mmdb]`; `lookup_ioc` / `lookup_iocs` of
/// IpAddress, Dns, Url and FileHash with `--feed FILE`; `IpAddress whois` / `whois_asn`
/// over RDAP (`--rdap-base URL` sends every query to one server).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  huntkit pivot list\n  huntkit pivot help IpAddress ip_type\n  huntkit pivot IpAddress ip_type flows.csv --column SrcIP --join left\n  huntkit pivot Url url_components --value https://www.contoso.com/path?q=1\n  huntkit pivot IpAddress geoip flows.csv --column SrcIP --db GeoLite2-City.mmdb --db GeoLite2-ASN.mmdb --join left\n  huntkit pivot IpAddress lookup_ioc flows.csv --column SrcIP --feed ipsum.txt --join left\n  huntkit pivot IpAddress whois flows.csv --column SrcIP --join left\n  huntkit pivot alert alert.json --format json"
)]
pub struct PivotArgs {
    /// An entity type (IpAddress, Dns, Url, FileHash, File, Account, Host, Process,
    /// Email, or an alias such as ip), or `list`, `help`, `alert`.
    #[arg(value_name = "ENTITY")]
    pub entity: String,
    /// The pivot function (with `list`: an entity type; with `alert`: the file).
    #[arg(value_name = "PIVOT")]
    pub name: Option<String>,
    /// Input table, or - for standard input (not read when --value is given).
    #[arg(value_name = "FILE")]
    pub input: Option<String>,
    /// The column holding the values (default: the pivot's own input column, e.g. ip).
    #[arg(long, value_name = "COL")]
    pub column: Option<String>,
    /// A value to pivot on instead of a table (repeatable).
    #[arg(long = "value", value_name = "VALUE")]
    pub values: Vec<String>,
    /// Join the result's columns onto the input's rows.
    #[arg(long, value_enum)]
    pub join: Option<JoinArg>,
    /// Join on this input column's values (MSTICPy's left_on) instead of the row.
    #[arg(long, value_name = "COL")]
    pub left_on: Option<String>,
    /// The result column matched against --left-on (MSTICPy's right_on).
    #[arg(long, value_name = "COL")]
    pub right_on: Option<String>,
    /// Options of the engine behind the pivot, as a JSON object (e.g. '{"types":["url"]}').
    #[arg(long, value_name = "JSON")]
    pub options: Option<String>,
    /// A GeoIP database (.mmdb: City or Country, and ASN) for the geoip / geoloc pivots
    /// (repeatable).
    #[arg(long = "db", value_name = "DB.mmdb")]
    pub databases: Vec<String>,
    /// A local threat-intelligence feed for the ti pivots lookup_ioc / lookup_iocs
    /// (repeatable; the kind is told from the content).
    #[arg(long = "feed", value_name = "FILE")]
    pub feeds: Vec<String>,
    /// ti pivots: also a Result=false row per indicator and feed that does not list it.
    #[arg(long)]
    pub include_misses: bool,
    /// whois pivots: send every query to this RDAP server instead of the registry's.
    #[arg(long, value_name = "URL")]
    pub rdap_base: Option<String>,
    #[command(flatten)]
    pub net: NetArgs,
    #[command(flatten)]
    pub output: Output,
}

/// A pivot backed by a GeoIP database, TI feeds or RDAP rather than an engine alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Enrichment {
    GeoIp,
    Ti(Option<IocType>),
    Whois,
    WhoisAsn,
}

/// One enrichment pivot, as `huntkit pivot list` shows it.
struct EnrichmentInfo {
    entity: &'static str,
    name: &'static str,
    container: &'static str,
    key_column: &'static str,
    needs: &'static str,
    help: &'static str,
    kind: Enrichment,
}

const GEOIP_HELP: &str = "The geographic location and ASN of each address from GeoIP databases (MaxMind DB files): IpAddress, CountryCode, CountryOrRegionName, State, City, Longitude, Latitude, Asn, AsnOrganization. Needs --db City.mmdb [--db ASN.mmdb].";
const TI_HELP: &str = "Looks each value up in local threat-intelligence feeds: MSTICPy's TI result columns Ioc, IocType, Provider, Result, Severity, Details, RawResult, Reference, one row per feed listing it (--include-misses: every feed). Needs --feed FILE [--feed FILE].";
const WHOIS_HELP: &str = "WhoIs of each address through RDAP (over the network): query, asn, asn_description, asn_registry, asn_country_code, network_*, country, registrant, abuse_contact, status. Optional --rdap-base URL, --net-config FILE.";
const WHOIS_ASN_HELP: &str = "The origin AS of each address through RDAP (over the network): query, asn, asn_description, asn_registry, asn_country_code, network_cidr, status. Optional --rdap-base URL, --net-config FILE.";

/// The columns of `whois_asn` (MSTICPy's `get_asn_from_ip`).
const ASN_COLUMNS: [&str; 7] = [
    "query",
    "asn",
    "asn_description",
    "asn_registry",
    "asn_country_code",
    "network_cidr",
    "status",
];

fn enrichments() -> Vec<EnrichmentInfo> {
    let mut out = Vec::new();
    for name in ["geoip", "geoloc"] {
        out.push(EnrichmentInfo {
            entity: "IpAddress",
            name,
            container: "util",
            key_column: "IpAddress",
            needs: "--db",
            help: GEOIP_HELP,
            kind: Enrichment::GeoIp,
        });
    }
    out.push(EnrichmentInfo {
        entity: "IpAddress",
        name: "whois",
        container: "util",
        key_column: "query",
        needs: "--rdap-base (optional)",
        help: WHOIS_HELP,
        kind: Enrichment::Whois,
    });
    out.push(EnrichmentInfo {
        entity: "IpAddress",
        name: "whois_asn",
        container: "util",
        key_column: "query",
        needs: "--rdap-base (optional)",
        help: WHOIS_ASN_HELP,
        kind: Enrichment::WhoisAsn,
    });
    for (entity, ioc_type) in [
        ("IpAddress", None),
        ("Dns", Some(IocType::Dns)),
        ("Url", Some(IocType::Url)),
        ("FileHash", None),
    ] {
        for name in ["lookup_ioc", "lookup_iocs"] {
            out.push(EnrichmentInfo {
                entity,
                name,
                container: "ti",
                key_column: "Ioc",
                needs: "--feed",
                help: TI_HELP,
                kind: Enrichment::Ti(ioc_type),
            });
        }
    }
    out
}

fn find_enrichment(entity: &str, name: &str) -> Option<EnrichmentInfo> {
    let kind = EntityKind::from_name(entity).ok()?;
    enrichments()
        .into_iter()
        .find(|e| e.entity == kind.name() && e.name == name)
}

/// The input column of an entity type's pivots (its `create` pivot's: `ip`, `domain`, ...).
fn value_column(entity: &str) -> &'static str {
    pivot::catalogue()
        .into_iter()
        .find(|p| p.entity == entity && p.name == "create")
        .map_or("value", |p| p.input_column)
}

fn list(entity: Option<&str>) -> Result<Table, CliError> {
    let wanted = match entity {
        Some(e) => Some(huntkit_entities::EntityKind::from_name(e)?.name()),
        None => None,
    };
    let all: Vec<_> = pivot::catalogue()
        .into_iter()
        .filter(|p| wanted.is_none_or(|w| w == p.entity))
        .collect();
    // Built-in pivots, then the enrichment pivots with the options they need.
    struct Row {
        entity: &'static str,
        name: &'static str,
        container: &'static str,
        input_column: &'static str,
        key_column: Option<&'static str>,
        table_only: bool,
        needs: Option<&'static str>,
        help: &'static str,
    }
    let mut rows: Vec<Row> = all
        .iter()
        .map(|p| Row {
            entity: p.entity,
            name: p.name,
            container: p.container,
            input_column: p.input_column,
            key_column: p.key_column,
            table_only: p.table_only,
            needs: None,
            help: p.help,
        })
        .collect();
    for e in enrichments() {
        if wanted.is_none_or(|w| w == e.entity) {
            rows.push(Row {
                entity: e.entity,
                name: e.name,
                container: e.container,
                input_column: value_column(e.entity),
                key_column: Some(e.key_column),
                table_only: false,
                needs: Some(e.needs),
                help: e.help,
            });
        }
    }
    let text = |f: &dyn Fn(&Row) -> Option<&str>| huntkit_core::string_array(rows.iter().map(f));
    let columns: Vec<(String, ArrayRef)> = vec![
        ("entity".into(), text(&|p| Some(p.entity))),
        ("pivot".into(), text(&|p| Some(p.name))),
        ("container".into(), text(&|p| Some(p.container))),
        ("input_column".into(), text(&|p| Some(p.input_column))),
        ("key_column".into(), text(&|p| p.key_column)),
        (
            "table_only".into(),
            Arc::new(
                rows.iter()
                    .map(|p| Some(p.table_only))
                    .collect::<BooleanArray>(),
            ),
        ),
        ("needs".into(), text(&|p| p.needs)),
        ("help".into(), text(&|p| Some(p.help))),
    ];
    Ok(Table::from_columns(columns)?)
}

pub fn run(args: &PivotArgs) -> Result<(), CliError> {
    match args.entity.as_str() {
        "list" => return write_table(&args.output, &list(args.name.as_deref())?),
        "help" => {
            let (Some(entity), Some(name)) = (args.name.as_deref(), args.input.as_deref()) else {
                return Err(CliError::Usage("huntkit pivot help ENTITY PIVOT".into()));
            };
            if let Some(e) = find_enrichment(entity, name) {
                println!(
                    "{}.{} ({} pivot)\n\n{}",
                    e.entity, e.name, e.container, e.help
                );
                println!(
                    "\nInput: a table and --column (default {:?}), or --value VALUE ...\nResult key column: {:?}; every result row has src_row_index.",
                    value_column(e.entity),
                    e.key_column
                );
                return Ok(());
            }
            let p = pivot::find_pivot(entity, name)?;
            println!(
                "{}.{} ({} pivot)\n\n{}",
                p.entity, p.name, p.container, p.help
            );
            println!(
                "\nInput: a table and --column (default {:?}), or --value VALUE ...{}",
                p.input_column,
                if p.table_only { " (a table only)" } else { "" }
            );
            if let Some(k) = p.key_column {
                println!("Result key column: {k:?}; every result row has src_row_index.");
            }
            return Ok(());
        }
        "alert" => {
            let path = args.name.as_deref().unwrap_or("-");
            let bytes = read_bytes(path)?;
            let text = std::str::from_utf8(&bytes).map_err(|e| CliError::Input {
                code: "invalid_utf8",
                message: format!("the alert is not UTF-8 text (byte {})", e.valid_up_to()),
            })?;
            let table = alert_entities_table(text, &AlertOptions::default())?;
            return write_table(&args.output, &table);
        }
        _ => {}
    }
    let Some(name) = args.name.as_deref() else {
        return Err(CliError::Usage(
            "name the pivot: huntkit pivot ENTITY PIVOT FILE (huntkit pivot list shows them)"
                .into(),
        ));
    };
    let options = PivotOptions {
        join: args.join.map(|j| match j {
            JoinArg::Inner => JoinHow::Inner,
            JoinArg::Left => JoinHow::Left,
        }),
        left_on: args.left_on.clone(),
        right_on: args.right_on.clone(),
        options: match &args.options {
            None => None,
            Some(text) => Some(serde_json::from_str(text).map_err(|e| CliError::Input {
                code: "invalid_option",
                message: format!("--options is not JSON: {e}"),
            })?),
        },
        ..PivotOptions::default()
    };
    let enrichment = find_enrichment(&args.entity, name);
    let table;
    let input = if !args.values.is_empty() {
        if args.input.is_some() {
            return Err(CliError::Usage(
                "give either --value or a FILE, not both".into(),
            ));
        }
        PivotInput::Values(args.values.iter().cloned().map(Some).collect())
    } else {
        table = read_input(args.input.as_deref().unwrap_or("-"))?;
        PivotInput::Table {
            table: &table,
            column: args.column.as_deref(),
        }
    };
    let out = match enrichment {
        Some(e) => run_enrichment(&e, args, &input, &options)?,
        None => pivot::run_pivot(&args.entity, name, &input, &options)?,
    };
    write_table(&args.output, &out)
}

/// Runs an enrichment pivot: its lookup on the input's values (non-null cells, with the
/// rows they came from), then the result alone or joined by the pivot rules.
fn run_enrichment(
    e: &EnrichmentInfo,
    args: &PivotArgs,
    input: &PivotInput<'_>,
    options: &PivotOptions,
) -> Result<Table, CliError> {
    if options.options.is_some() {
        return Err(CliError::Usage(format!(
            "{}.{} takes no --options: {}",
            e.entity, e.name, e.help
        )));
    }
    let (table, column) = pivot::input_table(input, value_column(e.entity), options.max_values)?;
    let given = pivot::input_values(&table, &column)?;
    let values = given.str_column(&column)?;
    let rows = given.ints(huntkit_entities::SRC_ROW_INDEX)?;
    let texts: Vec<&str> = values.iter().map(|v| v.unwrap_or("")).collect();
    let result = match e.kind {
        Enrichment::GeoIp => {
            let found = geoip_db(args)?.lookup_texts(values.iter(), texts.len())?;
            with_rows(&found, rows.clone(), None)?
        }
        Enrichment::Ti(ioc_type) => {
            let feeds = ti_feeds(args)?;
            let lookup = LookupOptions {
                column: Some(column.clone()),
                ioc_type,
                include_misses: args.include_misses,
                ..LookupOptions::default()
            };
            let found = feeds.lookup_table(&given, &lookup)?;
            let at = found.ints(SOURCE_INDEX)?;
            let src = at
                .iter()
                .map(|i| {
                    i.and_then(|i| usize::try_from(i).ok())
                        .and_then(|i| rows.get(i).copied().flatten())
                })
                .collect();
            with_rows(&found, src, None)?
        }
        Enrichment::Whois | Enrichment::WhoisAsn => {
            let mut config = net_config(&args.net)?;
            if let Some(base) = &args.rdap_base {
                check_base_url(base).map_err(|m| CliError::Usage(format!("--rdap-base: {m}")))?;
                config.rdap_base = Some(base.clone());
            }
            let addresses: Vec<String> = texts.iter().map(|t| t.trim().to_string()).collect();
            let transport = UreqTransport::new(config.timeout_secs);
            let mut session = Session::with_bootstrap(config, Bootstrap::bundled()?);
            let found = whois_table(&whois_all(&mut session, &transport, &addresses))?;
            let keep = (e.kind == Enrichment::WhoisAsn).then_some(&ASN_COLUMNS[..]);
            with_rows(&found, rows.clone(), keep)?
        }
    };
    if options.join.is_none() && options.left_on.is_none() {
        return Ok(result);
    }
    let how = options.join.unwrap_or(JoinHow::Left);
    Ok(pivot::join_result(
        &table,
        Some(&column),
        &result,
        how,
        Some(e.key_column),
        options,
    )?)
}

/// `found`'s columns (only `keep`, when given; never `SourceIndex`) and `src_row_index`.
fn with_rows(
    found: &Table,
    rows: Vec<Option<i64>>,
    keep: Option<&[&str]>,
) -> Result<Table, CliError> {
    let batch = found.to_batch()?;
    let mut columns: Vec<(String, ArrayRef)> = Vec::new();
    for (field, array) in batch.schema().fields().iter().zip(batch.columns()) {
        let name = field.name();
        if name == SOURCE_INDEX || keep.is_some_and(|k| !k.contains(&name.as_str())) {
            continue;
        }
        columns.push((name.clone(), array.clone()));
    }
    let src: UInt64Array = rows
        .into_iter()
        .map(|r| r.and_then(|r| u64::try_from(r).ok()))
        .collect();
    columns.push((huntkit_entities::SRC_ROW_INDEX.into(), Arc::new(src)));
    Ok(Table::from_columns(columns)?)
}

fn geoip_db(args: &PivotArgs) -> Result<huntkit_geoip::GeoIpDb, CliError> {
    if args.databases.is_empty() {
        return Err(CliError::Usage(
            "the geoip pivot needs a GeoIP database: --db City.mmdb [--db ASN.mmdb]".into(),
        ));
    }
    let options = huntkit_geoip::Options::default();
    let mut databases = Vec::with_capacity(args.databases.len());
    for path in &args.databases {
        let size = std::fs::metadata(path)
            .map_err(|e| CliError::io(path, e))?
            .len();
        if size > options.max_database_bytes {
            return Err(huntkit_core::Error::LimitExceeded {
                what: format!("the size of {path} ({size} bytes)"),
                limit: options.max_database_bytes,
                option: "maxDatabaseBytes",
            }
            .into());
        }
        databases.push(std::fs::read(path).map_err(|e| CliError::io(path, e))?);
    }
    Ok(huntkit_geoip::GeoIpDb::from_bytes(databases, &options)?)
}

fn ti_feeds(args: &PivotArgs) -> Result<FeedSet, CliError> {
    if args.feeds.is_empty() {
        return Err(CliError::Usage(
            "the ti pivots need local feeds: --feed FILE [--feed FILE]".into(),
        ));
    }
    let mut feeds = FeedSet::new();
    for path in &args.feeds {
        let bytes = read_bytes(path)?;
        // A feed is named after its file, unless it names itself (MISP lists and events).
        let names_itself = matches!(
            huntkit_ti::detect(&bytes),
            Some(FeedKind::MispWarninglist | FeedKind::MispEvent)
        );
        let options = FeedOptions {
            name: (!names_itself)
                .then(|| std::path::Path::new(path).file_stem())
                .flatten()
                .map(|s| s.to_string_lossy().into_owned()),
            ..FeedOptions::default()
        };
        feeds
            .add_bytes(&bytes, &options)
            .map_err(|e| CliError::Input {
                code: huntkit_core::ErrorCode::code(&e),
                message: format!("{path}: {e}"),
            })?;
    }
    Ok(feeds)
}
