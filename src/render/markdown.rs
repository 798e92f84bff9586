//! Markdown to HTML for untrusted text. Raw HTML is turned into text at the
//! event level, so readers see `<script>` literally; link and image targets
//! pass an allow-list of schemes; everything else pulldown-cmark escapes.

use std::collections::HashSet;

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeStream, html};

use super::format::tel;

// Re-exported for views and feeds, which encode attachment paths the same way.
pub(crate) use crate::url::encode_path;
use crate::url::{UrlKind, classify};

/// Shared with `privacy::reader`, which must parse bodies exactly as they are rendered.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// The `tel:` targets of the phones declared for a compound (see
/// `Compound::declared_phones`): only these become links inside a body.
#[derive(Debug, Clone, Default)]
pub(crate) struct Phones(HashSet<String>);

impl Phones {
    pub(crate) fn new<'a>(declared: impl IntoIterator<Item = &'a str>) -> Phones {
        Phones(declared.into_iter().filter_map(tel).collect())
    }
}

/// Renders `md`; relative links and images are resolved against the
/// compound folder, which is `prefix` away from the page.
pub(crate) fn to_html(md: &str, prefix: &str) -> String {
    to_html_calling(md, prefix, &Phones::default())
}

/// As `to_html`, and each declared phone written in the text becomes a
/// `tel:` link. Only text events are looked at, outside links, images and
/// code, so the privacy scan (which reads the Markdown source) is unaffected
/// and no number a scan let through by other means gets a link.
pub(crate) fn to_html_calling(md: &str, prefix: &str, phones: &Phones) -> String {
    let events = TextMergeStream::new(Parser::new_ext(md, options())).map(|e| match e {
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
    if phones.0.is_empty() {
        html::push_html(&mut out, events);
    } else {
        html::push_html(&mut out, link_phones(events, phones).into_iter());
    }
    out
}

/// Wraps each declared phone in plain text in a `tel:` link that never
/// breaks across lines. The link's markup is ours (its target is digits and
/// `+` only); the number itself stays a text event, escaped as any text.
fn link_phones<'a>(events: impl Iterator<Item = Event<'a>>, phones: &Phones) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    // Inside a link, an image (alt text) or a code block, text stays as is.
    let mut inside = 0usize;
    for e in events {
        match &e {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => inside += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => inside = inside.saturating_sub(1),
            Event::Text(t) if inside == 0 => {
                let mut rest = 0;
                for (range, target) in phone_spans(t, phones) {
                    out.push(Event::Text(CowStr::Boxed(t[rest..range.start].into())));
                    out.push(Event::InlineHtml(CowStr::Boxed(
                        format!("<a class=\"tel\" href=\"tel:{target}\">").into(),
                    )));
                    out.push(Event::Text(CowStr::Boxed(t[range.clone()].into())));
                    out.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
                    rest = range.end;
                }
                if rest > 0 {
                    out.push(Event::Text(CowStr::Boxed(t[rest..].into())));
                    continue;
                }
            }
            _ => {}
        }
        out.push(e);
    }
    out
}

/// Runs of digits (with `+`, `-` and single spaces between digit groups)
/// whose `tel:` target is a declared phone, with that target.
fn phone_spans(text: &str, phones: &Phones) -> Vec<(std::ops::Range<usize>, String)> {
    let mut spans = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let starts = (b[i].is_ascii_digit() || b[i] == b'+') && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        let mut last_digit = if b[i].is_ascii_digit() { end } else { i };
        while end < b.len() {
            let c = b[end];
            let joiner = (c == b'-' || c == b' ') && b.get(end + 1).is_some_and(u8::is_ascii_digit);
            if c.is_ascii_digit() {
                last_digit = end + 1;
            } else if !joiner {
                break;
            }
            end += 1;
        }
        let run = &text[i..last_digit];
        let after = b.get(last_digit).is_some_and(u8::is_ascii_alphanumeric);
        if let Some(target) = tel(run).filter(|t| !after && phones.0.contains(t)) {
            spans.push((i..last_digit, target));
        }
        i = last_digit.max(i + 1);
    }
    spans
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
    fn declared_phones_in_text_become_tel_links_and_nothing_else_does() {
        let phones = Phones::new(["0571-88882333", "0571-88881001"]);
        let md = concat!(
            "报修请打0571-88882333，或 0571 88881001。\n\n",
            "不是值班电话：0571-88889999、20260101。\n\n",
            "[已是链接 0571-88882333](https://x.cn) `0571-88882333`\n\n",
            "```\n0571-88882333\n```\n"
        );
        let h = to_html_calling(md, "", &phones);
        assert!(h.contains("报修请打<a class=\"tel\" href=\"tel:057188882333\">0571-88882333</a>，"), "{h}");
        assert!(h.contains("或 <a class=\"tel\" href=\"tel:057188881001\">0571 88881001</a>。"), "{h}");
        assert_eq!(h.matches("href=\"tel:").count(), 2, "{h}");
        assert!(h.contains("0571-88889999"), "{h}");
        // Without declared phones the output is what it always was.
        assert_eq!(to_html_calling(md, "", &Phones::default()), to_html(md, ""));
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
