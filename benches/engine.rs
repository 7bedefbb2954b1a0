//! Engine benchmarks: compile the shipped rulebook, evaluate one profile (with traces and
//! counterfactuals, and verdicts only), and score the shipped fixtures into a report.
//!
//! Run with `cargo bench --bench engine`.

use rulecard::load::{EMBEDDED_RULES, embedded_documents};
use rulecard::{Engine, Origin};

fn main() {
    divan::main();
}

#[divan::bench]
fn compile_rulebook() -> Engine {
    let docs = embedded_documents(&EMBEDDED_RULES, "rules").unwrap();
    Engine::from_documents(divan::black_box(&docs)).unwrap()
}

#[divan::bench(args = ["RS", "AL", "XK"])]
fn evaluate_explained(bencher: divan::Bencher, id: &str) {
    let engine = Engine::load(Origin::Embedded).unwrap();
    let profiles = engine.load_profiles(Origin::Embedded).unwrap();
    let p = profiles.iter().find(|p| p.id == id).unwrap();
    bencher.bench(|| engine.program.evaluate(divan::black_box(&p.facts)));
}

#[divan::bench(args = ["RS", "AL", "XK"])]
fn evaluate_verdicts_only(bencher: divan::Bencher, id: &str) {
    let engine = Engine::load(Origin::Embedded).unwrap();
    let profiles = engine.load_profiles(Origin::Embedded).unwrap();
    let p = profiles.iter().find(|p| p.id == id).unwrap();
    bencher.bench(|| engine.program.verdicts(divan::black_box(&p.facts)));
}

#[divan::bench]
fn score_all_fixtures(bencher: divan::Bencher) {
    let engine = Engine::load(Origin::Embedded).unwrap();
    let profiles = engine.load_profiles(Origin::Embedded).unwrap();
    bencher.bench(|| {
        engine
            .report(divan::black_box(&profiles), None, None)
            .unwrap()
    });
}
