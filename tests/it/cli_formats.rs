//! Snapshots of every command in every format on the shipped rulebook and fixtures.
//! Review changes with `cargo insta review`; CI never writes snapshots.

use crate::common::ok;

const FORMATS: [&str; 5] = ["text", "json", "markdown", "csv", "html"];

#[test]
fn scorecard_in_every_format() {
    for format in FORMATS.into_iter().filter(|f| *f != "json") {
        let out = ok(&["scorecard", "--format", format, "--color", "never"]);
        insta::assert_snapshot!(format!("scorecard_{format}"), out);
    }
    // The JSON scorecard is the six audits' reports side by side (each is snapshotted in
    // `audit_of_every_fixture`): check that, instead of a 30,000-line copy of them.
    let all: serde_json::Value =
        serde_json::from_str(&ok(&["scorecard", "--format", "json"])).unwrap();
    for p in all["profiles"].as_array().unwrap() {
        let id = p["id"].as_str().unwrap();
        let one: serde_json::Value =
            serde_json::from_str(&ok(&["audit", id, "--format", "json"])).unwrap();
        assert_eq!(
            &one["profiles"][0], p,
            "{id}: the scorecard and the audit agree"
        );
        assert_eq!(one["rulebook"], all["rulebook"]);
    }
}

/// Every fixture's audit as an analyst reads it (text) and as tools read it (JSON): each
/// change to a fact or a rule is a reviewed diff for the country it touches. The other
/// formats lay out the same report the same way for every country, so one country (Serbia,
/// the paper's focal point) stands for them.
#[test]
fn audit_of_every_fixture() {
    insta::glob!("../../fixtures", "*.json", |path| {
        let path = path.to_str().expect("UTF-8 path");
        for format in ["text", "json"] {
            let out = ok(&["audit", path, "--format", format, "--color", "never"]);
            insta::assert_snapshot!(format!("audit_{format}"), out);
        }
    });
    for format in ["markdown", "csv", "html"] {
        let out = ok(&["audit", "RS", "--format", format, "--color", "never"]);
        insta::assert_snapshot!(format!("audit_RS_{format}"), out);
    }
}

#[test]
fn explain_in_every_format_it_supports() {
    for (rule, profile) in [
        ("hrv-restrictions", "RS"),
        ("multi-vendor", "AL"),
        ("frt-oversight", "RS"),
        ("camera-register", "XK"),
    ] {
        for format in ["text", "markdown", "json"] {
            let out = ok(&[
                "explain", rule, profile, "--format", format, "--color", "never",
            ]);
            insta::assert_snapshot!(format!("explain_{rule}_{profile}_{format}"), out);
        }
    }
}

#[test]
fn check_reports_examples_and_branch_coverage() {
    insta::assert_snapshot!(ok(&["check"]));
}

#[test]
fn lenses_change_weights_not_verdicts() {
    let plain: serde_json::Value =
        serde_json::from_str(&ok(&["scorecard", "--format", "json"])).unwrap();
    let lensed: serde_json::Value = serde_json::from_str(&ok(&[
        "scorecard",
        "--format",
        "json",
        "--lens",
        "civil-liberties",
    ]))
    .unwrap();
    assert_eq!(lensed["rulebook"]["lens"], "civil-liberties");
    for (a, b) in plain["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .zip(lensed["profiles"].as_array().unwrap())
    {
        let verdicts = |p: &serde_json::Value| {
            p["verdicts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["verdict"].clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(verdicts(a), verdicts(b));
    }
    insta::assert_snapshot!(ok(&[
        "scorecard",
        "--lens",
        "civil-liberties",
        "--color",
        "never"
    ]));
}

#[test]
fn agenda_in_every_format() {
    for format in ["text", "json", "markdown", "csv"] {
        let out = ok(&["agenda", "--format", format]);
        insta::assert_snapshot!(format!("agenda_{format}"), out);
    }
    // The paper's view: what the paper leaves open.
    insta::assert_snapshot!(
        "agenda_text_as_of_paper",
        ok(&["agenda", "--as-of", "2021-06-30"])
    );
}
