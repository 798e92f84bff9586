//! The street office's monthly report: figures counted by hand from the
//! example street, the CSV Excel opens, the narrative and its deadline.

use std::path::Path;

use crate::support::{AS_OF, SiteTest};
use crate::support::{build, example};

const BOM: &[u8] = b"\xEF\xBB\xBF";
const HEADER: &str = "社区,小区,本月受理,本月办结,按期办结,在办,逾期未办结,吹哨上报,联席会议次数";

/// The minimal fixture with a November narrative, submitted on the 16th.
fn with_november() -> SiteTest {
    let site = SiteTest::minimal();
    site.write(
        "lanting/reports/2026-11.md",
        "---\nsubmitted: 2026-11-16\n---\n## 经验做法\n\n电梯更新方案先报告、后公示。\n\n## 困难问题\n\n无。\n\n## 下月计划\n\n组织年度三方评议。\n",
    );
    site
}

fn read(out: &Path, rel: &str) -> Vec<u8> {
    std::fs::read(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn text(out: &Path, rel: &str) -> String {
    String::from_utf8(read(out, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The CSV's lines without the BOM, each checked to end in CRLF.
fn csv_lines(bytes: &[u8]) -> Vec<String> {
    assert!(bytes.starts_with(BOM), "the CSV starts with a UTF-8 BOM");
    let body = String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap_or_default();
    assert!(body.ends_with("\r\n"), "CRLF after the last row");
    assert!(!body.replace("\r\n", "").contains('\n'), "no bare LF: {body:?}");
    body.split("\r\n").filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// The first nine columns of each row: the ones the issue fixes.
fn first_columns(lines: &[String]) -> Vec<String> {
    lines.iter().map(|l| l.split(',').take(9).collect::<Vec<_>>().join(",")).collect()
}

// The November 2026 figures, counted by hand from content/ (as of 2026-11-27,
// the cutoff of the running month). Due dates are the last `due`, extensions included.
//
// 锦绣家园 (hepingli/jinxiu):
//   received in Nov: 2026-032 (11-20), 2026-034 (11-24)                     → 本月受理 2
//   results dated in Nov: none                                              → 本月办结 0, 按期 0
//   open on 11-27: 004 (no result), 030, 032, 034                           → 在办 4
//   of those due before 11-27: 004 (due 09-30)                              → 逾期 1
//   escalated update in Nov: 004 (11-16)                                    → 吹哨 1
//   meetings in Nov: 2026-11-06-huanjie                                     → 会议 1
// 新苑二区 (hepingli/xinyuan-2):
//   received in Nov: none; results in Nov: none                             → 0, 0, 0
//   open: 002 (extended to 12-20), 010 (suspended, due 09-30), 024 (due 10-31),
//         027 (due 11-10); 2025-046 and the rest have results               → 在办 4
//   overdue: 010, 024, 027                                                  → 逾期 3
//   escalated in Nov: 024 (11-18)                                           → 吹哨 1
//   meetings: 02-27, 04-29, 06-30, 09-02, 10-29, none in Nov                → 会议 0
// 桂苑小区 (yangguang/guiyuan):
//   received in Nov: 031 (11-03)                                            → 受理 1
//   open: 001 (suspended, due 06-30), 026 (due 12-31), 031 (due 11-30)      → 在办 3
//   overdue: 001                                                            → 逾期 1
//   escalated in Nov: none (011 was escalated in July)                      → 吹哨 0
//   meetings in Nov: 2026-11-12-xupin                                       → 会议 1
// 兰苑小区 (yangguang/lanyuan):
//   received in Nov: 033 (11-21), 035 (11-25)                               → 受理 2
//   open: 023 (extended to 2027-03-31), 025 (due 10-31), 028 (due 11-15),
//         029 (result 10-31, reopened 11-16: handled again), 033, 035       → 在办 6
//   overdue: 025, 028                                                       → 逾期 2
//   escalated in Nov: none (023 on 10-09, 025 on 10-30)                     → 吹哨 0
//   meetings: the last is 10-28                                             → 会议 0
// 和平里社区 = 2,0,0,8,4,2,1; 阳光社区 = 3,0,0,9,3,0,1; 街道 = 5,0,0,17,7,2,2.
//
// September, for 本月办结/按期办结 (no result falls in November):
//   锦绣家园: 018 (09-20, due 08-31: late), 021 (09-08, due 09-10: on time) → 2, 1
//   新苑二区: 022 (09-04, due 09-08: on time)                              → 1, 1
//   桂苑小区: 011 (09-22, due 07-31: late)                                 → 1, 0
//   兰苑小区: 020 (09-10, due 08-20: late)                                 → 1, 0
#[test]
fn november_street_report_and_csv_show_the_figures_counted_by_hand() {
    let site = example();
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.root().join("public");

    let lines = csv_lines(&read(&out, "reports/2026-11/report.csv"));
    assert!(lines[0].starts_with(&format!("{HEADER},")), "{}", lines[0]);
    assert_eq!(
        first_columns(&lines[1..]),
        [
            "和平里社区,锦绣家园,2,0,0,4,1,1,1",
            "和平里社区,新苑二区,0,0,0,4,3,1,0",
            "阳光社区,桂苑小区,1,0,0,3,1,0,1",
            "阳光社区,兰苑小区,2,0,0,6,2,0,0",
        ]
    );
    let september = csv_lines(&read(&out, "reports/2026-09/report.csv"));
    let done: Vec<String> =
        september[1..].iter().map(|l| l.split(',').skip(1).take(4).skip(2).collect::<Vec<_>>().join(",")).collect();
    assert_eq!(done, ["2,1", "1,1", "1,0", "1,0"]);

    let street = text(&out, "reports/2026-11/index.html");
    assert!(street.contains("截至 2026年11月27日"), "the cutoff is printed");
    // Cells: 受理, 办结, 按期办结 (a rate: "—" with nothing resolved), 在办, 逾期, 吹哨, 会议.
    let row = |class: &str, name: &str, cells: [&str; 7]| {
        format!("<tr class=\"r-{class}\"><th scope=\"row\">{name}</th><td>{}</td>", cells.join("</td><td>"))
    };
    assert!(street.contains(&row("street", "幸福街道", ["5", "0", "—", "17", "7", "2", "2"])), "{street}");
    for (slug, name, cells) in [
        ("hepingli", "和平里社区", ["2", "0", "—", "8", "4", "2", "1"]),
        ("yangguang", "阳光社区", ["3", "0", "—", "9", "3", "0", "1"]),
    ] {
        let linked = format!("<a href=\"../../{slug}/reports/2026-11/\">{name}</a>");
        assert!(street.contains(&row("community", &linked, cells)), "{name} total in:\n{street}");
    }
    let september = text(&out, "reports/2026-09/index.html");
    assert!(september.contains("<td>2</td><td>1/2（50%）</td>"), "锦绣家园: 1 of 2 on time, with counts");
    // Every definition is printed on the page.
    for term in ["本月受理：", "本月办结：", "按期办结：", "在办：", "逾期未办结：", "吹哨上报：", "联席会议次数："]
    {
        assert!(street.contains(term), "definition of {term}");
    }
}

#[test]
fn every_month_of_the_year_has_its_reports_and_the_running_month_is_cut_at_the_as_of_date() {
    let site = SiteTest::minimal();
    assert_eq!(build(&site).code, 0);
    let out = site.root().join("public");
    for m in 1..=11 {
        let month = format!("2026-{m:02}");
        for rel in [
            format!("reports/{month}/index.html"),
            format!("reports/{month}/report.csv"),
            format!("lanting/reports/{month}/index.html"),
        ] {
            assert!(out.join(&rel).is_file(), "missing {rel}");
        }
    }
    assert!(!out.join("reports/2026-12").exists(), "no report for a month that has not begun");
    assert!(text(&out, "reports/2026-10/index.html").contains("截至 2026年10月31日"));
    let index = text(&out, "reports/index.html");
    assert!(index.contains("href=\"2026-11/\"") && index.contains("href=\"2026-11/report.csv\""), "{index}");
}

#[test]
fn the_community_report_carries_the_narrative_and_the_signature() {
    let site = with_november();
    assert_eq!(build(&site).code, 0);
    let out = site.root().join("public");
    let html = text(&out, "lanting/reports/2026-11/index.html");
    insta::assert_snapshot!("community_report", html);
    insta::assert_snapshot!("street_report", text(&out, "reports/2026-11/index.html"));
    // October has no narrative: the page says so and is not signed as submitted.
    let october = text(&out, "lanting/reports/2026-10/index.html");
    assert!(october.contains("本月尚未填写工作情况") && october.contains("尚未报送"), "{october}");
}

fn check_on(site: &SiteTest, as_of: &str) -> crate::support::Run {
    let root = site.root().to_string_lossy().into_owned();
    site.run(&["check", "--root", &root, "--as-of", as_of, "--format", "json"])
}

#[test]
fn a_missing_report_is_due_from_the_15th_and_overdue_after_the_18th() {
    let site = with_november();
    let short = |as_of: &str| check_on(&site, as_of).short();
    // November's report is submitted: nothing to say.
    assert_eq!(short(AS_OF), Vec::<String>::new());
    // December: nothing before the 15th, then due, then overdue.
    let dec = |d: &str| short(d).into_iter().filter(|s| s.contains("report-")).collect::<Vec<_>>();
    assert_eq!(dec("2026-12-14"), Vec::<String>::new());
    assert_eq!(dec("2026-12-15"), ["warning report-due lanting"]);
    assert_eq!(dec("2026-12-18"), ["warning report-due lanting"]);
    assert_eq!(dec("2026-12-19"), ["warning report-overdue lanting"]);
    let run = check_on(&site, "2026-12-19");
    assert!(run.one("report-overdue").message.contains("2026-12"), "{}", run.stdout);
    // A draft without `submitted:` is still not submitted; the warning points at it.
    site.write("lanting/reports/2026-12.md", "---\nsubmitted:\n---\n## 经验做法\n草稿\n");
    assert_eq!(dec("2026-12-19"), ["warning report-overdue lanting/reports/2026-12.md"]);
    site.write("lanting/reports/2026-12.md", "---\nsubmitted: 2026-12-17\n---\n## 经验做法\n已报送\n");
    assert_eq!(dec("2026-12-19"), Vec::<String>::new());
    // The warning is on the compliance page too.
    site.remove("lanting/reports/2026-12.md");
    let root = site.root().to_string_lossy().into_owned();
    let out = site.root().join("public");
    let out_s = out.to_string_lossy().into_owned();
    let run = site.run(&["build", "--root", &root, "--out", &out_s, "--as-of", "2026-12-20"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(text(&out, "compliance/index.html").contains("月度报告逾期未报送"));
}

/// The narrative is optional: a community that keeps no reports/ folder is
/// not reminded (its figures are reported all the same).
#[test]
fn a_community_without_any_report_file_is_not_reminded() {
    let site = SiteTest::minimal();
    let run = check_on(&site, "2026-12-19");
    assert!(!run.stdout.contains("report-"), "{}", run.stdout);
}

#[test]
fn report_narratives_are_checked_like_every_public_text() {
    let site = SiteTest::minimal();
    site.write("lanting/reports/2026-10.md", "---\nsubmitted: 2026-10-16\n---\n## 困难问题\n联系人电话13800138000。\n");
    site.write("lanting/reports/十月.md", "---\nsubmitted: 2026-10-16\n---\n正文\n");
    site.write("lanting/reports/2026-09.md", "---\nsubmited: 2026-09-16\n---\n正文\n");
    site.write("lanting/reports/2026-08.md", "---\nsubmitted: 2026-07-30\n---\n正文\n");
    let run = check_on(&site, AS_OF);
    run.assert_code(1);
    let mut short = run.short();
    short.sort();
    assert_eq!(
        short,
        [
            "error field-unknown lanting/reports/2026-09.md:2:1",
            "error pii-mobile lanting/reports/2026-10.md:5:6",
            "error report-name lanting/reports/十月.md",
            // No November file among them: the running month's report is overdue.
            "warning report-overdue lanting",
            "warning report-submitted-early lanting/reports/2026-08.md:2:12",
        ]
    );
}
