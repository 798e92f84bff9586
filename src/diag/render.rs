//! The two printed forms of a diagnostic (human and JSON) and their order.

use std::fmt::Write as _;

use serde::Serialize;
use unicode_width::UnicodeWidthChar;

use super::{Code, Diagnostic, Lang, Loc, Severity, SourceMap, redact};

/// Sort for output: by file, then position, errors before warnings at the same place.
/// Each position is computed once, not once per comparison.
pub fn sort(diags: &mut [Diagnostic], sources: &SourceMap) {
    diags.sort_by_cached_key(|d| {
        let pos = d.loc.map(|l| {
            let (p, line, col) = sources.position(l);
            (p.to_string(), line, col)
        });
        (pos, d.severity)
    });
}

/// The human form: a header, `--> path:line:col`, the source line, a caret
/// under the offending text, then the hint.
pub fn render_human(d: &Diagnostic, sources: &SourceMap, lang: Lang) -> String {
    render(d, sources, lang, false)
}

/// The human form for anyone but the staff member at the terminal (the
/// `serve` overlay and events): personal lines masked, see [`redact`].
pub fn render_shared(d: &Diagnostic, sources: &SourceMap, lang: Lang) -> String {
    render(d, sources, lang, true)
}

fn render(d: &Diagnostic, sources: &SourceMap, lang: Lang, shared: bool) -> String {
    let mut out = String::new();
    let label = match (d.severity, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Warning, Lang::En) => "warning",
    };
    let scrub = |t: &str| match (shared, d.loc) {
        (true, Some(loc)) => redact::scrub(t, sources.get(loc.file())),
        _ => t.to_string(),
    };
    let _ = writeln!(out, "{label}[{}]: {}", d.code, scrub(d.message.get(lang)));
    if let Some(loc) = d.loc {
        snippet(&mut out, loc, sources, shared.then_some(d.code));
    }
    if let Some((loc, text)) = &d.note {
        let (p, l, c) = sources.position(*loc);
        let note = if lang == Lang::Zh { "说明" } else { "note" };
        let _ = writeln!(out, "  = {note}: {} ({p}:{l}:{c})", text.get(lang));
    }
    if let Some(h) = &d.hint {
        let hint = if lang == Lang::Zh { "提示" } else { "hint" };
        for (i, line) in scrub(h.get(lang)).lines().enumerate() {
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

// Only the shown window of the line is looked at (via the file's
// character index), never the whole line: a 200 KB line with 10,000
// diagnostics on it is then shown in linear time, not quadratic.
// With `shared_code`, the line is masked where [`redact::hides_line`] says so.
fn snippet(out: &mut String, loc: Loc, sources: &SourceMap, shared_code: Option<Code>) {
    let (path, line, col) = sources.position(loc);
    if line == 0 {
        let _ = writeln!(out, "  --> {path}");
        return;
    }
    let _ = writeln!(out, "  --> {path}:{line}:{col}");
    let file = sources.get(loc.file());
    let range = file.line_range(line);
    let total = file.char_count(range.clone());
    let hide = shared_code.is_some_and(|code| redact::hides_line(code, file, line));
    let num = line.to_string();
    let pad = " ".repeat(num.len());
    let at = (col as usize).saturating_sub(1).min(total);
    // A pasted 200 KB line must not flood the terminal: show a window
    // around the column, with `…` where text is cut.
    let from = if total > MAX_SHOWN { at.saturating_sub(MAX_SHOWN / 3) } else { 0 };
    let to = (from + MAX_SHOWN).min(total);
    let from_byte = file.nth_char_from(range.start, from).min(range.end);
    let chars: Vec<char> = file.text[from_byte..range.end].chars().take(to - from).map(visible).collect();
    let mut shown: String = chars.iter().collect();
    if hide {
        shown = redact::mask(&shown);
    }
    let cut_before = if from > 0 { "…" } else { "" };
    if to < total {
        shown.push('…');
    }
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{num} | {cut_before}{shown}");
    let width = |cs: &[char]| cs.iter().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    let (at_w, end_w) = ((at - from).min(chars.len()), chars.len());
    let lead = usize::from(from > 0) + width(&chars[..at_w]);
    let len = match loc {
        Loc::Span(s) => {
            let f = &file.text;
            let (start, end) = ((s.start as usize).min(f.len()), (s.end as usize).min(f.len()));
            // The span as far as it lies on this line and in the window.
            let end = end.min(range.end.max(start));
            f.get(start..end).map_or(0, |t| {
                let on_line = t.chars().take_while(|c| !matches!(c, '\r' | '\n'));
                on_line.take(end_w - at_w).map(|c| visible(c).width().unwrap_or(0)).sum()
            })
        }
        _ => 0,
    };
    let len = len.min(width(&chars[at_w..end_w]));
    let _ = writeln!(out, "{pad} | {}{}", " ".repeat(lead), "^".repeat(len.max(1)));
}

/// The machine form: one JSON object per diagnostic, safe to share (see [`redact`]).
pub fn render_json(d: &Diagnostic, sources: &SourceMap, lang: Lang) -> String {
    #[derive(Serialize)]
    struct Json<'a> {
        file: Option<&'a str>,
        line: Option<u32>,
        column: Option<u32>,
        severity: Severity,
        code: &'static str,
        message: &'a str,
        hint: Option<&'a str>,
    }
    let pos = d.loc.map(|l| sources.position(l));
    // JSON is what gets pasted into chats and tickets: it never carries a
    // source line, and values of a `private:` block are scrubbed from the text.
    let scrub = |t: &str| d.loc.map_or_else(|| t.to_string(), |l| redact::scrub(t, sources.get(l.file())));
    let (message, hint) = (scrub(d.message.get(lang)), d.hint.as_ref().map(|h| scrub(h.get(lang))));
    let j = Json {
        file: pos.map(|p| p.0),
        line: pos.and_then(|p| (p.1 > 0).then_some(p.1)),
        column: pos.and_then(|p| (p.2 > 0).then_some(p.2)),
        severity: d.severity,
        code: d.code.as_str(),
        message: &message,
        hint: hint.as_deref(),
    };
    serde_json::to_string(&j).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, FileId, SourceFile, Span, Text};

    #[test]
    fn caret_sits_under_wide_characters() {
        let mut m = SourceMap::default();
        m.files.push(SourceFile::new("c.md".into(), "---\ntitle： 停车\n---\n".into()).into());
        let off = m.files[0].text.find('：').unwrap_or(0);
        let d =
            Diagnostic::error(Code::YamlTab, Span::new(FileId(0), off, off + '：'.len_utf8()), Text::new("错", "bad"));
        let s = render_human(&d, &m, Lang::Zh);
        assert!(s.contains("--> c.md:2:6"), "{s}");
        assert!(s.contains("2 | title： 停车\n  |      ^^\n"), "{s}");
    }

    #[test]
    fn shared_rendering_masks_a_private_line_and_keeps_the_place() {
        let mut m = SourceMap::default();
        let text = "---\ntitle: 漏水\nprivate:\n  phone: 13800001234: 张三\n---\n";
        m.files.push(SourceFile::new("c.md".into(), text.into()).into());
        let off = text.find("13800001234").unwrap_or(0);
        let d = Diagnostic::error(
            Code::YamlSyntax,
            Span::new(FileId(0), off, off + 11),
            Text::new("错在 13800001234", "bad"),
        );
        let staff = render_human(&d, &m, Lang::Zh);
        assert!(staff.contains("13800001234: 张三"), "{staff}");
        let shared = render_shared(&d, &m, Lang::Zh);
        assert!(shared.contains("--> c.md:4:10"), "{shared}");
        assert!(!shared.contains("1380000") && !shared.contains("张三"), "{shared}");
        assert!(!render_json(&d, &m, Lang::Zh).contains("1380000"));
    }
}
