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

    /// The lines reported on standard error, in `format`.
    pub fn report(&self, format: ErrorFormat) -> Vec<String> {
        match format {
            ErrorFormat::Human => self.lines(),
            ErrorFormat::Json => self.json_lines(),
        }
    }

    /// One JSON object per diagnostic: severity, message, help, and where (file, line,
    /// column, pointer, the source line with the span to underline), for editors and CI.
    fn json_lines(&self) -> Vec<String> {
        use serde_json::json;
        let plain = |message: String, help: Option<&str>| {
            json!({ "severity": "error", "message": message, "help": help }).to_string()
        };
        match self {
            CliError::Problems(problems) => problems
                .iter()
                .map(|p| {
                    let mut v = json!({
                        "severity": "error",
                        "message": p.message(),
                        "help": p.help(),
                    });
                    if let Some(l) = p.location() {
                        v["file"] = json!(l.file);
                        v["pointer"] = json!(l.pointer);
                        v["line"] = json!(l.line);
                        v["column"] = json!(l.column);
                        if let Some(s) = &l.snippet {
                            v["snippet"] = json!({
                                "text": s.text,
                                "column": s.column,
                                "width": s.width,
                            });
                        }
                    }
                    v.to_string()
                })
                .collect(),
            CliError::Examples(failures) => {
                failures.iter().map(|f| plain(f.clone(), None)).collect()
            }
            CliError::Usage { message, help } => vec![plain(message.clone(), help.as_deref())],
            other => other
                .lines()
                .into_iter()
                .map(|l| plain(l.trim_start_matches("error: ").to_string(), None))
                .collect(),
        }
    }

    /// The lines reported on standard error, for people.
    pub fn lines(&self) -> Vec<String> {
        match self {
            CliError::Usage { message, help } => {
                let mut s = format!("error: {message}");
                if let Some(h) = help {
                    s.push_str(&format!("\n  help: {h}"));
                }
                vec![s]
            }
            CliError::Problems(problems) => {
                counted(problems.iter().map(human).collect(), "problem", "found")
            }
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

/// One problem for people: `error: file:line:col at /pointer: message`, the source line
/// with the span underlined, then `help:`.
fn human(p: &Problem) -> String {
    let Some(location) = p.location() else {
        return format!("error: {p}");
    };
    let mut out = format!("error: {location}: {}", p.message());
    if let (Some(s), Some(line)) = (&location.snippet, location.line) {
        let number = line.to_string();
        let pad = " ".repeat(number.len());
        out.push_str(&format!(
            "\n{pad} |\n{number} | {}\n{pad} | {}{}",
            s.text,
            " ".repeat(s.column - 1),
            "^".repeat(s.width)
        ));
    }
    if let Some(h) = p.help() {
        out.push_str(&format!("\n  help: {h}"));
    }
    out
}

/// How diagnostics are written: for people, or one JSON object per line for tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ErrorFormat {
    /// `error: file:line:col at /pointer: message`, the source line underlined, `help:`.
    Human,
    /// One JSON object per diagnostic: severity, message, help, file, line, column,
    /// pointer and snippet.
    Json,
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
