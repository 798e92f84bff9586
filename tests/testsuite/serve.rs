//! `gongshi serve` and `gongshi watch`, run for real on a copy of the
//! minimal site: edits reach the served page, broken edits leave the last
//! good site served, bursts of writes collapse into few builds, and the
//! server hands out nothing but the output folder's files.
#![cfg(feature = "serve")]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::served::{RawReply, raw, start};
use crate::support::{CASE, SiteTest};

const PAGE: &str = "lanting/lanyuan/cases/2026-001/";
const CASE_FILE: &str = "lanting/lanyuan/cases/2026-001.md";
const TITLE: &str = "3号楼电梯频繁停运";

/// The status of a request sent byte for byte, so no client library can
/// tidy up the path first.
fn raw_status(base: &str, target: &str) -> u16 {
    let addr = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    write!(s, "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
        .unwrap_or_else(|e| panic!("send: {e}"));
    let mut head = String::new();
    let _ = BufReader::new(s).read_line(&mut head);
    head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("no status for {target}: {head:?}"))
}

/// An open live-reload stream, read on a thread of its own.
struct Events {
    text: Arc<Mutex<String>>,
}

impl Events {
    fn open(base: &str) -> Events {
        let addr = base.trim_start_matches("http://").to_string();
        let mut s = TcpStream::connect(&addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
        write!(s, "GET /__gongshi/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n")
            .unwrap_or_else(|e| panic!("send: {e}"));
        let text = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&text);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = s.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut t) = sink.lock() {
                    t.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            }
        });
        Events { text }
    }

    fn text(&self) -> String {
        self.text.lock().map(|t| t.clone()).unwrap_or_default()
    }
}

#[test]
fn an_edit_reaches_the_page_a_broken_edit_keeps_the_old_one_and_the_fix_recovers() {
    let mut s = start(SiteTest::minimal(), "serve");
    let first = s.get(PAGE);
    assert_eq!(first.status, 200);
    assert!(first.body.contains(TITLE));
    let events = Events::open(&s.base);
    s.wait_for("the event stream", Duration::from_secs(10), |_| events.text().contains("event: hello"));

    s.site.edit(CASE_FILE, TITLE, "3号楼电梯又停运");
    s.wait_for("the edit to be served", Duration::from_secs(10), |s| s.get(PAGE).body.contains("3号楼电梯又停运"));
    s.wait_for("a reload event", Duration::from_secs(10), |_| events.text().contains("event: reload"));
    let version = s.get("version.json").body;

    // An unclosed front matter: the build fails, nothing published changes.
    let good = s.site.read(CASE_FILE);
    s.site.write(CASE_FILE, good.replace("\n---\n", "\n"));
    s.wait_for("the error to be reported", Duration::from_secs(10), |s| {
        s.log().contains("有错误，已发布的网站保持不变")
    });
    assert!(s.log().contains("lanting/lanyuan/cases/2026-001.md:"), "{}", s.log());
    s.wait_for("an error event", Duration::from_secs(10), |_| events.text().contains("event: error"));
    assert!(events.text().contains("2026-001.md"), "{}", events.text());
    assert!(s.alive());
    let page = s.get(PAGE);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("3号楼电梯又停运"));
    assert_eq!(s.get("version.json").body, version, "a failed build must not touch version.json");

    // The fix recovers without anyone touching the server.
    s.site.write(CASE_FILE, good.replace("3号楼电梯又停运", "3号楼电梯已修好"));
    s.wait_for("the fix to be served", Duration::from_secs(10), |s| s.get(PAGE).body.contains("3号楼电梯已修好"));
    assert_ne!(s.get("version.json").body, version);
    s.wait_for("a second reload event", Duration::from_secs(10), |_| {
        events.text().matches("event: reload").count() >= 2
    });
}

#[test]
fn the_server_hands_out_only_the_output_folder() {
    let s = start(SiteTest::minimal(), "serve");
    let out = s.site.root().join("public");

    let html = s.get(PAGE);
    assert_eq!(html.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert_eq!(html.header("Cache-Control"), Some("no-cache"));
    assert_eq!(html.header("X-Content-Type-Options"), Some("nosniff"));
    let csp = html.header("Content-Security-Policy").unwrap_or_default();
    assert!(csp.contains("script-src 'self'") && csp.contains("object-src 'none'"), "{csp}");
    assert!(html.body.contains("<script src=\"/__gongshi/live.js?v="), "preview pages get live reload");
    let on_disk = std::fs::read_to_string(out.join(PAGE).join("index.html")).unwrap_or_default();
    assert!(!on_disk.contains("__gongshi"), "nothing of live reload is written to the site");

    let version = s.get("version.json");
    assert_eq!(version.header("Content-Type"), Some("application/json; charset=utf-8"));
    assert_eq!(version.header("Cache-Control"), Some("no-cache"));
    let feed = s.get("lanting/lanyuan/feed.xml");
    assert_eq!((feed.status, feed.header("Content-Type")), (200, Some("application/xml; charset=utf-8")));
    let pdf = s.get("lanting/lanyuan/attachments/dianti-fangan.pdf");
    assert_eq!((pdf.status, pdf.header("Content-Type")), (200, Some("application/pdf")));
    let js = s.get("__gongshi/live.js");
    assert_eq!(js.header("Content-Type"), Some("text/javascript; charset=utf-8"));
    assert!(js.body.contains("textContent") && !js.body.contains("innerHTML"));

    // Kiosk pages follow version.json by themselves: no live reload there.
    let kiosk = out.join("lanting/lanyuan/kiosk");
    std::fs::create_dir_all(&kiosk).unwrap_or_else(|e| panic!("{e}"));
    if !kiosk.join("landscape.html").exists() {
        std::fs::write(kiosk.join("landscape.html"), "<html><head></head><body>kiosk</body></html>")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let k = s.get("lanting/lanyuan/kiosk/landscape.html");
    assert_eq!(k.status, 200);
    assert!(!k.body.contains("__gongshi"), "{}", k.body);

    let moved = s.get("lanting/lanyuan");
    assert_eq!((moved.status, moved.header("Location")), (301, Some("/lanting/lanyuan/")));

    std::fs::write(s.site.root().join("secret.txt"), "no").unwrap_or_else(|e| panic!("{e}"));
    for bad in [
        "/../../etc/passwd",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2fsecret.txt",
        "/..%5c..%5csecret.txt",
        "/..\\secret.txt",
        "/.gongshi-output",
        "/%2egongshi-output",
        "/.public.gongshi/",
        "/../.public.gongshi/releases/",
        "/lanting/lanyuan/attachments/",
        "/lanting/lanyuan/attachments",
        "/nothing-here/",
    ] {
        assert_eq!(raw_status(&s.base, bad), 404, "{bad}");
    }
    let missing = s.get("nothing-here/");
    assert!(missing.body.contains("404") && !missing.body.contains("<ul"), "{}", missing.body);
}

#[test]
#[ignore = "slow"]
fn a_burst_of_500_writes_causes_at_most_two_builds() {
    let mut s = start(SiteTest::minimal(), "watch");
    // Idle: publishing into public/ must not start another build.
    assert_eq!(s.settle(Duration::from_millis(1500)), 1, "{}", s.log());

    // A checkout-like burst: 250 new cases, each written twice, plus editor junk.
    for i in 100..350 {
        let rel = format!("lanting/lanyuan/cases/2026-{i}.md");
        s.site.write(&rel, CASE.replace("12号楼顶层渗水", &format!("{i}号楼渗水")));
        s.site.write("lanting/lanyuan/cases/4913", "");
        s.site.write(&rel, CASE.replace("12号楼顶层渗水", &format!("{i}号楼顶层渗水")));
        s.site.write(&format!("lanting/lanyuan/cases/.2026-{i}.md.swp"), "x");
    }
    let last = s.site.root().join("public/lanting/lanyuan/cases/2026-349/index.html");
    s.wait_for("the burst's pages", Duration::from_secs(60), |_| last.is_file());
    let builds = s.settle(Duration::from_millis(1500));
    assert!((2..=3).contains(&builds), "{builds} builds (1 at the start):\n{}", s.log());
    let page = std::fs::read_to_string(&last).unwrap_or_default();
    assert!(page.contains("349号楼顶层渗水"), "the last write wins");

    // Writes into the output and its state folder are never a reason to build.
    std::fs::write(s.site.root().join("public/stray.html"), "x").unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(s.site.root().join(".public.gongshi/staging-1")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.settle(Duration::from_millis(1000)), builds, "{}", s.log());
}

#[test]
fn editor_saves_and_folder_removals_cause_one_build_each() {
    let mut s = start(SiteTest::minimal(), "watch");
    let mut builds = s.settle(Duration::from_millis(800));
    let case = s.site.path(CASE_FILE);
    let dir = case.parent().unwrap_or_else(|| panic!("no parent")).to_path_buf();
    let page = s.site.root().join("public").join(PAGE).join("index.html");

    // Atomic save: a temporary file renamed over the original.
    let text = s.site.read(CASE_FILE).replace(TITLE, "原子保存");
    std::fs::write(dir.join(".2026-001.md.tmp"), &text).unwrap_or_else(|e| panic!("{e}"));
    std::fs::rename(dir.join(".2026-001.md.tmp"), &case).unwrap_or_else(|e| panic!("{e}"));
    s.wait_for("the atomic save", Duration::from_secs(10), |_| {
        std::fs::read_to_string(&page).unwrap_or_default().contains("原子保存")
    });
    builds += 1;
    assert_eq!(s.settle(Duration::from_millis(800)), builds, "{}", s.log());

    // Vim: probe file 4913, original renamed to a backup, new file written, backup removed.
    let text = s.site.read(CASE_FILE).replace("原子保存", "vim 保存");
    std::fs::write(dir.join("4913"), "").unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_file(dir.join("4913")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::rename(&case, dir.join("2026-001.md~")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&case, &text).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_file(dir.join("2026-001.md~")).unwrap_or_else(|e| panic!("{e}"));
    s.wait_for("the vim save", Duration::from_secs(10), |_| {
        std::fs::read_to_string(&page).unwrap_or_default().contains("vim 保存")
    });
    builds += 1;
    assert_eq!(s.settle(Duration::from_millis(800)), builds, "{}", s.log());
    assert!(!s.log().contains("错误"), "no error is shown for an editor's save:\n{}", s.log());

    // A folder removed: its pages leave the site.
    let notices = s.site.root().join("public/lanting/lanyuan/notices/2026-11-05-dianti/index.html");
    assert!(notices.is_file());
    s.site.remove("lanting/lanyuan/notices");
    s.wait_for("the notice to disappear", Duration::from_secs(10), |_| !notices.exists());
    assert_eq!(s.settle(Duration::from_millis(800)), builds + 1, "{}", s.log());
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let mut s = start(SiteTest::minimal(), "serve");
    let pid = s.child.id().to_string();
    let sent = Command::new("sh").args(["-c", &format!("kill -INT {pid}")]).status().is_ok_and(|st| st.success());
    assert!(sent, "kill -INT failed");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Ok(Some(st)) = s.child.try_wait() {
            break st;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C:\n{}", s.log());
        std::thread::sleep(Duration::from_millis(25));
    };
    assert_eq!(status.code(), Some(0), "{}", s.log());
}

// ------------------------------------------------ the HTTP layer under load

/// The site's CSP, and the one kiosk boards and posters get: theirs is in
/// a `<meta>` tag with the hashes of their inline script and style.
const KIOSK_CSP: &str = "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
const KIOSK: &str = "lanting/lanyuan/kiosk/landscape.html";
const POSTER: &str = "lanting/lanyuan/print.html";
const PDF: &str = "lanting/lanyuan/attachments/dianti-fangan.pdf";
const QUICK: Duration = Duration::from_secs(10);

fn get_raw(s: &crate::support::served::Served, path: &str, extra: &str) -> RawReply {
    raw(&s.base, &format!("GET /{path} HTTP/1.1\r\n{extra}"), QUICK)
}

/// This test process may hold 500 sockets and more at once: its soft limit
/// of open files (1024 on many machines) is raised to the hard one.
fn raise_open_files_limit() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
        let now = getrlimit(Resource::Nofile);
        let _ = setrlimit(Resource::Nofile, Rlimit { current: now.maximum, maximum: now.maximum });
    }
}

#[test]
fn pages_are_gzipped_revalidated_by_etag_and_dates_and_files_answer_ranges_and_head() {
    let s = start(SiteTest::minimal(), "serve");
    let out = s.site.root().join("public");

    // gzip for text, unpacked to what a browser would see.
    let page = get_raw(&s, PAGE, "Accept-Encoding: gzip\r\n");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("Content-Encoding"), Some("gzip"));
    assert!(page.header("Vary").is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")));
    let mut text = String::new();
    flate2::read::GzDecoder::new(page.body.as_slice())
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("gunzip: {e}"));
    assert!(text.contains(TITLE) && text.contains("/__gongshi/live.js"), "{text}");
    let plain = get_raw(&s, PAGE, "");
    assert_eq!(plain.header("Content-Encoding"), None, "no gzip for a client that did not ask");
    assert_eq!(String::from_utf8_lossy(&plain.body), text);

    // A page asked again with its ETag: 304, no body; a changed ETag: 200.
    let tag = plain.header("ETag").unwrap_or_else(|| panic!("no ETag on a page")).to_string();
    let again = get_raw(&s, PAGE, &format!("If-None-Match: {tag}\r\n"));
    assert_eq!((again.status, again.body.len()), (304, 0));
    assert_eq!(get_raw(&s, PAGE, "If-None-Match: \"other\"\r\n").status, 200);

    // A file: ETag and Last-Modified both revalidate it.
    let pdf = get_raw(&s, PDF, "");
    let bytes = std::fs::read(out.join(PDF)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((pdf.status, &pdf.body), (200, &bytes));
    assert_eq!(pdf.header("Accept-Ranges"), Some("bytes"));
    let tag = pdf.header("ETag").unwrap_or_else(|| panic!("no ETag on a file")).to_string();
    let date = pdf.header("Last-Modified").unwrap_or_else(|| panic!("no Last-Modified")).to_string();
    assert_eq!(get_raw(&s, PDF, &format!("If-None-Match: {tag}\r\n")).status, 304);
    assert_eq!(get_raw(&s, PDF, &format!("If-Modified-Since: {date}\r\n")).status, 304);
    let not_mine = format!("If-None-Match: \"x\"\r\nIf-Modified-Since: {date}\r\n");
    assert_eq!(get_raw(&s, PDF, &not_mine).status, 200, "If-None-Match decides when both are sent");

    // Range: the bytes asked for, and 416 past the end.
    let part = get_raw(&s, PDF, "Range: bytes=1-4\r\n");
    assert_eq!(part.status, 206);
    assert_eq!(part.header("Content-Range"), Some(format!("bytes 1-4/{}", bytes.len()).as_str()));
    assert_eq!(part.body, bytes[1..5]);
    assert_eq!(get_raw(&s, PDF, &format!("Range: bytes={}-\r\n", bytes.len() + 10)).status, 416);

    // HEAD: the length of the file, no body.
    let head = raw(&s.base, &format!("HEAD /{PDF} HTTP/1.1\r\n"), QUICK);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("Content-Length"), Some(bytes.len().to_string().as_str()));
    assert!(head.body.is_empty());

    // Other methods are refused.
    let post = raw(&s.base, &format!("POST /{PDF} HTTP/1.1\r\nContent-Length: 0\r\n"), QUICK);
    assert_eq!((post.status, post.header("Allow")), (405, Some("GET, HEAD")));
}

#[test]
fn kiosk_boards_and_posters_get_their_own_csp_and_what_kiosks_poll_is_never_304() {
    let s = start(SiteTest::minimal(), "serve");
    for path in [KIOSK, POSTER] {
        let r = get_raw(&s, path, "");
        assert_eq!(r.status, 200, "{path}");
        // A header policy with script-src would block the board's inline, hashed script.
        assert_eq!(r.header("Content-Security-Policy"), Some(KIOSK_CSP), "{path}");
        let html = String::from_utf8_lossy(&r.body);
        assert!(html.contains("http-equiv=\"Content-Security-Policy\""), "{path} carries its own policy");
        assert!(!html.contains("__gongshi"), "{path}: no live reload");
        assert_eq!(r.header("X-Content-Type-Options"), Some("nosniff"));
        assert_eq!(r.header("Cache-Control"), Some("no-cache"));
        let date = r.header("Last-Modified").unwrap_or_default().to_string();
        let cond = format!("If-Modified-Since: {date}\r\nIf-None-Match: *\r\n");
        assert_eq!(get_raw(&s, path, &cond).status, 200, "{path} must never be 304");
    }
    let site_csp = get_raw(&s, PAGE, "");
    assert!(site_csp.header("Content-Security-Policy").is_some_and(|c| c.contains("script-src 'self'")));

    let v = get_raw(&s, "version.json", "");
    assert_eq!((v.status, v.header("Cache-Control"), v.header("ETag")), (200, Some("no-cache"), None));
    let date = v.header("Last-Modified").unwrap_or_default().to_string();
    let cond = format!("If-Modified-Since: {date}\r\nIf-None-Match: *\r\n");
    assert_eq!(get_raw(&s, "version.json", &cond).status, 200, "version.json must never be 304");
}

#[test]
fn five_hundred_idle_connections_leave_room_for_a_visitor() {
    raise_open_files_limit();
    let mut s = start(SiteTest::minimal(), "serve");
    let addr = s.base.trim_start_matches("http://").to_string();
    let idle: Vec<TcpStream> =
        (0..500).map(|i| TcpStream::connect(&addr).unwrap_or_else(|e| panic!("idle connection {i}: {e}"))).collect();
    // Let the server take them all before the visitor comes.
    std::thread::sleep(Duration::from_millis(300));
    let asked = Instant::now();
    let page = raw(&s.base, &format!("GET /{PAGE} HTTP/1.1\r\n"), Duration::from_secs(1));
    assert_eq!(page.status, 200);
    assert!(asked.elapsed() < Duration::from_secs(1), "answered after {:?}", asked.elapsed());
    drop(idle);
    assert!(s.alive(), "{}", s.log());
}

/// The open-files limit of the running server lowered under it: accepts
/// fail for lack of file handles, and the listener outlives that.
#[cfg(target_os = "linux")]
#[test]
fn running_out_of_file_handles_does_not_kill_the_listener() {
    use rustix::process::{Pid, Resource, Rlimit, prlimit};
    raise_open_files_limit();
    let mut s = start(SiteTest::minimal(), "serve");
    let pid = Pid::from_raw(i32::try_from(s.child.id()).unwrap_or(0)).unwrap_or_else(|| panic!("no pid"));
    prlimit(Some(pid), Resource::Nofile, Rlimit { current: Some(96), maximum: Some(96) })
        .unwrap_or_else(|e| panic!("prlimit: {e}"));
    let addr = s.base.trim_start_matches("http://").to_string();
    let flood: Vec<TcpStream> = (0..300).filter_map(|_| TcpStream::connect(&addr).ok()).collect();
    std::thread::sleep(Duration::from_millis(500));
    assert!(s.alive(), "{}", s.log());
    drop(flood);
    s.wait_for("an answer after the flood", Duration::from_secs(15), |s| {
        let addr = s.base.trim_start_matches("http://");
        let Ok(mut c) = TcpStream::connect(addr) else { return false };
        c.set_read_timeout(Some(Duration::from_secs(2))).ok();
        let _ = write!(c, "GET /version.json HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        let mut head = String::new();
        let _ = BufReader::new(c).read_line(&mut head);
        head.starts_with("HTTP/1.1 200")
    });
}

#[test]
fn a_client_that_pipelines_and_never_reads_does_not_hold_up_another() {
    let mut s = start(SiteTest::minimal(), "serve");
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut greedy = TcpStream::connect(&addr).unwrap_or_else(|e| panic!("connect: {e}"));
    greedy.set_write_timeout(Some(Duration::from_secs(2))).ok();
    // Thousands of pages asked for on one connection, none of them read:
    // far more than the socket buffers hold, so the server's writes block.
    let one = format!("GET /{PAGE} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    let burst = one.repeat(200);
    for _ in 0..20 {
        if greedy.write_all(burst.as_bytes()).is_err() {
            break;
        }
    }
    for _ in 0..5 {
        let asked = Instant::now();
        let page = raw(&s.base, &format!("GET /{PAGE} HTTP/1.1\r\n"), Duration::from_secs(5));
        assert_eq!(page.status, 200);
        assert!(asked.elapsed() < Duration::from_secs(5));
    }
    drop(greedy);
    assert!(s.alive(), "{}", s.log());
}

/// A request head of `size` bytes; the first line of the answer, if any.
fn send_big_head(addr: &str, size: usize) -> String {
    let mut c = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect: {e}"));
    c.set_read_timeout(Some(QUICK)).ok();
    c.set_write_timeout(Some(QUICK)).ok();
    let big = "a".repeat(size);
    // The server may close before all of it is sent: a failed write is expected.
    let _ = write!(c, "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Big: {big}\r\n\r\n");
    let mut head = String::new();
    let _ = BufReader::new(&c).read_line(&mut head);
    head
}

#[test]
fn a_one_mebibyte_header_is_refused_and_the_server_stays_up() {
    let mut s = start(SiteTest::minimal(), "serve");
    let addr = s.base.trim_start_matches("http://").to_string();
    // Past the 64 KiB limit, however fast it arrives.
    assert!(send_big_head(&addr, 100 * 1024).starts_with("HTTP/1.1 431"));
    // Closing on a client still sending may reset the connection before it reads the 431.
    let head = send_big_head(&addr, 1 << 20);
    assert!(head.is_empty() || head.starts_with("HTTP/1.1 431"), "{head:?}");
    assert!(s.alive(), "{}", s.log());
    assert_eq!(s.get(PAGE).status, 200);
}
