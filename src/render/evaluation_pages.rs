//! The December evaluation's evidence: on each compound's
//! `evaluations/index.html`, the record of the three parties for every
//! year with an evaluation and the running one, beside the results; and
//! `evaluations/<year>/index.html`, all compounds compared and each
//! property company taken across the compounds it serves.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use super::compound_pages::{CompoundFrame, ItemPage};
use super::views::{EvaluationView, Link};
use super::{OutFile, Renderer};
use crate::diag::Lang;
use crate::error::Error;
use crate::model::{Community, Compound, Party, Site};
use crate::report::evidence::{self, Evidence, MEETINGS_REQUIRED, PartyEvidence, rate};

/// One line of an evidence table: a measure and its value per party.
#[derive(Debug, Serialize)]
struct Measure {
    label: &'static str,
    cells: Vec<String>,
}

#[derive(Debug, Serialize)]
struct EvidenceView {
    cutoff: String,
    parties: Vec<&'static str>,
    measures: Vec<Measure>,
    meetings: String,
    notices: String,
}

#[derive(Debug, Serialize)]
struct YearView {
    year: i32,
    evidence: Option<EvidenceView>,
    result: Option<EvaluationView>,
    process: Option<ProcessView>,
}

/// The results' way from the meeting to the street's circular.
#[derive(Debug, Serialize)]
struct ProcessView {
    publicity: Option<String>,
    /// The results are in their public notice period on the as-of date.
    in_publicity: bool,
    objections: Option<String>,
    approved: Option<String>,
    circulated: Option<String>,
}

#[derive(Debug, Serialize)]
struct CompoundEvaluations {
    years: Vec<YearView>,
    street_urls: Vec<Link>,
    l: &'static EvidenceLabels,
}

#[derive(Debug, Serialize)]
struct CompareRow {
    name: String,
    url: String,
    company: String,
    /// Per party: "按期 a/b（c%）· 在办 n".
    parties: Vec<String>,
    meetings: String,
    scores: Vec<String>,
}

#[derive(Debug, Serialize)]
struct CompanyRow {
    name: String,
    compounds: Vec<Link>,
    measures: Vec<String>,
}

#[derive(Debug, Serialize)]
struct StreetEvaluations {
    year: i32,
    cutoff: String,
    rows: Vec<CompareRow>,
    companies: Vec<CompanyRow>,
    /// The three parties' column heads.
    parties: [&'static str; 3],
    measure_labels: Vec<&'static str>,
    l: &'static EvidenceLabels,
}

/// Every year shown: the running year and each year someone was evaluated, newest first.
fn years<'a>(as_of: chrono::NaiveDate, compounds: impl Iterator<Item = &'a Compound>) -> Vec<i32> {
    let mut ys: Vec<i32> = compounds.flat_map(|p| p.evaluations.iter().map(|e| e.year)).collect();
    ys.push(as_of.year());
    ys.retain(|y| *y <= as_of.year());
    ys.sort_unstable_by(|a, b| b.cmp(a));
    ys.dedup();
    ys
}

fn all_compounds(site: &Site) -> impl Iterator<Item = (&Community, &Compound)> {
    site.communities.iter().flat_map(|c| c.compounds.iter().map(move |p| (c, &**p)))
}

fn median(e: &PartyEvidence) -> String {
    e.median_days().map_or_else(|| "—".to_string(), |m| format!("{m}"))
}

fn measures(l: &'static EvidenceLabels, cols: &[&PartyEvidence]) -> Vec<Measure> {
    let m = |label, f: &dyn Fn(&PartyEvidence) -> String| Measure { label, cells: cols.iter().map(|e| f(e)).collect() };
    vec![
        m(l.led, &|e| e.led.to_string()),
        m(l.resolved, &|e| rate(e.resolved, e.led)),
        m(l.on_time, &|e| rate(e.on_time, e.resolved)),
        m(l.median, &median),
        m(l.open, &|e| e.open.to_string()),
        m(l.overdue, &|e| e.overdue.to_string()),
        m(l.revisits, &|e| {
            format!(
                "{} {} · {} {} · {} {} · {} {}",
                l.satisfied, e.satisfied, l.basic, e.basic, l.unsatisfied, e.unsatisfied, l.no_rating, e.no_rating
            )
        }),
        m(l.pledges, &|e| {
            format!(
                "{} {} · {} {} · {} {}（{} {}）",
                l.fulfilled, e.fulfilled, l.partial, e.partial, l.unfulfilled, e.unfulfilled, l.of, e.pledges
            )
        }),
    ]
}

impl Renderer<'_> {
    fn evidence_view(&self, e: &Evidence) -> EvidenceView {
        let l = evidence_labels(self.view.lang);
        let cols: Vec<&PartyEvidence> = e.parties.iter().map(|(_, x)| x).collect();
        EvidenceView {
            cutoff: self.view.date(e.cutoff),
            parties: e.parties.iter().map(|(p, _)| p.label(self.view.lang)).collect(),
            measures: measures(l, &cols),
            meetings: format!("{}/{MEETINGS_REQUIRED}", e.meetings),
            notices: format!("{}/{}", e.reported_in_advance, e.major_notices),
        }
    }

    /// The compound's `evaluations/index.html`.
    pub(super) fn compound_evaluations(
        &self,
        p: &Compound,
        frame: &CompoundFrame,
        dir: &str,
        crumbs: Vec<Link>,
    ) -> Result<OutFile, Error> {
        let as_of = self.site.as_of;
        // This compound's years only: its pages depend on its own files (the render cache's rule).
        let own = years(as_of, std::iter::once(p));
        let street_urls =
            own.iter().map(|y| Link { title: y.to_string(), url: format!("../../../evaluations/{y}/") }).collect();
        let years = own
            .into_iter()
            .map(|year| YearView {
                year,
                evidence: evidence::compound(p, year, as_of).map(|e| self.evidence_view(&e)),
                result: p.evaluations.iter().find(|e| e.year == year).map(|e| self.view.evaluation(e)),
                process: p.evaluations.iter().find(|e| e.year == year).map(|e| {
                    let x = &e.process;
                    ProcessView {
                        publicity: x.publicity.map(|(a, b)| format!("{} – {}", self.view.date(a), self.view.date(b))),
                        in_publicity: x.in_publicity(as_of),
                        objections: x.objections.clone(),
                        approved: x.approved.map(|d| self.view.date(d)),
                        circulated: x.circulated.map(|d| self.view.date(d)),
                    }
                }),
            })
            .collect();
        let view = CompoundEvaluations { years, street_urls, l: evidence_labels(self.view.lang) };
        self.page(
            "evaluations.html",
            format!("{dir}/evaluations/index.html"),
            crumbs,
            ItemPage { compound: frame, item: &view, share: None },
        )
    }

    /// `evaluations/<year>/index.html` for every year shown.
    pub(super) fn street_evaluations(&self) -> Result<Vec<OutFile>, Error> {
        let as_of = self.site.as_of;
        let lang = self.view.lang;
        let l = evidence_labels(lang);
        let mut out = Vec::new();
        for year in years_of_site(self.site) {
            let mut rows = Vec::new();
            let mut companies: BTreeMap<String, (Vec<Link>, PartyEvidence)> = BTreeMap::new();
            let mut cutoff = None;
            for (c, p) in all_compounds(self.site) {
                let Some(e) = evidence::compound(p, year, as_of) else { continue };
                cutoff = Some(e.cutoff);
                let url = format!("../../{}/{}/evaluations/", c.slug, p.slug);
                let result = p.evaluations.iter().find(|x| x.year == year);
                rows.push(CompareRow {
                    name: format!("{} · {}", c.name, p.name),
                    url: url.clone(),
                    company: p.company.name.clone(),
                    parties: e
                        .parties
                        .iter()
                        .map(|(_, x)| {
                            format!(
                                "{} {} · {} {} · {} {}",
                                l.led,
                                x.led,
                                l.on_time,
                                rate(x.on_time, x.resolved),
                                l.overdue,
                                x.overdue
                            )
                        })
                        .collect(),
                    meetings: format!("{}/{MEETINGS_REQUIRED}", e.meetings),
                    scores: e
                        .parties
                        .iter()
                        .map(|(party, _)| {
                            result
                                .and_then(|r| r.results.iter().find(|x| x.party == *party))
                                .and_then(|x| x.score.map(|s| format!("{}", s.0)).or_else(|| x.grade.clone()))
                                .unwrap_or_else(|| "—".to_string())
                        })
                        .collect(),
                });
                let company = companies.entry(p.company.name.clone()).or_default();
                company.0.push(Link { title: format!("{} · {}", c.name, p.name), url });
                if let Some((_, x)) = e.parties.iter().find(|(party, _)| *party == Party::PropertyCompany) {
                    company.1.add(x);
                }
            }
            let Some(cutoff) = cutoff else { continue };
            let companies = companies
                .into_iter()
                .map(|(name, (compounds, e))| CompanyRow {
                    name,
                    compounds,
                    measures: measures(l, &[&e]).into_iter().map(|m| m.cells.concat()).collect(),
                })
                .collect();
            let view = StreetEvaluations {
                year,
                cutoff: self.view.date(cutoff),
                rows,
                companies,
                parties: [
                    Party::ResidentsCommittee.label(lang),
                    match lang {
                        Lang::Zh => "业主委员会 / 物业自管组织",
                        Lang::En => "Owners' committee / self-management group",
                    },
                    Party::PropertyCompany.label(lang),
                ],
                measure_labels: measures(l, &[]).into_iter().map(|m| m.label).collect(),
                l,
            };
            let crumbs = vec![self.portal_link("../../")];
            out.push(self.page("evaluations_street.html", format!("evaluations/{year}/index.html"), crumbs, view)?);
        }
        Ok(out)
    }
}

impl Renderer<'_> {
    /// The years `street_evaluations` writes a page for, newest first (for the portal's links).
    pub(super) fn evaluation_years(&self) -> Vec<i32> {
        let mut years = years_of_site(self.site);
        years.sort_unstable_by(|a, b| b.cmp(a));
        years
    }
}

fn years_of_site(site: &Site) -> Vec<i32> {
    years(site.as_of, all_compounds(site).map(|(_, p)| p))
}

#[derive(Debug, Serialize)]
pub(super) struct EvidenceLabels {
    evidence: &'static str,
    results: &'static str,
    measure: &'static str,
    led: &'static str,
    resolved: &'static str,
    on_time: &'static str,
    median: &'static str,
    open: &'static str,
    overdue: &'static str,
    revisits: &'static str,
    satisfied: &'static str,
    basic: &'static str,
    unsatisfied: &'static str,
    no_rating: &'static str,
    pledges: &'static str,
    fulfilled: &'static str,
    partial: &'static str,
    unfulfilled: &'static str,
    of: &'static str,
    meetings: &'static str,
    notices: &'static str,
    note: &'static str,
    compare: &'static str,
    compound: &'static str,
    company: &'static str,
    companies: &'static str,
    compounds: &'static str,
    scores: &'static str,
    street: &'static str,
    cutoff: &'static str,
    publicity: &'static str,
    in_publicity: &'static str,
    objections: &'static str,
    approved: &'static str,
    circulated: &'static str,
}

fn evidence_labels(lang: Lang) -> &'static EvidenceLabels {
    match lang {
        Lang::Zh => &EVIDENCE_ZH,
        Lang::En => &EVIDENCE_EN,
    }
}

static EVIDENCE_ZH: EvidenceLabels = EvidenceLabels {
    evidence: "履职情况",
    results: "评议结果",
    measure: "项目",
    led: "牵头办理",
    resolved: "已办结",
    on_time: "按期办结",
    median: "办结用时中位数（天）",
    open: "年末在办",
    overdue: "年末逾期",
    revisits: "回访",
    satisfied: "满意",
    basic: "基本满意",
    unsatisfied: "不满意",
    no_rating: "未评价",
    pledges: "服务承诺",
    fulfilled: "已兑现",
    partial: "部分兑现",
    unfulfilled: "未兑现",
    of: "共",
    meetings: "联席会议（应开 6 次）",
    notices: "重大事项提前报告",
    note: "牵头办理：当年受理、由该方牵头的问题；按期办结：办结日期不晚于现行期限；年末在办、逾期按 12 月 31 日（当年按截至日期）计。不足 5 件时只列件数，不算比率。",
    compare: "各小区对比",
    compound: "小区",
    company: "物业服务企业",
    companies: "物业服务企业（按服务的小区合计，仅物业牵头的问题）",
    compounds: "服务小区",
    scores: "评议得分",
    street: "全街道评议对比",
    cutoff: "截至",
    publicity: "结果公示",
    in_publicity: "公示中",
    objections: "异议及处理",
    approved: "街道党工委审定",
    circulated: "街道通报",
};

static EVIDENCE_EN: EvidenceLabels = EvidenceLabels {
    evidence: "Record",
    results: "Results",
    measure: "Measure",
    led: "Cases led",
    resolved: "Resolved",
    on_time: "On time",
    median: "Median days to result",
    open: "Open at year end",
    overdue: "Overdue at year end",
    revisits: "Revisits",
    satisfied: "Satisfied",
    basic: "Mostly",
    unsatisfied: "Not satisfied",
    no_rating: "No rating",
    pledges: "Pledges",
    fulfilled: "Fulfilled",
    partial: "Partly",
    unfulfilled: "Not fulfilled",
    of: "of",
    meetings: "Joint meetings (6 required)",
    notices: "Major notices reported in advance",
    note: "Cases led: received in the year with the party as lead; on time: result on or before the due date in force; open and overdue at 31 December (the as-of date in the running year). Rates only from 5 cases on.",
    compare: "Compounds compared",
    compound: "Compound",
    company: "Property company",
    companies: "Property companies (across the compounds they serve; cases they led)",
    compounds: "Compounds",
    scores: "Scores",
    street: "Evaluation across the street",
    cutoff: "As of",
    publicity: "Results on public notice",
    in_publicity: "on notice now",
    objections: "Objections",
    approved: "Approved by the street Party working committee",
    circulated: "Circulated by the street",
};
