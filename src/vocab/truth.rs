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
    /// Decided false.
    False,
    /// Undecided: a fact it depends on is missing, null or unreadable.
    Unknown,
    /// Decided true.
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

    /// Conjunction of many (true when empty). Stops at the first false item: the rest
    /// cannot change the answer, so a lazy iterator is not driven further.
    pub fn all(items: impl IntoIterator<Item = Truth>) -> Truth {
        fold_until(items, Truth::True, Truth::False, Truth::and)
    }

    /// Disjunction of many (false when empty). Stops at the first true item.
    pub fn any(items: impl IntoIterator<Item = Truth>) -> Truth {
        fold_until(items, Truth::False, Truth::True, Truth::or)
    }

    /// Whether at least `n` of the items hold: decided only when the bounds agree. Stops
    /// once `n` items hold.
    pub fn at_least(n: usize, items: impl IntoIterator<Item = Truth>) -> Truth {
        let (mut yes, mut maybe) = (0usize, 0usize);
        if n == 0 {
            return Truth::True;
        }
        for t in items {
            match t {
                Truth::True => {
                    yes += 1;
                    if yes >= n {
                        return Truth::True;
                    }
                }
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

    /// Whether this is decided [`Truth::True`] (Unknown is not).
    pub fn is_true(self) -> bool {
        self == Truth::True
    }

    /// The lowercase name used in traces and reports: `true`, `false` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Truth::True => "true",
            Truth::False => "false",
            Truth::Unknown => "unknown",
        }
    }
}

/// Fold `items` with `op` from `empty`, returning `decisive` as soon as an item is it.
fn fold_until(
    items: impl IntoIterator<Item = Truth>,
    empty: Truth,
    decisive: Truth,
    op: fn(Truth, Truth) -> Truth,
) -> Truth {
    let mut acc = empty;
    for t in items {
        if t == decisive {
            return decisive;
        }
        acc = op(acc, t);
    }
    acc
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

    #[test]
    fn connectives_stop_once_decided() {
        // The items after a deciding one are never produced, and the answer matches the
        // full fold over every item.
        fn lazy<'a>(
            items: &'a [Truth],
            seen: &'a std::cell::Cell<usize>,
        ) -> impl Iterator<Item = Truth> + 'a {
            items.iter().map(move |t| {
                seen.set(seen.get() + 1);
                *t
            })
        }
        let seen = std::cell::Cell::new(0);
        assert_eq!(Truth::all(lazy(&[Unknown, False, True], &seen)), False);
        assert_eq!(seen.get(), 2);
        seen.set(0);
        assert_eq!(Truth::any(lazy(&[Unknown, True, False], &seen)), True);
        assert_eq!(seen.get(), 2);
        seen.set(0);
        assert_eq!(
            Truth::at_least(1, lazy(&[True, Unknown, False], &seen)),
            True
        );
        assert_eq!(seen.get(), 1);
        for a in ALL {
            for b in ALL {
                for c in ALL {
                    assert_eq!(Truth::all([a, b, c]), a.and(b).and(c));
                    assert_eq!(Truth::any([a, b, c]), a.or(b).or(c));
                }
            }
        }
    }
}
