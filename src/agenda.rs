//! The research agenda: which unknown facts, once found, would decide the most rule weight.
//!
//! Every `insufficient-data` verdict names the facts that left it undecided. The agenda
//! gathers them across profiles, tries each value the fact could take (from its type in the
//! profile schema), judges the waiting rules again with that value, and ranks the facts by
//! the rule weight they could decide. What an analyst reads to choose what to research next.
//! Evaluation only: no I/O, no formatting (renderers live in `render::agenda`).

use crate::compile::Program;
use crate::compile::facts::{FactType, describe};
use crate::eval::rule;
use crate::score::{self, Weights};
use crate::vocab::pointer;
use crate::vocab::verdict::Verdict;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A profile's facts as they are evaluated (already materialised as of a date).
pub struct Subject<'a> {
    /// The profile's id (ISO 3166-1 alpha-2).
    pub id: &'a str,
    /// The profile's display name.
    pub name: &'a str,
    /// The facts document to evaluate.
    pub facts: Value,
}

/// The ranked list of unknown facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agenda {
    /// The rulebook's id.
    pub rulebook: String,
    /// The rulebook's version string.
    pub version: String,
    /// The lens the weights come from (`null`: the rules' own weights).
    pub lens: Option<String>,
    /// The day the profiles were evaluated as of, when one was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Unknown facts, the most rule weight first.
    pub items: Vec<Item>,
    /// Where to look, by rule id, for every rule an item waits on that says so.
    pub research: BTreeMap<String, String>,
}

/// One unknown fact (one pointer), across the profiles where it is unknown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// JSON pointer into a profile's `facts`.
    pub fact: String,
    /// The profile schema's description of the fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Rule weight, summed over profiles, that at least one value of the fact would decide.
    pub weight: f64,
    /// Rule weight, summed over profiles, that every value of the fact would decide.
    pub certain_weight: f64,
    /// The rules waiting on the fact (in any profile), in rulebook order.
    pub rules: Vec<String>,
    /// The profiles where the fact is unknown and some rule waits on it, in profile order.
    pub profiles: Vec<Waiting>,
}

/// One profile waiting on a fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Waiting {
    /// The profile's id.
    pub profile: String,
    /// The profile's display name.
    pub name: String,
    /// The rules of this profile whose `insufficient-data` names the fact.
    pub rules: Vec<String>,
    /// Weight of those rules that at least one value would decide.
    pub weight: f64,
    /// The profile's coverage now, in [0, 1].
    pub coverage: f64,
    /// What each value the fact could take would give; empty when the values cannot be
    /// listed (a list of objects, a free text or number).
    pub outcomes: Vec<Outcome>,
}

/// The waiting rules' verdicts, and the profile's coverage, if the fact held `value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The value tried for the fact.
    pub value: Value,
    /// Verdict per waiting rule, in rulebook order.
    pub verdicts: Vec<RuleVerdict>,
    /// The profile's coverage with the fact set to `value`, in [0, 1].
    pub coverage: f64,
}

/// One waiting rule's verdict under a tried value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleVerdict {
    /// The rule's id.
    pub rule: String,
    /// The verdict the rule gives with the fact set to the tried value.
    pub verdict: Verdict,
}

impl Waiting {
    /// The least and the greatest coverage the profile would reach once the fact is known.
    pub fn coverage_reached(&self) -> Option<(f64, f64)> {
        let mut cs = self.outcomes.iter().map(|o| o.coverage);
        let first = cs.next()?;
        Some(cs.fold((first, first), |(lo, hi), c| (lo.min(c), hi.max(c))))
    }
}

/// The most values a fact is tried with; enumerations longer than this are cut.
pub const MAX_VALUES: usize = 16;

/// Build the agenda for `subjects` under `weights`.
pub fn agenda(
    program: &Program,
    profile_schema: &Value,
    weights: &Weights,
    subjects: &[Subject<'_>],
    as_of: Option<String>,
) -> Agenda {
    // fact → (profile index → waiting rule indexes)
    let mut waiting: BTreeMap<String, BTreeMap<usize, Vec<usize>>> = BTreeMap::new();
    let mut coverage_now = Vec::with_capacity(subjects.len());
    for (s, subject) in subjects.iter().enumerate() {
        let verdicts = program.verdicts(&subject.facts);
        coverage_now.push(score::quick(weights, &verdicts).1);
        for (r, (v, _)) in verdicts.iter().enumerate() {
            if *v != Verdict::InsufficientData {
                continue;
            }
            let j = rule::judge(&program.rules[r], &subject.facts);
            for fact in rule::missing(&j) {
                waiting
                    .entry(fact)
                    .or_default()
                    .entry(s)
                    .or_default()
                    .push(r);
            }
        }
    }

    let mut items: Vec<Item> = waiting
        .into_iter()
        .map(|(fact, by_subject)| {
            let values = candidates(&program.facts, &fact);
            let mut rule_ix: Vec<usize> = by_subject.values().flatten().copied().collect();
            rule_ix.sort_unstable();
            rule_ix.dedup();
            let mut item = Item {
                description: describe(profile_schema, &fact),
                fact,
                weight: 0.0,
                certain_weight: 0.0,
                rules: rule_ix
                    .iter()
                    .map(|r| program.rules[*r].id.clone())
                    .collect(),
                profiles: Vec::new(),
            };
            for (s, rules) in by_subject {
                let subject = &subjects[s];
                let w = weigh(program, weights, subject, &item.fact, &rules, &values);
                item.weight += w.could;
                item.certain_weight += w.surely;
                item.profiles.push(Waiting {
                    profile: subject.id.to_string(),
                    name: subject.name.to_string(),
                    rules: rules.iter().map(|r| program.rules[*r].id.clone()).collect(),
                    weight: score::round(w.could),
                    coverage: coverage_now[s],
                    outcomes: w.outcomes,
                });
            }
            item.weight = score::round(item.weight);
            item.certain_weight = score::round(item.certain_weight);
            item
        })
        .collect();
    items.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then(b.certain_weight.total_cmp(&a.certain_weight))
            .then(b.profiles.len().cmp(&a.profiles.len()))
            .then(a.fact.cmp(&b.fact))
    });
    let research = program
        .rules
        .iter()
        .filter(|r| items.iter().any(|i| i.rules.contains(&r.id)))
        .filter_map(|r| Some((r.id.clone(), r.research.clone()?)))
        .collect();
    Agenda {
        rulebook: program.header.id.clone(),
        version: program.header.version.clone(),
        lens: weights.lens.clone(),
        as_of,
        items,
        research,
    }
}

/// Weights and outcomes of one fact for one profile.
struct Weighed {
    could: f64,
    surely: f64,
    outcomes: Vec<Outcome>,
}

fn weigh(
    program: &Program,
    weights: &Weights,
    subject: &Subject<'_>,
    fact: &str,
    rules: &[usize],
    values: &[Value],
) -> Weighed {
    let mut outcomes = Vec::with_capacity(values.len());
    let mut decided_by_some = vec![false; rules.len()];
    let mut decided_by_all = vec![!values.is_empty(); rules.len()];
    let mut facts = subject.facts.clone();
    for value in values {
        let _ = pointer::set(&mut facts, fact, value.clone());
        let verdicts = program.verdicts(&facts);
        let mut shown = Vec::with_capacity(rules.len());
        for (k, r) in rules.iter().enumerate() {
            let v = verdicts[*r].0;
            let decided = v != Verdict::InsufficientData;
            decided_by_some[k] |= decided;
            decided_by_all[k] &= decided;
            shown.push(RuleVerdict {
                rule: program.rules[*r].id.clone(),
                verdict: v,
            });
        }
        outcomes.push(Outcome {
            value: value.clone(),
            verdicts: shown,
            coverage: score::quick(weights, &verdicts).1,
        });
    }
    let sum = |flags: &[bool]| -> f64 {
        rules
            .iter()
            .zip(flags)
            .filter(|(_, d)| **d)
            .map(|(r, _)| weights.of(*r))
            .sum()
    };
    // A fact whose values cannot be listed is counted as able to decide what waits on it.
    let could = if values.is_empty() {
        rules.iter().map(|r| weights.of(*r)).sum()
    } else {
        sum(&decided_by_some)
    };
    Weighed {
        could,
        surely: sum(&decided_by_all),
        outcomes,
    }
}

/// The values a fact can take, as far as its type lists them.
fn candidates(types: &FactType, fact: &str) -> Vec<Value> {
    let Ok(t) = types.resolve(fact) else {
        return Vec::new();
    };
    let mut out = match t {
        FactType::Bool => vec![Value::Bool(true), Value::Bool(false)],
        FactType::Flag => vec![Value::Bool(true)],
        FactType::String { values: Some(vs) } => {
            vs.iter().map(|v| Value::String(v.clone())).collect()
        }
        FactType::Array(item) => match item.as_ref() {
            FactType::String { values: Some(vs) } => std::iter::once(Value::Array(vec![]))
                .chain(
                    vs.iter()
                        .map(|v| Value::Array(vec![Value::String(v.clone())])),
                )
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    out.truncate(MAX_VALUES);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;
    use crate::engine::Origin;

    #[test]
    fn ranks_a_fact_many_rules_wait_on_above_one_rule_waits_on() {
        let engine = Engine::load(Origin::Embedded).unwrap();
        // Nothing known but two facts: the three facial-recognition rules wait on one fact,
        // the Toolbox rule on another.
        let subjects = [Subject {
            id: "ZZ",
            name: "Zedland",
            facts: serde_json::json!({
                "alignment": {"dsr_footprint": "limited"},
                "five_g": {"high_risk_vendors": {"instruments": []}}
            }),
        }];
        let weights = crate::score::Weights::new(engine.program(), None).unwrap();
        let a = agenda(
            engine.program(),
            &engine.schemas().profile_json,
            &weights,
            &subjects,
            None,
        );
        assert!(!a.items.is_empty());
        for w in a.items.windows(2) {
            assert!(
                w[0].weight >= w[1].weight,
                "{} before {}",
                w[0].fact,
                w[1].fact
            );
        }
        let pos = |f: &str| a.items.iter().position(|i| i.fact == f).unwrap();
        assert!(
            pos("/surveillance/facial_recognition/deployed") < pos("/five_g/eu_toolbox/commitment")
        );
        // Every value of the Toolbox commitment decides its rule.
        let tb = &a.items[pos("/five_g/eu_toolbox/commitment")];
        assert_eq!(tb.weight, tb.certain_weight);
        let out: Vec<Verdict> = tb.profiles[0]
            .outcomes
            .iter()
            .map(|o| o.verdicts[0].verdict)
            .collect();
        assert_eq!(out, vec![Verdict::Pass, Verdict::Partial, Verdict::Fail]);
        assert!(tb.profiles[0].coverage_reached().unwrap().0 > tb.profiles[0].coverage);
        assert!(a.research.contains_key("toolbox-commitment"));
        // The facial-recognition fact can decide, but not whatever its value.
        let frt = &a.items[pos("/surveillance/facial_recognition/deployed")];
        assert!(frt.weight > frt.certain_weight);
    }
}
