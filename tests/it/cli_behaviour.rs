//! The command line's contract: exit codes, atomic output files, colour rules, bad paths.

use crate::common::{ok, run, run_in, stderr, stdout};
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

/// Every command that takes `-o` writes its file in every format, text included: `check`
/// once printed its text report to the terminal and wrote nothing.
#[test]
fn every_dash_o_writes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [
        ("check.txt", &["check"][..]),
        ("check.tap", &["check", "--format", "tap"][..]),
        ("audit.txt", &["audit", "RS", "--color", "never"][..]),
        ("agenda.txt", &["agenda"][..]),
    ] {
        let target = dir.path().join(name);
        let mut argv = args.to_vec();
        argv.extend(["-o", target.to_str().unwrap()]);
        let o = run(&argv);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{args:?}: data goes to the file");
        let written = std::fs::read_to_string(&target).unwrap();
        let printed = ok(args);
        assert_eq!(
            written, printed,
            "{args:?}: the file holds what stdout would"
        );
    }
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

/// Every command renders in every format its help offers.
#[test]
fn every_offered_format_is_implemented() {
    let formats = ["text", "json", "markdown", "csv", "html"];
    let commands: [&[&str]; 6] = [
        &["scorecard"],
        &["scorecard", "--sensitivity"],
        &["audit", "RS"],
        &["explain", "frt-oversight", "RS"],
        &["diff", "--from", "2021-06-30"],
        &["agenda"],
    ];
    for cmd in commands {
        let help = ok(&[cmd[0], "--help"]);
        for f in formats {
            assert!(help.contains(f), "{cmd:?} --help offers {f}");
            let mut args = cmd.to_vec();
            args.extend(["--format", f]);
            let out = ok(&args);
            assert!(!out.trim().is_empty(), "{args:?} printed nothing");
        }
    }
}

/// `--fail-under` takes a share (0–1) or a percentage; anything else is a usage error, not
/// a gate that always fails (50) or never does (nan).
#[test]
fn fail_under_is_validated() {
    for bad in ["50", "nan", "-0.1", "1.5", "inf", "150%", "half"] {
        let o = run(&["scorecard", "--fail-under", bad]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "--fail-under {bad}: {}",
            stderr(&o)
        );
    }
    // 50% and 0.5 are the same gate.
    let (a, b) = (
        run(&["scorecard", "--fail-under", "50%"]),
        run(&["scorecard", "--fail-under", "0.5"]),
    );
    assert_eq!(a.status.code(), b.status.code());
    assert_eq!(stdout(&a), stdout(&b));
}

/// Auditing a folder audits every profile in it, in every format.
#[test]
fn audit_of_a_folder_audits_every_profile() {
    let text = ok(&["audit", "fixtures", "--color", "never"]);
    for name in [
        "Albania (AL)",
        "Bosnia and Herzegovina (BA)",
        "Kosovo (XK)",
        "Montenegro (ME)",
        "North Macedonia (MK)",
        "Serbia (RS)",
    ] {
        assert!(text.contains(name), "{name} audited");
    }
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["audit", "fixtures", "--format", "json"])).unwrap();
    assert_eq!(json["profiles"].as_array().unwrap().len(), 6);
}

#[test]
fn the_waivers_schema_is_published() {
    let v: serde_json::Value = serde_json::from_str(&ok(&["schema", "waivers"])).unwrap();
    assert!(v["$id"].as_str().unwrap().ends_with("waivers.schema.json"));
}

/// batch: blank lines are skipped and counted; the summary adds up, also when it stops at
/// the first error; the profile contract is audit's (uncited facts refused); and what `gen`
/// writes is a valid batch input.
#[test]
fn batch_contract() {
    let dir = tempfile::tempdir().unwrap();
    let generated = ok(&["gen", "--count", "3", "--seed", "5"]);
    let mut lines: Vec<String> = generated.lines().map(str::to_string).collect();
    let input = dir.path().join("in.ndjson");
    std::fs::write(&input, format!("{}\n\n{}\n", lines.join("\n"), "")).unwrap();
    let o = run(&["batch", input.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("5 lines in = 3 results + 0 errors + 2 blank"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o).lines().count(), 3);

    // A fact without a citation is refused, as audit refuses it.
    let mut uncited: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    uncited["citations"] = serde_json::json!({});
    lines.insert(1, uncited.to_string());
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let o = run(&["batch", input.to_str().unwrap(), "--fail-fast"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("has no citation"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 lines in = 1 result + 1 error"),
        "the summary adds up when it stops early: {}",
        stderr(&o)
    );

    // Each generated profile is auditable as a fixture.
    let fixtures = dir.path().join("fixtures");
    std::fs::create_dir(&fixtures).unwrap();
    for (i, line) in generated.lines().enumerate() {
        std::fs::write(fixtures.join(format!("p{i}.json")), line).unwrap();
    }
    let audited = ok(&["audit", fixtures.to_str().unwrap(), "--format", "json"]);
    let audited: serde_json::Value = serde_json::from_str(&audited).unwrap();
    assert_eq!(audited["profiles"].as_array().unwrap().len(), 3);
    let o = run_in(
        dir.path(),
        &["check", "--fixtures", fixtures.to_str().unwrap()],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Counts agree with their nouns.
#[test]
fn plurals_agree() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/serbia.json"),
        dir.path().join("serbia.json"),
    )
    .unwrap();
    let out = ok(&["check", "--fixtures", dir.path().to_str().unwrap()]);
    assert!(out.contains("ok: 1 profile valid"), "{out}");
    assert!(!out.contains("1 profiles"), "{out}");
}

/// `rulecard facts` lists every fact with its type, values, meaning and readers.
#[test]
fn the_fact_catalogue() {
    insta::assert_snapshot!("facts_text", ok(&["facts"]));
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["facts", "--format", "json"])).unwrap();
    let entries = json.as_array().unwrap();
    assert!(
        entries
            .iter()
            .all(|e| e["pointer"].as_str().unwrap().starts_with('/'))
    );
    assert!(ok(&["facts", "--format", "markdown"]).starts_with("# The facts a profile can hold"));
}

/// `rulecard new profile` writes a profile `check` accepts, every fact unknown.
#[test]
fn a_new_profile_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = dir.path().join("fixtures");
    std::fs::create_dir(&fixtures).unwrap();
    let file = fixtures.join("finland.json");
    ok(&[
        "new",
        "profile",
        "FI",
        "--name",
        "Finland",
        "--as-of",
        "2026-11-30",
        "-o",
        file.to_str().unwrap(),
    ]);
    let out = ok(&["check", "--fixtures", fixtures.to_str().unwrap()]);
    assert!(out.contains("ok: 1 profile valid"), "{out}");
    let audit: serde_json::Value =
        serde_json::from_str(&ok(&["audit", file.to_str().unwrap(), "--format", "json"])).unwrap();
    assert_eq!(audit["profiles"][0]["coverage"], 0.0);
    assert_eq!(
        run(&["new", "profile", "Finland", "--name", "x"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn html_pages_carry_a_generation_day_only_when_asked() {
    let plain = ok(&["scorecard", "--format", "html"]);
    assert!(!plain.contains("generated on"), "dated by its data only");
    let dated = ok(&[
        "scorecard",
        "--format",
        "html",
        "--generated-on",
        "2026-12-01",
    ]);
    assert!(dated.contains("generated on 2026-12-01"));
    for bad in [
        &["scorecard", "--generated-on", "2026-12-01"][..],
        &[
            "scorecard",
            "--format",
            "html",
            "--generated-on",
            "yesterday",
        ][..],
    ] {
        let o = run(bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        assert!(stderr(&o).contains("help:"), "{bad:?} says what to do");
    }
}

#[test]
fn explained_batch_records_keep_input_order_across_chunks() {
    // Explained records are scored in chunks of `CHUNK_LINES_FULL` (256) lines: 600 lines
    // cross two chunk boundaries, and every record is the report of its own line.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.ndjson");
    ok(&[
        "gen",
        "--count",
        "600",
        "--seed",
        "5",
        "-o",
        input.to_str().unwrap(),
    ]);
    let ids: Vec<String> = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    let out = ok(&["batch", input.to_str().unwrap()]);
    let records: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 600);
    for (n, (r, id)) in records.iter().zip(&ids).enumerate() {
        assert_eq!(r["line"], n as u64 + 1);
        assert_eq!(&r["id"].to_string(), id, "line {}", n + 1);
        assert!(r["verdicts"][0]["trace"].is_array(), "explained");
    }
}
