//! `rulecard check`: validate the rulebook and the profiles, run every rule example, and
//! report branch coverage.

use super::{CliError, Inputs, plural};
use rulecard::coverage;
use rulecard::render::ci::CheckResult;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Output format: text for people, or json, junit, sarif, github, tap for CI (problems
    /// are then written to the output, located, instead of to standard error).
    #[arg(long, short = 'f', value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// How `check` reports.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// `ok:` lines and branch coverage; problems on standard error.
    Text,
    /// Every problem with kind, severity, file, pointer, line, column, message and help.
    Json,
    /// JUnit XML: a failing test case per problem.
    Junit,
    /// SARIF 2.1.0: a result per problem, at its file, line and column.
    Sarif,
    /// GitHub Actions workflow commands: an `::error` per problem.
    Github,
    /// TAP version 14: a test point per problem.
    Tap,
}

pub fn run(args: Args, inputs: &Inputs) -> Result<u8, CliError> {
    if args.format != CheckFormat::Text {
        return machine(&args, inputs);
    }
    let engine = super::engine(inputs)?;
    let profiles = super::all_profiles(&engine, inputs)?;
    let failures = engine.program().check_examples();
    if !failures.is_empty() {
        return Err(CliError::Examples(
            failures.iter().map(ToString::to_string).collect(),
        ));
    }
    let examples = engine.program().example_count();
    let cov = coverage::branch_coverage(engine.program(), profiles.iter().map(|p| &p.facts));
    let mut text = String::new();
    let h = &engine.program().header;
    text.push_str(&format!(
        "ok: rulebook {} {} — {} compiled\n",
        h.id,
        h.version,
        plural(engine.program().rules.len(), "rule")
    ));
    text.push_str(&format!(
        "ok: {} valid, every fact cited, every source resolved\n",
        plural(profiles.len(), "profile")
    ));
    text.push_str(&format!(
        "ok: {} {} the expected verdict\n",
        plural(examples, "rule example"),
        if examples == 1 { "gives" } else { "give" }
    ));
    let leaves: Vec<&coverage::LeafCoverage> = cov.values().flatten().collect();
    let covered = leaves.iter().filter(|l| l.is_covered()).count();
    text.push_str(&format!(
        "branch coverage: {covered} of {} leaves seen both true and false (examples + profiles)\n",
        leaves.len()
    ));
    for (rule, ls) in &cov {
        for l in ls.iter().filter(|l| !l.is_covered()) {
            let never: Vec<&str> = [("true", l.seen_true), ("false", l.seen_false)]
                .iter()
                .filter(|(_, n)| *n == 0)
                .map(|(s, _)| *s)
                .collect();
            text.push_str(&format!(
                "  {rule} {} {} {}: never {}\n",
                l.part,
                l.fact,
                l.op,
                never.join(" or ")
            ));
        }
    }
    super::emit(args.output.as_deref(), &text)?;
    Ok(0)
}

/// `check` for CI: every problem, located, in the output; exit 2 when there is any.
fn machine(args: &Args, inputs: &Inputs) -> Result<u8, CliError> {
    let (problems, failed, examples) = match super::engine(inputs) {
        Err(CliError::Problems(p)) => (p, Vec::new(), 0),
        Err(other) => return Err(other),
        Ok(engine) => {
            let problems = engine
                .load_profiles(super::fixtures(inputs))
                .err()
                .unwrap_or_default();
            let failed: Vec<String> = engine
                .program()
                .check_examples()
                .iter()
                .map(ToString::to_string)
                .collect();
            let examples = engine.program().example_count();
            (problems, failed, examples)
        }
    };
    let result = CheckResult {
        problems: &problems,
        failed_examples: &failed,
        examples,
    };
    let text = match args.format {
        CheckFormat::Json => result.json(),
        CheckFormat::Junit => result.junit(),
        CheckFormat::Sarif => result.sarif(),
        CheckFormat::Github => result.github(),
        CheckFormat::Tap | CheckFormat::Text => result.tap(),
    };
    super::emit(args.output.as_deref(), &text)?;
    Ok(if problems.is_empty() && failed.is_empty() {
        0
    } else {
        2
    })
}
