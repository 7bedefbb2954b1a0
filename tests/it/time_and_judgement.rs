//! As-of evaluation, attributed diffs, lens sensitivity and waivers, through the CLI.

use crate::common::{ok, run, stderr, stdout};
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

// Regression tests for answers a reader could not check: each names the wrong answer it
// guards against.

fn json_of(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(args)).expect("JSON output")
}

/// The string `field` of every object in the JSON array `list`.
fn strings<'a>(list: &'a serde_json::Value, field: &str) -> Vec<&'a str> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|x| x[field].as_str().expect("a string field"))
        .collect()
}

fn verdict_of(report: &serde_json::Value, rule: &str) -> serde_json::Value {
    report["profiles"][0]["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["rule"] == rule)
        .unwrap_or_else(|| panic!("rule {rule} in the report"))
        .clone()
}

/// An undated memorandum reported in 2021 is not credited in 2019 (nor in 1900): before the
/// evidence for a fact existed, the fact is unknown unless its history says otherwise.
#[test]
fn no_credit_before_the_evidence_existed() {
    for day in ["2019-01-01", "1900-01-01"] {
        let r = json_of(&[
            "explain",
            "hrv-restrictions",
            "MK",
            "--as-of",
            day,
            "--format",
            "json",
        ]);
        let v = verdict_of(&r, "hrv-restrictions");
        assert_ne!(v["verdict"], "partial", "{day}: {v}");
        assert_ne!(v["verdict"], "pass", "{day}: {v}");
    }
    // The paper's view credits it (June 2021), so the dates, not the data, made the change.
    let r = json_of(&[
        "explain",
        "hrv-restrictions",
        "MK",
        "--as-of",
        "2021-06-30",
        "--only-sources",
        "paper",
        "--format",
        "json",
    ]);
    assert_eq!(verdict_of(&r, "hrv-restrictions")["verdict"], "partial");
}

/// Evaluating after a profile's newest evidence is allowed but says so, in the report and on
/// the page.
#[test]
fn evaluating_outside_the_evidence_says_so() {
    let text = ok(&["audit", "RS", "--as-of", "2030-01-01", "--color", "never"]);
    assert!(
        text.contains("after this profile's newest evidence"),
        "{text}"
    );
    let r = json_of(&["audit", "RS", "--as-of", "2030-01-01", "--format", "json"]);
    assert_eq!(r["profiles"][0]["outside_evidence"]["side"], "after");
    let md = ok(&[
        "audit",
        "RS",
        "--as-of",
        "1990-01-01",
        "--format",
        "markdown",
    ]);
    assert!(md.contains("before this profile's oldest evidence"), "{md}");
    let today = json_of(&["audit", "RS", "--format", "json"]);
    assert!(today["profiles"][0].get("outside_evidence").is_none());
}

/// `--as-of` takes the forms the data uses; a month or a year means its last day, and the
/// command says which day it used.
#[test]
fn as_of_month_and_year_mean_the_end_of_the_period() {
    let o = run(&["scorecard", "--as-of", "2021-06", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("2021-06-30"), "{}", stderr(&o));
    let month: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let day = json_of(&["scorecard", "--as-of", "2021-06-30", "--format", "json"]);
    assert_eq!(month, day);
    let year = json_of(&["scorecard", "--as-of", "2020", "--format", "json"]);
    assert_eq!(year["as_of"], "2020-12-31");
    assert_eq!(
        run(&["scorecard", "--as-of", "2021-13"]).status.code(),
        Some(2)
    );
}

/// A rulebook version that adds or removes a rule: the diff names the rules and what they
/// did to each profile, instead of moving scores for no stated reason.
#[test]
fn diff_names_rules_added_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for d in [&a, &b] {
        std::fs::create_dir(d).unwrap();
    }
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            std::fs::copy(&path, a.join(path.file_name().unwrap())).unwrap();
            // The later version drops the surveillance rules.
            if !path.ends_with("surveillance.json") {
                std::fs::copy(&path, b.join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let text = ok(&["diff", "--rules-from", a, "--rules-to", b]);
    assert!(text.contains("rule removed: frt-legal-basis"), "{text}");
    assert!(text.contains("frt-legal-basis: fail → (no rule)"), "{text}");
    let back = ok(&["diff", "--rules-from", b, "--rules-to", a]);
    assert!(back.contains("rule added: camera-register"), "{back}");
    let json = json_of(&[
        "diff",
        "--rules-from",
        a,
        "--rules-to",
        b,
        "--format",
        "json",
    ]);
    let removed = strings(&json["rules_removed"], "id");
    assert!(removed.contains(&"frt-consultation"), "{removed:?}");
    // Serbia failed the surveillance rules: removing them raises its score, and the change
    // is attributed to them.
    let rs = json["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "RS")
        .expect("Serbia changed");
    let parts = strings(&rs["attribution"], "rule");
    assert!(parts.contains(&"frt-legal-basis"), "{parts:?}");
}

/// A safeguards rule never tells a country to start deploying facial recognition to pass:
/// what applicability needs is said apart, and so is how the rule would stop applying.
#[test]
fn counterfactuals_keep_applicability_apart() {
    let r = json_of(&[
        "audit",
        "AL",
        "--as-of",
        "2021-06-30",
        "--only-sources",
        "paper",
        "--format",
        "json",
    ]);
    let v = verdict_of(&r, "frt-oversight");
    assert_eq!(v["verdict"], "insufficient-data");
    for way in v["counterfactuals"].as_array().unwrap() {
        assert!(
            way["changes"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["fact"] != "/surveillance/facial_recognition/deployed"),
            "deploying is not a change to make: {way}"
        );
    }
    assert_eq!(
        v["would_not_apply_if"][0]["changes"][0]["fact"],
        "/surveillance/facial_recognition/deployed"
    );
    let text = ok(&[
        "audit",
        "AL",
        "--as-of",
        "2021-06-30",
        "--only-sources",
        "paper",
        "--color",
        "never",
    ]);
    assert!(text.contains("(once it applies:"), "{text}");
    assert!(
        text.contains("Would not apply if facial-recognition-capable cameras"),
        "{text}"
    );
}

/// What analysts read is in words: no engine vocabulary in any audit, and facts named by
/// their labels (pointers stay in JSON and in explain).
#[test]
fn audits_speak_plainly() {
    for id in ["AL", "BA", "XK", "ME", "MK", "RS"] {
        for format in ["text", "markdown", "html"] {
            let mut out = ok(&["audit", id, "--format", format, "--color", "never"]);
            // The HTML page folds the trace (the explain view, in the engine's terms) away
            // under "Trace"; everything else is read as prose.
            while let Some(start) = out.find("<details class=\"trace\">") {
                let end = out[start..]
                    .find("</details>")
                    .map_or(out.len(), |e| start + e);
                out.replace_range(start..end, "");
            }
            for jargon in [
                "partial/0",
                "partial/1",
                "applies_if",
                "The check is",
                "satisfied not_",
            ] {
                assert!(!out.contains(jargon), "{id} {format}: {jargon:?}");
            }
        }
    }
    let text = ok(&["audit", "RS", "--color", "never"]);
    assert!(
        text.contains("Would pass if the Toolbox commitment were implementing"),
        "{text}"
    );
    let json = json_of(&["audit", "RS", "--format", "json"]);
    assert_eq!(
        json["profiles"][0]["labels"]["/five_g/eu_toolbox/commitment"],
        "the Toolbox commitment"
    );
}

/// One source, one number: no audit lists the same address twice under two numbers.
#[test]
fn one_source_one_number() {
    for id in ["AL", "BA", "XK", "ME", "MK", "RS"] {
        let r = json_of(&["audit", id, "--format", "json"]);
        let mut urls: Vec<&str> = r["profiles"][0]["sources"]
            .as_object()
            .unwrap()
            .values()
            .filter_map(|s| s["url"].as_str())
            .collect();
        let n = urls.len();
        urls.sort_unstable();
        urls.dedup();
        assert_eq!(urls.len(), n, "{id}: a URL cited under two source ids");
    }
}

/// Sensitivity shows coverage and does not call a ranking stable among ungraded profiles.
#[test]
fn sensitivity_shows_coverage_and_ranks_only_the_graded() {
    let text = ok(&["scorecard", "--sensitivity", "--color", "never"]);
    assert!(text.contains("Coverage"), "{text}");
    assert!(
        !text.contains("the ranking is the same under every lens"),
        "{text}"
    );
    let json = json_of(&["scorecard", "--sensitivity", "--format", "json"]);
    let mk = json["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "MK")
        .unwrap();
    // North Macedonia's coverage is below the grading minimum under the rules' own weights.
    assert!(mk["lenses"][0]["rank"].is_null(), "{mk}");
}

/// What changed since the paper, country by country, and which sources say so.
#[test]
fn diff_since_the_paper() {
    insta::assert_snapshot!(
        "diff_since_paper_text",
        ok(&["diff", "--from", "2021-06-30"])
    );
}

/// Old evidence flags a decided verdict, never an undecided one (it rests on nothing).
#[test]
fn only_decided_verdicts_are_stale() {
    let r = json_of(&["scorecard", "--format", "json"]);
    let mut stale = 0;
    for p in r["profiles"].as_array().unwrap() {
        for v in p["verdicts"].as_array().unwrap() {
            if v["stale"] == true {
                stale += 1;
                assert_ne!(
                    v["verdict"], "insufficient-data",
                    "{}: {}",
                    p["id"], v["rule"]
                );
            }
        }
    }
    assert!(
        stale > 0,
        "the shipped data has verdicts on evidence older than 3 years"
    );
}

/// The paper's own view, June 2021: what the paper and its footnotes say, nothing later.
#[test]
fn the_papers_view() {
    insta::assert_snapshot!(
        "scorecard_paper_view",
        ok(&[
            "scorecard",
            "--as-of",
            "2021-06-30",
            "--only-sources",
            "paper",
            "--color",
            "never"
        ])
    );
}
