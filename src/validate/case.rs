//! A case file (`cases/*.md`): its fields, its updates, and that its public text
//! does not repeat its `private:` block.

use super::compound::body_of;
use super::values::Cx;
use super::{Env, rules};
use crate::diag::{Loc, Severity, Span, diag};
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
    if let Some(p) = &r.private {
        private_leaks(cx, p, d);
    }
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

/// A value of the case's `private:` block that shows up in its public text.
pub(super) fn private_leaks(cx: &mut Cx, p: &raw::RawPrivate, d: &load::MdDoc<raw::RawCase>) {
    let text = &cx.sources.get(d.file).text;
    let mut values = Vec::new();
    p.each_value(|v| {
        let v = v.trim();
        if v.chars().count() >= 2 {
            values.push(v.to_string());
        }
    });
    // Public text is everything outside the private block: find each value
    // anywhere else in the file.
    let private_span = d.raw.private.as_ref().map_or(0..0, |_| private_range(text, d));
    let mut found = Vec::new();
    for v in &values {
        for (at, _) in text.match_indices(v.as_str()) {
            if !private_span.contains(&at) && !number_joined(text, at, v) {
                found.push(Span::new(d.file, at, at + v.len()));
            }
        }
    }
    found.sort_by_key(|s| s.start);
    found.dedup();
    // Where the privacy scan already flagged the same text, one error is enough.
    found.retain(|s| !cx.diags.iter().any(|x| x.code.as_str().starts_with("pii-") && x.loc == Some(Loc::Span(*s))));
    for span in found {
        cx.push(
            diag!(PiiPrivateLeak at span;
                "这里写了本案 private: 里的信息（反映人姓名、电话或房号）", "this repeats a value from the case's private: block";
                hint "private: 里的内容只供工作人员留档，公开的标题、地点、进展和正文里不能出现。请改写，例如“某居民”“3号楼”。",
                     "Private values are for staff only; rewrite the public text, e.g. 'a resident', 'building 3'."),
        );
    }
}

/// A number only matches as a whole, as in the privacy scan: a phone inside
/// a longer order number or an amount (`13800138000.00元`) is not the phone.
pub(super) fn number_joined(text: &str, at: usize, v: &str) -> bool {
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let mut before = text[..at].chars().rev();
    let mut after = text[at + v.len()..].chars();
    let b = before.next();
    let a = after.next();
    let starts = v.starts_with(|c: char| c.is_ascii_digit());
    let ends = v.ends_with(|c: char| c.is_ascii_digit());
    (starts && (digit(b) || (b == Some('.') && digit(before.next()))))
        || (ends && (digit(a) || (a == Some('.') && digit(after.next()))))
}

/// Byte range of the `private:` block inside the front matter.
pub(super) fn private_range(text: &str, d: &load::MdDoc<raw::RawCase>) -> std::ops::Range<usize> {
    let fm_end = d.body_at.min(text.len());
    let Some(start) =
        text[..fm_end].match_indices("private:").map(|(i, _)| i).find(|&i| i == 0 || text.as_bytes()[i - 1] == b'\n')
    else {
        return 0..0;
    };
    // The block ends at the next line that is not indented (or the front matter's end).
    let mut end = fm_end;
    let mut pos = start + text[start..fm_end].find('\n').map_or(fm_end - start, |i| i + 1);
    while pos < fm_end {
        let line_end = text[pos..fm_end].find('\n').map_or(fm_end, |i| pos + i + 1);
        let line = &text[pos..line_end];
        if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            end = pos;
            break;
        }
        pos = line_end;
    }
    start..end
}
