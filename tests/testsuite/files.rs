//! The content tree: folder and file names, attachments, links, junk.

use crate::support::{COMPOUND, SiteTest};

fn notice() -> String {
    format!("{COMPOUND}/notices/2026-11-05-dianti.md")
}

#[test]
fn joint_meeting_member_not_on_any_roster() {
    let site = SiteTest::minimal();
    let compound = format!("{COMPOUND}/compound.yaml");
    site.edit(&compound, "陈明, 赵强]", "陈明, 赵强, 张伟]");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error ref-person {compound}:26:40")]);
    assert!(run.one("ref-person").message.contains("`张伟`"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn pledge_year_differs_from_the_file_name() {
    let site = SiteTest::minimal();
    let pledges = format!("{COMPOUND}/pledges/2026.yaml");
    site.edit(&pledges, "year: 2026", "year: 2025");
    let run = site.check_json();
    run.assert_code(1);
    // Only the mismatch: the 2026 pledges are not also reported missing.
    assert_eq!(run.short(), [format!("error name-year {pledges}:1:7")]);
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn meeting_date_differs_from_the_file_name() {
    let site = SiteTest::minimal();
    let meeting = format!("{COMPOUND}/meetings/2026-10-28.md");
    site.edit(&meeting, "date: 2026-10-28", "date: 2026-10-29");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error name-date {meeting}:2:7")]);
    assert!(run.one("name-date").hint.unwrap_or_default().contains("2026-10-29.md"));
}

#[test]
fn folder_name_that_is_not_a_slug_gets_a_suggestion() {
    let site = SiteTest::minimal();
    std::fs::rename(site.path("lanting"), site.path("Lan Ting")).unwrap_or_else(|e| panic!("{e}"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), ["error name-not-slug Lan Ting/"]);
    assert!(run.one("name-not-slug").hint.unwrap_or_default().contains("`lan-ting`"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn chinese_folder_name() {
    let site = SiteTest::minimal();
    std::fs::rename(site.path(COMPOUND), site.path("lanting/兰苑")).unwrap_or_else(|e| panic!("{e}"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), ["error name-not-slug lanting/兰苑/"]);
    let hint = run.one("name-not-slug").hint.unwrap_or_default();
    assert!(hint.contains("拼音"), "{hint}");
}

#[test]
fn case_file_name_that_is_not_a_slug() {
    let site = SiteTest::minimal();
    let from = site.path(&format!("{COMPOUND}/cases/2026-002.md"));
    std::fs::rename(from, site.path(&format!("{COMPOUND}/cases/2026 002.md"))).unwrap_or_else(|e| panic!("{e}"));
    let run = site.check_json();
    assert_eq!(run.short(), [format!("error name-not-slug {COMPOUND}/cases/2026 002.md")]);
    assert!(run.one("name-not-slug").hint.unwrap_or_default().contains("`2026-002`"));
}

#[test]
fn missing_attachment() {
    let site = SiteTest::minimal();
    site.remove(&format!("{COMPOUND}/attachments/dianti-fangan.pdf"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error attachment-missing {}:8:15", notice())]);
    assert!(run.one("attachment-missing").message.contains("找不到附件 attachments/dianti-fangan.pdf"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn attachment_named_without_its_folder_gets_a_suggestion() {
    let site = SiteTest::minimal();
    site.edit(&notice(), "[attachments/dianti-fangan.pdf]", "[dianti-fangan.pdf]");
    let run = site.check_json();
    assert_eq!(run.short(), [format!("error attachment-missing {}:8:15", notice())]);
    assert_eq!(run.one("attachment-missing").hint.as_deref(), Some("是不是 `attachments/dianti-fangan.pdf`？"));
}

#[test]
fn attachment_paths_that_leave_the_compound() {
    let site = SiteTest::minimal();
    let list = "\n  - ../../etc/passwd\n  - /etc/passwd\n  - ..\\x\n  - C:/Windows/win.ini\n  - \"%2e%2e/x\"\n  - attachments/../../../site.yaml";
    site.edit(&notice(), "attachments: [attachments/dianti-fangan.pdf]", &format!("attachments:{list}"));
    let run = site.check_json();
    run.assert_code(1);
    let n = notice();
    let expected: Vec<String> = (9..=14).map(|line| format!("error attachment-path {n}:{line}:5")).collect();
    assert_eq!(run.short(), expected);
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn svg_and_html_attachments_are_refused() {
    let site = SiteTest::minimal();
    site.write(&format!("{COMPOUND}/attachments/tu.svg"), "<svg onload=\"alert(1)\"/>")
        .write(&format!("{COMPOUND}/attachments/ye.HTML"), "<script>alert(1)</script>");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [
            format!("error attachment-type {COMPOUND}/attachments/tu.svg"),
            format!("error attachment-type {COMPOUND}/attachments/ye.HTML"),
        ]
    );
    assert!(run.diags()[0].message.contains("不允许的附件类型"));
}

#[cfg(unix)]
mod links {
    use super::*;

    #[test]
    fn symlinked_attachment_is_refused_and_not_found() {
        let site = SiteTest::minimal();
        let real = format!("{COMPOUND}/attachments/dianti-fangan.pdf");
        site.remove(&real).symlink("/etc/passwd", &real);
        let run = site.check_json();
        run.assert_code(1);
        assert_eq!(
            run.short(),
            [format!("error file-symlink {real}"), format!("error attachment-missing {}:8:15", notice())]
        );
        assert!(run.one("file-symlink").message.contains("不支持符号链接"));
    }

    #[test]
    fn symlinked_file_is_not_followed() {
        let site = SiteTest::minimal();
        let outside = site.root().join("outside.md");
        std::fs::write(&outside, "---\ntitle: 外面的文件\n---\n").unwrap_or_else(|e| panic!("{e}"));
        site.symlink(&outside, &format!("{COMPOUND}/cases/2026-009.md"));
        let run = site.check_json();
        run.assert_code(1);
        assert_eq!(run.short(), [format!("error file-symlink {COMPOUND}/cases/2026-009.md")]);
        insta::assert_snapshot!(site.check().stderr);
    }

    #[test]
    fn symlinked_directory_is_not_descended() {
        let site = SiteTest::minimal();
        // Its target has content of every kind, and errors: none of it may be read.
        let other = SiteTest::minimal();
        other.write(&format!("{COMPOUND}/cases/2026-009.md"), "not front matter");
        site.symlink(other.path(COMPOUND), "lanting/lanyuan-2");
        site.symlink("/etc", &format!("{COMPOUND}/attachments/etc"));
        let run = site.check_json();
        run.assert_code(1);
        assert_eq!(
            run.short(),
            [
                "error file-symlink lanting/lanyuan-2".to_string(),
                format!("error file-symlink {COMPOUND}/attachments/etc")
            ]
        );
    }

    #[test]
    fn symlink_loop_does_not_hang() {
        let site = SiteTest::minimal();
        site.symlink(".", &format!("{COMPOUND}/cases/loop"));
        site.symlink("../..", &format!("{COMPOUND}/notices/up"));
        site.symlink("self", &format!("{COMPOUND}/self"));
        let start = std::time::Instant::now();
        let run = site.check_json();
        assert!(start.elapsed().as_secs() < 5);
        run.assert_code(1);
        assert_eq!(
            run.short(),
            [
                format!("error file-symlink {COMPOUND}/cases/loop"),
                format!("error file-symlink {COMPOUND}/notices/up"),
                format!("error file-symlink {COMPOUND}/self"),
            ]
        );
    }
}

#[test]
fn editor_junk_is_ignored_silently() {
    let site = SiteTest::minimal();
    let broken = "not front matter \u{0} \u{FFFD}";
    for junk in [".a.md.swp", "a.md~", "4913", "#a.md#", "x.tmp", ".#a.md", "~$a.docx", "_draft.md"] {
        site.write(&format!("{COMPOUND}/cases/{junk}"), broken);
    }
    site.write(".DS_Store", [0u8, 1, 2, 0xFF])
        .write(&format!("{COMPOUND}/.DS_Store"), [0u8, 1, 2, 0xFF])
        .write(&format!("{COMPOUND}/attachments/Thumbs.db"), [0u8; 16])
        .write(".git/config", "[core]")
        .write("_drafts/site.yaml", "title：");
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), Vec::<String>::new());
}

#[test]
fn markdown_image_that_does_not_exist_and_an_unsafe_link() {
    let site = SiteTest::minimal();
    let text = site.read(&notice());
    site.write(&notice(), format!("{text}\n![现场](attachments/xianchang.jpg)\n\n[方案](attachments/dianti-fangan.pdf) [点我](javascript:alert(1)) [其他问题](cases/2026-001/)\n"));
    let run = site.check_json();
    run.assert_code(1);
    let short = run.short();
    assert_eq!(short.len(), 2, "{short:?}");
    assert!(short[0].starts_with(&format!("error attachment-missing {}:", notice())), "{short:?}");
    assert!(short[1].starts_with(&format!("warning link-unsafe {}:", notice())), "{short:?}");
    assert!(run.one("attachment-missing").message.contains("找不到图片 attachments/xianchang.jpg"));
}
