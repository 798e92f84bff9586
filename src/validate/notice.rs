//! A notice (`notices/*.md`).

use super::compound::{attachment_ref, body_of};
use super::meeting::stem_date;
use super::values::{Cx, parse_date};
use crate::diag::diag;
use crate::load::raw;
use crate::load::{self, LoadedCompound};
use crate::model::*;
use chrono::NaiveDateTime;

pub(super) fn notice(cx: &mut Cx, d: &load::MdDoc<raw::RawNotice>, p: &LoadedCompound) -> Option<Notice> {
    let r = &d.raw;
    let title = r.title.as_ref().map(|t| cx.text(t));
    let kind = cx.vocab::<NoticeKind>(&r.kind, "kind");
    let published = cx.date(&r.published, "published");
    let is_urgent = cx.boolean(&r.urgent, "urgent");
    let urgent = if is_urgent { urgency(cx, r) } else { None };
    if !is_urgent && let Some(f) = &r.from {
        cx.push(diag!(FieldUnknown at f.span;
                "只有紧急通知（urgent: true）才写 from", "`from` belongs to urgent notices (urgent: true) only";
                hint "普通公示用 published 和 until（日期）。", "A regular notice has published and until (dates)."));
    }
    // An urgent notice's until is a date-time; its date ends the notice's period.
    let until = if is_urgent { urgent.map(|u| u.until.date()) } else { cx.date(&r.until, "until") };
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
        urgent,
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

/// The window of an urgent notice: `from` and `until` as date-times
/// (`2026-12-03 09:00`), both required, `until` after `from`.
fn urgency(cx: &mut Cx, r: &raw::RawNotice) -> Option<Urgency> {
    let Some(flag) = &r.urgent else { return None };
    let mut at = |s: &Option<raw::Str>, key: &str| -> Option<NaiveDateTime> {
        let Some(s) = s else {
            cx.push(diag!(FieldMissing at flag.span;
                    format!("紧急通知缺少 {key}（开始或结束的日期和时间）"),
                    format!("an urgent notice needs `{key}` (a date and time)");
                    hint format!("例如 {key}: 2026-12-03 09:00"), format!("e.g. {key}: 2026-12-03 09:00")));
            return None;
        };
        let t = parse_date_time(&s.value);
        if t.is_none() {
            cx.push(diag!(DateFormat at s.span;
                    format!("{key} 的日期时间 `{}` 看不懂", s.value.trim()),
                    format!("`{key}`: `{}` is not a date and time", s.value.trim());
                    hint format!("写成 {key}: 2026-12-03 09:00（日期、空格、24 小时制时间）"),
                         format!("Write {key}: 2026-12-03 09:00 (date, space, 24-hour time)")));
        }
        t
    };
    let from = at(&r.from, "from");
    let until = at(&r.until, "until");
    let (from, until) = (from?, until?);
    if until <= from {
        if let Some(s) = &r.until {
            cx.push(diag!(DateOrder at s.span;
                    "紧急通知的结束时间不晚于开始时间", "an urgent notice's until is not after its from";
                    hint "检查 from 和 until。", "Check from and until."));
        }
        return None;
    }
    Some(Urgency { from, until })
}

/// `2026-12-03 09:00` (or `2026-12-03T09:00`, `2026年12月3日 9:00`): a date
/// as [`parse_date`] reads it, then a 24-hour time.
pub(super) fn parse_date_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let (date, time) = s.rsplit_once([' ', 'T'])?;
    let date = parse_date(date).ok()?;
    let (h, m) = time.trim().split_once([':', '：'])?;
    let num = |p: &str| p.trim().parse::<u32>().ok().filter(|_| (1..=2).contains(&p.trim().len()));
    date.and_hms_opt(num(h)?, num(m)?, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_as_staff_write_them() {
        let t = |s: &str| parse_date_time(s).map(|t| t.format("%Y-%m-%d %H:%M").to_string());
        assert_eq!(t("2026-12-03 09:00").as_deref(), Some("2026-12-03 09:00"));
        assert_eq!(t("2026-12-03T18:30").as_deref(), Some("2026-12-03 18:30"));
        assert_eq!(t("2026年12月3日 9:05").as_deref(), Some("2026-12-03 09:05"));
        for bad in ["2026-12-03", "2026-12-03 25:00", "2026-12-03 9", "09:00", "2026-02-30 09:00"] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }
}
