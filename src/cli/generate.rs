//! `rulecard gen`: deterministic synthetic profiles, streamed as NDJSON.

use super::{CliError, Inputs};
use rulecard::output;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 1000)]
    pub count: u64,
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args, inputs: &Inputs) -> Result<u8, CliError> {
    let engine = super::engine(inputs)?;
    let mut generator =
        rulecard::generate::Generator::new(&engine.schemas().profile_json, args.seed);
    // Streamed line by line: memory stays flat whatever the count.
    let write = |w: &mut dyn Write| -> std::io::Result<()> {
        for n in 0..args.count {
            serde_json::to_writer(&mut *w, &generator.profile(n))?;
            w.write_all(b"\n")?;
        }
        w.flush()
    };
    let written = match &args.output {
        Some(path) => output::write_atomic_with(path, write, |_| true),
        None => output::write_stdout(write),
    };
    written.map_err(|e| CliError::usage(format!("cannot write: {e}")))?;
    Ok(0)
}
