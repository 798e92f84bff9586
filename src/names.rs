//! The rules for names in `content/`: which names are URL slugs (and the
//! nearest slug to suggest), and which names editors, sync tools and
//! operating systems leave behind. Shared by the loader, the validator, the
//! theme loader and `watch`, so that they all agree.

/// Folder names the generated site uses beside the community folders (at
/// its top level): a community may not take one. **Extend this list when a
/// page or folder is added at the top of the output** (see `render/`), or a
/// site that passes `check` fails `build` once a community takes the name.
pub const RESERVED_AT_TOP: &[&str] = &[
    "assets",
    "calendar",
    "cases",
    "compliance",
    "evaluations",
    "kiosk",
    "meetings",
    "notices",
    "people",
    "pledges",
    "reports",
    "search",
];

/// Folder names the generated site uses inside a community's folder, beside
/// its compounds (monthly reports, the case register, the environment
/// committee's inspection ledger). Extend with new community pages.
pub const RESERVED_IN_COMMUNITY: &[&str] = &["assets", "calendar", "cases", "inspections", "reports", "search"];

/// Folder names beside the case pages in a compound's `cases/` (the case
/// lists by building and by category). Extend with new case lists.
pub const RESERVED_CASE_IDS: &[&str] = &["by-building", "by-category", "index"];

/// Names that editors, sync tools and operating systems leave behind.
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
