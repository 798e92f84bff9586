//! Kiosk boards and paper posters (issue #4). The static checks read the
//! built files; the rest runs them in headless Chromium: every board fits
//! its screen at any scale without scrolling and keeps the type floor and
//! the contrast, every open case is on some slide, the QR code decodes,
//! slides turn by themselves, a board follows new builds but never a broken
//! one nor a half-downloaded page, survives its server going away, and the
//! poster prints to A4.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::chrome::{Browser, CjkFont, file_url};
use crate::support::{SiteTest, build_into, example};

const SENTINEL: &str = "<!--kiosk-end-->";
const BASE_URL: &str = "https://gongshi.example.cn";
const COMPOUNDS: [&str; 4] = ["yangguang/lanyuan", "yangguang/guiyuan", "hepingli/jinxiu", "hepingli/xinyuan-2"];

// ------------------------------------------------------------ helpers

/// The example street, with a poll interval and optionally a bar screen.
fn kiosk_site(poll: u32, bar: bool) -> SiteTest {
    let site = example();
    site.edit("site.yaml", "poll_seconds: 60", &format!("poll_seconds: {poll}"));
    if bar {
        let portrait = "    - {name: portrait, width: 1080, height: 1920}";
        site.edit("site.yaml", portrait, &format!("{portrait}\n    - {{name: bar, width: 1920, height: 540}}"));
    }
    site
}

fn built(site: &SiteTest) -> PathBuf {
    let out = site.root().join("public");
    let run = build_into(site, &out);
    assert_eq!(run.code, 0, "build failed:\n{}\n{}", run.stdout, run.stderr);
    out
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn version(out: &Path) -> Value {
    serde_json::from_str(&read(out, "version.json")).unwrap_or_else(|e| panic!("version.json: {e}"))
}

/// Kiosk pages and their byte lengths, as version.json lists them.
fn kiosk_pages(out: &Path) -> BTreeMap<String, u64> {
    let v = version(out);
    let map = v["kiosk"].as_object().unwrap_or_else(|| panic!("version.json has no kiosk map: {v}"));
    map.iter().map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(0))).collect()
}

/// The text of every inline `<tag>…</tag>` block.
fn blocks(html: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i + open.len()..];
        let end = rest.find(&close).unwrap_or_else(|| panic!("unclosed <{tag}>"));
        out.push(rest[..end].to_string());
        rest = &rest[end..];
    }
    out
}

fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", STANDARD.encode(Sha256::digest(text.as_bytes())))
}

/// A command-line tool the browser tests need, or `None` to skip when not required.
fn tool(name: &str, package: &str) -> Option<()> {
    let found =
        Command::new("sh").args(["-c", &format!("command -v {name}")]).output().is_ok_and(|o| o.status.success());
    if !found {
        let required = std::env::var("GONGSHI_BROWSER_TESTS").is_ok_and(|v| v == "required");
        assert!(!required, "{name} is required (apt-get install {package})");
        eprintln!("skipping: no {name}");
        return None;
    }
    Some(())
}

fn wait_for(what: &str, limit: Duration, mut ok: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(250));
    }
    start.elapsed()
}

/// A static file server over a built site, like a compound's LAN server:
/// the kiosk's requests to version.json need HTTP. It logs every path.
struct Server {
    base: String,
    log: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    /// While set, version.json answers 503.
    hold: Arc<AtomicBool>,
    /// Seconds added to the `Date` header, to agree with a browser whose
    /// clock is faked (the board trusts the server's clock over its own).
    date_shift: Arc<std::sync::atomic::AtomicI64>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap_or_else(|e| panic!("http server: {e}"));
        let addr = server.server_addr().to_ip().unwrap_or_else(|| panic!("no address"));
        let (log, stop) = (Arc::new(Mutex::new(Vec::new())), Arc::new(AtomicBool::new(false)));
        let hold = Arc::new(AtomicBool::new(false));
        let date_shift = Arc::new(std::sync::atomic::AtomicI64::new(0));
        let shift2 = date_shift.clone();
        let (log2, stop2, hold2, dir) = (log.clone(), stop.clone(), hold.clone(), dir.to_path_buf());
        let thread = std::thread::spawn(move || {
            while !stop2.load(Ordering::SeqCst) {
                let Ok(Some(req)) = server.recv_timeout(Duration::from_millis(50)) else {
                    continue;
                };
                let path = req.url().split('?').next().unwrap_or("/").to_string();
                log2.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(path.clone());
                let file = dir.join(path.trim_start_matches('/'));
                let held = hold2.load(Ordering::SeqCst) && path == "/version.json";
                let body = (!path.contains("..") && !held).then(|| std::fs::read(&file).ok()).flatten();
                let header =
                    |k: &str, v: &str| tiny_http::Header::from_bytes(k, v).unwrap_or_else(|()| panic!("header"));
                let _ = match body {
                    Some(bytes) => {
                        let kind =
                            if path.ends_with(".json") { "application/json" } else { "text/html; charset=utf-8" };
                        let shift = chrono::TimeDelta::seconds(shift2.load(Ordering::SeqCst));
                        let date = (chrono::Utc::now() + shift).format("%a, %d %b %Y %H:%M:%S GMT").to_string();
                        req.respond(
                            tiny_http::Response::from_data(bytes)
                                .with_header(header("Content-Type", kind))
                                .with_header(header("Cache-Control", "no-cache"))
                                .with_header(header("Date", &date)),
                        )
                    }
                    None => req.respond(tiny_http::Response::from_string("not found").with_status_code(404)),
                };
            }
        });
        Server { base: format!("http://{addr}/"), log, stop, hold, date_shift, thread: Some(thread) }
    }

    fn url(&self, rel: &str) -> String {
        format!("{}{rel}", self.base)
    }

    fn count(&self, path: &str) -> usize {
        self.log.lock().unwrap_or_else(std::sync::PoisonError::into_inner).iter().filter(|p| p.as_str() == path).count()
    }

    /// Answers with a `Date` header as if it were `at`.
    fn fake_date(&self, at: chrono::DateTime<chrono::FixedOffset>) {
        let shift = at.signed_duration_since(chrono::Utc::now()).num_seconds();
        self.date_shift.store(shift, Ordering::SeqCst);
    }

    fn hold(&self, on: bool) {
        self.hold.store(on, Ordering::SeqCst);
    }

    /// Stops answering: the port is closed, connections are refused.
    fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn goto_kiosk(b: &Browser, url: &str) {
    b.goto(url);
    wait_for("kiosk script", Duration::from_secs(10), || {
        b.eval("return !!document.getElementById('canvas') && document.getElementById('canvas').style.transform.indexOf('scale') >= 0;") == Value::Bool(true)
    });
}

/// Marks the document: the mark is gone once the page has reloaded.
fn mark(b: &Browser) {
    b.eval("window.__kept = true; return true;");
}

fn kept(b: &Browser) -> bool {
    b.eval("return window.__kept === true;") == Value::Bool(true)
}

/// Page text without the clock and the date, which move on by themselves.
fn without_clock(text: &str) -> String {
    text.replace(|c: char| c.is_ascii_digit() || c == ':', "")
}

fn page_text(b: &Browser) -> String {
    b.eval("return document.body ? document.body.textContent : '';").as_str().unwrap_or_default().to_string()
}

/// How far, in pixels, a box's content may read past a box that clips
/// before it counts as clipped. Layout is fractional but
/// scrollHeight and clientHeight are rounded to whole pixels each on its
/// own, so a box whose content fits exactly may read one pixel over.
const TOLERANCE_PX: f64 = 1.0;

/// Measures the board as shown: no scrolling, the canvas scaled uniformly
/// into the viewport, and per slide (`all`) the type floor, the contrast
/// (day and night), the 5 % safe margin and nothing overflowing its zone.
const MEASURE: &str = r#"
var all = arguments[0], TOL = arguments[1];
var body = document.body, W = +body.getAttribute('data-w'), H = +body.getAttribute('data-h');
var short = Math.min(W, H), floor = 28 * short / 1080, bodyFloor = 40 * short / 1080;
var canvas = document.getElementById('canvas'), cr = canvas.getBoundingClientRect(), k = cr.width / W;
var root = document.documentElement;
var out = {k: k, want: Math.min(innerWidth / W, innerHeight / H), vw: innerWidth, vh: innerHeight,
  sw: root.scrollWidth, sh: root.scrollHeight, canvas: [cr.left, cr.top, cr.right, cr.bottom], problems: [], slides: 0, texts: []};
window.scrollTo(10000, 10000); out.sx = window.scrollX; out.sy = window.scrollY; window.scrollTo(0, 0);
function rgb(s) { var m = s.match(/[\d.]+/g) || [0, 0, 0]; return [+m[0], +m[1], +m[2], m.length > 3 ? +m[3] : 1]; }
function lum(c) {
  var a = [c[0], c[1], c[2]].map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2];
}
function bg(el) { for (var e = el; e; e = e.parentElement) { var c = rgb(getComputedStyle(e).backgroundColor); if (c[3] > 0) return c; } return [255, 255, 255, 1]; }
function say(s) { if (out.problems.length < 30) out.problems.push(s); }
function box(el) { var r = el.getBoundingClientRect(); return [(r.left - cr.left) / k, (r.top - cr.top) / k, (r.right - cr.left) / k, (r.bottom - cr.top) / k]; }
function check(label, colours) {
  var els = canvas.querySelectorAll('#frame *');
  for (var i = 0; i < els.length; i++) {
    var el = els[i];
    if (!el.getClientRects().length || el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    var b = box(el), name = el.tagName + (el.id ? '#' + el.id : '') + '.' + (el.getAttribute('class') || '');
    if (b[0] < 0.05 * W - 0.5 || b[1] < 0.05 * H - 0.5 || b[2] > 0.95 * W + 0.5 || b[3] > 0.95 * H + 0.5)
      say(label + ': ' + name + ' outside the safe margin ' + b.map(Math.round));
    var zone = el.closest('.zone');
    if (zone && zone !== el) {
      var z = box(zone);
      if (b[0] < z[0] - 0.5 || b[1] < z[1] - 0.5 || b[2] > z[2] + 0.5 || b[3] > z[3] + 0.5)
        say(label + ': ' + name + ' "' + el.textContent.trim().slice(0, 20) + '" overflows ' + zone.id + ' ' + b.map(Math.round) + ' > ' + z.map(Math.round));
    }
    var cs = getComputedStyle(el);
    if (cs.overflow === 'hidden' && (el.scrollWidth > el.clientWidth + TOL || el.scrollHeight > el.clientHeight + TOL))
      say(label + ': ' + name + ' clips its content');
    var own = false;
    for (var n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 3 && n.nodeValue.trim()) own = true;
    if (!own) continue;
    var fs = parseFloat(cs.fontSize);
    if (fs < floor - 0.01) say(label + ': ' + name + ' text ' + fs + ' px < ' + floor);
    if (el.classList.contains('text') && fs < bodyFloor - 0.01) say(label + ': body text ' + fs + ' px < ' + bodyFloor);
    var l1 = lum(rgb(cs.color)), l2 = lum(bg(el)), ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (ratio < 7) say(label + ': ' + name + ' "' + el.textContent.trim().slice(0, 20) + '" contrast ' + ratio.toFixed(2));
  }
}
var slides = document.getElementById('main').children, base = [];
out.slides = slides.length;
for (var i = 0; i < slides.length; i++) base.push(slides[i].className.replace(/(^|\s)on(?=\s|$)/g, ''));
var shown = -1;
for (i = 0; i < slides.length; i++) if (/(^|\s)on(\s|$)/.test(slides[i].className)) shown = i;
if (all) {
  for (i = 0; i < slides.length; i++) {
    for (var j = 0; j < slides.length; j++) slides[j].className = base[j] + (i === j ? ' on' : '');
    check('slide ' + (i + 1), true);
    root.className = 'night';
    check('night slide ' + (i + 1), true);
    root.className = '';
    var t = slides[i].querySelectorAll('.text');
    for (j = 0; j < t.length; j++) out.texts.push(t[j].textContent);
  }
  for (j = 0; j < slides.length; j++) slides[j].className = base[j] + (j === shown ? ' on' : '');
}
return out;
"#;

fn measure(b: &Browser, all: bool) -> Value {
    b.eval(
        &MEASURE
            .replace("arguments[0]", if all { "true" } else { "false" })
            .replace("arguments[1]", &TOLERANCE_PX.to_string()),
    )
}

/// Asserts what MEASURE found, for a page shown at `w`×`h`.
fn assert_fits(m: &Value, what: &str, problems: &mut Vec<String>) {
    let f = |k: &str| m[k].as_f64().unwrap_or(f64::NAN);
    if f("sw") > f("vw") + 0.5 || f("sh") > f("vh") + 0.5 || f("sx") != 0.0 || f("sy") != 0.0 {
        problems.push(format!("{what}: scrolls ({} × {} in {} × {})", m["sw"], m["sh"], m["vw"], m["vh"]));
    }
    if (f("k") - f("want")).abs() > 0.002 {
        problems.push(format!("{what}: scale {} instead of {}", m["k"], m["want"]));
    }
    let c: Vec<f64> = m["canvas"].as_array().map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default();
    if c.len() != 4 || c[0] < -0.5 || c[1] < -0.5 || c[2] > f("vw") + 0.5 || c[3] > f("vh") + 0.5 {
        problems.push(format!("{what}: canvas {c:?} not inside the viewport"));
    }
    for p in m["problems"].as_array().into_iter().flatten() {
        problems.push(format!("{what}: {}", p.as_str().unwrap_or_default()));
    }
}

// ------------------------------------------------------------ static checks

#[test]
fn every_compound_has_kiosk_pages_and_a_print_page() {
    let site = example();
    let out = built(&site);
    let pages = kiosk_pages(&out);
    let mut expected = Vec::new();
    for c in COMPOUNDS {
        for screen in ["landscape", "portrait"] {
            expected.push(format!("{c}/kiosk/{screen}.html"));
        }
        let print = read(&out, &format!("{c}/print.html"));
        assert!(print.contains("@page{size:A4 portrait"), "{c}: print.html has no A4 @page rule");
        assert!(print.contains("截至 2026年11月27日"), "{c}: print.html shows no as-of date");
        assert!(print.contains("<svg class=\"qr\""), "{c}: print.html has no QR code");
        let style = blocks(&print, "style");
        assert_eq!(style.len(), 1, "{c}: print.html styles");
        assert!(
            print.contains(&format!("style-src {}", csp_hash(&style[0]))),
            "{c}: print.html CSP does not allow its style"
        );
        assert!(!print.contains("<script"), "{c}: print.html needs no script");
    }
    assert_eq!(
        pages.keys().cloned().collect::<Vec<_>>(),
        {
            expected.sort();
            expected
        },
        "version.json lists the kiosk pages"
    );
    for (rel, len) in &pages {
        let bytes = std::fs::read(out.join(rel)).unwrap_or_default();
        assert_eq!(bytes.len() as u64, *len, "{rel}: version.json announces its byte length");
        assert!(bytes.len() <= 200 * 1024, "{rel}: {} bytes, over 200 KB", bytes.len());
        let html = String::from_utf8_lossy(&bytes);
        assert!(html.trim_end().ends_with(SENTINEL), "{rel}: does not end with {SENTINEL}");
        assert!(!html.contains("/__gongshi/"), "{rel}: kiosk pages get no live reload");
        assert!(!html.to_ascii_lowercase().contains("http-equiv=\"refresh\""), "{rel}: meta refresh");
        for attr in [" src=", " href="] {
            assert!(!html.contains(attr), "{rel}: loads something ({attr}); a kiosk page is self-contained");
        }
        let (script, style) = (blocks(&html, "script"), blocks(&html, "style"));
        assert_eq!((script.len(), style.len()), (1, 1), "{rel}: one inline script and one inline style");
        let csp = format!(
            "script-src {} 'unsafe-inline'; style-src {} 'unsafe-inline'",
            csp_hash(&script[0]),
            csp_hash(&style[0])
        );
        assert!(html.contains(&csp), "{rel}: the CSP allows exactly its own script and style by hash");
        assert!(html.contains("default-src 'none'") && html.contains("connect-src 'self'"), "{rel}: CSP");
        for text in ["微信扫码查看详情", "信息更新于", "<svg class=\"qr\"", "物业服务电话", "24小时报修"]
        {
            assert!(html.contains(text), "{rel}: no {text}");
        }
        // The QR symbol, without its 4-module quiet zone, is at least 240 canvas px.
        let svg = &html[html.find("<svg class=\"qr\"").unwrap_or(0)..];
        let attr = |name: &str| -> f64 {
            let at = svg.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("{rel}: svg {name}")) + name.len() + 3;
            svg[at..]
                .split('"')
                .next()
                .and_then(|v| v.split(' ').next_back())
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.0)
        };
        let (modules, size) = (attr("viewBox"), attr("width"));
        assert!(size * (modules - 8.0) / modules >= 240.0, "{rel}: QR symbol {size} px for {modules} modules");
    }
}

/// Old players: every page's script is, byte for byte, the file eslint
/// checks as ES5 (scripts/lint-js.sh), with one timer chain; the style uses
/// no grid, gap or custom properties.
#[test]
fn kiosk_script_is_the_linted_file_and_style_old_player_safe() {
    let linted = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/kiosk/script.js");
    let linted = std::fs::read_to_string(&linted).unwrap_or_else(|e| panic!("{}: {e}", linted.display()));
    assert_eq!(linted.matches("setTimeout(").count(), 1, "one timer chain");
    let site = kiosk_site(60, true);
    let out = built(&site);
    let pages = kiosk_pages(&out);
    assert_eq!(pages.len(), 12, "{pages:?}");
    for rel in pages.keys() {
        let html = read(&out, rel);
        assert_eq!(blocks(&html, "script"), [linted.as_str()], "{rel}: the script is not the linted file");
        for css in blocks(&html, "style") {
            for bad in ["grid", "gap:", "var(--", "@supports", "clamp(", "min(", "max("] {
                assert!(!css.contains(bad), "{rel}: style uses `{bad}`");
            }
        }
    }
}

// ------------------------------------------------------------ in Chromium

#[test]
fn kiosk_pages_never_scroll_and_keep_type_floor_contrast_and_margins() {
    let Some(b) = Browser::start(1920, 1080) else {
        return;
    };
    let site = kiosk_site(60, true);
    let out = built(&site);
    let mut problems = Vec::new();
    let mut checked = 0;
    for rel in kiosk_pages(&out).keys() {
        let (w, h) = match rel.rsplit('/').next() {
            Some("landscape.html") => (1920, 1080),
            Some("portrait.html") => (1080, 1920),
            _ => (1920, 540),
        };
        let mut sizes = vec![(w, h, true), (w / 2, h / 2, true)];
        if w == 1920 && h == 1080 {
            sizes.extend([(1366, 768, false), (1280, 720, false), (1024, 768, false)]);
        }
        if h == 1920 {
            sizes.push((768, 1366, false));
        }
        for (vw, vh, all) in sizes {
            b.viewport(vw, vh);
            goto_kiosk(&b, &file_url(&out.join(rel)));
            let m = measure(&b, all);
            assert!(m["slides"].as_u64().unwrap_or(0) >= 4, "{rel}: {} slides", m["slides"]);
            assert_fits(&m, &format!("{rel} @{vw}×{vh}"), &mut problems);
            checked += 1;
        }
    }
    assert!(checked >= 12 * 2, "{checked} pages checked");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// A compound with 40 open cases: each is on some slide, marked n / N, and
/// no slide overflows; the poster prints them all.
fn forty_cases() -> SiteTest {
    let site = example();
    let kinds = [
        "电梯",
        "楼道灯",
        "垃圾分类投放点",
        "地下车库排水",
        "消防通道",
        "外墙脱落",
        "门禁",
        "非机动车棚充电",
        "二次供水",
        "健身器材",
    ];
    for i in 1..=40 {
        let title = match i % 4 {
            0 => format!(
                "{}号楼{}问题第{i}件，居民多次反映，希望尽快处理并在公示栏公开办理进展和结果",
                i % 30 + 1,
                kinds[i % 10]
            ),
            1 => format!("{}号楼{}问题第{i}件", i % 30 + 1, kinds[i % 10]),
            2 => {
                format!("{}号楼{}问题第{i}件并影响老人和儿童出行 (No.{i}, Block {})", i % 30 + 1, kinds[i % 10], i % 7)
            }
            _ => format!("{}号楼{}需要更换第{i}件", i % 30 + 1, kinds[i % 10]),
        };
        let (status, extra) = match i % 3 {
            0 => ("received", ""),
            1 => ("negotiating", "  - {date: 2026-09-03, status: negotiating, by: joint, note: 三方会商}\n"),
            _ => (
                "in_progress",
                "  - {date: 2026-09-03, status: negotiating, by: joint, note: 三方会商}\n  - {date: 2026-09-05, status: in_progress, by: property_company, note: 已安排}\n",
            ),
        };
        let opinion = if status == "in_progress" {
            "opinion: {date: 2026-09-04, text: 物业牵头处理，业委会监督。}\n"
        } else {
            ""
        };
        let due = format!("2026-{}-{:02}", 10 + i % 3, i % 27 + 1);
        site.write(
            &format!("yangguang/guiyuan/cases/2026-{}.md", 300 + i),
            format!("---\ntitle: \"{title}\"\nkind: daily\nreceived: 2026-09-01\nlead: property_company\ndue: {due}\n{opinion}status: {status}\nupdates:\n  - {{date: 2026-09-01, status: received, by: residents_committee, note: 已登记}}\n{extra}---\n问题描述。\n"),
        );
    }
    site
}

fn open_titles(site: &SiteTest) -> Vec<String> {
    let dir = site.path("yangguang/guiyuan/cases");
    let mut titles = Vec::new();
    for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        let status = text.lines().find_map(|l| l.strip_prefix("status: ")).unwrap_or_default().trim().to_string();
        if ["resolved", "closed", "已办结", "已关闭"].contains(&status.as_str()) {
            continue;
        }
        let title = text.lines().find_map(|l| l.strip_prefix("title: ")).unwrap_or_default();
        titles.push(title.trim().trim_matches('"').to_string());
    }
    titles
}

#[test]
fn forty_open_cases_all_appear_on_some_slide() {
    let Some(b) = Browser::start(1920, 1080) else {
        return;
    };
    let site = forty_cases();
    let out = built(&site);
    let titles = open_titles(&site);
    assert!(titles.len() >= 40, "{} open cases", titles.len());
    let mut problems = Vec::new();
    for (screen, w, h) in [("landscape", 1920, 1080), ("portrait", 1080, 1920)] {
        let rel = format!("yangguang/guiyuan/kiosk/{screen}.html");
        b.viewport(w, h);
        goto_kiosk(&b, &file_url(&out.join(&rel)));
        let m = measure(&b, true);
        assert_fits(&m, &rel, &mut problems);
        let texts: Vec<&str> = m["texts"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        for t in &titles {
            assert!(texts.contains(&t.as_str()), "{rel}: case {t:?} is on no slide");
        }
        // The open-case slides are numbered 1 / N … N / N.
        let parts = b.eval("var p = document.querySelectorAll('.s-cases .part'); return Array.prototype.map.call(p, function (e) { return e.textContent; });");
        let parts: Vec<&str> = parts.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let n = parts.len();
        assert!(n >= 3, "{rel}: 40 cases on {n} slides");
        let want: Vec<String> = (1..=n).map(|i| format!("{i} / {n}")).collect();
        assert_eq!(parts, want, "{rel}");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Device pixels per CSS pixel the layout is checked at: a 1080p panel, an
/// Android box that draws at 1.5, a 4K panel.
const ZOOMS: [f64; 3] = [1.0, 1.5, 2.0];

/// The height of a line of CJK text in the board's own font stack, which
/// differs from font to font: tells which font the browser drew with.
const LINE_PROBE: &str = "var d = document.createElement('div');
    d.style.cssText = 'position:absolute;font-size:100px;line-height:normal';
    d.textContent = '公示栏';
    document.body.appendChild(d);
    var h = d.getBoundingClientRect().height;
    document.body.removeChild(d);
    return h;";

/// Players ship whatever CJK font their vendor chose: the boards (with 40
/// open cases, and a bar screen) fit with Noto Sans CJK and with WenQuanYi
/// Zen Hei, each the only CJK font, at three zoom levels: no scroll, no
/// clipped box, the type floor kept, every open case on some slide.
#[test]
fn kiosk_layout_holds_with_either_cjk_font_at_three_zoom_levels() {
    let site = forty_cases();
    let portrait = "    - {name: portrait, width: 1080, height: 1920}";
    site.edit("site.yaml", portrait, &format!("{portrait}\n    - {{name: bar, width: 1920, height: 540}}"));
    let out = built(&site);
    let titles = open_titles(&site);
    let mut problems = Vec::new();
    let mut lines = Vec::new();
    for font in [CjkFont::NotoSansCjk, CjkFont::WenQuanYiZenHei] {
        let Some(b) = Browser::start_with_font(1920, 1080, font) else {
            return;
        };
        let mut shrunk = 0;
        for zoom in ZOOMS {
            for rel in kiosk_pages(&out).keys() {
                let (w, h) = match rel.rsplit('/').next() {
                    Some("landscape.html") => (1920, 1080),
                    Some("portrait.html") => (1080, 1920),
                    _ => (1920, 540),
                };
                b.zoomed_viewport(w, h, zoom);
                goto_kiosk(&b, &file_url(&out.join(rel)));
                let what = format!("{rel} {font:?} ×{zoom}");
                let m = measure(&b, true);
                assert_fits(&m, &what, &mut problems);
                if rel.starts_with("yangguang/guiyuan/") {
                    let texts: Vec<&str> =
                        m["texts"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                    for t in &titles {
                        if !texts.contains(&t.as_str()) {
                            problems.push(format!("{what}: case {t:?} is on no slide"));
                        }
                    }
                }
                shrunk += b
                    .eval("return document.querySelectorAll('#frame [style*=\"font-size\"]').length;")
                    .as_u64()
                    .unwrap_or(0);
            }
        }
        eprintln!("{font:?}: {shrunk} elements shrunk by the board's script");
        lines.push(b.eval(LINE_PROBE));
    }
    assert_ne!(lines[0], lines[1], "both runs drew with the same font: {lines:?}");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// A player whose font runs wider than the build assumed: here the page's
/// text is made longer after the build. The header shrinks its type (not
/// below the floor) and the rows a slide cannot hold move to a slide of
/// their own; nothing is clipped and nothing is lost.
#[test]
fn rows_and_names_longer_than_measured_shrink_or_spill_instead_of_clipping() {
    let Some(b) = Browser::start(1920, 1080) else {
        return;
    };
    let site = forty_cases();
    let out = built(&site);
    let rel = "yangguang/guiyuan/kiosk/landscape.html";
    let html = read(&out, rel);
    let slides_before = html.matches("<section class=\"slide").count();
    let name = "桂苑小区".repeat(9);
    let row = "居民多次反映，希望尽快处理并在公示栏公开办理进展和结果";
    let first = "<p class=\"text\">";
    let at =
        html.find("<section class=\"slide s-cases").and_then(|i| html[i..].find(first).map(|j| i + j + first.len()));
    let at = at.unwrap_or_else(|| panic!("no case row"));
    let longer =
        format!("{}{row}{}", &html[..at], &html[at..]).replacen("<h1>桂苑小区</h1>", &format!("<h1>{name}</h1>"), 1);
    std::fs::write(out.join(rel), longer).unwrap_or_else(|e| panic!("{e}"));
    goto_kiosk(&b, &file_url(&out.join(rel)));
    let mut problems = Vec::new();
    let m = measure(&b, true);
    assert_fits(&m, rel, &mut problems);
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    assert!(m["slides"].as_u64().unwrap_or(0) as usize > slides_before, "no slide was added: {}", m["slides"]);
    let texts: Vec<&str> = m["texts"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    assert!(texts.iter().any(|t| t.starts_with(row)), "the longer row is on no slide");
    for t in open_titles(&site) {
        assert!(texts.iter().any(|x| x.ends_with(&t)), "case {t:?} is on no slide");
    }
    let h1 = b.eval(
        "var h = document.querySelector('h1'); return [h.textContent, parseFloat(getComputedStyle(h).fontSize)];",
    );
    assert_eq!(h1[0], Value::from(name.as_str()));
    assert!(h1[1].as_f64().unwrap_or(0.0) < 60.0, "the name did not shrink: {h1}");
}

#[test]
fn print_page_prints_to_the_expected_a4_pages() {
    if tool("pdfinfo", "poppler-utils").is_none() || tool("chromium", "chromium").is_none() {
        return;
    }
    let site = forty_cases();
    let out = built(&site);
    let titles = open_titles(&site);
    let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for c in COMPOUNDS {
        let html = read(&out, &format!("{c}/print.html"));
        let sheets = html.matches("<section class=\"sheet\"").count();
        let pdf = profile.path().join(format!("{}.pdf", c.replace('/', "-")));
        let run = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--user-data-dir={}", profile.path().join("profile").display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(file_url(&out.join(c).join("print.html")))
            .output()
            .unwrap_or_else(|e| panic!("chromium: {e}"));
        assert!(pdf.is_file(), "{c}: no PDF\n{}", String::from_utf8_lossy(&run.stderr));
        let info = Command::new("pdfinfo").arg(&pdf).output().unwrap_or_else(|e| panic!("pdfinfo: {e}"));
        let info = String::from_utf8_lossy(&info.stdout);
        let pages: usize =
            info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
        assert_eq!(pages, sheets, "{c}: {sheets} sheets printed on {pages} pages\n{info}");
        assert!(info.contains("(A4)"), "{c}: not A4\n{info}");
        if c == "yangguang/guiyuan" {
            assert!(sheets >= 4, "{sheets} sheets for 40 cases");
            let text = Command::new("pdftotext")
                .args(["-layout"])
                .arg(&pdf)
                .arg("-")
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default();
            let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(flat.matches("截至2026年11月27日").count(), sheets, "every sheet says as of when");
            for t in &titles {
                let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
                assert!(flat.contains(&t), "{c}: case {t:?} not printed");
            }
        }
    }
}

#[test]
fn qr_code_decodes_to_the_compound_page() {
    if tool("zbarimg", "zbar-tools").is_none() {
        return;
    }
    let Some(b) = Browser::start(1920, 1080) else {
        return;
    };
    let site = example();
    let out = built(&site);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (c, screen, w, h) in [
        ("yangguang/lanyuan", "landscape", 1920, 1080),
        ("yangguang/lanyuan", "landscape", 960, 540),
        ("hepingli/xinyuan-2", "portrait", 1080, 1920),
    ] {
        b.viewport(w, h);
        goto_kiosk(&b, &file_url(&out.join(format!("{c}/kiosk/{screen}.html"))));
        let png = dir.path().join(format!("{screen}-{w}.png"));
        std::fs::write(&png, b.screenshot()).unwrap_or_else(|e| panic!("{e}"));
        let o =
            Command::new("zbarimg").args(["--raw", "-q"]).arg(&png).output().unwrap_or_else(|e| panic!("zbarimg: {e}"));
        let decoded = String::from_utf8_lossy(&o.stdout).trim().to_string();
        assert_eq!(decoded, format!("{BASE_URL}/{c}/"), "{c} {screen} @{w}×{h}");
    }
}

#[test]
fn slides_advance_on_their_own() {
    let Some(b) = Browser::start(1920, 1080) else {
        return;
    };
    let site = example();
    let out = built(&site);
    goto_kiosk(&b, &file_url(&out.join("yangguang/lanyuan/kiosk/landscape.html")));
    let current = "var s = document.getElementById('main').children; for (var i = 0; i < s.length; i++) if (/(^|\\s)on(\\s|$)/.test(s[i].className)) return i; return -1;";
    assert_eq!(b.eval(current), 0);
    let mut seen = vec![0];
    wait_for("two slide changes", Duration::from_secs(60), || {
        let i = b.eval(current).as_i64().unwrap_or(-1);
        if seen.last() != Some(&i) {
            seen.push(i);
        }
        seen.len() >= 3
    });
    assert_eq!(seen, vec![0, 1, 2], "slides turn in order, one at a time");
    assert_eq!(b.eval("return document.querySelectorAll('.slide.on').length;"), 1);
}

/// The clock shows Beijing time whatever the device's zone (the test
/// browser runs in the machine's zone, UTC here), and turning slides and
/// ticking the clock grow nothing.
#[test]
fn clock_shows_site_time_and_the_page_does_not_grow() {
    let Some(b) = Browser::start(1920, 1080) else {
        return;
    };
    let site = example();
    let out = built(&site);
    goto_kiosk(&b, &file_url(&out.join("yangguang/lanyuan/kiosk/portrait.html")));
    let state = "var d = new Date(Date.now() + 8 * 3600 * 1000);
        function p(n) { return (n < 10 ? '0' : '') + n; }
        return {clock: document.getElementById('clock').textContent, want: p(d.getUTCHours()) + ':' + p(d.getUTCMinutes()),
                date: document.getElementById('date').textContent, day: d.getUTCFullYear() + '年' + (d.getUTCMonth() + 1) + '月' + d.getUTCDate() + '日',
                nodes: document.getElementsByTagName('*').length, text: document.body.textContent.length};";
    // Read again when a minute turned between the page's tick and ours.
    let clock_ok = || {
        wait_for("the clock in Beijing time", Duration::from_secs(3), || {
            let r = b.eval(state);
            r["clock"] == r["want"]
        })
    };
    clock_ok();
    let first = b.eval(state);
    assert!(first["date"].as_str().zip(first["day"].as_str()).is_some_and(|(d, day)| d.starts_with(day)), "{first}");
    std::thread::sleep(Duration::from_secs(25));
    clock_ok();
    let later = b.eval(state);
    assert_eq!(later["nodes"], first["nodes"], "the DOM grew");
    assert!(
        (later["text"].as_i64().unwrap_or(0) - first["text"].as_i64().unwrap_or(0)).abs() <= 2,
        "text grew: {first} {later}"
    );
}

/// Between the `kiosk.night` hours the board is dimmed; a window of no length never is.
#[test]
fn night_hours_dim_the_board() {
    let Some(b) = Browser::start(1920, 1080) else {
        return;
    };
    for (window, night) in [("{from: \"00:00\", to: \"23:59\"}", true), ("{from: \"12:00\", to: \"12:00\"}", false)] {
        let site = example();
        site.edit("site.yaml", "night: {from: \"22:00\", to: \"06:30\"}", &format!("night: {window}"));
        let out = built(&site);
        goto_kiosk(&b, &file_url(&out.join("hepingli/jinxiu/kiosk/landscape.html")));
        let r = b.eval("return {cls: document.documentElement.className, bg: getComputedStyle(document.getElementById('canvas')).backgroundColor};");
        assert_eq!(r["cls"] == "night", night, "{window}: {r}");
        assert_eq!(r["bg"] == "rgb(0, 0, 0)", night, "{window}: {r}");
    }
}

/// The landscape board of lanyuan: its poll interval, and the page's path.
const POLL: u32 = 10;
const BOARD: &str = "yangguang/lanyuan/kiosk/landscape.html";

/// A board served over HTTP and shown in a browser, after its first poll
/// and one look at its own page (so a later reload can be told apart).
fn served_board() -> Option<(Browser, SiteTest, PathBuf, Server)> {
    let b = Browser::start(1920, 1080)?;
    let site = kiosk_site(POLL, false);
    let out = built(&site);
    let server = Server::start(&out);
    goto_kiosk(&b, &server.url(BOARD));
    let page = format!("/{BOARD}");
    wait_for("first poll and a look at its page", Duration::from_secs(15), || server.count(&page) >= 2);
    mark(&b);
    Some((b, site, out, server))
}

/// Bad-input plan 55 and 56: a failed build changes nothing and the kiosk
/// stays; a successful one is on the kiosk within the poll interval.
#[test]
fn kiosk_reloads_after_a_new_build_within_the_poll_interval() {
    let Some((b, site, out, server)) = served_board() else { return };
    let (poll, rel) = (POLL, BOARD);
    let page = format!("/{rel}");

    // A build that fails publishes nothing: the board keeps polling and stays.
    let case = "yangguang/lanyuan/cases/2026-033.md";
    let title = "小区内遛狗不牵绳、宠物粪便未及时清理";
    site.edit(case, &format!("title: {title}\n"), "title: \n");
    let before = read(&out, "version.json");
    let run = build_into(&site, &out);
    assert_ne!(run.code, 0, "the broken case must fail the build");
    assert_eq!(read(&out, "version.json"), before);
    let polls = server.count("/version.json");
    std::thread::sleep(Duration::from_secs(u64::from(poll) + 3));
    assert!(server.count("/version.json") > polls, "still polling");
    assert!(kept(&b), "reloaded after a failed build");
    assert_eq!(server.count(&page), 2, "fetched its page for nothing");

    // A build that changes only another compound leaves this page's bytes
    // alone, and version.json lists the version the page carries: the board
    // stays without even fetching its page.
    site.edit(case, "title: \n", &format!("title: {title}\n"));
    site.edit("yangguang/guiyuan/cases/2026-031.md", "要求说明测算依据\n", "要求说明测算依据（已答复）\n");
    let other = read(&out, "version.json");
    built(&site);
    assert_ne!(read(&out, "version.json"), other, "a new build was published");
    let polls = server.count("/version.json");
    wait_for("the board to poll", Duration::from_secs(u64::from(poll) + 5), || server.count("/version.json") > polls);
    std::thread::sleep(Duration::from_secs(2));
    assert!(kept(&b), "reloaded although its page did not change");
    assert_eq!(server.count(&page), 2, "fetched its unchanged page");

    // A good build: on the board within one poll interval.
    let new_title = "小区内遛狗不牵绳、宠物粪便未及时清理（已更新）";
    site.edit(case, &format!("title: {title}\n"), &format!("title: {new_title}\n"));
    built(&site);
    let took = wait_for("reload after the new build", Duration::from_secs(u64::from(poll) * 3), || {
        !kept(&b) && page_text(&b).contains(new_title)
    });
    assert!(took <= Duration::from_secs(u64::from(poll) + 4), "reloaded after {took:?}, poll interval {poll} s");
    assert!(b.eval("return location.href;").as_str().is_some_and(|u| u.ends_with(rel)));
    // Once: the new page is the current build and stays.
    mark(&b);
    std::thread::sleep(Duration::from_secs(u64::from(poll) + 3));
    assert!(kept(&b), "reloaded twice for one build");
}

#[test]
fn kiosk_does_not_reload_into_a_truncated_page() {
    let Some((b, _site, out, server)) = served_board() else { return };
    let (poll, rel) = (POLL, BOARD);
    let old_text = page_text(&b);

    // A new build is announced, but its page arrives cut short…
    let full = read(&out, rel).replace("小区内遛狗不牵绳", "小区内遛狗不牵绳（新）");
    let mut v = version(&out);
    v["build"] = Value::from("truncated-test");
    v["kiosk"][rel] = Value::from(full.len());
    v["boards"][rel] = Value::from("abcdefghijklmnop");
    std::fs::write(out.join("version.json"), v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join(rel), &full.as_bytes()[..full.len() * 2 / 3]).unwrap_or_else(|e| panic!("{e}"));
    let fetched = server.count(&format!("/{rel}"));
    wait_for("the board to fetch the new page", Duration::from_secs(u64::from(poll) + 5), || {
        server.count(&format!("/{rel}")) > fetched
    });
    std::thread::sleep(Duration::from_secs(u64::from(poll) + 3));
    assert!(kept(&b), "reloaded into a truncated page");
    // …or complete in length but without its last line.
    let bad = full.replacen(SENTINEL, &"x".repeat(SENTINEL.len()), 1);
    assert_eq!(bad.len(), full.len());
    std::fs::write(out.join(rel), &bad).unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(Duration::from_secs(u64::from(poll) * 2 + 3));
    assert!(kept(&b), "reloaded into a page without its end");
    assert_eq!(without_clock(&page_text(&b)), without_clock(&old_text), "the board still shows the old content");
    // Once the whole page is there, it goes.
    std::fs::write(out.join(rel), &full).unwrap_or_else(|e| panic!("{e}"));
    wait_for("reload into the complete page", Duration::from_secs(u64::from(poll) * 2 + 5), || {
        !kept(&b) && page_text(&b).contains("小区内遛狗不牵绳（新）")
    });
}

#[test]
fn kiosk_keeps_its_content_when_the_server_is_gone() {
    let Some((b, _site, _out, mut server)) = served_board() else { return };
    let poll = POLL;
    let url = server.url(BOARD);
    let text = page_text(&b);
    let offline = "return document.getElementById('offline').className.indexOf('on') >= 0;";
    assert_eq!(b.eval(offline), Value::Bool(false), "online at first");
    server.stop();
    let took =
        wait_for("offline mark", Duration::from_secs(u64::from(poll) * 6), || b.eval(offline) == Value::Bool(true));
    assert!(took >= Duration::from_secs(u64::from(poll) * 2), "marked offline after one failure ({took:?})");
    assert!(kept(&b), "the page was left");
    assert_eq!(b.eval("return location.href;"), Value::from(url.as_str()), "no error page");
    assert!(page_text(&b).contains("兰苑小区"));
    let now = page_text(&b);
    assert_eq!(without_clock(&now), without_clock(&text), "content unchanged but for the clock");
    // Slides keep turning offline.
    let current = "var s = document.getElementById('main').children; for (var i = 0; i < s.length; i++) if (/(^|\\s)on(\\s|$)/.test(s[i].className)) return i; return -1;";
    let first = b.eval(current);
    wait_for("a slide change while offline", Duration::from_secs(30), || b.eval(current) != first);
}

/// A board that does not know the build it shows (version.json names another
/// build time) looks at its page: the same render stays, a newer page loads.
#[test]
fn kiosk_that_missed_a_build_catches_up_and_one_that_did_not_stays() {
    let Some(b) = Browser::start(1920, 1080) else {
        return;
    };
    let poll = 10;
    let site = kiosk_site(poll, false);
    let out = built(&site);
    let server = Server::start(&out);
    let rel = "yangguang/lanyuan/kiosk/landscape.html";
    let page = format!("/{rel}");

    // The page on the server is the page of the render shown: no reload.
    let mut v = version(&out);
    // A version.json that does not name the page (`boards` missing): it
    // looks at the page on the server, finds its own version, and stays.
    v["build"] = Value::from("same-page");
    v["built_at"] = Value::from("2026-01-01T00:00:00+08:00");
    if let Some(o) = v.as_object_mut() {
        o.remove("boards");
    }
    std::fs::write(out.join("version.json"), v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    goto_kiosk(&b, &server.url(rel));
    mark(&b);
    wait_for("a look at its page", Duration::from_secs(15), || server.count(&page) >= 2);
    std::thread::sleep(Duration::from_secs(2));
    assert!(kept(&b), "reloaded into the page it shows");

    // Loaded before a build it has not heard of: the first answer it gets
    // names a newer build with a newer page, and it goes there.
    server.hold(true);
    goto_kiosk(&b, &server.url(rel));
    mark(&b);
    let html = read(&out, rel);
    let version =
        html.split("data-version=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_string();
    let newer = html
        .replace(&format!("data-version=\"{version}\""), "data-version=\"abcdefghijklmnop\"")
        .replace("小区内遛狗不牵绳", "小区内遛狗不牵绳（新）");
    assert_ne!(newer, html);
    v["build"] = Value::from("newer");
    v["built_at"] = Value::from("2026-12-01T00:00:00+08:00");
    v["kiosk"][rel] = Value::from(newer.len());
    v["boards"][rel] = Value::from("abcdefghijklmnop");
    std::fs::write(out.join(rel), &newer).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("version.json"), v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    server.hold(false);
    wait_for("the newer page", Duration::from_secs(u64::from(poll) * 2 + 5), || {
        !kept(&b) && page_text(&b).contains("小区内遛狗不牵绳（新）")
    });
}

// ------------------------------------------------------------ urgent notices

/// The site's zone in the example (UTC+8).
fn beijing() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| panic!("offset"))
}

/// An urgent notice for lanyuan in force from `from` to `until` (site time).
fn urgent_notice(from: chrono::DateTime<chrono::FixedOffset>, until: chrono::DateTime<chrono::FixedOffset>) -> String {
    let f = |t: chrono::DateTime<chrono::FixedOffset>| t.format("%Y-%m-%d %H:%M").to_string();
    format!(
        "---\ntitle: 兰苑小区紧急停电\nkind: other\nurgent: true\npublished: 2026-11-27\nfrom: {}\nuntil: {}\n---\n配电房抢修，全小区停电，电梯停运。\n",
        f(from),
        f(until)
    )
}

/// Whether version.json lists the test's urgent notice for lanyuan.
fn has_alert(out: &Path) -> bool {
    version(out)["alerts"].as_array().is_some_and(|a| {
        a.iter().any(|x| x["title"] == "兰苑小区紧急停电" && x["compounds"].to_string().contains("yangguang/lanyuan"))
    })
}

const URGENT_FILE: &str = "yangguang/lanyuan/notices/2026-11-27-tingdian.md";

fn band(b: &Browser) -> Value {
    b.eval(
        "var u = document.getElementById('urgent'), ps = u.getElementsByTagName('p'), p = null, i;
         for (i = 0; i < ps.length; i += 1) { if (ps[i].textContent.indexOf('兰苑小区紧急停电') >= 0) { p = ps[i]; } }
         var text = document.querySelector('#main .slide.on .text') || document.querySelector('.text');
         return {on: u.className === 'urgent on', text: u.textContent,
                 px: parseFloat(getComputedStyle(u).fontSize), body: parseFloat(getComputedStyle(text).fontSize),
                 width: u.offsetWidth, canvas: document.getElementById('canvas').offsetWidth,
                 from: p ? p.getAttribute('data-from') : null, mine: !!p && p.className === 'on'};",
    )
}

/// Issue 11, point 5: a build that adds an urgent notice puts a band on
/// the board within the poll interval, from version.json, without a
/// reload; at body-text size or larger, across the whole width.
#[test]
fn an_urgent_notice_reaches_the_board_within_the_poll_interval_without_a_reload() {
    let Some((b, site, out, server)) = served_board() else { return };
    assert_eq!(band(&b)["on"], false);
    let now = chrono::Utc::now().with_timezone(&beijing());
    site.write(URGENT_FILE, urgent_notice(now - chrono::TimeDelta::hours(1), now + chrono::TimeDelta::hours(2)));
    built(&site);
    assert!(has_alert(&out), "not in version.json");
    let took = wait_for("the urgent band", Duration::from_secs(u64::from(POLL) * 2), || band(&b)["mine"] == true);
    assert!(took <= Duration::from_secs(u64::from(POLL) + 4), "band after {took:?}, poll interval {POLL} s");
    assert!(kept(&b), "the band came with a reload");
    let shown = band(&b);
    assert!(
        shown["text"].as_str().is_some_and(|t| t.contains("兰苑小区紧急停电") && t.contains("紧急通知")),
        "{shown}"
    );
    assert!(shown["px"].as_f64() >= shown["body"].as_f64(), "smaller than body text: {shown}");
    assert_eq!(shown["width"], shown["canvas"], "not full width: {shown}");
    assert!(server.count("/version.json") >= 2);
}

/// ... and the band goes when `until` passes, with no build at all.
#[test]
fn the_urgent_band_goes_when_until_passes_without_a_rebuild() {
    let Some(b) = Browser::start(1920, 1080) else { return };
    let site = kiosk_site(POLL, false);
    // 18:00 on 3 December, site time; the board's clock starts 20 s before.
    let until = chrono::DateTime::parse_from_rfc3339("2026-12-03T18:00:00+08:00").unwrap_or_else(|e| panic!("{e}"));
    site.write(URGENT_FILE, urgent_notice(until - chrono::TimeDelta::hours(9), until));
    let out = built(&site);
    let server = Server::start(&out);
    let start = until - chrono::TimeDelta::seconds(20);
    server.fake_date(start);
    b.fake_now(start);
    goto_kiosk(&b, &server.url(BOARD));
    mark(&b);
    wait_for("the urgent band", Duration::from_secs(10), || band(&b)["mine"] == true);
    assert_eq!(band(&b)["from"], "2026-12-03T09:00");
    wait_for("the band to go at until", Duration::from_secs(30), || band(&b)["on"] == false);
    assert!(kept(&b), "went by a reload");
    // Still polling, and version.json still lists it: the clock decided.
    assert!(has_alert(&out));
}
