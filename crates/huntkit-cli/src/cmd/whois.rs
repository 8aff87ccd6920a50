//! `huntkit whois`: MSTICPy's WhoIs pivot through RDAP, the registries' JSON WhoIs.

use clap::Args;
use huntkit_geoip::{GeoIpDb, Options};
use huntkit_net::native::{whois_all, UreqTransport};
use huntkit_net::{check_base_url, whois_table, Bootstrap, Session};

use crate::cmd::net::{config, NetArgs};
use crate::error::CliError;
use crate::io::{read_bytes, read_input, write_table, Output};

/// Look IP addresses up in the internet registries (RDAP): origin AS number and name,
/// network range and name, country, registrant and abuse contact.
///
/// The input is a file (a table with --column, else one address per line), - for
/// standard input, or a single address. Each address is one row, in order; one that is
/// private, invalid or not found has the error's code in `status`. Queries go to the
/// registry that holds the address (ARIN, RIPE NCC, APNIC, LACNIC, AFRINIC), chosen by
/// the bundled bootstrap files; --bootstrap replaces one with IANA's current file.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  huntkit whois 13.107.4.50\n  huntkit whois events.csv --column SourceIP --format csv\n  huntkit whois ips.txt --bootstrap ipv4.json --bootstrap ipv6.json"
)]
pub struct WhoisArgs {
    /// Input file, - for standard input, or one IP address.
    #[arg(value_name = "FILE|IP", default_value = "-")]
    pub input: String,
    /// Look up this column of a table; without it the input is one address per line.
    #[arg(long, value_name = "COL")]
    pub column: Option<String>,
    /// Send every query to this RDAP server instead of the registry's (a mirror).
    #[arg(long, value_name = "URL")]
    pub rdap_base: Option<String>,
    /// An RDAP bootstrap file (RFC 9224: IANA's ipv4.json, ipv6.json or asn.json) that
    /// replaces the bundled one of its kind (repeatable).
    #[arg(long = "bootstrap", value_name = "FILE")]
    pub bootstraps: Vec<String>,
    /// Leave out the second query per address that names the origin AS.
    #[arg(long)]
    pub no_asn_name: bool,
    /// An ASN database (GeoLite2-ASN, DB-IP ASN Lite .mmdb): the ASN of each record
    /// whose registry names none (RIPE's and APNIC's networks) comes from it.
    #[arg(long, value_name = "FILE")]
    pub asn_db: Option<String>,
    #[command(flatten)]
    pub net: NetArgs,
    #[command(flatten)]
    pub output: Output,
}

pub fn run(args: &WhoisArgs) -> Result<(), CliError> {
    let mut config = config(&args.net)?;
    if let Some(base) = &args.rdap_base {
        check_base_url(base).map_err(|m| CliError::Usage(format!("--rdap-base: {m}")))?;
        config.rdap_base = Some(base.clone());
    }
    if args.no_asn_name {
        config.rdap_autnum = false;
    }
    let mut bootstrap = Bootstrap::bundled()?;
    for path in &args.bootstraps {
        let bytes = read_bytes(path)?;
        let text = String::from_utf8_lossy(&bytes);
        bootstrap.replace(&text).map_err(|e| CliError::Input {
            code: "invalid_bootstrap",
            message: format!("{path}: {e}"),
        })?;
    }
    let asn_db = match &args.asn_db {
        Some(path) => Some(GeoIpDb::from_bytes(
            vec![read_bytes(path)?],
            &Options::default(),
        )?),
        None => None,
    };
    let addresses = addresses(args, config.max_items)?;
    let transport = UreqTransport::new(config.timeout_secs);
    let mut session = Session::with_bootstrap(config, bootstrap);
    let records = whois_all(&mut session, &transport, &addresses);
    let mut table = whois_table(&records)?;
    if let Some(db) = &asn_db {
        table = db.fill_asn(&table, "query", "asn", "asn_description")?;
    }
    write_table(&args.output, &table)
}

fn addresses(args: &WhoisArgs, max_items: usize) -> Result<Vec<String>, CliError> {
    let single = args.input != "-"
        && !std::path::Path::new(&args.input).exists()
        && args.input.trim().parse::<std::net::IpAddr>().is_ok();
    let list: Vec<String> = if single {
        vec![args.input.trim().to_string()]
    } else if let Some(column) = &args.column {
        let table = read_input(&args.input)?;
        let col = table.str_column(column)?;
        col.iter()
            .map(|v| v.unwrap_or("").trim().to_string())
            .collect()
    } else {
        let bytes = read_bytes(&args.input)?;
        let text = std::str::from_utf8(&bytes).map_err(|e| CliError::Input {
            code: "invalid_utf8",
            message: format!("the input is not UTF-8 text (byte {})", e.valid_up_to()),
        })?;
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    if list.len() > max_items {
        return Err(CliError::Input {
            code: "limit_exceeded",
            message: format!(
                "{} addresses: more than maxItems ({max_items}) in one run",
                list.len()
            ),
        });
    }
    Ok(list)
}
