//! `huntkit proctree`: process trees from process-creation events.

use clap::{Args, ValueEnum};
use huntkit_proctree::{build_table, Options, TextOptions};

use crate::error::CliError;
use crate::io::{read_input, write_bytes, write_table, CompatArg, Output, OutputFormat};

/// The event schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaArg {
    /// Inferred from the column names.
    Auto,
    /// Windows security event 4688.
    Windows,
    /// Linux auditd execve.
    Linux,
    /// Defender for Endpoint / Sentinel DeviceProcessEvents.
    Mde,
    /// Defender for Endpoint, internal column names.
    MdeInternal,
    /// Sysmon event 1.
    Sysmon,
    /// osquery process events.
    Osquery,
    /// FireEye HX process events.
    Hx,
}

/// Build process trees: each event's parent found by id, name and time (or named by the
/// event, for Defender), missing parents synthesised; prints the trees as text, or the
/// events plus the tree columns (proc_key, parent_key, path, IsRoot, IsLeaf, IsBranch,
/// depth, …) as CSV, JSON or Arrow.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  huntkit proctree examples/data/win_proc_test.csv --summary\n  huntkit proctree examples/data/linux_proc_test.arrow --format csv -o tree.csv\n  huntkit proctree events.csv --schema sysmon --format text"
)]
pub struct ProctreeArgs {
    /// Input file (Arrow IPC, CSV, JSON, NDJSON or Parquet), or - for standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: String,
    /// Event schema.
    #[arg(long, value_enum, default_value_t = SchemaArg::Auto)]
    pub schema: SchemaArg,
    /// Print the summary (processes, roots, leaves, branches, isolated, depth) as JSON
    /// instead of the tree.
    #[arg(long)]
    pub summary: bool,
    /// Tell hosts apart by this column instead of the schema's host column (a process
    /// id is unique on one host only).
    #[arg(long, value_name = "COLUMN")]
    pub host_column: Option<String>,
    /// Follow MSTICPy's build_process_tree exactly.
    #[arg(long, value_enum, default_value_t = CompatArg::Huntkit)]
    pub compat: CompatArg,
    /// Wrap text lines at this width.
    #[arg(long, default_value_t = TextOptions::default().wrap)]
    pub wrap: usize,
    #[command(flatten)]
    pub output: Output,
}

pub fn run(args: &ProctreeArgs) -> Result<(), CliError> {
    let table = read_input(&args.input)?;
    let schema = match args.schema {
        SchemaArg::Auto => "auto",
        SchemaArg::Windows => "windows",
        SchemaArg::Linux => "linux",
        SchemaArg::Mde => "mde",
        SchemaArg::MdeInternal => "mde-internal",
        SchemaArg::Sysmon => "sysmon",
        SchemaArg::Osquery => "osquery",
        SchemaArg::Hx => "hx",
    };
    let options = Options {
        schema: schema.to_string(),
        host_column: args.host_column.clone(),
        compat: args.compat.into(),
        ..Options::default()
    };
    let built = build_table(&table, &options)?;
    if args.summary {
        let text = serde_json::json!({
            "schema": built.tree.kind.name(),
            "summary": built.tree.summary(),
            "report": built.tree.report,
        });
        let mut bytes = serde_json::to_vec_pretty(&text).map_err(|e| CliError::Input {
            code: "internal",
            message: e.to_string(),
        })?;
        bytes.push(b'\n');
        return write_bytes(&args.output, &bytes);
    }
    match args.output.format {
        OutputFormat::Text => {
            let text = built.tree.to_text(&TextOptions {
                wrap: args.wrap,
                root_of: None,
                // A terminal or a file, not a wasm instance: no need to cut the text.
                max_bytes: usize::MAX,
            });
            // Control characters from the data are shown escaped, so hostile values
            // cannot drive the terminal.
            let clean: String = text
                .chars()
                .flat_map(|c| {
                    let keep = c == '\n' || !c.is_control();
                    let shown: Vec<char> = if keep {
                        vec![c]
                    } else {
                        c.escape_default().collect()
                    };
                    shown
                })
                .collect();
            write_bytes(&args.output, clean.as_bytes())
        }
        _ => write_table(&args.output, &built.table),
    }
}
