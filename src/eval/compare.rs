//! Leaf comparisons: one fact against one operand, in three-valued logic.

use super::dates;
use super::truth::Truth;
use crate::compile::expr::{Leaf, Op, Operand};
use serde_json::Value;

/// Evaluate a leaf on the observed value (`None` when the fact is missing).
///
/// A missing or null fact is Unknown for every operator but `exists`, which decides it.
/// A value of the wrong type (which schema validation normally rules out) is Unknown too:
/// the engine never turns what it cannot read into a silent fail.
pub fn leaf(leaf: &Leaf, observed: Option<&Value>) -> Truth {
    test(leaf.op, &leaf.operand, observed)
}

/// [`leaf`] for an operator and operand that are not (yet) a leaf of a rule.
pub fn test(op: Op, operand: &Operand, observed: Option<&Value>) -> Truth {
    let observed = observed.filter(|v| !v.is_null());
    let Some(v) = observed else {
        return if op == Op::Exists {
            Truth::False
        } else {
            Truth::Unknown
        };
    };
    match (&op, operand) {
        (Op::Exists, _) => Truth::True,
        (Op::Eq, Operand::Value(x)) => Truth::from_bool(same(v, x)),
        (Op::Ne, Operand::Value(x)) => Truth::from_bool(!same(v, x)),
        (Op::In, Operand::List(xs)) => Truth::from_bool(xs.iter().any(|x| same(v, x))),
        (Op::NotIn, Operand::List(xs)) => Truth::from_bool(!xs.iter().any(|x| same(v, x))),
        (Op::Contains, Operand::Value(x)) => match v.as_array() {
            Some(items) => Truth::from_bool(items.iter().any(|i| same(i, x))),
            None => Truth::Unknown,
        },
        (op @ (Op::Lt | Op::Le | Op::Gt | Op::Ge), Operand::Number(n)) => match v.as_f64() {
            Some(x) => Truth::from_bool(numeric(*op, x, *n)),
            None => Truth::Unknown,
        },
        (Op::Before, Operand::Date(d)) => {
            v.as_str().map_or(Truth::Unknown, |s| dates::before(s, *d))
        }
        (Op::After, Operand::Date(d)) => v.as_str().map_or(Truth::Unknown, |s| dates::after(s, *d)),
        _ => Truth::Unknown,
    }
}

/// `x op n` for the numeric comparison operators.
pub fn numeric(op: Op, x: f64, n: f64) -> bool {
    match op {
        Op::Lt => x < n,
        Op::Le => x <= n,
        Op::Gt => x > n,
        Op::Ge => x >= n,
        Op::Eq => x == n,
        Op::Ne => x != n,
        _ => false,
    }
}

/// JSON equality, with numbers compared by value (1 == 1.0).
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mk(op: Op, operand: Operand) -> Leaf {
        Leaf {
            fact: "/x".into(),
            op,
            value: None,
            operand,
        }
    }

    #[test]
    fn missing_is_unknown_except_exists() {
        let eq = mk(Op::Eq, Operand::Value(json!(true)));
        assert_eq!(leaf(&eq, None), Truth::Unknown);
        assert_eq!(leaf(&eq, Some(&Value::Null)), Truth::Unknown);
        let ex = mk(Op::Exists, Operand::None);
        assert_eq!(leaf(&ex, None), Truth::False);
        assert_eq!(leaf(&ex, Some(&json!(0))), Truth::True);
    }

    #[test]
    fn operators() {
        assert_eq!(
            leaf(
                &mk(Op::In, Operand::List(vec![json!("a"), json!("b")])),
                Some(&json!("b"))
            ),
            Truth::True
        );
        assert_eq!(
            leaf(
                &mk(Op::NotIn, Operand::List(vec![json!("a")])),
                Some(&json!("b"))
            ),
            Truth::True
        );
        assert_eq!(
            leaf(
                &mk(Op::Contains, Operand::Value(json!("z"))),
                Some(&json!(["y"]))
            ),
            Truth::False
        );
        assert_eq!(
            leaf(&mk(Op::Ge, Operand::Number(2.0)), Some(&json!(2))),
            Truth::True
        );
        assert_eq!(
            leaf(&mk(Op::Lt, Operand::Number(2.0)), Some(&json!("two"))),
            Truth::Unknown
        );
        assert_eq!(
            leaf(&mk(Op::Eq, Operand::Value(json!(1.0))), Some(&json!(1))),
            Truth::True
        );
    }
}
