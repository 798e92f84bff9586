//! Markdown to HTML for untrusted text. Raw HTML is turned into text at the
//! event level, so readers see `<script>` literally; link and image targets
//! pass an allow-list of schemes; everything else pulldown-cmark escapes.

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

// Re-exported for views and feeds, which encode attachment paths the same way.
pub use crate::url::encode_path;
use crate::url::{UrlKind, classify};

/// Shared with `privacy::reader`, which must parse bodies exactly as they are rendered.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Renders `md`; relative links and images are resolved against the
/// compound folder, which is `prefix` away from the page.
pub fn to_html(md: &str, prefix: &str) -> String {
    let events = Parser::new_ext(md, options()).map(|e| match e {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: rewrite(dest_url, prefix), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: rewrite(dest_url, prefix), title, id })
        }
        // Column alignment would be an inline style, which the CSP blocks.
        Event::Start(Tag::Table(aligns)) => Event::Start(Tag::Table(vec![Alignment::None; aligns.len()])),
        // The page has its own h1: a body's headings sit one level below it.
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: demote(level), id, classes, attrs })
        }
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    });
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn rewrite<'a>(url: CowStr<'a>, prefix: &str) -> CowStr<'a> {
    match classify(&url) {
        UrlKind::Unsafe => CowStr::Borrowed("#"),
        UrlKind::Absolute | UrlKind::Fragment => url,
        UrlKind::Relative => CowStr::Boxed(format!("{prefix}{}", encode_path(&url)).into_boxed_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_becomes_text() {
        let h = to_html("<script>alert(1)</script>\n\n段落 <img src=x onerror=alert(1)>", "");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
    }

    #[test]
    fn unsafe_schemes_are_neutralised() {
        for u in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:x",
            "data:text/html,<b>",
            "file:///etc/passwd",
            "//evil.example/x",
            "&#106;avascript:alert(1)",
        ] {
            assert_eq!(classify(u), UrlKind::Unsafe, "{u}");
            let h = to_html(&format!("[x](<{u}>) ![i](<{u}>)"), "");
            assert!(!h.to_ascii_lowercase().contains("script:"), "{u}: {h}");
        }
        let h = to_html("[x]: javascript:alert(1)\n\n[a][x] <javascript:alert(1)>", "");
        assert!(!h.contains("href=\"javascript"), "{h}");
    }

    #[test]
    fn relative_links_resolve_against_the_compound() {
        let h = to_html(
            "![图](<attachments/现场 照片.jpg>) [方案](attachments/a.pdf) [外](https://x.cn) [拨](tel:057188881234)",
            "../../",
        );
        assert!(h.contains("src=\"../../attachments/%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87.jpg\""), "{h}");
        assert!(h.contains("href=\"../../attachments/a.pdf\""), "{h}");
        assert!(h.contains("href=\"https://x.cn\""), "{h}");
        assert!(h.contains("href=\"tel:057188881234\""), "{h}");
    }

    #[test]
    fn ordinary_chinese_markdown_survives() {
        let md = "## 处理经过\n\n- **物业**已检修\n- 业委会监督\n\n| 项目 | 金额 |\n|---|--:|\n| 门机 | 3000 |\n";
        let h = to_html(md, "");
        assert!(!h.contains("style="), "{h}");
        for s in ["<h3>处理经过</h3>", "<strong>物业</strong>", "<table>", "<td>门机</td>"] {
            assert!(h.contains(s), "{s}: {h}");
        }
    }
}
