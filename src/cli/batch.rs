//! `rulecard batch`: score a stream of profiles, one per line, in parallel, in input order.

use super::{CliError, Inputs, plural};
use rulecard::batch::{Batch, Detail};
use rulecard::output;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Input NDJSON file, or `-` for standard input.
    pub input: String,
    /// Lean result lines: id, score, coverage and one verdict per rule.
    #[arg(long)]
    pub verdicts_only: bool,
    /// Stop at the first bad line (no output file is written then).
    #[arg(long)]
    pub fail_fast: bool,
    /// Score under a named weight set declared in the rulebook.
    #[arg(long, value_name = "NAME")]
    pub lens: Option<String>,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args, inputs: &Inputs) -> Result<u8, CliError> {
    let input = args.input.as_str();
    let engine = super::engine(inputs)?;
    let weights = rulecard::score::Weights::new(engine.program(), args.lens.as_deref())
        .map_err(|e| CliError::usage(e.to_string()))?;
    let reader: Box<dyn std::io::BufRead> = if input == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        if std::path::Path::new(input).is_dir() {
            return Err(CliError::usage_with(
                format!("{input}: is a directory, but batch reads one NDJSON file"),
                format!(
                    "pass a file with one profile per line, or join a folder's files into standard input: cat {input}/*.ndjson | rulecard batch -"
                ),
            ));
        }
        let file = std::fs::File::open(input)
            .map_err(|e| CliError::usage(format!("{input}: cannot read: {e}")))?;
        Box::new(std::io::BufReader::new(file))
    };
    let runner = Batch {
        program: engine.program(),
        schemas: engine.schemas(),
        weights: &weights,
        detail: if args.verdicts_only {
            Detail::VerdictsOnly
        } else {
            Detail::Full
        },
        fail_fast: args.fail_fast,
    };
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} lines scored ({per_sec})")
                .expect("valid template"),
        );
        b
    });
    let progress = |n: u64| {
        if let Some(b) = &bar {
            b.set_position(n);
        }
    };
    let summary = match &args.output {
        // A run stopped by --fail-fast is incomplete: the previous file stays.
        Some(path) => {
            output::write_atomic_with(path, |w| runner.run(reader, w, progress), |s| !s.stopped)
                .map_err(CliError::Io)?
        }
        None => {
            let stdout = std::io::stdout().lock();
            match runner.run(reader, std::io::BufWriter::new(stdout), progress) {
                // The reader closed the pipe: it wants no more, which is not a failure.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
                other => other.map_err(CliError::Io)?,
            }
        }
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let Some((line, message)) = &summary.first_error {
        let shown = if input == "-" { "<stdin>" } else { input };
        let (shown, message) = (
            rulecard::render::for_terminal(shown),
            rulecard::render::for_terminal(message),
        );
        eprintln!(
            "error: {shown}:{line}: {message}\n  help: fix that line (every result and error record carries its \"line\" number){}",
            if summary.errors > 1 {
                format!("; {} more bad lines are in the output", summary.errors - 1)
            } else {
                String::new()
            }
        );
    }
    eprintln!(
        "batch: {} = {} + {}{}{}",
        plural(summary.lines as usize, "line") + " in",
        plural(summary.results as usize, "result"),
        plural(summary.errors as usize, "error"),
        if summary.blank > 0 {
            format!(
                " + {} skipped",
                plural(summary.blank as usize, "blank line")
            )
        } else {
            String::new()
        },
        if summary.stopped {
            " (stopped at the first error: --fail-fast; later lines not read)"
        } else {
            ""
        }
    );
    Ok(if summary.errors > 0 { 2 } else { 0 })
}
