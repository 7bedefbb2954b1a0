//! `rulecard man`: manual pages, generated from the same argument definitions as `--help`.

use super::CliError;
use clap::CommandFactory;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The folder to write `rulecard.1` and one `rulecard-<command>.1` per command into.
    pub dir: PathBuf,
}

pub fn run(args: Args) -> Result<u8, CliError> {
    let write = |path: PathBuf, page: &clap::Command| -> Result<(), CliError> {
        let mut buffer: Vec<u8> = Vec::new();
        clap_mangen::Man::new(page.clone())
            .render(&mut buffer)
            .map_err(CliError::Io)?;
        rulecard::output::write_atomic(&path, &buffer).map_err(|error| CliError::Write {
            target: Some(path.display().to_string()),
            error,
        })
    };
    if !args.dir.is_dir() {
        return Err(CliError::usage_with(
            format!("{}: not a folder", args.dir.display()),
            "create it first, or name an existing folder",
        ));
    }
    let mut root = super::Cli::command();
    root.build();
    write(args.dir.join("rulecard.1"), &root)?;
    for sub in root.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("rulecard-{}", sub.get_name());
        let page = sub.clone().name(name.clone());
        write(args.dir.join(format!("{name}.1")), &page)?;
    }
    Ok(0)
}
