//! The case indexes that work without JavaScript: a compound's cases by the
//! building their location starts with, and by category, linked from the
//! cases list.

use std::path::Path;

use crate::support::{CASE, NEW_CASE, SiteTest, build, example, swap};

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// An index page as a resident reads it: each heading, then the case
/// numbers listed under it.
fn outline(html: &str) -> String {
    let mut lines = Vec::new();
    for section in html.split("<section ").skip(1) {
        let section = section.split("</section>").next().unwrap_or_default();
        let heading = section.split("<h2").nth(1).and_then(|h| h.split_once('>')).map(|(_, h)| h).unwrap_or_default();
        let title = heading.split(" <span").next().unwrap_or_default();
        let ids: Vec<&str> = section.split("href=\"../../cases/").skip(1).filter_map(|s| s.split('/').next()).collect();
        lines.push(format!("{title}: {}", ids.join(" ")));
    }
    lines.join("\n")
}

#[test]
fn example_cases_by_building_and_by_category() {
    let site = example();
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.root().join("public");
    let by_building = read(&out, "yangguang/lanyuan/cases/by-building/index.html");
    let by_category = read(&out, "yangguang/lanyuan/cases/by-category/index.html");
    assert!(by_building.contains("<h1>居民反映问题 · 按楼栋查看</h1>"), "{by_building}");
    assert!(by_building.contains("href=\"../by-category/\""), "links the other index");
    for page in [&by_building, &by_category] {
        assert!(!page.contains("<script"), "an index needs no script");
    }
    let two = read(&out, "hepingli/xinyuan-2/cases/by-building/index.html");
    insta::assert_snapshot!(
        "by_building",
        format!("yangguang/lanyuan\n{}\n\nhepingli/xinyuan-2\n{}", outline(&by_building), outline(&two))
    );
    insta::assert_snapshot!("by_category", outline(&by_category));
    let list = read(&out, "yangguang/lanyuan/cases/index.html");
    assert!(list.contains("<a href=\"by-building/\">按楼栋查看</a>"), "the cases list links the indexes");
    assert!(list.contains("<a href=\"by-category/\">按分类查看</a>"), "the cases list links the indexes");
}

#[test]
fn every_spelling_of_a_building_lands_in_one_group() {
    let site = SiteTest::minimal();
    let with = |id: &str, location: &str| {
        let text = swap(CASE, "title: 12号楼顶层渗水", &format!("title: 顶层渗水{id}\nlocation: {location}"));
        site.write(&NEW_CASE.replace("2026-003", id), text);
    };
    with("2026-011", "12#楼东单元");
    with("2026-012", "12号楼西侧");
    with("2026-013", "门卫室");
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.root().join("public");
    let page = read(&out, "lanting/lanyuan/cases/by-building/index.html");
    let outline = outline(&page);
    let twelve = outline.lines().find(|l| l.starts_with("12号楼:")).unwrap_or_else(|| panic!("{outline}"));
    assert!(twelve.contains("2026-011") && twelve.contains("2026-012"), "{outline}");
    let other = outline.lines().last().unwrap_or_default();
    assert!(other.starts_with("其他:") && other.contains("2026-013"), "{outline}");
}
