//! Walking a condition: combinators and leaves, every branch traced (no short-circuit).

use super::compare;
use super::quantify;
use super::scope::Scope;
use super::trace::Trace;
use super::truth::Truth;
use crate::compile::expr::Expr;
use serde_json::Value;
use std::borrow::Cow;

/// `base` followed by `rest`: a leaf's absolute pointer, made for every leaf of every trace.
pub(super) fn concat(base: &str, rest: &str) -> String {
    let mut out = String::with_capacity(base.len() + rest.len());
    out.push_str(base);
    out.push_str(rest);
    out
}

/// Evaluate `expr` on `scope` (the facts document, or an array element inside a quantifier),
/// whose absolute pointer is `base`.
pub fn eval(expr: &Expr, scope: &Value, base: &str) -> Trace {
    match expr {
        Expr::Leaf(leaf) => {
            let observed = leaf.fact.get(scope);
            Trace::Leaf {
                fact: concat(base, leaf.fact.as_str()),
                op: Cow::Borrowed(leaf.op.as_str()),
                expected: leaf.value.clone(),
                observed: observed.cloned().unwrap_or(Value::Null),
                truth: compare::leaf(leaf, observed),
            }
        }
        Expr::All(items) => {
            let children: Vec<Trace> = items.iter().map(|e| eval(e, scope, base)).collect();
            let truth = Truth::all(children.iter().map(Trace::truth));
            Trace::All { truth, children }
        }
        Expr::Any(items) => {
            let children: Vec<Trace> = items.iter().map(|e| eval(e, scope, base)).collect();
            let truth = Truth::any(children.iter().map(Trace::truth));
            Trace::Any { truth, children }
        }
        Expr::Not(inner) => {
            let child = eval(inner, scope, base);
            Trace::Not {
                truth: child.truth().not(),
                child: Box::new(child),
            }
        }
        Expr::AtLeast(n, items) => {
            let children: Vec<Trace> = items.iter().map(|e| eval(e, scope, base)).collect();
            let truth = Truth::at_least(*n, children.iter().map(Trace::truth));
            Trace::AtLeast {
                n: *n,
                truth,
                children,
            }
        }
        Expr::Quant(q) => quantify::eval(q, scope, base),
    }
}

/// Truth only, without building a trace: the fast path for batch scoring.
pub fn truth(expr: &Expr, scope: &Value) -> Truth {
    truth_in(expr, Scope::plain(scope))
}

/// [`truth`] in a scope that may carry the resolved fact index.
pub fn truth_in(expr: &Expr, scope: Scope<'_, '_>) -> Truth {
    match expr {
        Expr::Leaf(leaf) => compare::leaf(leaf, scope.get(&leaf.fact)),
        Expr::All(items) => Truth::all(items.iter().map(|e| truth_in(e, scope))),
        Expr::Any(items) => Truth::any(items.iter().map(|e| truth_in(e, scope))),
        Expr::Not(inner) => truth_in(inner, scope).not(),
        Expr::AtLeast(n, items) => Truth::at_least(*n, items.iter().map(|e| truth_in(e, scope))),
        Expr::Quant(q) => quantify::truth(q, scope),
    }
}
