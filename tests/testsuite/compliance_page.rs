//! The compliance page: a summary by rule and place, then each place's
//! findings linked to what they are about; every policy warning `check`
//! prints is on it, the revisit one included.

use crate::support::build;
use crate::support::{COMPOUND, SiteTest};

#[test]
fn every_policy_warning_is_on_the_page_grouped_by_rule_and_linked() {
    let site = SiteTest::minimal();
    // A resolved case without a revisit; a major notice without its reported date;
    // an environment committee of four; a community that keeps reports but has none for November.
    site.edit(&format!("{COMPOUND}/cases/2026-002.md"), "revisit: {date: 2026-09-25, satisfaction: satisfied}\n", "");
    site.edit(&format!("{COMPOUND}/notices/2026-11-05-dianti.md"), "reported: ", "# reported: ");
    site.edit("lanting/community.yaml", "    - {name: 何秀英, position: 委员}\n", "");
    site.write("lanting/reports/2026-10.md", "---\nsubmitted: 2026-10-16\n---\n## 经验做法\n无\n");
    let mut codes: Vec<String> = site.check_json().diags().iter().map(|d| d.code.clone()).collect();
    codes.sort();
    assert_eq!(codes, ["case-revisit", "report-overdue", "rule-env-size", "rule-notice-reported"]);

    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(site.root().join("public/compliance/index.html")).unwrap_or_default();
    for link in [
        "<a href=\"../lanting/lanyuan/cases/2026-002/\">2026-002 9号楼北侧垃圾投放点异味：已办结，尚未回访</a>",
        "<a href=\"../lanting/lanyuan/notices/2026-11-05-dianti/\">",
        "<a href=\"../lanting/reports/2026-11/\">",
        "<a href=\"../lanting/\">环境和物业管理委员会有 4 人",
    ] {
        assert!(html.contains(link), "{link} in:\n{html}");
    }
    insta::assert_snapshot!("compliance_page", html);
}

#[test]
fn a_site_without_findings_says_so() {
    let site = SiteTest::minimal();
    assert_eq!(build(&site).code, 0);
    let html = std::fs::read_to_string(site.root().join("public/compliance/index.html")).unwrap_or_default();
    assert!(html.contains("没有合规提示。") && !html.contains("<details"), "{html}");
}
