//! The policy's rules: warnings that are printed and never stop the build.

use crate::support::{COMPOUND, NEW_CASE, SiteTest};

fn compound() -> String {
    format!("{COMPOUND}/compound.yaml")
}

#[test]
fn owners_committee_with_few_party_members_and_a_non_party_chair() {
    let site = SiteTest::minimal();
    site.edit(
        &compound(),
        "{name: 陆文斌, position: 主任, phone: 0571-88882201, party_member: true}",
        "{name: 陆文斌, position: 主任, phone: 0571-88882201}",
    );
    let run = site.check_json();
    run.assert_code(0);
    let c = compound();
    assert_eq!(
        run.short(),
        [format!("warning rule-owners-party {c}:9:3"), format!("warning rule-owners-chair {c}:9:3")]
    );
    assert!(run.one("rule-owners-party").message.contains("5 人中党员 2 人，低于 50%"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn environment_committee_of_four() {
    let site = SiteTest::minimal();
    let community = "lanting/community.yaml";
    site.edit(community, "    - {name: 何秀英, position: 委员}\n", "");
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning rule-env-size {community}:12:3")]);
    assert!(run.one("rule-env-size").message.contains("有 4 人，应不少于 5 人且为单数"));
}

#[test]
fn no_joint_meeting_for_more_than_two_months() {
    let site = SiteTest::minimal();
    let old = format!("{COMPOUND}/meetings/2026-10-28.md");
    let text = site.read(&old).replace("date: 2026-10-28", "date: 2026-09-01");
    site.remove(&old).write(&format!("{COMPOUND}/meetings/2026-09-01.md"), text);
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning rule-meeting-gap {}", compound())]);
    assert!(run.one("rule-meeting-gap").message.contains("距上次联席会议（2026-09-01）已 87 天"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn a_party_without_pledges_for_this_year() {
    let site = SiteTest::minimal();
    let pledges = format!("{COMPOUND}/pledges/2026.yaml");
    let text = site.read(&pledges);
    let cut = text.find("property_company:").unwrap_or(text.len());
    site.write(&pledges, &text[..cut]);
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning rule-pledges {}", compound())]);
    assert!(run.one("rule-pledges").message.contains("物业服务企业未公示 2026 年度服务承诺"));
}

#[test]
fn no_pledges_file_at_all() {
    let site = SiteTest::minimal();
    site.remove(&format!("{COMPOUND}/pledges"));
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), vec![format!("warning rule-pledges {}", compound()); 3]);
}

#[test]
fn major_notice_without_reported_date() {
    let site = SiteTest::minimal();
    let notice = format!("{COMPOUND}/notices/2026-11-05-dianti.md");
    site.edit(&notice, "reported: 2026-10-30\n", "");
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning rule-notice-reported {notice}:2:1")]);
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn notice_reported_after_it_was_published() {
    let site = SiteTest::minimal();
    let notice = format!("{COMPOUND}/notices/2026-11-05-dianti.md");
    site.edit(&notice, "reported: 2026-10-30", "reported: 2026-11-06");
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning rule-notice-reported {notice}:6:11")]);
}

#[test]
fn overdue_and_stale_case() {
    let site = SiteTest::minimal();
    site.write(
        NEW_CASE,
        "---
title: 14号楼高层水压不足
received: 2026-10-01
lead: property_company
due: 2026-10-31
opinion: {date: 2026-10-03, text: 物业排查泵房}
status: in_progress
updates:
  - {date: 2026-10-01, status: received}
  - {date: 2026-10-05, status: in_progress, note: 排查泵房}
---
早晚用水高峰几乎无水。
",
    );
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(
        run.short(),
        [format!("warning case-overdue {NEW_CASE}:5:6"), format!("warning case-stale {NEW_CASE}:10:12")]
    );
    assert!(run.one("case-overdue").message.contains("已逾期（承诺 2026-10-31 前办结）"));
    assert!(run.one("case-stale").message.contains("已 53 天没有更新进展"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn a_party_without_anyone_to_phone() {
    let site = SiteTest::minimal();
    let c = compound();
    site.edit(
        &c,
        "{name: 陈明, position: 项目经理, phone: 0571-88882222, party_member: true}",
        "{name: 陈明, position: 项目经理, party_member: true}",
    );
    site.edit(&c, "{name: 赵强, position: 工程主管, phone: 0571-88882333}", "{name: 赵强, position: 工程主管}");
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning rule-party-phone {c}:17:3")]);
}
