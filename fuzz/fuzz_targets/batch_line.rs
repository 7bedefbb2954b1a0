//! Any bytes as one NDJSON line of `rulecard batch`, in both detail modes: scoring a line
//! must never panic, and a line that scores in one mode must score in the other.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rulecard::batch::{Detail, score_line};
use rulecard::score::Weights;
use rulecard::{Engine, Origin};
use std::sync::OnceLock;

fn setup() -> &'static (Engine, Weights) {
    static SETUP: OnceLock<(Engine, Weights)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let engine = Engine::load(Origin::Embedded).expect("the shipped rulebook compiles");
        let weights = Weights::new(&engine.program, None).expect("no lens");
        (engine, weights)
    })
}

fuzz_target!(|data: &[u8]| {
    // `rulecard batch` turns a line that is not UTF-8 into an error record before
    // `score_line`, and a line never holds a newline.
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    if line.contains('\n') {
        return;
    }
    let (engine, weights) = setup();
    let full = score_line(
        &engine.program,
        &engine.schemas,
        weights,
        Detail::Full,
        1,
        line,
    );
    let lean = score_line(
        &engine.program,
        &engine.schemas,
        weights,
        Detail::VerdictsOnly,
        1,
        line,
    );
    assert_eq!(
        full.is_ok(),
        lean.is_ok(),
        "the two modes disagree on validity"
    );
    if let Ok(record) = full {
        assert!(
            serde_json::from_str::<serde_json::Value>(&record).is_ok(),
            "a result record is not JSON"
        );
    }
});
