//! `huntkit`: security analysis of Arrow, CSV, JSON and Parquet files from the command line.
//!
//! Every subcommand reads a file or standard input (`-`), detects the format from the
//! content, writes `--format csv|json|arrow|text` to standard output or `-o FILE`, and exits
//! 0 on success, 1 on bad input (the reason on standard error) and 2 on bad usage (an
//! option value an engine refuses included). `--lenient` and `--max-table-bytes` set how
//! every subcommand reads its table.
//!
//! Each subcommand lives in `cmd/<engine>.rs`: its flags (defaults taken from the engine's
//! option defaults), the conversion to the engine's options, the call, the output. The
//! conventions they share (input, `--format`, `-o`) are in `io.rs`.
//!
//! ```text
//! huntkit inspect examples/data/host_logons.csv
//! huntkit decode events.csv --column CommandLine --format json
//! huntkit proctree examples/data/win_proc_test.csv --summary
//! ```

mod cmd;
mod error;
mod io;

use clap::{Parser, Subcommand};

/// Security analysis for threat hunters: decode, extract, score and link security data.
#[derive(Debug, Parser)]
#[command(name = "huntkit", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    read: io::ReadArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Describe a table: rows, column types, null counts and time ranges.
    Inspect(cmd::inspect::InspectArgs),
    /// Decode base64, hex, UTF-16 and archives hidden in text or a table column.
    Decode(cmd::decode::DecodeArgs),
    /// Extract indicators of compromise from text or table columns, defanged forms included.
    Ioc(cmd::ioc::IocArgs),
    /// Build process trees from 4688, Sysmon, auditd, Defender, osquery or HX process events.
    Proctree(cmd::proctree::ProctreeArgs),
    /// Rank user sessions by rarity with Markov models of commands, parameters and values.
    Sessions(cmd::sessions::SessionsArgs),
    /// Score a time series against its STL decomposition and flag anomalies.
    TsAnomalies(cmd::timeseries::TsAnomaliesArgs),
    /// Find beaconing: event streams with a strong periodic component.
    Beacon(cmd::timeseries::BeaconArgs),
    /// Look IP addresses up in GeoIP databases: country, state, city, coordinates, ASN.
    Geoip(cmd::geoip::GeoipArgs),
    /// Run pivot functions on entities (IP addresses, domains, URLs, hosts, ...), list them.
    Pivot(cmd::pivot::PivotArgs),
    /// WhoIs of IP addresses through RDAP: origin AS and name, network, registrant, abuse contact.
    Whois(cmd::whois::WhoisArgs),
    /// Look indicators up in threat-intelligence feeds (ipsum lists, CSV, MISP, STIX), offline.
    Ti(cmd::ti::TiArgs),
}

fn main() {
    let cli = Cli::parse();
    io::set_read_options(cli.read.to_options());
    let outcome = match &cli.command {
        Command::Inspect(a) => cmd::inspect::run(a),
        Command::Decode(a) => cmd::decode::run(a),
        Command::Ioc(a) => cmd::ioc::run(a),
        Command::Proctree(a) => cmd::proctree::run(a),
        Command::Sessions(a) => cmd::sessions::run(a),
        Command::TsAnomalies(a) => cmd::timeseries::run_anomalies(a),
        Command::Beacon(a) => cmd::timeseries::run_beacon(a),
        Command::Geoip(a) => cmd::geoip::run(a),
        Command::Pivot(a) => cmd::pivot::run(a),
        Command::Whois(a) => cmd::whois::run(a),
        Command::Ti(a) => cmd::ti::run(a),
    };
    if let Err(e) = outcome {
        eprintln!("huntkit: {e}");
        std::process::exit(e.exit_code());
    }
}
