//! Diagnostics stay linear: many errors on one long line are positioned,
//! sorted and shown without re-reading the line for each of them.

use std::sync::mpsc;
use std::time::Duration;

use gongshi::diag::{
    Code, Diagnostic, FileId, Lang, SourceFile, SourceMap, Span, Text, render_human, render_json, sort,
};

/// One 10,000-key line of YAML, as pasted from a spreadsheet, and one
/// diagnostic per key, in reverse order so that sorting has work to do.
fn long_line() -> (SourceMap, Vec<Diagnostic>) {
    let line: String = (0..10_000).map(|i| format!("键{i}: 值, ")).collect();
    let text = format!("name: x\nmembers: {{{line}}}\n");
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find('键') {
        starts.push(from + i);
        from += i + '键'.len_utf8();
    }
    let mut sources = SourceMap::default();
    sources.set(FileId(0), SourceFile::new("lanting/community.yaml".into(), text));
    let diags = starts
        .iter()
        .rev()
        .map(|&s| {
            Diagnostic::error(Code::YamlTab, Span::new(FileId(0), s, s + '键'.len_utf8()), Text::new("错", "bad"))
        })
        .collect();
    (sources, diags)
}

#[test]
fn ten_thousand_errors_on_one_line_are_reported_in_linear_time() {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (sources, mut diags) = long_line();
        sort(&mut diags, &sources);
        let mut shown = 0;
        for d in &diags {
            shown += render_human(d, &sources, Lang::Zh).len() + render_json(d, &sources, Lang::En).len();
        }
        let _ = tx.send((diags.len(), shown));
    });
    // The issue asks for under 2 s; before the fix this took minutes. The
    // bound is a hang guard, generous so that a busy machine cannot make it
    // fail; the figure itself is measured in the closing note, not here.
    let got = rx.recv_timeout(Duration::from_secs(60));
    assert!(matches!(got, Ok((10_000, n)) if n > 0), "not reported within the bound: {got:?}");
}

#[test]
fn far_along_a_long_line_the_window_and_caret_are_right() {
    let (sources, mut diags) = long_line();
    sort(&mut diags, &sources);
    let last = &diags[5_000];
    let out = render_human(last, &sources, Lang::Zh);
    let (_, line, col) = sources.position(last.loc.unwrap_or(gongshi::diag::Loc::File(FileId(0))));
    assert_eq!(line, 2);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[1].ends_with(&format!(":2:{col}")), "{out}");
    // The source line is cut around the column, and the caret sits under `键5000`.
    let source = lines[3];
    let caret = lines[4];
    assert!(source.starts_with("2 | …") && source.ends_with('…'), "{out}");
    let width = |s: &str| s.chars().map(|c| if c.is_ascii() || c == '…' { 1 } else { 2 }).sum::<usize>();
    let at = source.find("键5000").unwrap_or_else(|| panic!("{out}"));
    assert_eq!(caret.find('^').map(|i| width(&caret[..i])), Some(width(&source[..at])), "{out}");
    assert_eq!(caret.matches('^').count(), 2, "one wide character");
}
