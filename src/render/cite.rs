//! Citation numbering: one numbered source list per profile, shared by every renderer.
//!
//! A profile's verdicts cite rulebook references (a rule's `sources`) and profile sources
//! (the `evidence` behind each fact). Both are numbered together, `[1]`, `[2]`, …, in order
//! of first citation while walking the verdicts in report order, so the numbers are stable.

use crate::report::{Evidence, ProfileReport, Reference, Report};
use std::collections::BTreeMap;

/// Which list a cited id belongs to: the two namespaces may share ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Origin {
    /// `report.rulebook.references`.
    Rulebook,
    /// `profile.sources`.
    Profile,
}

/// One numbered entry of a profile's source list.
#[derive(Debug, Clone)]
pub(crate) struct Cited<'a> {
    pub n: usize,
    pub id: &'a str,
    /// `None` when the id is not in its list (the report is inconsistent; shown by id).
    pub reference: Option<&'a Reference>,
}

impl Cited<'_> {
    /// The document's title, or its id when it is not listed.
    pub fn title(&self) -> String {
        match self.reference {
            Some(r) => r.title.clone(),
            None => format!("{} (not listed)", self.id),
        }
    }

    /// The document's URL when it is a web link (http or https), safe to link to.
    pub fn web_url(&self) -> Option<&str> {
        let url = self.reference?.url.as_deref()?;
        let lower = url.to_ascii_lowercase();
        // A link only for a plain web address: whitespace, angle brackets, quotes or control
        // characters would break out of an autolink or an attribute.
        let plain = !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'));
        ((lower.starts_with("https://") || lower.starts_with("http://")) && plain).then_some(url)
    }
}

/// The numbered sources one profile's verdicts cite.
#[derive(Debug, Clone)]
pub(crate) struct Citations<'a> {
    entries: Vec<Cited<'a>>,
    index: BTreeMap<(Origin, &'a str), usize>,
}

impl<'a> Citations<'a> {
    /// Number every source `profile`'s verdicts cite, in order of first citation.
    pub fn for_profile(report: &'a Report, profile: &'a ProfileReport) -> Self {
        let mut c = Citations {
            entries: Vec::new(),
            index: BTreeMap::new(),
        };
        for v in &profile.verdicts {
            for id in &v.sources {
                c.add(Origin::Rulebook, id, report.rulebook.references.get(id));
            }
            for e in &v.evidence {
                for id in &e.sources {
                    c.add(Origin::Profile, id, profile.sources.get(id));
                }
            }
        }
        // The sources of the dated changes a timeline shows, after the verdicts' own.
        for e in profile.timeline.iter().flat_map(|t| &t.events) {
            c.add(Origin::Profile, &e.source, profile.sources.get(&e.source));
        }
        c
    }

    fn add(&mut self, origin: Origin, id: &'a str, reference: Option<&'a Reference>) {
        if self.index.contains_key(&(origin, id)) {
            return;
        }
        let n = self.entries.len() + 1;
        self.index.insert((origin, id), n);
        self.entries.push(Cited { n, id, reference });
    }

    /// The numbered entries, in number order.
    pub fn entries(&self) -> &[Cited<'a>] {
        &self.entries
    }

    /// The entry for an id, when it was cited.
    pub fn get(&self, origin: Origin, id: &str) -> Option<&Cited<'a>> {
        let n = *self.index.get(&(origin, id))?;
        self.entries.get(n - 1)
    }

    /// The footnote number of an id (0 when it was never cited, which cannot happen for ids
    /// taken from the same profile's verdicts).
    pub fn number(&self, origin: Origin, id: &str) -> usize {
        self.get(origin, id).map_or(0, |c| c.n)
    }
}

/// The facts one citation covers, among those a verdict read: its note and sources are
/// shown once for all of them.
#[derive(Debug, Clone)]
pub(crate) struct EvidenceGroup<'a> {
    /// The first evidence entry of the group (its citation fields are the group's).
    pub evidence: &'a Evidence,
    pub facts: Vec<&'a str>,
}

/// A verdict's evidence grouped by the citation that covers each fact, in order of first
/// appearance.
pub(crate) fn by_citation(evidence: &[Evidence]) -> Vec<EvidenceGroup<'_>> {
    let mut groups: Vec<EvidenceGroup<'_>> = Vec::new();
    for e in evidence {
        match groups
            .iter_mut()
            .find(|g| g.evidence.cited_at == e.cited_at)
        {
            Some(g) => g.facts.push(&e.fact),
            None => groups.push(EvidenceGroup {
                evidence: e,
                facts: vec![&e.fact],
            }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    #[test]
    fn numbers_in_order_of_first_citation() {
        let report = sample::report();
        let de = &report.profiles[0];
        let c = Citations::for_profile(&report, de);
        let ids: Vec<(usize, &str)> = c.entries().iter().map(|e| (e.n, e.id)).collect();
        assert_eq!(
            ids,
            vec![
                (1, "eu-5g-toolbox:SM03"),
                (2, "paper"),
                (3, "fn23"),
                (4, "eu-5g-toolbox:TM02"),
                (5, "fn7"),
                (6, "clean-network"),
            ]
        );
        // The same id in the other namespace is a different entry.
        assert_eq!(c.number(Origin::Profile, "paper"), 2);
        assert_eq!(c.number(Origin::Rulebook, "paper"), 0);
        assert_eq!(
            c.get(Origin::Profile, "paper").unwrap().web_url(),
            Some("https://example.org/paper.pdf")
        );
        assert_eq!(c.get(Origin::Profile, "fn7").unwrap().web_url(), None);
    }
}
