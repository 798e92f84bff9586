//! What the street office needs from the model, computed, not retyped: the
//! monthly report's figures (`figures`), the register of open cases
//! (`register`) and their CSV exports (`csv`). Pure functions over the
//! validated model; `render` turns them into pages and files.
//!
//! The narrative a community adds to its monthly report
//! (`reports/<YYYY-MM>.md`) is a model type of its own, [`Narrative`].

pub(crate) mod compliance;
pub(crate) mod csv;
pub(crate) mod evidence;
pub(crate) mod figures;
pub(crate) mod inspection;
pub(crate) mod register;

use chrono::{Datelike, NaiveDate};

/// A calendar month, `2026-11`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month { year: d.year(), month: d.month() }
    }

    /// `2026-11` (two-digit month); `None` for anything else.
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let month = Month { year: y.parse().ok()?, month: m.parse().ok()? };
        (1..=12).contains(&month.month).then_some(month)
    }

    pub fn first(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    pub fn last(self) -> NaiveDate {
        let next = if self.month == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.month + 1, 1)
        };
        next.and_then(|d| d.pred_opt()).unwrap_or_default()
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        Month::of(d) == self
    }

    /// The day the month's standing figures are taken on: its last day, or
    /// the as-of date while the month is still running.
    pub fn cutoff(self, as_of: NaiveDate) -> NaiveDate {
        self.last().min(as_of)
    }

    /// January to the as-of month of the as-of year: the months reported on.
    pub fn year_to(as_of: NaiveDate) -> Vec<Month> {
        (1..=as_of.month()).map(|month| Month { year: as_of.year(), month }).collect()
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A community's narrative for one month's report: what it did well, what
/// it could not solve, and what comes next (Markdown, checked for personal
/// information like every public text). Only validation makes one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Narrative {
    pub month: Month,
    /// When the report went to the street office; `None` while a draft.
    pub submitted: Option<NaiveDate>,
    /// Markdown, as written.
    pub body: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn months_parse_strictly_and_know_their_bounds() {
        assert_eq!(Month::parse("2026-11"), Some(Month { year: 2026, month: 11 }));
        for bad in ["2026-13", "2026-1", "26-11", "2026_11", "2026-00", "2026-1a"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        let feb = Month { year: 2028, month: 2 };
        assert_eq!(feb.last(), day("2028-02-29"));
        assert_eq!(Month { year: 2026, month: 12 }.last(), day("2026-12-31"));
        assert_eq!(feb.to_string(), "2028-02");
        assert_eq!(Month::of(day("2026-11-27")).cutoff(day("2026-11-27")), day("2026-11-27"));
        assert_eq!(Month { year: 2026, month: 10 }.cutoff(day("2026-11-27")), day("2026-10-31"));
        assert_eq!(Month::year_to(day("2026-03-02")).len(), 3);
    }
}
