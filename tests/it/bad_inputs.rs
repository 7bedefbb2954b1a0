//! The bad-input corpus: every case in `tests/bad/` goes through the CLI, and must exit 2
//! with a diagnostic on stderr that names the file, says where in it (a JSON pointer or
//! line:column), and says what to do — and must never leave an output file behind.
//!
//! Case files by prefix:
//!   rules-*.json     a rule file, checked next to `tests/bad/header.json` (`check --rules`)
//!   profile-*.json   a profile file (`audit FILE -o OUT`)
//!   fixtures-*/      a profiles folder (`check --fixtures DIR`, `scorecard --fixtures DIR -o OUT`)
//!   batch-*.ndjson   a batch input with one bad line (`batch FILE --fail-fast -o OUT`, and to stdout)
//! Cases that need a big, unreadable or missing file are made at test time (`made_at_test_time`).
//!
//! Paths are passed relative to the working directory, so the snapshots hold no machine path.

use crate::common::{run, run_in, stderr, stdout};
use std::path::Path;
use std::process::Output;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Cases whose diagnostic does not yet say what to do. The test checks that they still
/// don't: when one gains a hint, remove it from this list.
const NO_HINT: &[&str] = &[
    // serde_json's "expected value" at `NaN`: no hint (src/load/json.rs), and
    // tests/snapshots/diagnostics__nan.snap pins the current message.
    "rules-nan.json",
    // Schema type and pattern errors are passed through as the validator words them
    // (src/validate.rs, `explain`).
    "rules-not-an-object.json",
    "rules-wrong-type.json",
    "profile-not-an-object.json",
    "profile-wrong-type.json",
    // Type errors found by the compiler say what is wrong, with no `help:` line
    // (src/compile/parse.rs, `leaf`: the `mismatch` closure passes no hint).
    "rules-operator-type-mismatch.json",
    "rules-invalid-date.json",
];

/// Cases whose diagnostic rightly has no line:column or pointer: it is about a whole file
/// or folder. (The not-UTF-8 case gives a byte offset instead of a line:column.)
const WHOLE_FILE: &[&str] = &[
    "rules-empty.json",
    "rules-not-utf8.json",
    "fixtures-empty",
    "fixtures-directory-as-file",
    "too-large",
    "missing-file",
    "missing-folder",
];

/// Cases about the whole rulebook, which name its first file rather than the case file
/// (src/compile/mod.rs, `Program::compile`: "the rulebook has no rules").
const NAMES_FIRST_FILE: &[&str] = &["rules-empty.json"];

/// Phrases that offer a fix: the `help:` line of compile and schema errors, and the
/// `; do this` tail of load errors.
const HINT_MARKERS: &[&str] = &[
    "help:",
    "; save ",
    "; remove ",
    "; keep one",
    "; check the path",
    "; split it",
    "; add one",
    "; pass a folder",
    "; rename it",
    "flatten the document",
    "write a smaller one",
    "is it truncated?",
];

fn has_hint(err: &str) -> bool {
    HINT_MARKERS.iter().any(|m| err.contains(m))
}

/// `file:LINE:COLUMN` somewhere, or a JSON pointer (` at /...`).
fn has_location(err: &str, file: &str) -> bool {
    let digits = |s: &str| -> usize { s.bytes().take_while(u8::is_ascii_digit).count() };
    err.contains(" at /")
        || err.match_indices(&format!("{file}:")).any(|(i, m)| {
            let rest = &err[i + m.len()..];
            let n = digits(rest);
            n > 0 && rest[n..].starts_with(':') && digits(&rest[n + 1..]) > 0
        })
}

/// The contract every case shares: exit 2, the file named, located, and a hint.
fn assert_diagnostic(case: &str, o: &Output, file: &str) {
    let err = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{case}: expected exit 2\nstderr:\n{err}"
    );
    assert!(!err.contains("panicked"), "{case}: panicked:\n{err}");
    assert!(
        err.contains(file),
        "{case}: stderr does not name {file}:\n{err}"
    );
    if !WHOLE_FILE.contains(&case) {
        assert!(
            has_location(&err, file),
            "{case}: no pointer or line:column:\n{err}"
        );
    }
    if NO_HINT.contains(&case) {
        assert!(
            !has_hint(&err),
            "{case} now says what to do: remove it from NO_HINT\n{err}"
        );
    } else {
        assert!(has_hint(&err), "{case}: no hint of what to do:\n{err}");
    }
}

/// The folder holds nothing: no output file, and no temporary file left behind.
fn assert_empty(dir: &Path, case: &str) {
    let left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.is_empty(), "{case}: files left behind: {left:?}");
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// A rulebook folder in a temporary directory: the small valid header and `files`.
fn rulebook_dir(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let rules = tmp.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::copy(
        root().join("tests/bad/header.json"),
        rules.join("rulebook.json"),
    )
    .unwrap();
    for (file, bytes) in files {
        std::fs::write(rules.join(file), bytes).unwrap();
    }
    tmp
}

#[test]
fn the_header_alone_is_valid_but_has_no_rules() {
    // Every rules-* case is checked next to this header: it must add no problem of its own.
    let tmp = rulebook_dir(&[]);
    let o = run_in(tmp.path(), &["check", "--rules", "rules"], &[]);
    assert_eq!(
        stderr(&o),
        "error: rules/rulebook.json: the rulebook has no rules\n  help: add a file with {\"rules\": [...]}\n1 problem found\n"
    );
}

/// `$schema` in a rule or profile file is a plain string: validation only ever uses the
/// embedded schemas (jsonschema is built without `resolve-http`/`resolve-file`), so a
/// `$schema` naming a file or a URL is neither read nor fetched. (A `$ref` in a document is
/// data, refused as an unknown field: see the `*-ref-injection` cases.)
#[test]
fn schema_urls_in_documents_are_never_resolved() {
    let header = std::fs::read_to_string(root().join("tests/bad/header.json")).unwrap();
    let header = header.replacen(
        '{',
        "{\n  \"$schema\": \"file:///no/such/rulebook.schema.json\",",
        1,
    );
    let rules = r#"{
  "$schema": "https://rulecard.invalid/no-such-schema.json",
  "rules": [
    {
      "id": "r1", "title": "R", "category": "5g-security", "weight": 1,
      "recommendation": { "text": "t", "section": "s" },
      "check": { "fact": "/clean_network/joined", "op": "eq", "value": true },
      "explain": { "pass": "p", "fail": "f" },
      "sources": ["paper"]
    }
  ]
}
"#;
    let tmp = rulebook_dir(&[("r.json", rules.as_bytes())]);
    std::fs::write(tmp.path().join("rules/rulebook.json"), header).unwrap();
    let profile =
        std::fs::read_to_string(root().join("tests/bad/fixtures-duplicate-id/a-zedland.json"))
            .unwrap()
            .replacen(
                '{',
                "{\n  \"$schema\": \"file:///no/such/profile.schema.json\",",
                1,
            );
    std::fs::create_dir(tmp.path().join("fixtures")).unwrap();
    std::fs::write(tmp.path().join("fixtures/zedland.json"), profile).unwrap();
    let o = run_in(
        tmp.path(),
        &["check", "--rules", "rules", "--fixtures", "fixtures"],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn rule_files() {
    insta::glob!("../bad", "rules-*.json", |path| {
        let case = name(path);
        let tmp = rulebook_dir(&[(&case, &std::fs::read(path).unwrap())]);
        let o = run_in(tmp.path(), &["check", "--rules", "rules"], &[]);
        let shown = if NAMES_FIRST_FILE.contains(&case.as_str()) {
            "rules/rulebook.json".to_string()
        } else {
            format!("rules/{case}")
        };
        assert_diagnostic(&case, &o, &shown);
        insta::assert_snapshot!(stderr(&o));
    });
}

#[test]
fn profile_files() {
    insta::glob!("../bad", "profile-*.json", |path| {
        let case = name(path);
        let shown = format!("tests/bad/{case}");
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("audit.txt");
        let o = run_in(
            root(),
            &["audit", &shown, "-o", target.to_str().unwrap()],
            &[],
        );
        assert_diagnostic(&case, &o, &shown);
        assert_empty(out.path(), &case);
        insta::assert_snapshot!(stderr(&o));
    });
}

#[test]
fn fixture_folders() {
    insta::glob!("../bad", "fixtures-*", |path| {
        let case = name(path);
        let shown = format!("tests/bad/{case}");
        let o = run_in(root(), &["check", "--fixtures", &shown], &[]);
        assert_diagnostic(&case, &o, &shown);
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("scorecard.txt");
        let s = run_in(
            root(),
            &[
                "scorecard",
                "--fixtures",
                &shown,
                "-o",
                target.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(s.status.code(), Some(2), "{case}: scorecard");
        assert_eq!(
            stderr(&s),
            stderr(&o),
            "{case}: scorecard and check disagree"
        );
        assert_empty(out.path(), &case);
        insta::assert_snapshot!(stderr(&o));
    });
}

/// A bad line: exit 2; with `--fail-fast -o` no output file (nor temporary) is left, and
/// without it the bad line's error record (line number and message) is in the output.
#[test]
fn batch_lines() {
    insta::glob!("../bad", "batch-*.ndjson", |path| {
        let case = name(path);
        let shown = format!("tests/bad/{case}");
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("results.ndjson");
        let o = run_in(
            root(),
            &[
                "batch",
                &shown,
                "--fail-fast",
                "-o",
                target.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(o.status.code(), Some(2), "{case}:\n{}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{case}: {}", stderr(&o));
        assert_empty(out.path(), &case);
        // Stderr, like every other diagnostic, names the input file and the first bad line
        // and says what to do: with `--fail-fast -o` the error record went to the discarded
        // temporary file, so this is all the user sees.
        let err = stderr(&o);
        assert!(err.contains(&format!("{shown}:2")), "{case}:\n{err}");
        assert!(has_hint(&err), "{case}:\n{err}");
        let all = run_in(root(), &["batch", &shown], &[]);
        assert_eq!(all.status.code(), Some(2), "{case}:\n{}", stderr(&all));
        let records: Vec<String> = stdout(&all)
            .lines()
            .filter(|l| l.contains("\"error\""))
            .map(String::from)
            .collect();
        insta::assert_snapshot!(format!(
            "$ rulecard batch {shown} --fail-fast -o OUT\n{}\n$ rulecard batch {shown}\n{}\nerror records on stdout:\n{}\n",
            stderr(&o).trim_end(),
            stderr(&all).trim_end(),
            records.join("\n")
        ));
    });
}

/// Cases that need a file too big to commit, an unreadable file, or a missing one.
#[test]
fn made_at_test_time() {
    // A rule file one byte over the limit: refused from its size, before it is read (a
    // sparse file, so the test writes nothing big).
    let tmp = rulebook_dir(&[]);
    let big = std::fs::File::create(tmp.path().join("rules/big.json")).unwrap();
    big.set_len(rulecard::load::MAX_FILE_BYTES + 1).unwrap();
    let o = run_in(tmp.path(), &["check", "--rules", "rules"], &[]);
    assert_diagnostic("too-large", &o, "rules/big.json");
    insta::assert_snapshot!("too_large", stderr(&o));

    // A missing profile file and a missing rules folder.
    let o = run_in(root(), &["audit", "tests/bad/no-such-profile.json"], &[]);
    assert_diagnostic("missing-file", &o, "tests/bad/no-such-profile.json");
    insta::assert_snapshot!("missing_file", stderr(&o));
    let o = run_in(
        root(),
        &["check", "--rules", "tests/bad/no-such-folder"],
        &[],
    );
    assert_diagnostic("missing-folder", &o, "tests/bad/no-such-folder");
    insta::assert_snapshot!("missing_folder", stderr(&o));

    // A batch input line over MAX_LINE_BYTES, between two good lines.
    let tmp = tempfile::tempdir().unwrap();
    let good = crate::common::ok(&["gen", "--count", "1"]);
    let long = format!(
        "{{\"id\": \"{}\"}}",
        "x".repeat(rulecard::batch::MAX_LINE_BYTES)
    );
    std::fs::write(
        tmp.path().join("long.ndjson"),
        format!("{good}{long}\n{good}"),
    )
    .unwrap();
    let o = run_in(tmp.path(), &["batch", "long.ndjson"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let out = stdout(&o);
    let records: Vec<&str> = out.lines().collect();
    assert_eq!(records.len(), 3, "one record per input line");
    insta::assert_snapshot!(
        "batch_line_too_long",
        format!("{}\n{}", stderr(&o).trim_end(), records[1])
    );

    // A directory as the batch input.
    let o = run_in(root(), &["batch", "tests/bad"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    insta::assert_snapshot!("batch_input_is_a_directory", stderr(&o));
}

/// An unreadable profile (mode 000). Root reads anything: then only the read is skipped.
#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("fixtures");
    std::fs::create_dir(&dir).unwrap();
    let file = dir.join("zedland.json");
    std::fs::copy(
        root().join("tests/bad/fixtures-duplicate-id/a-zedland.json"),
        &file,
    )
    .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    let o = run_in(tmp.path(), &["check", "--fixtures", "fixtures"], &[]);
    if std::fs::read(&file).is_ok() {
        eprintln!(
            "note: running with privileges that read a mode-000 file (root?): the unreadable-file assertion is skipped"
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        return;
    }
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("fixtures/zedland.json: cannot read: "),
        "{err}"
    );
    assert!(err.contains("ermission denied"), "{err}");
}

/// Hostile data (a profile name with a spreadsheet formula, HTML, terminal escape and OSC
/// hyperlink sequences, a bidi override; a source URL with a newline and an `<img>`) is
/// rendered inert in every command and format: no raw HTML survives a CommonMark parser, no
/// CSV cell is a formula, no escape sequence reaches a terminal.
#[test]
fn hostile_data_is_rendered_inert() {
    use pulldown_cmark::{Event, Parser};
    let hostile = root().join("tests/data/hostile");
    let fixtures = hostile.to_str().unwrap();
    let commands: [&[&str]; 6] = [
        &["scorecard"],
        &["scorecard", "--sensitivity"],
        &["audit", "ZZ"],
        &["explain", "hrv-restrictions", "ZZ"],
        &["diff", "--from", "2019-01-01"],
        &["agenda"],
    ];
    for cmd in commands {
        for format in ["text", "markdown", "csv", "html"] {
            let mut args = cmd.to_vec();
            args.extend([
                "--fixtures",
                fixtures,
                "--format",
                format,
                "--color",
                "always",
            ]);
            let o = run(&args);
            assert_eq!(
                o.status.code(),
                Some(0),
                "{args:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            let out = String::from_utf8(o.stdout).unwrap();
            let err = String::from_utf8(o.stderr).unwrap();
            let shown = format!("{args:?}");
            for text in [&out, &err] {
                assert!(
                    !text.contains("\u{7}"),
                    "{shown}: a BEL (OSC terminator) got through"
                );
                assert!(
                    !text.contains("\u{202e}"),
                    "{shown}: a bidi override got through"
                );
                assert!(
                    !text.contains("\u{1b}]8;;"),
                    "{shown}: an OSC hyperlink got through"
                );
            }
            match format {
                "text" => {
                    // Colour is ours (SGR sequences); the data's own escapes are neutralised.
                    assert!(
                        !out.contains("\u{1b}[31mred"),
                        "{shown}: the data's colour got through"
                    );
                }
                "markdown" => {
                    for event in Parser::new(&out) {
                        assert!(
                            !matches!(event, Event::Html(_) | Event::InlineHtml(_)),
                            "{shown}: raw HTML in Markdown: {event:?}"
                        );
                    }
                    assert!(!out.contains("\u{1b}"), "{shown}: ESC in Markdown");
                }
                "csv" => {
                    for line in out.lines() {
                        for cell in line.split(',') {
                            let cell = cell.trim_start_matches('"');
                            assert!(
                                !cell.starts_with(['=', '+', '@']),
                                "{shown}: a formula cell: {cell}"
                            );
                        }
                    }
                    assert!(!out.contains("\u{1b}"), "{shown}: ESC in CSV");
                }
                "html" => {
                    assert!(
                        !out.contains("<script>alert"),
                        "{shown}: a script got through"
                    );
                    assert!(
                        !out.contains("<img src=x"),
                        "{shown}: an img tag got through"
                    );
                    assert!(
                        !out.contains("href=\"javascript:"),
                        "{shown}: a javascript: link"
                    );
                    assert!(!out.contains("\u{1b}"), "{shown}: ESC in HTML");
                }
                _ => unreachable!(),
            }
        }
    }
}

/// Special files are refused before they are read: a symlink to /dev/zero in a fixtures
/// folder, a FIFO named `*.json`, `--waivers /dev/zero`. None is read until memory runs out,
/// none hangs.
#[cfg(unix)]
#[test]
fn special_files_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("fixtures");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(root().join("fixtures/serbia.json"), dir.join("serbia.json")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zzz.json")).unwrap();
    let o = run_in(tmp.path(), &["check", "--fixtures", "fixtures"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    insta::assert_snapshot!("special_file_device", stderr(&o));
    std::fs::remove_file(dir.join("zzz.json")).unwrap();

    let fifo = dir.join("fifo.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let o = run_in(tmp.path(), &["check", "--fixtures", "fixtures"], &[]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        insta::assert_snapshot!("special_file_fifo", stderr(&o));
        std::fs::remove_file(&fifo).unwrap();
    }

    let o = run_in(root(), &["audit", "RS", "--waivers", "/dev/zero"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("/dev/zero: is a character device"),
        "{}",
        stderr(&o)
    );
}

/// Numbers that would overflow the sums are refused: a weight of 1e308 (finite, > 0) used
/// to turn every score and coverage into NaN.
#[test]
fn weights_are_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = tmp.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    for entry in std::fs::read_dir(root().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            let text = std::fs::read_to_string(&path).unwrap().replacen(
                "\"weight\": 3,",
                "\"weight\": 1e308,",
                1,
            );
            std::fs::write(rules.join(path.file_name().unwrap()), text).unwrap();
        }
    }
    let o = run_in(tmp.path(), &["check", "--rules", "rules"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    insta::assert_snapshot!("weight_too_large", stderr(&o));
}

/// A second waiver for the same profile and rule is refused, not silently ignored.
#[test]
fn duplicate_waivers_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let w = r#"{"waivers": [
  {"profile": "RS", "rule": "camera-register", "justification": "a long enough reason", "author": "a", "expires": "2030-01-01"},
  {"profile": "RS", "rule": "camera-register", "justification": "another long reason", "author": "b", "expires": "2031-01-01"}
]}"#;
    std::fs::write(tmp.path().join("waivers.json"), w).unwrap();
    let o = run_in(
        tmp.path(),
        &["audit", "RS", "--waivers", "waivers.json"],
        &[],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    insta::assert_snapshot!("duplicate_waivers", stderr(&o));
}

/// More rules than the limit are refused from the count, before anything is compiled.
#[test]
fn too_many_rules_are_refused_before_compiling() {
    let tmp = rulebook_dir(&[]);
    let rule = |i: usize| {
        format!(
            r#"{{"id": "r{i}", "title": "t", "category": "5g-security", "weight": 1, "recommendation": {{"text": "t", "section": "s"}}, "check": {{"fact": "/eu/in_5g_ppp", "op": "eq", "value": true}}, "explain": {{"pass": "p", "fail": "f"}}, "sources": ["paper"]}}"#
        )
    };
    let n = rulecard::compile::MAX_RULES + 1;
    let rules: Vec<String> = (0..n).map(rule).collect();
    std::fs::write(
        tmp.path().join("rules/many.json"),
        format!("{{\"rules\": [{}]}}", rules.join(",")),
    )
    .unwrap();
    let o = run_in(tmp.path(), &["check", "--rules", "rules"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    insta::assert_snapshot!("too_many_rules", stderr(&o));
}

/// A schema error quotes the offending value, capped: a 1 MB array is not echoed whole.
#[test]
fn echoed_values_are_capped() {
    let tmp = tempfile::tempdir().unwrap();
    let mut p: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/serbia.json")).unwrap(),
    )
    .unwrap();
    p["name"] = serde_json::Value::Array(vec![serde_json::json!("x".repeat(100)); 10_000]);
    std::fs::write(tmp.path().join("p.json"), p.to_string()).unwrap();
    let o = run_in(tmp.path(), &["audit", "p.json"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.len() < 2_000, "{} bytes of diagnostics", err.len());
    assert!(err.contains("more characters)"), "{err}");
}

/// Work after parsing is bounded: a condition `at_least 40 of 40` (exponential before), a
/// condition with 70,000 children (a stack overflow or a hang before), and a profile with
/// 10,000 operators each naming a high-risk vendor all audit, and say when the search for
/// counterfactuals stopped at its budget.
#[test]
fn counterfactual_search_is_bounded() {
    let wide = |n: usize| {
        let leaves: Vec<String> = (0..n)
            .map(|i| {
                let f = ["specific_legal_basis", "use_rules_defined", "access_rules_defined"][i % 3];
                format!(
                    r#"{{"fact": "/surveillance/facial_recognition/{f}", "op": "{}", "value": {}}}"#,
                    if i % 2 == 0 { "eq" } else { "ne" },
                    i % 4 < 2
                )
            })
            .collect();
        let rule = format!(
            r#"{{"rules": [{{"id": "wide", "title": "t", "category": "5g-security", "weight": 1, "recommendation": {{"text": "t", "section": "s"}}, "check": {{"at_least": {n}, "of": [{}]}}, "explain": {{"pass": "p", "fail": "f"}}, "sources": ["paper"]}}]}}"#,
            leaves.join(",")
        );
        rule
    };
    for n in [40, 70_000] {
        let tmp = rulebook_dir(&[]);
        std::fs::write(tmp.path().join("rules/wide.json"), wide(n)).unwrap();
        let o = run_in(
            tmp.path(),
            &["audit", "RS", "--rules", "rules", "--format", "json"],
            &[],
        );
        assert_eq!(o.status.code(), Some(0), "{n}: {}", stderr(&o));
    }

    // 10,000 operators, each with a high-risk vendor.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("fixtures");
    std::fs::create_dir(&dir).unwrap();
    let mut p: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("fixtures/serbia.json")).unwrap(),
    )
    .unwrap();
    let ops: Vec<serde_json::Value> = (0..10_000)
        .map(|i| serde_json::json!({"name": format!("Op {i}"), "vendors": [{"name": "Huawei", "high_risk": true, "networks": ["5g"]}]}))
        .collect();
    p["facts"]["telecom"]["operators"] = serde_json::Value::Array(ops);
    let history: Vec<serde_json::Value> = p["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| {
            !h["fact"]
                .as_str()
                .unwrap()
                .starts_with("/telecom/operators")
        })
        .cloned()
        .collect();
    p["history"] = serde_json::Value::Array(history);
    let citations = p["citations"].as_object_mut().unwrap();
    citations.retain(|k, _| !k.starts_with("/telecom/operators/"));
    citations.insert(
        "/telecom/operators".into(),
        serde_json::json!({"sources": ["paper"], "quote": "x"}),
    );
    std::fs::write(dir.join("serbia.json"), p.to_string()).unwrap();
    let o = run_in(
        tmp.path(),
        &[
            "explain",
            "multi-vendor",
            "RS",
            "--fixtures",
            "fixtures",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Output goes where it is meant to, and lost output is never success: `-o /dev/null` keeps
/// the device, `-o` through a symlink keeps the link and replaces its target, a report is
/// never written into the folder being read, a full disk exits 2, a closed pipe exits 0.
#[cfg(unix)]
#[test]
fn output_is_honest() {
    use std::os::unix::fs::FileTypeExt;
    let o = run_in(
        root(),
        &["scorecard", "--format", "json", "-o", "/dev/null"],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );

    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    std::os::unix::fs::symlink(&real, tmp.path().join("link.json")).unwrap();
    let o = run_in(
        tmp.path(),
        &["scorecard", "--format", "json", "-o", "link.json"],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(tmp.path().join("link.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read_to_string(&real).unwrap().starts_with('{'));

    let dir = tmp.path().join("fixtures");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(root().join("fixtures/serbia.json"), dir.join("serbia.json")).unwrap();
    let o = run_in(
        tmp.path(),
        &[
            "scorecard",
            "--fixtures",
            "fixtures",
            "--format",
            "json",
            "-o",
            "fixtures/report.json",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.join("report.json").exists());
    insta::assert_snapshot!("output_into_inputs", stderr(&o));

    if std::path::Path::new("/dev/full").exists() {
        for cmd in [
            vec!["scorecard"],
            vec!["audit", "RS", "--format", "json"],
            vec!["check"],
            vec!["schema", "profile"],
            vec!["completions", "bash"],
        ] {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_rulecard"))
                .args(&cmd)
                .current_dir(root())
                .stdout(std::fs::File::create("/dev/full").unwrap())
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{cmd:?} on a full disk");
            assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
        }
    }

    // A reader that stops early (`| head -c 1`) is not an error.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rulecard"))
        .args(["scorecard", "--format", "json"])
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
}
