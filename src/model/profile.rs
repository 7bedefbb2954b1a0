//! Profiles as written: a subject's facts, the sources behind them, and their dated history.

use crate::model::shared::Reference;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A subject (a country) described by sourced facts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The `$schema` reference, if the file declares one (not used by the engine).
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// The subject's id: an ISO 3166-1 alpha-2 code (Kosovo: XK).
    pub id: String,
    /// The subject's display name.
    pub name: String,
    /// The date the facts describe: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub as_of: String,
    /// A short prose summary of the profile.
    #[serde(default)]
    pub summary: Option<String>,
    /// Every source a citation or history entry names, by source id (`paper`, `fn23`, ...).
    pub sources: BTreeMap<String, Reference>,
    /// The facts document rules read by JSON pointer; null or absent facts are unknown.
    pub facts: Value,
    /// Which sources back which facts, by JSON pointer into `facts` (a fact or a subtree).
    pub citations: BTreeMap<String, Citation>,
    /// Dated changes of facts, from which the facts on an earlier day are reconstructed.
    #[serde(default)]
    pub history: Vec<Change>,
    /// List elements this view of the profile does not hold (set by a source filter, never
    /// read from a file): removed whenever the facts are materialised.
    #[serde(skip)]
    pub absent: Vec<String>,
    /// The document the profile was read from (never part of a profile's JSON): where each
    /// fact stands in its file, for the formats that point at source lines.
    #[serde(skip)]
    pub document: Option<std::sync::Arc<crate::load::Document>>,
}

impl Profile {
    /// The file, line and column of the fact at `pointer` (a pointer into `facts`), when the
    /// profile was read from a document.
    pub fn fact_position(&self, pointer: &str) -> Option<(String, Option<(usize, usize)>)> {
        let doc = self.document.as_ref()?;
        Some((doc.name.clone(), doc.position(&format!("/facts{pointer}"))))
    }
}

/// Which sources back the fact (or subtree of facts) at a pointer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// Ids of the profile's sources that back the value (at least one).
    pub sources: Vec<String>,
    /// Where in the paper the fact stands.
    #[serde(default)]
    pub section: Option<String>,
    /// The supporting sentence of the first source, verbatim, in the source's language.
    #[serde(default)]
    pub quote: Option<String>,
    /// Verbatim supporting sentences of further sources, by source id.
    #[serde(default)]
    pub quotes: BTreeMap<String, String>,
    /// How the fact was read from the source where judgement was needed, or an English gloss.
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
    /// A JSON pointer into the profile's facts: the fact that changed.
    pub fact: String,
    /// When the change took effect: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    /// The value before `date`; absent or null: unknown.
    #[serde(default)]
    pub from: Option<Value>,
    /// The value from `date` on (null with `added`).
    #[serde(default)]
    pub to: Value,
    /// The element joined its list on `date` (takes the place of `from` and `to`).
    #[serde(default)]
    pub added: bool,
    /// The id of the profile source that reports the change.
    pub source: String,
    /// The supporting sentence of the source, verbatim.
    #[serde(default)]
    pub quote: Option<String>,
    /// Whether the source's words say it, or the change is the analyst's reading.
    #[serde(default)]
    pub basis: Basis,
    /// How the change was read from the source, where judgement was needed.
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
            document: None,
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
