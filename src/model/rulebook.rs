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
    /// The `$schema` reference, if the file declares one (not used by the engine).
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// The rulebook header; exactly one file of a folder carries it.
    #[serde(default)]
    pub rulebook: Option<Header>,
    /// The rules this file defines.
    #[serde(default)]
    pub rules: Vec<RuleDef>,
}

/// The rulebook's identity, categories, references, lenses and grades.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// The rulebook's id (e.g. `dsr-western-balkans`).
    pub id: String,
    /// The rulebook's version string (e.g. `1.0.0`).
    pub version: String,
    /// The rulebook's title.
    pub title: String,
    /// What the rulebook encodes and how it grades evidence.
    #[serde(default)]
    pub description: Option<String>,
    /// The document (the policy paper) whose recommendations the rulebook encodes.
    pub source: Reference,
    /// The categories rules belong to, by id.
    pub categories: BTreeMap<String, CategoryInfo>,
    /// Documents that rules cite in `sources`, by id (e.g. `eu-5g-toolbox:SM03`).
    #[serde(default)]
    pub references: BTreeMap<String, Reference>,
    /// Named weight sets a reader can select at scoring time, by name.
    #[serde(default)]
    pub lenses: BTreeMap<String, LensDef>,
    /// The least coverage a profile needs to be graded (0: every scored profile is).
    #[serde(default)]
    pub grade_min_coverage: f64,
    /// A verdict resting on evidence older than this many years is flagged stale.
    #[serde(default)]
    pub stale_after_years: Option<u32>,
    /// Folders of the shipped fixtures scored with this rulebook besides the top-level ones
    /// (e.g. `eu-members`); they apply when the profiles are the shipped ones.
    #[serde(default)]
    pub fixture_sets: Vec<String>,
    /// The extensions of the fact model the rules read besides its general core (e.g.
    /// `dsr-western-balkans`: the Washington agreement, the Clean Network, Safe City).
    #[serde(default)]
    pub extensions: Vec<String>,
    /// Grade bands, highest `min` first: a score at or above `min` earns the label.
    #[serde(default)]
    pub grades: Vec<Grade>,
}

/// A named weight set: category multipliers and rule weight overrides.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LensDef {
    /// How the lens reads the scorecard, for the reader.
    pub description: String,
    /// Multiplier applied to the weight of every rule in a category, by category id.
    #[serde(default)]
    pub categories: BTreeMap<String, f64>,
    /// Weight that replaces a rule's own weight, by rule id (category multipliers still apply).
    #[serde(default)]
    pub rules: BTreeMap<String, f64>,
}

/// One rule as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// The rule's id, unique across the rulebook folder.
    pub id: String,
    /// A one-line statement of what the rule checks.
    pub title: String,
    /// The id of a category declared in the header.
    pub category: String,
    /// The rule's relative weight in scores, in (0, 1000].
    pub weight: f64,
    /// The paper's recommendation the rule encodes.
    pub recommendation: Recommendation,
    /// The raw condition under which the rule applies; absent: always.
    #[serde(default)]
    pub applies_if: Option<Value>,
    /// The raw condition that passes the rule.
    pub check: Value,
    /// Partial-credit conditions, tried in order when `check` is false.
    #[serde(default)]
    pub partial: Vec<PartialDef>,
    /// Explanation text per verdict.
    pub explain: ExplainDef,
    /// Ids of the header `references` the rule rests on.
    pub sources: Vec<String>,
    /// Where the facts that would decide the rule can be found (for the research agenda).
    #[serde(default)]
    pub research: Option<String>,
    /// Example facts with the verdict each must get ([`crate::compile::Program::check_examples`]).
    #[serde(default)]
    pub examples: Vec<ExampleDef>,
}

/// One partial-credit condition as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialDef {
    /// The raw condition that earns the credit.
    pub when: Value,
    /// The share of the rule's score it earns, in [0, 1].
    pub credit: f64,
    /// The explanation given when this condition decides a partial verdict.
    pub explain: String,
}

/// Explanation text per verdict (partial explanations live on each partial condition).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplainDef {
    /// The explanation of a pass.
    pub pass: String,
    /// The explanation of a fail.
    pub fail: String,
    /// The explanation of not-applicable; absent: a generic sentence.
    #[serde(rename = "not-applicable", default)]
    pub not_applicable: Option<String>,
    /// The explanation of insufficient-data; absent: a generic sentence.
    #[serde(rename = "insufficient-data", default)]
    pub insufficient_data: Option<String>,
}

/// An example profile embedded in a rule, with the verdict it must get.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleDef {
    /// A short description of the situation the example stands for.
    pub name: String,
    /// The example's facts document, validated against the profile schema's facts.
    pub facts: Value,
    /// The verdict the rule must give on `facts`.
    pub expect: Verdict,
}
