//! Stage 4: model → files, in memory. Pure: nothing here touches the disk
//! except reading the theme. A compound's pages depend only on the compound,
//! its community and the site settings, so compounds render in parallel and
//! any one of them can be rendered again on its own.

pub(crate) mod alerts;
mod calendar;
mod case_indexes;
mod compliance_page;
mod compound_pages;
mod data_json;
mod evaluation_pages;
mod format;
mod inspection_pages;
mod kiosk;
mod labels;
pub(crate) mod markdown;
mod notice_poster;
mod qr;
mod register_pages;
mod report_pages;
mod search;
mod share;
mod site_pages;
mod theme;
pub(crate) mod views;
mod whom;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use crate::error::Error;
use crate::model::{Compound, Site};
use labels::labels;
pub(crate) use theme::Theme;
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
pub(crate) struct RenderOptions {
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
pub(crate) struct RenderCache {
    compounds: HashMap<String, Rendered>,
}

/// A compound's files with what they were rendered from.
#[derive(Debug)]
struct Rendered {
    /// Hash of every input of these files: site settings, as-of date,
    /// theme, community and the compound's model.
    inputs: u128,
    files: Arc<[OutFile]>,
    /// The model they were rendered from, with its own hash: the validation
    /// cache hands back the same `Arc` for an unchanged compound, so that
    /// hash need not be computed again.
    model: Arc<Compound>,
    model_hash: u128,
}

fn fingerprint(v: &impl std::hash::Hash) -> u128 {
    let mut h = Xxh3::new();
    v.hash(&mut h);
    h.digest128()
}

/// Renders the whole site, reusing `cache` for unchanged compounds.
pub(crate) fn render(
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
            let community = (
                &c.slug,
                &c.name,
                &c.party_org,
                &c.residents_committee,
                &c.env_committee,
                &c.contacts,
                inspection,
                &c.notices,
            );
            let cached = cache.compounds.get(&key);
            let model_hash = match cached {
                Some(e) if Arc::ptr_eq(&e.model, p) => e.model_hash,
                _ => fingerprint(p),
            };
            let inputs = fingerprint(&(base, community, model_hash));
            let files = match cached {
                Some(e) if e.inputs == inputs => e.files.clone(),
                _ => r.compound(c, p)?.into(),
            };
            Ok((key, Rendered { inputs, files, model: p.clone(), model_hash }))
        })
        .collect();
    let mut files = r.street()?;
    files.push(calendar::street(site));
    files.extend(r.street_search()?);
    files.extend(r.reports()?);
    files.extend(r.registers()?);
    files.extend(r.street_evaluations()?);
    for c in &site.communities {
        files.push(r.community(c)?);
        files.push(calendar::community(site, c));
        files.push(r.inspection_ledger(c)?);
    }
    let mut fresh = HashMap::new();
    for f in per_compound {
        let (key, entry) = f?;
        files.extend(entry.files.iter().cloned());
        fresh.insert(key, entry);
    }
    cache.compounds = fresh;
    files.extend(theme.static_files());
    files.push(r.not_found()?);
    files.extend(theme.favicon());
    files.push(site_pages::sitemap(site, &files));
    files.push(site_pages::robots(site));
    Ok(files)
}

/// What every page of one render shares: the site, its theme, the view
/// builder and the labels. Its page builders live in `site_pages` (street,
/// communities, sitemap) and `compound_pages` (everything of one compound).
struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    view: Viewer,
    site_view: SiteView,
    t: &'static Labels,
    /// As [`RenderOptions::built_at`].
    built_at: String,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, theme: &'a Theme, opts: &RenderOptions) -> Renderer<'a> {
        let s = &site.settings;
        let view = Viewer { lang: s.lang, as_of: site.as_of };
        let site_view = SiteView {
            title: s.title.clone(),
            street: s.street.clone(),
            base_url: s.base_url.clone(),
            lang: labels(s.lang).lang,
            as_of: view.date(site.as_of),
            office: s.office.as_ref().map(|o| view.contact(o)),
            utc_offset_minutes: s.utc_offset / 60,
            alerts: Vec::new(),
            icp: s.icp.clone(),
            about: labels(s.lang).about.replace("{title}", &s.title),
        };
        Renderer { site, theme, view, site_view, t: labels(s.lang), built_at: opts.built_at.clone() }
    }

    fn page<T: Serialize>(&self, template: &str, path: String, crumbs: Vec<Link>, page: T) -> Result<OutFile, Error> {
        let depth = path.matches('/').count();
        let ctx = Page { site: &self.site_view, t: self.t, root: "../".repeat(depth), crumbs, page };
        let html = self.theme.render(template, &ctx)?;
        Ok(OutFile::bytes(path, html.into_bytes()))
    }
}

/// For text in XML and HTML attributes (the sitemap, kiosk SVG labels).
fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// version.json's `alerts`: the urgent notices kiosks show (see [`alerts`]).
pub(crate) fn version_alerts(site: &Site) -> serde_json::Value {
    alerts::version_alerts(site, &Viewer { lang: site.settings.lang, as_of: site.as_of })
}
