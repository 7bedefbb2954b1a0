//! The formats CI systems read, checked against their grammars: JUnit XML (the element and
//! attribute set CI tools accept), SARIF 2.1.0 (the standard's constraints on what rulecard
//! writes), GitHub workflow commands and TAP 14; the coverage gate; manual pages; and the CI
//! recipe of `docs/ci.md`, run on a clone with one changed fact.

use crate::common::{ok, run, run_in, stderr, stdout};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::BTreeMap;

/// Check a JUnit document against the schema Jenkins, GitLab and GitHub tools accept:
/// `testsuites > testsuite > (properties > property) | testcase > (failure | skipped |
/// error)`, with the required attributes, and counts that add up.
fn assert_junit(xml: &str) {
    let allowed: BTreeMap<&str, (&[&str], &[&str])> = BTreeMap::from([
        (
            "testsuites",
            (
                &[][..],
                &["name", "tests", "failures", "errors", "skipped", "time"][..],
            ),
        ),
        (
            "testsuite",
            (
                &["name", "tests"][..],
                &[
                    "name",
                    "tests",
                    "failures",
                    "errors",
                    "skipped",
                    "time",
                    "timestamp",
                    "hostname",
                    "id",
                    "package",
                ][..],
            ),
        ),
        ("properties", (&[][..], &[][..])),
        ("property", (&["name", "value"][..], &["name", "value"][..])),
        (
            "testcase",
            (
                &["name", "classname"][..],
                &["name", "classname", "time", "assertions"][..],
            ),
        ),
        ("failure", (&[][..], &["message", "type"][..])),
        ("skipped", (&[][..], &["message"][..])),
        ("error", (&[][..], &["message", "type"][..])),
    ]);
    let parents: BTreeMap<&str, &[&str]> = BTreeMap::from([
        ("testsuites", &[""][..]),
        ("testsuite", &["testsuites", ""][..]),
        ("properties", &["testsuite"][..]),
        ("property", &["properties"][..]),
        ("testcase", &["testsuite"][..]),
        ("failure", &["testcase"][..]),
        ("skipped", &["testcase"][..]),
        ("error", &["testcase"][..]),
    ]);
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let (mut cases, mut failures, mut skipped) = (0usize, 0usize, 0usize);
    let mut declared: Option<(usize, usize, usize)> = None;
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (element, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let Some(e) = element else { continue };
        let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
        let (required, known) = allowed
            .get(name.as_str())
            .unwrap_or_else(|| panic!("element <{name}> is not in the JUnit schema"));
        let parent = stack.last().map_or("", String::as_str);
        assert!(
            parents[name.as_str()].contains(&parent),
            "<{name}> inside <{parent}>"
        );
        let attrs: BTreeMap<String, String> = e
            .attributes()
            .map(|a| {
                let a = a.expect("attribute");
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .expect("escaped value")
                        .into_owned(),
                )
            })
            .collect();
        for r in *required {
            assert!(attrs.contains_key(*r), "<{name}> lacks {r}");
        }
        for k in attrs.keys() {
            assert!(
                known.contains(&k.as_str()),
                "<{name}> has unknown attribute {k}"
            );
        }
        match name.as_str() {
            "testsuites" => {
                let n = |k: &str| attrs[k].parse::<usize>().unwrap();
                declared = Some((n("tests"), n("failures"), n("skipped")));
            }
            "testcase" => cases += 1,
            "failure" => failures += 1,
            "skipped" => skipped += 1,
            _ => {}
        }
        if !empty {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    assert_eq!(
        declared,
        Some((cases, failures, skipped)),
        "the counts add up"
    );
}

/// Check GitHub workflow commands: one per line, `::level props::message`, the properties
/// and message escaped as GitHub documents (no raw line break, `,` or `:` in a value).
fn assert_github(text: &str) {
    for line in text.lines() {
        let rest = line.strip_prefix("::").expect("a workflow command");
        let (head, message) = rest.split_once("::").expect("'::' before the message");
        let (level, props) = head.split_once(' ').unwrap_or((head, ""));
        assert!(
            ["error", "warning", "notice"].contains(&level),
            "level {level}"
        );
        for prop in props.split(',').filter(|p| !p.is_empty()) {
            let (k, v) = prop.split_once('=').expect("key=value");
            assert!(
                ["file", "line", "col", "title"].contains(&k),
                "property {k}"
            );
            assert!(!v.contains(':') && !v.contains(','), "unescaped value {v}");
            if k == "line" || k == "col" {
                assert!(v.parse::<usize>().is_ok_and(|n| n >= 1), "{k}={v}");
            }
        }
        assert!(!message.contains('\r'));
    }
}

/// Check TAP 14: the version line, a plan that matches the test points, points numbered in
/// order, YAML blocks opened by `---` and closed by `...`.
fn assert_tap(text: &str) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("TAP version 14"));
    let plan = lines.next().expect("plan");
    let total: usize = plan
        .strip_prefix("1..")
        .expect("plan 1..N")
        .parse()
        .unwrap();
    let mut n = 0;
    let mut in_yaml = false;
    for line in lines {
        if in_yaml {
            if line == "  ..." {
                in_yaml = false;
            } else {
                assert!(line.starts_with("  "), "YAML is indented: {line}");
            }
            continue;
        }
        if line == "  ---" {
            in_yaml = true;
            continue;
        }
        n += 1;
        let rest = line
            .strip_prefix("ok ")
            .or_else(|| line.strip_prefix("not ok "))
            .unwrap_or_else(|| panic!("a test point: {line}"));
        assert!(
            rest.starts_with(&format!("{n} - ")),
            "numbered in order: {line}"
        );
    }
    assert!(!in_yaml, "a YAML block is closed");
    assert_eq!(n, total, "the plan matches the points");
}

fn assert_sarif(text: &str) {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../data/sarif-2.1.0-subset.schema.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(text).expect("SARIF is JSON");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// Serbia's audit and `check` in every CI format: valid, and snapshotted.
#[test]
fn ci_formats_are_valid_and_snapshotted() {
    let junit = stdout(&run(&["audit", "RS", "--format", "junit"]));
    assert_junit(&junit);
    insta::assert_snapshot!("audit_RS_junit", junit);
    let sarif = ok(&["audit", "RS", "--format", "sarif"]);
    assert_sarif(&sarif);
    insta::assert_snapshot!("audit_RS_sarif", sarif);
    let github = ok(&["audit", "RS", "--format", "github"]);
    assert_github(&github);
    assert!(
        github.contains("::error file=fixtures/serbia.json,line="),
        "{github}"
    );
    insta::assert_snapshot!("audit_RS_github", github);
    let tap = ok(&["audit", "RS", "--format", "tap"]);
    assert_tap(&tap);
    insta::assert_snapshot!("audit_RS_tap", tap);
    // The whole scorecard too.
    assert_junit(&ok(&["scorecard", "--format", "junit"]));
    assert_tap(&ok(&["scorecard", "--format", "tap"]));
    assert_sarif(&ok(&["scorecard", "--format", "sarif"]));

    // check, clean and with problems.
    for format in ["junit", "sarif", "github", "tap", "json"] {
        let out = ok(&["check", "--format", format]);
        match format {
            "junit" => assert_junit(&out),
            "sarif" => assert_sarif(&out),
            "github" => assert!(out.is_empty(), "no problem, no command"),
            "tap" => assert_tap(&out),
            _ => assert_eq!(
                serde_json::from_str::<serde_json::Value>(&out).unwrap()["ok"],
                true
            ),
        }
    }
    let bad = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/bad/fixtures-unknown-source"
    );
    let o = run(&["check", "--fixtures", bad, "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let problem = &json["problems"][0];
    assert_eq!(problem["severity"], "error");
    assert!(problem["line"].as_u64().is_some_and(|l| l > 0));
    assert_eq!(problem["help"], "did you mean \"fn28\"?");
    let o = run(&["check", "--fixtures", bad, "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(2));
    assert_sarif(&stdout(&o));
    let o = run(&["check", "--fixtures", bad, "--format", "github"]);
    assert_github(&stdout(&o));
    let o = run(&["check", "--fixtures", bad, "--format", "junit"]);
    assert_junit(&stdout(&o));
    let o = run(&["check", "--fixtures", bad, "--format", "tap"]);
    assert_tap(&stdout(&o));
}

/// `--min-coverage`: exit 1, naming each profile below the bar and by how much.
#[test]
fn min_coverage_gate() {
    let o = run(&["scorecard", "--min-coverage", "60%"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("gate: below --min-coverage 0.6"), "{err}");
    assert!(err.contains("XK (coverage 44%, 16 points short)"), "{err}");
    assert!(
        !err.contains("RS (coverage"),
        "Serbia is covered enough: {err}"
    );
    assert_eq!(
        run(&["audit", "RS", "--min-coverage", "0.6"]).status.code(),
        Some(0)
    );
}

/// `rulecard man DIR` writes a page for the command and one for every subcommand.
#[test]
fn manual_pages_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["man", dir.path().to_str().unwrap()]);
    for name in [
        "rulecard",
        "audit",
        "scorecard",
        "diff",
        "explain",
        "agenda",
        "check",
        "batch",
        "gen",
        "schema",
        "man",
        "completions",
    ] {
        let file = if name == "rulecard" {
            "rulecard.1".to_string()
        } else {
            format!("rulecard-{name}.1")
        };
        let page = std::fs::read_to_string(dir.path().join(&file)).unwrap_or_default();
        assert!(page.contains(".TH"), "{file} is a manual page");
    }
}

/// The CI recipe of docs/ci.md, on a clone of the data with one changed fact: `check`
/// passes, the gate fails, and the diff between base and head names the fact and splits
/// the score change.
#[test]
fn the_ci_recipe_catches_a_changed_fact() {
    let tmp = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = |from: &str, to: &std::path::Path| {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(root.join(from)).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
            }
        }
    };
    let (base, head) = (tmp.path().join("base"), tmp.path().join("head"));
    copy("fixtures", &base);
    copy("fixtures", &head);
    // The head commit changes one fact: Serbia's camera register is now complete.
    let serbia = head.join("serbia.json");
    let text = std::fs::read_to_string(&serbia).unwrap();
    let mut p: serde_json::Value = serde_json::from_str(&text).unwrap();
    p["facts"]["surveillance"]["camera_register"]["status"] = "complete".into();
    let history = p["history"].as_array_mut().unwrap();
    history.retain(|h| h["fact"] != "/surveillance/camera_register/status");
    std::fs::write(&serbia, serde_json::to_string_pretty(&p).unwrap()).unwrap();

    let dir = tmp.path();
    let step = |args: &[&str]| run_in(dir, args, &[]);
    // 1. check: the head's data is sound.
    let o = step(&["check", "--fixtures", "head", "--format", "github"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // 2. the gate: Kosovo, Bosnia and North Macedonia are below 60% coverage.
    let o = step(&[
        "scorecard",
        "--fixtures",
        "head",
        "--min-coverage",
        "60%",
        "--format",
        "junit",
        "-o",
        "scorecard.xml",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(dir.join("scorecard.xml").exists());
    // 3. the diff between base and head, for the pull request.
    let a = step(&[
        "scorecard",
        "--fixtures",
        "base",
        "--format",
        "json",
        "-o",
        "base.json",
    ]);
    assert_eq!(a.status.code(), Some(0));
    let b = step(&[
        "scorecard",
        "--fixtures",
        "head",
        "--format",
        "json",
        "-o",
        "head.json",
    ]);
    assert_eq!(b.status.code(), Some(0));
    let o = step(&[
        "diff",
        "base.json",
        "head.json",
        "--format",
        "markdown",
        "--fail-on-change",
    ]);
    assert_eq!(o.status.code(), Some(1), "a change is reported");
    let md = stdout(&o);
    assert!(md.contains("camera-register: partial → pass"), "{md}");
    assert!(
        md.contains("/surveillance/camera\\_register/status: partial → complete"),
        "{md}"
    );
    assert!(
        md.contains("Score change by rule (points): camera-register"),
        "{md}"
    );
    // The recipe in docs/ci.md runs these commands.
    let recipe = std::fs::read_to_string(root.join("docs/ci.md")).unwrap();
    for needle in [
        "rulecard check",
        "--min-coverage",
        "--format json -o base.json",
        "rulecard diff base.json head.json",
    ] {
        assert!(recipe.contains(needle), "docs/ci.md runs `{needle}`");
    }
}
