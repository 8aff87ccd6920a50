//! `huntkit ti`: threat-intelligence lookups against local feeds (offline), and online
//! providers when asked.

use std::sync::Arc;

use clap::{Args, ValueEnum};
use huntkit_core::arrow::array::{ArrayRef, Int64Array};
use huntkit_core::Table;
use huntkit_ti::{
    results_to_table, FeedKind, FeedOptions, FeedSet, IocType, LookupOptions, SOURCE_INDEX,
};

use crate::cmd::net::{indicators, provider_results, ProviderArgs};
use crate::error::CliError;
use crate::io::{read_bytes, read_input, write_table, Output};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FeedKindArg {
    /// One indicator a line, `#` comments, an optional score (ipsum).
    Plain,
    /// CSV with a header; see --feed-value-column and the other mapping flags.
    Csv,
    /// A MISP warning list (list.json): benign values, reported as Result=false.
    MispWarninglist,
    /// A MISP event export (Event.Attribute and Event.Object[].Attribute).
    MispEvent,
    /// A STIX 2.1 bundle (indicators with one plain equality as pattern).
    Stix,
}

impl From<FeedKindArg> for FeedKind {
    fn from(k: FeedKindArg) -> Self {
        match k {
            FeedKindArg::Plain => FeedKind::Plain,
            FeedKindArg::Csv => FeedKind::Csv,
            FeedKindArg::MispWarninglist => FeedKind::MispWarninglist,
            FeedKindArg::MispEvent => FeedKind::MispEvent,
            FeedKindArg::Stix => FeedKind::Stix,
        }
    }
}

/// Look indicators up in threat-intelligence feeds: MSTICPy's TI result columns (Ioc,
/// IocType, Provider, Result, Severity, Details, RawResult, Reference) and SourceIndex,
/// the input row.
///
/// Feeds are local files, read offline: plain lists (ipsum), CSV, MISP warning lists
/// (benign values: a match is Result=false, severity information), MISP events and
/// STIX 2.1 bundles; the kind is told from the content unless --feed-kind says it.
/// Indicators are refanged, addresses matched against ranges, domains and hashes
/// compared case-insensitively; the type is inferred per value unless --ioc-type or
/// --type-column gives it. Only matches are listed unless --include-misses.
///
/// The input is a file (a table with --column, else one indicator per line), - for
/// standard input, or a single indicator.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  huntkit ti 185.220.101.4 --feed ipsum.txt\n  huntkit ti events.csv --column SrcIp --feed ipsum.txt --feed rfc1918.json --format csv\n  huntkit ti iocs.txt --feed event.json --feed-kind misp-event --feed bundle.json --feed-kind stix"
)]
pub struct TiArgs {
    /// Input file, - for standard input, or one indicator.
    #[arg(value_name = "FILE|IOC", default_value = "-")]
    pub input: String,
    /// Look up this column of a table; without it the input is one indicator per line.
    #[arg(long, value_name = "COL")]
    pub column: Option<String>,
    /// A column of the table giving each row's IoC type (ipv4, dns, url, sha256_hash,
    /// file_hash, ...).
    #[arg(long, value_name = "COL")]
    pub type_column: Option<String>,
    /// The type of every indicator (default: inferred per value).
    #[arg(long, value_name = "TYPE")]
    pub ioc_type: Option<String>,
    /// A feed file (repeatable).
    #[arg(long = "feed", value_name = "FILE")]
    pub feeds: Vec<String>,
    /// The kind of the feeds: once for all of them, or once per --feed in order
    /// (default: told from each feed's content).
    #[arg(long = "feed-kind", value_enum, value_name = "KIND")]
    pub feed_kinds: Vec<FeedKindArg>,
    /// The name shown in Provider: once per --feed in order (default: the warning
    /// list's or event's own name, else the file name).
    #[arg(long = "feed-name", value_name = "NAME")]
    pub feed_names: Vec<String>,
    /// CSV feeds: the column of indicator values.
    #[arg(long, value_name = "COL")]
    pub feed_value_column: Option<String>,
    /// CSV feeds: the column of each value's type.
    #[arg(long, value_name = "COL")]
    pub feed_type_column: Option<String>,
    /// CSV feeds: a numeric score column (see --high-score).
    #[arg(long, value_name = "COL")]
    pub feed_score_column: Option<String>,
    /// A score at or above this is severity high, a lower positive one warning (ipsum's
    /// score counts the blocklists listing an address).
    #[arg(long, value_name = "N", default_value_t = 3.0)]
    pub high_score: f64,
    /// Also list, per indicator and feed, a Result=false row when the feed does not list
    /// it (MSTICPy's one row per indicator and provider).
    #[arg(long)]
    pub include_misses: bool,
    /// Largest feed file, in bytes.
    #[arg(long, value_name = "BYTES")]
    pub max_feed_bytes: Option<usize>,
    /// Most indicators one feed may hold.
    #[arg(long, value_name = "N")]
    pub max_feed_entries: Option<usize>,
    #[command(flatten)]
    pub providers: ProviderArgs,
    #[command(flatten)]
    pub output: Output,
}

fn feed_options(args: &TiArgs, index: usize) -> Result<FeedOptions, CliError> {
    let kind = match args.feed_kinds.as_slice() {
        [] => None,
        [one] => Some(*one),
        many if many.len() == args.feeds.len() => many.get(index).copied(),
        many => {
            return Err(CliError::Usage(format!(
                "--feed-kind is given {} times for {} feeds: give it once, or once per --feed",
                many.len(),
                args.feeds.len()
            )))
        }
    };
    let name = match args.feed_names.as_slice() {
        [] => None,
        names if names.len() == args.feeds.len() => names.get(index).cloned(),
        names => {
            return Err(CliError::Usage(format!(
                "--feed-name is given {} times for {} feeds: give it once per --feed",
                names.len(),
                args.feeds.len()
            )))
        }
    };
    let defaults = FeedOptions::default();
    Ok(FeedOptions {
        name,
        kind: kind.map(FeedKind::from),
        high_score: args.high_score,
        value_column: args.feed_value_column.clone(),
        type_column: args.feed_type_column.clone(),
        score_column: args.feed_score_column.clone(),
        max_feed_bytes: args.max_feed_bytes.unwrap_or(defaults.max_feed_bytes),
        max_entries: args.max_feed_entries.unwrap_or(defaults.max_entries),
        ..defaults
    })
}

/// Lists that carry no name of their own (plain, CSV, STIX) are named after their file.
fn name_after_file(options: &mut FeedOptions, path: &str, bytes: &[u8]) {
    if options.name.is_some() {
        return;
    }
    let kind = options.kind.or_else(|| huntkit_ti::detect(bytes));
    if matches!(kind, Some(FeedKind::MispWarninglist | FeedKind::MispEvent)) {
        return;
    }
    options.name = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned());
}

fn parse_type(name: &str) -> Result<IocType, CliError> {
    IocType::parse(name).ok_or_else(|| {
        CliError::Usage(format!(
            "--ioc-type {name:?} is none of ipv4, ipv6, dns, url, email, md5_hash, sha1_hash, sha256_hash, sha512_hash, asn"
        ))
    })
}

/// The input as a table and the column of indicators in it.
fn input_table(args: &TiArgs) -> Result<(Table, String), CliError> {
    if let Some(column) = &args.column {
        return Ok((read_input(&args.input)?, column.clone()));
    }
    let single = args.input != "-" && !std::path::Path::new(&args.input).exists();
    let lines: Vec<String> = if single {
        vec![args.input.trim().to_string()]
    } else {
        let bytes = read_bytes(&args.input)?;
        let text = std::str::from_utf8(&bytes).map_err(|e| CliError::Input {
            code: "invalid_utf8",
            message: format!("the input is not UTF-8 text (byte {})", e.valid_up_to()),
        })?;
        text.lines().map(|l| l.trim().to_string()).collect()
    };
    let values = huntkit_core::string_array(lines.iter().map(|l| Some(l.as_str())));
    Ok((
        Table::from_columns(vec![("Ioc".into(), values)])?,
        "Ioc".into(),
    ))
}

pub fn run(args: &TiArgs) -> Result<(), CliError> {
    if args.feeds.is_empty() && args.providers.providers.is_empty() {
        return Err(CliError::Usage(
            "name at least one --feed FILE (or an online --provider)".into(),
        ));
    }
    let ioc_type = args.ioc_type.as_deref().map(parse_type).transpose()?;
    let mut feeds = FeedSet::new();
    for (i, path) in args.feeds.iter().enumerate() {
        let bytes = read_bytes(path)?;
        let mut options = feed_options(args, i)?;
        name_after_file(&mut options, path, &bytes);
        let summary = feeds.add_bytes(&bytes, &options).map_err(|e| {
            let code = huntkit_core::ErrorCode::code(&e);
            CliError::Input {
                code,
                message: format!("{path}: {e}"),
            }
        })?;
        if summary.skipped > 0 {
            eprintln!(
                "huntkit: feed `{}` ({}): {} indicators, {} entries skipped (types or patterns it cannot match)",
                summary.name,
                summary.kind.name(),
                summary.entries,
                summary.skipped
            );
        }
    }
    let (table, column) = input_table(args)?;
    let options = LookupOptions {
        column: Some(column.clone()),
        type_column: args.type_column.clone(),
        ioc_type,
        include_misses: args.include_misses,
        ..LookupOptions::default()
    };
    let found = feeds.lookup_table(&table, &options)?;
    if args.providers.providers.is_empty() {
        return write_table(&args.output, &found);
    }
    let mut asked = indicators(&table, &column, args.type_column.as_deref(), usize::MAX)?;
    if let Some(t) = ioc_type {
        asked.iter_mut().for_each(|(_, ty)| *ty = t);
    }
    let online = provider_results(&args.providers, &asked)?;
    let online = results_to_table(&online)?;
    let rows = online.num_rows();
    let source: ArrayRef = Arc::new(Int64Array::from(vec![None; rows]));
    let online = online.with_columns(vec![(SOURCE_INDEX.to_string(), source)])?;
    let mut batches = found.batches().to_vec();
    batches.extend(online.batches().iter().cloned());
    write_table(&args.output, &Table::new(found.schema().clone(), batches)?)
}
