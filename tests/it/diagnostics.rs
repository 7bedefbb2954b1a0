//! Diagnostics for bad rulebooks and profiles: each names the file, the JSON pointer and
//! line:column, and says what to do. One snapshot per case.

use rulecard::Engine;
use rulecard::load::Document;
use serde_json::{Value, json};

fn header() -> Value {
    json!({"rulebook": {
        "id": "t", "version": "1.0.0", "title": "T",
        "source": {"title": "Paper"},
        "categories": {"5g-security": {"title": "5G", "description": "d"}},
        "references": {"paper": {"title": "Paper"}},
        "extensions": ["dsr-western-balkans"]
    }})
}

fn rule(check: Value) -> Value {
    json!({
        "id": "r1", "title": "R", "category": "5g-security", "weight": 1,
        "recommendation": {"text": "t", "section": "s"},
        "check": check,
        "explain": {"pass": "p", "fail": "f"},
        "sources": ["paper"]
    })
}

fn leaf() -> Value {
    json!({"fact": "/clean_network/joined", "op": "eq", "value": true})
}

/// Compile a rulebook of a header file and a rules file; the rendered diagnostics.
fn diagnose(rules: Value) -> String {
    diagnose_text(&serde_json::to_string_pretty(&rules).unwrap())
}

fn diagnose_text(rules_text: &str) -> String {
    diagnose_under(&header(), rules_text)
}

/// Compile a rulebook of `header` and a rules file of `rules_text`; the rendered diagnostics.
fn diagnose_under(header: &Value, rules_text: &str) -> String {
    let docs: Result<Vec<Document>, _> = [
        Document::parse(
            "rules/rulebook.json",
            serde_json::to_string_pretty(header).unwrap(),
        ),
        Document::parse("rules/r.json", rules_text.to_string()),
    ]
    .into_iter()
    .collect();
    match docs {
        Err(e) => e.to_string(),
        Ok(docs) => match Engine::from_documents(&docs) {
            Ok(_) => "compiled without problems".into(),
            Err(problems) => problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        },
    }
}

fn with(mut r: Value, key: &str, v: Value) -> Value {
    r[key] = v;
    r
}

#[test]
fn a_valid_rule_compiles() {
    assert_eq!(
        diagnose(json!({"rules": [rule(leaf())]})),
        "compiled without problems"
    );
}

#[test]
fn rule_diagnostics() {
    let cases: Vec<(&str, Value)> = vec![
        (
            "unknown_fact_near_miss",
            json!({"rules": [rule(json!({"fact": "/five_g/high_risk_vendor/vendor_excluded", "op": "eq", "value": true}))]}),
        ),
        (
            "operator_type_mismatch",
            json!({"rules": [rule(json!({"fact": "/clean_network/joined", "op": "gt", "value": 1}))]}),
        ),
        (
            "enum_value_typo",
            json!({"rules": [rule(json!({"fact": "/five_g/eu_toolbox/commitment", "op": "in", "value": ["implementing", "comitted"]}))]}),
        ),
        (
            "unknown_operator",
            json!({"rules": [rule(json!({"fact": "/clean_network/joined", "op": "equals", "value": true}))]}),
        ),
        (
            "duplicate_rule_ids",
            json!({"rules": [rule(leaf()), rule(leaf())]}),
        ),
        (
            "zero_weight",
            json!({"rules": [with(rule(leaf()), "weight", json!(0))]}),
        ),
        (
            "negative_weight",
            json!({"rules": [with(rule(leaf()), "weight", json!(-2))]}),
        ),
        (
            "credit_above_one",
            json!({"rules": [with(rule(leaf()), "partial", json!([{"when": leaf(), "credit": 1.5, "explain": "x"}]))]}),
        ),
        (
            "unknown_category",
            json!({"rules": [with(rule(leaf()), "category", json!("5g-securty"))]}),
        ),
        (
            "unknown_source",
            json!({"rules": [with(rule(leaf()), "sources", json!(["papr"]))]}),
        ),
        (
            "invalid_date",
            json!({"rules": [rule(json!({"fact": "/clean_network/date", "op": "before", "value": "2020-13-01"}))]}),
        ),
        (
            "exists_with_value",
            json!({"rules": [rule(json!({"fact": "/clean_network/joined", "op": "exists", "value": true}))]}),
        ),
        (
            "contains_on_scalar",
            json!({"rules": [rule(json!({"fact": "/clean_network/joined", "op": "contains", "value": true}))]}),
        ),
        (
            "quantifier_over_scalar",
            json!({"rules": [rule(json!({"some": "/clean_network/joined", "where": leaf()}))]}),
        ),
        (
            "unknown_field_in_rule",
            json!({"rules": [with(rule(leaf()), "wieght", json!(1))]}),
        ),
        (
            "not_a_condition",
            json!({"rules": [rule(json!({"fakt": "/clean_network/joined", "op": "eq", "value": true}))]}),
        ),
        ("no_rules", json!({"rules": []})),
        (
            "at_least_more_than_children",
            json!({"rules": [rule(json!({"at_least": 3, "of": [leaf(), leaf()]}))]}),
        ),
    ];
    for (name, rules) in cases {
        insta::assert_snapshot!(name, diagnose(rules));
    }
}

/// Compile `rules` under a header whose `extensions` is `extensions`.
fn diagnose_with_extensions(extensions: Value, rules: Value) -> String {
    let mut h = header();
    h["rulebook"]["extensions"] = extensions;
    diagnose_under(&h, &serde_json::to_string_pretty(&rules).unwrap())
}

#[test]
fn a_fact_of_an_undeclared_extension_is_refused_with_the_fix() {
    let rules = json!({"rules": [rule(leaf())]});
    insta::assert_snapshot!(
        "extension_not_declared",
        diagnose_with_extensions(json!([]), rules.clone())
    );
    insta::assert_snapshot!(
        "extension_unknown",
        diagnose_with_extensions(json!(["dsr-western-balkan"]), rules)
    );
    // A rule on the general core needs no extension.
    assert_eq!(
        diagnose_with_extensions(
            json!([]),
            json!({"rules": [rule(json!({"fact": "/jurisdiction/eu_status", "op": "eq", "value": "member"}))]})
        ),
        "compiled without problems"
    );
}

#[test]
fn nesting_deeper_than_the_bound_is_refused() {
    let mut e = leaf();
    for _ in 0..40 {
        e = json!({"not": e});
    }
    insta::assert_snapshot!(diagnose(json!({"rules": [rule(e)]})));
}

#[test]
fn json_syntax_diagnostics_carry_line_and_column() {
    insta::assert_snapshot!(
        "trailing_comma",
        diagnose_text("{\n  \"rules\": [\n  ],\n}")
    );
    insta::assert_snapshot!(
        "duplicate_key",
        diagnose_text("{\n  \"rules\": [],\n  \"rules\": []\n}")
    );
    insta::assert_snapshot!("truncated", diagnose_text("{\n  \"rules\": [\n"));
    insta::assert_snapshot!("bom", diagnose_text("\u{feff}{}"));
    insta::assert_snapshot!("nan", diagnose_text("{\"rules\": [NaN]}"));
}

fn profile(facts: Value, citations: Value, sources: Value) -> String {
    let engine = Engine::load(rulecard::Origin::Embedded).unwrap();
    let text = serde_json::to_string_pretty(&json!({
        "id": "ZZ", "name": "Z", "as_of": "2021-06",
        "sources": sources, "facts": facts, "citations": citations
    }))
    .unwrap();
    let doc = Document::parse("fixtures/z.json", text).unwrap();
    match engine.profiles_from_documents(&[doc]) {
        Ok(_) => "loaded without problems".into(),
        Err(problems) => problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[test]
fn profile_provenance_diagnostics() {
    let facts = json!({"clean_network": {"joined": true}});
    let fn28 = json!({"fn28": {"footnote": 28, "kind": "official", "title": "Historic day"}});
    assert_eq!(
        profile(
            facts.clone(),
            json!({"/clean_network/joined": {"sources": ["fn28"]}}),
            fn28.clone()
        ),
        "loaded without problems"
    );
    insta::assert_snapshot!(
        "citing_unknown_source",
        profile(
            facts.clone(),
            json!({"/clean_network/joined": {"sources": ["fn82"]}}),
            fn28.clone()
        )
    );
    insta::assert_snapshot!(
        "uncited_fact",
        profile(facts.clone(), json!({}), fn28.clone())
    );
    insta::assert_snapshot!(
        "citation_of_unknown_fact",
        profile(
            facts,
            json!({"/clean_network/joined": {"sources": ["fn28"]}, "/clean_network/joind": {"sources": ["fn28"]}}),
            fn28.clone()
        )
    );
    insta::assert_snapshot!(
        "profile_unknown_fact",
        profile(
            json!({"clean_network": {"joined": true, "joined_on": "2020-08"}}),
            json!({"/clean_network": {"sources": ["fn28"]}}),
            fn28
        )
    );
}

/// One run reports every mistake of a rule file, in line order, each with its source line
/// underlined; `--error-format json` gives the same diagnostics as JSON objects.
#[test]
fn every_mistake_of_a_file_in_one_run_with_snippets_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = tmp.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad/header.json"),
        rules.join("rulebook.json"),
    )
    .unwrap();
    std::fs::write(
        rules.join("rules.json"),
        r#"{"rules": [
 {"id": "a", "title": "t", "category": "5g-security", "weight": 1, "recommendation": {"text": "t", "section": "s"},
  "check": {"fact": "/eu/in_5g_ppp", "op": "eq", "value": true}, "explain": {"pass": "p", "fail": "f"}, "sources": ["paper"]},
 {"id": "a", "title": "t", "category": "5g-securty", "weight": 1, "recommendation": {"text": "t", "section": "s"},
  "check": {"fact": "/eu/in_5g_pp", "op": "eq", "value": true}, "explain": {"pass": "p", "fail": "f"}, "sources": ["papr"]}
]}
"#,
    )
    .unwrap();
    let o = crate::common::run_in(tmp.path(), &["check", "--rules", "rules"], &[]);
    assert_eq!(o.status.code(), Some(2));
    insta::assert_snapshot!("four_mistakes_one_run", crate::common::stderr(&o));

    let o = crate::common::run_in(
        tmp.path(),
        &["check", "--rules", "rules", "--error-format", "json"],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = crate::common::stderr(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    let category = lines
        .iter()
        .find(|d| d["pointer"] == "/rules/1/category")
        .expect("the unknown category");
    assert_eq!(category["line"], 4);
    assert_eq!(category["help"], "did you mean \"5g-security\"?");
    assert_eq!(category["snippet"]["width"], 10);
}
