//! The December evaluation's evidence: each party's record for the year,
//! counted by hand from the example street, and the street's comparison.

use crate::build::{build, example};
use crate::support::SiteTest;

fn row(label: &str, cells: [&str; 3]) -> String {
    format!("<tr><th scope=\"row\">{label}</th><td>{}</td></tr>", cells.join("</td><td>"))
}

// 锦绣家园 (hepingli/jinxiu), 2026 as of 2026-11-27, by hand from its files.
// Columns: 社区居民委员会 | 业主委员会 | 物业服务企业.
//   led: residents 004, 018, 030, 032 (4); owners 021 (1); company 008, 014, 034 (3)
//   resolved: residents 018 → 1/4; owners 021 → 1/1; company 008, 014 → 2/3 (rates hidden below 5)
//   on time: 018 on 09-20 after its due 08-31 → 0/1; 021 on 09-08 ≤ 09-10 → 1/1;
//            008 (05-29 ≤ 05-31), 014 (07-03 ≤ 07-05) → 2/2
//   median days: 018 07-29→09-20 = 53; 021 08-19→09-08 = 20; 008 = 18 and 014 = 11 → 14.5
//   open at 11-27: 004, 030, 032 → 3; none; 034 → 1.  overdue: 004 (due 09-30) → 1; 0; 0
//   revisits: 018 basic; 021 basic; 008, 014 satisfied
//   pledges (pledges/2026.yaml): residents 3 items, none settled; owners 4: fulfilled 1,
//            partial 1, unfulfilled 1; company 3: partial 1
//   meetings in 2026: 02-25, 04-28, 06-29, 08-28, 10-29, 11-06 → 6/6
//   major notices: 06-19 (reported 06-16), 07-15 (07-08), 11-18 (11-13) → 3/3
#[test]
fn a_compounds_evidence_matches_the_hand_count() {
    let site = example();
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.root().join("public");
    let html = std::fs::read_to_string(out.join("hepingli/jinxiu/evaluations/index.html")).unwrap_or_default();
    for expected in [
        row("牵头办理", ["4", "1", "3"]),
        row("已办结", ["1/4", "1/1", "2/3"]),
        row("按期办结", ["0/1", "1/1", "2/2"]),
        row("办结用时中位数（天）", ["53", "20", "14.5"]),
        row("年末在办", ["3", "0", "1"]),
        row("年末逾期", ["1", "0", "0"]),
        row(
            "回访",
            [
                "满意 0 · 基本满意 1 · 不满意 0 · 未评价 0",
                "满意 0 · 基本满意 1 · 不满意 0 · 未评价 0",
                "满意 2 · 基本满意 0 · 不满意 0 · 未评价 0",
            ],
        ),
        row(
            "服务承诺",
            [
                "已兑现 0 · 部分兑现 0 · 未兑现 0（共 3）",
                "已兑现 1 · 部分兑现 1 · 未兑现 1（共 4）",
                "已兑现 0 · 部分兑现 1 · 未兑现 0（共 3）",
            ],
        ),
    ] {
        assert!(html.contains(&expected), "{expected}\nnot in:\n{html}");
    }
    assert!(html.contains("<span class=\"k\">联席会议（应开 6 次）</span>6/6"), "{html}");
    assert!(html.contains("<span class=\"k\">重大事项提前报告</span>3/3"), "{html}");
    // The 2025 results stay on the page, beside 2025's record.
    assert!(html.contains("<h2 id=\"y2025\">") && html.contains("<h2 id=\"y2026\">"));

    // The street's comparison groups each property company across its compounds.
    let street = std::fs::read_to_string(out.join("evaluations/2026/index.html")).unwrap_or_default();
    assert!(
        street.contains("<tr><th scope=\"row\">浙江锦程物业服务有限公司</th><td><a href=\"../../hepingli/jinxiu/evaluations/\">和平里社区 · 锦绣家园</a></td><td>3</td><td>2/3</td><td>2/2</td><td>14.5</td>"),
        "{street}"
    );
    assert!(out.join("evaluations/2025/index.html").is_file(), "a year with evaluation files has its comparison");
}

#[test]
fn evaluation_pages_snapshots() {
    let site = SiteTest::minimal();
    assert_eq!(build(&site).code, 0);
    let out = site.root().join("public");
    for (name, rel) in [
        ("compound_evaluations", "lanting/lanyuan/evaluations/index.html"),
        ("street_evaluations", "evaluations/2026/index.html"),
    ] {
        let html = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        insta::assert_snapshot!(name, html);
    }
}
