//! The fact catalogue (`rulecard facts`) as text, Markdown or JSON.

use crate::authoring::FactEntry;
use crate::render::markdown::{code, text as md};
use crate::render::text::{clean, wrap};

/// One block per fact: pointer and type, title, description, allowed values, readers.
pub fn text(entries: &[FactEntry]) -> String {
    let mut out = format!(
        "{} facts a profile can hold (list elements written *)\n",
        entries.len()
    );
    for e in entries {
        out.push('\n');
        out.push_str(&clean(&format!("{} ({})\n", e.pointer, e.kind)));
        if let Some(t) = &e.title {
            out.push_str(&wrap(&clean(&format!("“{t}”")), "  ", "  "));
        }
        if let Some(d) = &e.description {
            out.push_str(&wrap(&clean(d), "  ", "  "));
        }
        if !e.values.is_empty() {
            out.push_str(&wrap(
                &clean(&format!("values: {}", e.values.join(", "))),
                "  ",
                "    ",
            ));
        }
        if !e.rules.is_empty() {
            out.push_str(&wrap(
                &format!("read by: {}", e.rules.join(", ")),
                "  ",
                "    ",
            ));
        }
        if let Some(ext) = &e.extension {
            out.push_str(&wrap(&clean(&format!("extension: {ext}")), "  ", "    "));
        }
    }
    out
}

/// A Markdown table: pointer, type, values, read by, and the description.
pub fn markdown(entries: &[FactEntry]) -> String {
    let mut out = String::from(
        "# The facts a profile can hold\n\n| fact | type | values | read by | extension | meaning |\n|---|---|---|---|---|---|\n",
    );
    for e in entries {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            code(&e.pointer),
            md(&e.kind),
            md(&e.values.join(", ")),
            e.rules
                .iter()
                .map(|r| code(r))
                .collect::<Vec<_>>()
                .join(", "),
            e.extension.as_deref().map(code).unwrap_or_default(),
            md(e.description.as_deref().unwrap_or(""))
        ));
    }
    out
}

/// The catalogue as a JSON array.
pub fn json(entries: &[FactEntry]) -> String {
    super::json::pretty(entries)
}
