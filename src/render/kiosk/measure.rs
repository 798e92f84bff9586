//! How tall a row is: font sizes, a wrapping estimate that errs wide, and
//! the height of each kind of row. Pagination and the CSS use the same numbers.

use std::fmt::Write as _;

use serde::Serialize;

use super::board::{Item, Part, Row};

/// A font size and its line height, in pixels.
#[derive(Debug, Clone, Copy, Serialize)]
pub(super) struct Font {
    pub(super) px: f64,
    pub(super) lh: f64,
}

/// The tallest content area (ascent + descent) of the fonts a player may
/// draw with, in em. Chromium counts a line's content area, not its line
/// height, into the height of a box that clips, so a last line whose font
/// is taller than its line height runs its box over by half the
/// difference. Measured in Chromium 156: Noto Sans CJK 1.448 em (the
/// tallest), Droid Sans Fallback 1.31, WenQuanYi Zen Hei 1.26, DejaVu Sans
/// 1.17. 1.5 leaves a few hundredths for fonts not measured; what still
/// runs over on a device is shrunk by the kiosk's script.
pub(super) const CONTENT_EM: f64 = 1.5;

impl Font {
    /// Room a box needs below a last line in this font: how far the
    /// line's content area may reach past its line height (see [`CONTENT_EM`]).
    pub(super) fn overhang(self) -> f64 {
        ((CONTENT_EM * self.px - self.lh) / 2.0).ceil().max(0.0)
    }
}

/// The sizes of a list, shared by the estimate and the CSS.
#[derive(Debug, Clone, Copy, Serialize)]
pub(super) struct Metrics {
    pub(super) body: Font,
    pub(super) meta: Font,
    pub(super) tag: Font,
    pub(super) group: Font,
    /// Print only: a section title inside the flow.
    pub(super) section: Font,
    /// Padding above and below an item, its bottom rule, and the gap
    /// between its tag, text and phone.
    pub(super) pad: f64,
    pub(super) rule: f64,
    pub(super) gap: f64,
    /// Space above a group heading or a section title.
    pub(super) group_top: f64,
    /// Horizontal padding inside a tag.
    pub(super) tag_pad: f64,
    /// Space above a tag, centring it on the first line of text.
    pub(super) tag_top: f64,
}

/// Width of a character in em, erring wide: anything not ASCII takes a
/// full em (CJK, full-width punctuation, symbols), capitals and wide Latin
/// letters three quarters, other ASCII six tenths.
pub(super) fn char_em(c: char) -> f64 {
    match c {
        ' ' | '\n' | '\t' => 0.35,
        'M' | 'W' | 'm' | 'w' | '@' | '%' => 0.9,
        'A'..='Z' => 0.72,
        _ if c.is_ascii() => 0.6,
        _ => 1.0,
    }
}

pub(super) fn em(text: &str) -> f64 {
    text.chars().map(char_em).sum()
}

/// Marks a run of text that never breaks (`white-space: nowrap`).
pub(super) const KEEP: (char, char) = ('\u{2}', '\u{3}');

/// How many lines `text` takes at `px` in a box `width` wide, the way a
/// browser wraps it: CJK anywhere, Latin words whole unless longer than a
/// line. The margin absorbs differences between fonts.
pub(super) fn lines(text: &str, px: f64, width: f64) -> usize {
    let max = (width * 0.95 / px).max(1.0);
    let chars: Vec<char> = text.chars().collect();
    let (mut n, mut line, mut i) = (1, 0.0f64, 0);
    while i < chars.len() {
        let c = chars[i];
        let word = c.is_ascii() && !c.is_ascii_whitespace() && c != KEEP.0;
        let j = if c == KEEP.0 {
            i + 1 + chars[i..].iter().take_while(|&&c| c != KEEP.1).count()
        } else if word {
            i + chars[i..].iter().take_while(|c| c.is_ascii() && !c.is_ascii_whitespace() && **c != KEEP.0).count()
        } else {
            i + 1
        };
        let w: f64 =
            chars[i..j.min(chars.len())].iter().filter(|c| **c != KEEP.0 && **c != KEEP.1).copied().map(char_em).sum();
        if line + w <= max {
            line += w;
        } else if c.is_whitespace() {
            // A space at the end of a line is dropped.
        } else if w <= max {
            n += 1;
            line = w;
        } else {
            for &ch in &chars[i..j] {
                let cw = char_em(ch);
                if line + cw > max {
                    n += 1;
                    line = 0.0;
                }
                line += cw;
            }
        }
        i = j;
    }
    n
}

/// Per section: the width of its tag column and of its phone column.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Columns {
    pub(super) key: &'static str,
    pub(super) tag: f64,
    pub(super) phone: f64,
}

impl Metrics {
    pub(super) fn columns(&self, s: &Part) -> Columns {
        let mut c = Columns { key: s.key, tag: 0.0, phone: 0.0 };
        for r in &s.rows {
            if let Row::Item(it) = r {
                if let Some(tag) = &it.tag {
                    c.tag = c.tag.max((em(&tag.text) * self.tag.px + 2.0 * self.tag_pad + 2.0 * self.rule).ceil());
                }
                if let Some(ph) = &it.phone {
                    c.phone = c.phone.max((em(ph) * self.body.px * 1.05).ceil());
                }
            }
        }
        c
    }

    pub(super) fn text_width(&self, it: &Item, width: f64, cols: &Columns) -> f64 {
        let mut w = width;
        if it.tag.is_some() {
            w -= cols.tag + self.gap;
        }
        if it.phone.is_some() {
            w -= cols.phone + self.gap;
        }
        w.max(self.body.px * 2.0)
    }

    pub(super) fn meta_text(it: &Item) -> String {
        let mut s = it.meta.join(" · ");
        if let Some(a) = &it.alert {
            // One unbreakable run; its padding is worth about one more character.
            let _ = write!(s, " {}{a}　{}", KEEP.0, KEEP.1);
        }
        s
    }

    pub(super) fn height(&self, row: &Row, width: f64, cols: &Columns) -> f64 {
        match row {
            Row::Section { title, note } => {
                let text = format!("{title} {}", note.as_deref().unwrap_or(""));
                self.group_top + lines(&text, self.section.px, width) as f64 * self.section.lh + self.rule
            }
            Row::Group { text } => self.group_top + lines(text, self.group.px, width) as f64 * self.group.lh,
            Row::Item(it) => {
                let tw = self.text_width(it, width, cols);
                let mut h = lines(&it.text, self.body.px, tw) as f64 * self.body.lh;
                let meta = Self::meta_text(it);
                if !meta.is_empty() {
                    h += lines(&meta, self.meta.px, tw) as f64 * self.meta.lh;
                }
                let mut side: f64 = 0.0;
                if it.tag.is_some() {
                    side = self.tag_box() + self.tag_top;
                }
                if it.phone.is_some() {
                    side = side.max(self.body.lh);
                }
                2.0 * self.pad + self.rule + h.max(side)
            }
        }
    }

    /// A tag is one line with a border.
    pub(super) fn tag_box(&self) -> f64 {
        self.tag.lh + 2.0 * self.rule
    }

    pub(super) fn centred(mut self) -> Metrics {
        self.tag_top = ((self.body.lh - self.tag_box()) / 2.0).max(0.0).floor();
        self
    }

    /// Cuts an item whose text alone is taller than `budget` into pieces
    /// that fit: nothing is cut off and nothing shrinks.
    pub(super) fn split(&self, it: &Item, width: f64, cols: &Columns, budget: f64, cont: &str) -> Vec<Item> {
        if self.height(&Row::Item(it.clone()), width, cols) <= budget {
            return vec![it.clone()];
        }
        let tw = self.text_width(it, width, cols);
        let meta = Self::meta_text(it);
        let meta_h = if meta.is_empty() { 0.0 } else { lines(&meta, self.meta.px, tw) as f64 * self.meta.lh };
        let room = budget - 2.0 * self.pad - self.rule;
        let max_lines = ((room / self.body.lh).floor() as usize).max(1);
        let chars: Vec<char> = it.text.chars().collect();
        let mut pieces = Vec::new();
        let mut start = 0;
        while start < chars.len() {
            // The longest prefix of the rest that fits in max_lines; pieces
            // after the first start with the continuation mark.
            let mark = if start == 0 { "" } else { cont };
            let (mut lo, mut hi) = (start + 1, chars.len());
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                let s: String = mark.chars().chain(chars[start..mid].iter().copied()).collect();
                if lines(&s, self.body.px, tw) <= max_lines {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            pieces.push(mark.chars().chain(chars[start..lo].iter().copied()).collect::<String>());
            start = lo;
        }
        // The meta line goes with the last piece, which may need one more cut.
        let last_fits =
            pieces.last().is_some_and(|s| lines(s, self.body.px, tw) as f64 * self.body.lh + meta_h <= room);
        if !last_fits && !meta.is_empty() {
            pieces.push(cont.to_string());
        }
        let n = pieces.len();
        pieces
            .into_iter()
            .enumerate()
            .map(|(i, text)| Item {
                tag: if i == 0 { it.tag.clone() } else { None },
                text,
                meta: if i + 1 == n { it.meta.clone() } else { vec![] },
                alert: if i + 1 == n { it.alert.clone() } else { None },
                phone: if i == 0 { it.phone.clone() } else { None },
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_estimate() {
        // 10 CJK characters at 40 px need 400 px and a little margin.
        assert_eq!(lines("一二三四五六七八九十", 40.0, 430.0), 1);
        assert_eq!(lines("一二三四五六七八九十", 40.0, 400.0), 2);
        assert_eq!(lines("一二三四五六七八九十", 40.0, 200.0), 3);
        // Latin words move whole; a word longer than a line is broken.
        assert_eq!(lines("aaaa bbbb", 10.0, 30.0), 2);
        assert_eq!(lines("aaaaaaaaaaaaaaaaaaaa", 10.0, 60.0), 3);
        assert_eq!(lines("", 10.0, 60.0), 1);
        // A kept run moves whole to the next line.
        assert_eq!(lines("一二三\u{2}四五\u{3}", 10.0, 42.0), 2);
        assert_eq!(lines("一二三四五", 10.0, 42.0), 2);
        assert_eq!(lines("一二\u{2}三\u{3}", 10.0, 42.0), 1);
    }
}
