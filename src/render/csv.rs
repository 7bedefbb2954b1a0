//! CSV output: one row per (profile, rule), for spreadsheets and scripts.
//!
//! RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote,
//! CR or LF, quotes doubled. Rows follow report order, then rulebook order.

use crate::render::matrix::Matrix;
use crate::render::phrase;
use crate::report::Report;

/// The column names, in order.
pub const HEADER: [&str; 16] = [
    "profile",
    "name",
    "rule",
    "title",
    "category",
    "verdict",
    "score",
    "weight",
    "profile_score",
    "profile_coverage",
    "profile_grade",
    "missing",
    "would_pass_if",
    "waiver",
    "evidence_date",
    "stale",
];

/// One CSV field, quoted when it needs to be. Control characters (but line feeds) are
/// dropped, and a field a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return, OWASP's CSV-injection list) is prefixed with `'`; a
/// plain number such as `-16.1` is left as it is.
fn field(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|c| *c == '\n' || !(c.is_control() || crate::render::text::is_bidi_control(*c)))
        .collect();
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && !clean.parse::<f64>().is_ok_and(f64::is_finite);
    let clean = if formula { format!("'{clean}") } else { clean };
    if clean.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", clean.replace('"', "\"\""))
    } else {
        clean
    }
}

pub(crate) fn number(x: Option<f64>) -> String {
    x.filter(|x| x.is_finite())
        .map(|x| x.to_string())
        .unwrap_or_default()
}

pub(crate) fn push_row(out: &mut String, fields: &[String]) {
    let row: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&row.join(","));
    out.push_str("\r\n");
}

/// Every verdict of every profile: header plus one row per (profile, rule). Scores are
/// fractions in [0, 1], empty when null; a rule a profile has no verdict on has an empty
/// verdict. `missing` lists fact pointers separated by spaces.
pub fn scorecard(report: &Report) -> String {
    let m = Matrix::new(report);
    let mut out = String::new();
    push_row(&mut out, &HEADER.map(String::from));
    for (i, p) in report.profiles.iter().enumerate() {
        for row in &m.rows {
            let v = m.cell(i, row.id);
            push_row(
                &mut out,
                &[
                    p.id.clone(),
                    p.name.clone(),
                    row.id.to_string(),
                    row.title.to_string(),
                    row.category.to_string(),
                    v.map(|v| v.verdict.as_str().to_string())
                        .unwrap_or_default(),
                    number(v.and_then(|v| v.score)),
                    number(Some(v.map_or(row.weight, |v| v.weight))),
                    number(p.score),
                    number(Some(p.coverage)),
                    p.grade_text(),
                    v.map(|v| v.missing.join(" ")).unwrap_or_default(),
                    v.and_then(|v| phrase::counterfactuals(&v.counterfactuals))
                        .unwrap_or_default(),
                    v.and_then(|v| v.waiver.as_ref())
                        .map(|w| format!("{:?}", w.state).to_lowercase())
                        .unwrap_or_default(),
                    v.and_then(|v| v.evidence_date.clone()).unwrap_or_default(),
                    v.map(|v| v.stale.to_string()).unwrap_or_default(),
                ],
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    #[test]
    fn quoting() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn formulas_and_control_characters_are_neutralised() {
        assert_eq!(
            field("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(field("+1+1"), "'+1+1");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tx"), "'x");
        assert_eq!(field("-16.1"), "-16.1", "a number stays a number");
        assert_eq!(field("a\u{1b}[31mred"), "a[31mred");
        assert_eq!(field("left\u{202e}right"), "leftright");
    }

    #[test]
    fn one_row_per_profile_and_rule() {
        let r = sample::report();
        let out = scorecard(&r);
        let lines: Vec<&str> = out.split_terminator("\r\n").collect();
        assert_eq!(lines.len(), r.profiles.len() * r.rulebook.rules.len() + 1);
        assert_eq!(lines[0], HEADER.join(","));
        assert!(out.ends_with("\r\n"));
        assert!(!out.replace("\r\n", "").contains('\n'));
        assert!(lines[1].starts_with(
            "DE,Germany,high-risk-vendors,Restrict high-risk vendors,network,pass,1,3,"
        ));
        // Null score: empty field.
        assert!(lines[4].starts_with("FR,France | Métropole & <DOM>,high-risk-vendors,"));
        assert!(lines[4].contains(",not-applicable,,3,"));
        assert!(lines[5].contains(",insufficient-data,,2,1,"));
        assert!(
            lines[1].contains(",B,"),
            "the profile's grade: {}",
            lines[1]
        );
        assert!(lines[5].contains(",/telecom/operators,"));
        // A counterfactual with a comma is quoted.
        assert!(lines[3].ends_with(
            ",\"would pass if /clean_network/joined were true, or if /clean_network/observer were true and /five_g/high_risk_vendor_policy were one of [ban]\",,,false"
        ));
        assert_eq!(out, scorecard(&r), "deterministic");
    }
}
