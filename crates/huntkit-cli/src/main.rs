//! `huntkit`: security analysis of Arrow, CSV, JSON and Parquet files from the command line.
//!
//! Every subcommand reads a file or standard input (`-`), detects the format from the
//! content, writes `--format csv|json|arrow|text` to standard output or `-o FILE`, and exits
//! 0 on success, 1 on bad input (the reason on standard error) and 2 on bad usage.

mod cmd;
mod error;
mod io;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "huntkit", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Describe a table: rows, column types, null counts and time ranges.
    Inspect(cmd::inspect::InspectArgs),
}

fn main() {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Inspect(a) => cmd::inspect::run(a),
    };
    if let Err(e) = outcome {
        eprintln!("huntkit: {e}");
        std::process::exit(e.exit_code());
    }
}
