//! Any bytes as a facts document, evaluated by the shipped rulebook: full evaluation
//! (traces, missing facts, counterfactuals), the verdicts-only path, and scoring must never
//! panic, and the two paths must agree on every verdict.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rulecard::model::Profile;
use rulecard::{Engine, Origin};
use serde_json::Value;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::load(Origin::Embedded).expect("the shipped rulebook compiles"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(facts) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let engine = engine();
    let outcomes = engine.program.evaluate(&facts);
    let verdicts = engine.program.verdicts(&facts);
    assert_eq!(outcomes.len(), verdicts.len());
    for (o, (v, s)) in outcomes.iter().zip(&verdicts) {
        assert_eq!(o.verdict, *v, "full and verdicts-only evaluation disagree");
        assert_eq!(o.score, *s, "full and verdicts-only scores disagree");
    }
    let profile = Profile::from_facts("ZZ", "Fuzz", facts);
    let lens = engine
        .program
        .header
        .lenses
        .keys()
        .next()
        .map(String::as_str);
    for lens in [None, lens] {
        let report = engine
            .report(std::slice::from_ref(&profile), lens, None)
            .expect("a declared lens and no date");
        let _ = serde_json::to_string(&report).expect("a report serialises");
    }
    let _ = engine.report(std::slice::from_ref(&profile), None, Some("2021-06-01"));
});
