//! The monthly report's figures for one compound and month, exactly by the
//! definitions of issue 12 (also printed on the report page):
//!
//! - 本月受理 `received`: cases received in the month;
//! - 本月办结 `resolved`: cases whose result is dated in the month;
//! - 按期办结 `on_time`: of those, result dated on or before the due date in
//!   force (the last `due`, extensions included); a case without a due date
//!   cannot be late, so it counts as on time;
//! - 在办 `open`: received by the cutoff (the month's last day, or the as-of
//!   date in the running month) and without a result by then; a result that
//!   a later `reopened` update (on or before the cutoff) undid does not
//!   count, since the case is being handled again;
//! - 逾期未办结 `overdue`: of those, due before the cutoff;
//! - 吹哨上报 `escalated`: cases with an `escalated` update in the month;
//! - 联席会议次数 `meetings`: joint meetings dated in the month.
//!
//! The extras: revisits dated in the month (a revisit without a date counts
//! in its case's result month) by satisfaction, and notices published in
//! the month, the major ones (every kind but 其他) and of those the ones
//! reported to the community on or before their publication.

use std::ops::AddAssign;

use chrono::NaiveDate;
use serde::Serialize;

use super::Month;
use crate::model::{Case, CaseStatus, Compound, NoticeKind, Satisfaction};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Figures {
    pub received: usize,
    pub resolved: usize,
    pub on_time: usize,
    pub open: usize,
    pub overdue: usize,
    pub escalated: usize,
    pub meetings: usize,
    pub revisit_satisfied: usize,
    pub revisit_basic: usize,
    pub revisit_unsatisfied: usize,
    pub revisit_none: usize,
    pub notices: usize,
    pub major_notices: usize,
    pub reported_in_advance: usize,
}

/// One compound's figures for `month`, standing figures taken at its cutoff.
pub(crate) fn compound(p: &Compound, month: Month, as_of: NaiveDate) -> Figures {
    let cutoff = month.cutoff(as_of);
    let mut f = Figures::default();
    for c in &p.cases {
        if month.contains(c.received) {
            f.received += 1;
        }
        let result = c.result.as_ref().map(|r| r.date);
        if let Some(done) = result.filter(|d| month.contains(*d)) {
            f.resolved += 1;
            if c.due.is_none_or(|due| done <= due) {
                f.on_time += 1;
            }
        }
        if open_at(c, cutoff) {
            f.open += 1;
            if c.due.is_some_and(|due| due < cutoff) {
                f.overdue += 1;
            }
        }
        if c.updates.iter().any(|u| u.status == CaseStatus::Escalated && month.contains(u.date)) {
            f.escalated += 1;
        }
        if let Some(r) = &c.revisit
            && r.date.or(result).is_some_and(|d| month.contains(d))
        {
            match r.satisfaction {
                Satisfaction::Satisfied => f.revisit_satisfied += 1,
                Satisfaction::Basic => f.revisit_basic += 1,
                Satisfaction::Unsatisfied => f.revisit_unsatisfied += 1,
                Satisfaction::NoRating => f.revisit_none += 1,
            }
        }
    }
    f.meetings = p.meetings.iter().filter(|m| month.contains(m.date)).count();
    for n in p.notices.iter().filter(|n| month.contains(n.published)) {
        f.notices += 1;
        if n.kind != NoticeKind::Other {
            f.major_notices += 1;
            if n.reported.is_some_and(|r| r <= n.published) {
                f.reported_in_advance += 1;
            }
        }
    }
    f
}

/// Received by `day` and without a standing result on `day`.
pub(crate) fn open_at(c: &Case, day: NaiveDate) -> bool {
    let done = c.result.as_ref().is_some_and(|r| {
        r.date <= day && !c.updates.iter().any(|u| u.status == CaseStatus::Reopened && r.date < u.date && u.date <= day)
    });
    c.received <= day && !done
}

impl AddAssign for Figures {
    fn add_assign(&mut self, o: Figures) {
        self.received += o.received;
        self.resolved += o.resolved;
        self.on_time += o.on_time;
        self.open += o.open;
        self.overdue += o.overdue;
        self.escalated += o.escalated;
        self.meetings += o.meetings;
        self.revisit_satisfied += o.revisit_satisfied;
        self.revisit_basic += o.revisit_basic;
        self.revisit_unsatisfied += o.revisit_unsatisfied;
        self.revisit_none += o.revisit_none;
        self.notices += o.notices;
        self.major_notices += o.major_notices;
        self.reported_in_advance += o.reported_in_advance;
    }
}

impl Figures {
    pub(crate) fn revisits(&self) -> usize {
        self.revisit_satisfied + self.revisit_basic + self.revisit_unsatisfied + self.revisit_none
    }
}

/// "8/10（80%）": a rate always with the counts it comes from; "—" when
/// there is nothing to divide by.
pub(crate) fn rate(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "—".to_string();
    }
    // Rounded half up in integer arithmetic, so 2/3 is 67% on every platform.
    let pct = (part * 200 + whole) / (whole * 2);
    format!("{part}/{whole}（{pct}%）")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn case(id: &str, received: &str, due: Option<&str>, result: Option<&str>) -> Case {
        Case {
            id: id.into(),
            title: id.into(),
            kind: CaseKind::Daily,
            category: None,
            channel: None,
            received: day(received),
            location: None,
            lead: Party::PropertyCompany,
            partners: vec![],
            due: due.map(day),
            opinion: None,
            status: if result.is_some() { CaseStatus::Resolved } else { CaseStatus::InProgress },
            updates: vec![],
            result: result.map(|r| CaseResult { date: day(r), outcome: Outcome::Resolved, text: None }),
            revisit: None,
            body: String::new(),
            overdue: false,
            stale: false,
            last_update: day(received),
        }
    }

    fn compound(cases: Vec<Case>) -> Compound {
        Compound {
            slug: "x".into(),
            name: "x".into(),
            address: None,
            households: None,
            party_org: None,
            owners: None,
            company: Company {
                name: "x".into(),
                service_phone: None,
                repair_phone: None,
                contract: None,
                members: vec![],
                quality_supervisor: None,
            },
            joint: None,
            contacts: vec![],
            pledges: vec![],
            cases,
            meetings: vec![],
            notices: vec![],
            evaluations: vec![],
            attachments: vec![],
            findings: vec![],
        }
    }

    const OCT: Month = Month { year: 2026, month: 10 };
    const NOV: Month = Month { year: 2026, month: 11 };

    #[test]
    fn resolved_on_time_compares_the_result_with_the_due_date_in_force() {
        let p = compound(vec![
            case("on-time", "2026-10-01", Some("2026-10-20"), Some("2026-10-20")),
            case("late", "2026-10-01", Some("2026-10-10"), Some("2026-10-11")),
            case("no-due", "2026-09-01", None, Some("2026-10-05")),
            case("next-month", "2026-10-01", Some("2026-11-30"), Some("2026-11-02")),
        ]);
        let f = super::compound(&p, OCT, day("2026-11-27"));
        assert_eq!((f.received, f.resolved, f.on_time), (3, 3, 2));
        // Open at 31 October: the case resolved on 2 November only.
        assert_eq!((f.open, f.overdue), (1, 0));
    }

    #[test]
    fn open_and_overdue_are_taken_at_the_cutoff() {
        let p = compound(vec![
            case("due-before-cutoff", "2026-10-01", Some("2026-11-10"), None),
            case("due-on-cutoff", "2026-10-01", Some("2026-11-27"), None),
            case("received-after-october", "2026-11-03", Some("2026-11-04"), None),
            case("resolved-on-cutoff", "2026-10-01", Some("2026-10-02"), Some("2026-11-27")),
        ]);
        let nov = super::compound(&p, NOV, day("2026-11-27"));
        assert_eq!((nov.open, nov.overdue), (3, 2));
        let oct = super::compound(&p, OCT, day("2026-11-27"));
        // At 31 October: three received, none resolved; one past due (2 Oct).
        assert_eq!((oct.open, oct.overdue), (3, 1));
    }

    #[test]
    fn a_reopened_case_is_open_again_from_the_day_it_was_reopened() {
        let mut c = case("a", "2026-10-01", Some("2026-12-10"), Some("2026-10-31"));
        c.updates = vec![Update {
            date: day("2026-11-16"),
            status: CaseStatus::Reopened,
            by: None,
            note: None,
            to: None,
            due: None,
        }];
        assert!(!open_at(&c, day("2026-11-15")));
        assert!(open_at(&c, day("2026-11-16")));
        let p = compound(vec![c]);
        let oct = super::compound(&p, OCT, day("2026-11-27"));
        assert_eq!((oct.resolved, oct.on_time, oct.open), (1, 1, 0));
        assert_eq!(super::compound(&p, NOV, day("2026-11-27")).open, 1);
    }

    #[test]
    fn escalations_count_cases_not_updates() {
        let mut c = case("a", "2026-10-01", None, None);
        let up =
            |d: &str| Update { date: day(d), status: CaseStatus::Escalated, by: None, note: None, to: None, due: None };
        c.updates = vec![up("2026-10-02"), up("2026-10-09"), up("2026-11-01")];
        let p = compound(vec![c]);
        assert_eq!(super::compound(&p, OCT, day("2026-11-27")).escalated, 1);
        assert_eq!(super::compound(&p, NOV, day("2026-11-27")).escalated, 1);
        assert_eq!(super::compound(&p, Month { year: 2026, month: 9 }, day("2026-11-27")).escalated, 0);
    }

    #[test]
    fn rates_carry_their_counts() {
        assert_eq!(rate(2, 3), "2/3（67%）");
        assert_eq!(rate(1, 8), "1/8（13%）");
        assert_eq!(rate(0, 0), "—");
    }
}
