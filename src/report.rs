//! The report model: the one stable, serialisable result every renderer reads.
//!
//! Its JSON form is the published contract `schemas/report.schema.json`. Renderers never
//! evaluate; they only read a [`Report`].

pub use crate::model::profile::Basis;
pub use crate::model::shared::{
    CategoryInfo, Grade, PartialDefinition, Recommendation, Reference, RuleDefinition, SourceKind,
};
use crate::vocab::trace::TracePart;
use crate::vocab::verdict::Verdict;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The whole result: one rulebook applied to some profiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The rulebook the profiles were scored against, with the weights in force.
    pub rulebook: RulebookInfo,
    /// The date the profiles were evaluated as of, when one was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// The kinds of source the evaluation kept (`--only-sources`), when it was restricted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_sources: Option<Vec<String>>,
    /// One result per profile, in the order the profiles were given.
    pub profiles: Vec<ProfileReport>,
}

/// What a reader needs to know about the rulebook behind a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RulebookInfo {
    /// The rulebook's id.
    pub id: String,
    /// The rulebook's version string.
    pub version: String,
    /// The rulebook's title.
    pub title: String,
    /// The document (the policy paper) whose recommendations the rulebook encodes.
    pub source: Reference,
    /// The lens the scores were computed under (`null`: the rules' own weights).
    pub lens: Option<String>,
    /// The rulebook's categories, by id.
    pub categories: BTreeMap<String, CategoryInfo>,
    /// The rules in rulebook order, with their effective (lens-adjusted) weights.
    pub rules: Vec<RuleInfo>,
    /// The documents rules cite in `sources`, by reference id.
    pub references: BTreeMap<String, Reference>,
    /// Grade bands, highest `min` first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<Grade>,
    /// The least coverage a profile needs to be graded (0: every scored profile is).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub grade_min_coverage: f64,
    /// A verdict resting on evidence older than this many years is flagged stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_after_years: Option<u32>,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// What a reader needs to know about one rule of the rulebook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleInfo {
    /// The rule's id.
    pub id: String,
    /// A one-line statement of what the rule checks.
    pub title: String,
    /// The id of the rule's category.
    pub category: String,
    /// The effective weight: the lens's when a lens is in force, else the rule's own.
    pub weight: f64,
    /// The paper's recommendation the rule encodes.
    pub recommendation: Recommendation,
    /// Ids of the rulebook references the rule rests on.
    pub sources: Vec<String>,
    /// The rule's conditions and credits as written, so that a diff between two reports can
    /// name what changed in the rule (absent in reports saved by older versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<RuleDefinition>,
}

impl Report {
    /// The title of category `id` as the rulebook declares it, or the id itself.
    pub fn category_title<'a>(&'a self, id: &'a str) -> &'a str {
        self.rulebook
            .categories
            .get(id)
            .map_or(id, |c| c.title.as_str())
    }
}

/// One profile's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileReport {
    /// ISO 3166-1 alpha-2 code.
    pub id: String,
    /// The profile's display name.
    pub name: String,
    /// The date the profile was evaluated as of: the day asked for, or the profile's own `as_of`.
    pub as_of: String,
    /// Weighted mean score over decided applicable rules, in [0, 1]; `null` when nothing was decided.
    pub score: Option<f64>,
    /// Share of applicable weight whose verdict was decided, in [0, 1].
    pub coverage: f64,
    /// The grade band the score falls in; `null` when there is no score, no grade bands, or
    /// the coverage is below the rulebook's minimum for a grade (then `grade_withheld` says so).
    #[serde(default)]
    pub grade: Option<String>,
    /// Why no grade is given although a score is: the coverage is below the rulebook's minimum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade_withheld: Option<GradeWithheld>,
    /// How many rules ended in each verdict, and how many were waived.
    pub counts: Counts,
    /// Set when the profile was evaluated as of a day outside the period its evidence covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_evidence: Option<OutsideEvidence>,
    /// Score, coverage and counts per category, by category id.
    pub categories: BTreeMap<String, CategoryScore>,
    /// One verdict per rule, in rulebook order.
    pub verdicts: Vec<VerdictReport>,
    /// The profile's sources that the verdicts' evidence cites.
    pub sources: BTreeMap<String, Reference>,
    /// A label a person reads for each fact the verdicts name (missing facts, counterfactual
    /// changes, evidence), by pointer; renderers print the label where they would print the pointer.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Score and coverage over time, from the profile's dated history to the report's day;
    /// present only when asked for (`Options::timeline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
}

/// A profile's score and coverage over time, and the dated changes that moved them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// The profile as it stood at the end of each month, from January of the year of its
    /// oldest dated change to the report's day (the last point), oldest first.
    pub points: Vec<TimelinePoint>,
    /// The dated changes of the profile's history up to the report's day, oldest first.
    pub events: Vec<TimelineEvent>,
}

/// The profile on one day: the verdicts' score and coverage (waivers not applied).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelinePoint {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Weighted mean score over decided applicable rules; `null` when nothing was decided.
    pub score: Option<f64>,
    /// Share of applicable weight decided.
    pub coverage: f64,
}

/// One dated change of a fact, as the profile's history records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    /// When it took effect: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    /// The fact's pointer.
    pub fact: String,
    /// The fact's label, for a person.
    pub label: String,
    /// The value before (`null`: unknown); absent when an element joined a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<serde_json::Value>,
    /// The value after; absent when an element joined a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<serde_json::Value>,
    /// The element joined its list on `date`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub added: bool,
    /// The id of the profile source that reports it.
    pub source: String,
}

/// An evaluation day outside the period a profile's evidence covers: after its newest
/// evidence (its `as_of`), or before its oldest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutsideEvidence {
    /// `after` or `before`.
    pub side: Side,
    /// The newest (for `after`) or oldest (for `before`) evidence date.
    pub evidence: String,
}

/// Which side of the evidence an evaluation day lies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// After the newest evidence (the profile's `as_of`).
    After,
    /// Before the oldest dated change or dated source.
    Before,
}

impl OutsideEvidence {
    /// The warning a reader sees.
    pub fn warning(&self, day: &str) -> String {
        match self.side {
            Side::After => format!(
                "Evaluated as of {day}, after this profile's newest evidence ({}): what changed since is not recorded.",
                self.evidence
            ),
            Side::Before => format!(
                "Evaluated as of {day}, before this profile's oldest evidence ({}): almost nothing is known that early.",
                self.evidence
            ),
        }
    }
}

/// A grade withheld for lack of evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradeWithheld {
    /// The profile's coverage.
    pub coverage: f64,
    /// The least coverage the rulebook requires for a grade.
    pub min_coverage: f64,
}

impl ProfileReport {
    /// What a reader is shown for the fact at `pointer`: its label, or the pointer itself.
    pub fn label<'a>(&'a self, pointer: &'a str) -> &'a str {
        self.labels.get(pointer).map_or(pointer, String::as_str)
    }

    /// Whether the profile is graded: it has a score and enough coverage for a grade.
    pub fn is_graded(&self) -> bool {
        self.score.is_some() && self.grade_withheld.is_none()
    }

    /// The grade as a reader sees it: the label, "not graded — coverage N%", or "—".
    pub fn grade_text(&self) -> String {
        match (&self.grade, &self.grade_withheld) {
            (Some(g), _) => g.clone(),
            (None, Some(w)) => format!("not graded — coverage {:.0}%", w.coverage * 100.0),
            (None, None) => "—".into(),
        }
    }
}

/// How many rules ended in each verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Rules that passed.
    pub pass: usize,
    /// Rules that earned partial credit.
    pub partial: usize,
    /// Rules that failed.
    pub fail: usize,
    /// Rules that do not apply to the profile.
    #[serde(rename = "not-applicable")]
    pub not_applicable: usize,
    /// Rules left undecided for lack of facts.
    #[serde(rename = "insufficient-data")]
    pub insufficient_data: usize,
    /// Rules waived (active waivers), counted apart from score and coverage.
    #[serde(default)]
    pub waived: usize,
}

impl Counts {
    /// Count one more rule ending in `v`.
    pub fn add(&mut self, v: Verdict) {
        match v {
            Verdict::Pass => self.pass += 1,
            Verdict::Partial => self.partial += 1,
            Verdict::Fail => self.fail += 1,
            Verdict::NotApplicable => self.not_applicable += 1,
            Verdict::InsufficientData => self.insufficient_data += 1,
        }
    }
}

/// One category's results on one profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryScore {
    /// Weighted mean score over the category's decided applicable rules, in [0, 1]; `null`: none.
    pub score: Option<f64>,
    /// Share of the category's applicable weight whose verdict was decided, in [0, 1].
    pub coverage: f64,
    /// Applicable weight in the category (decided or not).
    pub weight: f64,
    /// How many of the category's rules ended in each verdict.
    pub counts: Counts,
}

/// One rule's verdict on one profile, with everything needed to explain it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerdictReport {
    /// The rule's id.
    pub rule: String,
    /// The rule's title.
    pub title: String,
    /// The id of the rule's category.
    pub category: String,
    /// The rule's effective weight (lens-adjusted).
    pub weight: f64,
    /// The raw verdict (kept as is when a waiver applies).
    pub verdict: Verdict,
    /// 1 for pass, the credit for partial, 0 for fail, `null` when not decided.
    pub score: Option<f64>,
    /// The rulebook's explanation for this verdict.
    pub explanation: String,
    /// Every part of the rule (`applies_if`, `check`, each `partial/N`), evaluated in full.
    pub trace: Vec<TracePart>,
    /// Fact pointers whose values would decide an `insufficient-data` verdict.
    pub missing: Vec<String>,
    /// Minimal sets of fact changes that would make the rule pass.
    pub counterfactuals: Vec<Counterfactual>,
    /// When whether the rule applies is unknown: sets of changes that would make it not apply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub would_not_apply_if: Vec<Counterfactual>,
    /// Set when the search for counterfactuals stopped at its budget: there may be ways to
    /// pass (or not to apply) that it did not reach.
    #[serde(default, skip_serializing_if = "is_false")]
    pub search_stopped: bool,
    /// Rulebook reference ids the rule is grounded in.
    pub sources: Vec<String>,
    /// For each fact the rule read and the profile cites: the profile source ids behind it.
    pub evidence: Vec<Evidence>,
    /// The date of the newest evidence the verdict rests on (a dated change or a cited
    /// source of a fact it read, as of the evaluation day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_date: Option<String>,
    /// The evidence is older than the rulebook's `stale_after_years` at the evaluation day.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
    /// A waiver on this (profile, rule): when active, the verdict is shown as waived and left
    /// out of score and coverage; `verdict` stays the raw verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver: Option<WaiverNote>,
}

impl VerdictReport {
    /// Whether an active waiver takes this verdict out of the score.
    pub fn is_waived(&self) -> bool {
        self.waiver
            .as_ref()
            .is_some_and(|w| w.state == WaiverState::Active)
    }
}

/// A waiver as it applies to one verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaiverNote {
    /// Whether the waiver holds on the evaluation day.
    pub state: WaiverState,
    /// Why the exception is accepted.
    pub justification: String,
    /// Who accepted the exception.
    pub author: String,
    /// The last day the waiver holds, `YYYY-MM-DD`.
    pub expires: String,
}

/// Whether a waiver holds on the evaluation day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WaiverState {
    /// The evaluation day is on or before `expires`: the verdict is waived.
    Active,
    /// The evaluation day is after `expires`: the waiver is ignored.
    Expired,
}

/// A set of changes that together make a rule pass (or, in `would_not_apply_if`, make it
/// not apply).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Counterfactual {
    /// The fact changes to make.
    pub changes: Vec<Change>,
    /// What the rule's applicability needs for the pass to count: shown apart, so a reader
    /// is never told to start doing what the rule guards (deploying facial recognition) in
    /// order to pass it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assuming: Vec<Change>,
}

pub use crate::vocab::change::Change;

/// The citation behind one fact a verdict read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// A JSON pointer into the profile's facts: a fact the rule read.
    pub fact: String,
    /// The citation pointer that covers `fact` (the fact itself or an ancestor).
    pub cited_at: String,
    /// Ids of the profile sources the citation names.
    pub sources: Vec<String>,
    /// Where in the paper the fact stands, as the citation says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The citation's note on how the fact was read from the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `inferred` when the value is the analyst's reading of the source (the note says how);
    /// absent when the source states it.
    #[serde(default, skip_serializing_if = "is_stated")]
    pub basis: Basis,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_stated(b: &Basis) -> bool {
    !b.is_inferred()
}
