//! A counterfactual change: the fact at a pointer would satisfy an operator and a value.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// "The fact at `fact` would satisfy `op value`" (currently `observed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub fact: String,
    pub op: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    pub observed: Value,
}
