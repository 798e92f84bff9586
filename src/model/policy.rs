//! The policy's own calendar: the joint meeting in the last week of every
//! even month, the monthly report by the 18th, and the year's evaluation in
//! December. `check` reminds of what is near and `calendar.ics` lists them,
//! from these same dates.

use chrono::{Datelike, Months, NaiveDate};

/// One recurring date of the policy, as a range of whole days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PolicyDate {
    pub kind: PolicyKind,
    /// First day.
    pub start: NaiveDate,
    /// Last day, inclusive.
    pub end: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PolicyKind {
    /// 三方联席会议: the last week of an even month.
    JointMeeting,
    /// 月度报送: by the 18th.
    MonthlyReport,
    /// 年度评议考核: in December.
    Evaluation,
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    first_of_month(d).checked_add_months(Months::new(1)).and_then(|n| n.pred_opt()).unwrap_or(d)
}

/// The joint-meeting window of the month of `d`: its last seven days.
pub fn joint_window(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let end = last_of_month(d);
    (end - chrono::Duration::days(6), end)
}

/// The first joint-meeting window that has not ended on `as_of`.
pub fn next_joint_window(as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
    let mut month = first_of_month(as_of);
    loop {
        let (start, end) = joint_window(month);
        if month.month().is_multiple_of(2) && end >= as_of {
            return (start, end);
        }
        month = month.checked_add_months(Months::new(1)).unwrap_or(NaiveDate::MAX);
    }
}

/// The first report day (the 18th) on or after `as_of`.
pub fn next_report_day(as_of: NaiveDate) -> NaiveDate {
    let this = as_of.with_day(18).unwrap_or(as_of);
    if this >= as_of { this } else { this.checked_add_months(Months::new(1)).unwrap_or(this) }
}

/// Every policy date in the `months` months starting with the month of
/// `from`, in date order.
pub fn policy_dates(from: NaiveDate, months: u32) -> Vec<PolicyDate> {
    let mut out = Vec::new();
    let first = first_of_month(from);
    for i in 0..months {
        let Some(month) = first.checked_add_months(Months::new(i)) else { break };
        let report = month.with_day(18).unwrap_or(month);
        out.push(PolicyDate { kind: PolicyKind::MonthlyReport, start: report, end: report });
        if month.month().is_multiple_of(2) {
            let (start, end) = joint_window(month);
            out.push(PolicyDate { kind: PolicyKind::JointMeeting, start, end });
        }
        if month.month() == 12 {
            out.push(PolicyDate { kind: PolicyKind::Evaluation, start: month, end: last_of_month(month) });
        }
    }
    out.sort_by_key(|p| (p.start, p.kind));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn joint_windows_are_the_last_week_of_even_months() {
        assert_eq!(next_joint_window(day(2026, 11, 27)), (day(2026, 12, 25), day(2026, 12, 31)));
        assert_eq!(next_joint_window(day(2026, 12, 31)), (day(2026, 12, 25), day(2026, 12, 31)));
        assert_eq!(next_joint_window(day(2027, 1, 1)), (day(2027, 2, 22), day(2027, 2, 28)));
        assert_eq!(next_joint_window(day(2028, 2, 1)), (day(2028, 2, 23), day(2028, 2, 29)));
    }

    #[test]
    fn report_day_is_the_next_18th() {
        assert_eq!(next_report_day(day(2026, 11, 18)), day(2026, 11, 18));
        assert_eq!(next_report_day(day(2026, 11, 19)), day(2026, 12, 18));
        assert_eq!(next_report_day(day(2026, 12, 27)), day(2027, 1, 18));
    }

    #[test]
    fn a_year_of_policy_dates() {
        let all = policy_dates(day(2026, 11, 27), 12);
        let count = |k| all.iter().filter(|p| p.kind == k).count();
        assert_eq!(count(PolicyKind::MonthlyReport), 12);
        assert_eq!(count(PolicyKind::JointMeeting), 6);
        assert_eq!(count(PolicyKind::Evaluation), 1);
        assert_eq!(
            all[0],
            PolicyDate { kind: PolicyKind::MonthlyReport, start: day(2026, 11, 18), end: day(2026, 11, 18) }
        );
        assert!(all.windows(2).all(|w| w[0].start <= w[1].start));
    }
}
