//! Which file-system events matter to the build loop: pure functions of a
//! path and the site's folders, tested without a watcher.

use std::path::{Component, Path, PathBuf};

use notify::Event;
use notify::event::EventKind;

use crate::names::is_ignored;

/// What one file-system event asks of the build loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Nothing a build reads changed: reads, output, editor leftovers.
    Ignore,
    /// These sources (files or folders) changed.
    Changed(Vec<PathBuf>),
    /// Events were lost (the kernel queue overflowed): anything may have changed.
    Rescan,
}

/// Whether a change at `path` can change the site. `root` is the site
/// folder and `out` the output folder, both absolute as the watcher reports
/// them. Only `content/` and `themes/` are sources; the output and its
/// state folder never are, wherever they live, so a build cannot trigger
/// itself.
pub fn matters(path: &Path, root: &Path, out: &Path) -> bool {
    if path.starts_with(out) || path.starts_with(state_dir(out)) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components();
    let top = match parts.next() {
        Some(Component::Normal(top)) => top,
        _ => return false,
    };
    let names: Vec<Option<&str>> = parts.map(|c| c.as_os_str().to_str()).collect();
    if top == "content" {
        // Like the loader's walk: an ignored name hides everything below it.
        // A name that is not Unicode matters: the loader reports it.
        !names.iter().flatten().any(|n| is_ignored(n))
    } else if top == "themes" {
        // The theme loader skips ignored file names, and nothing reads dot-folders (.git).
        let hidden = names.iter().flatten().any(|n| n.starts_with('.'));
        let junk = names.last().copied().flatten().is_some_and(is_ignored);
        !hidden && !junk
    } else {
        false
    }
}

/// The decision for one event (see [`matters`]).
pub fn plan(event: &Event, root: &Path, out: &Path) -> Plan {
    if event.need_rescan() {
        return Plan::Rescan;
    }
    match event.kind {
        // Opening and reading (the build itself does it) change nothing.
        EventKind::Access(_) => Plan::Ignore,
        // `touch` is how staff ask for a rebuild; an unchanged build is not published anyway.
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(_) | EventKind::Any | EventKind::Other => {
            let changed: Vec<PathBuf> = event.paths.iter().filter(|p| matters(p, root, out)).cloned().collect();
            if changed.is_empty() { Plan::Ignore } else { Plan::Changed(changed) }
        }
    }
}

/// `public` → `.public.gongshi` beside it (the releases and staging folders).
fn state_dir(out: &Path) -> PathBuf {
    let name = out.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.parent().unwrap_or(Path::new(".")).join(format!(".{name}.gongshi"))
}
#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange, Flag, ModifyKind, RemoveKind, RenameMode};

    fn root() -> PathBuf {
        PathBuf::from("/site")
    }

    fn out() -> PathBuf {
        PathBuf::from("/site/public")
    }

    fn m(p: &str) -> bool {
        matters(Path::new(p), &root(), &out())
    }

    #[test]
    fn sources_matter() {
        for p in [
            "/site/content/site.yaml",
            "/site/content/lanting/lanyuan/cases/2026-001.md",
            "/site/content/lanting/lanyuan/attachments/方案.pdf",
            "/site/content/lanting",
            "/site/content",
            "/site/themes",
            "/site/themes/mine/templates/case.html",
            "/site/themes/mine/templates/_macros/x.html",
        ] {
            assert!(m(p), "{p}");
        }
    }

    #[test]
    fn output_and_junk_do_not_matter() {
        for p in [
            "/site/public/index.html",
            "/site/public",
            "/site/.public.gongshi/staging-12/index.html",
            "/site/.public.gongshi/releases/x/version.json",
            "/site/README.md",
            "/site",
            "/elsewhere/content/site.yaml",
            "/site/content/lanting/lanyuan/cases/4913",
            "/site/content/lanting/lanyuan/cases/.2026-001.md.swp",
            "/site/content/lanting/lanyuan/cases/.2026-001.md.swx",
            "/site/content/lanting/lanyuan/cases/2026-001.md~",
            "/site/content/lanting/lanyuan/cases/#2026-001.md#",
            "/site/content/lanting/lanyuan/cases/.#2026-001.md",
            "/site/content/lanting/lanyuan/attachments/~$方案.docx",
            "/site/content/lanting/lanyuan/cases/x.tmp",
            "/site/content/lanting/Thumbs.db",
            "/site/content/.git/index",
            "/site/content/_drafts/2026-009.md",
            "/site/themes/mine/.git/HEAD",
            "/site/themes/mine/templates/case.html.swp",
        ] {
            assert!(!m(p), "{p}");
        }
    }

    #[test]
    fn an_output_anywhere_never_matters() {
        // Outside the site, and (refused by the build, but still) inside content/.
        assert!(!matters(Path::new("/srv/www/index.html"), &root(), Path::new("/srv/www")));
        assert!(!matters(Path::new("/srv/.www.gongshi/staging-1/a"), &root(), Path::new("/srv/www")));
        let inside = Path::new("/site/content/out");
        assert!(!matters(Path::new("/site/content/out/index.html"), &root(), inside));
        assert!(matters(Path::new("/site/content/site.yaml"), &root(), inside));
    }

    fn ev(kind: EventKind, paths: &[&str]) -> Event {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        e
    }

    const CASE: &str = "/site/content/lanting/lanyuan/cases/2026-001.md";

    #[test]
    fn plans() {
        let p = |e: &Event| plan(e, &root(), &out());
        assert_eq!(p(&ev(EventKind::Access(AccessKind::Any), &[CASE])), Plan::Ignore);
        assert_eq!(p(&ev(EventKind::Create(CreateKind::File), &[CASE])), Plan::Changed(vec![CASE.into()]));
        assert_eq!(
            p(&ev(EventKind::Modify(ModifyKind::Data(DataChange::Any)), &["/site/public/index.html"])),
            Plan::Ignore
        );
        // vim: the original becomes the backup, then a new file takes its name.
        let backup = format!("{CASE}~");
        let rename = ev(EventKind::Modify(ModifyKind::Name(RenameMode::Both)), &[CASE, &backup]);
        assert_eq!(p(&rename), Plan::Changed(vec![CASE.into()]));
        assert_eq!(
            p(&ev(EventKind::Create(CreateKind::File), &["/site/content/lanting/lanyuan/cases/4913"])),
            Plan::Ignore
        );
        assert_eq!(
            p(&ev(EventKind::Remove(RemoveKind::Folder), &["/site/content/lanting"])),
            Plan::Changed(vec!["/site/content/lanting".into()])
        );
        let overflow = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert_eq!(p(&overflow), Plan::Rescan);
    }
}
