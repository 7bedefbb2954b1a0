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
    None,
    Value(Value),
    Number(f64),
    List(Vec<Value>),
    Date(Date),
}

/// `fact op value`: one comparison on one fact.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    /// The pointer (relative to the element inside a quantifier), split once.
    pub fact: FactPointer,
    pub op: Op,
    /// The value as written, for traces.
    pub value: Option<Value>,
    pub operand: Operand,
}

/// Which quantifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    Some,
    Every,
    None,
    Count,
}

impl Quantifier {
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
    pub quantifier: Quantifier,
    pub over: FactPointer,
    pub condition: Option<Expr>,
    /// For `count`: the comparison (eq, ne, lt, le, gt, ge) and its bound.
    pub bound: Option<(Op, u64)>,
}

/// A compiled condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Leaf(Leaf),
    All(Vec<Expr>),
    Any(Vec<Expr>),
    Not(Box<Expr>),
    AtLeast(usize, Vec<Expr>),
    Quant(Box<Quant>),
}
