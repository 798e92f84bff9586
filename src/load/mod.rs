//! Stage 1: files → raw input. Walks `content/` without following links,
//! decodes and parses the site's, communities' and compounds' own files in
//! parallel, and reads ahead only the cases' private values; the files in
//! each compound's folders are read when validation reaches that compound
//! ([`LoadedCompound::read_deferred`]). Nothing here judges meaning; that
//! is `validate`'s job.

mod ahead;
pub(crate) mod inspection;
pub(crate) mod raw;
pub(crate) mod read;
pub(crate) mod recover;
pub(crate) mod report;
pub(crate) mod text;
pub(crate) mod tree;
pub(crate) mod walk;
pub(crate) mod yaml;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic, FileId, Loc, SourceFile, SourceMap, Text};
use crate::error::Error;
use raw::{FromNode, Sink};
use walk::{FileKind, Node};

/// Size caps, checked before a byte is parsed.
pub(crate) const MAX_YAML_BYTES: u64 = 256 * 1024;
pub(crate) const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;
pub(crate) const MAX_MARKDOWN_BYTES: u64 = 1024 * 1024;
pub(crate) const MAX_ATTACHMENT_BYTES: u64 = 20 * 1024 * 1024;

/// A parsed YAML file.
#[derive(Debug)]
pub struct Doc<T> {
    pub file: FileId,
    pub stem: String,
    /// Shared with the load cache, so an unchanged file costs no copy.
    pub raw: Arc<T>,
}

/// A parsed Markdown file: front matter and body.
#[derive(Debug)]
pub struct MdDoc<T> {
    pub file: FileId,
    pub stem: String,
    pub raw: Arc<T>,
    /// Byte offset of the body in the file, for positions in body text.
    pub body_at: usize,
}

#[derive(Debug)]
pub struct Attachment {
    /// Relative to the compound folder, with `/`: `attachments/方案.pdf`.
    pub rel: String,
    pub path: PathBuf,
    pub file: FileId,
    /// The size in bytes when the content folder was read (`None` when it
    /// could not be read), so that validation needs no disk.
    pub len: Option<u64>,
}

#[derive(Debug, Default)]
pub struct LoadedCompound {
    pub slug: String,
    pub dir: FileId,
    pub file: Option<Doc<raw::RawCompound>>,
    pub pledges: Vec<Doc<raw::RawPledges>>,
    pub cases: Vec<MdDoc<raw::RawCase>>,
    pub meetings: Vec<MdDoc<raw::RawMeeting>>,
    pub notices: Vec<MdDoc<raw::RawNotice>>,
    pub evaluations: Vec<Doc<raw::RawEvaluation>>,
    pub attachments: Vec<Attachment>,
    /// Files that could not be read or parsed, as (folder, stem): they
    /// exist, so later checks must not call them missing; their own
    /// diagnostics say what is wrong.
    /// `("", "compound")` stands for `compound.yaml` itself.
    pub unparsed: Vec<(&'static str, String)>,
    /// Files of the compound's folders not read yet: the load leaves them
    /// for [`LoadedCompound::read_deferred`], so that each compound's texts
    /// and parses live only while it is validated (or not at all, when its
    /// validation is cached), never all of a city's at once.
    pub deferred: Vec<Deferred>,
}

/// A compound's file listed by the walk, to be read when its compound is validated.
#[derive(Debug)]
pub struct Deferred {
    file: FileId,
    path: PathBuf,
    rel: String,
    kind: FileKind,
    stem: String,
    /// For a case: a hash of the private values registered ahead of this
    /// read, so that a file whose second read holds others (saved again
    /// during the build) is caught.
    registered: Option<u128>,
    /// The hash of its bytes as the load saw them, when the load keeps a
    /// cache: what its compound's validation is keyed by, unread.
    hash: Option<u128>,
    /// Already read and parsed: a file in a corner `serve`/`watch` was told
    /// changed (see [`LoadCache::ready`]).
    ready: Option<Cached>,
}

/// What [`LoadedCompound::read_deferred`] read: each file's text, and its
/// diagnostics of reading and parsing.
#[derive(Debug, Default)]
pub struct ReadFiles {
    pub sources: HashMap<FileId, Arc<SourceFile>>,
    pub diags: Vec<Diagnostic>,
}

impl LoadedCompound {
    /// Reads and parses the files [`load`] deferred, placing each as a full
    /// load would have.
    pub fn read_deferred(&mut self) -> ReadFiles {
        let mut read = ReadFiles::default();
        for d in std::mem::take(&mut self.deferred) {
            let c = match d.ready {
                Some(c) => c,
                None => read_cached(d.file, &d.path, d.rel, d.kind, None, false),
            };
            read.diags.extend(c.diags);
            // The register may lack a private value of this parse.
            if let (Some(registered), Some(Parsed::Case(raw, _))) = (d.registered, &c.parsed)
                && registered != values_hash(&ahead::values_of(raw))
            {
                read.diags.push(changed_while_read(d.file));
            }
            read.sources.insert(d.file, c.src);
            match c.parsed {
                Some(parsed) => place_in_compound(self, d.file, d.stem, parsed),
                None => unparsed_in_compound(self, d.kind, d.stem),
            }
        }
        read
    }

    /// Feeds each deferred file's id, path and (when known) content hash
    /// to `h`: what a compound's validation reads of the files not read yet.
    pub fn hash_deferred(&self, h: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        for d in &self.deferred {
            (d.file, &d.rel, d.hash).hash(h);
        }
    }

    /// Whether `compound.yaml` exists, though it could not be read or parsed.
    pub fn has_unparsed_file(&self) -> bool {
        self.unparsed.iter().any(|(f, _)| f.is_empty())
    }

    /// Whether a file `<folder>/<stem>.*` exists, whether or not it could be parsed.
    pub fn has_file(&self, folder: &str, stem: &str) -> bool {
        let parsed = match folder {
            "cases" => self.cases.iter().any(|d| d.stem == stem),
            "meetings" => self.meetings.iter().any(|d| d.stem == stem),
            "notices" => self.notices.iter().any(|d| d.stem == stem),
            "pledges" => self.pledges.iter().any(|d| d.stem == stem),
            "evaluations" => self.evaluations.iter().any(|d| d.stem == stem),
            _ => false,
        };
        parsed || self.unparsed.iter().any(|(f, s)| *f == folder && s == stem)
    }
}

#[derive(Debug, Default)]
pub struct LoadedCommunity {
    pub slug: String,
    pub dir: FileId,
    pub file: Option<Doc<raw::RawCommunity>>,
    pub compounds: Vec<LoadedCompound>,
    /// `<community>/notices/*.md`: notices for every compound of the community.
    pub notices: Vec<MdDoc<raw::RawNotice>>,
    /// `reports/<YYYY-MM>.md`: the monthly report narratives.
    pub reports: Vec<MdDoc<report::RawReport>>,
    /// `inspections/<YYYY-MM>.md`: the environment committee's inspections.
    pub inspections: Vec<MdDoc<inspection::RawInspection>>,
    /// `community.yaml` exists but could not be read or parsed.
    pub file_unparsed: bool,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    pub root: PathBuf,
    pub sources: SourceMap,
    pub diags: Vec<Diagnostic>,
    pub site: Option<Doc<raw::RawSite>>,
    pub communities: Vec<LoadedCommunity>,
    /// `site.yaml` exists but could not be read or parsed.
    pub site_unparsed: bool,
    /// Every case's private values, read ahead of the rest (the register
    /// must know every compound's before any is validated), by file, in
    /// the order of the walk.
    pub private: Vec<(FileId, String)>,
    /// How many content files the load deferred (see [`Deferred`]).
    pub deferred: usize,
}

// One value per file, moved once from the parser thread: its size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
enum Parsed {
    Site(Arc<raw::RawSite>),
    Community(Arc<raw::RawCommunity>),
    Compound(Arc<raw::RawCompound>),
    Pledges(Arc<raw::RawPledges>),
    Case(Arc<raw::RawCase>, usize),
    Meeting(Arc<raw::RawMeeting>, usize),
    Notice(Arc<raw::RawNotice>, usize),
    Evaluation(Arc<raw::RawEvaluation>),
    Report(Arc<report::RawReport>, usize),
    Inspection(Arc<inspection::RawInspection>, usize),
}

/// What repeated loads (`watch`, `serve`) keep: a stable id per path, and
/// each file's parse, reused while the file's bytes are unchanged; and the
/// tree as last walked, so that a load told what changed (by a watcher)
/// walks, stats and reads only there.
#[derive(Debug, Default)]
pub(crate) struct LoadCache {
    ids: HashMap<String, FileId>,
    files: HashMap<FileId, Cached>,
    /// Each attachment's open check, by id.
    opened: HashMap<FileId, Option<Diagnostic>>,
    /// What was read ahead of each deferred file (see [`Deferred`]);
    /// shared, so an unchanged file's costs no copy.
    ahead: HashMap<FileId, Arc<Ahead>>,
    /// The deferred files whose parses `files` keeps: those of the corners
    /// the last load was told changed. Staff edit one compound several
    /// times in a row, and its other files need not be read and parsed
    /// again at each save; any other compound's parses are let go.
    ready: HashSet<FileId>,
    /// The last load's walk; `None` until a load succeeded.
    walked: Option<tree::Walked>,
    /// What changed since the last load (relative to `content/`), when a
    /// watcher says so; `None`: anything may have changed.
    changed: Option<BTreeSet<PathBuf>>,
}

impl LoadCache {
    /// Tells the next load what changed since the last one: `Some(paths)`
    /// (absolute, as a watcher reports them) when the caller saw every
    /// change, `None` when it may have missed some. Paths outside
    /// `content/` (the themes) do not concern the load.
    pub(crate) fn note_changes(&mut self, root: &Path, changed: Option<&[PathBuf]>) {
        self.changed = None;
        let Some(paths) = changed else { return };
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let content = root.join("content");
        let mut rels = BTreeSet::new();
        for p in paths {
            match p.strip_prefix(&content) {
                Ok(rel) if rel.as_os_str().is_empty() => return,
                Ok(rel) => {
                    rels.insert(rel.to_path_buf());
                }
                Err(_) if p.starts_with(&root) && p != &root => {}
                // Not a path of this site as the load sees it: walk everything.
                Err(_) => return,
            }
        }
        self.changed = Some(rels);
    }
}

/// What a load keeps of a file it deferred: enough to key its compound's
/// validation and to register its private values without reading it again.
#[derive(Debug, Clone, Default)]
struct Ahead {
    stamp: Option<(u64, std::time::SystemTime)>,
    hash: Option<u128>,
    private: Vec<String>,
}

#[derive(Debug, Clone)]
struct Cached {
    /// Length and modification time: an unchanged stamp skips even reading.
    stamp: Option<(u64, std::time::SystemTime)>,
    hash: u128,
    src: Arc<SourceFile>,
    parsed: Option<Parsed>,
    diags: Vec<Diagnostic>,
}

/// Hands out file ids: the same path gets the same id in every load of a
/// cache, so spans inside cached parses stay valid.
pub(crate) struct Ids<'a> {
    map: &'a mut HashMap<String, FileId>,
    sources: &'a mut SourceMap,
}

impl Ids<'_> {
    pub(crate) fn file(&mut self, rel: &str) -> FileId {
        let id = self.id(rel);
        self.sources.set(id, SourceFile::new(rel.to_string(), String::new()));
        id
    }

    /// The id of `rel`, for a file whose source is set by its read.
    fn id(&mut self, rel: &str) -> FileId {
        let next = FileId(u32::try_from(self.map.len()).unwrap_or(u32::MAX));
        match self.map.get(rel) {
            Some(id) => *id,
            None => *self.map.entry(rel.to_string()).or_insert(next),
        }
    }
}

impl std::fmt::Debug for Ids<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ids({})", self.map.len())
    }
}

/// Reads the content folder for one build: the site's, communities' and
/// compounds' own files now, and the private values of every case; the
/// files of each compound's folders are left for validation to read with
/// their compound ([`LoadedCompound::read_deferred`]), so that a city's
/// texts and parses are never all held at once. Content mistakes become
/// diagnostics; only a missing or unreadable root is an operational error.
pub(crate) fn load(root: &Path) -> Result<Loaded, Error> {
    load_inner(root, &mut LoadCache::default(), false)
}

/// [`load`] for repeated builds (`watch`, `serve`): reparsing only the
/// site's, communities' and compounds' own files whose bytes changed since
/// `cache` saw them; after [`LoadCache::note_changes`], walking and reading
/// only where the changes are. The deferred files of each compound are
/// hashed (when changed), so that validation can reuse an unchanged
/// compound without reading them; the cache keeps their hashes and private
/// values, not their texts or parses.
pub(crate) fn load_with(root: &Path, cache: &mut LoadCache) -> Result<Loaded, Error> {
    load_inner(root, cache, true)
}

/// `keep`: the cache is kept for the next load, so every deferred file is
/// hashed; a one-shot load reads ahead only the cases (for their private values).
fn load_inner(root: &Path, cache: &mut LoadCache, keep: bool) -> Result<Loaded, Error> {
    let content = root.join("content");
    let mut loaded = Loaded::default();
    let changed = cache.changed.take();
    let mut ids = Ids { map: &mut cache.ids, sources: &mut loaded.sources };
    // Only corners in `dirty` are looked at on disk; `None`: every one.
    let (walked, dirty) = match (cache.walked.take(), changed) {
        (Some(mut w), Some(rels)) if !w.lossy => {
            for gone in w.update(&content, &rels, &mut ids)? {
                let id = ids.file(&gone.rel);
                cache.files.remove(&id);
                cache.opened.remove(&id);
                cache.ahead.remove(&id);
            }
            let dirty: HashSet<String> =
                rels.iter().map(|r| tree::corner(r).to_string_lossy().replace('\\', "/")).collect();
            (w, Some(dirty))
        }
        _ => (tree::Walked::full(&content, &mut ids)?, None),
    };
    let is_dirty = |rel: &str| dirty.as_ref().is_none_or(|d| in_corners(rel, d));
    let tree = walked.tree(&mut ids);
    loaded.root = content;
    loaded.diags = tree.diags;
    let mut opened = HashMap::new();
    let mut jobs: Vec<(FileId, &walk::Entry, FileKind, At, bool)> = Vec::new();
    // Deferred files read ahead, by compound and place in its list.
    let mut ahead_jobs: Vec<(FileId, &walk::Entry, FileKind, At, usize, bool)> = Vec::new();
    for entry in tree.entries {
        let mut ids = Ids { map: &mut cache.ids, sources: &mut loaded.sources };
        // A content file's source is set by its read, below.
        let id = if matches!(entry.kind, Node::File(_)) { ids.id(&entry.rel) } else { ids.file(&entry.rel) };
        match entry.kind {
            Node::Community => {
                let file_unparsed = tree.unreadable_dirs.contains(&entry.rel.as_str());
                loaded.communities.push(LoadedCommunity {
                    slug: entry.stem.clone(),
                    dir: id,
                    file_unparsed,
                    ..LoadedCommunity::default()
                });
            }
            Node::Compound => {
                if let Some(c) = loaded.communities.last_mut() {
                    let mut p = LoadedCompound { slug: entry.stem.clone(), dir: id, ..LoadedCompound::default() };
                    if tree.unreadable_dirs.contains(&entry.rel.as_str()) {
                        p.unparsed.push(("", "compound".to_string()));
                    }
                    c.compounds.push(p);
                }
            }
            Node::Folder => {}
            Node::Attachment => {
                let (ci, pi) = last(&loaded);
                if let Some(p) = loaded.communities.get_mut(ci).and_then(|c| c.compounds.get_mut(pi)) {
                    let rel = entry.rel.splitn(3, '/').nth(2).unwrap_or_default().to_string();
                    // Opened (not read) now, so that `check` finds what `build` would fail to copy.
                    let found = match cache.opened.get(&id) {
                        Some(d) if !is_dirty(&entry.rel) => d.clone(),
                        _ => match read::open_regular(&entry.path) {
                            Ok(_) | Err(read::ReadError::TooLarge(_)) => None,
                            Err(read::ReadError::NotRegular(what)) => Some(walk::not_regular(id, what)),
                            Err(read::ReadError::Io(e)) => Some(unreadable(id, &e)),
                        },
                    };
                    loaded.diags.extend(found.iter().cloned());
                    opened.insert(id, found);
                    p.attachments.push(Attachment { rel, path: entry.path.clone(), file: id, len: entry.len });
                }
            }
            Node::Link(kind) => {
                let mut at = last(&loaded);
                if kind == FileKind::Notice && entry.rel.matches('/').count() == 2 {
                    at.1 = COMMUNITY;
                }
                unparsed(&mut loaded, kind, at, entry.stem.clone());
            }
            Node::File(kind) => {
                let mut at = last(&loaded);
                // `<community>/notices/x.md`: the community's own, whichever compound came before it.
                if kind == FileKind::Notice && entry.rel.matches('/').count() == 2 {
                    at.1 = COMMUNITY;
                }
                let folder_file = kind.folder().is_some() && at.1 != COMMUNITY;
                match compound(&mut loaded, at.0, at.1).filter(|_| folder_file) {
                    Some(p) => {
                        if keep || kind == FileKind::Case {
                            ahead_jobs.push((id, entry, kind, at, p.deferred.len(), is_dirty(&entry.rel)));
                        }
                        p.deferred.push(Deferred {
                            file: id,
                            path: entry.path.clone(),
                            rel: entry.rel.clone(),
                            kind,
                            stem: entry.stem.clone(),
                            registered: None,
                            hash: None,
                            ready: None,
                        });
                        loaded.deferred += 1;
                        // Its path is known now; its text, once read.
                        loaded.sources.set(id, SourceFile::new(entry.rel.clone(), String::new()));
                    }
                    None => jobs.push((id, entry, kind, at, is_dirty(&entry.rel))),
                }
            }
        }
    }
    let files = &cache.files;
    let results: Vec<_> = jobs
        .into_par_iter()
        .map(|(id, entry, kind, at, look)| {
            // A file outside the changed corners is as it was: no stat, no read.
            let kept = files.get(&id).filter(|c| !look && c.src.rel == entry.rel);
            let fresh = match kept {
                Some(_) => None,
                None => Some(read_cached(id, &entry.path, entry.rel.clone(), kind, files.get(&id), keep)),
            };
            (id, kind, at, entry.stem.clone(), fresh)
        })
        .collect();
    // A full load keeps only what it saw (files deleted since go); a load
    // of changed corners has dropped its deleted files already.
    if dirty.is_none() {
        let seen: HashSet<FileId> = results.iter().map(|r| r.0).collect();
        cache.files.retain(|id, _| seen.contains(id));
        let seen: HashSet<FileId> = ahead_jobs.iter().map(|j| j.0).collect();
        cache.ahead.retain(|id, _| seen.contains(id));
    }
    for (id, kind, at, stem, fresh) in results {
        if let Some(c) = fresh {
            cache.files.insert(id, c);
        }
        let Some(c) = cache.files.get(&id) else { continue };
        loaded.sources.set(id, Arc::clone(&c.src));
        loaded.diags.extend(c.diags.iter().cloned());
        let Some(parsed) = c.parsed.clone() else {
            unparsed(&mut loaded, kind, at, stem);
            continue;
        };
        place(&mut loaded, id, at, stem, parsed);
    }
    let (prior, files) = (&cache.ahead, &cache.files);
    // `serve`/`watch` told what changed: the changed corners' files are read
    // and parsed now, and kept.
    let corners = keep && dirty.is_some();
    let read: Vec<_> = ahead_jobs
        .into_par_iter()
        .map(|(id, entry, kind, at, i, look)| {
            if corners && look {
                let c = read_cached(id, &entry.path, entry.rel.clone(), kind, files.get(&id), true);
                let private = match &c.parsed {
                    Some(Parsed::Case(raw, _)) => ahead::values_of(raw),
                    _ => Vec::new(),
                };
                // A file that could not be read has no hash (as in `read_ahead`).
                let hash = (c.hash != 0).then_some(c.hash);
                return (id, kind, at, i, Arc::new(Ahead { stamp: c.stamp, hash, private }), Some(c));
            }
            let prior = prior.get(&id);
            // A file outside the changed corners is as it was: no stat, no read.
            let a = match prior.filter(|_| !look) {
                Some(a) => Arc::clone(a),
                None => read_ahead(id, &entry.path, kind, keep, prior),
            };
            (id, kind, at, i, a, None)
        })
        .collect();
    let mut ready = HashSet::new();
    for (id, kind, at, i, a, c) in read {
        if let Some(d) = compound(&mut loaded, at.0, at.1).and_then(|p| p.deferred.get_mut(i)) {
            d.hash = a.hash;
            d.registered = (kind == FileKind::Case).then(|| values_hash(&a.private));
            if let Some(c) = c {
                cache.files.insert(id, c.clone());
                ready.insert(id);
                d.ready = Some(c);
            }
        }
        loaded.private.extend(a.private.iter().map(|v| (id, v.clone())));
        if keep {
            cache.ahead.insert(id, a);
        }
    }
    for id in std::mem::replace(&mut cache.ready, ready.clone()).difference(&ready) {
        cache.files.remove(id);
    }
    cache.opened = opened;
    cache.walked = Some(walked);
    Ok(loaded)
}

/// Reads a deferred file ahead of its compound: its hash (when the load
/// keeps a cache) and, for a case, its private values; `prior` is reused
/// while the file's length and modification time are as it saw them.
fn read_ahead(id: FileId, path: &Path, kind: FileKind, keep: bool, prior: Option<&Arc<Ahead>>) -> Arc<Ahead> {
    let stamp = if keep {
        std::fs::symlink_metadata(path).ok().and_then(|m| Some((m.len(), m.modified().ok()?)))
    } else {
        None
    };
    if let Some(a) = prior.filter(|a| stamp.is_some() && a.stamp == stamp) {
        return Arc::clone(a);
    }
    let cap = if kind.is_markdown() { MAX_MARKDOWN_BYTES } else { MAX_YAML_BYTES };
    // Unreadable: its read with the compound says why.
    let Ok(bytes) = read::read_capped(path, cap) else { return Arc::default() };
    let private = if kind == FileKind::Case { ahead::private_values(id, &bytes) } else { Vec::new() };
    Arc::new(Ahead { stamp, hash: Some(xxhash_rust::xxh3::xxh3_128(&bytes)), private })
}

/// Whether `rel` lies in one of `corners` (see [`tree::corner`]).
fn in_corners(rel: &str, corners: &HashSet<String>) -> bool {
    let mut cut = rel.match_indices('/').map(|(i, _)| i);
    let first = cut.next().map_or(rel, |i| &rel[..i]);
    let second = cut.next().map_or(rel, |i| &rel[..i]);
    corners.contains(first) || corners.contains(second)
}

/// Reads a file; parses it unless `cached` holds the parse of the same
/// bytes. `want_stamp`: the file's length and time are worth a `stat` (a
/// later load may reuse the parse by them).
fn read_cached(
    id: FileId,
    path: &Path,
    rel: String,
    kind: FileKind,
    cached: Option<&Cached>,
    want_stamp: bool,
) -> Cached {
    let cap = if kind.is_markdown() { MAX_MARKDOWN_BYTES } else { MAX_YAML_BYTES };
    let empty = |rel: String| SourceFile::new(rel, String::new());
    let meta = (want_stamp || cached.is_some()).then(|| std::fs::symlink_metadata(path).ok()).flatten();
    let stamp = meta.as_ref().and_then(|m| Some((m.len(), m.modified().ok()?)));
    if let Some(c) = cached.filter(|c| stamp.is_some() && c.stamp == stamp && c.src.rel == rel) {
        return c.clone();
    }
    let fail = |d: Diagnostic| Cached {
        stamp: None,
        hash: 0,
        src: Arc::new(empty(rel.clone())),
        parsed: None,
        diags: vec![d],
    };
    let bytes = match read::read_capped(path, cap) {
        Ok(b) => b,
        Err(read::ReadError::TooLarge(size)) => return fail(too_large(id, size, cap)),
        Err(read::ReadError::NotRegular(what)) => return fail(walk::not_regular(id, what)),
        Err(read::ReadError::Io(e)) => return fail(unreadable(id, &e)),
    };
    let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
    if let Some(c) = cached.filter(|c| c.hash == hash && c.src.rel == rel) {
        return Cached { stamp, ..c.clone() };
    }
    let (src, parsed, diags) = parse_one(id, bytes, rel, kind);
    Cached { stamp, hash, src: Arc::new(src), parsed, diags }
}

/// Where a file belongs: its community's and its compound's index.
type At = (usize, usize);

/// The compound index of a file of the community itself.
const COMMUNITY: usize = usize::MAX;

/// The community and compound the walk entered last: files come after their folders.
fn last(l: &Loaded) -> At {
    let ci = l.communities.len().saturating_sub(1);
    let pi = l.communities.get(ci).map_or(0, |c| c.compounds.len().saturating_sub(1));
    (ci, pi)
}

fn compound(l: &mut Loaded, ci: usize, pi: usize) -> Option<&mut LoadedCompound> {
    l.communities.get_mut(ci).and_then(|c| c.compounds.get_mut(pi))
}

/// Notes a file that could not be parsed, so that checks counting a kind
/// (meetings a year, say) know some are missing.
fn unparsed(l: &mut Loaded, kind: FileKind, (ci, pi): At, stem: String) {
    match kind {
        FileKind::Site => l.site_unparsed = true,
        FileKind::Community => {
            if let Some(c) = l.communities.get_mut(ci) {
                c.file_unparsed = true;
            }
        }
        FileKind::Compound => {
            if let Some(p) = compound(l, ci, pi) {
                p.unparsed.push(("", "compound".to_string()));
            }
        }
        _ => {}
    }
    if let Some(p) = compound(l, ci, pi) {
        unparsed_in_compound(p, kind, stem);
    }
}

/// [`unparsed`] for a file of a compound's folders.
fn unparsed_in_compound(p: &mut LoadedCompound, kind: FileKind, stem: String) {
    if let Some(folder) = kind.folder() {
        p.unparsed.push((folder, stem));
    }
}

fn place(l: &mut Loaded, file: FileId, (ci, pi): At, stem: String, parsed: Parsed) {
    match parsed {
        Parsed::Site(raw) => l.site = Some(Doc { file, stem, raw }),
        Parsed::Community(raw) => {
            if let Some(c) = l.communities.get_mut(ci) {
                c.file = Some(Doc { file, stem, raw });
            }
        }
        Parsed::Compound(raw) => {
            if let Some(p) = compound(l, ci, pi) {
                p.file = Some(Doc { file, stem, raw });
            }
        }
        Parsed::Notice(raw, body_at) if pi == COMMUNITY => {
            if let Some(c) = l.communities.get_mut(ci) {
                c.notices.push(MdDoc { file, stem, raw, body_at });
            }
        }
        parsed @ (Parsed::Pledges(_)
        | Parsed::Evaluation(_)
        | Parsed::Case(..)
        | Parsed::Meeting(..)
        | Parsed::Notice(..)) => {
            if let Some(p) = compound(l, ci, pi) {
                place_in_compound(p, file, stem, parsed);
            }
        }
        Parsed::Report(raw, body_at) => {
            if let Some(c) = l.communities.get_mut(ci) {
                c.reports.push(MdDoc { file, stem, raw, body_at });
            }
        }
        Parsed::Inspection(raw, body_at) => {
            if let Some(c) = l.communities.get_mut(ci) {
                c.inspections.push(MdDoc { file, stem, raw, body_at });
            }
        }
    }
}

/// [`place`] for a file of a compound's folders; other kinds are not a compound's.
fn place_in_compound(p: &mut LoadedCompound, file: FileId, stem: String, parsed: Parsed) {
    match parsed {
        Parsed::Pledges(raw) => p.pledges.push(Doc { file, stem, raw }),
        Parsed::Evaluation(raw) => p.evaluations.push(Doc { file, stem, raw }),
        Parsed::Case(raw, body_at) => p.cases.push(MdDoc { file, stem, raw, body_at }),
        Parsed::Meeting(raw, body_at) => p.meetings.push(MdDoc { file, stem, raw, body_at }),
        Parsed::Notice(raw, body_at) => p.notices.push(MdDoc { file, stem, raw, body_at }),
        Parsed::Site(_) | Parsed::Community(_) | Parsed::Compound(_) | Parsed::Report(..) | Parsed::Inspection(..) => {}
    }
}

const CASE_EXAMPLE: &str = "---\ntitle: 3号楼电梯频繁停运\nreceived: 2026-10-08\nlead: property_company\nstatus: received\nupdates:\n  - {date: 2026-10-08, status: received, by: residents_committee, note: 已登记}\n---\n问题描述……";
const MEETING_EXAMPLE: &str =
    "---\ndate: 2026-10-28\nform: regular\nconvener: 王建国\nattendees: [王建国, 李红]\n---\n会议纪要……";
const NOTICE_EXAMPLE: &str = "---\ntitle: 关于……的公示\nkind: repair\npublished: 2026-11-05\nuntil: 2026-11-20\nreported: 2026-10-30\n---\n公示内容……";

/// The example shown when a Markdown file's front matter is broken; `None`
/// for the kinds that are plain YAML.
fn front_matter_example(kind: FileKind) -> Option<&'static str> {
    match kind {
        FileKind::Case => Some(CASE_EXAMPLE),
        FileKind::Meeting => Some(MEETING_EXAMPLE),
        FileKind::Notice => Some(NOTICE_EXAMPLE),
        FileKind::Report => Some(report::EXAMPLE),
        FileKind::Inspection => Some(inspection::EXAMPLE),
        FileKind::Site | FileKind::Community | FileKind::Compound | FileKind::Pledges | FileKind::Evaluation => None,
    }
}

fn parse_one(id: FileId, bytes: Vec<u8>, rel: String, kind: FileKind) -> (SourceFile, Option<Parsed>, Vec<Diagnostic>) {
    let (text, note) = match text::decode(id, &bytes) {
        Ok(t) => t,
        Err(d) => return (SourceFile::new(rel, text::shown(&bytes)), None, vec![*d]),
    };
    let src = SourceFile::new(rel, text);
    let (src, parsed, mut diags) = parse_text(id, src, kind);
    // The encoding warning first: it explains the file, and is about all of it.
    diags.splice(0..0, note);
    (src, parsed, diags)
}

/// Parses a decoded file into its raw type.
fn parse_text(id: FileId, src: SourceFile, kind: FileKind) -> (SourceFile, Option<Parsed>, Vec<Diagnostic>) {
    let (range, body_at) = if let Some(example) = front_matter_example(kind) {
        match text::split_front_matter(id, &src.text, example) {
            Ok(fm) if fm.yaml.len() > MAX_FRONT_MATTER_BYTES => {
                let d = too_large(id, fm.yaml.len() as u64, MAX_FRONT_MATTER_BYTES as u64);
                return (src, None, vec![d]);
            }
            Ok(fm) => (fm.yaml, fm.body.start),
            Err(d) => return (src, None, vec![*d]),
        }
    } else {
        let start = if src.text.starts_with('\u{feff}') { 3 } else { 0 };
        (start..src.text.len(), src.text.len())
    };
    let recovered = recover::parse(id, &src, range);
    let Some(node) = &recovered.node else { return (src, None, recovered.diags) };
    let mut cx = Sink::default();
    let parsed = match kind {
        FileKind::Site => raw::RawSite::from_node(node, &mut cx).map(|r| Parsed::Site(Arc::new(r))),
        FileKind::Community => raw::RawCommunity::from_node(node, &mut cx).map(|r| Parsed::Community(Arc::new(r))),
        FileKind::Compound => raw::RawCompound::from_node(node, &mut cx).map(|r| Parsed::Compound(Arc::new(r))),
        FileKind::Pledges => raw::RawPledges::from_node(node, &mut cx).map(|r| Parsed::Pledges(Arc::new(r))),
        FileKind::Evaluation => raw::RawEvaluation::from_node(node, &mut cx).map(|r| Parsed::Evaluation(Arc::new(r))),
        FileKind::Case => raw::RawCase::from_node(node, &mut cx).map(|r| Parsed::Case(Arc::new(r), body_at)),
        FileKind::Meeting => raw::RawMeeting::from_node(node, &mut cx).map(|r| Parsed::Meeting(Arc::new(r), body_at)),
        FileKind::Notice => raw::RawNotice::from_node(node, &mut cx).map(|r| Parsed::Notice(Arc::new(r), body_at)),
        FileKind::Report => report::RawReport::from_node(node, &mut cx).map(|r| Parsed::Report(Arc::new(r), body_at)),
        FileKind::Inspection => {
            inspection::RawInspection::from_node(node, &mut cx).map(|r| Parsed::Inspection(Arc::new(r), body_at))
        }
    };
    // A file read past its YAML mistakes reports those first, then everything else.
    let mut diags = recovered.diags.clone();
    diags.extend(cx.diags.into_iter().filter(|d| recovered.keeps(d)));
    (src, parsed, diags)
}

/// A file that exists but cannot be read: said as such, so that nothing
/// later calls it missing.
pub(crate) fn unreadable(id: FileId, e: &std::io::Error) -> Diagnostic {
    let (zh, en) = match e.kind() {
        std::io::ErrorKind::PermissionDenied => ("没有读取权限", "permission denied"),
        std::io::ErrorKind::IsADirectory => ("这是一个文件夹，不是文件", "it is a folder, not a file"),
        _ => ("读取出错", "read error"),
    };
    Diagnostic::error(
        Code::FileUnreadable,
        Loc::File(id),
        Text::new(format!("文件存在，但无法读取：{zh}（{e}）"), format!("the file exists but cannot be read: {en} ({e})")),
    )
    .hint(Text::new(
        "检查这个文件的权限（Windows：右键 → 属性 → 安全），让运行 gongshi 的用户可以读取；或确认它没有被别的程序锁住。",
        "Check the file's permissions so that the user running gongshi can read it, or that no other program locks it.",
    ))
}

fn values_hash(values: &[String]) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    std::hash::Hash::hash(values, &mut h);
    h.digest128()
}

/// A case saved again between the read of its private values and the read
/// of the rest: the build cannot know it registered every private value.
fn changed_while_read(id: FileId) -> Diagnostic {
    Diagnostic::error(
        Code::FileChanged,
        Loc::File(id),
        Text::new(
            "构建过程中这个文件被修改了：两次读到的私密信息（private）不一样",
            "the file changed during the build: its private values read differently the two times it was read",
        ),
    )
    .hint(Text::new(
        "保存完成后重新运行 gongshi；构建不会使用读到一半的内容。",
        "Run gongshi again once the file is saved; a build never uses half-read content.",
    ))
}

fn too_large(id: FileId, size: u64, cap: u64) -> Diagnostic {
    let kib = |b: u64| b.div_ceil(1024);
    Diagnostic::error(
        Code::FileTooLarge,
        Loc::File(id),
        Text::new(
            format!("文件过大（{} KB，上限 {} KB）", kib(size), kib(cap)),
            format!("the file is too large ({} KiB, at most {} KiB)", kib(size), kib(cap)),
        ),
    )
    .hint(Text::new(
        "把长内容拆成几个文件，或把大段材料作为附件（PDF）上传。",
        "Split it, or attach long material as a PDF.",
    ))
}
