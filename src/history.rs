//! As-of evaluation: materialise a profile's facts as they stood on a given day.
//!
//! A profile's `facts` are its state at `as_of`; its `history` lists dated changes. To see
//! the profile on day D, every change made after D is undone (newest first, so the oldest
//! `from` wins). A change whose (partial) date straddles D leaves the fact unknown. A list
//! element recorded as `added` after D is taken out of its list (once every other change is
//! undone, so the pointers of the history keep meaning what they say).

use crate::compile::facts::DatedObjects;
use crate::model::Profile;
use crate::vocab::dates::reached_by;
use crate::vocab::pointer::{self, each_leaf, within};
use crate::vocab::truth::Truth;
use jiff::civil::Date;
use serde_json::Value;

/// The facts document as it stood on `day`, or as it stands now (`None`).
///
/// On a day, besides undoing later changes, a fact is unknown before the evidence for it
/// existed: before the earliest date among its citation's sources, or its own object's date
/// (an instrument's `signed`, a contract's `date`), whichever is earlier, unless a dated
/// change covers it (then the history says what held). A memorandum reported in 2021
/// without a date is not credited in 2019.
pub fn materialise(profile: &Profile, day: Option<Date>, dated: &DatedObjects) -> Value {
    match day {
        Some(d) => {
            let (mut facts, absent) = undo_after(profile, d);
            unknown_before_evidence(profile, &mut facts, d, dated);
            crate::vocab::pointer::remove_elements(&mut facts, &absent);
            facts
        }
        None => {
            let mut facts = profile.facts.clone();
            crate::vocab::pointer::remove_elements(&mut facts, &profile.absent);
            facts
        }
    }
}

/// The facts document as it stood on `day`, from the history alone (no evidence cut-off).
pub fn facts_as_of(profile: &Profile, day: Date) -> Value {
    let (mut facts, absent) = undo_after(profile, day);
    crate::vocab::pointer::remove_elements(&mut facts, &absent);
    facts
}

/// Every change made after `day` undone, newest first; the list elements added after it
/// (still in place, so the history's pointers keep their meaning).
fn undo_after(profile: &Profile, day: Date) -> (Value, Vec<String>) {
    let mut facts = profile.facts.clone();
    let mut changes: Vec<_> = profile.history.iter().collect();
    // newest first; entries with unparsable dates were rejected by the schema
    changes.sort_by(|a, b| b.date.cmp(&a.date));
    let mut absent: Vec<String> = profile.absent.clone();
    for change in changes {
        let reached = reached_by(&change.date, day);
        let value = match (reached, change.added) {
            (Truth::True, _) => continue,
            (Truth::False, true) => {
                absent.push(change.fact.clone());
                continue;
            }
            (Truth::False, false) => change.from.clone().unwrap_or(Value::Null),
            (Truth::Unknown, _) => Value::Null,
        };
        let _ = pointer::set(&mut facts, &change.fact, value);
    }
    (facts, absent)
}

/// Set to unknown every fact not yet evidenced on `day` (see [`materialise`]).
fn unknown_before_evidence(profile: &Profile, facts: &mut Value, day: Date, dated: &DatedObjects) {
    let mut unknown: Vec<String> = Vec::new();
    each_leaf(facts, &mut String::new(), &mut |ptr| {
        let covered = profile.history.iter().any(|c| within(ptr, &c.fact));
        if covered {
            return;
        }
        let from_sources = profile.citation_for(ptr).and_then(|(_, c)| {
            c.sources
                .iter()
                .filter_map(|s| profile.sources.get(s)?.date.as_deref())
                .min_by_key(|d| first_day(d))
        });
        let own = own_date(facts, ptr, dated);
        let bound = [from_sources, own.as_deref()]
            .into_iter()
            .flatten()
            .min_by_key(|d| first_day(d));
        if let Some(b) = bound
            && reached_by(b, day) != Truth::True
        {
            unknown.push(ptr.to_string());
        }
    });
    for ptr in unknown {
        let _ = pointer::set(facts, &ptr, Value::Null);
    }
}

/// The date of the nearest enclosing object that carries one (`x-dated-by`).
fn own_date(facts: &Value, ptr: &str, dated: &DatedObjects) -> Option<String> {
    if dated.is_empty() {
        return None;
    }
    let p = pointer::FactPointer::new(ptr);
    let tokens = p.tokens();
    for end in (0..tokens.len()).rev() {
        let schema_path: String = tokens[..end]
            .iter()
            .map(|t| match t.index {
                Some(_) => "/*".to_string(),
                None => format!("/{}", crate::vocab::pointer::escape(&t.key)),
            })
            .collect();
        if let Some(field) = dated.field(&schema_path) {
            let mut here = facts;
            for t in &tokens[..end] {
                here = t.step(here)?;
            }
            return here.get(field)?.as_str().map(str::to_string);
        }
    }
    None
}

fn first_day(date: &str) -> Option<Date> {
    crate::vocab::dates::parse_partial(date).map(|(first, _)| first)
}

/// The dated changes recorded between two days: after `from`, up to and including `to`
/// (a change whose partial date straddles either day is included), oldest first.
pub fn changes_between(
    profile: &Profile,
    from: Date,
    to: Date,
) -> Vec<&crate::model::profile::Change> {
    let mut out: Vec<_> = profile
        .history
        .iter()
        .filter(|c| {
            reached_by(&c.date, from) != Truth::True && reached_by(&c.date, to) != Truth::False
        })
        .collect();
    out.sort_by(|a, b| a.date.cmp(&b.date));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::profile::Change;
    use serde_json::json;

    fn profile() -> Profile {
        let mut p =
            Profile::from_facts("AL", "Albania", json!({"clean_network": {"joined": true}}));
        p.history.push(Change {
            fact: "/clean_network/joined".into(),
            date: "2020-08".into(),
            from: Some(json!(false)),
            to: json!(true),
            added: false,
            source: "fn28".into(),
            quote: None,
            basis: Default::default(),
            note: None,
        });
        p
    }

    #[test]
    fn undoes_later_changes_and_blurs_straddling_ones() {
        let p = profile();
        let at = |d: &str| facts_as_of(&p, d.parse().unwrap())["clean_network"]["joined"].clone();
        assert_eq!(at("2020-06-01"), json!(false));
        assert_eq!(at("2020-08-15"), Value::Null);
        assert_eq!(at("2020-09-01"), json!(true));
    }

    #[test]
    fn an_added_element_is_not_in_its_list_before_its_date() {
        let mut p = Profile::from_facts(
            "AL",
            "Albania",
            json!({"xs": [{"n": 1}, {"n": 2}, {"n": 3}]}),
        );
        for (fact, date) in [("/xs/0", "2020-08"), ("/xs/2", "2021-02")] {
            p.history.push(Change {
                fact: fact.into(),
                date: date.into(),
                from: None,
                to: Value::Null,
                added: true,
                source: "s".into(),
                quote: None,
                basis: Default::default(),
                note: None,
            });
        }
        // a change inside an element that is taken out later still lands where it points
        p.history.push(Change {
            fact: "/xs/2/n".into(),
            date: "2021-06".into(),
            from: Some(json!(30)),
            to: json!(3),
            added: false,
            source: "s".into(),
            quote: None,
            basis: Default::default(),
            note: None,
        });
        let at = |d: &str| facts_as_of(&p, d.parse().unwrap())["xs"].clone();
        assert_eq!(at("2019-01-01"), json!([{"n": 2}]));
        assert_eq!(at("2020-08-10"), json!([null, {"n": 2}]));
        assert_eq!(at("2020-12-31"), json!([{"n": 1}, {"n": 2}]));
        assert_eq!(at("2021-02-10"), json!([{"n": 1}, {"n": 2}, null]));
        assert_eq!(at("2021-03-01"), json!([{"n": 1}, {"n": 2}, {"n": 30}]));
        assert_eq!(at("2021-07-01"), json!([{"n": 1}, {"n": 2}, {"n": 3}]));
    }
}
