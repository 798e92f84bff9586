//! What residents need first (issue 13): whom to call and their own
//! problem at the top of the compound home, the full rosters on their own
//! page, a number to quote and a person to ask on each case, tap-to-call
//! duty phones inside Markdown, and the basics every site needs.

use crate::support::{COMPOUND, SiteTest, build};

/// Builds `site` and returns a page of its output.
fn page(site: &SiteTest, rel: &str) -> String {
    std::fs::read_to_string(site.root().join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn built(site: SiteTest) -> SiteTest {
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

/// Byte position of `needle` in `html`, which must contain it.
fn at(html: &str, needle: &str) -> usize {
    html.find(needle).unwrap_or_else(|| panic!("{needle:?} is not on the page"))
}

#[test]
fn home_opens_with_phones_then_open_cases_and_keeps_one_person_per_party() {
    let site = built(SiteTest::minimal());
    let home = page(&site, &format!("{COMPOUND}/index.html"));
    // Repair line, then one named person per party, each tap-to-call…
    let repair = at(&home, "href=\"tel:057188882333\"");
    for (name, tel) in
        [("周建华", "057188882101"), ("王建国", "057188881001"), ("陆文斌", "057188882201"), ("陈明", "057188882222")]
    {
        let person = at(&home, &format!("<b>{name}</b>"));
        assert!(home[person..].contains(&format!("href=\"tel:{tel}\"")), "{name}");
    }
    // …then the open cases and the current notices, before anything else.
    let open = at(&home, "id=\"open\"");
    let notices = at(&home, "id=\"notices\"");
    let pledges = at(&home, "id=\"pledges\"");
    assert!(repair < open && open < notices && notices < pledges, "order of the home");
    assert!(at(&home, "href=\"people/\"") < open, "the rosters are linked from the top");
    // Members without a phone, and the second person of a party, are left to the rosters page.
    for name in ["黄志强", "许丽萍", "赵强", "李红"] {
        assert!(!home.contains(&format!("<b>{name}</b>")), "{name} is on the home");
    }
    let people = page(&site, &format!("{COMPOUND}/people/index.html"));
    for name in ["黄志强", "许丽萍", "赵强", "李红", "孙晓燕", "王建国", "物业服务中心"] {
        assert!(people.contains(name), "{name} is not on the rosters page");
    }
    assert!(people.contains("<h1>责任人名单</h1>"));
}

#[test]
fn home_shows_open_cases_of_the_last_90_days_and_counts_the_older_ones() {
    let site = SiteTest::minimal();
    // Received long ago, not overdue, updated recently: left to the cases page.
    site.write(
        "lanting/lanyuan/cases/2026-003.md",
        "---\ntitle: 车库照明改造\nreceived: 2026-03-02\nlead: property_company\nstatus: in_progress\nupdates:\n  - {date: 2026-03-02, status: received, by: residents_committee}\n  - {date: 2026-11-25, status: in_progress, by: property_company, note: 已进场}\n---\n",
    );
    let site = built(site);
    let home = page(&site, &format!("{COMPOUND}/index.html"));
    assert!(!home.contains("车库照明改造"), "an older case on the home");
    assert!(home.contains("另有 1 个较早受理的问题仍在办理"), "no count of the older cases");
    let cases = page(&site, &format!("{COMPOUND}/cases/index.html"));
    assert!(cases.contains("车库照明改造"));
}

#[test]
fn community_page_lists_its_compounds_before_its_rosters() {
    let site = built(SiteTest::minimal());
    let community = page(&site, "lanting/index.html");
    assert!(at(&community, "href=\"lanyuan/\"") < at(&community, "中共兰亭社区委员会"));
}
