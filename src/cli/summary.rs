//! The table at the end of a long `check` report: how many problems of each
//! code, and which compounds have the most, so that a street of hundreds of
//! compounds can be worked through one code or one compound at a time
//! (`--code`, `--compound`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::narrow::Place;
use crate::diag::{Code, Diagnostic, Lang, Severity, SourceMap};

/// A report this long gets the table; a short one is read at a glance.
pub(crate) const TABLE_FROM: usize = 10;

/// How many compounds the table lists, most problems first.
pub(crate) const TOP_PLACES: usize = 10;

/// The table for the diagnostics shown, or nothing when there are fewer than [`TABLE_FROM`].
pub(crate) fn table(shown: &[Diagnostic], sources: &SourceMap, lang: Lang) -> String {
    if shown.len() < TABLE_FROM {
        return String::new();
    }
    let mut out = String::new();
    by_code(&mut out, shown, lang);
    by_place(&mut out, shown, sources, lang);
    out
}

fn by_code(out: &mut String, shown: &[Diagnostic], lang: Lang) {
    let mut counts: BTreeMap<(Severity, Code), usize> = BTreeMap::new();
    for d in shown {
        *counts.entry((d.severity, d.code)).or_default() += 1;
    }
    let mut rows: Vec<((Severity, Code), usize)> = counts.into_iter().collect();
    // Errors first, then the most frequent.
    rows.sort_by(|a, b| a.0.0.cmp(&b.0.0).then(b.1.cmp(&a.1)).then(a.0.1.as_str().cmp(b.0.1.as_str())));
    let width = rows.iter().map(|((_, c), _)| c.as_str().len()).max().unwrap_or(0).max(4);
    let (title, head) = match lang {
        Lang::Zh => ("按代码统计：", ["代码", "类别", "个数", "含义"]),
        Lang::En => ("by code:", ["code", "kind", "count", "meaning"]),
    };
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "  {}  {}  {}  {}", pad(head[0], width), pad(head[1], 7), lpad(head[2], 5), head[3]);
    for ((severity, code), n) in rows {
        let (kind, meaning) = match lang {
            Lang::Zh => (if severity == Severity::Error { "错误" } else { "警告" }, code.meaning_zh()),
            Lang::En => (if severity == Severity::Error { "error" } else { "warning" }, code.meaning()),
        };
        let _ =
            writeln!(out, "  {}  {}  {}  {meaning}", pad(code.as_str(), width), pad(kind, 7), lpad(&n.to_string(), 5));
    }
}

fn by_place(out: &mut String, shown: &[Diagnostic], sources: &SourceMap, lang: Lang) {
    let mut counts: BTreeMap<Place, (usize, usize)> = BTreeMap::new();
    for d in shown {
        let c = counts.entry(Place::of_diag(d, sources)).or_default();
        if d.severity == Severity::Error {
            c.0 += 1;
        } else {
            c.1 += 1;
        }
    }
    let mut rows: Vec<(Place, (usize, usize))> = counts.into_iter().collect();
    // Most errors first, then most problems, then by name.
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then((b.1.0 + b.1.1).cmp(&(a.1.0 + a.1.1))).then(a.0.cmp(&b.0)));
    let name = |p: &Place| match (p, lang) {
        (Place::Site, Lang::Zh) => "（全站：site.yaml 等）".to_string(),
        (Place::Site, Lang::En) => "(site: site.yaml etc.)".to_string(),
        (Place::Community(c), Lang::Zh) => format!("{c}（社区自己的文件）"),
        (Place::Community(c), Lang::En) => format!("{c} (the community's own files)"),
        (Place::Compound(p), _) => p.clone(),
    };
    let width = rows.iter().take(TOP_PLACES).map(|(p, _)| name(p).width()).max().unwrap_or(0).max(8);
    let (title, head) = match lang {
        Lang::Zh => (format!("按小区统计（问题最多的 {TOP_PLACES} 处）："), ["小区", "错误", "警告"]),
        Lang::En => (format!("by compound (the {TOP_PLACES} with most problems):"), ["compound", "errors", "warnings"]),
    };
    let _ = writeln!(out, "\n{title}");
    let _ = writeln!(out, "  {}  {}  {}", pad(head[0], width), lpad(head[1], 6), lpad(head[2], 8));
    for (p, (e, w)) in rows.iter().take(TOP_PLACES) {
        let _ = writeln!(out, "  {}  {}  {}", pad(&name(p), width), lpad(&e.to_string(), 6), lpad(&w.to_string(), 8));
    }
    if rows.len() > TOP_PLACES {
        let rest = &rows[TOP_PLACES..];
        let (e, w) = rest.iter().fold((0, 0), |acc, (_, (e, w))| (acc.0 + e, acc.1 + w));
        let n = rest.len();
        let _ = match lang {
            Lang::Zh => writeln!(out, "  ……其余 {n} 处：{e} 个错误，{w} 个警告（用 --compound 逐个查看）"),
            Lang::En => writeln!(out, "  … {n} more: {e} error(s), {w} warning(s) (see each with --compound)"),
        };
    }
}

/// `s` padded with spaces to `width` terminal columns (a Chinese character is two).
fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

fn lpad(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(s.width())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{FileId, Loc, SourceFile};

    /// Twelve compounds with one warning each and a site-wide error.
    fn street() -> (Vec<Diagnostic>, SourceMap) {
        let mut sources = SourceMap::default();
        let mut diags = Vec::new();
        for i in 0..12u32 {
            sources.set(FileId(i), SourceFile::new(format!("c/p{i:02}/compound.yaml"), "name: x\n".into()));
            diags.push(Diagnostic::warning(Code::RuleMeetingGap, Loc::File(FileId(i)), ("x", "x")));
        }
        sources.set(FileId(12), SourceFile::new("site.yaml".into(), "title: x\n".into()));
        diags.push(Diagnostic::error(Code::SiteBaseUrl, Loc::File(FileId(12)), ("x", "x")));
        (diags, sources)
    }

    #[test]
    fn the_places_beyond_the_top_ten_are_summed_up() {
        let (diags, sources) = street();
        let table = table(&diags, &sources, Lang::Zh);
        let lines: Vec<&str> = table.lines().collect();
        // Errors first in both tables; the site-wide error's place leads.
        assert!(lines[2].starts_with("  site-base-url"), "{table}");
        assert!(
            lines.iter().any(|l| l.starts_with("  （全站：site.yaml 等）") && l.ends_with("1         0")),
            "{table}"
        );
        assert!(table.ends_with("  ……其余 3 处：0 个错误，3 个警告（用 --compound 逐个查看）\n"), "{table}");
        assert!(table.contains("  c/p08 "), "{table}");
        assert!(!table.contains("  c/p09 "), "{table}");
    }

    #[test]
    fn a_short_report_has_no_table() {
        let (diags, sources) = street();
        assert_eq!(table(&diags[..TABLE_FROM - 1], &sources, Lang::Zh), "");
    }
}
