//! Branch coverage of a rulebook: which leaves the examples and profiles drive true, false
//! and unknown, and which they never reach.

use crate::compile::Program;
use crate::eval::rule::judge;
use crate::vocab::trace::Trace;
use crate::vocab::truth::Truth;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Truth values seen for one leaf of one rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LeafCoverage {
    /// The rule part (`applies_if`, `check`, `partial/N`).
    pub part: String,
    /// The fact pointer, with array indices written as `*`.
    pub fact: String,
    /// The leaf's operator name.
    pub op: String,
    /// How many times (over examples and documents, every array element) the leaf was true.
    pub seen_true: usize,
    /// How many times the leaf was false.
    pub seen_false: usize,
    /// How many times the leaf was unknown.
    pub seen_unknown: usize,
}

impl LeafCoverage {
    /// Whether the leaf was seen both true and false.
    pub fn is_covered(&self) -> bool {
        self.seen_true > 0 && self.seen_false > 0
    }
}

/// Coverage of every leaf of every rule over the given facts documents.
pub fn branch_coverage<'a>(
    program: &'a Program,
    documents: impl Iterator<Item = &'a Value> + Clone,
) -> BTreeMap<String, Vec<LeafCoverage>> {
    let mut out = BTreeMap::new();
    for rule in &program.rules {
        let mut leaves: Vec<LeafCoverage> = Vec::new();
        let example_facts = rule.examples.iter().map(|e| &e.facts);
        for facts in example_facts.chain(documents.clone()) {
            for part in judge(rule, facts).trace {
                for leaf in part.node.leaves() {
                    let Trace::Leaf {
                        fact, op, truth, ..
                    } = leaf
                    else {
                        continue;
                    };
                    let fact = crate::vocab::pointer::schema_path(fact);
                    let entry = match leaves
                        .iter_mut()
                        .position(|l| l.part == part.part && l.fact == fact && l.op == op.as_ref())
                    {
                        Some(i) => &mut leaves[i],
                        None => {
                            leaves.push(LeafCoverage {
                                part: part.part.clone(),
                                fact,
                                op: op.to_string(),
                                ..Default::default()
                            });
                            leaves.last_mut().expect("just pushed")
                        }
                    };
                    match truth {
                        Truth::True => entry.seen_true += 1,
                        Truth::False => entry.seen_false += 1,
                        Truth::Unknown => entry.seen_unknown += 1,
                    }
                }
            }
        }
        out.insert(rule.id.clone(), leaves);
    }
    out
}
