//! Bytes to text: encodings staff's editors produce, control characters,
//! size caps, and the front-matter split of Markdown files.

use std::ops::Range;

use crate::diag::{Code, Diagnostic, FileId, Loc, Severity, Span, Text, diag};

const BOM: &str = "\u{feff}";

/// A content file's text, and the warning to give when it was not UTF-8.
pub(crate) type Decoded = (String, Option<Diagnostic>);

/// Decodes a content file. UTF-8 (BOM kept, so byte offsets stay those of
/// the file) is read as it is. What older Windows editors save is read too,
/// with a warning that says how to save it as UTF-8: GBK (read as GB18030,
/// its superset, which `encoding_rs` already brings) and UTF-16 with or
/// without a BOM. Diagnostics then point into the decoded text; lines and
/// columns count characters, so they are those the editor shows either way.
/// Anything else is the diagnostic that explains why it cannot be read.
pub(crate) fn decode(file: FileId, bytes: &[u8]) -> Result<Decoded, Box<Diagnostic>> {
    if let Some(utf16) = utf16(bytes) {
        let text = utf16.decode_without_bom_handling_and_without_replacement(&bytes[bom_len(bytes)..]);
        let Some(text) = text else {
            let d = diag!(EncodingUtf16 at Loc::File(file);
                "文件像是 UTF-16 编码，但内容已损坏，无法读取", "the file looks UTF-16 but is damaged and cannot be read")
            .hint(save_as_utf8());
            return Err(Box::new(Diagnostic { severity: Severity::Error, ..d }));
        };
        let text = text.into_owned();
        check_controls(file, &text)?;
        let note = diag!(EncodingUtf16 at Loc::File(file);
            "文件是 UTF-16 编码，已按 UTF-16 读取；请另存为 UTF-8", "the file is UTF-16; it was read as such, but save it as UTF-8")
        .hint(save_as_utf8());
        return Ok((text, Some(note)));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            check_controls(file, s)?;
            Ok((s.to_string(), None))
        }
        Err(e) => {
            if let Some(text) = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
                let text = text.into_owned();
                check_controls(file, &text)?;
                let note = diag!(EncodingGbk at Loc::File(file);
                    "文件是 GBK 编码（旧版记事本的默认编码），已按 GBK 读取；请另存为 UTF-8",
                    "the file is GBK-encoded (an older Windows default); it was read as such, but save it as UTF-8")
                .hint(save_as_utf8());
                return Ok((text, Some(note)));
            }
            let at = e.valid_up_to();
            let (line, col) = line_col_bytes(bytes, at);
            let msg = Text::new(
                format!("文件不是 UTF-8 编码，也不是 GBK 或 UTF-16（第 {line} 行第 {col} 列起出现无法识别的字节）"),
                format!("the file is not UTF-8, GBK or UTF-16 (first invalid byte at line {line}, column {col})"),
            );
            Err(Box::new(
                Diagnostic::error(Code::EncodingNotUtf8, Loc::At { file, line, col }, msg).hint(save_as_utf8()),
            ))
        }
    }
}

/// The text shown in the snippet of a file that could not be decoded.
pub(crate) fn shown(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The UTF-16 flavour of `bytes`, by its BOM or, without one, by where the
/// NUL bytes of ASCII characters fall.
fn utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Some(encoding_rs::UTF_16LE);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(encoding_rs::UTF_16BE);
    }
    if !looks_utf16(bytes) {
        return None;
    }
    let head = &bytes[..bytes.len().min(64)];
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    Some(if odd >= even { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE })
}

fn bom_len(bytes: &[u8]) -> usize {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) { 2 } else { 0 }
}

fn save_as_utf8() -> Text {
    Text::new(
        "用记事本打开，选“另存为”，在“编码”里选“UTF-8”后保存；VS Code 可点右下角的编码名选“通过编码保存 → UTF-8”。",
        "Open it in Notepad, choose Save As and pick the encoding UTF-8; in VS Code click the encoding in the status bar, then 'Save with Encoding' → UTF-8.",
    )
}

/// UTF-16 without a BOM shows up as every other byte being NUL.
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    head.len() >= 4 && head.iter().filter(|&&b| b == 0).count() * 3 >= head.len()
}

fn line_col_bytes(bytes: &[u8], at: usize) -> (u32, u32) {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[start..]).trim_start_matches(BOM).chars().count() + 1;
    (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(col).unwrap_or(u32::MAX))
}

fn check_controls(file: FileId, s: &str) -> Result<(), Box<Diagnostic>> {
    // One leading BOM is the normal Windows signature; anywhere else it is junk.
    let from = if s.starts_with(BOM) { BOM.len() } else { 0 };
    match s[from..].char_indices().find(|&(_, c)| is_bad_char(c)) {
        Some((i, c)) => Err(control_error(file, from + i, c)),
        None => Ok(()),
    }
}

fn is_bad_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || c == '\u{feff}'
}

fn control_error(file: FileId, at: usize, c: char) -> Box<Diagnostic> {
    let code = u32::from(c);
    Box::new(diag!(EncodingControlChar at Span::new(file, at, at + c.len_utf8());
            format!("文件里有看不见的控制字符 U+{code:04X}"),
            format!("the file contains an invisible control character U+{code:04X}");
            hint "删掉这个位置的字符（它通常是从别的软件复制过来的），再保存。",
                 "Delete the character at this position (usually pasted from another program) and save."))
}

/// Where the YAML and the Markdown body of a `.md` file lie, as byte ranges.
#[derive(Debug, Clone)]
pub(crate) struct FrontMatter {
    pub yaml: Range<usize>,
    pub body: Range<usize>,
}

/// Splits `---` front matter from the body; the delimiters may end in CRLF.
pub(crate) fn split_front_matter(file: FileId, text: &str, example: &str) -> Result<FrontMatter, Box<Diagnostic>> {
    let start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let missing = || {
        Box::new(diag!(FrontmatterMissing at Span::new(file, start, start);
                "缺少标题等信息：文件开头应是用 --- 包起来的一段 YAML",
                "missing front matter: the file must start with YAML between --- lines";
                hint format!("文件开头应当像这样：\n{example}"), format!("Start the file like this:\n{example}")))
    };
    let mut lines = LineIter { text, pos: start };
    let Some(first) = lines.next() else { return Err(missing()) };
    if text[first.clone()].trim_end() != "---" {
        return Err(missing());
    }
    let yaml_start = first.end;
    // A file that is only `---` has no front matter at all, rather than an unclosed one.
    if text[yaml_start..].trim().is_empty() {
        return Err(missing());
    }
    for line in lines {
        let t = text[line.clone()].trim_end();
        if t == "---" || t == "..." {
            if text[yaml_start..line.start].trim().is_empty() {
                return Err(missing());
            }
            if let Some(d) = stray_delimiter(file, text, line.clone()) {
                return Err(d);
            }
            return Ok(FrontMatter { yaml: yaml_start..line.start, body: line.end..text.len() });
        }
    }
    Err(Box::new(diag!(FrontmatterUnclosed at Span::new(file, first.start, first.start + 3);
            "开头的 --- 没有配对的结束行 ---", "the opening --- has no closing --- line";
            hint "在 YAML 信息的最后一行后面加一行 ---，再写正文。", "Add a line --- after the last YAML line, then the body.")))
}

/// A `---` typed in the middle of the front matter closes it early, and
/// the rest of the YAML turns into body text: the keys after it are then
/// reported missing, which points nowhere near the mistake. When only
/// `key: value` lines and another `---` follow, the first `---` is the stray one.
fn stray_delimiter(file: FileId, text: &str, close: Range<usize>) -> Option<Box<Diagnostic>> {
    // Content keys are lowercase snake case; `Note: …` over `---` is a Markdown heading.
    let is_key = |k: &str| {
        k.starts_with(|c: char| c.is_ascii_lowercase())
            && k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    let mut keys = 0;
    let mut closed_again = false;
    for line in (LineIter { text, pos: close.end }) {
        let t = text[line].trim_end();
        if t == "---" {
            closed_again = true;
            break;
        }
        if t.split_once(':').is_some_and(|(k, _)| is_key(k)) {
            keys += 1;
        } else if !t.is_empty() && (keys == 0 || !t.starts_with([' ', '-'])) {
            // Indented lines and list items may only continue a key.
            return None;
        }
    }
    if keys == 0 || !closed_again {
        return None;
    }
    Some(Box::new(diag!(YamlMultipleDocuments at Span::new(file, close.start, close.start + 3);
            "开头的信息中间多了一行 ---", "an extra --- line in the middle of the front matter";
            hint "删掉这一行 ---：开头的信息只用一对 --- 包住，中间不能再有 ---。",
                 "Delete this --- line: the front matter is wrapped in one pair of --- lines.")))
}

struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for LineIter<'_> {
    type Item = Range<usize>;
    fn next(&mut self) -> Option<Range<usize>> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let end = self.text[start..].find('\n').map_or(self.text.len(), |i| start + i + 1);
        self.pos = end;
        Some(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(0);

    #[test]
    fn gbk_is_read_with_a_warning() {
        let (gbk, _, _) = encoding_rs::GBK.encode("title: ok\nname: 停车位\n");
        let got = decode(F, &gbk).ok().map(|(t, d)| (t, d.map(|d| (d.code, d.severity))));
        let want = ("title: ok\nname: 停车位\n".to_string(), Some((Code::EncodingGbk, Severity::Warning)));
        assert_eq!(got, Some(want));
        // GB18030's four-byte sequences (here U+20BB7 𠮷, outside GBK) decode too.
        let (gb, _, _) = encoding_rs::GB18030.encode("name: 𠮷\n");
        assert_eq!(decode(F, &gb).ok().map(|(t, _)| t), Some("name: 𠮷\n".to_string()));
    }

    #[test]
    fn neither_utf8_nor_gbk_is_an_error_at_the_first_bad_byte() {
        // Latin-1 `café ok`: 0xE9 then a space is no GB18030 sequence.
        let e = decode(F, b"a: 1\nb: caf\xE9 ok\n").err().map(|d| (d.code, d.severity, d.loc));
        assert_eq!(e, Some((Code::EncodingNotUtf8, Severity::Error, Some(Loc::At { file: F, line: 2, col: 7 }))));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "title: 停车\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        let nobom_le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let nobom_be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [le, be, nobom_le, nobom_be] {
            let got = decode(F, &bytes).ok().map(|(t, d)| (t, d.map(|d| (d.code, d.severity))));
            assert_eq!(got, Some((text.to_string(), Some((Code::EncodingUtf16, Severity::Warning)))), "{bytes:?}");
        }
        // An odd number of bytes after the BOM is not UTF-16.
        let broken = [0xFF, 0xFE, b'a', 0, b'b'];
        assert_eq!(
            decode(F, &broken).err().map(|d| (d.code, d.severity)),
            Some((Code::EncodingUtf16, Severity::Error))
        );
    }

    #[test]
    fn bom_is_accepted_once_and_nul_is_not() {
        assert!(decode(F, "\u{feff}a: b\n".as_bytes()).is_ok());
        let e = decode(F, b"a: b\nc: \x00d\n").err();
        assert_eq!(e.map(|d| d.loc), Some(Some(Loc::Span(Span::new(F, 8, 9)))));
        assert!(decode(F, "a\u{feff}b".as_bytes()).is_err());
    }

    #[test]
    fn front_matter_with_bom_and_crlf() {
        let t = "\u{feff}---\r\ntitle: x\r\n---\r\nbody\r\n";
        let fm = split_front_matter(F, t, "").ok();
        let got = fm.map(|f| (t[f.yaml].to_string(), t[f.body].to_string()));
        assert_eq!(got, Some(("title: x\r\n".to_string(), "body\r\n".to_string())));
    }

    #[test]
    fn missing_or_empty_front_matter() {
        for t in ["no front matter", "---\n", "---\n---\n", ""] {
            let code = split_front_matter(F, t, "").err().map(|d| d.code);
            assert!(matches!(code, Some(Code::FrontmatterMissing | Code::FrontmatterUnclosed)), "{t:?}");
        }
    }
}
