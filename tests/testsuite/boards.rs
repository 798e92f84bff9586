//! What kiosk boards and posters carry for people and for their script
//! (issue 11, points 4 and 8): case numbers on every case row, and the
//! machine-readable dates the script corrects the board by.

use crate::support::{AS_OF, CASE, NEW_CASE, SiteTest, build, gongshi, swap};

fn published(site: &SiteTest, rel: &str) -> String {
    let path = site.root().join("public").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn kiosk_rows_and_posters_show_case_numbers_and_carry_dates_for_the_script() {
    let site = SiteTest::minimal();
    // Open and due after the as-of date, so it is not overdue yet.
    site.write(NEW_CASE, swap(CASE, "lead: property_company", "lead: property_company\ndue: 2026-12-10"));
    site.write(
        "lanting/lanyuan/notices/2026-11-25-x.md",
        "---\ntitle: 关于公共收益的公示\nkind: other\npublished: 2026-11-25\nuntil: 2026-12-04\n---\n正文。\n",
    );
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kiosk = published(&site, "lanting/lanyuan/kiosk/landscape.html");
    let poster = published(&site, "lanting/lanyuan/print.html");
    for (name, html) in [("kiosk", &kiosk), ("poster", &poster)] {
        assert!(html.contains("编号 2026-003"), "{name}: no case number");
        assert!(html.contains("<li class=\"item\" data-due=\"2026-12-10\">"), "{name}: no data-due");
        assert!(html.contains("<li class=\"item\" data-until=\"2026-12-04\">"), "{name}: no data-until");
    }
    // The site's zone and the words the script writes travel with the page.
    assert!(kiosk.contains("data-offset=\"480\"") && kiosk.contains("data-overdue=\"已逾期 {n} 天\""));
}

#[test]
fn a_suspended_case_never_falls_overdue_on_the_board() {
    let site = SiteTest::minimal();
    let suspended = swap(CASE, "lead: property_company", "lead: property_company\ndue: 2026-12-10");
    let suspended = swap(&suspended, "status: received\n", "status: suspended\n");
    let suspended = swap(
        &suspended,
        "note: 已登记}",
        "note: 已登记}\n  - {date: 2026-11-21, status: suspended, by: residents_committee, note: 等待业主大会表决}",
    );
    site.write(NEW_CASE, suspended);
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kiosk = published(&site, "lanting/lanyuan/kiosk/landscape.html");
    assert!(kiosk.contains("编号 2026-003"), "the suspended case is listed");
    assert!(!kiosk.contains("data-due=\"2026-12-10\""), "a suspended case is not running late");
}

/// The minimal site with a second compound, `lanting/zhuyuan`, a copy of
/// lanyuan under another name.
fn two_compounds() -> SiteTest {
    let site = SiteTest::minimal();
    let from = site.path("lanting/lanyuan");
    for entry in walk(&from) {
        let rel = entry.strip_prefix(&from).unwrap_or_else(|e| panic!("{e}"));
        let bytes = std::fs::read(&entry).unwrap_or_else(|e| panic!("{}: {e}", entry.display()));
        site.write(&format!("lanting/zhuyuan/{}", rel.to_string_lossy().replace('\\', "/")), bytes);
    }
    site.edit("lanting/zhuyuan/compound.yaml", "name: 兰苑小区", "name: 竹苑小区");
    site
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

fn version_json(site: &SiteTest) -> serde_json::Value {
    serde_json::from_str(&published(site, "version.json")).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn an_edit_in_one_compound_changes_no_byte_of_another_compounds_boards() {
    let site = two_compounds();
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let boards = ["kiosk/landscape.html", "kiosk/portrait.html", "print.html"];
    let before: Vec<String> = boards.iter().map(|b| published(&site, &format!("lanting/zhuyuan/{b}"))).collect();
    let lanyuan_before = published(&site, "lanting/lanyuan/kiosk/landscape.html");
    let v1 = version_json(&site);

    // An hour later, an edit to a case of lanyuan only.
    site.edit("lanting/lanyuan/cases/2026-001.md", "3号楼电梯频繁停运", "3号楼电梯频繁停运、困人");
    let root = site.root().to_string_lossy().into_owned();
    let out = gongshi()
        .args(["build", "--root", &root, "--as-of", AS_OF])
        .env("SOURCE_DATE_EPOCH", "1795003600")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for (b, old) in boards.iter().zip(&before) {
        assert_eq!(&published(&site, &format!("lanting/zhuyuan/{b}")), old, "zhuyuan {b} changed");
    }
    let lanyuan = published(&site, "lanting/lanyuan/kiosk/landscape.html");
    assert!(lanyuan.contains("困人") && lanyuan != lanyuan_before, "lanyuan's board shows the edit");

    // version.json tells each board whether its own page changed: by the
    // version the page carries.
    let v2 = version_json(&site);
    assert_ne!(v1["build"], v2["build"]);
    let zhuyuan = "lanting/zhuyuan/kiosk/landscape.html";
    let lanyuan_path = "lanting/lanyuan/kiosk/landscape.html";
    assert_eq!(v1["boards"][zhuyuan], v2["boards"][zhuyuan], "{v2}");
    assert_ne!(v1["boards"][lanyuan_path], v2["boards"][lanyuan_path], "{v2}");
    for (path, page) in [(zhuyuan, &before[0]), (lanyuan_path, &lanyuan)] {
        let carried = v2["boards"][path].as_str().map(|v| format!("data-version=\"{v}\""));
        assert!(carried.is_some_and(|c| page.contains(&c)), "{path} does not carry its version: {v2}");
    }
    // No page shows the build time; the board's stamp is the as-of date.
    assert!(before[0].contains("data-built=\"2026-11-27T00:00:00+08:00\""));
}
