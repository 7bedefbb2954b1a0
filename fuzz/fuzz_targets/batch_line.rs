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
    // `rulecard batch` reads lines with `BufRead::lines`: invalid UTF-8 never reaches
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
        line,
    );
    let lean = score_line(
        &engine.program,
        &engine.schemas,
        weights,
        Detail::VerdictsOnly,
        line,
    );
    assert_eq!(
        full.is_ok(),
        lean.is_ok(),
        "the two modes disagree on validity"
    );
    if let Ok(v) = full {
        let _ = v.to_string();
    }
});
