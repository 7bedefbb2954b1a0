//! `rulecard agenda`: the unknown facts, ranked by the rule weight they could decide.

use super::{CliError, Inputs, Out};
use rulecard::render::{self, Format};

#[derive(clap::Args)]
pub struct Args {
    /// Profile ids, file stems or paths (default: every profile).
    pub profiles: Vec<String>,
    /// Weigh rules under a named weight set declared in the rulebook.
    #[arg(long, value_name = "NAME")]
    pub lens: Option<String>,
    /// Evaluate profiles as they stood on this day (YYYY-MM-DD), from their dated history.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Keep only the evidence of these kinds of source (see `scorecard --help`).
    #[arg(long, value_name = "KINDS")]
    pub only_sources: Option<String>,
    #[command(flatten)]
    pub out: Out,
}

pub fn run(args: Args, inputs: &Inputs) -> Result<u8, CliError> {
    let engine = super::engine(inputs)?;
    let profiles = super::select(&engine, inputs, &args.profiles)?;
    let filter = super::source_filter(args.only_sources.as_deref())?;
    super::note_as_of(args.as_of.as_deref());
    let options = rulecard::engine::Options {
        lens: args.lens.as_deref(),
        as_of: args.as_of.as_deref(),
        only_sources: filter.as_ref(),
        ..Default::default()
    };
    let agenda = engine
        .agenda(&profiles, &options)
        .map_err(|e| CliError::usage(e.to_string()))?;
    let text = match args.out.format {
        Format::Text => render::agenda::text(&agenda),
        Format::Json => render::agenda::json(&agenda),
        Format::Markdown => render::agenda::markdown(&agenda),
        Format::Csv => render::agenda::csv(&agenda),
        Format::Html => render::agenda::html(&agenda),
    };
    args.out.dest.emit(&text)?;
    Ok(0)
}
