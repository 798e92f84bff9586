//! The monthly report to the street office: for every month of the as-of
//! year, a community report (A4, one compound per sheet, the narrative and
//! a 落款), the street roll-up and its CSV, and an index of the months.
//! The figures come from `report::figures`; this file only lays them out.

use serde::Serialize;

use super::views::Link;
use super::{Emit, OutFile, Renderer, markdown};
use crate::diag::Lang;
use crate::error::Error;
use crate::model::{Community, Compound};
use crate::report::figures::{self, Figures, rate};
use crate::report::{Month, Narrative, csv};

/// The exact first columns the street office's workbook expects (issue 12).
pub(super) const CSV_HEADER: [&str; 9] =
    ["社区", "小区", "本月受理", "本月办结", "按期办结", "在办", "逾期未办结", "吹哨上报", "联席会议次数"];
/// Extra columns after the fixed ones.
const CSV_EXTRA: [&str; 7] =
    ["回访满意", "回访基本满意", "回访不满意", "回访未评价", "发布公示", "重大事项公示", "重大事项提前报告"];

/// One row of a figures table: a compound, or a community's or the street's total.
#[derive(Debug, Serialize)]
struct Row {
    name: String,
    /// The compound's page, or the community's report.
    url: Option<String>,
    /// `compound`, `community` or `street`.
    level: &'static str,
    f: Figures,
    on_time: String,
    reported: String,
    revisits: usize,
    satisfied: String,
}

impl Row {
    fn new(name: String, url: Option<String>, level: &'static str, f: Figures) -> Row {
        Row {
            name,
            url,
            level,
            on_time: rate(f.on_time, f.resolved),
            reported: rate(f.reported_in_advance, f.major_notices),
            revisits: f.revisits(),
            satisfied: rate(f.revisit_satisfied + f.revisit_basic, f.revisits()),
            f,
        }
    }
}

/// A compound's sheet in its community's report.
#[derive(Debug, Serialize)]
struct Sheet {
    slug: String,
    row: Row,
    /// Open and past due at the cutoff, worst first.
    overdue: Vec<OverdueCase>,
}

#[derive(Debug, Serialize)]
struct OverdueCase {
    id: String,
    title: String,
    url: String,
    due: String,
    days: i64,
}

#[derive(Debug, Serialize)]
struct StreetReport<'a> {
    month: String,
    title: String,
    cutoff: String,
    communities: Vec<Vec<Row>>,
    total: Row,
    csv: &'a str,
    l: &'static ReportLabels,
}

#[derive(Debug, Serialize)]
struct CommunityReport {
    month: String,
    title: String,
    community: String,
    cutoff: String,
    total: Row,
    rows: Vec<Row>,
    sheets: Vec<Sheet>,
    /// Rendered Markdown of the narrative, if the community wrote one.
    body_html: Option<String>,
    submitted: Option<String>,
    l: &'static ReportLabels,
}

#[derive(Debug, Serialize)]
struct MonthLinks {
    month: String,
    title: String,
    street: String,
    csv: String,
    communities: Vec<Link>,
}

#[derive(Debug, Serialize)]
struct ReportIndex {
    months: Vec<MonthLinks>,
    l: &'static ReportLabels,
}

impl Renderer<'_> {
    /// Every report file of the as-of year.
    pub(super) fn reports(&self, out: &mut Emit) -> Result<(), Error> {
        let as_of = self.site.as_of;
        let l = report_labels(self.view.lang);
        let mut index = Vec::new();
        for month in Month::year_to(as_of).into_iter().rev() {
            let title = self.month_title(month);
            let cutoff = self.view.date(month.cutoff(as_of));
            let mut street_total = Figures::default();
            let mut communities = Vec::new();
            let mut csv_rows: Vec<Vec<String>> = Vec::new();
            for c in &self.site.communities {
                let figs: Vec<Figures> = c.compounds.iter().map(|p| figures::compound(p, month, as_of)).collect();
                let mut total = Figures::default();
                let mut rows = Vec::new();
                for (p, f) in c.compounds.iter().zip(&figs) {
                    total += *f;
                    csv_rows.push(csv_row(&c.name, &p.name, f));
                    rows.push(Row::new(p.name.clone(), Some(format!("../../{}/{}/", c.slug, p.slug)), "compound", *f));
                }
                street_total += total;
                rows.push(Row::new(
                    c.name.clone(),
                    Some(format!("../../{}/reports/{month}/", c.slug)),
                    "community",
                    total,
                ));
                communities.push(rows);
                out(self.community_report(c, month, &figs, total)?)?;
            }
            let dir = format!("reports/{month}");
            out(OutFile::bytes(format!("{dir}/report.csv"), csv::to_bytes(&csv_header(), &csv_rows)))?;
            let street = StreetReport {
                month: month.to_string(),
                title: title.clone(),
                cutoff,
                communities,
                total: Row::new(self.site.settings.street.clone(), None, "street", street_total),
                csv: "report.csv",
                l,
            };
            let crumbs = vec![self.portal_link("../../"), Link { title: l.reports.to_string(), url: "../".into() }];
            out(self.page("reports/street.html", format!("{dir}/index.html"), crumbs, street)?)?;
            index.push(MonthLinks {
                month: month.to_string(),
                title,
                street: format!("{month}/"),
                csv: format!("{month}/report.csv"),
                communities: self
                    .site
                    .communities
                    .iter()
                    .map(|c| Link { title: c.name.clone(), url: format!("../{}/reports/{month}/", c.slug) })
                    .collect(),
            });
        }
        let crumbs = vec![self.portal_link("../")];
        out(self.page("reports/index.html", "reports/index.html".into(), crumbs, ReportIndex { months: index, l })?)?;
        Ok(())
    }

    fn community_report(
        &self,
        c: &Community,
        month: Month,
        figs: &[Figures],
        total: Figures,
    ) -> Result<OutFile, Error> {
        let l = report_labels(self.view.lang);
        let cutoff = month.cutoff(self.site.as_of);
        let narrative: Option<&Narrative> = c.reports.iter().find(|n| n.month == month);
        let rows: Vec<Row> = c
            .compounds
            .iter()
            .zip(figs)
            .map(|(p, f)| Row::new(p.name.clone(), Some(format!("#{}", p.slug)), "compound", *f))
            .collect();
        let sheets = c
            .compounds
            .iter()
            .zip(figs)
            .map(|(p, f)| Sheet {
                slug: p.slug.clone(),
                row: Row::new(p.name.clone(), Some(format!("../../{}/", p.slug)), "compound", *f),
                overdue: self.overdue_at(p, cutoff, &format!("../../{}/", p.slug)),
            })
            .collect();
        let view = CommunityReport {
            month: month.to_string(),
            title: self.month_title(month),
            community: c.name.clone(),
            cutoff: self.view.date(cutoff),
            total: Row::new(c.name.clone(), None, "community", total),
            rows,
            sheets,
            body_html: narrative.map(|n| markdown::to_html(&n.body, "../../")),
            submitted: narrative.and_then(|n| n.submitted).map(|d| self.view.date(d)),
            l,
        };
        let crumbs = vec![
            self.portal_link("../../../"),
            Link { title: c.name.clone(), url: "../../".into() },
            Link { title: l.reports.to_string(), url: format!("../../../reports/{month}/") },
        ];
        self.page("reports/community.html", format!("{}/reports/{month}/index.html", c.slug), crumbs, view)
    }

    /// Cases open and past their due date at `cutoff`, most overdue first.
    fn overdue_at(&self, p: &Compound, cutoff: chrono::NaiveDate, base: &str) -> Vec<OverdueCase> {
        let mut list: Vec<(i64, OverdueCase)> = p
            .cases
            .iter()
            .filter(|c| figures::open_at(c, cutoff))
            .filter_map(|c| {
                let due = c.due.filter(|d| *d < cutoff)?;
                let days = (cutoff - due).num_days();
                Some((
                    days,
                    OverdueCase {
                        id: c.id.clone(),
                        title: c.title.clone(),
                        url: format!("{base}cases/{}/", c.id),
                        due: self.view.date(due),
                        days,
                    },
                ))
            })
            .collect();
        list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        list.into_iter().map(|(_, c)| c).collect()
    }

    fn month_title(&self, m: Month) -> String {
        match self.view.lang {
            Lang::Zh => format!("{}年{}月", m.year, m.month),
            Lang::En => m.to_string(),
        }
    }
}

fn csv_header() -> Vec<&'static str> {
    CSV_HEADER.iter().chain(CSV_EXTRA.iter()).copied().collect()
}

fn csv_row(community: &str, compound: &str, f: &Figures) -> Vec<String> {
    let mut row = vec![community.to_string(), compound.to_string()];
    row.extend(
        [
            f.received,
            f.resolved,
            f.on_time,
            f.open,
            f.overdue,
            f.escalated,
            f.meetings,
            f.revisit_satisfied,
            f.revisit_basic,
            f.revisit_unsatisfied,
            f.revisit_none,
            f.notices,
            f.major_notices,
            f.reported_in_advance,
        ]
        .iter()
        .map(usize::to_string),
    );
    row
}

/// The words of the report pages, in the site's language.
#[derive(Debug, Serialize)]
pub(super) struct ReportLabels {
    reports: &'static str,
    report_title: &'static str,
    street_title: &'static str,
    cutoff: &'static str,
    compound: &'static str,
    received: &'static str,
    resolved: &'static str,
    on_time: &'static str,
    open: &'static str,
    overdue: &'static str,
    escalated: &'static str,
    meetings: &'static str,
    revisits: &'static str,
    satisfied: &'static str,
    notices: &'static str,
    reported: &'static str,
    total: &'static str,
    street_total: &'static str,
    csv: &'static str,
    definitions: &'static str,
    defs: [&'static str; 9],
    overdue_cases: &'static str,
    overdue_none: &'static str,
    due: &'static str,
    days_overdue: &'static str,
    narrative: &'static str,
    narrative_none: &'static str,
    signed: &'static str,
    submitted: &'static str,
    not_submitted: &'static str,
    summary: &'static str,
    month: &'static str,
    street: &'static str,
    communities: &'static str,
}

fn report_labels(lang: Lang) -> &'static ReportLabels {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

static ZH: ReportLabels = ReportLabels {
    reports: "月度报告",
    report_title: "“三方联动”机制工作进展月报",
    street_title: "“三方联动”机制工作进展汇总",
    cutoff: "截至",
    compound: "小区",
    received: "本月受理",
    resolved: "本月办结",
    on_time: "按期办结",
    open: "在办",
    overdue: "逾期未办结",
    escalated: "吹哨上报",
    meetings: "联席会议次数",
    revisits: "回访",
    satisfied: "满意及基本满意",
    notices: "发布公示",
    reported: "重大事项提前报告",
    total: "合计",
    street_total: "街道合计",
    csv: "下载表格（CSV，可用 Excel 打开）",
    definitions: "口径说明",
    defs: [
        "本月受理：受理日期（received）在本月的问题数。",
        "本月办结：办理结果日期（result.date）在本月的问题数。",
        "按期办结：本月办结中，办结日期不晚于现行办结期限（最后一次 due，含延期）的问题数；未定期限的问题计为按期。比率旁注明件数。",
        "在办：截至统计日（月末；当月为截至日期）已受理、尚无办理结果的问题数；办结后又重新办理（reopened）的问题，自重新办理之日起计为在办。",
        "逾期未办结：在办问题中，办结期限早于统计日的问题数（暂缓办理的也计入，与问题页面的“已逾期”不同）。",
        "吹哨上报：本月有“已上报”（escalated）进展的问题数。",
        "联席会议次数：本月召开的三方联席会议次数。",
        "回访：回访日期在本月的问题（未写回访日期的，按办结日期计），按满意度分列。",
        "重大事项提前报告：本月发布的重大事项公示（“其他”类除外）中，报告日期不晚于公示日期的件数。",
    ],
    overdue_cases: "逾期未办结的问题",
    overdue_none: "没有逾期未办结的问题。",
    due: "办结期限",
    days_overdue: "逾期天数",
    narrative: "工作情况",
    narrative_none: "本月尚未填写工作情况（经验做法、困难问题、下月计划）。",
    signed: "落款",
    submitted: "报送日期",
    not_submitted: "尚未报送",
    summary: "各小区情况",
    month: "月份",
    street: "街道汇总",
    communities: "各社区月报",
};

static EN: ReportLabels = ReportLabels {
    reports: "Monthly reports",
    report_title: "Monthly progress report of the three-party mechanism",
    street_title: "Street summary of the three-party mechanism",
    cutoff: "As of",
    compound: "Compound",
    received: "Received",
    resolved: "Resolved",
    on_time: "On time",
    open: "Open",
    overdue: "Overdue",
    escalated: "Escalated",
    meetings: "Joint meetings",
    revisits: "Revisits",
    satisfied: "Satisfied or mostly",
    notices: "Notices",
    reported: "Major notices reported in advance",
    total: "Total",
    street_total: "Street total",
    csv: "Download the table (CSV, opens in Excel)",
    definitions: "Definitions",
    defs: [
        "Received: cases whose received date is in the month.",
        "Resolved: cases whose result date is in the month.",
        "On time: of those, results dated on or before the due date in force (the last due, extensions included); a case without a due date counts as on time. Counts beside every rate.",
        "Open: received by the cutoff (month end; the as-of date in the running month) and without a result by then; a case reopened after its result is open again from the day it was reopened.",
        "Overdue: open cases whose due date is before the cutoff (suspended ones included, unlike the case pages' overdue mark).",
        "Escalated: cases with an escalated update in the month.",
        "Joint meetings: joint meetings held in the month.",
        "Revisits: revisits dated in the month (undated ones by their result date), by satisfaction.",
        "Major notices reported in advance: of the month's major notices (all but 'other'), those reported on or before publication.",
    ],
    overdue_cases: "Overdue cases",
    overdue_none: "No overdue case.",
    due: "Due",
    days_overdue: "Days overdue",
    narrative: "Work report",
    narrative_none: "No narrative written for this month yet.",
    signed: "Signed",
    submitted: "Submitted",
    not_submitted: "Not submitted yet",
    summary: "Compounds",
    month: "Month",
    street: "Street summary",
    communities: "Community reports",
};
