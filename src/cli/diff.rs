//! `rulecard diff`: what changed between two dates, two rulebook versions or two saved
//! reports, and why.

use super::{CliError, Inputs, Out, Scoring};
use rulecard::render::{self, Format};
use rulecard::report::Report;
use rulecard::{Engine, Origin};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Two saved JSON reports (from `--format json`) to compare instead.
    #[arg(num_args = 0..=2, value_name = "REPORT")]
    pub reports: Vec<PathBuf>,
    /// Earlier date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Later date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Earlier rulebook folder.
    #[arg(long, value_name = "DIR")]
    pub rules_from: Option<PathBuf>,
    /// Later rulebook folder.
    #[arg(long, value_name = "DIR")]
    pub rules_to: Option<PathBuf>,
    /// Score under a named weight set declared in the rulebook.
    #[arg(long, value_name = "NAME")]
    pub lens: Option<String>,
    /// Compare with only the evidence of these kinds of source (see `scorecard --help`).
    #[arg(long, value_name = "KINDS")]
    pub only_sources: Option<String>,
    /// Exit 1 when anything changed (for CI regression gating).
    #[arg(long)]
    pub fail_on_change: bool,
    #[command(flatten)]
    pub out: Out,
}

pub fn run(args: Args, inputs: &Inputs) -> Result<u8, CliError> {
    let (a, b, labels) = if args.reports.len() == 2 {
        (
            saved(&args.reports[0])?,
            saved(&args.reports[1])?,
            (
                args.reports[0].display().to_string(),
                args.reports[1].display().to_string(),
            ),
        )
    } else if !args.reports.is_empty() {
        return Err(CliError::usage(
            "diff takes two saved reports (or --from/--to, or --rules-from/--rules-to)",
        ));
    } else if args.from.is_some()
        || args.to.is_some()
        || args.rules_from.is_some()
        || args.rules_to.is_some()
    {
        (
            side(&args, inputs, &args.rules_from, &args.from)?,
            side(&args, inputs, &args.rules_to, &args.to)?,
            (
                label(&args.rules_from, &args.from),
                label(&args.rules_to, &args.to),
            ),
        )
    } else {
        return Err(CliError::usage(
            "say what to compare: --from/--to dates, --rules-from/--rules-to folders, or two saved reports",
        ));
    };
    let mut d = rulecard::diff::diff(&a, &b, (&labels.0, &labels.1));
    let day = |s: &Option<String>| s.as_deref().and_then(rulecard::engine::as_of_day);
    if let (Some(d1), Some(d2)) = (day(&args.from), day(&args.to)) {
        let e = super::engine(inputs)?;
        d = d.with_history(&super::all_profiles(&e, inputs)?, d1, d2);
    }
    let text = match args.out.format {
        Format::Text => render::diff::text(&d),
        Format::Markdown => render::diff::markdown(&d),
        Format::Json => render::diff::json(&d),
        Format::Csv => render::diff::csv(&d),
        Format::Html => render::diff::html(&d),
    };
    args.out.dest.emit(&text)?;
    Ok(u8::from(args.fail_on_change && !d.is_empty()))
}

/// One side of the comparison: a rulebook (or the current one) as of a date (or now).
fn side(
    args: &Args,
    inputs: &Inputs,
    rules: &Option<PathBuf>,
    date: &Option<String>,
) -> Result<Report, CliError> {
    let e = match rules {
        Some(dir) => Engine::load(Origin::Path(dir))?,
        None => super::engine(inputs)?,
    };
    let profiles = super::all_profiles(&e, inputs)?;
    super::report(
        &e,
        &profiles,
        &Scoring {
            lens: args.lens.clone(),
            as_of: date.clone(),
            waivers: None,
            only_sources: args.only_sources.clone(),
        },
        None,
        false,
    )
}

/// How a side is named: its rulebook folder, if any, and its date or "current facts".
fn label(rules: &Option<PathBuf>, date: &Option<String>) -> String {
    let mut parts = Vec::new();
    if let Some(r) = rules {
        parts.push(r.display().to_string());
    }
    parts.push(date.clone().unwrap_or_else(|| "current facts".into()));
    parts.join(" @ ")
}

/// A report saved with `--format json`, read back.
fn saved(path: &std::path::Path) -> Result<Report, CliError> {
    use rulecard::engine::SavedReportError;
    rulecard::engine::load_report(path).map_err(|e| match e {
        SavedReportError::Load(l) => l.into(),
        not @ SavedReportError::NotAReport { .. } => CliError::usage_with(
            not.to_string(),
            "save one with `rulecard scorecard --format json -o FILE`",
        ),
        other => CliError::usage(other.to_string()),
    })
}
