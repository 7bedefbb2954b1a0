//! `rulecard explain`: one rule on one profile, leaf by leaf, and what would flip it.

use super::{CliError, Inputs, Out, Scoring};
use rulecard::render::{self, Format};

#[derive(clap::Args)]
pub struct Args {
    /// Rule id.
    pub rule: String,
    /// A profile id, file stem or path.
    pub profile: String,
    #[command(flatten)]
    pub scoring: Scoring,
    #[command(flatten)]
    pub out: Out,
}

pub fn run(args: Args, inputs: &Inputs) -> Result<u8, CliError> {
    let engine = super::engine(inputs)?;
    let rule = args.rule;
    if engine.program().rule(&rule).is_none() {
        let hint = engine
            .program()
            .suggest_rule(&rule)
            .map(|s| format!("; did you mean \"{s}\"?"))
            .unwrap_or_default();
        let ids: Vec<&str> = engine
            .program()
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        return Err(CliError::usage(format!(
            "unknown rule \"{rule}\"{hint}\n  rules: {}",
            ids.join(", ")
        )));
    }
    let profiles = super::select(&engine, inputs, std::slice::from_ref(&args.profile))?;
    let mut report = super::report(&engine, &profiles, &args.scoring, Some(&rule), false)?;
    for p in &mut report.profiles {
        p.verdicts.retain(|v| v.rule == rule);
    }
    let p = &report.profiles[0];
    let v = &p.verdicts[0];
    let text = match args.out.format {
        Format::Text => render::text::explain(&report, p, v, &args.out.dest.style()),
        Format::Markdown => render::markdown::explain(&report, p, v),
        Format::Json => render::json::report(&report),
        Format::Csv => render::csv::scorecard(&report),
        Format::Html => render::html::explain(&report, p, v),
    };
    args.out.dest.emit(&text)?;
    Ok(0)
}
