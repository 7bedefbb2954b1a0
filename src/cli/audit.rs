//! `rulecard audit`: one profile (or every profile of a folder), every verdict explained.

use super::{CliError, Gate, Inputs, ReportOut, Scoring};
use rulecard::render::{self, Format};

#[derive(clap::Args)]
pub struct Args {
    /// A profile id (RS), file stem (serbia) or path to a profile file.
    pub profile: String,
    #[command(flatten)]
    pub scoring: Scoring,
    #[command(flatten)]
    pub out: ReportOut,
    #[command(flatten)]
    pub gate: Gate,
}

pub fn run(args: Args, inputs: &Inputs) -> Result<u8, CliError> {
    let engine = super::engine(inputs)?;
    let profiles = super::select(&engine, inputs, std::slice::from_ref(&args.profile))?;
    let html = args.out.format == super::ReportFormat::Html;
    let report = super::report(&engine, &profiles, &args.scoring, None, html)?;
    // A folder (or a file of several profiles) audits every profile it holds.
    let dest = &args.out.dest;
    let text = match args.out.format.report() {
        Some(Format::Text) => report
            .profiles
            .iter()
            .map(|p| render::text::audit(&report, p, &dest.style()))
            .collect::<Vec<_>>()
            .join("\n"),
        Some(format) => super::scorecard::render_report(&report, format, dest, None)?,
        None => super::render_ci(&report, args.out.format, &profiles),
    };
    dest.emit(&text)?;
    Ok(super::gate(&report, &args.gate))
}
