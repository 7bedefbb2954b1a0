//! Any bytes as one rulebook file: loading, schema validation, compilation and (when it
//! compiles) the rule examples and evaluation must never panic, and every problem must
//! render. A file without a `rulebook` header is compiled next to the shipped header (its
//! lenses removed, since they name the shipped rules); a file with one is compiled alone.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rulecard::Program;
use rulecard::load::Document;
use rulecard::validate::Schemas;
use serde_json::{Value, json};
use std::sync::OnceLock;

const HEADER: &str = include_str!("../../rules/rulebook.json");

/// `Engine::from_documents` is `Schemas::new()` then `Program::compile`; the schemas are
/// built once here so that the fuzzer spends its time on the input, not on them.
fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(Schemas::new)
}

fn header() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut value: Value = serde_json::from_str(HEADER).expect("shipped header parses");
        value["rulebook"]
            .as_object_mut()
            .expect("a header")
            .remove("lenses");
        let text = serde_json::to_string_pretty(&value).expect("serialises");
        Document::parse("rules/rulebook.json", text).expect("re-parses")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = match Document::parse("rules/fuzz.json", text) {
        Ok(doc) => doc,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let docs = if doc.value.get("rulebook").is_some() {
        vec![doc]
    } else {
        vec![header().clone(), doc]
    };
    match Program::compile(&docs, schemas()) {
        Err(problems) => {
            for p in &problems {
                let _ = p.to_string();
                let _ = p.location();
            }
        }
        Ok(program) => {
            for f in program.check_examples() {
                let _ = f.to_string();
            }
            let mut facts: Vec<Value> = vec![json!({})];
            for rule in &program.rules {
                facts.extend(rule.examples.iter().map(|e| e.facts.clone()));
            }
            for f in facts.iter().take(8) {
                let _ = program.evaluate(f);
                let _ = program.verdicts(f);
            }
        }
    }
});
