//! As-of evaluation, attributed diffs, lens sensitivity and waivers, through the CLI.

mod common;
use common::{ok, run, stderr, stdout};
use proptest::prelude::*;
use rulecard::{Engine, Origin};

#[test]
fn scorecard_as_of_two_dates() {
    for date in ["2020-06-01", "2021-06-30"] {
        insta::assert_snapshot!(
            format!("scorecard_as_of_{date}"),
            ok(&["scorecard", "--as-of", date, "--color", "never"])
        );
    }
}

#[test]
fn diff_between_dates_attributes_changes_to_dated_facts() {
    let text = ok(&["diff", "--from", "2020-06-01", "--to", "2021-06-30"]);
    insta::assert_snapshot!("diff_dates_text", text);
    insta::assert_snapshot!(
        "diff_dates_markdown",
        ok(&[
            "diff",
            "--from",
            "2020-06-01",
            "--to",
            "2021-06-30",
            "--format",
            "markdown"
        ])
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        "diff",
        "--from",
        "2020-06-01",
        "--to",
        "2021-06-30",
        "--format",
        "json",
    ]))
    .unwrap();
    for id in ["AL", "XK"] {
        let p = json["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("{id} changed"));
        let rule = p["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == "hrv-restrictions")
            .unwrap();
        assert_eq!(rule["verdict"], serde_json::json!(["fail", "partial"]));
        assert!(
            !rule["facts"].as_array().unwrap().is_empty(),
            "{id}: the change names its facts"
        );
        assert!(
            p["events"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["fact"] == "/clean_network/joined" && e["to"] == true),
            "{id}: the Clean Network membership is among the recorded changes"
        );
    }
}

#[test]
fn diff_gates_only_when_asked() {
    assert_eq!(
        run(&["diff", "--from", "2020-06-01", "--to", "2021-06-30"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&[
            "diff",
            "--from",
            "2020-06-01",
            "--to",
            "2021-06-30",
            "--fail-on-change"
        ])
        .status
        .code(),
        Some(1)
    );
    assert_eq!(
        run(&[
            "diff",
            "--from",
            "2021-06-30",
            "--to",
            "2021-06-30",
            "--fail-on-change"
        ])
        .status
        .code(),
        Some(0)
    );
    assert_eq!(run(&["diff"]).status.code(), Some(2));
}

#[test]
fn diff_of_saved_reports_and_of_rulebook_versions() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    ok(&[
        "scorecard",
        "--format",
        "json",
        "--as-of",
        "2020-06-01",
        "-o",
        a.to_str().unwrap(),
    ]);
    ok(&["scorecard", "--format", "json", "-o", b.to_str().unwrap()]);
    let text = ok(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert!(text.contains("hrv-restrictions: fail → partial"), "{text}");

    // A second rulebook version: hrv-restrictions gives no partial credit any more.
    let v2 = dir.path().join("rules-v2");
    std::fs::create_dir(&v2).unwrap();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            let text = std::fs::read_to_string(&path).unwrap().replace(
                "\"credit\": 0.5,\n          \"explain\": \"High-risk vendors are restricted only",
                "\"credit\": 0.25,\n          \"explain\": \"High-risk vendors are restricted only",
            );
            std::fs::write(v2.join(path.file_name().unwrap()), text).unwrap();
        }
    }
    let o = run(&[
        "diff",
        "--rules-from",
        concat!(env!("CARGO_MANIFEST_DIR"), "/rules"),
        "--rules-to",
        v2.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("hrv-restrictions: partial → partial (score 50% → 25%)"),
        "{text}"
    );
    // The rule change is named for what it is, not mistaken for a weight change.
    assert!(text.contains("rule: partial/0 credit 0.5 → 0.25"), "{text}");
    assert!(!text.contains("weight 3 → 6"), "{text}");
}

#[test]
fn lens_sensitivity_table() {
    insta::assert_snapshot!(
        "sensitivity_text",
        ok(&["scorecard", "--sensitivity", "--color", "never"])
    );
    insta::assert_snapshot!(
        "sensitivity_markdown",
        ok(&["scorecard", "--sensitivity", "--format", "markdown"])
    );
}

#[test]
fn waived_and_expired_waivers() {
    let waivers = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/waivers.json");
    insta::assert_snapshot!(
        "audit_rs_waived",
        ok(&["audit", "RS", "--waivers", waivers, "--color", "never"])
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        "audit",
        "RS",
        "--waivers",
        waivers,
        "--format",
        "json",
    ]))
    .unwrap();
    let p = &json["profiles"][0];
    assert_eq!(p["counts"]["waived"], 1);
    let v = |rule: &str| {
        p["verdicts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["rule"] == rule)
            .unwrap()
            .clone()
    };
    assert_eq!(v("camera-register")["waiver"]["state"], "active");
    assert_eq!(
        v("camera-register")["verdict"],
        "partial",
        "the raw verdict stays visible"
    );
    assert_eq!(v("frt-consultation")["waiver"]["state"], "expired");
    let plain: serde_json::Value =
        serde_json::from_str(&ok(&["audit", "RS", "--format", "json"])).unwrap();
    assert_ne!(
        plain["profiles"][0]["score"], p["score"],
        "an active waiver leaves the score"
    );

    let bad = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad.path(), r#"{"waivers": [{"profile": "RS", "rule": "camera-registry", "justification": "long enough reason", "author": "a", "expires": "2030-01-01"}]}"#).unwrap();
    let o = run(&["audit", "RS", "--waivers", bad.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean \"camera-register\""),
        "{}",
        stderr(&o)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Evaluating as of any day from a profile's `as_of` (its newest evidence) on equals
    /// evaluating the current document.
    #[test]
    fn as_of_after_every_change_is_the_current_document(days in 0i64..20_000) {
        let engine = Engine::load(Origin::Embedded).unwrap();
        let profiles = engine.load_profiles(Origin::Embedded).unwrap();
        for p in &profiles {
            let as_of: jiff::civil::Date = p.as_of.parse().unwrap();
            let day = as_of.checked_add(jiff::Span::new().days(days)).unwrap();
            prop_assert_eq!(&rulecard::history::facts_as_of(p, day), &p.facts);
        }
    }
}

/// A profile report whose verdicts carry the given (weight, score) states, with its score the
/// weighted mean of what is decided (0 when nothing is), as the scorer computes it.
fn with_states(
    template: &rulecard::report::ProfileReport,
    states: &[Option<(f64, f64)>],
) -> rulecard::report::ProfileReport {
    use rulecard::eval::verdict::Verdict;
    let mut p = template.clone();
    let base = template.verdicts[0].clone();
    p.verdicts = states
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut v = base.clone();
            v.rule = format!("rule-{i}");
            v.waiver = None;
            match s {
                Some((w, score)) => {
                    v.weight = *w;
                    v.score = Some(*score);
                    v.verdict = Verdict::Partial;
                }
                None => {
                    v.score = None;
                    v.verdict = Verdict::InsufficientData;
                }
            }
            v
        })
        .collect();
    let (earned, decided) = states
        .iter()
        .flatten()
        .fold((0.0, 0.0), |(e, d), (w, s)| (e + w * s, d + w));
    p.score = Some(if decided > 0.0 { earned / decided } else { 0.0 });
    p
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// However many rules move (few enough for exact Shapley values, or more than a 64-bit
    /// mask holds), the parts of a score change add up to the change.
    #[test]
    fn attribution_parts_add_up_to_the_score_change(
        states in prop::collection::vec(
            (
                prop::option::of((0.5f64..5.0, 0.0f64..=1.0)),
                prop::option::of((0.5f64..5.0, 0.0f64..=1.0)),
            ),
            1..90,
        )
    ) {
        let engine = Engine::load(Origin::Embedded).unwrap();
        let profiles = engine.load_profiles(Origin::Embedded).unwrap();
        let report = engine.report(&profiles[..1], None, None).unwrap();
        let template = &report.profiles[0];
        let from: Vec<_> = states.iter().map(|s| s.0).collect();
        let to: Vec<_> = states.iter().map(|s| s.1).collect();
        let (a, b) = (with_states(template, &from), with_states(template, &to));
        let parts = rulecard::diff::attribute(&a, &b);
        let total: f64 = parts.iter().map(|p| p.part).sum();
        let change = b.score.unwrap() - a.score.unwrap();
        prop_assert!((total - change).abs() < 1e-9, "parts {total} vs change {change}");
        for p in &parts {
            let i: usize = p.rule["rule-".len()..].parse().unwrap();
            prop_assert_ne!(states[i].0, states[i].1, "an unmoved rule gets no part");
        }
    }
}
