//! HTML: one self-contained, accessible scorecard page rendered from a minijinja template.
//!
//! The built-in template (`templates/scorecard.html.j2`) can be replaced by a file of the
//! same name in a template directory. Every value is HTML-escaped by minijinja's
//! auto-escaping, whatever the template's name.
//!
//! The template receives two values:
//!
//! - `report`: the [`Report`] exactly as its JSON form (`report.schema.json`);
//! - `view`: the same content laid out and phrased for display, so a template only loops
//!   and prints. `view.groups` are the rule rows grouped by category in rulebook order, each
//!   row with one cell per profile; `view.profiles` the profiles with their totals, their
//!   findings (cells in rule order) and their numbered sources. All scores are preformatted
//!   (`"42%"`, `"—"`), URLs appear only when they are `http(s)` links.

use crate::render::cite::{Citations, Cited, Origin, by_citation};
use crate::render::matrix::Matrix;
use crate::render::{RenderError, phrase, svg};
use crate::report::{ProfileReport, Report, Timeline, VerdictReport};
use crate::vocab::verdict::Verdict;
use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

/// The template's file name, built in and in an override directory.
pub const TEMPLATE_NAME: &str = "scorecard.html.j2";
/// Largest override template read, in bytes.
pub const TEMPLATE_MAX_BYTES: u64 = 1024 * 1024;

const BUILT_IN: &str = include_str!("templates/scorecard.html.j2");

/// What surrounds a page: nothing by default.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageContext<'a> {
    /// A site's navigation: `(href, text)` links relative to the page (see
    /// [`crate::render::site`]).
    pub nav: &'a [(String, String)],
    /// The folder of the site's rule pages relative to the page (`rules/`, `../rules/`);
    /// empty: rules are not linked.
    pub rules: &'a str,
    /// The day the page was generated, printed only when given: the page is otherwise
    /// dated by its data, so the same inputs give the same bytes.
    pub generated: Option<&'a str>,
}

/// Renders reports with the built-in or an override template.
#[derive(Debug)]
pub struct HtmlRenderer {
    env: Environment<'static>,
    /// How the template is named in errors: its path, or the built-in name.
    origin: String,
}

impl HtmlRenderer {
    /// The built-in template, or `<template_dir>/scorecard.html.j2` when that file exists.
    /// A `template_dir` that is not a readable directory is an error.
    pub fn new(template_dir: Option<&Path>) -> Result<Self, RenderError> {
        let (source, origin) = match template_dir {
            None => (BUILT_IN.to_string(), format!("{TEMPLATE_NAME} (built-in)")),
            Some(dir) => {
                if let Err(error) = std::fs::read_dir(dir) {
                    return Err(RenderError::Io {
                        path: dir.to_path_buf(),
                        error,
                    });
                }
                let path = dir.join(TEMPLATE_NAME);
                match crate::load::read_capped(&path, TEMPLATE_MAX_BYTES) {
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Ok(s) => (s, path.display().to_string()),
                        Err(_) => {
                            return Err(RenderError::Unreadable {
                                origin: path.display().to_string(),
                                message: format!(
                                    "{}: not valid UTF-8; save the template as UTF-8",
                                    path.display()
                                ),
                            });
                        }
                    },
                    Err(crate::load::LoadError::NotFound { .. }) => {
                        (BUILT_IN.to_string(), format!("{TEMPLATE_NAME} (built-in)"))
                    }
                    Err(e) => {
                        return Err(RenderError::Unreadable {
                            origin: path.display().to_string(),
                            message: e.to_string(),
                        });
                    }
                }
            }
        };
        let mut env = Environment::new();
        // Escape everything, whatever an override template is called.
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.set_formatter(format_value);
        let syntax = SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .map_err(|error| RenderError::Template {
                template: origin.clone(),
                error,
            })?;
        env.set_syntax(syntax);
        env.add_template_owned(TEMPLATE_NAME, source)
            .map_err(|error| RenderError::Template {
                template: origin.clone(),
                error,
            })?;
        Ok(HtmlRenderer { env, origin })
    }

    /// The page for `report`, ending in a newline.
    pub fn render(&self, report: &Report) -> Result<String, RenderError> {
        self.render_with(report, &PageContext::default())
    }

    /// The page for `report` with what surrounds it: a site's links, a generation date.
    pub fn render_with(
        &self,
        report: &Report,
        page: &PageContext<'_>,
    ) -> Result<String, RenderError> {
        let err = |error| RenderError::Template {
            template: self.origin.clone(),
            error,
        };
        // Bound the work a template may do (an override with nested loops over `range`
        // would otherwise run until memory runs out): fuel in proportion to the report.
        let mut env = self.env.clone();
        env.set_fuel(Some(fuel_for(report)));
        env.set_recursion_limit(TEMPLATE_RECURSION_LIMIT);
        let template = env.get_template(TEMPLATE_NAME).map_err(err)?;
        let report_json = serde_json::to_value(report).unwrap_or(Value::Null);
        let mut ctx = BTreeMap::new();
        ctx.insert("report", to_value(&report_json));
        let mut view = view(report);
        view["nav"] = page
            .nav
            .iter()
            .map(|(href, text)| json!({ "href": href, "text": text }))
            .collect();
        view["rules_base"] = json!(page.rules);
        view["generated"] = json!(page.generated);
        ctx.insert("view", to_value(&view));
        let mut out = template.render(ctx).map_err(err)?;
        if !out.ends_with('\n') {
            out.push('\n');
        }
        Ok(out)
    }
}

/// How deep template calls and includes may nest.
pub const TEMPLATE_RECURSION_LIMIT: usize = 64;
/// Template instructions allowed per page, before the report's own size is counted.
pub const TEMPLATE_FUEL_BASE: u64 = 1_000_000;
/// Template instructions allowed per report item (profile, verdict, evidence or source);
/// the built-in template spends about 120.
pub const TEMPLATE_FUEL_PER_ITEM: u64 = 2_000;

/// The fuel a page for `report` gets: a base plus an allowance per item it shows.
fn fuel_for(report: &Report) -> u64 {
    let items: usize = report
        .profiles
        .iter()
        .map(|p| {
            1 + p.sources.len()
                + p.verdicts
                    .iter()
                    .map(|v| 1 + v.evidence.len() + v.sources.len())
                    .sum::<usize>()
        })
        .sum();
    TEMPLATE_FUEL_BASE.saturating_add(TEMPLATE_FUEL_PER_ITEM.saturating_mul(items as u64))
}

/// Print a value into the page: strings escaped for HTML text and attributes (`&`, `<`, `>`,
/// quotes; minijinja would also escape `/`, which is needless and makes every URL and fact
/// pointer unreadable in the source); `none` prints as nothing.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    if value.is_none() {
        return Ok(());
    }
    if let Some(s) = value.as_str()
        && !value.is_safe()
        && *state.auto_escape() == AutoEscape::Html
    {
        out.write_str(&escape(s))?;
        return Ok(());
    }
    minijinja::escape_formatter(out, state, value)
}

/// HTML-escape text for element content and quoted attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            // Control characters and bidi overrides from the data are shown, not obeyed.
            c if c.is_control() || crate::render::text::is_bidi_control(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A block of a plain document page (diffs, explanations, the research agenda).
#[derive(Debug, Clone)]
pub(crate) enum Block {
    /// A heading of level 1–3.
    Heading(u8, String),
    Para(String),
    /// A bulleted list.
    List(Vec<String>),
    /// Preformatted text (a trace).
    Pre(String),
    /// A table: header cells, then rows.
    Table(Vec<String>, Vec<Vec<String>>),
    /// Links `(href, text)` in a list; an href that is not relative or `http(s)` is shown
    /// as text, not linked.
    Links(Vec<(String, String)>),
}

/// A self-contained, escaped HTML page of plain blocks: no script, no external request.
pub(crate) fn page(title: &str, blocks: &[Block]) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\nbody {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45; color: #1b1b1b; background: #fff; }}\ntable {{ border-collapse: collapse; }}\nth, td {{ border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }}\npre {{ white-space: pre-wrap; overflow-wrap: anywhere; }}\n@media (prefers-color-scheme: dark) {{ body {{ color: #eee; background: #161616; }} th, td {{ border-color: #555; }} }}\n</style>\n</head>\n<body>\n<main>\n",
        escape(title)
    );
    for b in blocks {
        match b {
            Block::Heading(level, text) => {
                let l = (*level).clamp(1, 3);
                out.push_str(&format!("<h{l}>{}</h{l}>\n", escape(text)));
            }
            Block::Para(text) => out.push_str(&format!("<p>{}</p>\n", escape(text))),
            Block::List(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    out.push_str(&format!("<li>{}</li>\n", escape(i)));
                }
                out.push_str("</ul>\n");
            }
            Block::Pre(text) => out.push_str(&format!("<pre>{}</pre>\n", escape(text))),
            Block::Links(links) => {
                out.push_str("<ul>\n");
                for (href, text) in links {
                    let safe = href.starts_with("https://")
                        || href.starts_with("http://")
                        || (!href.contains(':') && !href.starts_with("//"));
                    if safe {
                        out.push_str(&format!(
                            "<li><a href=\"{}\">{}</a></li>\n",
                            escape(href),
                            escape(text)
                        ));
                    } else {
                        out.push_str(&format!("<li>{}</li>\n", escape(text)));
                    }
                }
                out.push_str("</ul>\n");
            }
            Block::Table(header, rows) => {
                out.push_str("<table>\n<thead><tr>");
                for h in header {
                    out.push_str(&format!("<th scope=\"col\">{}</th>", escape(h)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for r in rows {
                    out.push_str("<tr>");
                    for c in r {
                        out.push_str(&format!("<td>{}</td>", escape(c)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// One verdict explained on a page of its own: the verdict, the trace, why, what would flip
/// it, and the evidence with its sources.
pub fn explain(report: &Report, p: &ProfileReport, v: &VerdictReport) -> String {
    let cites = Citations::for_profile(report, p);
    let title = format!("{} — {} ({} {})", v.rule, v.title, p.id, p.name);
    let mut blocks = vec![
        Block::Heading(1, title.clone()),
        Block::Para(format!(
            "{} ({}) — explained as of {}; rulebook {} v{}{}",
            p.name,
            p.id,
            p.as_of,
            report.rulebook.id,
            report.rulebook.version,
            phrase::sources_kept(report)
        )),
        Block::Para(phrase::verdict_summary(v, report)),
        Block::Para(v.explanation.clone()),
        Block::Heading(2, "Trace".into()),
        Block::Pre(phrase::trace(&v.trace)),
        Block::Heading(2, "Why".into()),
        Block::Para(phrase::why(v)),
    ];
    let flips = phrase::flips(v, &phrase::Markup::PLAIN);
    if !flips.is_empty() {
        blocks.push(Block::Heading(2, "What would flip it".into()));
        blocks.push(Block::List(flips));
    }
    if let Some(note) = phrase::search_stopped(v) {
        blocks.push(Block::Para(note));
    }
    blocks.push(Block::Heading(2, "Evidence".into()));
    let evidence: Vec<String> = by_citation(&v.evidence)
        .into_iter()
        .map(|g| {
            let e = g.evidence;
            let refs: Vec<String> = e
                .sources
                .iter()
                .map(|s| match cites.get(Origin::Profile, s) {
                    Some(c) => format!("[{}] {}", c.n, c.title()),
                    None => s.clone(),
                })
                .collect();
            let mark = if e.basis.is_inferred() {
                format!(" {}", phrase::INFERRED)
            } else {
                String::new()
            };
            let note = e
                .note
                .as_deref()
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            format!("{}{mark}: {}{note}", g.facts.join(", "), refs.join("; "))
        })
        .collect();
    if evidence.is_empty() {
        blocks.push(Block::Para(
            "The profile cites no source for the facts this rule read.".into(),
        ));
    } else {
        blocks.push(Block::List(evidence));
    }
    page(&title, &blocks)
}

/// A JSON value as a template value (minijinja's serde support is not enabled).
fn to_value(v: &Value) -> minijinja::Value {
    use minijinja::Value as V;
    match v {
        Value::Null => V::from(()),
        Value::Bool(b) => V::from(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => V::from(i),
            (None, Some(u)) => V::from(u),
            _ => V::from(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => V::from(s.as_str()),
        Value::Array(items) => V::from(items.iter().map(to_value).collect::<Vec<_>>()),
        Value::Object(map) => V::from(
            map.iter()
                .map(|(k, v)| (k.clone(), to_value(v)))
                .collect::<BTreeMap<String, V>>(),
        ),
    }
}

// ---------------------------------------------------------------------------------------
// The view

/// A light background for a decided score: red (0) through yellow to green (1).
fn heat(score: Option<f64>) -> Option<String> {
    let s = score.filter(|s| s.is_finite())?.clamp(0.0, 1.0);
    Some(format!("hsl({} 70% 86%)", (s * 120.0).round()))
}

fn cited(c: &Cited<'_>) -> Value {
    let r = c.reference;
    json!({
        "n": c.n,
        "title": c.title(),
        "line": r.map_or_else(|| c.title(), phrase::reference),
        "url": c.web_url(),
        // A URL that is not a web link is shown as text, never linked.
        "url_text": r.and_then(|r| r.url.clone()).filter(|_| c.web_url().is_none()),
        "note": r.and_then(|r| r.note.clone()),
    })
}

fn cell(
    report: &Report,
    p: &ProfileReport,
    anchor: &str,
    v: Option<&VerdictReport>,
    cites: &Citations<'_>,
) -> Value {
    let Some(v) = v else {
        return json!({
            "verdict": "none",
            "symbol": "·",
            "label": "no verdict",
            "score": "",
            "heat": null,
        });
    };
    let sources: Vec<Value> = v
        .sources
        .iter()
        .map(|s| match cites.get(Origin::Rulebook, s) {
            Some(c) => cited(c),
            None => json!({ "n": null, "title": s, "url": null }),
        })
        .collect();
    let evidence: Vec<Value> = by_citation(&v.evidence)
        .into_iter()
        .map(|g| {
            let e = g.evidence;
            let refs: Vec<Value> = e
                .sources
                .iter()
                .map(|s| match cites.get(Origin::Profile, s) {
                    Some(c) => cited(c),
                    None => json!({ "n": null, "title": s, "url": null }),
                })
                .collect();
            let facts: Vec<Value> = g
                .facts
                .iter()
                .map(|f| json!({ "label": p.label(f), "pointer": f }))
                .collect();
            json!({
                "fact": g.facts.join(", "),
                "facts": facts,
                "cited_at": e.cited_at,
                "section": e.section,
                "note": e.note,
                "inferred": e.basis.is_inferred(),
                "refs": refs,
            })
        })
        .collect();
    let label = |f: &str| p.label(f).to_string();
    let labelled = phrase::Markup {
        fact: &label,
        value: &str::to_string,
    };
    let would_pass = phrase::flip_clauses(v, &labelled);
    let would_pass = (!would_pass.is_empty()).then(|| would_pass.join("; "));
    let score = match v.verdict {
        Verdict::NotApplicable | Verdict::InsufficientData => String::new(),
        _ => phrase::percent(v.score),
    };
    json!({
        "rule": v.rule,
        "title": v.title,
        "category": report.category_title(&v.category),
        "weight": phrase::number(v.weight),
        "verdict": v.verdict.as_str(),
        "symbol": if v.is_waived() { "⊘" } else { phrase::mark(v.verdict) },
        "label": if v.is_waived() { format!("waived ({})", phrase::verdict_word(v.verdict)) } else { phrase::verdict_word(v.verdict).to_string() },
        "waiver": phrase::waiver(v),
        "score": score,
        "heat": heat(v.score),
        "explanation": v.explanation,
        "why": phrase::why(v),
        "missing": v
            .missing
            .iter()
            .map(|m| json!({ "label": p.label(m), "pointer": m }))
            .collect::<Vec<_>>(),
        "would_pass": would_pass,
        "search_stopped": phrase::search_stopped(v),
        "sources": sources,
        "evidence": evidence,
        "trace": phrase::trace(&v.trace),
        "anchor": anchor,
        "evidence_age": phrase::evidence_age(v, report).trim_start_matches(" · ").to_string(),
        "stale": v.stale,
    })
}

fn view(report: &Report) -> Value {
    let rb = &report.rulebook;
    let m = Matrix::new(report);
    let cites: Vec<Citations<'_>> = report
        .profiles
        .iter()
        .map(|p| Citations::for_profile(report, p))
        .collect();
    // Stable anchors: a profile's id (`#RS`), a finding `#RS-hrv-restrictions`; an id
    // that is not a plain code falls back to its position.
    let anchor = |i: usize| {
        let id = &report.profiles[i].id;
        let plain = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric());
        let taken = report.profiles[..i].iter().any(|q| &q.id == id);
        if plain && !taken {
            id.clone()
        } else {
            format!("p{i}")
        }
    };

    let lens = match &rb.lens {
        Some(l) => format!("lens {l}"),
        None => "the rules' own weights".to_string(),
    };
    let mut subtitle = format!("Rulebook {} v{} · scores under {lens}", rb.id, rb.version);
    if let Some(d) = &report.as_of {
        subtitle.push_str(&format!(" · as of {d}"));
    }
    subtitle.push_str(&phrase::sources_kept(report));

    let legend: Vec<Value> = Verdict::ALL
        .iter()
        .map(|v| {
            json!({
                "verdict": v.as_str(),
                "symbol": phrase::mark(*v),
                "label": phrase::verdict_word(*v),
                "meaning": phrase::verdict_meaning(*v),
                "heat": match v {
                    Verdict::Pass => heat(Some(1.0)),
                    Verdict::Partial => heat(Some(0.5)),
                    Verdict::Fail => heat(Some(0.0)),
                    _ => None,
                },
            })
        })
        .collect();

    let groups: Vec<Value> = m
        .by_category()
        .into_iter()
        .map(|(category, rows)| {
            let scores: Vec<Value> = report
                .profiles
                .iter()
                .map(|p| match p.categories.get(category) {
                    Some(c) if c.weight > 0.0 => json!({
                        "applies": true,
                        "score": phrase::percent(c.score),
                        "coverage": phrase::percent(Some(c.coverage)),
                    }),
                    _ => json!({ "applies": false, "score": "n/a", "coverage": null }),
                })
                .collect();
            let rules: Vec<Value> = rows
                .iter()
                .map(|r| {
                    let cells: Vec<Value> = (0..report.profiles.len())
                        .map(|i| brief(&report.profiles[i], &anchor(i), m.cell(i, r.id)))
                        .collect();
                    json!({
                        "id": r.id,
                        "title": r.title,
                        "weight": phrase::number(r.weight),
                        "cells": cells,
                    })
                })
                .collect();
            json!({
                "id": category,
                "title": report.category_title(category),
                "description": rb.categories.get(category).map(|c| c.description.clone()),
                "scores": scores,
                "rules": rules,
            })
        })
        .collect();

    let profiles: Vec<Value> = report
        .profiles
        .iter()
        .enumerate()
        .map(|(i, p)| profile_view(report, p, &anchor(i), &cites[i]))
        .collect();

    let source_url = rb
        .source
        .url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    let summary = summary(report, &anchor);
    let map = svg::map(report, &anchor);
    let bars: Vec<Value> = m
        .by_category()
        .into_iter()
        .enumerate()
        .map(|(i, (category, _))| {
            let title = report.category_title(category);
            json!({ "title": title, "svg": svg::category_bars(report, category, title, i) })
        })
        .collect();
    json!({
        "lang": "en",
        "summary": summary,
        "chart": svg::chart(report, &anchor),
        "map": map.svg,
        "map_missing": map
            .missing
            .iter()
            .map(|&i| json!({ "name": report.profiles[i].name, "anchor": anchor(i) }))
            .collect::<Vec<_>>(),
        "bars": bars,
        "title": rb.title,
        "subtitle": subtitle,
        "source": phrase::reference(&rb.source),
        "source_url": source_url,
        "legend": legend,
        "rule_count": m.rows.len(),
        "profile_count": report.profiles.len(),
        "groups": groups,
        "profiles": profiles,
    })
}

/// The first screen: profiles ranked by score with coverage beside it, graded ones first
/// (ungraded ones are listed, not ranked among them), each with the date of its newest
/// evidence; and the day the data describes (from the data, never the clock).
fn summary(report: &Report, anchor: &dyn Fn(usize) -> String) -> Value {
    let mut order: Vec<usize> = (0..report.profiles.len()).collect();
    let graded = |i: &usize| report.profiles[*i].grade.is_some();
    order.sort_by(|a, b| {
        let (pa, pb) = (&report.profiles[*a], &report.profiles[*b]);
        graded(b)
            .cmp(&graded(a))
            .then(
                pb.score
                    .unwrap_or(-1.0)
                    .total_cmp(&pa.score.unwrap_or(-1.0)),
            )
            .then(pa.id.cmp(&pb.id))
    });
    let mut rank = 0;
    let rows: Vec<Value> = order
        .iter()
        .map(|&i| {
            let p = &report.profiles[i];
            let ranked = p.grade.is_some();
            if ranked {
                rank += 1;
            }
            json!({
                "rank": ranked.then_some(rank),
                "id": p.id,
                "name": p.name,
                "anchor": anchor(i),
                "score": phrase::percent(p.score),
                "coverage": phrase::percent(Some(p.coverage)),
                "coverage_pct": (p.coverage * 100.0).round(),
                "score_pct": p.score.map(|s| (s * 100.0).round()),
                "grade": p.grade_text(),
                "graded": ranked,
                "evidence": p.as_of,
            })
        })
        .collect();
    let newest = report.profiles.iter().map(|p| p.as_of.as_str()).max();
    json!({
        "rows": rows,
        "data_as_of": report.as_of.as_deref().or(newest),
        "rulebook": format!("{} v{}", report.rulebook.id, report.rulebook.version),
    })
}

/// A matrix cell: the verdict in words and symbol, its score, and the finding it opens
/// (the explanation is written once, in the profile's section).
fn brief(p: &ProfileReport, anchor: &str, v: Option<&VerdictReport>) -> Value {
    let Some(v) = v else {
        return json!({ "verdict": "none", "symbol": "·", "label": "no verdict", "score": "" });
    };
    let score = match v.verdict {
        Verdict::NotApplicable | Verdict::InsufficientData => String::new(),
        _ => phrase::percent(v.score),
    };
    json!({
        "verdict": v.verdict.as_str(),
        "symbol": if v.is_waived() { "⊘" } else { phrase::mark(v.verdict) },
        "label": if v.is_waived() { format!("waived ({})", phrase::verdict_word(v.verdict)) } else { phrase::verdict_word(v.verdict).to_string() },
        "score": score,
        "heat": heat(v.score),
        "stale": v.stale,
        "target": format!("{anchor}-{}", v.rule),
        "name": p.name,
    })
}

/// A timeline's changes as the page lists them, numbered as the picture marks them.
fn events(p: &ProfileReport, t: &Timeline, cites: &Citations<'_>) -> Vec<Value> {
    t.events
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let change = if e.added {
                "added".to_string()
            } else {
                let shown = |v: Option<&Value>| match v {
                    None | Some(Value::Null) => "unknown".to_string(),
                    Some(v) => phrase::value(v),
                };
                format!("{} → {}", shown(e.from.as_ref()), shown(e.to.as_ref()))
            };
            let source = cites.get(Origin::Profile, &e.source);
            json!({
                "n": n + 1,
                "date": e.date,
                "label": e.label,
                "pointer": e.fact,
                "change": change,
                "source_n": source.map(|c| c.n),
                "source": source.map_or_else(|| e.source.clone(), |c| c.title()),
                "profile": p.id,
            })
        })
        .collect()
}

fn profile_view(report: &Report, p: &ProfileReport, anchor: &str, cites: &Citations<'_>) -> Value {
    let findings: Vec<Value> = p
        .verdicts
        .iter()
        .map(|v| cell(report, p, anchor, Some(v), cites))
        .collect();
    let categories: Vec<Value> = p
        .categories
        .iter()
        .map(|(id, c)| {
            json!({
                "id": id,
                "title": report.category_title(id),
                "applies": c.weight > 0.0,
                "score": phrase::percent(c.score),
                "coverage": phrase::percent(Some(c.coverage)),
                "counts": phrase::counts(&c.counts),
            })
        })
        .collect();
    json!({
        "id": p.id,
        "name": p.name,
        "anchor": anchor,
        "as_of": p.as_of,
        "score": phrase::percent(p.score),
        "coverage": phrase::percent(Some(p.coverage)),
        "grade": p.grade,
        "ungraded": p.grade_withheld.as_ref().map(|_| p.grade_text()),
        "outside": p.outside_evidence.as_ref().map(|o| o.warning(&p.as_of)),
        "counts": phrase::counts(&p.counts),
        "categories": categories,
        "findings": findings,
        "timeline": p.timeline.as_ref().map(|t| svg::timeline(report, p, t, anchor)),
        "events": p.timeline.as_ref().map(|t| events(p, t, cites)).unwrap_or_default(),
        "sources": cites.entries().iter().map(cited).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    fn page() -> String {
        HtmlRenderer::new(None)
            .unwrap()
            .render(&sample::report())
            .unwrap()
    }

    /// The values of every `attr="…"` in the page.
    fn attrs<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
        let needle = format!("{attr}=\"");
        html.match_indices(&needle)
            .map(|(i, _)| {
                let rest = &html[i + needle.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect()
    }

    #[test]
    fn one_self_contained_accessible_page() {
        let html = page();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.trim_end().ends_with("</html>"));
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("<caption>"));
        assert!(html.contains("<th scope=\"col\""));
        assert!(html.contains("<th scope=\"row\""));
        assert!(html.contains("@media print"));
        // No external requests: no scripts, stylesheets, images, frames or CSS imports.
        for banned in ["<script", "<link", "<img", "<iframe", "@import", " src="] {
            assert!(!html.contains(banned), "found {banned}");
        }
        assert!(
            html.match_indices("url(")
                .all(|(i, _)| html[i..].starts_with("url(#")),
            "CSS urls point only into the page"
        );
        // Links are in-page anchors or citation links to web sources.
        for href in attrs(&html, "href") {
            assert!(
                href.starts_with('#') || href.starts_with("https:"),
                "unexpected href {href}"
            );
        }
        assert!(!html.contains("javascript:alert(1)\""));
    }

    #[test]
    fn every_cell_shows_its_verdict_in_text_and_opens_its_finding() {
        let html = page();
        let r = sample::report();
        for p in &r.profiles {
            for rule in &r.rulebook.rules {
                let target = format!("{}-{}", p.id, rule.id);
                assert!(
                    html.contains(&format!("<a href=\"#{target}\" aria-label=")),
                    "{target} opens its finding"
                );
                assert_eq!(html.matches(&format!("id=\"{target}\"")).count(), 1);
            }
        }
        for word in ["pass", "partial", "fail", "n/a", "insufficient data"] {
            assert!(
                html.contains(&format!("<span class=\"word\">{word}</span>")),
                "verdict {word} in text"
            );
        }
        // Coverage beside aggregate scores.
        assert!(html.contains("80% <span class=\"coverage\">coverage 100%</span>"));
        assert!(html.contains("— <span class=\"coverage\">coverage 0%</span>"));
        assert!(html.contains("would pass if /clean_network/joined were true"));
    }

    #[test]
    fn everything_is_escaped() {
        let html = page();
        assert!(html.contains("France | Métropole &amp; &lt;DOM&gt;"));
        assert!(html.contains("Joined the &lt;Clean&gt; Network"));
        assert!(html.contains("Announced in a &lt;b&gt;press&lt;/b&gt; release"));
        assert!(html.contains("The operators&#39; vendors are not known."));
        assert_eq!(escape("\"a\" & 'b'"), "&quot;a&quot; &amp; &#39;b&#39;");
        assert!(!html.contains("<DOM>"));
        assert!(!html.contains("<b>press"));
    }

    #[test]
    fn override_templates_and_their_errors() {
        let dir = tempfile::tempdir().unwrap();
        // A directory without the file: the built-in template.
        let html = HtmlRenderer::new(Some(dir.path()))
            .unwrap()
            .render(&sample::report())
            .unwrap();
        assert_eq!(html, page());

        std::fs::write(
            dir.path().join(TEMPLATE_NAME),
            "{% for p in report.profiles %}{{ p.name }};{% endfor %}{{ view.profiles[0].score }}",
        )
        .unwrap();
        let out = HtmlRenderer::new(Some(dir.path()))
            .unwrap()
            .render(&sample::report())
            .unwrap();
        assert_eq!(out, "Germany;France | Métropole &amp; &lt;DOM&gt;;67%\n");

        std::fs::write(dir.path().join(TEMPLATE_NAME), "{% for %}").unwrap();
        let err = HtmlRenderer::new(Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains(TEMPLATE_NAME), "{err}");
        assert!(err.contains("syntax error"), "{err}");

        let missing = dir.path().join("nope");
        let err = HtmlRenderer::new(Some(&missing)).unwrap_err();
        assert!(matches!(err, RenderError::Io { .. }), "{err}");

        // The error a template that compiles gives when it renders.
        let failing = |template: &str| {
            std::fs::write(dir.path().join(TEMPLATE_NAME), template).unwrap();
            HtmlRenderer::new(Some(dir.path()))
                .unwrap()
                .render(&sample::report())
                .unwrap_err()
                .to_string()
        };
        // A template that loops without end runs out of fuel instead of memory.
        let err = failing(
            "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
        );
        assert!(err.contains("fuel"), "{err}");
        // And one that calls itself stops at the recursion limit.
        let err = failing("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}");
        assert!(err.contains("recursion") || err.contains("fuel"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_template_that_is_not_a_regular_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join(TEMPLATE_NAME)).unwrap();
        let err = HtmlRenderer::new(Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains("character device"), "{err}");
    }

    #[test]
    fn deterministic_snapshot() {
        let html = page();
        assert_eq!(html, page());
        insta::assert_snapshot!("html_scorecard", html);
    }
}
