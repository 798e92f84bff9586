//! Rosters and the people and contacts on them, shared by communities and compounds.

use chrono::NaiveDate;

use super::values::Cx;

use crate::diag::diag;
use crate::load::raw;
use crate::model::*;

pub(super) fn contact(cx: &mut Cx, c: &raw::RawContact) -> Contact {
    let label = cx.opt_text(&c.label).or_else(|| cx.opt_text(&c.name));
    if label.is_none() {
        cx.push(diag!(FieldMissing at c.span;
                "联系方式缺少 label（名称）", "a contact needs a label";
                hint "例如 {label: 社区服务中心, phone: 0571-88880000}", "e.g. {label: Service centre, phone: …}"));
    }
    Contact {
        label: label.unwrap_or_default(),
        phone: cx.phone(&c.phone),
        address: cx.opt_text(&c.address),
        hours: cx.opt_text(&c.hours),
    }
}

pub(super) fn person(cx: &mut Cx, p: &raw::RawPerson) -> Option<Person> {
    let name = p.name.as_ref().map(|n| cx.text(n));
    let position = p.position.as_ref().map(|n| cx.text(n));
    let party_member = cx.boolean(&p.party_member, "party_member");
    if let Some(ph) = &p.photo {
        cx.push(diag!(PhotoUnsupported at ph.span;
                "照片暂不发布", "photos are not published yet";
                hint "删去 photo 这一行即可；名册只公开姓名、职务和值班电话。", "Remove the photo line."));
    }
    Some(Person {
        name: name?,
        position: position?,
        phone: cx.roster_phone(&p.phone, &p.public_phone),
        party_member,
        also: cx.texts(&p.also),
        duties: cx.texts(&p.duties),
        photo: None,
    })
}

pub(super) fn roster(cx: &mut Cx, r: &raw::RawRoster) -> Roster {
    let term = r.term.as_ref().and_then(|t| term(cx, t));
    Roster {
        name: cx.opt_text(&r.name),
        term,
        members: r.members.iter().flatten().filter_map(|p| person(cx, p)).collect(),
    }
}

pub(super) fn term(cx: &mut Cx, t: &raw::RawTerm) -> Option<(NaiveDate, NaiveDate)> {
    let from = cx.date(&t.from, "from");
    let to = cx.date(&t.to, "to");
    let (from, to) = (from?, to?);
    if to < from {
        cx.push(diag!(DateOrder at t.span;
                "任期/合同的结束日期早于开始日期", "the end date is before the start date";
                hint "检查 from 和 to 是否写反。", "Check from and to."));
    }
    Some((from, to))
}
