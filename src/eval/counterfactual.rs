//! Counterfactuals: the smallest sets of fact changes that would make a rule pass.
//!
//! Candidates are read off the trace tree (which leaves would have to flip, and how), then
//! each candidate is *verified*: witness values are written into a copy of the facts and the
//! rule is judged again. Only candidates that really pass are reported, so every
//! counterfactual is sound by construction.

use super::compare;
use super::dates::parse_full_date;
use super::pointer::Undo;
use super::rule::{judge, verdict};
use super::trace::Trace;
use super::truth::Truth;
use super::verdict::Verdict;
use crate::compile::Rule;
use crate::compile::expr::{Op, Operand};
use crate::vocab::change::Change;
use serde_json::Value;

/// At most this many counterfactuals are reported per verdict.
pub const MAX_COUNTERFACTUALS: usize = 5;
/// At most this many candidate sets are kept at each node while building.
const MAX_CANDIDATES: usize = 32;
/// A way that changes more facts than this is not reported: past a handful of changes a
/// "what would flip it" reads as a rewrite of the profile, not as advice, and the missing
/// facts already say what to find out.
pub const MAX_CHANGES: usize = 6;

/// At most this many candidates are re-judged per verdict (ways to pass and ways not to
/// apply together): each re-judgement evaluates the rule once on a changed copy of the facts.
pub const MAX_JUDGEMENTS: usize = 128;
/// At most this many steps (a node visited, a candidate set built) go into reading
/// candidates off one verdict's trace; past it the search stops and the verdict says so.
pub const MAX_STEPS: usize = 20_000;

/// The work one verdict's search may do, and what it did.
#[derive(Debug, Default)]
struct Budget {
    steps: usize,
    judgements: usize,
    stopped: bool,
}

impl Budget {
    /// Spend one step; false (and the search marked stopped) once the budget is gone.
    fn step(&mut self) -> bool {
        if self.steps >= MAX_STEPS {
            self.stopped = true;
            return false;
        }
        self.steps += 1;
        true
    }

    /// Spend one re-judgement; false (and the search marked stopped) once they are gone.
    fn judge(&mut self) -> bool {
        if self.judgements >= MAX_JUDGEMENTS {
            self.stopped = true;
            return false;
        }
        self.judgements += 1;
        true
    }
}

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
    /// The fact changes that make the rule pass (applicability ones when the check already holds).
    pub changes: Vec<Change>,
    /// The changes to facts `applies_if` reads that the way assumes.
    pub assuming: Vec<Change>,
}

/// What the search found for one verdict.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Found {
    /// Ways to pass.
    pub pass: Vec<Way>,
    /// Ways to make the rule not apply (only when whether it applies is unknown).
    pub not_applicable: Vec<Vec<Change>>,
    /// How many candidates were re-judged (at most [`MAX_JUDGEMENTS`]).
    pub judgements: usize,
    /// How many steps reading candidates off the trace took (at most [`MAX_STEPS`]).
    pub steps: usize,
    /// The search hit its budget: there may be ways it did not find.
    pub stopped: bool,
}

/// A working copy of the facts that candidates are written into and re-judged on: made on
/// the first candidate and shared by every verdict of one evaluation, since each write is
/// undone after its judgement and leaves the copy equal to the facts again.
pub struct Scratch<'f> {
    facts: &'f Value,
    copy: Option<Value>,
}

impl<'f> Scratch<'f> {
    /// A scratch copy of `facts`, not made until a candidate needs it.
    pub fn new(facts: &'f Value) -> Self {
        Scratch { facts, copy: None }
    }

    fn work(&mut self) -> &mut Value {
        self.copy.get_or_insert_with(|| self.facts.clone())
    }
}

/// Counterfactuals for a rule on the facts of `scratch`, for `fail`, `partial` and
/// `insufficient-data` verdicts; candidates are re-judged on the scratch copy.
pub fn counterfactuals(
    rule: &Rule,
    scratch: &mut Scratch<'_>,
    trace: &[super::trace::TracePart],
    domain: &dyn Domain,
) -> Found {
    let part = |name: &str| trace.iter().find(|p| p.part == name).map(|p| &p.node);
    let applies = part("applies_if");
    let applicability: Vec<&str> = applies.map(Trace::facts_read).unwrap_or_default();
    let mut budget = Budget::default();
    let b = &mut budget;
    let mut candidates = part("check").map_or_else(Vec::new, |t| ways(t, true, b));
    if let Some(a) = applies {
        let applying = ways(a, true, b);
        candidates = product(&applying, &candidates, b);
    }
    let pass = verified(
        rule,
        scratch,
        candidates,
        Verdict::Pass,
        domain,
        &mut budget,
    )
    .into_iter()
    .map(|pinned| {
        let (mut assuming, mut changes): (Vec<Req>, Vec<Req>) = pinned
            .into_iter()
            .partition(|r| applicability.contains(&r.fact.as_str()));
        // When the check already holds, learning that the rule applies is the change.
        if changes.is_empty() {
            std::mem::swap(&mut assuming, &mut changes);
        }
        Way {
            changes: changes.into_iter().map(to_change).collect(),
            assuming: assuming.into_iter().map(to_change).collect(),
        }
    })
    .collect();
    let not_applicable = match applies.filter(|a| a.truth() == Truth::Unknown) {
        None => Vec::new(),
        Some(a) => {
            let candidates = ways(a, false, &mut budget);
            let target = Verdict::NotApplicable;
            verified(rule, scratch, candidates, target, domain, &mut budget)
                .into_iter()
                .map(|pinned| pinned.into_iter().map(to_change).collect())
                .collect()
        }
    };
    Found {
        pass,
        not_applicable,
        judgements: budget.judgements,
        steps: budget.steps,
        stopped: budget.stopped,
    }
}

/// The candidates that really give `target` when written into the facts and the rule is
/// judged again, each pinned to what its leaves observe after the change: at most
/// [`MAX_COUNTERFACTUALS`], none a superset of one kept before, none changing more than
/// [`MAX_CHANGES`] facts, within the budget's re-judgements.
fn verified(
    rule: &Rule,
    scratch: &mut Scratch<'_>,
    candidates: Ways,
    target: Verdict,
    domain: &dyn Domain,
    budget: &mut Budget,
) -> Vec<Vec<Req>> {
    let mut kept: Vec<Vec<Req>> = Vec::new();
    let mut pinned: Vec<Vec<Req>> = Vec::new();
    let facts = scratch.facts;
    for candidate in candidates {
        if size(&candidate) > MAX_CHANGES || kept.iter().any(|k| is_subset(k, &candidate)) {
            continue;
        }
        // Each candidate is written into the working copy and undone after its judgement.
        let work = scratch.work();
        let Some(undo) = apply(work, &candidate, domain) else {
            continue;
        };
        // The verdict on the fast path first; only a candidate that reaches the target is
        // judged again with its trace, which pinning reads (the two paths agree by test).
        let judged = budget
            .judge()
            .then(|| (verdict(rule, work).0 == target).then(|| judge(rule, work).trace));
        for u in undo.into_iter().rev() {
            super::pointer::undo(work, u);
        }
        let Some(after) = judged else {
            break;
        };
        if let Some(trace) = after {
            pinned.push(pin(&candidate, &trace, facts));
            kept.push(candidate);
            if kept.len() == MAX_COUNTERFACTUALS {
                break;
            }
        }
    }
    pinned
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
                observed: super::pointer::lookup(facts, fact)
                    .cloned()
                    .unwrap_or(Value::Null),
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

/// Ways to make the node's truth `want`, each a set of leaf requirements. Sets changing
/// more than [`MAX_CHANGES`] facts are dropped as they are built, and every node visited and
/// set built spends the budget; once it is spent, what was found so far is returned.
fn ways(t: &Trace, want: bool, b: &mut Budget) -> Ways {
    let target = Truth::from_bool(want);
    if t.truth() == target {
        return vec![Vec::new()];
    }
    if !b.step() {
        return Vec::new();
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
        Trace::Not { child, .. } => ways(child, !want, b),
        Trace::All { children, .. } if want => product_all(children, true, b),
        Trace::All { children, .. } => union(children, false, b),
        Trace::Any { children, .. } if want => union(children, true, b),
        Trace::Any { children, .. } => product_all(children, false, b),
        Trace::AtLeast { n, children, .. } => {
            let need = if want { *n } else { children.len() + 1 - *n };
            choose(children, need, want, b)
        }
        Trace::Quantifier { elements: None, .. } => Vec::new(),
        Trace::Quantifier {
            quantifier,
            children,
            op,
            value,
            ..
        } => match quantifier.as_str() {
            "some" if want => union(children, true, b),
            "some" => product_all(children, false, b),
            "every" if want => product_all(children, true, b),
            "every" => union(children, false, b),
            "none" if want => product_all(children, false, b),
            "none" => union(children, true, b),
            "count" => count_ways(children, op.as_deref(), value.unwrap_or(0), want, b),
            _ => Vec::new(),
        },
    }
}

/// Ways for `count op n` to become `want`: flip the fewest elements that reach a count that works.
fn count_ways(children: &[Trace], op: Option<&str>, n: u64, want: bool, b: &mut Budget) -> Ways {
    let op = op.and_then(Op::parse).unwrap_or(Op::Ge);
    let holds = |k: usize| compare::numeric(op, k as f64, n as f64) == want;
    let mut out = Vec::new();
    for k in 0..=children.len() {
        if holds(k) {
            // exactly k elements true: choose which, make the rest false
            out.extend(exactly(children, k, b));
        }
        if out.len() >= MAX_CANDIDATES || b.stopped {
            break;
        }
    }
    minimize(out)
}

/// Ways for exactly `k` of `children` to be true and the rest false.
fn exactly(children: &[Trace], k: usize, b: &mut Budget) -> Ways {
    let mut out = Vec::new();
    for chosen in combinations(children.len(), k) {
        let each = children
            .iter()
            .enumerate()
            .map(|(i, c)| (c, chosen.contains(&i)));
        out.extend(product_of(each, b));
        if b.stopped {
            break;
        }
    }
    out
}

/// Ways for at least `need` of `children` to be `want`: the children that already are count
/// for free, and the rest are chosen among the others.
fn choose(children: &[Trace], need: usize, want: bool, b: &mut Budget) -> Ways {
    let target = Truth::from_bool(want);
    let others: Vec<&Trace> = children.iter().filter(|c| c.truth() != target).collect();
    let already = children.len() - others.len();
    let need = need.saturating_sub(already);
    let mut out = Vec::new();
    for chosen in combinations(others.len(), need) {
        out.extend(product_of(chosen.iter().map(|&i| (others[i], want)), b));
        if b.stopped {
            break;
        }
    }
    minimize(out)
}

/// The first `k`-element subsets of `0..n` in lexicographic order, at most
/// `4 * MAX_CANDIDATES` of them, built without recursion (a condition may have thousands of
/// children). Subsets of more than [`MAX_CHOSEN`] elements are not built at all: every way
/// through them would change more facts than a counterfactual may.
fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    if k > n || k > MAX_CHOSEN {
        return out;
    }
    let mut idx: Vec<usize> = (0..k).collect();
    loop {
        out.push(idx.clone());
        if out.len() >= 4 * MAX_CANDIDATES {
            return out;
        }
        // The rightmost index that can still move right, then reset the ones after it.
        let Some(i) = (0..k).rev().find(|&i| idx[i] < n - k + i) else {
            return out;
        };
        idx[i] += 1;
        for j in i + 1..k {
            idx[j] = idx[j - 1] + 1;
        }
    }
}

/// The most children a counterfactual may need to flip in one `at_least` or `count`.
const MAX_CHOSEN: usize = MAX_CHANGES;

/// Ways for any one of `children` to be `want`, read child by child until enough are found.
fn union(children: &[Trace], want: bool, b: &mut Budget) -> Ways {
    let mut all: Ways = Vec::new();
    for c in children {
        all.extend(ways(c, want, b));
        if all.len() >= 4 * MAX_CANDIDATES || b.stopped {
            break;
        }
    }
    minimize(all)
}

/// Ways for every one of `children` to be `want` (those that already are need nothing).
fn product_all(children: &[Trace], want: bool, b: &mut Budget) -> Ways {
    let target = Truth::from_bool(want);
    let each = children.iter().filter(|c| c.truth() != target);
    product_of(each.map(|c| (c, want)), b)
}

/// Ways for each node to take its truth at once: the product of their ways, built node by
/// node, which stops as soon as no way is left.
fn product_of<'t>(nodes: impl Iterator<Item = (&'t Trace, bool)>, b: &mut Budget) -> Ways {
    let mut acc: Ways = vec![Vec::new()];
    for (node, want) in nodes {
        let w = ways(node, want, b);
        acc = product(&acc, &w, b);
        if acc.is_empty() {
            break;
        }
    }
    acc
}

fn product(a: &Ways, b_: &Ways, b: &mut Budget) -> Ways {
    let mut out = Vec::new();
    'outer: for x in a {
        for y in b_ {
            if !b.step() {
                break 'outer;
            }
            let mut set = x.clone();
            for r in y {
                if !set.contains(r) {
                    set.push(r.clone());
                }
            }
            if size(&set) > MAX_CHANGES {
                continue;
            }
            out.push(set);
            if out.len() >= 4 * MAX_CANDIDATES {
                break 'outer;
            }
        }
    }
    minimize(out)
}

/// Drop duplicates and supersets; smallest first, deterministic order; capped.
fn minimize(mut sets: Ways) -> Ways {
    for s in &mut sets {
        s.sort_by(|a, b| key(a).cmp(&key(b)));
        s.dedup();
    }
    // Smallest first, then requirement by requirement (stable, as a cached key sort is).
    sets.sort_by(|x, y| {
        x.len().cmp(&y.len()).then_with(|| {
            x.iter()
                .zip(y)
                .map(|(p, q)| order(p, q))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        })
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

/// The order of requirements inside a set.
fn key(r: &Req) -> (&str, bool, &str) {
    (r.fact.as_str(), r.want, r.op.as_str())
}

/// A total, deterministic order of requirements, for ordering sets: by fact, wanted truth,
/// operator, then the expected value's JSON text (written out only when all else ties).
fn order(p: &Req, q: &Req) -> std::cmp::Ordering {
    let text = |r: &Req| {
        r.expected
            .as_ref()
            .map(Value::to_string)
            .unwrap_or_default()
    };
    (p.fact.as_str(), p.want, p.op.as_str())
        .cmp(&(q.fact.as_str(), q.want, q.op.as_str()))
        .then_with(|| text(p).cmp(&text(q)))
}

fn is_subset(small: &[Req], big: &[Req]) -> bool {
    small.iter().all(|r| big.contains(r))
}

/// Write a witness for every requirement into the facts, returning how to undo the writes
/// (oldest first); `None`, with the facts as they were, if impossible or if a witness is a
/// value the fact cannot hold.
fn apply(facts: &mut Value, reqs: &[Req], domain: &dyn Domain) -> Option<Vec<Undo>> {
    let mut undo: Vec<Undo> = Vec::new();
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
            // The fact's values are looked up only when no constructed witness will do.
            .chain(std::iter::once(&r.fact).flat_map(|f| domain.values(f)))
            .find(|w| same.iter().all(|x| holds(x, w)) && domain.admits(&r.fact, w));
        match value.and_then(|v| super::pointer::set_undoable(facts, &r.fact, v)) {
            Some(u) => undo.push(u),
            None => {
                for u in undo.into_iter().rev() {
                    super::pointer::undo(facts, u);
                }
                return None;
            }
        }
        done.push(&r.fact);
    }
    Some(undo)
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
