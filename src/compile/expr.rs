//! Compiled conditions: the typed expression tree the evaluator walks.

use crate::vocab::pointer::FactPointer;
use jiff::civil::Date;
use serde_json::Value;

/// Deepest nesting of conditions a rule may use (combinators and quantifiers count).
pub const MAX_DEPTH: usize = 32;

pub use crate::vocab::op::Op;

/// What a leaf compares against, prepared at compile time.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// No operand (`exists`).
    None,
    /// A JSON value to compare with or look for (`eq`, `ne`, `contains`).
    Value(Value),
    /// A finite number bound (`lt`, `le`, `gt`, `ge`).
    Number(f64),
    /// The candidate values (`in`, `not_in`).
    List(Vec<Value>),
    /// A full-date bound, written `YYYY-MM-DD` (`before`, `after`).
    Date(Date),
}

/// `fact op value`: one comparison on one fact.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    /// The pointer (relative to the element inside a quantifier), split once.
    pub fact: FactPointer,
    /// The comparison operator.
    pub op: Op,
    /// The value as written, for traces.
    pub value: Option<Value>,
    /// The value checked against the fact's type and prepared for `op`.
    pub operand: Operand,
}

/// Which quantifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    /// `some`: at least one element satisfies `where`.
    Some,
    /// `every`: all elements satisfy `where` (true over an empty array).
    Every,
    /// `none`: no element satisfies `where` (true over an empty array).
    None,
    /// `count`: the number of elements satisfying `where` meets a bound.
    Count,
}

impl Quantifier {
    /// The quantifier's keyword as written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Quantifier::Some => "some",
            Quantifier::Every => "every",
            Quantifier::None => "none",
            Quantifier::Count => "count",
        }
    }
}

/// A quantifier over the array at `over`, with `where` evaluated on each element.
#[derive(Debug, Clone, PartialEq)]
pub struct Quant {
    /// Which quantifier combines the elements' truths.
    pub quantifier: Quantifier,
    /// The array's pointer (relative to the element inside an enclosing quantifier).
    pub over: FactPointer,
    /// The `where` condition, evaluated on each element; without one every element counts.
    pub condition: Option<Expr>,
    /// For `count`: the comparison (eq, ne, lt, le, gt, ge) and its bound.
    pub bound: Option<(Op, u64)>,
}

/// A compiled condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// One comparison on one fact.
    Leaf(Leaf),
    /// `all`: Kleene conjunction of the items.
    All(Vec<Expr>),
    /// `any`: Kleene disjunction of the items.
    Any(Vec<Expr>),
    /// `not`: Kleene negation.
    Not(Box<Expr>),
    /// `at_least N of [...]`: at least N of the items hold.
    AtLeast(usize, Vec<Expr>),
    /// A quantifier over an array fact.
    Quant(Box<Quant>),
}

impl Expr {
    /// The facts this condition reads, as schema paths (list elements written `*`), in the
    /// order written; `scope` is the path of the list element a quantifier evaluates on.
    pub fn reads(&self, scope: &str, out: &mut Vec<String>) {
        match self {
            Expr::Leaf(l) => out.push(format!("{scope}{}", l.fact.as_str())),
            Expr::All(items) | Expr::Any(items) | Expr::AtLeast(_, items) => {
                items.iter().for_each(|i| i.reads(scope, out))
            }
            Expr::Not(inner) => inner.reads(scope, out),
            Expr::Quant(q) => {
                let over = format!("{scope}{}", q.over.as_str());
                out.push(over.clone());
                if let Some(c) = &q.condition {
                    c.reads(&format!("{over}/*"), out);
                }
            }
        }
    }
}
