//! `huntkit sessions`: events to sessions ranked by rarity, with models that persist.

use clap::{Args, ValueEnum};
use huntkit_sessions::{
    score_table, Model, ScoreOptions, ScoreTableOptions, SessionForm, SessionizeOptions, Smoothing,
};

use crate::error::CliError;
use crate::io::{read_bytes, read_input, write_table, CompatArg, Output};

/// The form of the sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormArg {
    /// Commands only.
    Commands,
    /// Commands with the names of their parameters.
    Params,
    /// Commands with their parameters and values.
    Values,
}

/// How a new model smooths its counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SmoothingArg {
    /// MSTICPy's smoothing (its numbers, bit for bit).
    Msticpy,
    /// Textbook add-one smoothing.
    Laplace,
}

/// Cut events into sessions per user, model them as Markov chains of commands (with
/// parameters and values), and rank the sessions by their rarest window.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  huntkit sessions o365.csv --user-columns UserId,ClientIP --time-column TimeGenerated \\\n      --event-column Operation --params-column Parameters --model-out baseline.json --format csv\n  huntkit sessions today.csv --user-columns UserId,ClientIP --time-column TimeGenerated \\\n      --event-column Operation --params-column Parameters --model-in baseline.json --top 20"
)]
pub struct SessionsArgs {
    /// Input file (Arrow IPC, CSV, JSON, NDJSON or Parquet), or - for standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: String,
    /// Columns identifying a user, comma-separated, e.g. UserId,ClientIP.
    #[arg(long, value_delimiter = ',')]
    pub user_columns: Vec<String>,
    /// Event time column.
    #[arg(long, default_value_t = SessionizeOptions::default().time_column)]
    pub time_column: String,
    /// Column holding each event's command.
    #[arg(long)]
    pub event_column: String,
    /// Column holding each event's parameters (a JSON object, or an Arrow map).
    #[arg(long)]
    pub params_column: Option<String>,
    /// Session form (default: values with --params-column, commands without).
    #[arg(long, value_enum)]
    pub form: Option<FormArg>,
    /// Longest session, in minutes from its first event.
    #[arg(long, default_value_t = SessionizeOptions::default().max_session_minutes)]
    pub max_session_minutes: f64,
    /// Longest gap between two events of one session, in minutes.
    #[arg(long, default_value_t = SessionizeOptions::default().max_gap_minutes)]
    pub max_gap_minutes: f64,
    /// Length of the sliding window for the rarest window.
    #[arg(long, default_value_t = ScoreOptions::default().window)]
    pub window: usize,
    /// Leave out the start and end tokens.
    #[arg(long)]
    pub no_tokens: bool,
    /// Smoothing of a new model.
    #[arg(long, value_enum, default_value_t = SmoothingArg::Msticpy)]
    pub smoothing: SmoothingArg,
    /// Follow MSTICPy's rarest-window slicing.
    #[arg(long, value_enum, default_value_t = CompatArg::Huntkit)]
    pub compat: CompatArg,
    /// Save the model trained on this input to M.json.
    #[arg(long, value_name = "M.json", conflicts_with = "model_in")]
    pub model_out: Option<String>,
    /// Score with a saved model instead of training one.
    #[arg(long, value_name = "M.json")]
    pub model_in: Option<String>,
    /// Keep only the N rarest sessions.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    #[command(flatten)]
    pub output: Output,
}

pub fn run(args: &SessionsArgs) -> Result<(), CliError> {
    let model = match &args.model_in {
        Some(path) => {
            let bytes = read_bytes(path)?;
            let text = String::from_utf8(bytes)
                .map_err(|_| CliError::Usage(format!("{path} is not a UTF-8 JSON model")))?;
            Some(Model::from_json(&text)?)
        }
        None => None,
    };
    let table = read_input(&args.input)?;
    let options = ScoreTableOptions {
        sessionize: SessionizeOptions {
            user_columns: args.user_columns.clone(),
            time_column: args.time_column.clone(),
            event_column: args.event_column.clone(),
            params_column: args.params_column.clone(),
            form: args.form.map(|f| match f {
                FormArg::Commands => SessionForm::Commands,
                FormArg::Params => SessionForm::Params,
                FormArg::Values => SessionForm::Values,
            }),
            max_session_minutes: args.max_session_minutes,
            max_gap_minutes: args.max_gap_minutes,
            ..SessionizeOptions::default()
        },
        score: ScoreOptions {
            window: args.window,
            use_start_end_tokens: !args.no_tokens,
            compat: args.compat.into(),
            ..ScoreOptions::default()
        },
        smoothing: match args.smoothing {
            SmoothingArg::Msticpy => Smoothing::Msticpy,
            SmoothingArg::Laplace => Smoothing::Laplace,
        },
        ..ScoreTableOptions::default()
    };
    let ranked = score_table(&table, &options, model.as_ref())?;
    if let Some(path) = &args.model_out {
        std::fs::write(path, ranked.model.to_json()).map_err(|e| CliError::io(path, e))?;
    }
    if ranked.too_short > 0 {
        eprintln!(
            "huntkit: {} session(s) shorter than the window of {} have no rarest window",
            ranked.too_short, args.window
        );
    }
    if ranked.untimed_rows > 0 {
        eprintln!(
            "huntkit: {} row(s) without a time belong to no session",
            ranked.untimed_rows
        );
    }
    let mut out = ranked.sessions;
    if let Some(n) = args.top {
        if n < out.num_rows() {
            let batch = out.to_batch()?;
            out = huntkit_core::Table::from_batch(batch.slice(0, n));
        }
    }
    write_table(&args.output, &out)
}
