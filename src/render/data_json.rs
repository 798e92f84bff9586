//! `data.json`: everything public about a compound, for other tools. Built
//! from the same views as the pages (so it holds exactly what they show and
//! nothing private), then given the machine-readable values beside each
//! display string: every date shown as `<name>` gets `<name>_iso`
//! (`2026-11-27`, or null), a notice's `amount` gets `amount_cny` (a number),
//! a score gets `score_value`, and date ranges get `<name>_from`/`<name>_to`.
//! The shape is `docs/data.schema.json`; a test validates the output.
//!
//! The additions are made on the JSON value rather than on the view
//! structs, so that pages and templates keep exactly the views they had.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use super::OutFile;
use super::views::*;
use crate::model::{Case, Community, Compound, Decision, Evaluation, Meeting, Notice, Party, PledgeYear, Roster};

pub(super) fn data_json(site: &SiteView, c: &Community, p: &Compound, dir: &str, v: &Viewer) -> OutFile {
    #[derive(Serialize)]
    struct Data<'a> {
        site: &'a str,
        street: &'a str,
        community: &'a str,
        compound: CompoundView,
        cases: Vec<CaseView>,
        pledges: Vec<PledgeYearView>,
        meetings: Vec<MeetingView>,
        notices: Vec<NoticeView>,
        evaluations: Vec<EvaluationView>,
        as_of: &'a str,
    }
    // A scheduled notice has no data before its day, as it has no page.
    let listed = p.listed_notices(v.as_of);
    let data = Data {
        site: &site.title,
        street: &site.street,
        community: &c.name,
        compound: v.compound(c, p),
        cases: p.cases.iter().map(|x| v.case(x, "", Body::Markdown)).collect(),
        pledges: p.pledges.iter().map(|y| v.pledge_year(y)).collect(),
        meetings: p.meetings.iter().map(|m| v.meeting(m, &p.cases, "", Body::Markdown)).collect(),
        notices: listed.iter().map(|n| v.notice(n, "", Body::Markdown)).collect(),
        evaluations: p.evaluations.iter().map(|e| v.evaluation(e)).collect(),
        as_of: &site.as_of,
    };
    let mut value = serde_json::to_value(&data).unwrap_or_default();
    put(&mut value, "as_of_iso", iso(Some(v.as_of)));
    for_each(&mut value, "cases", &p.cases, case);
    for_each(&mut value, "pledges", &p.pledges, pledge_year);
    for_each(&mut value, "meetings", &p.meetings, meeting);
    for_each(&mut value, "notices", &listed, |x, n| notice(x, n));
    for_each(&mut value, "evaluations", &p.evaluations, evaluation);
    if let Some(home) = value.get_mut("compound") {
        compound(home, c, p);
    }
    let bytes = serde_json::to_vec(&value).unwrap_or_default();
    OutFile::bytes(format!("{dir}/data.json"), bytes)
}

fn iso(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.format("%Y-%m-%d").to_string()))
}

fn put(v: &mut Value, key: &str, val: Value) {
    if let Some(m) = v.as_object_mut() {
        m.insert(key.to_string(), val);
    }
}

/// Pairs the array `key` of `v` with `items` (built in the same order) and patches each.
fn for_each<T>(v: &mut Value, key: &str, items: &[T], f: fn(&mut Value, &T)) {
    if let Some(list) = v.get_mut(key).and_then(Value::as_array_mut) {
        for (x, item) in list.iter_mut().zip(items) {
            f(x, item);
        }
    }
}

fn range(v: &mut Value, key: &str, r: Option<(NaiveDate, NaiveDate)>) {
    put(v, &format!("{key}_from"), iso(r.map(|r| r.0)));
    put(v, &format!("{key}_to"), iso(r.map(|r| r.1)));
}

fn case_card(v: &mut Value, c: &Case) {
    put(v, "received_iso", iso(Some(c.received)));
    put(v, "due_iso", iso(c.due));
    put(v, "last_update_iso", iso(Some(c.last_update)));
    put(v, "result_iso", iso(c.result.as_ref().map(|r| r.date)));
}

fn case(v: &mut Value, c: &Case) {
    if let Some(card) = v.get_mut("card") {
        case_card(card, c);
    }
    if let (Some(o), Some(op)) = (v.get_mut("opinion").filter(|o| o.is_object()), &c.opinion) {
        put(o, "date_iso", iso(Some(op.date)));
    }
    for_each(v, "updates", &c.updates, |u, m| {
        put(u, "date_iso", iso(Some(m.date)));
        put(u, "due_iso", iso(m.due));
    });
    if let (Some(r), Some(res)) = (v.get_mut("result").filter(|r| r.is_object()), &c.result) {
        put(r, "date_iso", iso(Some(res.date)));
    }
    if let (Some(r), Some(rev)) = (v.get_mut("revisit").filter(|r| r.is_object()), &c.revisit) {
        put(r, "date_iso", iso(rev.date));
    }
}

fn pledge_year(v: &mut Value, y: &PledgeYear) {
    put(v, "published_iso", iso(y.published));
}

fn meeting(v: &mut Value, m: &Meeting) {
    put(v, "date_iso", iso(Some(m.date)));
    for_each(v, "decisions", &m.decisions, decision);
}

fn decision(v: &mut Value, d: &Decision) {
    put(v, "due_iso", iso(d.due));
    put(v, "done_iso", iso(d.done));
}

fn notice(v: &mut Value, n: &Notice) {
    put(v, "published_iso", iso(Some(n.published)));
    put(v, "until_iso", iso(n.until));
    put(v, "reported_iso", iso(n.reported));
    put(v, "amount_cny", n.amount.and_then(|a| serde_json::Number::from_f64(a.0)).map_or(Value::Null, Value::Number));
}

fn evaluation(v: &mut Value, e: &Evaluation) {
    put(v, "date_iso", iso(e.date));
    for_each(v, "results", &e.results, |r, m| {
        let score = m.score.and_then(|s| serde_json::Number::from_f64(s.0));
        put(r, "score_value", score.map_or(Value::Null, Value::Number));
    });
}

/// The compound's home view repeats cases, notices, meetings and pledges
/// in short form; each is found by its id, URL or year.
fn compound(v: &mut Value, c: &Community, p: &Compound) {
    let cards = |v: &mut Value| {
        for card in v.as_array_mut().into_iter().flatten() {
            let id = card.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
            if let Some(m) = p.cases.iter().find(|x| x.id == id) {
                case_card(card, m);
            }
        }
    };
    for key in ["open_cases", "recent_results", "recent_open"] {
        if let Some(list) = v.get_mut(key) {
            cards(list);
        }
    }
    let url = |x: &Value| x.get("url").and_then(Value::as_str).unwrap_or_default().to_string();
    if let Some(s) = v.get_mut("suggested").filter(|s| s.is_object()) {
        if let Some(list) = s.get_mut("cases") {
            cards(list);
        }
        // Each suggested decision with the meeting it was taken at.
        for x in s.get_mut("decisions").and_then(Value::as_array_mut).into_iter().flatten() {
            let at = x.get("meeting").map(url).unwrap_or_default();
            let Some(m) = p.meetings.iter().find(|m| at.ends_with(&format!("meetings/{}/", m.stem))) else { continue };
            if let Some(d) = x.get_mut("decision") {
                let text = d.get("text").and_then(Value::as_str).unwrap_or_default().to_string();
                if let Some(md) = m.decisions.iter().find(|md| md.text == text) {
                    decision(d, md);
                }
            }
        }
    }
    for n in v.get_mut("notices").and_then(Value::as_array_mut).into_iter().flatten() {
        let u = url(n);
        // An announced notice has no page yet (an empty url): it is known by its title.
        let title = n.get("title").and_then(Value::as_str).unwrap_or_default().to_string();
        let found = if u.is_empty() {
            p.notices.iter().find(|x| x.title == title)
        } else {
            p.notices.iter().find(|x| u.ends_with(&format!("notices/{}/", x.stem)))
        };
        if let Some(m) = found {
            notice(n, m);
        }
    }
    for key in ["last_meeting", "next_meeting"] {
        if let Some(x) = v.get_mut(key).filter(|x| x.is_object()) {
            let u = url(x);
            if let Some(m) = p.meetings.iter().find(|m| u.ends_with(&format!("meetings/{}/", m.stem))) {
                meeting(x, m);
            }
        }
    }
    if let Some(x) = v.get_mut("pledges").filter(|x| x.is_object()) {
        let year = x.get("year").and_then(Value::as_i64);
        if let Some(y) = p.pledges.iter().find(|y| Some(i64::from(y.year)) == year) {
            pledge_year(x, y);
        }
    }
    if let Some(company) = v.get_mut("company") {
        range(company, "contract", p.company.contract);
    }
    for r in v.get_mut("rosters").and_then(Value::as_array_mut).into_iter().flatten() {
        let key = r.get("party_key").and_then(Value::as_str).unwrap_or_default();
        let roster: Option<&Roster> = match Party::parse(key) {
            Some(Party::CompoundPartyOrg) => p.party_org.as_ref(),
            Some(Party::ResidentsCommittee) => Some(&c.residents_committee),
            Some(Party::PartyOrg) => c.party_org.as_ref(),
            Some(Party::EnvCommittee) => c.env_committee.as_ref(),
            Some(Party::OwnersCommittee | Party::SelfManagement) => p.owners.as_ref().map(|(_, r)| r),
            _ => None,
        };
        range(r, "term", roster.and_then(|r| r.term));
    }
}
