//! Search in Chromium on a 360×740 phone, on the ES5 code path: the script
//! runs with the APIs an Android 5 WebView lacks removed, reads `?q=` from
//! the address, and finds a case by a word of its title, its building and
//! its number.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::chrome::Browser;
use crate::static_server::StaticServer;
use crate::support::{build, example};

/// What an Android 5 WebView (Chromium 37) does not have. The APIs stay (the
/// WebDriver's own scripts need some of them), but a call from the search
/// script is recorded as an error, so a script that needs one fails here
/// instead of on a resident's old phone.
const OLD_WEBVIEW: &str = "
  window.__errors = [];
  window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });
  function guard(owner, name, label) {
    var orig = owner[name];
    if (!orig) return;
    owner[name] = function () {
      if (/search\\.js/.test(String(new Error().stack))) window.__errors.push('search.js calls ' + label);
      return orig.apply(this, arguments);
    };
  }
  guard(window, 'fetch', 'fetch');
  guard(window, 'URLSearchParams', 'URLSearchParams');
  guard(window, 'Promise', 'Promise');
  guard(String.prototype, 'includes', 'String#includes');
  guard(String.prototype, 'startsWith', 'String#startsWith');
  guard(String.prototype, 'endsWith', 'String#endsWith');
  guard(String.prototype, 'padStart', 'String#padStart');
  guard(Array.prototype, 'includes', 'Array#includes');
  guard(Array.prototype, 'find', 'Array#find');
  guard(Array.prototype, 'findIndex', 'Array#findIndex');
  guard(Array, 'from', 'Array.from');
  guard(Object, 'assign', 'Object.assign');
  guard(Element.prototype, 'closest', 'Element#closest');
  guard(Element.prototype, 'append', 'Element#append');
  guard(Element.prototype, 'remove', 'Element#remove');";

fn results(b: &Browser) -> Value {
    b.eval(
        "var links = document.querySelectorAll('#results a'), out = [];
         for (var i = 0; i < links.length; i++) out.push(links[i].getAttribute('href'));
         return {links: out, status: document.getElementById('status').textContent,
                 boxShown: document.getElementById('search').offsetHeight > 0, q: document.getElementById('q').value,
                 search: location.search, errors: window.__errors || ['no error hook'],
                 sw: document.documentElement.scrollWidth, iw: window.innerWidth};",
    )
}

/// Waits until the script has loaded its index and shown a result count.
fn settled(b: &Browser, what: &str) -> Value {
    let start = Instant::now();
    loop {
        let r = results(b);
        let status = r["status"].as_str().unwrap_or_default();
        if status.starts_with("找到") || status.starts_with("没有找到") {
            return r;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "{what}: no result: {r}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn type_query(b: &Browser, q: &str) {
    b.eval(&format!(
        "var i = document.getElementById('q'); i.value = {}; document.getElementById('status').textContent = '';
         i.dispatchEvent(new Event('input')); return null;",
        json!(q)
    ));
}

#[test]
fn search_finds_a_case_by_title_word_building_and_number_on_es5() {
    let Some(b) = Browser::start(360, 740) else { return };
    let site = example();
    assert_eq!(build(&site).code, 0);
    let server = StaticServer::start(&site.root().join("public"));
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": OLD_WEBVIEW }));

    // A link or QR code carries the query.
    b.goto(&server.url("yangguang/lanyuan/search/?q=%E6%B0%B4%E5%8E%8B"));
    let r = settled(&b, "?q=水压");
    assert_eq!(r["q"], "水压");
    assert_eq!(r["boxShown"], true, "the search box is shown");
    assert!(r["links"].as_array().is_some_and(|l| l.contains(&json!("../cases/2026-025/"))), "{r}");
    assert_eq!(r["errors"], json!([]), "script errors on the ES5 path");
    assert!(r["sw"].as_u64() <= r["iw"].as_u64(), "the page scrolls sideways at 360 px: {r}");

    // Typed queries: the building and the case number find the same case,
    // and the address follows, so the result can be shared.
    for q in ["14号楼", "2026-025", "１４栋"] {
        type_query(&b, q);
        let r = settled(&b, q);
        assert!(r["links"].as_array().is_some_and(|l| l.contains(&json!("../cases/2026-025/"))), "{q}: {r}");
        assert!(r["search"].as_str().is_some_and(|s| s.starts_with("?q=")), "{q}: {r}");
    }
    type_query(&b, "2026-025 水压");
    assert_eq!(settled(&b, "two words")["links"], json!(["../cases/2026-025/"]));
    type_query(&b, "没有这个词");
    let r = settled(&b, "nothing");
    assert_eq!(r["links"], json!([]));
    assert!(r["status"].as_str().is_some_and(|s| s.starts_with("没有找到")), "{r}");

    // The street-wide search finds it too, with the compound's name.
    b.goto(&server.url("search/?q=2026-025"));
    let r = settled(&b, "street ?q=2026-025");
    assert_eq!(r["links"], json!(["../yangguang/lanyuan/cases/2026-025/"]), "{r}");
    assert_eq!(r["errors"], json!([]));
    let meta = b.eval("return document.querySelector('#results .m').textContent;");
    assert!(meta.as_str().is_some_and(|m| m.contains("兰苑小区") && m.contains("2026-025")), "{meta}");
    // Following the result lands on the case page.
    b.eval("document.querySelector('#results a').click(); return null;");
    let start = Instant::now();
    while !b.eval("return location.pathname;").as_str().is_some_and(|p| p.ends_with("/cases/2026-025/")) {
        assert!(start.elapsed() < Duration::from_secs(10), "the result link did not open the case");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn search_script_is_es5() {
    let js = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/search.js"))
        .unwrap_or_default();
    assert!(js.contains("XMLHttpRequest"), "the theme's search script");
    let code: String = js
        .lines()
        .filter(|l| {
            !l.trim_start().starts_with("/*") && !l.trim_start().starts_with('*') && !l.trim_start().starts_with("//")
        })
        .collect::<Vec<_>>()
        .join("\n");
    for bad in [
        "let ",
        "const ",
        "=>",
        "class ",
        "`",
        "fetch(",
        "Promise",
        "async ",
        "await ",
        "...",
        "URLSearchParams",
        ".includes(",
        ".startsWith(",
        ".endsWith(",
        ".find(",
        "Array.from",
        "Object.assign",
        "innerHTML",
    ] {
        assert!(!code.contains(bad), "search.js uses `{bad}`");
    }
}

#[test]
fn without_javascript_the_search_page_leads_to_the_case_indexes() {
    let Some(b) = Browser::start(360, 740) else { return };
    let site = example();
    assert_eq!(build(&site).code, 0);
    let server = StaticServer::start(&site.root().join("public"));
    b.cdp("Emulation.setScriptExecutionDisabled", json!({ "value": true }));
    for rel in ["search/", "yangguang/lanyuan/search/"] {
        b.goto(&server.url(rel));
        let r = b.eval(
            "var links = document.querySelectorAll('main a'), shown = [];
             for (var i = 0; i < links.length; i++) if (links[i].offsetHeight > 0) shown.push(links[i].href);
             return {box: document.getElementById('search').offsetHeight, shown: shown,
                     loaded: performance.getEntriesByType('resource').map(function (e) { return e.name; })};",
        );
        assert_eq!(r["box"], 0, "{rel}: a search box that cannot work is hidden: {r}");
        let shown: Vec<&str> = r["shown"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        assert!(shown.iter().any(|h| h.ends_with("lanyuan/cases/by-building/")), "{rel}: {shown:?}");
        assert!(shown.iter().any(|h| h.ends_with("lanyuan/cases/by-category/")), "{rel}: {shown:?}");
        let loaded = r["loaded"].to_string();
        assert!(!loaded.contains("index.json"), "{rel}: the index is loaded by the script only: {loaded}");
    }
}
