//! The orchestrator: one function per command, each a straight line
//! through the pipeline stages.

use std::path::PathBuf;

use chrono::Offset;

use crate::error::Error;
use crate::load;
use crate::output::{self, PublishOptions, PublishReport};
use crate::render::{self, RenderCache, RenderOptions, Theme};
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
pub fn build(opts: &BuildOptions) -> Result<Built, Error> {
    Builder::default().build(opts)
}

/// What repeated builds (`watch`, `serve`) keep between runs: each file's
/// parse while its bytes are unchanged, each compound's validation while its
/// inputs are unchanged, and its rendered files while its model is unchanged.
#[derive(Debug, Default)]
pub struct Builder {
    files: load::LoadCache,
    checks: validate::ValidateCache,
    cache: RenderCache,
    gate: crate::privacy::gate::GateCache,
    /// The manifest of the last release published, so the next publish need not read it back.
    published: output::LastManifest,
}

/// How far a build has come, told to a progress callback after each stage;
/// what to draw of it is the command line's business.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Every content file read and parsed.
    Loaded { files: usize },
    /// Validated; `compounds` is 0 when content errors stop the build.
    Checked { compounds: usize },
    /// Every page of every compound rendered, not yet written.
    Rendered { compounds: usize, files: usize },
    /// Written and swapped in.
    Published,
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
        // Gaps in the source map are empty placeholders, not files (as `check` counts).
        progress(Progress::Loaded { files: loaded.sources.files.iter().filter(|f| !f.text.is_empty()).count() });
        let mut checked = validate::validate_with(loaded, &opts.site.check, &mut self.checks);
        let compounds = checked.site.as_ref().map_or(0, |s| s.communities.iter().map(|c| c.compounds.len()).sum());
        progress(Progress::Checked { compounds });
        let Some(site) = checked.site.as_mut() else { return Ok(Built { checked, published: None }) };
        if let Some(url) = &opts.base_url {
            site.settings.base_url = url.trim_end_matches('/').to_string();
        }
        let theme = Theme::load(&opts.site.root, &site.settings.theme)?;
        let built_at = built_at(site.settings.utc_offset);
        let files = render::render(site, &theme, &RenderOptions { built_at: built_at.clone() }, &mut self.cache)?;
        progress(Progress::Rendered { compounds, files: files.len() });
        checked.gate.check_with(&files, &mut self.gate)?;
        let out = opts.out.clone().unwrap_or_else(|| opts.site.root.join("public"));
        let alerts = render::version_alerts(site);
        let published = output::publish_with(
            &PublishOptions { out, site_root: opts.site.root.clone(), built_at, alerts },
            &files,
            &mut self.published,
        )?;
        progress(Progress::Published);
        Ok(Built { checked, published: Some(published) })
    }
}

/// The build time, from `SOURCE_DATE_EPOCH` when set (reproducible builds).
fn built_at(utc_offset: i32) -> String {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    let utc = epoch.and_then(|s| chrono::DateTime::from_timestamp(s, 0)).unwrap_or_else(chrono::Utc::now);
    let zone = chrono::FixedOffset::east_opt(utc_offset).unwrap_or_else(|| chrono::Utc.fix());
    utc.with_timezone(&zone).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}
