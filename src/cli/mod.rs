//! The command line: its arguments, declared once, and one module per command. `main.rs`
//! parses and dispatches; each command module turns its arguments into library calls and
//! output, returning an exit code or a [`CliError`].

pub mod agenda;
pub mod audit;
pub mod author;
pub mod batch;
pub mod check;
pub mod diff;
pub mod error;
pub mod explain;
pub mod generate;
pub mod man;
pub mod schema;
pub mod scorecard;
pub mod site;

pub use error::{CliError, ErrorFormat};

use clap::{Parser, Subcommand, ValueEnum};
use rulecard::model::Profile;
use rulecard::render::{Format, Style};
use rulecard::report::Report;
use rulecard::{Engine, Origin, output};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(
    name = "rulecard",
    version,
    about = "Score sourced profiles against declarative policy rules, with explained verdicts."
)]
#[command(
    after_help = "Without --rules/--fixtures, the shipped DSR rulebook and the six Western Balkan profiles are used.\nExit codes: 0 ok, 1 a --fail-under gate was not met, 2 bad input or usage."
)]
pub struct Cli {
    #[command(flatten)]
    pub inputs: Inputs,
    /// How problems are reported on standard error: for people (the source line
    /// underlined), or one JSON object per line for editors and CI.
    #[arg(long, value_enum, global = true, default_value_t = ErrorFormat::Human)]
    pub error_format: ErrorFormat,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the rulebook and the profiles come from.
#[derive(clap::Args, Clone)]
pub struct Inputs {
    /// Rulebook folder (default: the shipped rulebook).
    #[arg(long, value_name = "DIR", global = true, conflicts_with = "rulebook")]
    pub rules: Option<PathBuf>,
    /// A rulebook shipped with rulecard, by id (default: dsr-western-balkans; also
    /// eu-5g-toolbox). Its profiles are the shipped fixtures and the fixture sets it names.
    #[arg(long, value_name = "ID", global = true)]
    pub rulebook: Option<String>,
    /// Profiles folder (default: the shipped fixtures).
    #[arg(long, value_name = "DIR", global = true)]
    pub fixtures: Option<PathBuf>,
}

/// How profiles are scored: under which weights, as of which day, on which evidence, with
/// which waivers.
#[derive(clap::Args, Clone)]
pub struct Scoring {
    /// Score under a named weight set declared in the rulebook.
    #[arg(long, value_name = "NAME")]
    pub lens: Option<String>,
    /// Evaluate profiles as they stood on this day (YYYY-MM-DD), from their dated history.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// A waiver file: accepted exceptions per (profile, rule), each with justification,
    /// author and expiry (judged on --as-of when given, else today).
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// Evaluate with only the evidence of these kinds of source (comma-separated: paper,
    /// official, international, news, ngo, research, company); `paper` keeps the paper and
    /// the sources it cites. A fact with no source left is unknown.
    #[arg(long, value_name = "KINDS")]
    pub only_sources: Option<String>,
}

/// Where output goes and how it looks.
#[derive(clap::Args, Clone)]
pub struct Out {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub dest: Dest,
}

/// Where a report goes and how it looks: the report formats, and the formats CI systems
/// read (`audit` and `scorecard`).
#[derive(clap::Args, Clone)]
pub struct ReportOut {
    /// Output format: a report (text, json, markdown, html, csv) or a CI format (junit,
    /// sarif, github, tap).
    #[arg(long, short = 'f', value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub dest: Dest,
}

/// Where output is written, and whether text is coloured.
#[derive(clap::Args, Clone)]
pub struct Dest {
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Colour: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

impl Dest {
    /// The text style `--color` asks for: colour only on a terminal, never under NO_COLOR.
    pub fn style(&self) -> Style {
        let color = match self.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                self.output.is_none()
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Style { color }
    }

    /// Write `text` here: the `-o` file (atomically) or standard output.
    pub fn emit(&self, text: &str) -> Result<(), CliError> {
        emit(self.output.as_deref(), text)
    }
}

/// A report format, or a format CI systems read.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    /// Terminal tables and prose.
    Text,
    /// The report model itself, pretty-printed.
    Json,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// One self-contained HTML page.
    Html,
    /// One row per (profile, rule).
    Csv,
    /// JUnit XML: a test suite per profile, a test case per rule.
    Junit,
    /// SARIF 2.1.0: a result per verdict that is not a pass, at the fact in its file.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`).
    Github,
    /// TAP version 14: a test point per (profile, rule).
    Tap,
}

impl ReportFormat {
    /// The report format, or `None` for a CI format.
    pub fn report(self) -> Option<Format> {
        match self {
            ReportFormat::Text => Some(Format::Text),
            ReportFormat::Json => Some(Format::Json),
            ReportFormat::Markdown => Some(Format::Markdown),
            ReportFormat::Html => Some(Format::Html),
            ReportFormat::Csv => Some(Format::Csv),
            _ => None,
        }
    }
}

/// A report in a CI format, with facts located in the profiles' files.
pub fn render_ci(report: &Report, format: ReportFormat, profiles: &[Profile]) -> String {
    use rulecard::render::ci::{self, Located};
    let locate = |p: &rulecard::report::ProfileReport, fact: &str| -> Option<Located> {
        let (file, position) = profiles
            .iter()
            .find(|q| q.id == p.id)?
            .fact_position(fact)?;
        Some(Located {
            file,
            line: position.map(|(l, _)| l),
            column: position.map(|(_, c)| c),
        })
    };
    match format {
        ReportFormat::Junit => ci::junit(report),
        ReportFormat::Sarif => ci::sarif(report, &locate),
        ReportFormat::Github => ci::github(report, &locate),
        _ => ci::tap(report),
    }
}

/// The gates shared by `audit` and `scorecard`.
#[derive(clap::Args, Clone)]
pub struct Gate {
    /// Exit 1 when a profile scores below SCORE (0–1, or a percentage such as 50%), or is
    /// too thinly covered to be graded.
    #[arg(long, value_name = "SCORE", value_parser = parse_gate)]
    pub fail_under: Option<f64>,
    /// Exit 1 when a profile's coverage (the share of applicable weight decided) is below
    /// SHARE (0–1, or a percentage such as 60%).
    #[arg(long, value_name = "SHARE", value_parser = parse_gate)]
    pub min_coverage: Option<f64>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
pub enum Command {
    /// One profile: every verdict with score, coverage, explanations, missing facts,
    /// counterfactuals and citations.
    #[command(
        after_help = "Examples:\n  rulecard audit RS\n  rulecard audit fixtures/albania.json --format markdown -o albania.md"
    )]
    Audit(audit::Args),
    /// The comparative matrix: profiles × rules, overall and per category, with coverage.
    #[command(
        after_help = "Examples:\n  rulecard scorecard\n  rulecard scorecard RS AL --lens civil-liberties\n  rulecard scorecard --format html -o scorecard.html"
    )]
    Scorecard(scorecard::Args),
    /// What changed between two evaluations, and why: two dates, two rulebook versions, or
    /// two saved JSON reports. Exit 0 either way unless --fail-on-change.
    #[command(
        after_help = "Examples:\n  rulecard diff --from 2020-06-01 --to 2021-06-01\n  rulecard diff --rules-from rules-v1/ --rules-to rules/\n  rulecard diff old-report.json new-report.json --format markdown"
    )]
    Diff(diff::Args),
    /// The leaf-by-leaf trace of one rule on one profile, and what would flip it.
    #[command(after_help = "Example:\n  rulecard explain hrv-restrictions RS")]
    Explain(explain::Args),
    /// The research agenda: the unknown facts, ranked by the rule weight finding them could
    /// decide, with the rules and profiles waiting on each, the verdict each value would give,
    /// and the coverage it would bring.
    #[command(
        after_help = "Examples:\n  rulecard agenda\n  rulecard agenda RS BA --format markdown -o agenda.md\n  rulecard agenda --as-of 2021-06-30 --format json"
    )]
    Agenda(agenda::Args),
    /// A static site: the scorecard, a page per profile (its audit, timeline and sources)
    /// and per rule (its text, grounding and verdicts), and the research agenda, linked and
    /// self-contained. Written all or nothing.
    #[command(
        after_help = "Examples:\n  rulecard site -o monitor/\n  rulecard site --as-of 2021-06-30 --only-sources paper -o paper-view/"
    )]
    Site(site::Args),
    /// Validate rules and profiles, run compile-time checks and every rule example, and
    /// report branch coverage. Exit 2 on any problem.
    #[command(
        after_help = "Examples:\n  rulecard check --rules my-rules/ --fixtures my-profiles/\n  rulecard check --format sarif -o check.sarif"
    )]
    Check(check::Args),
    /// Score a stream of profiles, one JSON object per line (NDJSON), in parallel; one
    /// result line per input line, in input order. Exit 2 if any line failed.
    #[command(
        after_help = "Examples:\n  rulecard gen --count 100000 --seed 7 > subjects.ndjson\n  rulecard batch subjects.ndjson --verdicts-only -o results.ndjson\n  cat subjects.ndjson | rulecard batch - > results.ndjson"
    )]
    Batch(batch::Args),
    /// Generate deterministic synthetic profiles (NDJSON) for benchmarks and tests.
    #[command(after_help = "Example:\n  rulecard gen --count 1000 --seed 42 -o subjects.ndjson")]
    Gen(generate::Args),
    /// Print a published JSON Schema.
    #[command(after_help = "Example:\n  rulecard schema profile > profile.schema.json")]
    Schema(schema::Args),
    /// Every fact a profile can hold: its type, allowed values, meaning and the rules that
    /// read it.
    #[command(
        after_help = "Examples:\n  rulecard facts\n  rulecard facts --format markdown > FACTS.md"
    )]
    Facts(author::FactsArgs),
    /// Start something new: `new profile XX --name …` writes a profile with every fact
    /// unknown, which `check` accepts.
    #[command(subcommand)]
    New(author::New),
    /// Write manual pages (`rulecard.1` and one per command) into a folder.
    #[command(after_help = "Example:\n  rulecard man /usr/local/share/man/man1")]
    Man(man::Args),
    /// Print shell completions.
    #[command(
        after_help = "Example:\n  rulecard completions bash > /etc/bash_completion.d/rulecard"
    )]
    Completions(schema::CompletionsArgs),
}

impl Command {
    /// The output file the command writes, if any, and the profile paths it names.
    fn output_and_inputs(&self) -> (Option<&PathBuf>, Vec<&str>) {
        match self {
            Command::Audit(a) => (a.out.dest.output.as_ref(), vec![a.profile.as_str()]),
            Command::Explain(a) => (a.out.dest.output.as_ref(), vec![a.profile.as_str()]),
            Command::Scorecard(a) => (
                a.out.dest.output.as_ref(),
                a.profiles.iter().map(String::as_str).collect(),
            ),
            Command::Agenda(a) => (
                a.out.dest.output.as_ref(),
                a.profiles.iter().map(String::as_str).collect(),
            ),
            Command::Diff(a) => (a.out.dest.output.as_ref(), Vec::new()),
            Command::Batch(a) => (a.output.as_ref(), Vec::new()),
            Command::Check(a) => (a.output.as_ref(), Vec::new()),
            _ => (None, Vec::new()),
        }
    }
}

/// Refuse a `.json` output file inside a folder the run reads (`--rules`, `--fixtures`, a
/// profile folder named on the command line): the next run would load the report as a rule
/// or a profile.
pub fn refuse_output_into_inputs(command: &Command, inputs: &Inputs) -> Result<(), CliError> {
    let (output, named) = command.output_and_inputs();
    // Only `*.json` files are read from a folder.
    let Some(output) = output.filter(|o| o.extension().is_some_and(|x| x == "json")) else {
        return Ok(());
    };
    let folder = |p: &Path| std::fs::canonicalize(p).ok().filter(|p| p.is_dir());
    let Some(written) = output
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(folder)
    else {
        return Ok(());
    };
    let read = inputs
        .rules
        .iter()
        .chain(&inputs.fixtures)
        .map(PathBuf::as_path)
        .chain(named.into_iter().map(Path::new));
    for dir in read {
        if folder(dir).as_ref() == Some(&written) {
            return Err(CliError::usage_with(
                format!(
                    "-o {}: that folder is read as input ({}); the next run would load the report as input",
                    output.display(),
                    dir.display()
                ),
                "write the output elsewhere",
            ));
        }
    }
    Ok(())
}

/// The rulebook `--rules` names, or the shipped one.
pub fn engine(inputs: &Inputs) -> Result<Engine, CliError> {
    if let Some(id) = inputs.rulebook.as_deref() {
        let known: Vec<String> = rulecard::load::shipped_rulebooks()
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        if !known.iter().any(|k| k == id) {
            let hint = rulecard::vocab::suggest::did_you_mean(id, known.iter().map(String::as_str))
                .map(|d| format!("{d} "))
                .unwrap_or_default();
            return Err(CliError::usage_with(
                format!("no shipped rulebook \"{id}\""),
                format!(
                    "{hint}shipped: {}; or pass a folder with --rules DIR",
                    known.join(", ")
                ),
            ));
        }
        return Ok(Engine::load(Origin::Shipped(id))?);
    }
    let origin = inputs
        .rules
        .as_deref()
        .map_or(Origin::Embedded, Origin::Path);
    Ok(Engine::load(origin)?)
}

/// The profiles folder `--fixtures` names, or the shipped one.
pub fn fixtures(inputs: &Inputs) -> Origin<'_> {
    inputs
        .fixtures
        .as_deref()
        .map_or(Origin::Embedded, Origin::Path)
}

/// Every profile of the fixtures.
pub fn all_profiles(engine: &Engine, inputs: &Inputs) -> Result<Vec<Profile>, CliError> {
    Ok(engine.load_profiles(fixtures(inputs))?)
}

/// Resolve profile arguments: paths to files, or ids / file stems among the fixtures.
pub fn select(
    engine: &Engine,
    inputs: &Inputs,
    wanted: &[String],
) -> Result<Vec<Profile>, CliError> {
    use rulecard::engine::SelectError;
    engine
        .select_profiles(fixtures(inputs), wanted)
        .map_err(|e| match e {
            SelectError::Problems(p) => CliError::Problems(p),
            SelectError::Unknown { wanted, known } => CliError::usage_with(
                format!("no profile \"{wanted}\" (not a file, id or name)"),
                format!("profiles: {}", known.join(", ")),
            ),
        })
}

/// Score `profiles` as `scoring` says, searching counterfactuals of `focus` only when given,
/// with each profile's timeline when `timeline` (the HTML page draws it).
pub fn report(
    engine: &Engine,
    profiles: &[Profile],
    scoring: &Scoring,
    focus: Option<&str>,
    timeline: bool,
) -> Result<Report, CliError> {
    let waivers = waivers(engine, profiles, scoring)?;
    let filter = source_filter(scoring.only_sources.as_deref())?;
    note_as_of(scoring.as_of.as_deref());
    Ok(engine.report_opts(
        profiles,
        &rulecard::engine::Options {
            lens: scoring.lens.as_deref(),
            as_of: scoring.as_of.as_deref(),
            only_sources: filter.as_ref(),
            waivers: Some(&waivers),
            today: Some(today()),
            focus,
            timeline,
        },
    )?)
}

/// The waivers `--waivers` names, checked against the rulebook and the profiles.
fn waivers(
    engine: &Engine,
    profiles: &[Profile],
    scoring: &Scoring,
) -> Result<rulecard::waiver::Waivers, CliError> {
    match &scoring.waivers {
        None => Ok(rulecard::waiver::Waivers::none()),
        Some(path) => {
            let doc = rulecard::load::read_file(path)?;
            Ok(rulecard::waiver::Waivers::load(
                &doc,
                engine.schemas(),
                engine.program(),
                profiles,
            )?)
        }
    }
}

/// Today's date (UTC): waivers expire against it when no `--as-of` is given.
/// `--generated-on`: `today` (the wall clock, UTC) or a `YYYY-MM-DD` day, checked.
pub fn generated_on(arg: Option<&str>) -> Result<Option<String>, CliError> {
    match arg {
        None => Ok(None),
        Some("today") => Ok(Some(today().to_string())),
        Some(s) => rulecard::vocab::dates::parse_full_date(s)
            .map(|d| Some(d.to_string()))
            .ok_or_else(|| {
                CliError::usage_with(
                    format!("--generated-on {s}: not a day"),
                    "give `today` or a day as YYYY-MM-DD",
                )
            }),
    }
}

fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
}

/// A gate threshold: a fraction in [0, 1] (`0.5`) or a percentage (`50%`).
fn parse_gate(s: &str) -> Result<f64, String> {
    let (number, scale) = match s.trim().strip_suffix('%') {
        Some(p) => (p.trim(), 100.0),
        None => (s.trim(), 1.0),
    };
    let x: f64 = number
        .parse()
        .map_err(|_| format!("\"{s}\" is not a number; write a score between 0 and 1, such as 0.5, or a percentage, such as 50%"))?;
    let x = x / scale;
    if x.is_finite() && (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!(
            "{s} is outside 0–1; scores are fractions (0.5) or percentages (50%)"
        ))
    }
}

/// Say which day a month or year given to `--as-of` stands for.
pub fn note_as_of(as_of: Option<&str>) {
    if let Some(s) = as_of.filter(|s| s.len() < 10)
        && let Some(day) = rulecard::engine::as_of_day(s)
    {
        eprintln!("note: --as-of {s} is read as {day}, the last day of the period");
    }
}

/// The `--only-sources` filter, when one was given.
pub fn source_filter(
    list: Option<&str>,
) -> Result<Option<rulecard::sources::SourceFilter>, CliError> {
    list.map(|l| {
        rulecard::sources::SourceFilter::parse(l).map_err(|e| {
            CliError::usage_with(
                format!("--only-sources: {e}"),
                format!(
                    "kinds: {}",
                    rulecard::report::SourceKind::ALL
                        .map(|k| k.as_str())
                        .join(", ")
                ),
            )
        })
    })
    .transpose()
}

/// Write `text` to `output` (atomically) or, without one, to standard output.
pub fn emit(output: Option<&Path>, text: &str) -> Result<(), CliError> {
    match output {
        Some(path) => {
            output::write_atomic(path, text.as_bytes()).map_err(|error| CliError::Write {
                target: Some(path.display().to_string()),
                error,
            })
        }
        None => print_out(text),
    }
}

/// Write `text` to standard output. A closed pipe (`| head`) ends the output quietly; any
/// other write error (a full disk) is reported and exits 2: lost output is never success.
pub fn print_out(text: &str) -> Result<(), CliError> {
    output::write_stdout(|w| w.write_all(text.as_bytes())).map_err(|error| CliError::Write {
        target: None,
        error,
    })
}

/// Exit code 1, with the failing profiles on standard error, when a gate is not met.
pub fn gate(report: &Report, gate: &Gate) -> u8 {
    let mut code = 0;
    if let Some(min) = gate.fail_under {
        let failing = rulecard::score::gate_failures(report, min);
        if !failing.is_empty() {
            eprintln!("gate: below --fail-under {min}: {}", failing.join(", "));
            code = 1;
        }
    }
    if let Some(min) = gate.min_coverage {
        let failing = rulecard::score::coverage_failures(report, min);
        if !failing.is_empty() {
            eprintln!("gate: below --min-coverage {min}: {}", failing.join(", "));
            code = 1;
        }
    }
    code
}

/// "1 profile", "6 profiles".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
