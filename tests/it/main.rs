//! The integration tests, one binary: the CLI's contract, the bad-input corpus, the paper's
//! conclusions, time and judgement, the properties of the logic, the module graph, and a
//! real browser on the HTML scorecard. Shared helpers are in `common`.

mod architecture;
mod bad_inputs;
mod browser;
mod ci_formats;
mod cli_behaviour;
mod cli_formats;
mod common;
mod diagnostics;
mod interrupt;
mod logic_props;
mod paper_conclusions;
mod robustness_props;
mod shipped_data;
mod site;
mod time_and_judgement;
mod toolbox;
