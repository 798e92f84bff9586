//! `gongshi new` writes a site dated around the day it is made, and the
//! bundled example is shown as of its own date (`as_of:` in site.yaml), so
//! neither greets a newcomer with warnings that only say time has passed.

use chrono::{Datelike, Duration, NaiveDate};

use crate::support::{AS_OF, SiteTest, example};

/// Today where the scaffold's site.yaml puts the site (Asia/Shanghai).
fn today() -> NaiveDate {
    (chrono::Utc::now().naive_utc() + Duration::hours(8)).date()
}

/// The codes a fresh site may show: the policy's reminders of what is due
/// soon (the monthly report by the 18th, the year's evaluation in late
/// December), which depend on the day and not on the content.
fn only_reminders(short: &[String]) -> bool {
    short.iter().all(|d| d.starts_with("warning remind-"))
}

fn new_site(site: &SiteTest, as_of: Option<&str>) {
    let mut args = vec!["new", "site"];
    args.extend(as_of.iter().flat_map(|d| ["--as-of", d]));
    site.run(&args).assert_code(0);
}

#[test]
fn a_new_site_is_clean_as_of_today_and_dated_this_year() {
    let site = SiteTest::empty();
    new_site(&site, None);
    let run = site.run(&["check", "--root", "site", "--format", "json"]);
    run.assert_code(0);
    assert!(only_reminders(&run.short()), "{:?}", run.short());
    let year = today().year();
    let compound = site.root().join("site/content/shili/xiaoqu");
    assert!(compound.join(format!("pledges/{year}.yaml")).is_file(), "pledges for this year");
    assert!(compound.join(format!("evaluations/{}.yaml", year - 1)).is_file(), "last year's evaluation");
    assert!(compound.join(format!("cases/{year}-001.md")).is_file());
    let case = std::fs::read_to_string(compound.join(format!("cases/{year}-001.md"))).unwrap_or_default();
    let received = today() - Duration::days(10);
    assert!(case.contains(&format!("received: {received} ")), "{case}");
}

/// A new site made on `day` and checked that day: no error, nothing but reminders.
fn clean_on(day: &str) {
    let site = SiteTest::empty();
    new_site(&site, Some(day));
    let run = site.run(&["check", "--root", "site", "--as-of", day, "--format", "json"]);
    run.assert_code(0);
    assert!(only_reminders(&run.short()), "{day}: {:?}", run.short());
    let year = &day[..4];
    assert!(site.root().join(format!("site/content/shili/xiaoqu/pledges/{year}.yaml")).is_file(), "{day}");
}

#[test]
fn a_new_site_is_clean_on_the_awkward_days() {
    // A year's last and first days, a leap day, and the first day of a
    // joint-meeting window (the last week of an even month).
    for day in ["2026-12-31", "2027-01-01", "2028-02-29", "2027-04-24"] {
        clean_on(day);
    }
}

#[test]
#[ignore = "slow"]
fn a_new_site_is_clean_on_every_day_of_a_year() {
    let mut day = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default();
    while day.year() == 2027 {
        clean_on(&day.to_string());
        day += Duration::days(1);
    }
}

#[test]
fn a_new_site_builds() {
    let site = SiteTest::empty();
    new_site(&site, Some(AS_OF));
    let run = site.run(&["build", "--root", "site", "--as-of", AS_OF]);
    run.assert_code(0);
    // The next joint meeting, a week after 2026-11-27, is shown as such.
    let upcoming = site.root().join("site/public/shili/xiaoqu/meetings/2026-12-04/index.html");
    let page = std::fs::read_to_string(&upcoming).unwrap_or_else(|e| panic!("{}: {e}", upcoming.display()));
    assert!(page.contains("下次联席会议"), "{page}");
}

#[test]
fn the_example_is_shown_as_of_its_own_date_without_as_of() {
    let site = example();
    let root = site.root().to_string_lossy().into_owned();
    let own = site.run(&["check", "--root", &root, "--format", "json"]);
    let pinned = site.check_json();
    own.assert_code(0);
    // A month after the example's date, check also says that it is shown as of that date.
    let own: Vec<String> = own.short().into_iter().filter(|d| !d.contains(" site-as-of ")).collect();
    assert_eq!(own, pinned.short());
    assert!(!pinned.short().iter().any(|d| d.contains("site-as-of")), "--as-of wins: no warning");
}

fn minimal_with_as_of(date: NaiveDate) -> SiteTest {
    let site = SiteTest::minimal();
    site.edit("site.yaml", "base_url:", &format!("as_of: {date}\nbase_url:"));
    site
}

#[test]
fn as_of_in_site_yaml_sets_the_day_and_the_command_line_wins() {
    // The minimal fixture is clean as of AS_OF; a month later its open case is stale.
    let later = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap_or_default() + Duration::days(40);
    let site = minimal_with_as_of(later);
    let root = site.root().to_string_lossy().into_owned();
    let run = site.run(&["check", "--root", &root, "--format", "json"]);
    assert!(run.diags().iter().any(|d| d.code == "case-stale"), "{}", run.stdout);
    let pinned = site.check_json();
    pinned.assert_code(0);
    assert_eq!(pinned.short(), Vec::<String>::new());
}

#[test]
fn an_as_of_a_month_old_is_a_warning() {
    let old = today() - Duration::days(60);
    let site = minimal_with_as_of(old);
    let root = site.root().to_string_lossy().into_owned();
    let run = site.run(&["check", "--root", &root, "--format", "json"]);
    let d = run.one("site-as-of");
    assert_eq!(d.short(), "warning site-as-of site.yaml:3:8");
    assert!(d.message.contains(&format!("网站按 as_of 的 {old} 显示")), "{}", d.message);
    let recent = minimal_with_as_of(today() - Duration::days(5));
    let root = recent.root().to_string_lossy().into_owned();
    let run = recent.run(&["check", "--root", &root, "--format", "json"]);
    assert!(!run.stdout.contains("site-as-of"), "{}", run.stdout);
}

#[test]
fn a_bad_as_of_is_a_date_error() {
    let site = SiteTest::minimal();
    site.edit("site.yaml", "base_url:", "as_of: 2026-13-01\nbase_url:");
    let run = site.check_json();
    run.assert_code(1);
    assert!(
        run.short().iter().any(|d| d.starts_with("error date-") && d.ends_with("site.yaml:3:8")),
        "{:?}",
        run.short()
    );
}

#[cfg(feature = "serve")]
#[test]
fn watch_shows_the_site_as_of_site_yaml_too() {
    // `watch` and `serve` date their builds by their own clock, unless the
    // site says otherwise: a newcomer previewing the example sees its day.
    let site = minimal_with_as_of(NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap_or_default());
    let root = site.root().to_string_lossy().into_owned();
    let mut child = crate::support::gongshi()
        .args(["watch", "--root", &root])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run gongshi: {e}"));
    let page = site.root().join("public/index.html");
    let start = std::time::Instant::now();
    while !page.is_file() && start.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let html = std::fs::read_to_string(&page).unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    assert!(html.contains("截至 <span class=\"nw\">2026年11月27日</span>"), "{html}");
}
