//! The compliance findings of the street grouped by rule, each with what it
//! is about, for the actionable compliance page. Case and notice findings
//! are recomputed here from the model's flags with the same conditions as
//! `validate::rules` (which keeps only their text), so that each can link
//! to its case or notice; every other finding comes from the model as is.

use crate::diag::Code;
use crate::model::{CaseStatus, Community, Compound, NoticeKind};

/// The rules, in the order the page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rule {
    Overdue,
    Stale,
    Revisit,
    Meetings,
    Pledges,
    NoticeReported,
    Rosters,
    EnvCommittee,
    MonthlyReport,
    Evaluation,
    Other,
}

impl Rule {
    pub(crate) const ALL: [Rule; 11] = [
        Rule::Overdue,
        Rule::Stale,
        Rule::Revisit,
        Rule::Meetings,
        Rule::Pledges,
        Rule::NoticeReported,
        Rule::Rosters,
        Rule::EnvCommittee,
        Rule::MonthlyReport,
        Rule::Evaluation,
        Rule::Other,
    ];

    /// The rule a finding's code belongs to; `None` for the codes this
    /// module recomputes itself.
    fn of_code(code: Code) -> Option<Rule> {
        Some(match code {
            Code::CaseOverdue | Code::CaseStale | Code::CaseRevisit | Code::RuleNoticeReported => return None,
            Code::RuleMeetingGap | Code::DecisionOverdue => Rule::Meetings,
            Code::RulePledges => Rule::Pledges,
            Code::RuleEnvMissing
            | Code::RuleEnvSize
            | Code::RuleEnvParty
            | Code::RuleEnvInspection
            | Code::RuleEnvChair
            | Code::RuleEnvConflict => Rule::EnvCommittee,
            Code::RuleOwnersMissing | Code::RuleOwnersParty | Code::RuleOwnersChair | Code::RulePartyPhone => {
                Rule::Rosters
            }
            Code::ReportDue | Code::ReportOverdue => Rule::MonthlyReport,
            Code::RuleEvaluationMissing | Code::RuleEvaluationDate => Rule::Evaluation,
            _ => Rule::Other,
        })
    }
}

/// What a finding is about, relative to its compound's (or community's) folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// The place's own page.
    Home,
    Case(String),
    Notice(String),
    /// A section of the compound: `meetings`, `pledges`.
    Section(&'static str),
    /// The community's monthly reports.
    Reports,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub rule: Rule,
    /// The case number the finding is about, shown before the text (kept
    /// apart so that it is not read as one number with the title's).
    pub case: Option<String>,
    pub text_zh: String,
    pub text_en: String,
    pub target: Target,
}

fn item(rule: Rule, zh: String, en: String, target: Target) -> Item {
    Item { rule, case: None, text_zh: zh, text_en: en, target }
}

fn case_item(rule: Rule, c: &crate::model::Case, zh: String, en: String) -> Item {
    Item { rule, case: Some(c.id.clone()), text_zh: zh, text_en: en, target: Target::Case(c.id.clone()) }
}

/// Every finding about one compound, by rule.
pub(crate) fn compound(p: &Compound, as_of: chrono::NaiveDate) -> Vec<Item> {
    let mut out = Vec::new();
    for c in &p.cases {
        if c.overdue {
            let days = c.due.map_or(0, |d| (as_of - d).num_days());
            let due = c.due.map(|d| d.to_string()).unwrap_or_default();
            out.push(case_item(
                Rule::Overdue,
                c,
                format!("{}：逾期 {days} 天（期限 {due}）", c.title),
                format!("{}: {days} days overdue (due {due})", c.title),
            ));
        }
        if c.stale {
            let days = (as_of - c.last_update).num_days();
            out.push(case_item(
                Rule::Stale,
                c,
                format!("{}：{days} 天没有更新进展", c.title),
                format!("{}: no update for {days} days", c.title),
            ));
        }
        if c.status == CaseStatus::Resolved && c.revisit.is_none() {
            out.push(case_item(
                Rule::Revisit,
                c,
                format!("{}：已办结，尚未回访", c.title),
                format!("{}: resolved, not revisited", c.title),
            ));
        }
    }
    // A scheduled notice is on `check` only, as the rule keeps it off the findings.
    for n in p.notices.iter().filter(|n| n.kind != NoticeKind::Other && n.is_published(as_of)) {
        let late = match n.reported {
            None => Some(("没有写提前报告日期", "no reported date")),
            Some(r) if r > n.published => Some(("报告日期晚于公示日期", "reported after publication")),
            Some(_) => None,
        };
        if let Some((zh, en)) = late {
            out.push(item(
                Rule::NoticeReported,
                format!("{}：{zh}", n.title),
                format!("{}: {en}", n.title),
                Target::Notice(n.stem.clone()),
            ));
        }
    }
    for f in &p.findings {
        if let Some(rule) = Rule::of_code(f.code) {
            let target = match rule {
                Rule::Meetings => Target::Section("meetings"),
                Rule::Pledges => Target::Section("pledges"),
                Rule::Evaluation => Target::Section("evaluations"),
                _ => Target::Home,
            };
            out.push(item(rule, f.text.zh.clone(), f.text.en.clone(), target));
        }
    }
    out.sort_by_key(|i| i.rule);
    out
}

/// The community's own findings (environment committee, monthly report, rosters).
pub(crate) fn community(c: &Community) -> Vec<Item> {
    let mut out: Vec<Item> = c
        .findings
        .iter()
        .map(|f| {
            let rule = Rule::of_code(f.code).unwrap_or(Rule::Other);
            let target = if rule == Rule::MonthlyReport { Target::Reports } else { Target::Home };
            item(rule, f.text.zh.clone(), f.text.en.clone(), target)
        })
        .collect();
    out.sort_by_key(|i| i.rule);
    out
}
