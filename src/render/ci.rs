//! Formats CI systems read: JUnit XML, TAP 14, GitHub Actions workflow commands and SARIF
//! 2.1.0, for a report (one case per profile and rule) and for the problems `check` finds.
//!
//! How verdicts map (the same in every format):
//!
//! | verdict | JUnit | TAP | GitHub | SARIF level |
//! |---|---|---|---|---|
//! | pass | passed | `ok` | nothing | not reported |
//! | partial | `<failure type="partial">` | `not ok` | `::warning` | `warning` |
//! | fail | `<failure type="fail">` | `not ok` | `::error` | `error` |
//! | insufficient-data | `<skipped>` | `ok … # SKIP` | `::notice` | `note` |
//! | not-applicable, waived | `<skipped>` | `ok … # SKIP` | nothing | not reported |
//!
//! The message is the verdict's explanation, then what would flip it. Renderers never read
//! files: where a fact stands in its profile file comes from a [`Locate`] the caller gives.

use crate::compile::Problem;
use crate::render::phrase;
use crate::report::{ProfileReport, Report, VerdictReport};
use crate::vocab::verdict::Verdict;
use serde_json::{Value, json};

/// Where something stands in a file, for the formats that point at source lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The file as named to the user (a path, or `fixtures/serbia.json` when embedded).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

/// Finds where a fact (a pointer into a profile's facts) stands in the profile's file.
pub type Locate<'a> = &'a dyn Fn(&ProfileReport, &str) -> Option<Located>;

/// A locator that knows no files: results are reported without a location.
pub fn nowhere(_: &ProfileReport, _: &str) -> Option<Located> {
    None
}

/// What a verdict amounts to in a CI run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Passed,
    Failed { partial: bool },
    Skipped,
}

fn outcome(v: &VerdictReport) -> Outcome {
    if v.is_waived() {
        return Outcome::Skipped;
    }
    match v.verdict {
        Verdict::Pass => Outcome::Passed,
        Verdict::Partial => Outcome::Failed { partial: true },
        Verdict::Fail => Outcome::Failed { partial: false },
        Verdict::InsufficientData | Verdict::NotApplicable => Outcome::Skipped,
    }
}

/// The verdict's message: its explanation, then what would flip it (or the facts missing).
fn message(p: &ProfileReport, v: &VerdictReport) -> String {
    let label = |f: &str| p.label(f).to_string();
    let m = phrase::Markup {
        fact: &label,
        value: &str::to_string,
    };
    let mut out = v.explanation.trim().to_string();
    if let Some(w) = phrase::waiver(v) {
        out.push_str(&format!(" {w}"));
    }
    if !v.missing.is_empty() {
        let missing: Vec<&str> = v.missing.iter().map(|f| p.label(f)).collect();
        out.push_str(&format!(" Missing facts: {}.", missing.join("; ")));
    }
    if let Some(cf) = phrase::counterfactuals_in(&v.counterfactuals, &m) {
        out.push_str(&format!(" What would flip it: {cf}."));
    }
    out
}

/// The fact a verdict is best located at: the first missing fact, else the first fact its
/// evidence cites.
fn anchor(v: &VerdictReport) -> Option<&str> {
    v.missing
        .first()
        .map(String::as_str)
        .or_else(|| v.evidence.first().map(|e| e.fact.as_str()))
}

/// Text safe inside an XML attribute or element.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(c),
            // XML 1.0 admits no other control character, escaped or not.
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one `<testsuite>` per profile, one `<testcase>` per rule.
pub fn junit(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total: usize = report.profiles.iter().map(|p| p.verdicts.len()).sum();
    let count = |o: fn(Outcome) -> bool| -> usize {
        report
            .profiles
            .iter()
            .flat_map(|p| &p.verdicts)
            .filter(|v| o(outcome(v)))
            .count()
    };
    let failures = count(|o| matches!(o, Outcome::Failed { .. }));
    let skipped = count(|o| o == Outcome::Skipped);
    out.push_str(&format!(
        "<testsuites name=\"{}\" tests=\"{total}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">\n",
        xml(&format!(
            "rulecard {} {}",
            report.rulebook.id, report.rulebook.version
        ))
    ));
    for p in &report.profiles {
        let f = p
            .verdicts
            .iter()
            .filter(|v| matches!(outcome(v), Outcome::Failed { .. }))
            .count();
        let s = p
            .verdicts
            .iter()
            .filter(|v| outcome(v) == Outcome::Skipped)
            .count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{f}\" errors=\"0\" skipped=\"{s}\">\n",
            xml(&format!("{} {}", p.id, p.name)),
            p.verdicts.len()
        ));
        out.push_str(&format!(
            "    <properties>\n      <property name=\"score\" value=\"{}\"/>\n      <property name=\"coverage\" value=\"{}\"/>\n      <property name=\"as_of\" value=\"{}\"/>\n    </properties>\n",
            phrase::percent(p.score),
            phrase::percent(Some(p.coverage)),
            xml(&p.as_of)
        ));
        for v in &p.verdicts {
            let name = xml(&format!("{}: {}", v.rule, v.title));
            let class = xml(&p.id);
            match outcome(v) {
                Outcome::Passed => out.push_str(&format!(
                    "    <testcase classname=\"{class}\" name=\"{name}\"/>\n"
                )),
                Outcome::Failed { partial } => {
                    let kind = if partial { "partial" } else { "fail" };
                    out.push_str(&format!(
                        "    <testcase classname=\"{class}\" name=\"{name}\">\n      <failure type=\"{kind}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                        xml(&format!("{} (score {})", phrase::verdict_word(v.verdict), phrase::percent(v.score))),
                        xml(&message(p, v))
                    ));
                }
                Outcome::Skipped => out.push_str(&format!(
                    "    <testcase classname=\"{class}\" name=\"{name}\">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                    xml(&format!("{}: {}", phrase::verdict_word(v.verdict), message(p, v)))
                )),
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// A line of TAP or YAML made safe: no line breaks, no `#` that would start a directive.
fn tap_text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\r' => ' ',
            '#' => '＃',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// TAP version 14: one test point per (profile, rule); a failing point carries a YAML
/// diagnostic block.
pub fn tap(report: &Report) -> String {
    let total: usize = report.profiles.iter().map(|p| p.verdicts.len()).sum();
    let mut out = format!("TAP version 14\n1..{total}\n");
    let mut n = 0;
    for p in &report.profiles {
        for v in &p.verdicts {
            n += 1;
            let name = tap_text(&format!("{} {}: {}", p.id, v.rule, v.title));
            match outcome(v) {
                Outcome::Passed => out.push_str(&format!("ok {n} - {name}\n")),
                Outcome::Skipped => out.push_str(&format!(
                    "ok {n} - {name} # SKIP {}\n",
                    tap_text(&format!(
                        "{}: {}",
                        phrase::verdict_word(v.verdict),
                        message(p, v)
                    ))
                )),
                Outcome::Failed { .. } => {
                    out.push_str(&format!("not ok {n} - {name}\n"));
                    out.push_str("  ---\n");
                    out.push_str(&format!("  message: {}\n", json!(tap_text(&message(p, v)))));
                    out.push_str(&format!(
                        "  severity: {}\n",
                        phrase::verdict_word(v.verdict)
                    ));
                    out.push_str(&format!("  score: {}\n", phrase::percent(v.score)));
                    out.push_str("  ...\n");
                }
            }
        }
    }
    out
}

/// GitHub's escaping of a workflow command's message.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's escaping of a workflow command's property value.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command: `::level file=…,line=…,col=…,title=…::message`.
fn gh_command(level: &str, at: Option<&Located>, title: &str, message: &str) -> String {
    let mut props: Vec<String> = Vec::new();
    if let Some(l) = at {
        props.push(format!("file={}", gh_property(&l.file)));
        if let Some(line) = l.line {
            props.push(format!("line={line}"));
        }
        if let Some(col) = l.column {
            props.push(format!("col={col}"));
        }
    }
    props.push(format!("title={}", gh_property(title)));
    format!(
        "::{level} {}::{}\n",
        props.join(","),
        gh_data(&crate::render::for_terminal(message))
    )
}

/// GitHub Actions workflow commands: `::error` for a failing verdict, `::warning` for a
/// partial one, `::notice` for one that lacks data; at the fact in the profile file.
pub fn github(report: &Report, locate: Locate<'_>) -> String {
    let mut out = String::new();
    for p in &report.profiles {
        for v in &p.verdicts {
            let level = match (outcome(v), v.verdict) {
                (Outcome::Failed { partial: false }, _) => "error",
                (Outcome::Failed { partial: true }, _) => "warning",
                (Outcome::Skipped, Verdict::InsufficientData) if !v.is_waived() => "notice",
                _ => continue,
            };
            let at = anchor(v).and_then(|f| locate(p, f));
            let title = format!("{} {}: {}", p.id, v.rule, phrase::verdict_word(v.verdict));
            out.push_str(&gh_command(level, at.as_ref(), &title, &message(p, v)));
        }
    }
    out
}

/// SARIF 2.1.0: one run, the rulebook's rules as reporting descriptors, one result per
/// verdict that is not a pass (or not applicable, or waived), at the fact in the profile file.
pub fn sarif(report: &Report, locate: Locate<'_>) -> String {
    let rules: Vec<Value> = report
        .rulebook
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": r.recommendation.text },
                "properties": { "category": r.category, "weight": r.weight },
            })
        })
        .collect();
    let mut results: Vec<Value> = Vec::new();
    for p in &report.profiles {
        for v in &p.verdicts {
            let level = match (outcome(v), v.verdict) {
                (Outcome::Failed { partial: false }, _) => "error",
                (Outcome::Failed { partial: true }, _) => "warning",
                (Outcome::Skipped, Verdict::InsufficientData) if !v.is_waived() => "note",
                _ => continue,
            };
            let mut result = json!({
                "ruleId": v.rule,
                "level": level,
                "message": { "text": format!("{} {}: {}", p.id, phrase::verdict_word(v.verdict), message(p, v)) },
                "properties": {
                    "profile": p.id,
                    "verdict": v.verdict.as_str(),
                    "score": v.score,
                },
            });
            if let Some(l) = anchor(v).and_then(|f| locate(p, f)) {
                result["locations"] = json!([sarif_location(&l)]);
            }
            results.push(result);
        }
    }
    let automation = format!("{}/{}", report.rulebook.id, report.rulebook.version);
    sarif_document(rules, results, Some(&automation))
}

/// A SARIF 2.1.0 log of one rulecard run: its rules (reporting descriptors), its results,
/// and the automation id that tells runs of different rulebooks apart.
fn sarif_document(rules: Vec<Value>, results: Vec<Value>, automation: Option<&str>) -> String {
    let mut run = json!({
        "tool": { "driver": {
            "name": "rulecard",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        }},
    });
    if let Some(id) = automation {
        run["automationDetails"] = json!({ "id": id });
    }
    run["results"] = Value::Array(results);
    crate::render::json::pretty(&json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }))
}

fn sarif_location(l: &Located) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": l.file } });
    if let Some(line) = l.line {
        let mut region = json!({ "startLine": line });
        if let Some(col) = l.column {
            region["startColumn"] = json!(col);
        }
        physical["region"] = region;
    }
    json!({ "physicalLocation": physical })
}

/// The kind of a `check` problem, as a SARIF rule id and a JUnit class name.
fn problem_kind(p: &Problem) -> &'static str {
    match p {
        Problem::Load(_) => "load",
        Problem::Validate(_) => "schema",
        Problem::Compile(_) => "compile",
    }
}

fn problem_located(p: &Problem) -> Option<Located> {
    p.location().map(|l| Located {
        file: l.file.clone(),
        line: l.line,
        column: l.column,
    })
}

/// What `check` found, in a CI format: `problems` (empty when the rulebook and profiles are
/// sound) and the rule examples that failed.
pub struct CheckResult<'a> {
    /// Problems in the rulebook and profile files.
    pub problems: &'a [Problem],
    /// Rule examples that did not give their expected verdict, as messages.
    pub failed_examples: &'a [String],
    /// How many rule examples ran.
    pub examples: usize,
}

/// One thing `check` found: its kind, where it stands, what is wrong and what to do.
struct Finding {
    kind: &'static str,
    at: Option<Located>,
    message: String,
    help: Option<String>,
}

impl Finding {
    /// The name its test case or test point carries: the file and line, else the kind.
    fn name(&self) -> String {
        match &self.at {
            Some(l) => format!("{}:{}", l.file, l.line.unwrap_or(0)),
            None => self.kind.to_string(),
        }
    }
}

impl CheckResult<'_> {
    /// Every finding: the problems, then the failed rule examples.
    fn findings(&self) -> Vec<Finding> {
        let problems = self.problems.iter().map(|p| Finding {
            kind: problem_kind(p),
            at: problem_located(p),
            message: p.message(),
            help: p.help().map(str::to_string),
        });
        let examples = self.failed_examples.iter().map(|f| Finding {
            kind: "example",
            at: None,
            message: f.clone(),
            help: None,
        });
        problems.chain(examples).collect()
    }

    /// JSON: every finding with kind, severity, file, line, column, message and help.
    pub fn json(&self) -> String {
        let items: Vec<Value> = self
            .problems
            .iter()
            .map(|p| {
                let l = p.location();
                json!({
                    "kind": problem_kind(p),
                    "severity": "error",
                    "file": l.map(|l| l.file.clone()),
                    "pointer": l.map(|l| l.pointer.clone()),
                    "line": l.and_then(|l| l.line),
                    "column": l.and_then(|l| l.column),
                    "message": p.message(),
                    "help": p.help(),
                })
            })
            .chain(
                self.failed_examples
                    .iter()
                    .map(|f| json!({ "kind": "example", "severity": "error", "message": f })),
            )
            .collect();
        crate::render::json::pretty(&json!({
            "ok": items.is_empty(),
            "examples": self.examples,
            "problems": items,
        }))
    }

    /// JUnit XML: one test case per finding, or one passing case when there is none.
    pub fn junit(&self) -> String {
        let findings = self.findings();
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let n = findings.len().max(1);
        out.push_str(&format!(
            "<testsuites name=\"rulecard check\" tests=\"{n}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n  <testsuite name=\"check\" tests=\"{n}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
            findings.len(),
            findings.len()
        ));
        if findings.is_empty() {
            out.push_str(
                "    <testcase classname=\"check\" name=\"rulebook, profiles and rule examples\"/>\n",
            );
        }
        for f in &findings {
            let text = match &f.help {
                Some(h) => format!("{}\nhelp: {h}", f.message),
                None => f.message.clone(),
            };
            out.push_str(&format!(
                "    <testcase classname=\"{kind}\" name=\"{}\">\n      <failure type=\"{kind}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                xml(&f.name()),
                xml(&f.message),
                xml(&text),
                kind = f.kind,
            ));
        }
        out.push_str("  </testsuite>\n</testsuites>\n");
        out
    }

    /// TAP version 14: one test point per finding, or one passing point.
    pub fn tap(&self) -> String {
        let findings = self.findings();
        if findings.is_empty() {
            return "TAP version 14\n1..1\nok 1 - rulebook, profiles and rule examples\n"
                .to_string();
        }
        let mut out = format!("TAP version 14\n1..{}\n", findings.len());
        for (i, f) in findings.iter().enumerate() {
            out.push_str(&format!(
                "not ok {} - {}\n  ---\n",
                i + 1,
                tap_text(&f.name())
            ));
            out.push_str(&format!("  message: {}\n", json!(tap_text(&f.message))));
            if let Some(h) = &f.help {
                out.push_str(&format!("  help: {}\n", json!(tap_text(h))));
            }
            out.push_str("  ...\n");
        }
        out
    }

    /// GitHub Actions workflow commands: one `::error` per finding.
    pub fn github(&self) -> String {
        self.findings()
            .iter()
            .map(|f| {
                let text = match &f.help {
                    Some(h) => format!("{} ({h})", f.message),
                    None => f.message.clone(),
                };
                let title = format!("rulecard check: {}", f.kind);
                gh_command("error", f.at.as_ref(), &title, &text)
            })
            .collect()
    }

    /// SARIF 2.1.0: one result per finding, at its file, line and column.
    pub fn sarif(&self) -> String {
        let results: Vec<Value> = self
            .findings()
            .iter()
            .map(|f| {
                let text = match &f.help {
                    Some(h) => format!("{} Help: {h}", f.message),
                    None => f.message.clone(),
                };
                let mut r = json!({
                    "ruleId": f.kind,
                    "level": "error",
                    "message": { "text": text },
                });
                if let Some(l) = &f.at {
                    r["locations"] = json!([sarif_location(l)]);
                }
                r
            })
            .collect();
        let kinds = ["load", "schema", "compile", "example"];
        let rules: Vec<Value> = kinds
            .iter()
            .map(|k| json!({ "id": k, "shortDescription": { "text": format!("rulecard check: {k} problem") } }))
            .collect();
        sarif_document(rules, results, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    #[test]
    fn github_escapes_as_documented() {
        assert_eq!(gh_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(gh_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn junit_counts_and_maps_verdicts() {
        let r = sample::report();
        let x = junit(&r);
        // Germany: pass, partial, fail; France: n/a, insufficient, pass.
        assert!(
            x.contains("tests=\"6\" failures=\"2\" errors=\"0\" skipped=\"2\""),
            "{x}"
        );
        assert!(x.contains("<failure type=\"partial\""));
        assert!(x.contains("<failure type=\"fail\""));
        // Data is escaped.
        assert!(x.contains("France | Métropole &amp; &lt;DOM&gt;"));
    }

    #[test]
    fn tap_plan_matches_the_points() {
        let t = tap(&sample::report());
        assert!(t.starts_with("TAP version 14\n1..6\n"));
        assert_eq!(t.lines().filter(|l| l.starts_with("not ok ")).count(), 2);
        assert_eq!(t.lines().filter(|l| l.contains("# SKIP")).count(), 2);
    }
}
