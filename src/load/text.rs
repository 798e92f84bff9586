//! Bytes to text: encodings staff's editors produce, control characters,
//! size caps, and the front-matter split of Markdown files.

use std::ops::Range;

use crate::diag::{Code, Diagnostic, FileId, Loc, Span, Text, diag};

const BOM: &str = "\u{feff}";

/// Decodes a content file. Returns the text (BOM kept, so byte offsets stay
/// those of the file) or the diagnostic that explains why it cannot be read.
pub(crate) fn decode(file: FileId, bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
        return Err(Box::new(
            diag!(EncodingUtf16 at Loc::File(file);
                "文件是 UTF-16 编码，gongshi 只读 UTF-8", "the file is UTF-16; gongshi reads UTF-8 only")
            .hint(save_as_utf8()),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            check_controls(file, s)?;
            Ok(s.to_string())
        }
        Err(e) => {
            let gbk = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes).is_some();
            // In a GBK file some byte pairs happen to be valid UTF-8, so the
            // first non-ASCII byte is where the trouble really starts.
            let at = if gbk { bytes.iter().position(|&b| b >= 0x80).unwrap_or(0) } else { e.valid_up_to() };
            let (line, col) = line_col_bytes(bytes, at);
            let (zh, en) = if gbk {
                ("文件是 GBK 编码，请另存为 UTF-8", "the file looks GBK-encoded (a Windows default); save it as UTF-8")
            } else {
                ("文件不是 UTF-8 编码", "the file is not valid UTF-8")
            };
            let msg = Text::new(
                format!("{zh}（第 {line} 行第 {col} 列起出现无法识别的字节）"),
                format!("{en} (first invalid byte at line {line}, column {col})"),
            );
            Err(Box::new(
                Diagnostic::error(Code::EncodingNotUtf8, Loc::At { file, line, col }, msg).hint(save_as_utf8()),
            ))
        }
    }
}

/// The text shown in the snippet of a file that could not be decoded. A
/// GBK file is shown decoded as GBK, so staff see their own words under the
/// caret rather than mojibake; the position is the same either way, since
/// everything before the first non-ASCII byte is ASCII.
pub(crate) fn shown(bytes: &[u8]) -> String {
    if std::str::from_utf8(bytes).is_err()
        && let Some(t) = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return t.into_owned();
    }
    String::from_utf8_lossy(bytes).into_owned()
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
    fn gbk_is_named_with_line_and_column() {
        let (gbk, _, _) = encoding_rs::GBK.encode("title: ok\nname: 停车位\n");
        let e = decode(F, &gbk).err().map(|d| *d);
        let d = e.as_ref().map(|d| (d.code, d.loc, d.message.zh.contains("GBK")));
        assert_eq!(d, Some((Code::EncodingNotUtf8, Some(Loc::At { file: F, line: 2, col: 7 }), true)));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut b = vec![0xFF, 0xFE];
        b.extend("a: b".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(F, &b).err().map(|d| d.code), Some(Code::EncodingUtf16));
        let nobom: Vec<u8> = "title: x".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(F, &nobom).err().map(|d| d.code), Some(Code::EncodingUtf16));
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
