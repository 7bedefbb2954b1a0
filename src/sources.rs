//! Source filters: a profile seen through the evidence of some kinds of source only.
//!
//! `--only-sources paper` keeps the paper and the sources it cites in footnotes;
//! `--only-sources official,international` keeps what governments, regulators and
//! international bodies say. The filter is three-valued, not a deletion of data: a fact whose
//! only sources are filtered out becomes unknown; a dated change cited to a filtered source is
//! undone (the value before it holds on, or the list element it added is absent); the rest of
//! the profile is untouched.

use crate::model::Profile;
use crate::model::profile::Change;
use crate::report::{Reference, SourceKind};
use crate::vocab::pointer::{self, FactPointer};
use crate::vocab::pointer::{each_leaf, within};
use serde_json::Value;
use std::collections::BTreeSet;

/// Which kinds of source to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFilter {
    kinds: BTreeSet<SourceKind>,
}

/// A filter word that is not a kind of source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{given}\" is not a kind of source{}", suggestion.as_ref().map(|s| format!("; did you mean \"{s}\"?")).unwrap_or_default())]
pub struct UnknownKind {
    /// The word as given (or the whole list, when it names no kind).
    pub given: String,
    /// The closest kind's name, if one is close.
    pub suggestion: Option<String>,
}

impl SourceFilter {
    /// Parse a comma-separated list of kinds (`paper,official`).
    pub fn parse(list: &str) -> Result<SourceFilter, UnknownKind> {
        let mut kinds = BTreeSet::new();
        for word in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match SourceKind::parse(word) {
                Some(k) => {
                    kinds.insert(k);
                }
                None => {
                    return Err(UnknownKind {
                        given: word.to_string(),
                        suggestion: crate::vocab::suggest::nearest(
                            word,
                            SourceKind::ALL.iter().map(|k| k.as_str()),
                        )
                        .map(str::to_string),
                    });
                }
            }
        }
        if kinds.is_empty() {
            return Err(UnknownKind {
                given: list.to_string(),
                suggestion: Some("paper".into()),
            });
        }
        Ok(SourceFilter { kinds })
    }

    /// The kinds kept, by name, in order.
    pub fn names(&self) -> Vec<String> {
        self.kinds.iter().map(|k| k.as_str().to_string()).collect()
    }

    /// Whether a source is kept: its kind is listed, or `paper` is listed and the paper
    /// cites it.
    pub fn admits(&self, source: &Reference) -> bool {
        let by_kind = source.kind.is_some_and(|k| self.kinds.contains(&k));
        by_kind || (self.kinds.contains(&SourceKind::Paper) && source.is_paper())
    }

    /// The profile as the kept sources alone show it.
    pub fn apply(&self, profile: &Profile) -> Profile {
        let kept = |id: &str| profile.sources.get(id).is_some_and(|s| self.admits(s));
        let mut out = profile.clone();
        out.sources.retain(|id, _| kept(id));

        // Dated changes cited to a filtered source: undone, newest first per fact.
        let mut history: Vec<Change> = profile.history.clone();
        history.sort_by(|a, b| a.fact.cmp(&b.fact).then(a.date.cmp(&b.date)));
        let mut absent: Vec<String> = Vec::new();
        let mut i = history.len();
        while i > 0 {
            i -= 1;
            if kept(&history[i].source) {
                continue;
            }
            let gone = history.remove(i);
            if gone.added {
                // Only the date is the filtered source's when a kept source cites the element
                // itself: then the element stays, undated in this view.
                let cited = profile
                    .citation_for(&gone.fact)
                    .is_some_and(|(_, c)| c.sources.iter().any(|s| kept(s)));
                if !cited {
                    absent.push(gone.fact.clone());
                }
                continue;
            }
            // The newest change of its fact: the value before it is the value now. A change
            // followed by a kept one just goes: the kept change states its own `from`.
            if history.get(i).is_none_or(|next| next.fact != gone.fact) {
                let _ = pointer::set(
                    &mut out.facts,
                    &gone.fact,
                    gone.from.clone().unwrap_or(Value::Null),
                );
            }
        }
        // A change inside an element that is absent in this view goes with it.
        history.retain(|c| !absent.iter().any(|a| within(&c.fact, a)));
        history.sort_by(|a, b| a.date.cmp(&b.date));
        out.history = history;

        // Facts whose citation keeps no source become unknown.
        let mut unsupported: Vec<String> = Vec::new();
        each_leaf(&out.facts, &mut String::new(), &mut |ptr| {
            if let Some((_, c)) = profile.citation_for(ptr)
                && !c.sources.iter().any(|s| kept(s))
            {
                unsupported.push(ptr.to_string());
            }
        });
        for ptr in unsupported {
            let _ = pointer::set(&mut out.facts, &ptr, Value::Null);
        }
        // A list element nothing kept supports is not known to exist: absent. A list all of
        // whose elements are so, and that no kept source cites, is unknown, not empty.
        let supported = |ptr: &str| {
            profile
                .citation_for(ptr)
                .is_some_and(|(_, c)| c.sources.iter().any(|s| kept(s)))
        };
        let mut lists: Vec<(String, usize)> = Vec::new();
        collect_lists(&out.facts, &mut String::new(), &mut lists);
        for (list, len) in lists {
            if supported(&list) {
                let gone = (0..len)
                    .map(|i| format!("{list}/{i}"))
                    .filter(|e| all_null(&out.facts, e) && !absent.contains(e));
                absent.extend(gone.collect::<Vec<_>>());
            } else if (0..len).all(|i| all_null(&out.facts, &format!("{list}/{i}"))) {
                let _ = pointer::set(&mut out.facts, &list, Value::Null);
                absent.retain(|a| !within(a, &list));
            }
        }
        out.citations.retain(|_, c| {
            c.sources.retain(|s| kept(s));
            !c.sources.is_empty()
        });
        out.absent.extend(absent);
        out
    }
}

/// Every non-empty list of objects in `value`, by pointer, with its length (outermost first).
fn collect_lists(value: &Value, at: &mut String, out: &mut Vec<(String, usize)>) {
    let len = at.len();
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                at.push('/');
                crate::vocab::pointer::push_escaped(at, k);
                collect_lists(v, at, out);
                at.truncate(len);
            }
        }
        Value::Array(items) if items.iter().any(Value::is_object) => {
            out.push((at.clone(), items.len()));
            for (i, v) in items.iter().enumerate() {
                at.push('/');
                at.push_str(&i.to_string());
                collect_lists(v, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// Whether the value at `ptr` holds nothing known (null, or objects and lists of nulls).
fn all_null(facts: &Value, ptr: &str) -> bool {
    fn empty(v: &Value) -> bool {
        match v {
            Value::Null => true,
            Value::Object(m) => m.values().all(empty),
            Value::Array(xs) => xs.iter().all(empty),
            _ => false,
        }
    }
    FactPointer::new(ptr).get(facts).is_none_or(empty)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::profile::{Basis, Citation};
    use serde_json::json;

    fn source(kind: SourceKind, footnote: Option<u32>) -> Reference {
        Reference {
            kind: Some(kind),
            footnote,
            title: "t".into(),
            ..Reference::default()
        }
    }

    fn change(fact: &str, date: &str, from: Value, to: Value, source: &str) -> Change {
        Change {
            fact: fact.into(),
            date: date.into(),
            from: Some(from),
            to,
            added: false,
            source: source.into(),
            quote: None,
            basis: Basis::Stated,
            note: None,
        }
    }

    fn profile() -> Profile {
        let mut p = Profile::from_facts(
            "ZZ",
            "Zedland",
            json!({"five_g": {"tender": {"status": "held"}, "rollout": {"launched": true}},
                   "xs": [{"n": 1}, {"n": 2}]}),
        );
        p.sources
            .insert("paper".into(), source(SourceKind::Paper, None));
        p.sources
            .insert("fn1".into(), source(SourceKind::News, Some(1)));
        p.sources
            .insert("news".into(), source(SourceKind::News, None));
        p.sources
            .insert("gov".into(), source(SourceKind::Official, None));
        let cite = |s: &[&str]| Citation {
            sources: s.iter().map(|x| x.to_string()).collect(),
            section: None,
            quote: None,
            quotes: Default::default(),
            note: None,
            basis: Basis::Stated,
        };
        p.citations
            .insert("/five_g/tender/status".into(), cite(&["fn1", "gov"]));
        p.citations
            .insert("/five_g/rollout/launched".into(), cite(&["news"]));
        p.citations.insert("/xs".into(), cite(&["paper", "gov"]));
        // An element added after the paper carries its own citation.
        p.citations.insert("/xs/1".into(), cite(&["gov"]));
        p.history = vec![
            change(
                "/five_g/tender/status",
                "2021",
                json!("upcoming"),
                json!("postponed"),
                "fn1",
            ),
            change(
                "/five_g/tender/status",
                "2023",
                json!("postponed"),
                json!("upcoming"),
                "news",
            ),
            change(
                "/five_g/tender/status",
                "2025",
                json!("upcoming"),
                json!("held"),
                "gov",
            ),
            Change {
                added: true,
                ..change("/xs/1", "2024", Value::Null, Value::Null, "gov")
            },
        ];
        p
    }

    #[test]
    fn parses_kinds_and_suggests() {
        assert_eq!(
            SourceFilter::parse("paper, official").unwrap().names(),
            vec!["paper", "official"]
        );
        let e = SourceFilter::parse("offical").unwrap_err();
        assert_eq!(e.suggestion.as_deref(), Some("official"));
    }

    #[test]
    fn the_paper_view_undoes_later_changes_and_drops_what_only_others_say() {
        let paper = SourceFilter::parse("paper").unwrap().apply(&profile());
        // The last change the paper's sources support holds on.
        assert_eq!(
            paper.facts["five_g"]["tender"]["status"],
            json!("postponed")
        );
        assert!(paper.history.iter().all(|c| c.source == "fn1"));
        // A fact only a later source states is unknown.
        assert_eq!(paper.facts["five_g"]["rollout"]["launched"], Value::Null);
        // An element a later source added is absent, not unknown.
        assert_eq!(paper.absent, vec!["/xs/1".to_string()]);
        assert!(paper.sources.contains_key("fn1") && !paper.sources.contains_key("gov"));
    }

    #[test]
    fn a_kept_change_keeps_the_from_its_own_source_states() {
        let official = SourceFilter::parse("official").unwrap().apply(&profile());
        assert_eq!(official.facts["five_g"]["tender"]["status"], json!("held"));
        // Only the 2025 change is left, with the earlier value its own source states.
        let left: Vec<&Change> = official
            .history
            .iter()
            .filter(|c| c.fact == "/five_g/tender/status")
            .collect();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].from, Some(json!("upcoming")));
        assert_eq!(left[0].date, "2025");
    }

    #[test]
    fn a_list_only_later_sources_name_is_unknown_in_the_paper_view() {
        let mut p = profile();
        p.facts["ops"] = json!([{"name": "A"}, {"name": "B"}]);
        let cite = |s: &str| Citation {
            sources: vec![s.to_string()],
            section: None,
            quote: None,
            quotes: Default::default(),
            note: None,
            basis: Basis::Stated,
        };
        p.citations.insert("/ops/0".into(), cite("news"));
        p.citations.insert("/ops/1".into(), cite("news"));
        let paper = SourceFilter::parse("paper").unwrap().apply(&p);
        assert_eq!(
            paper.facts["ops"],
            Value::Null,
            "unknown, not an empty claim"
        );
        // Where the paper cites the list itself, the elements it does not know are absent.
        p.citations.insert("/ops".into(), cite("paper"));
        p.citations.insert("/ops/0".into(), cite("paper"));
        let paper = SourceFilter::parse("paper").unwrap().apply(&p);
        assert!(
            paper.absent.contains(&"/ops/1".to_string()),
            "{:?}",
            paper.absent
        );
        assert_eq!(paper.facts["ops"][0]["name"], json!("A"));
    }
}
