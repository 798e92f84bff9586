//! What the command line prints: diagnostics (human or JSON), and the
//! one-line summaries of `check`, `build` and each build of `watch`/`serve`,
//! in the site's language.

use std::io::Write as _;
use std::path::Path;

use clap::ValueEnum;

use super::narrow::{NarrowArgs, Selection};
use super::summary;
use crate::build::Built;
use crate::diag::{self, Lang, Severity};
use crate::output::PublishReport;
use crate::validate::Checked;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Prints every diagnostic (sorted by file and line) and a summary.
pub fn report(checked: &Checked, format: Format) {
    report_narrowed(checked, format, &NarrowArgs::default());
}

/// Prints the diagnostics `narrow` keeps (sorted by file and line), the
/// table of a long report, and a summary that says how many were left out.
pub fn report_narrowed(checked: &Checked, format: Format, narrow: &NarrowArgs) {
    let Selection { shown: mut diags, hidden_errors, hidden_warnings } =
        narrow.select(&checked.diags, &checked.sources);
    diag::sort(&mut diags, &checked.sources);
    let lang = checked.lang;
    match format {
        Format::Json => {
            let mut out = std::io::stdout().lock();
            for d in &diags {
                let _ = writeln!(out, "{}", diag::render_json(d, &checked.sources, lang));
            }
        }
        Format::Human => {
            // Colour on a terminal only: see `colour`.
            let mut err = anstream::stderr().lock();
            for d in &diags {
                let text = super::colour::paint(&diag::render_human(d, &checked.sources, lang), d.severity);
                let _ = writeln!(err, "{text}");
            }
            let _ = write!(err, "{}", summary::table(&diags, &checked.sources, lang));
            let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
            let warnings = diags.len() - errors;
            let files = checked.sources.read_count();
            let hidden = hidden_note(hidden_errors, hidden_warnings, lang);
            let _ = match (lang, hidden.is_empty()) {
                (Lang::Zh, true) => writeln!(err, "检查了 {files} 个文件：{errors} 个错误，{warnings} 个警告。"),
                (Lang::En, true) => writeln!(err, "checked {files} files: {errors} error(s), {warnings} warning(s)."),
                (Lang::Zh, false) => {
                    writeln!(err, "检查了 {files} 个文件：显示 {errors} 个错误，{warnings} 个警告；{hidden}。")
                }
                (Lang::En, false) => {
                    writeln!(err, "checked {files} files: shown {errors} error(s), {warnings} warning(s); {hidden}.")
                }
            };
        }
    }
}

/// What the filters left out: "另有 N 个错误未显示", or nothing.
fn hidden_note(errors: usize, warnings: usize, lang: Lang) -> String {
    let mut parts = Vec::new();
    match lang {
        Lang::Zh => {
            if errors > 0 {
                parts.push(format!("另有 {errors} 个错误未显示"));
            }
            if warnings > 0 {
                parts.push(format!("{}{warnings} 个警告未显示", if errors > 0 { "" } else { "另有 " }));
            }
            parts.join("，")
        }
        Lang::En => {
            if errors > 0 {
                parts.push(format!("{errors} more error(s) not shown"));
            }
            if warnings > 0 {
                parts.push(format!("{warnings} more warning(s) not shown"));
            }
            parts.join(", ")
        }
    }
}

/// `gongshi build` stopped by content errors.
pub fn nothing_built(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "有错误，没有生成网站；已发布的网站保持不变。",
        Lang::En => "errors: nothing was built; the published site is unchanged.",
    }
}

/// `gongshi build` published `out`.
pub fn built(out: &Path, r: &PublishReport, lang: Lang) -> String {
    let (out, w, u, d, v) = (out.display(), r.written, r.unchanged, r.removed, &r.version);
    match lang {
        Lang::Zh => format!("已生成 {out}：写入 {w} 个文件，{u} 个未变，删除 {d} 个（版本 {v}）。"),
        Lang::En => format!("built {out}: {w} written, {u} unchanged, {d} removed (version {v})."),
    }
}

/// Build number `n` of `watch`/`serve` was good (`ms` long).
pub fn published(n: u64, ms: u128, r: &PublishReport, lang: Lang) -> String {
    let (w, u, d, v) = (r.written, r.unchanged, r.removed, &r.version);
    match (lang, r.swapped) {
        (Lang::Zh, true) => {
            format!("第 {n} 次构建：已发布，写入 {w} 个文件，{u} 个未变，删除 {d} 个（版本 {v}，{ms} 毫秒）。")
        }
        (Lang::En, true) => {
            format!("build {n}: published, {w} written, {u} unchanged, {d} removed (version {v}, {ms} ms).")
        }
        (Lang::Zh, false) => format!("第 {n} 次构建：内容没有变化（版本 {v}，{ms} 毫秒）。"),
        (Lang::En, false) => format!("build {n}: nothing changed (version {v}, {ms} ms)."),
    }
}

/// Build number `n` of `watch`/`serve` failed; the published site stays.
pub fn failed(n: u64, ms: u128, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第 {n} 次构建：有错误，已发布的网站保持不变；改好文件后会自动重新构建（{ms} 毫秒）。"),
        Lang::En => {
            format!(
                "build {n}: errors; the published site is unchanged. Fix the file and it rebuilds by itself ({ms} ms)."
            )
        }
    }
}

/// A good build's warnings are the same `n` as listed last time.
pub fn warnings_as_before(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("（{n} 个警告与上次相同，不再列出）"),
        Lang::En => format!("({n} warnings, as listed before)"),
    }
}

/// The errors of a failed build as plain text, for the browser overlay and
/// the event stream: rendered with [`diag::render_shared`], so no personal
/// line leaves the machine. Whatever sends diagnostics over HTTP must use it.
pub fn overlay_text(built: &Built) -> String {
    let checked = &built.checked;
    let mut diags: Vec<_> = checked.diags.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
    diag::sort(&mut diags, &checked.sources);
    let total = diags.len();
    let mut text = String::new();
    for d in diags.iter().take(30) {
        text.push_str(&diag::render_shared(d, &checked.sources, checked.lang));
        text.push('\n');
    }
    if total > 30 {
        text.push_str(&match checked.lang {
            Lang::Zh => format!("……共 {total} 个错误，其余见终端。\n"),
            Lang::En => format!("… {total} errors in all; see the terminal for the rest.\n"),
        });
    }
    text
}
