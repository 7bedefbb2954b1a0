//! As-of evaluation: materialise a profile's facts as they stood on a given day.
//!
//! A profile's `facts` are its state at `as_of`; its `history` lists dated changes. To see
//! the profile on day D, every change made after D is undone (newest first, so the oldest
//! `from` wins). A change whose (partial) date straddles D leaves the fact unknown.

use crate::eval::dates::reached_by;
use crate::eval::pointer;
use crate::eval::truth::Truth;
use crate::model::Profile;
use jiff::civil::Date;
use serde_json::Value;

/// The facts document as it stood on `day`.
pub fn facts_as_of(profile: &Profile, day: Date) -> Value {
    let mut facts = profile.facts.clone();
    let mut changes: Vec<_> = profile.history.iter().collect();
    // newest first; entries with unparsable dates were rejected by the schema
    changes.sort_by(|a, b| b.date.cmp(&a.date));
    for change in changes {
        let value = match reached_by(&change.date, day) {
            Truth::True => continue,
            Truth::False => change.from.clone().unwrap_or(Value::Null),
            Truth::Unknown => Value::Null,
        };
        let _ = pointer::set(&mut facts, &change.fact, value);
    }
    facts
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
            source: "fn28".into(),
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
}
