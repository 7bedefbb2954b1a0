//! Synthetic subjects: deterministic profiles, valid against the profile schema, with a
//! realistic mix of known and unknown facts — for benchmarks and tests.

use crate::compile::facts::FactType;
use serde_json::{Map, Value, json};

/// Share of facts left unknown (null) in generated profiles.
pub const UNKNOWN_SHARE: f64 = 0.3;

/// A generator of profiles from the fact-type table, seeded for reproducibility.
pub struct Generator<'a> {
    facts: &'a FactType,
    rng: fastrand::Rng,
}

impl<'a> Generator<'a> {
    pub fn new(facts: &'a FactType, seed: u64) -> Generator<'a> {
        Generator {
            facts,
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    /// The `n`-th profile: an id, a name and a facts document (no sources or citations).
    pub fn profile(&mut self, n: u64) -> Value {
        let facts = self.value(self.facts, 0).unwrap_or_else(|| json!({}));
        let a = (b'A' + (n % 26) as u8) as char;
        let b = (b'A' + ((n / 26) % 26) as u8) as char;
        json!({
            "id": format!("{a}{b}"),
            "name": format!("Synthetic subject {n}"),
            "as_of": "2021-06",
            "sources": {},
            "facts": facts,
            "citations": {},
        })
    }

    /// A random value of type `t`; `None` stands for an absent fact.
    fn value(&mut self, t: &FactType, depth: usize) -> Option<Value> {
        let unknown =
            depth > 0 && !matches!(t, FactType::Object(_)) && self.rng.f64() < UNKNOWN_SHARE;
        if unknown {
            return if self.rng.bool() {
                None
            } else {
                Some(Value::Null)
            };
        }
        Some(match t {
            FactType::Bool => Value::Bool(self.rng.bool()),
            FactType::Number => json!(self.rng.u32(0..1500)),
            FactType::String { values: Some(vs) } if !vs.is_empty() => {
                Value::String(vs[self.rng.usize(0..vs.len())].clone())
            }
            FactType::String { .. } => Value::String(
                ["Huawei", "Ericsson", "Nokia", "ZTE", "Samsung"][self.rng.usize(0..5)].into(),
            ),
            FactType::Date => Value::String(format!(
                "20{:02}-{:02}-{:02}",
                self.rng.u8(15..25),
                self.rng.u8(1..13),
                self.rng.u8(1..29)
            )),
            FactType::Array(item) => {
                let len = self.rng.usize(0..4);
                Value::Array(
                    (0..len)
                        .filter_map(|_| self.value(item, depth + 1).filter(|v| !v.is_null()))
                        .collect(),
                )
            }
            FactType::Object(props) => {
                let mut map = Map::new();
                for (k, pt) in props {
                    if let Some(v) = self.value(pt, depth + 1) {
                        map.insert(k.clone(), v);
                    }
                }
                Value::Object(map)
            }
            FactType::Any => Value::Null,
        })
    }
}
