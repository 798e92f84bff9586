//! The phone pages in headless Chromium: untrusted text runs no script
//! (the oracle behind the static scan in `tests/testsuite/pages.rs`), and
//! the layout fits small phones with large, high-contrast type.

use crate::chrome::{Browser, file_url};
use crate::support::{build, example, html_pages, payload_site};

#[test]
fn payloads_run_no_script_in_chromium() {
    let Some(b) = Browser::start(360, 740) else { return };
    let site = payload_site();
    assert_eq!(build(&site).code, 0);
    let out = site.root().join("public");
    let interesting = [
        "lanting/lanyuan/cases/2026-003/index.html",
        "lanting/lanyuan/notices/2026-11-05-dianti/index.html",
        "lanting/lanyuan/meetings/2026-10-28/index.html",
        "lanting/lanyuan/index.html",
        "lanting/lanyuan/cases/index.html",
        "index.html",
    ];
    for rel in interesting {
        let url = file_url(&out.join(rel));
        b.goto(&url);
        let r = b.eval(
            "var all = document.querySelectorAll('*');
             for (var i = 0; i < all.length; i++) {
               var el = all[i];
               ['mouseover','mouseenter','focus','toggle','animationstart'].forEach(function (t) {
                 try { el.dispatchEvent(new Event(t)); } catch (e) {}
               });
               if (el.focus) { try { el.focus(); } catch (e) {} }
             }
             var links = document.querySelectorAll('a[href]');
             var bad = [];
             for (var j = 0; j < links.length; j++) {
               var p = links[j].protocol;
               if (['http:','https:','mailto:','tel:','file:'].indexOf(p) < 0) bad.push(links[j].getAttribute('href'));
               if (links[j].getAttribute('href') === '#') links[j].click();
             }
             var off = performance.getEntriesByType('resource').filter(function (e) { return /^https?:/.test(e.name); }).map(function (e) { return e.name; });
             return {href: location.href, base: document.baseURI, bad: bad, off: off,
                     scripts: document.scripts.length, iframes: document.querySelectorAll('iframe,object,embed,svg,form,base').length};",
        );
        assert!(b.dialog().is_none(), "{rel}: a dialog opened");
        let page = |v: &serde_json::Value| v.as_str().map(|s| s.split('#').next().unwrap_or(s).to_string());
        assert_eq!(page(&r["href"]), Some(url.clone()), "{rel}: navigated");
        assert_eq!(page(&r["base"]), Some(url.clone()), "{rel}: baseURI changed");
        assert_eq!(r["bad"], serde_json::json!([]), "{rel}: unsafe link targets");
        assert_eq!(r["off"], serde_json::json!([]), "{rel}: off-site requests");
        assert_eq!(r["scripts"], 0, "{rel}: script elements");
        assert_eq!(r["iframes"], 0, "{rel}: active elements");
    }
}

/// What a browser measures on a page: overflow, the smallest body text,
/// the worst contrast ratio, the smallest tap target of a phone link.
const MEASURE: &str = "
  function rgb(s) { var m = s.match(/[\\d.]+/g) || [0,0,0,0]; return [+m[0], +m[1], +m[2], m.length > 3 ? +m[3] : 1]; }
  function lum(c) { var a = c.slice(0,3).map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2]; }
  function bg(el) { while (el) { var c = rgb(getComputedStyle(el).backgroundColor); if (c[3] > 0.5) return c; el = el.parentElement; } return [255,255,255,1]; }
  var minBody = 99, worst = 99, worstText = '', minTap = 999;
  var els = document.querySelectorAll('body *');
  for (var i = 0; i < els.length; i++) {
    var el = els[i], st = getComputedStyle(el);
    if (st.display === 'none' || st.visibility === 'hidden') continue;
    var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim().length > 0; });
    if (!own) continue;
    var r = el.getBoundingClientRect(); if (r.width === 0 || r.height === 0) continue;
    if (el.closest('.skip')) continue;
    var fs = parseFloat(st.fontSize);
    if (el.closest('main') && /^(P|LI|TD|DD|A|SPAN|STRONG|EM|H2|H3)$/.test(el.tagName) && !el.closest('nav,footer,small,.meta')) minBody = Math.min(minBody, fs);
    var l1 = lum(rgb(st.color)), l2 = lum(bg(el));
    var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (ratio < worst) { worst = ratio; worstText = el.tagName + ': ' + el.textContent.trim().slice(0, 30); }
  }
  var tels = document.querySelectorAll('a[href^=\"tel:\"]');
  for (var j = 0; j < tels.length; j++) { var b = tels[j].getBoundingClientRect(); if (b.height > 0) minTap = Math.min(minTap, b.height); }
  return {sw: document.documentElement.scrollWidth, iw: window.innerWidth, minBody: minBody, worst: worst, worstText: worstText, minTap: minTap};
";

#[test]
fn every_phone_page_fits_small_screens_with_large_readable_type() {
    let Some(b) = Browser::start(360, 740) else { return };
    let site = example();
    assert_eq!(build(&site).code, 0);
    let out = site.root().join("public");
    let pages: Vec<String> = html_pages(&out)
        .into_iter()
        .map(|(k, _)| k)
        // 404.html links its style by absolute path, for a server: not from a file.
        .filter(|k| !k.contains("/kiosk/") && !k.ends_with("print.html") && k != "404.html")
        .collect();
    assert!(pages.len() > 50, "{} pages", pages.len());
    let mut problems = Vec::new();
    for (w, sample) in [(360u32, false), (320, true), (414, true)] {
        b.viewport(w, 740);
        for rel in &pages {
            // Every page at 360 px; the narrowest and widest on the pages most read.
            if sample
                && !(rel.ends_with("/index.html") && rel.matches('/').count() <= 2 || rel.contains("/cases/2026-0"))
            {
                continue;
            }
            b.goto(&file_url(&out.join(rel)));
            let m = b.eval(MEASURE);
            let (sw, iw) = (m["sw"].as_f64().unwrap_or(0.0), m["iw"].as_f64().unwrap_or(0.0));
            if sw > iw + 0.5 {
                problems.push(format!("{rel} @{w}: scrolls sideways ({sw} > {iw})"));
            }
            if m["minBody"].as_f64().unwrap_or(0.0) < 18.0 {
                problems.push(format!("{rel} @{w}: body text {} px", m["minBody"]));
            }
            if m["worst"].as_f64().unwrap_or(0.0) < 7.0 {
                problems.push(format!(
                    "{rel} @{w}: contrast {:.2} ({})",
                    m["worst"].as_f64().unwrap_or(0.0),
                    m["worstText"]
                ));
            }
            if m["minTap"].as_f64().unwrap_or(999.0) < 44.0 {
                problems.push(format!("{rel} @{w}: a phone link is {} px tall", m["minTap"]));
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// Every phone number and date on the page, found in its text nodes: the
/// line boxes of each must share one line, and the page must not scroll
/// sideways.
const WRAPS: &str = "
  var re = /(\\+?\\d{3,4}[- ]\\d{7,8}|\\d{4}年\\d{1,2}月\\d{1,2}日|\\d{4}-\\d{2}-\\d{2})/g;
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, null);
  var seen = 0, split = [];
  for (var n = walker.nextNode(); n; n = walker.nextNode()) {
    var m; re.lastIndex = 0;
    while ((m = re.exec(n.textContent))) {
      var r = document.createRange();
      r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      var rects = r.getClientRects(), tops = {};
      for (var i = 0; i < rects.length; i++) if (rects[i].width > 0) tops[Math.round(rects[i].bottom)] = 1;
      if (rects.length === 0) continue;
      seen++;
      if (Object.keys(tops).length > 1) split.push(m[0] + ' in ' + n.parentNode.outerHTML.slice(0, 120));
    }
  }
  return {seen: seen, split: split, sw: document.documentElement.scrollWidth, iw: window.innerWidth};
";

#[test]
fn no_phone_number_or_date_wraps_at_320_px() {
    let Some(b) = Browser::start(320, 740) else { return };
    let site = example();
    assert_eq!(build(&site).code, 0);
    let out = site.root().join("public");
    for rel in [
        "yangguang/lanyuan/index.html",
        "yangguang/lanyuan/people/index.html",
        "yangguang/lanyuan/meetings/2026-10-28/index.html",
        "compliance/index.html",
        "yangguang/lanyuan/cases/2026-025/index.html",
        "yangguang/lanyuan/notices/2026-11-20-3haolou-dianti-weixiu-zijin/index.html",
    ] {
        b.goto(&file_url(&out.join(rel)));
        let m = b.eval(WRAPS);
        assert!(m["seen"].as_u64().unwrap_or(0) >= 3, "{rel}: found only {} phones and dates", m["seen"]);
        assert_eq!(m["split"], serde_json::json!([]), "{rel}: split across lines");
        assert!(m["sw"].as_f64().unwrap_or(0.0) <= m["iw"].as_f64().unwrap_or(0.0) + 0.5, "{rel}: scrolls sideways");
    }
}

#[test]
fn a_notice_poster_qr_code_decodes_to_the_notice_page() {
    let zbar = std::process::Command::new("zbarimg").arg("--version").output().is_ok();
    if !zbar {
        let required = std::env::var("GONGSHI_BROWSER_TESTS").is_ok_and(|v| v == "required");
        assert!(!required, "zbarimg is required (apt-get install zbar-tools)");
        return;
    }
    let Some(b) = Browser::start(800, 1100) else { return };
    let site = example();
    assert_eq!(build(&site).code, 0);
    let out = site.root().join("public");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let notice = "yangguang/lanyuan/notices/2026-11-20-3haolou-dianti-weixiu-zijin";
    b.goto(&file_url(&out.join(format!("{notice}/print.html"))));
    b.eval("document.querySelector('svg.qr').scrollIntoView(); return null;");
    let png = dir.path().join("poster.png");
    std::fs::write(&png, b.screenshot()).unwrap_or_else(|e| panic!("{e}"));
    let o = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(&png)
        .output()
        .unwrap_or_else(|e| panic!("zbarimg: {e}"));
    let decoded = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert_eq!(decoded, format!("https://gongshi.example.cn/{notice}/"));
}
