//! The published site heals: damage done to it by hand (a truncated page, a
//! deleted folder) is undone by the next build, also when the damaged file
//! is shared with a kept release. And the output never lands in `content/`,
//! even when `content/` is a symbolic link.

use std::collections::BTreeMap;

use crate::support::{COMPOUND, SiteTest, build, build_into, tree};

/// A site built four times with a change each time, so that the kept
/// releases are full and the next build recycles one; returns the
/// published tree of the last build.
fn site_with_kept_releases() -> (SiteTest, BTreeMap<String, Vec<u8>>) {
    let site = SiteTest::minimal();
    let rel = format!("{COMPOUND}/cases/2026-002.md");
    let original = site.read(&rel);
    for i in 0..4 {
        site.write(&rel, format!("{original}\n第 {i} 次修改。\n"));
        build(&site).assert_code(0);
    }
    let releases = site.root().join(".public.gongshi/releases");
    assert_eq!(std::fs::read_dir(&releases).map(|r| r.count()).unwrap_or(0), 3, "three kept releases");
    let published = tree(&site.root().join("public"));
    (site, published)
}

fn pages(site: &SiteTest) -> Vec<std::path::PathBuf> {
    let public = site.root().join("public");
    tree(&public).keys().filter(|k| k.ends_with(".html")).map(|k| public.join(k)).collect()
}

#[test]
#[ignore = "slow"]
fn truncated_pages_are_restored_by_the_next_build() {
    let (site, published) = site_with_kept_releases();
    let pages = pages(&site);
    assert!(pages.len() > 5);
    for page in &pages {
        std::fs::write(page, b"").unwrap_or_else(|e| panic!("{e}"));
    }
    build(&site).assert_code(0);
    assert!(tree(&site.root().join("public")) == published, "the site is restored byte for byte");
    // And it stays so: kept releases shared the damaged files' inodes.
    for _ in 0..3 {
        build(&site).assert_code(0);
        assert!(tree(&site.root().join("public")) == published, "a later build brought damage back");
    }
}

/// Flips one byte of the compound's page in place (same length, same
/// inode), builds, and checks the site is `published` again.
fn change_a_byte_in_place_then_build(site: &SiteTest, published: &BTreeMap<String, Vec<u8>>) {
    let page = site.root().join(format!("public/{COMPOUND}/index.html"));
    let mut bytes = std::fs::read(&page).unwrap_or_else(|e| panic!("{e}"));
    let n = bytes.len();
    bytes[n / 2] ^= 0x20;
    std::fs::write(&page, &bytes).unwrap_or_else(|e| panic!("{e}"));
    build(site).assert_code(0);
    assert!(tree(&site.root().join("public")) == *published, "the changed page is restored");
}

#[test]
fn a_page_changed_in_place_with_the_same_length_is_restored() {
    let (site, published) = site_with_kept_releases();
    change_a_byte_in_place_then_build(&site, &published);
}

/// Files last changed over a second before a build are trusted by their
/// stamp (length, modification time, inode) instead of being read: a page
/// changed in place after that is still seen and restored.
#[cfg(unix)]
#[test]
fn a_stamped_page_changed_in_place_with_the_same_length_is_restored() {
    let (site, published) = site_with_kept_releases();
    std::thread::sleep(std::time::Duration::from_millis(1200));
    // Nothing changed: every file is stamped afresh, none of them racy now.
    build(&site).assert_code(0);
    let stamps = site.root().join(".public.gongshi/stamps");
    assert!(stamps.is_file(), "the build leaves its stamps");
    change_a_byte_in_place_then_build(&site, &published);
}

#[test]
#[ignore = "slow"]
fn a_deleted_output_folder_is_rebuilt_exactly_and_stays_so() {
    let (site, published) = site_with_kept_releases();
    // Damage shared with the kept releases first, then the folder removed.
    for page in pages(&site) {
        std::fs::write(page, b"").unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::remove_dir_all(site.root().join("public")).unwrap_or_else(|e| panic!("{e}"));
    for i in 0..3 {
        build(&site).assert_code(0);
        assert!(tree(&site.root().join("public")) == published, "build {i} after rm -rf public");
    }
}

#[cfg(unix)]
#[test]
fn the_output_cannot_land_in_content_through_a_link() {
    let site = SiteTest::minimal();
    // content/ is a link to the real folder elsewhere.
    let real = site.root().join("real-content");
    std::fs::rename(site.root().join("content"), &real).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(&real, site.root().join("content")).unwrap_or_else(|e| panic!("{e}"));
    let run = build_into(&site, &real.join("public"));
    run.assert_code(2);
    assert!(run.stderr.contains("content/"), "{}", run.stderr);
    assert!(!real.join("public").exists());
    site.check_json().assert_code(0);
}
