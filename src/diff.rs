//! Diffs: what changed between two reports (two dates, two rulebook versions, or two saved
//! runs), and why — attributed to the facts and rule definitions behind each change.
//!
//! Works on [`Report`]s alone, so a diff of two saved JSON reports explains itself as well
//! as a diff computed on the fly.

use crate::report::{ProfileReport, Report, RuleDefinition, RuleInfo, VerdictReport};
use crate::vocab::trace::Trace;
use crate::vocab::verdict::Verdict;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The differences between two reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    /// The older (first) report's side.
    pub from: Side,
    /// The newer (second) report's side.
    pub to: Side,
    /// Profiles whose score, coverage or any verdict changed, in the `to` report's order.
    pub profiles: Vec<ProfileDiff>,
    /// Profiles present on one side only.
    pub added: Vec<String>,
    /// Ids of profiles present in the `from` report only.
    pub removed: Vec<String>,
    /// Rules present on one side only (two rulebook versions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules_added: Vec<RuleRef>,
    /// Rules present in the `from` report's rulebook only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules_removed: Vec<RuleRef>,
}

/// A rule named in a diff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleRef {
    /// The rule's id.
    pub id: String,
    /// The rule's title.
    pub title: String,
    /// The rule's effective weight on the side it is present.
    pub weight: f64,
}

/// One rule's share of a profile's score change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// The rule's id.
    pub rule: String,
    /// Its part of the change, in score points (fractions of 1); the parts sum to the change.
    pub part: f64,
}

/// What one side of a diff is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    /// How the side is named (e.g. a date or a folder).
    pub label: String,
    /// The report's rulebook id.
    pub rulebook: String,
    /// The report's rulebook version.
    pub version: String,
    /// The lens the report was scored under (`None`: the rules' own weights).
    pub lens: Option<String>,
    /// The day the report was evaluated as of, when one was asked for.
    pub as_of: Option<String>,
}

/// How one profile's results changed between the two reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileDiff {
    /// The profile's id.
    pub id: String,
    /// The profile's display name (as in the `to` report).
    pub name: String,
    /// The score on each side (`from`, `to`), in [0, 1]; `None` where nothing was decided.
    pub score: (Option<f64>, Option<f64>),
    /// The coverage on each side (`from`, `to`), in [0, 1].
    pub coverage: (f64, f64),
    /// The rules whose verdict, score or weight changed, or that exist on one side only.
    pub rules: Vec<RuleDiff>,
    /// The score change split between the rules that moved it (Shapley values over the
    /// changed rules): the parts add up to the change. Empty when a side has no score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attribution: Vec<Attribution>,
    /// The profile's dated changes between the two days, when the sides are two dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
}

/// A dated change recorded in a profile's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// When the change took effect: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: String,
    /// A JSON pointer into the profile's facts: the fact that changed.
    pub fact: String,
    /// The value before `date` (`null`: unknown).
    pub from: Value,
    /// The value from `date` on.
    pub to: Value,
    /// The fact is a list element that joined its list on `date` (`to` is the element).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub added: bool,
    /// The id of the profile source that reports the change.
    pub source: String,
    /// How the change was read from the source, where judgement was needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Diff {
    /// Attach each profile's recorded history between the two days, so that a changed
    /// verdict can be traced to the dated event behind it (e.g. joining the Clean Network).
    pub fn with_history(
        mut self,
        profiles: &[crate::model::Profile],
        from: jiff::civil::Date,
        to: jiff::civil::Date,
    ) -> Diff {
        for pd in &mut self.profiles {
            if let Some(p) = profiles.iter().find(|p| p.id == pd.id) {
                pd.events = crate::history::changes_between(p, from, to)
                    .into_iter()
                    .map(|c| Event {
                        date: c.date.clone(),
                        fact: c.fact.clone(),
                        from: c.from.clone().unwrap_or(Value::Null),
                        to: if c.added {
                            crate::vocab::pointer::FactPointer::new(c.fact.as_str())
                                .get(&p.facts)
                                .cloned()
                                .unwrap_or(Value::Null)
                        } else {
                            c.to.clone()
                        },
                        added: c.added,
                        source: c.source.clone(),
                        note: c.note.clone(),
                    })
                    .collect();
            }
        }
        self
    }
}

/// One rule whose verdict or score changed on one profile, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleDiff {
    /// The rule's id.
    pub rule: String,
    /// The verdicts on each side; `null` where the rule does not exist on that side.
    pub verdict: (Option<Verdict>, Option<Verdict>),
    /// The rule's score on each side (1 pass, the credit for partial, 0 fail); `None`: undecided.
    pub score: (Option<f64>, Option<f64>),
    /// Facts the rule read whose values differ between the two sides.
    pub facts: Vec<FactChange>,
    /// Changes to the rule itself (weight, category, title, conditions).
    pub rule_changes: Vec<String>,
}

/// A fact a rule read whose observed value differs between the two sides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactChange {
    /// A JSON pointer into the profile's facts (a quantified list's pointer for its length).
    pub fact: String,
    /// The value on the `from` side (`null`: missing or unknown; a list's length as "N elements").
    pub from: Value,
    /// The value on the `to` side, in the same form.
    pub to: Value,
    /// Profile source ids that back the fact on the `to` side (else the `from` side).
    pub sources: Vec<String>,
}

impl Diff {
    /// Whether anything changed.
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }
}

/// Compare two reports; `labels` name the sides (e.g. the dates or folders).
pub fn diff(a: &Report, b: &Report, labels: (&str, &str)) -> Diff {
    let side = |r: &Report, label: &str| Side {
        label: label.to_string(),
        rulebook: r.rulebook.id.clone(),
        version: r.rulebook.version.clone(),
        lens: r.rulebook.lens.clone(),
        as_of: r.as_of.clone(),
    };
    let rule_ids =
        |r: &Report| -> Vec<String> { r.rulebook.rules.iter().map(|x| x.id.clone()).collect() };
    let (ra, rb) = (rule_ids(a), rule_ids(b));
    let rule_ref = |r: &Report, id: &str| -> Option<RuleRef> {
        r.rulebook
            .rules
            .iter()
            .find(|x| x.id == id)
            .map(|x| RuleRef {
                id: x.id.clone(),
                title: x.title.clone(),
                weight: x.weight,
            })
    };
    let mut profiles = Vec::new();
    for pb in &b.profiles {
        let Some(pa) = a.profiles.iter().find(|p| p.id == pb.id) else {
            continue;
        };
        let mut rules: Vec<RuleDiff> = pb
            .verdicts
            .iter()
            .filter_map(|vb| match pa.verdicts.iter().find(|v| v.rule == vb.rule) {
                Some(va) => {
                    (va.verdict != vb.verdict || va.score != vb.score || va.weight != vb.weight)
                        .then(|| rule_diff(a, b, va, vb))
                }
                None => Some(one_sided(vb, false)),
            })
            .collect();
        rules.extend(
            pa.verdicts
                .iter()
                .filter(|va| !pb.verdicts.iter().any(|v| v.rule == va.rule))
                .map(|va| one_sided(va, true)),
        );
        if !rules.is_empty() || pa.score != pb.score || pa.coverage != pb.coverage {
            profiles.push(ProfileDiff {
                id: pb.id.clone(),
                name: pb.name.clone(),
                score: (pa.score, pb.score),
                coverage: (pa.coverage, pb.coverage),
                attribution: attribute(pa, pb),
                rules,
                events: Vec::new(),
            });
        }
    }
    let ids = |r: &Report| r.profiles.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    let (ia, ib) = (ids(a), ids(b));
    Diff {
        from: side(a, labels.0),
        to: side(b, labels.1),
        profiles,
        added: ib.iter().filter(|i| !ia.contains(i)).cloned().collect(),
        removed: ia.iter().filter(|i| !ib.contains(i)).cloned().collect(),
        rules_added: rb
            .iter()
            .filter(|i| !ra.contains(i))
            .filter_map(|i| rule_ref(b, i))
            .collect(),
        rules_removed: ra
            .iter()
            .filter(|i| !rb.contains(i))
            .filter_map(|i| rule_ref(a, i))
            .collect(),
    }
}

/// A rule that exists on one side only: its verdict there.
fn one_sided(v: &VerdictReport, removed: bool) -> RuleDiff {
    let (verdict, score) = if removed {
        ((Some(v.verdict), None), (v.score, None))
    } else {
        ((None, Some(v.verdict)), (None, v.score))
    };
    RuleDiff {
        rule: v.rule.clone(),
        verdict,
        score,
        facts: Vec::new(),
        rule_changes: vec![
            if removed {
                "rule removed"
            } else {
                "rule added"
            }
            .to_string(),
        ],
    }
}

/// Rules beyond this many moving a score are attributed in rulebook order (each the change
/// its own move makes after the ones before it) instead of by Shapley value; both add up.
const SHAPLEY_MAX_RULES: usize = 12;

/// Split a profile's score change between the rules whose contribution changed.
///
/// A rule contributes its weight and score when it is decided, applicable and not waived.
/// The score of a mix (some rules as on the `to` side, the rest as on the `from` side) is
/// the weighted mean of what is decided, or 0 when nothing is; each rule's part is its
/// Shapley value, so the parts are symmetric in the rules and add up to the change.
pub fn attribute(a: &ProfileReport, b: &ProfileReport) -> Vec<Attribution> {
    if a.score.is_none() || b.score.is_none() {
        return Vec::new();
    }
    let state = |p: &ProfileReport, rule: &str| -> Option<(f64, f64)> {
        let v = p.verdicts.iter().find(|v| v.rule == rule)?;
        if v.is_waived() || v.verdict == Verdict::NotApplicable {
            return None;
        }
        v.score.map(|s| (v.weight, s))
    };
    let mut rules: Vec<&str> = b.verdicts.iter().map(|v| v.rule.as_str()).collect();
    rules.extend(
        a.verdicts
            .iter()
            .map(|v| v.rule.as_str())
            .filter(|r| !b.verdicts.iter().any(|v| v.rule == *r)),
    );
    type Side = Option<(f64, f64)>;
    let states: Vec<(Side, Side)> = rules.iter().map(|r| (state(a, r), state(b, r))).collect();
    let moving: Vec<usize> = (0..rules.len())
        .filter(|&i| states[i].0 != states[i].1)
        .collect();
    // The score with the moving rules for which `taken(k)` holds (k indexes `moving`) taken
    // from the `to` side.
    let value = |taken: &dyn Fn(usize) -> bool| -> f64 {
        let (mut earned, mut decided) = (0.0, 0.0);
        for (i, (sa, sb)) in states.iter().enumerate() {
            let taken = moving.iter().position(|&m| m == i).is_some_and(taken);
            if let Some((w, s)) = if taken { sb } else { sa } {
                earned += w * s;
                decided += w;
            }
        }
        if decided > 0.0 { earned / decided } else { 0.0 }
    };
    let n = moving.len();
    let parts: Vec<f64> = if n <= SHAPLEY_MAX_RULES {
        let fact = |k: usize| (1..=k).map(|x| x as f64).product::<f64>();
        (0..n)
            .map(|i| {
                let mut phi = 0.0;
                for mask in 0u64..(1 << n) {
                    if mask & (1 << i) != 0 {
                        continue;
                    }
                    let k = mask.count_ones() as usize;
                    let weight = fact(k) * fact(n - k - 1) / fact(n);
                    let with = mask | (1 << i);
                    phi += weight
                        * (value(&|k| with & (1 << k) != 0) - value(&|k| mask & (1 << k) != 0));
                }
                phi
            })
            .collect()
    } else {
        (0..n)
            .map(|i| value(&|k| k <= i) - value(&|k| k < i))
            .collect()
    };
    moving
        .iter()
        .zip(parts)
        .filter(|(_, p)| p.abs() > 1e-12)
        .map(|(&i, part)| Attribution {
            rule: rules[i].to_string(),
            part,
        })
        .collect()
}

fn rule_diff(a: &Report, b: &Report, va: &VerdictReport, vb: &VerdictReport) -> RuleDiff {
    let observed = |v: &VerdictReport| -> Vec<(String, Value)> {
        let mut out: Vec<(String, Value)> = Vec::new();
        for part in &v.trace {
            for leaf in part.node.leaves() {
                if let Trace::Leaf { fact, observed, .. } = leaf
                    && !out.iter().any(|(f, _)| f == fact)
                {
                    out.push((fact.clone(), observed.clone()));
                }
            }
            // A list read by a quantifier: its length, so a list that became known (or grew
            // or shrank) is a cause even when no element leaf was evaluated.
            for (over, elements) in part.node.lists() {
                if !out.iter().any(|(f, _)| f == over) {
                    let length = elements.map_or(Value::Null, |n| {
                        Value::String(if n == 1 {
                            "1 element".to_string()
                        } else {
                            format!("{n} elements")
                        })
                    });
                    out.push((over.to_string(), length));
                }
            }
        }
        out
    };
    let (oa, ob) = (observed(va), observed(vb));
    let mut facts = Vec::new();
    for (fact, to) in &ob {
        let from = oa
            .iter()
            .find(|(f, _)| f == fact)
            .map_or(Value::Null, |(_, v)| v.clone());
        if &from != to {
            let sources = vb
                .evidence
                .iter()
                .chain(&va.evidence)
                .find(|e| &e.fact == fact)
                .map(|e| e.sources.clone())
                .unwrap_or_default();
            facts.push(FactChange {
                fact: fact.clone(),
                from,
                to: to.clone(),
                sources,
            });
        }
    }
    for (fact, from) in &oa {
        if !ob.iter().any(|(f, _)| f == fact) && !from.is_null() {
            facts.push(FactChange {
                fact: fact.clone(),
                from: from.clone(),
                to: Value::Null,
                sources: Vec::new(),
            });
        }
    }
    RuleDiff {
        rule: vb.rule.clone(),
        verdict: (Some(va.verdict), Some(vb.verdict)),
        score: (va.score, vb.score),
        facts,
        rule_changes: rule_changes(a, b, va, vb),
    }
}

fn rule_changes(a: &Report, b: &Report, va: &VerdictReport, vb: &VerdictReport) -> Vec<String> {
    let info = |r: &Report| -> Option<RuleInfo> {
        r.rulebook.rules.iter().find(|x| x.id == vb.rule).cloned()
    };
    let mut out = Vec::new();
    if let (Some(ra), Some(rb)) = (info(a), info(b)) {
        if ra.weight != rb.weight {
            out.push(format!("weight {} → {}", ra.weight, rb.weight));
        }
        if ra.category != rb.category {
            out.push(format!("category {} → {}", ra.category, rb.category));
        }
        if ra.title != rb.title {
            out.push(format!("title \"{}\" → \"{}\"", ra.title, rb.title));
        }
    }
    if let (Some(da), Some(db)) = (
        info(a).and_then(|r| r.definition),
        info(b).and_then(|r| r.definition),
    ) {
        out.extend(definition_changes(&da, &db));
    }
    if va.weight != vb.weight && out.iter().all(|c| !c.starts_with("weight")) {
        out.push(format!("effective weight {} → {}", va.weight, vb.weight));
    }
    out
}

/// What changed in a rule's logic between two definitions, in words.
fn definition_changes(a: &RuleDefinition, b: &RuleDefinition) -> Vec<String> {
    let mut out = Vec::new();
    match (&a.applies_if, &b.applies_if) {
        (None, Some(_)) => out.push("applies_if added".to_string()),
        (Some(_), None) => out.push("applies_if removed".to_string()),
        (Some(x), Some(y)) if x != y => out.push("applies_if changed".to_string()),
        _ => {}
    }
    if a.check != b.check {
        out.push("check changed".to_string());
    }
    for (i, (pa, pb)) in a.partial.iter().zip(&b.partial).enumerate() {
        if pa.credit != pb.credit {
            out.push(format!("partial/{i} credit {} → {}", pa.credit, pb.credit));
        }
        if pa.when != pb.when {
            out.push(format!("partial/{i} condition changed"));
        }
    }
    if a.partial.len() != b.partial.len() {
        out.push(format!(
            "partial-credit conditions {} → {}",
            a.partial.len(),
            b.partial.len()
        ));
    }
    out
}

/// Profiles of a report by id, for callers that diff selected profiles.
pub fn find<'a>(r: &'a Report, id: &str) -> Option<&'a ProfileReport> {
    r.profiles.iter().find(|p| p.id == id)
}
