//! The rules of the policy (content format section 5) and the consistency
//! of each case's record. Compliance findings are warnings: they are printed
//! and also kept on the model, for the compliance page.

use chrono::NaiveDate;

use super::future;
use super::values::Cx;
use crate::diag::{Code, Diagnostic, FileId, Loc, Span, Text, diag};
use crate::load::LoadedCompound;
use crate::load::raw;
use crate::model::policy;
use crate::model::*;

fn finding(cx: &mut Cx, findings: &mut Vec<Finding>, code: Code, loc: Option<Loc>, text: Text, hint: Text) {
    cx.push(Diagnostic::warning(code, loc, text.clone()).hint(hint));
    findings.push(Finding { code, text });
}

fn party_count(r: &Roster) -> usize {
    r.members.iter().filter(|p| p.party_member).count()
}

fn has_phone(r: &[Person]) -> bool {
    r.iter().any(|p| p.phone.is_some())
}

pub(super) fn community(cx: &mut Cx, rules: &Rules, c: &mut Community, file: FileId, r: &raw::RawCommunity) {
    let mut f = Vec::new();
    let at = |x: Option<Span>| Some(x.map_or(Loc::File(file), Loc::Span));
    match &c.env_committee {
        None => finding(
            cx,
            &mut f,
            Code::RuleEnvMissing,
            at(None),
            Text::new(
                format!("{}未公示环境和物业管理委员会", c.name),
                format!("{}: no environment and property committee", c.name),
            ),
            Text::new(
                "在 community.yaml 里加 env_committee: {members: [...]}。",
                "Add env_committee to community.yaml.",
            ),
        ),
        Some(env) => {
            let n = env.members.len();
            let span = at(r.env_committee.as_ref().map(|e| e.span));
            if n < rules.env_min_members || n % 2 == 0 {
                finding(
                    cx,
                    &mut f,
                    Code::RuleEnvSize,
                    span,
                    Text::new(
                        format!("环境和物业管理委员会有 {n} 人，应不少于 {} 人且为单数", rules.env_min_members),
                        format!(
                            "the environment committee has {n} members; it needs at least {} and an odd number",
                            rules.env_min_members
                        ),
                    ),
                    Text::new("按工作指引增补成员，使人数为单数。", "Add members to reach an odd number."),
                );
            }
            if party_count(env) * 2 <= n {
                finding(
                    cx,
                    &mut f,
                    Code::RuleEnvParty,
                    span,
                    Text::new(
                        format!("环境和物业管理委员会中党员 {} 人，未过半数", party_count(env)),
                        format!(
                            "party members are not a majority of the environment committee ({} of {n})",
                            party_count(env)
                        ),
                    ),
                    Text::new(
                        "党员成员请标 party_member: true；党员应超过半数。",
                        "Mark party members with party_member: true.",
                    ),
                );
            }
        }
    }
    if !has_phone(&c.residents_committee.members) {
        finding(
            cx,
            &mut f,
            Code::RulePartyPhone,
            at(r.residents_committee.as_ref().map(|x| x.span)),
            Text::new("社区居民委员会没有公示带电话的具名人员", "the residents' committee lists nobody with a phone"),
            Text::new("至少给一位成员写上值班电话 phone。", "Give at least one member a duty phone."),
        );
    }
    c.findings = f;
}

pub(super) fn compound(cx: &mut Cx, env: (NaiveDate, &Rules, &[String]), c: &mut Compound, p: &LoadedCompound) {
    let (as_of, rules, community_names) = env;
    let mut f = Vec::new();
    let Some(doc) = &p.file else { return };
    let file = doc.file;
    let r = &doc.raw;
    let whole = Some(Loc::File(file));
    match &c.owners {
        None => finding(
            cx,
            &mut f,
            Code::RuleOwnersMissing,
            whole,
            Text::new(
                format!("{}未公示业主委员会或物业自管组织", c.name),
                format!("{}: no owners' committee or self-management group", c.name),
            ),
            Text::new(
                "在 compound.yaml 里写 owners_committee 或 self_management。",
                "Add owners_committee or self_management.",
            ),
        ),
        Some((party, roster)) => {
            let span = r.owners_committee.as_ref().or(r.self_management.as_ref()).map(|x| Loc::Span(x.span));
            let n = roster.members.len();
            let pc = party_count(roster);
            if *party == Party::OwnersCommittee && n > 0 && (pc as f64) < rules.owners_party_ratio.0 * n as f64 {
                finding(
                    cx,
                    &mut f,
                    Code::RuleOwnersParty,
                    span,
                    Text::new(
                        format!("业主委员会 {n} 人中党员 {pc} 人，低于 {:.0}%", rules.owners_party_ratio.0 * 100.0),
                        format!(
                            "{pc} of {n} owners' committee members are party members, below {:.0}%",
                            rules.owners_party_ratio.0 * 100.0
                        ),
                    ),
                    Text::new(
                        "政策要求业委会成员中党员比例一般不低于 50%。",
                        "The policy asks for at least 50% party members.",
                    ),
                );
            }
            let chair = roster.members.iter().find(|m| m.position.contains("主任") && !m.position.contains("副"));
            if *party == Party::OwnersCommittee && chair.is_some_and(|m| !m.party_member) {
                finding(
                    cx,
                    &mut f,
                    Code::RuleOwnersChair,
                    span,
                    Text::new("业主委员会主任不是党员", "the owners' committee chair is not a party member"),
                    Text::new(
                        "政策要求业委会主任一般由党员担任；若主任是党员，请标 party_member: true。",
                        "The chair should be a party member.",
                    ),
                );
            }
            if !has_phone(&roster.members) {
                finding(
                    cx,
                    &mut f,
                    Code::RulePartyPhone,
                    span,
                    Text::new(
                        format!("{}没有公示带电话的具名人员", party.zh()),
                        format!("the {} lists nobody with a phone", party.en()),
                    ),
                    Text::new("至少给一位成员写上联系电话 phone。", "Give at least one member a phone."),
                );
            }
        }
    }
    if !has_phone(&c.company.members) {
        finding(
            cx,
            &mut f,
            Code::RulePartyPhone,
            r.property_company.as_ref().map(|x| Loc::Span(x.span)),
            Text::new("物业服务企业没有公示带电话的具名人员", "the property company lists nobody with a phone"),
            Text::new("在 property_company.members 里给项目经理写上电话。", "Give the project manager a phone."),
        );
    }
    joint_names(cx, c, p, r, community_names);
    // A meeting or pledge file with errors is not a missing one: the
    // rules about them wait until the file can be read.
    let meetings_readable = p.unparsed.iter().all(|(f, _)| *f != "meetings") && c.meetings.len() == p.meetings.len();
    if meetings_readable {
        meetings_gap(cx, &mut f, as_of, rules, c, whole);
    }
    pledges_current(cx, &mut f, as_of, c, p, whole);
    meeting_and_notice_dates(cx, as_of, c, p);
    decisions_overdue(cx, &mut f, as_of, c, p);
    reminders(cx, as_of, rules, c, whole);
    for (n, d) in c.notices.iter().zip(notice_docs(c, p)) {
        let Some(d) = d else { continue };
        if n.kind == NoticeKind::Other {
            continue;
        }
        // A scheduled notice is still named on `check`, but the compliance
        // page would show its title before its day.
        let mut unpublished = Vec::new();
        let sink = if n.is_published(as_of) { &mut f } else { &mut unpublished };
        match n.reported {
            None => finding(
                cx,
                sink,
                Code::RuleNoticeReported,
                Some(Loc::Span(d.raw.span)),
                Text::new(
                    format!("重大事项“{}”没有写提前报告日期 reported", n.title),
                    format!("major matter “{}” has no reported date", n.title),
                ),
                Text::new(
                    "涉及居民切身利益的重大事项应提前向社区党组织和居委会报告：写 reported: 报告日期。",
                    "Major matters must be reported in advance: add reported.",
                ),
            ),
            Some(rep) if rep > n.published => finding(
                cx,
                sink,
                Code::RuleNoticeReported,
                d.raw.reported.as_ref().map(|s| Loc::Span(s.span)),
                Text::new(
                    format!("“{}”的报告日期晚于公示日期", n.title),
                    format!("“{}” was reported after it was published", n.title),
                ),
                Text::new("reported 应早于 published（先报告，后公示）。", "reported should precede published."),
            ),
            _ => {}
        }
    }
    for case in &c.cases {
        let d = p.cases.iter().find(|d| d.stem == case.id);
        let loc = d.map(|d| Loc::File(d.file));
        if case.overdue {
            let due = case.due.map(|d| d.to_string()).unwrap_or_default();
            finding(
                cx,
                &mut f,
                Code::CaseOverdue,
                d.and_then(|d| d.raw.due.as_ref().map(|s| Loc::Span(s.span))).or(loc),
                Text::new(
                    format!("问题“{}”已逾期（承诺 {due} 前办结）", case.title),
                    format!("case “{}” is overdue (due {due})", case.title),
                ),
                Text::new(
                    "办结后写 result；需要延期请加一条 status: extended 的进展并写新的 due 和原因。",
                    "Resolve it, or add an extended update with a new due date.",
                ),
            );
        }
        if case.stale {
            // Point at the last update: that is where the next one goes.
            let last = d.and_then(|d| d.raw.updates.as_ref()?.last()?.date.as_ref()).map(|s| Loc::Span(s.span));
            finding(
                cx,
                &mut f,
                Code::CaseStale,
                last.or(loc),
                Text::new(
                    format!("问题“{}”已 {} 天没有更新进展", case.title, (as_of - case.last_update).num_days()),
                    format!(
                        "case “{}” has had no update for {} days",
                        case.title,
                        (as_of - case.last_update).num_days()
                    ),
                ),
                Text::new("在 updates 里补一条最新进展。", "Add an update."),
            );
        }
    }
    c.findings = f;
}

fn notice_docs<'a>(c: &Compound, p: &'a LoadedCompound) -> Vec<Option<&'a crate::load::MdDoc<raw::RawNotice>>> {
    c.notices.iter().map(|n| p.notices.iter().find(|d| d.stem == n.stem)).collect()
}

/// Joint-meeting members and meeting participants must be on a roster.
fn joint_names(cx: &mut Cx, c: &Compound, p: &LoadedCompound, r: &raw::RawCompound, community_names: &[String]) {
    let known = |n: &str| -> bool {
        c.party_org.iter().chain(c.owners.as_ref().map(|o| &o.1)).any(|r| r.members.iter().any(|m| m.name == n))
            || c.company.members.iter().chain(&c.company.quality_supervisor).any(|m| m.name == n)
    };
    let check = |cx: &mut Cx, s: &raw::Str, community_names: &dyn Fn(&str) -> bool, error: bool| {
        let n = s.value.trim();
        if known(n) || community_names(n) {
            return;
        }
        let list_hint = if n.contains(['，', '、', ',']) {
            Text::new(
                "多个名字请写成列表：[王建国, 李红]，用半角逗号和方括号。",
                "Write several names as a list: [a, b].",
            )
        } else {
            Text::new(
                "联席会议成员要“确定到人”：名字须与 compound.yaml 或 community.yaml 名册里的 name 一字不差。",
                "Names must match a roster name in compound.yaml or community.yaml exactly.",
            )
        };
        let msg = Text::new(format!("名册里找不到 `{n}`"), format!("`{n}` is not on any roster"));
        let d = if error {
            Diagnostic::error(Code::RefPerson, s.span, msg)
        } else {
            Diagnostic::warning(Code::RefPerson, s.span, msg)
        };
        cx.push(d.hint(list_hint));
    };
    let community_names = |n: &str| community_names.iter().any(|x| x == n);
    if let Some(j) = &r.joint_meeting {
        for s in j.convener.iter().chain(&j.members) {
            check(cx, s, &community_names, true);
        }
    }
    for m in &p.meetings {
        for s in m.raw.convener.iter().chain(&m.raw.attendees) {
            check(cx, s, &community_names, false);
        }
    }
}

fn meetings_gap(cx: &mut Cx, f: &mut Vec<Finding>, as_of: NaiveDate, rules: &Rules, c: &Compound, whole: Option<Loc>) {
    let dates: Vec<NaiveDate> = c.meetings.iter().map(|m| m.date).filter(|d| *d <= as_of).collect();
    let Some(last) = dates.last() else {
        finding(
            cx,
            f,
            Code::RuleMeetingGap,
            whole,
            Text::new(format!("{}还没有三方联席会议记录", c.name), format!("{}: no joint meeting on record", c.name)),
            Text::new(
                "联席会议一般每两个月召开一次（双月最后一周）：在 meetings/ 下记录。",
                "Joint meetings are held every two months.",
            ),
        );
        return;
    };
    let gap = (as_of - *last).num_days();
    if gap > i64::from(rules.meeting_gap_days) {
        finding(
            cx,
            f,
            Code::RuleMeetingGap,
            whole,
            Text::new(
                format!("{}距上次联席会议（{last}）已 {gap} 天，超过两个月", c.name),
                format!("{}: {gap} days since the last joint meeting ({last})", c.name),
            ),
            Text::new("联席会议一般每两个月召开一次，通常在双月最后一周。", "Hold one every two months."),
        );
    }
    for w in dates.windows(2) {
        let g = (w[1] - w[0]).num_days();
        if g > i64::from(rules.meeting_gap_days) {
            finding(
                cx,
                f,
                Code::RuleMeetingGap,
                whole,
                Text::new(
                    format!("{} 至 {} 之间 {g} 天没有召开联席会议", w[0], w[1]),
                    format!("{g} days without a joint meeting between {} and {}", w[0], w[1]),
                ),
                Text::new("联席会议一般每两个月召开一次。", "Hold one every two months."),
            );
        }
    }
}

fn pledges_current(
    cx: &mut Cx,
    f: &mut Vec<Finding>,
    as_of: NaiveDate,
    c: &Compound,
    p: &LoadedCompound,
    whole: Option<Loc>,
) {
    use chrono::Datelike;
    let year = as_of.year();
    let owners = c.owners.as_ref().map_or(Party::OwnersCommittee, |o| o.0);
    let this = c.pledges.iter().find(|y| y.year == year);
    if this.is_none() && p.has_file("pledges", &year.to_string()) {
        return;
    }
    for party in [Party::ResidentsCommittee, owners, Party::PropertyCompany] {
        let has = this.is_some_and(|y| y.parties.iter().any(|(p, items)| *p == party && !items.is_empty()));
        if !has {
            finding(
                cx,
                f,
                Code::RulePledges,
                whole,
                Text::new(
                    format!("{}未公示 {year} 年度服务承诺", party.zh()),
                    format!("no {year} service pledges from the {}", party.en()),
                ),
                Text::new(
                    format!("在 pledges/{year}.yaml 里写 {}: 下的承诺事项。", party.key()),
                    format!("Add {}: items to pledges/{year}.yaml.", party.key()),
                ),
            );
        }
    }
}

/// The record of one case must be consistent with itself.
pub(super) fn case(cx: &mut Cx, as_of: NaiveDate, c: &Case, r: &raw::RawCase, original_due: Option<NaiveDate>) {
    let ups = r.updates.as_deref().unwrap_or_default();
    if let (Some(last), Some(st)) = (c.updates.last(), &r.status)
        && last.status != c.status
    {
        cx.push(
            diag!(CaseStatusMismatch at st.span;
                format!("status 是“{}”，但最后一条进展是“{}”", c.status.zh(), last.status.zh()),
                format!("status is {} but the last update says {}", c.status.key(), last.status.key());
                hint format!("status 必须等于最后一条进展的状态：改为 status: {}，或补一条新的进展。", last.status.key()),
                     format!("status must equal the last update's: write status: {}, or add an update.", last.status.key())),
        );
    }
    for (i, w) in c.updates.windows(2).enumerate() {
        if w[1].date < w[0].date {
            let span = ups.get(i + 1).and_then(|u| u.date.as_ref()).map_or(r.span, |d| d.span);
            cx.push(diag!(CaseUpdateOrder at span;
                    "进展没有按日期先后排列", "updates are not in date order";
                    hint format!("这条进展（{}）早于上一条（{}）：按日期从早到晚排列。", w[1].date, w[0].date),
                         "Order updates from oldest to newest."));
        }
    }
    if let Some(first) = c.updates.first()
        && first.date < c.received
    {
        let span = ups.first().and_then(|u| u.date.as_ref()).map_or(r.span, |d| d.span);
        cx.push(diag!(CaseUpdateOrder at span;
                "第一条进展早于受理日期 received", "the first update is before received";
                hint "检查 received 和进展的日期。", "Check the dates."));
    }
    for (u, raw_u) in c.updates.iter().zip(ups) {
        let needs_note = matches!(u.status, CaseStatus::Extended | CaseStatus::Suspended);
        if needs_note && u.note.is_none() {
            cx.push(diag!(CaseUpdateReason at raw_u.span;
                    format!("“{}”必须写明原因 note", u.status.zh()),
                    format!("an {} update needs a reason (note)", u.status.key());
                    hint "加 note: 原因，例如 note: 等待电梯配件到货。", "Add note: the reason."));
        }
        if u.status == CaseStatus::Extended && u.due.is_none() {
            cx.push(diag!(CaseUpdateDue at raw_u.span;
                    "延期办理必须写新的办结时限 due", "an extended update needs a new due date";
                    hint "加 due: 新日期，例如 due: 2026-12-15。", "Add due: the new date."));
        }
        if u.status == CaseStatus::Escalated && u.to.is_none() {
            cx.push(diag!(CaseUpdateTo at raw_u.span;
                    "已上报的进展没有写上报给哪个部门 to", "an escalated update does not say to whom (to)";
                    hint "加 to: 部门名称，例如 to: 区市场监管局。", "Add to: the department."));
        }
    }
    let st = r.status.as_ref().map_or(r.span, |s| s.span);
    if c.status.past_negotiating() && c.updates.iter().any(|u| u.status.past_negotiating()) && c.opinion.is_none() {
        cx.push(diag!(CaseOpinion at st;
                "已过三方会商阶段，但没有公示三方协商处理意见 opinion", "past negotiating without an agreed opinion";
                hint "加：\nopinion:\n  date: 会商日期\n  text: 三方协商一致的处理意见", "Add opinion: {date, text}."));
    }
    if !c.status.is_open() && c.result.is_none() {
        cx.push(diag!(CaseResult at st;
                "已办结或已关闭的问题必须写办理结果 result", "a resolved or closed case needs a result";
                hint "加：\nresult:\n  date: 办结日期\n  outcome: resolved（已解决）\n  text: 结果说明",
                     "Add result: {date, outcome, text}."));
    }
    if c.status == CaseStatus::Resolved && c.revisit.is_none() {
        cx.push(diag!(CaseRevisit at st;
                "已办结的问题还没有回访 revisit", "a resolved case has not been revisited";
                hint "回访后加 revisit: {date: 日期, satisfaction: satisfied}（满意/基本满意/不满意/未评价）。",
                     "Add revisit: {date, satisfaction}."));
    }
    if let (Some(due), Some(s)) = (original_due, &r.due)
        && due < c.received
    {
        cx.push(diag!(DateOrder at s.span;
                "办结时限 due 早于受理日期 received", "due is before received";
                hint "检查 due 和 received。", "Check the dates."));
    }
    future_dates(cx, as_of, r);
}

/// Dates of a case that must have passed, and those that may lie ahead.
fn future_dates(cx: &mut Cx, as_of: NaiveDate, r: &raw::RawCase) {
    future::past(cx, as_of, &r.received);
    future::near(cx, as_of, &r.due);
    for u in r.updates.iter().flatten() {
        future::past(cx, as_of, &u.date);
        future::near(cx, as_of, &u.due);
    }
    if let Some(o) = &r.opinion {
        future::past(cx, as_of, &o.date);
    }
    if let Some(x) = &r.result {
        future::past(cx, as_of, &x.date);
    }
    if let Some(x) = &r.revisit {
        future::past(cx, as_of, &x.date);
    }
}

/// The policy dates of a compound within `rules.remind_days`: the joint
/// meeting of this even month when none is on file for that month, and the
/// year's evaluation by the end of December when it is not recorded.
/// Reminders are printed by `check` only: they are not compliance findings.
fn reminders(cx: &mut Cx, as_of: NaiveDate, rules: &Rules, c: &Compound, whole: Option<Loc>) {
    use chrono::Datelike;
    let ahead = chrono::Duration::days(i64::from(rules.remind_days));
    let (start, end) = policy::next_joint_window(as_of);
    let in_month = |d: NaiveDate| d.year() == end.year() && d.month() == end.month();
    if as_of + ahead >= start && !c.meetings.iter().any(|m| in_month(m.date)) {
        let month = end.month();
        cx.push(
            Diagnostic::warning(
                Code::RemindMeeting,
                whole,
                Text::new(
                    format!("{}：{month}月最后一周应召开联席会议，尚未安排", c.name),
                    format!("{}: a joint meeting is due in the last week of {} ({start} to {end}); none is scheduled", c.name, end.format("%B")),
                ),
            )
            .hint(Text::new(
                format!("在 meetings/ 下建 {start}.md 之类的会议文件（写 date、form、topics），会议页会列出建议议题。"),
                format!("Add a meeting file such as meetings/{start}.md (date, form, topics); its page lists suggested topics."),
            )),
        );
    }
    let year_end = NaiveDate::from_ymd_opt(as_of.year(), 12, 31).unwrap_or(as_of);
    if as_of + ahead >= year_end && !c.evaluations.iter().any(|e| e.year == as_of.year()) {
        let year = as_of.year();
        cx.push(
            Diagnostic::warning(
                Code::RemindEvaluation,
                whole,
                Text::new(
                    format!("{}：{year}年度评议考核应于12月底前完成，尚未记录", c.name),
                    format!("{}: the {year} evaluation is due by the end of December and is not recorded", c.name),
                ),
            )
            .hint(Text::new(
                format!("测评后写 evaluations/{year}.yaml。"),
                format!("Record it in evaluations/{year}.yaml."),
            )),
        );
    }
}

/// The monthly report by the 18th, once for the site, within `rules.remind_days`.
pub(super) fn site_reminders(cx: &mut Cx, as_of: NaiveDate, rules: &Rules, at: Option<Loc>) {
    use chrono::Datelike;
    let day = policy::next_report_day(as_of);
    if (day - as_of).num_days() > i64::from(rules.remind_days) {
        return;
    }
    cx.push(
        Diagnostic::warning(
            Code::RemindReport,
            at,
            Text::new(
                format!("{}月{}日前完成本月月度报送", day.month(), day.day()),
                format!("the monthly report is due by {day}"),
            ),
        )
        .hint(Text::new(
            "按制度每月18日前向街道报送本月三方联动工作情况。",
            "The policy asks for a monthly report to the street by the 18th.",
        )),
    );
}

/// A joint-meeting decision past its due date and not carried out (督办).
fn decisions_overdue(cx: &mut Cx, f: &mut Vec<Finding>, as_of: NaiveDate, c: &Compound, p: &LoadedCompound) {
    for m in &c.meetings {
        let Some(doc) = p.meetings.iter().find(|d| d.stem == m.stem) else { continue };
        // Model decisions are the raw ones that have a text, in order.
        let raws = doc.raw.decisions.iter().filter(|x| x.text.is_some());
        for (d, raw) in m.decisions.iter().zip(raws) {
            if d.state(&c.cases, as_of) != DecisionState::Overdue {
                continue;
            }
            let due = d.due.map(|x| x.to_string()).unwrap_or_default();
            finding(
                cx,
                f,
                Code::DecisionOverdue,
                Some(raw.due.as_ref().map_or(Loc::File(doc.file), |s| Loc::Span(s.span))),
                Text::new(
                    format!("{} 联席会议议定事项“{}”已逾期（应于 {due} 前完成），尚未落实", m.date, d.text),
                    format!("the decision “{}” of the {} joint meeting is overdue (due {due})", d.text, m.date),
                ),
                Text::new(
                    "落实后在这条议定事项里写 done: 落实日期（可加 note: 说明）；关联了问题（case）的，问题办结后自动算已落实。",
                    "Once carried out, add done: <date> (and note:); a decision linked to a case is done when the case is resolved.",
                ),
            );
        }
    }
}

/// Meetings held (with minutes) and notices reported lie in the past;
/// scheduled meetings, due dates and publishing days within a year.
fn meeting_and_notice_dates(cx: &mut Cx, as_of: NaiveDate, c: &Compound, p: &LoadedCompound) {
    for d in &p.meetings {
        let held = c.meetings.iter().find(|m| m.stem == d.stem).is_some_and(Meeting::has_minutes);
        if held {
            future::past(cx, as_of, &d.raw.date);
        } else {
            future::near(cx, as_of, &d.raw.date);
        }
        for x in &d.raw.decisions {
            future::past(cx, as_of, &x.done);
            future::near(cx, as_of, &x.due);
        }
    }
    for d in &p.notices {
        future::past(cx, as_of, &d.raw.reported);
        future::near(cx, as_of, &d.raw.published);
    }
}
