//! Scoring: outcomes → weighted scores with coverage, per category and overall → the [`Report`].

use crate::compile::{Program, Rule};
use crate::eval::Outcome;
use crate::model::Profile;
use crate::report::*;
use crate::vocab::dates::reached_by;
use crate::vocab::truth::Truth;
use crate::vocab::verdict::Verdict;
use crate::waiver::Waivers;
use std::collections::BTreeMap;

/// Why scoring could not start.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ScoreError {
    /// The lens asked for is not declared in the rulebook header.
    #[error("unknown lens \"{name}\"{}", suggestion.as_ref().map(|s| format!("; did you mean \"{s}\"?")).unwrap_or_default())]
    UnknownLens {
        /// The lens name as given.
        name: String,
        /// The closest declared lens name, if one is close.
        suggestion: Option<String>,
        /// Every declared lens name.
        known: Vec<String>,
    },
    /// An as-of value that is not a date.
    #[error(
        "\"{given}\" is not a date; write YYYY-MM-DD, YYYY-MM or YYYY (a month or year means its last day), e.g. 2020-06-01"
    )]
    BadDate {
        /// The value as given.
        given: String,
    },
}

/// Weights in force: the rules' own, or a lens's.
#[derive(Debug, Clone)]
pub struct Weights {
    /// The lens in force (`None`: the rules' own weights).
    pub lens: Option<String>,
    weights: Vec<f64>,
}

impl Weights {
    /// Effective weights under `lens` (None: the rules' own weights).
    pub fn new(program: &Program, lens: Option<&str>) -> Result<Weights, ScoreError> {
        let Some(name) = lens else {
            return Ok(Weights {
                lens: None,
                weights: program.rules.iter().map(|r| r.weight).collect(),
            });
        };
        let Some(def) = program.header.lenses.get(name) else {
            let known: Vec<String> = program.header.lenses.keys().cloned().collect();
            return Err(ScoreError::UnknownLens {
                name: name.to_string(),
                suggestion: crate::vocab::suggest::nearest(name, known.iter().map(String::as_str))
                    .map(str::to_string),
                known,
            });
        };
        let weights = program
            .rules
            .iter()
            .map(|r| {
                def.rules.get(&r.id).copied().unwrap_or(r.weight)
                    * def.categories.get(&r.category).copied().unwrap_or(1.0)
            })
            .collect();
        Ok(Weights {
            lens: Some(name.to_string()),
            weights,
        })
    }

    /// The effective weight of the rule at `index` in rulebook order (panics when out of range).
    pub fn of(&self, index: usize) -> f64 {
        self.weights[index]
    }
}

/// The rulebook part of a report.
pub fn rulebook_info(program: &Program, weights: &Weights) -> RulebookInfo {
    let h = &program.header;
    RulebookInfo {
        id: h.id.clone(),
        version: h.version.clone(),
        title: h.title.clone(),
        source: h.source.clone(),
        lens: weights.lens.clone(),
        categories: h.categories.clone(),
        rules: program
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| RuleInfo {
                id: r.id.clone(),
                title: r.title.clone(),
                category: r.category.clone(),
                weight: weights.of(i),
                recommendation: r.recommendation.clone(),
                sources: r.sources.clone(),
                definition: Some(r.definition.clone()),
            })
            .collect(),
        references: h.references.clone(),
        grades: h.grades.clone(),
        grade_min_coverage: h.grade_min_coverage,
        stale_after_years: h.stale_after_years,
    }
}

/// Score one profile's outcomes.
pub fn profile_report(
    program: &Program,
    weights: &Weights,
    profile: &Profile,
    as_of: &str,
    outcomes: Vec<Outcome>,
) -> ProfileReport {
    profile_report_waived(
        program,
        weights,
        profile,
        as_of,
        outcomes,
        &Waivers::none(),
        None,
    )
}

/// Score one profile's outcomes, applying waivers judged on `day` (None: no waiver is active).
/// `as_of` is the day the profile was evaluated as of, or its own `as_of`.
pub fn profile_report_waived(
    program: &Program,
    weights: &Weights,
    profile: &Profile,
    as_of: &str,
    outcomes: Vec<Outcome>,
    waivers: &Waivers,
    day: Option<jiff::civil::Date>,
) -> ProfileReport {
    let evaluated = crate::vocab::dates::parse_partial(as_of).map(|(_, last)| last);
    let mut verdicts = Vec::with_capacity(outcomes.len());
    let mut cited: BTreeMap<String, Reference> = BTreeMap::new();
    let mut overall = Tally::default();
    let mut categories: BTreeMap<String, Tally> = program
        .header
        .categories
        .keys()
        .map(|c| (c.clone(), Tally::default()))
        .collect();
    for (i, (rule, outcome)) in program.rules.iter().zip(outcomes).enumerate() {
        let weight = weights.of(i);
        let waiver = day.and_then(|d| waivers.note(&profile.id, &rule.id, d));
        let category = categories.entry(rule.category.clone()).or_default();
        if waiver
            .as_ref()
            .is_some_and(|w| w.state == WaiverState::Active)
        {
            overall.counts.waived += 1;
            category.counts.waived += 1;
        } else {
            overall.add(outcome.verdict, outcome.score, weight);
            category.add(outcome.verdict, outcome.score, weight);
        }
        let evidence = evidence(profile, &outcome);
        let evidence_date = newest_evidence(profile, &evidence, evaluated);
        // Only a decided verdict can rest on old evidence; an undecided one rests on none.
        let decided = outcome.verdict != Verdict::InsufficientData;
        let stale = match (&evidence_date, program.header.stale_after_years, evaluated) {
            (Some(d), Some(years), Some(on)) => decided && is_older_than(d, years, on),
            _ => false,
        };
        for e in &evidence {
            for s in &e.sources {
                if let Some(r) = profile.sources.get(s) {
                    cited.insert(s.clone(), r.clone());
                }
            }
        }
        verdicts.push(VerdictReport {
            rule: rule.id.clone(),
            title: rule.title.clone(),
            category: rule.category.clone(),
            weight,
            verdict: outcome.verdict,
            score: outcome.score,
            explanation: explanation(rule, &outcome),
            trace: outcome.trace,
            missing: outcome.missing,
            counterfactuals: outcome
                .counterfactuals
                .into_iter()
                .map(|w| Counterfactual {
                    changes: w.changes,
                    assuming: w.assuming,
                })
                .collect(),
            would_not_apply_if: outcome
                .not_applicable_if
                .into_iter()
                .map(|changes| Counterfactual {
                    changes,
                    assuming: Vec::new(),
                })
                .collect(),
            search_stopped: outcome.search.stopped,
            sources: rule.sources.clone(),
            evidence,
            evidence_date,
            stale,
            waiver,
        });
    }
    let score = overall.score();
    let coverage = overall.coverage();
    let min = program.header.grade_min_coverage;
    let withheld = (score.is_some() && !program.header.grades.is_empty() && coverage < min)
        .then_some(GradeWithheld {
            coverage,
            min_coverage: min,
        });
    let outside_evidence =
        crate::vocab::dates::parse_full_date(as_of).and_then(|d| outside(profile, d));
    ProfileReport {
        id: profile.id.clone(),
        name: profile.name.clone(),
        as_of: as_of.to_string(),
        score,
        coverage,
        grade: score.filter(|_| withheld.is_none()).and_then(|s| {
            program
                .header
                .grades
                .iter()
                .find(|g| s >= g.min)
                .map(|g| g.label.clone())
        }),
        grade_withheld: withheld,
        counts: overall.counts.clone(),
        outside_evidence,
        categories: categories
            .into_iter()
            .map(|(k, t)| {
                (
                    k,
                    CategoryScore {
                        score: t.score(),
                        coverage: t.coverage(),
                        weight: round(t.applicable),
                        counts: t.counts,
                    },
                )
            })
            .collect(),
        labels: labels(program, profile, &verdicts),
        verdicts,
        sources: cited,
        timeline: None,
    }
}

/// A label for every fact the verdicts name to a reader (missing facts, what would flip a
/// verdict, the evidence), from the schema's titles and the names of the list elements on the way.
fn labels(
    program: &Program,
    profile: &Profile,
    verdicts: &[VerdictReport],
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for v in verdicts {
        let changed = v
            .counterfactuals
            .iter()
            .chain(&v.would_not_apply_if)
            .flat_map(|c| c.changes.iter().chain(&c.assuming))
            .map(|c| &c.fact);
        let cited = v.evidence.iter().map(|e| &e.fact);
        for fact in v.missing.iter().chain(changed).chain(cited) {
            if !out.contains_key(fact)
                && let Some(l) = program.titles.label(&profile.facts, fact)
            {
                out.insert(fact.clone(), l);
            }
        }
    }
    out
}

/// Score and coverage from verdicts alone (the batch fast path).
pub fn quick(weights: &Weights, verdicts: &[(Verdict, Option<f64>)]) -> (Option<f64>, f64) {
    let mut t = Tally::default();
    for (i, (v, s)) in verdicts.iter().enumerate() {
        t.add(*v, *s, weights.of(i));
    }
    (t.score(), t.coverage())
}

/// Running sums for one score.
#[derive(Debug, Default)]
struct Tally {
    earned: f64,
    decided: f64,
    applicable: f64,
    counts: Counts,
}

impl Tally {
    fn add(&mut self, verdict: Verdict, score: Option<f64>, weight: f64) {
        self.counts.add(verdict);
        if verdict == Verdict::NotApplicable {
            return;
        }
        self.applicable += weight;
        if let Some(s) = score {
            self.decided += weight;
            self.earned += s * weight;
        }
    }

    fn score(&self) -> Option<f64> {
        (self.decided > 0.0).then(|| round(self.earned / self.decided))
    }

    /// Share of applicable weight decided; vacuously 1 when nothing applies.
    fn coverage(&self) -> f64 {
        if self.applicable > 0.0 {
            round(self.decided / self.applicable)
        } else {
            1.0
        }
    }
}

/// Round to four decimals, so reports do not carry floating-point noise.
pub fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn explanation(rule: &Rule, outcome: &Outcome) -> String {
    let e = &rule.explain;
    match outcome.verdict {
        Verdict::Pass => e.pass.clone(),
        Verdict::Fail => e.fail.clone(),
        Verdict::Partial => outcome
            .partial
            .and_then(|i| rule.partial.get(i))
            .map(|p| p.explain.clone())
            .unwrap_or_default(),
        Verdict::NotApplicable => e.not_applicable.clone().unwrap_or_else(|| {
            "The rule does not apply: its applicability condition is false for this profile.".into()
        }),
        Verdict::InsufficientData => e.insufficient_data.clone().unwrap_or_else(|| {
            "Not enough is known to decide: the facts listed as missing would decide it.".into()
        }),
    }
}

/// The date of the newest evidence among the facts a verdict read: the latest dated change
/// of each fact (or of the list element holding it) and the latest date of the sources its
/// citation names, counting only what existed by `on` (when evaluating as of a day).
fn newest_evidence(
    profile: &Profile,
    evidence: &[Evidence],
    on: Option<jiff::civil::Date>,
) -> Option<String> {
    let existed = |date: &str| on.is_none_or(|d| reached_by(date, d) != Truth::False);
    let changes = evidence.iter().flat_map(|e| {
        profile.history.iter().filter(move |c| {
            e.fact == c.fact
                || e.fact
                    .strip_prefix(c.fact.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    });
    let sources = evidence
        .iter()
        .flat_map(|e| &e.sources)
        .filter_map(|s| profile.sources.get(s).and_then(|r| r.date.as_deref()));
    changes
        .map(|c| c.date.as_str())
        .chain(sources)
        .filter(|d| existed(d))
        .max()
        .map(str::to_string)
}

/// Whether `day` lies after the profile's newest evidence (its `as_of`) or before its
/// oldest (the earliest dated change or dated source).
fn outside(profile: &Profile, day: jiff::civil::Date) -> Option<OutsideEvidence> {
    use crate::vocab::dates::parse_partial;
    if let Some((_, last)) = parse_partial(&profile.as_of)
        && day > last
    {
        return Some(OutsideEvidence {
            side: Side::After,
            evidence: profile.as_of.clone(),
        });
    }
    let oldest = profile
        .history
        .iter()
        .map(|c| c.date.as_str())
        .chain(profile.sources.values().filter_map(|s| s.date.as_deref()))
        .filter_map(|d| Some((parse_partial(d)?.0, d)))
        .min()?;
    (day < oldest.0).then(|| OutsideEvidence {
        side: Side::Before,
        evidence: oldest.1.to_string(),
    })
}

/// Whether evidence dated `date` (its last day, for a partial date) is more than `years`
/// years older than `on`.
fn is_older_than(date: &str, years: u32, on: jiff::civil::Date) -> bool {
    let Some((_, last)) = crate::vocab::dates::parse_partial(date) else {
        return false;
    };
    let span = jiff::Span::new().years(i64::from(years));
    last.checked_add(span).is_ok_and(|limit| limit < on)
}

/// The citations behind every fact the rule read.
fn evidence(profile: &Profile, outcome: &Outcome) -> Vec<Evidence> {
    let mut read: Vec<&str> = Vec::new();
    for part in &outcome.trace {
        part.node.collect_facts(&mut read);
    }
    crate::vocab::once_each(read)
        .into_iter()
        .filter_map(|fact| {
            profile.citation_for(fact).map(|(at, c)| Evidence {
                fact: fact.to_string(),
                cited_at: at.to_string(),
                sources: c.sources.clone(),
                section: c.section.clone(),
                note: c.note.clone(),
                basis: c.basis,
            })
        })
        .collect()
}

/// The profiles whose coverage is below `min`, each with its coverage and the shortfall in
/// percentage points. Empty when every profile is covered enough.
pub fn coverage_failures(report: &Report, min: f64) -> Vec<String> {
    report
        .profiles
        .iter()
        .filter(|p| p.coverage < min)
        .map(|p| {
            format!(
                "{} (coverage {:.0}%, {:.0} points short)",
                p.id,
                p.coverage * 100.0,
                (min - p.coverage) * 100.0
            )
        })
        .collect()
}

/// The profiles a gate `min` fails, each described: no score, a score below `min`, or a
/// score on too little evidence to be graded (it cannot show the gate is met). Empty when
/// every profile passes.
pub fn gate_failures(report: &Report, min: f64) -> Vec<String> {
    report
        .profiles
        .iter()
        .filter_map(|p| match (p.score, &p.grade_withheld) {
            (None, _) => Some(format!("{} (no score)", p.id)),
            (Some(s), _) if s < min => Some(format!("{} ({s:.2})", p.id)),
            (Some(s), Some(w)) => Some(format!(
                "{} ({s:.2}, not graded: coverage {:.0}% is below the {:.0}% a grade needs)",
                p.id,
                w.coverage * 100.0,
                w.min_coverage * 100.0
            )),
            (Some(_), None) => None,
        })
        .collect()
}
