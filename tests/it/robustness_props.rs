//! Property tests over generated subjects and rulebooks: evaluation is total and
//! deterministic, every report matches the published schema, and `check` accepts every
//! generated rulebook while rejecting each mutation that breaks it.

use proptest::prelude::*;
use rulecard::compile::facts::FactType;
use rulecard::generate::Generator;
use rulecard::load::Document;
use rulecard::model::Profile;
use rulecard::validate::Schemas;
use rulecard::{Engine, Origin};
use serde_json::{Value, json};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::load(Origin::Embedded).expect("shipped rulebook"))
}

/// Scalar facts of the profile schema with their types (array elements excluded).
fn scalar_facts() -> &'static Vec<(String, FactType)> {
    static FACTS: OnceLock<Vec<(String, FactType)>> = OnceLock::new();
    FACTS.get_or_init(|| {
        let facts = &engine().program().facts;
        facts
            .all_paths()
            .into_iter()
            .filter_map(|p| {
                let t = facts.resolve(&p).ok()?.clone();
                matches!(
                    t,
                    FactType::Bool
                        | FactType::Number
                        | FactType::Date
                        | FactType::String { values: Some(_) }
                )
                .then_some((p, t))
            })
            .collect()
    })
}

/// A well-typed leaf on a real fact.
fn leaf() -> impl Strategy<Value = Value> {
    (0..scalar_facts().len(), 0u32..4).prop_map(|(i, k)| {
        let (path, t) = &scalar_facts()[i];
        match t {
            FactType::Bool => json!({"fact": path, "op": "eq", "value": k % 2 == 0}),
            FactType::Number => {
                let op = ["ge", "lt", "eq", "ne"][k as usize];
                json!({"fact": path, "op": op, "value": k * 100})
            }
            FactType::Date => json!({"fact": path, "op": if k % 2 == 0 { "before" } else { "after" }, "value": "2020-06-01"}),
            FactType::String { values: Some(vs) } if !vs.is_empty() => {
                let v = &vs[k as usize % vs.len()];
                if k % 2 == 0 { json!({"fact": path, "op": "eq", "value": v}) } else { json!({"fact": path, "op": "in", "value": [v]}) }
            }
            _ => json!({"fact": path, "op": "exists"}),
        }
    })
}

fn condition() -> impl Strategy<Value = Value> {
    let quant = prop_oneof![
        Just(
            json!({"some": "/telecom/operators", "where": {"fact": "/state_owned", "op": "eq", "value": true}})
        ),
        Just(
            json!({"count": "/procurement/contracts", "where": {"fact": "/classified", "op": "eq", "value": true}, "op": "ge", "value": 1})
        ),
        Just(
            json!({"every": "/digitalisation/projects", "where": {"fact": "/chinese_partner", "op": "eq", "value": false}})
        ),
    ];
    prop_oneof![4 => leaf(), 1 => quant].prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"all": v})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"any": v})),
            inner.clone().prop_map(|e| json!({"not": e})),
            prop::collection::vec(inner, 2..4).prop_map(|v| json!({"at_least": 1, "of": v})),
        ]
    })
}

fn rulebook() -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec(
        (
            condition(),
            prop::option::of(condition()),
            prop::option::of(condition()),
            1u32..5,
        ),
        1..5,
    )
    .prop_map(|rules| {
        rules
            .into_iter()
            .enumerate()
            .map(|(i, (check, applies, partial, w))| {
                let mut r = json!({
                    "id": format!("rule-{i}"), "title": "Generated", "category": "c", "weight": w,
                    "recommendation": {"text": "t", "section": "s"},
                    "check": check, "explain": {"pass": "p", "fail": "f"}, "sources": ["paper"]
                });
                if let Some(a) = applies {
                    r["applies_if"] = a;
                }
                if let Some(p) = partial {
                    r["partial"] = json!([{"when": p, "credit": 0.5, "explain": "half"}]);
                }
                r
            })
            .collect()
    })
}

fn compile(rules: &[Value]) -> Result<Engine, Vec<String>> {
    let header = json!({"rulebook": {"id": "gen", "version": "0.1.0", "title": "Generated", "source": {"title": "Paper"},
        "categories": {"c": {"title": "C", "description": "d"}}, "references": {"paper": {"title": "Paper"}},
        "extensions": ["dsr-western-balkans"]}});
    let docs = vec![
        Document::parse("rules/rulebook.json", header.to_string()).unwrap(),
        Document::parse("rules/gen.json", json!({"rules": rules}).to_string()).unwrap(),
    ];
    Engine::from_documents(&docs).map_err(|ps| ps.iter().map(|p| p.to_string()).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Any schema-valid subject evaluates without panicking, the same way twice, and its
    /// report validates against the published report schema.
    #[test]
    fn generated_subjects_evaluate_totally_and_report_validly(seed in any::<u64>()) {
        let e = engine();
        let schemas = Schemas::new();
        let mut g = Generator::new(&schemas.profile_json, seed);
        let profiles: Vec<Profile> = (0..4).map(|n| serde_json::from_value(g.profile(n)).unwrap()).collect();
        let report = e.report(&profiles, None, None).unwrap();
        prop_assert_eq!(&report, &e.report(&profiles, None, None).unwrap());
        let json = serde_json::to_value(&report).unwrap();
        let errors = schemas.report(&json);
        prop_assert!(errors.is_empty(), "{:?}", errors);
        for (p, pr) in profiles.iter().zip(&report.profiles) {
            let fast = e.program().verdicts(&p.facts);
            let slow: Vec<_> = pr.verdicts.iter().map(|v| (v.verdict, v.score)).collect();
            prop_assert_eq!(fast, slow);
        }
    }

    /// Every generated rulebook compiles; each mutation that breaks it is rejected.
    #[test]
    fn check_accepts_generated_rulebooks_and_rejects_mutations(rules in rulebook(), which in 0usize..6) {
        prop_assert!(compile(&rules).is_ok(), "{:?}", compile(&rules).err());
        let mut broken = rules.clone();
        let first = &mut broken[0];
        match which {
            0 => first["weight"] = json!(0),
            1 => first["category"] = json!("no-such-category"),
            2 => first["check"] = json!({"fact": "/no/such/fact", "op": "eq", "value": true}),
            3 => first["check"] = json!({"fact": "/clean_network/joined", "op": "equals", "value": true}),
            4 => first["sources"] = json!(["no-such-source"]),
            _ => first["wieght"] = json!(1),
        }
        prop_assert!(compile(&broken).is_err(), "mutation {} was accepted", which);
    }
}
