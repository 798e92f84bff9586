//! The search pages: a compound's and the street's, each with its own
//! index file loaded only by the search page, small enough for a phone,
//! and pages that still lead somewhere without JavaScript. The script's
//! behaviour is tested in Chromium (`tests/browser/search.rs`).

use std::io::Write as _;
use std::path::Path;

use crate::support::{CASE, NEW_CASE, SiteTest, build, example, html_pages, swap};

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn index(out: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(out, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn gzipped_len(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap_or_else(|e| panic!("gzip: {e}"));
    gz.finish().unwrap_or_else(|e| panic!("gzip: {e}")).len()
}

fn md_stems(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().strip_suffix(".md").map(str::to_string))
        .collect();
    v.sort();
    v
}

#[test]
fn every_case_and_notice_of_a_compound_is_indexed_under_20_kb_gzipped() {
    let site = example();
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.root().join("public");
    let content = site.root().join("content");
    let mut street_items = 0;
    for (community, compound) in
        [("hepingli", "jinxiu"), ("hepingli", "xinyuan-2"), ("yangguang", "lanyuan"), ("yangguang", "guiyuan")]
    {
        let dir = format!("{community}/{compound}");
        let bytes = std::fs::read(out.join(&dir).join("search/index.json")).unwrap_or_default();
        let gz = gzipped_len(&bytes);
        assert!(gz <= 20 * 1024, "{dir}: index is {gz} bytes gzipped");
        let v = index(&out, &format!("{dir}/search/index.json"));
        let urls: Vec<String> = v["groups"][0]["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| i["u"].as_str().unwrap_or_default().to_string())
            .collect();
        for (kind, stems) in [
            ("cases", md_stems(&content.join(&dir).join("cases"))),
            ("notices", md_stems(&content.join(&dir).join("notices"))),
        ] {
            for stem in stems {
                let url = format!("{kind}/{stem}/");
                // A notice scheduled after the as-of date has no page yet, and
                // must not be found either; everything else is indexed and
                // each entry leads to a page that exists.
                if !out.join(&dir).join(&url).join("index.html").is_file() {
                    assert!(kind == "notices" && !urls.contains(&url), "{dir}: {url} indexed without a page");
                    continue;
                }
                assert!(urls.contains(&url), "{dir}: {url} not indexed");
            }
        }
        street_items += urls.len();
    }
    // The street's index holds every compound's entries, with URLs from its own folder.
    let street = index(&out, "search/index.json");
    let groups = street["groups"].as_array().cloned().unwrap_or_default();
    assert_eq!(groups.iter().map(|g| g["items"].as_array().map_or(0, Vec::len)).sum::<usize>(), street_items);
    let lanyuan = groups.iter().find(|g| g["url"] == "../yangguang/lanyuan/").unwrap_or_else(|| panic!("{street}"));
    let case = lanyuan["items"].as_array().into_iter().flatten().find(|i| i["n"] == "2026-025");
    let case = case.unwrap_or_else(|| panic!("2026-025 not in the street index"));
    assert_eq!(case["u"], "cases/2026-025/");
    for needle in ["水压", "14号楼"] {
        let text = format!("{} {} {}", case["t"], case["l"], case["c"]);
        assert!(text.contains(needle), "{needle} in {text}");
    }
}

#[test]
fn only_the_search_pages_load_the_script_and_the_index() {
    let site = example();
    assert_eq!(build(&site).code, 0);
    let out = site.root().join("public");
    let mut search_pages = 0;
    for (rel, html) in html_pages(&out) {
        let is_search = rel == "search/index.html" || rel.ends_with("/search/index.html");
        if is_search {
            search_pages += 1;
            let root = "../".repeat(rel.matches('/').count());
            assert!(html.contains(&format!("<script src=\"{root}assets/search.js\" defer></script>")), "{rel}");
            assert!(html.contains("data-index=\"index.json\""), "{rel}");
            // One external script, same origin, none inline (the CSP is script-src 'self').
            assert_eq!(html.matches("<script").count(), 1, "{rel}");
            // Without JavaScript: a style sheet hides the box, and the indexes are linked.
            assert!(
                html.contains(&format!(
                    "<noscript><link rel=\"stylesheet\" href=\"{root}assets/search-nojs.css\"></noscript>"
                )),
                "{rel}"
            );
            for link in html.split("href=\"").skip(1).filter_map(|s| s.split('"').next()) {
                if link.contains("/by-building/") || link.contains("/by-category/") {
                    let target = out.join(Path::new(&rel).parent().unwrap_or(Path::new(""))).join(link);
                    assert!(target.join("index.html").is_file(), "{rel}: {link}");
                }
            }
        } else {
            assert!(!html.contains("search.js") && !html.contains("index.json"), "{rel} loads the search");
        }
    }
    assert_eq!(search_pages, 5, "the street's and four compounds'");
    let street = read(&out, "search/index.html");
    assert_eq!(street.matches("by-building/\">按楼栋查看</a>").count(), 4, "each compound's indexes");
    assert!(read(&out, "index.html").contains("<a class=\"more\" href=\"search/\">全街道搜索</a>"));
    assert!(read(&out, "yangguang/lanyuan/cases/index.html").contains("<a href=\"../search/\">搜索</a>"));
    let js = read(&out, "assets/search.js");
    assert!(js.contains("XMLHttpRequest") && !js.contains("innerHTML"), "results are built as text");
}

#[test]
fn a_private_value_is_not_indexed() {
    let site = SiteTest::minimal();
    let private = "private:\n  reporter: 王小明\n  room: 3-2-1201\n---\n";
    site.write(
        NEW_CASE,
        swap(CASE, "---\n12号楼顶层楼道雨天渗水。\n", &format!("{private}12号楼顶层楼道雨天渗水。\n")),
    );
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.root().join("public");
    for rel in ["lanting/lanyuan/search/index.json", "search/index.json"] {
        let text = read(&out, rel);
        assert!(text.contains("12号楼顶层渗水"), "{rel}: the case is indexed");
        for v in ["王小明", "3-2-1201"] {
            assert!(!text.contains(v), "{rel}: private {v} indexed");
        }
    }
}
