//! The midnight rollover of `watch` and `serve`: with the loop's clock moved
//! across midnight in the site's time zone, the site is rebuilt without an
//! edit — `version.json` changes, "截至" advances and a case due yesterday
//! is overdue.
#![cfg(feature = "serve")]

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use gongshi::build::{BuildOptions, SiteOptions};
use gongshi::cli::watch::{BuildEvent, Clock, Loop};

use crate::support::{CASE, NEW_CASE, SiteTest, swap};

/// A clock the test moves by hand.
#[derive(Debug, Clone)]
struct HandClock(Arc<Mutex<DateTime<Utc>>>);

impl HandClock {
    fn at(s: &str) -> HandClock {
        HandClock(Arc::new(Mutex::new(time(s))))
    }

    fn set(&self, s: &str) {
        *self.0.lock().expect("clock") = time(s);
    }
}

impl Clock for HandClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock")
    }
}

fn time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}")).with_timezone(&Utc)
}

/// 23:59:59 on 30 November in Beijing (the site's default zone, UTC+8).
const BEFORE: &str = "2026-11-30T15:59:59Z";
/// 00:00:02 on 1 December in Beijing, still 30 November in UTC.
const AFTER: &str = "2026-11-30T16:00:02Z";

/// The minimal site with an open case due on 30 November.
fn site() -> SiteTest {
    let site = SiteTest::minimal();
    site.write(NEW_CASE, swap(CASE, "lead: property_company", "lead: property_company\ndue: 2026-11-30"));
    site
}

fn opts(site: &SiteTest) -> BuildOptions {
    BuildOptions { site: SiteOptions { root: site.root().to_path_buf(), ..Default::default() }, ..Default::default() }
}

fn published(site: &SiteTest, rel: &str) -> String {
    let path = site.root().join("public").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const HOME: &str = "lanting/lanyuan/index.html";
const NEW_CASE_PAGE: &str = "lanting/lanyuan/cases/2026-003/index.html";

#[test]
fn crossing_midnight_rebuilds_the_site_for_the_new_day() {
    let site = site();
    let clock = HandClock::at(BEFORE);
    let mut build_loop = Loop::with_clock(&opts(&site), Arc::new(clock.clone())).expect("loop");
    build_loop.first_build(&mut |_| {}).expect("first build");
    let version = published(&site, "version.json");
    let (home, case) = (published(&site, HOME), published(&site, NEW_CASE_PAGE));
    assert!(home.contains("2026年11月30日"), "{home}");
    // Due today is not overdue yet: only the badge board.js may show tomorrow.
    assert!(!case.contains("已逾期 1 天") && case.contains("data-after=\"2026-11-30\" hidden"), "{case}");

    // The loop waits for changes on another thread; midnight passes there.
    let shutdown = build_loop.shutdown.clone();
    let (tx, rx) = mpsc::channel();
    let running = std::thread::spawn(move || {
        build_loop.run(&mut |e| {
            let _ = tx.send(e.clone());
        });
    });
    clock.set(AFTER);
    let event = rx.recv_timeout(Duration::from_secs(30)).expect("a build after midnight");
    assert_eq!(event, BuildEvent::Published { swapped: true });

    assert_ne!(published(&site, "version.json"), version);
    let (home, case) = (published(&site, HOME), published(&site, NEW_CASE_PAGE));
    assert!(home.contains("2026年12月1日"), "截至 advances:\n{home}");
    assert!(case.contains("已逾期 1 天") && !case.contains("data-after=\"2026-11-30\""), "{case}");
    // No second build while the date stays the same.
    assert!(rx.recv_timeout(Duration::from_secs(3)).is_err(), "rebuilt again on the same day");

    shutdown.set();
    site.edit("lanting/lanyuan/compound.yaml", "\n", "\n\n");
    running.join().expect("loop thread");
}

#[test]
fn a_fixed_as_of_date_never_rolls_over() {
    let site = site();
    let clock = HandClock::at(BEFORE);
    let mut opts = opts(&site);
    opts.site.check.as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 27);
    let mut build_loop = Loop::with_clock(&opts, Arc::new(clock.clone())).expect("loop");
    build_loop.first_build(&mut |_| {}).expect("first build");
    clock.set(AFTER);
    assert!(!build_loop.rollover(&mut |_| {}), "--as-of pins the date");
    assert!(published(&site, HOME).contains("2026年11月27日"));
}
