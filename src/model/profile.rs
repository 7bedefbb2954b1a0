//! Profiles as written: a subject's facts, the sources behind them, and their dated history.

use crate::report::Reference;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// A subject (a country) described by sourced facts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    pub id: String,
    pub name: String,
    pub as_of: String,
    #[serde(default)]
    pub summary: Option<String>,
    pub sources: BTreeMap<String, Reference>,
    pub facts: Value,
    pub citations: BTreeMap<String, Citation>,
    #[serde(default)]
    pub history: Vec<Change>,
}

/// Which sources back the fact (or subtree of facts) at a pointer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    pub sources: Vec<String>,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub quote: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// From `date` on, the fact at `fact` held `to`; before it, `from` (absent: unknown).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub fact: String,
    pub date: String,
    #[serde(default)]
    pub from: Option<Value>,
    pub to: Value,
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

impl Profile {
    /// A bare profile around a facts document (used for rule examples and generated subjects).
    pub fn from_facts(id: &str, name: &str, facts: Value) -> Profile {
        Profile {
            schema: None,
            id: id.to_string(),
            name: name.to_string(),
            as_of: String::new(),
            summary: None,
            sources: BTreeMap::new(),
            facts,
            citations: BTreeMap::new(),
            history: Vec::new(),
        }
    }

    /// The citation covering `fact`: at the pointer itself or its nearest cited ancestor.
    pub fn citation_for(&self, fact: &str) -> Option<(&str, &Citation)> {
        let mut p = fact;
        loop {
            if let Some((k, c)) = self.citations.get_key_value(p) {
                return Some((k.as_str(), c));
            }
            match p.rfind('/') {
                Some(0) | None => return None,
                Some(i) => p = &p[..i],
            }
        }
    }
}
