//! Urgent notices (issue 11, point 5): `urgent: true` with `from` and
//! `until` as date-times, in a compound's notices/ or its community's;
//! on every phone page of the compounds they reach, in version.json's
//! `alerts` for kiosks, first in the feed; and the mistakes staff make
//! writing them.

use serde_json::Value;

use crate::support::{COMPOUND, SiteTest, build};

const URGENT: &str = "---
title: 3号楼明日停水
kind: other
urgent: true
published: 2026-11-26
from: 2026-11-27 09:00
until: 2026-11-27 18:00
---
因管道抢修，3号楼停水，请提前储水。
";

fn compound_notice() -> String {
    format!("{COMPOUND}/notices/2026-11-26-tingshui.md")
}

fn published(site: &SiteTest, rel: &str) -> String {
    let path = site.root().join("public").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A second compound in the minimal site's community, to tell "every
/// compound of the community" from "this compound".
fn with_second_compound(site: &SiteTest) {
    let yaml = site.read(&format!("{COMPOUND}/compound.yaml"));
    site.write("lanting/meiyuan/compound.yaml", yaml.replace("兰苑小区", "梅苑小区"));
}

#[test]
fn a_compound_urgent_notice_is_on_its_pages_in_version_json_and_first_in_the_feed() {
    let site = SiteTest::minimal();
    with_second_compound(&site);
    site.write(&compound_notice(), URGENT);
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);

    for page in ["lanting/lanyuan/index.html", "lanting/lanyuan/cases/2026-001/index.html"] {
        let html = published(&site, page);
        assert!(html.contains("class=\"urgent\""), "{page}: no banner");
        assert!(html.contains("data-from=\"2026-11-27T09:00\" data-until=\"2026-11-27T18:00\""), "{page}");
        assert!(html.contains("3号楼明日停水"), "{page}");
    }
    assert!(!published(&site, "lanting/meiyuan/index.html").contains("class=\"urgent\""), "only its own compound");

    let v: Value = serde_json::from_str(&published(&site, "version.json")).expect("version.json");
    let alerts = v["alerts"].as_array().expect("alerts");
    assert_eq!(alerts.len(), 1, "{v}");
    assert_eq!(alerts[0]["title"], "3号楼明日停水");
    assert_eq!(alerts[0]["from"], "2026-11-27T09:00");
    assert_eq!(alerts[0]["until"], "2026-11-27T18:00");
    assert_eq!(alerts[0]["compounds"], serde_json::json!(["lanting/lanyuan"]));

    let feed = published(&site, "lanting/lanyuan/feed.xml");
    let first = feed.split("<entry>").nth(1).expect("an entry");
    assert!(first.contains("【紧急通知】3号楼明日停水"), "{first}");
}

#[test]
fn a_community_urgent_notice_reaches_every_compound_of_the_community() {
    let site = SiteTest::minimal();
    with_second_compound(&site);
    site.write("lanting/notices/2026-11-26-tingshui.md", URGENT);
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in ["lanting/lanyuan/index.html", "lanting/meiyuan/notices/index.html"] {
        assert!(published(&site, page).contains("3号楼明日停水"), "{page}");
    }
    let v: Value = serde_json::from_str(&published(&site, "version.json")).expect("version.json");
    assert_eq!(v["alerts"][0]["compounds"], serde_json::json!(["lanting/lanyuan", "lanting/meiyuan"]));
}

#[test]
fn an_urgent_notice_over_before_the_as_of_date_is_gone_everywhere() {
    let site = SiteTest::minimal();
    site.write(
        &compound_notice(),
        URGENT
            .replace("until: 2026-11-27 18:00", "until: 2026-11-26 18:00")
            .replace("from: 2026-11-27", "from: 2026-11-26"),
    );
    assert_eq!(build(&site).code, 0);
    assert!(!published(&site, "lanting/lanyuan/index.html").contains("class=\"urgent\""));
    let v: Value = serde_json::from_str(&published(&site, "version.json")).expect("version.json");
    assert_eq!(v["alerts"], serde_json::json!([]));
}

#[test]
fn an_urgent_notice_written_ahead_is_not_held_back_as_a_scheduled_notice() {
    // Tomorrow's water cut, written today with tomorrow as its `published`
    // date: its hours say when it shows, so kiosks have it at their next poll.
    let site = SiteTest::minimal();
    let rel = format!("{COMPOUND}/notices/2026-11-28-tingshui.md");
    site.write(
        &rel,
        URGENT.replace("published: 2026-11-26", "published: 2026-11-28").replace("2026-11-27 ", "2026-11-28 "),
    );
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&published(&site, "version.json")).expect("version.json");
    assert_eq!(v["alerts"][0]["from"], "2026-11-28T09:00", "{v}");
    let home = published(&site, "lanting/lanyuan/index.html");
    assert!(home.contains("data-from=\"2026-11-28T09:00\""), "no banner");
    // The banner's link leads to a page that exists.
    assert!(published(&site, "lanting/lanyuan/notices/2026-11-28-tingshui/index.html").contains("3号楼明日停水"));
}

#[test]
fn a_community_urgent_notice_is_scanned_for_private_data_like_any_notice() {
    let site = SiteTest::minimal();
    let rel = "lanting/notices/2026-11-26-tingshui.md";
    site.write(rel, URGENT.replace("请提前储水。", "请联系13812345678。"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error pii-mobile {rel}:9:16")]);
    // Nor does it reach any page or version.json.
    assert_eq!(build(&site).code, 1);
    assert!(!site.root().join("public/version.json").exists());
}

#[test]
fn a_community_notices_folder_is_never_a_compound() {
    let site = SiteTest::minimal();
    let yaml = site.read(&format!("{COMPOUND}/compound.yaml"));
    site.write("lanting/notices/compound.yaml", yaml);
    let run = site.check_json();
    assert_eq!(run.short(), ["warning file-unexpected lanting/notices/compound.yaml"]);
    assert_eq!(build(&site).code, 0);
    assert!(!site.root().join("public/lanting/notices").exists());
}

#[test]
fn mistakes_in_urgent_notices_point_at_their_line() {
    let site = SiteTest::minimal();
    let rel = compound_notice();
    let check = |text: String| {
        site.write(&rel, text);
        site.check_json().short()
    };
    assert_eq!(check(URGENT.replace("from: 2026-11-27 09:00\n", "")), [format!("error urgent-window {rel}:2:1")]);
    assert_eq!(check(URGENT.replace("2026-11-27 18:00", "2026-11-27 晚上")), [format!("error date-format {rel}:7:8")]);
    assert_eq!(check(URGENT.replace("2026-11-27 18:00", "2026-11-27 08:00")), [format!("error date-order {rel}:7:8")]);
    let plain = URGENT.replace("urgent: true\n", "").replace("until: 2026-11-27 18:00", "until: 2026-11-30");
    assert_eq!(check(plain), [format!("error urgent-window {rel}:5:7")]);
    // In the community's folder, a regular notice is not published.
    site.remove(&rel);
    site.write(
        "lanting/notices/2026-11-26-x.md",
        URGENT
            .replace("urgent: true\n", "")
            .replace("from: 2026-11-27 09:00\n", "")
            .replace("until: 2026-11-27 18:00", "until: 2026-11-30"),
    );
    assert_eq!(site.check_json().short(), ["warning file-unexpected lanting/notices/2026-11-26-x.md"]);
}
