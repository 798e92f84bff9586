//! Every mistake of a YAML file in one run. The line lint (`yaml.rs`) finds
//! the mistakes of Chinese input mode wherever they are, but a parser stops
//! at the first of them, and whatever else is wrong in the file (a
//! misspelt key, a bad date) would surface only after staff fixed it and ran
//! `check` again. So when the lint finds anything, its hits are undone in a
//! copy of the text (a full-width colon becomes `: `, a Tab spaces, and so
//! on) and the copy is parsed: the tree goes on to the raw types and
//! validation like any other, its spans mapped back to the original file,
//! while the lint's own diagnostics are what the file reports for them.
//! A parser error whose cause is plain (a `: ` inside a value, a duplicate
//! key) is reported and undone the same way, and reading goes on. Any other
//! parser error is reported only when it lies away from the lines the lint
//! already explained; then the file has no tree. The file itself is never
//! changed.

use std::ops::Range;

use super::yaml::{self, Edit, Node};
use crate::diag::{Diagnostic, FileId, Loc, SourceFile, Sp, Span};

/// How wide a Tab was meant to be, in the order tried: the first width
/// whose copy parses wins.
const TAB_WIDTHS: [usize; 3] = [2, 4, 8];

/// A file's YAML, read as far as it can be.
#[derive(Debug, Default)]
pub(crate) struct Recovered {
    /// The tree, from the text itself or from the lint-fixed copy.
    pub node: Option<Sp<Node>>,
    /// Why the text could not be read as it is: the lint's hits, and a
    /// parser error the lint does not explain.
    pub diags: Vec<Diagnostic>,
    /// The lines (byte ranges of the original) whose indentation was
    /// guessed: what the tree says about them may be the guess's doing.
    guessed: Vec<Range<usize>>,
}

impl Recovered {
    /// Whether a diagnostic raised on the recovered tree is the file's own
    /// mistake, rather than the effect of a guessed indentation.
    pub(crate) fn keeps(&self, d: &Diagnostic) -> bool {
        match d.loc {
            Some(Loc::Span(s)) => !self.guessed.iter().any(|r| r.contains(&(s.start as usize))),
            _ => true,
        }
    }
}

/// How many parser errors one file may have undone, one parse each.
const MAX_ROUNDS: usize = 8;

/// Parses the YAML at `range` of `src`, reading past the lint's hits and
/// past the parser errors whose cause is plain (see [`undo`]).
pub(crate) fn parse(file: FileId, src: &SourceFile, range: Range<usize>) -> Recovered {
    let yaml = &src.text[range.clone()];
    let base = range.start;
    let (lints, _) = yaml::lint_fixing(file, yaml, base, TAB_WIDTHS[0]);
    let linted: Vec<Range<usize>> = lints.iter().filter_map(|d| line_of(src, d)).collect();
    let tabs = lints.iter().any(|d| d.code == crate::diag::Code::YamlTab);
    let widths = if tabs { &TAB_WIDTHS[..] } else { &TAB_WIDTHS[..1] };
    let mut first_failure = None;
    for &width in widths {
        let (_, mut edits) = yaml::lint_fixing(file, yaml, base, width);
        // Parser errors undone on the way: each is a mistake of its own.
        let mut undone: Vec<Diagnostic> = Vec::new();
        for _ in 0..MAX_ROUNDS {
            let shift = Shift { base, edits: &edits };
            let parsed = if edits.is_empty() {
                // The usual case, a clean file: no copy.
                yaml::parse(file, src, range.clone())
            } else {
                let fixed = format!("{}{}{}", &src.text[..base], shift.apply(yaml), &src.text[range.end..]);
                let fixed_len = fixed.len() - (src.text.len() - yaml.len());
                yaml::parse(file, &SourceFile::new(src.rel.clone(), fixed), base..base + fixed_len)
            };
            let errors = match parsed {
                Ok(node) => {
                    let guessed = edits
                        .iter()
                        .filter(|e| e.with.bytes().all(|b| b == b' ') && e.len > 0)
                        .filter_map(|e| linted.iter().find(|l| l.contains(&(base + e.at))).cloned())
                        .collect();
                    let mut diags = lints;
                    diags.extend(undone);
                    return Recovered { node: Some(shift.node(node)), diags, guessed };
                }
                Err(errors) => errors.into_iter().map(|d| shift.diag(d)).collect::<Vec<_>>(),
            };
            let Some(edit) = undo(src, yaml, base, &errors).filter(|e| fits(&edits, e)) else {
                first_failure.get_or_insert_with(|| {
                    let mut all = undone;
                    all.extend(errors);
                    all
                });
                break;
            };
            undone.extend(errors);
            // In the lint's order: by place, an insertion before a replacement there.
            let at = edits.partition_point(|x| (x.at, x.len) <= (edit.at, edit.len));
            edits.insert(at, edit);
        }
    }
    let mut diags = lints;
    // Where the copy still fails away from the lint's lines, that is a mistake of its own.
    let unexplained = first_failure
        .unwrap_or_default()
        .into_iter()
        .filter(|d| line_of(src, d).is_none_or(|l| !linted.contains(&l)))
        .filter(|d| !diags.iter().any(|x| x.code == d.code && x.loc == d.loc))
        .collect::<Vec<_>>();
    diags.extend(unexplained);
    Recovered { diags, ..Recovered::default() }
}

/// The edit that undoes a parser error whose cause is plain, so that the
/// rest of the file can be read: a `: ` inside a value becomes the
/// full-width `：` it was probably meant as, and a duplicate key's line
/// (one with nothing nested under it) becomes a comment. Positions are in
/// the original; `None` for every other error.
fn undo(src: &SourceFile, yaml: &str, base: usize, errors: &[Diagnostic]) -> Option<Edit> {
    let [d] = errors else { return None };
    let Some(Loc::Span(s)) = d.loc else { return None };
    let at = (s.start as usize).checked_sub(base).filter(|&a| a < yaml.len())?;
    match d.code {
        crate::diag::Code::YamlColonInValue if yaml.get(at..).is_some_and(|r| r.starts_with(':')) => {
            Some(Edit { at, len: 1, with: "：".into() })
        }
        crate::diag::Code::YamlDuplicateKey => {
            let line = src.line_range(src.line_col(s.start as usize).0);
            let (start, end) = (line.start.checked_sub(base)?, line.end.saturating_sub(base).min(yaml.len()));
            let text = &yaml[start..end];
            let indent = text.len() - text.trim_start_matches(' ').len();
            let next_indent = yaml[end..]
                .lines()
                .find(|l| !l.trim().is_empty())
                .map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
            // Only a key that starts its line, and has no nested lines to orphan.
            (start + indent == at && next_indent <= indent).then(|| Edit { at, len: 0, with: "#".into() })
        }
        _ => None,
    }
}

/// Whether `e` overlaps none of `edits` (two insertions at one place would
/// have no order).
fn fits(edits: &[Edit], e: &Edit) -> bool {
    edits.iter().all(
        |x| {
            if e.len == 0 && x.len == 0 { x.at != e.at } else { e.at + e.len <= x.at || x.at + x.len <= e.at }
        },
    )
}

/// The byte range of the line a diagnostic points at.
fn line_of(src: &SourceFile, d: &Diagnostic) -> Option<Range<usize>> {
    let Some(Loc::Span(s)) = d.loc else { return None };
    let (line, _) = src.line_col(s.start as usize);
    Some(src.line_range(line))
}

/// The lint's edits, and how offsets in the edited copy map back to the
/// original.
struct Shift<'a> {
    base: usize,
    edits: &'a [Edit],
}

impl Shift<'_> {
    fn apply(&self, yaml: &str) -> String {
        let mut out = String::with_capacity(yaml.len() + self.edits.len() * 2);
        let mut at = 0;
        for e in self.edits {
            out.push_str(&yaml[at..e.at]);
            out.push_str(&e.with);
            at = e.at + e.len;
        }
        out.push_str(&yaml[at..]);
        out
    }

    /// The original offset of absolute offset `p` of the copy; a position
    /// inside a replacement maps to where the replaced text starts.
    fn original(&self, p: usize) -> usize {
        let Some(mut p) = p.checked_sub(self.base) else { return p };
        let mut grown: isize = 0;
        for e in self.edits {
            let start = e.at.saturating_add_signed(grown);
            if p < start {
                break;
            }
            if p < start + e.with.len() {
                // Inside a replacement: its start, always a character boundary.
                return self.base + e.at;
            }
            grown += e.with.len() as isize - e.len as isize;
        }
        p = p.saturating_add_signed(-grown);
        self.base + p
    }

    fn span(&self, s: Span) -> Span {
        Span::new(s.file, self.original(s.start as usize), self.original(s.end as usize))
    }

    fn loc(&self, l: Loc) -> Loc {
        match l {
            Loc::Span(s) => Loc::Span(self.span(s)),
            other => other,
        }
    }

    fn diag(&self, mut d: Diagnostic) -> Diagnostic {
        d.loc = d.loc.map(|l| self.loc(l));
        d.note = d.note.map(|(l, t)| (self.loc(l), t));
        d
    }

    fn node(&self, n: Sp<Node>) -> Sp<Node> {
        let value = match n.value {
            Node::Seq(v) => Node::Seq(v.into_iter().map(|x| self.node(x)).collect()),
            Node::Map(v) => {
                Node::Map(v.into_iter().map(|(k, x)| (Sp::new(k.value, self.span(k.span)), self.node(x))).collect())
            }
            leaf => leaf,
        };
        Sp::new(value, self.span(n.span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    fn run(text: &str) -> (SourceFile, Recovered) {
        let src = SourceFile::new("t.yaml".into(), text.to_string());
        let r = parse(FileId(0), &src, 0..text.len());
        (src, r)
    }

    fn found(text: &str) -> Vec<(Code, (u32, u32))> {
        let (src, r) = run(text);
        r.diags
            .iter()
            .map(|d| match d.loc {
                Some(Loc::Span(s)) => (d.code, src.line_col(s.start as usize)),
                _ => (d.code, (0, 0)),
            })
            .collect()
    }

    /// The value of `key` in a recovered mapping, and the text its span covers.
    fn value(text: &str, key: &str) -> Option<(String, String)> {
        let (_, r) = run(text);
        let Some(Node::Map(m)) = r.node.map(|n| n.value) else { return None };
        let (_, v) = m.into_iter().find(|(k, _)| k.value == key)?;
        let Node::Scalar(s) = v.value else { return None };
        Some((s, text[v.span.start as usize..v.span.end as usize].to_string()))
    }

    #[test]
    fn every_lint_hit_is_reported_and_the_tree_still_read() {
        let text = "title： 停车\nlist:\n\t- a\nm: 【a, b】\nk:v\nlast: 好\n";
        assert_eq!(
            found(text),
            [
                (Code::YamlFullwidthColon, (1, 6)),
                (Code::YamlTab, (3, 1)),
                (Code::YamlFullwidthBracket, (4, 4)),
                (Code::YamlColonSpace, (5, 2)),
            ]
        );
        // Spans point into the original text.
        assert_eq!(value(text, "title"), Some(("停车".into(), "停车".into())));
        assert_eq!(value(text, "k"), Some(("v".into(), "v".into())));
        assert_eq!(value(text, "last"), Some(("好".into(), "好".into())));
    }

    #[test]
    fn a_tab_takes_the_width_that_parses() {
        let (_, r) = run("a:\n    b: 1\n\tc: 2\n");
        let Some(Node::Map(m)) = r.node.map(|n| n.value) else { panic!("not recovered") };
        let Some((_, Sp { value: Node::Map(inner), .. })) = m.first() else { panic!("no nested map") };
        assert_eq!(inner.iter().map(|(k, _)| k.value.as_str()).collect::<Vec<_>>(), ["b", "c"]);
    }

    #[test]
    fn a_parser_error_elsewhere_is_reported_with_the_lint() {
        let text = "title： 停车\nnote: \"abc\nnext: 1\n";
        let got = found(text);
        assert_eq!(got[0], (Code::YamlFullwidthColon, (1, 6)));
        assert_eq!(got[1].0, Code::YamlUnclosedQuote);
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn without_lint_hits_nothing_changes() {
        let (_, r) = run("a: 1\n");
        assert!(r.node.is_some() && r.diags.is_empty());
        let (_, r) = run("a: \"1\nb: 2\n");
        assert_eq!(r.diags.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::YamlUnclosedQuote]);
        assert!(r.node.is_none());
    }

    #[test]
    fn plain_parser_errors_are_undone_and_reading_goes_on() {
        let text = "title: 通知: 明天停水\na: 1\nb: 2\na: 3\nnote: 时间: 下午\n";
        assert_eq!(
            found(text),
            [(Code::YamlColonInValue, (1, 10)), (Code::YamlDuplicateKey, (4, 1)), (Code::YamlColonInValue, (5, 9))]
        );
        // The first `a` stands; the value keeps its place in the original.
        assert_eq!(value(text, "a"), Some(("1".into(), "1".into())));
        assert_eq!(value(text, "title"), Some(("通知： 明天停水".into(), "通知: 明天停水".into())));
    }

    #[test]
    fn a_duplicate_with_nested_lines_is_not_guessed_at() {
        let (_, r) = run("a:\n  x: 1\na:\n  y: 2\n");
        assert_eq!(r.diags.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::YamlDuplicateKey]);
        assert!(r.node.is_none());
    }

    /// Input-mode mistakes sprinkled anywhere: no panic, and every position
    /// reported or kept in the tree is a character boundary of the original.
    #[test]
    fn positions_stay_on_character_boundaries_whatever_the_mistakes() {
        let base = "title: 停车位公示\nlist:\n  - a\n  - {date: 2026-10-08, by: joint}\nm: [甲, 乙]\nnote: 时间\n";
        let junk = ['：', '\t', '\u{3000}', '－', '【', '】', ':', '"', '#', '\n', ' ', '-'];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..2000 {
            let mut text: Vec<char> = base.chars().collect();
            for _ in 0..1 + next(4) {
                let at = next(text.len() + 1);
                text.insert(at, junk[next(junk.len())]);
            }
            let text: String = text.into_iter().collect();
            let (src, r) = run(&text);
            let ok = |s: Span| text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize);
            for d in &r.diags {
                if let Some(Loc::Span(s)) = d.loc {
                    assert!(ok(s) && (s.end as usize) <= src.text.len(), "{text:?}: {d:?}");
                }
            }
            fn walk(n: &Sp<Node>, ok: &dyn Fn(Span) -> bool) -> bool {
                ok(n.span)
                    && match &n.value {
                        Node::Seq(v) => v.iter().all(|x| walk(x, ok)),
                        Node::Map(v) => v.iter().all(|(k, x)| ok(k.span) && walk(x, ok)),
                        _ => true,
                    }
            }
            assert!(r.node.as_ref().is_none_or(|n| walk(n, &ok)), "{text:?}");
        }
    }

    #[test]
    fn offsets_map_back_through_replacements() {
        let edits = [Edit { at: 2, len: 3, with: ": ".into() }, Edit { at: 8, len: 0, with: " ".into() }];
        let s = Shift { base: 10, edits: &edits };
        // Before, inside, between and after the edits.
        assert_eq!([10, 12, 13, 14, 17, 18, 19].map(|p| s.original(p)), [10, 12, 12, 15, 18, 18, 19]);
    }
}
