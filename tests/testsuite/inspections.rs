//! The environment committee's records: monthly inspections rendered to a
//! community ledger, their references checked, and the committee's rules.

use crate::support::{AS_OF, SiteTest};
use crate::support::{build, example};

const FILE: &str = "lanting/inspections/2026-11.md";
const COMMUNITY: &str = "lanting/community.yaml";

const INSPECTION: &str = "---
date: 2026-11-12
inspectors: [李红, 马卫东]
compounds: [lanyuan]
checked: [facilities, 合同履行, records]
findings:
  - {compound: lanyuan, item: facilities, text: 3号楼电梯轿厢照明损坏, case: 2026-001}
  - {compound: lanyuan, item: records, text: 维保记录齐全}
---
本月检查兰苑小区。
";

/// The minimal site with an October and a November inspection.
fn with_inspections() -> SiteTest {
    let site = SiteTest::minimal();
    site.write(FILE, INSPECTION);
    site.write(
        "lanting/inspections/2026-10.md",
        "---\ndate: 2026-10-15\ninspectors: [李红]\ncompounds: [lanyuan]\nchecked: [contract]\n---\n",
    );
    site
}

fn check_on(site: &SiteTest, as_of: &str) -> Vec<String> {
    let root = site.root().to_string_lossy().into_owned();
    site.run(&["check", "--root", &root, "--as-of", as_of, "--format", "json"]).short()
}

/// Only the environment committee's rules (later dates bring stale cases too).
fn env_rules(site: &SiteTest, as_of: &str) -> Vec<String> {
    check_on(site, as_of).into_iter().filter(|s| s.contains("rule-env")).collect()
}

#[test]
fn the_ledger_lists_inspections_newest_first_with_links_to_the_cases_they_opened() {
    let site = with_inspections();
    assert_eq!(check_on(&site, AS_OF), Vec::<String>::new(), "a correct inspection is silent");
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(site.root().join("public/lanting/inspections/index.html")).unwrap_or_default();
    assert!(html.find("id=\"m2026-11\"") < html.find("id=\"m2026-10\""), "newest first");
    assert!(html.contains("<a href=\"../lanyuan/cases/2026-001/\">2026-001</a>"), "{html}");
    insta::assert_snapshot!("inspection_ledger", html);
    // The compound's home shows the latest inspection that covered it, with its own findings.
    let home = std::fs::read_to_string(site.root().join("public/lanting/lanyuan/index.html")).unwrap_or_default();
    for s in [
        "<h2 id=\"inspection\">环物委最近一次检查</h2>",
        "<li>3号楼电梯轿厢照明损坏</li>",
        "href=\"../inspections/#m2026-11\"",
    ] {
        assert!(home.contains(s), "{s} in:\n{home}");
    }
}

#[test]
fn the_example_street_has_a_ledger() {
    let site = example();
    assert_eq!(build(&site).code, 0);
    let html = std::fs::read_to_string(site.root().join("public/hepingli/inspections/index.html")).unwrap_or_default();
    assert!(html.contains("<a href=\"../xinyuan-2/cases/2026-027/\">2026-027</a>"), "{html}");
}

#[test]
fn references_in_an_inspection_are_checked() {
    let site = SiteTest::minimal();
    let text = INSPECTION
        .replace("inspectors: [李红, 马卫东]", "inspectors: [李红, 王大锤]")
        .replace("compounds: [lanyuan]", "compounds: [lanyuan, guiyuan]")
        .replace("case: 2026-001", "case: 2026-099")
        .replace("item: records", "item: 卫生")
        .replace("date: 2026-11-12", "date: 2026-10-30");
    site.write(FILE, text);
    // A file not named after a month is refused, whatever it holds.
    site.write("lanting/inspections/十月.md", "---\ndate: 2026-10-15\ninspectors: [李红]\n---\n");
    let mut got = check_on(&site, AS_OF);
    got.sort();
    assert_eq!(
        got,
        [
            "error inspection-name lanting/inspections/十月.md".to_string(),
            format!("error ref-case {FILE}:7:68"),
            format!("error ref-compound {FILE}:4:22"),
            format!("error value-unknown {FILE}:8:31"),
            format!("warning inspection-date {FILE}:2:7"),
            format!("warning inspection-inspector {FILE}:3:18"),
            // The file is November's whatever its date says, so October has none.
            "warning rule-env-inspection lanting".to_string(),
        ]
    );
}

#[test]
fn a_community_that_keeps_inspections_is_reminded_of_last_months() {
    let site = with_inspections();
    // December: November's is there. January: December's is missing.
    assert_eq!(env_rules(&site, "2026-12-10"), Vec::<String>::new());
    assert_eq!(env_rules(&site, "2027-01-05"), ["warning rule-env-inspection lanting"]);
    // A community without any inspection file is not reminded.
    assert_eq!(env_rules(&SiteTest::minimal(), "2027-01-05"), Vec::<String>::new());
}

#[test]
fn the_chair_and_conflicts_of_interest() {
    let site = SiteTest::minimal();
    // 孙晓燕 chairs the committee but is only a member of the residents' committee.
    site.edit(COMMUNITY, "{name: 李红, position: 主任, phone: 0571-88881002, party_member: true}\n    - {name: 孙晓燕, position: 副主任}", "{name: 李红, position: 副主任, phone: 0571-88881002, party_member: true}\n    - {name: 孙晓燕, position: 主任}");
    // 马卫东 is also on the owners' committee; 刘明 works for the property company.
    site.edit("lanting/lanyuan/compound.yaml", "{name: 杨振, position: 委员}", "{name: 马卫东, position: 委员}");
    site.edit(
        "lanting/lanyuan/compound.yaml",
        "{name: 赵强, position: 工程主管, phone: 0571-88882333}",
        "{name: 赵强, position: 工程主管, phone: 0571-88882333}\n    - {name: 刘明, position: 客服}",
    );
    let root = site.root().to_string_lossy().into_owned();
    let run = site.run(&["check", "--root", &root, "--as-of", AS_OF, "--format", "json"]);
    let mut got: Vec<(String, String)> =
        run.diags().iter().map(|d| (d.code.to_string(), d.message.to_string())).collect();
    got.sort();
    let want = [
        ("rule-env-chair", "环境和物业管理委员会主任孙晓燕不是居委会主任或副主任"),
        ("rule-env-conflict", "环境和物业管理委员会成员刘明同时在兰苑小区的物业服务企业任职，应当回避"),
        ("rule-env-conflict", "环境和物业管理委员会成员马卫东同时是兰苑小区业主委员会（或自管组织）成员，应当回避"),
    ];
    assert_eq!(got, want.map(|(c, m)| (c.to_string(), m.to_string())));
}
