//! `rulecard check`: validate the rulebook and the profiles, run every rule example, and
//! report branch coverage.

use super::{CliError, Inputs, plural};
use rulecard::coverage;

pub fn run(inputs: &Inputs) -> Result<u8, CliError> {
    let engine = super::engine(inputs)?;
    let profiles = super::all_profiles(&engine, inputs)?;
    let failures = engine.program().check_examples();
    if !failures.is_empty() {
        return Err(CliError::Examples(
            failures.iter().map(ToString::to_string).collect(),
        ));
    }
    let examples: usize = engine
        .program()
        .rules
        .iter()
        .map(|r| r.examples.len())
        .sum();
    let cov = coverage::branch_coverage(engine.program(), profiles.iter().map(|p| &p.facts));
    let mut text = String::new();
    let h = &engine.program().header;
    text.push_str(&format!(
        "ok: rulebook {} {} — {} compiled\n",
        h.id,
        h.version,
        plural(engine.program().rules.len(), "rule")
    ));
    text.push_str(&format!(
        "ok: {} valid, every fact cited, every source resolved\n",
        plural(profiles.len(), "profile")
    ));
    text.push_str(&format!(
        "ok: {} {} the expected verdict\n",
        plural(examples, "rule example"),
        if examples == 1 { "gives" } else { "give" }
    ));
    let leaves: Vec<&coverage::LeafCoverage> = cov.values().flatten().collect();
    let covered = leaves.iter().filter(|l| l.is_covered()).count();
    text.push_str(&format!(
        "branch coverage: {covered} of {} leaves seen both true and false (examples + profiles)\n",
        leaves.len()
    ));
    for (rule, ls) in &cov {
        for l in ls.iter().filter(|l| !l.is_covered()) {
            let never: Vec<&str> = [("true", l.seen_true), ("false", l.seen_false)]
                .iter()
                .filter(|(_, n)| *n == 0)
                .map(|(s, _)| *s)
                .collect();
            text.push_str(&format!(
                "  {rule} {} {} {}: never {}\n",
                l.part,
                l.fact,
                l.op,
                never.join(" or ")
            ));
        }
    }
    super::print_out(&text)?;
    Ok(0)
}
