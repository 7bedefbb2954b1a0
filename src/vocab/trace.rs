//! Traces: the evaluated condition tree, every branch, so a verdict can be explained leaf by leaf.

use super::truth::Truth;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;

/// One evaluated node of a condition. Leaves carry the fact they read (an absolute pointer
/// into the profile's facts, with array indices resolved), what was observed and what was
/// expected. No branch is short-circuited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "node", rename_all = "snake_case")]
pub enum Trace {
    /// A leaf comparison of one fact against the rule's value.
    Leaf {
        /// Absolute JSON pointer into the profile's facts, array indices resolved.
        fact: String,
        /// The operator's name (`eq`, `in`, `before`, ...): the compiled operator's own name,
        /// not a copy, when the trace is built by evaluation.
        op: Cow<'static, str>,
        /// The leaf's `value` as written in the rule; absent for `exists`.
        #[serde(skip_serializing_if = "Option::is_none")]
        expected: Option<Value>,
        /// The fact's value; `null` when it is missing or null.
        observed: Value,
        /// The comparison's truth.
        truth: Truth,
    },
    /// An `all` conjunction.
    All {
        /// Kleene conjunction of the children.
        truth: Truth,
        /// Every item, evaluated in order.
        children: Vec<Trace>,
    },
    /// An `any` disjunction.
    Any {
        /// Kleene disjunction of the children.
        truth: Truth,
        /// Every item, evaluated in order.
        children: Vec<Trace>,
    },
    /// A `not` negation.
    Not {
        /// Kleene negation of the child's truth.
        truth: Truth,
        /// The negated condition.
        child: Box<Trace>,
    },
    /// An `at_least` threshold over its `of` conditions.
    AtLeast {
        /// How many children must hold.
        n: usize,
        /// True once `n` children hold, false once they cannot, otherwise Unknown.
        truth: Truth,
        /// Every `of` condition, evaluated in order.
        children: Vec<Trace>,
    },
    /// A quantifier (`some`, `every`, `none`, `count`) over the array at `over`; `children`
    /// holds the `where` condition evaluated on each element, in order.
    Quantifier {
        /// The quantifier's name: `some`, `every`, `none` or `count`.
        quantifier: String,
        /// Absolute JSON pointer to the array ranged over.
        over: String,
        /// For `count`: the comparison and its bound.
        #[serde(skip_serializing_if = "Option::is_none")]
        op: Option<String>,
        /// For `count`: the bound the number of matching elements is compared with.
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<u64>,
        /// Number of elements (null when the array is missing).
        elements: Option<usize>,
        /// The quantifier's truth (Unknown when the array is missing).
        truth: Truth,
        /// The `where` condition on each element, in order.
        children: Vec<Trace>,
    },
}

impl Trace {
    /// The node's truth value.
    pub fn truth(&self) -> Truth {
        match self {
            Trace::Leaf { truth, .. }
            | Trace::All { truth, .. }
            | Trace::Any { truth, .. }
            | Trace::Not { truth, .. }
            | Trace::AtLeast { truth, .. }
            | Trace::Quantifier { truth, .. } => *truth,
        }
    }

    /// Every fact pointer the node read, in order, once each: the leaves' facts and the
    /// lists quantifiers ranged over (a quantifier over an empty list reads the list).
    pub fn facts_read(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        self.collect_facts(&mut out);
        super::once_each(out)
    }

    /// Every fact pointer the node read, in order, repeats included.
    pub fn collect_facts<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Trace::Leaf { fact, .. } => out.push(fact),
            Trace::Quantifier { over, children, .. } => {
                out.push(over);
                children.iter().for_each(|c| c.collect_facts(out));
            }
            Trace::All { children, .. }
            | Trace::Any { children, .. }
            | Trace::AtLeast { children, .. } => children.iter().for_each(|c| c.collect_facts(out)),
            Trace::Not { child, .. } => child.collect_facts(out),
        }
    }

    /// Every list a quantifier ranged over, with its length (`None` when unknown), in order.
    pub fn lists(&self) -> Vec<(&str, Option<usize>)> {
        let mut out = Vec::new();
        self.collect_lists(&mut out);
        out
    }

    fn collect_lists<'a>(&'a self, out: &mut Vec<(&'a str, Option<usize>)>) {
        match self {
            Trace::Leaf { .. } => {}
            Trace::Quantifier {
                over,
                elements,
                children,
                ..
            } => {
                out.push((over, *elements));
                children.iter().for_each(|c| c.collect_lists(out));
            }
            Trace::All { children, .. }
            | Trace::Any { children, .. }
            | Trace::AtLeast { children, .. } => children.iter().for_each(|c| c.collect_lists(out)),
            Trace::Not { child, .. } => child.collect_lists(out),
        }
    }

    /// Visit every leaf in order.
    pub fn leaves(&self) -> Vec<&Trace> {
        let mut out = Vec::new();
        self.collect_leaves(&mut out);
        out
    }

    fn collect_leaves<'a>(&'a self, out: &mut Vec<&'a Trace>) {
        match self {
            Trace::Leaf { .. } => out.push(self),
            Trace::All { children, .. }
            | Trace::Any { children, .. }
            | Trace::AtLeast { children, .. }
            | Trace::Quantifier { children, .. } => {
                children.iter().for_each(|c| c.collect_leaves(out))
            }
            Trace::Not { child, .. } => child.collect_leaves(out),
        }
    }
}

/// Which part of a rule a trace belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TracePart {
    /// `applies_if`, `check`, or `partial/N`.
    pub part: String,
    /// The part's truth (the root node's).
    pub truth: Truth,
    /// The part's evaluated condition tree.
    pub node: Trace,
}
