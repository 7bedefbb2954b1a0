//! Waivers: accepted, justified, expiring exceptions for (profile, rule) pairs.
//!
//! An active waiver shows the verdict as waived (the raw verdict stays visible) and takes
//! the rule out of the profile's score and coverage; an expired one is ignored and reported
//! as expired. Expiry is judged on the evaluation day: `--as-of` when given, else today.

use crate::compile::{CompileError, ErrorKind, Problem, Program};
use crate::load::{Document, Location};
use crate::model::Profile;
use crate::report::{WaiverNote, WaiverState};
use crate::vocab::dates::parse_full_date;
use jiff::civil::Date;
use serde::Deserialize;

/// One waiver as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The id of the waived profile (ISO 3166-1 alpha-2).
    pub profile: String,
    /// The id of the waived rule.
    pub rule: String,
    /// Why the exception is accepted.
    pub justification: String,
    /// Who accepted the exception.
    pub author: String,
    /// The last day the waiver holds, `YYYY-MM-DD`.
    pub expires: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct WaiverFile {
    #[serde(rename = "$schema", default)]
    _schema: Option<String>,
    waivers: Vec<Waiver>,
}

/// A checked set of waivers.
#[derive(Debug, Clone, Default)]
pub struct Waivers {
    items: Vec<(Waiver, Date)>,
}

impl Waivers {
    /// No waivers.
    pub fn none() -> Waivers {
        Waivers::default()
    }

    /// Validate a waiver file against its schema, then check that each names a known rule
    /// and profile, with a real expiry date.
    pub fn load(
        doc: &Document,
        schemas: &crate::validate::Schemas,
        program: &Program,
        profiles: &[Profile],
    ) -> Result<Waivers, Vec<Problem>> {
        let invalid: Vec<Problem> = schemas
            .waivers(doc)
            .into_iter()
            .map(Problem::from)
            .collect();
        if !invalid.is_empty() {
            return Err(invalid);
        }
        let file: WaiverFile = crate::compile::typed(doc)?;
        let mut problems = Vec::new();
        let mut items = Vec::new();
        let mut first: std::collections::HashMap<(String, String), usize> =
            std::collections::HashMap::new();
        for (i, w) in file.waivers.into_iter().enumerate() {
            // One waiver per (profile, rule): a second would silently lose to the first.
            if let Some(j) = first.insert((w.profile.clone(), w.rule.clone()), i) {
                problems.push(Problem::from(CompileError {
                    kind: ErrorKind::Shape,
                    location: Location::at(doc, &format!("/waivers/{i}")),
                    message: format!(
                        "a second waiver for profile \"{}\" and rule \"{}\" (the first is /waivers/{j})",
                        w.profile, w.rule
                    ),
                    hint: Some("keep one waiver per profile and rule: merge the two".into()),
                }));
                first.insert((w.profile.clone(), w.rule.clone()), j);
                continue;
            }
            let mut err = |field: &str, message: String, hint: Option<String>| {
                problems.push(Problem::from(CompileError {
                    kind: ErrorKind::Shape,
                    location: Location::at(doc, &format!("/waivers/{i}/{field}")),
                    message,
                    hint,
                }));
            };
            if program.rule(&w.rule).is_none() {
                let hint = crate::vocab::suggest::did_you_mean(
                    &w.rule,
                    program.rules.iter().map(|r| r.id.as_str()),
                );
                err(
                    "rule",
                    format!("waiver for unknown rule \"{}\"", w.rule),
                    hint,
                );
            }
            if !profiles.iter().any(|p| p.id == w.profile) {
                let hint = crate::vocab::suggest::did_you_mean(
                    &w.profile,
                    profiles.iter().map(|p| p.id.as_str()),
                );
                err(
                    "profile",
                    format!("waiver for unknown profile \"{}\"", w.profile),
                    hint,
                );
            }
            match parse_full_date(&w.expires) {
                Some(d) => items.push((w, d)),
                None => err(
                    "expires",
                    format!("\"{}\" is not a calendar date", w.expires),
                    Some("write YYYY-MM-DD".into()),
                ),
            }
        }
        if problems.is_empty() {
            Ok(Waivers { items })
        } else {
            Err(problems)
        }
    }

    /// The waiver for a (profile, rule) pair, judged on `day`.
    pub fn note(&self, profile: &str, rule: &str, day: Date) -> Option<WaiverNote> {
        let (w, expires) = self
            .items
            .iter()
            .find(|(w, _)| w.profile == profile && w.rule == rule)?;
        Some(WaiverNote {
            state: if day <= *expires {
                WaiverState::Active
            } else {
                WaiverState::Expired
            },
            justification: w.justification.clone(),
            author: w.author.clone(),
            expires: w.expires.clone(),
        })
    }

    /// Whether there are no waivers.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
