//! The rule × profile grid that every tabular renderer walks.
//!
//! Rows are the rulebook's rules in rulebook order (followed by any rule a verdict names that
//! the rulebook does not list); columns are the profiles in report order. A cell is the
//! profile's verdict on the rule, or `None` when the profile has none.

use crate::report::{Report, VerdictReport};
use std::collections::{BTreeMap, BTreeSet};

/// One rule row of the grid.
#[derive(Debug, Clone)]
pub(crate) struct Row<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub category: &'a str,
    pub weight: f64,
}

/// The grid of verdicts.
#[derive(Debug, Clone)]
pub(crate) struct Matrix<'a> {
    pub rows: Vec<Row<'a>>,
    lookup: Vec<BTreeMap<&'a str, &'a VerdictReport>>,
}

impl<'a> Matrix<'a> {
    pub fn new(report: &'a Report) -> Self {
        let mut rows: Vec<Row<'a>> = report
            .rulebook
            .rules
            .iter()
            .map(|r| Row {
                id: &r.id,
                title: &r.title,
                category: &r.category,
                weight: r.weight,
            })
            .collect();
        let mut seen: BTreeSet<&str> = rows.iter().map(|r| r.id).collect();
        for p in &report.profiles {
            for v in &p.verdicts {
                if seen.insert(&v.rule) {
                    rows.push(Row {
                        id: &v.rule,
                        title: &v.title,
                        category: &v.category,
                        weight: v.weight,
                    });
                }
            }
        }
        let lookup = report
            .profiles
            .iter()
            .map(|p| p.verdicts.iter().map(|v| (v.rule.as_str(), v)).collect())
            .collect();
        Matrix { rows, lookup }
    }

    /// The verdict of profile number `profile` on rule `rule`.
    pub fn cell(&self, profile: usize, rule: &str) -> Option<&'a VerdictReport> {
        self.lookup.get(profile)?.get(rule).copied()
    }

    /// The categories in order of first appearance among the rows, each with its rows.
    pub fn by_category(&self) -> Vec<(&'a str, Vec<&Row<'a>>)> {
        let mut groups: Vec<(&'a str, Vec<&Row<'a>>)> = Vec::new();
        for row in &self.rows {
            match groups.iter_mut().find(|(c, _)| *c == row.category) {
                Some((_, rows)) => rows.push(row),
                None => groups.push((row.category, vec![row])),
            }
        }
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    #[test]
    fn rows_follow_the_rulebook_and_cells_the_profiles() {
        let report = sample::report();
        let m = Matrix::new(&report);
        let ids: Vec<&str> = m.rows.iter().map(|r| r.id).collect();
        assert_eq!(
            ids,
            ["high-risk-vendors", "vendor-diversity", "clean-network"]
        );
        assert_eq!(m.cell(1, "clean-network").unwrap().rule, "clean-network");
        assert!(m.cell(0, "no-such-rule").is_none());
        let cats: Vec<&str> = m.by_category().iter().map(|(c, _)| *c).collect();
        assert_eq!(cats, ["network", "governance"]);
    }
}
