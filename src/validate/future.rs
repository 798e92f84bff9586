//! The future-date guard: a date after "today" (the as-of date) where only
//! the past makes sense is probably a typo, and one that also hides what it
//! should show (an update dated 2062 keeps a case from looking stale). Dates
//! that may lie ahead (a due date, a scheduled meeting) are still refused
//! when they are more than a year ahead: that is a mistyped year.

use chrono::{Months, NaiveDate};

use super::values::{Cx, parse_date};
use crate::diag::{Diagnostic, Text, diag};
use crate::load::raw::Str;

/// A date that must already have happened: a warning when after `as_of`,
/// an error when more than a year after it.
pub(super) fn past(cx: &mut Cx, as_of: NaiveDate, s: &Option<Str>) {
    let Some((d, s)) = parsed(s) else { return };
    if !far(cx, as_of, d, s) && d > as_of {
        cx.push(diag!(DateFuture at s.span;
                "日期晚于今天，是否写错？", "this date is after today: a typo?";
                hint format!("今天是 {as_of}，这里应写已经发生的日子；检查年份和月份。"),
                     format!("Today is {as_of} and this should be a day that has passed; check the year and month.")));
    }
}

/// A date that may lie ahead, but not by more than a year.
pub(super) fn near(cx: &mut Cx, as_of: NaiveDate, s: &Option<Str>) {
    if let Some((d, s)) = parsed(s) {
        far(cx, as_of, d, s);
    }
}

/// The date as written, when it is one; a date that is not was reported already.
fn parsed(s: &Option<Str>) -> Option<(NaiveDate, &Str)> {
    let s = s.as_ref()?;
    parse_date(&s.value).ok().map(|d| (d, s))
}

/// More than a year after `as_of`: an error. Says whether it was.
fn far(cx: &mut Cx, as_of: NaiveDate, d: NaiveDate, s: &Str) -> bool {
    let limit = as_of.checked_add_months(Months::new(12)).unwrap_or(NaiveDate::MAX);
    if d <= limit {
        return false;
    }
    let msg = Text::new(
        format!("日期 {d} 比今天（{as_of}）晚一年以上"),
        format!("{d} is more than a year after today ({as_of})"),
    );
    cx.push(Diagnostic::error(crate::diag::Code::DateFarFuture, s.span, msg).hint(Text::new(
        "多半是年份写错了（例如 2026 写成了 2062）；请改正。",
        "Almost always a mistyped year (2062 for 2026); correct it.",
    )));
    true
}
