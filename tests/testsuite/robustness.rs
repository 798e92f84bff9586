//! Whatever bytes a content file holds, checking it ends, in time, with
//! diagnostics and without a panic. Calls the library directly, so that
//! hundreds of cases stay fast.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;

use crate::support::SiteTest;

/// The text files of the minimal fixture, relative to `content/`.
const FILES: &[&str] = &[
    "site.yaml",
    "lanting/community.yaml",
    "lanting/lanyuan/compound.yaml",
    "lanting/lanyuan/pledges/2026.yaml",
    "lanting/lanyuan/cases/2026-001.md",
    "lanting/lanyuan/cases/2026-002.md",
    "lanting/lanyuan/meetings/2026-10-28.md",
    "lanting/lanyuan/notices/2026-11-05-dianti.md",
    "lanting/lanyuan/evaluations/2025.yaml",
];

/// Pieces that staff's editors and input methods produce, and that the
/// loader treats specially: more likely to reach deep code than random bytes.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    "：", "－", "\u{3000}", "\t", "---\n", "\r\n", "\u{feff}", "\0", "\u{1b}", "&a ", "*a", "[", "{", "]", "}",
    "\"", "'", ": ", ":", "- ", "|\n", ">\n", "#", "\n  ", "2026-02-30", "2026年2月30日", "13800138000",
    "11010519491231002X", "3-2-1201", "../", "%2e%2e/", "~", "!!binary ", "? ", "@", "`", "\u{fffd}", "\u{10ffff}",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// The whole file replaced by arbitrary bytes.
    Replace(Vec<u8>),
    /// Bytes overwritten at positions (taken modulo the length).
    Flip(Vec<(usize, u8)>),
    /// Tokens or raw bytes inserted at positions.
    Insert(Vec<(usize, Vec<u8>)>),
    /// The file cut short.
    Truncate(usize),
}

fn insertion() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => proptest::sample::select(TOKENS).prop_map(|t| t.as_bytes().to_vec()),
        1 => proptest::collection::vec(any::<u8>(), 1..8),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..2048).prop_map(Mutation::Replace),
        proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8).prop_map(Mutation::Flip),
        proptest::collection::vec((any::<usize>(), insertion()), 1..8).prop_map(Mutation::Insert),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, m: &Mutation) -> Vec<u8> {
    match m {
        Mutation::Replace(b) => b.clone(),
        Mutation::Flip(flips) => {
            for (at, b) in flips {
                if !bytes.is_empty() {
                    let i = at % bytes.len();
                    bytes[i] = *b;
                }
            }
            bytes
        }
        Mutation::Insert(ins) => {
            for (at, piece) in ins {
                let i = at % (bytes.len() + 1);
                bytes.splice(i..i, piece.iter().copied());
            }
            bytes
        }
        Mutation::Truncate(at) => {
            bytes.truncate(at % (bytes.len() + 1));
            bytes
        }
    }
}

/// Runs check and renders every diagnostic, in a thread: a panic or a run
/// longer than the bound fails, with the message saying which.
fn check_in_time(root: &Path) -> Result<(), String> {
    let root: PathBuf = root.to_path_buf();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let opts = gongshi::build::SiteOptions { root, check: Default::default() };
        let checked = match gongshi::build::check(&opts) {
            Ok(c) => c,
            Err(e) => {
                let _ = tx.send(Err(format!("operational error on content: {e}")));
                return;
            }
        };
        let has_errors = checked.diags.iter().any(|d| d.severity == gongshi::diag::Severity::Error);
        if has_errors == checked.site.is_some() {
            let _ = tx.send(Err("a model was returned together with errors, or withheld without one".into()));
            return;
        }
        for d in &checked.diags {
            let _ = gongshi::diag::render_human(d, &checked.sources, checked.lang);
            let _ = gongshi::diag::render_json(d, &checked.sources, checked.lang);
            if let Some(loc) = d.loc {
                let (path, line, _) = checked.sources.position(loc);
                let lines = checked.sources.get(loc.file()).text.lines().count() as u32;
                if line > lines + 1 {
                    let _ = tx.send(Err(format!("{}: line {line} of a {lines}-line file {path}", d.code)));
                    return;
                }
            }
        }
        let _ = tx.send(Ok(()));
    });
    match rx.recv_timeout(Duration::from_secs(10)) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => Err("check took more than 10 s".into()),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("check panicked".into()),
    }
}

thread_local! {
    /// One site for all cases: each case changes one file and puts it back,
    /// which is much cheaper than copying the fixture hundreds of times.
    static SITE: SiteTest = SiteTest::minimal();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    #[ignore = "slow"]
    fn any_bytes_in_any_content_file(file in 0..FILES.len(), m in mutation()) {
        let rel = FILES[file];
        let r = SITE.with(|site| {
            let original = std::fs::read(site.path(rel)).unwrap_or_default();
            site.write(rel, apply(original.clone(), &m));
            let r = check_in_time(site.root());
            site.write(rel, original);
            r
        });
        prop_assert!(r.is_ok(), "{}: {:?}", rel, r);
    }
}

/// A change to the shape of a content tree, of the kinds that once passed
/// `check` and failed `build`: names that clash with generated folders,
/// names that differ only in case or Unicode form, look-alike file names.
#[derive(Debug, Clone)]
enum TreeEdit {
    RenameCommunity(&'static str),
    RenameCompound(&'static str),
    AddAttachment(&'static str),
    AddCase(&'static str),
    Bytes(usize, Mutation),
}

#[rustfmt::skip]
const NAMES: &[&str] = &[
    "compliance", "assets", "reports", "search", "cases", "evaluations", "calendar", "lanting-2", "Lanting", "x",
];
#[rustfmt::skip]
const ATTACHMENTS: &[&str] = &[
    "Dianti-Fangan.pdf", "DIANTI-FANGAN.PDF", "caf\u{e9}.pdf", "cafe\u{301}.pdf", "x.pdf", "a/b.pdf", "A/b.pdf",
];
#[rustfmt::skip]
const CASE_NAMES: &[&str] = &[
    "2026-003.md.txt", "2026-003.MD", "2026-003.markdown", "by-building.md", "by-category.md", "index.md", "2026-003.md",
];

fn tree_edit() -> impl Strategy<Value = TreeEdit> {
    prop_oneof![
        proptest::sample::select(NAMES).prop_map(TreeEdit::RenameCommunity),
        proptest::sample::select(NAMES).prop_map(TreeEdit::RenameCompound),
        proptest::sample::select(ATTACHMENTS).prop_map(TreeEdit::AddAttachment),
        proptest::sample::select(CASE_NAMES).prop_map(TreeEdit::AddCase),
        (0..FILES.len(), mutation()).prop_map(|(f, m)| TreeEdit::Bytes(f, m)),
    ]
}

fn edit_tree(site: &SiteTest, e: &TreeEdit) {
    let content = site.root().join("content");
    // The community and compound may have been renamed by an earlier edit.
    let first_dir = |dir: &Path| std::fs::read_dir(dir).ok()?.flatten().map(|e| e.path()).filter(|p| p.is_dir()).min();
    let community = first_dir(&content);
    let compound = community.as_deref().and_then(first_dir);
    match e {
        TreeEdit::RenameCommunity(to) => {
            if let Some(c) = community {
                let _ = std::fs::rename(c, content.join(to));
            }
        }
        TreeEdit::RenameCompound(to) => {
            if let (Some(c), Some(p)) = (&community, compound) {
                let _ = std::fs::rename(p, c.join(to));
            }
        }
        TreeEdit::AddAttachment(name) => {
            if let Some(p) = compound {
                let path = p.join("attachments").join(name);
                let _ = std::fs::create_dir_all(path.parent().unwrap_or(&p));
                let _ = std::fs::write(path, "%PDF-1.4\n");
            }
        }
        TreeEdit::AddCase(name) => {
            if let Some(p) = compound {
                let _ = std::fs::write(p.join("cases").join(name), crate::support::CASE);
            }
        }
        TreeEdit::Bytes(file, m) => {
            let path = content.join(FILES[*file]);
            if let Ok(original) = std::fs::read(&path) {
                let _ = std::fs::write(&path, apply(original, m));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the tree, a clean `check` means `build` succeeds: every
    /// mistake that can fail a build is a content error found by `check`.
    #[test]
    #[ignore = "slow"]
    fn a_clean_check_means_a_good_build(edits in proptest::collection::vec(tree_edit(), 1..4)) {
        let site = SiteTest::minimal();
        for e in &edits {
            edit_tree(&site, e);
        }
        let opts = gongshi::build::SiteOptions { root: site.root().to_path_buf(), check: Default::default() };
        let checked = gongshi::build::check(&opts);
        let clean = checked.as_ref().is_ok_and(|c| c.site.is_some());
        let built = gongshi::build::build(&gongshi::build::BuildOptions {
            site: opts,
            out: Some(site.root().join("public")),
            base_url: None,
            communities: Vec::new(),
        });
        if clean {
            let published = built.as_ref().map(|b| b.published.is_some());
            prop_assert!(matches!(published, Ok(true)), "check was clean, build gave {:?}", built.err());
        } else {
            prop_assert!(!matches!(built, Ok(ref b) if b.published.is_some()), "build published what check refused");
        }
    }
}
