//! A case file (`cases/*.md`): its fields, its updates, and that its public text
//! does not repeat its `private:` block.

use super::compound::body_of;
use super::values::{Cx, NameKind};
use super::{Env, rules};
use crate::diag::{Severity, diag};
use crate::load;
use crate::load::raw;
use crate::model::*;

/// An id (file stem) that is a valid slug was ensured by the walk.
pub(super) fn case(
    cx: &mut Cx,
    env: &Env,
    d: &load::MdDoc<raw::RawCase>,
    attachments: &[load::Attachment],
) -> Option<Case> {
    let r = &d.raw;
    let before = cx.diags.len();
    cx.scan_name(&d.stem, d.file, NameKind::Case);
    let title = r.title.as_ref().map(|t| cx.text(t));
    let kind = if r.kind.is_some() { cx.vocab(&r.kind, "kind") } else { Some(CaseKind::Daily) };
    let received = cx.date(&r.received, "received");
    let lead = cx.vocab::<Party>(&r.lead, "lead");
    let partners: Vec<Party> = r.partners.iter().filter_map(|p| cx.vocab(&Some(p.clone()), "partners")).collect();
    let original_due = cx.date(&r.due, "due");
    let opinion = r.opinion.as_ref().and_then(|o| {
        let date = cx.date(&o.date, "date");
        let text = o.text.as_ref().map(|t| cx.text(t));
        Some(Opinion { date: date?, text: text? })
    });
    let status = cx.vocab::<CaseStatus>(&r.status, "status");
    let updates: Vec<Option<Update>> = r.updates.iter().flatten().map(|u| update(cx, u)).collect();
    let result = r.result.as_ref().and_then(|x| {
        let date = cx.date(&x.date, "date");
        let outcome = cx.vocab(&x.outcome, "outcome");
        let text = cx.opt_text(&x.text);
        Some(CaseResult { date: date?, outcome: outcome?, text })
    });
    let revisit = r.revisit.as_ref().and_then(|x| {
        let date = cx.date(&x.date, "date");
        let satisfaction = cx.vocab(&x.satisfaction, "satisfaction");
        Some(Revisit { date, satisfaction: satisfaction?, note: cx.opt_text(&x.note) })
    });
    let category = cx.opt_text(&r.category);
    let channel = cx.opt_text(&r.channel);
    let location = cx.opt_text(&r.location);
    let body = body_of(cx, d.file, d.body_at, attachments);
    if r.updates.as_ref().is_some_and(Vec::is_empty) {
        cx.push(
            diag!(CaseNoUpdates at r.updates.as_ref().map_or(r.span, |_| r.span);
                "updates 至少要有一条（受理记录）", "updates needs at least one entry";
                hint "例如：\nupdates:\n  - {date: 2026-10-08, status: received, by: residents_committee, note: 已登记}",
                     "e.g. updates: [{date: 2026-10-08, status: received}]"),
        );
    }
    if cx.diags[before..].iter().any(|x| x.severity == Severity::Error) || updates.iter().any(Option::is_none) {
        return None;
    }
    let updates: Vec<Update> = updates.into_iter().flatten().collect();
    let (title, kind, received, lead, status) = (title?, kind?, received?, lead?, status?);
    let last = updates.last()?;
    let due = updates.iter().rev().find_map(|u| u.due).or(original_due);
    let last_update = last.date;
    let open = status.is_open();
    let overdue = open && status != CaseStatus::Suspended && due.is_some_and(|d| d < env.as_of);
    let stale = open && (env.as_of - last_update).num_days() > i64::from(env.rules.stale_days);
    let c = Case {
        id: d.stem.clone(),
        title,
        kind,
        category,
        channel,
        received,
        location,
        lead,
        partners,
        due,
        opinion,
        status,
        updates,
        result,
        revisit,
        body,
        overdue,
        stale,
        last_update,
    };
    rules::case(cx, env.as_of, &c, r, original_due);
    Some(c)
}

pub(super) fn update(cx: &mut Cx, u: &raw::RawUpdate) -> Option<Update> {
    let date = cx.date(&u.date, "date");
    let status = cx.vocab(&u.status, "status");
    let by = cx.vocab(&u.by, "by");
    let due = cx.date(&u.due, "due");
    Some(Update { date: date?, status: status?, by, note: cx.opt_text(&u.note), to: cx.opt_text(&u.to), due })
}
