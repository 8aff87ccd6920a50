//! `huntkit pivot`: list the pivot functions of each entity type, show their help, and
//! run one on values or on a column of a table.

use std::sync::Arc;

use clap::{Args, ValueEnum};
use huntkit_core::arrow::array::{ArrayRef, BooleanArray};
use huntkit_core::Table;
use huntkit_entities::pivot::{self, JoinHow, PivotInput, PivotOptions};
use huntkit_entities::{alert_entities_table, AlertOptions};

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
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  huntkit pivot list\n  huntkit pivot help IpAddress ip_type\n  huntkit pivot IpAddress ip_type flows.csv --column SrcIP --join left\n  huntkit pivot Url url_components --value https://www.contoso.com/path?q=1\n  huntkit pivot alert alert.json --format json"
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
    #[command(flatten)]
    pub output: Output,
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
    let text = |f: &dyn Fn(&pivot::PivotInfo) -> Option<&str>| {
        huntkit_core::string_array(all.iter().map(f))
    };
    let columns: Vec<(String, ArrayRef)> = vec![
        ("entity".into(), text(&|p| Some(p.entity))),
        ("pivot".into(), text(&|p| Some(p.name))),
        ("container".into(), text(&|p| Some(p.container))),
        ("input_column".into(), text(&|p| Some(p.input_column))),
        ("key_column".into(), text(&|p| p.key_column)),
        (
            "table_only".into(),
            Arc::new(
                all.iter()
                    .map(|p| Some(p.table_only))
                    .collect::<BooleanArray>(),
            ),
        ),
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
    let out = if !args.values.is_empty() {
        if args.input.is_some() {
            return Err(CliError::Usage(
                "give either --value or a FILE, not both".into(),
            ));
        }
        let input = PivotInput::Values(args.values.iter().cloned().map(Some).collect());
        pivot::run_pivot(&args.entity, name, &input, &options)?
    } else {
        let table = read_input(args.input.as_deref().unwrap_or("-"))?;
        let input = PivotInput::Table {
            table: &table,
            column: args.column.as_deref(),
        };
        pivot::run_pivot(&args.entity, name, &input, &options)?
    };
    write_table(&args.output, &out)
}
