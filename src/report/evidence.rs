//! The December evaluation's evidence (评议): for a year and each of the
//! three parties of a compound, what the record shows about the cases they
//! led, their pledges, and the compound's joint meetings and major notices.
//!
//! Definitions, for the year's cutoff (31 December, or the as-of date in
//! the running year):
//! - led: cases received in the year with the party as `lead`;
//! - resolved: of those, with a result dated by the cutoff; on time: result
//!   dated on or before the due date in force (no due date: on time);
//! - median days to result: from `received` to `result.date`, of the resolved;
//! - open / overdue at year end: of the led, open at the cutoff (as in the
//!   monthly report), and of those past their due date;
//! - revisits by satisfaction: of the led, those revisited;
//! - pledges: the party's items in `pledges/<year>.yaml`, by status;
//! - joint meetings: meetings dated in the year, against the six a year the
//!   policy asks for (one every two months); major notices: published in
//!   the year, not of kind 其他, and of those reported on or before publication.
//!
//! Rates are shown only from [`MIN_FOR_RATE`] cases on; counts always.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::figures::open_at;
use crate::model::{Compound, NoticeKind, Party, PledgeStatus, Satisfaction};

/// What happened to a year's results after the evaluation meeting: the
/// public notice period (公示), objections raised, the street Party
/// working committee's approval (街道党工委审定) and the street's circular
/// (街道通报). Read from `evaluations/<year>.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Process {
    pub publicity: Option<(NaiveDate, NaiveDate)>,
    pub objections: Option<String>,
    pub approved: Option<NaiveDate>,
    pub circulated: Option<NaiveDate>,
}

impl Process {
    /// Within the results' public notice period on `day`.
    pub fn in_publicity(&self, day: NaiveDate) -> bool {
        self.publicity.is_some_and(|(from, until)| from <= day && day <= until)
    }
}

/// Below this many cases a rate says more about chance than about work.
pub(crate) const MIN_FOR_RATE: usize = 5;
/// Joint meetings a year: one every two months.
pub(crate) const MEETINGS_REQUIRED: usize = 6;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct PartyEvidence {
    pub led: usize,
    pub resolved: usize,
    pub on_time: usize,
    pub open: usize,
    pub overdue: usize,
    pub satisfied: usize,
    pub basic: usize,
    pub unsatisfied: usize,
    pub no_rating: usize,
    pub pledges: usize,
    pub fulfilled: usize,
    pub partial: usize,
    pub unfulfilled: usize,
    /// Days from received to result, of each resolved case.
    #[serde(skip)]
    pub days: Vec<i64>,
}

impl PartyEvidence {
    /// The median of `days`, halves kept (`4.5`).
    pub(crate) fn median_days(&self) -> Option<f64> {
        let mut d = self.days.clone();
        d.sort_unstable();
        let n = d.len();
        match n {
            0 => None,
            _ if n % 2 == 1 => Some(d[n / 2] as f64),
            _ => Some((d[n / 2 - 1] + d[n / 2]) as f64 / 2.0),
        }
    }

    pub(crate) fn add(&mut self, o: &PartyEvidence) {
        self.led += o.led;
        self.resolved += o.resolved;
        self.on_time += o.on_time;
        self.open += o.open;
        self.overdue += o.overdue;
        self.satisfied += o.satisfied;
        self.basic += o.basic;
        self.unsatisfied += o.unsatisfied;
        self.no_rating += o.no_rating;
        self.pledges += o.pledges;
        self.fulfilled += o.fulfilled;
        self.partial += o.partial;
        self.unfulfilled += o.unfulfilled;
        self.days.extend_from_slice(&o.days);
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Evidence {
    pub year: i32,
    pub cutoff: NaiveDate,
    /// Residents' committee, owners' committee (or self-management group), property company.
    pub parties: Vec<(Party, PartyEvidence)>,
    pub meetings: usize,
    pub major_notices: usize,
    pub reported_in_advance: usize,
}

/// The three parties of a compound, in the policy's order.
pub(crate) fn parties(p: &Compound) -> [Party; 3] {
    let owners = p.owners.as_ref().map_or(Party::OwnersCommittee, |(party, _)| *party);
    [Party::ResidentsCommittee, owners, Party::PropertyCompany]
}

/// The evidence for `year` as of `as_of`; `None` for a year not yet begun.
pub(crate) fn compound(p: &Compound, year: i32, as_of: NaiveDate) -> Option<Evidence> {
    let end = NaiveDate::from_ymd_opt(year, 12, 31)?;
    let cutoff = end.min(as_of);
    if cutoff.year() < year {
        return None;
    }
    let in_year = |d: NaiveDate| d.year() == year && d <= cutoff;
    let pledge_year = p.pledges.iter().find(|y| y.year == year);
    let parties = parties(p)
        .into_iter()
        .map(|party| {
            let mut e = PartyEvidence::default();
            for c in p.cases.iter().filter(|c| c.lead == party && in_year(c.received)) {
                e.led += 1;
                if let Some(r) = c.result.as_ref().filter(|r| r.date <= cutoff) {
                    e.resolved += 1;
                    if c.due.is_none_or(|due| r.date <= due) {
                        e.on_time += 1;
                    }
                    e.days.push((r.date - c.received).num_days());
                }
                if open_at(c, cutoff) {
                    e.open += 1;
                    if c.due.is_some_and(|due| due < cutoff) {
                        e.overdue += 1;
                    }
                }
                match c.revisit.as_ref().map(|r| r.satisfaction) {
                    Some(Satisfaction::Satisfied) => e.satisfied += 1,
                    Some(Satisfaction::Basic) => e.basic += 1,
                    Some(Satisfaction::Unsatisfied) => e.unsatisfied += 1,
                    Some(Satisfaction::NoRating) => e.no_rating += 1,
                    None => {}
                }
            }
            let items = pledge_year.and_then(|y| y.parties.iter().find(|(q, _)| *q == party)).map(|(_, v)| v);
            for pl in items.into_iter().flatten() {
                e.pledges += 1;
                match pl.status {
                    PledgeStatus::Fulfilled => e.fulfilled += 1,
                    PledgeStatus::Partial => e.partial += 1,
                    PledgeStatus::Unfulfilled => e.unfulfilled += 1,
                    PledgeStatus::Planned | PledgeStatus::InProgress => {}
                }
            }
            (party, e)
        })
        .collect();
    let major: Vec<_> = p.notices.iter().filter(|n| in_year(n.published) && n.kind != NoticeKind::Other).collect();
    Some(Evidence {
        year,
        cutoff,
        parties,
        meetings: p.meetings.iter().filter(|m| in_year(m.date)).count(),
        major_notices: major.len(),
        reported_in_advance: major.iter().filter(|n| n.reported.is_some_and(|r| r <= n.published)).count(),
    })
}

/// "4/5（80%）" from [`MIN_FOR_RATE`] cases on, "4/4" below.
pub(crate) fn rate(part: usize, whole: usize) -> String {
    if whole < MIN_FOR_RATE {
        return format!("{part}/{whole}");
    }
    super::figures::rate(part, whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_hidden_below_five_cases() {
        assert_eq!(rate(3, 4), "3/4");
        assert_eq!(rate(4, 5), "4/5（80%）");
        assert_eq!(rate(0, 0), "0/0");
    }

    #[test]
    fn the_median_keeps_halves() {
        let e = |days: Vec<i64>| PartyEvidence { days, ..PartyEvidence::default() }.median_days();
        assert_eq!(e(vec![]), None);
        assert_eq!(e(vec![9, 1, 5]), Some(5.0));
        assert_eq!(e(vec![4, 1, 5, 10]), Some(4.5));
    }
}
