//! One request, one answer: the routes (live reload, the site's files, 404),
//! and the headers every answer carries. Files go through tower-http's
//! `ServeFile` (HEAD, Range, Last-Modified and 304); gzip is a layer around
//! this (see `listen.rs`).

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, Request, Response, StatusCode};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt as _, Full};
use tower::ServiceExt as _;
use tower_http::services::ServeFile;

use super::hub::{EventStream, Hub};
use super::resolve::{Target, content_type, resolve};
use crate::diag::Lang;
use crate::render::CSP;

/// Where live reload lives; `_` cannot start a slug, so no page is shadowed.
pub(super) const EVENTS: &str = "/__gongshi/events";
pub(super) const LIVE_JS: &str = "/__gongshi/live.js";
const LIVE_JS_BODY: &str = include_str!("live.js");

/// Kiosk boards and posters carry their own stricter policy in a `<meta>`
/// tag, with the hashes of their inline script and style; a header policy
/// would be enforced as well and block those, so they get only what a
/// `<meta>` policy cannot say. The same as `deploy/nginx.conf`.
pub(super) const KIOSK_CSP: &str = "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

pub(super) type Body = UnsyncBoxBody<Bytes, std::io::Error>;

/// What every connection shares.
#[derive(Debug)]
pub(super) struct Site {
    pub out: PathBuf,
    pub hub: Arc<Hub>,
    pub lang: Mutex<Lang>,
}

/// The service hyper calls for each request.
pub(super) async fn handle<B>(req: Request<B>, site: Arc<Site>) -> Result<Response<Body>, Infallible> {
    Ok(route(req, &site).await)
}

async fn route<B>(req: Request<B>, site: &Site) -> Response<Body> {
    let (parts, _) = req.into_parts();
    if parts.method != Method::GET && parts.method != Method::HEAD {
        let mut r = text(StatusCode::METHOD_NOT_ALLOWED, "405\n");
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let path = parts.uri.path();
    if path == LIVE_JS {
        let body = Bytes::from_static(LIVE_JS_BODY.as_bytes());
        return in_memory(&parts.headers, StatusCode::OK, "text/javascript; charset=utf-8", body, CSP);
    }
    if path == EVENTS {
        return events(&site.hub);
    }
    // Kiosk pages follow version.json by themselves: no live reload there.
    let kiosk_url = path.split('/').any(|s| s == "kiosk");
    match resolve(&site.out, target) {
        Target::File(file) => serve_file(parts, &file, !kiosk_url, site).await,
        Target::Redirect(to) => {
            let mut r = text(StatusCode::MOVED_PERMANENTLY, "");
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Target::NotFound => not_found(site, kiosk_url),
    }
}

/// How a published file is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A page or file of the site: the site's CSP, 304 when unchanged.
    Site,
    /// A kiosk board or poster: its own CSP, never 304.
    Kiosk,
    /// `version.json`, which kiosks poll: never 304.
    Version,
}

impl Kind {
    fn of(out: &Path, file: &Path) -> Kind {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let in_kiosk = file.parent().and_then(Path::file_name).is_some_and(|d| d == "kiosk");
        let html = Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("html"));
        if (in_kiosk && html) || name == "print.html" {
            Kind::Kiosk
        } else if file.parent() == Some(out) && name == "version.json" {
            Kind::Version
        } else {
            Kind::Site
        }
    }

    fn csp(self) -> &'static str {
        if self == Kind::Kiosk { KIOSK_CSP } else { CSP }
    }

    /// nginx's and our validators see whole seconds or sizes at best; two
    /// builds within a second must still reach a kiosk, and both files are small.
    fn revalidates(self) -> bool {
        self == Kind::Site
    }
}

async fn serve_file(parts: http::request::Parts, file: &Path, live: bool, site: &Site) -> Response<Body> {
    let out = std::fs::canonicalize(&site.out).unwrap_or_else(|_| site.out.clone());
    let kind = Kind::of(&out, file);
    let ctype = content_type(file);
    let mut headers = parts.headers;
    if !kind.revalidates() {
        for h in [header::IF_NONE_MATCH, header::IF_MODIFIED_SINCE, header::IF_RANGE] {
            headers.remove(h);
        }
    }
    // Posters follow no build either: they are printed.
    if live && kind != Kind::Kiosk && ctype.starts_with("text/html") {
        // Read the stamp first: if a build lands in between, the tab reloads once more, never once less.
        let stamp = site.hub.stamp();
        if let Ok(text) = tokio::fs::read_to_string(file).await {
            let body = Bytes::from(inject(&text, &stamp));
            return in_memory(&headers, StatusCode::OK, ctype, body, kind.csp());
        }
    }
    let etag = match tokio::fs::metadata(file).await {
        Ok(meta) if kind.revalidates() => file_etag(&meta),
        _ => None,
    };
    if let (Some(tag), Some(asked)) = (&etag, headers.get(header::IF_NONE_MATCH)) {
        if etag_matches(asked, tag) {
            return not_modified(tag, kind.csp());
        }
        // RFC 9110 13.2.2: If-None-Match overrides If-Modified-Since.
        headers.remove(header::IF_MODIFIED_SINCE);
    }
    let mut req = Request::new(());
    *req.method_mut() = parts.method;
    *req.uri_mut() = parts.uri;
    *req.headers_mut() = headers;
    let Ok(res) = ServeFile::new(file).oneshot(req).await;
    let (mut res_parts, body) = res.into_parts();
    if matches!(res_parts.status, StatusCode::OK | StatusCode::PARTIAL_CONTENT) {
        res_parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    }
    if let Some(tag) = etag.and_then(|t| HeaderValue::from_str(&t).ok()) {
        res_parts.headers.insert(header::ETAG, tag);
    }
    secure(&mut res_parts.headers, kind.csp());
    Response::from_parts(res_parts, body.boxed_unsync())
}

/// Size and modification time to the nanosecond. Weak, since gzip changes
/// the bytes sent but not what they mean.
fn file_etag(meta: &std::fs::Metadata) -> Option<String> {
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("W/\"{:x}-{:x}\"", meta.len(), modified.as_nanos()))
}

fn body_etag(body: &[u8]) -> String {
    format!("W/\"{:016x}\"", xxhash_rust::xxh3::xxh3_64(body))
}

/// Weak comparison (RFC 9110 8.8.3.2), as If-None-Match asks.
fn etag_matches(asked: &HeaderValue, ours: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let ours = bare(ours);
    asked.to_str().is_ok_and(|a| a.split(',').any(|t| t.trim() == "*" || bare(t) == ours))
}

fn not_modified(tag: &str, csp: &str) -> Response<Body> {
    let mut r = Response::new(empty());
    *r.status_mut() = StatusCode::NOT_MODIFIED;
    if let Ok(v) = HeaderValue::from_str(tag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    secure(r.headers_mut(), csp);
    r
}

/// An answer made here rather than read from a file, with an ETag of its bytes.
fn in_memory(asked: &HeaderMap, status: StatusCode, ctype: &'static str, body: Bytes, csp: &str) -> Response<Body> {
    let tag = body_etag(&body);
    if status == StatusCode::OK && asked.get(header::IF_NONE_MATCH).is_some_and(|a| etag_matches(a, &tag)) {
        return not_modified(&tag, csp);
    }
    let mut r = Response::new(Full::new(body).map_err(|never| match never {}).boxed_unsync());
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    secure(r.headers_mut(), csp);
    r
}

fn empty() -> Body {
    Full::new(Bytes::new()).map_err(|never| match never {}).boxed_unsync()
}

fn text(status: StatusCode, body: &'static str) -> Response<Body> {
    let mut r =
        Response::new(Full::new(Bytes::from_static(body.as_bytes())).map_err(|never| match never {}).boxed_unsync());
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    secure(r.headers_mut(), CSP);
    r
}

/// Headers on every answer: no caching without revalidation (a kiosk must
/// see the new `version.json`), the CSP, no type sniffing, no framing.
fn secure(h: &mut HeaderMap, csp: &str) {
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
    if let Ok(v) = HeaderValue::from_str(csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
}

fn not_found(site: &Site, kiosk_url: bool) -> Response<Body> {
    let lang = site.lang.lock().map_or(Lang::Zh, |l| *l);
    let (title, text, code) = match lang {
        Lang::Zh => ("找不到页面", "找不到这个页面。", "zh-CN"),
        Lang::En => ("Not found", "There is no such page.", "en"),
    };
    let page = format!(
        "<!doctype html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>404 {title}</title></head><body><h1>404</h1><p>{text}</p><p><a href=\"/\">/</a></p></body></html>\n"
    );
    let page = if kiosk_url { page } else { inject(&page, &site.hub.stamp()) };
    let mut r = in_memory(&HeaderMap::new(), StatusCode::NOT_FOUND, "text/html; charset=utf-8", Bytes::from(page), CSP);
    r.headers_mut().remove(header::ETAG);
    r
}

/// Server-Sent Events: one stream per open tab, until it closes or the server stops.
fn events(hub: &Hub) -> Response<Body> {
    let Some((rx, first)) = hub.subscribe() else {
        let mut r = text(StatusCode::SERVICE_UNAVAILABLE, "503\n");
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
        return r;
    };
    let mut r = Response::new(EventStream::new(rx, first).boxed_unsync());
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream; charset=utf-8"));
    secure(r.headers_mut(), CSP);
    r
}

/// Adds the live-reload script (external: the CSP forbids inline scripts).
pub(super) fn inject(html: &str, stamp: &str) -> String {
    let tag = format!("<script src=\"{LIVE_JS}?v={stamp}\" defer></script>");
    let lower = html.to_ascii_lowercase();
    let at = lower.find("</head>").or_else(|| lower.rfind("</body>")).unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + tag.len());
    out.push_str(&html[..at]);
    out.push_str(&tag);
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_head_end_or_at_the_end() {
        let s = inject("<html><HEAD><title>x</title></HEAD><body></body></html>", "a-1");
        assert_eq!(
            s,
            "<html><HEAD><title>x</title><script src=\"/__gongshi/live.js?v=a-1\" defer></script></HEAD><body></body></html>"
        );
        assert!(inject("plain", "a-1").ends_with("defer></script>"));
    }

    #[test]
    fn kiosk_boards_posters_and_version_json_are_told_apart() {
        let out = Path::new("/srv/public");
        assert_eq!(Kind::of(out, &out.join("a/b/kiosk/landscape.html")), Kind::Kiosk);
        assert_eq!(Kind::of(out, &out.join("a/b/kiosk/print.html")), Kind::Kiosk);
        assert_eq!(Kind::of(out, &out.join("a/b/print.html")), Kind::Kiosk);
        assert_eq!(Kind::of(out, &out.join("version.json")), Kind::Version);
        assert_eq!(Kind::of(out, &out.join("a/version.json")), Kind::Site);
        assert_eq!(Kind::of(out, &out.join("a/b/kiosk/qr.svg")), Kind::Site);
        assert_eq!(Kind::of(out, &out.join("a/b/index.html")), Kind::Site);
    }

    #[test]
    fn etags_compare_weakly() {
        let ours = "W/\"1f-2a\"";
        for (asked, hit) in [
            ("W/\"1f-2a\"", true),
            ("\"1f-2a\"", true),
            ("\"x\", W/\"1f-2a\"", true),
            ("*", true),
            ("\"1f-2b\"", false),
        ] {
            assert_eq!(etag_matches(&HeaderValue::from_static(asked), ours), hit, "{asked}");
        }
    }
}
