//! `huntkit ioc`: indicators of compromise in a text, or in columns of a table.

use std::sync::Arc;

use clap::{Args, ValueEnum};
use huntkit_core::arrow::array::{ArrayRef, BooleanArray, UInt64Array};
use huntkit_ioc::{CustomType, DefangMode, Extractor, JsonEscapes, Options};

use crate::error::CliError;
use crate::io::{read_bytes, read_input, write_table, CompatArg, Output};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DefangArg {
    All,
    Fanged,
    Defanged,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JsonEscapesArg {
    /// Decode them in text that is JSON or NDJSON (whole, or line by line).
    Auto,
    /// Decode them in any text.
    Always,
    /// Scan the text as written.
    Never,
}

/// Extract indicators of compromise (IPs, domains, URLs, e-mail, hashes, CVEs, ATT&CK
/// IDs, registry keys, wallets, ...), defanged forms included.
///
/// Without --column the input is read as plain text (a report, a log) and each distinct
/// indicator is listed with its byte offsets; a raw JSON or NDJSON log is read with its
/// string escapes (\\, \r\n, \t, \") decoded (see --json-escapes). With --column the
/// input is a table and each (row, column, indicator) is a row, as MSTICPy's extract_df:
/// the row names its source by SourceIndex, Column and the start/end span in that cell,
/// and carries the cell's whole text (Input) only with --include-input.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  huntkit ioc report.txt --format json\n  huntkit ioc events.ndjson --include-paths\n  huntkit ioc examples/data/processes_on_host.csv --column CommandLine --format csv"
)]
pub struct IocArgs {
    /// Input file, or - for standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: String,
    /// Scan this column of a table (repeatable); without it the input is plain text.
    #[arg(long = "column", value_name = "COL")]
    pub columns: Vec<String>,
    /// Only these types, comma separated (e.g. ipv4,dns,url).
    #[arg(long, value_delimiter = ',', value_name = "T1,T2")]
    pub types: Option<Vec<String>>,
    /// Scan Windows and Linux paths too.
    #[arg(long)]
    pub include_paths: bool,
    /// Follow MSTICPy's behaviour instead of huntkit's.
    #[arg(long, value_enum, default_value_t = CompatArg::Huntkit)]
    pub compat: CompatArg,
    /// Report all, only plainly written or only defanged indicators.
    #[arg(long, value_enum, default_value_t = DefangArg::All)]
    pub defang: DefangArg,
    /// Accept domains whatever their top-level domain.
    #[arg(long)]
    pub ignore_tlds: bool,
    /// Drop private, loopback, link-local, multicast and reserved IPs.
    #[arg(long)]
    pub exclude_private_ips: bool,
    /// Never report this value (repeatable).
    #[arg(long = "ignore-value", value_name = "VALUE")]
    pub ignore_values: Vec<String>,
    /// Never report this domain or its sub-domains (repeatable).
    #[arg(long = "ignore-domain", value_name = "DOMAIN")]
    pub ignore_domains: Vec<String>,
    /// Never report IPs in this range (repeatable).
    #[arg(long = "ignore-cidr", value_name = "CIDR")]
    pub ignore_cidrs: Vec<String>,
    /// Add a type: NAME=REGEX (repeatable; priority 0).
    #[arg(long = "custom", value_name = "NAME=REGEX")]
    pub custom: Vec<String>,
    /// Keep dotted quads that read as version numbers (FileVersion: 4.1.0.7,
    /// SkypeApp_14.35.152.0_x64) as IPv4 addresses.
    #[arg(long)]
    pub keep_version_ips: bool,
    /// Read JSON string escapes as the characters they stand for: in JSON text (auto),
    /// in any text (always), or never.
    #[arg(long, value_enum, default_value_t = JsonEscapesArg::Auto)]
    pub json_escapes: JsonEscapesArg,
    /// With --column: add the Input column, the whole source cell, to every row
    /// (default: no; yes under --compat msticpy, as MSTICPy's extract_df).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub include_input: Option<bool>,
    #[command(flatten)]
    pub output: Output,
}

fn options(args: &IocArgs) -> Result<Options, CliError> {
    let mut custom_types = Vec::new();
    for c in &args.custom {
        let (name, pattern) = c
            .split_once('=')
            .ok_or_else(|| CliError::Usage(format!("--custom expects NAME=REGEX, got {c:?}")))?;
        custom_types.push(CustomType {
            name: name.to_string(),
            pattern: pattern.to_string(),
            ..CustomType::default()
        });
    }
    Ok(Options {
        compat: args.compat.into(),
        types: args.types.clone(),
        include_paths: args.include_paths,
        defang: match args.defang {
            DefangArg::All => DefangMode::All,
            DefangArg::Fanged => DefangMode::Fanged,
            DefangArg::Defanged => DefangMode::Defanged,
        },
        ignore_tlds: args.ignore_tlds,
        ignore_values: args.ignore_values.clone(),
        ignore_domains: args.ignore_domains.clone(),
        ignore_cidrs: args.ignore_cidrs.clone(),
        exclude_private_ips: args.exclude_private_ips,
        custom_types,
        keep_version_ips: args.keep_version_ips,
        json_escapes: match args.json_escapes {
            JsonEscapesArg::Auto => JsonEscapes::Auto,
            JsonEscapesArg::Always => JsonEscapes::Always,
            JsonEscapesArg::Never => JsonEscapes::Never,
        },
        include_input: args.include_input,
        ..Options::default()
    })
}

pub fn run(args: &IocArgs) -> Result<(), CliError> {
    let ex = Extractor::new(options(args)?)?;
    if !args.columns.is_empty() {
        let table = read_input(&args.input)?;
        let cols: Vec<&str> = args.columns.iter().map(String::as_str).collect();
        let out = ex.extract_table(&table, &cols)?;
        return write_table(&args.output, &out);
    }
    let bytes = read_bytes(&args.input)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| CliError::Input {
        code: "invalid_utf8",
        message: format!("the input is not UTF-8 text (byte {})", e.valid_up_to()),
    })?;
    let found = ex.find(text);
    if found.truncated {
        eprintln!(
            "huntkit: warning: more than {} distinct indicators; the list is cut short",
            ex.options().max_matches
        );
    }
    let m = &found.matches;
    let columns: Vec<(String, ArrayRef)> = vec![
        (
            "IoCType".into(),
            huntkit_core::string_array(m.iter().map(|x| Some(&x.ioc_type))),
        ),
        (
            "Observable".into(),
            huntkit_core::string_array(m.iter().map(|x| Some(&x.value))),
        ),
        (
            "raw".into(),
            huntkit_core::string_array(m.iter().map(|x| Some(&x.raw))),
        ),
        (
            "start".into(),
            Arc::new(UInt64Array::from_iter_values(
                m.iter().map(|x| x.start as u64),
            )),
        ),
        (
            "end".into(),
            Arc::new(UInt64Array::from_iter_values(
                m.iter().map(|x| x.end as u64),
            )),
        ),
        (
            "defanged".into(),
            Arc::new(m.iter().map(|x| Some(x.defanged)).collect::<BooleanArray>()),
        ),
    ];
    let out = huntkit_core::Table::from_columns(columns)?;
    write_table(&args.output, &out)
}
