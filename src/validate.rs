//! Validation: check loaded documents against the published JSON Schemas, compiled once.

use crate::load::{Document, Location};
use serde_json::Value;

/// The rulebook file schema, as published in `schemas/`.
pub const RULEBOOK_SCHEMA: &str = include_str!("../schemas/rulebook.schema.json");
/// The profile schema, as published in `schemas/`.
pub const PROFILE_SCHEMA: &str = include_str!("../schemas/profile.schema.json");
/// The report schema, as published in `schemas/`.
pub const REPORT_SCHEMA: &str = include_str!("../schemas/report.schema.json");

/// The waiver file schema, as published in `schemas/`.
pub const WAIVERS_SCHEMA: &str = include_str!("../schemas/waivers.schema.json");

/// One schema violation, located.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{location}: {message}{}", hint.as_ref().map(|h| format!("\n  help: {h}")).unwrap_or_default())]
pub struct ValidateError {
    /// The file and JSON pointer of the offending value.
    pub location: Location,
    /// The violation, in words.
    pub message: String,
    /// How to fix it, shown as `help:` when present.
    pub hint: Option<String>,
}

/// The three schemas compiled into validators, once.
pub struct Schemas {
    rulebook: jsonschema::Validator,
    profile: jsonschema::Validator,
    facts: jsonschema::Validator,
    report: jsonschema::Validator,
    waivers: jsonschema::Validator,
    /// The profile schema as JSON, for the compiler's fact-type table.
    pub profile_json: Value,
}

impl Schemas {
    /// Compile the embedded schemas. They are part of the program, so failure is a bug.
    pub fn new() -> Schemas {
        let parse =
            |s: &str| -> Value { serde_json::from_str(s).expect("embedded schema is JSON") };
        let build = |v: &Value| jsonschema::validator_for(v).expect("embedded schema compiles");
        let profile_json = parse(PROFILE_SCHEMA);
        let facts_json = serde_json::json!({
            "$ref": "#/$defs/facts",
            "$defs": profile_json["$defs"].clone(),
        });
        Schemas {
            rulebook: build(&parse(RULEBOOK_SCHEMA)),
            profile: build(&profile_json),
            facts: build(&facts_json),
            report: build(&parse(REPORT_SCHEMA)),
            waivers: build(&parse(WAIVERS_SCHEMA)),
            profile_json,
        }
    }

    /// Validate a rulebook file.
    pub fn rulebook_file(&self, doc: &Document) -> Vec<ValidateError> {
        collect(&self.rulebook, doc, &doc.value, "")
    }

    /// Validate a profile file.
    pub fn profile(&self, doc: &Document) -> Vec<ValidateError> {
        collect(&self.profile, doc, &doc.value, "")
    }

    /// Schema violations of a profile given as a value (no file, so no line numbers): a fast
    /// validity test first, messages only on failure.
    pub fn profile_errors(&self, value: &Value) -> Vec<String> {
        if self.profile.is_valid(value) {
            return Vec::new();
        }
        self.profile
            .iter_errors(value)
            .map(|e| located(&e))
            .collect()
    }

    /// Validate a waiver file.
    pub fn waivers(&self, doc: &Document) -> Vec<ValidateError> {
        collect(&self.waivers, doc, &doc.value, "")
    }

    /// Validate a bare facts document found at `at` inside `doc` (a rule example's facts).
    pub fn facts(&self, doc: &Document, at: &str, facts: &Value) -> Vec<ValidateError> {
        collect(&self.facts, doc, facts, at)
    }

    /// Why `value` cannot stand at `pointer` in `facts` (an otherwise valid facts document):
    /// the schema's messages for that place, empty when it can.
    pub fn fact_value_errors(&self, facts: &Value, pointer: &str, value: &Value) -> Vec<String> {
        let mut doc = facts.clone();
        if crate::vocab::pointer::set(&mut doc, pointer, value.clone()).is_none() {
            return vec![format!("{pointer} is not a place in the facts document")];
        }
        if self.facts.is_valid(&doc) {
            return Vec::new();
        }
        self.facts
            .iter_errors(&doc)
            .filter(|e| {
                let at = e.instance_path().as_str();
                at.starts_with(pointer) || pointer.starts_with(at)
            })
            .map(|e| capped(e.to_string()))
            .collect()
    }

    /// Whether a JSON report matches the published report schema; the violations if not.
    pub fn report(&self, report: &Value) -> Vec<String> {
        self.report
            .iter_errors(report)
            .map(|e| located(&e))
            .collect()
    }
}

impl Default for Schemas {
    fn default() -> Self {
        Schemas::new()
    }
}

/// A violation of a value without a file: its pointer, then the message. At the root (empty
/// pointer) the message alone, which names what the object lacks.
fn located(e: &jsonschema::ValidationError<'_>) -> String {
    match e.instance_path().as_str() {
        "" => capped(e.to_string()),
        at => format!("{at}: {}", capped(e.to_string())),
    }
}

/// Longest schema message shown, in characters: a message quotes the offending value, which
/// may be a whole 6 MB array.
pub const MAX_MESSAGE_CHARS: usize = 400;

/// `message` cut to [`MAX_MESSAGE_CHARS`], saying how much was cut.
fn capped(message: String) -> String {
    let n = message.chars().count();
    if n <= MAX_MESSAGE_CHARS {
        return message;
    }
    let mut cut: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
    cut.push_str(&format!("… ({} more characters)", n - MAX_MESSAGE_CHARS));
    cut
}

fn collect(
    validator: &jsonschema::Validator,
    doc: &Document,
    instance: &Value,
    prefix: &str,
) -> Vec<ValidateError> {
    let mut out: Vec<ValidateError> = validator
        .iter_errors(instance)
        .map(|e| {
            let pointer = format!("{prefix}{}", e.instance_path().as_str());
            let schema_path = e.schema_path().as_str().to_string();
            let (message, hint) = explain(
                &capped(e.to_string()),
                &schema_path,
                instance,
                &pointer[prefix.len()..],
            );
            ValidateError {
                location: Location::at(doc, &pointer),
                message,
                hint,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.location.line, a.location.column, &a.location.pointer).cmp(&(
            b.location.line,
            b.location.column,
            &b.location.pointer,
        ))
    });
    out.dedup_by(|a, b| a.location == b.location && a.message == b.message);
    out
}

/// Turn a raw schema message into one a rule author can act on.
/// Field names of the rulebook and profile envelopes, for "did you mean" on unknown fields.
const KNOWN_FIELDS: [&str; 38] = [
    "rulebook",
    "rules",
    "id",
    "version",
    "title",
    "description",
    "source",
    "categories",
    "references",
    "lenses",
    "grades",
    "category",
    "weight",
    "recommendation",
    "applies_if",
    "check",
    "partial",
    "explain",
    "sources",
    "examples",
    "when",
    "credit",
    "pass",
    "fail",
    "name",
    "facts",
    "expect",
    "text",
    "section",
    "as_of",
    "summary",
    "citations",
    "history",
    "quote",
    "note",
    "footnote",
    "publisher",
    "url",
];

fn explain(
    raw: &str,
    schema_path: &str,
    instance: &Value,
    pointer: &str,
) -> (String, Option<String>) {
    let value = instance.pointer(pointer);
    if schema_path.contains("/oneOf")
        && schema_path.ends_with("oneOf")
        && schema_path.contains("expr")
    {
        return (
            "not a valid condition".to_string(),
            Some(crate::vocab::op::shape_hint(value.unwrap_or(&Value::Null))),
        );
    }
    if raw.contains("Additional properties are not allowed") || raw.contains("unexpected") {
        // The unexpected names are quoted in the message: suggest the nearest known field.
        let unexpected: Vec<&str> = raw.split('\'').skip(1).step_by(2).collect();
        let known: Vec<&str> = value
            .and_then(Value::as_object)
            .map(|_| KNOWN_FIELDS.to_vec())
            .unwrap_or_default();
        let near = unexpected
            .iter()
            .find_map(|u| crate::vocab::suggest::nearest(u, known.iter().copied()).map(|n| (u, n)));
        let hint = match near {
            Some((u, n)) => format!("\"{u}\" is not a field here; did you mean \"{n}\"?"),
            None => "remove the field, or check its spelling against the schema".to_string(),
        };
        return (format!("unknown field: {raw}"), Some(hint));
    }
    (raw.to_string(), None)
}
