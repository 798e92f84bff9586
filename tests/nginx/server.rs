//! A real nginx (Debian's package) running `deploy/nginx.conf` on a free
//! loopback port, a site built by the real `gongshi` binary, and the few
//! HTTP requests the tests make.
//!
//! nginx runs in the foreground without a master process, with its pid,
//! logs and temp folders in a temp dir: nothing under /etc/nginx or
//! /var/log is touched, and it works as root or as an ordinary user.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

// The `http` types of the client, whatever else provides an `http` crate.
use ureq::http;

/// The file under test, as shipped.
pub const SHIPPED_CONF: &str = include_str!("../../deploy/nginx.conf");
/// The lines of the shipped file a deployment changes (and so do the tests).
const ROOT_LINE: &str = "root /srv/gongshi/public;";
const LISTEN_LINE: &str = "listen 80;";
const LISTEN6_LINE: &str = "listen [::]:80;";
/// The date every build is computed against, so builds are reproducible.
const AS_OF: &str = "2026-11-20";

/// The nginx binary, or why the test cannot run. With
/// `GONGSHI_NGINX_TESTS=required` (CI) a missing nginx fails the test.
pub fn nginx_or_skip() -> Option<PathBuf> {
    // GONGSHI_NGINX names the binary; when set, nothing else is tried.
    let binary = std::env::var_os("GONGSHI_NGINX").map_or_else(|| PathBuf::from("/usr/sbin/nginx"), PathBuf::from);
    if binary.is_file() {
        return Some(binary);
    }
    let why = format!("{} not found (apt-get install nginx, or set GONGSHI_NGINX=/path/to/nginx)", binary.display());
    if std::env::var("GONGSHI_NGINX_TESTS").as_deref() == Ok("required") {
        panic!("GONGSHI_NGINX_TESTS=required but {why}");
    }
    // Straight to stderr: the test harness would swallow eprintln! of a passing test.
    let _ = writeln!(std::io::stderr(), "nginx tests skipped: {why}");
    None
}

/// A site copied from tests/fixtures/minimal and built into `<tmp>/www/public`,
/// so the kept releases land in `<tmp>/www/.public.gongshi/`.
#[derive(Debug)]
pub struct Site {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
    pub out: PathBuf,
}

impl Site {
    pub fn new() -> Site {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("site");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        copy_tree(&fixture, &root);
        let out = tmp.path().join("www").join("public");
        std::fs::create_dir_all(out.parent().expect("www")).expect("www folder");
        Site { _tmp: tmp, root, out }
    }

    /// Adds a file to the default theme's static files (published under `assets/`).
    pub fn theme_static(&self, name: &str, bytes: &[u8]) {
        let dir = self.root.join("themes/default/static");
        std::fs::create_dir_all(&dir).expect("theme folder");
        std::fs::write(dir.join(name), bytes).expect("theme file");
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// `gongshi build`, which must succeed.
    pub fn build(&self) {
        let out = Command::new(env!("CARGO_BIN_EXE_gongshi"))
            .arg("build")
            .arg("--root")
            .arg(&self.root)
            .arg("--out")
            .arg(&self.out)
            .args(["--as-of", AS_OF])
            .output()
            .expect("run gongshi");
        assert!(
            out.status.success(),
            "gongshi build failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The folder of kept releases beside the output.
    pub fn state_dir(&self) -> PathBuf {
        self.out.with_file_name(".public.gongshi")
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for e in std::fs::read_dir(from).expect("read fixture") {
        let e = e.expect("fixture entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("file type").is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).expect("copy fixture file");
        }
    }
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                found.push(p);
            }
        }
    }
    found
}

/// The shipped server block with its root and listen lines replaced.
pub fn server_block(root: &Path, port: u16) -> String {
    for line in [ROOT_LINE, LISTEN_LINE, LISTEN6_LINE] {
        assert_eq!(SHIPPED_CONF.matches(line).count(), 1, "deploy/nginx.conf must have exactly one `{line}`");
    }
    SHIPPED_CONF
        .replace(ROOT_LINE, &format!("root \"{}\";", root.display()))
        .replace(LISTEN_LINE, &format!("listen 127.0.0.1:{port};"))
        .replace(LISTEN6_LINE, "")
}

/// A running nginx; stopped when dropped.
#[derive(Debug)]
pub struct Nginx {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl Nginx {
    /// Serves `root` with the shipped configuration.
    pub fn start(binary: &Path, root: &Path) -> Nginx {
        // A port found free may be taken before nginx binds it: try again.
        let mut last = String::new();
        for _ in 0..5 {
            match Nginx::try_start(binary, root) {
                Ok(n) => return n,
                Err(e) => last = e,
            }
        }
        panic!("nginx did not start:\n{last}");
    }

    fn try_start(binary: &Path, root: &Path) -> Result<Nginx, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let d = dir.path();
        std::fs::write(d.join("gongshi.conf"), server_block(root, port)).map_err(|e| e.to_string())?;
        // Debian's http block, reduced to what a server block relies on.
        let mime = Path::new("/etc/nginx/mime.types");
        let types = if mime.is_file() {
            format!("include {};", mime.display())
        } else {
            "types { text/html html; text/css css; application/javascript js; application/json json; \
             text/xml xml; image/svg+xml svg; application/pdf pdf; text/plain txt; }"
                .to_string()
        };
        let main = format!(
            "daemon off;\nmaster_process off;\nworker_processes 1;\nerror_log {d}/error.log warn;\npid {d}/nginx.pid;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  {types}\n  default_type application/octet-stream;\n  sendfile on;\n\
               access_log {d}/access.log;\n\
               client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fastcgi;\n\
               uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;\n\
               include {d}/gongshi.conf;\n}}\n",
            d = d.display()
        );
        std::fs::write(d.join("nginx.conf"), main).map_err(|e| e.to_string())?;
        let mut child = Command::new(binary)
            .arg("-p")
            .arg(d)
            .arg("-c")
            .arg(d.join("nginx.conf"))
            .arg("-e")
            .arg(d.join("error.log"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("spawn {}: {e}", binary.display()))?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                let log = std::fs::read_to_string(d.join("error.log")).unwrap_or_default();
                return Err(format!("nginx exited ({status}):\n{log}"));
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                let n = Nginx { child, port, dir };
                // The shipped file must load cleanly, not just load.
                let log = n.log();
                assert!(!log.contains("[warn]") && !log.contains("[emerg]"), "nginx complained:\n{log}");
                return Ok(n);
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err("nginx did not listen within 10 s".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// nginx's error log so far, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status, headers, body bytes as sent (still gzipped if so).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A request through ureq, redirects not followed, any status accepted.
pub fn request(method: &str, url: &str, headers: &[(&str, &str)]) -> Reply {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let mut req = http::Request::builder().method(method).uri(url);
    for (n, v) in headers {
        req = req.header(*n, *v);
    }
    let req = req.body(()).unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let mut r = agent.run(req).unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let headers = r.headers().iter().map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string())).collect();
    let body = r.body_mut().read_to_vec().unwrap_or_default();
    Reply { status: r.status().as_u16(), headers, body }
}

pub fn get(url: &str) -> Reply {
    request("GET", url, &[])
}

/// A GET sent byte for byte, so no client library tidies up the path first
/// (`..`, `%2e%2e`, `%2f`): what an attacker would send.
pub fn raw_get(port: u16, target: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("connect: {e}"));
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    write!(s, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap_or_else(|e| panic!("send: {e}"));
    let mut all = Vec::new();
    let _ = s.read_to_end(&mut all);
    let split = all.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(all.len());
    let head = String::from_utf8_lossy(&all[..split]);
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status for {target}: {head:?}"));
    (status, all.get(split + 4..).unwrap_or_default().to_vec())
}

/// `rel` as a URL path: every byte but unreserved ones and `/` as `%XX`.
pub fn url_path(rel: &str) -> String {
    rel.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Headless Chromium on PATH, or why the browser check cannot run; with
/// `GONGSHI_BROWSER_TESTS=required` (CI) a missing browser fails the test.
pub fn chromium_or_skip() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
        .find(|p| p.is_file());
    if found.is_none() {
        let why = "no chromium on PATH (apt-get install chromium)";
        if std::env::var("GONGSHI_BROWSER_TESTS").as_deref() == Ok("required") {
            panic!("GONGSHI_BROWSER_TESTS=required but {why}");
        }
        let _ = writeln!(std::io::stderr(), "browser check skipped: {why}");
    }
    found
}

/// The document as Chromium leaves it after `url` has run its scripts for a
/// few seconds of (virtual) time. No WebDriver: one process, one page.
pub fn dom_after_scripts(chromium: &Path, url: &str) -> String {
    let dir = tempfile::tempdir().expect("browser profile");
    let dom = dir.path().join("dom.html");
    let mut child = Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync"])
        .arg(format!("--user-data-dir={}", dir.path().join("profile").display()))
        .args(["--window-size=960,540", "--virtual-time-budget=5000", "--dump-dom", url])
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&dom).expect("dom file"))
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {}: {e}", chromium.display()));
    let deadline = Instant::now() + Duration::from_secs(90);
    while child.try_wait().ok().flatten().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish loading {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::read_to_string(&dom).unwrap_or_default()
}
