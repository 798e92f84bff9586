//! Every file of one compound: its home, the list and single pages of cases,
//! pledges, meetings, notices and evaluations, its feed, its data.json, its
//! case register CSV, kiosk boards and its attachments.

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Error;
use crate::model::{Community, Compound};

use super::share::{self, ShareView};
use super::views::*;
use super::{OutFile, Renderer, alerts, calendar, data_json, inspection_pages, kiosk, markdown, register_pages};

impl Renderer<'_> {
    /// Every file of one compound, with its urgent notices as the banner of
    /// every page.
    pub(super) fn compound(&self, c: &Community, p: &Compound) -> Result<Vec<OutFile>, Error> {
        let alerts = alerts::compound_alerts(&self.view, c, p, self.site.as_of);
        if alerts.is_empty() {
            return self.compound_files(c, p);
        }
        let r = Renderer {
            site: self.site,
            theme: self.theme,
            view: self.view,
            site_view: SiteView { alerts, ..self.site_view.clone() },
            t: self.t,
        };
        r.compound_files(c, p)
    }

    /// Every file of one compound: pages, feed, data, attachments.
    fn compound_files(&self, c: &Community, p: &Compound) -> Result<Vec<OutFile>, Error> {
        let v = &self.view;
        let dir = format!("{}/{}", c.slug, p.slug);
        let home = v.compound(c, p);
        let crumbs = |up: &str| {
            vec![
                self.portal_link(&format!("{up}../../")),
                Link { title: c.name.clone(), url: format!("{up}../") },
                Link { title: p.name.clone(), url: up.to_string() },
            ]
        };
        let phones = markdown::Phones::new(p.declared_phones(c, &self.site.settings));
        let frame = CompoundFrame { name: p.name.clone(), community: c.name.clone() };
        let mut out = Vec::new();
        let with_inspection =
            inspection_pages::WithInspection { home: &home, inspection: self.latest_inspection(c, p) };
        out.push(self.page(
            "compound.html",
            format!("{dir}/index.html"),
            crumbs("")[..2].to_vec(),
            &with_inspection,
        )?);
        // Every roster in full, so that the home can open with one number per party.
        out.push(self.page("people.html", format!("{dir}/people/index.html"), crumbs("../"), &home)?);

        let mut groups: Vec<CaseGroup> = Vec::new();
        let mut sorted: Vec<_> = p.cases.iter().collect();
        sorted
            .sort_by_key(|x| (!x.status.is_open(), std::cmp::Reverse(x.overdue), x.due, std::cmp::Reverse(x.received)));
        for case in sorted {
            let card = v.case_card(case, "../");
            match groups.iter_mut().find(|g| g.status.key == card.status.key) {
                Some(g) => g.cases.push(card),
                None => groups.push(CaseGroup { status: card.status.clone(), cases: vec![card] }),
            }
        }
        out.push(self.page(
            "cases.html",
            format!("{dir}/cases/index.html"),
            crumbs("../"),
            ListPage { compound: &frame, list: &groups },
        )?);
        let mut index_crumbs = crumbs("../../");
        index_crumbs.push(Link { title: self.t.cases.to_string(), url: "../".into() });
        out.extend(self.case_indexes(p, &dir, &frame, index_crumbs)?);
        out.extend(self.compound_search(p, &dir, &frame, crumbs("../"))?);
        // In parallel too: after an edit, the edited compound is the only work.
        let cases: Result<Vec<OutFile>, Error> = p
            .cases
            .par_iter()
            .map(|case| {
                let mut view = v.case(case, "../../", Body::Html("../../", &phones));
                view.ask = Some(v.ask(c, &home, case.lead));
                let share = share::case(&view, &p.name, self.url(&dir, "cases", &case.id), self.t);
                self.page(
                    "case.html",
                    format!("{dir}/cases/{}/index.html", case.id),
                    crumbs("../../"),
                    ItemPage { compound: &frame, item: &view, share: Some(share) },
                )
            })
            .collect();
        out.extend(cases?);
        let pledges: Vec<PledgeYearView> = p.pledges.iter().map(|y| v.pledge_year(y)).collect();
        out.push(self.page(
            "pledges.html",
            format!("{dir}/pledges/index.html"),
            crumbs("../"),
            ListPage { compound: &frame, list: &pledges },
        )?);
        let mut meetings: Vec<MeetingView> =
            p.meetings.iter().map(|m| v.meeting(m, &p.cases, "../", Body::Skip)).collect();
        meetings.reverse();
        out.push(self.page(
            "meetings.html",
            format!("{dir}/meetings/index.html"),
            crumbs("../"),
            ListPage { compound: &frame, list: &meetings },
        )?);
        let scheduled = p.scheduled_meeting(self.site.as_of).map(|m| &m.stem);
        for m in &p.meetings {
            let mut view = v.meeting(m, &p.cases, "../../", Body::Html("../../", &phones));
            if scheduled == Some(&m.stem) {
                view.suggested = Some(v.suggested(p, "../../"));
            }
            let share = share::meeting(&view, &p.name, self.url(&dir, "meetings", &m.stem), self.t);
            out.push(self.page(
                "meeting.html",
                format!("{dir}/meetings/{}/index.html", m.stem),
                crumbs("../../"),
                ItemPage { compound: &frame, item: &view, share: Some(share) },
            )?);
        }
        // A scheduled notice has no page, feed entry or data before its
        // day; an announced one is listed by title only.
        let as_of = self.site.as_of;
        let notices: Vec<NoticeView> =
            p.listed_notices(as_of).into_iter().map(|n| v.notice(n, "../", Body::Skip)).collect();
        let count = |state: &str| notices.iter().filter(|n| n.state == state).count();
        let (announced, current, ended) = (count("announced"), count("current"), count("ended"));
        out.push(self.page(
            "notices.html",
            format!("{dir}/notices/index.html"),
            crumbs("../"),
            NoticeList { compound: &frame, list: &notices, announced, current, ended },
        )?);
        for n in p.notices.iter().filter(|n| n.is_published(as_of)) {
            let view = v.notice(n, "../../", Body::Html("../../", &phones));
            let url = self.url(&dir, "notices", &n.stem);
            let share = share::notice(&view, &p.name, url.clone(), self.t);
            out.push(self.notice_poster(c, p, &view, &url, format!("{dir}/notices/{}/print.html", n.stem))?);
            out.push(self.page(
                "notice.html",
                format!("{dir}/notices/{}/index.html", n.stem),
                crumbs("../../"),
                ItemPage { compound: &frame, item: &view, share: Some(share) },
            )?);
        }
        out.push(self.compound_evaluations(p, &frame, &dir, crumbs("../"))?);
        out.push(self.feed(c, p, &dir)?);
        out.push(calendar::compound(self.site, c, p));
        out.push(data_json::data_json(&self.site_view, c, p, &dir, v));
        out.push(register_pages::compound_csv(v, &self.site.settings.base_url, c, p, &dir));
        out.extend(kiosk::files(self, c, p, &dir)?);
        for (path, from) in public_attachments(c, p, as_of) {
            out.push(OutFile::copy(path, from.clone()));
        }
        Ok(out)
    }

    /// The full address of an item's page, as shared and as its QR code.
    fn url(&self, dir: &str, kind: &str, stem: &str) -> String {
        markdown::encode_path(&format!("{}/{dir}/{kind}/{stem}/", self.site.settings.base_url))
    }

    fn feed(&self, c: &Community, p: &Compound, dir: &str) -> Result<OutFile, Error> {
        let base = format!("{}/{dir}/", self.site.settings.base_url);
        let mut entries: Vec<FeedEntry> = Vec::new();
        for case in &p.cases {
            for (i, u) in case.updates.iter().enumerate() {
                let status = u.status.label(self.view.lang);
                entries.push(FeedEntry {
                    id: format!("{base}cases/{}/#u{i}", case.id),
                    url: format!("{base}cases/{}/", case.id),
                    title: format!("{} · {status}", case.title),
                    updated: format!("{}T00:00:00+08:00", u.date),
                    summary: u.note.clone().unwrap_or_default(),
                    sort: u.date,
                });
            }
        }
        for n in p.notices.iter().filter(|n| n.is_published(self.site.as_of)) {
            entries.push(FeedEntry {
                id: format!("{base}notices/{}/", n.stem),
                url: format!("{base}notices/{}/", n.stem),
                title: n.title.clone(),
                updated: format!("{}T00:00:00+08:00", n.published),
                summary: n.kind.label(self.view.lang).to_string(),
                sort: n.published,
            });
        }
        for m in &p.meetings {
            // A scheduled meeting is news the day it is known: dated by the as-of day until held.
            let day = m.date.min(self.site.as_of);
            let form = m.form.label(self.view.lang);
            entries.push(FeedEntry {
                id: format!("{base}meetings/{}/", m.stem),
                url: format!("{base}meetings/{}/", m.stem),
                title: format!("{} {} · {form}", self.view.date(m.date), self.t.meetings),
                updated: format!("{day}T00:00:00+08:00"),
                summary: m.topics.join(self.t.list_sep),
                sort: day,
            });
        }
        entries.sort_by(|a, b| b.sort.cmp(&a.sort).then_with(|| a.id.cmp(&b.id)));
        // Urgent notices lead, whatever their date: readers see them first.
        let site_base = format!("{}/", self.site.settings.base_url);
        let urgent: Vec<FeedEntry> = self
            .site_view
            .alerts
            .iter()
            .map(|a| {
                let url =
                    a.url.as_ref().map_or_else(|| format!("{site_base}{}/", c.slug), |u| format!("{site_base}{u}"));
                FeedEntry {
                    id: a.url.as_ref().map_or_else(|| format!("{url}#urgent-{}", a.from), |_| url.clone()),
                    url,
                    title: format!("【{}】{}", self.t.urgent, a.title),
                    updated: format!("{}:00+08:00", a.from),
                    summary: format!("{} · {}", a.when, a.text),
                    sort: self.site.as_of,
                }
            })
            .collect();
        entries.retain(|e| !urgent.iter().any(|u| u.id == e.id));
        entries.splice(0..0, urgent);
        entries.truncate(100);
        let updated =
            entries.first().map_or_else(|| format!("{}T00:00:00+08:00", self.site.as_of), |e| e.updated.clone());
        let feed =
            FeedView { title: format!("{} · {}", c.name, p.name), url: base.clone(), id: base, updated, entries };
        let xml = self.theme.render("feed.xml", &feed)?;
        Ok(OutFile::bytes(format!("{dir}/feed.xml"), xml.into_bytes()))
    }
}

/// What every compound sub-page shows in its header.
#[derive(Debug, Serialize)]
pub(super) struct CompoundFrame {
    name: String,
    community: String,
}

/// A compound's list page (cases, meetings, notices…). Templates see the
/// list as `page.items`, the name site themes already use.
#[derive(Debug, Serialize)]
struct ListPage<'a, T: Serialize> {
    compound: &'a CompoundFrame,
    #[serde(rename = "items")]
    list: &'a [T],
}

/// The notices page: every notice a resident may see (announced, current,
/// past: in that order) as `page.items`, with how many there are of each.
#[derive(Debug, Serialize)]
struct NoticeList<'a> {
    compound: &'a CompoundFrame,
    #[serde(rename = "items")]
    list: &'a [NoticeView],
    announced: usize,
    current: usize,
    ended: usize,
}

/// A page of one case, meeting or notice. Templates see it as `page.items`
/// (a name kept so that site themes overriding these templates still work).
#[derive(Debug, Serialize)]
pub(super) struct ItemPage<'a, T: Serialize> {
    pub(super) compound: &'a CompoundFrame,
    #[serde(rename = "items")]
    pub(super) item: &'a T,
    pub(super) share: Option<ShareView>,
}

#[derive(Debug, Serialize)]
struct FeedView {
    title: String,
    url: String,
    id: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

#[derive(Debug, Serialize)]
struct FeedEntry {
    id: String,
    url: String,
    title: String,
    updated: String,
    summary: String,
    #[serde(skip)]
    sort: chrono::NaiveDate,
}

/// The attachments of a compound published as is: their path in the
/// output and the file they are copied from. The one list both the render
/// and a sharded build's carrying (which must tell the gate which carried
/// files are attachments) read.
pub(crate) fn public_attachments<'a>(
    c: &'a Community,
    p: &'a Compound,
    as_of: chrono::NaiveDate,
) -> impl Iterator<Item = (String, &'a std::path::PathBuf)> + 'a {
    p.attachments
        .iter()
        .filter(move |a| p.attachment_is_public(&a.rel, as_of))
        .map(move |a| (format!("{}/{}/{}", c.slug, p.slug, a.rel), &a.path))
}
