//! The register of open cases: `cases/index.html` for the street and
//! `<community>/cases/index.html`, worst first, plain tables that work
//! without JavaScript; and the case CSVs, `cases.csv` for the street and
//! `<community>/<compound>/cases.csv`, every case with its public fields.

use serde::Serialize;

use super::views::{Link, Viewer};
use super::{Emit, OutFile, Renderer};
use crate::diag::Lang;
use crate::error::Error;
use crate::model::{Community, Compound};
use crate::report::csv;
use crate::report::register::{self, Entry};

/// The columns of every case CSV. Dates are ISO 8601 (`2026-11-27`).
pub(super) const CSV_HEADER: [&str; 17] = [
    "社区",
    "小区",
    "编号",
    "标题",
    "类型",
    "分类",
    "受理日期",
    "牵头方",
    "办结期限",
    "状态",
    "在办",
    "逾期天数",
    "最后更新",
    "办结日期",
    "办理结果",
    "回访满意度",
    "链接",
];

#[derive(Debug, Serialize)]
struct RegisterRow {
    community: Link,
    compound: Link,
    id: String,
    title: String,
    url: String,
    lead: String,
    status: String,
    status_key: &'static str,
    due: Option<String>,
    days_overdue: i64,
    last_update: String,
    days_idle: i64,
}

#[derive(Debug, Serialize)]
struct RegisterView {
    /// The community's name on its own register; `None` on the street's.
    community: Option<String>,
    rows: Vec<RegisterRow>,
    overdue: usize,
    csv: Option<String>,
    l: &'static RegisterLabels,
}

impl Renderer<'_> {
    /// The street's and every community's register, and the street's CSV.
    pub(super) fn registers(&self, out: &mut Emit) -> Result<(), Error> {
        let street = register::open(self.site, None);
        out(self.register_page(None, &street, "cases/index.html".into(), vec![self.portal_link("../")])?)?;
        for c in &self.site.communities {
            let entries = register::open(self.site, Some(c));
            let crumbs = vec![self.portal_link("../../"), Link { title: c.name.clone(), url: "../".into() }];
            out(self.register_page(Some(c), &entries, format!("{}/cases/index.html", c.slug), crumbs)?)?;
        }
        let pairs = self.site.communities.iter().flat_map(|c| c.compounds.iter().map(move |p| (c, &**p)));
        let all = register::all(pairs, self.site.as_of);
        out(OutFile::bytes("cases.csv", cases_csv(&self.view, &self.site.settings.base_url, &all)))
    }

    fn register_page(
        &self,
        community: Option<&Community>,
        entries: &[Entry],
        path: String,
        crumbs: Vec<Link>,
    ) -> Result<OutFile, Error> {
        let v = &self.view;
        let up = "../".repeat(path.matches('/').count());
        let rows: Vec<RegisterRow> = entries
            .iter()
            .map(|e| {
                let dir = format!("{up}{}/{}/", e.community.slug, e.compound.slug);
                RegisterRow {
                    community: Link { title: e.community.name.clone(), url: format!("{up}{}/", e.community.slug) },
                    compound: Link { title: e.compound.name.clone(), url: dir.clone() },
                    id: e.case.id.clone(),
                    title: e.case.title.clone(),
                    url: format!("{dir}cases/{}/", e.case.id),
                    lead: e.case.lead.label(v.lang).to_string(),
                    status: e.case.status.label(v.lang).to_string(),
                    status_key: e.case.status.key(),
                    due: e.case.due.map(|d| v.date(d)),
                    days_overdue: e.days_overdue,
                    last_update: v.date(e.case.last_update),
                    days_idle: e.days_idle,
                }
            })
            .collect();
        let view = RegisterView {
            community: community.map(|c| c.name.clone()),
            overdue: rows.iter().filter(|r| r.days_overdue > 0).count(),
            rows,
            csv: community.is_none().then(|| "../cases.csv".to_string()),
            l: register_labels(v.lang),
        };
        self.page("register.html", path, crumbs, view)
    }
}

/// Every case of one compound, for its folder: `<community>/<compound>/cases.csv`.
pub(super) fn compound_csv(v: &Viewer, base_url: &str, c: &Community, p: &Compound, dir: &str) -> OutFile {
    let all = register::all(std::iter::once((c, p)), v.as_of);
    OutFile::bytes(format!("{dir}/cases.csv"), cases_csv(v, base_url, &all))
}

fn cases_csv(v: &Viewer, base_url: &str, entries: &[Entry]) -> Vec<u8> {
    let iso = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let c = e.case;
            vec![
                e.community.name.clone(),
                e.compound.name.clone(),
                c.id.clone(),
                c.title.clone(),
                c.kind.label(v.lang).to_string(),
                c.category.clone().unwrap_or_default(),
                iso(Some(c.received)),
                c.lead.label(v.lang).to_string(),
                iso(c.due),
                c.status.label(v.lang).to_string(),
                if c.status.is_open() { "是" } else { "否" }.to_string(),
                e.days_overdue.to_string(),
                iso(Some(c.last_update)),
                iso(c.result.as_ref().map(|r| r.date)),
                c.result.as_ref().map(|r| r.outcome.label(v.lang).to_string()).unwrap_or_default(),
                c.revisit.as_ref().map(|r| r.satisfaction.label(v.lang).to_string()).unwrap_or_default(),
                format!("{base_url}/{}/{}/cases/{}/", e.community.slug, e.compound.slug, c.id),
            ]
        })
        .collect();
    csv::to_bytes(&CSV_HEADER, &rows)
}

#[derive(Debug, Serialize)]
pub(super) struct RegisterLabels {
    title: &'static str,
    lead_in: &'static str,
    community: &'static str,
    compound: &'static str,
    case: &'static str,
    lead: &'static str,
    status: &'static str,
    due: &'static str,
    days_overdue: &'static str,
    last_update: &'static str,
    days: &'static str,
    none: &'static str,
    overdue_count: &'static str,
    csv: &'static str,
}

fn register_labels(lang: Lang) -> &'static RegisterLabels {
    match lang {
        Lang::Zh => &REGISTER_ZH,
        Lang::En => &REGISTER_EN,
    }
}

static REGISTER_ZH: RegisterLabels = RegisterLabels {
    title: "在办问题台账",
    lead_in: "全部未办结的问题，逾期最久的在前；逾期天数相同的，久未更新的在前。",
    community: "社区",
    compound: "小区",
    case: "问题",
    lead: "牵头方",
    status: "状态",
    due: "办结期限",
    days_overdue: "逾期天数",
    last_update: "最后更新",
    days: "天前",
    none: "没有在办的问题。",
    overdue_count: "件已逾期",
    csv: "下载全部问题（CSV，可用 Excel 打开）",
};

static REGISTER_EN: RegisterLabels = RegisterLabels {
    title: "Register of open cases",
    lead_in: "Every open case, the most overdue first; among equals, the longest without an update first.",
    community: "Community",
    compound: "Compound",
    case: "Case",
    lead: "Lead",
    status: "Status",
    due: "Due",
    days_overdue: "Days overdue",
    last_update: "Last update",
    days: "days ago",
    none: "No open case.",
    overdue_count: "overdue",
    csv: "Download every case (CSV, opens in Excel)",
};
