//! `rulecard facts` and `rulecard new profile`: help for people who write profiles.

use super::{CliError, Inputs};
use std::path::PathBuf;

/// How `facts` is written.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FactsFormat {
    /// One block per fact.
    Text,
    /// A Markdown table.
    Markdown,
    /// A JSON array.
    Json,
}

#[derive(clap::Args)]
pub struct FactsArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FactsFormat::Text)]
    pub format: FactsFormat,
}

pub fn facts(args: FactsArgs, inputs: &Inputs) -> Result<u8, CliError> {
    let engine = super::engine(inputs)?;
    let entries = rulecard::authoring::catalogue(engine.program(), &engine.schemas().profile_json);
    let text = match args.format {
        FactsFormat::Text => rulecard::render::facts::text(&entries),
        FactsFormat::Markdown => rulecard::render::facts::markdown(&entries),
        FactsFormat::Json => rulecard::render::facts::json(&entries),
    };
    super::print_out(&text)?;
    Ok(0)
}

#[derive(clap::Subcommand)]
pub enum New {
    /// A new profile: every fact unknown, ready for its first piece of evidence.
    #[command(
        after_help = "Example:\n  rulecard new profile FI --name Finland --as-of 2026-11-30 -o fixtures/finland.json"
    )]
    Profile(NewProfileArgs),
}

#[derive(clap::Args)]
pub struct NewProfileArgs {
    /// The ISO 3166-1 alpha-2 code (Kosovo: XK).
    pub id: String,
    /// The country's name as reports show it.
    #[arg(long)]
    pub name: String,
    /// The date of the newest evidence (YYYY, YYYY-MM or YYYY-MM-DD; default today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn new(cmd: New, inputs: &Inputs) -> Result<u8, CliError> {
    let New::Profile(args) = cmd;
    if !(args.id.len() == 2 && args.id.bytes().all(|b| b.is_ascii_uppercase())) {
        return Err(CliError::usage_with(
            format!("\"{}\" is not a country code", args.id),
            "write the ISO 3166-1 alpha-2 code in capitals, e.g. RS (Kosovo: XK)",
        ));
    }
    let as_of = match &args.as_of {
        Some(d) => d.clone(),
        None => {
            let today = jiff::Timestamp::now()
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date()
                .to_string();
            eprintln!(
                "note: as_of set to today ({today}); set it to the date of the newest evidence"
            );
            today
        }
    };
    let engine = super::engine(inputs)?;
    let text =
        rulecard::authoring::new_profile_text(engine.program(), &args.id, &args.name, &as_of);
    // What we write must be a profile `check` accepts.
    let doc = rulecard::load::Document::parse("new profile", text.clone())?;
    engine.profiles_from_documents(&[doc])?;
    super::emit(args.output.as_deref(), &text)?;
    Ok(0)
}
