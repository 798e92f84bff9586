//! From a request target to a file under the output folder: pure apart from
//! reading the folder, so it is tested without a server.

use std::path::{Path, PathBuf};

use crate::url::percent_decode;

/// What a request path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    File(PathBuf),
    /// A folder asked for without its trailing slash: relative links need it.
    Redirect(String),
    NotFound,
}

/// Resolves a request target to a file under `out`. Refuses, whatever the
/// encoding: `..`, dot-files and dot-folders (the output marker, state),
/// backslashes, NUL, drive letters, and anything whose real path is not
/// under `out`. Folders give their `index.html`, never a listing.
pub(super) fn resolve(out: &Path, target: &str) -> Target {
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    let path = path.split('#').next().unwrap_or("");
    if !path.starts_with('/') {
        return Target::NotFound;
    }
    let Some(decoded) = percent_decode(path).and_then(|b| String::from_utf8(b).ok()) else {
        return Target::NotFound;
    };
    let mut segments = Vec::new();
    for seg in decoded.split('/').filter(|s| !s.is_empty()) {
        if seg.starts_with('.') || seg.contains(['\\', '\0', ':']) {
            return Target::NotFound;
        }
        segments.push(seg);
    }
    let (Ok(base), Ok(real)) =
        (std::fs::canonicalize(out), std::fs::canonicalize(segments.iter().fold(out.to_path_buf(), |p, s| p.join(s))))
    else {
        return Target::NotFound;
    };
    if !real.starts_with(&base) {
        return Target::NotFound;
    }
    if real.is_dir() {
        let index = real.join("index.html");
        if !index.is_file() {
            return Target::NotFound;
        }
        if !decoded.ends_with('/') {
            // One leading slash: `//host/` would send the browser to another site.
            let path = format!("/{}", path.trim_start_matches('/'));
            return Target::Redirect(match query {
                Some(q) => format!("{path}/?{q}"),
                None => format!("{path}/"),
            });
        }
        return Target::File(index);
    }
    if real.is_file() && !decoded.ends_with('/') { Target::File(real) } else { Target::NotFound }
}

/// The media type, with UTF-8 for text: pages are Chinese.
pub(super) fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        for (p, body) in [
            ("index.html", "<html><head><title>t</title></head><body>home</body></html>"),
            ("lanting/lanyuan/index.html", "compound"),
            ("lanting/lanyuan/kiosk/landscape.html", "kiosk"),
            ("lanting/lanyuan/attachments/方案.pdf", "%PDF"),
            (".gongshi-output", "{}"),
            ("version.json", "{}"),
        ] {
            let f = out.join(p);
            std::fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
            std::fs::write(&f, body).expect("write");
        }
        std::fs::create_dir_all(out.join("empty")).expect("mkdir");
        std::fs::create_dir_all(dir.path().join(".public.gongshi/releases/1")).expect("mkdir");
        std::fs::write(dir.path().join("secret.txt"), "no").expect("write");
        let out = std::fs::canonicalize(out).expect("canonical");
        (dir, out)
    }

    #[test]
    fn resolves_files_folders_and_redirects() {
        let (_d, out) = site();
        assert_eq!(resolve(&out, "/"), Target::File(out.join("index.html")));
        assert_eq!(resolve(&out, "/?x=1"), Target::File(out.join("index.html")));
        assert_eq!(resolve(&out, "/lanting/lanyuan/"), Target::File(out.join("lanting/lanyuan/index.html")));
        assert_eq!(resolve(&out, "/lanting/lanyuan"), Target::Redirect("/lanting/lanyuan/".into()));
        assert_eq!(resolve(&out, "/lanting/lanyuan?a=b"), Target::Redirect("/lanting/lanyuan/?a=b".into()));
        assert_eq!(resolve(&out, "/version.json"), Target::File(out.join("version.json")));
        let pdf = "/lanting/lanyuan/attachments/%E6%96%B9%E6%A1%88.pdf";
        assert_eq!(resolve(&out, pdf), Target::File(out.join("lanting/lanyuan/attachments/方案.pdf")));
        assert_eq!(resolve(&out, "//lanting/lanyuan"), Target::Redirect("/lanting/lanyuan/".into()));
    }

    #[test]
    fn refuses_traversal_listings_and_dot_files() {
        let (_d, out) = site();
        for bad in [
            "/../secret.txt",
            "/../../etc/passwd",
            "/%2e%2e/secret.txt",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/..%2fsecret.txt",
            "/..%5c..%5csecret.txt",
            "/..\\secret.txt",
            "/.gongshi-output",
            "/%2egongshi-output",
            "/.public.gongshi/",
            "/../.public.gongshi/releases/1/",
            "/empty/",
            "/empty",
            "/missing.html",
            "/index.html/",
            "/a%00b",
            "/%zz",
            "/C:/Windows/win.ini",
            "relative",
            "",
        ] {
            assert_eq!(resolve(&out, bad), Target::NotFound, "{bad}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("a/index.html")), "text/html; charset=utf-8");
        assert_eq!(content_type(Path::new("version.json")), "application/json; charset=utf-8");
        assert_eq!(content_type(Path::new("x/feed.xml")), "application/xml; charset=utf-8");
        assert_eq!(content_type(Path::new("a.PDF")), "application/pdf");
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
