//! The one place that knows about YAML. serde-saphyr parses a document into a
//! small spanned tree; everything after works on that tree. Before parsing,
//! a line lint catches the mistakes Chinese input mode makes (full-width
//! colon, dash and space, tabs, a missing space after a colon) and points at
//! the exact character, which a YAML parser cannot do: it notices them lines
//! later, or not at all.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Error as YamlError, Spanned};

use crate::diag::{Code, Diagnostic, FileId, SourceFile, Sp, Span, Text, diag};

mod events;

/// Depth of nesting that any content file can reasonably need.
pub(crate) const MAX_DEPTH: usize = 16;

/// A YAML node. Scalars keep their source spelling, so `0101` stays `0101`,
/// `no` stays `no` and a phone number is never turned into an integer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Scalar(String),
    Seq(Vec<Sp<Node>>),
    Map(Vec<(Sp<String>, Sp<Node>)>),
}

impl Node {
    pub(crate) fn kind_name(&self) -> Text {
        match self {
            Node::Null => Text::new("空值", "an empty value"),
            Node::Scalar(_) => Text::new("一段文字", "a text value"),
            Node::Seq(_) => Text::new("列表", "a list"),
            Node::Map(_) => Text::new("键值表", "a mapping"),
        }
    }
}

/// The tree as serde-saphyr delivers it, before spans become ours.
#[derive(Debug)]
enum RawNode {
    Null,
    Text(String),
    /// A number or boolean: its spelling is taken from the source by span.
    Other,
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<String>, Spanned<RawNode>)>),
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawNode;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<RawNode, E> {
        Ok(RawNode::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<RawNode, E> {
        Ok(RawNode::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<RawNode, E> {
        Ok(RawNode::Other)
    }
    fn visit_i128<E>(self, _: i128) -> Result<RawNode, E> {
        Ok(RawNode::Other)
    }
    fn visit_u128<E>(self, _: u128) -> Result<RawNode, E> {
        Ok(RawNode::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<RawNode, E> {
        Ok(RawNode::Other)
    }
    fn visit_str<E>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode::Text(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode::Text(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<RawNode, A::Error> {
        let mut v = Vec::new();
        while let Some(x) = a.next_element()? {
            v.push(x);
        }
        Ok(RawNode::Seq(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<RawNode, A::Error> {
        let mut v = Vec::new();
        while let Some(entry) = a.next_entry()? {
            v.push(entry);
        }
        Ok(RawNode::Map(v))
    }
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawNode, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

/// Parses the YAML at `range` of `src`. Returns the tree, or the diagnostics
/// that explain why it could not be read.
pub(crate) fn parse(
    file: FileId,
    src: &SourceFile,
    range: std::ops::Range<usize>,
) -> Result<Sp<Node>, Vec<Diagnostic>> {
    let yaml = &src.text[range.clone()];
    let lints = lint(file, yaml, range.start);
    if !lints.is_empty() {
        return Err(lints);
    }
    // Straight from the parser's events; anything unusual (and every error)
    // goes through serde-saphyr below, whose diagnostics are translated.
    if let Some(tree) = events::build(file, yaml, range.start) {
        return Ok(tree);
    }
    let first_line = src.line_col(range.start).0 as usize;
    via_serde(file, yaml, range.start).map_err(|e| vec![parse_error(file, src, yaml, range.start, first_line, &e)])
}

/// The tree through serde-saphyr, within the budgets that refuse anchors,
/// aliases, deep nesting and extra documents.
fn via_serde(file: FileId, yaml: &str, base: usize) -> Result<Sp<Node>, YamlError> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            flow_nesting_limit: MAX_DEPTH,
            max_aliases: 0,
            max_anchors: 0,
            max_documents: 1,
        },
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options::<Spanned<RawNode>>(yaml, options).map(|root| convert(file, yaml, base, root))
}

fn convert(file: FileId, yaml: &str, base: usize, n: Spanned<RawNode>) -> Sp<Node> {
    let span = span_of(file, yaml, base, &n.referenced);
    let value = match n.value {
        RawNode::Null => Node::Null,
        RawNode::Text(s) => Node::Scalar(s),
        RawNode::Other => {
            let (s, e) = (span.start as usize - base, span.end as usize - base);
            Node::Scalar(yaml.get(s..e).unwrap_or_default().trim().to_string())
        }
        RawNode::Seq(v) => Node::Seq(v.into_iter().map(|x| convert(file, yaml, base, x)).collect()),
        RawNode::Map(v) => Node::Map(
            v.into_iter()
                .map(|(k, x)| {
                    let ks = span_of(file, yaml, base, &k.referenced);
                    (Sp::new(k.value, ks), convert(file, yaml, base, x))
                })
                .collect(),
        ),
    };
    Sp::new(value, span)
}

fn span_of(file: FileId, yaml: &str, base: usize, loc: &serde_saphyr::Location) -> Span {
    let sp = loc.span();
    let start = sp.byte_offset().and_then(|o| usize::try_from(o).ok()).filter(|&o| o <= yaml.len());
    let start = start.unwrap_or_else(|| offset_of(yaml, loc.line() as usize, loc.column() as usize));
    let len = sp.byte_len().and_then(|l| usize::try_from(l).ok()).unwrap_or(0);
    let end = (start + len).min(yaml.len());
    Span::new(file, base + start, base + end)
}

/// Byte offset in `text` of a 1-based line and character column.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    text[start..].char_indices().nth(col.saturating_sub(1)).map_or(text.len(), |(i, _)| start + i)
}

fn parse_error(
    file: FileId,
    src: &SourceFile,
    yaml: &str,
    base: usize,
    first_line: usize,
    e: &YamlError,
) -> Diagnostic {
    let e = e.without_snippet();
    let at = e.location().map_or(base, |l| {
        let off = l.span().byte_offset().and_then(|o| usize::try_from(o).ok()).filter(|&o| o <= yaml.len());
        base + off.unwrap_or_else(|| offset_of(yaml, l.line() as usize, l.column() as usize))
    });
    // One character, whatever its width in bytes.
    let width = src.text.get(at..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
    let span = Span::new(file, at, (at + width).min(src.text.len()));
    let raw = e.to_string();
    let (code, zh, en, hint) = match e {
        YamlError::DuplicateMappingKey { key, .. } => {
            let key = key.clone().unwrap_or_default();
            let first = first_occurrence(yaml, base, at, &key).map(|o| Span::new(file, o, o + key.len()));
            let d = diag!(YamlDuplicateKey at Span::new(file, at, at + key.len().max(1));
                format!("键 `{key}` 重复出现"), format!("the key `{key}` appears twice");
                hint "同一层里每个键只能写一次：删掉多余的一行，或把内容合并。", "Each key may appear once per level: delete one or merge them.");
            return match first {
                Some(f) => d.note(f, Text::new("第一次出现在这里", "first used here")),
                None => d,
            };
        }
        YamlError::Budget { breach, .. } => match breach {
            BudgetBreach::Anchors { .. } | BudgetBreach::Aliases { .. } => {
                let at = anchor_before(yaml, base, at);
                let (code, zh, en, hint) = anchors();
                return Diagnostic::error(code, Span::new(file, at, at + 1), Text::new(zh, en)).hint(hint);
            }
            BudgetBreach::Depth { .. } => depth(),
            BudgetBreach::Documents { .. } => documents(),
            // Events, nodes, scalar bytes and any limit a later version adds.
            _ => (
                Code::YamlTooLarge,
                "YAML 内容过多或过于复杂".into(),
                "the YAML is too large or complex".into(),
                Text::new("请检查是否粘贴了大量无关内容。", "Check for pasted junk."),
            ),
        },
        YamlError::UnknownAnchor { .. } => anchors(),
        YamlError::MultipleDocuments { .. } => documents(),
        _ if raw.contains("recursion limit") || raw.contains("nesting") => depth(),
        _ if raw.contains("mapping values are not allowed") => (
            Code::YamlColonInValue,
            "这里多了一个冒号“:”：值里含有“: ”时，YAML 会把它当成新的键".into(),
            "unexpected ':' here: a value that contains ': ' is read as a new key".into(),
            Text::new(
                "给整段文字加引号，例如 title: \"通知: 明天停水\"；或把值里的冒号改成全角“：”。",
                "Put the whole value in quotes, e.g. title: \"Notice: water off tomorrow\".",
            ),
        ),
        _ if raw.contains("unclosed quote") || raw.contains("unterminated") || raw.contains("quoted scalar") => (
            Code::YamlUnclosedQuote,
            "引号没有闭合".into(),
            "this quote is never closed".into(),
            Text::new(
                "在这段文字末尾补上同样的引号（\" 或 '），引号要用半角的。",
                "Add the matching closing quote at the end of the value.",
            ),
        ),
        _ if raw.contains("tab") => tab(),
        _ if raw.contains("did not find expected")
            || raw.contains("simple key expected")
            || raw.contains("expected ':'") =>
        {
            (
                Code::YamlSyntax,
                "这一行不是“键: 值”的格式".into(),
                "this line is not in `key: value` form".into(),
                Text::new(
                    "每行写成 键: 值（英文冒号，冒号后一个空格），缩进只用空格并且对齐。",
                    "Write each line as `key: value` (ASCII colon and a space) and indent with spaces only.",
                ),
            )
        }
        _ => (
            Code::YamlSyntax,
            format!("YAML 格式错误：{raw}"),
            format!("YAML syntax error: {raw}"),
            Text::new(
                "检查这一行及上一行：冒号、短横线和空格要用半角，缩进只用空格，含冒号的文字要加引号。",
                "Check this line and the one above: ASCII colons, dashes and spaces, space-only indentation, quotes around text with colons.",
            ),
        ),
    };
    let _ = first_line;
    Diagnostic::error(code, span, Text::new(zh, en)).hint(hint)
}

type Parts = (Code, String, String, Text);

fn anchors() -> Parts {
    (
        Code::YamlAnchor,
        "不支持 & 和 * 引用（YAML 锚点与别名）".into(),
        "YAML anchors and aliases (& and *) are not supported".into(),
        Text::new(
            "把要重复的内容直接写出来；如果文字本身以 & 或 * 开头，请给它加引号。",
            "Write repeated content out in full; quote text that starts with & or *.",
        ),
    )
}

fn depth() -> Parts {
    (
        Code::YamlTooDeep,
        format!("嵌套层数太多（最多 {MAX_DEPTH} 层）"),
        format!("nested too deeply (at most {MAX_DEPTH} levels)"),
        Text::new(
            "检查方括号 [ ] 和花括号 { } 是否成对，是否误粘贴了大量括号。",
            "Check that brackets [ ] and braces { } are balanced.",
        ),
    )
}

fn documents() -> Parts {
    (
        Code::YamlMultipleDocuments,
        "多了一行 ---：一个文件里只能有一段 YAML".into(),
        "an extra --- line: a file holds one YAML document".into(),
        Text::new("删掉多余的 --- 行。Markdown 文件里 --- 只用来包住开头的信息。", "Delete the extra --- line."),
    )
}

fn tab() -> Parts {
    (
        Code::YamlTab,
        "不要用 Tab 缩进：YAML 只认空格".into(),
        "do not indent with Tab: YAML indentation is spaces only".into(),
        Text::new(
            "把行首的 Tab 换成空格（每层两个空格）。编辑器里可开启“用空格代替 Tab”。",
            "Replace the leading Tab with spaces (two per level).",
        ),
    )
}

/// The parser reports an anchor at the value it names (`&a [` → `[`); the
/// caret belongs under the `&` itself, just before it on the same line.
fn anchor_before(yaml: &str, base: usize, at: usize) -> usize {
    let Some(rel) = at.checked_sub(base).filter(|&r| r <= yaml.len() && yaml.is_char_boundary(r)) else { return at };
    let line = &yaml[yaml[..rel].rfind('\n').map_or(0, |i| i + 1)..rel];
    match line.rfind('&') {
        Some(i) if !line[i..].trim_end().contains(' ') => at - (line.len() - i),
        _ => at,
    }
}

/// The earlier line that defines `key` at the same indentation as the duplicate.
fn first_occurrence(yaml: &str, base: usize, dup: usize, key: &str) -> Option<usize> {
    let dup_rel = dup.checked_sub(base)?;
    let line_start = yaml[..dup_rel.min(yaml.len())].rfind('\n').map_or(0, |i| i + 1);
    let indent = dup_rel - line_start;
    let mut pos = 0;
    for line in yaml[..line_start].split_inclusive('\n') {
        let body = line.get(indent..).unwrap_or("");
        let ws = &line[..indent.min(line.len())];
        if ws.chars().all(|c| c == ' ' || c == '-') && body.strip_prefix(key).is_some_and(|r| r.starts_with(':')) {
            return Some(base + pos + indent);
        }
        pos += line.len();
    }
    None
}

/// A replacement that undoes one lint hit, for reading the rest of the file
/// (see `recover.rs`): `len` bytes at `at`, counted from the start of the
/// YAML, become `with`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub at: usize,
    pub len: usize,
    pub with: String,
}

impl Edit {
    fn new(at: usize, len: usize, with: impl Into<String>) -> Edit {
        Edit { at, len, with: with.into() }
    }
}

/// Line checks for what Chinese input mode produces. Only indentation and
/// key positions are inspected, never the text of values.
fn lint(file: FileId, yaml: &str, base: usize) -> Vec<Diagnostic> {
    lint_fixing(file, yaml, base, 2).0
}

/// [`lint`], and the edits that would undo each hit, a Tab in the
/// indentation counted as `tab_width` spaces. Every mistake of a line is
/// reported, the indentation's and the key's alike: they are independent.
pub(crate) fn lint_fixing(file: FileId, yaml: &str, base: usize, tab_width: usize) -> (Vec<Diagnostic>, Vec<Edit>) {
    let mut out = Vec::new();
    let mut edits = Vec::new();
    let mut pos = 0;
    // Indentation of a key whose value is a `|` or `>` block: deeper lines are text.
    let mut block: Option<usize> = None;
    for raw_line in yaml.split_inclusive('\n') {
        let line_rel = pos;
        let line_at = base + pos;
        pos += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let indent_end = line.find(|c: char| !matches!(c, ' ' | '\t' | '\u{3000}')).unwrap_or(line.len());
        let content = &line[indent_end..];
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some(b) = block {
            if indent_end > b {
                continue;
            }
            block = None;
        }
        let indent = &line[..indent_end];
        if let Some(i) = indent.find('\t') {
            let (_, zh, en, hint) = tab();
            out.push(
                diag!(YamlTab at Span::new(file, line_at + i, line_at + i + 1);
                    zh, en)
                .hint(hint),
            );
        }
        if let Some(i) = indent.find('\u{3000}') {
            out.push(
                diag!(YamlFullwidthSpace at Span::new(file, line_at + i, line_at + i + 3);
                    "缩进里有全角空格（中文输入法下的空格）", "the indentation contains a full-width space (U+3000)";
                    hint "把行首的全角空格换成半角空格：切换到英文输入法后再按空格键。", "Replace it with ordinary ASCII spaces."),
            );
        }
        if indent.contains(['\t', '\u{3000}']) {
            // A full-width space was typed for a space: one for one keeps the columns.
            let spaces: String =
                indent.chars().map(|c| if c == '\t' { " ".repeat(tab_width) } else { " ".to_string() }).collect();
            edits.push(Edit::new(line_rel, indent_end, spaces));
        }
        let mut rest = content;
        let mut at = line_at + indent_end;
        if let Some(dash) = ['－', '—', '–', '一'].into_iter().find(|d| rest.starts_with(*d)) {
            let after = &rest[dash.len_utf8()..];
            // `一` is a common word start; only a dash followed by a space is a list marker.
            if dash != '一' || after.starts_with(' ') {
                out.push(
                    diag!(YamlFullwidthDash at Span::new(file, at, at + dash.len_utf8());
                        format!("列表项前的短横线用了全角“{dash}”"), format!("the list dash is the full-width '{dash}'");
                        hint "请改用半角短横线“-”，后面跟一个空格，例如：- 每月巡查一次", "Use the ASCII '-' followed by a space."),
                );
                edits.push(Edit::new(at - base, dash.len_utf8(), "-"));
                if !after.starts_with(' ') {
                    edits.push(Edit::new(at - base + dash.len_utf8(), 0, " "));
                }
                at += dash.len_utf8();
                rest = after.trim_start_matches(' ');
                at += after.len() - rest.len();
            }
        }
        while let Some(r) = rest.strip_prefix("- ") {
            at += rest.len() - r.len();
            rest = r.trim_start_matches(' ');
            at += r.len() - rest.len();
        }
        let key_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let key_like = key_len > 0 && rest.as_bytes()[0].is_ascii_alphabetic();
        let after = &rest[key_len..];
        let colon = at + key_len;
        let value = if key_like && after.starts_with('：') {
            out.push(fullwidth_colon(file, colon));
            edits.push(Edit::new(colon - base, '：'.len_utf8(), ": "));
            Some(&after['：'.len_utf8()..])
        } else if key_like && after.starts_with(':') {
            let next = after[1..].chars().next();
            if next.is_some_and(|c| !matches!(c, ' ' | '\t' | ':' | '/')) {
                out.push(no_space(file, colon));
                edits.push(Edit::new(colon - base + 1, 0, " "));
            }
            Some(&after[1..])
        } else {
            None
        };
        if let Some(value) = value {
            let value_at = at + (rest.len() - value.len());
            let v = value.trim();
            if v.starts_with(['|', '>']) {
                block = Some(indent_end);
            }
            if let Some(c) = v.chars().next().filter(|c| matches!(c, '【' | '［' | '｛')) {
                let off = value_at + value.find(c).unwrap_or(0);
                out.push(
                    diag!(YamlFullwidthBracket at Span::new(file, off, off + c.len_utf8());
                        format!("括号用了全角“{c}”"), format!("the bracket is the full-width '{c}'");
                        hint "列表请用半角方括号，例如 [王建国, 李红]；键值表用半角花括号 { }。", "Use ASCII brackets, e.g. [a, b]."),
                );
                let (open, close, ascii) = match c {
                    '【' => ('【', '】', ("[", "]")),
                    '［' => ('［', '］', ("[", "]")),
                    _ => ('｛', '｝', ("{", "}")),
                };
                edits.push(Edit::new(off - base, open.len_utf8(), ascii.0));
                if let Some(j) = value.rfind(close) {
                    edits.push(Edit::new(value_at - base + j, close.len_utf8(), ascii.1));
                }
            }
        }
        // Keys inside flow mappings: `{date：2026-10-08, by:joint}`.
        for (i, _) in content.match_indices(['{', ',']) {
            let tail = content[i + 1..].trim_start_matches(' ');
            let k = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(tail.len());
            if k == 0 || !tail.as_bytes()[0].is_ascii_alphabetic() {
                continue;
            }
            let off = line_at + indent_end + i + 1 + (content[i + 1..].len() - tail.len()) + k;
            if tail[k..].starts_with('：') {
                out.push(fullwidth_colon(file, off));
                edits.push(Edit::new(off - base, '：'.len_utf8(), ": "));
            } else if tail[k..].starts_with(':')
                && tail[k + 1..].chars().next().is_some_and(|c| !matches!(c, ' ' | ':' | '/'))
            {
                out.push(no_space(file, off));
                edits.push(Edit::new(off - base + 1, 0, " "));
            }
        }
    }
    // In order and never overlapping, so that they apply in one pass.
    edits.sort_by_key(|e| (e.at, e.len));
    let mut end = 0;
    edits.retain(|e| {
        let keep = e.at >= end;
        if keep {
            end = e.at + e.len;
        }
        keep
    });
    (out, edits)
}

fn fullwidth_colon(file: FileId, at: usize) -> Diagnostic {
    diag!(YamlFullwidthColon at Span::new(file, at, at + '：'.len_utf8());
        "键后面用了全角冒号“：”", "the key is followed by a full-width colon '：'";
        hint "请改用半角冒号“:”，冒号后加一个空格，例如 title: 停车位公示（切换到英文输入法再输入冒号）。",
             "Use the half-width ':' followed by a space, e.g. `title: Parking notice`.")
}

fn no_space(file: FileId, at: usize) -> Diagnostic {
    diag!(YamlColonSpace at Span::new(file, at, at + 1);
        "冒号后要加空格", "a space is needed after the colon";
        hint "在冒号“:”后面加一个空格，例如 title: 停车位公示。", "Put a space after ':', e.g. `title: Parking notice`.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Sp<Node>, Vec<Diagnostic>> {
        let src = SourceFile::new("t.yaml".into(), text.to_string());
        parse(FileId(0), &src, 0..text.len())
    }

    fn first(text: &str) -> (Code, (u32, u32)) {
        let src = SourceFile::new("t.yaml".into(), text.to_string());
        let e = parse(FileId(0), &src, 0..text.len()).err().unwrap_or_default();
        let d = &e[0];
        let Some(crate::diag::Loc::Span(s)) = d.loc else { return (d.code, (0, 0)) };
        (d.code, src.line_col(s.start as usize))
    }

    #[test]
    fn scalars_keep_their_spelling() {
        let n = run("room: 0101\nphone: 13800138000\nx: no\namount: 13800.00\nt: ~\n").map(|n| n.value);
        let Ok(Node::Map(m)) = n else { panic!("{n:?}") };
        let vals: Vec<_> = m.iter().map(|(_, v)| v.value.clone()).collect();
        let s = |x: &str| Node::Scalar(x.to_string());
        assert_eq!(vals, vec![s("0101"), s("13800138000"), s("no"), s("13800.00"), Node::Null]);
    }

    #[test]
    fn spans_point_at_values() {
        let text = "a: 1\n标题: 停车\n";
        let Ok(Node::Map(m)) = run(text).map(|n| n.value) else { panic!() };
        let v = &m[1].1.span;
        assert_eq!(&text[v.start as usize..v.end as usize], "停车");
    }

    #[test]
    fn lint_positions() {
        assert_eq!(first("title： 停车位公示\ndate: 2026-01-01\n"), (Code::YamlFullwidthColon, (1, 6)));
        assert_eq!(first("a: 1\nb: 2\ntitle： x\n"), (Code::YamlFullwidthColon, (3, 6)));
        assert_eq!(first("title:停车位公示\n"), (Code::YamlColonSpace, (1, 6)));
        assert_eq!(first("a:\n\tb: 1\n"), (Code::YamlTab, (2, 1)));
        assert_eq!(first("a:\n\u{3000}b: 1\n"), (Code::YamlFullwidthSpace, (2, 1)));
        assert_eq!(first("l:\n  － a\n"), (Code::YamlFullwidthDash, (2, 3)));
        assert_eq!(first("u:\n  - {date：2026-10-08}\n"), (Code::YamlFullwidthColon, (2, 10)));
        assert_eq!(first("m: 【a, b】\n"), (Code::YamlFullwidthBracket, (1, 4)));
    }

    #[test]
    fn lint_leaves_values_and_blocks_alone() {
        assert!(run("note: 时间：下午三点\nurl: https://x.cn\nt: \"22:00\"\n").is_ok());
        assert!(run("- 每月巡查：第一周\n").is_ok());
        assert!(run("body: |\n  key:value\n  x：y\nnext: 1\n").is_ok());
    }

    #[test]
    fn parser_errors_are_translated() {
        assert_eq!(first("title: 通知: 明天停水\n"), (Code::YamlColonInValue, (1, 10)));
        assert_eq!(first("a: 1\nb: 2\na: 3\n").0, Code::YamlDuplicateKey);
        assert_eq!(first("a: 1\nb: 2\na: 3\n").1, (3, 1));
        assert_eq!(first("title: \"abc\nb: 2\n"), (Code::YamlUnclosedQuote, (1, 8)));
        assert_eq!(first("a: &x 1\nb: *x\n").0, Code::YamlAnchor);
        assert_eq!(first("b: *x\n").0, Code::YamlAnchor);
        assert_eq!(first("a: 1\n---\nb: 2\n").0, Code::YamlMultipleDocuments);
        assert_eq!(first(&"[".repeat(100_000)).0, Code::YamlTooDeep);
        assert_eq!(first(&"{a: ".repeat(40_000)).0, Code::YamlTooDeep);
    }

    #[test]
    fn duplicate_names_first_occurrence() {
        let src = SourceFile::new("t.yaml".into(), "a: 1\nb: 2\na: 3\n".into());
        let e = parse(FileId(0), &src, 0..src.text.len()).err().unwrap_or_default();
        let note = e[0].note.as_ref().map(|(l, _)| *l);
        assert_eq!(note, Some(crate::diag::Loc::Span(Span::new(FileId(0), 0, 1))));
    }
}
