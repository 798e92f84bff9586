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
    /// Its fontconfig setup when it sees only one CJK font.
    _fonts: Option<tempfile::TempDir>,
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

/// A CJK font a kiosk player may ship, as its Debian package installs it.
#[derive(Debug, Clone, Copy)]
pub enum CjkFont {
    /// fonts-noto-cjk: the tallest line metrics (1.448 em).
    NotoSansCjk,
    /// fonts-wqy-zenhei: other widths and a shorter line (1.26 em).
    WenQuanYiZenHei,
}

impl CjkFont {
    fn package_and_file(self) -> (&'static str, &'static str) {
        match self {
            CjkFont::NotoSansCjk => ("fonts-noto-cjk", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
            CjkFont::WenQuanYiZenHei => ("fonts-wqy-zenhei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
        }
    }
}

/// A fontconfig setup that shows Chromium DejaVu for Latin and `font` as
/// the only CJK font, so a layout test sees what a player with that font sees.
fn only_font(font: CjkFont) -> Option<tempfile::TempDir> {
    let (package, file) = font.package_and_file();
    let dir = std::path::Path::new(file).parent()?;
    if !std::path::Path::new(file).is_file() {
        let required = std::env::var("GONGSHI_BROWSER_TESTS").is_ok_and(|v| v == "required");
        assert!(!required, "{file} is required (apt-get install {package})");
        eprintln!("skipping: no {file}");
        return None;
    }
    let tmp = tempfile::tempdir().ok()?;
    let conf = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n<dir>/usr/share/fonts/truetype/dejavu</dir>\n<dir>{}</dir>\n<cachedir>{}</cachedir>\n</fontconfig>\n",
        dir.display(),
        tmp.path().join("cache").display()
    );
    std::fs::write(tmp.path().join("fonts.conf"), conf).ok()?;
    Some(tmp)
}

impl Browser {
    /// A fresh headless browser with a `width`×`height` viewport, or `None`
    /// (the test then returns early) when no browser is installed here.
    pub fn start(width: u32, height: u32) -> Option<Browser> {
        Browser::launch(width, height, None)
    }

    /// As [`Browser::start`], with `font` as the only CJK font it can use.
    pub fn start_with_font(width: u32, height: u32, font: CjkFont) -> Option<Browser> {
        let fonts = only_font(font)?;
        Browser::launch(width, height, Some(fonts))
    }

    fn launch(width: u32, height: u32, fonts: Option<tempfile::TempDir>) -> Option<Browser> {
        let required = std::env::var("GONGSHI_BROWSER_TESTS").is_ok_and(|v| v == "required");
        let (Some(chromium), Some(driver)) = (find(&["chromium", "chromium-browser"]), find(&["chromedriver"])) else {
            assert!(!required, "chromium and chromedriver are required (apt-get install chromium chromium-driver)");
            eprintln!("skipping: no chromium/chromedriver on PATH");
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
        let mut command = Command::new(driver);
        // Chromium inherits the driver's environment, and with it the fonts.
        if let Some(f) = &fonts {
            command.env("FONTCONFIG_FILE", f.path().join("fonts.conf"));
        }
        let child = command.arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().ok()?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let profile = tempfile::tempdir().ok()?;
        let mut b = Browser {
            driver: child,
            _fonts: fonts,
            base: format!("http://127.0.0.1:{port}"),
            agent,
            _profile: profile,
        };
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
        self.zoomed_viewport(width, height, 1.0);
    }

    /// As [`Browser::viewport`], drawn at `zoom` device pixels per CSS
    /// pixel (as `--force-device-scale-factor`): text is laid out at that
    /// resolution, so glyph widths and line boxes round differently.
    pub fn zoomed_viewport(&self, width: u32, height: u32, zoom: f64) {
        self.post(
            "/goog/cdp/execute",
            json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {"width": width, "height": height, "deviceScaleFactor": zoom, "mobile": false}}),
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
