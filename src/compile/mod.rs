//! Compilation: validated rulebook documents → a [`Program`], checked once, evaluated many times.
//!
//! Static checks live here, apart from evaluation: fact pointers and operator types against
//! the profile schema, duplicate ids, unknown categories and references, weights, credits,
//! nesting depth, lenses and grades.

pub mod expr;
pub mod facts;
pub mod index;
pub mod parse;
pub mod profile;

use crate::load::{Document, Location};
use crate::model::rulebook::{ExplainDef, Header, RuleDef, RulebookFile};
use crate::model::shared::Recommendation;
use crate::validate::{Schemas, ValidateError};
use crate::vocab::suggest::did_you_mean;
use crate::vocab::verdict::Verdict;
use expr::Expr;
use facts::FactType;
use parse::Ctx;
use serde_json::Value;
use std::collections::BTreeMap;

pub use profile::compile_profile;

/// Limits on a rulebook's size.
pub const MAX_RULES: usize = 10_000;
/// The largest rule weight, lens multiplier or lens weight: with at most [`MAX_RULES`] rules,
/// every weighted sum stays far inside the range of a float.
pub const MAX_WEIGHT: f64 = 1000.0;

/// A number as a message shows it: plain when short, in scientific notation when huge.
fn number(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e6 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// What kind of compile-time problem a [`CompileError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A document or condition of the wrong shape (not a valid condition, a duplicate waiver...).
    Shape,
    /// A fact pointer that the profile schema's fact model does not have.
    UnknownFact,
    /// An `op` that names no operator.
    UnknownOperator,
    /// An operator or value that does not fit the fact's type.
    TypeMismatch,
    /// Conditions nested deeper than [`expr::MAX_DEPTH`].
    TooDeep,
    /// A rule id used twice in the rulebook folder.
    DuplicateRule,
    /// A profile id used twice among the loaded profiles.
    DuplicateProfile,
    /// A rule's `category` not declared in the header.
    UnknownCategory,
    /// A rule's `sources` entry not declared under the header's `references`.
    UnknownReference,
    /// A citation or history entry naming a source the profile does not list.
    UnknownSource,
    /// A non-null fact with no citation on itself or an ancestor.
    UncitedFact,
    /// Provenance incomplete: a quote missing, two sources sharing a URL.
    Provenance,
    /// A history entry inconsistent with the facts or their schema.
    History,
    /// A rule weight that is not a number in (0, [`MAX_WEIGHT`]].
    BadWeight,
    /// A partial credit outside [0, 1].
    BadCredit,
    /// A rulebook header missing or given twice, or a rulebook with no rules.
    Header,
    /// A lens naming an unknown category or rule, or with a weight outside [0, [`MAX_WEIGHT`]].
    Lens,
    /// Grade bands not listed highest `min` first, each strictly lower.
    Grade,
    /// A rule reading a fact of an extension its rulebook does not declare, or a header
    /// declaring an extension the fact model does not have.
    Extension,
    /// A rulebook with more than [`MAX_RULES`] rules.
    TooMany,
}

/// A located compile-time problem with a fix hint.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{location}: {message}{}", hint.as_ref().map(|h| format!("\n  help: {h}")).unwrap_or_default())]
pub struct CompileError {
    /// What kind of problem it is.
    pub kind: ErrorKind,
    /// The file and place in it the problem points at.
    pub location: Location,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, shown as `help:` when present.
    pub hint: Option<String>,
}

/// Any problem found while turning files into a program or profiles.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    /// A file could not be read or parsed as JSON.
    #[error(transparent)]
    Load(#[from] crate::load::LoadError),
    /// A document does not match its JSON schema.
    #[error(transparent)]
    Validate(#[from] ValidateError),
    /// A schema-valid document failed a static check.
    #[error(transparent)]
    Compile(#[from] CompileError),
}

impl Problem {
    /// The location the problem points at, when it has one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Problem::Load(e) => e.location(),
            Problem::Validate(e) => Some(&e.location),
            Problem::Compile(e) => Some(&e.location),
        }
    }

    /// What is wrong, without the location and without the help.
    pub fn message(&self) -> String {
        match self {
            Problem::Load(crate::load::LoadError::Syntax { message, .. }) => {
                format!("invalid JSON: {message}")
            }
            Problem::Load(e) => e.to_string(),
            Problem::Validate(e) => e.message.clone(),
            Problem::Compile(e) => e.message.clone(),
        }
    }

    /// How to fix it, when the problem says.
    pub fn help(&self) -> Option<&str> {
        match self {
            Problem::Load(_) => None,
            Problem::Validate(e) => e.hint.as_deref(),
            Problem::Compile(e) => e.hint.as_deref(),
        }
    }
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The rule's id, unique across the rulebook folder.
    pub id: String,
    /// A one-line statement of what the rule checks.
    pub title: String,
    /// The id of its category, declared in the header.
    pub category: String,
    /// Its own weight, in (0, [`MAX_WEIGHT`]] (a lens may override it when scoring).
    pub weight: f64,
    /// The paper's recommendation the rule encodes.
    pub recommendation: Recommendation,
    /// When the rule applies; `None`: always. False makes the verdict not-applicable.
    pub applies_if: Option<Expr>,
    /// The condition that passes the rule.
    pub check: Expr,
    /// Partial-credit conditions, tried in order when `check` is false.
    pub partial: Vec<Partial>,
    /// Explanation text per verdict.
    pub explain: ExplainDef,
    /// Ids of the header references the rule rests on.
    pub sources: Vec<String>,
    /// Where the facts that would decide the rule can be found (for the research agenda).
    pub research: Option<String>,
    /// The conditions and credits as written, carried into reports for diffs.
    pub definition: crate::model::shared::RuleDefinition,
    /// Embedded example profiles with the verdict each must get.
    pub examples: Vec<Example>,
    /// Where the rule is written.
    pub location: Location,
}

impl Rule {
    /// The facts the rule reads (its applicability, check and partial conditions), as schema
    /// paths with list elements written `*`, each once, in the order written.
    pub fn reads(&self) -> Vec<String> {
        let mut out = Vec::new();
        let parts = self
            .applies_if
            .iter()
            .chain(std::iter::once(&self.check))
            .chain(self.partial.iter().map(|p| &p.when));
        for e in parts {
            e.reads("", &mut out);
        }
        crate::vocab::once_each(out)
    }
}

/// A compiled partial-credit condition.
#[derive(Debug, Clone)]
pub struct Partial {
    /// The condition that earns the credit.
    pub when: Expr,
    /// The share of the rule's score it earns, in [0, 1].
    pub credit: f64,
    /// The explanation given when this condition decides a partial verdict.
    pub explain: String,
}

/// A rule's embedded example.
#[derive(Debug, Clone)]
pub struct Example {
    /// A short description of the situation the example stands for.
    pub name: String,
    /// The example's facts document (schema-valid).
    pub facts: Value,
    /// The verdict the rule must give on `facts`.
    pub expect: Verdict,
    /// Where the example is written.
    pub location: Location,
}

/// A compiled rulebook: compile once, evaluate many times.
#[derive(Debug, Clone)]
pub struct Program {
    /// The rulebook header: identity, categories, references, lenses and grades.
    pub header: Header,
    /// Every rule, in the order the documents list them.
    pub rules: Vec<Rule>,
    /// The fact-type table the rules were checked against.
    pub facts: FactType,
    /// Every fact pointer the rules read from the facts document; each leaf holds its slot.
    pub index: index::FactIndex,
    /// Objects of the fact model that carry their own date.
    pub dated: facts::DatedObjects,
    /// The facts' titles, for labels a person reads.
    pub titles: facts::FactTitles,
    /// Which facts belong to an extension of the fact model rather than to its core.
    pub extensions: facts::Extensions,
}

impl Program {
    /// Compile a rulebook folder's documents. All problems are reported, not just the first.
    pub fn compile(docs: &[Document], schemas: &Schemas) -> Result<Program, Vec<Problem>> {
        let facts = FactType::from_profile_schema(&schemas.profile_json);
        let extensions = facts::Extensions::from_profile_schema(&schemas.profile_json);
        let mut problems: Vec<Problem> = Vec::new();
        let mut errors: Vec<CompileError> = Vec::new();
        let mut header: Option<(Header, Location)> = None;
        let mut rules: Vec<Rule> = Vec::new();
        let mut seen: BTreeMap<String, Location> = BTreeMap::new();
        let mut refs: Vec<RuleRefs> = Vec::new();

        // Count the rules before validating or compiling any: an oversized rulebook is
        // refused at once, not after the work of compiling it.
        let count: usize = docs
            .iter()
            .filter_map(|d| d.value.get("rules").and_then(Value::as_array))
            .map(Vec::len)
            .sum();
        if count > MAX_RULES {
            let name = docs.first().map_or("rules", |d| d.name.as_str());
            return Err(vec![Problem::from(error(
                ErrorKind::TooMany,
                Location::file(name),
                format!("{count} rules is over the limit of {MAX_RULES}"),
                Some("split the rulebook, or keep the rules that matter for this audit".into()),
            ))]);
        }

        for doc in docs {
            // Schema violations inside a rule set that rule aside; the file's other rules
            // are still compiled, so one run reports every mistake of the file.
            let invalid = schemas.rulebook_file(doc);
            let rule_of = |pointer: &str| -> Option<usize> {
                pointer
                    .strip_prefix("/rules/")?
                    .split('/')
                    .next()?
                    .parse()
                    .ok()
            };
            let bad_rules: std::collections::BTreeSet<usize> = invalid
                .iter()
                .filter_map(|e| rule_of(&e.location.pointer))
                .collect();
            let whole_file = invalid
                .iter()
                .any(|e| rule_of(&e.location.pointer).is_none());
            problems.extend(invalid.into_iter().map(Problem::from));
            if whole_file {
                continue;
            }
            let mut shell = doc.value.clone();
            let rule_values = shell
                .as_object_mut()
                .and_then(|o| o.remove("rules"))
                .and_then(|r| match r {
                    Value::Array(items) => Some(items),
                    _ => None,
                })
                .unwrap_or_default();
            let file: RulebookFile = match serde_json::from_value(shell) {
                Ok(f) => f,
                Err(e) => {
                    errors.push(error(
                        ErrorKind::Shape,
                        Location::file(&doc.name),
                        e.to_string(),
                        None,
                    ));
                    continue;
                }
            };
            let mut defs: Vec<(usize, RuleDef)> = Vec::new();
            for (i, v) in rule_values.into_iter().enumerate() {
                if bad_rules.contains(&i) {
                    continue;
                }
                match serde_json::from_value(v) {
                    Ok(def) => defs.push((i, def)),
                    Err(e) => errors.push(error(
                        ErrorKind::Shape,
                        Location::at(doc, &format!("/rules/{i}")),
                        e.to_string(),
                        None,
                    )),
                }
            }
            if let Some(h) = file.rulebook {
                let here = Location::at(doc, "/rulebook");
                if let Some((_, first)) = &header {
                    errors.push(error(
                        ErrorKind::Header,
                        here,
                        format!("a second rulebook header (the first is in {first})"),
                        Some("keep one `rulebook` header per folder".into()),
                    ));
                } else {
                    header = Some((h, here));
                }
            }
            for (i, def) in defs {
                let at = format!("/rules/{i}");
                let location = Location::at(doc, &at);
                // A duplicate id is reported, and the rule is still checked for the rest.
                if let Some(first) = seen.get(&def.id) {
                    errors.push(error(
                        ErrorKind::DuplicateRule,
                        Location::at(doc, &format!("{at}/id")),
                        format!(
                            "duplicate rule id \"{}\" (first defined at {first})",
                            def.id
                        ),
                        Some(
                            "rule ids must be unique across the rulebook folder; rename one".into(),
                        ),
                    ));
                } else {
                    seen.insert(def.id.clone(), location.clone());
                }
                refs.push(RuleRefs {
                    id: def.id.clone(),
                    category: def.category.clone(),
                    category_at: Location::at(doc, &format!("{at}/category")),
                    sources: def.sources.clone(),
                    sources_at: (0..def.sources.len())
                        .map(|k| Location::at(doc, &format!("{at}/sources/{k}")))
                        .collect(),
                    location: location.clone(),
                });
                let mut ctx = Ctx {
                    doc,
                    errors: &mut errors,
                };
                let applies_if = def
                    .applies_if
                    .as_ref()
                    .map(|v| parse::parse(&mut ctx, v, &format!("{at}/applies_if"), &facts, 0));
                let check = parse::parse(&mut ctx, &def.check, &format!("{at}/check"), &facts, 0);
                let mut partial = Vec::new();
                for (j, p) in def.partial.iter().enumerate() {
                    let p_at = format!("{at}/partial/{j}");
                    if !(p.credit.is_finite() && (0.0..=1.0).contains(&p.credit)) {
                        ctx.errors.push(error(
                            ErrorKind::BadCredit,
                            Location::at(doc, &format!("{p_at}/credit")),
                            format!("credit {} is outside [0, 1]", p.credit),
                            Some("a partial credit is a share of the rule's score: use a number from 0 to 1".into()),
                        ));
                    }
                    if let Some(when) =
                        parse::parse(&mut ctx, &p.when, &format!("{p_at}/when"), &facts, 0)
                    {
                        partial.push(Partial {
                            when,
                            credit: p.credit,
                            explain: p.explain.clone(),
                        });
                    }
                }
                if !(def.weight.is_finite() && def.weight > 0.0 && def.weight <= MAX_WEIGHT) {
                    let hint = if def.weight > MAX_WEIGHT {
                        "weights are relative: scale them all down"
                    } else {
                        "to switch a rule off for some readers, use a lens instead"
                    };
                    errors.push(error(
                        ErrorKind::BadWeight,
                        Location::at(doc, &format!("{at}/weight")),
                        format!(
                            "weight {} must be a number greater than 0 and at most {MAX_WEIGHT}",
                            number(def.weight)
                        ),
                        Some(hint.into()),
                    ));
                }
                let mut examples = Vec::new();
                for (j, ex) in def.examples.iter().enumerate() {
                    let ex_at = format!("{at}/examples/{j}/facts");
                    let invalid = schemas.facts(doc, &ex_at, &ex.facts);
                    if invalid.is_empty() {
                        examples.push(Example {
                            name: ex.name.clone(),
                            facts: ex.facts.clone(),
                            expect: ex.expect,
                            location: Location::at(doc, &format!("{at}/examples/{j}")),
                        });
                    } else {
                        problems.extend(invalid.into_iter().map(Problem::from));
                    }
                }
                let (Some(applies_if), Some(check)) =
                    (applies_if.map_or(Some(None), |a| a.map(Some)), check)
                else {
                    continue;
                };
                if partial.len() != def.partial.len() {
                    continue;
                }
                let definition = crate::model::shared::RuleDefinition {
                    applies_if: def.applies_if.clone(),
                    check: def.check.clone(),
                    partial: def
                        .partial
                        .iter()
                        .map(|p| crate::model::shared::PartialDefinition {
                            when: p.when.clone(),
                            credit: p.credit,
                        })
                        .collect(),
                };
                rules.push(Rule {
                    id: def.id,
                    title: def.title,
                    category: def.category,
                    weight: def.weight,
                    recommendation: def.recommendation,
                    applies_if,
                    check,
                    partial,
                    explain: def.explain,
                    sources: def.sources,
                    research: def.research,
                    definition,
                    examples,
                    location,
                });
            }
        }

        let name = docs
            .first()
            .map(|d| d.name.clone())
            .unwrap_or_else(|| "rules".into());
        match &header {
            None if problems.is_empty() => errors.push(error(
                ErrorKind::Header,
                Location::file(&name),
                "no rulebook header: one file must carry {\"rulebook\": {\"id\", \"version\", ...}}".into(),
                Some("add a rulebook.json with the header (see the README)".into()),
            )),
            None => {}
            Some((h, at)) => {
                check_header(h, at, &refs, &mut errors);
                check_extensions(h, at, &rules, &extensions, &mut errors);
            }
        }
        if rules.is_empty() && problems.is_empty() && errors.is_empty() {
            errors.push(error(
                ErrorKind::Header,
                Location::file(&name),
                "the rulebook has no rules".into(),
                Some("add a file with {\"rules\": [...]}".into()),
            ));
        }
        problems.extend(errors.into_iter().map(Problem::from));
        // In the order of the files and the lines, as an editor would walk them.
        problems.sort_by_key(|p| {
            p.location()
                .map(|l| (l.file.clone(), l.line.unwrap_or(0), l.column.unwrap_or(0)))
        });
        match header {
            Some((header, _)) if problems.is_empty() => {
                let index = index::FactIndex::build(&mut rules);
                Ok(Program {
                    header,
                    rules,
                    facts,
                    index,
                    dated: facts::DatedObjects::from_profile_schema(&schemas.profile_json),
                    titles: facts::FactTitles::from_profile_schema(&schemas.profile_json),
                    extensions,
                })
            }
            _ => Err(problems),
        }
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The closest rule id to a misspelt one.
    pub fn suggest_rule(&self, id: &str) -> Option<&str> {
        parse::nearest(id, self.rules.iter().map(|r| r.id.as_str()))
    }
}

/// Deserialize a schema-valid document into its typed model; a located problem if serde
/// still disagrees (the schema and the model are meant to agree, so this names the file).
pub fn typed<T: serde::de::DeserializeOwned>(doc: &Document) -> Result<T, Vec<Problem>> {
    serde_json::from_value(doc.value.clone()).map_err(|e| {
        vec![Problem::from(CompileError {
            kind: ErrorKind::Shape,
            location: Location::file(&doc.name),
            message: e.to_string(),
            hint: None,
        })]
    })
}

fn error(
    kind: ErrorKind,
    location: Location,
    message: String,
    hint: Option<String>,
) -> CompileError {
    CompileError {
        kind,
        location,
        message,
        hint,
    }
}

/// What the header checks need of every rule defined, compiled or not: its id, its category
/// and its sources, with where they stand (so a rule with a bad condition still has its
/// category and sources checked in the same run).
struct RuleRefs {
    id: String,
    category: String,
    category_at: Location,
    sources: Vec<String>,
    sources_at: Vec<Location>,
    location: Location,
}

/// Every extension the header declares exists, and every fact a rule reads is in the core or
/// in a declared extension.
fn check_extensions(
    h: &Header,
    at: &Location,
    rules: &[Rule],
    extensions: &facts::Extensions,
    errors: &mut Vec<CompileError>,
) {
    for id in &h.extensions {
        if !extensions.is_declared(id) {
            let known: Vec<&str> = extensions.declared().map(|(k, _)| k).collect();
            let hint = did_you_mean(id, known.iter().copied()).unwrap_or_else(|| {
                format!("the fact model's extensions are: {}", known.join(", "))
            });
            errors.push(error(
                ErrorKind::Extension,
                at.clone(),
                format!("unknown extension \"{id}\" in rulebook.extensions"),
                Some(hint),
            ));
        }
    }
    for rule in rules {
        for path in rule.reads() {
            let Some(ext) = extensions.of(&path) else {
                continue;
            };
            if !h.extensions.iter().any(|e| e == ext) {
                errors.push(error(
                    ErrorKind::Extension,
                    rule.location.clone(),
                    format!(
                        "rule \"{}\" reads {path}, a fact of the extension \"{ext}\", which the rulebook does not declare",
                        rule.id
                    ),
                    Some(format!(
                        "add \"{ext}\" to rulebook.extensions, or read a fact of the general core instead"
                    )),
                ));
                // One error per rule and extension is enough to act on.
                break;
            }
        }
    }
}

fn check_header(h: &Header, at: &Location, rules: &[RuleRefs], errors: &mut Vec<CompileError>) {
    let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    for rule in rules {
        if !h.categories.contains_key(&rule.category) {
            let hint = did_you_mean(&rule.category, h.categories.keys().map(String::as_str))
                .unwrap_or_else(|| {
                    format!(
                        "declare it under rulebook.categories (known: {})",
                        h.categories.keys().cloned().collect::<Vec<_>>().join(", ")
                    )
                });
            errors.push(error(
                ErrorKind::UnknownCategory,
                rule.category_at.clone(),
                format!(
                    "rule \"{}\": unknown category \"{}\"",
                    rule.id, rule.category
                ),
                Some(hint),
            ));
        }
        for (k, s) in rule.sources.iter().enumerate() {
            if !h.references.contains_key(s) {
                let hint = did_you_mean(s, h.references.keys().map(String::as_str))
                    .unwrap_or_else(|| "declare it under rulebook.references".into());
                errors.push(error(
                    ErrorKind::UnknownReference,
                    rule.sources_at
                        .get(k)
                        .cloned()
                        .unwrap_or_else(|| rule.location.clone()),
                    format!("rule \"{}\": unknown source \"{s}\"", rule.id),
                    Some(hint),
                ));
            }
        }
    }
    for (name, lens) in &h.lenses {
        for (cat, m) in &lens.categories {
            if !h.categories.contains_key(cat) {
                errors.push(error(
                    ErrorKind::Lens,
                    at.clone(),
                    format!("lens \"{name}\": unknown category \"{cat}\""),
                    None,
                ));
            }
            if !(m.is_finite() && (0.0..=MAX_WEIGHT).contains(m)) {
                errors.push(error(
                    ErrorKind::Lens,
                    at.clone(),
                    format!(
                        "lens \"{name}\": multiplier {m} for \"{cat}\" must be between 0 and {MAX_WEIGHT}"
                    ),
                    None,
                ));
            }
        }
        for (rule, w) in &lens.rules {
            if !ids.contains(&rule.as_str()) {
                let hint = did_you_mean(rule, ids.iter().copied());
                errors.push(error(
                    ErrorKind::Lens,
                    at.clone(),
                    format!("lens \"{name}\": unknown rule \"{rule}\""),
                    hint,
                ));
            }
            if !(w.is_finite() && (0.0..=MAX_WEIGHT).contains(w)) {
                errors.push(error(
                    ErrorKind::Lens,
                    at.clone(),
                    format!(
                        "lens \"{name}\": weight {w} for \"{rule}\" must be between 0 and {MAX_WEIGHT}"
                    ),
                    None,
                ));
            }
        }
    }
    if h.grades.windows(2).any(|w| w[0].min <= w[1].min) {
        errors.push(error(
            ErrorKind::Grade,
            at.clone(),
            "grades must be listed highest `min` first, each strictly lower".into(),
            None,
        ));
    }
}
