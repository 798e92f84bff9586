//! The December evaluation's evidence: each party's record for the year,
//! counted by hand from the example street, and the street's comparison.

use crate::support::SiteTest;
use crate::support::{build, example};

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

fn check_on(site: &SiteTest, as_of: &str) -> Vec<String> {
    let root = site.root().to_string_lossy().into_owned();
    let run = site.run(&["check", "--root", &root, "--as-of", as_of, "--format", "json"]);
    run.short().into_iter().filter(|s| s.contains("rule-evaluation")).collect()
}

#[test]
fn a_year_without_evaluation_after_the_deadline_is_a_warning() {
    let site = SiteTest::minimal();
    // 2026 has no evaluation file; it is due by 31 January 2027.
    assert_eq!(check_on(&site, "2027-01-31"), Vec::<String>::new());
    assert_eq!(check_on(&site, "2027-02-01"), ["warning rule-evaluation-missing lanting/lanyuan"]);
    // The street may allow longer.
    site.edit("site.yaml", "office:", "rules: {evaluation_deadline: 02-15}\noffice:");
    assert_eq!(check_on(&site, "2027-02-01"), Vec::<String>::new());
    assert_eq!(check_on(&site, "2027-02-16"), ["warning rule-evaluation-missing lanting/lanyuan"]);
    site.edit("site.yaml", "evaluation_deadline: 02-15", "evaluation_deadline: 2月15日");
    let root = site.root().to_string_lossy().into_owned();
    let run = site.run(&["check", "--root", &root, "--as-of", "2027-02-16", "--format", "json"]);
    assert_eq!(run.one("value-deadline").line, Some(4), "the rules: line");
}

#[test]
fn an_evaluation_not_held_in_december_is_a_warning() {
    let site = SiteTest::minimal();
    let file = "lanting/lanyuan/evaluations/2025.yaml";
    site.edit(file, "date: 2025-12-20", "date: 2026-01-10");
    assert_eq!(check_on(&site, "2026-11-27"), [format!("warning rule-evaluation-date {file}:2:7")]);
}

#[test]
fn publicity_objections_approval_and_circular_are_shown_with_the_results() {
    let site = SiteTest::minimal();
    let file = "lanting/lanyuan/evaluations/2025.yaml";
    site.edit(
        file,
        "date: 2025-12-20\n",
        "date: 2025-12-20\npublicity: {from: 2025-12-22, until: 2025-12-28}\nobjections: 无异议\napproved: 2026-01-08\ncirculated: 2026-01-15\n",
    );
    let root = site.root().to_string_lossy().into_owned();
    let out = site.root().join("public");
    let out_s = out.to_string_lossy().into_owned();
    let run = site.run(&["build", "--root", &root, "--out", &out_s, "--as-of", "2025-12-25"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(out.join("lanting/lanyuan/evaluations/index.html")).unwrap_or_default();
    for s in [
        "<span class=\"k\">结果公示</span>2025年12月22日 – 2025年12月28日 <b class=\"b s-current\">公示中</b>",
        "<span class=\"k\">异议及处理</span>无异议",
        "<span class=\"k\">街道党工委审定</span>2026年1月8日",
        "<span class=\"k\">街道通报</span>2026年1月15日",
    ] {
        assert!(html.contains(s), "{s} in:\n{html}");
    }
    // After the notice period the results stay, without the "on notice" mark.
    let run = site.run(&["build", "--root", &root, "--out", &out_s, "--as-of", "2026-01-20"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(out.join("lanting/lanyuan/evaluations/index.html")).unwrap_or_default();
    assert!(html.contains("结果公示") && !html.contains("公示中"), "{html}");
}

/// During the notice period the results are on the kiosk and the A4
/// poster too (where residents can object); before and after, they are not.
#[test]
fn results_are_on_the_kiosk_and_the_poster_while_on_notice() {
    let site = SiteTest::minimal();
    site.edit(
        "lanting/lanyuan/evaluations/2025.yaml",
        "date: 2025-12-20\n",
        "date: 2025-12-20\npublicity: {from: 2025-12-22, until: 2025-12-28}\n",
    );
    let root = site.root().to_string_lossy().into_owned();
    let out = site.root().join("public");
    let out_s = out.to_string_lossy().into_owned();
    let boards = |as_of: &str| {
        let run = site.run(&["build", "--root", &root, "--out", &out_s, "--as-of", as_of]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        ["kiosk/landscape.html", "print.html"]
            .map(|f| std::fs::read_to_string(out.join("lanting/lanyuan").join(f)).unwrap_or_default())
    };
    for html in boards("2025-12-25") {
        for s in ["2025年度", "物业服务企业", "得分 86.5", "等次 良好", "参评人数 120"] {
            assert!(html.contains(s), "{s} in:\n{html}");
        }
    }
    for html in boards("2026-01-20") {
        assert!(!html.contains("得分 86.5"), "after the notice period:\n{html}");
    }
}
