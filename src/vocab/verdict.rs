//! Verdicts: what a rule concludes about one profile.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The outcome of one rule on one profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The check holds.
    Pass,
    /// The check fails, but a declared partial-credit condition holds.
    Partial,
    /// The check fails and no partial-credit condition holds.
    Fail,
    /// The rule's `applies_if` is false for this profile.
    NotApplicable,
    /// A fact the outcome depends on is unknown.
    InsufficientData,
}

impl Verdict {
    /// Every verdict, in declaration order.
    pub const ALL: [Verdict; 5] = [
        Verdict::Pass,
        Verdict::Partial,
        Verdict::Fail,
        Verdict::NotApplicable,
        Verdict::InsufficientData,
    ];

    /// The kebab-case name used in rule files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Partial => "partial",
            Verdict::Fail => "fail",
            Verdict::NotApplicable => "not-applicable",
            Verdict::InsufficientData => "insufficient-data",
        }
    }

    /// Whether the verdict counts towards the score (decided and applicable).
    pub fn is_decided(self) -> bool {
        matches!(self, Verdict::Pass | Verdict::Partial | Verdict::Fail)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
