//! The phone pages as residents see them: untrusted text stays text (a
//! static scan of every page), and a compound's home stays small. The same
//! payloads in headless Chromium, and the layout on small phones, are in the
//! browser tier (`tests/browser/pages.rs`).

use crate::support::{build, example, html_pages, payload_site};

/// Every opening tag's name and its attribute text.
fn tags(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if name.is_empty() {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        out.push((name.to_ascii_lowercase(), rest[name.len()..end].to_string()));
        rest = &rest[end..];
    }
    out
}

/// An opening tag's attributes, names lowercased, values unquoted.
fn attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim_start_matches('/');
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let name: String = rest.chars().take_while(|c| !c.is_whitespace() && !"=/>".contains(*c)).collect();
        if name.is_empty() {
            return out;
        }
        rest = rest[name.len()..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => after[1..].split_once(q).unwrap_or((&after[1..], "")),
                _ => after.split_at(after.find(char::is_whitespace).unwrap_or(after.len())),
            };
            value = v.to_string();
            rest = tail;
        }
        out.push((name.to_ascii_lowercase(), value));
    }
}

#[test]
fn the_scan_reads_attributes_as_a_browser_does() {
    let names = |t: &str| attributes(t).into_iter().map(|(n, _)| n).collect::<Vec<_>>();
    assert_eq!(
        names(" content=\"x onclick=alert(1)\" OnLoad=y data-a='b c' hidden"),
        ["content", "onload", "data-a", "hidden"]
    );
    assert_eq!(attributes(" href = \"javascript:x\""), [("href".to_string(), "javascript:x".to_string())]);
}

#[test]
fn payloads_stay_text_in_every_page_static_scan() {
    let site = payload_site();
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = std::env::var("HOME").unwrap_or_default();
    let pages = html_pages(&site.root().join("public"));
    assert!(pages.len() > 10);
    let mut seen_payload = false;
    for (path, html) in &pages {
        let own = path.contains("/kiosk/") || path.ends_with("print.html");
        let mut scripts = 0;
        for (name, attrs) in tags(html) {
            match name.as_str() {
                "script" | "style" if own => scripts += 1,
                // The search page's one script: external, from the site's own assets.
                "script" if path.ends_with("search/index.html") && attrs.ends_with("assets/search.js\" defer") => {}
                "script" | "iframe" | "object" | "embed" | "svg" | "style" | "base" | "form" | "math" | "frame"
                | "applet"
                    if !(own && name == "svg") =>
                {
                    panic!("{path}: <{name}{attrs}>");
                }
                _ => {}
            }
            // Attribute by attribute, as a browser parses them: text inside a
            // quoted value (a description quoting a payload) is not an attribute.
            for (n, v) in attributes(&attrs) {
                let v = v.trim().to_ascii_lowercase();
                assert!(!(name == "meta" && n == "http-equiv" && v.contains("refresh")), "{path}: <meta{attrs}>");
                let handler = n.len() > 2 && n.starts_with("on") && n.chars().all(|c| c.is_ascii_alphabetic());
                assert!(!handler, "{path}: event handler in <{name}{attrs}>");
                for scheme in ["javascript:", "vbscript:", "data:text"] {
                    assert!(!v.starts_with(scheme), "{path}: {scheme} in <{name}{attrs}>");
                }
            }
        }
        assert!(scripts <= 2, "{path}: {scripts} script/style elements");
        assert!(home.len() < 2 || !html.contains(&home), "{path}: an environment value was rendered");
        seen_payload |= html.contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
    assert!(seen_payload, "raw HTML is shown to readers as text");
}

#[test]
fn compound_home_is_under_30_kb_with_its_css() {
    let site = example();
    assert_eq!(build(&site).code, 0);
    let out = site.root().join("public");
    let css = std::fs::metadata(out.join("assets/style.css")).map(|m| m.len()).unwrap_or(0);
    assert!(css > 0);
    for home in [
        "yangguang/lanyuan/index.html",
        "yangguang/guiyuan/index.html",
        "hepingli/jinxiu/index.html",
        "hepingli/xinyuan-2/index.html",
    ] {
        let html = std::fs::metadata(out.join(home)).map(|m| m.len()).unwrap_or(u64::MAX);
        assert!(html + css < 30 * 1024, "{home}: {html} + {css} bytes");
    }
    for (path, html) in html_pages(&out) {
        if path.contains("/kiosk/") || path.ends_with("print.html") {
            continue;
        }
        assert!(html.contains("Content-Security-Policy"), "{path}: no CSP");
        for t in tags(&html) {
            if t.0 == "link" || t.0 == "img" || t.0 == "script" {
                assert!(
                    !t.1.contains("http://") && !t.1.contains("https://"),
                    "{path}: external resource <{}{}>",
                    t.0,
                    t.1
                );
            }
        }
    }
}
