//! Three-valued (Kleene) truth: the logic every condition evaluates in.
//!
//! A missing or `null` fact makes a comparison [`Truth::Unknown`], never false. The
//! connectives follow Kleene's strong logic: `false` dominates `and`, `true` dominates `or`,
//! and `not` maps Unknown to Unknown.

use serde::{Deserialize, Serialize};

/// The truth value of a condition on a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    False,
    Unknown,
    True,
}

impl Truth {
    /// Kleene conjunction: the minimum under False < Unknown < True.
    pub fn and(self, other: Truth) -> Truth {
        self.min(other)
    }

    /// Kleene disjunction: the maximum under False < Unknown < True.
    pub fn or(self, other: Truth) -> Truth {
        self.max(other)
    }

    /// Kleene negation.
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }

    /// A decided two-valued truth.
    pub fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }

    /// Conjunction of many (true when empty).
    pub fn all(items: impl IntoIterator<Item = Truth>) -> Truth {
        items.into_iter().fold(Truth::True, Truth::and)
    }

    /// Disjunction of many (false when empty).
    pub fn any(items: impl IntoIterator<Item = Truth>) -> Truth {
        items.into_iter().fold(Truth::False, Truth::or)
    }

    /// Whether at least `n` of the items hold: decided only when the bounds agree.
    pub fn at_least(n: usize, items: impl IntoIterator<Item = Truth>) -> Truth {
        let (mut yes, mut maybe) = (0usize, 0usize);
        for t in items {
            match t {
                Truth::True => yes += 1,
                Truth::Unknown => maybe += 1,
                Truth::False => {}
            }
        }
        if yes >= n {
            Truth::True
        } else if yes + maybe < n {
            Truth::False
        } else {
            Truth::Unknown
        }
    }

    pub fn is_true(self) -> bool {
        self == Truth::True
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Truth::True => "true",
            Truth::False => "false",
            Truth::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Truth::{self, *};

    const ALL: [Truth; 3] = [False, Unknown, True];

    #[test]
    fn kleene_tables() {
        assert_eq!(Unknown.and(False), False);
        assert_eq!(Unknown.and(True), Unknown);
        assert_eq!(Unknown.or(True), True);
        assert_eq!(Unknown.or(False), Unknown);
        assert_eq!(Unknown.not(), Unknown);
    }

    #[test]
    fn de_morgan_and_double_negation() {
        for a in ALL {
            assert_eq!(a.not().not(), a);
            for b in ALL {
                assert_eq!(a.and(b).not(), a.not().or(b.not()));
                assert_eq!(a.or(b).not(), a.not().and(b.not()));
            }
        }
    }

    #[test]
    fn at_least_bounds() {
        assert_eq!(Truth::at_least(2, [True, Unknown, False]), Unknown);
        assert_eq!(Truth::at_least(1, [True, Unknown, False]), True);
        assert_eq!(Truth::at_least(2, [True, False, False]), False);
    }
}
