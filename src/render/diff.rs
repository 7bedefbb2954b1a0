//! Diff rendering: what changed between two evaluations, and why, as text or Markdown.

use crate::diff::{Diff, FactChange, RuleDiff};
use serde_json::Value;
use std::fmt::Write;

fn pct(s: Option<f64>) -> String {
    s.map_or("—".to_string(), |s| format!("{:.0}%", s * 100.0))
}

fn value(v: &Value) -> String {
    match v {
        Value::Null => "unknown".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
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

/// Plain text.
pub fn text(d: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "diff: {} → {}", side(&d.from), side(&d.to));
    if d.is_empty() {
        out.push_str("no changes\n");
        return out;
    }
    for p in &d.profiles {
        let _ = writeln!(
            out,
            "\n{} {}: score {} → {}, coverage {} → {}",
            p.id,
            p.name,
            pct(p.score.0),
            pct(p.score.1),
            pct(Some(p.coverage.0)),
            pct(Some(p.coverage.1))
        );
        for r in &p.rules {
            let _ = writeln!(
                out,
                "  {}: {} → {} (score {} → {})",
                r.rule,
                r.verdict.0,
                r.verdict.1,
                pct(r.score.0),
                pct(r.score.1)
            );
            for w in why(r) {
                let _ = writeln!(out, "    because {w}");
            }
        }
        if !p.events.is_empty() {
            let _ = writeln!(out, "  recorded changes in this period:");
            for e in &p.events {
                let _ = writeln!(out, "    {}", event(e));
            }
        }
    }
    for id in &d.added {
        let _ = writeln!(out, "\nadded profile {id}");
    }
    for id in &d.removed {
        let _ = writeln!(out, "\nremoved profile {id}");
    }
    out
}

/// GitHub-flavoured Markdown.
pub fn markdown(d: &Diff) -> String {
    let esc = |s: &str| s.replace('|', "\\|");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# What changed: {} → {}\n",
        esc(&side(&d.from)),
        esc(&side(&d.to))
    );
    if d.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    out.push_str("| Profile | Rule | Verdict | Score | Because |\n|---|---|---|---|---|\n");
    for p in &d.profiles {
        if p.rules.is_empty() {
            let _ = writeln!(
                out,
                "| {} {} | (overall) | | {} → {} | coverage {} → {} |",
                p.id,
                esc(&p.name),
                pct(p.score.0),
                pct(p.score.1),
                pct(Some(p.coverage.0)),
                pct(Some(p.coverage.1))
            );
        }
        for r in &p.rules {
            let _ = writeln!(
                out,
                "| {} {} | `{}` | {} → {} | {} → {} | {} |",
                p.id,
                esc(&p.name),
                r.rule,
                r.verdict.0,
                r.verdict.1,
                pct(r.score.0),
                pct(r.score.1),
                esc(&why(r).join("; "))
            );
        }
    }
    let events: Vec<String> = d
        .profiles
        .iter()
        .flat_map(|p| {
            p.events
                .iter()
                .map(move |e| format!("- {} {}: {}", p.id, esc(&p.name), esc(&event(e))))
        })
        .collect();
    if !events.is_empty() {
        out.push_str("\n**Recorded changes in this period**\n\n");
        out.push_str(&events.join("\n"));
        out.push('\n');
    }
    out.push_str("\n| Profile | Score | Coverage |\n|---|---|---|\n");
    for p in &d.profiles {
        let _ = writeln!(
            out,
            "| {} {} | {} → {} | {} → {} |",
            p.id,
            esc(&p.name),
            pct(p.score.0),
            pct(p.score.1),
            pct(Some(p.coverage.0)),
            pct(Some(p.coverage.1))
        );
    }
    out
}

/// JSON (the [`Diff`] model).
pub fn json(d: &Diff) -> String {
    let mut s = serde_json::to_string_pretty(d).expect("a diff serialises");
    s.push('\n');
    s
}
