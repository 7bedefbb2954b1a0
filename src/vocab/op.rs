//! The rule language's leaf operators, by name, and the shapes a condition may take: the
//! vocabulary that compilation, validation messages and evaluation share.

use crate::vocab::suggest::nearest;
use serde_json::Value;

/// A leaf comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Contains,
    Exists,
    Before,
    After,
}

impl Op {
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
