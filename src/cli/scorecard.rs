//! `rulecard scorecard`: the comparative matrix, or its sensitivity to the weighting.

use super::{CliError, Dest, Gate, Inputs, ReportFormat, ReportOut, Scoring};
use rulecard::render::{self, Format};
use rulecard::report::Report;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Profile ids, file stems or paths (default: every profile).
    pub profiles: Vec<String>,
    #[command(flatten)]
    pub scoring: Scoring,
    #[command(flatten)]
    pub out: ReportOut,
    #[command(flatten)]
    pub gate: Gate,
    /// A folder holding `scorecard.html.j2` to replace the built-in HTML template.
    #[arg(long, value_name = "DIR")]
    pub template: Option<PathBuf>,
    /// Show each profile's score and rank under every lens instead.
    #[arg(long)]
    pub sensitivity: bool,
    /// HTML: print the day the page was generated, `today` or YYYY-MM-DD. Without it the
    /// page is dated by its data only, so the same inputs give the same bytes.
    #[arg(long, value_name = "DAY")]
    pub generated_on: Option<String>,
}

pub fn run(args: Args, inputs: &Inputs) -> Result<u8, CliError> {
    let generated = super::generated_on(args.generated_on.as_deref())?;
    if generated.is_some() && (args.out.format != ReportFormat::Html || args.sensitivity) {
        return Err(CliError::usage_with(
            "--generated-on dates the HTML scorecard page",
            "add --format html, or drop --generated-on",
        ));
    }
    let engine = super::engine(inputs)?;
    let profiles = super::select(&engine, inputs, &args.profiles)?;
    if args.sensitivity {
        let Some(format) = args.out.format.report() else {
            return Err(CliError::usage_with(
                "--sensitivity compares lenses: it has no CI format",
                "use --format text, json, markdown, csv or html",
            ));
        };
        let mut reports = Vec::new();
        let mut lenses: Vec<Option<String>> = vec![None];
        lenses.extend(engine.program().header.lenses.keys().cloned().map(Some));
        for lens in lenses {
            let scoring = super::Scoring {
                lens,
                ..args.scoring.clone()
            };
            reports.push(super::report(&engine, &profiles, &scoring, None, false)?);
        }
        let view = render::sensitivity::Sensitivity {
            reports: reports.iter().collect(),
        };
        let text = match format {
            Format::Text => render::sensitivity::text(&view),
            Format::Markdown => render::sensitivity::markdown(&view),
            Format::Json => render::sensitivity::json(&view),
            Format::Csv => render::sensitivity::csv(&view),
            Format::Html => render::sensitivity::html(&view),
        };
        args.out.dest.emit(&text)?;
        return Ok(0);
    }
    let html = args.out.format == ReportFormat::Html;
    let report = super::report(&engine, &profiles, &args.scoring, None, html)?;
    let text = match args.out.format {
        ReportFormat::Junit | ReportFormat::Sarif | ReportFormat::Github | ReportFormat::Tap => {
            super::render_ci(&report, args.out.format, &profiles)
        }
        ReportFormat::Html => render::html::HtmlRenderer::new(args.template.as_deref())?
            .render_with(
                &report,
                &render::html::PageContext {
                    generated: generated.as_deref(),
                    ..Default::default()
                },
            )?,
        other => render_report(
            &report,
            other.report().unwrap_or(Format::Text),
            &args.out.dest,
            args.template.as_deref(),
        )?,
    };
    args.out.dest.emit(&text)?;
    Ok(super::gate(&report, &args.gate))
}

/// A report as a scorecard in `format`, styled for `dest` (HTML from `template` when given).
pub fn render_report(
    report: &Report,
    format: Format,
    dest: &Dest,
    template: Option<&Path>,
) -> Result<String, CliError> {
    Ok(match format {
        Format::Text => render::text::scorecard(report, &dest.style()),
        Format::Json => render::json::report(report),
        Format::Markdown => render::markdown::scorecard(report),
        Format::Csv => render::csv::scorecard(report),
        Format::Html => render::html::HtmlRenderer::new(template)?.render(report)?,
    })
}
