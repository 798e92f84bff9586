//! Walking `content/`: never follows a symlink (so it cannot loop), skips
//! editor leftovers, and names every file by the role its place gives it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::Ids;
use crate::diag::{Code, Diagnostic, FileId, Loc, Text};
use crate::names::{RESERVED_AT_TOP, RESERVED_CASE_IDS, RESERVED_IN_COMMUNITY, is_ignored, is_slug, suggest_slug};

/// What a content file is, decided by where it sits: it decides how the
/// file is parsed and where its parse is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Site,
    Community,
    Compound,
    Pledges,
    Evaluation,
    Case,
    Meeting,
    Notice,
    /// A community's monthly report narrative, `reports/<YYYY-MM>.md`.
    Report,
    /// An environment committee inspection, `inspections/<YYYY-MM>.md`.
    Inspection,
}

impl FileKind {
    /// Markdown with YAML front matter; the others are plain YAML.
    pub(crate) fn is_markdown(self) -> bool {
        match self {
            FileKind::Case | FileKind::Meeting | FileKind::Notice | FileKind::Report | FileKind::Inspection => true,
            FileKind::Site | FileKind::Community | FileKind::Compound | FileKind::Pledges | FileKind::Evaluation => {
                false
            }
        }
    }

    /// The compound's folder that holds files of this kind, if any.
    pub(crate) fn folder(self) -> Option<&'static str> {
        match self {
            FileKind::Pledges => Some("pledges"),
            FileKind::Evaluation => Some("evaluations"),
            FileKind::Case => Some("cases"),
            FileKind::Meeting => Some("meetings"),
            FileKind::Notice => Some("notices"),
            // Community-level folders: not a compound's.
            FileKind::Site | FileKind::Community | FileKind::Compound | FileKind::Report | FileKind::Inspection => None,
        }
    }
}

/// What the walk found at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Node {
    /// A community's folder.
    Community,
    /// A compound's folder.
    Compound,
    /// A folder that only holds files of the kinds below.
    Folder,
    /// Any file under a compound's `attachments/`.
    Attachment,
    File(FileKind),
    /// A link in the place of a content file: never read, but there, so
    /// that the file is not also reported missing.
    Link(FileKind),
}

#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Relative to `content/`, with `/`.
    pub rel: String,
    pub path: PathBuf,
    pub kind: Node,
    /// The folder name for folders, the file name without extension for files.
    pub stem: String,
    /// The size in bytes, as the walk saw it (without following a link);
    /// `None` when it could not be read.
    pub len: Option<u64>,
}

/// What the walk saw at one path: the entry the load reads there (if any),
/// the diagnostics it raised, and whether it went inside. Kept between
/// loads (see [`super::tree`]), so that a change re-walks only its corner.
#[derive(Debug, Clone, Default)]
pub(crate) struct Seen {
    pub entry: Option<Entry>,
    pub diags: Vec<Diagnostic>,
    /// The paths given a file id only to carry one of `diags`.
    pub names: Vec<String>,
    /// The folder's contents could not be listed (its path, relative, with `/`).
    pub unreadable: Option<String>,
    /// A folder the walk went into (not a link, nor a folder it skipped).
    pub entered: bool,
}

/// Everything one walk saw, by path relative to `content/`. `Path`'s order
/// (component by component) is the walk's order (a folder, then what is
/// inside it, siblings by name), so iterating the map replays the walk.
pub(crate) type Seens = BTreeMap<PathBuf, Seen>;

/// Walks `start` (`content/` itself, or a path inside it whose parent the
/// walk enters) into `seens`. Returns whether a name was not Unicode.
pub(crate) fn visit(content: &Path, start: &Path, sources: &mut Ids, seens: &mut Seens) -> bool {
    let mut lossy = false;
    let depth = start.strip_prefix(content).map_or(0, |r| r.components().count());
    let mut walker = WalkDir::new(start)
        .follow_links(false)
        // The content folder itself may be a link; a path inside it is judged like any other.
        .follow_root_links(depth == 0)
        .min_depth(usize::from(depth == 0))
        .max_depth(12usize.saturating_sub(depth))
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.file_name().to_str().is_none_or(|n| !is_ignored(n)));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| content.to_path_buf());
                let rel = rel_of(content, &path);
                let seen = seens.entry(key_of(content, &path)).or_default();
                seen.unreadable = Some(rel.clone());
                let id = pseudo(sources, seen, rel);
                seen.diags.push(Diagnostic::error(
                    Code::FileUnreadable,
                    Loc::File(id),
                    Text::new(format!("无法读取：{e}"), format!("cannot read: {e}")),
                ));
                continue;
            }
        };
        let rel = rel_of(content, entry.path());
        let is_dir = entry.file_type().is_dir();
        let seen = seens.entry(key_of(content, entry.path())).or_default();
        // Where the walk goes in by itself, unless told to skip below.
        seen.entered = is_dir && !entry.path_is_symlink();
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            lossy = true;
            let id = pseudo(sources, seen, rel);
            seen.diags.push(
                Diagnostic::error(
                    Code::FileNameEncoding,
                    Loc::File(id),
                    Text::new("文件名含有无法识别的字符", "the file name is not valid Unicode"),
                )
                .hint(Text::new("请重命名，只用中文、字母、数字和短横线。", "Please rename it.")),
            );
            continue;
        };
        if entry.path_is_symlink() {
            let (stem, ext) = split_ext(&name);
            if let Some(Node::File(kind)) = classify(&rel.split('/').collect::<Vec<_>>(), false, ext) {
                let (path, stem) = (entry.path().to_path_buf(), stem.to_string());
                seen.entry = Some(Entry { rel: rel.clone(), path, kind: Node::Link(kind), stem, len: None });
            }
            let id = pseudo(sources, seen, rel);
            seen.diags.push(
                Diagnostic::error(Code::FileSymlink, Loc::File(id), Text::new("不支持符号链接", "symbolic links are not supported"))
                    .hint(Text::new(
                        "把链接换成真正的文件或文件夹（复制过来）。gongshi 不会跟随链接，以免发布内容目录之外的文件。",
                        "Replace the link with a real copy; gongshi never follows links, so nothing outside content/ is published.",
                    )),
            );
            continue;
        }
        let parts: Vec<&str> = rel.split('/').collect();
        let (stem, ext) = split_ext(&name);
        let kind = classify(&parts, is_dir, ext);
        // A pipe, socket or device is never opened. One in the place of a
        // content file goes on to the reader, which says so without opening
        // it, so that the file is not also reported missing.
        if let Some(what) = super::read::special_kind(entry.file_type())
            && !matches!(kind, Some(Node::File(_)))
        {
            let id = pseudo(sources, seen, rel);
            seen.diags.push(not_regular(id, what));
            continue;
        }
        let Some(kind) = kind else {
            if !is_dir {
                let id = pseudo(sources, seen, rel.clone());
                let d = match lookalike(&parts, &name) {
                    Some(right) => lookalike_file(id, &name, &right),
                    None => unexpected_file(id, &parts),
                };
                seen.diags.push(d);
            }
            continue;
        };
        let stem = if is_dir { name.clone() } else { stem.to_string() };
        // `reports/` and `inspections/` beside the compounds hold the
        // community's records; one holding a compound.yaml is a compound
        // named like them, which would otherwise vanish into a records folder.
        if is_dir && kind == Node::Folder && is_records_folder(&parts) && holds_compound_file(entry.path()) {
            let id = pseudo(sources, seen, format!("{rel}/"));
            seen.diags.push(reserved(id, &stem, ("社区文件夹", "the community's folder")));
            seen.entered = false;
            walker.skip_current_dir();
            continue;
        }
        if matches!(kind, Node::Community | Node::Compound) && !is_slug(&stem) {
            let id = pseudo(sources, seen, format!("{rel}/"));
            seen.diags.push(bad_slug(id, &stem, true));
            // Its contents would belong to no community; the build stops anyway.
            seen.entered = false;
            walker.skip_current_dir();
            continue;
        }
        if let Some(level) = reserved_level(kind, &stem) {
            let id = pseudo(sources, seen, if is_dir { format!("{rel}/") } else { rel.clone() });
            seen.diags.push(reserved(id, &stem, level));
            if is_dir {
                seen.entered = false;
                walker.skip_current_dir();
            }
            continue;
        }
        if matches!(kind, Node::File(FileKind::Case | FileKind::Meeting | FileKind::Notice)) && !is_slug(&stem) {
            let id = pseudo(sources, seen, rel.clone());
            seen.diags.push(bad_slug(id, &stem, false));
            continue;
        }
        if kind == Node::Folder {
            continue;
        }
        let len = entry.metadata().ok().map(|m| m.len());
        seen.entry = Some(Entry { rel, path: entry.path().to_path_buf(), kind, stem, len });
    }
    lossy
}

/// The key of `path` in [`Seens`].
pub(crate) fn key_of(content: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(content).unwrap_or(path).to_path_buf()
}

/// Names that differ only in letter case or in Unicode form (NFC/NFD, as
/// macOS writes them) are one file on Windows, on most servers' disks and
/// in the output: the later one is an error. Both are still read, so that
/// references to either are not also reported missing. Returns the
/// diagnostics with the path each one's id was given for.
pub(crate) fn collisions<'a>(entries: impl Iterator<Item = &'a Entry>, sources: &mut Ids) -> Vec<(Diagnostic, String)> {
    use unicode_normalization::UnicodeNormalization as _;
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    let mut found = Vec::new();
    for e in entries {
        let key: String = e.rel.nfc().collect::<String>().to_lowercase();
        match seen.get(&key) {
            Some(first) => {
                let id = sources.file(&e.rel);
                found.push((case_collision(id, &e.rel, first), e.rel.clone()));
            }
            None => {
                seen.insert(key, &e.rel);
            }
        }
    }
    found
}

/// A community's `reports/` or `inspections/` folder.
fn is_records_folder(parts: &[&str]) -> bool {
    matches!(parts, [_, "reports" | "inspections"])
}

fn holds_compound_file(dir: &Path) -> bool {
    ["compound.yaml", "compound.yml"].iter().any(|f| dir.join(f).is_file())
}

/// The level whose generated folders `stem` would clash with, if any.
fn reserved_level(kind: Node, stem: &str) -> Option<(&'static str, &'static str)> {
    let (list, level) = match kind {
        Node::Community => (RESERVED_AT_TOP, ("网站首页", "the site's top level")),
        Node::Compound => (RESERVED_IN_COMMUNITY, ("社区文件夹", "the community's folder")),
        Node::File(FileKind::Case) => (RESERVED_CASE_IDS, ("事项列表", "the case list")),
        _ => return None,
    };
    list.contains(&stem).then_some(level)
}

/// The name a look-alike file was meant to have: `2026-001.md.txt`,
/// `2026-001.MD` and `2026-001.markdown` in `cases/` mean `2026-001.md`,
/// `Compound.yaml` means `compound.yaml`. `None` when no right name is near.
fn lookalike(parts: &[&str], name: &str) -> Option<String> {
    let mut right = name.to_lowercase();
    for tail in [".txt", ".text"] {
        if let Some(s) = right.strip_suffix(tail) {
            right = s.to_string();
        }
    }
    for (wrong, good) in [(".markdown", ".md"), (".mdown", ".md"), (".mkd", ".md")] {
        if let Some(s) = right.strip_suffix(wrong) {
            right = format!("{s}{good}");
        }
    }
    if right == name {
        return None;
    }
    let mut fixed = parts.to_vec();
    let last = fixed.len().checked_sub(1)?;
    fixed[last] = &right;
    let (_, ext) = split_ext(&right);
    matches!(classify(&fixed, false, ext), Some(Node::File(_))).then_some(right)
}

fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i + 1..]),
        _ => (name, ""),
    }
}

fn classify(parts: &[&str], is_dir: bool, ext: &str) -> Option<Node> {
    let yaml = !is_dir && (ext == "yaml" || ext == "yml");
    let md = !is_dir && ext == "md";
    match parts {
        ["site.yaml" | "site.yml"] => Some(Node::File(FileKind::Site)),
        [_] if is_dir => Some(Node::Community),
        [_, "community.yaml" | "community.yml"] => Some(Node::File(FileKind::Community)),
        // A community's own notices (urgent ones for all its compounds); so no compound is named `notices`.
        [_, "notices"] if is_dir => Some(Node::Folder),
        [_, "notices", _] if md => Some(Node::File(FileKind::Notice)),
        // Nothing else there (a compound.yaml) makes the folder a compound.
        [_, "notices", ..] => None,
        [_, "reports" | "inspections"] if is_dir => Some(Node::Folder),
        [_, "reports", _] if md => Some(Node::File(FileKind::Report)),
        [_, "inspections", _] if md => Some(Node::File(FileKind::Inspection)),
        [_, _] if is_dir => Some(Node::Compound),
        [_, _, "compound.yaml" | "compound.yml"] => Some(Node::File(FileKind::Compound)),
        [_, _, "pledges" | "cases" | "meetings" | "notices" | "evaluations"] if is_dir => Some(Node::Folder),
        [_, _, "pledges", _] if yaml => Some(Node::File(FileKind::Pledges)),
        [_, _, "evaluations", _] if yaml => Some(Node::File(FileKind::Evaluation)),
        [_, _, "cases", _] if md => Some(Node::File(FileKind::Case)),
        [_, _, "meetings", _] if md => Some(Node::File(FileKind::Meeting)),
        [_, _, "notices", _] if md => Some(Node::File(FileKind::Notice)),
        [_, _, "attachments", ..] if is_dir => Some(Node::Folder),
        [_, _, "attachments", ..] => Some(Node::Attachment),
        _ => None,
    }
}

fn rel_of(content: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(content).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// A file that only carries diagnostics (a bad name, a link, a folder).
fn pseudo(ids: &mut Ids, seen: &mut Seen, rel: String) -> FileId {
    let id = ids.file(&rel);
    seen.names.push(rel);
    id
}

/// A pipe, socket or device: never opened, since reading one can block
/// forever (a pipe) or never end (`/dev/zero`).
pub(crate) fn not_regular(id: FileId, what: &str) -> Diagnostic {
    Diagnostic::error(
        Code::FileNotRegular,
        Loc::File(id),
        Text::new(
            format!("不是普通文件：这是{what}，gongshi 不会读取它"),
            format!("not a regular file but a {what}; it is not read"),
        ),
    )
    .hint(Text::new(
        "content/ 里只能放普通的文件和文件夹。请删掉它，或换成真正的文件。",
        "Only plain files and folders belong in content/: delete it or replace it with a real file.",
    ))
}

fn lookalike_file(id: FileId, name: &str, right: &str) -> Diagnostic {
    Diagnostic::error(
        Code::FileLookalike,
        Loc::File(id),
        Text::new(
            format!("文件名 `{name}` 不对，这个文件不会被读取；你是不是想用 `{right}`？"),
            format!("the file name `{name}` is not one gongshi reads; did you mean `{right}`?"),
        ),
    )
    .hint(Text::new(
        format!("把它改名为 `{right}`。Windows 默认隐藏扩展名：在资源管理器里勾选“查看 → 文件扩展名”才能看到完整的名字。"),
        format!("Rename it to `{right}`. Windows hides extensions by default: tick View → File name extensions in Explorer to see the whole name."),
    ))
}

fn case_collision(id: FileId, rel: &str, first: &str) -> Diagnostic {
    Diagnostic::error(
        Code::NameCaseCollision,
        Loc::File(id),
        Text::new(
            format!("`{rel}` 与 `{first}` 只差大小写（或字符写法），在 Windows 和网站服务器上会变成同一个文件"),
            format!("`{rel}` differs from `{first}` only in letter case or Unicode form; on Windows and on servers they are one file"),
        ),
    )
    .hint(Text::new("给其中一个换个名字（附件里的引用也要一起改）。", "Rename one of them (and the references to it)."))
}

fn reserved(id: FileId, name: &str, (zh, en): (&str, &str)) -> Diagnostic {
    Diagnostic::error(
        Code::NameReserved,
        Loc::File(id),
        Text::new(
            format!("名字 `{name}` 已被网站自己使用（{zh}里有同名的生成页面），会和它冲突"),
            format!("the name `{name}` is used by the generated site itself (in {en}) and would clash with it"),
        ),
    )
    .hint(Text::new(
        format!("换一个名字，例如 `{name}-1` 或名称的拼音。"),
        format!("Choose another name, e.g. `{name}-1` or the pinyin of the name."),
    ))
}

fn unexpected_file(id: FileId, parts: &[&str]) -> Diagnostic {
    let (zh, en) = match parts {
        [_, _, "pledges" | "evaluations", _] => ("这里只认 .yaml 文件", "only .yaml files belong here"),
        [_, _, "cases" | "meetings" | "notices", _] => ("这里只认 .md 文件", "only .md files belong here"),
        _ => ("不认识的文件，不会发布", "unexpected file; it is not published"),
    };
    let hint = Text::new(
        "内容目录的结构：content/site.yaml，社区文件夹/community.yaml，小区文件夹/compound.yaml 及 pledges、cases、meetings、notices、evaluations、attachments 文件夹。附件请放进 attachments/。",
        "Layout: content/site.yaml, <community>/community.yaml, <compound>/compound.yaml with pledges, cases, meetings, notices, evaluations and attachments folders. Put attachments in attachments/.",
    );
    Diagnostic::warning(Code::FileUnexpected, Loc::File(id), Text::new(zh, en)).hint(hint)
}

fn bad_slug(id: FileId, name: &str, folder: bool) -> Diagnostic {
    let what = if folder { ("文件夹名", "folder name") } else { ("文件名", "file name") };
    let suggestion = match suggest_slug(name) {
        Some(s) if s != name => (format!("例如改成 `{s}`。"), format!("For example `{s}`.")),
        _ => (
            "例如用名称的拼音，像 `lanyuan`。".to_string(),
            "For example the pinyin of the name, like `lanyuan`.".to_string(),
        ),
    };
    Diagnostic::error(
        Code::NameNotSlug,
        Loc::File(id),
        Text::new(
            format!("{} `{name}` 会成为网址的一部分，只能用小写英文字母、数字和短横线“-”", what.0),
            format!("the {} `{name}` becomes part of a URL: use lowercase ASCII letters, digits and '-'", what.1),
        ),
    )
    .hint(Text::new(format!("请重命名，{}", suggestion.0), format!("Rename it. {}", suggestion.1)))
}
