//! Terminal text: the scorecard matrix, one country's audit, and one verdict's full explanation.
//!
//! Everything is first laid out as plain text that fits 80 columns where it can (tables are
//! split into column groups rather than squeezed), control characters from the data are
//! neutralised, and only then, when [`Style::color`] is on, verdicts and truths are painted
//! with ANSI colour. With colour off the output contains no escape sequence at all.

use crate::render::Style;
use crate::render::cite::{Citations, Origin, by_citation};
use crate::render::matrix::Matrix;
use crate::render::phrase;
use crate::report::{ProfileReport, Report, VerdictReport};
use crate::vocab::truth::Truth;
use crate::vocab::verdict::Verdict;
use anstyle::AnsiColor;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};

/// The width everything is laid out for.
pub const WIDTH: usize = 80;

// ---------------------------------------------------------------------------------------
// Plain-text helpers

/// Data text made safe for a terminal: control characters (ESC included) and bidirectional
/// formatting characters become `�`, tabs become spaces; newlines are kept.
pub(crate) fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' => '\n',
            '\t' => ' ',
            c if c.is_control() || is_bidi_control(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// The Unicode bidirectional formatting characters (embeddings, overrides, isolates and
/// marks), which can reorder what a terminal or a spreadsheet shows ("Trojan Source").
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Longest text a table cell shows, in characters; the full value stays in the JSON report.
pub(crate) const CELL_MAX: usize = 120;

/// `s` cut to [`CELL_MAX`] characters, with an ellipsis when cut: a table never lays out a
/// string longer than that (the layout's cost grows with the length of its words).
fn shortened(s: &str) -> String {
    if s.chars().count() <= CELL_MAX {
        s.to_string()
    } else {
        let mut cut: String = s.chars().take(CELL_MAX - 1).collect();
        cut.push('…');
        cut
    }
}

fn width_of(s: &str) -> usize {
    s.lines()
        .map(|l| unpainted(l).chars().count())
        .max()
        .unwrap_or(0)
}

/// `s` without the colour codes [`paint`] writes (`ESC [ … m`).
fn unpainted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Greedy word wrap to [`WIDTH`]: the first line starts with `first`, the rest with `rest`.
/// A word longer than a line (a URL) gets a line of its own.
pub(crate) fn wrap(text: &str, first: &str, rest: &str) -> String {
    wrap_at(text, WIDTH, first, rest)
}

/// Greedy word wrap to `width` columns.
fn wrap_at(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    for (i, para) in text.split('\n').enumerate() {
        let mut line = String::from(if i == 0 { first } else { rest });
        let mut empty = true;
        for word in words(para) {
            let len = line.chars().count();
            if !empty && len + 1 + word.chars().count() > width {
                out.push_str(line.trim_end());
                out.push('\n');
                line = rest.to_string();
                empty = true;
            }
            if !empty {
                line.push(' ');
            }
            line.push_str(&word);
            empty = false;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The words of a paragraph, split at spaces, with `§` kept with the word after it.
fn words(para: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in para.split([' ', '\t']).filter(|w| !w.is_empty()) {
        match out.last_mut() {
            Some(last) if last == "§" => {
                last.push(' ');
                last.push_str(w);
            }
            _ => out.push(w.to_string()),
        }
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn profile_label(p: &ProfileReport) -> String {
    format!("{} ({})", p.name, p.id)
}

fn lens(report: &Report) -> String {
    match &report.rulebook.lens {
        Some(l) => format!("lens {l}"),
        None => "the rules' own weights".to_string(),
    }
}

/// The score of a category with its coverage: `80% (100%)`; `n/a` when no rule of the
/// category applies.
fn category_cell(p: &ProfileReport, category: &str) -> String {
    match p.categories.get(category) {
        Some(c) if c.weight > 0.0 => format!(
            "{} ({})",
            phrase::percent(c.score),
            phrase::percent(Some(c.coverage))
        ),
        _ => "n/a".to_string(),
    }
}

/// A compact tally: `✔ 1  ◐ 1  ✘ 0  – 0  ? 0`, each mark in its verdict's colour.
fn tally(c: &crate::report::Counts, style: &Style) -> String {
    [
        (Verdict::Pass, c.pass),
        (Verdict::Partial, c.partial),
        (Verdict::Fail, c.fail),
        (Verdict::NotApplicable, c.not_applicable),
        (Verdict::InsufficientData, c.insufficient_data),
    ]
    .iter()
    .map(|(v, n)| format!("{} {n}", paint(phrase::mark(*v), *v, style)))
    .collect::<Vec<_>>()
    .join("  ")
}

/// A matrix cell: the verdict's mark and the score (`✔ 100%`), or `– n/a`, `? —`, in the
/// verdict's colour.
fn matrix_cell(v: Option<&VerdictReport>, style: &Style) -> String {
    match v {
        None => "·".to_string(),
        Some(v) if v.is_waived() => {
            format!("⊘ {}", paint(phrase::mark(v.verdict), v.verdict, style))
        }
        Some(v) => {
            let cell = match v.verdict {
                Verdict::NotApplicable => format!("{} n/a", phrase::mark(v.verdict)),
                _ => format!("{} {}", phrase::mark(v.verdict), phrase::percent(v.score)),
            };
            let cell = paint(&cell, v.verdict, style);
            if v.stale {
                format!("{cell} {}", phrase::STALE)
            } else {
                cell
            }
        }
    }
}

fn legend(style: &Style) -> String {
    let items: Vec<&str> = Verdict::ALL.iter().map(|v| phrase::verdict(*v)).collect();
    let mut text = wrap(
        &format!(
            "{}. Percentages are rule scores; · no verdict.",
            items.join(", ")
        ),
        "",
        "",
    );
    // Wrapped first, then painted: each phrase is ours and appears once.
    for v in Verdict::ALL {
        text = text.replacen(phrase::verdict(v), &paint(phrase::verdict(v), v, style), 1);
    }
    text
}

// ---------------------------------------------------------------------------------------
// Tables that fit

/// A table column: header, cells (one per row), alignment.
struct Col {
    header: String,
    cells: Vec<String>,
    right: bool,
    /// The cells carry colour codes: the table is told the column's width, since its layout
    /// would otherwise count the codes when it shares out the width.
    styled: bool,
}

impl Col {
    fn new(header: impl Into<String>, cells: Vec<String>) -> Self {
        Col {
            header: shortened(&clean(&header.into())),
            cells: cells.iter().map(|c| shortened(&clean(c))).collect(),
            right: false,
            styled: false,
        }
    }

    /// A column of cells this renderer wrote itself (marks, numbers, colour codes): not
    /// cleaned, so their colour survives.
    fn styled(header: impl Into<String>, cells: Vec<String>) -> Self {
        Col {
            header: shortened(&clean(&header.into())),
            cells,
            right: false,
            styled: true,
        }
    }

    /// Wrap the cells at `width` columns (a longer word keeps its own line).
    fn at_most(mut self, width: usize) -> Self {
        for c in &mut self.cells {
            *c = wrap_at(c, width, "", "").trim_end().to_string();
        }
        self
    }

    fn right(mut self) -> Self {
        self.right = true;
        self
    }

    /// Natural width including padding and one border.
    fn width(&self) -> usize {
        self.cells
            .iter()
            .map(|c| width_of(c))
            .chain([width_of(&self.header)])
            .max()
            .unwrap_or(0)
            + 3
    }
}

fn table(cols: &[&Col]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(WIDTH as u16);
    t.set_header(cols.iter().map(|c| c.header.clone()).collect::<Vec<_>>());
    let rows = cols.first().map_or(0, |c| c.cells.len());
    for i in 0..rows {
        t.add_row(cols.iter().map(|c| c.cells[i].clone()).collect::<Vec<_>>());
    }
    for (i, c) in cols.iter().enumerate() {
        let Some(col) = t.column_mut(i) else { continue };
        if c.right {
            col.set_cell_alignment(CellAlignment::Right);
        }
        if c.styled {
            col.set_constraint(comfy_table::ColumnConstraint::Absolute(
                comfy_table::Width::Fixed((c.width() - 1) as u16),
            ));
        }
    }
    t
}

/// Lay out `key`, then `fixed`, then as many `dynamic` columns as fit in [`WIDTH`]; the
/// dynamic columns that do not fit continue in further tables that repeat `key`.
fn fitted(key: &Col, fixed: &[Col], dynamic: &[Col]) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut group: Vec<&Col> = std::iter::once(key).chain(fixed).collect();
    let mut has_dynamic = false;
    for col in dynamic {
        let used: usize = 1 + group.iter().map(|c| c.width()).sum::<usize>();
        if has_dynamic && used + col.width() > WIDTH {
            tables.push(table(&group));
            group = vec![key];
        }
        group.push(col);
        has_dynamic = true;
    }
    tables.push(table(&group));
    tables
}

fn push_tables(out: &mut String, title: &str, tables: &[Table]) {
    for (i, t) in tables.iter().enumerate() {
        if i == 0 {
            out.push_str(title);
        } else {
            out.push_str(&format!("{title} (continued)"));
        }
        out.push('\n');
        out.push_str(&t.to_string());
        out.push('\n');
    }
}

// ---------------------------------------------------------------------------------------
// Colour

fn verdict_style(v: Verdict) -> anstyle::Style {
    let color = match v {
        Verdict::Pass => AnsiColor::Green,
        Verdict::Partial => AnsiColor::Yellow,
        Verdict::Fail => AnsiColor::Red,
        Verdict::NotApplicable => AnsiColor::BrightBlack,
        Verdict::InsufficientData => AnsiColor::Magenta,
    };
    anstyle::Style::new().fg_color(Some(color.into()))
}

fn truth_style(t: Truth) -> anstyle::Style {
    let color = match t {
        Truth::True => AnsiColor::Green,
        Truth::False => AnsiColor::Red,
        Truth::Unknown => AnsiColor::Yellow,
    };
    anstyle::Style::new().fg_color(Some(color.into()))
}

fn painted(s: &str, style: anstyle::Style) -> String {
    format!("{style}{s}{style:#}")
}

/// `s` in the colour of verdict `v` when the style asks for colour. Colour is added where
/// the renderer writes a verdict, never by scanning finished text (a rule titled "Vendor
/// rules – phase two" keeps its dash uncoloured).
fn paint(s: &str, v: Verdict, style: &Style) -> String {
    if style.color {
        painted(s, verdict_style(v))
    } else {
        s.to_string()
    }
}

/// A verdict line `<shown verdict> · …`, wrapped, with the verdict painted.
fn verdict_line(shown: &str, v: Verdict, text: String, style: &Style) -> String {
    match text.strip_prefix(shown) {
        Some(rest) if style.color => format!("{}{rest}", paint(shown, v, style)),
        _ => text,
    }
}

/// One line of a trace tree with its final `→ truth` painted when colour is asked for.
fn trace_line(line: &str, style: &Style) -> String {
    if style.color {
        for t in [Truth::True, Truth::False, Truth::Unknown] {
            let tail = format!("→ {}", phrase::truth(t));
            if let Some(head) = line.strip_suffix(&tail) {
                return format!("{head}→ {}", painted(phrase::truth(t), truth_style(t)));
            }
        }
    }
    line.to_string()
}

// ---------------------------------------------------------------------------------------
// Scorecard

fn heading(report: &Report) -> String {
    let rb = &report.rulebook;
    let mut out = wrap(
        &clean(&format!(
            "{} — rulebook {} v{}",
            rb.title, rb.id, rb.version
        )),
        "",
        "",
    );
    let mut line = format!("Scores under {}", lens(report));
    if let Some(d) = &report.as_of {
        line.push_str(&format!(", as of {d}"));
    }
    line.push_str(&phrase::sources_kept(report));
    out.push_str(&wrap(&clean(&line), "", ""));
    out
}

/// The matrix of verdicts (rules × profiles) and a summary per profile, in 80 columns.
pub fn scorecard(report: &Report, style: &Style) -> String {
    let m = Matrix::new(report);
    let mut out = heading(report);
    out.push('\n');

    let key = Col::new("Rule", m.rows.iter().map(|r| r.id.to_string()).collect()).at_most(28);
    let dynamic: Vec<Col> = report
        .profiles
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Col::styled(
                p.id.clone(),
                m.rows
                    .iter()
                    .map(|r| matrix_cell(m.cell(i, r.id), style))
                    .collect(),
            )
        })
        .collect();
    push_tables(&mut out, "Verdicts", &fitted(&key, &[], &dynamic));
    out.push_str(&legend(style));
    if let Some(l) = phrase::stale_legend(report) {
        out.push_str(&wrap(&l, "", ""));
    }
    out.push('\n');

    let profiles = &report.profiles;
    let key = Col::new(
        "Profile",
        profiles
            .iter()
            .map(|p| format!("{} {}", p.id, p.name))
            .collect(),
    )
    .at_most(20);
    let fixed = [
        Col::new(
            "Score",
            profiles.iter().map(|p| phrase::percent(p.score)).collect(),
        )
        .right(),
        Col::new(
            "Coverage",
            profiles
                .iter()
                .map(|p| phrase::percent(Some(p.coverage)))
                .collect(),
        )
        .right(),
        Col::new("Grade", profiles.iter().map(|p| p.grade_text()).collect()),
    ];
    let categories: Vec<&String> = report.rulebook.categories.keys().collect();
    let dynamic: Vec<Col> = categories
        .iter()
        .map(|c| {
            Col::new(
                c.as_str(),
                profiles.iter().map(|p| category_cell(p, c)).collect(),
            )
        })
        .collect();
    push_tables(&mut out, "Summary", &fitted(&key, &fixed, &dynamic));
    if !categories.is_empty() {
        let names: Vec<String> = categories
            .iter()
            .map(|c| format!("{c} = {}", report.category_title(c)))
            .collect();
        out.push_str(&wrap(
            &clean(&format!(
                "Category cells: score (coverage, the share of applicable weight decided). {}.",
                names.join("; ")
            )),
            "",
            "",
        ));
    }
    for p in &report.profiles {
        if let Some(o) = &p.outside_evidence {
            out.push_str(&wrap(
                &clean(&format!("Note: {}: {}", p.id, o.warning(&p.as_of))),
                "",
                "  ",
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Audit

fn profile_heading(report: &Report, p: &ProfileReport, what: &str) -> String {
    let rb = &report.rulebook;
    let mut out = wrap(
        &clean(&format!("{} — {what} as of {}", profile_label(p), p.as_of)),
        "",
        "",
    );
    out.push_str(&wrap(
        &clean(&format!(
            "Rulebook: {} ({} v{}), scores under {}{}",
            rb.title,
            rb.id,
            rb.version,
            lens(report),
            phrase::sources_kept(report)
        )),
        "",
        "  ",
    ));
    if let Some(o) = &p.outside_evidence {
        out.push_str(&wrap(
            &clean(&format!("Note: {}", o.warning(&p.as_of))),
            "",
            "  ",
        ));
    }
    out
}

fn cited_line(c: &crate::render::cite::Cited<'_>, indent: &str) -> String {
    let text = match c.reference {
        Some(r) => phrase::reference(r),
        None => c.title(),
    };
    let pad = " ".repeat(indent.chars().count() + format!("[{}] ", c.n).chars().count());
    let mut out = wrap(&clean(&format!("[{}] {text}", c.n)), indent, &pad);
    if let Some(r) = c.reference {
        if let Some(url) = &r.url {
            out.push_str(&wrap(&clean(url), &pad, &pad));
        }
        if let Some(note) = &r.note {
            out.push_str(&wrap(&clean(note), &pad, &pad));
        }
    }
    out
}

fn evidence_lines(v: &VerdictReport, cites: &Citations<'_>, indent: &str) -> String {
    let mut out = String::new();
    for g in by_citation(&v.evidence) {
        let e = g.evidence;
        let refs: Vec<String> = e
            .sources
            .iter()
            .map(|s| format!("[{}]", cites.number(Origin::Profile, s)))
            .collect();
        let mark = if e.basis.is_inferred() {
            format!(" {}", phrase::INFERRED)
        } else {
            String::new()
        };
        let mut line = format!("{}{mark} — {}", g.facts.join(", "), refs.join(", "));
        let mut extra = Vec::new();
        if g.facts.len() > 1 || g.facts[0] != e.cited_at {
            extra.push(format!("cited at {}", e.cited_at));
        }
        if let Some(s) = &e.section {
            extra.push(format!("§ {s}"));
        }
        if let Some(n) = &e.note {
            extra.push(n.clone());
        }
        if !extra.is_empty() {
            line.push_str(&format!(" ({})", extra.join("; ")));
        }
        out.push_str(&wrap(&clean(&line), indent, &format!("{indent}  ")));
    }
    out
}

fn rule_sources(v: &VerdictReport, cites: &Citations<'_>) -> String {
    v.sources
        .iter()
        .map(|s| match cites.get(Origin::Rulebook, s) {
            Some(c) => format!("[{}] {}", c.n, c.title()),
            None => s.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One profile in full: score, coverage, grade, counts, categories, then every rule's
/// verdict with its explanation, missing facts, counterfactuals, sources and evidence.
pub fn audit(report: &Report, profile: &ProfileReport, style: &Style) -> String {
    let p = profile;
    let cites = Citations::for_profile(report, p);
    let label = |f: &str| p.label(f).to_string();
    let labelled = phrase::Markup {
        fact: &label,
        value: &str::to_string,
    };
    let mut out = profile_heading(report, p, "audit");
    let grade = match (&p.grade, &p.grade_withheld) {
        (Some(g), _) => format!(" · grade {g}"),
        (None, Some(_)) => format!(" · {}", p.grade_text()),
        (None, None) => String::new(),
    };
    out.push_str(&clean(&format!(
        "Score {} · coverage {}{grade}\n",
        phrase::percent(p.score),
        phrase::percent(Some(p.coverage)),
    )));
    out.push_str(&wrap(
        &format!("Verdicts: {}", phrase::counts(&p.counts)),
        "",
        "  ",
    ));
    out.push('\n');

    let cats: Vec<(&String, &crate::report::CategoryScore)> = p.categories.iter().collect();
    if !cats.is_empty() {
        let key = Col::new(
            "Category",
            cats.iter()
                .map(|(id, _)| report.category_title(id).to_string())
                .collect(),
        );
        let fixed = [
            Col::new(
                "Score",
                cats.iter().map(|(_, c)| phrase::percent(c.score)).collect(),
            )
            .right(),
            Col::new(
                "Coverage",
                cats.iter()
                    .map(|(_, c)| phrase::percent(Some(c.coverage)))
                    .collect(),
            )
            .right(),
            Col::new(
                "Weight",
                cats.iter().map(|(_, c)| phrase::number(c.weight)).collect(),
            )
            .right(),
            Col::styled(
                "Verdicts",
                cats.iter().map(|(_, c)| tally(&c.counts, style)).collect(),
            ),
        ];
        push_tables(&mut out, "Categories", &fitted(&key, &fixed, &[]));
        out.push('\n');
    }

    out.push_str("Rules\n");
    for v in &p.verdicts {
        out.push('\n');
        out.push_str(&verdict_line(
            &phrase::shown(v),
            v.verdict,
            wrap(
                &clean(&format!("{} · {} — {}", phrase::shown(v), v.rule, v.title)),
                "",
                "    ",
            ),
            style,
        ));
        out.push_str(&wrap(
            &clean(&format!(
                "score {} · weight {} · {}{}",
                phrase::percent(v.score),
                phrase::number(v.weight),
                report.category_title(&v.category),
                phrase::evidence_age(v, report)
            )),
            "  ",
            "  ",
        ));
        out.push_str(&wrap(&clean(&v.explanation), "  ", "  "));
        if let Some(w) = phrase::waiver(v) {
            out.push_str(&wrap(&clean(&w), "  ", "  "));
        }
        if !v.missing.is_empty() {
            let missing: Vec<&str> = v.missing.iter().map(|f| profile.label(f)).collect();
            out.push_str(&wrap(
                &clean(&format!("Missing facts: {}", missing.join("; "))),
                "  ",
                "    ",
            ));
        }
        for clause in phrase::flip_clauses(v, &labelled) {
            out.push_str(&wrap(&clean(&capitalised(&clause)), "  ", "    "));
        }
        if let Some(note) = phrase::search_stopped(v) {
            out.push_str(&wrap(&note, "  ", "    "));
        }
        if !v.sources.is_empty() {
            out.push_str(&wrap(
                &clean(&format!("Sources: {}", rule_sources(v, &cites))),
                "  ",
                "    ",
            ));
        }
        if !v.evidence.is_empty() {
            out.push_str("  Evidence:\n");
            out.push_str(&evidence_lines(v, &cites, "    "));
        }
    }

    if phrase::any_inferred(p) {
        out.push('\n');
        out.push_str(&wrap(phrase::INFERRED_LEGEND, "", ""));
    }
    if !cites.entries().is_empty() {
        out.push_str("\nSources\n");
        for c in cites.entries() {
            out.push_str(&cited_line(c, ""));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Explain

/// One verdict explained: the leaf-by-leaf trace as a tree, why the verdict follows, what
/// would flip it, and which sources back each fact.
pub fn explain(
    report: &Report,
    profile: &ProfileReport,
    verdict: &VerdictReport,
    style: &Style,
) -> String {
    let v = verdict;
    let cites = Citations::for_profile(report, profile);
    let mut out = wrap(&clean(&format!("{} — {}", v.rule, v.title)), "", "  ");
    out.push_str(&profile_heading(report, profile, "explained"));
    let line = wrap(&clean(&phrase::verdict_summary(v, report)), "", "  ");
    let shown = phrase::shown(v);
    out.push_str(&match line.strip_prefix("Verdict: ") {
        Some(rest) => format!(
            "Verdict: {}",
            verdict_line(&shown, v.verdict, rest.to_string(), style)
        ),
        None => line,
    });
    out.push_str(&wrap(&clean(&v.explanation), "", ""));
    if let Some(w) = phrase::waiver(v) {
        out.push_str(&wrap(&clean(&w), "", ""));
    }
    if let Some(rule) = report.rulebook.rules.iter().find(|r| r.id == v.rule) {
        out.push_str(&wrap(
            &clean(&format!(
                "Recommendation (§ {}): {}",
                rule.recommendation.section, rule.recommendation.text
            )),
            "",
            "  ",
        ));
    }

    out.push_str("\nTrace\n");
    if v.trace.is_empty() {
        out.push_str("(no trace recorded)\n");
    }
    for line in clean(&phrase::trace(&v.trace)).lines() {
        out.push_str(&trace_line(line, style));
        out.push('\n');
    }

    out.push_str("\nWhy\n");
    out.push_str(&wrap(&clean(&phrase::why(v)), "", ""));

    out.push_str("\nWhat would flip it\n");
    let flips = phrase::flips(v, &phrase::Markup::PLAIN);
    if flips.is_empty() {
        let none = match v.verdict {
            Verdict::Pass => "Nothing needs to change: the rule passes.".to_string(),
            Verdict::InsufficientData if !v.missing.is_empty() => format!(
                "Knowing the missing facts would decide it: {}.",
                v.missing.join(", ")
            ),
            _ => "No change of facts that would make the rule pass is known.".to_string(),
        };
        out.push_str(&wrap(&clean(&none), "", ""));
    }
    for line in flips {
        out.push_str(&wrap(&clean(&line), "- ", "    "));
    }
    if let Some(note) = phrase::search_stopped(v) {
        out.push_str(&wrap(&note, "", ""));
    }

    out.push_str("\nEvidence\n");
    if v.evidence.is_empty() {
        out.push_str("The profile cites no source for the facts this rule read.\n");
    }
    for g in by_citation(&v.evidence) {
        let e = g.evidence;
        let mut line = g.facts.join(", ");
        if e.basis.is_inferred() {
            line.push_str(&format!(" {}", phrase::INFERRED));
        }
        if g.facts.len() > 1 || g.facts[0] != e.cited_at {
            line.push_str(&format!(" (cited at {})", e.cited_at));
        }
        if let Some(s) = &e.section {
            line.push_str(&format!(" § {s}"));
        }
        out.push_str(&wrap(&clean(&line), "", "  "));
        if let Some(n) = &e.note {
            out.push_str(&wrap(&clean(n), "  ", "  "));
        }
        for s in &e.sources {
            match cites.get(Origin::Profile, s) {
                Some(c) => out.push_str(&cited_line(c, "  ")),
                None => out.push_str(&clean(&format!("  {s} (not listed)\n"))),
            }
        }
    }
    if !v.sources.is_empty() {
        out.push_str("\nRule sources\n");
        for s in &v.sources {
            match cites.get(Origin::Rulebook, s) {
                Some(c) => out.push_str(&cited_line(c, "  ")),
                None => out.push_str(&clean(&format!("  {s} (not listed)\n"))),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    const PLAIN: Style = Style { color: false };
    const COLOR: Style = Style { color: true };

    fn assert_fits(out: &str) {
        for line in out.lines() {
            assert!(
                line.chars().count() <= WIDTH,
                "line over {WIDTH} columns ({}): {line}",
                line.chars().count()
            );
        }
    }

    #[test]
    fn scorecard_fits_80_columns_without_ansi() {
        let r = sample::report();
        let out = scorecard(&r, &PLAIN);
        assert!(!out.contains('\x1b'));
        assert_fits(&out);
        assert!(out.contains("high-risk-vendors"));
        assert!(out.contains("✔ 100%"));
        assert!(out.contains("◐ 50%"));
        assert!(out.contains("✘ 0%"));
        assert!(out.contains("– n/a"));
        assert!(out.contains("? —"));
        assert!(out.contains("67%"));
        assert!(out.contains("80% (100%)"));
        assert!(out.contains("— (0%)"));
        assert!(!out.contains("Summary (continued)"));
    }

    #[test]
    fn wide_scorecards_split_into_column_groups() {
        let mut r = sample::report();
        let base = r.profiles.clone();
        for i in 0..10 {
            for p in &base {
                let mut q = p.clone();
                q.id = format!("{}{i}", p.id);
                q.name = format!("{} with a rather long name {i}", p.name);
                r.profiles.push(q);
            }
        }
        let out = scorecard(&r, &PLAIN);
        assert_fits(&out);
        assert!(out.contains("Verdicts (continued)"));
        assert!(out.contains("FR9"));
    }

    #[test]
    fn colour_only_when_asked() {
        let r = sample::report();
        let coloured = scorecard(&r, &COLOR);
        assert!(coloured.contains('\x1b'));
        // Painting never changes the visible text.
        let stripped: String = anstream::adapter::strip_str(&coloured).to_string();
        assert_eq!(stripped, scorecard(&r, &PLAIN));
        let e = explain(&r, &r.profiles[0], &r.profiles[0].verdicts[2], &COLOR);
        assert!(e.contains(&painted("false", truth_style(Truth::False))));
    }

    /// Colour goes where a verdict or a truth is written, never onto data that merely looks
    /// like one: a title with a dash (the n/a mark) and an explanation ending "→ true".
    #[test]
    fn data_that_looks_like_a_verdict_is_not_painted() {
        let mut r = sample::report();
        let v = &mut r.profiles[0].verdicts[0];
        v.title = "Vendor rules – phase two".into();
        v.explanation = "The check goes → true".into();
        let out = audit(&r, &r.profiles[0], &COLOR);
        assert!(out.contains("Vendor rules – phase two"), "{out}");
        assert!(out.contains("The check goes → true\n"), "{out}");
        let stripped: String = anstream::adapter::strip_str(&out).to_string();
        assert_eq!(stripped, audit(&r, &r.profiles[0], &PLAIN));
    }

    #[test]
    fn control_characters_from_data_are_neutralised() {
        let mut r = sample::report();
        r.profiles[0].name = "Evil\x1b[31mland".into();
        r.profiles[0].verdicts[0].explanation = "Bell\x07 and \x1b[2J clear".into();
        for out in [
            scorecard(&r, &PLAIN),
            audit(&r, &r.profiles[0], &PLAIN),
            explain(&r, &r.profiles[0], &r.profiles[0].verdicts[0], &PLAIN),
        ] {
            assert!(!out.contains('\x1b'));
            assert!(!out.contains('\x07'));
        }
    }

    #[test]
    fn audit_has_every_part() {
        let r = sample::report();
        let out = audit(&r, &r.profiles[0], &PLAIN);
        assert!(!out.contains('\x1b'));
        assert_fits(&out);
        assert!(out.contains("Germany (DE) — audit as of 2024-06-01"));
        assert!(out.contains("Score 67% · coverage 100% · grade B"));
        assert!(out.contains("Verdicts: 1 pass, 1 partial, 1 fail, 0 n/a, 0 insufficient data"));
        assert!(out.contains("✘ fail · clean-network — Joined the <Clean> Network"));
        assert!(out.contains("Would pass if /clean_network/joined were true, or if"));
        assert!(out.contains("Sources: [1] EU 5G Toolbox"));
        assert!(out.contains(
            "    /five_g/high_risk_vendor_policy ≈ inferred — [2], [3] (cited at /five_g;\n      § 4.2; Read from the 2021 IT Security Act)"
        ));
        assert!(out.contains("[3] IT-Sicherheitsgesetz 2.0 — Bundestag, 2021-05, footnote 23"));
        assert!(out.contains("≈ inferred: the value is the analyst's reading of its source"));
        assert!(out.contains("Compiled by the authors"));
        let fr = audit(&r, &r.profiles[1], &PLAIN);
        // A fact with a label is shown by its label (control characters and all, cleaned).
        assert!(fr.contains("Missing facts: the operators <b>named</b> | *all*"));
        assert!(!fr.contains("Missing facts: /telecom/operators"));
    }

    #[test]
    fn explain_walks_every_leaf() {
        let r = sample::report();
        let de = &r.profiles[0];
        let out = explain(&r, de, &de.verdicts[0], &PLAIN);
        assert!(!out.contains('\x1b'));
        assert!(
            out.contains("applies_if → true\n└─ /five_g/deployed eq true — observed true → true")
        );
        assert!(out.contains("   ├─ /five_g/law_in_force exists — observed unknown → false"));
        assert!(out.contains("└─ at_least 2 of → unknown"));
        let div = explain(&r, de, &de.verdicts[1], &PLAIN);
        assert!(
            div.contains("   ├─ [0] count /telecom/operators/0/vendors ge 2 (3 elements) → true")
        );
        assert!(div.contains(
            "- would pass if /telecom/operators/1/vendors had ≥ 2 elements (now [huawei])"
        ));
        let fail = explain(&r, de, &de.verdicts[2], &PLAIN);
        assert!(
            fail.contains("      └─ /clean_network/withdrawn eq true — observed false → false")
        );
        assert!(fail.contains("- or if /clean_network/observer were true (now false) and"));
        assert!(fail.contains("so it fails."));
        assert!(fail.contains("  [2] Digital sovereignty report — A. Author, Think Tank, 2023"));
    }

    #[test]
    fn wrap_respects_width_and_indent() {
        let text = "word ".repeat(40);
        let out = wrap(&text, "- ", "  ");
        assert_fits(&out);
        assert!(out.starts_with("- word"));
        assert!(out.lines().skip(1).all(|l| l.starts_with("  word")));
    }

    #[test]
    fn snapshots() {
        let r = sample::report();
        insta::assert_snapshot!("text_scorecard", scorecard(&r, &PLAIN));
        for p in &r.profiles {
            insta::assert_snapshot!(format!("text_audit_{}", p.id), audit(&r, p, &PLAIN));
            for v in &p.verdicts {
                insta::assert_snapshot!(
                    format!("text_explain_{}_{}", p.id, v.rule),
                    explain(&r, p, v, &PLAIN)
                );
            }
        }
    }
}
