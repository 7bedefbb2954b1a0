//! The `rulecard` command: a thin clap shell over the library.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use rulecard::compile::Problem;
use rulecard::model::Profile;
use rulecard::render::{self, Style};
use rulecard::report::Report;
use rulecard::{Engine, Origin, coverage, output};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "rulecard",
    version,
    about = "Score sourced profiles against declarative policy rules, with explained verdicts."
)]
#[command(
    after_help = "Without --rules/--fixtures, the shipped DSR rulebook and the six Western Balkan profiles are used.\nExit codes: 0 ok, 1 a --fail-under gate was not met, 2 bad input or usage."
)]
struct Cli {
    #[command(flatten)]
    inputs: Inputs,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct Inputs {
    /// Rulebook folder (default: the shipped rulebook).
    #[arg(long, value_name = "DIR", global = true)]
    rules: Option<PathBuf>,
    /// Profiles folder (default: the shipped fixtures).
    #[arg(long, value_name = "DIR", global = true)]
    fixtures: Option<PathBuf>,
}

#[derive(clap::Args, Clone)]
struct Scoring {
    /// Score under a named weight set declared in the rulebook.
    #[arg(long, value_name = "NAME")]
    lens: Option<String>,
    /// Evaluate profiles as they stood on this day (YYYY-MM-DD), from their dated history.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// A waiver file: accepted exceptions per (profile, rule), each with justification,
    /// author and expiry (judged on --as-of when given, else today).
    #[arg(long, value_name = "FILE")]
    waivers: Option<PathBuf>,
    /// Evaluate with only the evidence of these kinds of source (comma-separated: paper,
    /// official, international, news, ngo, research, company); `paper` keeps the paper and
    /// the sources it cites. A fact with no source left is unknown.
    #[arg(long, value_name = "KINDS")]
    only_sources: Option<String>,
}

#[derive(clap::Args, Clone)]
struct Out {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Colour: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
}

#[derive(Subcommand)]
enum Command {
    /// One profile: every verdict with score, coverage, explanations, missing facts,
    /// counterfactuals and citations.
    #[command(
        after_help = "Examples:\n  rulecard audit RS\n  rulecard audit fixtures/albania.json --format markdown -o albania.md"
    )]
    Audit {
        /// A profile id (RS), file stem (serbia) or path to a profile file.
        profile: String,
        #[command(flatten)]
        scoring: Scoring,
        #[command(flatten)]
        out: Out,
        /// Exit 1 when the profile scores below SCORE (0–1, or a percentage such as 50%).
        #[arg(long, value_name = "SCORE", value_parser = parse_gate)]
        fail_under: Option<f64>,
    },
    /// The comparative matrix: profiles × rules, overall and per category, with coverage.
    #[command(
        after_help = "Examples:\n  rulecard scorecard\n  rulecard scorecard RS AL --lens civil-liberties\n  rulecard scorecard --format html -o scorecard.html"
    )]
    Scorecard {
        /// Profile ids, file stems or paths (default: every profile).
        profiles: Vec<String>,
        #[command(flatten)]
        scoring: Scoring,
        #[command(flatten)]
        out: Out,
        /// Exit 1 when any profile scores below SCORE (0–1, or a percentage such as 50%).
        #[arg(long, value_name = "SCORE", value_parser = parse_gate)]
        fail_under: Option<f64>,
        /// A folder holding `scorecard.html.j2` to replace the built-in HTML template.
        #[arg(long, value_name = "DIR")]
        template: Option<PathBuf>,
        /// Show each profile's score and rank under every lens instead (text or markdown).
        #[arg(long)]
        sensitivity: bool,
    },
    /// What changed between two evaluations, and why: two dates, two rulebook versions, or
    /// two saved JSON reports. Exit 0 either way unless --fail-on-change.
    #[command(
        after_help = "Examples:\n  rulecard diff --from 2020-06-01 --to 2021-06-01\n  rulecard diff --rules-from rules-v1/ --rules-to rules/\n  rulecard diff old-report.json new-report.json --format markdown"
    )]
    Diff {
        /// Two saved JSON reports (from `--format json`) to compare instead.
        #[arg(num_args = 0..=2, value_name = "REPORT")]
        reports: Vec<PathBuf>,
        /// Earlier date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Later date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Earlier rulebook folder.
        #[arg(long, value_name = "DIR")]
        rules_from: Option<PathBuf>,
        /// Later rulebook folder.
        #[arg(long, value_name = "DIR")]
        rules_to: Option<PathBuf>,
        /// Score under a named weight set declared in the rulebook.
        #[arg(long, value_name = "NAME")]
        lens: Option<String>,
        /// Compare with only the evidence of these kinds of source (see `scorecard --help`).
        #[arg(long, value_name = "KINDS")]
        only_sources: Option<String>,
        /// Exit 1 when anything changed (for CI regression gating).
        #[arg(long)]
        fail_on_change: bool,
        #[command(flatten)]
        out: Out,
    },
    /// The leaf-by-leaf trace of one rule on one profile, and what would flip it.
    #[command(after_help = "Example:\n  rulecard explain hrv-restrictions RS")]
    Explain {
        /// Rule id.
        rule: String,
        /// A profile id, file stem or path.
        profile: String,
        #[command(flatten)]
        scoring: Scoring,
        #[command(flatten)]
        out: Out,
    },
    /// The research agenda: the unknown facts, ranked by the rule weight finding them could
    /// decide, with the rules and profiles waiting on each, the verdict each value would give,
    /// and the coverage it would bring.
    #[command(
        after_help = "Examples:\n  rulecard agenda\n  rulecard agenda RS BA --format markdown -o agenda.md\n  rulecard agenda --as-of 2021-06-30 --format json"
    )]
    Agenda {
        /// Profile ids, file stems or paths (default: every profile).
        profiles: Vec<String>,
        /// Weigh rules under a named weight set declared in the rulebook.
        #[arg(long, value_name = "NAME")]
        lens: Option<String>,
        /// Evaluate profiles as they stood on this day (YYYY-MM-DD), from their dated history.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Keep only the evidence of these kinds of source (see `scorecard --help`).
        #[arg(long, value_name = "KINDS")]
        only_sources: Option<String>,
        #[command(flatten)]
        out: Out,
    },
    /// Validate rules and profiles, run compile-time checks and every rule example, and
    /// report branch coverage. Exit 2 on any problem.
    #[command(after_help = "Example:\n  rulecard check --rules my-rules/ --fixtures my-profiles/")]
    Check,
    /// Score a stream of profiles, one JSON object per line (NDJSON), in parallel; one
    /// result line per input line, in input order. Exit 2 if any line failed.
    #[command(
        after_help = "Examples:\n  rulecard gen --count 100000 --seed 7 > subjects.ndjson\n  rulecard batch subjects.ndjson --verdicts-only -o results.ndjson\n  cat subjects.ndjson | rulecard batch - > results.ndjson"
    )]
    Batch {
        /// Input NDJSON file, or `-` for standard input.
        input: String,
        /// Lean result lines: id, score, coverage and one verdict per rule.
        #[arg(long)]
        verdicts_only: bool,
        /// Stop at the first bad line (no output file is written then).
        #[arg(long)]
        fail_fast: bool,
        /// Score under a named weight set declared in the rulebook.
        #[arg(long, value_name = "NAME")]
        lens: Option<String>,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Generate deterministic synthetic profiles (NDJSON) for benchmarks and tests.
    #[command(after_help = "Example:\n  rulecard gen --count 1000 --seed 42 -o subjects.ndjson")]
    Gen {
        #[arg(long, default_value_t = 1000)]
        count: u64,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print a published JSON Schema.
    #[command(after_help = "Example:\n  rulecard schema profile > profile.schema.json")]
    Schema {
        #[arg(value_enum)]
        which: SchemaArg,
    },
    /// Print shell completions.
    #[command(
        after_help = "Example:\n  rulecard completions bash > /etc/bash_completion.d/rulecard"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Markdown,
    Html,
    Csv,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaArg {
    Rulebook,
    Profile,
    Report,
    Waivers,
}

/// A failure that ends the run, with its exit code.
struct Failure {
    code: u8,
    lines: Vec<String>,
}

impl Failure {
    fn usage(msg: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            lines: vec![msg.into()],
        }
    }
    fn problems(problems: Vec<Problem>) -> Failure {
        let n = problems.len();
        let mut lines: Vec<String> = problems.iter().map(|p| format!("error: {p}")).collect();
        lines.push(format!(
            "{n} problem{} found",
            if n == 1 { "" } else { "s" }
        ));
        Failure { code: 2, lines }
    }
}

fn main() -> ExitCode {
    // Ctrl-C or SIGTERM: remove any output still being written, then exit 130. The target
    // of `-o` keeps its previous content (it is only ever replaced by a rename).
    let _ = ctrlc::set_handler(|| {
        output::remove_pending();
        std::process::exit(130);
    });
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            if e.use_stderr() {
                // A usage error quotes what was typed: shown safe for the terminal.
                let text = rulecard::render::for_terminal(&e.render().to_string());
                let _ = write!(std::io::stderr().lock(), "{text}");
                return ExitCode::from(2);
            }
            let _ = e.print();
            return ExitCode::from(0);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            let mut err = std::io::stderr().lock();
            for l in f.lines {
                let _ = writeln!(err, "{}", rulecard::render::for_terminal(&l));
            }
            ExitCode::from(f.code)
        }
    }
}

/// Refuse a `.json` output file inside a folder the run reads (`--rules`, `--fixtures`, a
/// profile folder named on the command line): the next run would load the report as a rule
/// or a profile.
fn refuse_output_into_inputs(command: &Command, inputs: &Inputs) -> Result<(), Failure> {
    let (output, named): (Option<&PathBuf>, Vec<&str>) = match command {
        Command::Audit { out, profile, .. } | Command::Explain { out, profile, .. } => {
            (out.output.as_ref(), vec![profile.as_str()])
        }
        Command::Scorecard { out, profiles, .. } | Command::Agenda { out, profiles, .. } => (
            out.output.as_ref(),
            profiles.iter().map(String::as_str).collect(),
        ),
        Command::Diff { out, .. } => (out.output.as_ref(), Vec::new()),
        Command::Batch { output, .. } => (output.as_ref(), Vec::new()),
        _ => (None, Vec::new()),
    };
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
            return Err(Failure::usage(format!(
                "error: -o {}: that folder is read as input ({}); the next run would load the report as input\n  help: write the output elsewhere",
                output.display(),
                dir.display()
            )));
        }
    }
    Ok(())
}

fn run(cli: Cli) -> Result<u8, Failure> {
    let inputs = cli.inputs;
    refuse_output_into_inputs(&cli.command, &inputs)?;
    match cli.command {
        Command::Schema { which } => {
            let text = match which {
                SchemaArg::Rulebook => rulecard::validate::RULEBOOK_SCHEMA,
                SchemaArg::Profile => rulecard::validate::PROFILE_SCHEMA,
                SchemaArg::Report => rulecard::validate::REPORT_SCHEMA,
                SchemaArg::Waivers => rulecard::validate::WAIVERS_SCHEMA,
            };
            print_out(text)?;
            Ok(0)
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "rulecard", &mut script);
            print_out(&String::from_utf8_lossy(&script))?;
            Ok(0)
        }
        Command::Check => check(&inputs),
        Command::Agenda {
            profiles,
            lens,
            as_of,
            only_sources,
            out,
        } => {
            let engine = engine(&inputs)?;
            let profiles = select(&engine, &inputs, &profiles)?;
            let filter = source_filter(only_sources.as_deref())?;
            note_as_of(as_of.as_deref());
            let options = rulecard::engine::Options {
                lens: lens.as_deref(),
                as_of: as_of.as_deref(),
                only_sources: filter.as_ref(),
                ..Default::default()
            };
            let agenda = engine
                .agenda(&profiles, &options)
                .map_err(|e| Failure::usage(format!("error: {e}")))?;
            let text = match out.format {
                FormatArg::Text => render::agenda::text(&agenda),
                FormatArg::Json => render::agenda::json(&agenda),
                FormatArg::Markdown => render::agenda::markdown(&agenda),
                FormatArg::Csv => render::agenda::csv(&agenda),
                FormatArg::Html => render::agenda::html(&agenda),
            };
            emit(&out, &text)?;
            Ok(0)
        }
        Command::Diff {
            reports,
            from,
            to,
            rules_from,
            rules_to,
            lens,
            only_sources,
            fail_on_change,
            out,
        } => {
            let (a, b, labels) = if reports.len() == 2 {
                (
                    saved_report(&reports[0])?,
                    saved_report(&reports[1])?,
                    (
                        reports[0].display().to_string(),
                        reports[1].display().to_string(),
                    ),
                )
            } else if !reports.is_empty() {
                return Err(Failure::usage(
                    "error: diff takes two saved reports (or --from/--to, or --rules-from/--rules-to)",
                ));
            } else if from.is_some() || to.is_some() || rules_from.is_some() || rules_to.is_some() {
                let side = |rules: &Option<PathBuf>,
                            date: &Option<String>|
                 -> Result<Report, Failure> {
                    let e = match rules {
                        Some(dir) => Engine::load(Origin::Path(dir)).map_err(Failure::problems)?,
                        None => engine(&inputs)?,
                    };
                    let profiles = all_profiles(&e, &inputs)?;
                    report(
                        &e,
                        &profiles,
                        &Scoring {
                            lens: lens.clone(),
                            as_of: date.clone(),
                            waivers: None,
                            only_sources: only_sources.clone(),
                        },
                        None,
                    )
                };
                let label = |rules: &Option<PathBuf>, date: &Option<String>| {
                    let mut parts = Vec::new();
                    if let Some(r) = rules {
                        parts.push(r.display().to_string());
                    }
                    parts.push(date.clone().unwrap_or_else(|| "current facts".into()));
                    parts.join(" @ ")
                };
                (
                    side(&rules_from, &from)?,
                    side(&rules_to, &to)?,
                    (label(&rules_from, &from), label(&rules_to, &to)),
                )
            } else {
                return Err(Failure::usage(
                    "error: say what to compare: --from/--to dates, --rules-from/--rules-to folders, or two saved reports",
                ));
            };
            let mut d = rulecard::diff::diff(&a, &b, (&labels.0, &labels.1));
            let day = |s: &Option<String>| s.as_deref().and_then(rulecard::engine::as_of_day);
            if let (Some(d1), Some(d2)) = (day(&from), day(&to)) {
                let e = engine(&inputs)?;
                d = d.with_history(&all_profiles(&e, &inputs)?, d1, d2);
            }
            let text = match out.format {
                FormatArg::Text => render::diff::text(&d),
                FormatArg::Markdown => render::diff::markdown(&d),
                FormatArg::Json => render::diff::json(&d),
                FormatArg::Csv => render::diff::csv(&d),
                FormatArg::Html => render::diff::html(&d),
            };
            emit(&out, &text)?;
            Ok(u8::from(fail_on_change && !d.is_empty()))
        }
        Command::Batch {
            input,
            verdicts_only,
            fail_fast,
            lens,
            output,
        } => batch(
            &inputs,
            &input,
            verdicts_only,
            fail_fast,
            lens.as_deref(),
            output.as_deref(),
        ),
        Command::Gen {
            count,
            seed,
            output,
        } => {
            let engine = engine(&inputs)?;
            let mut generator =
                rulecard::generate::Generator::new(&engine.schemas.profile_json, seed);
            // Streamed line by line: memory stays flat whatever the count.
            let write = |w: &mut dyn Write| -> std::io::Result<()> {
                for n in 0..count {
                    serde_json::to_writer(&mut *w, &generator.profile(n))?;
                    w.write_all(b"\n")?;
                }
                w.flush()
            };
            let written = match &output {
                Some(path) => output::write_atomic_with(path, write, |_| true),
                None => output::write_stdout(write),
            };
            written.map_err(|e| Failure::usage(format!("error: cannot write: {e}")))?;
            Ok(0)
        }
        Command::Audit {
            profile,
            scoring,
            out,
            fail_under,
        } => {
            let engine = engine(&inputs)?;
            let profiles = select(&engine, &inputs, std::slice::from_ref(&profile))?;
            let report = report(&engine, &profiles, &scoring, None)?;
            // A folder (or a file of several profiles) audits every profile it holds.
            let text = match out.format {
                FormatArg::Text => report
                    .profiles
                    .iter()
                    .map(|p| render::text::audit(&report, p, &style(&out)))
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => render_any(&report, &out, None)?,
            };
            emit(&out, &text)?;
            Ok(gate(&report, fail_under))
        }
        Command::Scorecard {
            profiles,
            scoring,
            out,
            fail_under,
            template,
            sensitivity,
        } => {
            let engine = engine(&inputs)?;
            let profiles = select(&engine, &inputs, &profiles)?;
            if sensitivity {
                let mut lenses: Vec<Option<String>> = vec![None];
                lenses.extend(engine.program.header.lenses.keys().cloned().map(Some));
                let reports = lenses
                    .iter()
                    .map(|l| {
                        report(
                            &engine,
                            &profiles,
                            &Scoring {
                                lens: l.clone(),
                                ..scoring.clone()
                            },
                            None,
                        )
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let view = render::sensitivity::Sensitivity {
                    reports: reports.iter().collect(),
                };
                let text = match out.format {
                    FormatArg::Text => render::sensitivity::text(&view),
                    FormatArg::Markdown => render::sensitivity::markdown(&view),
                    FormatArg::Json => render::sensitivity::json(&view),
                    FormatArg::Csv => render::sensitivity::csv(&view),
                    FormatArg::Html => render::sensitivity::html(&view),
                };
                emit(&out, &text)?;
                return Ok(0);
            }
            let report = report(&engine, &profiles, &scoring, None)?;
            let text = match out.format {
                FormatArg::Text => render::text::scorecard(&report, &style(&out)),
                _ => render_any(&report, &out, template.as_deref())?,
            };
            emit(&out, &text)?;
            Ok(gate(&report, fail_under))
        }
        Command::Explain {
            rule,
            profile,
            scoring,
            out,
        } => {
            let engine = engine(&inputs)?;
            if engine.program.rule(&rule).is_none() {
                let hint = engine
                    .program
                    .suggest_rule(&rule)
                    .map(|s| format!("; did you mean \"{s}\"?"))
                    .unwrap_or_default();
                let ids: Vec<&str> = engine.program.rules.iter().map(|r| r.id.as_str()).collect();
                return Err(Failure::usage(format!(
                    "error: unknown rule \"{rule}\"{hint}\n  rules: {}",
                    ids.join(", ")
                )));
            }
            let profiles = select(&engine, &inputs, std::slice::from_ref(&profile))?;
            let mut report = report(&engine, &profiles, &scoring, Some(&rule))?;
            for p in &mut report.profiles {
                p.verdicts.retain(|v| v.rule == rule);
            }
            let p = &report.profiles[0];
            let v = &p.verdicts[0];
            let text = match out.format {
                FormatArg::Text => render::text::explain(&report, p, v, &style(&out)),
                FormatArg::Markdown => render::markdown::explain(&report, p, v),
                FormatArg::Json => render::json::report(&report),
                FormatArg::Csv => render::csv::scorecard(&report),
                FormatArg::Html => render::html::explain(&report, p, v),
            };
            emit(&out, &text)?;
            Ok(0)
        }
    }
}

fn saved_report(path: &std::path::Path) -> Result<Report, Failure> {
    let doc = rulecard::load::read_file(path).map_err(|e| Failure::problems(vec![e.into()]))?;
    let errors = rulecard::validate::Schemas::new().report(&doc.value);
    if let Some(first) = errors.first() {
        return Err(Failure::usage(format!(
            "error: {}: not a rulecard JSON report: {first}\n  help: save one with `rulecard scorecard --format json -o FILE`",
            doc.name
        )));
    }
    serde_json::from_value(doc.value)
        .map_err(|e| Failure::usage(format!("error: {}: {e}", doc.name)))
}

fn engine(inputs: &Inputs) -> Result<Engine, Failure> {
    let origin = inputs
        .rules
        .as_deref()
        .map_or(Origin::Embedded, Origin::Path);
    Engine::load(origin).map_err(Failure::problems)
}

fn all_profiles(engine: &Engine, inputs: &Inputs) -> Result<Vec<Profile>, Failure> {
    let origin = inputs
        .fixtures
        .as_deref()
        .map_or(Origin::Embedded, Origin::Path);
    engine.load_profiles(origin).map_err(Failure::problems)
}

/// Resolve profile arguments: paths to files, or ids / file stems among the fixtures.
fn select(engine: &Engine, inputs: &Inputs, wanted: &[String]) -> Result<Vec<Profile>, Failure> {
    if wanted.is_empty() {
        return all_profiles(engine, inputs);
    }
    let mut known: Option<Vec<Profile>> = None;
    let mut out = Vec::new();
    for w in wanted {
        let path = std::path::Path::new(w);
        if path.exists() || w.ends_with(".json") {
            out.extend(
                engine
                    .load_profiles(Origin::Path(path))
                    .map_err(Failure::problems)?,
            );
            continue;
        }
        if known.is_none() {
            known = Some(all_profiles(engine, inputs)?);
        }
        let all = known.as_ref().expect("loaded above");
        let key = w.to_lowercase();
        let found = all.iter().find(|p| {
            p.id.eq_ignore_ascii_case(w)
                || p.name.to_lowercase() == key
                || p.name.to_lowercase().replace(' ', "-") == key
        });
        match found {
            Some(p) => out.push(p.clone()),
            None => {
                let ids: Vec<String> = all
                    .iter()
                    .map(|p| format!("{} ({})", p.id, p.name))
                    .collect();
                return Err(Failure::usage(format!(
                    "error: no profile \"{w}\" (not a file, id or name)\n  help: profiles: {}",
                    ids.join(", ")
                )));
            }
        }
    }
    Ok(out)
}

fn report(
    engine: &Engine,
    profiles: &[Profile],
    scoring: &Scoring,
    focus: Option<&str>,
) -> Result<Report, Failure> {
    let waivers = match &scoring.waivers {
        None => rulecard::waiver::Waivers::none(),
        Some(path) => {
            let doc =
                rulecard::load::read_file(path).map_err(|e| Failure::problems(vec![e.into()]))?;
            rulecard::waiver::Waivers::load(&doc, &engine.schemas, &engine.program, profiles)
                .map_err(Failure::problems)?
        }
    };
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let filter = source_filter(scoring.only_sources.as_deref())?;
    note_as_of(scoring.as_of.as_deref());
    engine
        .report_opts(
            profiles,
            &rulecard::engine::Options {
                lens: scoring.lens.as_deref(),
                as_of: scoring.as_of.as_deref(),
                only_sources: filter.as_ref(),
                waivers: Some(&waivers),
                today: Some(today),
                focus,
            },
        )
        .map_err(|e| {
            let mut msg = format!("error: {e}");
            if let rulecard::score::ScoreError::UnknownLens { known, .. } = &e {
                msg.push_str(&format!(
                    "\n  help: lenses: {}",
                    if known.is_empty() {
                        "(none declared)".to_string()
                    } else {
                        known.join(", ")
                    }
                ));
            }
            Failure::usage(msg)
        })
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
fn note_as_of(as_of: Option<&str>) {
    if let Some(s) = as_of.filter(|s| s.len() < 10)
        && let Some(day) = rulecard::engine::as_of_day(s)
    {
        eprintln!("note: --as-of {s} is read as {day}, the last day of the period");
    }
}

/// The `--only-sources` filter, when one was given.
fn source_filter(list: Option<&str>) -> Result<Option<rulecard::sources::SourceFilter>, Failure> {
    list.map(|l| {
        rulecard::sources::SourceFilter::parse(l).map_err(|e| {
            Failure::usage(format!(
                "error: --only-sources: {e}\n  help: kinds: {}",
                rulecard::report::SourceKind::ALL
                    .map(|k| k.as_str())
                    .join(", ")
            ))
        })
    })
    .transpose()
}

fn render_any(
    report: &Report,
    out: &Out,
    template: Option<&std::path::Path>,
) -> Result<String, Failure> {
    Ok(match out.format {
        FormatArg::Text => render::text::scorecard(report, &style(out)),
        FormatArg::Json => render::json::report(report),
        FormatArg::Markdown => render::markdown::scorecard(report),
        FormatArg::Csv => render::csv::scorecard(report),
        FormatArg::Html => render::html::HtmlRenderer::new(template)
            .and_then(|h| h.render(report))
            .map_err(|e| Failure::usage(format!("error: {e}")))?,
    })
}

fn style(out: &Out) -> Style {
    let color = match out.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            out.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    Style { color }
}

fn emit(out: &Out, text: &str) -> Result<(), Failure> {
    match &out.output {
        Some(path) => output::write_atomic(path, text.as_bytes())
            .map_err(|e| Failure::usage(format!("error: {}: cannot write: {e}", path.display()))),
        None => print_out(text),
    }
}

/// Write `text` to standard output. A closed pipe (`| head`) ends the output quietly; any
/// other write error (a full disk) is reported and exits 2: lost output is never success.
fn print_out(text: &str) -> Result<(), Failure> {
    output::write_stdout(|w| w.write_all(text.as_bytes()))
        .map_err(|e| Failure::usage(format!("error: cannot write to standard output: {e}")))
}

/// 1 when a profile scores below the gate, has no score, or is not graded for lack of
/// coverage (a score on too little evidence cannot show that the gate is met), else 0.
fn gate(report: &Report, fail_under: Option<f64>) -> u8 {
    let Some(min) = fail_under else { return 0 };
    let failing: Vec<String> = report
        .profiles
        .iter()
        .filter_map(|p| match (p.score, &p.grade_withheld) {
            (None, _) => Some(format!("{} (no score)", p.id)),
            (Some(s), _) if s < min => Some(format!("{} ({s:.2})", p.id)),
            (Some(s), Some(w)) => Some(format!(
                "{} ({s:.2}, not graded: coverage {:.0}% is below the {:.0}% a grade needs)",
                p.id,
                w.coverage * 100.0,
                w.min_coverage * 100.0
            )),
            (Some(_), None) => None,
        })
        .collect();
    if failing.is_empty() {
        0
    } else {
        eprintln!("gate: below --fail-under {min}: {}", failing.join(", "));
        1
    }
}

fn batch(
    inputs: &Inputs,
    input: &str,
    verdicts_only: bool,
    fail_fast: bool,
    lens: Option<&str>,
    output: Option<&std::path::Path>,
) -> Result<u8, Failure> {
    use rulecard::batch::{Batch, Detail};
    let engine = engine(inputs)?;
    let weights = rulecard::score::Weights::new(&engine.program, lens)
        .map_err(|e| Failure::usage(format!("error: {e}")))?;
    let reader: Box<dyn std::io::BufRead> = if input == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        if std::path::Path::new(input).is_dir() {
            return Err(Failure::usage(format!(
                "error: {input}: is a directory, but batch reads one NDJSON file\n  help: pass \
                 a file with one profile per line, or join a folder's files into standard \
                 input: cat {input}/*.ndjson | rulecard batch -"
            )));
        }
        let file = std::fs::File::open(input)
            .map_err(|e| Failure::usage(format!("error: {input}: cannot read: {e}")))?;
        Box::new(std::io::BufReader::new(file))
    };
    let detail = if verdicts_only {
        Detail::VerdictsOnly
    } else {
        Detail::Full
    };
    let runner = Batch {
        program: &engine.program,
        schemas: &engine.schemas,
        weights: &weights,
        detail,
        fail_fast,
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
    let io_err = |e: std::io::Error| Failure::usage(format!("error: {e}"));
    let summary = match output {
        Some(path) => {
            // A run stopped by --fail-fast is incomplete: the previous file stays.
            output::write_atomic_with(path, |w| runner.run(reader, w, progress), |s| !s.stopped)
                .map_err(io_err)?
        }
        None => {
            let stdout = std::io::stdout().lock();
            match runner.run(reader, std::io::BufWriter::new(stdout), progress) {
                // The reader closed the pipe: it wants no more, which is not a failure.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
                other => other.map_err(io_err)?,
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

fn check(inputs: &Inputs) -> Result<u8, Failure> {
    let engine = engine(inputs)?;
    let profiles = all_profiles(&engine, inputs)?;
    let failures = engine.program.check_examples();
    if !failures.is_empty() {
        let mut lines: Vec<String> = failures.iter().map(|f| format!("error: {f}")).collect();
        lines.push(format!(
            "{} example{} failed",
            failures.len(),
            if failures.len() == 1 { "" } else { "s" }
        ));
        return Err(Failure { code: 2, lines });
    }
    let examples: usize = engine.program.rules.iter().map(|r| r.examples.len()).sum();
    let cov = coverage::branch_coverage(&engine.program, profiles.iter().map(|p| &p.facts));
    let mut text = String::new();
    let h = &engine.program.header;
    text.push_str(&format!(
        "ok: rulebook {} {} — {} compiled\n",
        h.id,
        h.version,
        plural(engine.program.rules.len(), "rule")
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
    print_out(&text)?;
    Ok(0)
}

/// "1 profile", "6 profiles".
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
