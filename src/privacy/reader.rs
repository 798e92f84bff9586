//! What a reader sees of a Markdown body, with a map back to the source.
//!
//! The privacy scan must read what a browser shows, not the bytes of the
//! file: `` 138`5800`7764 `` and `[138](x)58007764` show one phone number
//! although no run of source text spells it. So the body is parsed with the
//! same pulldown-cmark options as the renderer and the text of every event
//! (text, code spans and blocks, raw HTML shown as text, alt text, table
//! cells) is joined the way it is displayed: inline pieces touch, blocks and
//! table cells are kept apart. Link and image destinations and titles are
//! appended after the body, each on its own; the normaliser then decodes
//! their `%XX` escapes.
//!
//! Each piece of the result remembers the source range of its event, char
//! for char where the event's text is spelled literally in the source, so
//! that a hit is reported at the line and column the author typed.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Between blocks and table cells: a char that is neither a digit nor a
/// separator, so groups on either side are never joined into one number.
const BLOCK_BREAK: char = '\u{FFFC}';

/// The displayed text of a Markdown body.
#[derive(Debug, Default)]
pub struct ReaderText {
    pub text: String,
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Where the piece starts in `text`, and its length there.
    at: usize,
    len: usize,
    /// Source range; when `exact`, the piece is the source slice byte for byte.
    src: usize,
    src_end: usize,
    exact: bool,
}

impl ReaderText {
    /// The source byte range (relative to the Markdown passed in) that
    /// produced `range` of the reader text.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.locate(range.start, false);
        let end = self.locate(range.end, true).max(start);
        start..end
    }

    fn locate(&self, at: usize, is_end: bool) -> usize {
        let probe = if is_end { at.saturating_sub(1) } else { at };
        let i = self.pieces.partition_point(|p| p.at + p.len <= probe);
        let Some(p) = self.pieces.get(i).or_else(|| self.pieces.last()) else { return 0 };
        if p.exact {
            let off = at.clamp(p.at, p.at + p.len) - p.at;
            p.src + off
        } else if is_end {
            p.src_end
        } else {
            p.src
        }
    }

    fn push(&mut self, shown: &str, md: &str, range: Range<usize>) {
        if shown.is_empty() {
            return;
        }
        let slice = md.get(range.clone()).unwrap_or_default();
        // Most text is spelled in the source as shown, from the event's
        // first byte: no searcher is set up for it.
        let at = if slice.starts_with(shown) { Some(0) } else { slice.find(shown) };
        let (src, src_end, exact) = match at {
            Some(k) => (range.start + k, range.start + k + shown.len(), true),
            None => (range.start, range.end, false),
        };
        self.pieces.push(Piece { at: self.text.len(), len: shown.len(), src, src_end, exact });
        self.text.push_str(shown);
    }

    /// A char the reader sees that is not spelled in the source.
    fn synthetic(&mut self, c: char, range: Range<usize>) {
        self.pieces.push(Piece {
            at: self.text.len(),
            len: c.len_utf8(),
            src: range.start,
            src_end: range.end,
            exact: false,
        });
        self.text.push(c);
    }

    fn block_break(&mut self, at: usize) {
        if self.text.is_empty() || self.text.ends_with(BLOCK_BREAK) {
            return;
        }
        self.synthetic(BLOCK_BREAK, at..at);
    }
}

/// The text a reader sees of `md`, rendered with the renderer's options.
pub fn reader_text(md: &str) -> ReaderText {
    let mut out = ReaderText::default();
    let mut targets: Vec<(String, Range<usize>)> = Vec::new();
    for (event, range) in Parser::new_ext(md, crate::render::markdown::options()).into_offset_iter() {
        match event {
            Event::Text(s) | Event::Code(s) | Event::Html(s) | Event::InlineHtml(s) => out.push(&s, md, range),
            // A line break inside a paragraph is a space to the reader.
            Event::SoftBreak | Event::HardBreak => out.synthetic(' ', range),
            Event::Start(Tag::Link { dest_url, title, .. } | Tag::Image { dest_url, title, .. }) => {
                targets.push((dest_url.to_string(), range.clone()));
                targets.push((title.to_string(), range));
            }
            Event::Start(Tag::TableCell) | Event::End(TagEnd::TableCell) => out.block_break(range.start),
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image) => {}
            Event::End(_) => out.block_break(range.end),
            _ => {}
        }
    }
    for (shown, range) in targets {
        out.block_break(range.start);
        out.push(&shown, md, range);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(md: &str) -> String {
        reader_text(md).text.replace(BLOCK_BREAK, "|")
    }

    #[test]
    fn inline_pieces_touch_and_blocks_stay_apart() {
        assert_eq!(shown("138`5800`7764"), "13858007764|");
        assert_eq!(shown("**金**美玲 &amp; x"), "金美玲 & x|");
        assert_eq!(shown("a\n\nb"), "a|b|");
        assert_eq!(shown("| 1 | 2 |\n|---|---|\n| 3 | 4 |\n"), "1|2|3|4|");
        assert_eq!(shown("[文](tel:%2B86 \"题\") ![图](a.png)"), "文 图|tel:%2B86|题|a.png|");
    }

    #[test]
    fn ranges_map_back_to_the_source() {
        let md = "前言\n\n电话138`5800`7764。";
        let r = reader_text(md);
        let at = r.text.find("138").unwrap_or(0);
        let range = r.source_range(at..at + "13858007764".len());
        assert_eq!(&md[range], "138`5800`7764");
        // An entity maps to the whole entity.
        let md = "1&#51;8";
        let r = reader_text(md);
        assert_eq!(r.text.trim_end_matches(BLOCK_BREAK), "138");
        assert_eq!(&md[r.source_range(1..2)], "&#51;");
    }
}
