//! The `rulecard` command: parse the arguments, run one command, report how it ended.

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use std::io::Write;
use std::process::ExitCode;

/// mimalloc: a batch allocates and frees a document tree per line, and explained reports
/// many small maps and strings (see BENCHMARKS.md for what it changes).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Ctrl-C or SIGTERM: remove any output still being written, then exit 130. The target
    // of `-o` keeps its previous content (it is only ever replaced by a rename).
    let _ = ctrlc::set_handler(|| {
        rulecard::output::remove_pending();
        std::process::exit(130);
    });
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) if e.use_stderr() => {
            // A usage error quotes what was typed: shown safe for the terminal.
            let text = rulecard::render::for_terminal(&e.render().to_string());
            let _ = write!(std::io::stderr().lock(), "{text}");
            return ExitCode::from(2);
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(0);
        }
    };
    let format = cli.error_format;
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let mut err = std::io::stderr().lock();
            for line in e.report(format) {
                let _ = writeln!(err, "{}", rulecard::render::for_terminal(&line));
            }
            ExitCode::from(e.code())
        }
    }
}

/// One command, with its exit code.
fn run(cli: Cli) -> Result<u8, cli::CliError> {
    let inputs = &cli.inputs;
    cli::refuse_output_into_inputs(&cli.command, inputs)?;
    match cli.command {
        Command::Audit(args) => cli::audit::run(args, inputs),
        Command::Scorecard(args) => cli::scorecard::run(args, inputs),
        Command::Diff(args) => cli::diff::run(args, inputs),
        Command::Explain(args) => cli::explain::run(args, inputs),
        Command::Agenda(args) => cli::agenda::run(args, inputs),
        Command::Site(args) => cli::site::run(args, inputs),
        Command::Check(args) => cli::check::run(args, inputs),
        Command::Batch(args) => cli::batch::run(args, inputs),
        Command::Gen(args) => cli::generate::run(args, inputs),
        Command::Schema(args) => cli::schema::run(args),
        Command::Man(args) => cli::man::run(args),
        Command::Facts(args) => cli::author::facts(args, inputs),
        Command::New(cmd) => cli::author::new(cmd, inputs),
        Command::Completions(args) => cli::schema::completions(args),
    }
}
