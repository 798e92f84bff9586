//! Boards that stay true between builds (issue 11, points 4 and 5): with
//! the browser's clock moved forward and no rebuild, kiosk and phone pages
//! hide notices after their period, mark open cases past due as overdue,
//! and show urgent notices only while they are active — all in the site's
//! time zone, whatever the device's.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use crate::chrome::{Browser, file_url};
use crate::support::{SiteTest, build_into, example};

const BOARD: &str = "yangguang/lanyuan/kiosk/landscape.html";
/// Current on the as-of date (2026-11-27), public until 2026-12-04.
const NOTICE: &str = "关于使用住宅专项维修资金更新3号楼电梯的公示";
/// Open, due 2026-12-10.
const CASE: &str = "南门内侧新装快递柜占用消防车通道";

fn built(site: &SiteTest) -> PathBuf {
    let out = site.root().join("public");
    let run = build_into(site, &out);
    assert_eq!(run.code, 0, "build failed:\n{}\n{}", run.stdout, run.stderr);
    out
}

/// A time in the site's zone (UTC+8).
fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// The list entry whose text contains `text`: whether it is shown, and the
/// text of its alert (已逾期 …), if any.
fn row(b: &Browser, text: &str) -> Value {
    b.eval(&format!(
        "var items = document.getElementsByTagName('li'), i, el, a;
         for (i = 0; i < items.length; i += 1) {{
           el = items[i];
           if (el.textContent.indexOf({text:?}) >= 0) {{
             a = el.getElementsByClassName('alert')[0];
             return {{shown: getComputedStyle(el).display !== 'none', alert: a ? a.textContent : null}};
           }}
         }}
         return null;"
    ))
}

fn show_board(b: &Browser, out: &Path, now: &str) {
    b.fake_now(at(now));
    b.goto(&file_url(&out.join(BOARD)));
    let ready = "return document.getElementById('canvas').style.transform.indexOf('scale') >= 0;";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while b.eval(ready) != Value::Bool(true) {
        assert!(std::time::Instant::now() < deadline, "the kiosk script did not start");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn kiosk_hides_an_expired_notice_and_marks_a_late_case_without_a_rebuild() {
    let Some(b) = Browser::start(1920, 1080) else { return };
    let site = example();
    let out = built(&site);

    // The day after the build: as built.
    show_board(&b, &out, "2026-11-28T10:00:00+08:00");
    assert_eq!(row(&b, NOTICE)["shown"], true);
    assert_eq!(row(&b, CASE)["alert"], Value::Null, "{}", row(&b, CASE));
    assert!(b.eval("return document.body.textContent;").as_str().is_some_and(|t| t.contains("编号 2026-035")));

    // Two days after the due date, with the device set to UTC: 00:30 on
    // 12 December in the site's zone is still the 11th on the device.
    show_board(&b, &out, "2026-12-12T00:30:00+08:00");
    assert_eq!(row(&b, NOTICE)["shown"], false, "the notice's period ended on 4 December");
    assert_eq!(row(&b, CASE)["alert"], "已逾期 2 天");
    assert_eq!(row(&b, CASE)["shown"], true);

    // On the due date itself: not yet late.
    show_board(&b, &out, "2026-12-10T23:59:00+08:00");
    assert_eq!(row(&b, CASE)["alert"], Value::Null);
}

const PHONE_HOME: &str = "yangguang/lanyuan/index.html";

/// On a phone page: whether the list entry whose text contains `text` is
/// shown, and the visible badges in it.
fn card(b: &Browser, text: &str) -> Value {
    b.eval(&format!(
        "var items = document.getElementsByTagName('li'), i, el, badges, out = [], j;
         for (i = 0; i < items.length; i += 1) {{
           el = items[i];
           if (el.textContent.indexOf({text:?}) >= 0) {{
             badges = el.getElementsByClassName('b');
             for (j = 0; j < badges.length; j += 1) {{
               if (badges[j].offsetParent !== null) {{ out.push(badges[j].textContent.trim()); }}
             }}
             return {{shown: el.offsetParent !== null, badges: out}};
           }}
         }}
         return null;"
    ))
}

fn show_phone(b: &Browser, out: &Path, rel: &str, now: &str) {
    b.fake_now(at(now));
    b.goto(&file_url(&out.join(rel)));
}

#[test]
fn phone_pages_hide_an_expired_notice_and_mark_a_late_case_without_a_rebuild() {
    let Some(b) = Browser::start(360, 740) else { return };
    let site = example();
    let out = built(&site);

    show_phone(&b, &out, PHONE_HOME, "2026-11-28T10:00:00+08:00");
    assert_eq!(card(&b, NOTICE)["shown"], true, "current notice, as built");
    let late = card(&b, CASE);
    assert_eq!(late["shown"], true);
    assert!(!late["badges"].to_string().contains("已逾期"), "{late}");

    // 00:30 on 12 December in the site's zone; the device's zone plays no part.
    show_phone(&b, &out, PHONE_HOME, "2026-12-12T00:30:00+08:00");
    assert_eq!(card(&b, NOTICE)["shown"], false, "the notice's period ended on 4 December");
    let late = card(&b, CASE);
    assert!(late["badges"].to_string().contains("已逾期"), "{late}");

    // The notice list keeps the notice, now marked as ended.
    show_phone(&b, &out, "yangguang/lanyuan/notices/index.html", "2026-12-12T00:30:00+08:00");
    let n = card(&b, NOTICE);
    assert_eq!(n["shown"], true);
    assert!(n["badges"].to_string().contains("公示期已结束") && !n["badges"].to_string().contains("公示中"), "{n}");

    // 23:59 on 10 December, the due date: not late yet.
    show_phone(&b, &out, PHONE_HOME, "2026-12-10T23:59:00+08:00");
    assert!(!card(&b, CASE)["badges"].to_string().contains("已逾期"));
}

/// The urgent notices of the example, on lanyuan's phone pages: whether the
/// banner shows, and which of its notices.
fn banner(b: &Browser) -> Value {
    b.eval(
        "var u = document.querySelector('.urgent'), ps, out = [], i;
         if (!u) { return null; }
         ps = u.getElementsByTagName('p');
         for (i = 0; i < ps.length; i += 1) { if (ps[i].offsetParent !== null) { out.push(ps[i].textContent); } }
         return {shown: u.offsetParent !== null, top: u.getBoundingClientRect().top, notices: out};",
    )
}

/// Issue 11, point 5: the banner of an urgent notice is on top of every
/// phone page of the compounds it reaches while it is in force, and goes
/// when `until` passes, without a rebuild.
#[test]
fn the_phone_banner_shows_urgent_notices_only_while_in_force() {
    let Some(b) = Browser::start(360, 740) else { return };
    let site = example();
    let out = built(&site);
    let lift = "3号楼2号电梯停运检修"; // yangguang/lanyuan, 26 Nov 09:00 – 29 Nov 18:00
    let water = "阳光社区夜间计划停水"; // all of yangguang, 27 Nov 22:00 – 28 Nov 06:00
    for page in [PHONE_HOME, "yangguang/lanyuan/cases/2026-035/index.html"] {
        show_phone(&b, &out, page, "2026-11-27T23:00:00+08:00");
        let bn = banner(&b);
        assert_eq!(bn["shown"], true, "{page}: {bn}");
        let text = bn["notices"].to_string();
        assert!(text.contains(lift) && text.contains(water), "{page}: {bn}");
    }
    // Before the water cut begins: only the lift.
    show_phone(&b, &out, PHONE_HOME, "2026-11-27T21:59:00+08:00");
    let bn = banner(&b);
    assert!(bn["notices"].to_string().contains(lift) && !bn["notices"].to_string().contains(water), "{bn}");
    // The community's notice reaches its other compound too.
    show_phone(&b, &out, "yangguang/guiyuan/index.html", "2026-11-28T05:59:00+08:00");
    assert!(banner(&b)["notices"].to_string().contains(water));
    // At 18:00 on 29 November the lift notice ends: no banner at all.
    show_phone(&b, &out, PHONE_HOME, "2026-11-29T17:59:00+08:00");
    assert_eq!(banner(&b)["shown"], true);
    show_phone(&b, &out, PHONE_HOME, "2026-11-29T18:00:00+08:00");
    assert_eq!(banner(&b)["shown"], false, "{}", banner(&b));
    // Another community's compound shows its own (the lift of jinxiu, 26 Nov 18:00 – 28 Nov 12:00),
    // not these; and its neighbour in the same community none at all.
    show_phone(&b, &out, "hepingli/jinxiu/index.html", "2026-11-27T23:00:00+08:00");
    let text = banner(&b)["notices"].to_string();
    assert!(text.contains("2号楼电梯停运检修") && !text.contains(lift) && !text.contains(water), "{text}");
    assert_eq!(
        {
            show_phone(&b, &out, "hepingli/xinyuan-2/index.html", "2026-11-27T23:00:00+08:00");
            banner(&b)
        },
        Value::Null
    );
}
