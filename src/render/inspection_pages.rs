//! The environment committee's ledger (台账), `<community>/inspections/`:
//! every inspection, newest first, with what was checked in which compound
//! and the cases its findings opened.

use serde::Serialize;

use super::views::Link;
use super::{OutFile, Renderer, markdown};
use crate::diag::Lang;
use crate::error::Error;
use crate::model::{Community, Compound};

/// The compound home's view with the latest inspection that covered it
/// (its page depends on the community's inspections: part of the render cache key).
#[derive(Debug, Serialize)]
pub(super) struct WithInspection<'a, T: Serialize> {
    #[serde(flatten)]
    pub home: &'a T,
    pub inspection: Option<LatestInspection>,
}

#[derive(Debug, Serialize)]
pub(super) struct LatestInspection {
    date: String,
    url: String,
    checked: Vec<&'static str>,
    /// This compound's findings only.
    findings: Vec<String>,
    l: &'static LedgerLabels,
}

#[derive(Debug, Serialize)]
struct FindingRow {
    compound: Link,
    item: Option<&'static str>,
    text: String,
    case: Option<Link>,
}

#[derive(Debug, Serialize)]
struct InspectionView {
    id: String,
    date: String,
    inspectors: Vec<String>,
    compounds: Vec<Link>,
    checked: Vec<&'static str>,
    findings: Vec<FindingRow>,
    body_html: String,
}

#[derive(Debug, Serialize)]
struct Ledger {
    community: String,
    committee: Vec<String>,
    inspections: Vec<InspectionView>,
    l: &'static LedgerLabels,
}

impl Renderer<'_> {
    pub(super) fn latest_inspection(&self, c: &Community, p: &Compound) -> Option<LatestInspection> {
        let i = crate::report::inspection::latest(&c.inspections, &p.slug)?;
        Some(LatestInspection {
            date: self.view.date(i.date),
            url: format!("../inspections/#m{}", i.month),
            checked: i.checked.iter().map(|x| x.label(self.view.lang)).collect(),
            findings: i.findings.iter().filter(|f| f.compound == p.slug).map(|f| f.text.clone()).collect(),
            l: ledger_labels(self.view.lang),
        })
    }

    pub(super) fn inspection_ledger(&self, c: &Community) -> Result<OutFile, Error> {
        let v = &self.view;
        let compound = |slug: &str| Link {
            title: c.compounds.iter().find(|p| p.slug == slug).map_or_else(|| slug.to_string(), |p| p.name.clone()),
            url: format!("../{slug}/"),
        };
        let inspections = c
            .inspections
            .iter()
            .rev()
            .map(|i| InspectionView {
                id: i.month.to_string(),
                date: v.date(i.date),
                inspectors: i.inspectors.clone(),
                compounds: i.compounds.iter().map(|s| compound(s)).collect(),
                checked: i.checked.iter().map(|x| x.label(v.lang)).collect(),
                findings: i
                    .findings
                    .iter()
                    .map(|f| FindingRow {
                        compound: compound(&f.compound),
                        item: f.item.map(|x| x.label(v.lang)),
                        text: f.text.clone(),
                        case: f
                            .case
                            .as_ref()
                            .map(|id| Link { title: id.clone(), url: format!("../{}/cases/{id}/", f.compound) }),
                    })
                    .collect(),
                body_html: markdown::to_html(&i.body, "../"),
            })
            .collect();
        let view = Ledger {
            community: c.name.clone(),
            committee: c
                .env_committee
                .iter()
                .flat_map(|r| r.members.iter().map(|p| format!("{}（{}）", p.name, p.position)))
                .collect(),
            inspections,
            l: ledger_labels(v.lang),
        };
        let crumbs = vec![self.portal_link("../../"), Link { title: c.name.clone(), url: "../".into() }];
        self.page("inspections.html", format!("{}/inspections/index.html", c.slug), crumbs, view)
    }
}

#[derive(Debug, Serialize)]
pub(super) struct LedgerLabels {
    title: &'static str,
    committee: &'static str,
    date: &'static str,
    inspectors: &'static str,
    compounds: &'static str,
    checked: &'static str,
    findings: &'static str,
    item: &'static str,
    finding: &'static str,
    case: &'static str,
    none: &'static str,
    latest: &'static str,
    ledger: &'static str,
    no_findings: &'static str,
}

fn ledger_labels(lang: Lang) -> &'static LedgerLabels {
    match lang {
        Lang::Zh => &LEDGER_ZH,
        Lang::En => &LEDGER_EN,
    }
}

static LEDGER_ZH: LedgerLabels = LedgerLabels {
    title: "环境和物业管理委员会工作台账",
    committee: "委员会成员",
    date: "检查日期",
    inspectors: "检查人",
    compounds: "检查小区",
    checked: "检查内容",
    findings: "发现的问题",
    item: "类别",
    finding: "情况",
    case: "转办问题",
    none: "还没有检查记录。",
    latest: "环物委最近一次检查",
    ledger: "环物委工作台账",
    no_findings: "未发现问题。",
};

static LEDGER_EN: LedgerLabels = LedgerLabels {
    title: "Environment and property committee: inspection ledger",
    committee: "Members",
    date: "Date",
    inspectors: "Inspectors",
    compounds: "Compounds",
    checked: "Checked",
    findings: "Findings",
    item: "Area",
    finding: "Finding",
    case: "Case opened",
    none: "No inspection recorded yet.",
    latest: "Latest inspection by the environment committee",
    ledger: "Inspection ledger",
    no_findings: "Nothing found.",
};
