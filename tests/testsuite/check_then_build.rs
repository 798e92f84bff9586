//! What `build` would fail on, `check` finds first: each mistake here is a
//! content error (exit 1) for both commands, never a bare OS error (exit 2)
//! from `build` after `check` said all was well.

use crate::support::{CASE, COMPOUND, SiteTest, build};

/// `check` and `build` both end with exit 1 and `check` reports exactly `expected`.
fn both_refuse(site: &SiteTest, expected: &[String]) {
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), expected);
    let b = build(site);
    b.assert_code(1);
    assert!(!site.root().join("public").exists(), "nothing is published");
}

#[test]
fn attachments_that_differ_only_in_letter_case() {
    let site = SiteTest::minimal();
    let pdf = site.read(&format!("{COMPOUND}/attachments/dianti-fangan.pdf"));
    site.write(&format!("{COMPOUND}/attachments/Dianti-Fangan.pdf"), &pdf);
    // The copy nothing links to is also named as unused (and left unpublished).
    both_refuse(
        &site,
        &[
            format!("warning attachment-unused {COMPOUND}/attachments/Dianti-Fangan.pdf"),
            format!("error name-case-collision {COMPOUND}/attachments/dianti-fangan.pdf"),
        ],
    );
    assert!(site.check_json().one("name-case-collision").message.contains("只差大小写"));
}

#[test]
fn attachments_that_differ_only_in_unicode_form() {
    let site = SiteTest::minimal();
    // "é" composed (NFC, as Windows writes it) and decomposed (NFD, as macOS does).
    site.write(&format!("{COMPOUND}/attachments/caf\u{e9}.pdf"), "%PDF-1.4 a");
    site.write(&format!("{COMPOUND}/attachments/cafe\u{301}.pdf"), "%PDF-1.4 b");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.diags().iter().filter(|d| d.code == "name-case-collision").count(), 1, "{}", run.stdout);
}

#[test]
fn a_community_named_like_a_generated_folder() {
    let site = SiteTest::minimal();
    std::fs::rename(site.path("lanting"), site.path("compliance")).unwrap_or_else(|e| panic!("{e}"));
    both_refuse(&site, &["error name-reserved compliance/".to_string()]);
    let d = site.check_json().one("name-reserved");
    assert!(d.message.contains("`compliance`") && d.message.contains("网站自己使用"), "{}", d.message);
}

#[test]
fn every_reserved_top_level_name_is_refused() {
    for name in gongshi::names::RESERVED_AT_TOP {
        let site = SiteTest::minimal();
        std::fs::rename(site.path("lanting"), site.path(name)).unwrap_or_else(|e| panic!("{e}"));
        site.check_json().assert_code(1).one("name-reserved");
    }
}

#[test]
fn a_compound_named_like_a_community_page() {
    let site = SiteTest::minimal();
    std::fs::rename(site.path(COMPOUND), site.path("lanting/reports")).unwrap_or_else(|e| panic!("{e}"));
    both_refuse(&site, &["error name-reserved lanting/reports/".to_string()]);
}

#[test]
fn a_case_named_like_a_case_list() {
    let site = SiteTest::minimal();
    site.write(&format!("{COMPOUND}/cases/by-building.md"), CASE);
    both_refuse(&site, &[format!("error name-reserved {COMPOUND}/cases/by-building.md")]);
}

#[test]
fn look_alike_names_say_the_right_name() {
    for (wrong, right) in [
        ("cases/2026-003.md.txt", "2026-003.md"),
        ("cases/2026-003.MD", "2026-003.md"),
        ("cases/2026-003.markdown", "2026-003.md"),
        ("pledges/2027.YAML", "2027.yaml"),
        ("evaluations/2026.yaml.txt", "2026.yaml"),
    ] {
        let site = SiteTest::minimal();
        let rel = format!("{COMPOUND}/{wrong}");
        site.write(&rel, CASE);
        let run = site.check_json();
        run.assert_code(1);
        assert_eq!(run.short(), [format!("error file-lookalike {rel}")], "{wrong}");
        let d = run.one("file-lookalike");
        assert!(d.message.contains(&format!("你是不是想用 `{right}`")), "{wrong}: {}", d.message);
        build(&site).assert_code(1);
    }
}

#[test]
fn yml_is_still_accepted() {
    let site = SiteTest::minimal();
    let yaml = site.read(&format!("{COMPOUND}/compound.yaml"));
    site.remove(&format!("{COMPOUND}/compound.yaml")).write(&format!("{COMPOUND}/compound.yml"), yaml);
    site.check_json().assert_code(0);
}

#[cfg(unix)]
#[test]
fn an_unreadable_attachment_is_not_called_missing() {
    use std::os::unix::fs::PermissionsExt as _;
    let site = SiteTest::minimal();
    let rel = format!("{COMPOUND}/attachments/dianti-fangan.pdf");
    std::fs::set_permissions(site.path(&rel), std::fs::Permissions::from_mode(0o000)).unwrap_or_else(|e| panic!("{e}"));
    if std::fs::File::open(site.path(&rel)).is_ok() {
        eprintln!("skipped: permissions do not bind this user (root)");
        return;
    }
    both_refuse(&site, &[format!("error file-unreadable {rel}")]);
    assert!(site.check_json().one("file-unreadable").message.contains("文件存在，但无法读取"));
}

#[cfg(unix)]
#[test]
fn an_unreadable_compound_file_is_not_called_missing() {
    use std::os::unix::fs::PermissionsExt as _;
    let site = SiteTest::minimal();
    let rel = format!("{COMPOUND}/compound.yaml");
    std::fs::set_permissions(site.path(&rel), std::fs::Permissions::from_mode(0o000)).unwrap_or_else(|e| panic!("{e}"));
    if std::fs::File::open(site.path(&rel)).is_ok() {
        eprintln!("skipped: permissions do not bind this user (root)");
        return;
    }
    both_refuse(&site, &[format!("error file-unreadable {rel}")]);
}

#[cfg(unix)]
#[test]
fn an_unreadable_compound_folder_is_not_called_missing() {
    use std::os::unix::fs::PermissionsExt as _;
    let site = SiteTest::minimal();
    let dir = site.path(COMPOUND);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o000)).unwrap_or_else(|e| panic!("{e}"));
    let bound = std::fs::read_dir(&dir).is_err();
    let run = site.check_json();
    // Readable again, so that the temporary folder can be removed.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap_or_else(|e| panic!("{e}"));
    if !bound {
        eprintln!("skipped: permissions do not bind this user (root)");
        return;
    }
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error file-unreadable {COMPOUND}")]);
}

/// The bundled example street and the site of hostile text both pass
/// `check`, and so both build: the corpora the other tiers use.
#[test]
#[ignore = "slow"]
fn the_example_street_and_the_payload_site_check_clean_and_build() {
    for (name, site) in [("example", crate::support::example()), ("payloads", crate::support::payload_site())] {
        let checked = site.check_json();
        if checked.code == 0 {
            build(&site).assert_code(0);
        } else {
            checked.assert_code(1);
            build(&site).assert_code(1);
        }
        assert!(checked.code == 0 || name == "payloads", "{name}: {}", checked.stdout);
    }
}
