//! `huntkit geoip`: where IP addresses are and which autonomous system announces them,
//! from MaxMind DB files (GeoLite2 / GeoIP2 City, Country, ASN; DB-IP Lite), offline.

use clap::Args;
use huntkit_geoip::{GeoIpDb, Options};

use crate::error::CliError;
use crate::io::{read_bytes, read_input, write_table, Output};

/// Look IP addresses up in GeoIP databases: country code and name, state, city,
/// coordinates (MSTICPy's GeoLiteLookup columns), AS number and organisation.
///
/// With --column the input is a table and each row of that column is looked up; without
/// it the input is text with one address per line. Every input row gives one output row,
/// in order; an address that does not parse or that no database lists gives nulls.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  huntkit geoip addresses.txt --db GeoLite2-City.mmdb\n  huntkit geoip events.csv --column SourceIP --db GeoLite2-City.mmdb --db GeoLite2-ASN.mmdb --format csv"
)]
pub struct GeoipArgs {
    /// Input file, or - for standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: String,
    /// A MaxMind DB file: a City or Country database, an ASN database, or one of each
    /// (give --db twice).
    #[arg(long = "db", value_name = "DB.mmdb", required = true)]
    pub databases: Vec<String>,
    /// Look up this column of a table; without it the input is one address per line.
    #[arg(long, value_name = "COL")]
    pub column: Option<String>,
    /// Locale of country, state and city names (en, de, es, fr, ja, pt-BR, ru, zh-CN, ...).
    #[arg(long, default_value_t = Options::default().language)]
    pub language: String,
    /// Skip checking the whole database when it is opened (a corrupt file then fails at
    /// the first lookup that meets the damage).
    #[arg(long)]
    pub no_verify: bool,
    #[command(flatten)]
    pub output: Output,
}

pub fn run(args: &GeoipArgs) -> Result<(), CliError> {
    let options = Options {
        language: args.language.clone(),
        verify: !args.no_verify,
        ..Options::default()
    };
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
    let db = GeoIpDb::from_bytes(databases, &options)?;
    let out = match &args.column {
        Some(column) => db.lookup_column(&read_input(&args.input)?, column)?,
        None => {
            let bytes = read_bytes(&args.input)?;
            let text = std::str::from_utf8(&bytes).map_err(|e| CliError::Input {
                code: "invalid_utf8",
                message: format!("the input is not UTF-8 text (byte {})", e.valid_up_to()),
            })?;
            let lines = text.lines().filter(|l| !l.trim().is_empty());
            db.lookup_texts(lines.map(Some), 0)?
        }
    };
    write_table(&args.output, &out)
}
