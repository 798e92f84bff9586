//! One small mistake for each registry code that no other test raises, so
//! that every code in `src/diag/code.rs` is seen by a user-facing test
//! (see `registry::every_code_is_exercised_by_a_test`).

use crate::support::{CASE, COMPOUND, NEW_CASE, SiteTest, swap};

const SITE: &str = "site.yaml";
const COMMUNITY: &str = "lanting/community.yaml";
const NOTICE: &str = "lanting/lanyuan/notices/2026-11-05-dianti.md";

fn compound_yaml() -> String {
    format!("{COMPOUND}/compound.yaml")
}

#[test]
fn base_url_must_be_an_absolute_url() {
    let site = SiteTest::minimal();
    site.edit(SITE, "base_url: https://gongshi.example.cn", "base_url: gongshi.example.cn");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), ["error site-base-url site.yaml:3:11"]);
}

#[test]
fn theme_name_must_be_a_slug() {
    let site = SiteTest::minimal();
    site.edit(SITE, "street: 测试街道\n", "street: 测试街道\ntheme: My Theme\n");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), ["error site-theme site.yaml:3:8"]);
}

#[test]
fn kiosk_poll_and_screen_out_of_range_and_night_not_a_time() {
    let site = SiteTest::minimal();
    let kiosk = "kiosk:\n  poll_seconds: 5\n  night: {from: 10pm, to: \"06:00\"}\n  screens:\n    - {name: lobby, width: 100, height: 100}\n";
    site.edit(SITE, "street: 测试街道\n", &format!("street: 测试街道\n{kiosk}"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        ["error kiosk-poll site.yaml:4:17", "error value-time site.yaml:5:17", "error kiosk-screen site.yaml:7:7"]
    );
}

#[test]
fn households_must_be_a_number_and_party_member_a_boolean() {
    let site = SiteTest::minimal();
    site.edit(&compound_yaml(), "households: 812", "households: 八百多");
    site.edit(&compound_yaml(), "{name: 蒋敏, position: 委员}", "{name: 蒋敏, position: 委员, party_member: 党员}");
    let run = site.check_json();
    run.assert_code(1);
    let file = compound_yaml();
    assert_eq!(run.short(), [format!("error value-number {file}:3:13"), format!("error value-boolean {file}:14:46")]);
}

#[test]
fn owners_committee_and_self_management_together() {
    let site = SiteTest::minimal();
    site.edit(
        &compound_yaml(),
        "property_company:",
        "self_management:\n  members: [{name: 蒋敏, position: 组长}]\nproperty_company:",
    );
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error compound-owners-twice {}:17:3", compound_yaml())]);
}

#[test]
fn a_photo_on_a_roster_is_not_published() {
    let site = SiteTest::minimal();
    site.edit(COMMUNITY, "{name: 何秀英, position: 委员}", "{name: 何秀英, position: 委员, photo: he.jpg}");
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning photo-unsupported {COMMUNITY}:17:40")]);
}

#[test]
fn community_and_compound_files_missing() {
    let site = SiteTest::minimal();
    site.remove(COMMUNITY);
    site.remove(&compound_yaml());
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        ["error community-missing lanting".to_string(), format!("error compound-missing {COMPOUND}")]
    );
}

#[test]
fn a_site_with_no_community_yet() {
    let site = SiteTest::minimal();
    site.remove("lanting");
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), ["warning site-empty -"]);
}

#[test]
fn notice_until_before_published() {
    let site = SiteTest::minimal();
    site.edit(NOTICE, "until: 2026-11-20", "until: 2026-11-01");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error date-order {NOTICE}:5:8")]);
}

#[test]
fn a_title_that_is_a_list() {
    let site = SiteTest::minimal();
    site.write(NEW_CASE, swap(CASE, "title: 12号楼顶层渗水", "title: [12号楼, 渗水]"));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error field-type {NEW_CASE}:2:8")]);
}

#[test]
fn resolved_case_without_result_or_revisit() {
    let site = SiteTest::minimal();
    let case = swap(CASE, "status: received\n", "status: resolved\n");
    let case = swap(
        &case,
        "note: 已登记}\n",
        "note: 已登记}\n  - {date: 2026-11-21, status: escalated, by: residents_committee, note: 报街道}\n  - {date: 2026-11-22, status: resolved, by: property_company}\n",
    );
    site.write(NEW_CASE, case);
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [
            format!("error case-result {NEW_CASE}:5:9"),
            format!("warning case-opinion {NEW_CASE}:5:9"),
            format!("warning case-revisit {NEW_CASE}:5:9"),
            format!("warning case-update-to {NEW_CASE}:8:5"),
        ]
    );
}

#[test]
fn a_community_without_environment_committee() {
    let site = SiteTest::minimal();
    let community = site.read(COMMUNITY);
    let (from, to) = (community.find("env_committee:"), community.find("contacts:"));
    let (Some(from), Some(to)) = (from, to) else { panic!("the fixture has no env_committee:\n{community}") };
    site.write(COMMUNITY, format!("{}{}", &community[..from], &community[to..]));
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning rule-env-missing {COMMUNITY}")]);
}

/// Without the owners' committee, its chair is on no roster, so the joint
/// meeting's members list and the meeting record name an unknown person too.
#[test]
fn a_compound_without_owners_committee() {
    let site = SiteTest::minimal();
    let file = compound_yaml();
    let compound = site.read(&file);
    let (from, to) = (compound.find("owners_committee:"), compound.find("property_company:"));
    let (Some(from), Some(to)) = (from, to) else { panic!("the fixture has no owners_committee:\n{compound}") };
    site.write(&file, format!("{}{}", &compound[..from], &compound[to..]));
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [
            format!("warning rule-owners-missing {file}"),
            format!("error ref-person {file}:18:27"),
            format!("warning ref-person {COMPOUND}/meetings/2026-10-28.md:5:27"),
        ]
    );
}

#[test]
fn a_stray_file_in_a_compound_folder() {
    let site = SiteTest::minimal();
    site.write(&format!("{COMPOUND}/说明.txt"), "备忘");
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning file-unexpected {COMPOUND}/说明.txt")]);
}

#[test]
fn a_case_received_after_today() {
    let site = SiteTest::minimal();
    let case = swap(CASE, "received: 2026-11-20", "received: 2026-12-20");
    site.write(NEW_CASE, swap(&case, "{date: 2026-11-20,", "{date: 2026-12-20,"));
    let run = site.check_json();
    run.assert_code(0);
    // The update of that day is after today too.
    assert_eq!(
        run.short(),
        [format!("warning date-future {NEW_CASE}:3:11"), format!("warning date-future {NEW_CASE}:7:12")]
    );
}

#[test]
fn a_case_with_no_updates() {
    let site = SiteTest::minimal();
    let case = swap(
        CASE,
        "updates:\n  - {date: 2026-11-20, status: received, by: residents_committee, note: 已登记}\n",
        "updates: []\n",
    );
    site.write(NEW_CASE, case);
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error case-no-updates {NEW_CASE}:2:1")]);
}

#[test]
fn environment_committee_without_party_majority() {
    let site = SiteTest::minimal();
    site.edit(COMMUNITY, "{name: 马卫东, position: 委员, party_member: true}", "{name: 马卫东, position: 委员}");
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), [format!("warning rule-env-party {COMMUNITY}:12:3")]);
}

#[test]
fn full_width_brackets_around_a_list() {
    let site = SiteTest::minimal();
    site.edit(NOTICE, "attachments: [attachments/dianti-fangan.pdf]", "attachments: 【attachments/dianti-fangan.pdf】");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), [format!("error yaml-fullwidth-bracket {NOTICE}:8:14")]);
}
