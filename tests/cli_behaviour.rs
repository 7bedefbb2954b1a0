//! The command line's contract: exit codes, atomic output files, colour rules, bad paths.

mod common;
use common::{ok, run, run_in, stderr, stdout};
use std::path::Path;

#[test]
fn scorecard_is_deterministic() {
    assert_eq!(
        ok(&["scorecard", "--format", "json"]),
        ok(&["scorecard", "--format", "json"])
    );
}

#[test]
fn fail_under_gates_with_exit_1() {
    let o = run(&["scorecard", "--fail-under", "1.0"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("below --fail-under"));
    assert_eq!(
        run(&["scorecard", "RS", "--fail-under", "0"]).status.code(),
        Some(0)
    );
    // A score on too little evidence to be graded (Kosovo in the paper's view) cannot show
    // the gate is met, and says so.
    let o = run(&[
        "scorecard",
        "XK",
        "--as-of",
        "2021-06-30",
        "--only-sources",
        "paper",
        "--fail-under",
        "0",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not graded: coverage"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_2_with_a_hint() {
    let o = run(&["explain", "hrv-restriction", "RS"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean \"hrv-restrictions\""),
        "{}",
        stderr(&o)
    );
    let o = run(&["audit", "Atlantis"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no profile \"Atlantis\""));
    let o = run(&["scorecard", "--lens", "civil-liberty"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean \"civil-liberties\""),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        run(&["scorecard", "--as-of", "June 2020"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["no-such-command"]).status.code(), Some(2));
}

#[test]
fn bad_paths_exit_2_naming_the_path() {
    let o = run(&["scorecard", "--rules", "no/such/dir"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no/such/dir: not found"),
        "{}",
        stderr(&o)
    );
    let o = run(&["audit", "no-such-file.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-file.json: not found"));
    let o = run(&["scorecard", "--fixtures", "Cargo.toml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn output_file_is_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("card.html");
    let t = target.to_str().unwrap();
    let o = run(&["scorecard", "--format", "html", "-o", t]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "data goes to the file, not stdout");
    let html = std::fs::read_to_string(&target).unwrap();
    assert!(html.trim_end().ends_with("</html>"));

    // A failing run (bad rules) leaves the previous file untouched and no temporary behind.
    let o = run(&[
        "scorecard",
        "--format",
        "html",
        "-o",
        t,
        "--rules",
        "no/such/dir",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), html);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // A failing run never creates a new file.
    let fresh = dir.path().join("fresh.json");
    let o = run(&["audit", "Atlantis", "-o", fresh.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!fresh.exists());
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Not a terminal: no escape codes by default.
    let plain = stdout(&run(&["scorecard"]));
    assert!(!plain.contains('\u{1b}'));
    let forced = stdout(&run(&["scorecard", "--color", "always"]));
    assert!(forced.contains('\u{1b}'), "--color always colours");
    let no_color = stdout(&run_in(root, &["audit", "RS"], &[("NO_COLOR", "1")]));
    assert!(!no_color.contains('\u{1b}'));
}

#[test]
fn text_scorecard_fits_80_columns() {
    for line in ok(&["scorecard", "--color", "never"]).lines() {
        assert!(
            line.chars().count() <= 80,
            "line too wide ({}): {line}",
            line.chars().count()
        );
    }
}

#[test]
fn schema_command_prints_each_published_schema() {
    for which in ["rulebook", "profile", "report"] {
        let text = ok(&["schema", which]);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(v["$schema"].as_str().unwrap().contains("2020-12"));
    }
}

#[test]
fn completions_are_generated() {
    assert!(ok(&["completions", "bash"]).contains("rulecard"));
}

#[test]
fn only_sources_filters_evidence_and_says_so() {
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        "scorecard",
        "--only-sources",
        "paper",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["only_sources"], serde_json::json!(["paper"]));
    let text = ok(&["scorecard", "--only-sources", "paper,official"]);
    assert!(
        text.contains("on paper and official sources only"),
        "{text}"
    );
    let o = run(&["scorecard", "--only-sources", "offical"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean \"official\"?"),
        "{}",
        stderr(&o)
    );
}
