//! Stage 1: files → raw input. Walks `content/` without following links,
//! decodes and parses every file in parallel, and keeps each file's text for
//! diagnostics. Nothing here judges meaning; that is `validate`'s job.

pub mod inspection;
pub mod raw;
pub mod report;
pub mod reserved;
pub mod text;
pub mod walk;
pub mod yaml;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, FileId, Loc, SourceFile, SourceMap, Text};
use crate::error::Error;
use raw::{Cx, FromNode};

/// Size caps, checked before a byte is parsed.
pub const MAX_YAML_BYTES: u64 = 256 * 1024;
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;
pub const MAX_MARKDOWN_BYTES: u64 = 1024 * 1024;
pub const MAX_ATTACHMENT_BYTES: u64 = 20 * 1024 * 1024;

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
    pub unparsed: Vec<(&'static str, String)>,
}

impl LoadedCompound {
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
    /// reports/<YYYY-MM>.md: the monthly report narratives.
    pub reports: Vec<MdDoc<report::RawReport>>,
    /// inspections/<YYYY-MM>.md: the environment committee's inspections.
    pub inspections: Vec<MdDoc<inspection::RawInspection>>,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    pub root: PathBuf,
    pub sources: SourceMap,
    pub diags: Vec<Diagnostic>,
    pub site: Option<Doc<raw::RawSite>>,
    pub communities: Vec<LoadedCommunity>,
}

/// What a file is, decided by where it sits.
#[derive(Debug, Clone, Copy)]
enum Role {
    Site,
    Community(usize),
    Compound(usize, usize),
    Pledges(usize, usize),
    Case(usize, usize),
    Meeting(usize, usize),
    Notice(usize, usize),
    Evaluation(usize, usize),
    Report(usize),
    Inspection(usize),
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
/// each file's parse, reused while the file's bytes are unchanged.
#[derive(Debug, Default)]
pub struct LoadCache {
    ids: HashMap<String, FileId>,
    files: HashMap<FileId, Cached>,
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
pub struct Ids<'a> {
    map: &'a mut HashMap<String, FileId>,
    sources: &'a mut SourceMap,
}

impl Ids<'_> {
    pub fn file(&mut self, rel: &str) -> FileId {
        let next = FileId(u32::try_from(self.map.len()).unwrap_or(u32::MAX));
        let id = match self.map.get(rel) {
            Some(id) => *id,
            None => *self.map.entry(rel.to_string()).or_insert(next),
        };
        self.sources.set(id, SourceFile::new(rel.to_string(), String::new()));
        id
    }
}

impl std::fmt::Debug for Ids<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ids({})", self.map.len())
    }
}

/// Reads the content folder. Content mistakes become diagnostics; only a
/// missing or unreadable root is an operational error.
pub fn load(root: &Path) -> Result<Loaded, Error> {
    load_with(root, &mut LoadCache::default())
}

/// [`load`], reparsing only the files whose bytes changed since `cache` saw them.
pub fn load_with(root: &Path, cache: &mut LoadCache) -> Result<Loaded, Error> {
    let content = root.join("content");
    let mut loaded = Loaded::default();
    let mut ids = Ids { map: &mut cache.ids, sources: &mut loaded.sources };
    let tree = walk::walk(&content, &mut ids)?;
    loaded.root = content;
    loaded.diags = tree.diags;
    let mut jobs: Vec<(FileId, PathBuf, Role, String)> = Vec::new();
    for entry in tree.entries {
        let id = Ids { map: &mut cache.ids, sources: &mut loaded.sources }.file(&entry.rel);
        match entry.kind {
            walk::Kind::Community => {
                loaded.communities.push(LoadedCommunity { slug: entry.stem, dir: id, ..LoadedCommunity::default() });
            }
            walk::Kind::Compound => {
                if let Some(c) = loaded.communities.last_mut() {
                    c.compounds.push(LoadedCompound { slug: entry.stem, dir: id, ..LoadedCompound::default() });
                }
            }
            walk::Kind::Folder => {}
            walk::Kind::Attachment => {
                let (ci, pi) = last(&loaded);
                if let Some(p) = loaded.communities.get_mut(ci).and_then(|c| c.compounds.get_mut(pi)) {
                    let rel = entry.rel.splitn(3, '/').nth(2).unwrap_or_default().to_string();
                    p.attachments.push(Attachment { rel, path: entry.path, file: id });
                }
            }
            kind => {
                let (ci, pi) = last(&loaded);
                let role = match kind {
                    walk::Kind::Site => Role::Site,
                    walk::Kind::CommunityFile => Role::Community(ci),
                    walk::Kind::CompoundFile => Role::Compound(ci, pi),
                    walk::Kind::Pledges => Role::Pledges(ci, pi),
                    walk::Kind::Case => Role::Case(ci, pi),
                    walk::Kind::Meeting => Role::Meeting(ci, pi),
                    walk::Kind::Notice => Role::Notice(ci, pi),
                    walk::Kind::Report => Role::Report(ci),
                    walk::Kind::Inspection => Role::Inspection(ci),
                    _ => Role::Evaluation(ci, pi),
                };
                jobs.push((id, entry.path, role, entry.stem));
            }
        }
    }
    let files = &cache.files;
    let results: Vec<_> = jobs
        .into_par_iter()
        .map(|(id, path, role, stem)| {
            let rel = loaded.sources.get(id).rel.clone();
            (id, role, stem, read_cached(id, &path, rel, role, files.get(&id)))
        })
        .collect();
    let mut fresh = HashMap::with_capacity(results.len());
    for (id, role, stem, c) in results {
        let Cached { src, parsed, diags, .. } = c.clone();
        fresh.insert(id, c);
        loaded.sources.set(id, src);
        loaded.diags.extend(diags);
        let Some(parsed) = parsed else {
            unparsed(&mut loaded, role, stem);
            continue;
        };
        place(&mut loaded, id, role, stem, parsed);
    }
    cache.files = fresh;
    Ok(loaded)
}

/// Reads a file; parses it unless `cached` holds the parse of the same bytes.
fn read_cached(id: FileId, path: &Path, rel: String, role: Role, cached: Option<&Cached>) -> Cached {
    let is_md =
        matches!(role, Role::Case(..) | Role::Meeting(..) | Role::Notice(..) | Role::Report(_) | Role::Inspection(_));
    let cap = if is_md { MAX_MARKDOWN_BYTES } else { MAX_YAML_BYTES };
    let empty = |rel: String| SourceFile::new(rel, String::new());
    let meta = std::fs::symlink_metadata(path).ok();
    let size = meta.as_ref().map_or(0, std::fs::Metadata::len);
    let stamp = meta.as_ref().and_then(|m| Some((m.len(), m.modified().ok()?)));
    if let Some(c) = cached.filter(|c| stamp.is_some() && c.stamp == stamp && c.src.rel == rel) {
        return c.clone();
    }
    if size > cap {
        return Cached {
            stamp: None,
            hash: 0,
            src: Arc::new(empty(rel)),
            parsed: None,
            diags: vec![too_large(id, size, cap)],
        };
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let d = Diagnostic::error(
                "file-unreadable",
                Loc::File(id),
                Text::new(format!("无法读取文件：{e}"), format!("cannot read the file: {e}")),
            );
            return Cached { stamp: None, hash: 0, src: Arc::new(empty(rel)), parsed: None, diags: vec![d] };
        }
    };
    let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
    if let Some(c) = cached.filter(|c| c.hash == hash && c.src.rel == rel) {
        return Cached { stamp, ..c.clone() };
    }
    let (src, parsed, diags) = parse_one(id, bytes, rel, role);
    Cached { stamp, hash, src: Arc::new(src), parsed, diags }
}

fn last(l: &Loaded) -> (usize, usize) {
    let ci = l.communities.len().saturating_sub(1);
    let pi = l.communities.get(ci).map_or(0, |c| c.compounds.len().saturating_sub(1));
    (ci, pi)
}

fn compound(l: &mut Loaded, ci: usize, pi: usize) -> Option<&mut LoadedCompound> {
    l.communities.get_mut(ci).and_then(|c| c.compounds.get_mut(pi))
}

fn unparsed(l: &mut Loaded, role: Role, stem: String) {
    let (folder, ci, pi) = match role {
        Role::Pledges(ci, pi) => ("pledges", ci, pi),
        Role::Case(ci, pi) => ("cases", ci, pi),
        Role::Meeting(ci, pi) => ("meetings", ci, pi),
        Role::Notice(ci, pi) => ("notices", ci, pi),
        Role::Evaluation(ci, pi) => ("evaluations", ci, pi),
        Role::Site | Role::Community(_) | Role::Compound(..) | Role::Report(_) | Role::Inspection(_) => return,
    };
    if let Some(p) = compound(l, ci, pi) {
        p.unparsed.push((folder, stem));
    }
}

fn place(l: &mut Loaded, file: FileId, role: Role, stem: String, parsed: Parsed) {
    match (role, parsed) {
        (Role::Site, Parsed::Site(raw)) => l.site = Some(Doc { file, stem, raw }),
        (Role::Community(ci), Parsed::Community(raw)) => {
            if let Some(c) = l.communities.get_mut(ci) {
                c.file = Some(Doc { file, stem, raw });
            }
        }
        (Role::Compound(ci, pi), Parsed::Compound(raw)) => {
            if let Some(p) = compound(l, ci, pi) {
                p.file = Some(Doc { file, stem, raw });
            }
        }
        (Role::Pledges(ci, pi), Parsed::Pledges(raw)) => {
            if let Some(p) = compound(l, ci, pi) {
                p.pledges.push(Doc { file, stem, raw });
            }
        }
        (Role::Evaluation(ci, pi), Parsed::Evaluation(raw)) => {
            if let Some(p) = compound(l, ci, pi) {
                p.evaluations.push(Doc { file, stem, raw });
            }
        }
        (Role::Case(ci, pi), Parsed::Case(raw, body_at)) => {
            if let Some(p) = compound(l, ci, pi) {
                p.cases.push(MdDoc { file, stem, raw, body_at });
            }
        }
        (Role::Meeting(ci, pi), Parsed::Meeting(raw, body_at)) => {
            if let Some(p) = compound(l, ci, pi) {
                p.meetings.push(MdDoc { file, stem, raw, body_at });
            }
        }
        (Role::Notice(ci, pi), Parsed::Notice(raw, body_at)) => {
            if let Some(p) = compound(l, ci, pi) {
                p.notices.push(MdDoc { file, stem, raw, body_at });
            }
        }
        (Role::Report(ci), Parsed::Report(raw, body_at)) => {
            if let Some(c) = l.communities.get_mut(ci) {
                c.reports.push(MdDoc { file, stem, raw, body_at });
            }
        }
        (Role::Inspection(ci), Parsed::Inspection(raw, body_at)) => {
            if let Some(c) = l.communities.get_mut(ci) {
                c.inspections.push(MdDoc { file, stem, raw, body_at });
            }
        }
        _ => {}
    }
}

const CASE_EXAMPLE: &str = "---\ntitle: 3号楼电梯频繁停运\nreceived: 2026-10-08\nlead: property_company\nstatus: received\nupdates:\n  - {date: 2026-10-08, status: received, by: residents_committee, note: 已登记}\n---\n问题描述……";
const MEETING_EXAMPLE: &str =
    "---\ndate: 2026-10-28\nform: regular\nconvener: 王建国\nattendees: [王建国, 李红]\n---\n会议纪要……";
const NOTICE_EXAMPLE: &str = "---\ntitle: 关于……的公示\nkind: repair\npublished: 2026-11-05\nuntil: 2026-11-20\nreported: 2026-10-30\n---\n公示内容……";

fn parse_one(id: FileId, bytes: Vec<u8>, rel: String, role: Role) -> (SourceFile, Option<Parsed>, Vec<Diagnostic>) {
    let is_md =
        matches!(role, Role::Case(..) | Role::Meeting(..) | Role::Notice(..) | Role::Report(_) | Role::Inspection(_));
    let text = match text::decode(id, &bytes) {
        Ok(t) => t,
        Err(d) => return (SourceFile::new(rel, text::shown(&bytes)), None, vec![*d]),
    };
    let src = SourceFile::new(rel, text);
    let (range, body_at) = if is_md {
        let example = match role {
            Role::Meeting(..) => MEETING_EXAMPLE,
            Role::Notice(..) => NOTICE_EXAMPLE,
            Role::Report(_) => report::EXAMPLE,
            Role::Inspection(_) => inspection::EXAMPLE,
            _ => CASE_EXAMPLE,
        };
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
    let node = match yaml::parse(id, &src, range) {
        Ok(n) => n,
        Err(diags) => return (src, None, diags),
    };
    let mut cx = Cx::default();
    let parsed = match role {
        Role::Site => raw::RawSite::from_node(&node, &mut cx).map(|r| Parsed::Site(Arc::new(r))),
        Role::Community(_) => raw::RawCommunity::from_node(&node, &mut cx).map(|r| Parsed::Community(Arc::new(r))),
        Role::Compound(..) => raw::RawCompound::from_node(&node, &mut cx).map(|r| Parsed::Compound(Arc::new(r))),
        Role::Pledges(..) => raw::RawPledges::from_node(&node, &mut cx).map(|r| Parsed::Pledges(Arc::new(r))),
        Role::Evaluation(..) => raw::RawEvaluation::from_node(&node, &mut cx).map(|r| Parsed::Evaluation(Arc::new(r))),
        Role::Case(..) => raw::RawCase::from_node(&node, &mut cx).map(|r| Parsed::Case(Arc::new(r), body_at)),
        Role::Meeting(..) => raw::RawMeeting::from_node(&node, &mut cx).map(|r| Parsed::Meeting(Arc::new(r), body_at)),
        Role::Notice(..) => raw::RawNotice::from_node(&node, &mut cx).map(|r| Parsed::Notice(Arc::new(r), body_at)),
        Role::Report(_) => report::RawReport::from_node(&node, &mut cx).map(|r| Parsed::Report(Arc::new(r), body_at)),
        Role::Inspection(_) => {
            inspection::RawInspection::from_node(&node, &mut cx).map(|r| Parsed::Inspection(Arc::new(r), body_at))
        }
    };
    (src, parsed, cx.diags)
}

fn too_large(id: FileId, size: u64, cap: u64) -> Diagnostic {
    let kib = |b: u64| b.div_ceil(1024);
    Diagnostic::error(
        "file-too-large",
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
