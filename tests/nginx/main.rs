//! `deploy/nginx.conf`, served by a real nginx: what a resident's phone, a
//! kiosk and an attacker see. Run with `cargo test --test nginx`; without
//! nginx these tests print why and pass, unless `GONGSHI_NGINX_TESTS=required`.

// A test crate has no API: `pub` only shares helpers between its modules.
#![allow(unreachable_pub)]

mod server;

use server::{
    Nginx, Site, chromium_or_skip, dom_after_scripts, files_under, get, nginx_or_skip, raw_get, request, url_path,
};

const KIOSK: &str = "/lanting/lanyuan/kiosk/landscape.html";
const KIOSK_END: &str = "<!--kiosk-end-->";
const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
/// A theme asset whose name carries a content hash (the documented pattern).
const FINGERPRINTED: &str = "app.0123456789abcdef.css";

fn built_site() -> Site {
    let site = Site::new();
    site.theme_static(FINGERPRINTED, b"body { color: #222; }\n");
    // Big enough to be worth compressing (gzip_min_length is 256 bytes).
    let calendar =
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}END:VCALENDAR\r\n", "X-GONGSHI:联席会议\r\n".repeat(40));
    site.theme_static("sample.ics", calendar.as_bytes());
    site.theme_static("sample.csv", "\u{feff}社区,小区,本月受理\r\n".repeat(40).as_bytes());
    site.theme_static(
        "sample.webp",
        b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00",
    );
    site.build();
    site
}

fn assert_security_headers(r: &server::Reply, what: &str) {
    assert_eq!(r.header("X-Content-Type-Options"), Some("nosniff"), "{what}");
    assert_eq!(r.header("Referrer-Policy"), Some("same-origin"), "{what}");
    assert_eq!(r.header("X-Frame-Options"), Some("SAMEORIGIN"), "{what}");
    let csp = r.header("Content-Security-Policy").unwrap_or_else(|| panic!("{what}: no CSP"));
    assert!(csp.contains("frame-ancestors 'self'"), "{what}: {csp}");
    assert!(csp.contains("object-src 'none'"), "{what}: {csp}");
}

#[test]
fn pages_data_and_assets_carry_the_headers_the_site_needs() {
    let Some(nginx_bin) = nginx_or_skip() else { return };
    let site = built_site();
    let nginx = Nginx::start(&nginx_bin, &site.out);

    // A phone page: the site's own policy, revalidated on every visit.
    let page = get(&nginx.url("/lanting/lanyuan/"));
    assert_eq!(page.status, 200, "{}", nginx.log());
    assert_eq!(page.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert_eq!(page.header("Cache-Control"), Some("no-cache"));
    assert_eq!(page.header("Content-Security-Policy"), Some(gongshi::CSP));
    assert_security_headers(&page, "phone page");
    assert_eq!(page.body, std::fs::read(site.out.join("lanting/lanyuan/index.html")).expect("page"));
    assert!(page.header("Content-Encoding").is_none(), "gzip only when asked for");

    let zipped = request("GET", &nginx.url("/lanting/lanyuan/"), &[("Accept-Encoding", "gzip")]);
    assert_eq!(zipped.header("Content-Encoding"), Some("gzip"));
    assert!(zipped.body.starts_with(GZIP_MAGIC));
    assert!(zipped.body.len() < page.body.len());
    assert_eq!(zipped.header("Vary"), Some("Accept-Encoding"));
    assert_eq!(zipped.header("Cache-Control"), Some("no-cache"));

    // What a kiosk polls.
    let version = get(&nginx.url("/version.json"));
    assert_eq!(version.status, 200);
    assert_eq!(version.header("Content-Type"), Some("application/json; charset=utf-8"));
    assert_eq!(version.header("Cache-Control"), Some("no-cache"));
    assert_security_headers(&version, "version.json");

    // Every text type is compressed.
    for (path, ctype) in [
        ("/lanting/lanyuan/data.json", "application/json; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/assets/sample.ics", "text/calendar; charset=utf-8"),
        ("/assets/sample.csv", "text/csv; charset=utf-8"),
    ] {
        let r = request("GET", &nginx.url(path), &[("Accept-Encoding", "gzip")]);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("Content-Type"), Some(ctype), "{path}");
        assert_eq!(r.header("Content-Encoding"), Some("gzip"), "{path}");
        assert!(r.body.starts_with(GZIP_MAGIC), "{path}");
        assert_security_headers(&r, path);
    }
    let webp = get(&nginx.url("/assets/sample.webp"));
    assert_eq!(webp.header("Content-Type"), Some("image/webp"));

    // Names that stay the same across builds are revalidated; only a
    // content-hashed asset name is cached for good.
    assert_eq!(get(&nginx.url("/assets/style.css")).header("Cache-Control"), Some("no-cache"));
    let pdf = get(&nginx.url(&url_path("/lanting/lanyuan/attachments/dianti-fangan.pdf")));
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("Cache-Control"), Some("no-cache"));
    let hashed = get(&nginx.url(&format!("/assets/{FINGERPRINTED}")));
    assert_eq!(hashed.status, 200);
    assert_eq!(hashed.header("Cache-Control"), Some("public, max-age=31536000, immutable"));
}

#[test]
fn kiosk_pages_keep_their_own_script_policy() {
    let Some(nginx_bin) = nginx_or_skip() else { return };
    let site = built_site();
    let nginx = Nginx::start(&nginx_bin, &site.out);
    for path in [KIOSK, "/lanting/lanyuan/kiosk/portrait.html", "/lanting/lanyuan/print.html"] {
        let r = get(&nginx.url(path));
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("Cache-Control"), Some("no-cache"), "{path}");
        assert_security_headers(&r, path);
        // Every policy given is enforced: a header naming script or style
        // sources would block the inline script and style the page's own
        // <meta> policy allows by hash.
        let header = r.header("Content-Security-Policy").unwrap_or_default();
        for directive in ["default-src", "script-src", "style-src"] {
            assert!(!header.contains(directive), "{path}: {header}");
        }
        assert!(r.text().contains("http-equiv=\"Content-Security-Policy\""), "{path} has its own policy");
    }
}

/// The proof of the policy above: in a real browser, through nginx's
/// headers, the board's inline script runs (it scales the canvas to the
/// window); a header policy that blocked it would leave a blank board.
#[test]
fn a_kiosk_board_runs_its_script_in_chromium_through_nginx() {
    let Some(nginx_bin) = nginx_or_skip() else { return };
    let Some(chromium) = chromium_or_skip() else { return };
    let site = built_site();
    let nginx = Nginx::start(&nginx_bin, &site.out);
    let dom = dom_after_scripts(&chromium, &nginx.url(KIOSK));
    assert!(dom.contains("id=\"canvas\""), "chromium did not load the board: {}", &dom[..dom.len().min(500)]);
    let canvas = dom.split("id=\"canvas\"").nth(1).and_then(|t| t.split('>').next()).unwrap_or_default();
    assert!(canvas.contains("scale("), "the board's script did not run: <div id=\"canvas\"{canvas}>");
}

#[test]
fn missing_pages_are_404_and_folders_never_listed() {
    let Some(nginx_bin) = nginx_or_skip() else { return };
    let site = built_site();
    let nginx = Nginx::start(&nginx_bin, &site.out);
    let custom_404 = std::fs::read(site.out.join("404.html")).ok();
    for path in ["/no-such-page/", "/lanting/lanyuan/cases/2099-001/", "/assets/", "/lanting/lanyuan/attachments/"] {
        let r = get(&nginx.url(path));
        assert_eq!(r.status, 404, "{path}");
        assert_security_headers(&r, path);
        assert!(!r.text().contains("Index of"), "{path} is listed");
        // The site's own 404 page (which links the stylesheet), byte for byte, or no listing.
        match &custom_404 {
            Some(page) => assert_eq!(&r.body, page, "{path}: the site's 404.html"),
            None => assert!(!r.text().contains("style.css"), "{path} is listed"),
        }
    }
    // A folder without its slash is redirected, so relative links work.
    let r = get(&nginx.url("/lanting/lanyuan"));
    assert_eq!(r.status, 301);
    assert!(r.header("Location").is_some_and(|l| l.ends_with("/lanting/lanyuan/")), "{:?}", r.header("Location"));
    // Nothing can be written.
    assert_eq!(request("POST", &nginx.url("/index.html"), &[]).status, 405);
}

#[test]
fn dotfiles_and_kept_releases_are_unreachable() {
    let Some(nginx_bin) = nginx_or_skip() else { return };
    let site = built_site();
    // A second build keeps the first as a release beside the output.
    edit_case_title(&site, "3号楼电梯已检修完毕");
    site.build();
    let kept = files_under(&site.state_dir());
    assert!(kept.iter().any(|p| p.ends_with("index.html")), "a release should be kept beside the output: {kept:?}");

    // Served as intended: the output folder is the root.
    let nginx = Nginx::start(&nginx_bin, &site.out);
    assert_eq!(get(&nginx.url("/index.html")).status, 200, "{}", nginx.log());
    for target in [
        "/.gongshi-output",
        "/%2Egongshi-output",
        "/assets/../.gongshi-output",
        "/../.public.gongshi/lock",
        "/%2e%2e/.public.gongshi/lock",
        "/..%2f.public.gongshi/lock",
        "/assets/..%2f..%2f.public.gongshi/lock",
        "/assets/%2e%2e/%2e%2e/.public.gongshi/lock",
        "/lanting/../../www/.public.gongshi/lock",
    ] {
        let (status, body) = raw_get(nginx.port, target);
        assert!(status == 404 || status == 400, "{target}: {status}");
        assert!(!String::from_utf8_lossy(&body).contains("\"files\""), "{target} leaked the manifest");
    }
    for file in &kept {
        let rel = file.strip_prefix(site.out.parent().expect("www")).expect("under www");
        let target = url_path(&format!("/../{}", rel.to_string_lossy().replace('\\', "/")));
        let (status, _) = raw_get(nginx.port, &target);
        assert!(status == 404 || status == 400, "{target}: {status}");
    }
    drop(nginx);

    // Served carelessly: the root one folder too high, so the kept releases
    // sit inside it. The dotfile rule still hides every one of them.
    let www = site.out.parent().expect("www");
    let careless = Nginx::start(&nginx_bin, www);
    assert_eq!(get(&careless.url("/public/index.html")).status, 200, "{}", careless.log());
    assert_eq!(raw_get(careless.port, "/public/.gongshi-output").0, 404);
    for file in &kept {
        let rel = file.strip_prefix(www).expect("under www").to_string_lossy().replace('\\', "/");
        let target = url_path(&format!("/{rel}"));
        let (status, body) = raw_get(careless.port, &target);
        assert_eq!(status, 404, "{target} is reachable");
        let bytes = std::fs::read(file).unwrap_or_default();
        assert!(bytes.len() < 64 || body != bytes, "{target} served a kept file");
    }
}

#[test]
fn a_kiosk_polling_through_nginx_sees_the_next_build() {
    let Some(nginx_bin) = nginx_or_skip() else { return };
    let site = built_site();
    let nginx = Nginx::start(&nginx_bin, &site.out);

    let before = poll(&nginx);
    assert!(before.page.contains("3号楼电梯频繁停运"));
    // What the kiosk polls is never answered 304, even when asked.
    let last_modified = get(&nginx.url("/version.json")).header("Last-Modified").map(str::to_string);
    if let Some(lm) = &last_modified {
        let again = request("GET", &nginx.url("/version.json"), &[("If-Modified-Since", lm)]);
        assert_eq!(again.status, 200);
    }
    assert!(get(&nginx.url("/version.json")).header("ETag").is_none());
    assert!(get(&nginx.url(KIOSK)).header("ETag").is_none());

    // An edit and a rebuild while nginx keeps serving.
    edit_case_title(&site, "3号楼电梯已检修完毕，恢复运行");
    site.build();
    let after = poll(&nginx);
    assert_ne!(after.build, before.build, "version.json did not change");
    assert!(after.page.contains("3号楼电梯已检修完毕，恢复运行"), "the kiosk page did not change");
    assert!(!after.page.contains("3号楼电梯频繁停运"));

    // A phone page is revalidated: its old ETag no longer matches.
    let page = "/lanting/lanyuan/cases/2026-001/";
    let r = get(&nginx.url(page));
    let etag = r.header("ETag").expect("pages keep ETags").to_string();
    assert_eq!(request("GET", &nginx.url(page), &[("If-None-Match", &etag)]).status, 304);
    edit_case_title(&site, "3号楼电梯已更换门机");
    site.build();
    let fresh = request("GET", &nginx.url(page), &[("If-None-Match", &etag)]);
    assert_eq!(fresh.status, 200);
    assert!(fresh.text().contains("3号楼电梯已更换门机"));
}

/// What a kiosk does: version.json, then its page, which must be complete:
/// the byte length version.json announces and the end marker.
struct Poll {
    build: String,
    page: String,
}

fn poll(nginx: &Nginx) -> Poll {
    let version = get(&nginx.url(&format!("/version.json?t={}", std::process::id())));
    assert_eq!(version.status, 200, "{}", nginx.log());
    let v: serde_json::Value = serde_json::from_slice(&version.body).expect("version.json is JSON");
    let build = v["build"].as_str().expect("build id").to_string();
    let announced = v["kiosk"][KIOSK.trim_start_matches('/')].as_u64().expect("kiosk page length");
    // The announced length is of the page itself (a browser counts it after
    // undoing gzip), so it is compared with the page as stored.
    let page = get(&nginx.url(KIOSK));
    assert_eq!(page.status, 200);
    assert_eq!(page.body.len() as u64, announced, "the page is not the one version.json announces");
    let text = page.text();
    assert!(text.trim_end().ends_with(KIOSK_END), "the page is incomplete");
    Poll { build, page: text }
}

fn edit_case_title(site: &Site, title: &str) {
    let path = site.path("content/lanting/lanyuan/cases/2026-001.md");
    let text = std::fs::read_to_string(&path).expect("case file");
    let line = text.lines().find(|l| l.starts_with("title:")).expect("title line").to_string();
    std::fs::write(&path, text.replacen(&line, &format!("title: {title}"), 1)).expect("edit case");
}
