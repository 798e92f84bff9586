//! The compliance page, `compliance/index.html`: a summary table first (one
//! row per community and compound, one column per rule, counts), then the
//! findings of each place grouped by rule inside a collapsed `<details>`,
//! each linking to its case, notice, meeting list or page. Usable at 100
//! compounds and without JavaScript.

use serde::Serialize;

use super::{OutFile, Renderer};
use crate::diag::Lang;
use crate::error::Error;
use crate::report::compliance::{self, Item, Rule, Target};

#[derive(Debug, Serialize)]
struct RuleView {
    key: &'static str,
    label: &'static str,
}

#[derive(Debug, Serialize)]
struct ItemView {
    /// The case number, when the finding is about a case.
    case: Option<String>,
    text: String,
    url: String,
}

#[derive(Debug, Serialize)]
struct GroupView {
    rule: &'static str,
    items: Vec<ItemView>,
}

#[derive(Debug, Serialize)]
struct PlaceView {
    name: String,
    url: String,
    /// The anchor of its details.
    id: String,
    /// `community` or `compound`.
    level: &'static str,
    counts: Vec<usize>,
    total: usize,
    groups: Vec<GroupView>,
}

#[derive(Debug, Serialize)]
struct ComplianceView {
    rules: Vec<RuleView>,
    totals: Vec<usize>,
    total: usize,
    places: Vec<PlaceView>,
    l: &'static ComplianceLabels,
}

impl Renderer<'_> {
    pub(super) fn compliance_page(&self) -> Result<OutFile, Error> {
        let lang = self.view.lang;
        let mut places = Vec::new();
        for c in &self.site.communities {
            let base = format!("../{}/", c.slug);
            places.push(self.place(
                c.name.clone(),
                base.clone(),
                c.slug.clone(),
                "community",
                compliance::community(c),
            ));
            for p in &c.compounds {
                let items = compliance::compound(p, self.site.as_of);
                let name = format!("{} · {}", c.name, p.name);
                places.push(self.place(
                    name,
                    format!("{base}{}/", p.slug),
                    format!("{}-{}", c.slug, p.slug),
                    "compound",
                    items,
                ));
            }
        }
        let mut totals = vec![0; Rule::ALL.len()];
        for p in &places {
            for (t, n) in totals.iter_mut().zip(&p.counts) {
                *t += n;
            }
        }
        let view = ComplianceView {
            rules: Rule::ALL.iter().map(|r| RuleView { key: rule_key(*r), label: rule_label(*r, lang) }).collect(),
            total: totals.iter().sum(),
            totals,
            places,
            l: compliance_labels(lang),
        };
        self.page("compliance.html", "compliance/index.html".into(), vec![self.portal_link("../")], view)
    }

    fn place(&self, name: String, url: String, id: String, level: &'static str, items: Vec<Item>) -> PlaceView {
        let lang = self.view.lang;
        let month = crate::report::Month::of(self.site.as_of);
        let mut counts = vec![0; Rule::ALL.len()];
        let mut groups: Vec<GroupView> = Vec::new();
        for i in items {
            let at = Rule::ALL.iter().position(|r| *r == i.rule).unwrap_or(Rule::ALL.len() - 1);
            counts[at] += 1;
            let link = match &i.target {
                Target::Home => url.clone(),
                Target::Case(id) => format!("{url}cases/{id}/"),
                Target::Notice(stem) => format!("{url}notices/{stem}/"),
                Target::Section(s) => format!("{url}{s}/"),
                Target::Reports => format!("{url}reports/{month}/"),
            };
            let text = match lang {
                Lang::Zh => i.text_zh,
                Lang::En => i.text_en,
            };
            let label = rule_label(i.rule, lang);
            let view = ItemView { case: i.case, text, url: link };
            match groups.last_mut() {
                Some(g) if g.rule == label => g.items.push(view),
                _ => groups.push(GroupView { rule: label, items: vec![view] }),
            }
        }
        PlaceView { name, url, id, level, total: counts.iter().sum(), counts, groups }
    }
}

fn rule_key(r: Rule) -> &'static str {
    match r {
        Rule::Overdue => "overdue",
        Rule::Stale => "stale",
        Rule::Revisit => "revisit",
        Rule::Meetings => "meetings",
        Rule::Pledges => "pledges",
        Rule::NoticeReported => "notice-reported",
        Rule::Rosters => "rosters",
        Rule::EnvCommittee => "env-committee",
        Rule::MonthlyReport => "monthly-report",
        Rule::Evaluation => "evaluation",
        Rule::Other => "other",
    }
}

fn rule_label(r: Rule, lang: Lang) -> &'static str {
    let (zh, en) = match r {
        Rule::Overdue => ("逾期", "Overdue"),
        Rule::Stale => ("久未更新", "No update"),
        Rule::Revisit => ("未回访", "Not revisited"),
        Rule::Meetings => ("联席会议", "Joint meetings"),
        Rule::Pledges => ("承诺", "Pledges"),
        Rule::NoticeReported => ("重大事项未提前报告", "Major matter not reported first"),
        Rule::Rosters => ("名册", "Rosters"),
        Rule::EnvCommittee => ("环物委", "Environment committee"),
        Rule::MonthlyReport => ("月度报告", "Monthly report"),
        Rule::Evaluation => ("评议", "Evaluation"),
        Rule::Other => ("其他", "Other"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

#[derive(Debug, Serialize)]
pub(super) struct ComplianceLabels {
    title: &'static str,
    lead_in: &'static str,
    place: &'static str,
    total: &'static str,
    street_total: &'static str,
    details: &'static str,
    none: &'static str,
}

fn compliance_labels(lang: Lang) -> &'static ComplianceLabels {
    match lang {
        Lang::Zh => &COMPLIANCE_ZH,
        Lang::En => &COMPLIANCE_EN,
    }
}

static COMPLIANCE_ZH: ComplianceLabels = ComplianceLabels {
    title: "合规情况",
    lead_in: "按政策检查的提示，先看汇总表，再展开各社区、小区的明细；每条提示都链接到对应的问题、公示或页面。",
    place: "社区 / 小区",
    total: "合计",
    street_total: "全街道",
    details: "明细",
    none: "没有合规提示。",
};

static COMPLIANCE_EN: ComplianceLabels = ComplianceLabels {
    title: "Compliance",
    lead_in: "The policy's checks: the summary first, then each community's and compound's findings by rule, each linked to its case, notice or page.",
    place: "Community / compound",
    total: "Total",
    street_total: "Street",
    details: "Details",
    none: "No findings.",
};
