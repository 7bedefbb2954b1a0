//! The shipped rulebook and fixtures: they compile, their examples hold, every source
//! resolves, and the report they produce matches the published schema.

use rulecard::eval::verdict::Verdict;
use rulecard::validate::Schemas;
use rulecard::{Engine, Origin};

fn engine() -> Engine {
    Engine::load(Origin::Embedded)
        .unwrap_or_else(|p| panic!("the shipped rulebook compiles: {p:#?}"))
}

#[test]
fn rulebook_has_the_recommendations_of_the_paper() {
    let e = engine();
    assert_eq!(e.program().header.id, "dsr-western-balkans");
    for id in [
        "toolbox-commitment",
        "hrv-restrictions",
        "multi-vendor",
        "tender-transparency",
        "procurement-disclosure",
        "frt-legal-basis",
        "frt-oversight",
        "frt-consultation",
        "camera-register",
        "partner-diversification",
    ] {
        assert!(e.program().rule(id).is_some(), "rule {id} is missing");
    }
}

#[test]
fn every_rule_example_gives_its_verdict_and_examples_cover_every_branch() {
    let e = engine();
    let failures = e.program().check_examples();
    assert!(
        failures.is_empty(),
        "{}",
        failures
            .iter()
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for rule in &e.program().rules {
        let has = |v: Verdict| rule.examples.iter().any(|x| x.expect == v);
        assert!(has(Verdict::Pass), "{}: no pass example", rule.id);
        assert!(has(Verdict::Fail), "{}: no fail example", rule.id);
        assert!(
            has(Verdict::InsufficientData),
            "{}: no insufficient-data example",
            rule.id
        );
        if !rule.partial.is_empty() {
            assert!(
                has(Verdict::Partial),
                "{}: has partial credit but no partial example",
                rule.id
            );
        }
        if rule.applies_if.is_some() {
            assert!(
                has(Verdict::NotApplicable),
                "{}: is conditional but has no not-applicable example",
                rule.id
            );
        }
    }
}

#[test]
fn six_fixtures_load_with_every_fact_cited_and_every_source_resolved() {
    let e = engine();
    let profiles = e
        .load_profiles(Origin::Embedded)
        .unwrap_or_else(|p| panic!("fixtures load: {p:#?}"));
    let mut ids: Vec<&str> = profiles.iter().map(|p| p.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["AL", "BA", "ME", "MK", "RS", "XK"]);
    for p in &profiles {
        for c in &p.history {
            assert!(
                p.sources.contains_key(&c.source),
                "{}: history cites unknown {}",
                p.id,
                c.source
            );
        }
        // The newest change to each fact must agree with the current facts document.
        let mut facts: Vec<&str> = p
            .history
            .iter()
            .filter(|c| !c.added)
            .map(|c| c.fact.as_str())
            .collect();
        facts.dedup();
        for f in facts {
            let newest = p
                .history
                .iter()
                .filter(|c| c.fact == f)
                .max_by(|a, b| a.date.cmp(&b.date))
                .unwrap();
            assert_eq!(
                p.facts
                    .pointer(f)
                    .cloned()
                    .unwrap_or(serde_json::Value::Null),
                newest.to,
                "{}: {f} disagrees with its history",
                p.id
            );
        }
    }
}

#[test]
fn reports_match_the_published_schema() {
    let e = engine();
    let profiles = e.load_profiles(Origin::Embedded).unwrap();
    let schemas = Schemas::new();
    for lens in [None, Some("eu-accession"), Some("civil-liberties")] {
        for as_of in [None, Some("2020-06-01")] {
            let report = e.report(&profiles, lens, as_of).unwrap();
            let json = serde_json::to_value(&report).unwrap();
            let errors = schemas.report(&json);
            assert!(errors.is_empty(), "{lens:?} {as_of:?}: {errors:#?}");
        }
    }
}

#[test]
fn evaluating_as_of_after_every_change_equals_the_current_document() {
    let e = engine();
    let profiles = e.load_profiles(Origin::Embedded).unwrap();
    let now = e.report(&profiles, None, None).unwrap();
    let later = e.report(&profiles, None, Some("2030-01-01")).unwrap();
    for (a, b) in now.profiles.iter().zip(&later.profiles) {
        let judged = |p: &rulecard::report::ProfileReport| {
            p.verdicts
                .iter()
                .map(|v| (v.rule.clone(), v.verdict, v.score, v.trace.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(judged(a), judged(b), "{}", a.id);
        assert_eq!(a.score, b.score);
    }
}
