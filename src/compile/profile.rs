//! Profile checks: schema validity and provenance — every fact cited, every citation resolved.

use super::facts::FactType;
use super::{CompileError, ErrorKind, Problem};
use crate::load::{Document, Location};
use crate::model::Profile;
use crate::validate::Schemas;
use serde_json::Value;

/// Validate a profile document and check its provenance: every citation and history entry
/// names a source the profile lists, points at a fact the schema knows, and every non-null
/// fact is covered by a citation (on itself or an ancestor).
pub fn compile_profile(
    doc: &Document,
    schemas: &Schemas,
    facts: &FactType,
) -> Result<Profile, Vec<Problem>> {
    let invalid = schemas.profile(doc);
    if !invalid.is_empty() {
        return Err(invalid.into_iter().map(Problem::from).collect());
    }
    let profile: Profile = super::typed(doc)?;
    let problems = profile_problems(&profile, schemas, facts);
    if problems.is_empty() {
        Ok(profile)
    } else {
        Err(problems
            .into_iter()
            .map(|p| {
                Problem::from(CompileError {
                    kind: p.kind,
                    location: Location::at(doc, &p.at),
                    message: p.message,
                    hint: p.hint,
                })
            })
            .collect())
    }
}

/// A problem of a profile, by JSON pointer into the profile document.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileProblem {
    /// What kind of problem it is.
    pub kind: ErrorKind,
    /// Where in the profile document (`/citations/~1clean_network~1joined`).
    pub at: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, when there is a suggestion.
    pub hint: Option<String>,
}

/// The provenance and consistency checks of a schema-valid profile, without a file: every
/// citation and history entry names a known source and a known fact, every non-null fact is
/// cited, sources beyond the paper are quoted, the history tells one story. The same
/// contract for files (`compile_profile`) and for batch lines.
pub fn profile_problems(
    profile: &Profile,
    schemas: &Schemas,
    facts: &FactType,
) -> Vec<ProfileProblem> {
    let mut errors = Vec::new();
    let mut err = |kind, at: String, message: String, hint: Option<String>| {
        errors.push(ProfileProblem {
            kind,
            at,
            message,
            hint,
        });
    };
    let known = |id: &str| profile.sources.contains_key(id);
    let source_hint = |id: &str| {
        crate::vocab::suggest::did_you_mean(id, profile.sources.keys().map(String::as_str)).or(
            Some("add it under \"sources\" with its title, publisher, date and URL".into()),
        )
    };
    for (pointer, citation) in &profile.citations {
        for (i, s) in citation.sources.iter().enumerate() {
            if !known(s) {
                err(
                    ErrorKind::UnknownSource,
                    format!("{}/sources/{i}", citation_at(pointer)),
                    format!("citation of {pointer} names unknown source \"{s}\""),
                    source_hint(s),
                );
            }
        }
        if let Err(un) = facts.resolve(pointer) {
            let near = crate::vocab::suggest::did_you_mean(
                pointer,
                facts.all_paths().iter().map(String::as_str),
            );
            err(
                ErrorKind::UnknownFact,
                citation_at(pointer),
                format!(
                    "citation for unknown fact \"{pointer}\" (no \"{}\" under \"{}\")",
                    un.token,
                    if un.prefix.is_empty() {
                        "/"
                    } else {
                        &un.prefix
                    }
                ),
                near,
            );
        }
    }
    for (i, change) in profile.history.iter().enumerate() {
        if !known(&change.source) {
            err(
                ErrorKind::UnknownSource,
                format!("/history/{i}/source"),
                format!("history entry names unknown source \"{}\"", change.source),
                source_hint(&change.source),
            );
        }
        if change.added && !is_list_element(&profile.facts, &change.fact) {
            err(
                ErrorKind::UnknownFact,
                format!("/history/{i}/fact"),
                format!(
                    "history entry marks `{}` as added, but it is not an element of a list in `facts`",
                    change.fact
                ),
                Some(
                    "`added` is for list elements such as /five_g/high_risk_vendors/instruments/0; for any other fact write `from` and `to`"
                        .into(),
                ),
            );
        }
        if facts.resolve(&change.fact).is_err() {
            let near = crate::vocab::suggest::did_you_mean(
                &change.fact,
                facts.all_paths().iter().map(String::as_str),
            );
            err(
                ErrorKind::UnknownFact,
                format!("/history/{i}/fact"),
                format!("history entry for unknown fact \"{}\"", change.fact),
                near,
            );
        }
    }
    provenance(profile, &mut err);
    for (i, change) in profile.history.iter().enumerate() {
        if change.added {
            continue;
        }
        let values = [("from", change.from.as_ref()), ("to", Some(&change.to))];
        for (field, value) in values {
            let Some(v) = value.filter(|v| !v.is_null()) else {
                continue;
            };
            if let Some(why) = schemas
                .fact_value_errors(&profile.facts, &change.fact, v)
                .first()
            {
                err(
                    ErrorKind::History,
                    format!("/history/{i}/{field}"),
                    format!(
                        "history value {v} is not a value {} can take: {why}",
                        change.fact
                    ),
                    Some(format!(
                        "write a value the schema allows at {}, or null for unknown (`rulecard schema profile` shows the facts)",
                        change.fact
                    )),
                );
            }
        }
    }
    history_consistency(profile, &mut err);
    let mut uncited = Vec::new();
    let root_cited = profile.citations.contains_key("");
    crate::vocab::pointer::each_leaf_except(
        &profile.facts,
        &mut String::new(),
        &mut |p| profile.citations.contains_key(p),
        &mut |p| {
            // The walk looked each fact and its ancestors up on its way down and did not
            // enter a cited one, so a fact it reaches is uncited. The document itself is
            // checked only as a scalar.
            if !p.is_empty() || (!profile.facts.is_array() && !root_cited) {
                uncited.push(p.to_owned());
            }
        },
    );
    for pointer in uncited {
        err(
            ErrorKind::UncitedFact,
            format!("/facts{pointer}"),
            format!("fact {pointer} has no citation"),
            Some(format!(
                "add \"{pointer}\" (or an ancestor) under \"citations\" with its sources, or set the fact to null if no source supports it"
            )),
        );
    }
    errors
}

/// Provenance beyond the paper: every citation and history entry that rests on a source
/// other than the paper and its footnotes carries a verbatim quote, and no two sources share
/// a URL (one source, one entry).
fn provenance(profile: &Profile, err: &mut impl FnMut(ErrorKind, String, String, Option<String>)) {
    let beyond_paper = |id: &str| profile.sources.get(id).is_some_and(|s| !s.is_paper());
    for (pointer, c) in &profile.citations {
        let quoted = c.quote.as_deref().is_some_and(|q| !q.trim().is_empty());
        if c.sources.len() == 1 {
            if !quoted && beyond_paper(&c.sources[0]) {
                err(
                    ErrorKind::Provenance,
                    citation_at(pointer),
                    format!("citation of {pointer} has no quote"),
                    Some(
                        "add \"quote\": the sentence of the source that supports the value, verbatim and in the source's language (gloss it in the note)"
                            .into(),
                    ),
                );
            }
            continue;
        }
        for s in c.sources.iter().filter(|s| beyond_paper(s)) {
            if !c.quotes.contains_key(s.as_str()) {
                err(
                    ErrorKind::Provenance,
                    citation_at(pointer),
                    format!("citation of {pointer} names {s} without its quote"),
                    Some(format!(
                        "add \"quotes\": {{\"{s}\": \"…\"}} with the sentence of {s} that supports the value, verbatim"
                    )),
                );
            }
        }
        for s in c.quotes.keys().filter(|s| !c.sources.contains(s)) {
            err(
                ErrorKind::Provenance,
                format!("{}/quotes", citation_at(pointer)),
                format!("citation of {pointer} quotes {s}, which it does not cite"),
                Some(format!("add \"{s}\" to its sources, or remove the quote")),
            );
        }
    }
    for (i, h) in profile.history.iter().enumerate() {
        let quoted = h.quote.as_deref().is_some_and(|q| !q.trim().is_empty());
        if !quoted && beyond_paper(&h.source) {
            err(
                ErrorKind::Provenance,
                format!("/history/{i}"),
                format!("history entry for {} on {} has no quote", h.fact, h.date),
                Some(
                    "add \"quote\": the sentence of the source that supports the change, verbatim and in the source's language"
                        .into(),
                ),
            );
        }
    }
    let mut by_url: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
    for (id, s) in &profile.sources {
        let Some(url) = s.url.as_deref() else {
            continue;
        };
        match by_url.get(url) {
            Some(first) => err(
                ErrorKind::Provenance,
                format!("/sources/{}/url", crate::vocab::pointer::escape(id)),
                format!("sources \"{first}\" and \"{id}\" share the URL {url}"),
                Some(format!(
                    "keep one source per document: cite \"{first}\" where \"{id}\" is cited, and remove \"{id}\""
                )),
            ),
            None => {
                by_url.insert(url, id);
            }
        }
    }
}

/// A history that tells one story: no change after the profile's `as_of`; each change of a
/// fact starts from where the one before it ended; the newest ends at the value `facts`
/// holds. (Otherwise the same month gives different verdicts depending on the route.)
fn history_consistency(
    profile: &Profile,
    err: &mut impl FnMut(ErrorKind, String, String, Option<String>),
) {
    use crate::vocab::dates::parse_partial;
    let as_of_end = parse_partial(&profile.as_of).map(|(_, last)| last);
    for (i, c) in profile.history.iter().enumerate() {
        if let (Some(end), Some((first, _))) = (as_of_end, parse_partial(&c.date))
            && first > end
        {
            err(
                ErrorKind::History,
                format!("/history/{i}/date"),
                format!(
                    "the change of {} on {} is after the profile's as_of {}",
                    c.fact, c.date, profile.as_of
                ),
                Some(
                    "as_of is the date of the profile's newest evidence: move it forward, or correct the change's date"
                        .into(),
                ),
            );
        }
    }
    let mut by_fact: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, c) in profile.history.iter().enumerate() {
        if !c.added {
            by_fact.entry(c.fact.as_str()).or_default().push(i);
        }
    }
    for (fact, mut ix) in by_fact {
        ix.sort_by(|a, b| profile.history[*a].date.cmp(&profile.history[*b].date));
        for w in ix.windows(2) {
            let (before, after) = (&profile.history[w[0]], &profile.history[w[1]]);
            if let Some(from) = &after.from
                && from != &before.to
            {
                err(
                    ErrorKind::History,
                    format!("/history/{}/from", w[1]),
                    format!(
                        "the change of {fact} on {} starts from {from}, but the change before it ({}) ended at {}",
                        after.date, before.date, before.to
                    ),
                    Some("make each change start where the one before it ended".into()),
                );
            }
        }
        if let Some(&last) = ix.last() {
            let newest = &profile.history[last];
            let now = crate::vocab::pointer::FactPointer::new(fact)
                .get(&profile.facts)
                .cloned()
                .unwrap_or(Value::Null);
            if now != newest.to {
                err(
                    ErrorKind::History,
                    format!("/history/{last}/to"),
                    format!(
                        "the newest change of {fact} ({}) ends at {}, but the facts hold {now}",
                        newest.date, newest.to
                    ),
                    Some(
                        "the facts document is the state at as_of: set the fact to the newest change's value, or correct the history"
                            .into(),
                    ),
                );
            }
        }
    }
}

/// Where a citation is in a profile: `/citations/<escaped pointer>`, for a problem's location.
fn citation_at(pointer: &str) -> String {
    format!("/citations/{}", crate::vocab::pointer::escape(pointer))
}

/// Whether `pointer` names an element of an array present in `facts`.
fn is_list_element(facts: &Value, pointer: &str) -> bool {
    let p = crate::vocab::pointer::FactPointer::new(pointer);
    let Some((last, path)) = p.tokens().split_last() else {
        return false;
    };
    let mut here = facts;
    for t in path {
        match t.step(here) {
            Some(v) => here = v,
            None => return false,
        }
    }
    matches!((here, last.index), (Value::Array(items), Some(i)) if i < items.len())
}
