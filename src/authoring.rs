//! Authoring help: the catalogue of every fact a profile can hold (its type, allowed values,
//! description and the rules that read it), and a new profile with every fact unknown.

use crate::compile::Program;
use crate::compile::facts::{FactType, describe};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// One fact of the profile schema, as a profile author needs to know it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactEntry {
    /// The fact's pointer into `facts`, list elements written `*`.
    pub pointer: String,
    /// Its short title, as reports label it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What it means, from the schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its type: boolean, enumerated string, date, list, object, …
    pub kind: String,
    /// The values it may take, when there are finitely many.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// The rules that read it (or read a fact below it), by id.
    pub rules: Vec<String>,
    /// The extension of the fact model it belongs to; absent for the general core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
}

/// Every fact of the program's fact model, in schema order (objects before their members),
/// with the rules that read each.
pub fn catalogue(program: &Program, profile_schema: &Value) -> Vec<FactEntry> {
    let readers = readers(program);
    let mut out = Vec::new();
    walk(&program.facts, String::new(), &mut |path, t| {
        // `describe` reads instance pointers: an index stands for any element.
        let instance = path.replace("/*", "/0");
        let rules: Vec<String> = readers
            .iter()
            .filter(|(read, _)| crate::vocab::pointer::within(read, path))
            .flat_map(|(_, ids)| ids.iter().cloned())
            .fold(Vec::new(), |mut acc, id| {
                if !acc.contains(&id) {
                    acc.push(id);
                }
                acc
            });
        out.push(FactEntry {
            pointer: path.to_string(),
            title: program.titles.title(path).map(str::to_string),
            description: describe(profile_schema, &instance),
            kind: kind(t),
            values: values(t),
            rules,
            extension: program.extensions.of(path).map(str::to_string),
        });
    });
    out
}

fn walk(t: &FactType, path: String, f: &mut impl FnMut(&str, &FactType)) {
    match t {
        FactType::Object(props) => {
            for (k, child) in props {
                let p = format!("{path}/{k}");
                f(&p, child);
                walk(child, p, f);
            }
        }
        FactType::Array(item) => {
            if matches!(**item, FactType::Object(_)) {
                walk(item, format!("{path}/*"), f);
            }
        }
        _ => {}
    }
}

fn kind(t: &FactType) -> String {
    match t {
        FactType::Array(item) => format!("list of {}", kind(item)),
        FactType::Object(_) => "object".to_string(),
        other => other.name().to_string(),
    }
}

fn values(t: &FactType) -> Vec<String> {
    match t {
        FactType::Bool => vec!["true".into(), "false".into()],
        FactType::Flag => vec!["true".into()],
        FactType::String { values: Some(v) } => v.clone(),
        FactType::Array(item) => values(item),
        _ => Vec::new(),
    }
}

/// The facts each rule reads, with list elements written `*`: rule ids by schema path.
fn readers(program: &Program) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for rule in &program.rules {
        for p in rule.reads() {
            let ids = out.entry(p).or_default();
            if !ids.contains(&rule.id) {
                ids.push(rule.id.clone());
            }
        }
    }
    out
}

/// A new profile for `id` and `name` as of `as_of`: the `$schema` line, every fact of the
/// model's core and of the extensions the rulebook reads present and unknown (`null`), no
/// sources, citations or history yet. `check` accepts it; the README shows how to add the
/// first piece of evidence.
pub fn new_profile(program: &Program, id: &str, name: &str, as_of: &str) -> Value {
    // The facts of an extension the rulebook does not read are left out: absent is unknown.
    fn unknown(program: &Program, t: &FactType, path: &str) -> Value {
        let FactType::Object(props) = t else {
            return Value::Null;
        };
        let read = |ext: &str| program.header.extensions.iter().any(|e| e == ext);
        props
            .iter()
            .map(|(k, v)| (k, format!("{path}/{k}"), v))
            .filter(|(_, p, _)| program.extensions.of(p).is_none_or(read))
            .map(|(k, p, v)| (k.clone(), unknown(program, v, &p)))
            .collect::<Map<String, Value>>()
            .into()
    }
    json!({
        "$schema": "../schemas/profile.schema.json",
        "id": id,
        "name": name,
        "as_of": as_of,
        "summary": "",
        "sources": {},
        "facts": unknown(program, &program.facts, ""),
        "citations": {},
        "history": [],
    })
}

/// [`new_profile`] as the text of a file, its fields in the order a reader expects (`id`,
/// `name`, `as_of` first, as in the shipped fixtures).
pub fn new_profile_text(program: &Program, id: &str, name: &str, as_of: &str) -> String {
    let p = new_profile(program, id, name, as_of);
    let order = [
        "$schema",
        "id",
        "name",
        "as_of",
        "summary",
        "sources",
        "facts",
        "citations",
        "history",
    ];
    let fields: Vec<String> = order
        .iter()
        .map(|k| {
            let value = serde_json::to_string_pretty(&p[*k])
                .unwrap_or_default()
                .replace('\n', "\n  ");
            format!("  {}: {value}", Value::String((*k).to_string()))
        })
        .collect();
    format!("{{\n{}\n}}\n", fields.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, Origin};

    #[test]
    fn the_catalogue_names_types_values_and_readers() {
        let engine = Engine::load(Origin::Embedded).unwrap();
        let c = catalogue(engine.program(), &engine.schemas().profile_json);
        let commitment = c
            .iter()
            .find(|f| f.pointer == "/five_g/eu_toolbox/commitment")
            .unwrap();
        assert_eq!(commitment.title.as_deref(), Some("the Toolbox commitment"));
        assert!(commitment.values.contains(&"committed".to_string()));
        assert_eq!(commitment.rules, ["toolbox-commitment"]);
        // A fact inside a list is written with `*`, and its readers found through the
        // quantifier over the list.
        let kind = c
            .iter()
            .find(|f| f.pointer == "/five_g/high_risk_vendors/instruments/*/kind")
            .unwrap();
        assert_eq!(kind.rules, ["hrv-restrictions"]);
    }

    #[test]
    fn a_new_profile_is_valid_and_all_unknown() {
        let engine = Engine::load(Origin::Embedded).unwrap();
        let text = new_profile_text(engine.program(), "FI", "Finland", "2026-11-30");
        assert!(text.starts_with(
            "{\n  \"$schema\": \"../schemas/profile.schema.json\",\n  \"id\": \"FI\""
        ));
        let doc = crate::load::Document::parse("fixtures/finland.json", text).unwrap();
        let profiles = engine
            .profiles_from_documents(&[doc])
            .expect("check accepts it");
        let report = engine.report(&profiles, None, None).unwrap();
        assert_eq!(report.profiles[0].coverage, 0.0, "nothing is known yet");
    }
}
