//! Synthetic subjects: deterministic profiles, valid against the profile schema, with a
//! realistic mix of known and unknown facts — for benchmarks and tests.
//!
//! Values are drawn from the profile schema's `$defs/facts` itself (types, enums, required
//! properties, bounds, the country-code pattern), so the generator follows the schema as it
//! changes.

use serde_json::{Map, Value, json};

/// What a generated citation "quotes": the values are drawn, not read.
const SYNTHETIC_QUOTE: &str = "Values drawn at random from the profile schema.";

/// Share of facts left unknown (null or absent) in generated profiles.
pub const UNKNOWN_SHARE: f64 = 0.3;

const NAMES: [&str; 6] = ["Huawei", "Ericsson", "Nokia", "ZTE", "Samsung", "Hikvision"];

/// A generator of profiles from the profile schema, seeded for reproducibility.
pub struct Generator<'a> {
    defs: &'a Value,
    rng: fastrand::Rng,
}

impl<'a> Generator<'a> {
    /// `profile_schema` is the profile schema as JSON (see [`crate::validate::Schemas`]).
    pub fn new(profile_schema: &'a Value, seed: u64) -> Generator<'a> {
        Generator {
            defs: &profile_schema["$defs"],
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    /// The `n`-th profile: an id, a name, a facts document, and one synthetic source citing
    /// every top-level part of it, so that it passes the same checks as a profile file.
    pub fn profile(&mut self, n: u64) -> Value {
        let defs = self.defs;
        let facts = self.value(&defs["facts"], 0);
        let a = (b'A' + (n % 26) as u8) as char;
        let b = (b'A' + ((n / 26) % 26) as u8) as char;
        let citations: Map<String, Value> = facts
            .as_object()
            .map(|m| {
                m.keys()
                    .map(|k| {
                        (
                            format!("/{k}"),
                            json!({"sources": ["synthetic"], "quote": SYNTHETIC_QUOTE}),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        json!({
            "id": format!("{a}{b}"),
            "name": format!("Synthetic subject {n}"),
            "as_of": "2021-06",
            "sources": {
                "synthetic": {
                    "kind": "research",
                    "title": "Synthetic subject drawn by rulecard gen from the profile schema",
                }
            },
            "facts": facts,
            "citations": citations,
        })
    }

    fn unknown(&mut self) -> bool {
        self.rng.f64() < UNKNOWN_SHARE
    }

    /// A random value valid against `schema`.
    fn value(&mut self, schema: &'a Value, depth: usize) -> Value {
        if depth > 16 {
            return Value::Null;
        }
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let name = r.trim_start_matches("#/$defs/");
            if name == "date" {
                return Value::String(format!(
                    "20{:02}-{:02}-{:02}",
                    self.rng.u8(15..25),
                    self.rng.u8(1..13),
                    self.rng.u8(1..29)
                ));
            }
            let defs = self.defs;
            return self.value(&defs[name], depth + 1);
        }
        if let Some(alts) = schema.get("anyOf").and_then(Value::as_array) {
            let known: Vec<&Value> = alts
                .iter()
                .filter(|a| a.get("type") != Some(&json!("null")))
                .collect();
            if known.len() < alts.len() && self.unknown() || known.is_empty() {
                return Value::Null;
            }
            let pick = known[self.rng.usize(0..known.len())];
            return self.value(pick, depth + 1);
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let known: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            if known.len() < values.len() && self.unknown() || known.is_empty() {
                return Value::Null;
            }
            return known[self.rng.usize(0..known.len())].clone();
        }
        let types: Vec<&str> = match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let nullable = types.contains(&"null");
        let main = types.iter().copied().find(|t| *t != "null");
        if nullable && main != Some("object") && self.unknown() {
            return Value::Null;
        }
        match main {
            Some("boolean") => Value::Bool(self.rng.bool()),
            Some("integer") | Some("number") => {
                let lo = schema.get("minimum").and_then(Value::as_f64).unwrap_or(0.0) as i64;
                let hi = schema
                    .get("maximum")
                    .and_then(Value::as_f64)
                    .map_or(lo + 1500, |m| m as i64);
                json!(self.rng.i64(lo..=hi.max(lo)))
            }
            Some("string") => match schema.get("pattern").and_then(Value::as_str) {
                Some("^[A-Z]{2}$") => {
                    Value::String(["CN", "SE", "FI", "KR", "US", "DE"][self.rng.usize(0..6)].into())
                }
                _ => Value::String(NAMES[self.rng.usize(0..NAMES.len())].into()),
            },
            Some("array") => {
                let item = schema.get("items").unwrap_or(&Value::Null);
                let mut items: Vec<Value> = Vec::new();
                for _ in 0..self.rng.usize(0..4) {
                    let v = self.value(item, depth + 1);
                    let unique = schema.get("uniqueItems") == Some(&Value::Bool(true));
                    if !(v.is_null() || unique && items.contains(&v)) {
                        items.push(v);
                    }
                }
                Value::Array(items)
            }
            Some("object") => {
                let required: Vec<&str> = schema
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let mut map = Map::new();
                if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                    for (k, p) in props {
                        let v = self.value(p, depth + 1);
                        // An unknown fact is written as null or left out, half and half.
                        if v.is_null() && !required.contains(&k.as_str()) && self.rng.bool() {
                            continue;
                        }
                        map.insert(k.clone(), v);
                    }
                }
                Value::Object(map)
            }
            _ => Value::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Schemas;

    #[test]
    fn generated_profiles_are_valid_and_deterministic() {
        let schemas = Schemas::new();
        let mut g = Generator::new(&schemas.profile_json, 7);
        let first: Vec<Value> = (0..300).map(|n| g.profile(n)).collect();
        for p in &first {
            assert_eq!(schemas.profile_errors(p), Vec::<String>::new(), "{p}");
        }
        let mut again = Generator::new(&schemas.profile_json, 7);
        assert_eq!(
            first[..5],
            (0..5).map(|n| again.profile(n)).collect::<Vec<_>>()[..]
        );
        let nulls = first
            .iter()
            .map(|p| p.to_string().matches("null").count())
            .sum::<usize>();
        assert!(nulls > 300, "a realistic share of facts is unknown");
    }
}
