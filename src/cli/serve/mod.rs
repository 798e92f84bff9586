//! `gongshi serve`: `watch` plus a small HTTP server for the output folder,
//! fit for kiosks on the compound's LAN. It serves only files under the
//! output folder, never a listing and never a dot-file. Preview tabs get
//! live reload and an error overlay; kiosk pages get neither (they follow
//! `version.json` by themselves), and nothing of it is written to the site.

mod resolve;

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server};

use self::resolve::{Target, content_type, origin_form, resolve};

use crate::build::BuildOptions;
use crate::cli::ExitStatus;
use crate::cli::watch::{BuildEvent, Loop, Shutdown};
use crate::diag::Lang;
use crate::render::CSP;

/// Where live reload lives; `_` cannot start a slug, so no page is shadowed.
const EVENTS: &str = "/__gongshi/events";
const LIVE_JS: &str = "/__gongshi/live.js";
const LIVE_JS_BODY: &str = include_str!("live.js");
/// Request workers; long-lived event streams get threads of their own.
const WORKERS: usize = 4;
/// Open live-reload tabs at most (each holds a thread).
const MAX_TABS: usize = 64;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
}

/// `gongshi serve`.
pub fn main(opts: &ServeOptions) -> anyhow::Result<ExitStatus> {
    let mut build_loop = Loop::new(&opts.build)?;
    build_loop.stop_on_ctrl_c();
    let server = Server::http(SocketAddr::new(opts.bind, opts.port))
        .map_err(|e| anyhow::anyhow!("无法在 {}:{} 上提供网站（cannot listen）：{e}", opts.bind, opts.port))?;
    let server = Arc::new(server);
    let addr = server.server_addr().to_ip().unwrap_or_else(|| SocketAddr::new(opts.bind, opts.port));
    let hub = Arc::new(Hub::new());
    let site = Arc::new(Site { out: build_loop.paths.out.clone(), hub: Arc::clone(&hub), lang: Mutex::new(Lang::Zh) });
    let shutdown = build_loop.shutdown.clone();
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, site, shutdown) = (Arc::clone(&server), Arc::clone(&site), shutdown.clone());
            std::thread::spawn(move || work(&server, &site, &shutdown))
        })
        .collect();

    let mut on_build = |s: &BuildEvent| hub.on_build(s);
    let first = build_loop.first_build(&mut on_build);
    let status = match first {
        Err(e) => Err(e.into()),
        Ok(()) => {
            if let Ok(mut l) = site.lang.lock() {
                *l = build_loop.lang;
            }
            announce(addr, &build_loop.paths.out, build_loop.lang);
            let status = build_loop.run(&mut on_build);
            let zh = build_loop.lang == Lang::Zh;
            eprintln!("{}", if zh { "正在停止……" } else { "stopping…" });
            Ok(status)
        }
    };
    shutdown.set();
    hub.close();
    for w in workers {
        let _ = w.join();
    }
    status
}

/// What request workers share.
#[derive(Debug)]
struct Site {
    out: PathBuf,
    hub: Arc<Hub>,
    lang: Mutex<Lang>,
}

fn work(server: &Server, site: &Site, shutdown: &Shutdown) {
    while !shutdown.is_set() {
        match server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(req)) => handle(req, site),
            Ok(None) => {}
            // A failed accept is the client's problem; the server goes on.
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// Prints where to open the site, and the kiosk pages' addresses.
fn announce(addr: SocketAddr, out: &Path, lang: Lang) {
    let say = |zh: String, en: String| eprintln!("{}", if lang == Lang::Zh { zh } else { en });
    let (ip, port) = (addr.ip(), addr.port());
    let local = url_host(if ip.is_unspecified() { loopback(ip) } else { ip });
    say(
        format!("正在提供网站：http://{local}:{port}/ （按 Ctrl-C 停止）"),
        format!("serving http://{local}:{port}/ (Ctrl-C stops)"),
    );
    // The host a kiosk elsewhere on the LAN reaches this computer by.
    let host = if ip.is_loopback() {
        say(
            "只有本机能打开。要让局域网里的公示屏访问，请加 --bind 0.0.0.0。".into(),
            "Only this computer can open it; for kiosks on the LAN add --bind 0.0.0.0.".into(),
        );
        Some(local)
    } else if ip.is_unspecified() {
        lan_ip().map(url_host)
    } else {
        Some(local)
    };
    let kiosks = kiosk_pages(out);
    if kiosks.is_empty() {
        return;
    }
    let Some(host) = host else {
        return say(
            format!("公示屏请用本机的局域网地址打开：http://<本机IP>:{port}/{}", kiosks[0]),
            format!("kiosks: open http://<this computer's LAN address>:{port}/{}", kiosks[0]),
        );
    };
    say("公示屏请打开：".into(), "kiosk pages:".into());
    for k in kiosks.iter().take(20) {
        eprintln!("  http://{host}:{port}/{k}");
    }
    if kiosks.len() > 20 {
        say(format!("  ……共 {} 个", kiosks.len()), format!("  … {} in all", kiosks.len()));
    }
}

fn loopback(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        IpAddr::V6(_) => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
    }
}

fn url_host(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// This computer's LAN address: the one the system would send from. A UDP
/// "connect" only picks a route; nothing is sent.
fn lan_ip() -> Option<IpAddr> {
    ["192.0.2.1:9", "10.0.0.1:9", "192.168.0.1:9", "172.16.0.1:9"].iter().find_map(|target| {
        let s = UdpSocket::bind("0.0.0.0:0").ok()?;
        s.connect(target).ok()?;
        let ip = s.local_addr().ok()?.ip();
        (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
    })
}

/// `<community>/<compound>/kiosk/<screen>.html`, as published.
fn kiosk_pages(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let dirs = |p: &Path| -> Vec<(String, PathBuf)> {
        let mut v: Vec<(String, PathBuf)> = std::fs::read_dir(p)
            .map(|r| r.flatten().filter_map(|e| Some((e.file_name().into_string().ok()?, e.path()))).collect())
            .unwrap_or_default();
        v.sort();
        v.retain(|(n, _)| !n.starts_with('.'));
        v
    };
    for (c, cp) in dirs(out).into_iter().filter(|(_, p)| p.is_dir()) {
        for (p, pp) in dirs(&cp).into_iter().filter(|(_, p)| p.is_dir()) {
            for (k, _) in dirs(&pp.join("kiosk")).into_iter().filter(|(n, _)| n.ends_with(".html")) {
                found.push(format!("{c}/{p}/kiosk/{k}"));
            }
        }
    }
    found
}

/// Live-reload tabs and the last build's state.
#[derive(Debug)]
struct Hub {
    inner: Mutex<HubState>,
}

#[derive(Debug)]
struct HubState {
    /// Distinguishes this process from an earlier one on the same port.
    epoch: u64,
    /// Published builds so far: a tab showing an older one reloads.
    count: u64,
    /// The failed build's report while the site is broken.
    error: Option<String>,
    tabs: Vec<Sender<String>>,
}

impl HubState {
    fn stamp(&self) -> String {
        format!("{:x}-{}", self.epoch, self.count)
    }

    fn broadcast(&mut self, msg: &str) {
        self.tabs.retain(|t| t.send(msg.to_string()).is_ok());
    }
}

/// One Server-Sent Event; every line of `data` gets its own `data:` field.
fn sse(event: &str, data: &str) -> String {
    let mut s = format!("event: {event}\n");
    for line in data.split('\n') {
        s.push_str("data: ");
        s.push_str(line);
        s.push('\n');
    }
    s.push('\n');
    s
}

impl Hub {
    fn new() -> Hub {
        let epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Hub { inner: Mutex::new(HubState { epoch, count: 0, error: None, tabs: Vec::new() }) }
    }

    fn stamp(&self) -> String {
        self.inner.lock().map(|s| s.stamp()).unwrap_or_default()
    }

    fn on_build(&self, status: &BuildEvent) {
        let Ok(mut s) = self.inner.lock() else { return };
        match status {
            BuildEvent::Published { swapped: true } => {
                s.count += 1;
                s.error = None;
                let msg = sse("reload", &s.stamp());
                s.broadcast(&msg);
            }
            BuildEvent::Published { swapped: false } => {
                if s.error.take().is_some() {
                    s.broadcast(&sse("ok", ""));
                }
            }
            BuildEvent::Failed { text } => {
                s.error = Some(text.clone());
                let msg = sse("error", &serde_json::Value::String(text.clone()).to_string());
                s.broadcast(&msg);
            }
        }
    }

    /// A new tab: its channel and what it must hear first. `None` when too many are open.
    fn subscribe(&self) -> Option<(Receiver<String>, String)> {
        let mut s = self.inner.lock().ok()?;
        // Tabs closed since the last build still hold a slot: an empty message finds them.
        s.tabs.retain(|t| t.send(String::new()).is_ok());
        if s.tabs.len() >= MAX_TABS {
            return None;
        }
        let (tx, rx) = mpsc::channel();
        s.tabs.push(tx);
        let mut first = format!("retry: 2000\n\n{}", sse("hello", &s.stamp()));
        if let Some(e) = &s.error {
            first.push_str(&sse("error", &serde_json::Value::String(e.clone()).to_string()));
        }
        Some((rx, first))
    }

    /// Ends every event stream.
    fn close(&self) {
        if let Ok(mut s) = self.inner.lock() {
            s.tabs.clear();
        }
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// Headers on every response: no caching without revalidation (a kiosk
/// must see the new `version.json`), the pages' CSP, no type sniffing.
fn common(ctype: &str) -> Vec<Header> {
    [
        ("Content-Type", ctype),
        ("Cache-Control", "no-cache"),
        ("X-Content-Type-Options", "nosniff"),
        ("Content-Security-Policy", CSP),
        ("Referrer-Policy", "same-origin"),
    ]
    .iter()
    .filter_map(|(n, v)| header(n, v))
    .collect()
}

fn reply<R: std::io::Read>(
    req: Request,
    status: u16,
    ctype: &str,
    body: R,
    len: Option<usize>,
    extra: &[(&str, &str)],
) {
    let mut headers = common(ctype);
    headers.extend(extra.iter().filter_map(|(n, v)| header(n, v)));
    // A client that went away is no concern of the server's.
    let _ = req.respond(Response::new(status.into(), headers, body, len, None));
}

fn reply_bytes(req: Request, status: u16, ctype: &str, body: Vec<u8>, extra: &[(&str, &str)]) {
    let len = body.len();
    reply(req, status, ctype, std::io::Cursor::new(body), Some(len), extra);
}

fn handle(req: Request, site: &Site) {
    if !matches!(req.method(), Method::Get | Method::Head) {
        return reply_bytes(req, 405, "text/plain; charset=utf-8", b"405\n".to_vec(), &[("Allow", "GET, HEAD")]);
    }
    let url = origin_form(req.url()).to_string();
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == LIVE_JS {
        return reply_bytes(req, 200, "text/javascript; charset=utf-8", LIVE_JS_BODY.as_bytes().to_vec(), &[]);
    }
    if path == EVENTS {
        return events(req, &site.hub);
    }
    let kiosk = path.split('/').any(|s| s == "kiosk");
    match resolve(&site.out, &url) {
        Target::File(file) => serve_file(req, &file, !kiosk, &site.hub),
        Target::Redirect(to) => reply_bytes(req, 301, "text/plain; charset=utf-8", Vec::new(), &[("Location", &to)]),
        Target::NotFound => {
            let lang = site.lang.lock().map_or(Lang::Zh, |l| *l);
            let (title, text, code) = match lang {
                Lang::Zh => ("找不到页面", "找不到这个页面。", "zh-CN"),
                Lang::En => ("Not found", "There is no such page.", "en"),
            };
            let page = format!(
                "<!doctype html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>404 {title}</title></head><body><h1>404</h1><p>{text}</p><p><a href=\"/\">/</a></p></body></html>\n"
            );
            let page = if kiosk { page } else { inject(&page, &site.hub.stamp()) };
            reply_bytes(req, 404, "text/html; charset=utf-8", page.into_bytes(), &[]);
        }
    }
}

fn serve_file(req: Request, file: &Path, live: bool, hub: &Hub) {
    let ctype = content_type(file);
    if live && ctype.starts_with("text/html") {
        // Read the stamp first: if a build lands in between, the tab reloads once more, never once less.
        let stamp = hub.stamp();
        if let Ok(text) = std::fs::read_to_string(file) {
            return reply_bytes(req, 200, ctype, inject(&text, &stamp).into_bytes(), &[]);
        }
    }
    match std::fs::File::open(file) {
        Ok(f) => {
            let len = f.metadata().ok().and_then(|m| usize::try_from(m.len()).ok());
            reply(req, 200, ctype, f, len, &[]);
        }
        Err(_) => reply_bytes(req, 404, "text/plain; charset=utf-8", b"404\n".to_vec(), &[]),
    }
}

/// Adds the live-reload script (external: the CSP forbids inline scripts).
pub fn inject(html: &str, stamp: &str) -> String {
    let tag = format!("<script src=\"{LIVE_JS}?v={stamp}\" defer></script>");
    let lower = html.to_ascii_lowercase();
    let at = lower.find("</head>").or_else(|| lower.rfind("</body>")).unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + tag.len());
    out.push_str(&html[..at]);
    out.push_str(&tag);
    out.push_str(&html[at..]);
    out
}

/// Server-Sent Events: one thread per open tab, until it closes or the server stops.
fn events(req: Request, hub: &Hub) {
    let Some((rx, first)) = hub.subscribe() else {
        return reply_bytes(req, 503, "text/plain; charset=utf-8", b"503\n".to_vec(), &[("Retry-After", "10")]);
    };
    std::thread::spawn(move || stream(req, &rx, &first));
}

fn stream(req: Request, rx: &Receiver<String>, first: &str) {
    // tiny_http buffers chunked bodies; an event stream must reach the tab at
    // once, so it is written straight to the connection, closed at the end.
    let mut w = req.into_writer();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n{first}"
    );
    let mut send = |s: &str| w.write_all(s.as_bytes()).and_then(|()| w.flush()).is_ok();
    if !send(&head) {
        return;
    }
    loop {
        let ok = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(msg) if msg.is_empty() => true,
            Ok(msg) => send(&msg),
            // A comment now and then finds tabs that were closed.
            Err(RecvTimeoutError::Timeout) => send(": ping\n\n"),
            Err(RecvTimeoutError::Disconnected) => false,
        };
        if !ok {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_head_end_or_at_the_end() {
        let s = inject("<html><HEAD><title>x</title></HEAD><body></body></html>", "a-1");
        assert_eq!(
            s,
            "<html><HEAD><title>x</title><script src=\"/__gongshi/live.js?v=a-1\" defer></script></HEAD><body></body></html>"
        );
        assert!(inject("plain", "a-1").ends_with("defer></script>"));
    }

    #[test]
    fn hub_tells_tabs_what_happened() {
        let hub = Hub::new();
        let (rx, first) = hub.subscribe().expect("tab");
        assert!(first.contains("event: hello\ndata: "));
        hub.on_build(&BuildEvent::Failed { text: "a\nb".into() });
        let got: Vec<String> = rx.try_iter().filter(|m| !m.is_empty()).collect();
        assert_eq!(got, vec!["event: error\ndata: \"a\\nb\"\n\n".to_string()]);
        let (_rx2, first2) = hub.subscribe().expect("tab");
        assert!(first2.contains("event: error"), "a tab opened while broken sees the error");
        hub.on_build(&BuildEvent::Published { swapped: false });
        hub.on_build(&BuildEvent::Published { swapped: true });
        let got: Vec<String> = rx.try_iter().filter(|m| !m.is_empty()).collect();
        assert_eq!(got.len(), 2);
        assert!(got[0].starts_with("event: ok"));
        assert!(got[1].starts_with("event: reload"));
        hub.close();
        assert!(rx.recv().is_err());
    }
}
