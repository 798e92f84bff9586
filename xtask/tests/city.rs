//! The benchmark's city generator (`cargo xtask gen-city`, scripts/bench.sh)
//! at a tiny size: what it writes passes `check` without an error and
//! builds every page. Not timed; it only keeps the benchmark working.
//!
//! It runs the xtask binary as the benchmark does, and checks and builds
//! through gongshi's library, the pipeline the `gongshi` binary runs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;
use support::ok;

use chrono::NaiveDate;
use gongshi::CheckOptions;
use gongshi::build::{self, BuildOptions, SiteOptions};
use gongshi::diag::Severity;

const AS_OF: &str = "2026-11-27";

fn gen_city(out: &Path) -> Output {
    let out = out.to_string_lossy().into_owned();
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["gen-city", "--out", &out, "--compounds", "2", "--cases", "5", "--seed", "7", "--as-of", AS_OF])
        .output()
        .unwrap_or_else(|e| panic!("cannot run xtask: {e}"))
}

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            out.extend(files_under(&p, ext));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out
}

fn site(root: &Path) -> SiteOptions {
    let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").ok();
    SiteOptions { root: root.to_path_buf(), check: CheckOptions { as_of, today: None } }
}

#[test]
fn tiny_city_checks_and_builds() {
    let dir = tempfile::Builder::new().prefix("gongshi-city-").tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let root = dir.path().join("site");
    let out = dir.path().join("public");

    ok("gen-city", &gen_city(&root));
    let content = root.join("content");
    assert!(content.join("site.yaml").is_file());
    let cases =
        files_under(&content, "md").into_iter().filter(|p| p.parent().is_some_and(|d| d.ends_with("cases"))).count();
    assert_eq!(cases, 10, "2 compounds × 5 cases");

    // The generator must write no content error, also no privacy finding.
    let checked = build::check(&site(&root)).unwrap_or_else(|e| panic!("check: {e}"));
    let errors: Vec<_> = checked.diags.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let opts = BuildOptions { site: site(&root), out: Some(out.clone()), base_url: None, communities: Vec::new() };
    let built = build::build(&opts).unwrap_or_else(|e| panic!("build: {e}"));
    assert!(built.published.is_some(), "nothing was published");
    for f in ["index.html", "sitemap.xml", "version.json"] {
        assert!(out.join(f).is_file(), "{f} is missing");
    }
    // Every compound has its home, lists, feed and data, and every case its page.
    let mut compounds = 0;
    for yaml in files_under(&content, "yaml").into_iter().filter(|p| p.ends_with("compound.yaml")) {
        let rel = yaml.parent().and_then(|d| d.strip_prefix(&content).ok()).map(Path::to_path_buf).unwrap_or_default();
        let home = out.join(&rel);
        for page in [
            "index.html",
            "cases/index.html",
            "pledges/index.html",
            "meetings/index.html",
            "notices/index.html",
            "feed.xml",
            "data.json",
        ] {
            assert!(home.join(page).is_file(), "{}/{page} is missing", rel.display());
        }
        for case in files_under(&content.join(&rel).join("cases"), "md") {
            let id = case.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            assert!(home.join("cases").join(&id).join("index.html").is_file(), "case page {id}");
        }
        compounds += 1;
    }
    assert_eq!(compounds, 2);

    // Deterministic: the same arguments write the same bytes.
    let again = dir.path().join("again");
    ok("gen-city again", &gen_city(&again));
    let first = files_under(&content, "md");
    let second = files_under(&again.join("content"), "md");
    assert_eq!(first.len(), second.len());
    for (x, y) in first.iter().zip(&second) {
        assert_eq!(std::fs::read(x).ok(), std::fs::read(y).ok(), "{} differs between runs", x.display());
    }
}

#[test]
fn gen_city_refuses_a_folder_with_content() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir_all(dir.path().join("content/x")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    let o = gen_city(dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("content/ is not empty"));
}
