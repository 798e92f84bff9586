//! The one normaliser every privacy comparison goes through.
//!
//! Readers do not see the bytes of a file, they see what a browser makes of
//! them: `1&#51;8` is `138`, a soft hyphen or a zero-width space is nothing,
//! `①` and `𝟏` are digits, `138—5800—7764` is a phone number. So before
//! anything is compared with a pattern or a private value, text is brought
//! into one spelling:
//!
//! 1. HTML entities (named and numeric) and `%XX` escapes are decoded, and a
//!    Markdown backslash before punctuation (`\-`) is dropped;
//! 2. each char is NFKC-normalised (full-width, superscript, circled and
//!    mathematical digits become ASCII);
//! 3. invisible format characters (category Cf, the soft hyphen, variation
//!    selectors) are dropped;
//! 4. the remaining digit forms (other scripts' digits, dingbat circles,
//!    Suzhou numerals, Chinese numerals `〇零一二…九` and `幺`, financial
//!    `壹贰叁…`) become ASCII digits; `两` is left alone, as nobody reads a
//!    number digit by digit with it;
//! 5. every space becomes `' '`, every dash `'-'`, middle dots `'.'`.
//!
//! [`Mode::Readable`] then collapses runs of spaces; [`Mode::Compact`]
//! removes every run of separators (space, dash, dot, slash, `*`, `\`)
//! between two digits, so `138 5800 7764` and `13858007764` are one string.
//!
//! Every output char remembers the source bytes it came from, so a hit in
//! normalised text is reported at the source line and column.
//!
//! NFKC is applied char by char (through the `unicode-normalization` crate)
//! rather than to the whole string, so that each output char keeps an exact
//! source range; composition across chars (`e` + combining accent) does not
//! matter for digits and CJK. The Cf list is written out here because the
//! general-category crates are far larger than the dozen ranges needed.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Separators kept (spaces collapsed): what the PII scanner reads.
    Readable,
    /// Separators between digits removed: what private values are compared with.
    Compact,
}

/// Normalised text with a map back to the source.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    /// One entry per output char, in order.
    pieces: Vec<Piece>,
    /// Compact mode: offsets in `text` where separators between two digits
    /// were removed (not counting a lone `.`, which joins a decimal).
    edges: Vec<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    at: usize,
    src: usize,
    src_end: usize,
}

impl Normalized {
    /// The source byte range that produced `range` of the normalised text.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let first = self.pieces.partition_point(|p| p.at < range.start);
        let last = self.pieces.partition_point(|p| p.at < range.end);
        match (self.pieces.get(first), last.checked_sub(1).and_then(|i| self.pieces.get(i))) {
            (Some(a), Some(b)) if first < last => a.src..b.src_end,
            (Some(a), _) => a.src..a.src,
            _ => self.pieces.last().map_or(0..0, |p| p.src_end..p.src_end),
        }
    }

    /// True when separators between two digit groups were removed at `at`
    /// (compact mode): a group boundary the reader saw.
    pub fn is_group_edge(&self, at: usize) -> bool {
        self.edges.binary_search(&at).is_ok()
    }
}

/// Normalises `src` (see the module documentation).
pub fn normalize(src: &str, mode: Mode) -> Normalized {
    normalize_into(src, mode, true)
}

/// [`normalize`] without the map back to the source: the same text and
/// group edges, for callers that never report a position (the publish gate
/// reads whole output files, where the map would cost 24 bytes per char:
/// 180 MB for a 300-compound city's `cases.csv`). [`Normalized::source_range`]
/// of the result is always empty.
pub fn normalize_unmapped(src: &str, mode: Mode) -> Normalized {
    normalize_into(src, mode, false)
}

/// The [`Mode::Compact`] text (and group edges, no map) of the source whose
/// [`Mode::Readable`] normalisation is `readable`: the same as normalising
/// the source again (a property test holds them equal), at the cost of one
/// pass over text that needs no decoding. Readable text differs from
/// compact only in its separator runs (every separator already in its one
/// spelling, spaces collapsed), and which runs compact drops depends only
/// on the chars on both sides and which separators the run holds.
pub fn compact_from_readable(readable: &Normalized) -> Normalized {
    let t = &readable.text;
    let bytes = t.as_bytes();
    let mut out = Normalized { text: String::with_capacity(t.len()), pieces: Vec::new(), edges: Vec::new() };
    let mut i = 0;
    while i < t.len() {
        let kept = bytes[i..].iter().take_while(|&&b| !is_separator(char::from(b))).count();
        out.text.push_str(&t[i..i + kept]);
        i += kept;
        let run = bytes[i..].iter().take_while(|&&b| is_separator(char::from(b))).count();
        if run == 0 {
            continue;
        }
        let seps = &t[i..i + run];
        let before = out.text.chars().next_back();
        let after = t[i + run..].chars().next();
        let digits = before.is_some_and(|c| c.is_ascii_digit()) && after.is_some_and(|c| c.is_ascii_digit());
        let han = before.is_some_and(is_han) && after.is_some_and(is_han) && seps.bytes().all(|b| b == b' ');
        if digits {
            if seps.bytes().any(|b| b != b'.') {
                out.edges.push(out.text.len());
            }
        } else if !han {
            out.text.push_str(seps);
        }
        i += run;
    }
    out
}

fn normalize_into(src: &str, mode: Mode, mapped: bool) -> Normalized {
    // Normalising never lengthens ASCII and seldom anything else: one
    // allocation instead of a doubling series of copies of a whole page.
    let n = Normalized { text: String::with_capacity(src.len()), ..Normalized::default() };
    let mut out = Builder { n, mode, pending: Vec::new(), mapped };
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < src.len() {
        // Most of every page is markup, ASCII words and Chinese prose that
        // no step changes: such a run is copied whole (the normaliser was
        // a third of a 1,000-compound build, one char at a time).
        let run = plain_len(&bytes[i..], mode);
        if run > 1 {
            out.plain_run(&src[i..i + run], i);
            i += run;
            continue;
        }
        // A run of ASCII whitespace (the indentation of every page) reads
        // as one space: one pending separator with the run's source range,
        // which is what the run's spaces one by one would collapse to.
        let blank =
            bytes[i..].iter().take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')).count();
        if blank > 0 {
            out.emit(' ', i, i + blank);
            i += blank;
            continue;
        }
        let c = src[i..].chars().next().unwrap_or_default();
        if c == '&' {
            if let Some((decoded, len)) = entity(&src[i..]) {
                out.source_char(decoded, i, i + len);
                i += len;
                continue;
            }
        } else if c == '%' {
            if let Some((decoded, len)) = percent(&src[i..]) {
                let mut at = i;
                for d in decoded.chars() {
                    let step = 3 * d.len_utf8();
                    out.source_char(d, at, at + step);
                    at += step;
                }
                i += len;
                continue;
            }
        } else if c == '\\' && bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
            // A Markdown escape: `\-` renders as `-`.
            i += 1;
            continue;
        }
        out.source_char(c, i, i + c.len_utf8());
        i += c.len_utf8();
    }
    out.finish()
}

struct Builder {
    n: Normalized,
    mode: Mode,
    /// Separators not yet written: whether they are dropped depends on
    /// whether a digit follows.
    pending: Vec<(char, usize, usize)>,
    /// Whether each output char's source range is kept.
    mapped: bool,
}

impl Builder {
    fn source_char(&mut self, c: char, src: usize, src_end: usize) {
        // ASCII and the unified Han block are NFKC-stable: most text skips
        // the decomposition machinery.
        if c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            return self.normalized_char(c, src, src_end);
        }
        for k in std::iter::once(c).nfkc() {
            self.normalized_char(k, src, src_end);
        }
    }

    fn normalized_char(&mut self, k: char, src: usize, src_end: usize) {
        if is_invisible(k) {
            return;
        }
        match digit_value(k) {
            Some(v) if v < 10 => self.emit(char::from(b'0' + v as u8), src, src_end),
            Some(v) => {
                for d in v.to_string().chars() {
                    self.emit(d, src, src_end);
                }
            }
            None => self.emit(canonical_separator(k), src, src_end),
        }
    }

    fn emit(&mut self, c: char, src: usize, src_end: usize) {
        if is_separator(c) {
            self.pending.push((c, src, src_end));
            return;
        }
        let last = self.n.text.chars().next_back();
        let after_digit = last.is_some_and(|p| p.is_ascii_digit());
        if self.mode == Mode::Compact && after_digit && c.is_ascii_digit() && !self.pending.is_empty() {
            if self.pending.iter().any(|(p, ..)| *p != '.') {
                self.n.edges.push(self.n.text.len());
            }
            self.pending.clear();
        }
        // `金 美 玲` is read as one name: spaces between Han chars go too.
        if self.mode == Mode::Compact
            && last.is_some_and(is_han)
            && is_han(c)
            && self.pending.iter().all(|(p, ..)| *p == ' ')
        {
            self.pending.clear();
        }
        self.flush();
        self.push(c, src, src_end);
    }

    fn flush(&mut self) {
        for (p, src, src_end) in std::mem::take(&mut self.pending) {
            // A space after a space is not written again; the map widens instead.
            if p == ' ' && self.n.text.ends_with(' ') {
                if let Some(last) = self.n.pieces.last_mut() {
                    last.src_end = src_end;
                }
            } else {
                self.push(p, src, src_end);
            }
        }
    }

    /// A run of plain chars (see [`plain_len`]): its first char may end
    /// pending separators, exactly as [`Builder::emit`] would; every later
    /// one, with no separator pending, `emit` would only have pushed.
    fn plain_run(&mut self, run: &str, at: usize) {
        let Some(first) = run.chars().next() else { return };
        let w = first.len_utf8();
        self.emit(first, at, at + w);
        if is_separator(first) {
            // A plain separator (Readable mode) is written before the rest
            // of its run, as the run's next char would have flushed it.
            self.flush();
        }
        let rest = &run[w..];
        if self.mapped {
            let start = self.n.text.len();
            self.n.pieces.extend(rest.char_indices().map(|(k, c)| Piece {
                at: start + k,
                src: at + w + k,
                src_end: at + w + k + c.len_utf8(),
            }));
        }
        self.n.text.push_str(rest);
    }

    fn push(&mut self, c: char, src: usize, src_end: usize) {
        if self.mapped {
            self.n.pieces.push(Piece { at: self.n.text.len(), src, src_end });
        }
        self.n.text.push(c);
    }

    fn finish(mut self) -> Normalized {
        self.flush();
        self.n
    }
}

/// An ASCII byte every step leaves as it is and that starts nothing: not
/// the start of an entity (`&`), escape (`%`) or Markdown escape (`\\`),
/// not a space or control; in [`Mode::Compact`] not a separator either,
/// as those are dropped between digits. Digits are plain: inside a run no
/// separator is pending, so a digit is only pushed.
fn is_plain_ascii(b: u8, mode: Mode) -> bool {
    // A table: this is asked of every byte of every page twice.
    match mode {
        Mode::Readable => PLAIN_READABLE[usize::from(b)],
        Mode::Compact => PLAIN_COMPACT[usize::from(b)],
    }
}

static PLAIN_READABLE: [bool; 256] = plain_table(Mode::Readable);
static PLAIN_COMPACT: [bool; 256] = plain_table(Mode::Compact);

const fn plain_table(mode: Mode) -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0u8;
    while b < 128 {
        let starts_something = matches!(b, b'&' | b'%' | b'\\');
        let separator = matches!(b, b'-' | b'.' | b'/' | b'*');
        t[b as usize] = b.is_ascii_graphic() && !starts_something && (matches!(mode, Mode::Readable) || !separator);
        b += 1;
    }
    t
}

/// The length in bytes of the run of plain chars at the start of `bytes`:
/// [`is_plain_ascii`] bytes, [`is_plain_wide`] chars, and a single space
/// after a plain ASCII byte (in [`Mode::Compact`], one that is not a
/// digit): such a space is neither collapsed nor dropped, only pushed.
fn plain_len(bytes: &[u8], mode: Mode) -> usize {
    let mut n = 0;
    while let Some(&b) = bytes.get(n) {
        let plain_space = b == b' '
            && n > 0
            && is_plain_ascii(bytes[n - 1], mode)
            && (mode == Mode::Readable || !bytes[n - 1].is_ascii_digit());
        if is_plain_ascii(b, mode) || plain_space {
            n += 1;
        } else if b & 0xF0 == 0xE0 && bytes.len() >= n + 3 {
            // A three-byte UTF-8 sequence (the input is a `str`).
            let c =
                (u32::from(b & 0x0F) << 12) | (u32::from(bytes[n + 1] & 0x3F) << 6) | u32::from(bytes[n + 2] & 0x3F);
            if !char::from_u32(c).is_some_and(is_plain_wide) {
                break;
            }
            n += 3;
        } else {
            break;
        }
    }
    n
}

/// A non-ASCII char every step leaves as it is: a unified Han ideograph
/// that is not a numeral (NFKC-stable, visible, no digit, no separator),
/// or one of the Chinese punctuation marks prose is full of that NFKC
/// leaves alone (`，` and `：` are full-width forms NFKC changes, so they
/// are not here).
fn is_plain_wide(c: char) -> bool {
    match c {
        '\u{4E00}'..='\u{9FFF}' => han_digit(c).is_none(),
        '。' | '、' | '“' | '”' | '‘' | '’' | '《' | '》' | '「' | '」' | '『' | '』' | '【' | '】' => {
            true
        }
        _ => false,
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '/' | '*' | '\\')
}

/// Every space, dash and middle dot in one spelling.
fn canonical_separator(c: char) -> char {
    match c {
        c if c.is_whitespace() => ' ',
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{2043}'
        | '\u{FE58}'
        | '\u{FE63}'
        | '\u{FF0D}'
        | '\u{30FC}'
        | '\u{2E3A}'
        | '\u{2E3B}' => '-',
        '\u{00B7}' | '\u{2022}' | '\u{2027}' | '\u{30FB}' | '\u{FF65}' | '\u{2219}' => '.',
        _ => c,
    }
}

/// Format characters and other code points a reader never sees.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{08E2}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// The zero of each decimal-digit block that NFKC leaves alone.
const ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50,
    0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50,
    0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0,
    0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60,
    0x16AC0, 0x16B50, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The value of a digit form NFKC does not turn into ASCII (ASCII digits
/// themselves are returned as they are).
fn digit_value(c: char) -> Option<u32> {
    let u = c as u32;
    // Most characters read are ASCII (the markup of every rendered page).
    if u < ZEROS[0] {
        return c.is_ascii_digit().then(|| u - u32::from(b'0'));
    }
    // ZEROS is sorted: the block that could hold `u` is the last zero at or
    // before it. (A linear scan here was 44 % of a full build's CPU: every
    // character of every rendered page passes through.)
    let block = ZEROS.partition_point(|&z| z <= u).checked_sub(1).map(|i| ZEROS[i]);
    if let Some(z) = block.filter(|&z| u < z + 10) {
        return Some(u - z);
    }
    if let Some(v) = han_digit(c) {
        return Some(v);
    }
    let v = match c {
        '0'..='9' => u - '0' as u32,
        '〇' | '⓿' => 0,
        '\u{3021}'..='\u{3029}' => u - 0x3020,
        '\u{2776}'..='\u{277F}' => u - 0x2775,
        '\u{2780}'..='\u{2789}' => u - 0x277F,
        '\u{278A}'..='\u{2793}' => u - 0x2789,
        '\u{24F5}'..='\u{24FE}' => u - 0x24F4,
        '\u{24EB}'..='\u{24F4}' => u - 0x24EB + 11,
        _ => return None,
    };
    Some(v)
}

/// The value of a Chinese numeral in the unified Han block (`〇` is not
/// in it), read digit by digit as people spell phone numbers.
fn han_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' => 0,
        '一' | '幺' | '壹' => 1,
        '二' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// `&name;`, `&#NNN;` or `&#xHH;` at the start of `s`: the char and the length.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.get(..34.min(s.len())).unwrap_or(s).find(';')?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(value)?
    } else {
        named_entity(body)?
    };
    Some((c, end + 1))
}

/// The named entities that can spell a digit, a separator, a space or an
/// invisible char, plus the markup ones every page uses.
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" | "NonBreakingSpace" => '\u{A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "emsp13" => '\u{2004}',
        "emsp14" => '\u{2005}',
        "numsp" => '\u{2007}',
        "puncsp" => '\u{2008}',
        "thinsp" | "ThinSpace" => '\u{2009}',
        "hairsp" | "VeryThinSpace" => '\u{200A}',
        "MediumSpace" => '\u{205F}',
        "ZeroWidthSpace"
        | "NegativeVeryThinSpace"
        | "NegativeThinSpace"
        | "NegativeMediumSpace"
        | "NegativeThickSpace" => '\u{200B}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "NoBreak" => '\u{2060}',
        "ApplyFunction" | "af" => '\u{2061}',
        "InvisibleTimes" | "it" => '\u{2062}',
        "InvisibleComma" | "ic" => '\u{2063}',
        "shy" => '\u{AD}',
        "Tab" => '\t',
        "NewLine" => '\n',
        "hyphen" | "dash" => '\u{2010}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "horbar" => '\u{2015}',
        "minus" => '\u{2212}',
        "hybull" => '\u{2043}',
        "period" => '.',
        "sol" => '/',
        "bsol" => '\\',
        "ast" | "midast" => '*',
        "middot" | "centerdot" | "CenterDot" => '\u{B7}',
        "bull" | "bullet" => '\u{2022}',
        "plus" => '+',
        "num" => '#',
        "percnt" => '%',
        "commat" => '@',
        "colon" => ':',
        "comma" => ',',
        "lowbar" | "UnderBar" => '_',
        "sup1" => '\u{B9}',
        "sup2" => '\u{B2}',
        "sup3" => '\u{B3}',
        "frac12" | "half" => '\u{BD}',
        "frac14" => '\u{BC}',
        "frac34" => '\u{BE}',
        "hellip" | "mldr" => '\u{2026}',
        _ => return None,
    })
}

/// A run of `%XX` at the start of `s` that decodes to printable text.
fn percent(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let mut bytes = Vec::new();
    let mut i = 0;
    while b.get(i) == Some(&b'%') {
        let hex = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
        let Some(byte) = hex else { break };
        bytes.push(byte);
        i += 3;
    }
    let text = String::from_utf8(bytes).ok()?;
    (!text.is_empty() && text.chars().all(|c| !c.is_control())).then_some((text, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compact(s: &str) -> String {
        normalize(s, Mode::Compact).text
    }

    /// The char-by-char path, for comparing the run path with.
    fn one_by_one(src: &str, mode: Mode) -> Normalized {
        let mut out = Builder { n: Normalized::default(), mode, pending: Vec::new(), mapped: true };
        for (i, c) in src.char_indices() {
            out.source_char(c, i, i + c.len_utf8());
        }
        out.finish()
    }

    #[test]
    fn plain_runs_normalise_as_char_by_char() {
        let pieces = [
            "<p>",
            "a",
            "b",
            " ",
            "  ",
            "1",
            "38",
            "-",
            ".",
            "/",
            "*",
            "电话",
            "金美玲",
            "x",
            "\n",
            "Ab",
            "\u{3000}",
            "１",
            "一三八",
            "零",
            "。",
            "“",
            "，",
            "…",
            "\n\t ",
            "a b",
            "9 9",
            "x-1",
            "金 ",
        ];
        // Every sequence of three pieces: runs starting after digits, Han,
        // separators and spaces, in both modes, with the source map.
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}{b}{a}");
                    for mode in [Mode::Readable, Mode::Compact] {
                        let (fast, slow) = (normalize(&s, mode), one_by_one(&s, mode));
                        assert_eq!((&fast.text, &fast.edges), (&slow.text, &slow.edges), "{s:?} {mode:?}");
                        for at in 0..=fast.text.len() {
                            if fast.text.is_char_boundary(at) {
                                assert_eq!(
                                    fast.source_range(at..fast.text.len()),
                                    slow.source_range(at..slow.text.len()),
                                    "{s:?} {mode:?} {at}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn without_the_map_the_text_and_edges_are_the_same() {
        for s in
            ["138  5800\u{3000}7764", "电话：１３８－５８００－７７６４ 。", "a&amp;b  %31%33 \\- 一三八", "  ", ""]
        {
            for mode in [Mode::Readable, Mode::Compact] {
                let (a, b) = (normalize(s, mode), normalize_unmapped(s, mode));
                assert_eq!((&a.text, &a.edges), (&b.text, &b.edges), "{s:?} {mode:?}");
                assert!(b.pieces.is_empty());
            }
        }
    }

    fn readable(s: &str) -> String {
        normalize(s, Mode::Readable).text
    }

    #[test]
    fn the_spellings_of_the_issue_become_one() {
        for s in [
            "1&#51;858007764",
            "1&#x33;858007764",
            "138*5800*7764",
            "138\\-5800\\-7764",
            "138&nbsp;5800&nbsp;7764",
            "138\u{200B}5800\u{200D}7764",
            "1\u{2060}3\u{AD}858007764",
            "¹³⁸⁵⁸⁰⁰⁷⁷⁶⁴",
            "①③⑧⑤⑧⓪⓪⑦⑦⑥④",
            "𝟏𝟑𝟖𝟓𝟖𝟎𝟎𝟕𝟕𝟔𝟒",
            "138.5800.7764",
            "138/5800/7764",
            "138——5800——7764",
            "138–5800–7764",
            "138\t5800\n7764",
            "一三八五八零零七七六四",
            "幺三八 五八〇〇 七七六四",
            "１３８－５８００－７７６４",
            "%31%33%385800 7764",
        ] {
            assert_eq!(compact(s), "13858007764", "{s:?}");
        }
        assert_eq!(compact("tel:%2B8613858007764"), "tel:+8613858007764");
        assert_eq!(compact("金 美\u{3000}玲 说"), "金美玲说");
        assert_eq!(compact("Li Ming"), "Li Ming");
    }

    #[test]
    fn every_digit_block_reads_its_digits_and_only_them() {
        assert!(ZEROS.windows(2).all(|w| w[0] + 10 <= w[1]), "ZEROS sorted, blocks apart");
        for &z in ZEROS {
            for d in 0..10 {
                assert_eq!(char::from_u32(z + d).and_then(digit_value), Some(d), "U+{:04X}", z + d);
            }
        }
        for c in ['a', 'Z', '-', '中', '号', '\u{065F}', '\u{066A}', '\u{1FBFA}'] {
            assert_eq!(digit_value(c), None, "{c:?}");
        }
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('柒'), Some(7));
    }

    #[test]
    fn readable_keeps_separators_in_one_spelling() {
        assert_eq!(readable("138——5800 \u{3000}7764"), "138--5800 7764");
        assert_eq!(readable("3号楼·2单元"), "3号楼.2单元");
        assert_eq!(readable("2026-11-05，金额&#49;3800.00元"), "2026-11-05,金额13800.00元");
        assert_eq!(readable("a&unknown;b &#xZZ; 50%"), "a&unknown;b &#xZZ; 50%");
    }

    #[test]
    fn compact_marks_group_edges_but_not_decimals() {
        let n = normalize("2026-11-05 13800138000.00", Mode::Compact);
        assert_eq!(n.text, "2026110513800138000".to_owned() + "00");
        assert!(n.is_group_edge(8));
        assert!(!n.is_group_edge(19));
    }

    #[test]
    fn positions_map_back_to_the_source() {
        let src = "电话1&#51;8 5800\u{200B}7764。";
        let n = normalize(src, Mode::Readable);
        let at = n.text.find("138").expect("digits");
        let r = n.source_range(at..n.text.len() - "。".len());
        assert_eq!(&src[r], "1&#51;8 5800\u{200B}7764");
    }

    fn spell(d: u8, form: u8) -> String {
        let d = u32::from(d);
        let c = match form % 8 {
            0 => char::from_digit(d, 10),
            1 => char::from_u32(0xFF10 + d),
            2 => char::from_u32(0x1D7CE + d),
            3 => Some(['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'][d as usize]),
            4 => Some(['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'][d as usize]),
            5 => return format!("&#{};", 48 + d),
            6 => return format!("&#x{:x};", 48 + d),
            _ => char::from_u32(0x0660 + d),
        };
        c.map(String::from).unwrap_or_default()
    }

    const SEPARATORS: &[&str] =
        &["", " ", "-", "—", "——", "–", ".", "/", "·", "\t", "\n", "\u{200B}", "\u{AD}", "&nbsp;", "\\-", "*", "　"];

    const COMPACT_PIECES: &[&str] = &[
        "1", "38", "０", "一", "①", "-", "—", ".", "·", "/", "*", "\\", "\\-", " ", "  ", "\n", "\u{3000}", "&nbsp;",
        "&#51;", "%31", "\u{200B}", "\u{AD}", "金", "美", "a", "&amp;", "&", "%", "。", "，", "<p>",
    ];

    proptest::proptest! {
        /// Any spelling built from the equivalences normalises to the digits.
        #[test]
        fn every_spelling_contains_the_digits(
            digits in proptest::collection::vec(0u8..10, 1..20),
            forms in proptest::collection::vec(0u8..8, 20),
            seps in proptest::collection::vec(0usize..SEPARATORS.len(), 20),
        ) {
            let mut spelling = String::from("电话：");
            for (i, d) in digits.iter().enumerate() {
                spelling.push_str(&spell(*d, forms[i]));
                if i + 1 < digits.len() {
                    spelling.push_str(SEPARATORS[seps[i]]);
                }
            }
            spelling.push('。');
            let want: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            let n = normalize(&spelling, Mode::Compact);
            proptest::prop_assert!(n.text.contains(&want), "{spelling:?} → {:?}", n.text);
            let at = n.text.find(&want).unwrap_or_default();
            let r = n.source_range(at..at + want.len());
            proptest::prop_assert!(spelling.is_char_boundary(r.start) && spelling.is_char_boundary(r.end));
        }

        /// Compact text made from readable text is the compact text, on
        /// strings made of the pieces that matter: digits in every form,
        /// separators, spaces, Han, entities, escapes.
        #[test]
        fn compact_from_readable_is_compact(pieces in proptest::collection::vec(0usize..COMPACT_PIECES.len(), 0..24)) {
            let s: String = pieces.iter().map(|&k| COMPACT_PIECES[k]).collect();
            let (direct, derived) = (normalize(&s, Mode::Compact), compact_from_readable(&normalize(&s, Mode::Readable)));
            proptest::prop_assert_eq!((&direct.text, &direct.edges), (&derived.text, &derived.edges), "{:?}", s);
        }

        #[test]
        fn never_panics_and_maps_inside_the_source(text in "\\PC{0,40}") {
            for mode in [Mode::Readable, Mode::Compact] {
                let n = normalize(&text, mode);
                let r = n.source_range(0..n.text.len());
                proptest::prop_assert!(r.start <= r.end && r.end <= text.len());
            }
        }
    }
}
