//! `huntkit ts-anomalies` and `huntkit beacon`: time-series anomalies and beaconing.

use clap::Args;
use huntkit_timeseries::{
    kql_filter, polling_summary_table, polling_table, polling_untimed_rows, ts_anomalies_table,
    AnomalyOptions, Compat, PeriodOptions, PollingOptions,
};

use crate::error::CliError;
use crate::io::{read_input, write_bytes, write_table, CompatArg, Output};

/// Score every point of a time series against its STL decomposition (trend + seasonal)
/// and flag the outliers.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  huntkit ts-anomalies examples/data/time_series.csv --time-column TimeGenerated \\\n      --value-column TotalBytesSent --compat msticpy --format csv\n  huntkit ts-anomalies flows.csv --time-column T --value-column Bytes --periods 24,168 --kql"
)]
pub struct TsAnomaliesArgs {
    /// Input file (Arrow IPC, CSV, JSON, NDJSON or Parquet), or - for standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: String,
    /// Time column; rows are sorted by it. Without it rows are taken in file order.
    #[arg(long)]
    pub time_column: Option<String>,
    /// Value column (default: the first column that is not the time column).
    #[arg(long)]
    pub value_column: Option<String>,
    /// Season length in rows (default: 24 with --compat msticpy, otherwise detected).
    #[arg(long)]
    pub period: Option<usize>,
    /// Several season lengths, comma-separated (MSTL), e.g. 24,168.
    #[arg(long, value_delimiter = ',')]
    pub periods: Vec<usize>,
    /// Seasonal smoother length (odd, at least 3).
    #[arg(long, default_value_t = AnomalyOptions::default().seasonal)]
    pub seasonal: usize,
    /// Robust STL (down-weights outliers).
    #[arg(long)]
    pub robust: bool,
    /// Flag scores above this.
    #[arg(long, default_value_t = AnomalyOptions::default().threshold)]
    pub threshold: f64,
    /// Flag scores below minus this (default: --threshold).
    #[arg(long)]
    pub threshold_low: Option<f64>,
    /// Follow MSTICPy's timeseries_anomalies_stl exactly.
    #[arg(long, value_enum, default_value_t = CompatArg::Huntkit)]
    pub compat: CompatArg,
    /// Print the KQL filter for the anomaly periods instead of the table.
    #[arg(long, requires = "time_column")]
    pub kql: bool,
    /// Padding and merge distance of anomaly periods for --kql, e.g. 1h.
    #[arg(long, default_value_t = PeriodOptions::default().period)]
    pub kql_period: String,
    #[command(flatten)]
    pub output: Output,
}

pub fn run_anomalies(args: &TsAnomaliesArgs) -> Result<(), CliError> {
    let table = read_input(&args.input)?;
    let options = AnomalyOptions {
        time_column: args.time_column.clone(),
        value_column: args.value_column.clone(),
        compat: args.compat.into(),
        period: args.period,
        periods: if args.periods.is_empty() {
            None
        } else {
            Some(args.periods.clone())
        },
        seasonal: args.seasonal,
        robust: args.robust,
        threshold: args.threshold,
        threshold_low: args.threshold_low,
        ..AnomalyOptions::default()
    };
    let scored = ts_anomalies_table(&table, &options)?;
    if args.kql {
        let time_column = args.time_column.clone().unwrap_or_default();
        let periods = huntkit_timeseries::anomaly_periods_table(
            &scored,
            &PeriodOptions {
                time_column: time_column.clone(),
                period: args.kql_period.clone(),
                pos_only: options.compat == Compat::Msticpy,
                compat: options.compat,
                ..PeriodOptions::default()
            },
        )?;
        let mut text = kql_filter(&periods, &time_column, options.compat);
        text.push('\n');
        return write_bytes(&args.output, text.as_bytes());
    }
    write_table(&args.output, &scored)
}

/// Find beaconing: streams of events (per source–destination pair, say) whose timing has a
/// strong periodic component, by a periodogram and Fisher's g-test.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  huntkit beacon flows.csv --time-column TimeGenerated --group-by SrcIP,DestIP --format csv"
)]
pub struct BeaconArgs {
    /// Input file (Arrow IPC, CSV, JSON, NDJSON or Parquet), or - for standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: String,
    /// Column of event times (timestamps, or seconds since the epoch).
    #[arg(long, default_value_t = PollingOptions::default().time_column)]
    pub time_column: String,
    /// Columns naming a stream, comma-separated (for example SrcIP,DestIP).
    #[arg(long, value_delimiter = ',')]
    pub group_by: Vec<String>,
    /// Bin width in seconds.
    #[arg(long, default_value_t = PollingOptions::default().interval)]
    pub interval: i64,
    /// Follow MSTICPy's PeriodogramPollingDetector exactly (the last event is dropped).
    #[arg(long, value_enum, default_value_t = CompatArg::Huntkit)]
    pub compat: CompatArg,
    /// Output the input rows with p_value, dominant_frequency and dominant_interval added
    /// (MSTICPy's shape) instead of one row per stream.
    #[arg(long)]
    pub rows: bool,
    #[command(flatten)]
    pub output: Output,
}

pub fn run_beacon(args: &BeaconArgs) -> Result<(), CliError> {
    let table = read_input(&args.input)?;
    let options = PollingOptions {
        time_column: args.time_column.clone(),
        group_by: args.group_by.clone(),
        interval: args.interval,
        compat: args.compat.into(),
        ..PollingOptions::default()
    };
    let out = if args.rows {
        polling_table(&table, &options)?
    } else {
        polling_summary_table(&table, &options)?
    };
    let untimed = polling_untimed_rows(&table, &options)?;
    if untimed > 0 {
        eprintln!(
            "huntkit: {untimed} events have no usable time (missing, NaN or infinite) in \
             {:?} and were left out",
            options.time_column
        );
    }
    write_table(&args.output, &out)
}
