//! Shared wording: how verdicts, scores, fact changes, trace nodes and citations are phrased.
//!
//! Every renderer phrases things through here, so a counterfactual reads the same in a
//! terminal, in Markdown and in HTML. Phrases are plain text; each renderer escapes them
//! for its own format.

/// The mark beside a fact whose value is the analyst's reading of its source, not the
/// source's words.
pub const INFERRED: &str = "≈ inferred";

/// ", on paper sources only" when the report kept only some kinds of source, else "".
pub fn sources_kept(report: &crate::report::Report) -> String {
    match &report.only_sources {
        Some(kinds) => format!(", on {} sources only", and_list(kinds)),
        None => String::new(),
    }
}

/// The mark beside a verdict resting on evidence older than the rulebook allows.
pub const STALE: &str = "†";

/// " · evidence from 2020-09" (with "†, older than 3 years" when stale), or "".
pub fn evidence_age(v: &crate::report::VerdictReport, report: &crate::report::Report) -> String {
    match (&v.evidence_date, v.stale, report.rulebook.stale_after_years) {
        (Some(d), true, Some(y)) => format!(" · evidence from {d} {STALE} older than {y} years"),
        (Some(d), _, _) => format!(" · evidence from {d}"),
        (None, _, _) => String::new(),
    }
}

/// The legend line for [`STALE`], when any verdict of the report is stale.
pub fn stale_legend(report: &crate::report::Report) -> Option<String> {
    let years = report.rulebook.stale_after_years?;
    report
        .profiles
        .iter()
        .any(|p| p.verdicts.iter().any(|v| v.stale))
        .then(|| {
            format!(
                "{STALE} decided on evidence more than {years} years old: the newest fact the verdict rests on is older than that."
            )
        })
}

/// What [`INFERRED`] means, for legends.
pub const INFERRED_LEGEND: &str = "≈ inferred: the value is the analyst's reading of its source, not the source's words; the note says how.";

/// Whether any verdict of a profile rests on an inferred fact.
pub fn any_inferred(p: &crate::report::ProfileReport) -> bool {
    p.verdicts
        .iter()
        .any(|v| v.evidence.iter().any(|e| e.basis.is_inferred()))
}
use crate::report::{Change, Counterfactual, Counts, Reference, VerdictReport};
use crate::vocab::trace::{Trace, TracePart};
use crate::vocab::truth::Truth;
use crate::vocab::verdict::Verdict;
use serde_json::Value;

/// The verdict as a symbol and a word, readable without colour: `✔ pass`.
pub fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "✔ pass",
        Verdict::Partial => "◐ partial",
        Verdict::Fail => "✘ fail",
        Verdict::NotApplicable => "– n/a",
        Verdict::InsufficientData => "? insufficient data",
    }
}

/// The verdict as shown: `⊘ waived (✘ fail)` under an active waiver, else [`verdict`].
pub fn shown(v: &crate::report::VerdictReport) -> String {
    if v.is_waived() {
        format!("⊘ waived ({})", verdict(v.verdict))
    } else {
        verdict(v.verdict).to_string()
    }
}

/// The waiver on a verdict, in a sentence: who accepted it, why, until when.
pub fn waiver(v: &crate::report::VerdictReport) -> Option<String> {
    let w = v.waiver.as_ref()?;
    Some(match w.state {
        crate::report::WaiverState::Active => format!(
            "Waived until {} by {}: {} (raw verdict: {}; left out of score and coverage)",
            w.expires,
            w.author,
            w.justification,
            verdict(v.verdict)
        ),
        crate::report::WaiverState::Expired => format!(
            "Expired waiver ignored (it ended {}; by {}): {}",
            w.expires, w.author, w.justification
        ),
    })
}

/// The verdict's symbol alone: `✔`.
pub fn mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "✔",
        Verdict::Partial => "◐",
        Verdict::Fail => "✘",
        Verdict::NotApplicable => "–",
        Verdict::InsufficientData => "?",
    }
}

/// The verdict's word alone: `insufficient data`.
pub fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "pass",
        Verdict::Partial => "partial",
        Verdict::Fail => "fail",
        Verdict::NotApplicable => "n/a",
        Verdict::InsufficientData => "insufficient data",
    }
}

/// What a verdict means, for legends.
pub fn verdict_meaning(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "the check holds",
        Verdict::Partial => "the check fails, but a partial-credit condition holds",
        Verdict::Fail => "the check fails and no partial-credit condition holds",
        Verdict::NotApplicable => "the rule does not apply to this profile",
        Verdict::InsufficientData => "a fact the outcome depends on is unknown",
    }
}

/// A score in [0, 1] as a whole percentage (`42%`); `—` when there is none.
pub fn percent(score: Option<f64>) -> String {
    match score {
        Some(x) if x.is_finite() => {
            let p = (x * 100.0).round();
            // Avoid "-0%".
            format!("{}%", if p == 0.0 { 0.0 } else { p })
        }
        _ => "—".to_string(),
    }
}

/// A weight without a needless fraction: `2`, `0.5`.
pub fn number(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A JSON value as a reader would write it: strings bare, lists in brackets.
pub fn value(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(value).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(_) => v.to_string(),
    }
}

/// An observed value: `unknown` when the fact is missing or null.
pub fn observed(v: &Value) -> String {
    match v {
        Value::Null => "unknown".to_string(),
        other => value(other),
    }
}

/// A truth value as a word.
pub fn truth(t: Truth) -> &'static str {
    t.as_str()
}

/// The comparison word of a count bound (`ge` → `≥`).
fn comparison(op: &str) -> Option<&'static str> {
    Some(match op {
        "eq" => "exactly",
        "ne" => "≠",
        "lt" => "<",
        "le" => "≤",
        "gt" => ">",
        "ge" => "≥",
        _ => return None,
    })
}

/// The comparison of a count change: `count_ge`, `count:ge`, `count ge` or `count.ge` → `ge`.
fn count_op(op: &str) -> Option<&str> {
    let rest = op.strip_prefix("count")?;
    let rest = rest.strip_prefix(['_', ':', ' ', '.', '/'])?;
    comparison(rest).map(|_| rest)
}

/// One fact change, as the condition the fact would meet:
/// `/clean_network/joined were true`, `/x were one of [ban, restriction]`,
/// `/telecom/operators/0/vendors had ≥ 2 elements`, `/y were known`.
pub fn change(c: &Change) -> String {
    change_in(c, &Markup::PLAIN)
}

/// How a format marks up the facts and values inside a phrase (Markdown: code spans).
/// The connecting words are plain and need no escaping.
pub struct Markup<'a> {
    /// Renders a fact pointer (a format may show its label instead).
    pub fact: &'a dyn Fn(&str) -> String,
    /// Renders a value, already written as text.
    pub value: &'a dyn Fn(&str) -> String,
}

impl Markup<'static> {
    /// No markup: facts and values as they are.
    pub const PLAIN: Markup<'static> = Markup {
        fact: &str::to_string,
        value: &str::to_string,
    };
}

/// [`change`], with facts and values marked up by `m`.
pub fn change_in(c: &Change, m: &Markup<'_>) -> String {
    let fact = (m.fact)(&c.fact);
    let val = c
        .value
        .as_ref()
        .map(|v| (m.value)(&value(v)))
        .unwrap_or_default();
    match c.op.as_str() {
        "eq" => format!("{fact} were {val}"),
        // A yes/no fact that must not be true must be false (unknown does not pass).
        "ne" if c.value.as_ref().is_some_and(Value::is_boolean) => {
            let other = !c.value.as_ref().and_then(Value::as_bool).unwrap_or(false);
            format!("{fact} were {}", (m.value)(&other.to_string()))
        }
        "ne" => format!("{fact} were not {val}"),
        "not_contains" => format!("{fact} did not contain {val}"),
        "lt" => format!("{fact} were < {val}"),
        "le" => format!("{fact} were ≤ {val}"),
        "gt" => format!("{fact} were > {val}"),
        "ge" => format!("{fact} were ≥ {val}"),
        "in" => format!("{fact} were one of {val}"),
        "not_in" => format!("{fact} were none of {val}"),
        "contains" => format!("{fact} contained {val}"),
        "exists" => format!("{fact} were known"),
        "before" => format!("{fact} were before {val}"),
        "after" => format!("{fact} were after {val}"),
        op => match count_op(op).and_then(comparison) {
            Some(cmp) => {
                let noun = if c.value == Some(Value::from(1)) {
                    "element"
                } else {
                    "elements"
                };
                let n = c.value.as_ref().map(value).unwrap_or_default();
                format!("{fact} had {cmp} {n} {noun}")
            }
            None if val.is_empty() => format!("{fact} satisfied {op}"),
            None => format!("{fact} satisfied {op} {val}"),
        },
    }
}

/// A change with what is observed now: `/x were true (now false)`.
pub fn change_now(c: &Change) -> String {
    change_now_in(c, &Markup::PLAIN)
}

/// [`change_now`], with facts and values marked up by `m`.
pub fn change_now_in(c: &Change, m: &Markup<'_>) -> String {
    let now = match &c.observed {
        Value::Null => observed(&c.observed),
        v => (m.value)(&value(v)),
    };
    format!("{} (now {now})", change_in(c, m))
}

/// Items joined as prose: `A`, `A and B`, `A, B and C`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn changes(cf: &Counterfactual, m: &Markup<'_>) -> String {
    let parts: Vec<String> = cf.changes.iter().map(|c| change_in(c, m)).collect();
    let mut s = and_list(&parts);
    if !cf.assuming.is_empty() {
        let given: Vec<String> = cf.assuming.iter().map(|c| change_in(c, m)).collect();
        s.push_str(&format!(" (once it applies: {})", and_list(&given)));
    }
    s
}

/// One counterfactual: `would pass if A and B`.
pub fn counterfactual(cf: &Counterfactual) -> String {
    format!("would pass if {}", changes(cf, &Markup::PLAIN))
}

/// Alternative counterfactuals: `would pass if A, or if B and C`; `None` when there are none.
/// What a pass assumes of the rule's applicability is said apart: `(once it applies: …)`.
pub fn counterfactuals(cfs: &[Counterfactual]) -> Option<String> {
    counterfactuals_in(cfs, &Markup::PLAIN)
}

/// [`counterfactuals`], with facts and values marked up by `m`.
pub fn counterfactuals_in(cfs: &[Counterfactual], m: &Markup<'_>) -> Option<String> {
    if cfs.is_empty() {
        return None;
    }
    Some(format!("would pass if {}", alternatives(cfs, m)))
}

/// Said when the search for ways to flip a verdict stopped at its budget.
pub fn search_stopped(v: &VerdictReport) -> Option<String> {
    v.search_stopped.then(|| {
        format!(
            "The search for ways to flip this verdict stopped at its budget ({} re-judgements, \
             {} steps): there may be ways it did not reach.",
            crate::eval::counterfactual::MAX_JUDGEMENTS,
            crate::eval::counterfactual::MAX_STEPS
        )
    })
}

/// At most this many ways are spelled out in a sentence; `explain` lists them all.
pub const WAYS_SHOWN: usize = 3;

/// `A, or if B, or if C` and, past [`WAYS_SHOWN`], how many more ways there are.
fn alternatives(cfs: &[Counterfactual], m: &Markup<'_>) -> String {
    let shown: Vec<String> = cfs
        .iter()
        .take(WAYS_SHOWN)
        .map(|cf| changes(cf, m))
        .collect();
    let mut s = shown.join(", or if ");
    if cfs.len() > WAYS_SHOWN {
        let more = cfs.len() - WAYS_SHOWN;
        s.push_str(&format!(
            " ({more} more {}: see explain)",
            if more == 1 { "way" } else { "ways" }
        ));
    }
    s
}

/// Ways the rule would stop applying: `would not apply if A, or if B`; `None` when none.
pub fn not_applying_in(cfs: &[Counterfactual], m: &Markup<'_>) -> Option<String> {
    if cfs.is_empty() {
        return None;
    }
    Some(format!("would not apply if {}", alternatives(cfs, m)))
}

/// What would flip a verdict, as the clauses a report sentence joins: the ways to pass, then
/// the ways to stop the rule applying (each absent when there is none).
pub fn flip_clauses(v: &VerdictReport, m: &Markup<'_>) -> Vec<String> {
    [
        counterfactuals_in(&v.counterfactuals, m),
        not_applying_in(&v.would_not_apply_if, m),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The line under an explained verdict's heading: `Verdict: fail · score 0% · weight 3 ·
/// category`, and how old its evidence is.
pub fn verdict_summary(v: &VerdictReport, report: &crate::report::Report) -> String {
    format!(
        "Verdict: {} · score {} · weight {} · {}{}",
        shown(v),
        percent(v.score),
        number(v.weight),
        report.category_title(&v.category),
        evidence_age(v, report)
    )
}

/// What would flip a verdict, one line each: the ways to pass (with what each observes now),
/// then the ways to stop the rule applying.
pub fn flips(v: &VerdictReport, m: &Markup<'_>) -> Vec<String> {
    let now = |cs: &[Change]| -> String {
        let parts: Vec<String> = cs.iter().map(|c| change_now_in(c, m)).collect();
        and_list(&parts)
    };
    let mut out: Vec<String> = v
        .counterfactuals
        .iter()
        .enumerate()
        .map(|(i, cf)| {
            let lead = if i == 0 { "would pass if" } else { "or if" };
            let mut s = format!("{lead} {}", now(&cf.changes));
            if !cf.assuming.is_empty() {
                s.push_str(&format!(" (once it applies: {})", now(&cf.assuming)));
            }
            s
        })
        .collect();
    out.extend(v.would_not_apply_if.iter().enumerate().map(|(i, cf)| {
        let lead = if i == 0 {
            "would not apply if"
        } else {
            "or would not apply if"
        };
        format!("{lead} {}", now(&cf.changes))
    }));
    out
}

/// A trace node without its truth: `all`, `count /x ge 2 (3 elements)`,
/// `/x eq true — observed false`.
pub fn node_head(t: &Trace) -> String {
    match t {
        Trace::Leaf {
            fact,
            op,
            expected,
            observed: seen,
            ..
        } => match expected {
            Some(e) => format!("{fact} {op} {} — observed {}", value(e), observed(seen)),
            None => format!("{fact} {op} — observed {}", observed(seen)),
        },
        Trace::All { .. } => "all".to_string(),
        Trace::Any { .. } => "any".to_string(),
        Trace::Not { .. } => "not".to_string(),
        Trace::AtLeast { n, .. } => format!("at_least {n} of"),
        Trace::Quantifier {
            quantifier,
            over,
            op,
            value: bound,
            elements,
            ..
        } => {
            let mut s = format!("{quantifier} {over}");
            if let Some(op) = op {
                s.push(' ');
                s.push_str(op);
            }
            if let Some(b) = bound {
                s.push_str(&format!(" {b}"));
            }
            match elements {
                Some(1) => s.push_str(" (1 element)"),
                Some(n) => s.push_str(&format!(" ({n} elements)")),
                None => s.push_str(" (array missing)"),
            }
            s
        }
    }
}

/// A trace node with its truth: `/x eq true — observed false → false`.
pub fn node(t: &Trace) -> String {
    format!("{} → {}", node_head(t), truth(t.truth()))
}

/// A trace part with its truth: `check → false`.
pub fn part(p: &TracePart) -> String {
    format!("{} → {}", p.part, truth(p.truth))
}

fn children(t: &Trace) -> Vec<(Option<String>, &Trace)> {
    match t {
        Trace::Leaf { .. } => vec![],
        Trace::All { children, .. }
        | Trace::Any { children, .. }
        | Trace::AtLeast { children, .. } => children.iter().map(|c| (None, c)).collect(),
        Trace::Not { child, .. } => vec![(None, child.as_ref())],
        // A quantifier's children are its `where` evaluated on each element, in order.
        Trace::Quantifier { children, .. } => children
            .iter()
            .enumerate()
            .map(|(i, c)| (Some(format!("[{i}] ")), c))
            .collect(),
    }
}

fn tree(out: &mut String, t: &Trace, label: Option<&str>, prefix: &str, last: bool) {
    let branch = if last { "└─ " } else { "├─ " };
    out.push_str(&format!(
        "{prefix}{branch}{}{}\n",
        label.unwrap_or(""),
        node(t)
    ));
    let next = format!("{prefix}{}", if last { "   " } else { "│  " });
    let kids = children(t);
    let n = kids.len();
    for (i, (label, c)) in kids.into_iter().enumerate() {
        tree(out, c, label.as_deref(), &next, i + 1 == n);
    }
}

/// A rule's whole trace as an indented tree, one line per part and per node, each with its
/// truth; a quantifier's children are labelled with their element index:
///
/// ```text
/// check → false
/// └─ all → false
///    ├─ /clean_network/joined eq true — observed false → false
///    └─ not → true
///       └─ /clean_network/withdrawn eq true — observed false → false
/// ```
pub fn trace(parts: &[TracePart]) -> String {
    let mut out = String::new();
    for p in parts {
        out.push_str(&part(p));
        out.push('\n');
        tree(&mut out, &p.node, None, "", true);
    }
    out
}

/// Verdict counts: `1 pass, 0 partial, 2 fail, 0 n/a, 1 insufficient data`.
pub fn counts(c: &Counts) -> String {
    let waived = if c.waived > 0 {
        format!(", {} waived", c.waived)
    } else {
        String::new()
    };
    format!(
        "{} pass, {} partial, {} fail, {} n/a, {} insufficient data{waived}",
        c.pass, c.partial, c.fail, c.not_applicable, c.insufficient_data
    )
}

/// A citable document on one line: `Title — Author, Publisher, 2020-05, § 3, footnote 23`.
/// The URL and note are left to the caller, which may link them.
pub fn reference(r: &Reference) -> String {
    let mut details: Vec<String> = Vec::new();
    details.extend(r.author.clone());
    details.extend(r.publisher.clone());
    details.extend(r.date.clone());
    details.extend(r.section.as_ref().map(|s| format!("§ {s}")));
    details.extend(r.footnote.map(|n| format!("footnote {n}")));
    if details.is_empty() {
        r.title.clone()
    } else {
        format!("{} — {}", r.title, details.join(", "))
    }
}

fn find<'a>(v: &'a VerdictReport, name: &str) -> Option<&'a TracePart> {
    v.trace.iter().find(|p| p.part == name)
}

fn partials(v: &VerdictReport) -> impl Iterator<Item = &TracePart> {
    v.trace.iter().filter(|p| p.part.starts_with("partial"))
}

/// Why the verdict follows from the parts' truths, in one or two sentences.
pub fn why(v: &VerdictReport) -> String {
    let applies = find(v, "applies_if").map(|p| p.truth);
    let check = find(v, "check").map(|p| p.truth);
    let applies_sentence = match applies {
        Some(Truth::True) => "The rule applies to this profile. ",
        None => "The rule applies to every profile. ",
        _ => "",
    };
    let missing = if v.missing.is_empty() {
        String::new()
    } else {
        format!(" Finding out {} would decide it.", and_list(&v.missing))
    };
    // Partial-credit conditions are numbered from 1 for readers (partial/0 is the first).
    let ordinal = |part: &str| -> String {
        let n = part
            .strip_prefix("partial/")
            .and_then(|n| n.parse::<usize>().ok())
            .map_or(0, |n| n + 1);
        match n {
            1 => "the first partial-credit condition".into(),
            2 => "the second partial-credit condition".into(),
            3 => "the third partial-credit condition".into(),
            n => format!("partial-credit condition {n}"),
        }
    };
    match v.verdict {
        Verdict::NotApplicable => {
            "The rule does not apply to this profile (its applicability condition is not met), so it does not count towards the score."
                .to_string()
        }
        Verdict::InsufficientData => {
            let reason = if applies == Some(Truth::Unknown) {
                "Whether the rule applies to this profile is not known".to_string()
            } else if check == Some(Truth::Unknown) {
                format!("{applies_sentence}Whether its requirement is met is not known")
            } else if let Some(p) = partials(v).find(|p| p.truth == Truth::Unknown) {
                format!(
                    "{applies_sentence}The full requirement is not met, and whether {} is met is not known",
                    ordinal(&p.part)
                )
            } else {
                format!("{applies_sentence}A fact the outcome depends on is not known")
            };
            format!(
                "{reason}, so no verdict is given and the rule does not count towards the score.{missing}"
            )
        }
        Verdict::Pass => format!("{applies_sentence}Its requirement is met, so the rule passes."),
        Verdict::Partial => {
            let held = partials(v)
                .find(|p| p.truth == Truth::True)
                .map(|p| ordinal(&p.part))
                .unwrap_or_else(|| "a partial-credit condition".into());
            format!(
                "{applies_sentence}The full requirement is not met, but {held} is, so the rule earns partial credit ({}).",
                percent(v.score)
            )
        }
        Verdict::Fail => {
            let tried = partials(v).count();
            match tried {
                0 => format!(
                    "{applies_sentence}Its requirement is not met and the rule offers no partial credit, so it fails."
                ),
                1 => format!(
                    "{applies_sentence}Its requirement is not met, nor is the condition for partial credit, so it fails."
                ),
                _ => format!(
                    "{applies_sentence}Its requirement is not met, nor is any of the {tried} conditions for partial credit, so it fails."
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;
    use serde_json::json;

    fn ch(fact: &str, op: &str, value: Option<Value>) -> Change {
        Change {
            fact: fact.into(),
            op: op.into(),
            value,
            observed: Value::Null,
        }
    }

    #[test]
    fn changes_per_op() {
        let cases = [
            (ch("/a", "eq", Some(json!(true))), "/a were true"),
            (ch("/a", "ne", Some(json!("x"))), "/a were not x"),
            (ch("/a", "lt", Some(json!(3))), "/a were < 3"),
            (ch("/a", "le", Some(json!(3))), "/a were ≤ 3"),
            (ch("/a", "gt", Some(json!(3))), "/a were > 3"),
            (ch("/a", "ge", Some(json!(2.5))), "/a were ≥ 2.5"),
            (
                ch(
                    "/five_g/high_risk_vendor_policy",
                    "in",
                    Some(json!(["ban", "restriction"])),
                ),
                "/five_g/high_risk_vendor_policy were one of [ban, restriction]",
            ),
            (
                ch("/a", "not_in", Some(json!(["x", "y"]))),
                "/a were none of [x, y]",
            ),
            (
                ch("/a", "contains", Some(json!("nokia"))),
                "/a contained nokia",
            ),
            (ch("/a", "exists", None), "/a were known"),
            (
                ch("/a", "before", Some(json!("2020-01"))),
                "/a were before 2020-01",
            ),
            (ch("/a", "after", Some(json!("2021"))), "/a were after 2021"),
            (
                ch("/telecom/operators/0/vendors", "count_ge", Some(json!(2))),
                "/telecom/operators/0/vendors had ≥ 2 elements",
            ),
            (
                ch("/a", "count:eq", Some(json!(1))),
                "/a had exactly 1 element",
            ),
            (ch("/a", "count lt", Some(json!(3))), "/a had < 3 elements"),
            (ch("/a", "weird", Some(json!(1))), "/a satisfied weird 1"),
        ];
        for (c, want) in cases {
            assert_eq!(change(&c), want, "op {}", c.op);
        }
    }

    #[test]
    fn counterfactual_phrases() {
        let a = ch("/clean_network/joined", "eq", Some(json!(true)));
        let b = ch("/b", "exists", None);
        let c = ch("/c", "in", Some(json!(["x", "y"])));
        let one = Counterfactual {
            changes: vec![a.clone()],
            assuming: vec![],
        };
        let two = Counterfactual {
            changes: vec![b.clone(), c.clone()],
            assuming: vec![],
        };
        assert_eq!(
            counterfactual(&two),
            "would pass if /b were known and /c were one of [x, y]"
        );
        assert_eq!(
            counterfactuals(&[one.clone(), two]).unwrap(),
            "would pass if /clean_network/joined were true, or if /b were known and /c were one of [x, y]"
        );
        assert_eq!(counterfactuals(&[]), None);
        // Past three ways, a sentence counts the rest instead of spelling them out.
        let five = vec![one.clone(); 5];
        let said = counterfactuals(&five).unwrap();
        assert_eq!(said.matches(", or if ").count(), 2, "{said}");
        assert!(said.ends_with(" (2 more ways: see explain)"), "{said}");
        let four = counterfactuals(&five[..4]).unwrap();
        assert!(four.ends_with(" (1 more way: see explain)"), "{four}");
        let guarded = Counterfactual {
            changes: vec![b.clone()],
            assuming: vec![a.clone()],
        };
        assert_eq!(
            counterfactual(&guarded),
            "would pass if /b were known (once it applies: /clean_network/joined were true)"
        );
        assert_eq!(
            not_applying_in(std::slice::from_ref(&one), &Markup::PLAIN).unwrap(),
            "would not apply if /clean_network/joined were true"
        );
        let quote = |s: &str| format!("<{s}>");
        let m = Markup {
            fact: &quote,
            value: &quote,
        };
        assert_eq!(change_in(&c, &m), "</c> were one of <[x, y]>");
        assert_eq!(
            and_list(&["A".into(), "B".into(), "C".into()]),
            "A, B and C"
        );
        let mut now = a;
        now.observed = json!(false);
        assert_eq!(
            change_now(&now),
            "/clean_network/joined were true (now false)"
        );
    }

    #[test]
    fn symbols_and_percentages() {
        assert_eq!(verdict(Verdict::Pass), "✔ pass");
        assert_eq!(verdict(Verdict::InsufficientData), "? insufficient data");
        for v in Verdict::ALL {
            assert!(verdict(v).starts_with(mark(v)));
            assert!(verdict(v).ends_with(verdict_word(v)));
        }
        assert_eq!(percent(Some(0.42)), "42%");
        assert_eq!(percent(Some(1.0)), "100%");
        assert_eq!(percent(Some(-0.0001)), "0%");
        assert_eq!(percent(None), "—");
        assert_eq!(number(2.0), "2");
        assert_eq!(number(0.5), "0.5");
    }

    #[test]
    fn why_follows_the_parts_in_words() {
        let report = sample::report();
        let de = &report.profiles[0];
        let fr = &report.profiles[1];
        assert_eq!(
            why(&de.verdicts[0]),
            "The rule applies to this profile. Its requirement is met, so the rule passes."
        );
        assert!(why(&de.verdicts[1]).contains("but the second partial-credit condition is"));
        assert!(why(&de.verdicts[2]).contains("nor is the condition for partial credit"));
        assert!(why(&fr.verdicts[0]).starts_with("The rule does not apply to this profile"));
        let id = why(&fr.verdicts[1]);
        assert!(
            id.contains("Whether its requirement is met is not known"),
            "{id}"
        );
        assert!(
            id.contains("Finding out /telecom/operators would decide it."),
            "{id}"
        );
        // No engine vocabulary reaches the reader.
        for v in de.verdicts.iter().chain(&fr.verdicts) {
            let w = why(v);
            assert!(
                !w.contains("applies_if") && !w.contains("partial/") && !w.contains("check is"),
                "{w}"
            );
        }
    }

    #[test]
    fn trace_nodes() {
        let leaf = Trace::Leaf {
            fact: "/x".into(),
            op: "eq".into(),
            expected: Some(json!(true)),
            observed: Value::Null,
            truth: Truth::Unknown,
        };
        assert_eq!(node(&leaf), "/x eq true — observed unknown → unknown");
        let q = Trace::Quantifier {
            quantifier: "count".into(),
            over: "/ops".into(),
            op: Some("ge".into()),
            value: Some(2),
            elements: Some(3),
            truth: Truth::False,
            children: vec![],
        };
        assert_eq!(node(&q), "count /ops ge 2 (3 elements) → false");
    }

    #[test]
    fn references() {
        let r = Reference {
            title: "Toolbox".into(),
            publisher: Some("NIS CG".into()),
            date: Some("2020-01".into()),
            section: Some("SM03".into()),
            ..Default::default()
        };
        assert_eq!(reference(&r), "Toolbox — NIS CG, 2020-01, § SM03");
    }
}
