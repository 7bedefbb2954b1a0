//! Types the input documents and the report share: references and their kinds, categories,
//! grades, recommendations and a rule's definition as written. They live with the input model
//! so that the report, downstream, can reuse them without the model depending on it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A citable document (rulebook reference or profile source).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Reference {
    /// The paper's footnote number, when the paper cites the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footnote: Option<u32>,
    /// What kind of source it is (profile sources always say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SourceKind>,
    /// ISO 639 code of its language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The document's title.
    pub title: String,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The organisation that published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The document's own date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The part of the document that is cited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The address exactly as found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A free-text remark about the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Reference {
    /// Whether the source belongs to the paper's view: the paper itself, or a source the
    /// paper cites in a footnote.
    pub fn is_paper(&self) -> bool {
        self.kind == Some(SourceKind::Paper) || self.footnote.is_some()
    }
}

/// What kind of source a profile cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// The policy paper itself.
    Paper,
    /// A government, ministry, regulator, parliament, gazette or court.
    Official,
    /// EU institutions, the Council of Europe, the US government, UN bodies.
    International,
    /// News media.
    News,
    /// Non-governmental organisations.
    Ngo,
    /// Think tanks and academia.
    Research,
    /// Operators and vendors.
    Company,
}

impl SourceKind {
    /// Every kind, in the order they are listed to users.
    pub const ALL: [SourceKind; 7] = [
        SourceKind::Paper,
        SourceKind::Official,
        SourceKind::International,
        SourceKind::News,
        SourceKind::Ngo,
        SourceKind::Research,
        SourceKind::Company,
    ];

    /// The name used in profiles and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Paper => "paper",
            SourceKind::Official => "official",
            SourceKind::International => "international",
            SourceKind::News => "news",
            SourceKind::Ngo => "ngo",
            SourceKind::Research => "research",
            SourceKind::Company => "company",
        }
    }

    /// The kind named `s`, if any.
    pub fn parse(s: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A category of rules, as the rulebook describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryInfo {
    /// The category's display title.
    pub title: String,
    /// What the category's rules check, and which recommendation they encode.
    pub description: String,
}

/// A grade band: the lowest score it covers and its label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grade {
    /// The lowest score the band covers, in [0, 1].
    pub min: f64,
    /// The grade's label (e.g. `largely aligned`).
    pub label: String,
    /// What the grade means, for the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A rule's logic as written in the rulebook: applicability, check, partial credits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleDefinition {
    /// The raw `applies_if` condition; absent: the rule always applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_if: Option<Value>,
    /// The raw `check` condition.
    pub check: Value,
    /// The partial-credit conditions, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partial: Vec<PartialDefinition>,
}

/// One partial-credit condition as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartialDefinition {
    /// The raw condition that earns the credit.
    pub when: Value,
    /// The share of the rule's score it earns, in [0, 1].
    pub credit: f64,
}

/// The paper's recommendation a rule encodes, and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// The recommendation, quoted or paraphrased.
    pub text: String,
    /// Where it stands in the paper (e.g. `Recommendations (1)`).
    pub section: String,
}
