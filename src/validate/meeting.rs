//! A joint meeting record (`meetings/*.md`), and the date its file name starts with.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::compound::body_of;
use super::values::{Cx, NameKind, parse_date};
use crate::diag::{Code, Diagnostic, Loc, Text, diag};
use crate::load;
use crate::load::raw::{self, Str};
use crate::model::*;

pub(super) fn meeting(
    cx: &mut Cx,
    d: &load::MdDoc<raw::RawMeeting>,
    cases: &HashSet<&str>,
    attachments: &[load::Attachment],
) -> Option<Meeting> {
    let r = &d.raw;
    cx.scan_name(&d.stem, d.file, NameKind::Meeting);
    let date = cx.date(&r.date, "date");
    let form = if r.form.is_some() { cx.vocab(&r.form, "form") } else { Some(MeetingForm::Regular) };
    let decisions = r
        .decisions
        .iter()
        .filter_map(|x| {
            let lead = cx.vocab(&x.lead, "lead");
            let due = cx.date(&x.due, "due");
            let done = cx.date(&x.done, "done");
            if let Some(c) = &x.case
                && !cases.contains(c.value.trim())
            {
                cx.push(
                    diag!(RefCase at c.span;
                        format!("找不到编号为 `{}` 的问题", c.value.trim()), format!("no case with id `{}`", c.value.trim());
                        hint "case 写本小区 cases/ 下的文件名（不带 .md），例如 2026-031。",
                             "Use a file name under this compound's cases/ without .md."),
                );
            }
            Some(Decision {
                text: cx.text(x.text.as_ref()?),
                lead,
                due,
                case: x.case.as_ref().map(|c| c.value.trim().to_string()),
                done,
                note: cx.opt_text(&x.note),
            })
        })
        .collect();
    let body = body_of(cx, d.file, d.body_at, attachments);
    let m = Meeting {
        stem: d.stem.clone(),
        date: date?,
        form: form?,
        convener: cx.opt_text(&r.convener),
        attendees: cx.texts(&r.attendees),
        observers: cx.texts(&r.observers),
        topics: cx.texts(&r.topics),
        decisions,
        body,
    };
    stem_date(cx, d.file, &d.stem, m.date, r.date.as_ref(), true);
    Some(m)
}

/// Meeting and notice files start with their date; a mismatch is a typo in one of them.
pub(super) fn stem_date(
    cx: &mut Cx,
    file: crate::diag::FileId,
    stem: &str,
    date: NaiveDate,
    at: Option<&Str>,
    error: bool,
) {
    let head = stem.get(..10).unwrap_or(stem);
    let ok = parse_date(head).is_ok_and(|d| d == date) && (stem.len() == 10 || stem.as_bytes().get(10) == Some(&b'-'));
    if ok {
        return;
    }
    let span = at.map_or(Loc::File(file), |s| Loc::Span(s.span));
    let msg = Text::new(
        format!("文件名 `{stem}` 和日期 {date} 对不上"),
        format!("the file name `{stem}` does not match the date {date}"),
    );
    let hint = Text::new(
        format!("文件名应以日期开头，例如 {date}.md 或 {date}-简短英文名.md；或改正文件里的日期。"),
        format!("Name the file {date}.md or {date}-slug.md, or fix the date."),
    );
    let d = if error {
        Diagnostic::error(Code::NameDate, span, msg)
    } else {
        Diagnostic::warning(Code::NameDate, span, msg)
    };
    cx.push(d.hint(hint));
}
