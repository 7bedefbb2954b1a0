//! GitHub-flavoured Markdown: the scorecard (matrix, summary, one section per country with
//! numbered citations) and one verdict's explanation.
//!
//! All report text is escaped, so a `|` in a title cannot break a table and a `*` or `<`
//! cannot turn into emphasis or HTML. Citations are numbered per country (`[1]`, `[2]`, …)
//! and listed at the end of the country's section.

use crate::render::cite::{Citations, Cited, Origin, by_citation};
use crate::render::matrix::Matrix;
use crate::render::phrase;
use crate::report::{ProfileReport, Report, VerdictReport};
use crate::vocab::verdict::Verdict;

/// Inline text with every Markdown-significant character escaped; line breaks become spaces.
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c if c.is_control() || crate::render::text::is_bidi_control(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A code span that survives any content (backticks, pipes inside tables).
pub(crate) fn code(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| {
            if c.is_control() || crate::render::text::is_bidi_control(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let s = s.replace('|', "\\|");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if s.starts_with('`') || s.ends_with('`') {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

/// Facts and values inside phrases as code spans.
const MARKUP: phrase::Markup<'static> = phrase::Markup {
    fact: &code,
    value: &code,
};

/// A citation marker: `\[3\]` (renders as `[3]`).
fn marker(n: usize) -> String {
    format!("\\[{n}\\]")
}

fn lens(report: &Report) -> String {
    match &report.rulebook.lens {
        Some(l) => format!("lens {}", code(l)),
        None => "the rules' own weights".to_string(),
    }
}

fn matrix_cell(v: Option<&VerdictReport>) -> String {
    match v {
        None => "·".to_string(),
        Some(v) if v.is_waived() => phrase::shown(v),
        Some(v) => {
            let cell = match v.score {
                Some(_) => format!(
                    "{} {}",
                    phrase::verdict(v.verdict),
                    phrase::percent(v.score)
                ),
                None => phrase::verdict(v.verdict).to_string(),
            };
            if v.stale {
                format!("{cell} {}", phrase::STALE)
            } else {
                cell
            }
        }
    }
}

fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

fn score_with_coverage(score: Option<f64>, coverage: f64) -> String {
    format!(
        "{} (coverage {})",
        phrase::percent(score),
        phrase::percent(Some(coverage))
    )
}

/// A numbered source: `Title — Publisher, 2020-05, § 3. <https://…>`.
fn source_item(c: &Cited<'_>) -> String {
    let mut line = match c.reference {
        Some(r) => text(&phrase::reference(r)),
        None => text(&c.title()),
    };
    if let Some(r) = c.reference {
        match (c.web_url(), &r.url) {
            (Some(url), _) => line.push_str(&format!(". <{}>", url.replace('>', "%3E"))),
            (None, Some(url)) => line.push_str(&format!(". {}", code(url))),
            _ => {}
        }
        if let Some(note) = &r.note {
            line.push_str(&format!(". {}", text(note)));
        }
    }
    line
}

fn source_list(out: &mut String, cites: &Citations<'_>) {
    for c in cites.entries() {
        out.push_str(&format!("{}. {}\n", c.n, source_item(c)));
    }
}

fn evidence_items(v: &VerdictReport, cites: &Citations<'_>) -> Vec<String> {
    by_citation(&v.evidence)
        .into_iter()
        .map(|g| {
            let e = g.evidence;
            let refs: Vec<String> = e
                .sources
                .iter()
                .map(|s| marker(cites.number(Origin::Profile, s)))
                .collect();
            let mark = if e.basis.is_inferred() {
                format!(" *{}*", phrase::INFERRED)
            } else {
                String::new()
            };
            let facts: Vec<String> = g.facts.iter().map(|f| code(f)).collect();
            let mut item = format!("{}{mark} {}", facts.join(", "), refs.join(" "));
            let mut extra = Vec::new();
            if g.facts.len() > 1 || g.facts[0] != e.cited_at {
                extra.push(format!("cited at {}", code(&e.cited_at)));
            }
            if let Some(s) = &e.section {
                extra.push(format!("§ {}", text(s)));
            }
            if let Some(n) = &e.note {
                extra.push(text(n));
            }
            if !extra.is_empty() {
                item.push_str(&format!(" ({})", extra.join("; ")));
            }
            item
        })
        .collect()
}

fn rule_sources(v: &VerdictReport, cites: &Citations<'_>) -> String {
    v.sources
        .iter()
        .map(|s| match cites.get(Origin::Rulebook, s) {
            Some(c) => format!("{} {}", text(&c.title()), marker(c.n)),
            None => text(s),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn missing(v: &VerdictReport, p: &ProfileReport) -> String {
    v.missing
        .iter()
        .map(|m| fact(p, m))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A fact as a reader sees it: its label as text, or its pointer as code when it has none.
fn fact(p: &ProfileReport, pointer: &str) -> String {
    match p.labels.get(pointer) {
        Some(l) => text(l),
        None => code(pointer),
    }
}

fn legend() -> String {
    let items: Vec<String> = Verdict::ALL
        .iter()
        .map(|v| format!("{}: {}", phrase::verdict(*v), phrase::verdict_meaning(*v)))
        .collect();
    format!(
        "Legend: {}. Percentages are rule scores.\n",
        text(&items.join("; "))
    )
}

fn verdict_section(
    out: &mut String,
    report: &Report,
    p: &ProfileReport,
    v: &VerdictReport,
    cites: &Citations<'_>,
) {
    let label = |f: &str| fact(p, f);
    let labelled = phrase::Markup {
        fact: &label,
        value: MARKUP.value,
    };
    out.push_str(&format!(
        "### {} — {}: {}\n\n",
        phrase::shown(v),
        code(&v.rule),
        text(&v.title)
    ));
    out.push_str(&format!(
        "Score {} · weight {} · {}{}\n\n",
        phrase::percent(v.score),
        phrase::number(v.weight),
        text(report.category_title(&v.category)),
        text(&phrase::evidence_age(v, report))
    ));
    if let Some(w) = phrase::waiver(v) {
        out.push_str(&format!("*{}*\n\n", text(&w)));
    }
    if !v.explanation.trim().is_empty() {
        out.push_str(&text(&v.explanation));
        out.push_str("\n\n");
    }
    let mut items = Vec::new();
    if !v.missing.is_empty() {
        items.push(format!("**Missing facts:** {}", missing(v, p)));
    }
    let flip = phrase::flip_clauses(v, &labelled);
    if !flip.is_empty() {
        items.push(format!("**What would flip it:** {}", flip.join("; ")));
    }
    if let Some(note) = phrase::search_stopped(v) {
        items.push(format!("*{}*", text(&note)));
    }
    if !v.sources.is_empty() {
        items.push(format!("**Sources:** {}", rule_sources(v, cites)));
    }
    let evidence = evidence_items(v, cites);
    if !evidence.is_empty() {
        items.push(format!("**Evidence:** {}", evidence.join("; ")));
    }
    for item in &items {
        out.push_str(&format!("- {item}\n"));
    }
    if !items.is_empty() {
        out.push('\n');
    }
}

fn profile_section(out: &mut String, report: &Report, p: &ProfileReport) {
    let cites = Citations::for_profile(report, p);
    out.push_str(&format!("## {} ({})\n\n", text(&p.name), text(&p.id)));
    let grade = match (&p.grade, &p.grade_withheld) {
        (Some(g), _) => format!(" · grade **{}**", text(g)),
        (None, Some(_)) => format!(" · {}", text(&p.grade_text())),
        (None, None) => String::new(),
    };
    out.push_str(&format!(
        "Score **{}** (coverage {}){grade} · facts as of {}\n\n",
        phrase::percent(p.score),
        phrase::percent(Some(p.coverage)),
        text(&p.as_of)
    ));
    if let Some(o) = &p.outside_evidence {
        out.push_str(&format!("> **Note:** {}\n\n", text(&o.warning(&p.as_of))));
    }
    out.push_str(&format!("Verdicts: {}\n\n", phrase::counts(&p.counts)));
    for v in &p.verdicts {
        verdict_section(out, report, p, v, &cites);
    }
    if phrase::any_inferred(p) {
        out.push_str(&format!("{}\n\n", text(phrase::INFERRED_LEGEND)));
    }
    if !cites.entries().is_empty() {
        out.push_str(&format!("### Sources for {}\n\n", text(&p.name)));
        source_list(out, &cites);
        out.push('\n');
    }
}

/// The whole report: title, the verdict matrix, a summary with coverage beside every score,
/// and one section per country. With a single profile it reads as that country's audit.
pub fn scorecard(report: &Report) -> String {
    let rb = &report.rulebook;
    let m = Matrix::new(report);
    let mut out = format!("# {} — scorecard\n\n", text(&rb.title));
    let as_of = report
        .as_of
        .as_deref()
        .map(|d| format!(" · as of {}", text(d)))
        .unwrap_or_default();
    out.push_str(&format!(
        "Rulebook {} v{} · scores under {}{as_of}{}\n\n",
        code(&rb.id),
        text(&rb.version),
        lens(report),
        text(&phrase::sources_kept(report))
    ));
    let mut source = text(&phrase::reference(&rb.source));
    if let Some(url) = &rb.source.url {
        source.push_str(&format!(". {}", code(url)));
    }
    out.push_str(&format!("Based on: {source}\n\n"));

    out.push_str("## Verdicts\n\n");
    let mut header = vec!["Rule".to_string()];
    header.extend(report.profiles.iter().map(|p| text(&p.id)));
    out.push_str(&row(&header));
    let mut align = vec!["---".to_string()];
    align.extend(report.profiles.iter().map(|_| ":---:".to_string()));
    out.push_str(&row(&align));
    for r in &m.rows {
        let mut cells = vec![format!("{} {}", code(r.id), text(r.title))];
        cells.extend((0..report.profiles.len()).map(|i| text(&matrix_cell(m.cell(i, r.id)))));
        out.push_str(&row(&cells));
    }
    out.push('\n');
    out.push_str(&legend());
    if let Some(l) = phrase::stale_legend(report) {
        out.push_str(&format!("{}\n", text(&l)));
    }
    out.push('\n');

    out.push_str("## Summary\n\n");
    let categories: Vec<&String> = rb.categories.keys().collect();
    let mut header: Vec<String> = ["Country", "Score", "Coverage", "Grade"]
        .map(String::from)
        .to_vec();
    header.extend(categories.iter().map(|c| text(report.category_title(c))));
    out.push_str(&row(&header));
    let mut align: Vec<String> = ["---", "---:", "---:", ":---:"].map(String::from).to_vec();
    align.extend(categories.iter().map(|_| "---:".to_string()));
    out.push_str(&row(&align));
    for p in &report.profiles {
        let mut cells = vec![
            format!("{} ({})", text(&p.name), text(&p.id)),
            phrase::percent(p.score),
            phrase::percent(Some(p.coverage)),
            text(&p.grade_text()),
        ];
        cells.extend(categories.iter().map(|c| match p.categories.get(*c) {
            Some(s) if s.weight > 0.0 => score_with_coverage(s.score, s.coverage),
            _ => "n/a".to_string(),
        }));
        out.push_str(&row(&cells));
    }
    out.push_str(
        "\nCoverage is the share of applicable weight whose verdict was decided; \
         n/a: no rule of the category applies.\n\n",
    );

    for p in &report.profiles {
        profile_section(&mut out, report, p);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// One verdict explained: the trace tree, why the verdict follows, what would flip it, and
/// which sources back each fact.
pub fn explain(report: &Report, profile: &ProfileReport, verdict: &VerdictReport) -> String {
    let v = verdict;
    let cites = Citations::for_profile(report, profile);
    let mut out = format!(
        "# {}: {} — {} ({})\n\n",
        code(&v.rule),
        text(&v.title),
        text(&profile.name),
        text(&profile.id)
    );
    out.push_str(&format!(
        "**{}** · score {} · weight {} · {} · facts as of {}{}\n\n",
        phrase::shown(v),
        phrase::percent(v.score),
        phrase::number(v.weight),
        text(report.category_title(&v.category)),
        text(&profile.as_of),
        text(&phrase::evidence_age(v, report))
    ));
    if !v.explanation.trim().is_empty() {
        out.push_str(&format!("{}\n\n", text(&v.explanation)));
    }
    if let Some(rule) = report.rulebook.rules.iter().find(|r| r.id == v.rule) {
        out.push_str(&format!(
            "Recommendation (§ {}): {}\n\n",
            text(&rule.recommendation.section),
            text(&rule.recommendation.text)
        ));
    }

    out.push_str("## Trace\n\n");
    let tree = phrase::trace(&v.trace);
    if tree.is_empty() {
        out.push_str("No trace was recorded.\n\n");
    } else {
        let longest = tree.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        out.push_str(&format!("{fence}text\n{tree}{fence}\n\n"));
    }

    out.push_str("## Why\n\n");
    out.push_str(&format!("{}\n\n", text(&phrase::why(v))));

    out.push_str("## What would flip it\n\n");
    let flips = phrase::flips(v, &MARKUP);
    if flips.is_empty() {
        let none = match v.verdict {
            Verdict::Pass => "Nothing needs to change: the rule passes.".to_string(),
            Verdict::InsufficientData if !v.missing.is_empty() => {
                format!(
                    "Knowing the missing facts would decide it: {}.",
                    v.missing
                        .iter()
                        .map(|m| code(m))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
            _ => "No change of facts that would make the rule pass is known.".to_string(),
        };
        out.push_str(&format!("{none}\n\n"));
    } else {
        for line in flips {
            out.push_str(&format!("- {line}\n"));
        }
        if let Some(note) = phrase::search_stopped(v) {
            out.push_str(&format!("\n*{}*\n", text(&note)));
        }
        out.push('\n');
    }

    out.push_str("## Evidence\n\n");
    let evidence = evidence_items(v, &cites);
    if evidence.is_empty() {
        out.push_str("The profile cites no source for the facts this rule read.\n\n");
    } else {
        for e in evidence {
            out.push_str(&format!("- {e}\n"));
        }
        out.push('\n');
    }
    if !v.sources.is_empty() {
        out.push_str(&format!("Rule sources: {}\n\n", rule_sources(v, &cites)));
    }

    // Only the sources this verdict cites, under their profile-wide numbers.
    let used: Vec<&Cited<'_>> = cites
        .entries()
        .iter()
        .filter(|c| {
            v.sources
                .iter()
                .any(|s| cites.number(Origin::Rulebook, s) == c.n)
                || v.evidence.iter().any(|e| {
                    e.sources
                        .iter()
                        .any(|s| cites.number(Origin::Profile, s) == c.n)
                })
        })
        .collect();
    if !used.is_empty() {
        out.push_str("## Sources\n\n");
        for c in used {
            out.push_str(&format!("- {} {}\n", marker(c.n), source_item(c)));
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    #[test]
    fn escaping() {
        assert_eq!(text("a | b"), "a \\| b");
        assert_eq!(text("<b>*x*</b>"), "\\<b\\>\\*x\\*\\</b\\>");
        assert_eq!(code("/a/b"), "`/a/b`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("x|y"), "`x\\|y`");
    }

    #[test]
    fn scorecard_tables_and_sections() {
        let r = sample::report();
        let out = scorecard(&r);
        assert!(out.starts_with("# Digital sovereignty & 5G security — scorecard\n"));
        assert!(out.contains("Rulebook `dsr-5g` v1.2.0"));
        assert!(out.contains("| Rule | DE | FR |\n| --- | :---: | :---: |\n"));
        // A pipe in a title is escaped so the table keeps its columns.
        let line = out
            .lines()
            .find(|l| l.starts_with("| `vendor-diversity`"))
            .unwrap();
        assert!(line.contains("Multi-vendor strategy \\| diversity"));
        assert_eq!(line.matches(" | ").count(), 2);
        assert!(line.contains("◐ partial 50%"));
        assert!(line.contains("? insufficient data"));
        assert!(out.contains("| France \\| Métropole & \\<DOM\\> (FR) | 100% | 33% | A |"));
        assert!(out.contains("80% (coverage 100%)"));
        assert!(out.contains("— (coverage 0%)"));
        assert!(out.contains("## Germany (DE)"));
        assert!(out.contains("### ✘ fail — `clean-network`: Joined the \\<Clean\\> Network"));
        // A labelled fact is shown by its label, escaped; an unlabelled one as code.
        assert!(
            out.contains("- **Missing facts:** the operators \\<b\\>named\\</b\\> \\| \\*all\\*")
        );
        assert!(out.contains("would pass if `/clean_network/joined` were `true`"));
        assert!(out.contains(
            "- **What would flip it:** would pass if `/clean_network/joined` were `true`, or if"
        ));
        assert!(out.contains("- **Evidence:** `/five_g/high_risk_vendor_policy` *≈ inferred* \\[2\\] \\[3\\] (cited at `/five_g`; § 4.2; Read from the 2021 IT Security Act)"));
        assert!(out.contains("3. IT-Sicherheitsgesetz 2.0 — Bundestag, 2021-05, footnote 23. <https://example.org/itsig>"));
        // A non-web URL is shown, never linked.
        assert!(
            out.contains(
                "4. Press release — Élysée, 2020-10-07, footnote 12. `javascript:alert(1)`"
            )
        );
        assert!(!out.contains("<javascript:"));
        assert!(out.ends_with('\n') && !out.ends_with("\n\n"));
    }

    #[test]
    fn single_profile_reads_as_an_audit() {
        let mut r = sample::report();
        r.profiles.truncate(1);
        let out = scorecard(&r);
        assert!(out.contains("| Rule | DE |"));
        assert!(!out.contains("## France"));
    }

    #[test]
    fn explain_mirrors_the_text_explanation() {
        let r = sample::report();
        let de = &r.profiles[0];
        let out = explain(&r, de, &de.verdicts[2]);
        assert!(out.contains("```text\ncheck → false\n└─ all → false\n"));
        assert!(out.contains("## Why\n\nThe rule applies to every profile."));
        assert!(out.contains("- would pass if `/clean_network/joined` were `true` (now `false`)"));
        assert!(out.contains("- `/clean_network/joined` \\[2\\]"));
        assert!(out.contains("- \\[6\\] The Clean Network — U.S. Department of State, 2020-08. <https://example.org/clean>"));
        assert!(
            !out.contains("\\[1\\] EU"),
            "only this verdict's sources are listed"
        );
    }

    #[test]
    fn snapshots() {
        let r = sample::report();
        insta::assert_snapshot!("markdown_scorecard", scorecard(&r));
        let fr = &r.profiles[1];
        insta::assert_snapshot!(
            "markdown_explain_FR_vendor-diversity",
            explain(&r, fr, &fr.verdicts[1])
        );
        let de = &r.profiles[0];
        insta::assert_snapshot!(
            "markdown_explain_DE_clean-network",
            explain(&r, de, &de.verdicts[2])
        );
    }
}
