//! Quantifiers over array facts: `some`, `every`, `none`, `count`, each element judged by `where`.
//!
//! A missing or null array is Unknown. Over an empty array `some` is false and `every` and
//! `none` are true. `count` is decided when every possible count (unknown elements counted
//! either way) agrees with the bound.

use super::compare::numeric;
use super::logic;
use super::scope::Scope;
use super::trace::Trace;
use super::truth::Truth;
use crate::compile::expr::{Op, Quant, Quantifier};
use serde_json::Value;

/// Evaluate with a full trace.
pub fn eval(q: &Quant, scope: &Value, base: &str) -> Trace {
    let over = logic::concat(base, q.over.as_str());
    let items = q.over.get(scope).and_then(Value::as_array);
    let children: Vec<Trace> = match (items, &q.condition) {
        (Some(items), Some(cond)) => {
            // One buffer for every element's pointer: `over`, then `/i`.
            let mut element = over.clone();
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    use std::fmt::Write;
                    element.truncate(over.len());
                    let _ = write!(element, "/{i}");
                    logic::eval(cond, item, &element)
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let truth = match items {
        None => Truth::Unknown,
        Some(items) if q.condition.is_none() => combine(q, items.iter().map(|_| Truth::True)),
        Some(_) => combine(q, children.iter().map(Trace::truth)),
    };
    Trace::Quantifier {
        quantifier: q.quantifier.as_str().to_string(),
        over,
        op: q.bound.map(|(op, _)| op.as_str().to_string()),
        value: q.bound.map(|(_, n)| n),
        elements: items.map(Vec::len),
        truth,
        children,
    }
}

/// Truth only.
pub fn truth(q: &Quant, scope: Scope<'_, '_>) -> Truth {
    match scope.get(&q.over).and_then(Value::as_array) {
        None => Truth::Unknown,
        Some(items) => match &q.condition {
            Some(cond) => combine(
                q,
                items
                    .iter()
                    .map(|item| logic::truth_in(cond, Scope::plain(item))),
            ),
            None => combine(q, items.iter().map(|_| Truth::True)),
        },
    }
}

/// Combine the elements' truths under the quantifier.
pub fn combine(q: &Quant, truths: impl Iterator<Item = Truth>) -> Truth {
    match q.quantifier {
        Quantifier::Some => Truth::any(truths),
        Quantifier::Every => Truth::all(truths),
        Quantifier::None => Truth::any(truths).not(),
        Quantifier::Count => {
            let (mut yes, mut maybe) = (0u64, 0u64);
            for t in truths {
                match t {
                    Truth::True => yes += 1,
                    Truth::Unknown => maybe += 1,
                    Truth::False => {}
                }
            }
            let (op, n) = q.bound.unwrap_or((Op::Ge, 0));
            count_truth(op, n, yes, yes + maybe)
        }
    }
}

/// Whether `count op n` holds for every count in `lo..=hi` (True), none (False), or some (Unknown).
pub fn count_truth(op: Op, n: u64, lo: u64, hi: u64) -> Truth {
    let holds = |k: u64| numeric(op, k as f64, n as f64);
    // The predicate is monotone or a point test, so the ends and n ± 1 decide.
    let probes = [
        Some(lo),
        Some(hi),
        Some(n),
        n.checked_sub(1),
        n.checked_add(1),
    ];
    let (mut any_true, mut any_false) = (false, false);
    for k in probes
        .into_iter()
        .flatten()
        .filter(|k| (lo..=hi).contains(k))
    {
        if holds(k) {
            any_true = true;
        } else {
            any_false = true;
        }
    }
    match (any_true, any_false) {
        (true, false) => Truth::True,
        (false, true) => Truth::False,
        _ => Truth::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_bounds() {
        assert_eq!(count_truth(Op::Ge, 2, 2, 5), Truth::True);
        assert_eq!(count_truth(Op::Ge, 2, 1, 3), Truth::Unknown);
        assert_eq!(count_truth(Op::Ge, 2, 0, 1), Truth::False);
        assert_eq!(count_truth(Op::Eq, 2, 2, 2), Truth::True);
        assert_eq!(count_truth(Op::Eq, 2, 1, 3), Truth::Unknown);
        assert_eq!(count_truth(Op::Ne, 2, 3, 4), Truth::True);
        assert_eq!(count_truth(Op::Lt, 1, 0, 0), Truth::True);
    }
}
