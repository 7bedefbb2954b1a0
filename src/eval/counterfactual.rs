//! Counterfactuals: the smallest sets of fact changes that would make a rule pass.
//!
//! Candidates are read off the trace tree (which leaves would have to flip, and how), then
//! each candidate is *verified*: witness values are written into a copy of the facts and the
//! rule is judged again. Only candidates that really pass are reported, so every
//! counterfactual is sound by construction.

use super::compare;
use super::dates::parse_full_date;
use super::rule::judge;
use super::trace::Trace;
use super::truth::Truth;
use super::verdict::Verdict;
use crate::compile::Rule;
use crate::compile::expr::{Op, Operand};
use crate::report::Change;
use serde_json::Value;

/// At most this many counterfactuals are reported per verdict.
pub const MAX_COUNTERFACTUALS: usize = 5;
/// At most this many candidate sets are kept at each node while building.
const MAX_CANDIDATES: usize = 32;
/// A way that changes more facts than this is not reported: past a handful of changes a
/// "what would flip it" reads as a rewrite of the profile, not as advice, and the missing
/// facts already say what to find out.
pub const MAX_CHANGES: usize = 6;

/// How many distinct facts a candidate changes.
fn size(candidate: &[Req]) -> usize {
    let mut facts: Vec<&str> = candidate.iter().map(|r| r.fact.as_str()).collect();
    facts.sort_unstable();
    facts.dedup();
    facts.len()
}

/// One leaf requirement: the leaf at `fact` must become `want`.
#[derive(Debug, Clone, PartialEq)]
struct Req {
    fact: String,
    op: Op,
    expected: Option<Value>,
    observed: Value,
    want: bool,
}

type Ways = Vec<Vec<Req>>;

/// The values facts may take, as far as counterfactuals are concerned: they only propose
/// values a profile could hold.
pub trait Domain {
    /// Whether the fact at `pointer` may hold `value`.
    fn admits(&self, pointer: &str, value: &Value) -> bool;
    /// The fact's values when there are finitely many; empty when unbounded or unknown.
    fn values(&self, pointer: &str) -> Vec<Value>;
}

/// No constraint: any value is admitted (rules evaluated without a fact model).
pub struct Unconstrained;

impl Domain for Unconstrained {
    fn admits(&self, _: &str, _: &Value) -> bool {
        true
    }
    fn values(&self, _: &str) -> Vec<Value> {
        Vec::new()
    }
}

impl Domain for crate::compile::facts::FactType {
    fn admits(&self, pointer: &str, value: &Value) -> bool {
        crate::compile::facts::FactType::admits(self, pointer, value)
    }
    fn values(&self, pointer: &str) -> Vec<Value> {
        crate::compile::facts::FactType::values(self, pointer)
    }
}

/// A way to make a rule pass: the changes, and the changes to its applicability it assumes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Way {
    pub changes: Vec<Change>,
    pub assuming: Vec<Change>,
}

/// What the search found for one verdict.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Found {
    /// Ways to pass.
    pub pass: Vec<Way>,
    /// Ways to make the rule not apply (only when whether it applies is unknown).
    pub not_applicable: Vec<Vec<Change>>,
}

/// Counterfactuals for a rule on `facts`, for `fail`, `partial` and `insufficient-data` verdicts.
pub fn counterfactuals(
    rule: &Rule,
    facts: &Value,
    trace: &[super::trace::TracePart],
    domain: &dyn Domain,
) -> Found {
    let part = |name: &str| trace.iter().find(|p| p.part == name).map(|p| &p.node);
    let applies = part("applies_if");
    let applicability: Vec<&str> = applies.map(Trace::facts_read).unwrap_or_default();
    let mut candidates = part("check").map_or_else(Vec::new, |t| ways(t, true));
    if let Some(a) = applies {
        candidates = product(&ways(a, true), &candidates);
    }
    let mut found: Vec<Vec<Req>> = Vec::new();
    let mut pass: Vec<Way> = Vec::new();
    for candidate in candidates.into_iter().take(4 * MAX_CANDIDATES) {
        if size(&candidate) > MAX_CHANGES || found.iter().any(|f| is_subset(f, &candidate)) {
            continue;
        }
        let Some(changed) = apply(facts, &candidate, domain) else {
            continue;
        };
        let after = judge(rule, &changed);
        if after.verdict == Verdict::Pass {
            let pinned = pin(&candidate, &after.trace, facts);
            let (mut assuming, mut changes): (Vec<Req>, Vec<Req>) = pinned
                .into_iter()
                .partition(|r| applicability.contains(&r.fact.as_str()));
            // When the check already holds, learning that the rule applies is the change.
            if changes.is_empty() {
                std::mem::swap(&mut assuming, &mut changes);
            }
            pass.push(Way {
                changes: changes.into_iter().map(to_change).collect(),
                assuming: assuming.into_iter().map(to_change).collect(),
            });
            found.push(candidate);
            if found.len() == MAX_COUNTERFACTUALS {
                break;
            }
        }
    }
    let mut not_applicable: Vec<Vec<Change>> = Vec::new();
    if let Some(a) = applies.filter(|a| a.truth() == Truth::Unknown) {
        let mut seen: Vec<Vec<Req>> = Vec::new();
        for candidate in ways(a, false).into_iter().take(4 * MAX_CANDIDATES) {
            if size(&candidate) > MAX_CHANGES || seen.iter().any(|f| is_subset(f, &candidate)) {
                continue;
            }
            let Some(changed) = apply(facts, &candidate, domain) else {
                continue;
            };
            let after = judge(rule, &changed);
            if after.verdict == Verdict::NotApplicable {
                not_applicable.push(
                    pin(&candidate, &after.trace, facts)
                        .into_iter()
                        .map(to_change)
                        .collect(),
                );
                seen.push(candidate);
                if seen.len() == MAX_COUNTERFACTUALS {
                    break;
                }
            }
        }
    }
    Found {
        pass,
        not_applicable,
    }
}

/// Every leaf that reads a changed fact, with the truth it has after the change: any values
/// meeting all of these give every leaf the same truth, hence the same passing verdict.
fn pin(candidate: &[Req], after: &[super::trace::TracePart], facts: &Value) -> Vec<Req> {
    let changed: Vec<&str> = candidate.iter().map(|r| r.fact.as_str()).collect();
    let mut out: Vec<Req> = Vec::new();
    for part in after {
        for leaf in part.node.leaves() {
            let Trace::Leaf {
                fact,
                op,
                expected,
                truth,
                ..
            } = leaf
            else {
                continue;
            };
            let (Some(op), true) = (Op::parse(op), changed.contains(&fact.as_str())) else {
                continue;
            };
            if *truth == Truth::Unknown {
                continue;
            }
            let req = Req {
                fact: fact.clone(),
                op,
                expected: expected.clone(),
                observed: facts.pointer(fact).cloned().unwrap_or(Value::Null),
                want: truth.is_true(),
            };
            if !out.contains(&req) {
                out.push(req);
            }
        }
    }
    // A fact pinned to one value (`eq` true, or `ne` false) needs no other statement.
    let fixed: Vec<String> = out
        .iter()
        .filter(|r| matches!((r.op, r.want), (Op::Eq, true) | (Op::Ne, false)))
        .map(|r| r.fact.clone())
        .collect();
    let mut seen_fixed: Vec<&str> = Vec::new();
    let mut kept = Vec::new();
    for r in &out {
        if fixed.contains(&r.fact) {
            let is_pin = matches!((r.op, r.want), (Op::Eq, true) | (Op::Ne, false));
            if !is_pin || seen_fixed.contains(&r.fact.as_str()) {
                continue;
            }
            seen_fixed.push(&r.fact);
        }
        kept.push(r.clone());
    }
    // A fact pinned to a set (`in` true, or `not_in` false) needs no statement that every
    // member of the set already satisfies ("one of [law, regulation]" says "none of [mou]").
    let members = |r: &Req| -> Option<Vec<Value>> {
        match (r.op, r.want) {
            (Op::In, true) | (Op::NotIn, false) => r.expected.as_ref()?.as_array().cloned(),
            _ => None,
        }
    };
    let implies = |set: &Req, r: &Req| {
        set.fact == r.fact
            && members(set).is_some_and(|vs| !vs.is_empty() && vs.iter().all(|v| holds(r, v)))
    };
    // Of two requirements that imply each other, the first is kept.
    (0..kept.len())
        .filter(|&i| {
            !(0..kept.len()).any(|j| {
                j != i && implies(&kept[j], &kept[i]) && (j < i || !implies(&kept[i], &kept[j]))
            })
        })
        .map(|i| kept[i].clone())
        .collect()
}

/// Ways to make the node's truth `want`, each a set of leaf requirements.
fn ways(t: &Trace, want: bool) -> Ways {
    let target = Truth::from_bool(want);
    if t.truth() == target {
        return vec![Vec::new()];
    }
    match t {
        Trace::Leaf {
            fact,
            op,
            expected,
            observed,
            ..
        } => match Op::parse(op) {
            Some(op) => vec![vec![Req {
                fact: fact.clone(),
                op,
                expected: expected.clone(),
                observed: observed.clone(),
                want,
            }]],
            None => Vec::new(),
        },
        Trace::Not { child, .. } => ways(child, !want),
        Trace::All { children, .. } if want => product_all(children.iter().map(|c| ways(c, true))),
        Trace::All { children, .. } => union(children.iter().map(|c| ways(c, false))),
        Trace::Any { children, .. } if want => union(children.iter().map(|c| ways(c, true))),
        Trace::Any { children, .. } => product_all(children.iter().map(|c| ways(c, false))),
        Trace::AtLeast { n, children, .. } => {
            let need = if want { *n } else { children.len() + 1 - *n };
            choose(children, need, want)
        }
        Trace::Quantifier { elements: None, .. } => Vec::new(),
        Trace::Quantifier {
            quantifier,
            children,
            op,
            value,
            ..
        } => match quantifier.as_str() {
            "some" if want => union(children.iter().map(|c| ways(c, true))),
            "some" => product_all(children.iter().map(|c| ways(c, false))),
            "every" if want => product_all(children.iter().map(|c| ways(c, true))),
            "every" => union(children.iter().map(|c| ways(c, false))),
            "none" if want => product_all(children.iter().map(|c| ways(c, false))),
            "none" => union(children.iter().map(|c| ways(c, true))),
            "count" => count_ways(children, op.as_deref(), value.unwrap_or(0), want),
            _ => Vec::new(),
        },
    }
}

/// Ways for `count op n` to become `want`: flip the fewest elements that reach a count that works.
fn count_ways(children: &[Trace], op: Option<&str>, n: u64, want: bool) -> Ways {
    let op = op.and_then(Op::parse).unwrap_or(Op::Ge);
    let holds = |k: usize| compare::numeric(op, k as f64, n as f64) == want;
    let mut out = Vec::new();
    for k in 0..=children.len() {
        if holds(k) {
            // exactly k elements true: choose which, make the rest false
            out.extend(exactly(children, k));
        }
        if out.len() >= MAX_CANDIDATES {
            break;
        }
    }
    minimize(out)
}

/// Ways for exactly `k` of `children` to be true and the rest false.
fn exactly(children: &[Trace], k: usize) -> Ways {
    let mut out = Vec::new();
    for chosen in combinations(children.len(), k)
        .into_iter()
        .take(MAX_CANDIDATES)
    {
        let parts = children
            .iter()
            .enumerate()
            .map(|(i, c)| ways(c, chosen.contains(&i)));
        out.extend(product_all(parts));
    }
    out
}

/// Ways for at least `need` of `children` to be `want`.
fn choose(children: &[Trace], need: usize, want: bool) -> Ways {
    let mut out = Vec::new();
    for chosen in combinations(children.len(), need)
        .into_iter()
        .take(MAX_CANDIDATES)
    {
        out.extend(product_all(
            chosen.iter().map(|&i| ways(&children[i], want)),
        ));
    }
    minimize(out)
}

fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    fn go(start: usize, n: usize, k: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if out.len() >= 4 * MAX_CANDIDATES {
            return;
        }
        if cur.len() == k {
            out.push(cur.clone());
            return;
        }
        for i in start..n {
            cur.push(i);
            go(i + 1, n, k, cur, out);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    if k <= n {
        go(0, n, k, &mut Vec::new(), &mut out);
    }
    out
}

fn union(parts: impl Iterator<Item = Ways>) -> Ways {
    minimize(parts.flatten().collect())
}

fn product_all(parts: impl Iterator<Item = Ways>) -> Ways {
    parts.fold(vec![Vec::new()], |acc, w| product(&acc, &w))
}

fn product(a: &Ways, b: &Ways) -> Ways {
    let mut out = Vec::new();
    for x in a {
        for y in b {
            let mut set = x.clone();
            for r in y {
                if !set.contains(r) {
                    set.push(r.clone());
                }
            }
            out.push(set);
            if out.len() >= 4 * MAX_CANDIDATES {
                return minimize(out);
            }
        }
    }
    minimize(out)
}

/// Drop duplicates and supersets; smallest first, deterministic order; capped.
fn minimize(mut sets: Ways) -> Ways {
    for s in &mut sets {
        s.sort_by(|a, b| {
            (a.fact.as_str(), a.want, a.op.as_str()).cmp(&(b.fact.as_str(), b.want, b.op.as_str()))
        });
    }
    sets.sort_by(|a, b| {
        a.len()
            .cmp(&b.len())
            .then_with(|| format!("{a:?}").cmp(&format!("{b:?}")))
    });
    let mut out: Ways = Vec::new();
    for s in sets {
        if !out.iter().any(|kept| is_subset(kept, &s)) {
            out.push(s);
        }
        if out.len() >= MAX_CANDIDATES {
            break;
        }
    }
    out
}

fn is_subset(small: &[Req], big: &[Req]) -> bool {
    small.iter().all(|r| big.contains(r))
}

/// Write a witness for every requirement into a copy of the facts; `None` if impossible, or
/// if a witness is a value the fact cannot hold.
fn apply(facts: &Value, reqs: &[Req], domain: &dyn Domain) -> Option<Value> {
    let mut out = facts.clone();
    let mut done: Vec<&str> = Vec::new();
    for r in reqs {
        if done.contains(&r.fact.as_str()) {
            continue;
        }
        let same: Vec<&Req> = reqs.iter().filter(|x| x.fact == r.fact).collect();
        // A constructed witness first, then the fact's own values (an enumeration's
        // "anything but X" is one of its other members, not an invented string).
        let value = same
            .iter()
            .map(|x| witness(x))
            .chain(domain.values(&r.fact))
            .find(|w| same.iter().all(|x| holds(x, w)) && domain.admits(&r.fact, w))?;
        super::pointer::set(&mut out, &r.fact, value)?;
        done.push(&r.fact);
    }
    Some(out)
}

/// Whether `value` satisfies the requirement.
fn holds(r: &Req, value: &Value) -> bool {
    let expected = r.expected.clone().unwrap_or(Value::Null);
    let operand = match r.op {
        Op::Exists => Operand::None,
        Op::Lt | Op::Le | Op::Gt | Op::Ge => match expected.as_f64() {
            Some(n) => Operand::Number(n),
            None => return false,
        },
        Op::In | Op::NotIn => Operand::List(expected.as_array().cloned().unwrap_or_default()),
        Op::Before | Op::After => match expected.as_str().and_then(parse_full_date) {
            Some(d) => Operand::Date(d),
            None => return false,
        },
        _ => Operand::Value(expected),
    };
    compare::test(r.op, &operand, Some(value)) == Truth::from_bool(r.want)
}

/// A value that makes the requirement hold (checked by the caller).
fn witness(r: &Req) -> Value {
    let e = r.expected.clone().unwrap_or(Value::Null);
    let num = |d: f64| e.as_f64().map_or(Value::Null, |n| serde_json::json!(n + d));
    let day = |d: i64| {
        e.as_str()
            .and_then(parse_full_date)
            .and_then(|x| x.checked_add(jiff::Span::new().days(d)).ok())
            .map_or(Value::Null, |x| Value::String(x.to_string()))
    };
    match (r.op, r.want) {
        (Op::Eq, true) | (Op::Ne, false) => e,
        (Op::Eq, false) | (Op::Ne, true) => other_than(&[e]),
        (Op::In, true) | (Op::NotIn, false) => e
            .as_array()
            .and_then(|a| a.first().cloned())
            .unwrap_or(Value::Null),
        (Op::In, false) | (Op::NotIn, true) => {
            other_than(e.as_array().map_or(&[][..], Vec::as_slice))
        }
        (Op::Lt, true) | (Op::Ge, false) => num(-1.0),
        (Op::Le, true) | (Op::Gt, false) | (Op::Ge, true) | (Op::Lt, false) => num(0.0),
        (Op::Gt, true) | (Op::Le, false) => num(1.0),
        (Op::Contains, want) => {
            let mut items: Vec<Value> = r.observed.as_array().cloned().unwrap_or_default();
            items.retain(|i| i != &e);
            if want {
                items.push(e);
            }
            Value::Array(items)
        }
        (Op::Exists, true) => match &r.observed {
            Value::Null => Value::String("(any known value)".into()),
            v => v.clone(),
        },
        (Op::Exists, false) => Value::Null,
        (Op::Before, true) => day(-1),
        (Op::After, true) => day(1),
        (Op::Before, false) | (Op::After, false) => day(0),
    }
}

/// A value different from each of `values`, of the same kind as the first.
fn other_than(values: &[Value]) -> Value {
    match values.first() {
        Some(Value::Bool(b)) => Value::Bool(!b),
        Some(Value::Number(_)) => {
            let max = values
                .iter()
                .filter_map(Value::as_f64)
                .fold(f64::MIN, f64::max);
            serde_json::json!(max + 1.0)
        }
        _ => {
            let mut candidate = "other".to_string();
            while values.iter().any(|v| v.as_str() == Some(&candidate)) {
                candidate.push('*');
            }
            Value::String(candidate)
        }
    }
}

/// The requirement as reported: the operator that must hold (negated when the leaf must
/// become false).
fn to_change(r: Req) -> Change {
    let op = if r.want { r.op.as_str() } else { negated(r.op) };
    Change {
        fact: r.fact,
        op: op.to_string(),
        value: r.expected,
        observed: r.observed,
    }
}

/// The name of the operator that holds exactly when `op` is false on a known value.
pub fn negated(op: Op) -> &'static str {
    match op {
        Op::Eq => "ne",
        Op::Ne => "eq",
        Op::Lt => "ge",
        Op::Le => "gt",
        Op::Gt => "le",
        Op::Ge => "lt",
        Op::In => "not_in",
        Op::NotIn => "in",
        Op::Contains => "not_contains",
        Op::Exists => "absent",
        Op::Before => "not_before",
        Op::After => "not_after",
    }
}
