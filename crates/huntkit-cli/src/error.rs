//! What the CLI reports, and with which exit code.

use huntkit_core::ErrorCode;

/// A failed command: exit 1 for bad input, 2 for bad usage (an option value the engine
/// refuses, `invalid_option`, is bad usage too: the command line holds the mistake).
#[derive(Debug)]
pub enum CliError {
    /// The input could not be analysed; `code` is the engine's stable error code.
    Input { code: &'static str, message: String },
    /// The command line asks for something that cannot be done.
    Usage(String),
    /// Reading or writing a file failed.
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_)
            | CliError::Input {
                code: "invalid_option",
                ..
            } => 2,
            _ => 1,
        }
    }

    pub fn io(path: &str, source: std::io::Error) -> Self {
        CliError::Io {
            path: path.to_string(),
            source,
        }
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Input { code, message } => write!(f, "error[{code}]: {message}"),
            CliError::Usage(m) => write!(f, "usage: {m}"),
            CliError::Io { path, source } => write!(f, "error[io]: {path}: {source}"),
        }
    }
}

impl<E: ErrorCode> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError::Input {
            code: e.code(),
            message: e.to_string(),
        }
    }
}
