//! The lens sensitivity view: each profile's score and rank under every lens, so a reader
//! sees whether a ranking depends on the weighting.

use crate::render::phrase;
use crate::report::{ProfileReport, Report};
use std::fmt::Write;

/// One report per lens (the first should be the rules' own weights).
pub struct Sensitivity<'a> {
    /// The same profiles scored under each lens, in column order.
    pub reports: Vec<&'a Report>,
}

/// Ranks among graded profiles (1 = highest score; ties share a rank), in report order.
/// A profile without a score, or whose coverage is below the rulebook's minimum for a grade,
/// has no rank: ranking on too little evidence would be ranking on noise.
pub fn ranks(report: &Report) -> Vec<Option<usize>> {
    report
        .profiles
        .iter()
        .map(|p| {
            let s = p.score.filter(|_| p.is_graded())?;
            Some(
                1 + report
                    .profiles
                    .iter()
                    .filter(|q| q.is_graded() && q.score.is_some_and(|t| t > s))
                    .count(),
            )
        })
        .collect()
}

/// One cell: score and rank; `–` for a score that is not ranked (not graded).
fn cell(p: Option<&ProfileReport>, rank: Option<usize>) -> String {
    match (p, rank) {
        (Some(p), Some(k)) => format!("{} (#{k})", phrase::percent(p.score)),
        (Some(p), None) if p.score.is_some() => format!("{} (–)", phrase::percent(p.score)),
        _ => "—".into(),
    }
}

/// What the table shows about the ranking's stability, in words.
fn conclusion(s: &Sensitivity<'_>, all_ranks: &[Vec<Option<usize>>]) -> String {
    let graded: Vec<Vec<bool>> = all_ranks
        .iter()
        .map(|r| r.iter().map(Option::is_some).collect())
        .collect();
    let same_graded = graded.windows(2).all(|w| w[0] == w[1]);
    let counts: Vec<usize> = graded
        .iter()
        .map(|g| g.iter().filter(|x| **x).count())
        .collect();
    let stable = all_ranks.windows(2).all(|w| w[0] == w[1]);
    let min = s
        .reports
        .first()
        .map_or(0.0, |r| r.rulebook.grade_min_coverage);
    let mut out = if counts.iter().all(|n| *n == 0) {
        "No profile is graded under any lens, so nothing is ranked.".to_string()
    } else if !same_graded {
        "Which profiles have enough coverage to be graded depends on the lens (coverage is weighted too): compare ranks only within a column.".to_string()
    } else if counts[0] == 1 {
        "Only one profile is graded, so there is no ranking to compare.".to_string()
    } else if stable {
        format!(
            "The ranking of the {} graded profiles is the same under every lens.",
            counts[0]
        )
    } else {
        format!(
            "The ranking of the {} graded profiles depends on the lens: compare the ranks across columns.",
            counts[0]
        )
    };
    if graded.iter().flatten().any(|g| !g) {
        out.push_str(&format!(
            " (–): not ranked, for want of a score or of coverage (the rulebook grades from {:.0}%). Coverage: the share of applicable weight decided, under the rules' own weights.",
            min * 100.0
        ));
    }
    out
}

fn lens_name(r: &Report) -> String {
    r.rulebook
        .lens
        .clone()
        .unwrap_or_else(|| "(rule weights)".into())
}

/// A plain-text table: rows = profiles, columns = lenses, cells = score (rank).
pub fn text(s: &Sensitivity<'_>) -> String {
    let Some(first) = s.reports.first() else {
        return String::new();
    };
    let mut table = comfy_table::Table::new();
    table
        .load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_width(80);
    let mut header = vec!["Profile".to_string(), "Coverage".to_string()];
    header.extend(s.reports.iter().map(|r| lens_name(r)));
    table.set_header(header);
    let all_ranks: Vec<Vec<Option<usize>>> = s.reports.iter().map(|r| ranks(r)).collect();
    for (i, p) in first.profiles.iter().enumerate() {
        let mut row = vec![p.id.clone(), phrase::percent(Some(p.coverage))];
        for (r, rk) in s.reports.iter().zip(&all_ranks) {
            row.push(cell(r.profiles.get(i), rk.get(i).copied().flatten()));
        }
        table.add_row(row);
    }
    let mut out = format!("{table}\n");
    out.push_str(&crate::render::text::wrap(
        &conclusion(s, &all_ranks),
        "",
        "",
    ));
    out
}

/// GitHub-flavoured Markdown table.
pub fn markdown(s: &Sensitivity<'_>) -> String {
    let Some(first) = s.reports.first() else {
        return String::new();
    };
    let esc = crate::render::markdown::text;
    let mut out = String::from("| Profile | Coverage |");
    for r in &s.reports {
        let _ = write!(out, " {} |", esc(&lens_name(r)));
    }
    out.push_str("\n|---|---:|");
    out.push_str(&"---|".repeat(s.reports.len()));
    out.push('\n');
    let all_ranks: Vec<Vec<Option<usize>>> = s.reports.iter().map(|r| ranks(r)).collect();
    for (i, p) in first.profiles.iter().enumerate() {
        let _ = write!(
            out,
            "| {} {} | {} |",
            esc(&p.id),
            esc(&p.name),
            phrase::percent(Some(p.coverage))
        );
        for (r, rk) in s.reports.iter().zip(&all_ranks) {
            let _ = write!(
                out,
                " {} |",
                cell(r.profiles.get(i), rk.get(i).copied().flatten())
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "\n{}",
        crate::render::markdown::text(&conclusion(s, &all_ranks))
    );
    out
}

/// One profile's score under one lens, for the machine formats.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Cell {
    /// The lens (`None`: the rules' own weights).
    pub lens: Option<String>,
    /// The profile's score under the lens, in [0, 1]; `None` when nothing was decided.
    pub score: Option<f64>,
    /// The profile's coverage under the lens, in [0, 1].
    pub coverage: f64,
    /// Rank among the profiles graded under this lens (1 = highest); null when not ranked.
    pub rank: Option<usize>,
}

/// One profile's row.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    /// The profile's id.
    pub id: String,
    /// The profile's display name.
    pub name: String,
    /// One cell per lens, in the order of [`Table::lenses`].
    pub cells: Vec<Cell>,
}

/// The whole view as data: rows, and the conclusion in words.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Table {
    /// The lenses, in column order (`None`: the rules' own weights).
    pub lenses: Vec<Option<String>>,
    /// One row per profile, in the first report's order.
    pub profiles: Vec<Row>,
    /// Whether the ranking depends on the weighting, in words.
    pub conclusion: String,
}

/// The sensitivity view as data.
pub fn table(s: &Sensitivity<'_>) -> Table {
    let all_ranks: Vec<Vec<Option<usize>>> = s.reports.iter().map(|r| ranks(r)).collect();
    let profiles = s.reports.first().map_or_else(Vec::new, |first| {
        first
            .profiles
            .iter()
            .enumerate()
            .map(|(i, p)| Row {
                id: p.id.clone(),
                name: p.name.clone(),
                cells: s
                    .reports
                    .iter()
                    .zip(&all_ranks)
                    .map(|(r, rk)| {
                        let q = r.profiles.get(i);
                        Cell {
                            lens: r.rulebook.lens.clone(),
                            score: q.and_then(|q| q.score),
                            coverage: q.map_or(0.0, |q| q.coverage),
                            rank: rk.get(i).copied().flatten(),
                        }
                    })
                    .collect(),
            })
            .collect()
    });
    Table {
        lenses: s.reports.iter().map(|r| r.rulebook.lens.clone()).collect(),
        profiles,
        conclusion: conclusion(s, &all_ranks),
    }
}

/// JSON: every profile's score, coverage and rank under every lens.
pub fn json(s: &Sensitivity<'_>) -> String {
    super::json::pretty(&table(s))
}

/// CSV: one row per (profile, lens).
pub fn csv(s: &Sensitivity<'_>) -> String {
    let t = table(s);
    let mut out = String::new();
    crate::render::csv::push_row(
        &mut out,
        &["profile", "lens", "score", "coverage", "rank"].map(String::from),
    );
    for row in &t.profiles {
        for c in &row.cells {
            crate::render::csv::push_row(
                &mut out,
                &[
                    row.id.clone(),
                    c.lens.clone().unwrap_or_default(),
                    crate::render::csv::number(c.score),
                    crate::render::csv::number(Some(c.coverage)),
                    c.rank.map(|r| r.to_string()).unwrap_or_default(),
                ],
            );
        }
    }
    out
}

/// One self-contained HTML page with the table.
pub fn html(s: &Sensitivity<'_>) -> String {
    use crate::render::html::{Block, page};
    let Some(first) = s.reports.first() else {
        return page("Lens sensitivity", &[]);
    };
    let all_ranks: Vec<Vec<Option<usize>>> = s.reports.iter().map(|r| ranks(r)).collect();
    let mut header = vec!["Profile".to_string(), "Coverage".to_string()];
    header.extend(s.reports.iter().map(|r| lens_name(r)));
    let rows = first
        .profiles
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut row = vec![
                format!("{} {}", p.id, p.name),
                phrase::percent(Some(p.coverage)),
            ];
            for (r, rk) in s.reports.iter().zip(&all_ranks) {
                row.push(cell(r.profiles.get(i), rk.get(i).copied().flatten()));
            }
            row
        })
        .collect();
    let title = format!("Lens sensitivity — {}", first.rulebook.title);
    page(
        &title,
        &[
            Block::Heading(1, title.clone()),
            Block::Table(header, rows),
            Block::Para(conclusion(s, &all_ranks)),
        ],
    )
}
