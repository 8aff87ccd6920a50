//! The conventions every subcommand shares: `FILE|-` in, `--format`, `-o FILE` out.

use std::io::{Read, Write};
use std::sync::OnceLock;

use clap::{Args, ValueEnum};
use huntkit_core::{Format, ReadOptions, Table};

use crate::error::CliError;

/// How a result is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// NDJSON: one JSON object per row, column names as keys.
    Json,
    /// An Arrow IPC stream.
    Arrow,
    /// Aligned columns for reading in a terminal.
    Text,
}

/// `--compat`: whose behaviour an engine follows, for every subcommand that has a choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompatArg {
    /// huntkit's behaviour: MSTICPy's quirks fixed (each engine's README lists them).
    /// `none` is another name for it.
    #[value(alias = "none")]
    Huntkit,
    /// MSTICPy 3.0.2's behaviour, quirks included.
    Msticpy,
}

impl From<CompatArg> for huntkit_core::Compat {
    fn from(c: CompatArg) -> Self {
        match c {
            CompatArg::Huntkit => huntkit_core::Compat::Huntkit,
            CompatArg::Msticpy => huntkit_core::Compat::Msticpy,
        }
    }
}

/// The output options shared by every subcommand.
#[derive(Debug, Clone, Args)]
pub struct Output {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<String>,
}

/// Reads all of `path` (`-` for standard input).
pub fn read_bytes(path: &str) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::io("<stdin>", e))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| CliError::io(path, e))?;
    }
    Ok(bytes)
}

/// How tables are read, for every subcommand that reads one (`huntkit --lenient ioc …`
/// or `huntkit ioc … --lenient`).
#[derive(Debug, Clone, Args)]
pub struct ReadArgs {
    /// Accept a CSV quote still open at the end of the input as one long field (with a
    /// warning) instead of refusing the file.
    #[arg(long, global = true)]
    pub lenient: bool,
    /// Largest table, in bytes, a CSV or JSON input may build (default: 32 times the
    /// input, at least 64 MiB).
    #[arg(long, global = true, value_name = "BYTES")]
    pub max_table_bytes: Option<u64>,
}

impl ReadArgs {
    pub fn to_options(&self) -> ReadOptions {
        ReadOptions {
            lenient: self.lenient,
            max_table_bytes: self.max_table_bytes,
            ..ReadOptions::default()
        }
    }
}

/// The read options of this run, set once from the command line before any input is read.
static READ_OPTIONS: OnceLock<ReadOptions> = OnceLock::new();

pub fn set_read_options(options: ReadOptions) {
    // Set once, from `main`, before any subcommand runs.
    let _ = READ_OPTIONS.set(options);
}

/// Reads a table from `path` (`-` for standard input), the format detected from the
/// content. Parquet is read here, not in the wasm build (`huntkit-core`'s `parquet`
/// feature). What a lenient read accepted is said on standard error.
pub fn read_input(path: &str) -> Result<Table, CliError> {
    let bytes = read_bytes(path)?;
    let options = READ_OPTIONS.get().cloned().unwrap_or_default();
    if huntkit_core::is_parquet(&bytes) {
        return Ok(huntkit_core::read_parquet(bytes.into(), &options)?);
    }
    let table = huntkit_core::read_owned(bytes, &options)?;
    if let Some(warning) = table.warning() {
        let mut shown = String::new();
        warning.chars().for_each(|c| push_shown(&mut shown, c));
        eprintln!("huntkit: warning: {shown}");
    }
    Ok(table)
}

/// Writes raw bytes to `-o FILE` or standard output.
pub fn write_bytes(out: &Output, bytes: &[u8]) -> Result<(), CliError> {
    match &out.output {
        Some(path) => std::fs::write(path, bytes).map_err(|e| CliError::io(path, e)),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .or_else(|e| {
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        Ok(())
                    } else {
                        Err(e)
                    }
                })
                .map_err(|e| CliError::io("<stdout>", e))
        }
    }
}

/// Writes a table in the chosen format.
pub fn write_table(out: &Output, table: &Table) -> Result<(), CliError> {
    let bytes = match out.format {
        OutputFormat::Csv => huntkit_core::write(table, Format::Csv)?,
        OutputFormat::Json => huntkit_core::write(table, Format::Ndjson)?,
        OutputFormat::Arrow => huntkit_core::write(table, Format::ArrowStream)?,
        OutputFormat::Text => text_table(table)?.into_bytes(),
    };
    write_bytes(out, &bytes)
}

/// Widest a text cell is shown; longer values are cut with an ellipsis.
const TEXT_CELL: usize = 40;

/// A character as a terminal shows it safely: control characters and the invisible
/// characters that reorder or hide text (bidirectional overrides, zero-width marks) are
/// escaped, anything else is itself.
fn push_shown(out: &mut String, c: char) {
    let invisible = matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
    );
    if c.is_control() || invisible {
        out.extend(c.escape_default());
    } else {
        out.push(c);
    }
}

/// Renders a table as aligned columns. Control characters are shown escaped so hostile
/// values cannot drive the terminal; quotes and backslashes are shown as they are, so list
/// cells (`["whoami","net user"]`) and Windows paths read as written.
pub fn text_table(table: &Table) -> Result<String, CliError> {
    let names = table.column_names();
    let mut cols = Vec::with_capacity(names.len());
    for n in &names {
        let c = table.str_column(n)?;
        cols.push(c);
    }
    let cell = |s: &str| -> String {
        let mut clean = String::with_capacity(s.len());
        s.chars().for_each(|c| push_shown(&mut clean, c));
        let mut chars = clean.chars();
        let head: String = chars.by_ref().take(TEXT_CELL).collect();
        if chars.next().is_some() {
            format!("{head}…")
        } else {
            head
        }
    };
    let mut rows: Vec<Vec<String>> = vec![names.iter().map(|n| cell(n)).collect()];
    for r in 0..table.num_rows() {
        rows.push(
            cols.iter()
                .map(|c| c.get(r).map(cell).unwrap_or_default())
                .collect(),
        );
    }
    let widths: Vec<usize> = (0..names.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(s, w)| format!("{s:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    Ok(out)
}
