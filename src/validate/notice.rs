//! A notice (`notices/*.md`).

use super::compound::{attachment_ref, body_of};
use super::meeting::stem_date;
use super::values::{Cx, NameKind};
use crate::diag::diag;
use crate::load::raw;
use crate::load::{self, LoadedCompound};
use crate::model::*;

pub(super) fn notice(cx: &mut Cx, d: &load::MdDoc<raw::RawNotice>, p: &LoadedCompound) -> Option<Notice> {
    let r = &d.raw;
    cx.scan_name(&d.stem, d.file, NameKind::Notice);
    let title = r.title.as_ref().map(|t| cx.text(t));
    let kind = cx.vocab::<NoticeKind>(&r.kind, "kind");
    let published = cx.date(&r.published, "published");
    let until = cx.date(&r.until, "until");
    let reported = cx.date(&r.reported, "reported");
    let amount = cx.number::<Num>(&r.amount, "amount", "680000");
    let attachments = r.attachments.iter().filter_map(|a| attachment_ref(cx, a, p)).collect();
    let body = body_of(cx, d.file, d.body_at, &p.attachments);
    let n = Notice {
        stem: d.stem.clone(),
        title: title?,
        kind: kind?,
        published: published?,
        until,
        reported,
        amount,
        attachments,
        body,
    };
    if let (Some(u), Some(s)) = (n.until, &r.until)
        && u < n.published
    {
        cx.push(diag!(DateOrder at s.span;
                "公示截止日期早于发布日期", "until is before published";
                hint "检查 published 和 until。", "Check published and until."));
    }
    stem_date(cx, d.file, &d.stem, n.published, r.published.as_ref(), false);
    Some(n)
}
