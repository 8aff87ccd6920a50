//! `huntkit inspect`: rows, columns, types, nulls and time ranges of a file.

use clap::Args;

use crate::error::CliError;
use crate::io::{read_input, write_bytes, write_table, Output, OutputFormat};

/// Describe a table: rows, columns with their types and null counts, and the time range of
/// each timestamp column.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  huntkit inspect examples/data/host_logons.csv --format json")]
pub struct InspectArgs {
    /// Input file (Arrow IPC, CSV, JSON, NDJSON or Parquet), or - for standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: String,
    #[command(flatten)]
    pub output: Output,
}

pub fn run(args: &InspectArgs) -> Result<(), CliError> {
    let table = read_input(&args.input)?;
    let info = huntkit_core::inspect(&table)?;
    match args.output.format {
        OutputFormat::Json => {
            let mut s = serde_json::to_string(&info).map_err(|e| CliError::Usage(e.to_string()))?;
            s.push('\n');
            write_bytes(&args.output, s.as_bytes())
        }
        OutputFormat::Text => {
            let mut s = format!("{} rows, {} columns\n", info.rows, info.columns.len());
            for w in &info.warnings {
                let shown: String = w.chars().flat_map(char::escape_default).collect();
                s.push_str(&format!("warning: {shown}\n"));
            }
            s.push('\n');
            let width = info
                .columns
                .iter()
                .map(|c| c.name.chars().count())
                .max()
                .unwrap_or(0);
            for c in &info.columns {
                let name: String = c.name.chars().flat_map(char::escape_default).collect();
                s.push_str(&format!(
                    "{name:<width$}  {:<28}  {:>7} nulls",
                    c.data_type, c.nulls
                ));
                if let Some(r) = &c.time_range {
                    s.push_str(&format!("  {} .. {}", r.start, r.end));
                }
                s.push('\n');
            }
            write_bytes(&args.output, s.as_bytes())
        }
        OutputFormat::Csv | OutputFormat::Arrow => {
            let rows = info.columns.len();
            let names: Vec<Option<String>> =
                info.columns.iter().map(|c| Some(c.name.clone())).collect();
            let types: Vec<Option<String>> = info
                .columns
                .iter()
                .map(|c| Some(c.data_type.clone()))
                .collect();
            let nulls: Vec<i64> = info.columns.iter().map(|c| c.nulls as i64).collect();
            let starts: Vec<Option<String>> = info
                .columns
                .iter()
                .map(|c| c.time_range.as_ref().map(|r| r.start.clone()))
                .collect();
            let ends: Vec<Option<String>> = info
                .columns
                .iter()
                .map(|c| c.time_range.as_ref().map(|r| r.end.clone()))
                .collect();
            let table = huntkit_core::Table::from_columns(vec![
                ("name".into(), huntkit_core::string_array(names)),
                ("type".into(), huntkit_core::string_array(types)),
                (
                    "nulls".into(),
                    std::sync::Arc::new(huntkit_core::arrow::array::Int64Array::from(nulls)),
                ),
                ("start".into(), huntkit_core::string_array(starts)),
                ("end".into(), huntkit_core::string_array(ends)),
            ])?;
            debug_assert_eq!(table.num_rows(), rows);
            write_table(&args.output, &table)
        }
    }
}
