//! The second shipped rulebook, `eu-5g-toolbox`: it compiles and passes its examples, ships
//! beside the paper's, and the facts an EU member's record needs — a law's dates and court
//! history, removal deadlines by network part, a legal power not yet used — each change a
//! verdict.

use crate::common::{ok, run, stderr};
use rulecard::load::Document;
use rulecard::vocab::verdict::Verdict;
use rulecard::{Engine, Origin};
use serde_json::{Value, json};

fn engine() -> Engine {
    Engine::load(Origin::Shipped("eu-5g-toolbox")).expect("the toolbox rulebook compiles")
}

/// The verdict of `rule` on a profile whose only fact is `instrument`, cited.
fn verdict(engine: &Engine, rule: &str, instrument: Value) -> Verdict {
    let mut p = rulecard::authoring::new_profile(engine.program(), "QQ", "Testland", "2026-11-30");
    p["facts"]["five_g"]["high_risk_vendors"]["instruments"] = json!([instrument]);
    p["sources"] = json!({ "gazette": {
        "kind": "official", "title": "Official gazette", "publisher": "Testland",
        "url": "https://example.org/gazette", "language": "en" } });
    p["citations"] = json!({ "/five_g/high_risk_vendors/instruments": {
        "sources": ["gazette"], "quote": "The act is in force.", "basis": "stated" } });
    let doc = Document::parse("testland.json".to_string(), p.to_string()).unwrap();
    let profiles = engine
        .profiles_from_documents(&[doc])
        .unwrap_or_else(|e| panic!("a valid profile: {e:?}"));
    let report = engine.report(&profiles, None, None).unwrap();
    report.profiles[0]
        .verdicts
        .iter()
        .find(|v| v.rule == rule)
        .unwrap()
        .verdict
}

#[test]
fn both_rulebooks_ship_and_the_default_stays_the_papers() {
    let out = ok(&["check", "--rulebook", "eu-5g-toolbox"]);
    assert!(out.contains("ok: rulebook eu-5g-toolbox"), "{out}");
    assert!(out.contains("rule examples give the expected verdict"));
    let default = ok(&["scorecard", "--format", "json"]);
    assert!(default.contains("\"id\": \"dsr-western-balkans\""));
    let named = ok(&[
        "scorecard",
        "--rulebook",
        "dsr-western-balkans",
        "--format",
        "json",
    ]);
    assert_eq!(named, default, "naming the default changes nothing");
    let toolbox: Value = serde_json::from_str(&ok(&[
        "scorecard",
        "--rulebook",
        "eu-5g-toolbox",
        "--format",
        "json",
    ]))
    .unwrap();
    let ids: Vec<&str> = toolbox["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    for wb in ["AL", "BA", "XK", "ME", "MK", "RS"] {
        assert!(ids.contains(&wb), "{wb} is scored under the toolbox too");
    }
    // The side-by-side table: the six and the member states, every rule, in a reviewed diff.
    insta::assert_snapshot!(
        "toolbox_scorecard",
        ok(&[
            "scorecard",
            "--rulebook",
            "eu-5g-toolbox",
            "--color",
            "never"
        ])
    );
    let o = run(&["scorecard", "--rulebook", "eu-toolbox"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean \"eu-5g-toolbox\"?"),
        "{}",
        stderr(&o)
    );
    let o = run(&[
        "scorecard",
        "--rulebook",
        "eu-5g-toolbox",
        "--rules",
        "rules",
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "--rulebook and --rules exclude each other"
    );
}

#[test]
fn an_unused_legal_power_earns_half_and_its_use_a_pass() {
    let e = engine();
    let power = |used: Value| {
        json!({ "name": "IT security act, power to prohibit critical components", "kind": "law",
                "status": "in-force", "signed": "2021-05-18", "in_force": "2021-05-28",
                "requires": ["power-to-restrict"], "power_used": used })
    };
    assert_eq!(
        verdict(&e, "sm03-restrictions", power(json!(false))),
        Verdict::Partial
    );
    assert_eq!(
        verdict(&e, "sm03-restrictions", power(json!(true))),
        Verdict::Pass
    );
    assert_eq!(
        verdict(&e, "sm03-restrictions", power(Value::Null)),
        Verdict::InsufficientData
    );
}

#[test]
fn a_laws_dates_and_court_history_change_the_verdict() {
    let e = engine();
    let law = |status: &str, rulings: Value| {
        json!({ "name": "Licence conditions excluding high-risk suppliers", "kind": "licence-condition",
                "status": status, "signed": "2020-10-20", "requires": ["exclude-new", "remove-existing"],
                "removal_deadlines": [{ "part": "core", "by": "2025-01-01" }],
                "court_rulings": rulings })
    };
    let upheld = json!([{ "court": "Administrative court of appeal", "date": "2022-06", "outcome": "upheld" }]);
    let annulled =
        json!([{ "court": "Administrative court", "date": "2021-06-22", "outcome": "annulled" }]);
    assert_eq!(
        verdict(&e, "sm03-restrictions", law("in-force", upheld.clone())),
        Verdict::Pass
    );
    assert_eq!(
        verdict(&e, "sm03-restrictions", law("adopted", upheld.clone())),
        Verdict::Partial,
        "adopted, not yet in force: in progress"
    );
    assert_eq!(
        verdict(&e, "sm03-restrictions", law("in-force", annulled.clone())),
        Verdict::Fail,
        "a court annulled it"
    );
    assert_eq!(
        verdict(&e, "sm03-removal", law("in-force", upheld)),
        Verdict::Pass
    );
    assert_eq!(
        verdict(&e, "sm03-removal", law("in-force", annulled)),
        Verdict::Fail
    );
}

#[test]
fn a_removal_deadline_by_network_part_changes_the_verdict() {
    let e = engine();
    let removal = |deadlines: Value| {
        json!({ "name": "Agreements on removing critical components", "kind": "regulator-decision",
                "status": "in-force", "requires": ["remove-existing"], "removal_deadlines": deadlines })
    };
    let core = json!([{ "part": "core", "by": "2026-12-31" }, { "part": "radio-access", "by": "2029-12-31" }]);
    let access = json!([{ "part": "radio-access", "by": "2029-12-31" }]);
    assert_eq!(verdict(&e, "sm03-removal", removal(core)), Verdict::Pass);
    assert_eq!(
        verdict(&e, "sm03-removal", removal(access)),
        Verdict::Partial
    );
    assert_eq!(
        verdict(&e, "sm03-removal", removal(Value::Null)),
        Verdict::InsufficientData
    );
    // A period counted from an event (Romania's 5G law: core equipment within five years of
    // a manufacturer's authorisation being withdrawn) is a deadline as much as a date is.
    let period = json!([{ "part": "core", "within_years": 5,
                          "counted_from": "the withdrawal of the manufacturer's authorisation" }]);
    assert_eq!(verdict(&e, "sm03-removal", removal(period)), Verdict::Pass);
}

#[test]
fn a_removal_deadline_needs_a_date_or_a_period() {
    let e = engine();
    let mut p = rulecard::authoring::new_profile(e.program(), "QQ", "Testland", "2026-11-30");
    p["facts"]["five_g"]["high_risk_vendors"]["instruments"] = json!([{
        "name": "An act", "kind": "law", "status": "in-force", "requires": ["remove-existing"],
        "removal_deadlines": [{ "part": "core" }] }]);
    let doc = Document::parse("testland.json".to_string(), p.to_string()).unwrap();
    let problems = e
        .profiles_from_documents(&[doc])
        .expect_err("a deadline with neither");
    let text = format!("{problems:?}");
    assert!(text.contains("removal_deadlines/0"), "{text}");
}

#[test]
fn a_rulebook_reads_an_extension_only_when_it_declares_it() {
    // The toolbox rulebook reads the general core only: a new profile for it carries no
    // fact of the paper's regional extension, and the paper's does.
    let toolbox =
        rulecard::authoring::new_profile(engine().program(), "QQ", "Testland", "2026-11-30");
    assert!(toolbox["facts"].get("washington_agreement").is_none());
    assert!(toolbox["facts"].get("jurisdiction").is_some());
    let paper = Engine::load(Origin::Embedded).unwrap();
    let p = rulecard::authoring::new_profile(paper.program(), "QQ", "Testland", "2026-11-30");
    assert!(p["facts"].get("washington_agreement").is_some());
    assert_eq!(
        paper
            .program()
            .extensions
            .of("/washington_agreement/signed"),
        Some("dsr-western-balkans")
    );
    assert_eq!(
        paper
            .program()
            .extensions
            .of("/five_g/high_risk_vendors/instruments/*/kind"),
        None
    );
}
