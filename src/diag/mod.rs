//! Diagnostics for content mistakes: every one carries a location in the
//! original file and renders as `path:line:col`, the source line and a caret.
//! Every code is listed, with its default severity and meaning, in `code.rs` ([`Code`]).

mod code;
pub mod redact;
mod render;

pub use code::{Code, markdown_table};
pub use render::{render_human, render_json, render_shared, sort};

use serde::Serialize;

/// Index of a file in the [`SourceMap`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// Byte range into the original bytes of a file (BOM and front-matter
/// offsets already applied, so it points at what the editor shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span { file, start: clamp(start), end: clamp(end.max(start)) }
    }
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Span) -> Sp<T> {
        Sp { value, span }
    }
}

/// The language of page labels and diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

/// A message in both languages; the site's `language` picks one when printed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text { zh: zh.into(), en: en.into() }
    }
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// `("中文", "English")` as a [`Text`], so that a check can write its
/// message as a pair right where it raises it.
impl<A: Into<String>, B: Into<String>> From<(A, B)> for Text {
    fn from((zh, en): (A, B)) -> Text {
        Text::new(zh, en)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a diagnostic points: a span, or a line and column computed
/// directly from bytes (for files that are not valid UTF-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loc {
    Span(Span),
    At { file: FileId, line: u32, col: u32 },
    File(FileId),
}

impl Loc {
    pub fn file(self) -> FileId {
        match self {
            Loc::Span(s) => s.file,
            Loc::At { file, .. } | Loc::File(file) => file,
        }
    }
}

impl From<Span> for Loc {
    fn from(s: Span) -> Loc {
        Loc::Span(s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier, for tests, JSON consumers and documentation.
    pub code: Code,
    pub message: Text,
    pub hint: Option<Text>,
    pub loc: Option<Loc>,
    /// A second place worth showing, such as a duplicate's first occurrence.
    pub note: Option<(Loc, Text)>,
}

impl Diagnostic {
    /// A diagnostic at the code's default severity.
    pub fn new(code: Code, loc: impl IntoLoc, message: impl Into<Text>) -> Diagnostic {
        Diagnostic {
            severity: code.severity(),
            code,
            message: message.into(),
            hint: None,
            loc: loc.into_loc(),
            note: None,
        }
    }
    pub fn error(code: Code, loc: impl IntoLoc, message: impl Into<Text>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, ..Diagnostic::new(code, loc, message) }
    }
    pub fn warning(code: Code, loc: impl IntoLoc, message: impl Into<Text>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::new(code, loc, message) }
    }
    pub fn hint(mut self, hint: impl Into<Text>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
    pub fn note(mut self, loc: impl Into<Loc>, text: Text) -> Diagnostic {
        self.note = Some((loc.into(), text));
        self
    }
}

/// Raises a diagnostic at its code's default severity, the message (and
/// an optional hint) written in both languages beside the check:
///
/// ```ignore
/// cx.push(diag!(AttachmentType at Loc::File(a.file);
///     "不允许的附件类型", "this attachment type is not allowed";
///     hint "网页、脚本和 SVG …", "Web pages, scripts and SVG …"));
/// ```
macro_rules! diag {
    ($code:ident at $loc:expr; $zh:expr, $en:expr $(; hint $hzh:expr, $hen:expr)? $(;)?) => {{
        let d = $crate::diag::Diagnostic::new($crate::diag::Code::$code, $loc, $crate::diag::Text::new($zh, $en));
        $(let d = d.hint($crate::diag::Text::new($hzh, $hen));)?
        d
    }};
}
pub(crate) use diag;

/// Anything a diagnostic can point at, including nowhere.
pub trait IntoLoc {
    fn into_loc(self) -> Option<Loc>;
}

impl IntoLoc for Span {
    fn into_loc(self) -> Option<Loc> {
        Some(Loc::Span(self))
    }
}

impl IntoLoc for Loc {
    fn into_loc(self) -> Option<Loc> {
        Some(self)
    }
}

impl<T: IntoLoc> IntoLoc for Option<T> {
    fn into_loc(self) -> Option<Loc> {
        self.and_then(IntoLoc::into_loc)
    }
}

/// One loaded file: its path relative to the content root (with `/`), and
/// its text as shown to staff (lossy for files that are not UTF-8).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub rel: String,
    pub text: String,
    /// Built the first time a position in the file is asked for: most files
    /// of a city never carry a diagnostic, and the tables cost as much
    /// memory as a third of their text (41 MB at 300 compounds).
    index: std::sync::OnceLock<Index>,
    /// The file had text that was let go once its compound was validated
    /// without a diagnostic in it (see [`SourceFile::shed`]).
    shed: bool,
}

#[derive(Debug, Clone)]
struct Index {
    line_starts: Vec<usize>,
    /// Every [`MARK_EVERY`] bytes or so, at a character boundary: the byte
    /// offset, and the characters and BOMs before it. A column is then a
    /// lookup plus a short count, not a count from the start of the line:
    /// 10,000 diagnostics on one 200 KB line stay linear in all.
    marks: Vec<Mark>,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    byte: usize,
    chars: usize,
    boms: usize,
}

/// Bytes between two marks: small enough that counting from a mark is cheap.
const MARK_EVERY: usize = 256;

impl SourceFile {
    pub fn new(rel: String, text: String) -> SourceFile {
        SourceFile { rel, text, index: std::sync::OnceLock::new(), shed: false }
    }

    /// This file without its text: what a build keeps of a file no
    /// diagnostic points into, once its compound is validated.
    pub fn shed(&self) -> SourceFile {
        SourceFile { shed: !self.text.is_empty(), ..SourceFile::new(self.rel.clone(), String::new()) }
    }

    /// Whether the file was read and had text (kept or shed).
    pub fn was_read(&self) -> bool {
        self.shed || !self.text.is_empty()
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let text = &self.text;
            let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
            let mut marks = vec![Mark { byte: 0, chars: 0, boms: 0 }];
            let (mut chars, mut boms) = (0, 0);
            for (i, c) in text.char_indices() {
                if i >= marks[marks.len() - 1].byte + MARK_EVERY {
                    marks.push(Mark { byte: i, chars, boms });
                }
                chars += 1;
                boms += usize::from(c == '\u{feff}');
            }
            Index { line_starts, marks }
        })
    }

    fn line_starts(&self) -> &[usize] {
        &self.index().line_starts
    }

    /// Characters and BOMs before byte `offset` (at a character boundary).
    fn count_to(&self, offset: usize) -> (usize, usize) {
        let marks = &self.index().marks;
        let m = marks[marks.partition_point(|m| m.byte <= offset) - 1];
        let rest = self.text.get(m.byte..offset).unwrap_or("");
        rest.chars().fold((m.chars, m.boms), |(n, b), c| (n + 1, b + usize::from(c == '\u{feff}')))
    }

    /// Characters before byte `offset`, BOMs not counted.
    fn chars_before(&self, offset: usize) -> usize {
        let (n, boms) = self.count_to(offset);
        n - boms
    }

    /// 1-based line and column (in characters, a BOM not counted) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&s| s <= offset) - 1;
        let start = line_starts[line];
        let col = self.chars_before(offset) - self.chars_before(start);
        (as_u32(line + 1), as_u32(col + 1))
    }

    /// Byte offset of a 1-based line and character column.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let skip = usize::from(line == 1 && rest.starts_with('\u{feff}'));
        rest.char_indices().nth(col.saturating_sub(1) + skip).map_or(self.text.len(), |(i, _)| start + i)
    }

    /// The byte range of a 1-based line, without its line ending and a leading BOM.
    pub fn line_range(&self, line: u32) -> std::ops::Range<usize> {
        let i = (line as usize).saturating_sub(1);
        let line_starts = self.line_starts();
        let Some(&start) = line_starts.get(i) else { return self.text.len()..self.text.len() };
        let end = line_starts.get(i + 1).copied().unwrap_or(self.text.len());
        let t = &self.text[start..end];
        let trimmed = t.trim_end_matches(['\n', '\r']);
        let lead = trimmed.len() - trimmed.trim_start_matches('\u{feff}').len();
        start + lead..start + trimmed.len()
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: u32) -> &str {
        &self.text[self.line_range(line)]
    }

    /// The characters in `range` (at character boundaries), in about constant time.
    pub fn char_count(&self, range: std::ops::Range<usize>) -> usize {
        self.count_to(range.end).0 - self.count_to(range.start).0
    }

    /// The byte offset of the character `n` characters after byte `from`
    /// (or the end of the text), in about constant time.
    pub fn nth_char_from(&self, from: usize, n: usize) -> usize {
        let target = self.count_to(from).0 + n;
        let marks = &self.index().marks;
        let m = marks[marks.partition_point(|m| m.chars <= target) - 1];
        let (at, chars) = if m.byte > from { (m.byte, m.chars) } else { (from, target - n) };
        self.text[at..].char_indices().nth(target - chars).map_or(self.text.len(), |(i, _)| at + i)
    }
}

fn as_u32(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

#[derive(Debug, Default)]
pub struct SourceMap {
    /// Shared with the load cache, so an unchanged file's text is not copied.
    pub files: Vec<std::sync::Arc<SourceFile>>,
}

impl SourceMap {
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Puts `file` at `id`; ids need not be dense (they are stable across
    /// rebuilds), so gaps are filled with empty files.
    pub fn set(&mut self, id: FileId, file: impl Into<std::sync::Arc<SourceFile>>) {
        let i = id.0 as usize;
        while self.files.len() <= i {
            self.files.push(std::sync::Arc::new(SourceFile::new(String::new(), String::new())));
        }
        self.files[i] = file.into();
    }

    /// How many files were read and had text.
    pub fn read_count(&self) -> usize {
        self.files.iter().filter(|f| f.was_read()).count()
    }

    /// Path, line and column of a location.
    pub fn position(&self, loc: Loc) -> (&str, u32, u32) {
        match loc {
            Loc::Span(s) => {
                let f = self.get(s.file);
                let (l, c) = f.line_col(s.start as usize);
                (&f.rel, l, c)
            }
            Loc::At { file, line, col } => (&self.get(file).rel, line, col),
            Loc::File(file) => (&self.get(file).rel, 0, 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_by_index_equals_counting_from_the_line_start() {
        // Lines longer and shorter than the index step, wide characters and BOMs across its marks.
        let text: String = (0..3000)
            .map(|i| match i % 7 {
                0 => "停车位".to_string(),
                1 => "\u{feff}".to_string(),
                2 if i % 500 == 2 => "\r\n".to_string(),
                _ => format!("k{i} "),
            })
            .collect();
        let f = SourceFile::new("a.yaml".into(), format!("\u{feff}{text}"));
        for (off, _) in f.text.char_indices() {
            let line = f.line_starts().partition_point(|&s| s <= off) - 1;
            let start = f.line_starts()[line];
            let naive = f.text[start..off].chars().filter(|&c| c != '\u{feff}').count();
            assert_eq!(f.line_col(off), (as_u32(line + 1), as_u32(naive + 1)), "at {off}");
            let n = off % 300;
            let want = f.text[off..].char_indices().nth(n).map_or(f.text.len(), |(i, _)| off + i);
            assert_eq!(f.nth_char_from(off, n), want, "{n} after {off}");
        }
    }

    #[test]
    fn line_col_counts_characters_and_skips_bom() {
        let f = SourceFile::new("a.yaml".into(), "\u{feff}标题: x\r\n名称： y\n".into());
        assert_eq!(f.line_col(3), (1, 1));
        let off = f.text.find('：').unwrap_or(0);
        assert_eq!(f.line_col(off), (2, 3));
        assert_eq!(f.offset_of(2, 3), off);
        assert_eq!(f.offset_of(1, 1), 3);
        assert_eq!(f.line(2), "名称： y");
        assert_eq!(f.line(1), "标题: x");
    }
}
