//! Boards that are true on the day they show (issue 11): scheduled notices,
//! dates after "today" that are probably typos, meeting decisions followed
//! up, and the policy's calendar.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{COMPOUND, EPOCH, Run, SiteTest, build, gongshi, tree};

/// `gongshi build` of `site` into its `public/` as of `day`.
fn build_on(site: &SiteTest, day: &str) -> Run {
    let root = site.root().to_string_lossy().into_owned();
    let out = site.root().join("public").to_string_lossy().into_owned();
    let o = gongshi()
        .args(["build", "--root", &root, "--out", &out, "--as-of", day])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap_or_else(|e| panic!("cannot run gongshi: {e}"));
    Run::from_output(&o, Some(site.root()))
}

/// The published files that contain `needle`, as text.
fn files_with(out: &Path, needle: &str) -> Vec<String> {
    let files: BTreeMap<String, Vec<u8>> = tree(out);
    files.into_iter().filter(|(_, b)| String::from_utf8_lossy(b).contains(needle)).map(|(p, _)| p).collect()
}

fn page(site: &SiteTest, rel: &str) -> String {
    std::fs::read_to_string(site.root().join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const SCHEDULED: &str = "---
title: 关于12月5日全天停水检修的通知
kind: maintenance_fund
published: 2026-12-05
until: 2026-12-20
attachments: [attachments/tingshui.pdf]
---
12月5日全天停水。
";

const ANNOUNCED: &str = "---
title: 第二届业主委员会换届选举公告
kind: other
published: 2026-12-10
until: 2026-12-24
announce: true
attachments: [attachments/dianti-fangan.pdf]
---
选举办法全文。
";

fn scheduled_site() -> SiteTest {
    let site = SiteTest::minimal();
    site.write(&format!("{COMPOUND}/notices/2026-12-05-tingshui.md"), SCHEDULED);
    site.write(&format!("{COMPOUND}/notices/2026-12-10-xuanju.md"), ANNOUNCED);
    site.write(&format!("{COMPOUND}/attachments/tingshui.pdf"), "%PDF-1.4\n");
    site
}

#[test]
fn a_scheduled_notice_appears_nowhere_before_its_day() {
    let site = scheduled_site();
    // Staff are still told about it on `check` (a major matter without `reported`) …
    let run = site.check_json();
    run.assert_code(0);
    let d = run.one("rule-notice-reported");
    assert!(d.message.contains("停水检修"), "{}", d.message);
    build(&site).assert_code(0);
    let out = site.root().join("public");
    // … but nothing published names it: no list, home, page, feed, data,
    // sitemap, compliance page or kiosk, and its attachment waits with it.
    assert_eq!(files_with(&out, "停水检修"), Vec::<String>::new());
    assert_eq!(files_with(&out, "2026-12-05-tingshui"), Vec::<String>::new());
    assert!(!out.join(format!("{COMPOUND}/attachments/tingshui.pdf")).exists());
    // On its day it is published everywhere, attachment included.
    build_on(&site, "2026-12-05").assert_code(0);
    assert!(page(&site, &format!("{COMPOUND}/notices/2026-12-05-tingshui/index.html")).contains("停水检修"));
    assert!(page(&site, &format!("{COMPOUND}/feed.xml")).contains("停水检修"));
    assert!(page(&site, "sitemap.xml").contains("2026-12-05-tingshui"));
    assert!(out.join(format!("{COMPOUND}/attachments/tingshui.pdf")).exists());
}

#[test]
fn an_announced_notice_shows_its_day_and_nothing_more() {
    let site = scheduled_site();
    build(&site).assert_code(0);
    let out = site.root().join("public");
    let label = "即将公示（12月10日起）";
    let list = page(&site, &format!("{COMPOUND}/notices/index.html"));
    let home = page(&site, &format!("{COMPOUND}/index.html"));
    for html in [&list, &home] {
        assert!(html.contains("第二届业主委员会换届选举公告"));
        assert!(html.contains(label));
        // Listed by title only: its page does not exist yet.
        assert!(!html.contains("notices/2026-12-10-xuanju/"));
    }
    assert!(!out.join(format!("{COMPOUND}/notices/2026-12-10-xuanju/index.html")).exists());
    assert!(!page(&site, &format!("{COMPOUND}/feed.xml")).contains("换届选举"));
    assert_eq!(files_with(&out, "选举办法全文"), Vec::<String>::new());
    let data = page(&site, &format!("{COMPOUND}/data.json"));
    assert!(data.contains("\"state\":\"announced\""), "{data}");
}

#[test]
fn a_notice_after_its_period_is_listed_under_past_notices() {
    let site = SiteTest::minimal();
    build(&site).assert_code(0);
    // The fixture's notice ran until 2026-11-20; the day is 2026-11-27.
    let list = page(&site, &format!("{COMPOUND}/notices/index.html"));
    let past = list.find("往期公示").unwrap_or_else(|| panic!("no past notices heading:\n{list}"));
    let title = list.find("维修3号楼电梯的公示").unwrap_or_default();
    assert!(title > past, "listed before the past notices heading:\n{list}");
    assert!(!list.contains("公示期内的事项"), "{list}");
    let home = page(&site, &format!("{COMPOUND}/index.html"));
    assert!(!home.contains("维修3号楼电梯的公示"));
    // The same notice within its period is current, not past.
    build_on(&site, "2026-11-20").assert_code(0);
    let list = page(&site, &format!("{COMPOUND}/notices/index.html"));
    assert!(list.contains("公示期内的事项") && !list.contains("往期公示"), "{list}");
}
