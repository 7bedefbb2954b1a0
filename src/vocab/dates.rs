//! Dates: civil dates, possibly partial (`YYYY`, `YYYY-MM`), compared in three-valued logic.
//!
//! A partial date is an interval: "2020-08" is any day of August 2020. `before`/`after` are
//! decided only when the whole interval lies on one side of the bound; otherwise Unknown.

use super::truth::Truth;
use jiff::civil::Date;

/// A full `YYYY-MM-DD` date.
pub fn parse_full_date(s: &str) -> Option<Date> {
    if s.len() != 10 {
        return None;
    }
    s.parse::<Date>().ok()
}

/// A possibly partial date as the interval of days it covers (first, last).
pub fn parse_partial(s: &str) -> Option<(Date, Date)> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Option<i16> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok())?
    };
    match parts.as_slice() {
        [y] => {
            let y = num(y, 4)?;
            Some((Date::new(y, 1, 1).ok()?, Date::new(y, 12, 31).ok()?))
        }
        [y, m] => {
            let first = Date::new(num(y, 4)?, num(m, 2)? as i8, 1).ok()?;
            Some((first, first.last_of_month()))
        }
        [_, _, _] => parse_full_date(s).map(|d| (d, d)),
        _ => None,
    }
}

/// Whether the fact date lies strictly before `bound`.
pub fn before(fact: &str, bound: Date) -> Truth {
    match parse_partial(fact) {
        Some((_, last)) if last < bound => Truth::True,
        Some((first, _)) if first >= bound => Truth::False,
        Some(_) | None => Truth::Unknown,
    }
}

/// Whether the fact date lies strictly after `bound`.
pub fn after(fact: &str, bound: Date) -> Truth {
    match parse_partial(fact) {
        Some((first, _)) if first > bound => Truth::True,
        Some((_, last)) if last <= bound => Truth::False,
        Some(_) | None => Truth::Unknown,
    }
}

/// Whether a (possibly partial) date had certainly begun by `day`: True when its last day is
/// on or before `day`, False when its first day is after `day`, Unknown in between.
pub fn reached_by(date: &str, day: Date) -> Truth {
    match parse_partial(date) {
        Some((_, last)) if last <= day => Truth::True,
        Some((first, _)) if first > day => Truth::False,
        Some(_) | None => Truth::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse_full_date(s).unwrap()
    }

    #[test]
    fn partial_dates_are_intervals() {
        assert_eq!(
            parse_partial("2020-02"),
            Some((d("2020-02-01"), d("2020-02-29")))
        );
        assert_eq!(
            parse_partial("2021"),
            Some((d("2021-01-01"), d("2021-12-31")))
        );
        assert_eq!(parse_partial("2021-13"), None);
        assert_eq!(parse_partial("21-01-01"), None);
    }

    #[test]
    fn comparisons_are_three_valued() {
        assert_eq!(before("2020-08", d("2020-09-01")), Truth::True);
        assert_eq!(before("2020-08", d("2020-08-15")), Truth::Unknown);
        assert_eq!(before("2020-08", d("2020-08-01")), Truth::False);
        assert_eq!(after("2020-10-23", d("2020-10-22")), Truth::True);
        assert_eq!(after("2020", d("2020-06-01")), Truth::Unknown);
        assert_eq!(reached_by("2020-08", d("2020-08-31")), Truth::True);
        assert_eq!(reached_by("2020-08", d("2020-08-30")), Truth::Unknown);
    }
}
