//! Links and images in Markdown bodies: unsafe schemes are reported (the
//! renderer replaces them with `#`), and relative targets must name a file
//! of the compound's `attachments/` when they are images or files, so no
//! page shows a broken image.

use pulldown_cmark::{Event, Parser, Tag};

use super::values::Cx;
use crate::diag::{FileId, Span, diag};
use crate::load::Attachment;
use crate::url::{UrlKind, classify, percent_decode_lossy};

pub(super) fn check(cx: &mut Cx, file: FileId, body: &str, body_at: usize, attachments: &[Attachment]) {
    for (event, range) in Parser::new(body).into_offset_iter() {
        let (url, image) = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        let span = Span::new(file, body_at + range.start, body_at + range.end);
        match classify(url) {
            UrlKind::Unsafe => cx.push(diag!(LinkUnsafe at span;
                    "不安全的链接，发布时会替换为 #", "unsafe link: it is published as #";
                    hint "链接只能是 http、https、mailto、tel 或本小区 attachments/ 里的文件。",
                         "Links may be http, https, mailto, tel or a file in attachments/.")),
            UrlKind::Relative => {
                let target = url.split(['#', '?']).next().unwrap_or_default();
                let target = percent_decode_lossy(target);
                // Links to other pages (`cases/2026-003/`) are fine; files must exist.
                let is_file = image || target.starts_with("attachments/");
                if is_file && !attachments.iter().any(|a| a.rel == target) {
                    let (zh, en) = if image {
                        (format!("找不到图片 {target}"), format!("image not found: {target}"))
                    } else {
                        (format!("找不到链接的文件 {target}"), format!("linked file not found: {target}"))
                    };
                    cx.push(diag!(AttachmentMissing at span;
                        zh, en;
                        hint "图片和文件请放进本小区的 attachments/ 文件夹，并写成 attachments/文件名（相对小区文件夹）。",
                             "Put the file in this compound's attachments/ and write attachments/name."));
                }
            }
            UrlKind::Absolute | UrlKind::Fragment => {}
        }
    }
}
