//! The evaluation's process and the policy's calendar for it: the three
//! parties are evaluated every December, and a year's results are due by
//! `rules.evaluation_deadline` of the next year (default 31 January).

use chrono::{Datelike, NaiveDate};

use super::values::Cx;
use crate::diag::{Code, Diagnostic, Loc, Text};
use crate::load::LoadedCompound;
use crate::load::raw::{RawEvaluation, Str};
use crate::model::{Compound, Finding, Rules};
use crate::report::evidence::Process;

/// `evaluation_deadline: 01-31` (month and day of the next year).
pub(super) fn deadline(cx: &mut Cx, s: &Option<Str>) -> Option<(u32, u32)> {
    let s = s.as_ref()?;
    let parsed = s.value.trim().split_once('-').and_then(|(m, d)| {
        let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
        // 2028 is a leap year: 02-29 is a day that exists in some year.
        NaiveDate::from_ymd_opt(2028, m, d).map(|_| (m, d))
    });
    if parsed.is_none() {
        cx.push(
            Diagnostic::error(
                Code::ValueDeadline,
                s.span,
                Text::new(
                    format!("evaluation_deadline 的值 `{}` 不是“月-日”", s.value.trim()),
                    format!("evaluation_deadline `{}` is not month-day", s.value.trim()),
                ),
            )
            .hint(Text::new(
                "写次年的月和日，例如 evaluation_deadline: 01-31（次年1月31日）。",
                "Write month-day of the next year, e.g. 01-31.",
            )),
        );
    }
    parsed
}

pub(super) fn process(cx: &mut Cx, r: &RawEvaluation) -> Process {
    let publicity = r.publicity.as_ref().and_then(|p| {
        let (from, until) = (cx.date(&p.from, "from")?, cx.date(&p.until, "until")?);
        if until < from {
            cx.push(
                Diagnostic::error(
                    Code::DateOrder,
                    p.span,
                    Text::new(
                        format!("公示期 {from} 至 {until}：结束早于开始"),
                        format!("publicity {from} to {until} ends before it begins"),
                    ),
                )
                .hint(Text::new("检查 from 和 until 是否写反。", "Check from and until.")),
            );
            return None;
        }
        Some((from, until))
    });
    Process {
        publicity,
        objections: cx.opt_text(&r.objections),
        approved: cx.date(&r.approved, "approved"),
        circulated: cx.date(&r.circulated, "circulated"),
    }
}

/// Last year's evaluation is due by the deadline; an evaluation is held in December.
pub(super) fn rules(cx: &mut Cx, as_of: NaiveDate, rules: &Rules, c: &mut Compound, p: &LoadedCompound) {
    let year = as_of.year() - 1;
    let (m, d) = rules.evaluation_deadline;
    let due = NaiveDate::from_ymd_opt(as_of.year(), m, d).or_else(|| NaiveDate::from_ymd_opt(as_of.year(), m, 28));
    let readable = p.unparsed.iter().all(|(f, _)| *f != "evaluations");
    if readable && due.is_some_and(|due| as_of > due) && !c.evaluations.iter().any(|e| e.year == year) {
        let text = Text::new(
            format!(
                "{}没有 {year} 年度的评议结果（应于 {} 前完成）",
                c.name,
                due.map(|d| d.to_string()).unwrap_or_default()
            ),
            format!("{}: no evaluation for {year} (due by {})", c.name, due.map(|d| d.to_string()).unwrap_or_default()),
        );
        cx.push(Diagnostic::warning(Code::RuleEvaluationMissing, Loc::File(p.dir), text.clone()).hint(Text::new(
            format!("评议后建 evaluations/{year}.yaml，写 year、date 和 results。"),
            format!("Add evaluations/{year}.yaml with year, date and results."),
        )));
        c.findings.push(Finding { code: Code::RuleEvaluationMissing, text });
    }
    for (e, doc) in
        c.evaluations.iter().filter_map(|e| Some((e, p.evaluations.iter().find(|d| d.stem == e.year.to_string())?)))
    {
        let Some(date) = e.date else { continue };
        if date.month() == 12 && date.year() == e.year {
            continue;
        }
        let at = doc.raw.date.as_ref().map_or(Loc::File(doc.file), |s| Loc::Span(s.span));
        let text = Text::new(
            format!("{} 年度评议的日期 {date} 不在当年 12 月", e.year),
            format!("the {} evaluation is dated {date}, not in December of that year", e.year),
        );
        cx.push(Diagnostic::warning(Code::RuleEvaluationDate, at, text.clone()).hint(Text::new(
            "政策规定每年 12 月开展评议；日期写错了就改正 date。",
            "The policy holds the evaluation every December; fix date if it is a typo.",
        )));
        c.findings.push(Finding { code: Code::RuleEvaluationDate, text });
    }
}
