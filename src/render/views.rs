//! View structs: what templates see. Built from the model, flattened into
//! display strings in the site's language. A case's private block does not
//! exist past validation, so no view can carry it.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::diag::Lang;
use crate::model::*;
use crate::render::format::{self, tel};
use crate::render::markdown;
// The kiosk still reaches these through `views`; they live in their own files.
pub(crate) use crate::render::format::money;
pub(crate) use crate::render::labels::Labels;
pub(crate) use crate::render::whom::{AskView, DutyView};

/// Everything a page template receives.
#[derive(Debug, Serialize)]
pub(crate) struct Page<'a, T: Serialize> {
    pub site: &'a SiteView,
    pub t: &'static Labels,
    /// Relative path from this page to the site root, e.g. `../../`.
    pub root: String,
    /// Breadcrumbs from the portal down to this page's parent.
    pub crumbs: Vec<Link>,
    pub page: T,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteView {
    pub title: String,
    pub street: String,
    pub base_url: String,
    pub lang: &'static str,
    /// "2026年11月27日" or "2026-11-27".
    pub as_of: String,
    pub office: Option<ContactView>,
    /// The site's offset from UTC: board.js reads dates in the site's zone.
    pub utc_offset_minutes: i32,
    /// Urgent notices of the compound a page belongs to: the banner on top.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<super::alerts::AlertView>,
    /// What the site is, for pages' `<meta name="description">`.
    pub about: String,
    /// The ICP filing number for the footer.
    pub icp: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ContactView {
    pub label: String,
    pub phone: Option<String>,
    /// `tel:` target: the phone's digits and `+`, or none when it has no digits.
    pub tel: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PersonView {
    pub name: String,
    pub position: String,
    pub phone: Option<String>,
    pub tel: Option<String>,
    pub party_member: bool,
    pub also: Vec<String>,
    pub duties: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct RosterView {
    /// The party, e.g. 社区居民委员会.
    pub party: String,
    pub party_key: &'static str,
    pub name: Option<String>,
    pub term: Option<String>,
    pub members: Vec<PersonView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct CompanyView {
    pub name: String,
    pub service_phone: Option<String>,
    pub service_tel: Option<String>,
    pub repair_phone: Option<String>,
    pub repair_tel: Option<String>,
    pub contract: Option<String>,
    pub quality_supervisor: Option<PersonView>,
}

/// A status as the page draws it: its key (for CSS), a symbol and its
/// label, always shown together, so status is never told by colour alone.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Badge {
    pub key: &'static str,
    pub label: &'static str,
    /// A text symbol shown before the label.
    pub icon: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct CompoundCard {
    pub name: String,
    pub url: String,
    pub community: String,
    pub address: Option<String>,
    pub households: Option<u32>,
    pub open: usize,
    pub overdue: usize,
    pub stale: usize,
    pub cases: usize,
    pub findings: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PortalView {
    pub communities: Vec<CommunityCard>,
    pub totals: Totals,
    /// The years with a street-wide evaluation page, newest first.
    pub evaluation_years: Vec<i32>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct CommunityCard {
    pub name: String,
    pub url: String,
    pub compounds: Vec<CompoundCard>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Totals {
    pub compounds: usize,
    pub cases: usize,
    pub open: usize,
    pub overdue: usize,
    pub findings: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct CommunityView {
    pub name: String,
    pub rosters: Vec<RosterView>,
    pub contacts: Vec<ContactView>,
    pub compounds: Vec<CompoundCard>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct CaseCard {
    pub id: String,
    pub url: String,
    pub title: String,
    pub status: Badge,
    pub kind: &'static str,
    pub lead: &'static str,
    pub received: String,
    pub due: Option<String>,
    /// `data-due` (ISO): the due date of a case that can still fall overdue.
    pub due_iso: Option<String>,
    pub overdue: bool,
    pub stale: bool,
    pub last_update: String,
    pub open: bool,
    pub outcome: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct UpdateView {
    pub date: String,
    pub status: Badge,
    pub by: Option<&'static str>,
    pub note: Option<String>,
    pub to: Option<String>,
    pub due: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct CaseView {
    pub card: CaseCard,
    pub category: Option<String>,
    pub channel: Option<String>,
    pub location: Option<String>,
    pub partners: Vec<&'static str>,
    pub opinion: Option<DatedText>,
    pub updates: Vec<UpdateView>,
    /// The department of the last escalation.
    pub escalated_to: Option<String>,
    pub result: Option<ResultView>,
    pub revisit: Option<RevisitView>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub body_html: String,
    /// The Markdown as written, in data.json only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Days past due, or days left, against the as-of date.
    pub due_note: Option<String>,
    /// Whom to ask about it (case pages only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ask: Option<AskView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct DatedText {
    pub date: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ResultView {
    pub date: String,
    pub outcome: &'static str,
    pub outcome_key: &'static str,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct RevisitView {
    pub date: Option<String>,
    pub satisfaction: &'static str,
    pub note: Option<String>,
}

/// Cases grouped by status, for the list page that works without JavaScript.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CaseGroup {
    pub status: Badge,
    pub cases: Vec<CaseCard>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PledgeView {
    pub text: String,
    pub status: Badge,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PartyPledges {
    pub party: &'static str,
    pub items: Vec<PledgeView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PledgeYearView {
    pub year: i32,
    pub published: Option<String>,
    pub parties: Vec<PartyPledges>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct DecisionView {
    pub text: String,
    pub lead: Option<&'static str>,
    pub due: Option<String>,
    pub case: Option<Link>,
    /// `pending`, `done` or `overdue` on the as-of date.
    pub state: &'static str,
    /// 待落实 / 已落实 / 已逾期, styled.
    pub badge: Badge,
    pub done: Option<String>,
    pub note: Option<String>,
}

/// A decision not yet carried out, with the meeting that took it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FollowUpView {
    pub meeting: Link,
    pub decision: DecisionView,
}

/// "建议议题" for the next joint meeting.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SuggestedView {
    pub decisions: Vec<FollowUpView>,
    pub cases: Vec<CaseCard>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct MeetingView {
    pub url: String,
    pub date: String,
    pub form: &'static str,
    pub convener: Option<String>,
    pub attendees: Vec<String>,
    pub observers: Vec<String>,
    pub topics: Vec<String>,
    pub decisions: Vec<DecisionView>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub body_html: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    pub upcoming: bool,
    /// On the page of the meeting still to be held: what it should discuss.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested: Option<SuggestedView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct NoticeView {
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    pub published: String,
    pub until: Option<String>,
    pub reported: Option<String>,
    pub amount: Option<String>,
    pub attachments: Vec<Link>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub body_html: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    pub current: bool,
    /// `data-until` (ISO): the last day of the notice period.
    pub until_iso: Option<String>,
    /// `announced`, `current` or `ended`.
    pub state: &'static str,
    /// For an announced notice: "即将公示（12月5日起）".
    pub announced: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct EvaluationView {
    pub year: i32,
    pub date: Option<String>,
    pub results: Vec<EvalRow>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct EvalRow {
    pub party: &'static str,
    pub score: Option<String>,
    pub grade: Option<String>,
    pub participants: Option<u32>,
    pub comment: Option<String>,
}

/// The 404 page: where to go instead, as absolute paths.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NotFoundView {
    pub portal: String,
    pub search: String,
}

/// The compound home and the frame of every compound page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CompoundView {
    pub name: String,
    pub community: Link,
    pub address: Option<String>,
    pub households: Option<u32>,
    /// Who is responsible, party by party, with phones.
    pub rosters: Vec<RosterView>,
    pub company: CompanyView,
    pub contacts: Vec<ContactView>,
    pub joint_convener: Option<String>,
    pub joint_members: Vec<String>,
    pub pledges: Option<PledgeYearView>,
    pub open_cases: Vec<CaseCard>,
    /// One named person with a phone per party, for the home's top block.
    pub duty: Vec<DutyView>,
    /// The open cases the home shows (see `Compound::recent_open_cases`).
    pub recent_open: Vec<CaseCard>,
    /// Open cases left to the cases page.
    pub more_open: usize,
    pub recent_results: Vec<CaseCard>,
    pub notices: Vec<NoticeView>,
    pub last_meeting: Option<MeetingView>,
    pub next_meeting: Option<MeetingView>,
    /// When no meeting is scheduled: the last week of the next even month.
    pub next_meeting_due: String,
    /// When no meeting is scheduled (a future-dated file without minutes),
    /// the home lists what the next should discuss.
    pub suggested: Option<SuggestedView>,
    pub counts: Totals,
    pub findings: Vec<String>,
}

/// How far back the home looks for open cases.
pub(crate) const HOME_OPEN_DAYS: i64 = 90;

/// What a view carries of a Markdown body: its HTML (single pages, with
/// links resolved from `prefix`), the Markdown itself (data.json), or
/// nothing (lists, which never show bodies and so never render them).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Body<'a> {
    /// Links resolved from the prefix; the compound's declared phones become `tel:` links.
    Html(&'a str, &'a markdown::Phones),
    Markdown,
    Skip,
}

impl Body<'_> {
    fn fill(self, md: &str) -> (String, Option<String>) {
        match self {
            Body::Html(prefix, phones) => (markdown::to_html_calling(md, prefix, phones), None),
            Body::Markdown => (String::new(), Some(md.to_string())),
            Body::Skip => (String::new(), None),
        }
    }
}

/// Builds views for one language and as-of date.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Viewer {
    pub lang: Lang,
    pub as_of: NaiveDate,
}

impl Viewer {
    pub(crate) fn date(&self, d: NaiveDate) -> String {
        format::date(self.lang, d)
    }

    fn opt_date(&self, d: Option<NaiveDate>) -> Option<String> {
        d.map(|d| self.date(d))
    }

    pub(crate) fn contact(&self, c: &Contact) -> ContactView {
        ContactView {
            label: c.label.clone(),
            phone: c.phone.clone(),
            tel: c.phone.as_deref().and_then(tel),
            address: c.address.clone(),
            hours: c.hours.clone(),
        }
    }

    pub(crate) fn person(&self, p: &Person) -> PersonView {
        PersonView {
            name: p.name.clone(),
            position: p.position.clone(),
            phone: p.phone.clone(),
            tel: p.phone.as_deref().and_then(tel),
            party_member: p.party_member,
            also: p.also.clone(),
            duties: p.duties.clone(),
        }
    }

    pub(crate) fn roster(&self, party: Party, r: &Roster) -> RosterView {
        RosterView {
            party: party.label(self.lang).to_string(),
            party_key: party.key(),
            name: r.name.clone(),
            term: r.term.map(|(a, b)| format!("{} – {}", self.date(a), self.date(b))),
            members: r.members.iter().map(|p| self.person(p)).collect(),
        }
    }

    pub(crate) fn company(&self, c: &Company) -> CompanyView {
        CompanyView {
            name: c.name.clone(),
            service_phone: c.service_phone.clone(),
            service_tel: c.service_phone.as_deref().and_then(tel),
            repair_phone: c.repair_phone.clone(),
            repair_tel: c.repair_phone.as_deref().and_then(tel),
            contract: c.contract.map(|(a, b)| format!("{} – {}", self.date(a), self.date(b))),
            quality_supervisor: c.quality_supervisor.as_ref().map(|p| self.person(p)),
        }
    }

    pub(crate) fn case_status(&self, s: CaseStatus) -> Badge {
        let icon = match s {
            CaseStatus::Received => "●",
            CaseStatus::Negotiating => "◆",
            CaseStatus::InProgress => "▶",
            CaseStatus::Escalated => "▲",
            CaseStatus::Extended => "◷",
            CaseStatus::Suspended => "Ⅱ",
            CaseStatus::Resolved => "✔",
            CaseStatus::Reopened => "↻",
            CaseStatus::Closed => "■",
        };
        Badge { key: s.key(), label: s.label(self.lang), icon }
    }

    pub(crate) fn pledge_status(&self, s: PledgeStatus) -> Badge {
        let icon = match s {
            PledgeStatus::Planned => "○",
            PledgeStatus::InProgress => "▶",
            PledgeStatus::Fulfilled => "✔",
            PledgeStatus::Partial => "◐",
            PledgeStatus::Unfulfilled => "✘",
        };
        Badge { key: s.key(), label: s.label(self.lang), icon }
    }

    /// `base` is the compound's URL relative to the page (e.g. `../`).
    pub(crate) fn case_card(&self, c: &Case, base: &str) -> CaseCard {
        CaseCard {
            id: c.id.clone(),
            url: format!("{base}cases/{}/", c.id),
            title: c.title.clone(),
            status: self.case_status(c.status),
            kind: c.kind.label(self.lang),
            lead: c.lead.label(self.lang),
            received: self.date(c.received),
            due: self.opt_date(c.due),
            due_iso: c.due.filter(|_| c.status.is_open() && c.status != CaseStatus::Suspended).map(|d| d.to_string()),
            overdue: c.overdue,
            stale: c.stale,
            last_update: self.date(c.last_update),
            open: c.status.is_open(),
            outcome: c.result.as_ref().map(|r| r.outcome.label(self.lang)),
        }
    }

    /// The case page: `prefix` leads from the page to the compound folder.
    pub(crate) fn case(&self, c: &Case, prefix: &str, body: Body) -> CaseView {
        let (body_html, body) = body.fill(&c.body);
        let due_note = c.days_left(self.as_of).map(|d| format::due_note(self.lang, d));
        CaseView {
            card: self.case_card(c, prefix),
            category: c.category.clone(),
            channel: c.channel.clone(),
            location: c.location.clone(),
            partners: c.partners.iter().map(|p| p.label(self.lang)).collect(),
            opinion: c.opinion.as_ref().map(|o| DatedText { date: self.date(o.date), text: o.text.clone() }),
            updates: c
                .updates
                .iter()
                .map(|u| UpdateView {
                    date: self.date(u.date),
                    status: self.case_status(u.status),
                    by: u.by.map(|p| p.label(self.lang)),
                    note: u.note.clone(),
                    to: u.to.clone(),
                    due: self.opt_date(u.due),
                })
                .collect(),
            escalated_to: c.updates.iter().rev().find(|u| u.status == CaseStatus::Escalated).and_then(|u| u.to.clone()),
            result: c.result.as_ref().map(|r| ResultView {
                date: self.date(r.date),
                outcome: r.outcome.label(self.lang),
                outcome_key: r.outcome.key(),
                text: r.text.clone(),
            }),
            revisit: c.revisit.as_ref().map(|r| RevisitView {
                date: self.opt_date(r.date),
                satisfaction: r.satisfaction.label(self.lang),
                note: r.note.clone(),
            }),
            body_html,
            body,
            due_note,
            ask: None,
        }
    }

    pub(crate) fn pledge_year(&self, y: &PledgeYear) -> PledgeYearView {
        PledgeYearView {
            year: y.year,
            published: self.opt_date(y.published),
            parties: y
                .parties
                .iter()
                .map(|(p, items)| PartyPledges {
                    party: p.label(self.lang),
                    items: items
                        .iter()
                        .map(|i| PledgeView {
                            text: i.text.clone(),
                            status: self.pledge_status(i.status),
                            note: i.note.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// A meeting; `prefix` leads from the page to the compound folder.
    pub(crate) fn meeting(&self, m: &Meeting, cases: &[Case], prefix: &str, body: Body) -> MeetingView {
        let (body_html, body) = body.fill(&m.body);
        MeetingView {
            url: format!("{prefix}meetings/{}/", m.stem),
            date: self.date(m.date),
            form: m.form.label(self.lang),
            convener: m.convener.clone(),
            attendees: m.attendees.clone(),
            observers: m.observers.clone(),
            topics: m.topics.clone(),
            decisions: m.decisions.iter().map(|d| self.decision(d, cases, prefix)).collect(),
            body_html,
            body,
            upcoming: m.date > self.as_of,
            suggested: None,
        }
    }

    /// A decision and how it stands on the as-of date.
    pub(crate) fn decision(&self, d: &Decision, cases: &[Case], prefix: &str) -> DecisionView {
        let (state, badge) = match d.state(cases, self.as_of) {
            DecisionState::Pending => ("pending", ("planned", "○", self.labels().decision_pending)),
            DecisionState::Done => ("done", ("resolved", "✔", self.labels().decision_done)),
            DecisionState::Overdue => ("overdue", ("over", "!", self.labels().decision_overdue)),
        };
        DecisionView {
            text: d.text.clone(),
            lead: d.lead.map(|p| p.label(self.lang)),
            due: self.opt_date(d.due),
            case: d.case.as_ref().map(|id| Link {
                title: cases.iter().find(|c| &c.id == id).map_or_else(|| id.clone(), |c| c.title.clone()),
                url: format!("{prefix}cases/{id}/"),
            }),
            state,
            badge: Badge { key: badge.0, icon: badge.1, label: badge.2 },
            done: self.opt_date(d.done),
            note: d.note.clone(),
        }
    }

    /// What the next joint meeting should discuss: decisions not carried
    /// out and overdue cases. `prefix` leads to the compound folder.
    pub(crate) fn suggested(&self, c: &Compound, prefix: &str) -> SuggestedView {
        let (decisions, cases) = c.suggested_topics(self.as_of);
        SuggestedView {
            decisions: decisions
                .iter()
                .map(|f| FollowUpView {
                    meeting: Link {
                        title: self.date(f.meeting.date),
                        url: format!("{prefix}meetings/{}/", f.meeting.stem),
                    },
                    decision: self.decision(f.decision, &c.cases, prefix),
                })
                .collect(),
            cases: cases.into_iter().map(|x| self.case_card(x, prefix)).collect(),
        }
    }

    fn labels(&self) -> &'static Labels {
        crate::render::labels::labels(self.lang)
    }

    /// A notice; an announced one shows only its title, kind and day: its
    /// text and attachments wait for it.
    pub(crate) fn notice(&self, n: &Notice, prefix: &str, body: Body) -> NoticeView {
        let state = n.state(self.as_of);
        let announced = state == NoticeState::Announced;
        let (body_html, body) = if announced { Body::Skip.fill("") } else { body.fill(&n.body) };
        NoticeView {
            // An announced notice has no page yet.
            url: if announced { String::new() } else { format!("{prefix}notices/{}/", n.stem) },
            title: n.title.clone(),
            kind: n.kind.label(self.lang),
            published: self.date(n.published),
            until: self.opt_date(n.until),
            reported: self.opt_date(n.reported),
            amount: n.amount.map(|a| money(a.0, self.lang)),
            attachments: n
                .attachments
                .iter()
                .filter(|_| !announced)
                .map(|a| Link {
                    title: a.rsplit('/').next().unwrap_or(a).to_string(),
                    url: format!("{prefix}{}", markdown::encode_path(a)),
                })
                .collect(),
            body_html,
            body,
            current: state == NoticeState::Current,
            state: match state {
                NoticeState::Announced | NoticeState::Hidden => "announced",
                NoticeState::Current => "current",
                NoticeState::Ended => "ended",
            },
            announced: announced.then(|| format::announced(self.lang, n.published)),
            until_iso: n.until.map(|u| u.to_string()),
        }
    }

    pub(crate) fn evaluation(&self, e: &Evaluation) -> EvaluationView {
        EvaluationView {
            year: e.year,
            date: self.opt_date(e.date),
            results: e
                .results
                .iter()
                .map(|r| EvalRow {
                    party: r.party.label(self.lang),
                    score: r.score.map(|s| format!("{}", s.0)),
                    grade: r.grade.clone(),
                    participants: r.participants,
                    comment: r.comment.clone(),
                })
                .collect(),
        }
    }

    pub(crate) fn totals(&self, c: &Compound) -> Totals {
        Totals {
            compounds: 1,
            cases: c.cases.len(),
            open: c.cases.iter().filter(|x| x.status.is_open()).count(),
            overdue: c.cases.iter().filter(|x| x.overdue).count(),
            findings: c.findings.len(),
        }
    }

    pub(crate) fn card(&self, c: &Compound, community: &str, url: String) -> CompoundCard {
        let t = self.totals(c);
        CompoundCard {
            name: c.name.clone(),
            url,
            community: community.to_string(),
            address: c.address.clone(),
            households: c.households,
            open: t.open,
            overdue: t.overdue,
            stale: c.cases.iter().filter(|x| x.stale).count(),
            cases: t.cases,
            findings: t.findings,
        }
    }

    /// The compound home's view; `community` gives the community rosters
    /// (the residents' committee serves every compound of it).
    pub(crate) fn compound(&self, community: &Community, c: &Compound) -> CompoundView {
        let mut rosters = Vec::new();
        if let Some(r) = &c.party_org {
            rosters.push(self.roster(Party::CompoundPartyOrg, r));
        }
        rosters.push(self.roster(Party::ResidentsCommittee, &community.residents_committee));
        if let Some((party, r)) = &c.owners {
            rosters.push(self.roster(*party, r));
        }
        rosters.push(self.roster(
            Party::PropertyCompany,
            &Roster { name: Some(c.company.name.clone()), term: None, members: c.company.members.clone() },
        ));
        let last = c.last_meeting(self.as_of);
        let next = c.next_meeting(self.as_of);
        let open = c.open_cases();
        let recent_open = c.recent_open_cases(self.as_of, HOME_OPEN_DAYS);
        CompoundView {
            duty: rosters.iter().filter_map(RosterView::duty).collect(),
            more_open: open.len() - recent_open.len(),
            recent_open: recent_open.into_iter().map(|x| self.case_card(x, "")).collect(),
            name: c.name.clone(),
            community: Link { title: community.name.clone(), url: "../".into() },
            address: c.address.clone(),
            households: c.households,
            rosters,
            company: self.company(&c.company),
            contacts: c.contacts.iter().map(|k| self.contact(k)).collect(),
            joint_convener: c.joint.as_ref().and_then(|j| j.convener.clone()),
            joint_members: c.joint.as_ref().map(|j| j.members.clone()).unwrap_or_default(),
            pledges: c
                .pledges
                .iter()
                .find(|y| y.year == self.as_of.year())
                .or(c.pledges.first())
                .map(|y| self.pledge_year(y)),
            open_cases: open.into_iter().map(|x| self.case_card(x, "")).collect(),
            recent_results: c.recent_results(5).into_iter().map(|x| self.case_card(x, "")).collect(),
            notices: c
                .announced_notices(self.as_of)
                .chain(c.current_notices(self.as_of))
                .map(|n| self.notice(n, "", Body::Skip))
                .collect(),
            last_meeting: last.map(|m| self.meeting(m, &c.cases, "", Body::Skip)),
            next_meeting: next.map(|m| self.meeting(m, &c.cases, "", Body::Skip)),
            next_meeting_due: self.date(c.next_meeting_due(self.as_of)),
            suggested: c.scheduled_meeting(self.as_of).is_none().then(|| self.suggested(c, "")),
            counts: self.totals(c),
            findings: c.findings.iter().map(|f| f.text.get(self.lang).to_string()).collect(),
        }
    }
}
