//! What needs attention on a given day: the open cases in urgency order,
//! what was closed lately, the last and the next joint meeting and the date
//! the next one is due by, and the notices in their public period. Phone
//! pages and kiosk boards ask these questions of the same model, so they
//! cannot disagree on the answer.

use std::cmp::Reverse;

use chrono::{Datelike, NaiveDate};

use super::{Case, Compound, Decision, Meeting, Notice};

impl Compound {
    /// Open cases, most urgent first: overdue ones, then by due date (cases
    /// without one last), then the longest waiting; the case id settles ties
    /// so the order never depends on how the files were read.
    pub fn open_cases(&self) -> Vec<&Case> {
        let mut open: Vec<&Case> = self.cases.iter().filter(|c| c.status.is_open()).collect();
        open.sort_by_key(|c| (!c.overdue, c.due.unwrap_or(NaiveDate::MAX), c.received, &c.id));
        open
    }

    /// The open cases a resident looks for first: those received within the
    /// last `days` days, in `open_cases` order, and every overdue or stale
    /// one whatever its age, so that neglect is never hidden from the home.
    pub fn recent_open_cases(&self, as_of: NaiveDate, days: i64) -> Vec<&Case> {
        let since = as_of - chrono::Duration::days(days);
        self.open_cases().into_iter().filter(|c| c.received >= since || c.overdue || c.stale).collect()
    }

    /// The `n` cases closed most recently (by their result's date, or their
    /// last update when they were closed without one); ties by case id.
    pub fn recent_results(&self, n: usize) -> Vec<&Case> {
        let mut done: Vec<&Case> = self.cases.iter().filter(|c| !c.status.is_open()).collect();
        done.sort_by_key(|c| (Reverse(c.result.as_ref().map_or(c.last_update, |r| r.date)), &c.id));
        done.truncate(n);
        done
    }

    /// The latest joint meeting held on or before `as_of`.
    pub fn last_meeting(&self, as_of: NaiveDate) -> Option<&Meeting> {
        self.meetings.iter().filter(|m| m.date <= as_of).max_by(|a, b| (a.date, &a.stem).cmp(&(b.date, &b.stem)))
    }

    /// The first joint meeting scheduled after `as_of`.
    pub fn next_meeting(&self, as_of: NaiveDate) -> Option<&Meeting> {
        self.meetings.iter().filter(|m| m.date > as_of).min_by(|a, b| (a.date, &a.stem).cmp(&(b.date, &b.stem)))
    }

    /// The date the next joint meeting is due by under the policy's rhythm:
    /// the end of the first even month after the last meeting (or after
    /// `as_of` when there was none).
    pub fn next_meeting_due(&self, as_of: NaiveDate) -> NaiveDate {
        meeting_due_after(self.last_meeting(as_of).map_or(as_of, |m| m.date))
    }

    /// Notices within their public period on `as_of`, newest first.
    pub fn current_notices(&self, as_of: NaiveDate) -> impl Iterator<Item = &Notice> {
        self.notices.iter().filter(move |n| n.is_current(as_of))
    }

    /// Notices whose period has ended by `as_of`, newest first.
    pub fn past_notices(&self, as_of: NaiveDate) -> impl Iterator<Item = &Notice> {
        self.notices.iter().filter(move |n| n.state(as_of) == NoticeState::Ended)
    }

    /// Scheduled notices marked `announce: true`, soonest first: shown as
    /// "即将公示" with their title only. Every other scheduled notice is
    /// not shown anywhere until its day.
    pub fn announced_notices(&self, as_of: NaiveDate) -> impl Iterator<Item = &Notice> {
        self.notices.iter().rev().filter(move |n| n.state(as_of) == NoticeState::Announced)
    }

    /// Every notice a resident may see on `as_of`, in the order of the
    /// notices page: announced, current, then past.
    pub fn listed_notices(&self, as_of: NaiveDate) -> Vec<&Notice> {
        self.announced_notices(as_of).chain(self.current_notices(as_of)).chain(self.past_notices(as_of)).collect()
    }

    /// Urgent notices not yet over on `as_of`, soonest first: what kiosks
    /// and phone pages show as alerts (each hides itself at its `until`).
    pub fn alerts(&self, as_of: NaiveDate) -> Vec<&Notice> {
        let mut out: Vec<&Notice> = self
            .notices
            .iter()
            .filter(|n| n.state(as_of) != NoticeState::Hidden)
            .filter(|n| n.urgent.is_some_and(|u| u.until.date() >= as_of))
            .collect();
        out.sort_by_key(|n| (n.urgent.map(|u| u.from), &n.stem));
        out
    }

    /// Whether anything published on `as_of` refers to the attachment
    /// `rel`; one referred to only by scheduled notices waits with them.
    pub fn attachment_is_public(&self, rel: &str, as_of: NaiveDate) -> bool {
        let waiting = self.notices.iter().any(|n| !n.is_published(as_of) && n.attachments.iter().any(|a| a == rel));
        !waiting || self.notices.iter().any(|n| n.is_published(as_of) && n.attachments.iter().any(|a| a == rel))
    }
}

/// Where a notice stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeState {
    /// Before `published`, not announced: shown nowhere.
    Hidden,
    /// Before `published`, with `announce: true`.
    Announced,
    Current,
    /// After `until`.
    Ended,
}

impl Notice {
    pub fn state(&self, day: NaiveDate) -> NoticeState {
        match self.until {
            _ if day < self.published && self.announce => NoticeState::Announced,
            _ if day < self.published => NoticeState::Hidden,
            Some(u) if u < day => NoticeState::Ended,
            _ => NoticeState::Current,
        }
    }

    /// Within its public notice period on `day`.
    pub fn is_current(&self, day: NaiveDate) -> bool {
        self.state(day) == NoticeState::Current
    }

    /// Published on or before `day`: its page, feed entry and data exist.
    pub fn is_published(&self, day: NaiveDate) -> bool {
        self.published <= day
    }
}

/// Where a joint-meeting decision stands on a given day (督办).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionState {
    /// 待落实: not done, not past its due date.
    Pending,
    /// 已落实: `done` by that day, or its linked case is resolved or closed.
    Done,
    /// 已逾期: not done and past its due date.
    Overdue,
}

impl Decision {
    /// Its state on `as_of`; `cases` are the compound's, for a linked case.
    pub fn state(&self, cases: &[Case], as_of: NaiveDate) -> DecisionState {
        let case_closed =
            self.case.as_ref().and_then(|id| cases.iter().find(|c| &c.id == id)).is_some_and(|c| !c.status.is_open());
        if case_closed || self.done.is_some_and(|d| d <= as_of) {
            DecisionState::Done
        } else if self.due.is_some_and(|d| d < as_of) {
            DecisionState::Overdue
        } else {
            DecisionState::Pending
        }
    }
}

/// A decision not yet carried out, with the meeting that took it.
#[derive(Debug, Clone, Copy)]
pub struct FollowUp<'a> {
    pub meeting: &'a Meeting,
    pub decision: &'a Decision,
    pub state: DecisionState,
}

impl Compound {
    /// Decisions of meetings held by `as_of` that are not carried out,
    /// overdue ones first, then by meeting date.
    pub fn unfinished_decisions(&self, as_of: NaiveDate) -> Vec<FollowUp<'_>> {
        let mut out: Vec<FollowUp> = self
            .meetings
            .iter()
            .filter(|m| m.date <= as_of)
            .flat_map(|m| m.decisions.iter().map(move |d| (m, d)))
            .map(|(meeting, decision)| FollowUp { meeting, decision, state: decision.state(&self.cases, as_of) })
            .filter(|f| f.state != DecisionState::Done)
            .collect();
        out.sort_by_key(|f| (f.state != DecisionState::Overdue, f.meeting.date));
        out
    }

    /// "建议议题" for the next joint meeting: decisions not yet carried out,
    /// and the open cases past their due date (most urgent first) that no
    /// such decision already covers.
    pub fn suggested_topics(&self, as_of: NaiveDate) -> (Vec<FollowUp<'_>>, Vec<&Case>) {
        let decisions = self.unfinished_decisions(as_of);
        let covered = |c: &Case| decisions.iter().any(|f| f.decision.case.as_deref() == Some(c.id.as_str()));
        let cases = self.open_cases().into_iter().filter(|c| c.days_overdue(as_of).is_some() && !covered(c)).collect();
        (decisions, cases)
    }

    /// The next meeting when it is still to be held (a future-dated file
    /// without minutes): its page lists the suggested topics.
    pub fn scheduled_meeting(&self, as_of: NaiveDate) -> Option<&Meeting> {
        self.next_meeting(as_of).filter(|m| !m.has_minutes())
    }
}

impl Meeting {
    /// Held and written up: it has minutes or decisions. A future-dated
    /// meeting without them is a scheduled one.
    pub fn has_minutes(&self) -> bool {
        !self.body.trim().is_empty() || !self.decisions.is_empty()
    }
}

impl Case {
    /// Days from `as_of` to the due date of an open case: negative once it
    /// is past due. `None` for a closed case or one without a due date.
    pub fn days_left(&self, as_of: NaiveDate) -> Option<i64> {
        self.due.filter(|_| self.status.is_open()).map(|d| (d - as_of).num_days())
    }

    /// Days an open case is past its due date on `as_of`, when it is.
    pub fn days_overdue(&self, as_of: NaiveDate) -> Option<i64> {
        self.days_left(as_of).filter(|d| *d < 0).map(|d| -d)
    }
}

/// The last day of the first even month after `from`: joint meetings are
/// held in the last week of every other month, so that is the latest date
/// the next one keeps to the rhythm.
fn meeting_due_after(from: NaiveDate) -> NaiveDate {
    let (mut y, mut m) = (from.year(), from.month() + 1);
    loop {
        if m > 12 {
            y += 1;
            m = 1;
        }
        if m % 2 == 0 {
            break;
        }
        m += 1;
    }
    let next_month = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
    next_month.and_then(|d| d.pred_opt()).unwrap_or(from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CaseKind, CaseResult, CaseStatus, Company, MeetingForm, NoticeKind, Outcome, Party};

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
    }

    fn case(id: &str, status: CaseStatus, received: NaiveDate, due: Option<NaiveDate>, overdue: bool) -> Case {
        Case {
            id: id.into(),
            title: format!("case {id}"),
            kind: CaseKind::Daily,
            category: None,
            channel: None,
            received,
            location: None,
            lead: Party::PropertyCompany,
            partners: vec![],
            due,
            opinion: None,
            status,
            updates: vec![],
            result: None,
            revisit: None,
            body: String::new(),
            overdue,
            stale: false,
            last_update: received,
        }
    }

    fn closed(id: &str, result: Option<NaiveDate>, last_update: NaiveDate) -> Case {
        let mut c = case(id, CaseStatus::Resolved, day(1, 1), None, false);
        c.result = result.map(|date| CaseResult { date, outcome: Outcome::Resolved, text: None });
        c.last_update = last_update;
        c
    }

    fn meeting(stem: &str, date: NaiveDate) -> Meeting {
        Meeting {
            stem: stem.into(),
            date,
            form: MeetingForm::Regular,
            convener: None,
            attendees: vec![],
            observers: vec![],
            topics: vec![],
            decisions: vec![],
            body: String::new(),
        }
    }

    fn notice(stem: &str, published: NaiveDate, until: Option<NaiveDate>) -> Notice {
        Notice {
            stem: stem.into(),
            title: stem.into(),
            kind: NoticeKind::Other,
            published,
            until,
            reported: None,
            amount: None,
            attachments: vec![],
            body: String::new(),
            announce: false,
            urgent: None,
        }
    }

    fn compound(cases: Vec<Case>, meetings: Vec<Meeting>, notices: Vec<Notice>) -> Compound {
        Compound {
            slug: "c".into(),
            name: "c".into(),
            address: None,
            households: None,
            party_org: None,
            owners: None,
            company: Company {
                name: "物业".into(),
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
            meetings,
            notices,
            evaluations: vec![],
            attachments: vec![],
            findings: vec![],
        }
    }

    fn ids(cases: &[&Case]) -> Vec<String> {
        cases.iter().map(|c| c.id.clone()).collect()
    }

    #[test]
    fn open_cases_lead_with_overdue_then_due_date_then_longest_waiting() {
        let p = compound(
            vec![
                case("a-no-due", CaseStatus::InProgress, day(1, 5), None, false),
                case("b-closed", CaseStatus::Closed, day(1, 1), Some(day(2, 1)), false),
                case("c-due-late", CaseStatus::Received, day(3, 1), Some(day(12, 1)), false),
                case("d-due-soon", CaseStatus::Received, day(3, 1), Some(day(11, 30)), false),
                case("e-overdue", CaseStatus::Escalated, day(6, 1), Some(day(10, 1)), true),
                case("f-no-due-older", CaseStatus::Received, day(1, 2), None, false),
                // Same due date and day received as d: the id decides.
                case("0-twin", CaseStatus::Received, day(3, 1), Some(day(11, 30)), false),
            ],
            vec![],
            vec![],
        );
        assert_eq!(
            ids(&p.open_cases()),
            ["e-overdue", "0-twin", "d-due-soon", "c-due-late", "f-no-due-older", "a-no-due"]
        );
    }

    #[test]
    fn recent_open_cases_keep_old_ones_only_when_overdue_or_stale() {
        let mut stale = case("old-stale", CaseStatus::InProgress, day(1, 3), None, false);
        stale.stale = true;
        let p = compound(
            vec![
                case("new", CaseStatus::Received, day(11, 1), None, false),
                case("old-quiet", CaseStatus::InProgress, day(1, 2), None, false),
                case("old-overdue", CaseStatus::InProgress, day(1, 1), Some(day(3, 1)), true),
                stale,
                case("edge", CaseStatus::Received, day(8, 29), None, false),
                case("new-closed", CaseStatus::Closed, day(11, 2), None, false),
            ],
            vec![],
            vec![],
        );
        assert_eq!(ids(&p.recent_open_cases(day(11, 27), 90)), ["old-overdue", "old-stale", "edge", "new"]);
    }

    #[test]
    fn recent_results_are_the_latest_closed_with_ties_by_id() {
        let p = compound(
            vec![
                closed("r1", Some(day(5, 1)), day(5, 2)),
                closed("r2", None, day(9, 1)),
                closed("r3", Some(day(9, 1)), day(9, 1)),
                closed("r4", Some(day(7, 1)), day(7, 1)),
                case("open", CaseStatus::InProgress, day(10, 1), None, false),
            ],
            vec![],
            vec![],
        );
        assert_eq!(ids(&p.recent_results(3)), ["r2", "r3", "r4"]);
        assert_eq!(ids(&p.recent_results(10)), ["r2", "r3", "r4", "r1"]);
    }

    #[test]
    fn last_and_next_meeting_around_the_day() {
        let p = compound(
            vec![],
            vec![
                meeting("2026-08-28", day(8, 28)),
                meeting("2026-10-28", day(10, 28)),
                meeting("2026-12-20", day(12, 20)),
            ],
            vec![],
        );
        let stem = |m: Option<&Meeting>| m.map(|m| m.stem.clone());
        assert_eq!(stem(p.last_meeting(day(11, 27))).as_deref(), Some("2026-10-28"));
        assert_eq!(stem(p.next_meeting(day(11, 27))).as_deref(), Some("2026-12-20"));
        // A meeting held today is the last one, not the next.
        assert_eq!(stem(p.last_meeting(day(10, 28))).as_deref(), Some("2026-10-28"));
        assert_eq!(stem(p.next_meeting(day(10, 28))).as_deref(), Some("2026-12-20"));
        assert_eq!(stem(p.last_meeting(day(8, 1))), None);
        assert_eq!(stem(p.next_meeting(day(12, 21))), None);
    }

    #[test]
    fn next_meeting_due_follows_the_even_month_rhythm() {
        let p = compound(vec![], vec![meeting("2026-10-28", day(10, 28))], vec![]);
        assert_eq!(p.next_meeting_due(day(11, 27)), day(12, 31));
        // Before any meeting was held: counted from the day itself.
        assert_eq!(p.next_meeting_due(day(3, 5)), day(4, 30));
        assert_eq!(meeting_due_after(day(12, 29)), NaiveDate::from_ymd_opt(2027, 2, 28).unwrap_or_default());
    }

    #[test]
    fn current_notices_are_those_in_their_public_period() {
        let p = compound(
            vec![],
            vec![],
            vec![
                notice("future", day(12, 1), None),
                notice("open-ended", day(11, 1), None),
                notice("ends-today", day(11, 10), Some(day(11, 27))),
                notice("ended", day(10, 1), Some(day(11, 26))),
            ],
        );
        let stems: Vec<&str> = p.current_notices(day(11, 27)).map(|n| n.stem.as_str()).collect();
        assert_eq!(stems, ["open-ended", "ends-today"]);
    }

    #[test]
    fn scheduled_notices_are_hidden_unless_announced_and_ended_ones_are_past() {
        let mut announced = notice("announced", day(12, 5), Some(day(12, 20)));
        announced.announce = true;
        let mut shared = notice("shared-att", day(11, 1), None);
        shared.attachments = vec!["attachments/a.pdf".into()];
        let mut waiting = notice("waiting", day(12, 1), None);
        waiting.attachments = vec!["attachments/a.pdf".into(), "attachments/b.pdf".into()];
        let p = compound(
            vec![],
            vec![],
            vec![
                announced,
                waiting,
                notice("ends-today", day(11, 10), Some(day(11, 27))),
                shared,
                notice("ended", day(10, 1), Some(day(11, 26))),
            ],
        );
        let stems = |v: Vec<&Notice>| v.iter().map(|n| n.stem.clone()).collect::<Vec<_>>();
        assert_eq!(stems(p.listed_notices(day(11, 27))), ["announced", "ends-today", "shared-att", "ended"]);
        assert_eq!(stems(p.past_notices(day(11, 28)).collect()), ["ends-today", "ended"]);
        assert_eq!(p.notices[1].state(day(11, 30)), NoticeState::Hidden);
        assert_eq!(p.notices[1].state(day(12, 1)), NoticeState::Current);
        assert_eq!(p.notices[0].state(day(12, 4)), NoticeState::Announced);
        assert_eq!(p.notices[0].state(day(12, 21)), NoticeState::Ended);
        // An attachment waits with the only notice that refers to it.
        assert!(p.attachment_is_public("attachments/a.pdf", day(11, 27)));
        assert!(!p.attachment_is_public("attachments/b.pdf", day(11, 27)));
        assert!(p.attachment_is_public("attachments/b.pdf", day(12, 1)));
        assert!(p.attachment_is_public("attachments/other.pdf", day(11, 27)));
    }

    #[test]
    fn alerts_are_urgent_notices_not_yet_over() {
        let at = |m: u32, d: u32, h: u32| day(m, d).and_hms_opt(h, 0, 0).unwrap_or_default();
        let urgent = |stem: &str, from, until| {
            let mut n = notice(stem, day(11, 27), None);
            n.urgent = Some(crate::model::Urgent { from, until });
            n
        };
        let mut later = urgent("later", at(12, 3, 9), at(12, 3, 18));
        later.published = day(12, 3);
        let p = compound(
            vec![],
            vec![],
            vec![
                later,
                urgent("today", at(11, 27, 9), at(11, 27, 18)),
                urgent("over", at(11, 26, 9), at(11, 26, 18)),
                urgent("tomorrow", at(11, 28, 8), at(11, 28, 12)),
                notice("plain", day(11, 20), None),
            ],
        );
        let stems: Vec<&str> = p.alerts(day(11, 27)).iter().map(|n| n.stem.as_str()).collect();
        // Ended ones are gone, and one published later waits for its day.
        assert_eq!(stems, ["today", "tomorrow"]);
        assert_eq!(p.alerts(day(12, 3)).len(), 1);
    }

    #[test]
    fn days_left_and_overdue_count_only_open_cases_with_a_due_date() {
        let open = case("a", CaseStatus::InProgress, day(1, 1), Some(day(11, 20)), true);
        assert_eq!(open.days_left(day(11, 27)), Some(-7));
        assert_eq!(open.days_overdue(day(11, 27)), Some(7));
        assert_eq!(open.days_left(day(11, 20)), Some(0));
        assert_eq!(open.days_overdue(day(11, 20)), None);
        let mut done = open.clone();
        done.status = CaseStatus::Resolved;
        assert_eq!(done.days_left(day(11, 27)), None);
        assert_eq!(case("b", CaseStatus::Received, day(1, 1), None, false).days_overdue(day(11, 27)), None);
    }
}
