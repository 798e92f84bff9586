//! The rules for URLs, shared by validation (which reports unsafe links),
//! rendering (which neutralises them and encodes paths) and `serve` (which
//! decodes request paths). Hand-written rather than taken from the `url`
//! crate: these are a few lines each, and they must read a link the way a
//! browser does, control characters and all, which a URL parser refuses.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlKind {
    /// `http`, `https`, `mailto`, `tel`.
    Absolute,
    /// `#section`.
    Fragment,
    /// A path, resolved against the compound folder.
    Relative,
    /// Any other scheme (`javascript:`, `data:`, `file:` …), or a
    /// protocol-relative `//host` that would leave the site unannounced.
    Unsafe,
}

/// Classifies a link target the way a browser would read it: control
/// characters and whitespace are ignored, schemes are case-insensitive.
pub(crate) fn classify(url: &str) -> UrlKind {
    let cleaned: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    if cleaned.starts_with('#') {
        return UrlKind::Fragment;
    }
    if cleaned.starts_with("//") || cleaned.starts_with("\\\\") || cleaned.starts_with("/\\") {
        return UrlKind::Unsafe;
    }
    let scheme_end = cleaned.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if cleaned[i..].starts_with(':') => {
            let scheme = cleaned[..i].to_ascii_lowercase();
            if matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel") {
                UrlKind::Absolute
            } else {
                UrlKind::Unsafe
            }
        }
        _ if cleaned.contains('&') && cleaned.contains(':') => UrlKind::Unsafe,
        _ => UrlKind::Relative,
    }
}

/// Percent-encodes what a path segment may not hold, keeping `/` and
/// non-ASCII text readable (browsers encode UTF-8 themselves).
pub(crate) fn encode_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c => out.push(c),
        }
    }
    out
}

/// `%XX` decoding; a malformed escape makes the whole path invalid (what
/// `serve` needs of a request path).
#[cfg(any(feature = "serve", test))]
pub(crate) fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// `%XX` decoding for link targets as staff wrote them: a malformed escape
/// stays as written, and bytes that are not UTF-8 become U+FFFD.
pub(crate) fn percent_decode_lossy(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_like_a_browser() {
        assert_eq!(classify("https://x.cn/a"), UrlKind::Absolute);
        assert_eq!(classify("TEL:057188881234"), UrlKind::Absolute);
        assert_eq!(classify("#top"), UrlKind::Fragment);
        assert_eq!(classify("attachments/a.pdf"), UrlKind::Relative);
        assert_eq!(classify("cases/2026-003/"), UrlKind::Relative);
        for u in [
            "java\tscript:x",
            " javascript:x",
            "data:text/html,x",
            "//evil.example",
            "\\\\host\\x",
            "&#106;avascript:x",
        ] {
            assert_eq!(classify(u), UrlKind::Unsafe, "{u}");
        }
    }

    #[test]
    fn encodes_only_what_a_path_may_not_hold() {
        assert_eq!(encode_path("attachments/现场 照片.jpg"), "attachments/现场%20照片.jpg");
        assert_eq!(encode_path("a\"<b>\\c"), "a%22%3Cb%3E%5Cc");
    }

    #[test]
    fn strict_decoding_refuses_malformed_escapes() {
        assert_eq!(percent_decode("/a%20b/%E6%96%B9"), Some("/a b/方".as_bytes().to_vec()));
        assert_eq!(percent_decode("/%2e%2E"), Some(b"/..".to_vec()));
        assert_eq!(percent_decode("/%zz"), None);
        assert_eq!(percent_decode("/%4"), None);
    }

    #[test]
    fn lossy_decoding_keeps_malformed_escapes() {
        assert_eq!(percent_decode_lossy("attachments/%E6%96%B9%E6%A1%88.pdf"), "attachments/方案.pdf");
        assert_eq!(percent_decode_lossy("100%zz"), "100%zz");
        assert_eq!(percent_decode_lossy("a%"), "a%");
        assert_eq!(percent_decode_lossy("%FF"), "\u{FFFD}");
    }
}
