//! The monthly report narratives of a community (`reports/<YYYY-MM>.md`),
//! and the policy's deadline: the community reports to the street office
//! before the 18th of every month (每月18日之前向街道社区办报送).

use chrono::{Datelike, NaiveDate};

use super::values::Cx;
use crate::diag::{Code, Diagnostic, FileId, Loc, Span, Text};
use crate::load::{MdDoc, report::RawReport};
use crate::model::Finding;
use crate::report::{Month, Narrative};

/// The day of the month from which a missing report is pointed out.
const REMIND_FROM: u32 = 15;
/// The last day of the month a report is on time.
const DEADLINE: u32 = 18;

/// Each narrative whose file name is a month, its body scanned for personal information.
pub(super) fn narratives(cx: &mut Cx, docs: &[MdDoc<RawReport>]) -> Vec<Narrative> {
    let mut out: Vec<Narrative> = docs
        .iter()
        .filter_map(|d| {
            let Some(month) = Month::parse(&d.stem) else {
                cx.push(
                    Diagnostic::error(
                        Code::ReportName,
                        Loc::File(d.file),
                        Text::new(
                            format!("月度报告的文件名 `{}` 不是年月", d.stem),
                            format!("the report file name `{}` is not a month", d.stem),
                        ),
                    )
                    .hint(Text::new(
                        "文件名写报告所属的年月，例如 2026-11.md。",
                        "Name the file after its month, e.g. 2026-11.md.",
                    )),
                );
                return None;
            };
            let submitted = cx.date(&d.raw.submitted, "submitted");
            if let (Some(s), Some(at)) = (submitted, &d.raw.submitted)
                && s < month.first()
            {
                cx.push(
                    Diagnostic::warning(
                        Code::ReportSubmittedEarly,
                        at.span,
                        Text::new(
                            format!("{month} 的报告写的报送日期 {s} 早于该月"),
                            format!("the {month} report says it was submitted on {s}, before the month began"),
                        ),
                    )
                    .hint(Text::new("检查 submitted 的日期或文件名。", "Check the submitted date or the file name.")),
                );
            }
            let text = &cx.sources.get(d.file).text;
            let body = text.get(d.body_at..).unwrap_or_default().to_string();
            cx.scan_at(&body, Some(d.body_at), Span::new(d.file, d.body_at, d.body_at));
            super::links::check(cx, d.file, &body, d.body_at, &[]);
            Some(Narrative { month, submitted, body })
        })
        .collect();
    out.sort_by_key(|n| n.month);
    out
}

/// From the 15th: the running month's report is due; after the 18th, overdue.
/// Only for a community that keeps its reports here (at least one file in
/// `reports/`): the narrative is optional, and a site that has never used
/// it should not wake up to a warning for every community.
pub(super) fn deadline(
    cx: &mut Cx,
    findings: &mut Vec<Finding>,
    as_of: NaiveDate,
    community: &str,
    docs: &[MdDoc<RawReport>],
    dir: FileId,
) {
    let month = Month::of(as_of);
    let day = as_of.day();
    if day < REMIND_FROM || docs.is_empty() {
        return;
    }
    let doc = docs.iter().find(|d| Month::parse(&d.stem) == Some(month));
    if doc.is_some_and(|d| d.raw.submitted.is_some()) {
        return;
    }
    let loc = doc.map_or(Loc::File(dir), |d| Loc::File(d.file));
    let (code, text) = if day > DEADLINE {
        (
            Code::ReportOverdue,
            Text::new(
                format!("{community} {month} 的月度报告逾期未报送（应于 {month}-{DEADLINE} 前报送街道）"),
                format!(
                    "{community}: the {month} monthly report is overdue (due to the street office by {month}-{DEADLINE})"
                ),
            ),
        )
    } else {
        (
            Code::ReportDue,
            Text::new(
                format!("{community} {month} 的月度报告尚未报送，截止 {month}-{DEADLINE}"),
                format!("{community}: the {month} monthly report is not submitted yet; due {month}-{DEADLINE}"),
            ),
        )
    };
    let hint = Text::new(
        format!("报送后在 reports/{month}.md 的开头写 submitted: 报送日期（没有这个文件就新建一个）。"),
        format!("Once submitted, write `submitted: <date>` at the top of reports/{month}.md (create it if missing)."),
    );
    cx.push(Diagnostic::warning(code, loc, text.clone()).hint(hint));
    findings.push(Finding { code, text });
}
