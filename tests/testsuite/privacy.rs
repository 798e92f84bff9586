//! Personal information in public text: every occurrence is an error at
//! its own line and column, with the masked form to write instead.

use crate::support::{CASE, COMPOUND, NEW_CASE, SiteTest, swap};

fn with_body(body: &str) -> SiteTest {
    let site = SiteTest::minimal();
    site.write(NEW_CASE, swap(CASE, "12号楼顶层楼道雨天渗水。\n", body));
    site
}

fn notice() -> String {
    format!("{COMPOUND}/notices/2026-11-05-dianti.md")
}

#[test]
fn mobile_numbers_in_every_spelling() {
    let site = with_body(
        "联系电话13800138000。\n或者138-0013-8000。\n或者+86 139 1234 5678。\n或者１３８００１３８０００。\n",
    );
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [
            format!("error pii-mobile {NEW_CASE}:9:5"),
            format!("error pii-mobile {NEW_CASE}:10:3"),
            format!("error pii-mobile {NEW_CASE}:11:3"),
            format!("error pii-mobile {NEW_CASE}:12:3"),
        ]
    );
    let masks: Vec<bool> = run
        .diags()
        .iter()
        .map(|d| {
            d.hint.as_deref().unwrap_or_default().contains(if d.line == Some(11) {
                "139****5678"
            } else {
                "138****8000"
            })
        })
        .collect();
    assert_eq!(masks, [true; 4]);
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn the_same_number_twice_is_two_errors() {
    let run = with_body("电话13800138000，再说一遍13800138000。\n").check_json();
    assert_eq!(run.short(), [format!("error pii-mobile {NEW_CASE}:9:3"), format!("error pii-mobile {NEW_CASE}:9:19")]);
}

#[test]
fn id_number() {
    let site = with_body("身份证号11010519491231002X。\n");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error pii-id-number {NEW_CASE}:9:5")]);
    assert!(run.one("pii-id-number").hint.unwrap_or_default().contains("110105********002X"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn id_number_with_a_bad_checksum_is_a_warning() {
    let site = with_body("编号110105194912310021。\n");
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning pii-suspect-id {NEW_CASE}:9:3")]);
    assert!(run.one("pii-suspect-id").message.contains("疑似身份证号"));
    // Staff who know it is not an ID number declare it.
    site.edit("site.yaml", "office:", "pii_allow: [\"110105194912310021\"]\noffice:");
    assert_eq!(site.check_json().short(), Vec::<String>::new());
}

#[test]
fn room_number_in_a_title() {
    let site = SiteTest::minimal();
    site.write(NEW_CASE, swap(CASE, "title: 12号楼顶层渗水", "title: 3-2-1201室漏水"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error pii-room {NEW_CASE}:2:8")]);
    assert!(run.one("pii-room").hint.unwrap_or_default().contains("3-2-****"));
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn mobile_number_in_a_front_matter_field() {
    let site = SiteTest::minimal();
    site.write(NEW_CASE, swap(CASE, "lead:", "location: 3号楼 联系人电话13800138000\nlead:"));
    assert_eq!(site.check_json().short(), [format!("error pii-mobile {NEW_CASE}:4:20")]);
}

#[test]
fn a_private_value_repeated_in_public_text() {
    let private = "private:\n  reporter: 张三\n  phone: \"13800001234\"\n  room: 3-2-1201\n---\n";
    let text = swap(CASE, "---\n12号楼顶层楼道雨天渗水。\n", &format!("{private}张三反映顶层楼道渗水。\n"));
    let site = SiteTest::minimal();
    site.write(NEW_CASE, text);
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error pii-private-leak {NEW_CASE}:13:1")]);
    insta::assert_snapshot!(site.check().stderr);
}

#[test]
fn a_private_phone_in_the_body_is_reported_once() {
    let private = "private:\n  phone: 13800138000\n---\n";
    let text = swap(CASE, "---\n12号楼顶层楼道雨天渗水。\n", &format!("{private}电话13800138000。\n"));
    let site = SiteTest::minimal();
    site.write(NEW_CASE, text);
    assert_eq!(site.check_json().short(), [format!("error pii-mobile {NEW_CASE}:11:3")]);
}

#[test]
fn numbers_that_are_not_personal_pass() {
    let private = "private:\n  reporter: 张三\n  phone: 13800138000\n---\n";
    let body = "订单号1380013800012345678，金额13800.00元，13800138000.00元。\n\
                日期2026-11-20，2026年11月20日，幸福路88号12号楼，物业电话0571-88882222。\n\
                已脱敏的写法：138****8000，110105********002X。\n";
    let text = swap(CASE, "---\n12号楼顶层楼道雨天渗水。\n", &format!("{private}{body}"));
    let site = SiteTest::minimal();
    site.write(NEW_CASE, text);
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), Vec::<String>::new());
}

#[test]
fn a_declared_duty_phone_may_be_repeated() {
    let site = SiteTest::minimal();
    let compound = format!("{COMPOUND}/compound.yaml");
    site.edit(
        &compound,
        "{name: 赵强, position: 工程主管, phone: 0571-88882333}",
        "{name: 赵强, position: 工程主管, phone: 139-0000-1111}",
    );
    site.edit(&notice(), "0571-88882201。", "0571-88882201；工程主管赵强13900001111。");
    site.check_json().assert_code(0);
    // Only the declared number: another mobile in the same place is an error.
    site.edit(&notice(), "赵强13900001111", "赵强13900002222");
    let run = site.check_json();
    assert_eq!(run.short(), [format!("error pii-mobile {}:12:40", notice())]);
}

#[test]
fn pii_allow_in_site_yaml() {
    let site = SiteTest::minimal();
    site.edit(&notice(), "0571-88882201。", "0571-88882201，或拨打热线13912345678。");
    let run = site.check_json();
    assert_eq!(run.short(), [format!("error pii-mobile {}:12:39", notice())]);
    site.edit("site.yaml", "office:", "pii_allow: [\"13912345678\"]\noffice:");
    site.check_json().assert_code(0);
}
