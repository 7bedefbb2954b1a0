//! Traces: the evaluated condition tree, every branch, so a verdict can be explained leaf by leaf.

use super::truth::Truth;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One evaluated node of a condition. Leaves carry the fact they read (an absolute pointer
/// into the profile's facts, with array indices resolved), what was observed and what was
/// expected. No branch is short-circuited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "node", rename_all = "snake_case")]
pub enum Trace {
    Leaf {
        fact: String,
        op: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        expected: Option<Value>,
        /// The fact's value; `null` when it is missing or null.
        observed: Value,
        truth: Truth,
    },
    All {
        truth: Truth,
        children: Vec<Trace>,
    },
    Any {
        truth: Truth,
        children: Vec<Trace>,
    },
    Not {
        truth: Truth,
        child: Box<Trace>,
    },
    AtLeast {
        n: usize,
        truth: Truth,
        children: Vec<Trace>,
    },
    /// A quantifier (`some`, `every`, `none`, `count`) over the array at `over`; `children`
    /// holds the `where` condition evaluated on each element, in order.
    Quantifier {
        quantifier: String,
        over: String,
        /// For `count`: the comparison and its bound.
        #[serde(skip_serializing_if = "Option::is_none")]
        op: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<u64>,
        /// Number of elements (null when the array is missing).
        elements: Option<usize>,
        truth: Truth,
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
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        self.collect_facts(&mut out, &mut seen);
        out
    }

    fn collect_facts<'a>(
        &'a self,
        out: &mut Vec<&'a str>,
        seen: &mut std::collections::HashSet<&'a str>,
    ) {
        let mut push = |f: &'a str| {
            if seen.insert(f) {
                out.push(f);
            }
        };
        match self {
            Trace::Leaf { fact, .. } => push(fact),
            Trace::Quantifier { over, children, .. } => {
                push(over);
                children.iter().for_each(|c| c.collect_facts(out, seen));
            }
            Trace::All { children, .. }
            | Trace::Any { children, .. }
            | Trace::AtLeast { children, .. } => {
                children.iter().for_each(|c| c.collect_facts(out, seen))
            }
            Trace::Not { child, .. } => child.collect_facts(out, seen),
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
    pub truth: Truth,
    pub node: Trace,
}
