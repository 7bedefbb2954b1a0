//! The embedding API: load and compile a rulebook once, then score any number of profiles.

use crate::compile::{CompileError, ErrorKind, Problem, Program, compile_profile};
use crate::history::materialise;
use crate::load::{self, Document, EMBEDDED_RULES};
use crate::model::Profile;
use crate::report::Report;
use crate::score::{self, ScoreError, Weights};
use crate::sources::SourceFilter;
use crate::validate::Schemas;
use crate::vocab::dates::parse_partial;
use crate::waiver::Waivers;
use std::path::Path;

/// Where documents come from: the shipped defaults, or files on disk.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'a> {
    /// The `rules/` or `fixtures/` folder compiled into the binary: the default rulebook, and
    /// the top-level fixtures with the folders the rulebook's `fixture_sets` names.
    Embedded,
    /// A rulebook compiled into the binary, by id (`rules/` or one of its subfolders); as a
    /// fixtures origin, the same as `Embedded`.
    Shipped(&'a str),
    /// A file or folder of `.json` files on disk.
    Path(&'a Path),
}

/// A compiled rulebook with its schemas: compile once, score many times.
pub struct Engine {
    schemas: Schemas,
    program: Program,
}

impl Engine {
    /// The compiled rulebook.
    ///
    /// ```
    /// let engine = rulecard::Engine::load(rulecard::Origin::Embedded).unwrap();
    /// assert_eq!(engine.program().header.id, "dsr-western-balkans");
    /// ```
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The published JSON Schemas, compiled into validators.
    ///
    /// ```
    /// let engine = rulecard::Engine::load(rulecard::Origin::Embedded).unwrap();
    /// assert!(engine.schemas().profile_json["$defs"]["facts"].is_object());
    /// ```
    pub fn schemas(&self) -> &Schemas {
        &self.schemas
    }

    /// Load and compile a rulebook folder (or the embedded default).
    ///
    /// ```
    /// use rulecard::{Engine, Origin};
    /// let engine = Engine::load(Origin::Embedded).expect("the shipped rulebook compiles");
    /// assert_eq!(engine.program().rules.len(), 10);
    /// ```
    pub fn load(rules: Origin<'_>) -> Result<Engine, Vec<Problem>> {
        let docs = match rules {
            Origin::Embedded => load::embedded_documents(&EMBEDDED_RULES, "rules"),
            Origin::Shipped(id) => load::shipped_rulebook(id),
            Origin::Path(p) => load::read_path(p),
        }
        .map_err(|e| vec![Problem::from(e)])?;
        Engine::from_documents(&docs)
    }

    /// Compile already-loaded rulebook documents.
    ///
    /// ```
    /// use rulecard::load::Document;
    /// let header = r#"{"rulebook": {"id": "x", "version": "1.0.0", "title": "X",
    ///   "source": {"title": "A paper"}, "categories": {"c": {"title": "C", "description": "d"}},
    ///   "references": {"p": {"title": "A paper"}}}}"#;
    /// let rules = r#"{"rules": [{"id": "r", "title": "R", "category": "c", "weight": 1,
    ///   "recommendation": {"text": "t", "section": "s"},
    ///   "check": {"fact": "/eu/in_5g_ppp", "op": "eq", "value": true},
    ///   "explain": {"pass": "p", "fail": "f"}, "sources": ["p"]}]}"#;
    /// let docs = [Document::parse("rulebook.json", header).unwrap(),
    ///             Document::parse("rules.json", rules).unwrap()];
    /// let engine = rulecard::Engine::from_documents(&docs).expect("compiles");
    /// assert_eq!(engine.program().rules[0].id, "r");
    /// ```
    pub fn from_documents(docs: &[Document]) -> Result<Engine, Vec<Problem>> {
        let schemas = Schemas::new();
        let program = Program::compile(docs, &schemas)?;
        Ok(Engine { schemas, program })
    }

    /// Load, validate and provenance-check profiles: a folder, a file, or the embedded fixtures.
    ///
    /// ```
    /// use rulecard::{Engine, Origin};
    /// let engine = Engine::load(Origin::Embedded).unwrap();
    /// let profiles = engine.load_profiles(Origin::Embedded).expect("the shipped fixtures load");
    /// assert!(profiles.iter().any(|p| p.id == "RS"));
    /// ```
    pub fn load_profiles(&self, origin: Origin<'_>) -> Result<Vec<Profile>, Vec<Problem>> {
        let docs = match origin {
            Origin::Embedded | Origin::Shipped(_) => {
                load::shipped_fixtures(&self.program.header.fixture_sets)
            }
            Origin::Path(p) => load::read_path(p),
        }
        .map_err(|e| vec![Problem::from(e)])?;
        self.profiles_from_documents(&docs)
    }

    /// The profiles `wanted` names: paths to profile files (or folders), or ids, names and
    /// file stems among the profiles of `fixtures`, in the order given; every profile of
    /// `fixtures` when `wanted` is empty.
    ///
    /// ```
    /// use rulecard::{Engine, Origin};
    /// let engine = Engine::load(Origin::Embedded).unwrap();
    /// let picked = engine
    ///     .select_profiles(Origin::Embedded, &["RS".into(), "albania".into()])
    ///     .unwrap();
    /// assert_eq!(picked.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["RS", "AL"]);
    /// ```
    pub fn select_profiles(
        &self,
        fixtures: Origin<'_>,
        wanted: &[String],
    ) -> Result<Vec<Profile>, SelectError> {
        if wanted.is_empty() {
            return self.load_profiles(fixtures).map_err(SelectError::Problems);
        }
        let mut known: Option<Vec<Profile>> = None;
        let mut out = Vec::new();
        for w in wanted {
            let path = Path::new(w);
            if path.exists() || w.ends_with(".json") {
                out.extend(
                    self.load_profiles(Origin::Path(path))
                        .map_err(SelectError::Problems)?,
                );
                continue;
            }
            if known.is_none() {
                known = Some(
                    self.load_profiles(fixtures)
                        .map_err(SelectError::Problems)?,
                );
            }
            let all = known.as_deref().unwrap_or_default();
            let key = w.to_lowercase();
            let found = all.iter().find(|p| {
                p.id.eq_ignore_ascii_case(w)
                    || p.name.to_lowercase() == key
                    || p.name.to_lowercase().replace(' ', "-") == key
            });
            match found {
                Some(p) => out.push(p.clone()),
                None => {
                    return Err(SelectError::Unknown {
                        wanted: w.clone(),
                        known: all
                            .iter()
                            .map(|p| format!("{} ({})", p.id, p.name))
                            .collect(),
                    });
                }
            }
        }
        Ok(out)
    }

    /// One report per weighting: the rules' own weights first, then every lens the rulebook
    /// declares, in name order (the sensitivity of a ranking to its weights).
    ///
    /// ```
    /// use rulecard::{Engine, Origin};
    /// let engine = Engine::load(Origin::Embedded).unwrap();
    /// let profiles = engine.load_profiles(Origin::Embedded).unwrap();
    /// let reports = engine.sensitivity(&profiles, &Default::default()).unwrap();
    /// assert_eq!(reports.len(), 1 + engine.program().header.lenses.len());
    /// ```
    pub fn sensitivity(
        &self,
        profiles: &[Profile],
        options: &Options<'_>,
    ) -> Result<Vec<Report>, ScoreError> {
        let mut lenses: Vec<Option<&str>> = vec![None];
        lenses.extend(self.program.header.lenses.keys().map(|k| Some(k.as_str())));
        lenses
            .into_iter()
            .map(|lens| self.report_opts(profiles, &Options { lens, ..*options }))
            .collect()
    }

    /// Check already-loaded profile documents; all problems are reported.
    ///
    /// ```
    /// use rulecard::{Engine, Origin};
    /// let engine = Engine::load(Origin::Embedded).unwrap();
    /// let doc = rulecard::load::Document::parse("x.json", "{}").unwrap();
    /// let problems = engine.profiles_from_documents(&[doc]).unwrap_err();
    /// assert!(!problems.is_empty(), "an empty object is not a profile");
    /// ```
    pub fn profiles_from_documents(&self, docs: &[Document]) -> Result<Vec<Profile>, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut profiles: Vec<Profile> = Vec::new();
        // Where each profile's id is written, by profile, for a duplicate's message.
        let mut id_at: Vec<crate::load::Location> = Vec::new();
        for doc in docs {
            match compile_profile(doc, &self.schemas, &self.program.facts) {
                Ok(mut p) => {
                    p.document = Some(std::sync::Arc::new(doc.clone()));
                    let at = crate::load::Location::at(doc, "/id");
                    if let Some(i) = profiles.iter().position(|q| q.id == p.id) {
                        problems.push(Problem::from(CompileError {
                            kind: ErrorKind::DuplicateProfile,
                            location: at.clone(),
                            message: format!(
                                "duplicate profile id \"{}\" (first used by {} at {})",
                                p.id, profiles[i].name, id_at[i]
                            ),
                            hint: Some(
                                "profile ids must be unique across the fixtures folder; change one"
                                    .into(),
                            ),
                        }));
                    }
                    profiles.push(p);
                    id_at.push(at);
                }
                Err(mut e) => problems.append(&mut e),
            }
        }
        if problems.is_empty() {
            Ok(profiles)
        } else {
            Err(problems)
        }
    }

    /// Score profiles under a lens (None: the rules' own weights), optionally as of a day
    /// (`YYYY-MM-DD`), into a report.
    ///
    /// ```
    /// use rulecard::{Engine, Origin};
    /// let engine = Engine::load(Origin::Embedded).unwrap();
    /// let profiles = engine.load_profiles(Origin::Embedded).unwrap();
    /// let report = engine.report(&profiles, None, Some("2021-06-30")).unwrap();
    /// assert_eq!(report.as_of.as_deref(), Some("2021-06-30"));
    /// ```
    pub fn report(
        &self,
        profiles: &[Profile],
        lens: Option<&str>,
        as_of: Option<&str>,
    ) -> Result<Report, ScoreError> {
        self.report_with(profiles, lens, as_of, &Waivers::none(), None)
    }

    /// As [`Engine::report`], applying waivers judged on the `as_of` day when given, else on
    /// `today` (None: no waiver is active).
    ///
    /// ```
    /// use rulecard::{Engine, Origin};
    /// let engine = Engine::load(Origin::Embedded).unwrap();
    /// let profiles = engine.load_profiles(Origin::Embedded).unwrap();
    /// let none = rulecard::waiver::Waivers::none();
    /// let report = engine.report_with(&profiles, None, None, &none, None).unwrap();
    /// assert_eq!(report.profiles.len(), profiles.len());
    /// ```
    pub fn report_with(
        &self,
        profiles: &[Profile],
        lens: Option<&str>,
        as_of: Option<&str>,
        waivers: &Waivers,
        today: Option<jiff::civil::Date>,
    ) -> Result<Report, ScoreError> {
        self.report_opts(
            profiles,
            &Options {
                lens,
                as_of,
                waivers: Some(waivers),
                today,
                only_sources: None,
                focus: None,
                timeline: false,
            },
        )
    }

    /// Score profiles as `options` say: lens, day, evidence kept, waivers.
    ///
    /// ```
    /// use rulecard::{Engine, Origin};
    /// let engine = Engine::load(Origin::Embedded).unwrap();
    /// let profiles = engine.load_profiles(Origin::Embedded).unwrap();
    /// use rulecard::engine::Options;
    /// use rulecard::sources::SourceFilter;
    /// let paper = SourceFilter::parse("paper").unwrap();
    /// let options = Options { as_of: Some("2021-06-30"), only_sources: Some(&paper), ..Default::default() };
    /// let view = engine.report_opts(&profiles, &options).unwrap();
    /// assert_eq!(view.only_sources.as_deref(), Some(&["paper".to_string()][..]));
    /// ```
    pub fn report_opts(
        &self,
        profiles: &[Profile],
        options: &Options<'_>,
    ) -> Result<Report, ScoreError> {
        let weights = Weights::new(&self.program, options.lens)?;
        let day = parse_day(options.as_of)?;
        let none = Waivers::none();
        let waivers = options.waivers.unwrap_or(&none);
        let reports = profiles
            .iter()
            .map(|p| {
                let p = view(p, options.only_sources);
                let facts = materialise(&p, day, &self.program.dated);
                let shown = day.map_or_else(|| p.as_of.clone(), |d| d.to_string());
                let outcomes = self.program.evaluate_focused(&facts, options.focus);
                let mut report = score::profile_report_waived(
                    &self.program,
                    &weights,
                    &p,
                    &shown,
                    outcomes,
                    waivers,
                    day.or(options.today),
                );
                if options.timeline {
                    let until = day.or_else(|| parse_partial(&p.as_of).map(|(_, last)| last));
                    report.timeline = until
                        .and_then(|d| crate::timeline::timeline(&self.program, &weights, &p, d));
                    // A change's source is cited by the timeline that shows it.
                    for e in report.timeline.iter().flat_map(|t| &t.events) {
                        if let Some(r) = p.sources.get(&e.source) {
                            report
                                .sources
                                .entry(e.source.clone())
                                .or_insert_with(|| r.clone());
                        }
                    }
                }
                report
            })
            .collect();
        Ok(Report {
            rulebook: score::rulebook_info(&self.program, &weights),
            as_of: day.map(|d| d.to_string()),
            only_sources: options.only_sources.map(SourceFilter::names),
            profiles: reports,
        })
    }

    /// The research agenda for `profiles` (lens, day and evidence from `options`; waivers do
    /// not apply): the unknown facts ranked by the rule weight they could decide.
    ///
    /// ```
    /// use rulecard::{Engine, Origin};
    /// let engine = Engine::load(Origin::Embedded).unwrap();
    /// let profiles = engine.load_profiles(Origin::Embedded).unwrap();
    /// let agenda = engine.agenda(&profiles, &Default::default()).unwrap();
    /// assert!(!agenda.items.is_empty(), "some facts are still unknown");
    /// ```
    pub fn agenda(
        &self,
        profiles: &[Profile],
        options: &Options<'_>,
    ) -> Result<crate::agenda::Agenda, ScoreError> {
        let weights = Weights::new(&self.program, options.lens)?;
        let day = parse_day(options.as_of)?;
        let subjects: Vec<crate::agenda::Subject<'_>> = profiles
            .iter()
            .map(|p| crate::agenda::Subject {
                id: &p.id,
                name: &p.name,
                facts: materialise(&view(p, options.only_sources), day, &self.program.dated),
            })
            .collect();
        Ok(crate::agenda::agenda(
            &self.program,
            &self.schemas.profile_json,
            &weights,
            &subjects,
            day.map(|d| d.to_string()),
        ))
    }
}

/// How to evaluate profiles: under which weights, as of which day, on which evidence, with
/// which waivers. `Options::default()` is the rules' own weights, the facts as they stand,
/// every source, no waivers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// A lens declared in the rulebook (None: the rules' own weights).
    pub lens: Option<&'a str>,
    /// Evaluate as of this day (`YYYY-MM-DD`), from the profiles' dated history.
    pub as_of: Option<&'a str>,
    /// Keep only the evidence of these kinds of source.
    pub only_sources: Option<&'a SourceFilter>,
    /// Accepted exceptions, judged on the `as_of` day when given, else on `today`.
    pub waivers: Option<&'a Waivers>,
    /// The day waivers expire against when no `as_of` is given (None: no waiver is active).
    pub today: Option<jiff::civil::Date>,
    /// Search for counterfactuals of this rule only (`explain RULE`); None: of every rule.
    pub focus: Option<&'a str>,
    /// Give each profile its [`crate::report::Timeline`] up to the report's day.
    pub timeline: bool,
}

/// The profile as the kept sources show it (the profile itself without a filter).
fn view<'p>(p: &'p Profile, filter: Option<&SourceFilter>) -> std::borrow::Cow<'p, Profile> {
    match filter {
        Some(f) => std::borrow::Cow::Owned(f.apply(p)),
        None => std::borrow::Cow::Borrowed(p),
    }
}

/// An `--as-of` day, or none: a full date, or a month or year read as its last day.
fn parse_day(as_of: Option<&str>) -> Result<Option<jiff::civil::Date>, ScoreError> {
    as_of
        .map(|s| {
            as_of_day(s).ok_or_else(|| ScoreError::BadDate {
                given: s.to_string(),
            })
        })
        .transpose()
}

/// The day an `--as-of` value means: `2021-06-15` itself; `2021-06` and `2021` the last day
/// of the month or year (the state at the end of the period).
pub fn as_of_day(s: &str) -> Option<jiff::civil::Date> {
    crate::vocab::dates::parse_partial(s).map(|(_, last)| last)
}

/// Why profiles named on the command line could not be selected.
#[derive(Debug)]
pub enum SelectError {
    /// A file or folder named could not be loaded.
    Problems(Vec<Problem>),
    /// A name is neither a file, nor the id or name of a known profile.
    Unknown {
        /// The name as given.
        wanted: String,
        /// The known profiles, as `ID (Name)`.
        known: Vec<String>,
    },
}

/// Why a saved JSON report could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum SavedReportError {
    /// The file could not be read or is not JSON.
    #[error("{0}")]
    Load(#[from] load::LoadError),
    /// The JSON is not a report (its first violation of the report schema).
    #[error("{file}: not a rulecard JSON report: {violation}")]
    NotAReport {
        /// The file as named.
        file: String,
        /// The first schema violation.
        violation: String,
    },
    /// The JSON matches the schema but not the report model.
    #[error("{file}: {message}")]
    Shape {
        /// The file as named.
        file: String,
        /// What serde said.
        message: String,
    },
}

/// Read a report saved with `--format json` back, checked against the report schema.
pub fn load_report(path: &Path) -> Result<Report, SavedReportError> {
    let doc = load::read_file(path)?;
    if let Some(first) = Schemas::new().report(&doc.value).into_iter().next() {
        return Err(SavedReportError::NotAReport {
            file: doc.name,
            violation: first,
        });
    }
    serde_json::from_value(doc.value).map_err(|e| SavedReportError::Shape {
        file: doc.name.clone(),
        message: e.to_string(),
    })
}
