//! Evaluation: a compiled [`Program`] applied to a facts document, in three-valued logic.
//!
//! Pure: no I/O, no formatting. Every verdict carries its full trace, the facts that would
//! decide it when unknown, and verified counterfactuals.

pub mod compare;
pub use crate::vocab::{dates, pointer, trace, truth, verdict};
pub mod counterfactual;
pub mod logic;
pub mod quantify;
pub mod rule;
pub mod scope;

use crate::compile::{Program, Rule};
use crate::vocab::change::Change;
use serde_json::Value;
use trace::TracePart;
use verdict::Verdict;

/// One rule's result on one facts document.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The rule's verdict.
    pub verdict: Verdict,
    /// 1 for pass, the credit for partial, 0 for fail; `None` when not decided.
    pub score: Option<f64>,
    /// Which partial-credit condition held.
    pub partial: Option<usize>,
    /// Every part of the rule (`applies_if`, `check`, each `partial/N`), evaluated in full.
    pub trace: Vec<TracePart>,
    /// For insufficient-data: pointers to the unknown facts (and missing arrays) deciding it.
    pub missing: Vec<String>,
    /// Ways to pass: the changes, and the applicability changes they assume.
    pub counterfactuals: Vec<counterfactual::Way>,
    /// Ways to make the rule not apply, when whether it applies is unknown.
    pub not_applicable_if: Vec<Vec<Change>>,
    /// What the search for those ways cost, and whether it stopped at its budget.
    pub search: Search,
}

/// The cost of one verdict's counterfactual search, counted (never timed).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Search {
    /// Candidates re-judged (at most [`counterfactual::MAX_JUDGEMENTS`]).
    pub judgements: usize,
    /// Steps reading candidates off the trace (at most [`counterfactual::MAX_STEPS`]).
    pub steps: usize,
    /// The budget ran out: there may be ways the search did not reach.
    pub stopped: bool,
}

/// Evaluate one rule with everything needed to explain it; `domain` says which values a
/// fact may hold (counterfactuals only propose values a profile could hold).
pub fn evaluate_rule(rule: &Rule, facts: &Value, domain: &dyn counterfactual::Domain) -> Outcome {
    let mut scratch = counterfactual::Scratch::new(facts);
    evaluate_rule_with(rule, facts, domain, Some(&mut scratch))
}

/// [`evaluate_rule`], searching for counterfactuals only when given a scratch copy of
/// `facts` to re-judge candidates on (the verdict, trace and missing facts are always
/// computed).
fn evaluate_rule_with(
    rule: &Rule,
    facts: &Value,
    domain: &dyn counterfactual::Domain,
    search: Option<&mut counterfactual::Scratch<'_>>,
) -> Outcome {
    let j = rule::judge(rule, facts);
    let missing = rule::missing(&j);
    let found = match (j.verdict, search) {
        (Verdict::Fail | Verdict::Partial | Verdict::InsufficientData, Some(scratch)) => {
            counterfactual::counterfactuals(rule, scratch, &j.trace, domain)
        }
        _ => counterfactual::Found::default(),
    };
    Outcome {
        verdict: j.verdict,
        score: score_of(rule, j.verdict, j.partial),
        partial: j.partial,
        trace: j.trace,
        missing,
        search: Search {
            judgements: found.judgements,
            steps: found.steps,
            stopped: found.stopped,
        },
        counterfactuals: found.pass,
        not_applicable_if: found.not_applicable,
    }
}

/// The score a verdict earns on a rule.
pub fn score_of(rule: &Rule, verdict: Verdict, partial: Option<usize>) -> Option<f64> {
    match verdict {
        Verdict::Pass => Some(1.0),
        Verdict::Partial => partial.and_then(|i| rule.partial.get(i)).map(|p| p.credit),
        Verdict::Fail => Some(0.0),
        Verdict::NotApplicable | Verdict::InsufficientData => None,
    }
}

impl Program {
    /// Evaluate every rule on a facts document, in rulebook order.
    pub fn evaluate(&self, facts: &Value) -> Vec<Outcome> {
        self.evaluate_focused(facts, None)
    }

    /// As [`Program::evaluate`], but when `focus` names a rule, only that rule's
    /// counterfactuals are searched for (`explain RULE`): the others keep their verdicts,
    /// so the profile's score is unchanged, without the cost of their search.
    pub fn evaluate_focused(&self, facts: &Value, focus: Option<&str>) -> Vec<Outcome> {
        // One scratch copy of the facts for every rule's search.
        let mut scratch = counterfactual::Scratch::new(facts);
        self.rules
            .iter()
            .map(|r| {
                let search = focus.is_none_or(|id| id == r.id).then_some(&mut scratch);
                evaluate_rule_with(r, facts, &self.facts, search)
            })
            .collect()
    }

    /// Verdicts only (no traces, no counterfactuals): the fast path for large batches.
    /// Every indexed fact is looked up once, then read from its slot by each leaf.
    pub fn verdicts(&self, facts: &Value) -> Vec<(Verdict, Option<f64>)> {
        let resolved = scope::Resolved::new(&self.index, facts);
        let scope = scope::Scope::facts(&resolved);
        self.rules
            .iter()
            .map(|r| {
                let (v, p) = rule::verdict_in(r, scope);
                (v, score_of(r, v, p))
            })
            .collect()
    }

    /// How many embedded examples the rules carry.
    pub fn example_count(&self) -> usize {
        self.rules.iter().map(|r| r.examples.len()).sum()
    }

    /// Run every rule's embedded examples; the ones whose verdict differs from `expect`.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        let mut out = Vec::new();
        for rule in &self.rules {
            for ex in &rule.examples {
                let got = rule::judge(rule, &ex.facts).verdict;
                if got != ex.expect {
                    out.push(ExampleFailure {
                        rule: rule.id.clone(),
                        example: ex.name.clone(),
                        location: ex.location.clone(),
                        expected: ex.expect,
                        got,
                    });
                }
            }
        }
        out
    }
}

/// A rule example whose verdict is not the one it declares.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "{location}: example \"{example}\" of rule \"{rule}\" expects {expected} but the rule gives {got}\n  help: fix the rule's condition or the example's facts; `rulecard explain` shows the trace"
)]
pub struct ExampleFailure {
    /// The id of the rule the example belongs to.
    pub rule: String,
    /// The example's name.
    pub example: String,
    /// Where the example is written.
    pub location: crate::load::Location,
    /// The verdict the example declares (`expect`).
    pub expected: Verdict,
    /// The verdict the rule actually gives.
    pub got: Verdict,
}
