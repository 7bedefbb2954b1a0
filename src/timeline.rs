//! Timelines: a profile's score and coverage month by month from its dated history.
//!
//! Each point is the profile as it stood on the last day of a month (the facts of that day,
//! with the same evidence cut-off as `--as-of`), scored on the verdicts' fast path. The
//! events are the history's dated changes, labelled from the schema. Waivers are not
//! applied: a timeline shows what the evidence says over time.

use crate::compile::Program;
use crate::history::materialise;
use crate::model::Profile;
use crate::report::{Timeline, TimelineEvent, TimelinePoint};
use crate::score::{Weights, quick};
use crate::vocab::dates::parse_partial;
use crate::vocab::pointer::{schema_path, within};
use jiff::ToSpan;
use jiff::civil::Date;

/// Most points one timeline holds (a century of months); older months are not drawn.
pub const MAX_POINTS: usize = 1200;

/// The profile's timeline up to `until` (inclusive), or None when its history has no dated
/// change on or before that day (one point is not a line).
pub fn timeline(
    program: &Program,
    weights: &Weights,
    profile: &Profile,
    until: Date,
) -> Option<Timeline> {
    // The line starts with the first change that can move it: the oldest change to a fact
    // the rules read. Older changes to other facts (an EU accession in 1995, a project stage
    // in 2011) would only stretch it back; from the start on, every change is an event.
    let read: Vec<String> = program.rules.iter().flat_map(|r| r.reads()).collect();
    // A rule reads the fact, something below it, or an object that holds it.
    let moves = |fact: &str| {
        let path = schema_path(fact);
        read.iter().any(|r| within(r, &path) || within(&path, r))
    };
    let dated = |c: &&crate::model::profile::Change| {
        parse_partial(&c.date)
            .map(|(first, _)| first)
            .filter(|first| *first <= until)
    };
    let oldest = profile
        .history
        .iter()
        .filter(|c| moves(&c.fact))
        .filter_map(|c| dated(&c))
        .min()?;
    let from = Date::new(oldest.year(), 1, 1).ok()?;
    let mut events: Vec<TimelineEvent> = profile
        .history
        .iter()
        .filter(|c| dated(c).is_some_and(|first| first >= from))
        .map(|c| TimelineEvent {
            date: c.date.clone(),
            label: program
                .titles
                .label(&profile.facts, &c.fact)
                .unwrap_or_else(|| c.fact.clone()),
            fact: c.fact.clone(),
            from: (!c.added).then(|| c.from.clone().unwrap_or(serde_json::Value::Null)),
            to: (!c.added).then(|| c.to.clone()),
            added: c.added,
            source: c.source.clone(),
        })
        .collect();
    // Oldest first; same-day changes in the order the history lists them.
    events.sort_by(|a, b| a.date.cmp(&b.date));
    // January of the oldest change's year, or as far back as MAX_POINTS months reach.
    let earliest = until
        .first_of_month()
        .checked_sub(((MAX_POINTS - 1) as i64).months())
        .unwrap_or(Date::MIN);
    let start = from.max(earliest);
    let mut days = Vec::new();
    let mut month = start;
    while month <= until && days.len() < MAX_POINTS {
        days.push(month.last_of_month().min(until));
        month = month.checked_add(1.month()).ok()?;
    }
    if days.last() != Some(&until) {
        days.push(until);
    }
    let points = days
        .into_iter()
        .map(|day| {
            let facts = materialise(profile, Some(day), &program.dated);
            let (score, coverage) = quick(weights, &program.verdicts(&facts));
            TimelinePoint {
                date: day.to_string(),
                score,
                coverage,
            }
        })
        .collect();
    Some(Timeline { points, events })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, Origin};

    fn shipped() -> (Engine, Vec<Profile>) {
        let engine = Engine::load(Origin::Embedded).unwrap();
        let profiles = engine.load_profiles(Origin::Embedded).unwrap();
        (engine, profiles)
    }

    #[test]
    fn the_last_point_is_the_report_of_that_day() {
        let (engine, profiles) = shipped();
        let weights = Weights::new(engine.program(), None).unwrap();
        for day in ["2021-06-30", "2024-01-15"] {
            let report = engine.report(&profiles, None, Some(day)).unwrap();
            let until: Date = day.parse().unwrap();
            for (p, r) in profiles.iter().zip(&report.profiles) {
                let t = timeline(engine.program(), &weights, p, until).expect("a history");
                let last = t.points.last().unwrap();
                assert_eq!(last.date, day);
                assert_eq!(
                    (last.score, last.coverage),
                    (r.score, r.coverage),
                    "{}",
                    p.id
                );
            }
        }
    }

    #[test]
    fn months_in_order_and_events_up_to_the_day() {
        let (engine, profiles) = shipped();
        let weights = Weights::new(engine.program(), None).unwrap();
        let until: Date = "2021-06-30".parse().unwrap();
        for p in &profiles {
            let t = timeline(engine.program(), &weights, p, until).unwrap();
            assert!(t.points.windows(2).all(|w| w[0].date < w[1].date));
            assert!(t.points[0].date.ends_with("-01-31"), "starts in January");
            assert!(t.events.windows(2).all(|w| w[0].date <= w[1].date));
            assert!(
                t.events.iter().all(|e| e.date.as_str() <= "2021-06-30"),
                "no event after the day"
            );
            assert!(
                t.events.iter().all(|e| !e.label.starts_with('/')),
                "labelled"
            );
        }
    }

    #[test]
    fn a_history_from_long_ago_is_drawn_over_its_last_points() {
        let (engine, profiles) = shipped();
        let weights = Weights::new(engine.program(), None).unwrap();
        let mut p = profiles[0].clone();
        // The oldest change to a fact a rule reads, moved back to year 1.
        let read = p
            .history
            .iter()
            .position(|c| c.fact.starts_with("/five_g/"))
            .unwrap();
        p.history[read].date = "0001".into();
        p.history.swap(0, read);
        let until: Date = "2026-01-15".parse().unwrap();
        let t = timeline(engine.program(), &weights, &p, until).unwrap();
        assert_eq!(t.points.len(), MAX_POINTS);
        assert_eq!(t.points.last().unwrap().date, "2026-01-15");
        assert!(t.points.windows(2).all(|w| w[0].date < w[1].date));
        assert_eq!(t.events[0].date, "0001", "the event is still listed");
    }

    #[test]
    fn a_change_no_rule_reads_does_not_start_the_line() {
        let (engine, profiles) = shipped();
        let weights = Weights::new(engine.program(), None).unwrap();
        let mut p = profiles[0].clone();
        let mut old = p.history[0].clone();
        old.fact = "/jurisdiction/eu_status_since".into();
        old.date = "1995-01-01".into();
        p.history.insert(0, old);
        let until: Date = "2026-01-15".parse().unwrap();
        let t = timeline(engine.program(), &weights, &p, until).unwrap();
        assert!(t.events.iter().all(|e| e.date != "1995-01-01"));
        assert!(
            t.points[0].date.as_str() > "1996",
            "the line does not start in 1995"
        );
        assert_eq!(
            schema_path("/telecom/operators/12/vendors/0"),
            "/telecom/operators/*/vendors/*"
        );
    }

    #[test]
    fn from_the_start_on_every_change_is_an_event() {
        // Serbia's signing of the Washington agreement is read by no rule (the instrument
        // list is), yet it falls inside the line and is one of its events.
        let (engine, profiles) = shipped();
        let weights = Weights::new(engine.program(), None).unwrap();
        let rs = profiles.iter().find(|p| p.id == "RS").unwrap();
        let t = timeline(
            engine.program(),
            &weights,
            rs,
            "2026-01-15".parse().unwrap(),
        )
        .unwrap();
        assert!(
            t.events
                .iter()
                .any(|e| e.fact == "/washington_agreement/signed")
        );
    }

    #[test]
    fn no_history_no_timeline() {
        let (engine, profiles) = shipped();
        let weights = Weights::new(engine.program(), None).unwrap();
        let mut p = profiles[0].clone();
        p.history.clear();
        assert!(
            timeline(
                engine.program(),
                &weights,
                &p,
                "2026-01-01".parse().unwrap()
            )
            .is_none()
        );
    }
}
