//! `rulecard site`: the scorecard, a page per profile and per rule, and the research
//! agenda, as a folder of linked, self-contained HTML pages.

use super::{CliError, Inputs, Scoring};
use rulecard::output::{FolderError, write_folder};
use rulecard::render::html::HtmlRenderer;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Profile ids, file stems or paths (default: every profile).
    pub profiles: Vec<String>,
    #[command(flatten)]
    pub scoring: Scoring,
    /// The folder to write. It is replaced as a whole when it is empty or was written by
    /// `rulecard site`; any other existing folder is refused.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
    /// A folder holding `scorecard.html.j2` to replace the built-in HTML template.
    #[arg(long, value_name = "DIR")]
    pub template: Option<PathBuf>,
    /// Print the day the pages were generated: `today` or YYYY-MM-DD. Without it the
    /// pages are dated by their data only, so the same inputs give the same bytes.
    #[arg(long, value_name = "DAY")]
    pub generated_on: Option<String>,
}

pub fn run(args: Args, inputs: &Inputs) -> Result<u8, CliError> {
    let generated = super::generated_on(args.generated_on.as_deref())?;
    let engine = super::engine(inputs)?;
    let profiles = super::select(&engine, inputs, &args.profiles)?;
    let report = super::report(&engine, &profiles, &args.scoring, None, true)?;
    let filter = super::source_filter(args.scoring.only_sources.as_deref())?;
    let agenda = engine
        .agenda(
            &profiles,
            &rulecard::engine::Options {
                lens: args.scoring.lens.as_deref(),
                as_of: args.scoring.as_of.as_deref(),
                only_sources: filter.as_ref(),
                ..Default::default()
            },
        )
        .map_err(|e| CliError::usage(e.to_string()))?;
    let renderer = HtmlRenderer::new(args.template.as_deref())?;
    let pages = rulecard::render::site::pages(&report, &agenda, &renderer, generated.as_deref())?;
    let files: Vec<(String, Vec<u8>)> = pages
        .into_iter()
        .map(|p| (p.path, p.html.into_bytes()))
        .collect();
    write_folder(&args.output, &files).map_err(|e| match e {
        FolderError::Foreign(_) | FolderError::NotAFolder(_) => {
            CliError::usage_with(e.to_string(), "choose a new folder, or remove it first")
        }
        FolderError::Escapes(_) => CliError::usage(e.to_string()),
        FolderError::Io { path, error } => CliError::Write {
            target: Some(path.display().to_string()),
            error,
        },
    })?;
    Ok(0)
}
