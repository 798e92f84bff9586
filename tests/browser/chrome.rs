//! Headless Chromium for what only a browser can tell: layout, overflow,
//! whether a script ran. Driven through chromedriver's WebDriver HTTP API,
//! so no browser is downloaded: Debian's `chromium` and `chromium-driver`.
//!
//! Without a browser the tests skip, unless `GONGSHI_BROWSER_TESTS=required`
//! (set by scripts/test.sh, so CI never skips them).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

pub struct Browser {
    driver: Child,
    base: String,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

fn find(names: &[&str]) -> Option<String> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p.to_string_lossy().into_owned());
            }
        }
    }
    None
}

impl Browser {
    /// A fresh headless browser with a `width`×`height` viewport, or `None`
    /// (the test then returns early) when no browser is installed here.
    pub fn start(width: u32, height: u32) -> Option<Browser> {
        let required = std::env::var("GONGSHI_BROWSER_TESTS").is_ok_and(|v| v == "required");
        let (Some(chromium), Some(driver)) = (find(&["chromium", "chromium-browser"]), find(&["chromedriver"])) else {
            assert!(!required, "chromium and chromedriver are required (apt-get install chromium chromium-driver)");
            eprintln!("skipping: no chromium/chromedriver on PATH");
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let profile = tempfile::tempdir().ok()?;
        let mut b = Browser { driver: child, base: format!("http://127.0.0.1:{port}"), agent, _profile: profile };
        let deadline = Instant::now() + Duration::from_secs(20);
        while b.agent.get(format!("{}/status", b.base)).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "unhandledPromptBehavior": "ignore",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-quic", "--hide-scrollbars",
                    format!("--user-data-dir={}", b._profile.path().display()),
                    format!("--window-size={width},{height}"),
                ]
            }
        }}});
        let v = b.post("/session", caps);
        let id = v["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {v}")).to_string();
        b.base = format!("{}/session/{id}", b.base);
        b.viewport(width, height);
        Some(b)
    }

    fn post(&self, path: &str, body: Value) -> Value {
        let mut r =
            self.agent.post(format!("{}{path}", self.base)).send_json(body).unwrap_or_else(|e| panic!("{path}: {e}"));
        r.body_mut().read_json().unwrap_or(Value::Null)
    }

    /// Makes the page's layout viewport exactly `width`×`height` CSS pixels.
    pub fn viewport(&self, width: u32, height: u32) {
        self.post(
            "/goog/cdp/execute",
            json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}}),
        );
    }

    /// A Chrome DevTools Protocol command, e.g. a script run before every page's own.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.post("/goog/cdp/execute", json!({ "cmd": cmd, "params": params }))
    }

    pub fn goto(&self, url: &str) {
        let v = self.post("/url", json!({ "url": url }));
        assert!(v["value"].is_null() || v["value"].get("error").is_none(), "goto {url}: {v}");
    }

    /// Runs `body` as a function body in the page and returns its result.
    pub fn eval(&self, body: &str) -> Value {
        let v = self.post("/execute/sync", json!({ "script": body, "args": [] }));
        if let Some(err) = v["value"].get("error") {
            panic!("script failed: {err}: {}", v["value"]["message"]);
        }
        v["value"].clone()
    }

    /// The text of an open alert/confirm/prompt, if a script opened one.
    pub fn dialog(&self) -> Option<String> {
        let mut r = self.agent.get(format!("{}/alert/text", self.base)).call().ok()?;
        let v: Value = r.body_mut().read_json().ok()?;
        v["value"].as_str().map(str::to_string)
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Vec<u8> {
        let mut r =
            self.agent.get(format!("{}/screenshot", self.base)).call().unwrap_or_else(|e| panic!("screenshot: {e}"));
        let v: Value = r.body_mut().read_json().unwrap_or(Value::Null);
        STANDARD.decode(v["value"].as_str().unwrap_or_default()).unwrap_or_else(|e| panic!("screenshot: {e}"))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.agent.delete(&self.base).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// `file://` URL of a path.
pub fn file_url(p: &std::path::Path) -> String {
    format!("file://{}", p.display())
}
