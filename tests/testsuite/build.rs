//! `gongshi build`: every page of the layout, nothing private in any byte,
//! reproducible output, and a published site that no failed, killed or
//! concurrent build can damage.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{AS_OF, EPOCH, SiteTest, build, build_into, example, gongshi, tree};

fn stems(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.strip_suffix(".md").map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn example_street_builds_every_page_of_the_layout() {
    let site = example();
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.root().join("public");
    for f in ["index.html", "version.json", "sitemap.xml", "compliance/index.html", "assets/style.css"] {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    let content = site.root().join("content");
    let mut compounds = 0;
    for community in std::fs::read_dir(&content).into_iter().flatten().flatten().filter(|e| e.path().is_dir()) {
        let c = community.file_name().to_string_lossy().into_owned();
        assert!(out.join(&c).join("index.html").is_file(), "community page {c}");
        for compound in std::fs::read_dir(community.path())
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().join("compound.yaml").is_file())
        {
            compounds += 1;
            let p = compound.file_name().to_string_lossy().into_owned();
            let dir = out.join(&c).join(&p);
            for f in [
                "index.html",
                "cases/index.html",
                "pledges/index.html",
                "meetings/index.html",
                "notices/index.html",
                "evaluations/index.html",
                "feed.xml",
                "data.json",
            ] {
                assert!(dir.join(f).is_file(), "{c}/{p}/{f}");
            }
            for (kind, sub) in [("cases", "cases"), ("meetings", "meetings"), ("notices", "notices")] {
                for stem in stems(&compound.path().join(kind)) {
                    // A scheduled notice has no page before its day (tests/testsuite/dates.rs).
                    if kind == "notices" && stem.get(..10).is_some_and(|d| d > AS_OF) {
                        assert!(!dir.join(sub).join(&stem).exists(), "{c}/{p}/{sub}/{stem} before its day");
                        continue;
                    }
                    assert!(dir.join(sub).join(&stem).join("index.html").is_file(), "{c}/{p}/{sub}/{stem}");
                }
            }
            for a in std::fs::read_dir(compound.path().join("attachments")).into_iter().flatten().flatten() {
                let name = a.file_name();
                let published = dir.join("attachments").join(&name);
                assert_eq!(std::fs::read(&published).ok(), std::fs::read(a.path()).ok(), "attachment {name:?}");
            }
        }
    }
    assert!(compounds >= 3);
    let version: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("version.json")).unwrap_or_default()).unwrap_or_default();
    assert!(version["build"].as_str().is_some_and(|b| !b.is_empty()), "{version}");
    assert!(version["built_at"].as_str().is_some_and(|b| b.starts_with("2026-")), "{version}");
}

#[test]
#[ignore = "slow"]
fn same_content_and_epoch_give_identical_bytes() {
    let site = example();
    let a = site.root().join("out-a");
    let b = site.root().join("out-b");
    assert_eq!(build_into(&site, &a).code, 0);
    assert_eq!(build_into(&site, &b).code, 0);
    assert_eq!(tree(&a), tree(&b));
}

/// Values under every `private:` block of every case file of a site.
fn private_values(content: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (rel, bytes) in tree(content) {
        if !rel.contains("/cases/") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let mut inside = false;
        for line in text.lines() {
            if line.starts_with("private:") {
                inside = true;
                continue;
            }
            if inside && (!line.starts_with(' ') || line.trim() == "---") {
                inside = false;
            }
            if inside && let Some((_, v)) = line.split_once(':') {
                let v = v.trim().trim_matches('"').trim_matches('\'');
                if v.chars().count() >= 2 {
                    out.push(v.to_string());
                }
            }
        }
    }
    out
}

#[test]
#[ignore = "slow"]
fn no_private_value_appears_in_any_output_byte() {
    for site in [example(), SiteTest::minimal()] {
        let run = build(&site);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let values = private_values(&site.root().join("content"));
        assert!(!values.is_empty(), "the fixture has private blocks");
        for (rel, bytes) in tree(&site.root().join("public")) {
            let text = String::from_utf8_lossy(&bytes);
            for v in &values {
                assert!(!text.contains(v.as_str()), "private value {v:?} published in {rel}");
            }
        }
    }
}

#[test]
fn a_failed_build_leaves_the_published_site_untouched() {
    let site = SiteTest::minimal();
    assert_eq!(build(&site).code, 0);
    let before = tree(&site.root().join("public"));
    site.write("lanting/lanyuan/cases/2026-009.md", "---\ntitle: 坏\nreceived: 2026-02-30\n---\n");
    let run = build(&site);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("没有生成网站"), "{}", run.stderr);
    assert_eq!(before, tree(&site.root().join("public")));
}

#[test]
fn refuses_output_folders_that_are_not_its_own() {
    let site = SiteTest::minimal();
    let foreign = site.root().join("docs");
    std::fs::create_dir_all(&foreign).ok();
    std::fs::write(foreign.join("notes.txt"), "keep me").ok();
    for out in [foreign.clone(), site.root().join("content"), site.root().to_path_buf()] {
        let run = build_into(&site, &out);
        assert_eq!(run.code, 2, "{}: {}", out.display(), run.stderr);
    }
    assert_eq!(std::fs::read_to_string(foreign.join("notes.txt")).ok().as_deref(), Some("keep me"));
    assert!(site.root().join("content/site.yaml").is_file());
}

#[test]
fn a_second_build_rewrites_only_what_changed() {
    let site = SiteTest::minimal();
    assert_eq!(build(&site).code, 0);
    let run = build(&site);
    assert!(run.stderr.contains("写入 0 个文件"), "{}", run.stderr);
    let out = site.root().join("public");
    let case = out.join("lanting/lanyuan/cases/2026-001/index.html");
    let notice = out.join("lanting/lanyuan/notices/2026-11-05-dianti/index.html");
    let (case_before, notice_before) = (std::fs::read(&case).ok(), std::fs::read(&notice).ok());
    let rel = "lanting/lanyuan/notices/2026-11-05-dianti.md";
    site.write(rel, format!("{}\n补充说明：施工期间请走西侧楼梯。\n", site.read(rel)));
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("写入 0 个文件"), "{}", run.stderr);
    assert_eq!(case_before, std::fs::read(&case).ok());
    assert_ne!(notice_before, std::fs::read(&notice).ok());
}

/// Builds alternate between two contents while readers fetch pages: every
/// read finds a complete file of one version or the other, never a torn,
/// empty or missing one.
#[test]
#[ignore = "slow"]
fn readers_racing_rebuilds_never_see_a_torn_or_missing_file() {
    let site = SiteTest::minimal();
    assert_eq!(build(&site).code, 0);
    let out = site.root().join("public");
    let pages: Vec<PathBuf> = tree(&out).into_keys().filter(|k| k.ends_with(".html")).map(|k| out.join(k)).collect();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let pages = pages.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut reads = 0usize;
                let mut bad = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    for p in &pages {
                        match std::fs::read_to_string(p) {
                            // A kiosk page ends with its own completeness sentinel.
                            Ok(s)
                                if s.trim_end().ends_with("</html>") || s.trim_end().ends_with("<!--kiosk-end-->") =>
                            {
                                reads += 1
                            }
                            Ok(s) => bad.push(format!("torn {} ({} bytes)", p.display(), s.len())),
                            Err(e) => bad.push(format!("missing {}: {e}", p.display())),
                        }
                    }
                }
                (reads, bad)
            })
        })
        .collect();
    let rel = "lanting/lanyuan/cases/2026-001.md";
    let original = site.read(rel);
    let rounds = 200;
    for i in 0..rounds {
        let text = if i % 2 == 0 { original.replacen("title: ", "title: 更新 ", 1) } else { original.clone() };
        site.write(rel, text);
        assert_eq!(build(&site).code, 0);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut total = 0;
    for r in readers {
        let (reads, bad) = r.join().unwrap_or_default();
        assert!(bad.is_empty(), "{} bad reads, e.g. {:?}", bad.len(), bad.first());
        total += reads;
    }
    assert!(total > rounds, "readers ran ({total} reads)");
}

/// `kill -9` at random moments of a build: the published site is always a
/// complete release, byte for byte the old one or the new one.
#[test]
#[ignore = "slow"]
fn a_killed_build_leaves_a_complete_release() {
    let site = example();
    let out = site.root().join("public");
    assert_eq!(build(&site).code, 0);
    let old = tree(&out);
    let rel = "yangguang/lanyuan/cases/2026-003.md";
    site.edit(rel, "title: ", "title: 改 ");
    let started = Instant::now();
    let newer = {
        let other = site.root().join("probe");
        assert_eq!(build_into(&site, &other).code, 0);
        let t = tree(&other);
        std::fs::remove_dir_all(&other).ok();
        let _ = std::fs::remove_dir_all(site.root().join(".probe.gongshi"));
        t
    };
    // Kill moments spread over the whole of a build, publishing included.
    let span = u64::try_from(started.elapsed().as_micros()).unwrap_or(200_000).max(1) * 6 / 5;
    let strip = |t: BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        t.into_iter().filter(|(k, _)| k != "version.json").collect()
    };
    let (old_s, new_s) = (strip(old), strip(newer));
    let mut seed = 0x9e37_79b9_u64;
    let root = site.root().to_string_lossy().into_owned();
    let out_s = out.to_string_lossy().into_owned();
    for _ in 0..50 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_micros(seed % span);
        let mut child = gongshi()
            .args(["build", "--root", &root, "--out", &out_s, "--as-of", AS_OF])
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn: {e}"));
        let start = Instant::now();
        while start.elapsed() < delay {
            std::thread::sleep(Duration::from_micros(500));
        }
        let _ = child.kill();
        let _ = child.wait();
        let now = strip(tree(&out));
        assert!(now == old_s || now == new_s, "after a kill at {delay:?} the site is neither release");
    }
}

#[test]
fn a_site_theme_overrides_the_default_file_by_file() {
    let site = SiteTest::minimal();
    let theme = site.root().join("themes/mine");
    std::fs::create_dir_all(theme.join("templates")).ok();
    std::fs::create_dir_all(theme.join("static")).ok();
    std::fs::write(theme.join("templates/portal.html"), "{% extends \"base.html\" %}{% block main %}<p class=\"own\">本街道自定义首页 {{ site.street }}</p>{% endblock main %}").ok();
    std::fs::write(theme.join("static/extra.css"), "p{}").ok();
    site.edit("site.yaml", "title:", "theme: mine\ntitle:");
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.root().join("public");
    let portal = std::fs::read_to_string(out.join("index.html")).unwrap_or_default();
    assert!(portal.contains("<p class=\"own\">本街道自定义首页"), "{portal}");
    assert!(portal.contains("Content-Security-Policy"), "the default base.html still frames it");
    assert!(out.join("assets/extra.css").is_file() && out.join("assets/style.css").is_file());
    let home = std::fs::read_to_string(out.join("lanting/lanyuan/index.html")).unwrap_or_default();
    assert!(!home.contains("class=\"own\""), "other pages keep the default templates");
}

/// The escaping rules of every default template (bad-input plan C.32).
#[test]
fn default_templates_follow_the_escaping_rules() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut checked = 0;
    for (rel, bytes) in tree(&dir) {
        let text = String::from_utf8_lossy(&bytes);
        // The kiosk's script and style are files of their own for eslint, included only by kiosk.html.
        let included = matches!(rel.as_str(), "kiosk/script.js" | "kiosk/style.css");
        assert!(
            rel.ends_with(".html") || rel.ends_with(".xml") || included,
            "{rel}: template names end in .html or .xml"
        );
        for (i, line) in text.lines().enumerate() {
            let at = format!("{rel}:{}", i + 1);
            for (pos, _) in line.match_indices("| safe") {
                let before = &line[..pos];
                let ok = before.trim_end().ends_with("body_html")
                    || (rel.starts_with("kiosk") || rel.starts_with("print")) && before.contains("qr_svg");
                assert!(ok, "{at}: `| safe` only on sanitised Markdown: {line}");
            }
            assert!(!line.contains("render_str") && !line.contains("one_off"), "{at}");
            // An attribute whose value is a template expression must be quoted.
            if let Some(pos) = line.find("={{") {
                panic!("{at}: unquoted attribute value at column {}: {line}", pos + 1);
            }
        }
        if !(rel.starts_with("kiosk") || rel.starts_with("print")) {
            // Phone pages load the theme's own board.js (every page) and search.js (the search
            // page), external and same origin; nothing inline.
            let board_js = "<script src=\"{{ root }}assets/board.js\" defer></script>";
            let search_js = "<script src=\"{{ root }}assets/search.js\" defer></script>";
            let lower = text.replace(board_js, "");
            let lower = if rel == "search.html" { lower.replacen(search_js, "", 1) } else { lower };
            let lower = lower.to_ascii_lowercase();
            for tag in ["<script", "<style", " onclick", " onload", " onerror"] {
                assert!(!lower.contains(tag), "{rel}: {tag}");
            }
        }
        checked += 1;
    }
    assert!(checked >= 10, "{checked} templates");
}

/// The pages residents read most, as rendered from the minimal fixture.
#[test]
fn key_pages_snapshots() {
    let site = SiteTest::minimal();
    assert_eq!(build(&site).code, 0);
    let out = site.root().join("public");
    for (name, rel) in [
        ("compound_home", "lanting/lanyuan/index.html"),
        ("case_page", "lanting/lanyuan/cases/2026-001/index.html"),
        ("cases_list", "lanting/lanyuan/cases/index.html"),
        ("notice_page", "lanting/lanyuan/notices/2026-11-05-dianti/index.html"),
        ("portal", "index.html"),
    ] {
        let html = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        insta::assert_snapshot!(name, html);
    }
}

/// The build cache beside the output (issue 16, point 3) only saves work: a
/// garbage cache file is ignored, and the published bytes are those of a
/// build without any cache.
#[test]
fn a_garbage_build_cache_changes_no_published_byte() {
    let site = SiteTest::minimal();
    let clean = site.root().join("clean");
    assert_eq!(build_into(&site, &clean).code, 0);
    let cache = site.root().join(".public.gongshi/build-cache");
    std::fs::create_dir_all(site.root().join(".public.gongshi")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&cache, b"\x00\xffnot a cache\n{]").unwrap_or_else(|e| panic!("{e}"));
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(tree(&site.root().join("public")), tree(&clean));
    assert!(std::fs::read(&cache).is_ok_and(|c| c.starts_with(b"{")), "replaced by a cache of its own");
}

/// As above, for every kind of bad cache: garbage, cut short, altered, or
/// saved for other content; each time with a published page damaged by
/// hand, so that a cache trusted without looking would show.
#[test]
#[ignore = "slow"]
fn a_garbage_or_foreign_build_cache_changes_no_published_byte() {
    let site = SiteTest::minimal();
    let clean = site.root().join("clean");
    assert_eq!(build_into(&site, &clean).code, 0);
    let expected = tree(&clean);
    let cache = site.root().join(".public.gongshi/build-cache");
    assert_eq!(build(&site).code, 0);
    assert!(cache.is_file(), "a build saves its cache beside the output");
    assert_eq!(tree(&site.root().join("public")), expected);

    // An edit is published through the cache, and so is its undoing.
    let case = "lanting/lanyuan/cases/2026-001.md";
    site.edit(case, "3号楼电梯频繁停运", "3号楼电梯频繁停运、困人");
    assert_eq!(build(&site).code, 0);
    let page = site.root().join("public/lanting/lanyuan/cases/2026-001/index.html");
    assert!(std::fs::read_to_string(&page).is_ok_and(|p| p.contains("困人")));
    let stale = std::fs::read(&cache).unwrap_or_else(|e| panic!("{e}"));
    site.edit(case, "3号楼电梯频繁停运、困人", "3号楼电梯频繁停运");
    assert_eq!(build(&site).code, 0);
    assert_eq!(tree(&site.root().join("public")), expected);

    let valid = std::fs::read(&cache).unwrap_or_else(|e| panic!("{e}"));
    let mut altered = valid.clone();
    if let Some(b) = altered.iter_mut().rev().find(|b| b.is_ascii_digit()) {
        *b = if *b == b'9' { b'0' } else { *b + 1 };
    }
    let bad: [(&str, Vec<u8>); 4] = [
        ("garbage", b"\x00\xffnot a cache\n{]".to_vec()),
        ("cut short", valid[..valid.len() / 2].to_vec()),
        ("altered", altered),
        ("of other content", stale),
    ];
    for (what, bytes) in bad {
        // The published pages are damaged too, so that a trusted cache would show.
        std::fs::write(&page, b"damaged").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&cache, &bytes).unwrap_or_else(|e| panic!("{e}"));
        let run = build(&site);
        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
        assert_eq!(tree(&site.root().join("public")), expected, "{what}");
    }
}
