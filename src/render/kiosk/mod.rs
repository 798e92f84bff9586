//! Kiosk boards and the paper poster of one compound.
//!
//! A kiosk page is one self-contained file per screen of site.yaml: CSS and
//! JavaScript inline (allowed by hash in its CSP), the QR code inline as
//! SVG. It is laid out on a fixed canvas and scaled as a whole by its
//! script, so nothing here depends on the player's viewport. Long lists are
//! cut into slides at build time: every size below is in canvas pixels, the
//! CSS is rendered from the same numbers, and the row budget of a slide is
//! the room its rows are measured to take. The print page does the same for
//! A4 sheets.
//!
//! The module follows the steps of a page: [`board`] gathers what a
//! compound shows, [`measure`] estimates how tall a row is, [`paginate`]
//! cuts rows into columns and pages, [`screen`] lays out a kiosk canvas and
//! renders its page, [`print`](mod@print) does the same for A4 sheets; [`crate::render::qr`] draws the
//! code and [`csp`] allows the page's inline style and script by hash.

mod board;
mod csp;
mod measure;
mod paginate;
mod print;
mod screen;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use self::board::Board;
use super::{OutFile, Renderer};
use crate::diag::Lang;
use crate::error::Error;
use crate::model::{Community, Compound};

/// The last bytes of every kiosk page: a download that ends with them is complete.
const SENTINEL: &str = "<!--kiosk-end-->";

/// Stands for the CSP while a page renders: the policy holds the hashes of
/// the page's own inline style and script, known only once it is rendered.
const CSP_SLOT: &str = "GONGSHI-CSP-SLOT";

/// Stands for a kiosk page's version while it renders: the version is a
/// hash of the page with this in place, so the page can carry it.
/// Sixteen characters, as the version, so that it is replaced in place.
const VERSION_SLOT: &str = "GONGSHI-VERSION!";

/// Every kiosk page and the print page of one compound. A kiosk compares
/// the version it carries (a hash of its own bytes) with its entry in
/// version.json's `boards` to tell whether its own page changed. Nothing on
/// a board depends on the build time, so an unchanged compound's boards stay
/// byte-identical across builds and never reload.
pub(super) fn files(r: &Renderer<'_>, c: &Community, p: &Compound, dir: &str) -> Result<Vec<OutFile>, Error> {
    let board = Board::new(r, c, p, dir)?;
    let mut out = Vec::new();
    for screen in &r.site.settings.kiosk.screens {
        out.push(screen::kiosk_page(r, &board, screen, dir)?);
    }
    out.push(print::print_page(r, &board, dir)?);
    Ok(out)
}

/// The version a kiosk page carries (`data-version`), read back as the
/// board's script reads it; None for any other file.
pub(super) fn version_of(page: &[u8]) -> Option<String> {
    const ATTR: &[u8] = b" data-version=\"";
    // The attribute is on <body>, near the top: no need to search the page.
    let head = &page[..page.len().min(8192)];
    let at = head.windows(ATTR.len()).position(|w| w == ATTR)? + ATTR.len();
    let v = page.get(at..at + VERSION_SLOT.len())?;
    v.iter().all(|b| (b'a'..=b'p').contains(b)).then(|| String::from_utf8_lossy(v).into_owned())
}

/// Words the kiosk and poster need beyond the site's [`Labels`](crate::render::views::Labels).
#[derive(Debug, Serialize)]
struct Words {
    scan: &'static str,
    offline: &'static str,
    cont: &'static str,
    page: &'static str,
    weekdays: [&'static str; 7],
    /// `{y}` `{m}` `{d}` `{mm}` `{dd}` `{w}`: the kiosk's date line.
    date_format: &'static str,
    /// When no joint meeting is scheduled: the rule's deadline.
    meeting_due: &'static str,
    /// A notice's public period, `{from}` to `{until}`.
    notice_period: &'static str,
    /// A case's number, `{n}`.
    number: &'static str,
    /// Days past due, `{n}`: written by the script when a case falls overdue between builds.
    overdue_days: &'static str,
}

static ZH_WORDS: Words = Words {
    scan: "微信扫码查看详情",
    offline: "离线 · 暂未连上服务器",
    cont: "（续）",
    page: "第 {n} / {total} 页",
    weekdays: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
    date_format: "{y}年{m}月{d}日 {w}",
    meeting_due: "按制度应于 {date} 前召开",
    notice_period: "公示期 {from}至{until}",
    number: "编号 {n}",
    overdue_days: "已逾期 {n} 天",
};

static EN_WORDS: Words = Words {
    scan: "Scan for details",
    offline: "Offline · server not reached",
    cont: " (continued)",
    page: "Page {n} / {total}",
    weekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    date_format: "{w} {y}-{mm}-{dd}",
    meeting_due: "Due by the rules before {date}",
    notice_period: "Public {from} – {until}",
    number: "No. {n}",
    overdue_days: "{n} days overdue",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH_WORDS,
        Lang::En => &EN_WORDS,
    }
}

/// The kiosk's date line: `format` with `{y}` `{m}` `{d}` `{mm}` `{dd}` `{w}` filled in.
fn date_line(format: &str, d: NaiveDate, weekday: &str) -> String {
    format
        .replace("{y}", &d.year().to_string())
        .replace("{mm}", &format!("{:02}", d.month()))
        .replace("{dd}", &format!("{:02}", d.day()))
        .replace("{m}", &d.month().to_string())
        .replace("{d}", &d.day().to_string())
        .replace("{w}", weekday)
}
