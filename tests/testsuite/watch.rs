//! `watch` and `serve` rebuild from the watcher's changed paths: only the
//! corner of `content/` around a change is walked and read again. Whatever
//! the edits, the result must be that of a fresh full build.
#![cfg(feature = "serve")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gongshi::build::{BuildOptions, Builder, Built, SiteOptions};

use crate::support::SiteTest;
use crate::support::tree::tree;

const AS_OF: &str = "2026-11-27";

// The other check options, if any come, at their defaults.
#[allow(clippy::needless_update)]
fn opts(root: &Path, out: &Path) -> BuildOptions {
    let check = gongshi::CheckOptions { as_of: AS_OF.parse().ok(), ..Default::default() };
    BuildOptions {
        site: SiteOptions { root: root.to_path_buf(), check },
        out: Some(out.to_path_buf()),
        base_url: None,
        communities: Vec::new(),
    }
}

/// What a user sees of a build: every diagnostic as printed, in order, and
/// every published byte (the build time, which differs between two builds,
/// masked).
fn seen(built: &Built, out: &Path) -> (Vec<String>, BTreeMap<String, Vec<u8>>) {
    let c = &built.checked;
    let mut diags = c.diags.clone();
    gongshi::diag::sort(&mut diags, &c.sources);
    let diags = diags.iter().map(|d| gongshi::diag::render_human(d, &c.sources, c.lang)).collect();
    let mut files = BTreeMap::new();
    if built.published.is_some() {
        let version: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("version.json")).unwrap_or_default()).unwrap_or_default();
        // The manifest (hashes of the pages, the build time in them) is left out; the pages are not.
        for (rel, bytes) in tree(out).into_iter().filter(|(rel, _)| rel != ".gongshi-output") {
            let text = mask_times(&String::from_utf8_lossy(&bytes));
            // The build id hashes every page, the build time included.
            let text =
                if rel == "version.json" { text.replace(version["build"].as_str().unwrap_or("-"), "ID") } else { text };
            files.insert(rel, text.into_bytes());
        }
    }
    (diags, files)
}

/// The build time in `text` as `TIME`: every `YYYY-MM-DDTHH:MM:SS+HH:MM`,
/// and a kiosk's "信息更新于 …" line and clock (pages cached from an
/// earlier build keep that build's time).
fn mask_times(text: &str) -> String {
    let mut text = mask_iso(text);
    for before in ["信息更新于 ", "class=\"clock\">"] {
        let mut parts = text.split(before);
        let mut out = parts.next().unwrap_or_default().to_string();
        for part in parts {
            out.push_str(before);
            out.push_str("TIME");
            out.push_str(part.find('<').map_or("", |i| &part[i..]));
        }
        text = out;
    }
    text
}

fn mask_iso(text: &str) -> String {
    let shape = |w: &[u8]| {
        w.iter().zip(b"dddd-dd-ddTdd:dd:dd+dd:dd").all(|(c, s)| match s {
            b'd' => c.is_ascii_digit(),
            b'+' => *c == b'+' || *c == b'-',
            s => c == s,
        })
    };
    let (b, mut out, mut i) = (text.as_bytes(), Vec::new(), 0);
    while i < b.len() {
        if b.len() - i >= 25 && shape(&b[i..i + 25]) {
            out.extend_from_slice(b"TIME");
            i += 25;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

// Twelve steps, each a rebuild and a fresh full build: 8-25 s in debug.
#[test]
#[ignore = "slow"]
fn rebuilding_from_changed_paths_equals_a_full_build() {
    let site = SiteTest::minimal();
    let root = std::fs::canonicalize(site.root()).expect("canonical root");
    let outs = tempfile::tempdir().expect("tempdir");
    let (kept_out, fresh_out) = (outs.path().join("kept"), outs.path().join("fresh"));
    let content = root.join("content");
    let p = |rel: &str| content.join(rel);
    let mut kept = Builder::default();
    let first = kept.build(&opts(&root, &kept_out)).expect("first build");
    assert!(first.published.is_some(), "{:?}", first.checked.diags);

    let case = site.read("lanting/lanyuan/cases/2026-002.md");
    let compound = site.read("lanting/lanyuan/compound.yaml");
    // Each step changes the tree, then names the paths a watcher would report.
    type Step<'a> = (&'a str, Box<dyn Fn() -> Vec<PathBuf> + 'a>);
    let steps: Vec<Step> = vec![
        (
            "an edit",
            Box::new(|| {
                site.edit("lanting/lanyuan/cases/2026-001.md", "3号楼电梯频繁停运", "3号楼电梯又停运");
                vec![p("lanting/lanyuan/cases/2026-001.md")]
            }),
        ),
        (
            "a new case",
            Box::new(|| {
                site.write("lanting/lanyuan/cases/2026-003.md", case.replace("垃圾投放点异味", "路灯不亮"));
                vec![p("lanting/lanyuan/cases/2026-003.md")]
            }),
        ),
        (
            "a broken file and a stray one",
            Box::new(|| {
                site.write("lanting/lanyuan/cases/2026-004.md", "---\ntitle: [\n---\n");
                site.write("lanting/lanyuan/cases/说明.txt", "x");
                vec![p("lanting/lanyuan/cases/2026-004.md"), p("lanting/lanyuan/cases/说明.txt")]
            }),
        ),
        (
            "a fix and a removal",
            Box::new(|| {
                site.remove("lanting/lanyuan/cases/2026-004.md");
                site.remove("lanting/lanyuan/cases/说明.txt");
                vec![p("lanting/lanyuan/cases/2026-004.md"), p("lanting/lanyuan/cases/说明.txt")]
            }),
        ),
        (
            "a renamed case",
            Box::new(|| {
                std::fs::rename(p("lanting/lanyuan/cases/2026-003.md"), p("lanting/lanyuan/cases/2026-005.md"))
                    .expect("rename");
                vec![p("lanting/lanyuan/cases/2026-003.md"), p("lanting/lanyuan/cases/2026-005.md")]
            }),
        ),
        // A folder moved in: the watcher reports the folder only.
        (
            "a new compound, moved in whole",
            Box::new(|| {
                let staged = root.join("staged");
                std::fs::create_dir_all(staged.join("cases")).expect("mkdir");
                std::fs::write(staged.join("compound.yaml"), compound.replace("兰苑", "竹苑")).expect("write");
                std::fs::write(staged.join("cases/2026-001.md"), &case).expect("write");
                std::fs::rename(&staged, p("lanting/zhuyuan")).expect("move in");
                vec![p("lanting/zhuyuan")]
            }),
        ),
        (
            "a name colliding by case",
            Box::new(|| {
                site.write("lanting/zhuyuan/attachments/A.pdf", "%PDF-1.4 a");
                site.write("lanting/zhuyuan/attachments/a.pdf", "%PDF-1.4 b");
                vec![p("lanting/zhuyuan/attachments/A.pdf"), p("lanting/zhuyuan/attachments/a.pdf")]
            }),
        ),
        (
            "a compound renamed",
            Box::new(|| {
                std::fs::rename(p("lanting/zhuyuan"), p("lanting/meiyuan")).expect("rename");
                vec![p("lanting/zhuyuan"), p("lanting/meiyuan")]
            }),
        ),
        (
            "a folder with a bad name",
            Box::new(|| {
                std::fs::rename(p("lanting/meiyuan"), p("lanting/Mei Yuan")).expect("rename");
                vec![p("lanting/meiyuan"), p("lanting/Mei Yuan")]
            }),
        ),
        (
            "community and site files",
            Box::new(|| {
                std::fs::rename(p("lanting/Mei Yuan"), root.join("moved-out")).expect("move out");
                site.edit("lanting/community.yaml", "name: 兰亭社区", "name: 兰亭新社区");
                let text = site.read("site.yaml");
                site.write("site.yaml", format!("{text}\n"));
                vec![p("lanting/Mei Yuan"), p("lanting/community.yaml"), p("site.yaml")]
            }),
        ),
        (
            "a whole community removed",
            Box::new(|| {
                std::fs::rename(p("lanting"), root.join("gone")).expect("move out");
                vec![p("lanting")]
            }),
        ),
        (
            "and back",
            Box::new(|| {
                std::fs::rename(root.join("gone"), p("lanting")).expect("move in");
                vec![p("lanting")]
            }),
        ),
    ];
    for (what, step) in &steps {
        let changed = step();
        let kept_built = kept.rebuild(&opts(&root, &kept_out), Some(&changed)).expect("rebuild");
        let _ = std::fs::remove_dir_all(&fresh_out);
        let fresh_built = Builder::default().build(&opts(&root, &fresh_out)).expect("full build");
        let (kept_diags, kept_files) = seen(&kept_built, &kept_out);
        let (fresh_diags, fresh_files) = seen(&fresh_built, &fresh_out);
        assert_eq!(kept_diags, fresh_diags, "{what}: diagnostics");
        assert_eq!(kept_built.published.is_some(), fresh_built.published.is_some(), "{what}: published");
        if kept_built.published.is_some() {
            assert_eq!(kept_files.keys().collect::<Vec<_>>(), fresh_files.keys().collect::<Vec<_>>(), "{what}: files");
            for (rel, bytes) in &fresh_files {
                if kept_files.get(rel) != Some(bytes) {
                    let (a, b) = (String::from_utf8_lossy(&kept_files[rel]), String::from_utf8_lossy(bytes));
                    let at = a.bytes().zip(b.bytes()).position(|(x, y)| x != y).unwrap_or(0);
                    let show = |t: &str| {
                        t.chars()
                            .skip(t[..at.min(t.len())].chars().count().saturating_sub(60))
                            .take(140)
                            .collect::<String>()
                    };
                    panic!("{what}: {rel} differs from a full build:\nkept:  {}\nfresh: {}", show(&a), show(&b));
                }
            }
        }
    }
}
