//! The content security policy of a kiosk page or poster allows its own
//! inline style and script by hash, computed from the rendered bytes.

use sha2::{Digest, Sha256};

/// The CSP sources allowing every inline `<tag>` block of `html`, by hash
/// of its exact text; `'none'` when there is none.
pub(super) fn hashes(html: &str, tag: &str) -> String {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i + open.len()..];
        // `<style>` or `<style media=…>`, not `<styles>`.
        if !rest.starts_with(['>', ' ', '\n', '\t']) {
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        rest = &rest[gt + 1..];
        let Some(end) = rest.find(&close) else { break };
        out.push(sha256_source(&rest[..end]));
        rest = &rest[end + close.len()..];
    }
    if out.is_empty() { "'none'".to_string() } else { out.join(" ") }
}

/// A CSP source for inline text: `'sha256-<base64 of the digest>'`.
pub(super) fn sha256_source(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

pub(super) fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        // sha256("") in a CSP source, as browsers compute it.
        assert_eq!(sha256_source(""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    }

    #[test]
    fn csp_hashes_cover_every_inline_block() {
        let html = "<style>a{}</style><styles>x</styles><script>1</script><script type=\"x\">2</script>";
        assert_eq!(hashes(html, "style"), sha256_source("a{}"));
        assert_eq!(hashes(html, "script"), format!("{} {}", sha256_source("1"), sha256_source("2")));
        assert_eq!(hashes("<p>no script</p>", "script"), "'none'");
    }
}
