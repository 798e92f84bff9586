//! `gongshi serve`'s live-reload script in a real browser. The server
//! itself is tested without one in `tests/testsuite/serve.rs`.
#![cfg(feature = "serve")]

use std::time::{Duration, Instant};

use crate::chrome::Browser;
use crate::support::SiteTest;
use crate::support::served::start;

const PAGE: &str = "lanting/lanyuan/cases/2026-001/";
const CASE_FILE: &str = "lanting/lanyuan/cases/2026-001.md";
const TITLE: &str = "3号楼电梯频繁停运";

/// The script in a real browser, under the pages' CSP: the overlay appears
/// on a broken edit, and the fixed page replaces it by itself.
#[test]
fn a_preview_tab_shows_the_error_and_reloads_after_the_fix() {
    let Some(b) = Browser::start(800, 900) else {
        return;
    };
    let mut s = start(SiteTest::minimal(), "serve");
    b.goto(&format!("{}/{PAGE}", s.base));
    let deadline = Instant::now() + Duration::from_secs(15);
    let title = |b: &Browser| b.eval("return document.body.innerText").as_str().unwrap_or_default().to_string();
    assert!(title(&b).contains(TITLE));
    // Wait until the tab is listening.
    while b.eval("return document.querySelector('script[src^=\"/__gongshi/\"]') !== null").as_bool() != Some(true) {
        assert!(Instant::now() < deadline, "no live-reload script");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));

    let good = s.site.read(CASE_FILE);
    s.site.write(CASE_FILE, good.replace("\n---\n", "\n"));
    s.wait_for("the overlay", Duration::from_secs(15), |_| {
        b.eval("var o = document.getElementById('gongshi-build-error'); return o ? o.textContent : ''")
            .as_str()
            .is_some_and(|t| t.contains("2026-001.md"))
    });
    assert!(title(&b).contains(TITLE), "the last good page stays under the overlay");

    s.site.write(CASE_FILE, good.replace(TITLE, "浏览器里看到修好了"));
    s.wait_for("the reload", Duration::from_secs(15), |_| title(&b).contains("浏览器里看到修好了"));
    assert_eq!(b.eval("return document.getElementById('gongshi-build-error') === null").as_bool(), Some(true));
}

/// A kiosk board served by `gongshi serve` runs its inline, hashed script:
/// the server's header policy must not forbid what the page's own allows
/// (a site policy with `script-src 'self'` would leave the board blank).
#[test]
fn a_kiosk_board_served_by_gongshi_serve_runs_its_script() {
    let Some(b) = Browser::start(1920, 1080) else {
        return;
    };
    let s = start(SiteTest::minimal(), "serve");
    b.goto(&format!("{}/lanting/lanyuan/kiosk/landscape.html", s.base));
    let deadline = Instant::now() + Duration::from_secs(15);
    let scaled = "var c = document.getElementById('canvas'); return !!c && c.style.transform.indexOf('scale') >= 0;";
    while b.eval(scaled).as_bool() != Some(true) {
        assert!(Instant::now() < deadline, "the kiosk script did not scale #canvas under serve's headers");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(b.eval("return document.querySelector('script[src^=\"/__gongshi/\"]') === null").as_bool(), Some(true));
}
