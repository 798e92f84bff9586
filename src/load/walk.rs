//! Walking `content/`: never follows a symlink (so it cannot loop), skips
//! editor leftovers, and names every file by the role its place gives it.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::Ids;
use crate::diag::{Diagnostic, FileId, Loc, Text};
use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Site,
    Community,
    CommunityFile,
    Compound,
    CompoundFile,
    Pledges,
    Case,
    Meeting,
    Notice,
    Evaluation,
    /// A community's monthly report narrative, `reports/<YYYY-MM>.md`.
    Report,
    /// An environment committee inspection, `inspections/<YYYY-MM>.md`.
    Inspection,
    Attachment,
    /// A folder that only holds files of the kinds above.
    Folder,
}

#[derive(Debug)]
pub struct Entry {
    /// Relative to `content/`, with `/`.
    pub rel: String,
    pub path: PathBuf,
    pub kind: Kind,
    /// The folder name for folders, the file name without extension for files.
    pub stem: String,
}

#[derive(Debug, Default)]
pub struct Tree {
    pub entries: Vec<Entry>,
    pub diags: Vec<Diagnostic>,
}

/// Names that editors, sync tools and operating systems leave behind.
/// Shared with `watch`, so that they never trigger a rebuild either.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('_')
        || name.starts_with("~$")
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".crdownload", ".part"]
            .iter()
            .any(|ext| name.to_ascii_lowercase().ends_with(ext))
}

/// A URL slug: lowercase ASCII letters, digits and inner dashes.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !is_reserved(s)
}

/// Names Windows cannot create, whatever the extension.
fn is_reserved(s: &str) -> bool {
    let base = s.split('.').next().unwrap_or(s).to_ascii_lowercase();
    matches!(base.as_str(), "con" | "prn" | "aux" | "nul")
        || ((base.starts_with("com") || base.starts_with("lpt"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit())
}

/// The nearest valid slug, or `None` when nothing ASCII is left to keep.
pub fn suggest_slug(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if is_reserved(&out) {
        return Some(format!("{out}-1"));
    }
    (!out.is_empty()).then_some(out)
}

pub fn walk(content: &Path, sources: &mut Ids) -> Result<Tree, Error> {
    if !content.is_dir() {
        return Err(Error::NoContent(content.to_path_buf()));
    }
    let mut tree = Tree::default();
    let mut walker = WalkDir::new(content)
        .follow_links(false)
        .min_depth(1)
        .max_depth(12)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.file_name().to_str().is_none_or(|n| !is_ignored(n)));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| content.to_path_buf());
                let id = pseudo(sources, rel_of(content, &path));
                tree.diags.push(Diagnostic::error(
                    "file-unreadable",
                    Loc::File(id),
                    Text::new(format!("无法读取：{e}"), format!("cannot read: {e}")),
                ));
                continue;
            }
        };
        let rel = rel_of(content, entry.path());
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            let id = pseudo(sources, rel);
            tree.diags.push(
                Diagnostic::error(
                    "file-name-encoding",
                    Loc::File(id),
                    Text::new("文件名含有无法识别的字符", "the file name is not valid Unicode"),
                )
                .hint(Text::new("请重命名，只用中文、字母、数字和短横线。", "Please rename it.")),
            );
            continue;
        };
        if entry.path_is_symlink() {
            let id = pseudo(sources, rel);
            tree.diags.push(
                Diagnostic::error("file-symlink", Loc::File(id), Text::new("不支持符号链接", "symbolic links are not supported"))
                    .hint(Text::new(
                        "把链接换成真正的文件或文件夹（复制过来）。gongshi 不会跟随链接，以免发布内容目录之外的文件。",
                        "Replace the link with a real copy; gongshi never follows links, so nothing outside content/ is published.",
                    )),
            );
            continue;
        }
        let is_dir = entry.file_type().is_dir();
        let parts: Vec<&str> = rel.split('/').collect();
        let (stem, ext) = split_ext(&name);
        let kind = classify(&parts, is_dir, ext);
        let Some(kind) = kind else {
            if !is_dir {
                let id = pseudo(sources, rel.clone());
                tree.diags.push(unexpected_file(id, &parts));
            }
            continue;
        };
        let stem = if is_dir { name.clone() } else { stem.to_string() };
        if matches!(kind, Kind::Community | Kind::Compound) && !is_slug(&stem) {
            let id = pseudo(sources, format!("{rel}/"));
            tree.diags.push(bad_slug(id, &stem, true));
            // Its contents would belong to no community; the build stops anyway.
            walker.skip_current_dir();
            continue;
        }
        if matches!(kind, Kind::Community | Kind::Compound)
            && super::reserved::is_reserved(&stem, kind == Kind::Community)
        {
            let id = pseudo(sources, format!("{rel}/"));
            tree.diags.push(super::reserved::diagnostic(id, &stem, kind == Kind::Community));
            walker.skip_current_dir();
            continue;
        }
        if matches!(kind, Kind::Case | Kind::Meeting | Kind::Notice) && !is_slug(&stem) {
            let id = pseudo(sources, rel.clone());
            tree.diags.push(bad_slug(id, &stem, false));
            continue;
        }
        if kind == Kind::Folder {
            continue;
        }
        tree.entries.push(Entry { rel, path: entry.path().to_path_buf(), kind, stem });
    }
    Ok(tree)
}

fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i + 1..]),
        _ => (name, ""),
    }
}

fn classify(parts: &[&str], is_dir: bool, ext: &str) -> Option<Kind> {
    let yaml = !is_dir && (ext == "yaml" || ext == "yml");
    let md = !is_dir && ext == "md";
    match parts {
        ["site.yaml" | "site.yml"] => Some(Kind::Site),
        [_] if is_dir => Some(Kind::Community),
        [_, "community.yaml" | "community.yml"] => Some(Kind::CommunityFile),
        [_, "reports"] if is_dir => Some(Kind::Folder),
        [_, "reports", _] if md => Some(Kind::Report),
        [_, "inspections"] if is_dir => Some(Kind::Folder),
        [_, "inspections", _] if md => Some(Kind::Inspection),
        [_, _] if is_dir => Some(Kind::Compound),
        [_, _, "compound.yaml" | "compound.yml"] => Some(Kind::CompoundFile),
        [_, _, "pledges" | "cases" | "meetings" | "notices" | "evaluations"] if is_dir => Some(Kind::Folder),
        [_, _, "pledges", _] if yaml => Some(Kind::Pledges),
        [_, _, "evaluations", _] if yaml => Some(Kind::Evaluation),
        [_, _, "cases", _] if md => Some(Kind::Case),
        [_, _, "meetings", _] if md => Some(Kind::Meeting),
        [_, _, "notices", _] if md => Some(Kind::Notice),
        [_, _, "attachments", ..] if is_dir => Some(Kind::Folder),
        [_, _, "attachments", ..] => Some(Kind::Attachment),
        _ => None,
    }
}

fn rel_of(content: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(content).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// A file that only carries diagnostics (a bad name, a link, a folder).
fn pseudo(ids: &mut Ids, rel: String) -> FileId {
    ids.file(&rel)
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
    Diagnostic::warning("file-unexpected", Loc::File(id), Text::new(zh, en)).hint(hint)
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
        "name-not-slug",
        Loc::File(id),
        Text::new(
            format!("{} `{name}` 会成为网址的一部分，只能用小写英文字母、数字和短横线“-”", what.0),
            format!("the {} `{name}` becomes part of a URL: use lowercase ASCII letters, digits and '-'", what.1),
        ),
    )
    .hint(Text::new(format!("请重命名，{}", suggestion.0), format!("Rename it. {}", suggestion.1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("lanyuan-2"));
        assert!(!is_slug("Lanyuan"));
        assert!(!is_slug("兰苑"));
        assert!(!is_slug("con"));
        assert!(!is_slug("a_b"));
        assert_eq!(suggest_slug("Lan Yuan_2"), Some("lan-yuan-2".into()));
        assert_eq!(suggest_slug("兰苑"), None);
        assert_eq!(suggest_slug("CON"), Some("con-1".into()));
    }

    #[test]
    fn editor_junk_is_ignored() {
        for n in [
            ".a.md.swp",
            ".#a.md",
            "a.md~",
            "4913",
            "~$x.docx",
            "#a.md#",
            "x.tmp",
            "Thumbs.db",
            ".DS_Store",
            ".git",
            "_draft.md",
        ] {
            assert!(is_ignored(n), "{n}");
        }
        for n in ["2026-031.md", "site.yaml", "方案.pdf"] {
            assert!(!is_ignored(n), "{n}");
        }
    }
}
