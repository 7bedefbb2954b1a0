//! Rulebook files as written: a header (once per folder) and rules. Conditions stay raw JSON
//! here; [`crate::compile`] turns them into typed expressions.

use crate::model::shared::{CategoryInfo, Grade, Recommendation, Reference};
use crate::vocab::verdict::Verdict;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One file of a rulebook folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulebookFile {
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    #[serde(default)]
    pub rulebook: Option<Header>,
    #[serde(default)]
    pub rules: Vec<RuleDef>,
}

/// The rulebook's identity, categories, references, lenses and grades.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub id: String,
    pub version: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub source: Reference,
    pub categories: BTreeMap<String, CategoryInfo>,
    #[serde(default)]
    pub references: BTreeMap<String, Reference>,
    #[serde(default)]
    pub lenses: BTreeMap<String, LensDef>,
    /// The least coverage a profile needs to be graded (0: every scored profile is).
    #[serde(default)]
    pub grade_min_coverage: f64,
    /// A verdict resting on evidence older than this many years is flagged stale.
    #[serde(default)]
    pub stale_after_years: Option<u32>,
    #[serde(default)]
    pub grades: Vec<Grade>,
}

/// A named weight set: category multipliers and rule weight overrides.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LensDef {
    pub description: String,
    #[serde(default)]
    pub categories: BTreeMap<String, f64>,
    #[serde(default)]
    pub rules: BTreeMap<String, f64>,
}

/// One rule as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    pub title: String,
    pub category: String,
    pub weight: f64,
    pub recommendation: Recommendation,
    #[serde(default)]
    pub applies_if: Option<Value>,
    pub check: Value,
    #[serde(default)]
    pub partial: Vec<PartialDef>,
    pub explain: ExplainDef,
    pub sources: Vec<String>,
    /// Where the facts that would decide the rule can be found (for the research agenda).
    #[serde(default)]
    pub research: Option<String>,
    #[serde(default)]
    pub examples: Vec<ExampleDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialDef {
    pub when: Value,
    pub credit: f64,
    pub explain: String,
}

/// Explanation text per verdict (partial explanations live on each partial condition).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplainDef {
    pub pass: String,
    pub fail: String,
    #[serde(rename = "not-applicable", default)]
    pub not_applicable: Option<String>,
    #[serde(rename = "insufficient-data", default)]
    pub insufficient_data: Option<String>,
}

/// An example profile embedded in a rule, with the verdict it must get.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleDef {
    pub name: String,
    pub facts: Value,
    pub expect: Verdict,
}
