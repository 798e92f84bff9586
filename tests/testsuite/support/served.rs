//! A running `gongshi serve` or `gongshi watch` on a test site, and plain
//! HTTP requests to it.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{AS_OF, SiteTest, gongshi};

/// A running `gongshi serve` or `watch`; killed when dropped.
pub struct Served {
    pub child: Child,
    log: Arc<Mutex<String>>,
    /// `http://127.0.0.1:PORT` without the final slash (serve only).
    pub base: String,
    pub site: SiteTest,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `gongshi <command>` (`serve` on a free port, or `watch`) on
/// `site` and waits until it says it is ready.
pub fn start(site: SiteTest, command: &str) -> Served {
    start_with(site, command, &[])
}

/// [`start`] with more arguments (`--community yangguang`).
pub fn start_with(site: SiteTest, command: &str, extra: &[&str]) -> Served {
    let root = site.root().to_string_lossy().into_owned();
    let mut args = vec![command, "--root", root.as_str(), "--as-of", AS_OF];
    if command == "serve" {
        args.extend(["--port", "0"]);
    }
    args.extend(extra);
    let mut child = gongshi()
        .args(&args)
        .current_dir(site.root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run gongshi: {e}"));
    let log = Arc::new(Mutex::new(String::new()));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    let sink = Arc::clone(&log);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Ok(mut l) = sink.lock() {
                l.push_str(&line);
                l.push('\n');
            }
        }
    });
    let mut s = Served { child, log, base: String::new(), site };
    let ready = if command == "serve" { "http://127.0.0.1:" } else { "正在监视" };
    s.wait_for("the server to start", Duration::from_secs(30), |s| s.log().contains(ready));
    if command == "serve" {
        let log = s.log();
        let at = log.find("http://127.0.0.1:").unwrap_or(0);
        let url: String = log[at..].chars().take_while(|c| !c.is_whitespace()).collect();
        s.base = url.trim_end_matches('/').to_string();
    }
    s
}

impl Served {
    pub fn log(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Builds so far: every build prints one line `第 N 次构建…`.
    pub fn builds(&self) -> u32 {
        self.log().lines().filter_map(|l| l.strip_prefix("第 ")?.split(' ').next()?.parse().ok()).max().unwrap_or(0)
    }

    pub fn wait_for(&mut self, what: &str, limit: Duration, mut done: impl FnMut(&mut Served) -> bool) {
        let deadline = Instant::now() + limit;
        loop {
            if done(self) {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("gongshi exited ({status}) while waiting for {what}:\n{}", self.log());
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits until no build has started for `quiet`, and returns the count.
    pub fn settle(&mut self, quiet: Duration) -> u32 {
        let mut last = (self.builds(), Instant::now());
        self.wait_for("the builds to settle", Duration::from_secs(60), |s| {
            let n = s.builds();
            if n != last.0 {
                last = (n, Instant::now());
            }
            last.1.elapsed() >= quiet
        });
        last.0
    }

    pub fn get(&self, path: &str) -> Reply {
        get(&format!("{}/{path}", self.base))
    }

    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A GET that follows no redirect and treats no status as an error.
pub fn get(url: &str) -> Reply {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let mut r = agent.get(url).call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let headers = r.headers().iter().map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string())).collect();
    let body = r.body_mut().read_to_string().unwrap_or_default();
    Reply { status: r.status().as_u16(), headers, body }
}

/// An answer read byte for byte from the socket.
#[derive(Debug)]
pub struct RawReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// As sent, less the chunked framing (still compressed if it was).
    pub body: Vec<u8>,
}

impl RawReply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// `head` (a request line and any header lines, each ending in CRLF) sent
/// as it is on a connection of its own, with `Host` and `Connection:
/// close` added, and the whole answer read within `limit`.
pub fn raw(base: &str, head: &str, limit: Duration) -> RawReply {
    use std::io::{Read as _, Write as _};
    let addr = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    s.set_read_timeout(Some(limit)).ok();
    write!(s, "{head}Host: {addr}\r\nConnection: close\r\n\r\n").unwrap_or_else(|e| panic!("send: {e}"));
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).unwrap_or_else(|e| panic!("no complete answer to {head:?} within {limit:?}: {e}"));
    parse(&bytes).unwrap_or_else(|| panic!("not an HTTP answer to {head:?}: {:?}", String::from_utf8_lossy(&bytes)))
}

fn parse(bytes: &[u8]) -> Option<RawReply> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_string(), v.trim().to_string())).collect();
    let mut body = bytes[end + 4..].to_vec();
    let chunked = headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body)?;
    }
    Some(RawReply { status, headers, body })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}
