//! What kiosk boards and posters carry for people and for their script
//! (issue 11, points 4 and 8): case numbers on every case row, and the
//! machine-readable dates the script corrects the board by.

use crate::support::{CASE, NEW_CASE, SiteTest, build, swap};

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
