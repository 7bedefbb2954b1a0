//! Diff rendering: what changed between two evaluations, and why, as text, Markdown, CSV,
//! HTML or JSON.
//!
//! One walk lays the diff out as sections of lines (`layout`); each format only prints them.

use crate::diff::{Attribution, Diff, FactChange, ProfileDiff, RuleDiff};
use crate::render::{csv, html, markdown, text};
use crate::vocab::verdict::Verdict;
use serde_json::Value;
use std::fmt::Write;

fn pct(s: Option<f64>) -> String {
    s.map_or("—".to_string(), |s| format!("{:.0}%", s * 100.0))
}

/// Score points with a sign: `+20.8`, `-4.2`.
fn points(x: f64) -> String {
    format!("{:+.1}", x * 100.0)
}

fn value(v: &Value) -> String {
    match v {
        Value::Null => "unknown".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn verdict(v: Option<Verdict>) -> &'static str {
    v.map_or("(no rule)", Verdict::as_str)
}

fn fact_line(f: &FactChange) -> String {
    let sources = if f.sources.is_empty() {
        String::new()
    } else {
        format!(" [{}]", f.sources.join(", "))
    };
    format!("{}: {} → {}{sources}", f.fact, value(&f.from), value(&f.to))
}

fn event(e: &crate::diff::Event) -> String {
    if e.added {
        let what =
            e.to.get("name")
                .and_then(Value::as_str)
                .map_or_else(|| value(&e.to), str::to_string);
        return format!("{} {}: added ({what}) [{}]", e.date, e.fact, e.source);
    }
    format!(
        "{} {}: {} → {} [{}]",
        e.date,
        e.fact,
        value(&e.from),
        value(&e.to),
        e.source
    )
}

fn why(r: &RuleDiff) -> Vec<String> {
    let mut out: Vec<String> = r.facts.iter().map(fact_line).collect();
    out.extend(r.rule_changes.iter().map(|c| format!("rule: {c}")));
    if out.is_empty() {
        out.push("no fact or rule change found in the traces (weights or scoring changed)".into());
    }
    out
}

fn side(d: &crate::diff::Side) -> String {
    let mut s = format!("{} ({} {}", d.label, d.rulebook, d.version);
    if let Some(l) = &d.lens {
        let _ = write!(s, ", lens {l}");
    }
    s.push(')');
    s
}

fn attribution(a: &[Attribution]) -> Option<String> {
    (!a.is_empty()).then(|| {
        a.iter()
            .map(|x| format!("{} {}", x.rule, points(x.part)))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

fn headline(p: &ProfileDiff) -> String {
    let change = match p.score {
        (Some(a), Some(b)) if (b - a).abs() > 1e-12 => format!(" ({} points)", points(b - a)),
        _ => String::new(),
    };
    format!(
        "{} {}: score {} → {}{change}, coverage {} → {}",
        p.id,
        p.name,
        pct(p.score.0),
        pct(p.score.1),
        pct(Some(p.coverage.0)),
        pct(Some(p.coverage.1))
    )
}

fn rule_line(r: &RuleDiff) -> String {
    format!(
        "{}: {} → {} (score {} → {})",
        r.rule,
        verdict(r.verdict.0),
        verdict(r.verdict.1),
        pct(r.score.0),
        pct(r.score.1)
    )
}

/// The diff as sections: a title, notes about the rulebooks, then one block per profile.
struct Layout {
    title: String,
    notes: Vec<String>,
    profiles: Vec<Block>,
    trailer: Vec<String>,
}

/// One profile's changes.
struct Block {
    headline: String,
    rules: Vec<(String, Vec<String>)>,
    attribution: Option<String>,
    events: Vec<String>,
}

fn layout(d: &Diff) -> Layout {
    let mut notes = Vec::new();
    for r in &d.rules_added {
        notes.push(format!(
            "rule added: {} — {} (weight {})",
            r.id, r.title, r.weight
        ));
    }
    for r in &d.rules_removed {
        notes.push(format!(
            "rule removed: {} — {} (weight {})",
            r.id, r.title, r.weight
        ));
    }
    Layout {
        title: format!("What changed: {} → {}", side(&d.from), side(&d.to)),
        notes,
        profiles: d
            .profiles
            .iter()
            .map(|p| Block {
                headline: headline(p),
                rules: p.rules.iter().map(|r| (rule_line(r), why(r))).collect(),
                attribution: attribution(&p.attribution),
                events: p.events.iter().map(event).collect(),
            })
            .collect(),
        trailer: d
            .added
            .iter()
            .map(|id| format!("added profile {id}"))
            .chain(d.removed.iter().map(|id| format!("removed profile {id}")))
            .collect(),
    }
}

/// Plain text; control characters in the data are neutralised.
pub fn text(d: &Diff) -> String {
    let l = layout(d);
    let mut out = String::new();
    let line = |s: &str, out: &mut String| {
        out.push_str(&text::clean(s));
        out.push('\n');
    };
    line(&l.title, &mut out);
    if d.is_empty() {
        out.push_str("no changes\n");
        return out;
    }
    for n in &l.notes {
        line(n, &mut out);
    }
    for b in &l.profiles {
        out.push('\n');
        line(&b.headline, &mut out);
        for (r, because) in &b.rules {
            line(&format!("  {r}"), &mut out);
            for w in because {
                line(&format!("    because {w}"), &mut out);
            }
        }
        if let Some(a) = &b.attribution {
            line(&format!("  score change by rule (points): {a}"), &mut out);
        }
        if !b.events.is_empty() {
            line("  recorded changes in this period:", &mut out);
            for e in &b.events {
                line(&format!("    {e}"), &mut out);
            }
        }
    }
    for t in &l.trailer {
        out.push('\n');
        line(t, &mut out);
    }
    out
}

/// GitHub-flavoured Markdown; every piece of data is escaped.
pub fn markdown(d: &Diff) -> String {
    let l = layout(d);
    let esc = markdown::text;
    let mut out = format!("# {}\n\n", esc(&l.title));
    if d.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    for n in &l.notes {
        let _ = writeln!(out, "- {}", esc(n));
    }
    if !l.notes.is_empty() {
        out.push('\n');
    }
    for b in &l.profiles {
        let _ = writeln!(out, "## {}\n", esc(&b.headline));
        for (r, because) in &b.rules {
            let _ = writeln!(out, "- **{}**", esc(r));
            for w in because {
                let _ = writeln!(out, "  - because {}", esc(w));
            }
        }
        if let Some(a) = &b.attribution {
            let _ = writeln!(out, "\nScore change by rule (points): {}", esc(a));
        }
        if !b.events.is_empty() {
            out.push_str("\nRecorded changes in this period:\n\n");
            for e in &b.events {
                let _ = writeln!(out, "- {}", esc(e));
            }
        }
        out.push('\n');
    }
    for t in &l.trailer {
        let _ = writeln!(out, "{}\n", esc(t));
    }
    out
}

/// The CSV columns, in order.
pub const HEADER: [&str; 10] = [
    "profile",
    "rule",
    "verdict_from",
    "verdict_to",
    "score_from",
    "score_to",
    "profile_score_from",
    "profile_score_to",
    "part",
    "because",
];

/// One row per (profile, changed rule); a profile whose score moved with no rule change
/// gets one row with an empty rule.
pub fn csv(d: &Diff) -> String {
    let mut out = String::new();
    csv::push_row(&mut out, &HEADER.map(String::from));
    for p in &d.profiles {
        let part = |rule: &str| {
            p.attribution
                .iter()
                .find(|a| a.rule == rule)
                .map(|a| csv::number(Some(a.part)))
                .unwrap_or_default()
        };
        let mut rows: Vec<[String; 10]> = p
            .rules
            .iter()
            .map(|r| {
                [
                    p.id.clone(),
                    r.rule.clone(),
                    verdict(r.verdict.0).to_string(),
                    verdict(r.verdict.1).to_string(),
                    csv::number(r.score.0),
                    csv::number(r.score.1),
                    csv::number(p.score.0),
                    csv::number(p.score.1),
                    part(&r.rule),
                    why(r).join("; "),
                ]
            })
            .collect();
        if rows.is_empty() {
            rows.push([
                p.id.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                csv::number(p.score.0),
                csv::number(p.score.1),
                String::new(),
                "coverage or weights changed".to_string(),
            ]);
        }
        for r in rows {
            csv::push_row(&mut out, &r);
        }
    }
    out
}

/// One self-contained HTML page.
pub fn html(d: &Diff) -> String {
    let l = layout(d);
    let mut blocks = vec![html::Block::Heading(1, l.title.clone())];
    if d.is_empty() {
        blocks.push(html::Block::Para("No changes.".into()));
    }
    if !l.notes.is_empty() {
        blocks.push(html::Block::List(l.notes.clone()));
    }
    for b in &l.profiles {
        blocks.push(html::Block::Heading(2, b.headline.clone()));
        blocks.push(html::Block::List(
            b.rules
                .iter()
                .map(|(r, because)| format!("{r} — because {}", because.join("; ")))
                .collect(),
        ));
        if let Some(a) = &b.attribution {
            blocks.push(html::Block::Para(format!(
                "Score change by rule (points): {a}"
            )));
        }
        if !b.events.is_empty() {
            blocks.push(html::Block::Para("Recorded changes in this period:".into()));
            blocks.push(html::Block::List(b.events.clone()));
        }
    }
    for t in &l.trailer {
        blocks.push(html::Block::Para(t.clone()));
    }
    html::page(&l.title, &blocks)
}

/// JSON (the [`Diff`] model).
pub fn json(d: &Diff) -> String {
    super::json::pretty(d)
}
