//! The one error type of the command line, its report on standard error and its exit code.

use rulecard::compile::Problem;

/// Why a command failed. Every variant exits 2 (bad input or usage, or output that could not
/// be written); a gate that is not met is not an error but an exit code of 1.
#[derive(Debug)]
pub enum CliError {
    /// The command line asks for something that does not exist or cannot be done.
    Usage {
        message: String,
        help: Option<String>,
    },
    /// Input files with problems, every one of them.
    Problems(Vec<Problem>),
    /// Rule examples that do not give their expected verdict.
    Examples(Vec<String>),
    /// Output that could not be written: to a file, or to standard output.
    Write {
        target: Option<String>,
        error: std::io::Error,
    },
    /// An input stream that could not be read or written while being processed.
    Io(std::io::Error),
}

impl CliError {
    /// A usage error with no help line.
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError::Usage {
            message: message.into(),
            help: None,
        }
    }

    /// A usage error with a help line.
    pub fn usage_with(message: impl Into<String>, help: impl Into<String>) -> CliError {
        CliError::Usage {
            message: message.into(),
            help: Some(help.into()),
        }
    }

    /// The exit code.
    pub fn code(&self) -> u8 {
        2
    }

    /// The lines reported on standard error.
    pub fn lines(&self) -> Vec<String> {
        match self {
            CliError::Usage { message, help } => {
                let mut s = format!("error: {message}");
                if let Some(h) = help {
                    s.push_str(&format!("\n  help: {h}"));
                }
                vec![s]
            }
            CliError::Problems(problems) => counted(
                problems.iter().map(|p| format!("error: {p}")).collect(),
                "problem",
                "found",
            ),
            CliError::Examples(failures) => counted(
                failures.iter().map(|f| format!("error: {f}")).collect(),
                "example",
                "failed",
            ),
            CliError::Write {
                target: Some(path),
                error,
            } => vec![format!("error: {path}: cannot write: {error}")],
            CliError::Write {
                target: None,
                error,
            } => vec![format!("error: cannot write to standard output: {error}")],
            CliError::Io(error) => vec![format!("error: {error}")],
        }
    }
}

/// The lines, then "N things found".
fn counted(mut lines: Vec<String>, noun: &str, verb: &str) -> Vec<String> {
    let n = lines.len();
    lines.push(format!(
        "{n} {noun}{} {verb}",
        if n == 1 { "" } else { "s" }
    ));
    lines
}

impl From<Vec<Problem>> for CliError {
    fn from(problems: Vec<Problem>) -> CliError {
        CliError::Problems(problems)
    }
}

impl From<rulecard::load::LoadError> for CliError {
    fn from(e: rulecard::load::LoadError) -> CliError {
        CliError::Problems(vec![e.into()])
    }
}

impl From<rulecard::score::ScoreError> for CliError {
    fn from(e: rulecard::score::ScoreError) -> CliError {
        match &e {
            rulecard::score::ScoreError::UnknownLens { known, .. } => CliError::usage_with(
                e.to_string(),
                format!(
                    "lenses: {}",
                    if known.is_empty() {
                        "(none declared)".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
            ),
            _ => CliError::usage(e.to_string()),
        }
    }
}

impl From<rulecard::render::RenderError> for CliError {
    fn from(e: rulecard::render::RenderError) -> CliError {
        CliError::usage(e.to_string())
    }
}
