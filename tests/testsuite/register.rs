//! The register of open cases and the case CSVs: worst first, no closed
//! case on the register, public fields only, as Excel wants them.

use std::path::Path;

use crate::support::SiteTest;
use crate::support::{build, example};

const BOM: &[u8] = b"\xEF\xBB\xBF";
const HEADER: &str = "社区,小区,编号,标题,类型,分类,受理日期,牵头方,办结期限,状态,在办,逾期天数,最后更新,办结日期,办理结果,回访满意度,链接";

fn text(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The CSV's rows split into fields (no field of the example holds a comma), BOM and CRLF checked.
fn csv(out: &Path, rel: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert!(bytes.starts_with(BOM), "{rel} starts with a BOM");
    let body = String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap_or_default();
    assert!(body.ends_with("\r\n") && !body.replace("\r\n", "").contains('\n'), "{rel}: CRLF only");
    let lines: Vec<&str> = body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], HEADER, "{rel}");
    lines[1..].iter().map(|l| l.split(',').map(str::to_string).collect()).collect()
}

/// Ids of the cases linked from a register page, in page order.
fn ids(html: &str) -> Vec<String> {
    html.split("/cases/").skip(1).filter_map(|s| s.split('/').next().map(str::to_string)).collect()
}

#[test]
fn the_street_register_lists_open_cases_worst_first() {
    let site = example();
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.root().join("public");
    let street = text(&out, "cases/index.html");
    // By hand, as of 2026-11-27: days past the due date in force (suspended cases are
    // not overdue, as on their pages), then days since the last update.
    //   jinxiu 2026-004    due 09-30 → 58
    //   lanyuan 2026-025   due 10-31 → 27, idle since 10-30 (28 days)
    //   xinyuan-2 2026-024 due 10-31 → 27, idle since 11-18 (9 days)
    //   xinyuan-2 2026-027 due 11-10 → 17;  lanyuan 2026-028 due 11-15 → 12
    // then the rest by days without an update:
    //   guiyuan 2026-001 (suspended, idle since 06-26: 154), xinyuan-2 2026-010 (suspended, since 09-15: 73)
    let order = ids(&street);
    assert_eq!(order[..7], ["2026-004", "2026-025", "2026-024", "2026-027", "2026-028", "2026-001", "2026-010"]);
    assert_eq!(order.len(), 17, "every open case once: {order:?}");
    for closed in ["2026-008", "2026-016", "2025-046"] {
        assert!(!order.iter().any(|i| i == closed), "{closed} is not open");
    }
    assert!(street.contains("<b>58</b>"), "days overdue shown");
    // A community's register holds only its own compounds.
    let community = ids(&text(&out, "hepingli/cases/index.html"));
    assert_eq!(community[..4], ["2026-004", "2026-024", "2026-027", "2026-010"]);
    assert!(!community.iter().any(|i| i == "2026-001"));

    // The street CSV: every case, open ones first in the register's order, ISO dates.
    let rows = csv(&out, "cases.csv");
    assert_eq!(rows.len(), 36, "8 + 9 + 7 + 12 case files");
    let csv_ids: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        csv_ids[..17],
        order.iter().map(String::as_str).collect::<Vec<_>>()[..],
        "open cases first, register order"
    );
    let guiyuan_001 = rows.iter().find(|r| r[2] == "2026-001" && r[1] == "桂苑小区").cloned().unwrap_or_default();
    assert_eq!(
        guiyuan_001,
        [
            "阳光社区",
            "桂苑小区",
            "2026-001",
            "2号楼2单元申请加装电梯，低层住户意见不一",
            "重大",
            "加装电梯",
            "2026-01-12",
            "社区居民委员会",
            "2026-06-30",
            "暂缓办理",
            "是",
            "0",
            "2026-06-26",
            "",
            "",
            "",
            "https://gongshi.example.cn/yangguang/guiyuan/cases/2026-001/",
        ]
    );
    // The case whose dates were written in Chinese comes out in ISO form.
    let chinese_dates = rows.iter().find(|r| r[2] == "2026-022").unwrap_or_else(|| panic!("2026-022 in {rows:?}"));
    assert_eq!((chinese_dates[6].as_str(), chinese_dates[13].as_str()), ("2026-09-01", "2026-09-04"));

    // The community page leads to its register, its committee's ledger and the monthly reports.
    let page = text(&out, "hepingli/index.html");
    for link in
        ["<a href=\"cases/\">在办问题台账</a>", "<a href=\"inspections/\">", "<a href=\"../reports/\">月度报告</a>"]
    {
        assert!(page.contains(link), "{link} in:\n{page}");
    }

    // One compound's CSV: its cases only.
    let lanyuan = csv(&out, "yangguang/lanyuan/cases.csv");
    assert_eq!(lanyuan.len(), 12);
    assert!(lanyuan.iter().all(|r| r[1] == "兰苑小区"));
}

#[test]
fn register_snapshot() {
    let site = SiteTest::minimal();
    assert_eq!(build(&site).code, 0);
    let out = site.root().join("public");
    insta::assert_snapshot!("street_register", text(&out, "cases/index.html"));
    insta::assert_snapshot!("compound_cases_csv", text(&out, "lanting/lanyuan/cases.csv"));
}

/// A folder named like one of the street's or community's own pages would
/// be published over them: refused, with the names to avoid.
#[test]
fn folders_named_like_the_sites_own_pages_are_refused() {
    let site = SiteTest::minimal();
    let compound = std::fs::read_to_string(site.path("lanting/lanyuan/compound.yaml")).unwrap_or_default();
    site.write("lanting/cases/compound.yaml", &compound);
    site.write(
        "reports/community.yaml",
        "name: 报表社区\nresidents_committee:\n  members:\n    - {name: 王建国, position: 主任}\n",
    );
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), ["error name-reserved lanting/cases/", "error name-reserved reports/"]);
    for d in run.diags() {
        assert!(d.message.contains("已被网站自己使用"), "{d:?}");
    }
}
