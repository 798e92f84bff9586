//! The environment and property committee's records: its monthly
//! inspections (`inspections/<YYYY-MM>.md`) and the rules of its
//! composition — chaired by the residents' committee's chair or vice-chair,
//! and no member on an owners' committee or working for a property company
//! of the community (回避).

use std::sync::Arc;

use super::values::Cx;
use crate::diag::{Code, Diagnostic, FileId, Loc, Span, Text};
use crate::load::MdDoc;
use crate::load::inspection::RawInspection;
use crate::model::{Community, Compound, Finding, Roster};
use crate::report::Month;
use crate::report::inspection::{Inspection, InspectionFinding};

fn names(r: &Roster) -> impl Iterator<Item = &str> {
    r.members.iter().map(|p| p.name.as_str())
}

/// Each inspection file, its references checked against the community.
pub(super) fn inspections(
    cx: &mut Cx,
    docs: &[MdDoc<RawInspection>],
    env: Option<&Roster>,
    compounds: &[Arc<Compound>],
) -> Vec<Inspection> {
    let mut out: Vec<Inspection> = docs
        .iter()
        .filter_map(|d| {
            let r = &d.raw;
            let Some(month) = Month::parse(&d.stem) else {
                cx.push(
                    Diagnostic::error(
                        Code::InspectionName,
                        Loc::File(d.file),
                        Text::new(
                            format!("检查记录的文件名 `{}` 不是年月", d.stem),
                            format!("the inspection file name `{}` is not a month", d.stem),
                        ),
                    )
                    .hint(Text::new(
                        "文件名写检查所在的年月，例如 2026-11.md。",
                        "Name it after its month, e.g. 2026-11.md.",
                    )),
                );
                return None;
            };
            let date = cx.date(&r.date, "date");
            if let (Some(day), Some(at)) = (date, &r.date)
                && Month::of(day) != month
            {
                cx.push(
                    Diagnostic::warning(
                        Code::InspectionDate,
                        at.span,
                        Text::new(
                            format!("检查日期 {day} 不在文件名的月份 {month}"),
                            format!("the inspection date {day} is not in {month}, the file's month"),
                        ),
                    )
                    .hint(Text::new("改正 date，或把文件改名为检查所在的年月。", "Fix date or rename the file.")),
                );
            }
            for who in &r.inspectors {
                let name = who.value.trim();
                if !env.is_some_and(|e| names(e).any(|n| n == name)) {
                    cx.push(
                        Diagnostic::warning(
                            Code::InspectionInspector,
                            who.span,
                            Text::new(
                                format!("检查人“{name}”不在环境和物业管理委员会名单里"),
                                format!("inspector “{name}” is not on the environment committee"),
                            ),
                        )
                        .hint(Text::new(
                            "检查人应是 community.yaml 里 env_committee 的成员；检查名字是否写错。",
                            "Inspectors are members of env_committee in community.yaml.",
                        )),
                    );
                }
            }
            let compound = |cx: &mut Cx, s: &crate::load::raw::Str| {
                let slug = s.value.trim();
                let found = compounds.iter().find(|p| p.slug == slug).cloned();
                if found.is_none() {
                    let known: Vec<&str> = compounds.iter().map(|p| p.slug.as_str()).collect();
                    cx.push(
                        Diagnostic::error(
                            Code::RefCompound,
                            s.span,
                            Text::new(
                                format!("本社区没有代号为 `{slug}` 的小区"),
                                format!("no compound `{slug}` in this community"),
                            ),
                        )
                        .hint(Text::new(
                            format!("写小区文件夹名：{}", known.join("、")),
                            format!("Use a compound folder name: {}", known.join(", ")),
                        )),
                    );
                }
                found
            };
            let covered: Vec<String> =
                r.compounds.iter().filter_map(|s| compound(cx, s)).map(|p| p.slug.clone()).collect();
            let checked = r.checked.iter().filter_map(|s| cx.vocab(&Some(s.clone()), "checked")).collect();
            let findings = r
                .findings
                .iter()
                .filter_map(|f| {
                    let p = compound(cx, f.compound.as_ref()?);
                    let item = cx.vocab(&f.item, "item");
                    let text = cx.text(f.text.as_ref()?);
                    if let (Some(p), Some(case)) = (&p, &f.case)
                        && !p.cases.iter().any(|c| c.id == case.value.trim())
                    {
                        cx.push(
                            Diagnostic::error(
                                Code::RefCase,
                                case.span,
                                Text::new(
                                    format!("{}没有编号为 `{}` 的问题", p.name, case.value.trim()),
                                    format!("{} has no case `{}`", p.name, case.value.trim()),
                                ),
                            )
                            .hint(Text::new(
                                "case 写该小区 cases/ 下的文件名（不带 .md），例如 2026-031。",
                                "Use a file name under that compound's cases/ without .md.",
                            )),
                        );
                    }
                    Some(InspectionFinding {
                        compound: p?.slug.clone(),
                        item,
                        text,
                        case: f.case.as_ref().map(|c| c.value.trim().to_string()),
                    })
                })
                .collect();
            let text = &cx.sources.get(d.file).text;
            let body = text.get(d.body_at..).unwrap_or_default().to_string();
            cx.scan_at(&body, Some(d.body_at), Span::new(d.file, d.body_at, d.body_at));
            super::links::check(cx, d.file, &body, d.body_at, &[]);
            Some(Inspection {
                month,
                date: date?,
                inspectors: cx.texts(&r.inspectors),
                compounds: covered,
                checked,
                findings,
                body,
            })
        })
        .collect();
    out.sort_by_key(|i| i.month);
    out
}

fn warn(cx: &mut Cx, findings: &mut Vec<Finding>, code: Code, loc: Loc, text: Text, hint: Text) {
    cx.push(Diagnostic::warning(code, loc, text.clone()).hint(hint));
    findings.push(Finding { code, text });
}

/// Last month's inspection (once the community keeps inspections here),
/// the chair, and 回避.
pub(super) fn rules(
    cx: &mut Cx,
    as_of: chrono::NaiveDate,
    c: &mut Community,
    docs: &[MdDoc<RawInspection>],
    dir: FileId,
) {
    let mut f = Vec::new();
    let this = Month::of(as_of);
    let last = if this.month == 1 {
        Month { year: this.year - 1, month: 12 }
    } else {
        Month { year: this.year, month: this.month - 1 }
    };
    if !docs.is_empty() && !c.inspections.iter().any(|i| i.month == last) {
        warn(
            cx,
            &mut f,
            Code::RuleEnvInspection,
            Loc::File(dir),
            Text::new(
                format!("{}环境和物业管理委员会 {last} 没有检查记录", c.name),
                format!("{}: no environment committee inspection recorded for {last}", c.name),
            ),
            Text::new(
                format!("环物委每月检查一次；检查后建 inspections/{last}.md。"),
                format!("The committee inspects monthly; add inspections/{last}.md."),
            ),
        );
    }
    if let Some(env) = &c.env_committee {
        let is_chair = |position: &str| position.contains("主任") && !position.contains('副');
        let rc_chairs: Vec<&str> = c
            .residents_committee
            .members
            .iter()
            .filter(|p| p.position.contains("主任"))
            .map(|p| p.name.as_str())
            .collect();
        if let Some(chair) = env.members.iter().find(|p| is_chair(&p.position))
            && !rc_chairs.contains(&chair.name.as_str())
        {
            warn(
                cx,
                &mut f,
                Code::RuleEnvChair,
                Loc::File(dir),
                Text::new(
                    format!("环境和物业管理委员会主任{}不是居委会主任或副主任", chair.name),
                    format!(
                        "the environment committee's chair {} is not the residents' committee's chair or vice-chair",
                        chair.name
                    ),
                ),
                Text::new(
                    "工作指引：环物委主任由居委会主任或副主任担任。名字或职务写错了就改正 community.yaml。",
                    "The chair should be the residents' committee's chair or vice-chair.",
                ),
            );
        }
        for member in &env.members {
            let owners =
                c.compounds.iter().find(|p| p.owners.as_ref().is_some_and(|(_, r)| names(r).any(|n| n == member.name)));
            // Not the 义务质量总监: a volunteer who supervises the company, often from the community.
            let company = c.compounds.iter().find(|p| p.company.members.iter().any(|x| x.name == member.name));
            let (zh, en) = match (owners, company) {
                (Some(p), _) => (
                    format!("同时是{}业主委员会（或自管组织）成员", p.name),
                    format!("also sits on the owners' committee of {}", p.name),
                ),
                (None, Some(p)) => (
                    format!("同时在{}的物业服务企业任职", p.name),
                    format!("also works for the property company of {}", p.name),
                ),
                (None, None) => continue,
            };
            warn(
                cx,
                &mut f,
                Code::RuleEnvConflict,
                Loc::File(dir),
                Text::new(
                    format!("环境和物业管理委员会成员{}{zh}，应当回避", member.name),
                    format!("environment committee member {} {en}: a conflict of interest", member.name),
                ),
                Text::new(
                    "环物委监督业委会和物业，成员不宜兼任业委会成员或在物业企业任职；请调整名单。",
                    "The committee oversees owners' committees and companies; its members should not belong to them.",
                ),
            );
        }
    }
    c.findings.extend(f);
}
