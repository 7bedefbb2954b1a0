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
    /// The rulebook, facts-only and waiver schemas as JSON, to explain violations from the
    /// schema itself (the fields allowed at a place, the values of an enum).
    rulebook_json: Value,
    facts_json: Value,
    waivers_json: Value,
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
        let rulebook_json = parse(RULEBOOK_SCHEMA);
        let waivers_json = parse(WAIVERS_SCHEMA);
        Schemas {
            rulebook: build(&rulebook_json),
            profile: build(&profile_json),
            facts: build(&facts_json),
            report: build(&parse(REPORT_SCHEMA)),
            waivers: build(&waivers_json),
            profile_json,
            rulebook_json,
            facts_json,
            waivers_json,
        }
    }

    /// Validate a rulebook file.
    pub fn rulebook_file(&self, doc: &Document) -> Vec<ValidateError> {
        collect(&self.rulebook, &self.rulebook_json, doc, &doc.value, "")
    }

    /// Validate a profile file.
    pub fn profile(&self, doc: &Document) -> Vec<ValidateError> {
        collect(&self.profile, &self.profile_json, doc, &doc.value, "")
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
        collect(&self.waivers, &self.waivers_json, doc, &doc.value, "")
    }

    /// Validate a bare facts document found at `at` inside `doc` (a rule example's facts).
    pub fn facts(&self, doc: &Document, at: &str, facts: &Value) -> Vec<ValidateError> {
        collect(&self.facts, &self.facts_json, doc, facts, at)
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
            .map(|e| match e.kind() {
                // Every allowed value, not "or 2 other candidates".
                jsonschema::error::ValidationErrorKind::Enum { options } => format!(
                    "{} is not one of {}",
                    shown(value),
                    options
                        .as_array()
                        .map(|o| o.iter().map(shown).collect::<Vec<_>>().join(", "))
                        .unwrap_or_default()
                ),
                _ => capped(e.to_string()),
            })
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
    schema: &Value,
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
                e.kind(),
                &schema_path,
                schema,
                instance,
                &pointer[prefix.len()..],
            );
            // An unknown field is located at the field itself, not at its object.
            let at = match e.kind() {
                jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => {
                    unexpected.first().map_or(pointer.clone(), |u| {
                        format!("{pointer}/{}", crate::vocab::pointer::escape(u))
                    })
                }
                _ => pointer.clone(),
            };
            ValidateError {
                location: Location::at(doc, &at),
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
    kind: &jsonschema::error::ValidationErrorKind,
    schema_path: &str,
    schema: &Value,
    instance: &Value,
    pointer: &str,
) -> (String, Option<String>) {
    use jsonschema::error::ValidationErrorKind as Kind;
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
    let node = schema_at(schema, pointer);
    match kind {
        Kind::AdditionalProperties { unexpected } => {
            // The fields the schema allows at this place, for the suggestion and the list.
            let allowed: Vec<&str> = node
                .and_then(|n| n.get("properties"))
                .and_then(Value::as_object)
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_else(|| KNOWN_FIELDS.to_vec());
            let names: Vec<String> = unexpected.iter().map(|u| format!("\"{u}\"")).collect();
            let message = format!(
                "unknown field{} {}",
                if unexpected.len() == 1 { "" } else { "s" },
                names.join(", ")
            );
            let near = unexpected
                .iter()
                .find_map(|u| crate::vocab::suggest::did_you_mean(u, allowed.iter().copied()));
            let hint = match (near, allowed.len() <= 16) {
                (Some(d), true) => format!("{d} (fields here: {})", allowed.join(", ")),
                (Some(d), false) => d,
                (None, true) => format!(
                    "remove it, or use one of the fields here: {}",
                    allowed.join(", ")
                ),
                (None, false) => "remove it, or check its spelling against the schema".to_string(),
            };
            (message, Some(hint))
        }
        Kind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|o| o.iter().map(shown).collect())
                .unwrap_or_default();
            let given = value.map(shown).unwrap_or_default();
            let near = value.and_then(Value::as_str).and_then(|g| {
                let names: Vec<&str> = options
                    .as_array()
                    .map(|o| o.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                crate::vocab::suggest::did_you_mean(g, names)
            });
            let list = format!("allowed: {}", allowed.join(", "));
            (
                format!("{given} is not one of the allowed values"),
                Some(match near {
                    Some(d) => format!("{d} {list}"),
                    None => list,
                }),
            )
        }
        Kind::Pattern { pattern } if pattern == FULL_DATE_PATTERN => (
            format!("{} is not a date", value.map(shown).unwrap_or_default()),
            Some("write YYYY-MM-DD".to_string()),
        ),
        Kind::Pattern { pattern } if pattern.starts_with("^[0-9]{4}(") => (
            format!("{} is not a date", value.map(shown).unwrap_or_default()),
            Some("write YYYY, YYYY-MM or YYYY-MM-DD (a real month and day)".to_string()),
        ),
        _ => (raw.to_string(), None),
    }
}

/// The pattern of a full date (a waiver's expiry); partial dates' patterns start
/// `^[0-9]{4}(`.
const FULL_DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// A value as a message quotes it: strings in double quotes, the rest as JSON (capped).
fn shown(v: &Value) -> String {
    capped(v.to_string())
}

/// The schema node that describes the value at `pointer` (an instance pointer): properties,
/// array items and maps followed, `$ref`s into `$defs` resolved. `None` where the walk is
/// lost (inside a `oneOf`, say).
fn schema_at<'s>(schema: &'s Value, pointer: &str) -> Option<&'s Value> {
    let defs = schema.get("$defs");
    let deref = |mut n: &'s Value| -> Option<&'s Value> {
        for _ in 0..16 {
            match n.get("$ref").and_then(Value::as_str) {
                Some(r) => n = defs?.get(r.strip_prefix("#/$defs/")?)?,
                None => return Some(n),
            }
        }
        None
    };
    let mut here = deref(schema)?;
    for token in pointer.split('/').skip(1) {
        let token = crate::vocab::pointer::unescape(token);
        here = if let Some(p) = here.get("properties").and_then(|p| p.get(&token)) {
            p
        } else if token.parse::<usize>().is_ok() && here.get("items").is_some() {
            here.get("items")?
        } else {
            here.get("additionalProperties").filter(|a| a.is_object())?
        };
        here = deref(here)?;
    }
    Some(here)
}
