//! The lens sensitivity view: each profile's score and rank under every lens, so a reader
//! sees whether a ranking depends on the weighting.

use crate::report::Report;
use std::fmt::Write;

/// One report per lens (the first should be the rules' own weights).
pub struct Sensitivity<'a> {
    pub reports: Vec<&'a Report>,
}

/// Ranks (1 = highest score; ties share a rank; unscored last) in report order.
pub fn ranks(report: &Report) -> Vec<Option<usize>> {
    report
        .profiles
        .iter()
        .map(|p| {
            p.score.map(|s| {
                1 + report
                    .profiles
                    .iter()
                    .filter(|q| q.score.is_some_and(|t| t > s))
                    .count()
            })
        })
        .collect()
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
    let mut header = vec!["Profile".to_string()];
    header.extend(s.reports.iter().map(|r| lens_name(r)));
    table.set_header(header);
    let all_ranks: Vec<Vec<Option<usize>>> = s.reports.iter().map(|r| ranks(r)).collect();
    for (i, p) in first.profiles.iter().enumerate() {
        let mut row = vec![p.id.clone()];
        for (r, rk) in s.reports.iter().zip(&all_ranks) {
            let score = r.profiles.get(i).and_then(|q| q.score);
            row.push(match (score, rk.get(i).copied().flatten()) {
                (Some(sc), Some(k)) => format!("{:.0}% (#{k})", sc * 100.0),
                _ => "— (unscored)".into(),
            });
        }
        table.add_row(row);
    }
    let mut out = format!("{table}\n");
    let stable = all_ranks.windows(2).all(|w| w[0] == w[1]);
    let _ = writeln!(
        out,
        "{}",
        if stable {
            "The ranking is the same under every lens."
        } else {
            "The ranking depends on the lens: compare the ranks across columns."
        }
    );
    out
}

/// GitHub-flavoured Markdown table.
pub fn markdown(s: &Sensitivity<'_>) -> String {
    let Some(first) = s.reports.first() else {
        return String::new();
    };
    let mut out = String::from("| Profile |");
    for r in &s.reports {
        let _ = write!(out, " {} |", lens_name(r));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(s.reports.len()));
    out.push('\n');
    let all_ranks: Vec<Vec<Option<usize>>> = s.reports.iter().map(|r| ranks(r)).collect();
    for (i, p) in first.profiles.iter().enumerate() {
        let _ = write!(out, "| {} {} |", p.id, p.name);
        for (r, rk) in s.reports.iter().zip(&all_ranks) {
            let score = r.profiles.get(i).and_then(|q| q.score);
            match (score, rk.get(i).copied().flatten()) {
                (Some(sc), Some(k)) => {
                    let _ = write!(out, " {:.0}% (#{k}) |", sc * 100.0);
                }
                _ => out.push_str(" — |"),
            }
        }
        out.push('\n');
    }
    out
}
