//! The fast path of `yaml::parse`: the spanned `Node` tree built straight
//! from the event stream of granit-parser (the parser serde-saphyr runs
//! underneath, reached through its `serde_saphyr::granit_parser` re-export),
//! without serde's span plumbing: deserialising `Spanned<RawNode>` builds a
//! `Location` map for every node and costs more than the parsing itself.
//!
//! It accepts only what the serde path provably reads the same way: it gives
//! up (returns `None`) on anything unusual — a parser error, an anchor, an
//! alias, a tag, a merge key, a key that is not a plain string, a possible
//! duplicate key, a second document, a number that might not be finite,
//! nesting close to `MAX_DEPTH`, a large document — and the caller then runs
//! the serde path, which yields the tree or the very same diagnostics as
//! before. So every refusal (billion laughs, deep nesting, duplicate keys) and
//! every error message stays where it was; this module only makes the common
//! case fast. `tests::same_tree_as_serde` holds the two paths together.

use serde_saphyr::granit_parser::{Event, Options, Parser, ScalarStyle, Span as ParserSpan, StrInput};

use super::{MAX_DEPTH, Node};
use crate::diag::{FileId, Sp, Span};

/// Beyond this many bytes the serde path takes over, so that its limits on
/// events (1,000,000), nodes (250,000) and scalar bytes (64 MiB) can never
/// be reached by a document this path accepts. Front matter is far smaller.
const MAX_FAST_BYTES: usize = 200_000;

/// Gives up this far below `MAX_DEPTH`, so that the serde path alone decides
/// where the depth limit lies.
const MAX_FAST_DEPTH: usize = MAX_DEPTH - 2;

/// A container being built.
enum Open {
    Seq(Vec<Sp<Node>>, Span),
    Map(Vec<(Sp<String>, Sp<Node>)>, Option<Sp<String>>, Span),
}

/// The tree of `yaml` (which starts at byte `base` of the file), or `None`
/// when the serde path must decide.
pub(super) fn build(file: FileId, yaml: &str, base: usize) -> Option<Sp<Node>> {
    if yaml.len() > MAX_FAST_BYTES {
        return None;
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Sp<Node>> = None;
    let mut documents = 0;
    for item in Parser::with_options(StrInput::new(yaml), parser_options()) {
        let (event, at) = item.ok()?;
        let node = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => continue,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                let (span, range) = span_of(file, yaml, base, &at)?;
                if let Some(Open::Map(_, key @ None, _)) = stack.last_mut() {
                    *key = Some(Sp::new(key_text(value.into_owned(), style)?, span));
                    continue;
                }
                Sp::new(scalar(value.into_owned(), style, &yaml[range])?, span)
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                if anchor != 0 || tag.is_some() || stack.len() >= MAX_FAST_DEPTH || in_key_position(&stack) {
                    return None;
                }
                let (span, _) = span_of(file, yaml, base, &at)?;
                stack.push(match event {
                    Event::SequenceStart(..) => Open::Seq(Vec::new(), span),
                    _ => Open::Map(Vec::new(), None, span),
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop()? {
                Open::Seq(items, span) => Sp::new(Node::Seq(items), span),
                Open::Map(..) => return None,
            },
            Event::MappingEnd => match stack.pop()? {
                Open::Map(entries, None, span) if keys_are_distinct(&entries) => Sp::new(Node::Map(entries), span),
                _ => return None,
            },
            // Aliases, and any event a later parser version adds.
            _ => return None,
        };
        match stack.last_mut() {
            Some(Open::Seq(items, _)) => items.push(node),
            Some(Open::Map(entries, key, _)) => entries.push((key.take()?, node)),
            None if root.is_none() => root = Some(node),
            None => return None,
        }
    }
    if stack.is_empty() { root } else { None }
}

/// The parser options serde-saphyr derives from the budget `yaml::parse`
/// gives it (`Budget::parser_options` and `Options::parser_options` in
/// serde-saphyr 2.2): the same options, so the same events and errors.
fn parser_options() -> Options {
    let budget = serde_saphyr::Budget::default();
    let mut options = Options::default();
    options.simple_key_max_lookahead = budget.simple_key_max_lookahead;
    options.flow_nesting_limit = MAX_DEPTH;
    options.block_nesting_limit = options.block_nesting_limit.max(MAX_DEPTH + 1);
    options.strict_indentation = false;
    options.bom_inside_document_as_content = false;
    options.set_emit_comments(false);
    options
}

fn in_key_position(stack: &[Open]) -> bool {
    matches!(stack.last(), Some(Open::Map(_, None, _)))
}

/// The span serde-saphyr gives a node (`location_from_span`, then
/// `yaml::span_of`): the event's byte offset and byte length, clamped to the
/// text, and its range in `yaml`. `None` where serde-saphyr would take its
/// line-and-column fallback, or where the file is too large for a `Span`.
fn span_of(file: FileId, yaml: &str, base: usize, at: &ParserSpan) -> Option<(Span, std::ops::Range<usize>)> {
    let start = at.start.byte_offset()?;
    let end = at.end.byte_offset()?;
    if start > yaml.len() || base + yaml.len() > u32::MAX as usize {
        return None;
    }
    let end = (start + end.saturating_sub(start)).min(yaml.len());
    // A slice of the text must be possible where a scalar's spelling is read.
    if !yaml.is_char_boundary(start) || !yaml.is_char_boundary(end) {
        return None;
    }
    Some((Span::new(file, base + start, base + end), start..end))
}

/// A mapping key as `Spanned<String>` reads it: any quoted or plain text
/// except a plain null (an error there) and the merge key `<<`.
fn key_text(value: String, style: ScalarStyle) -> Option<String> {
    if style == ScalarStyle::Plain && (is_null(&value) || value == "<<" || !plain_key_compares_as_text(&value)) {
        return None;
    }
    Some(value)
}

/// serde-saphyr compares plain keys that read as integers by their value
/// (`1` and `01` are the same key). Accepted here: keys that cannot be
/// integers, and integers in their one canonical spelling, so that equal
/// text is exactly equal identity (see `keys_are_distinct`).
fn plain_key_compares_as_text(key: &str) -> bool {
    let integer_like = key.is_ascii() && key.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'));
    if !integer_like {
        return true;
    }
    key.len() <= 18 && key.bytes().all(|b| b.is_ascii_digit()) && (key == "0" || !key.starts_with('0'))
}

/// serde-saphyr refuses duplicate keys; any two equal key texts leave the
/// decision (and its diagnostic) to it.
fn keys_are_distinct(entries: &[(Sp<String>, Sp<Node>)]) -> bool {
    if entries.len() < 2 {
        return true;
    }
    let mut keys: Vec<&str> = entries.iter().map(|(k, _)| k.value.as_str()).collect();
    keys.sort_unstable();
    keys.windows(2).all(|w| w[0] != w[1])
}

fn is_null(value: &str) -> bool {
    matches!(value, "" | "~" | "null" | "Null" | "NULL")
}

/// A value as `RawVisitor` sees it. Quoted and block scalars are text. A
/// plain scalar is null, or text, or a number or boolean whose spelling is
/// taken from the source; on one line the source is the text itself.
fn scalar(value: String, style: ScalarStyle, source: &str) -> Option<Node> {
    if style != ScalarStyle::Plain {
        return Some(Node::Scalar(value));
    }
    if is_null(&value) {
        return Some(Node::Null);
    }
    if might_be_non_finite(&value) {
        return None;
    }
    if source != value && might_be_typed(&value) {
        return None;
    }
    Some(Node::Scalar(value))
}

/// Whether serde-saphyr might read a plain scalar as a boolean or number
/// (and so take its spelling from the source rather than the folded text).
fn might_be_typed(value: &str) -> bool {
    let t = value.trim_matches([' ', '\t', '\r', '\n']);
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    t.is_ascii()
        && (unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            || ["true", "yes", "y", "on", "false", "no", "n", "off"].iter().any(|b| t.eq_ignore_ascii_case(b)))
}

/// serde-saphyr refuses infinite and NaN floats (`.inf`, `.nan`, `1e999`):
/// anything numeral-shaped with an exponent, an `inf`/`nan` letter or too
/// many digits is left to it.
fn might_be_non_finite(value: &str) -> bool {
    let t = value.trim_matches([' ', '\t', '\r', '\n']);
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    t.is_ascii()
        && unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && (t.len() > 300 || t.contains(['e', 'E', 'i', 'I', 'n', 'N']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::via_serde;
    use proptest::prelude::*;

    /// Whenever the fast path gives a tree, the serde path gives the same
    /// tree, spans included. Returns whether the fast path took it.
    fn agrees(yaml: &str) -> bool {
        let base = 7;
        let Some(fast) = build(FileId(3), yaml, base) else { return false };
        match via_serde(FileId(3), yaml, base) {
            Ok(slow) => assert_eq!(fast, slow, "trees differ for {yaml:?}"),
            Err(e) => panic!("fast path accepted what serde refuses ({e}): {yaml:?}"),
        }
        true
    }

    #[test]
    fn same_tree_as_serde_on_tricky_input() {
        let taken = [
            "a: 1\n",
            "room: 0101\nphone: 13800138000\nx: no\namount: 13800.00\nt: ~\nu: null\nv:\nw: ''\n",
            "title: 停车位公示\ndate: 2026-01-01\ntime: \"22:00\"\n",
            "t: 'it''s'\nd: \"a\\tb\\u00e9\"\n",
            "body: |\n  line one\n  line two\n\nnext: >\n  folded\n  text\n",
            "long: 这是一段\n  跨行的文字\n",
            "list:\n  - a\n  - 2\n  - {k: v, n: 3}\n  - [x, y, [z]]\n",
            "- 1\n- -2\n- +3\n- 0x1F\n- 0o17\n- 1_000\n- .5\n- 1.\n- true\n- Yes\n- OFF\n",
            "2025: a\n2026: b\n0: c\n",
            "\"1\": a\n'01': b\n",
            "? k\n: v\n",
            "---\na: 1\n...\n",
            "---\n",
            "# only a comment\na: 1 # trailing\n",
            "a: 1\r\nb: 两\r\n",
            "nested:\n  a:\n    b:\n      c: [1, {d: e}]\n",
            "x: 3号楼2单元\n3号楼: y\n",
            "empty_map: {}\nempty_seq: []\n",
        ];
        for y in taken {
            assert!(agrees(y), "fast path declined {y:?}");
        }
        // Left to serde: errors and refusals, and what only it can judge.
        let declined = [
            "a: &x 1\nb: *x\n",
            "b: *x\n",
            "a: !!str 1\n",
            "<<: {a: 1}\nb: 2\n",
            "a: 1\nb: 2\na: 3\n",
            "1: a\n01: b\n",
            "~: a\n",
            "a: 1\n---\nb: 2\n",
            "a: .inf\n",
            "a: 1e999\n",
            "k: -.nan\n",
            "a: [1, 2\n",
            "title: \"abc\nb: 2\n",
            "title: 通知: 明天停水\n",
            "{a: 1}: b\n",
            "a:\n  1\n  2\n",
            "",
        ];
        for y in declined {
            assert!(!agrees(y), "fast path took {y:?}");
        }
        assert!(!agrees(&"[".repeat(100_000)));
        assert!(!agrees(&"{a: ".repeat(40_000)));
        let mut deep = String::new();
        for i in 0..MAX_DEPTH + 2 {
            deep.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
        }
        assert!(!agrees(&deep));
    }

    /// Every YAML document in the repository's content and test fixtures.
    #[test]
    fn same_tree_as_serde_on_the_repository_content() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut seen, mut taken) = (0, 0);
        for dir in ["content", "tests/fixtures", "scaffold"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                let path = entry.path();
                let Ok(text) = std::fs::read_to_string(path) else { continue };
                let yaml = match path.extension().and_then(|e| e.to_str()) {
                    Some("yaml" | "yml") => text.as_str(),
                    Some("md") => {
                        match text.strip_prefix("---\n").and_then(|t| t.split_once("\n---").map(|(y, _)| y)) {
                            Some(y) => y,
                            None => continue,
                        }
                    }
                    _ => continue,
                };
                seen += 1;
                taken += usize::from(agrees(yaml));
            }
        }
        eprintln!("fast path took {taken} of {seen} documents");
        assert!(seen > 20, "only {seen} documents found");
        assert!(taken * 10 >= seen * 9, "the fast path took only {taken} of {seen}");
    }

    fn token() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "a",
            "b",
            "键",
            "0101",
            "1",
            "-2",
            "1.5",
            ".5",
            "1e3",
            ".inf",
            "true",
            "no",
            "~",
            "null",
            "",
            "<<",
            "&x ",
            "*x",
            "!!str ",
            ": ",
            ":",
            "- ",
            "-",
            "[",
            "]",
            "{",
            "}",
            ", ",
            "\n",
            "\n  ",
            "\n    ",
            " ",
            "\"",
            "'",
            "#",
            "|\n  ",
            ">\n  ",
            "? ",
            "---\n",
            "...\n",
            "\t",
            "\r\n",
            "\\",
            "2026-01-01",
            "3号楼",
            "x y",
        ])
    }

    /// A YAML value to be written out in block or flow style.
    #[derive(Debug, Clone)]
    enum Value {
        Plain(&'static str),
        Quoted(&'static str),
        Seq(Vec<Value>, bool),
        Map(Vec<(&'static str, Value)>, bool),
    }

    fn scalar_text() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "a",
            "停车位公示",
            "0101",
            "13800138000",
            "1",
            "-2",
            "+3",
            "1.5",
            ".5",
            "1e3",
            ".inf",
            "-.nan",
            "0x1F",
            "1_000",
            "true",
            "No",
            "y",
            "~",
            "null",
            "",
            "2026-01-01",
            "22:00",
            "3号楼2单元",
            "x y",
            "a b\n  c",
            "时间：下午",
            "https://x.cn/a",
            "1e999",
            "99999999999999999999999",
            "-0",
        ])
    }

    fn key_text() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "a", "b", "c", "d", "e", "f", "title", "date", "status", "键", "标题", "1", "2025", "yes", "\"k\"", "'k2'",
            "a", "01", "-1", "<<", "~",
        ])
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![scalar_text().prop_map(Value::Plain), scalar_text().prop_map(Value::Quoted)];
        leaf.prop_recursive(5, 40, 5, |inner| {
            prop_oneof![
                (prop::collection::vec(inner.clone(), 0..5), any::<bool>()).prop_map(|(v, f)| Value::Seq(v, f)),
                (prop::collection::vec((key_text(), inner), 0..5), any::<bool>()).prop_map(|(v, f)| Value::Map(v, f)),
            ]
        })
    }

    fn is_leaf(v: &Value) -> bool {
        matches!(v, Value::Plain(_) | Value::Quoted(_))
    }

    fn flow(v: &Value) -> String {
        match v {
            Value::Plain(s) => s.replace("\\n  ", " "),
            Value::Quoted(s) => format!("\"{}\"", s.replace("\\n  ", " ")),
            Value::Seq(items, _) => format!("[{}]", items.iter().map(flow).collect::<Vec<_>>().join(", ")),
            Value::Map(entries, _) => {
                format!(
                    "{{{}}}",
                    entries.iter().map(|(k, v)| format!("{k}: {}", flow(v))).collect::<Vec<_>>().join(", ")
                )
            }
        }
    }

    /// Writes `v` as the value after `key: ` or `- ` at `indent`.
    fn block(v: &Value, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        match v {
            Value::Seq(items, false) if !items.is_empty() => {
                out.push('\n');
                for item in items {
                    out.push_str(&format!("{pad}- "));
                    if is_leaf(item) {
                        out.push_str(&flow(item));
                        out.push('\n')
                    } else {
                        block(item, indent + 2, out)
                    }
                }
            }
            Value::Map(entries, false) if !entries.is_empty() => {
                out.push('\n');
                for (k, item) in entries {
                    out.push_str(&format!("{pad}{k}:"));
                    if is_leaf(item) {
                        out.push(' ');
                        match item {
                            Value::Plain(s) => out.push_str(&s.replace("\\n", &format!("\n{pad}"))),
                            _ => out.push_str(&flow(item)),
                        }
                        out.push('\n');
                    } else {
                        block(item, indent + 2, out)
                    }
                }
            }
            _ => {
                out.push(' ');
                out.push_str(&flow(v));
                out.push('\n');
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn same_tree_as_serde_on_random_documents(v in value()) {
            let mut text = String::new();
            block(&v, 0, &mut text);
            agrees(text.trim_start_matches([' ', '\n']));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn same_tree_as_serde_on_random_input(parts in prop::collection::vec(token(), 0..40)) {
            agrees(&parts.concat());
        }
    }
}
