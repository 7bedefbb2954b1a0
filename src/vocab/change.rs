//! A counterfactual change: the fact at a pointer would satisfy an operator and a value.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// "The fact at `fact` would satisfy `op value`" (currently `observed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// A JSON pointer into the profile's facts: the fact that would change.
    pub fact: String,
    /// The operator the fact would satisfy, possibly negated (`ge`, `not_in`, `absent`, ...).
    pub op: String,
    /// The operand of `op`, as written in the rule; absent for operators without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// The fact's current value; `null` when it is missing.
    pub observed: Value,
}
