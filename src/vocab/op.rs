//! The rule language's leaf operators, by name, and the shapes a condition may take: the
//! vocabulary that compilation, validation messages and evaluation share.

use crate::vocab::suggest::nearest;
use serde_json::Value;

/// A leaf comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `eq`: the fact equals the value (numbers compared by value, so 1 == 1.0).
    Eq,
    /// `ne`: the fact differs from the value.
    Ne,
    /// `lt`: the numeric fact is strictly less than the number.
    Lt,
    /// `le`: the numeric fact is less than or equal to the number.
    Le,
    /// `gt`: the numeric fact is strictly greater than the number.
    Gt,
    /// `ge`: the numeric fact is greater than or equal to the number.
    Ge,
    /// `in`: the fact equals one of the listed values.
    In,
    /// `not_in`: the fact equals none of the listed values.
    NotIn,
    /// `contains`: the array fact has an element equal to the value.
    Contains,
    /// `exists`: the fact is present and not null (the one operator a missing fact decides).
    Exists,
    /// `before`: the (possibly partial) date fact lies strictly before the `YYYY-MM-DD` bound.
    Before,
    /// `after`: the (possibly partial) date fact lies strictly after the `YYYY-MM-DD` bound.
    After,
}

impl Op {
    /// Every operator, in declaration order.
    pub const ALL: [Op; 12] = [
        Op::Eq,
        Op::Ne,
        Op::Lt,
        Op::Le,
        Op::Gt,
        Op::Ge,
        Op::In,
        Op::NotIn,
        Op::Contains,
        Op::Exists,
        Op::Before,
        Op::After,
    ];

    /// The operator's name as written in rule files (`eq`, `not_in`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::Lt => "lt",
            Op::Le => "le",
            Op::Gt => "gt",
            Op::Ge => "ge",
            Op::In => "in",
            Op::NotIn => "not_in",
            Op::Contains => "contains",
            Op::Exists => "exists",
            Op::Before => "before",
            Op::After => "after",
        }
    }

    /// The operator named `s` (as [`Op::as_str`] writes it), if there is one.
    pub fn parse(s: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.as_str() == s)
    }
}

/// The shapes a condition may take, for messages.
pub const SHAPES: &str = "a condition is one of {\"fact\", \"op\", \"value\"}, {\"all\": [...]}, {\"any\": [...]}, {\"not\": {...}}, {\"at_least\": N, \"of\": [...]}, {\"some\"|\"every\"|\"none\": \"/array\", \"where\": {...}}, {\"count\": \"/array\", \"where\": {...}, \"op\", \"value\"}";

/// A hint for a value that is not a valid condition (used by schema validation too).
pub fn shape_hint(value: &Value) -> String {
    if let Some(obj) = value.as_object()
        && let Some(op) = obj.get("op").and_then(Value::as_str)
        && Op::parse(op).is_none()
    {
        return unknown_op_hint(op);
    }
    if let Some(obj) = value.as_object() {
        let known = [
            "fact", "op", "value", "all", "any", "not", "at_least", "of", "some", "every", "none",
            "count", "where",
        ];
        if let Some(k) = obj.keys().find(|k| !known.contains(&k.as_str())) {
            let near = nearest(k, known.iter().copied());
            return match near {
                Some(n) => format!("unknown key \"{k}\"; did you mean \"{n}\"? {SHAPES}"),
                None => format!("unknown key \"{k}\"; {SHAPES}"),
            };
        }
    }
    SHAPES.to_string()
}

/// "unknown operator", with the nearest operator and the list of all.
pub fn unknown_op_hint(op: &str) -> String {
    let ops = Op::ALL.map(Op::as_str);
    match nearest(op, ops.iter().copied()) {
        Some(n) => format!(
            "unknown operator \"{op}\"; did you mean \"{n}\"? operators: {}",
            ops.join(", ")
        ),
        None => format!("unknown operator \"{op}\"; operators: {}", ops.join(", ")),
    }
}
