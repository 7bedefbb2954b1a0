//! Judging one rule: applicability, check, partial credit → a verdict, with its trace.

use super::logic;
use super::scope::Scope;
use super::trace::{Trace, TracePart};
use super::truth::Truth;
use super::verdict::Verdict;
use crate::compile::Rule;
use serde_json::Value;

/// A rule's verdict on a facts document, and the partial condition that gave it, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// The rule's verdict.
    pub verdict: Verdict,
    /// Index of the partial-credit condition that held (for `partial`).
    pub partial: Option<usize>,
    /// Every part of the rule, evaluated in full.
    pub trace: Vec<TracePart>,
}

/// Judge `rule` on `facts`, tracing every part (applies_if, check, every partial condition).
pub fn judge(rule: &Rule, facts: &Value) -> Judgement {
    let mut trace = Vec::with_capacity(2 + rule.partial.len());
    let part = |name: String, node: Trace| TracePart {
        part: name,
        truth: node.truth(),
        node,
    };
    if let Some(a) = &rule.applies_if {
        trace.push(part("applies_if".into(), logic::eval(a, facts, "")));
    }
    trace.push(part("check".into(), logic::eval(&rule.check, facts, "")));
    for (i, p) in rule.partial.iter().enumerate() {
        trace.push(part(
            format!("partial/{i}"),
            logic::eval(&p.when, facts, ""),
        ));
    }
    let offset = usize::from(rule.applies_if.is_some());
    let applies = if offset == 1 {
        trace[0].truth
    } else {
        Truth::True
    };
    let check = trace[offset].truth;
    let partials = trace[offset + 1..].iter().map(|p| p.truth);
    let (verdict, partial) = decide(applies, check, partials);
    Judgement {
        verdict,
        partial,
        trace,
    }
}

/// The verdict alone, without building traces: the fast path.
pub fn verdict(rule: &Rule, facts: &Value) -> (Verdict, Option<usize>) {
    verdict_in(rule, Scope::plain(facts))
}

/// [`verdict`] on facts whose fact index is resolved.
pub fn verdict_in(rule: &Rule, facts: Scope<'_, '_>) -> (Verdict, Option<usize>) {
    let applies = rule
        .applies_if
        .as_ref()
        .map_or(Truth::True, |a| logic::truth_in(a, facts));
    if applies != Truth::True {
        return decide(applies, Truth::Unknown, std::iter::empty());
    }
    let check = logic::truth_in(&rule.check, facts);
    if check != Truth::False {
        return decide(applies, check, std::iter::empty());
    }
    decide(
        applies,
        check,
        rule.partial.iter().map(|p| logic::truth_in(&p.when, facts)),
    )
}

/// The verdict rules: applies_if false → not-applicable, unknown → insufficient-data; check
/// true → pass, unknown → insufficient-data; check false → the first partial condition that
/// holds (insufficient-data if one before it is unknown), else fail.
pub fn decide(
    applies: Truth,
    check: Truth,
    partials: impl Iterator<Item = Truth>,
) -> (Verdict, Option<usize>) {
    match (applies, check) {
        (Truth::False, _) => (Verdict::NotApplicable, None),
        (Truth::Unknown, _) => (Verdict::InsufficientData, None),
        (Truth::True, Truth::True) => (Verdict::Pass, None),
        (Truth::True, Truth::Unknown) => (Verdict::InsufficientData, None),
        (Truth::True, Truth::False) => {
            for (i, t) in partials.enumerate() {
                match t {
                    Truth::True => return (Verdict::Partial, Some(i)),
                    Truth::Unknown => return (Verdict::InsufficientData, None),
                    Truth::False => {}
                }
            }
            (Verdict::Fail, None)
        }
    }
}

/// The fact pointers that would decide an `insufficient-data` verdict: the unknown leaves
/// (and missing arrays) of the part that left it undecided.
pub fn missing(j: &Judgement) -> Vec<String> {
    if j.verdict != Verdict::InsufficientData {
        return Vec::new();
    }
    let Some(part) = j.trace.iter().find(|p| p.truth == Truth::Unknown) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    unknown_facts(&part.node, &mut out);
    crate::vocab::once_each(out)
        .into_iter()
        .map(str::to_string)
        .collect()
}

fn unknown_facts<'t>(t: &'t Trace, out: &mut Vec<&'t str>) {
    if t.truth() != Truth::Unknown {
        return;
    }
    match t {
        Trace::Leaf { fact, .. } => out.push(fact),
        Trace::Quantifier {
            over,
            elements: None,
            ..
        } => out.push(over),
        Trace::All { children, .. }
        | Trace::Any { children, .. }
        | Trace::AtLeast { children, .. }
        | Trace::Quantifier { children, .. } => children.iter().for_each(|c| unknown_facts(c, out)),
        Trace::Not { child, .. } => unknown_facts(child, out),
    }
}
