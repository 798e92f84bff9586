//! A plain static file server over a built site on loopback, as a compound
//! would publish it (nginx, any web host): files only, with their content
//! types, `index.html` for folders. Search needs HTTP (its script loads
//! `index.json`), and Lighthouse audits pages as a resident's phone gets them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

pub struct StaticServer {
    base: String,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file a request path names under `root`, or `None` (404).
fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let path = percent_decode(path)?;
    if path.split('/').any(|s| s == "..") {
        return None;
    }
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

impl StaticServer {
    pub fn start(root: &Path) -> StaticServer {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap_or_else(|e| panic!("http server: {e}"));
        let addr = server.server_addr().to_ip().unwrap_or_else(|| panic!("no address"));
        let stop = Arc::new(AtomicBool::new(false));
        let (stop2, root) = (stop.clone(), root.to_path_buf());
        let thread = std::thread::spawn(move || {
            while !stop2.load(Ordering::SeqCst) {
                let Ok(Some(req)) = server.recv_timeout(Duration::from_millis(50)) else {
                    continue;
                };
                let header =
                    |k: &str, v: &str| tiny_http::Header::from_bytes(k, v).unwrap_or_else(|()| panic!("header"));
                let found = resolve(&root, req.url()).and_then(|f| Some((std::fs::read(&f).ok()?, content_type(&f))));
                let _ = match found {
                    Some((bytes, kind)) => req.respond(
                        tiny_http::Response::from_data(bytes)
                            .with_header(header("Content-Type", kind))
                            .with_header(header("Cache-Control", "max-age=600")),
                    ),
                    None => req.respond(tiny_http::Response::from_string("not found").with_status_code(404)),
                };
            }
        });
        StaticServer { base: format!("http://{addr}/"), stop, thread: Some(thread) }
    }

    /// The URL of `rel` (a path under the site root, `/`-separated).
    pub fn url(&self, rel: &str) -> String {
        format!("{}{rel}", self.base)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
