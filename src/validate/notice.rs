//! A notice (`notices/*.md`).

use super::compound::{attachment_ref, body_of};
use super::meeting::stem_date;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::values::{Cx, NameKind, parse_date};
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
    let is_urgent = cx.boolean(&r.urgent, "urgent");
    let (until, urgent) = if is_urgent { urgent_window(cx, r) } else { (cx.date(&r.until, "until"), None) };
    if let (false, Some(f)) = (is_urgent, &r.from) {
        cx.push(diag!(UrgentWindow at f.span;
                "只有紧急通知（urgent: true）才写生效时间 from", "`from` is only for urgent notices (urgent: true)";
                hint "普通公示写 published 和 until（日期）；紧急通知加 urgent: true，from 和 until 写日期和时间。",
                     "Ordinary notices use published and until (dates); add urgent: true for from/until date-times."));
    }
    let reported = cx.date(&r.reported, "reported");
    let amount = cx.number::<Num>(&r.amount, "amount", "680000");
    let attachments = r.attachments.iter().filter_map(|a| attachment_ref(cx, a, p)).collect();
    let announce = cx.boolean(&r.announce, "announce");
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
        announce,
        urgent,
    };
    if let (Some(u), Some(s), None) = (n.until, &r.until, n.urgent)
        && u < n.published
    {
        cx.push(diag!(DateOrder at s.span;
                "公示截止日期早于发布日期", "until is before published";
                hint "检查 published 和 until。", "Check published and until."));
    }
    stem_date(cx, d.file, &d.stem, n.published, r.published.as_ref(), false);
    Some(n)
}

/// An urgent notice's hours: `from` and `until` as date-times
/// (`2026-12-03 09:00`). Gives the date of its end, and the window when
/// both are there and in order.
fn urgent_window(cx: &mut Cx, r: &raw::RawNotice) -> (Option<NaiveDate>, Option<Urgent>) {
    let from = date_time(cx, &r.from, "from");
    let until = date_time(cx, &r.until, "until");
    if r.from.is_none() || r.until.is_none() {
        cx.push(diag!(UrgentWindow at r.span;
                "紧急通知要写生效时间 from 和结束时间 until", "an urgent notice needs `from` and `until`";
                hint "例如：\nfrom: 2026-12-03 09:00\nuntil: 2026-12-03 18:00\n（日期和时间之间空一格，24 小时制）",
                     "e.g. from: 2026-12-03 09:00 and until: 2026-12-03 18:00"));
    }
    match (from, until) {
        (Some(f), Some(u)) if u <= f => {
            if let Some(s) = &r.until {
                cx.push(diag!(DateOrder at s.span;
                        "紧急通知的结束时间 until 不晚于生效时间 from", "until is not after from";
                        hint "检查 from 和 until 的日期和时间。", "Check from and until."));
            }
            (Some(u.date()), None)
        }
        (Some(from), Some(until)) => (Some(until.date()), Some(Urgent { from, until })),
        (_, u) => (u.map(|u| u.date()), None),
    }
}

/// `2026-12-03 09:00` (or `2026-12-03T09:00`, `2026年12月3日 9:00`).
fn date_time(cx: &mut Cx, s: &Option<raw::Str>, key: &str) -> Option<NaiveDateTime> {
    let s = s.as_ref()?;
    let v = s.value.trim();
    let parsed = v.split_once([' ', 'T']).and_then(|(d, t)| {
        let date = parse_date(d).ok()?;
        let time = NaiveTime::parse_from_str(t.trim(), "%H:%M").ok()?;
        Some(date.and_time(time))
    });
    if parsed.is_none() {
        cx.push(diag!(DateFormat at s.span;
                format!("{key} 的日期时间 `{v}` 看不懂"), format!("`{key}`: `{v}` is not a date and time");
                hint "紧急通知的 from 和 until 写成 2026-12-03 09:00（日期、空格、24 小时制时间）。",
                     "Write 2026-12-03 09:00 (date, space, 24-hour time)."));
    }
    parsed
}
