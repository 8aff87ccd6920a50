//! `huntkit decode`: base64, hex, UTF-16 and archives hidden in text or in a table column.

use clap::Args;
use huntkit_decode::{DecodeOptions, Decoder, DEPTH_LIMIT_REACHED};

use crate::error::CliError;
use crate::io::{
    read_bytes, read_input, write_bytes, write_table, CompatArg, Output, OutputFormat,
};
use huntkit_core::arrow::array::RecordBatch;
use huntkit_core::Table;

/// Find and decode obfuscated payloads (base64, URL-safe base64, hex, UTF-16 PowerShell,
/// gzip, zlib, zip, tar, nested), hashing every decoded item.
///
/// Without --column the input is plain text and the output is its record table (one row
/// per decoded item), or with --text the input with each decoded run replaced in place.
/// With --column the input is a table and each row of that column is decoded, as MSTICPy's
/// unpack_items(data=..., column=...).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  huntkit decode examples/data/base64msg.txt --format json\n  huntkit decode examples/data/base64msg.txt --text\n  huntkit decode events.csv --column CommandLine --format csv"
)]
pub struct DecodeArgs {
    /// Input file, or - for standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: String,
    /// Decode this column of a table; without it the input is plain text.
    #[arg(long, value_name = "COL")]
    pub column: Option<String>,
    /// Print the decoded text instead of the record table (plain text input only).
    #[arg(long, conflicts_with = "column")]
    pub text: bool,
    /// Follow MSTICPy's behaviour instead of huntkit's.
    #[arg(long, value_enum, default_value_t = CompatArg::Huntkit)]
    pub compat: CompatArg,
    /// Deepest nesting decoded.
    #[arg(long, default_value_t = DecodeOptions::default().max_depth)]
    pub max_depth: u32,
    /// Decoded bytes one input (text, or row) may produce.
    #[arg(long, default_value_t = DecodeOptions::default().max_output_bytes)]
    pub max_output_bytes: usize,
    /// Decoded bytes all rows of a table (--column) may produce together.
    #[arg(long, default_value_t = DecodeOptions::default().max_table_output_bytes)]
    pub max_table_output_bytes: usize,
    /// Records one input may produce.
    #[arg(long, default_value_t = DecodeOptions::default().max_items)]
    pub max_items: usize,
    /// In compat mode, try UTF-16 before UTF-8 (MSTICPy's utf16=True).
    #[arg(long)]
    pub utf16: bool,
    /// Bytes of each record's input_bytes written in csv, json and text output, where
    /// binary is written as hex; longer content is cut and flagged in
    /// input_bytes_truncated (the hashes are always of the whole). Arrow output keeps all.
    #[arg(long, value_name = "N", default_value_t = 4096)]
    pub max_shown_bytes: usize,
    #[command(flatten)]
    pub output: Output,
}

pub fn run(args: &DecodeArgs) -> Result<(), CliError> {
    let options = DecodeOptions {
        compat: args.compat.into(),
        max_depth: args.max_depth,
        max_output_bytes: args.max_output_bytes,
        max_table_output_bytes: args.max_table_output_bytes,
        max_items: args.max_items,
        utf16: args.utf16.then_some(true),
        ..DecodeOptions::default()
    };
    if let Some(column) = &args.column {
        let table = read_input(&args.input)?;
        let out = huntkit_decode::decode_table(&table, column, &options)?;
        return write_records(args, out.to_batch()?);
    }
    let bytes = read_bytes(&args.input)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| CliError::Input {
        code: "invalid_utf8",
        message: format!("the input is not UTF-8 text (byte {})", e.valid_up_to()),
    })?;
    let decoded = Decoder::new(&options)?.decode(text);
    if decoded.truncated {
        eprintln!("huntkit: warning: a limit was reached; flagged records are cut short");
    }
    let too_deep = decoded
        .records
        .iter()
        .filter(|r| {
            r.detail
                .as_deref()
                .is_some_and(|d| d.contains(DEPTH_LIMIT_REACHED))
        })
        .count();
    if too_deep > 0 {
        eprintln!(
            "huntkit: warning: the depth limit ({}, --max-depth) was reached; {too_deep} \
             flagged records hold layers left undecoded",
            options.max_depth
        );
    }
    if args.text {
        return write_bytes(&args.output, decoded.text.as_bytes());
    }
    let batch = decoded.to_batch(&options)?;
    // The decoded bytes are in the batch now: free them before the output is written.
    drop(decoded);
    write_records(args, batch)
}

/// Writes a record table, with binary content cut short in the text formats.
fn write_records(args: &DecodeArgs, batch: RecordBatch) -> Result<(), CliError> {
    if let Some(warning) = batch.schema().metadata().get(huntkit_core::WARNING_KEY) {
        eprintln!("huntkit: warning: {warning}");
    }
    let batch = match args.output.format {
        OutputFormat::Arrow => batch,
        _ => huntkit_decode::cut_input_bytes(&batch, args.max_shown_bytes)?,
    };
    write_table(&args.output, &Table::from_batch(batch))
}
