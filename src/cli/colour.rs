//! Colour for diagnostics on a terminal: the `error[code]` label red, the
//! `warning[code]` label yellow, the `file:line:col` bold, the carets in the
//! label's colour. The text is painted with ANSI codes and written through
//! `anstream` (as clap does), which drops them when `NO_COLOR` is set or
//! stderr is not a terminal, keeps them with `CLICOLOR_FORCE`, and
//! translates them for old Windows consoles. Piped output, and so every
//! snapshot, is unchanged.

use std::io::Write as _;

use anstyle::{AnsiColor, Style};

use crate::diag::Severity;

/// `rendered` (one diagnostic from `diag::render_human`) with ANSI colours.
pub fn paint(rendered: &str, severity: Severity) -> String {
    let tone = match severity {
        Severity::Error => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Severity::Warning => Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
    };
    let bold = Style::new().bold();
    let mut out = String::with_capacity(rendered.len() + 64);
    for (i, line) in rendered.split_inclusive('\n').enumerate() {
        let (text, end) = match line.strip_suffix('\n') {
            Some(t) => (t, "\n"),
            None => (line, ""),
        };
        if i == 0
            && let Some(at) = text.find("]: ")
        {
            let (label, rest) = text.split_at(at + 1);
            out.push_str(&format!("{tone}{label}{tone:#}{bold}{rest}{bold:#}{end}"));
        } else if i == 1
            && let Some(location) = text.strip_prefix("  --> ")
        {
            out.push_str(&format!("  --> {bold}{location}{bold:#}{end}"));
        } else if let Some((gutter, marks)) = caret_line(text) {
            out.push_str(&format!("{gutter}{tone}{marks}{tone:#}{end}"));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// An operational error (exit 2): `gongshi:` in red on a terminal.
pub fn print_failure(error: &anyhow::Error) {
    let red = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let _ = writeln!(anstream::stderr(), "{red}gongshi:{red:#} {error:#}");
}

/// The line under the snippet, `  |      ^^`: split before the carets.
fn caret_line(text: &str) -> Option<(&str, &str)> {
    let bar = text.find('|')?;
    let (gutter, after) = text.split_at(bar + 1);
    let marks_at = after.find('^')?;
    let only_marks = gutter[..bar].trim().is_empty() && after.chars().all(|c| c == ' ' || c == '^');
    only_marks.then(|| text.split_at(bar + 1 + marks_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &str = "error[yaml-fullwidth-colon]: the key is followed by a full-width colon\n  --> a/b.md:2:6\n  |\n2 | title： x\n  |      ^^\n  = hint: use ':'\n";

    #[test]
    fn painting_only_adds_escape_codes() {
        let painted = paint(PLAIN, Severity::Error);
        assert_ne!(painted, PLAIN);
        let stripped = anstream::adapter::strip_str(&painted).to_string();
        assert_eq!(stripped, PLAIN);
    }

    #[test]
    fn label_location_and_carets_are_painted() {
        let painted = paint(PLAIN, Severity::Warning);
        let yellow = Style::new().bold().fg_color(Some(AnsiColor::Yellow.into()));
        assert!(painted.starts_with(&format!("{yellow}error[yaml-fullwidth-colon]{yellow:#}")), "{painted:?}");
        assert!(painted.contains(&format!("{}a/b.md:2:6{}", Style::new().bold(), Style::new().bold().render_reset())));
        assert!(painted.contains(&format!("  |      {yellow}^^{yellow:#}\n")), "{painted:?}");
        assert!(painted.contains("2 | title： x\n"));
    }
}
