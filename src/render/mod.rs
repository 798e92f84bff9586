//! Stage 4: model → files, in memory. Pure: nothing here touches the disk
//! except reading the theme. A compound's pages depend only on the compound,
//! its community and the site settings, so compounds render in parallel and
//! any one of them can be rendered again on its own.

mod compliance_page;
mod data_json;
mod evaluation_pages;
mod inspection_pages;
mod kiosk;
pub mod markdown;
mod register_pages;
mod report_pages;
mod theme;
pub mod views;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use crate::error::Error;
use crate::model::{Community, Compound, Site};
pub use theme::Theme;
use views::*;

/// One output file, by path relative to the output root (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub content: Content,
    /// xxh3-128 of the bytes, when known without reading a file.
    pub hash: Option<u128>,
}

impl OutFile {
    /// Hashed when made, so a cached compound's files are not hashed again
    /// at every publish.
    pub fn bytes(path: impl Into<String>, bytes: Vec<u8>) -> OutFile {
        let hash = Some(xxhash_rust::xxh3::xxh3_128(&bytes));
        OutFile { path: path.into(), content: Content::Bytes(bytes.into()), hash }
    }

    pub fn copy(path: impl Into<String>, from: PathBuf) -> OutFile {
        OutFile { path: path.into(), content: Content::Copy(from), hash: None }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Shared, so a cached compound's files are reused without copying.
    Bytes(Arc<[u8]>),
    /// A file published as is (an attachment), copied by `output`.
    Copy(PathBuf),
}

#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The build time in the site's zone, for pages that show it (kiosks).
    /// Phone pages show only the as-of date, so an unchanged compound
    /// renders to unchanged bytes.
    pub built_at: String,
}

/// The content security policy of every page (also sent by `serve`).
pub const CSP: &str = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// The files of each compound from earlier renders, keyed by a hash of
/// everything they are a function of. A rebuild renders again only the
/// compounds whose inputs changed; that is the whole of incrementality.
#[derive(Debug, Default)]
pub struct RenderCache {
    compounds: HashMap<String, Rendered>,
}

/// A compound's files, the fingerprint of the inputs they came from, and
/// the model they were rendered from with its own hash: the validation
/// cache hands back the same `Arc` for an unchanged compound, so that hash
/// need not be computed again.
type Rendered = (u128, Arc<[OutFile]>, Arc<Compound>, u128);

fn fingerprint(v: &impl std::hash::Hash) -> u128 {
    let mut h = Xxh3::new();
    v.hash(&mut h);
    h.digest128()
}

/// Renders the whole site, reusing `cache` for unchanged compounds.
pub fn render(
    site: &Site,
    theme: &Theme,
    opts: &RenderOptions,
    cache: &mut RenderCache,
) -> Result<Vec<OutFile>, Error> {
    let r = Renderer::new(site, theme, opts);
    let base = fingerprint(&(&site.settings, site.as_of, theme.fingerprint()));
    let per_compound: Vec<Result<(String, Rendered), Error>> = site
        .communities
        .par_iter()
        .flat_map_iter(|c| c.compounds.iter().map(move |p| (c, p)))
        .map(|(c, p)| {
            let key = format!("{}/{}", c.slug, p.slug);
            let inspection = crate::report::inspection::latest(&c.inspections, &p.slug);
            let community =
                (&c.slug, &c.name, &c.party_org, &c.residents_committee, &c.env_committee, &c.contacts, inspection);
            let cached = cache.compounds.get(&key);
            let model = match cached {
                Some(e) if Arc::ptr_eq(&e.2, p) => e.3,
                _ => fingerprint(p),
            };
            let fp = fingerprint(&(base, community, model));
            match cached {
                Some(e) if e.0 == fp => Ok((key, (fp, e.1.clone(), p.clone(), model))),
                _ => Ok((key, (fp, r.compound(c, p)?.into(), p.clone(), model))),
            }
        })
        .collect();
    let mut files = r.street()?;
    files.extend(r.reports()?);
    files.extend(r.registers()?);
    files.extend(r.street_evaluations()?);
    for c in &site.communities {
        files.push(r.community(c)?);
        files.push(r.inspection_ledger(c)?);
    }
    let mut fresh = HashMap::new();
    for f in per_compound {
        let (key, entry) = f?;
        files.extend(entry.1.iter().cloned());
        fresh.insert(key, entry);
    }
    cache.compounds = fresh;
    files.extend(theme.static_files());
    files.push(sitemap(site, &files));
    Ok(files)
}

struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    view: Viewer,
    site_view: SiteView,
    t: &'static Labels,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, theme: &'a Theme, _opts: &RenderOptions) -> Renderer<'a> {
        let s = &site.settings;
        let view = Viewer { lang: s.lang, as_of: site.as_of };
        let site_view = SiteView {
            title: s.title.clone(),
            street: s.street.clone(),
            base_url: s.base_url.clone(),
            lang: labels(s.lang).lang,
            as_of: view.date(site.as_of),
            office: s.office.as_ref().map(|o| view.contact(o)),
        };
        Renderer { site, theme, view, site_view, t: labels(s.lang) }
    }

    fn page<T: Serialize>(&self, template: &str, path: String, crumbs: Vec<Link>, page: T) -> Result<OutFile, Error> {
        let depth = path.matches('/').count();
        let ctx = Page { site: &self.site_view, t: self.t, root: "../".repeat(depth), crumbs, page };
        let html = self.theme.render(template, &ctx)?;
        Ok(OutFile::bytes(path, html.into_bytes()))
    }

    fn street(&self) -> Result<Vec<OutFile>, Error> {
        let mut totals = Totals::default();
        let communities = self
            .site
            .communities
            .iter()
            .map(|c| CommunityCard {
                name: c.name.clone(),
                url: format!("{}/", c.slug),
                compounds: c
                    .compounds
                    .iter()
                    .map(|p| {
                        let card = self.view.card(p, &c.name, format!("{}/{}/", c.slug, p.slug));
                        totals.compounds += 1;
                        totals.cases += card.cases;
                        totals.open += card.open;
                        totals.overdue += card.overdue;
                        totals.findings += card.findings;
                        card
                    })
                    .collect(),
            })
            .collect();
        let portal = self.page("portal.html", "index.html".into(), vec![], PortalView { communities, totals })?;
        let compliance = self.compliance_page()?;
        Ok(vec![portal, compliance])
    }

    fn portal_link(&self, url: &str) -> Link {
        Link { title: self.site.settings.street.clone(), url: url.to_string() }
    }

    fn community(&self, c: &Community) -> Result<OutFile, Error> {
        let v = &self.view;
        let mut rosters = Vec::new();
        if let Some(r) = &c.party_org {
            rosters.push(v.roster(crate::model::Party::PartyOrg, r));
        }
        rosters.push(v.roster(crate::model::Party::ResidentsCommittee, &c.residents_committee));
        if let Some(r) = &c.env_committee {
            rosters.push(v.roster(crate::model::Party::EnvCommittee, r));
        }
        let view = CommunityView {
            name: c.name.clone(),
            rosters,
            contacts: c.contacts.iter().map(|k| v.contact(k)).collect(),
            compounds: c.compounds.iter().map(|p| v.card(p, &c.name, format!("{}/", p.slug))).collect(),
        };
        self.page("community.html", format!("{}/index.html", c.slug), vec![self.portal_link("../")], view)
    }

    /// Every file of one compound: pages, feed, data, attachments.
    fn compound(&self, c: &Community, p: &Compound) -> Result<Vec<OutFile>, Error> {
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
        let frame = CompoundFrame { name: p.name.clone(), community: c.name.clone() };
        let mut out = Vec::new();
        let home = inspection_pages::WithInspection { home: &home, inspection: self.latest_inspection(c, p) };
        out.push(self.page("compound.html", format!("{dir}/index.html"), crumbs("")[..2].to_vec(), &home)?);

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
            Section { compound: &frame, items: &groups },
        )?);
        // In parallel too: after an edit, the edited compound is the only work.
        let cases: Result<Vec<OutFile>, Error> = p
            .cases
            .par_iter()
            .map(|case| {
                let view = v.case(case, "../../", Body::Html("../../"));
                self.page(
                    "case.html",
                    format!("{dir}/cases/{}/index.html", case.id),
                    crumbs("../../"),
                    Section { compound: &frame, items: &view },
                )
            })
            .collect();
        out.extend(cases?);
        let pledges: Vec<PledgeYearView> = p.pledges.iter().map(|y| v.pledge_year(y)).collect();
        out.push(self.page(
            "pledges.html",
            format!("{dir}/pledges/index.html"),
            crumbs("../"),
            Section { compound: &frame, items: &pledges },
        )?);
        let mut meetings: Vec<MeetingView> =
            p.meetings.iter().map(|m| v.meeting(m, &p.cases, "../", Body::Skip)).collect();
        meetings.reverse();
        out.push(self.page(
            "meetings.html",
            format!("{dir}/meetings/index.html"),
            crumbs("../"),
            Section { compound: &frame, items: &meetings },
        )?);
        for m in &p.meetings {
            let view = v.meeting(m, &p.cases, "../../", Body::Html("../../"));
            out.push(self.page(
                "meeting.html",
                format!("{dir}/meetings/{}/index.html", m.stem),
                crumbs("../../"),
                Section { compound: &frame, items: &view },
            )?);
        }
        let notices: Vec<NoticeView> = p.notices.iter().map(|n| v.notice(n, "../", Body::Skip)).collect();
        out.push(self.page(
            "notices.html",
            format!("{dir}/notices/index.html"),
            crumbs("../"),
            Section { compound: &frame, items: &notices },
        )?);
        for n in &p.notices {
            let view = v.notice(n, "../../", Body::Html("../../"));
            out.push(self.page(
                "notice.html",
                format!("{dir}/notices/{}/index.html", n.stem),
                crumbs("../../"),
                Section { compound: &frame, items: &view },
            )?);
        }
        out.push(self.compound_evaluations(p, &frame, &dir, crumbs("../"))?);
        out.push(self.feed(c, p, &dir)?);
        out.push(data_json::data_json(&self.site_view, c, p, &dir, v));
        out.push(register_pages::compound_csv(v, &self.site.settings.base_url, c, p, &dir));
        out.extend(kiosk::files(self, c, p, &dir, &kiosk::build_time(self.site.settings.utc_offset))?);
        for a in &p.attachments {
            out.push(OutFile::copy(format!("{dir}/{}", a.rel), a.path.clone()));
        }
        Ok(out)
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
        for n in &p.notices {
            entries.push(FeedEntry {
                id: format!("{base}notices/{}/", n.stem),
                url: format!("{base}notices/{}/", n.stem),
                title: n.title.clone(),
                updated: format!("{}T00:00:00+08:00", n.published),
                summary: n.kind.label(self.view.lang).to_string(),
                sort: n.published,
            });
        }
        entries.sort_by(|a, b| b.sort.cmp(&a.sort).then_with(|| a.id.cmp(&b.id)));
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
struct CompoundFrame {
    name: String,
    community: String,
}

#[derive(Debug, Serialize)]
struct Section<'a, T: Serialize> {
    compound: &'a CompoundFrame,
    items: &'a T,
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

fn sitemap(site: &Site, files: &[OutFile]) -> OutFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<&str> =
        files.iter().filter(|f| f.path.ends_with("index.html")).map(|f| f.path.as_str()).collect();
    pages.sort_unstable();
    for p in pages {
        let url = format!("{}/{}", site.settings.base_url, p.trim_end_matches("index.html"));
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_xml(&markdown::encode_path(&url)));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    OutFile::bytes("sitemap.xml", xml.into_bytes())
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
