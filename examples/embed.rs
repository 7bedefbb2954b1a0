//! Embedding rulecard: compile the shipped rulebook once, then score your own subject.
//!
//! Run with `cargo run --example embed`.

use rulecard::{Engine, Origin, Verdict};

fn main() {
    // Compile once: schemas, fact-type checks, every rule.
    let engine = Engine::load(Origin::Embedded).expect("the shipped rulebook compiles");

    // Evaluate many times: here, one facts document that knows almost nothing.
    let facts = serde_json::json!({});
    for (rule, outcome) in engine
        .program()
        .rules
        .iter()
        .zip(engine.program().evaluate(&facts))
    {
        let missing = outcome.missing.join(", ");
        match outcome.verdict {
            Verdict::InsufficientData => {
                println!("{:<26} insufficient-data (missing: {missing})", rule.id)
            }
            v => println!("{:<26} {v}", rule.id),
        }
    }

    // Or score the shipped profiles into a report that any renderer can print.
    let profiles = engine
        .load_profiles(Origin::Embedded)
        .expect("the shipped fixtures load");
    let report = engine
        .report(&profiles, None, None)
        .expect("no lens, no date");
    for p in &report.profiles {
        let score = p
            .score
            .map_or("—".to_string(), |s| format!("{:.0}%", s * 100.0));
        println!(
            "{} {:<24} score {score:>4}  coverage {:.0}%",
            p.id,
            p.name,
            p.coverage * 100.0
        );
    }
}
