//! The research agenda as text, Markdown, CSV or JSON: the unknown facts worth finding,
//! the most rule weight first.

use crate::agenda::{Agenda, Item, Outcome, Waiting};
use crate::render::{csv, markdown, phrase, text};
use std::fmt::Write;

/// `true → pass, false → fail` for one rule, or one line per value when several rules wait.
fn outcome_phrase(o: &Outcome) -> String {
    let verdicts: Vec<String> = o
        .verdicts
        .iter()
        .map(|v| {
            if o.verdicts.len() == 1 {
                v.verdict.as_str().to_string()
            } else {
                format!("{} {}", v.rule, v.verdict)
            }
        })
        .collect();
    format!(
        "{} → {} (coverage {})",
        phrase::value(&o.value),
        verdicts.join(", "),
        phrase::percent(Some(o.coverage))
    )
}

/// "coverage 38% → 50%" or "38% → 50–63%".
fn coverage_move(w: &Waiting) -> String {
    let now = phrase::percent(Some(w.coverage));
    match w.coverage_reached() {
        Some((lo, hi)) if (hi - lo).abs() < 1e-9 => {
            format!("coverage {now} → {}", phrase::percent(Some(lo)))
        }
        Some((lo, hi)) => format!(
            "coverage {now} → {}–{}",
            phrase::percent(Some(lo)),
            phrase::percent(Some(hi))
        ),
        None => format!("coverage {now}"),
    }
}

fn heading(a: &Agenda) -> String {
    let mut s = format!("Research agenda — rulebook {} v{}", a.rulebook, a.version);
    if let Some(l) = &a.lens {
        let _ = write!(s, ", lens {l}");
    }
    if let Some(d) = &a.as_of {
        let _ = write!(s, ", as of {d}");
    }
    s
}

fn weight_line(i: &Item) -> String {
    let decides = if (i.weight - i.certain_weight).abs() < 1e-9 {
        format!(
            "decides rule weight {} whatever its value",
            phrase::number(i.weight)
        )
    } else {
        format!(
            "could decide rule weight {} ({} whatever its value)",
            phrase::number(i.weight),
            phrase::number(i.certain_weight)
        )
    };
    format!(
        "{decides}; {} waiting: {}",
        if i.rules.len() == 1 { "rule" } else { "rules" },
        i.rules.join(", ")
    )
}

/// Plain text, wrapped to 80 columns.
pub fn text(a: &Agenda) -> String {
    let mut out = text::wrap(&text::clean(&heading(a)), "", "");
    out.push_str(&text::wrap(
        &format!(
            "{} unknown fact{}, ranked by the rule weight finding them could decide.",
            a.items.len(),
            if a.items.len() == 1 { "" } else { "s" }
        ),
        "",
        "",
    ));
    for (n, i) in a.items.iter().enumerate() {
        out.push('\n');
        out.push_str(&text::wrap(
            &text::clean(&format!("{}. {}", n + 1, i.fact)),
            "",
            "   ",
        ));
        if let Some(d) = &i.description {
            out.push_str(&text::wrap(&text::clean(d), "   ", "   "));
        }
        out.push_str(&text::wrap(&text::clean(&weight_line(i)), "   ", "   "));
        for w in &i.profiles {
            out.push_str(&text::wrap(
                &text::clean(&format!(
                    "{} {}: {}; {}",
                    w.profile,
                    w.name,
                    w.rules.join(", "),
                    coverage_move(w)
                )),
                "   - ",
                "     ",
            ));
            for o in &w.outcomes {
                out.push_str(&text::wrap(
                    &text::clean(&outcome_phrase(o)),
                    "       ",
                    "         ",
                ));
            }
        }
    }
    if !a.research.is_empty() {
        out.push_str("\nWhere to look\n");
        for (rule, how) in &a.research {
            out.push_str(&text::wrap(
                &text::clean(&format!("{rule}: {how}")),
                "- ",
                "  ",
            ));
        }
    }
    out
}

/// GitHub-flavoured Markdown.
pub fn markdown(a: &Agenda) -> String {
    let mut out = format!("# {}\n\n", markdown::text(&heading(a)));
    let _ = writeln!(
        out,
        "{} unknown fact{}, ranked by the rule weight finding them could decide.\n",
        a.items.len(),
        if a.items.len() == 1 { "" } else { "s" }
    );
    for (n, i) in a.items.iter().enumerate() {
        let _ = writeln!(out, "## {}. {}\n", n + 1, markdown::code(&i.fact));
        if let Some(d) = &i.description {
            let _ = writeln!(out, "{}\n", markdown::text(d));
        }
        let _ = writeln!(out, "{}\n", markdown::text(&weight_line(i)));
        for w in &i.profiles {
            let _ = writeln!(
                out,
                "- **{} {}**: {}; {}",
                markdown::text(&w.profile),
                markdown::text(&w.name),
                markdown::text(&w.rules.join(", ")),
                markdown::text(&coverage_move(w))
            );
            for o in &w.outcomes {
                let _ = writeln!(out, "  - {}", markdown::text(&outcome_phrase(o)));
            }
        }
        out.push('\n');
    }
    if !a.research.is_empty() {
        out.push_str("## Where to look\n\n");
        for (rule, how) in &a.research {
            let _ = writeln!(out, "- {}: {}", markdown::code(rule), markdown::text(how));
        }
    }
    out
}

/// The CSV columns, in order.
pub const HEADER: [&str; 10] = [
    "rank",
    "fact",
    "weight",
    "certain_weight",
    "profile",
    "rules",
    "profile_weight",
    "coverage",
    "coverage_reached",
    "outcomes",
];

/// One row per (fact, profile waiting on it).
pub fn csv(a: &Agenda) -> String {
    let mut out = String::new();
    csv::push_row(&mut out, &HEADER.map(String::from));
    for (n, i) in a.items.iter().enumerate() {
        for w in &i.profiles {
            let reached = w
                .coverage_reached()
                .map(|(lo, hi)| {
                    if (hi - lo).abs() < 1e-9 {
                        csv::number(Some(lo))
                    } else {
                        format!("{}-{}", csv::number(Some(lo)), csv::number(Some(hi)))
                    }
                })
                .unwrap_or_default();
            csv::push_row(
                &mut out,
                &[
                    (n + 1).to_string(),
                    i.fact.clone(),
                    csv::number(Some(i.weight)),
                    csv::number(Some(i.certain_weight)),
                    w.profile.clone(),
                    w.rules.join(" "),
                    csv::number(Some(w.weight)),
                    csv::number(Some(w.coverage)),
                    reached,
                    w.outcomes
                        .iter()
                        .map(outcome_phrase)
                        .collect::<Vec<_>>()
                        .join("; "),
                ],
            );
        }
    }
    out
}

/// The agenda model, pretty-printed.
pub fn json(a: &Agenda) -> String {
    super::json::pretty(a)
}

/// One self-contained HTML page.
pub fn html(a: &Agenda) -> String {
    use crate::render::html::{Block, page};
    let title = heading(a);
    let mut blocks = vec![
        Block::Heading(1, title.clone()),
        Block::Para(format!(
            "{} unknown fact{}, ranked by the rule weight finding them could decide.",
            a.items.len(),
            if a.items.len() == 1 { "" } else { "s" }
        )),
    ];
    for (n, i) in a.items.iter().enumerate() {
        blocks.push(Block::Heading(2, format!("{}. {}", n + 1, i.fact)));
        if let Some(d) = &i.description {
            blocks.push(Block::Para(d.clone()));
        }
        blocks.push(Block::Para(weight_line(i)));
        blocks.push(Block::List(
            i.profiles
                .iter()
                .map(|w| {
                    let outcomes: Vec<String> = w.outcomes.iter().map(outcome_phrase).collect();
                    format!(
                        "{} {}: {}; {}{}",
                        w.profile,
                        w.name,
                        w.rules.join(", "),
                        coverage_move(w),
                        if outcomes.is_empty() {
                            String::new()
                        } else {
                            format!(" — {}", outcomes.join("; "))
                        }
                    )
                })
                .collect(),
        ));
    }
    if !a.research.is_empty() {
        blocks.push(Block::Heading(2, "Where to look".into()));
        blocks.push(Block::List(
            a.research
                .iter()
                .map(|(rule, how)| format!("{rule}: {how}"))
                .collect(),
        ));
    }
    page(&title, &blocks)
}
