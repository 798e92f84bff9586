//! Values: dates, vocabularies, and the consistency of a case's record.

use crate::support::{CASE, COMPOUND, NEW_CASE, SiteTest, swap};

fn with_case(text: impl AsRef<[u8]>) -> SiteTest {
    let site = SiteTest::minimal();
    site.write(NEW_CASE, text);
    site
}

#[test]
fn impossible_and_unreadable_dates() {
    let text = "---
title: 12号楼顶层渗水
received: 2026-02-30
due: 2026年2月30日
lead: property_company
status: received
updates:
  - {date: 5/1/2024, status: received}
---
正文
";
    let site = with_case(text);
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [
            format!("error date-impossible {NEW_CASE}:3:11"),
            format!("error date-impossible {NEW_CASE}:4:6"),
            format!("error date-format {NEW_CASE}:8:12"),
        ]
    );
    for d in run.diags() {
        let hint = d.hint.unwrap_or_default();
        assert!(hint.contains("2026-11-05") && hint.contains("2026年11月5日"), "accepted formats not named: {hint}");
    }
    assert!(run.diags()[0].message.contains("`received`"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn unknown_vocabulary_value_lists_keys_and_chinese_labels() {
    let site = with_case(swap(CASE, "lead: property_company", "lead: 物业公司"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error value-unknown {NEW_CASE}:4:7")]);
    let hint = run.one("value-unknown").hint.unwrap_or_default();
    for allowed in ["property_company", "物业服务企业", "物业", "owners_committee", "业委会", "joint", "三方"]
    {
        assert!(hint.contains(allowed), "{allowed} not in {hint}");
    }
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn unknown_status_in_an_update() {
    let site = with_case(swap(CASE, "status: received, by", "status: 已完成, by"));
    let run = site.check_json();
    assert_eq!(run.short(), [format!("error value-unknown {NEW_CASE}:7:32")]);
    let hint = run.one("value-unknown").hint.unwrap_or_default();
    assert!(hint.contains("resolved 已办结") && hint.contains("in_progress 办理中"), "{hint}");
}

#[test]
fn chinese_labels_and_chinese_dates_are_accepted() {
    let text = "---
title: 12号楼顶层渗水
kind: 日常
received: 2026年11月20日
lead: 物业
status: 已受理
updates:
  - {date: 2026年11月20日, status: 已受理, by: 居委会, note: 已登记}
---
正文
";
    let run = with_case(text).check_json();
    run.assert_code(0);
    assert_eq!(run.short(), Vec::<String>::new());
}

/// A case with the updates given, its status that of the last one.
fn case_with(status: &str, updates: &str) -> String {
    format!(
        "---
title: 12号楼顶层渗水
received: 2026-11-01
lead: property_company
opinion: {{date: 2026-11-03, text: 物业检测渗漏点后维修}}
status: {status}
updates:
{updates}---
正文
"
    )
}

#[test]
fn status_differs_from_the_last_update() {
    let updates = "  - {date: 2026-11-01, status: received}\n  - {date: 2026-11-20, status: in_progress}\n";
    let site = with_case(case_with("received", updates));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error case-status-mismatch {NEW_CASE}:6:9")]);
    assert!(run.one("case-status-mismatch").hint.unwrap_or_default().contains("status: in_progress"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn updates_out_of_date_order() {
    let updates = "  - {date: 2026-11-01, status: received}\n  - {date: 2026-11-25, status: negotiating}\n  - {date: 2026-11-20, status: in_progress}\n";
    let site = with_case(case_with("in_progress", updates));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error case-update-order {NEW_CASE}:10:12")]);
    assert!(
        run.one("case-update-order")
            .hint
            .unwrap_or_default()
            .contains("这条进展（2026-11-20）早于上一条（2026-11-25）")
    );
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn extended_without_note_and_without_due() {
    let updates = "  - {date: 2026-11-01, status: received}\n  - {date: 2026-11-20, status: extended}\n";
    let site = with_case(case_with("extended", updates));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [format!("error case-update-reason {NEW_CASE}:9:5"), format!("error case-update-due {NEW_CASE}:9:5")]
    );
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn extended_with_note_and_due_is_fine() {
    let updates = "  - {date: 2026-11-01, status: received}\n  - {date: 2026-11-20, status: extended, note: 等待配件, due: 2026-12-15}\n";
    with_case(case_with("extended", updates)).check_json().assert_code(0);
}

#[test]
fn suspended_without_note() {
    let updates = "  - {date: 2026-11-01, status: received}\n  - {date: 2026-11-20, status: suspended}\n";
    let run = with_case(case_with("suspended", updates)).check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error case-update-reason {NEW_CASE}:9:5")]);
    assert!(run.one("case-update-reason").message.contains("暂缓办理"));
}

#[test]
fn past_negotiating_without_opinion_is_a_warning() {
    let text = "---
title: 12号楼顶层渗水
received: 2026-11-01
lead: property_company
status: in_progress
updates:
  - {date: 2026-11-01, status: received}
  - {date: 2026-11-20, status: in_progress}
---
正文
";
    let site = with_case(text);
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning case-opinion {NEW_CASE}:5:9")]);
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn several_mistakes_in_one_file_are_all_reported() {
    let updates = "  - {date: 2026-11-01, status: received}
  - {date: 2026-11-09, status: in_progress}
  - {date: 2026-11-05, status: extended}
  - {date: 2026-11-20, status: suspended}
";
    let run = with_case(case_with("in_progress", updates)).check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [
            format!("error case-status-mismatch {NEW_CASE}:6:9"),
            format!("error case-update-reason {NEW_CASE}:10:5"),
            format!("error case-update-due {NEW_CASE}:10:5"),
            format!("error case-update-order {NEW_CASE}:10:12"),
            format!("error case-update-reason {NEW_CASE}:11:5"),
        ]
    );
}

#[test]
fn two_broken_files_are_both_reported() {
    let site = with_case(swap(CASE, "title: ", "title： "));
    let pledges = format!("{COMPOUND}/pledges/2026.yaml");
    site.edit(&pledges, "year: 2026", "year: 2026\n\tpublished: 2026-02-20");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [format!("error yaml-fullwidth-colon {NEW_CASE}:2:6"), format!("error yaml-tab {pledges}:2:1")]
    );
}

#[test]
fn a_case_with_errors_is_still_a_case_that_meetings_may_name() {
    // The meeting's decision names case 2026-001: breaking that case must
    // not also report "no case 2026-001" in the meeting.
    let site = SiteTest::minimal();
    let case = format!("{COMPOUND}/cases/2026-001.md");
    site.edit(&case, "title: ", "title： ");
    assert_eq!(site.check_json().short(), [format!("error yaml-fullwidth-colon {case}:2:6")]);
    site.edit(&case, "title： ", "title: ").edit(&case, "lead: property_company", "lead: 物业公司");
    assert_eq!(site.check_json().short(), [format!("error value-unknown {case}:8:7")]);
}

#[test]
fn a_meeting_naming_a_case_that_does_not_exist() {
    let site = SiteTest::minimal();
    let meeting = format!("{COMPOUND}/meetings/2026-10-28.md");
    site.edit(&meeting, "case: 2026-001", "case: 2026-099");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error ref-case {meeting}:8:76")]);
}
