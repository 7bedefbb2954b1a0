//! Profiles as written: a subject's facts, the sources behind them, and their dated history.

use crate::model::shared::Reference;
use serde::{Deserialize, Serialize};
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
    /// List elements this view of the profile does not hold (set by a source filter, never
    /// read from a file): removed whenever the facts are materialised.
    #[serde(skip)]
    pub absent: Vec<String>,
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
    /// Verbatim supporting sentences of further sources, by source id.
    #[serde(default)]
    pub quotes: BTreeMap<String, String>,
    #[serde(default)]
    pub note: Option<String>,
    /// Whether the source's words say it, or the value is the analyst's reading.
    #[serde(default)]
    pub basis: Basis,
}

/// How a value follows from its source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The source's words say it.
    #[default]
    Stated,
    /// The analyst's reading of the source; the note says how.
    Inferred,
}

impl Basis {
    /// Whether the value is the analyst's reading rather than the source's words.
    pub fn is_inferred(self) -> bool {
        self == Basis::Inferred
    }
}

/// From `date` on, the fact at `fact` held `to`; before it, `from` (absent: unknown).
/// With `added`, the fact is a list element that joined its list on `date` and was not in
/// it before.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub fact: String,
    pub date: String,
    #[serde(default)]
    pub from: Option<Value>,
    #[serde(default)]
    pub to: Value,
    /// The element joined its list on `date` (takes the place of `from` and `to`).
    #[serde(default)]
    pub added: bool,
    pub source: String,
    /// The supporting sentence of the source, verbatim.
    #[serde(default)]
    pub quote: Option<String>,
    #[serde(default)]
    pub basis: Basis,
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
            absent: Vec::new(),
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
