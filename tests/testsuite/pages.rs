//! The phone pages as residents see them: untrusted text stays text (static
//! scan and a headless-Chromium oracle), and the layout fits small phones
//! with large, high-contrast type.

use std::path::Path;

use crate::browser::{Browser, file_url};
use crate::build::{build, example, tree};
use crate::support::{NEW_CASE, SiteTest};

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=9></svg>",
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "<a href=\"javascript:alert(1)\">a1</a>",
    "[p6](javascript:alert(1))",
    "[p7](JaVaScRiPt:alert(1))",
    "[p8](< javascript:alert(1)>)",
    "[p9](&#106;avascript:alert(1))",
    "[p10](java&#x09;script:alert(1))",
    "<javascript:alert(1)>",
    "[p12](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[p13](vbscript:msgbox(1))",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<form><button formaction=javascript:alert(1)>p15</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "![p21](javascript:alert(1))",
    "[p22][evil]\n\n[evil]: javascript:alert(1)",
    "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\">",
    "{{ get_env(name=\"HOME\") }} {% raw %}x{% endraw %}",
];

/// The same tricks in YAML string fields (quoted for YAML, not for HTML).
const FIELD: &str = "<img src=x onerror=alert(2)>\\\" onmouseover=\\\"alert(3)\\\" {{ get_env(name='HOME') }}";

fn payload_site() -> SiteTest {
    let site = SiteTest::minimal();
    let body = PAYLOADS.join("\n\n");
    let case = format!(
        "---\ntitle: \"{FIELD}\"\nkind: daily\ncategory: \"{FIELD}\"\nchannel: \"{FIELD}\"\nreceived: 2026-11-20\nlocation: \"{FIELD}\"\nlead: property_company\nopinion: {{date: 2026-11-21, text: \"{FIELD}\"}}\nstatus: in_progress\nupdates:\n  - {{date: 2026-11-20, status: received, by: residents_committee, note: \"{FIELD}\"}}\n  - {{date: 2026-11-21, status: in_progress, by: property_company, note: \"{FIELD}\"}}\n---\n{body}\n"
    );
    site.write(NEW_CASE, case);
    let notice = "lanting/lanyuan/notices/2026-11-05-dianti.md";
    let text = site.read(notice);
    site.write(notice, format!("{text}\n{body}\n"));
    let meeting = "lanting/lanyuan/meetings/2026-10-28.md";
    let text = site.read(meeting);
    site.write(meeting, format!("{text}\n{body}\n"));
    // The same in the YAML of every other kind of file residents see.
    site.edit(notice, "title: 关于使用住宅专项维修资金维修3号楼电梯的公示", &format!("title: \"{FIELD}\""));
    site.edit(meeting, "topics: [3号楼电梯检修]", &format!("topics: [\"{FIELD}\"]\nobservers: [\"{FIELD}\"]"));
    site.edit(meeting, "{text: 物业12月20日前完成电梯检修,", &format!("{{text: \"{FIELD}\","));
    let compound = "lanting/lanyuan/compound.yaml";
    site.edit(compound, "address: 幸福路88号", &format!("address: \"{FIELD}\""));
    site.edit(compound, "name: 杭州兰庭物业服务有限公司", &format!("name: \"{FIELD}\""));
    site.edit(
        compound,
        "{name: 黄志强, position: 副主任,",
        &format!("{{name: 黄志强, position: \"{FIELD}\", duties: [\"{FIELD}\"],"),
    );
    let pledges = "lanting/lanyuan/pledges/2026.yaml";
    site.edit(pledges, "  - 每月组织一次小区环境巡查", &format!("  - \"{FIELD}\""));
    site
}

fn html_pages(out: &Path) -> Vec<(String, String)> {
    tree(out)
        .into_iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned()))
        .collect()
}

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
            let a = attrs.to_ascii_lowercase();
            match name.as_str() {
                "script" | "style" if own => scripts += 1,
                "script" | "iframe" | "object" | "embed" | "svg" | "style" | "base" | "form" | "math" | "frame"
                | "applet"
                    if !(own && name == "svg") =>
                {
                    panic!("{path}: <{name}{attrs}>");
                }
                "meta" => assert!(!a.contains("refresh"), "{path}: <meta{attrs}>"),
                _ => {}
            }
            let on_attr = a.split(|c: char| c.is_whitespace()).any(|w| {
                w.starts_with("on")
                    && w.contains('=')
                    && w[2..]
                        .split('=')
                        .next()
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphabetic()))
            });
            assert!(!on_attr, "{path}: event handler in <{name}{attrs}>");
            for scheme in ["javascript:", "vbscript:", "data:text"] {
                assert!(
                    !a.contains(&format!("=\"{scheme}")) && !a.contains(&format!("= \"{scheme}")),
                    "{path}: {scheme} in <{name}{attrs}>"
                );
            }
        }
        assert!(scripts <= 2, "{path}: {scripts} script/style elements");
        assert!(home.len() < 2 || !html.contains(&home), "{path}: an environment value was rendered");
        seen_payload |= html.contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
    assert!(seen_payload, "raw HTML is shown to readers as text");
}

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
        .filter(|k| !k.contains("/kiosk/") && !k.ends_with("print.html"))
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
