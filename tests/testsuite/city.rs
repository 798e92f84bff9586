//! The benchmark's city generator (`gongshi gen-city`, scripts/bench.sh)
//! at a tiny size: what it writes passes `check` and builds. Not timed; it
//! only keeps the benchmark working.

use std::path::Path;
use std::process::Output;

use crate::support::{AS_OF, EPOCH, gongshi as command};

fn gongshi(args: &[&str]) -> Output {
    command().args(args).env("SOURCE_DATE_EPOCH", EPOCH).output().unwrap_or_else(|e| panic!("cannot run gongshi: {e}"))
}

fn ok(what: &str, o: &Output) {
    assert!(
        o.status.success(),
        "{what}: exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn files_under(dir: &Path, ext: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p, ext));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p.to_string_lossy().into_owned());
        }
    }
    out.sort();
    out
}

#[test]
fn tiny_city_checks_and_builds() {
    let dir = tempfile::Builder::new().prefix("gongshi-city-").tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let site = dir.path().join("site");
    let out = dir.path().join("public");
    let s = site.to_string_lossy().into_owned();
    let o = out.to_string_lossy().into_owned();

    ok(
        "gen-city",
        &gongshi(&["gen-city", "--out", &s, "--compounds", "2", "--cases", "5", "--seed", "7", "--as-of", AS_OF]),
    );
    let content = site.join("content");
    assert!(content.join("site.yaml").is_file());
    let cases = files_under(&content, "md").into_iter().filter(|p| p.contains("/cases/")).count();
    assert_eq!(cases, 10, "2 compounds × 5 cases");

    // Content errors exit 1: the generator must write none, also no privacy finding.
    let check = gongshi(&["check", "--root", &s, "--as-of", AS_OF, "--format", "json"]);
    ok("check", &check);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(!stdout.contains("\"severity\":\"error\""), "{stdout}");

    ok("build", &gongshi(&["build", "--root", &s, "--out", &o, "--as-of", AS_OF]));
    assert!(out.join("index.html").is_file());
    assert!(out.join("sitemap.xml").is_file());
    assert!(out.join("version.json").is_file());
    // Every compound has its home, lists, feed and data, and every case its page.
    let mut compounds = 0;
    for yaml in files_under(&content, "yaml").into_iter().filter(|p| p.ends_with("/compound.yaml")) {
        let rel = Path::new(&yaml)
            .parent()
            .and_then(|d| d.strip_prefix(&content).ok())
            .map(Path::to_path_buf)
            .unwrap_or_default();
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
            let id = Path::new(&case).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            assert!(home.join("cases").join(&id).join("index.html").is_file(), "case page {id}");
        }
        compounds += 1;
    }
    assert_eq!(compounds, 2);

    // Deterministic: the same arguments write the same bytes.
    let again = dir.path().join("again");
    let a = again.to_string_lossy().into_owned();
    ok(
        "gen-city again",
        &gongshi(&["gen-city", "--out", &a, "--compounds", "2", "--cases", "5", "--seed", "7", "--as-of", AS_OF]),
    );
    let first = files_under(&content, "md");
    let second = files_under(&again.join("content"), "md");
    assert_eq!(first.len(), second.len());
    for (x, y) in first.iter().zip(&second) {
        assert_eq!(std::fs::read(x).ok(), std::fs::read(y).ok(), "{x} differs between runs");
    }
}
