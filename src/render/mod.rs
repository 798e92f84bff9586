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
mod shard;
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
pub(crate) use shard::Shard;
pub(crate) use theme::Theme;
use views::*;

/// Where a page builder hands each file as soon as it is made.
type Emit<'a> = dyn FnMut(OutFile) -> Result<(), Error> + 'a;

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

/// A rendered file as the render cache remembers it: its bytes are in the
/// published release, not in memory.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Kept {
    pub path: String,
    /// xxh3-128 of the bytes.
    pub hash: u128,
    pub len: u64,
    /// Published as is from a content file (`Content::Copy`): the gate
    /// reads its path, not its bytes.
    pub copied: bool,
    /// For a kiosk board's page, the version it carries (version.json's `boards`).
    pub board: Option<String>,
}

/// Where rendered files go as soon as they are made: `build` wires the
/// publish gate and output's stage behind it, so rendering stays pure and
/// a compound's bytes leave memory as soon as its worker has rendered them.
pub(crate) trait Sink: Sync {
    /// Takes one rendered file; returns what the cache keeps of it.
    fn put(&self, file: OutFile) -> Result<Kept, Error>;
    /// Publishes the files of an earlier render again, unchanged, without
    /// their bytes. False when any of them is not at hand intact (damaged,
    /// deleted): the caller renders them again.
    fn keep(&self, files: &[Kept]) -> Result<bool, Error>;
}

/// The content security policy of every page (also sent by `serve`).
pub const CSP: &str = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// What each compound rendered to in earlier renders (paths and hashes, not
/// bytes), keyed by a hash of everything its files are a function of. A rebuild renders again only the
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
    files: Arc<[Kept]>,
    /// The model they were rendered from, with its own hash: the validation
    /// cache hands back the same `Arc` for an unchanged compound, so that
    /// hash need not be computed again. None when restored from disk.
    model: Option<Arc<Compound>>,
    model_hash: u128,
}

/// A compound's entry in the build cache file: its key, the hash of its
/// inputs and its files (paths, hashes, lengths: nothing private).
type SavedCompound = (String, u128, Vec<Kept>);

impl RenderCache {
    /// What the build cache file keeps of this cache.
    pub(crate) fn save(&self) -> Vec<SavedCompound> {
        let mut out: Vec<SavedCompound> =
            self.compounds.iter().map(|(k, r)| (k.clone(), r.inputs, r.files.to_vec())).collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// A cache from what [`RenderCache::save`] kept. Nothing in it is
    /// trusted: a compound is reused only when its inputs hash the same
    /// and each of its files is found intact in the output.
    pub(crate) fn restore(saved: Vec<SavedCompound>) -> RenderCache {
        let compounds = saved
            .into_iter()
            .map(|(key, inputs, files)| (key, Rendered { inputs, files: files.into(), model: None, model_hash: 0 }))
            .collect();
        RenderCache { compounds }
    }
}

fn fingerprint(v: &impl std::hash::Hash) -> u128 {
    let mut h = Xxh3::new();
    v.hash(&mut h);
    h.digest128()
}

/// Renders the whole site into `sink`, reusing `cache` for unchanged
/// compounds: their files are kept as published, not rendered again.
/// With a `shard`, only the street's files and the shard's communities'
/// are rendered; `carried` lists the pages of other communities the
/// caller carried over, for the sitemap.
pub(crate) fn render(
    site: &Site,
    theme: &Theme,
    cache: &mut RenderCache,
    sink: &dyn Sink,
    shard: Option<&Shard>,
    carried: &[String],
) -> Result<Boards, Error> {
    let r = Renderer::new(site, theme);
    let base = fingerprint(&(&site.settings, site.as_of, theme.fingerprint()));
    let ours = |slug: &str| shard.is_none_or(|s| s.renders_community(slug));
    let per_compound: Vec<Result<(String, Rendered), Error>> = site
        .communities
        .par_iter()
        .filter(|c| ours(&c.slug))
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
                Some(e) if e.model.as_ref().is_some_and(|m| Arc::ptr_eq(m, p)) => e.model_hash,
                _ => fingerprint(p),
            };
            let inputs = fingerprint(&(base, community, model_hash));
            let files = match cached {
                Some(e) if e.inputs == inputs && sink.keep(&e.files)? => e.files.clone(),
                _ => r.compound(c, p)?.into_iter().map(|f| put(sink, f)).collect::<Result<Vec<Kept>, Error>>()?.into(),
            };
            Ok((key, Rendered { inputs, files, model: Some(p.clone()), model_hash }))
        })
        .collect();
    // The sitemap lists every page: their paths are collected on the way.
    let mut pages: Vec<String> = Vec::new();
    let mut emit = |f: OutFile| -> Result<(), Error> {
        if shard.is_some_and(|s| !s.renders(&f.path)) {
            return Ok(());
        }
        if f.path.ends_with("index.html") {
            pages.push(f.path.clone());
        }
        sink.put(f).map(|_| ())
    };
    // Each street-wide file leaves as soon as it is made: at 1,000
    // compounds, holding the monthly reports and the registers until all
    // were made was the build's peak of memory (+180 MB).
    r.street()?.into_iter().try_for_each(&mut emit)?;
    emit(calendar::street(site))?;
    r.street_search()?.into_iter().try_for_each(&mut emit)?;
    r.reports(&mut emit)?;
    r.registers(&mut emit)?;
    r.street_evaluations()?.into_iter().try_for_each(&mut emit)?;
    for c in site.communities.iter().filter(|c| ours(&c.slug)) {
        emit(r.community(c)?)?;
        emit(calendar::community(site, c))?;
        emit(r.inspection_ledger(c)?)?;
    }
    theme.static_files().into_iter().try_for_each(&mut emit)?;
    emit(r.not_found()?)?;
    theme.favicon().into_iter().try_for_each(&mut emit)?;
    // A shard keeps what the cache knows of the communities it did not
    // render: their files are still the published ones.
    let mut fresh: HashMap<String, Rendered> = match shard {
        Some(_) => cache.compounds.drain().filter(|(k, _)| !ours(k.split('/').next().unwrap_or(""))).collect(),
        None => HashMap::new(),
    };
    let mut boards = Boards::new();
    for f in per_compound {
        let (key, entry) = f?;
        pages.extend(entry.files.iter().filter(|k| k.path.ends_with("index.html")).map(|k| k.path.clone()));
        for k in entry.files.iter() {
            if let Some(v) = &k.board {
                boards.insert(k.path.clone(), v.clone());
            }
        }
        fresh.insert(key, entry);
    }
    cache.compounds = fresh;
    pages.extend(carried.iter().cloned());
    sink.put(site_pages::sitemap(site, &mut pages))?;
    sink.put(site_pages::robots(site))?;
    Ok(boards)
}

/// Each kiosk board's page (path) → the version it carries: version.json's
/// `boards`, by which a board tells whether its own page changed.
pub(crate) type Boards = std::collections::BTreeMap<String, String>;

/// The version a kiosk board's page carries, read from its bytes (for
/// pages a sharded build carries over without rendering them).
pub(crate) fn board_version(page: &[u8]) -> Option<String> {
    kiosk::version_of(page)
}

/// The output paths of every compound's public attachments (published as
/// is, which the gate checks by path only), from the model: a sharded build
/// carries other communities' attachments without a build cache to name them.
pub(crate) fn attachment_paths(site: &Site) -> std::collections::HashSet<String> {
    site.communities
        .iter()
        .flat_map(|c| c.compounds.iter().map(move |p| (c, p)))
        .flat_map(|(c, p)| compound_pages::public_attachments(c, p, site.as_of).map(|(path, _)| path))
        .collect()
}

/// The paths of the files published as is from content (attachments)
/// among the cached compounds, which the gate checks by path only.
impl RenderCache {
    pub(crate) fn copied(&self) -> std::collections::HashSet<&str> {
        self.compounds.values().flat_map(|r| r.files.iter()).filter(|k| k.copied).map(|k| k.path.as_str()).collect()
    }
}

/// Hands one file of a compound to the sink, remembering the version a
/// kiosk board's page carries.
fn put(sink: &dyn Sink, f: OutFile) -> Result<Kept, Error> {
    let board = match &f.content {
        Content::Bytes(b) => kiosk::version_of(b),
        Content::Copy(_) => None,
    };
    Ok(Kept { board, ..sink.put(f)? })
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
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, theme: &'a Theme) -> Renderer<'a> {
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
        Renderer { site, theme, view, site_view, t: labels(s.lang) }
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
