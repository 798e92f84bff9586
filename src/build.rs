//! The orchestrator: one function per command, each a straight line
//! through the pipeline stages.

mod shard;

use std::path::PathBuf;

use chrono::Offset;

use crate::error::Error;
use crate::load;
use crate::output::{self, LastManifest, PublishReport, Release, Stage};
use crate::privacy::gate::{GateCache, GateRun};
use crate::render::{self, Kept, OutFile, RenderCache, Shard, Sink, Theme};
use crate::validate::{self, CheckOptions, Checked};

#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// The site folder, holding `content/` and optionally `themes/`.
    pub root: PathBuf,
    pub check: CheckOptions,
}

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub site: SiteOptions,
    /// Default: `<root>/public`.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` of site.yaml (absolute links, QR codes, feeds).
    pub base_url: Option<String>,
    /// A sharded build (`--community`): only these communities' files and
    /// the street's are rendered; every other community's published files
    /// are carried over unchanged. Empty: the whole site.
    pub communities: Vec<String>,
}

#[derive(Debug)]
pub struct Built {
    pub checked: Checked,
    /// None when content errors stopped the build before anything was written.
    pub published: Option<PublishReport>,
}

/// files → load → validate: every diagnostic, and the model when there is no error.
pub fn check(opts: &SiteOptions) -> Result<Checked, Error> {
    let loaded = load::load(&opts.root)?;
    Ok(validate::validate(loaded, &opts.check))
}

/// check → render → output. Nothing is written when content has errors.
/// A one-shot build keeps no load or validate caches (each file's parse is
/// dropped once its compound is validated, not held while the site
/// renders); its render and gate caches come from the build cache file
/// beside the output and go back there, so a build after a one-file edit
/// renders again only the compounds whose inputs changed.
pub fn build(opts: &BuildOptions) -> Result<Built, Error> {
    build_with_progress(opts, &|_| {})
}

/// [`build`], telling `progress` as each stage ends.
pub fn build_with_progress(opts: &BuildOptions, progress: &dyn Fn(Progress)) -> Result<Built, Error> {
    let loaded = load::load(&opts.site.root)?;
    progress(loaded_files(&loaded));
    known_communities(&loaded, &opts.communities)?;
    let checked = validate::validate(loaded, &opts.site.check);
    progress(checked_compounds(&checked));
    let out = out_dir(opts);
    let saved: Option<Saved> = output::read_cache(&out).and_then(|b| serde_json::from_slice(&b).ok());
    let (mut cache, mut gates) =
        saved.map_or_else(Default::default, |s| (RenderCache::restore(s.compounds), GateCache::restore(s.gate)));
    let built = publish(checked, opts, &mut cache, &mut gates, &mut LastManifest::default(), progress)?;
    if built.published.is_some() {
        let saved = Saved { compounds: cache.save(), gate: gates.save() };
        // A cache that cannot be saved costs the next build time, nothing else.
        let _ = output::write_cache(&out, &serde_json::to_vec(&saved).unwrap_or_default());
    }
    Ok(built)
}

/// How far a build has come, told to a progress callback after each stage;
/// what to draw of it is the command line's business.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Every content file read and parsed.
    Loaded { files: usize },
    /// Validated; `compounds` is 0 when content errors stop the build.
    Checked { compounds: usize },
    /// Every page of every compound rendered, gated and staged, not yet swapped in.
    Rendered { compounds: usize, files: usize },
    /// Swapped in.
    Published,
}

fn loaded_files(loaded: &load::Loaded) -> Progress {
    // Gaps in the source map are empty placeholders, not files (as `check`
    // counts); deferred files are read with their compound, later.
    Progress::Loaded { files: loaded.sources.read_count() + loaded.deferred }
}

/// A shard must name communities that exist in `content/`.
fn known_communities(loaded: &load::Loaded, wanted: &[String]) -> Result<(), Error> {
    let known: Vec<&str> = loaded.communities.iter().map(|c| c.slug.as_str()).collect();
    match wanted.iter().find(|w| !known.contains(&w.as_str())) {
        Some(slug) => Err(Error::UnknownCommunity { slug: slug.clone(), known: known.join(", ") }),
        None => Ok(()),
    }
}

fn checked_compounds(checked: &Checked) -> Progress {
    Progress::Checked { compounds: checked.site.as_ref().map_or(0, compound_count) }
}

fn compound_count(site: &crate::model::Site) -> usize {
    site.communities.iter().map(|c| c.compounds.len()).sum()
}

/// The build cache file's body: the render cache (per compound, the hash of
/// its inputs and its files' paths, hashes and lengths) and the hashes of
/// the files that passed the gate. No content, nothing private.
#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    compounds: Vec<(String, u128, Vec<Kept>)>,
    gate: Vec<u128>,
}

fn out_dir(opts: &BuildOptions) -> PathBuf {
    opts.out.clone().unwrap_or_else(|| opts.site.root.join("public"))
}

/// What repeated builds (`watch`, `serve`) keep between runs: each file's
/// parse while its bytes are unchanged, each compound's validation while its
/// inputs are unchanged, and its rendered files while its model is unchanged.
#[derive(Debug, Default)]
pub struct Builder {
    files: load::LoadCache,
    checks: validate::ValidateCache,
    cache: RenderCache,
    gate: GateCache,
    /// The manifest of the last release published, so the next publish need not read it back.
    published: LastManifest,
}

impl Builder {
    /// [`Builder::build`] after a file watcher saw exactly `changed` change
    /// since the last build (absolute paths, as the watcher reports them):
    /// only there is the tree walked and read again. `None` when it may have
    /// missed changes (the system's event queue overflowed): everything is.
    pub fn rebuild(&mut self, opts: &BuildOptions, changed: Option<&[PathBuf]>) -> Result<Built, Error> {
        self.files.note_changes(&opts.site.root, changed);
        self.build(opts)
    }

    pub fn build(&mut self, opts: &BuildOptions) -> Result<Built, Error> {
        self.build_with_progress(opts, &|_| {})
    }

    /// [`Builder::build`], telling `progress` as each stage ends.
    pub fn build_with_progress(&mut self, opts: &BuildOptions, progress: &dyn Fn(Progress)) -> Result<Built, Error> {
        let loaded = load::load_with(&opts.site.root, &mut self.files)?;
        progress(loaded_files(&loaded));
        known_communities(&loaded, &opts.communities)?;
        let checked = validate::validate_with(loaded, &opts.site.check, &mut self.checks);
        progress(checked_compounds(&checked));
        publish(checked, opts, &mut self.cache, &mut self.gate, &mut self.published, progress)
    }
}

/// render → output for a checked site, with the render and gate caches of a
/// `Builder` (or empty ones for a one-shot build).
fn publish(
    mut checked: Checked,
    opts: &BuildOptions,
    cache: &mut RenderCache,
    gates: &mut GateCache,
    last: &mut LastManifest,
    progress: &dyn Fn(Progress),
) -> Result<Built, Error> {
    let Some(site) = checked.site.as_mut() else { return Ok(Built { checked, published: None }) };
    if let Some(url) = &opts.base_url {
        site.settings.base_url = url.trim_end_matches('/').to_string();
    }
    let theme = Theme::load(&opts.site.root, &site.settings.theme)?;
    let built_at = built_at(site.settings.utc_offset);
    let out = out_dir(opts);
    // Each file goes through the gate into the staged release as soon
    // as it is rendered; the release is swapped in only once every file
    // passed. An error drops the stage, which removes what it staged.
    let stage = Stage::open(&out, &opts.site.root, last)?;
    let gate = GateRun::new(&checked.gate, gates);
    let sink = GatedStage { gate: &gate, stage: &stage };
    let shard = (!opts.communities.is_empty()).then(|| Shard::new(site, &opts.communities));
    let carried = match &shard {
        Some(s) => {
            // The model names every public attachment, so the gate reads carried
            // attachments by path only even on a machine without a build cache.
            let attachments = render::attachment_paths(site);
            let mut copied = cache.copied();
            copied.extend(attachments.iter().map(String::as_str));
            shard::carry(&stage, &gate, s, &copied)
        }
        None => Ok(shard::Carried::default()),
    };
    let rendered = carried.and_then(|c| {
        let pages: Vec<String> = c.pages().collect();
        render::render(site, &theme, cache, &sink, shard.as_ref(), &pages).map(|b| (b, c.boards))
    });
    let passed = gate.finish(gates);
    if rendered.is_err() || passed.is_err() {
        // Nothing of this render was published: none of it may be reused.
        *cache = RenderCache::default();
    }
    let (mut boards, carried_boards) = rendered?;
    passed?;
    boards.extend(carried_boards);
    progress(Progress::Rendered { compounds: compound_count(site), files: stage.staged() });
    let alerts = render::version_alerts(site);
    let published = stage.finish(&Release { built_at, alerts, boards }, last)?;
    progress(Progress::Published);
    Ok(Built { checked, published: Some(published) })
}

/// The render's sink: the publish gate, then output's stage. A file that
/// fails the gate is not staged; its leak fails the build at the end.
struct GatedStage<'a> {
    gate: &'a GateRun<'a>,
    stage: &'a Stage,
}

impl Sink for GatedStage<'_> {
    fn put(&self, file: OutFile) -> Result<Kept, Error> {
        if self.gate.file(&file) {
            return self.stage.put(file);
        }
        let hash = xxhash_rust::xxh3::xxh3_128(b"");
        Ok(Kept { path: file.path, hash, len: 0, copied: false, board: None })
    }

    fn keep(&self, files: &[Kept]) -> Result<bool, Error> {
        let mut found = Vec::with_capacity(files.len());
        for k in files {
            match self.stage.find(k, !self.gate.passed_before(k)) {
                Some((place, bytes)) if self.gate.kept(k, bytes.as_deref()) => found.push(place),
                _ => return Ok(false),
            }
        }
        for (k, place) in files.iter().zip(found) {
            self.stage.place(k, place)?;
        }
        Ok(true)
    }
}

/// The build time (version.json's `built_at`; no page shows it), from `SOURCE_DATE_EPOCH` when set (reproducible builds).
fn built_at(utc_offset: i32) -> String {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    let utc = epoch.and_then(|s| chrono::DateTime::from_timestamp(s, 0)).unwrap_or_else(chrono::Utc::now);
    let zone = chrono::FixedOffset::east_opt(utc_offset).unwrap_or_else(|| chrono::Utc.fix());
    utc.with_timezone(&zone).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}
