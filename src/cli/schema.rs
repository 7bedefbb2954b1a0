//! `rulecard schema` and `rulecard completions`: the published JSON Schemas, shell
//! completions.

use super::CliError;
use clap::{CommandFactory, ValueEnum};

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    pub which: Which,
}

/// A published schema.
#[derive(Clone, Copy, ValueEnum)]
pub enum Which {
    Rulebook,
    Profile,
    Report,
    Waivers,
}

pub fn run(args: Args) -> Result<u8, CliError> {
    let text = match args.which {
        Which::Rulebook => rulecard::validate::RULEBOOK_SCHEMA,
        Which::Profile => rulecard::validate::PROFILE_SCHEMA,
        Which::Report => rulecard::validate::REPORT_SCHEMA,
        Which::Waivers => rulecard::validate::WAIVERS_SCHEMA,
    };
    super::print_out(text)?;
    Ok(0)
}

#[derive(clap::Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn completions(args: CompletionsArgs) -> Result<u8, CliError> {
    let mut script = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut super::Cli::command(),
        "rulecard",
        &mut script,
    );
    super::print_out(&String::from_utf8_lossy(&script))?;
    Ok(0)
}
