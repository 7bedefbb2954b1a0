//! A static site: the scorecard, a page per profile, a page per rule, the research agenda.
//!
//! What a think tank publishes as its monitor: every page self-contained (no script, no
//! external request), linked to the others by relative links, deterministic. The pages are
//! rendered here, in memory; writing them (all or nothing) is the caller's business.
//!
//! - `index.html`: the scorecard of every profile;
//! - `profiles/<ID>.html`: one profile's audit, timeline and sources (the scorecard page of
//!   that profile alone);
//! - `rules/<id>.html`: a rule's recommendation, its grounding and its verdict for every
//!   profile, each linked to the finding;
//! - `agenda.html`: the unknown facts ranked by the rule weight they could decide.

use crate::agenda::Agenda;
use crate::render::html::{Block, HtmlRenderer, PageContext, page};
use crate::render::{RenderError, phrase};
use crate::report::Report;

/// One page of the site: its path relative to the site's folder, and its HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// A relative path with `/` separators (`profiles/RS.html`).
    pub path: String,
    /// The page.
    pub html: String,
}

/// A name safe as a file name: letters, digits, `-` and `_` kept; anything else, or an
/// empty result, gives `fallback`.
fn file_stem(id: &str, fallback: String) -> String {
    let safe = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if safe { id.to_string() } else { fallback }
}

/// Every page of the site for `report` (its profiles' timelines are drawn when present)
/// and `agenda`, in a fixed order: index, profiles, rules, agenda. The scorecard pages say
/// they were generated on `generated` when given.
pub fn pages(
    report: &Report,
    agenda: &Agenda,
    renderer: &HtmlRenderer,
    generated: Option<&str>,
) -> Result<Vec<Page>, RenderError> {
    let mut stems: Vec<String> = Vec::new();
    for (i, p) in report.profiles.iter().enumerate() {
        let stem = file_stem(&p.id, format!("profile-{i}"));
        // Two profiles with one id (possible from `--fixtures`) get distinct pages.
        let stem = if stems.contains(&stem) {
            format!("profile-{i}")
        } else {
            stem
        };
        stems.push(stem);
    }
    let rule_stems: Vec<String> = report
        .rulebook
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| file_stem(&r.id, format!("rule-{i}")))
        .collect();
    let nav = |up: &str| -> Vec<(String, String)> {
        let mut links = vec![(format!("{up}index.html"), "Scorecard".to_string())];
        for (p, stem) in report.profiles.iter().zip(&stems) {
            links.push((format!("{up}profiles/{stem}.html"), p.name.clone()));
        }
        links.push((format!("{up}agenda.html"), "Research agenda".to_string()));
        links
    };

    let mut out = vec![Page {
        path: "index.html".into(),
        html: renderer.render_with(
            report,
            &PageContext {
                nav: &nav(""),
                rules: "rules/",
                generated,
            },
        )?,
    }];
    for (p, stem) in report.profiles.iter().zip(&stems) {
        let one = Report {
            profiles: vec![p.clone()],
            ..report.clone()
        };
        out.push(Page {
            path: format!("profiles/{stem}.html"),
            html: renderer.render_with(
                &one,
                &PageContext {
                    nav: &nav("../"),
                    rules: "../rules/",
                    generated,
                },
            )?,
        });
    }
    for (i, (r, stem)) in report.rulebook.rules.iter().zip(&rule_stems).enumerate() {
        let mut blocks = vec![
            Block::Links(nav("../")),
            Block::Heading(1, format!("{} — {}", r.id, r.title)),
            Block::Para(format!(
                "{} · weight {} · rulebook {} v{}",
                report.category_title(&r.category),
                phrase::number(r.weight),
                report.rulebook.id,
                report.rulebook.version
            )),
            Block::Heading(2, "Recommendation".into()),
            Block::Para(r.recommendation.text.clone()),
            Block::Para(format!(
                "{}, {}",
                phrase::reference(&report.rulebook.source),
                r.recommendation.section
            )),
        ];
        let grounding: Vec<String> = r
            .sources
            .iter()
            .map(|s| {
                report
                    .rulebook
                    .references
                    .get(s)
                    .map_or_else(|| s.clone(), phrase::reference)
            })
            .collect();
        if !grounding.is_empty() {
            blocks.push(Block::Heading(2, "Grounding".into()));
            blocks.push(Block::List(grounding));
        }
        blocks.push(Block::Heading(2, "Verdicts".into()));
        let mut rows = Vec::new();
        let mut links = Vec::new();
        for (p, pstem) in report.profiles.iter().zip(&stems) {
            let Some(v) = p.verdicts.iter().find(|v| v.rule == r.id) else {
                continue;
            };
            rows.push(vec![
                format!("{} ({})", p.name, p.id),
                phrase::shown(v),
                v.explanation.clone(),
            ]);
            links.push((
                format!("../profiles/{pstem}.html#{}-{}", p.id, v.rule),
                format!("{}: the finding, its evidence and sources", p.name),
            ));
        }
        blocks.push(Block::Table(
            vec!["Country".into(), "Verdict".into(), "Why".into()],
            rows,
        ));
        blocks.push(Block::Links(links));
        if let Some(next) = rule_stems.get(i + 1) {
            blocks.push(Block::Links(vec![(
                format!("{next}.html"),
                format!("Next rule: {}", report.rulebook.rules[i + 1].id),
            )]));
        }
        out.push(Page {
            path: format!("rules/{stem}.html"),
            html: page(&format!("{} — {}", r.id, r.title), &blocks),
        });
    }
    let agenda_html = crate::render::agenda::html(agenda);
    let rule_links: Vec<(String, String)> = report
        .rulebook
        .rules
        .iter()
        .zip(&rule_stems)
        .map(|(r, stem)| {
            (
                format!("rules/{stem}.html"),
                format!("{} — {}", r.id, r.title),
            )
        })
        .collect();
    // The agenda page, with the site's links before its content.
    let links = page("", &[Block::Links(nav("")), Block::Links(rule_links)]);
    let body = |html: &str| -> String {
        let start = html.find("<main>\n").map_or(0, |i| i + "<main>\n".len());
        let end = html.rfind("</main>").unwrap_or(html.len());
        html[start..end].to_string()
    };
    let agenda_page = agenda_html.replacen("<main>\n", &format!("<main>\n{}", body(&links)), 1);
    out.push(Page {
        path: "agenda.html".into(),
        html: agenda_page,
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_ids_get_positional_file_names() {
        assert_eq!(file_stem("RS", "p".into()), "RS");
        assert_eq!(
            file_stem("hrv-restrictions", "p".into()),
            "hrv-restrictions"
        );
        for bad in ["", "../x", "a/b", "a b", "é", ".hidden", &"x".repeat(65)] {
            assert_eq!(file_stem(bad, "fallback".into()), "fallback", "{bad:?}");
        }
    }

    #[test]
    fn every_page_links_only_to_pages_of_the_site_or_the_web() {
        let report = crate::render::sample::report();
        let agenda = Agenda {
            rulebook: "r".into(),
            version: "1.0.0".into(),
            lens: None,
            as_of: None,
            items: vec![],
            research: Default::default(),
        };
        let pages = pages(&report, &agenda, &HtmlRenderer::new(None).unwrap(), None).unwrap();
        let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths[0], "index.html");
        assert!(paths.contains(&"profiles/DE.html") && paths.contains(&"agenda.html"));
        for p in &pages {
            let dir = p.path.rsplit_once('/').map_or("", |(d, _)| d);
            for href in p
                .html
                .split("href=\"")
                .skip(1)
                .filter_map(|s| s.split('"').next())
            {
                if href.starts_with('#') || href.starts_with("https:") {
                    continue;
                }
                let file = href.split('#').next().unwrap();
                let resolved = if let Some(rest) = file.strip_prefix("../") {
                    rest.to_string()
                } else if dir.is_empty() {
                    file.to_string()
                } else {
                    format!("{dir}/{file}")
                };
                assert!(
                    paths.contains(&resolved.as_str()),
                    "{}: link {href} resolves to no page",
                    p.path
                );
            }
        }
    }
}
