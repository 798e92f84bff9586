//! Diagnostics for content mistakes: every one carries a location in the
//! original file and renders as `path:line:col`, the source line and a caret.

use std::fmt::Write as _;

use serde::Serialize;
use unicode_width::UnicodeWidthChar;

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
    pub code: &'static str,
    pub message: Text,
    pub hint: Option<Text>,
    pub loc: Option<Loc>,
    /// A second place worth showing, such as a duplicate's first occurrence.
    pub note: Option<(Loc, Text)>,
}

impl Diagnostic {
    pub fn error(code: &'static str, loc: impl IntoLoc, message: Text) -> Diagnostic {
        Diagnostic { severity: Severity::Error, code, message, hint: None, loc: loc.into_loc(), note: None }
    }
    pub fn warning(code: &'static str, loc: impl IntoLoc, message: Text) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, loc, message) }
    }
    pub fn hint(mut self, hint: Text) -> Diagnostic {
        self.hint = Some(hint);
        self
    }
    pub fn note(mut self, loc: impl Into<Loc>, text: Text) -> Diagnostic {
        self.note = Some((loc.into(), text));
        self
    }
}

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
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(rel: String, text: String) -> SourceFile {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { rel, text, line_starts }
    }

    /// 1-based line and column (in characters, a BOM not counted) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().filter(|&c| c != '\u{feff}').count());
        (as_u32(line + 1), as_u32(col + 1))
    }

    /// Byte offset of a 1-based line and character column.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let skip = usize::from(line == 1 && rest.starts_with('\u{feff}'));
        rest.char_indices().nth(col.saturating_sub(1) + skip).map_or(self.text.len(), |(i, _)| start + i)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: u32) -> &str {
        let i = (line as usize).saturating_sub(1);
        let Some(&start) = self.line_starts.get(i) else { return "" };
        let end = self.line_starts.get(i + 1).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r']).trim_start_matches('\u{feff}')
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

/// Sort for output: by file, then position, errors before warnings at the same place.
pub fn sort(diags: &mut [Diagnostic], sources: &SourceMap) {
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            let pos = d.loc.map(|l| {
                let (p, line, col) = sources.position(l);
                (p.to_string(), line, col)
            });
            (pos, d.severity)
        };
        key(a).cmp(&key(b))
    });
}

/// The human form: a header, `--> path:line:col`, the source line, a caret
/// under the offending text, then the hint.
pub fn render_human(d: &Diagnostic, sources: &SourceMap, lang: Lang) -> String {
    let mut out = String::new();
    let label = match (d.severity, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Warning, Lang::En) => "warning",
    };
    let _ = writeln!(out, "{label}[{}]: {}", d.code, d.message.get(lang));
    if let Some(loc) = d.loc {
        snippet(&mut out, loc, sources);
    }
    if let Some((loc, text)) = &d.note {
        let (p, l, c) = sources.position(*loc);
        let note = if lang == Lang::Zh { "说明" } else { "note" };
        let _ = writeln!(out, "  = {note}: {} ({p}:{l}:{c})", text.get(lang));
    }
    if let Some(h) = &d.hint {
        let hint = if lang == Lang::Zh { "提示" } else { "hint" };
        for (i, line) in h.get(lang).lines().enumerate() {
            let lead = if i == 0 { format!("  = {hint}: ") } else { "    ".to_string() };
            let _ = writeln!(out, "{lead}{line}");
        }
    }
    out
}

/// Characters of a source line shown at most; longer lines are cut around the column.
const MAX_SHOWN: usize = 100;

/// How a character is shown in a snippet: tabs as a space, and control
/// characters as their visible symbol (␀), so that a NUL or an escape
/// sequence in a file can neither vanish nor act on the terminal.
fn visible(c: char) -> char {
    match c {
        '\t' => ' ',
        '\0'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if c.is_control() => '\u{fffd}',
        c => c,
    }
}

fn snippet(out: &mut String, loc: Loc, sources: &SourceMap) {
    let (path, line, col) = sources.position(loc);
    if line == 0 {
        let _ = writeln!(out, "  --> {path}");
        return;
    }
    let _ = writeln!(out, "  --> {path}:{line}:{col}");
    let file = sources.get(loc.file());
    let text = file.line(line);
    let num = line.to_string();
    let pad = " ".repeat(num.len());
    let chars: Vec<char> = text.chars().map(visible).collect();
    let at = (col as usize).saturating_sub(1).min(chars.len());
    // A pasted 200 KB line must not flood the terminal: show a window
    // around the column, with `…` where text is cut.
    let from = if chars.len() > MAX_SHOWN { at.saturating_sub(MAX_SHOWN / 3) } else { 0 };
    let to = (from + MAX_SHOWN).min(chars.len());
    let mut shown: String = chars[from..to].iter().collect();
    let cut_before = if from > 0 { "…" } else { "" };
    if to < chars.len() {
        shown.push('…');
    }
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{num} | {cut_before}{shown}");
    let width = |cs: &[char]| cs.iter().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    let lead = usize::from(from > 0) + width(&chars[from..at.max(from)]);
    let len = match loc {
        Loc::Span(s) => {
            let f = &file.text;
            let (start, end) = (s.start as usize, (s.end as usize).min(f.len()));
            let line_end = f[start.min(f.len())..].find(['\r', '\n']).map_or(f.len(), |i| start + i);
            f.get(start..end.min(line_end)).map_or(0, |t| t.chars().map(|c| visible(c).width().unwrap_or(0)).sum())
        }
        _ => 0,
    };
    let len = len.min(width(&chars[at.min(to)..to]));
    let _ = writeln!(out, "{pad} | {}{}", " ".repeat(lead), "^".repeat(len.max(1)));
}

/// The machine form: one JSON object per diagnostic.
pub fn render_json(d: &Diagnostic, sources: &SourceMap, lang: Lang) -> String {
    #[derive(Serialize)]
    struct Json<'a> {
        file: Option<&'a str>,
        line: Option<u32>,
        column: Option<u32>,
        severity: Severity,
        code: &'a str,
        message: &'a str,
        hint: Option<&'a str>,
    }
    let pos = d.loc.map(|l| sources.position(l));
    let j = Json {
        file: pos.map(|p| p.0),
        line: pos.and_then(|p| (p.1 > 0).then_some(p.1)),
        column: pos.and_then(|p| (p.2 > 0).then_some(p.2)),
        severity: d.severity,
        code: d.code,
        message: d.message.get(lang),
        hint: d.hint.as_ref().map(|h| h.get(lang)),
    };
    serde_json::to_string(&j).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn caret_sits_under_wide_characters() {
        let mut m = SourceMap::default();
        m.files.push(SourceFile::new("c.md".into(), "---\ntitle： 停车\n---\n".into()).into());
        let off = m.files[0].text.find('：').unwrap_or(0);
        let d = Diagnostic::error("x", Span::new(FileId(0), off, off + '：'.len_utf8()), Text::new("错", "bad"));
        let s = render_human(&d, &m, Lang::Zh);
        assert!(s.contains("--> c.md:2:6"), "{s}");
        assert!(s.contains("2 | title： 停车\n  |      ^^\n"), "{s}");
    }
}
