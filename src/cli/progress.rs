//! The progress line of `gongshi build` on a terminal: one line on stderr,
//! redrawn as each stage of the pipeline ends, shown only once the build has
//! taken a second (a quick build prints nothing more than before) and wiped
//! before the diagnostics. Hand-drawn with `\r` and spaces rather than an
//! extra crate: four stage messages need no bar, and this works on every
//! Windows console.

use std::cell::Cell;
use std::io::{IsTerminal as _, Write as _};
use std::time::{Duration, Instant};

use unicode_width::UnicodeWidthStr as _;

use crate::build::{self, BuildOptions, Built, Progress};
use crate::diag::Lang;
use crate::error::Error;

/// How long a build runs before the line appears.
const AFTER: Duration = Duration::from_secs(1);

/// `build::build` (the one-shot build, with its persistent cache), with the progress line when stderr is a terminal.
pub fn build_with_progress(opts: &BuildOptions, lang: Lang) -> Result<Built, Error> {
    if !std::io::stderr().is_terminal() {
        return build::build(opts);
    }
    let line = Line { start: Instant::now(), width: Cell::new(0), lang };
    let built = build::build_with_progress(opts, &|p| line.show(p));
    line.clear();
    built
}

struct Line {
    start: Instant,
    /// Columns of the line drawn last, to wipe it.
    width: Cell<usize>,
    lang: Lang,
}

impl Line {
    fn show(&self, progress: Progress) {
        if self.start.elapsed() < AFTER {
            return;
        }
        let text = describe(progress, self.lang);
        let pad = self.width.get().saturating_sub(text.width());
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{text}{}", " ".repeat(pad));
        let _ = err.flush();
        self.width.set(text.width());
    }

    fn clear(&self) {
        if self.width.get() > 0 {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{}\r", " ".repeat(self.width.get()));
            let _ = err.flush();
        }
    }
}

/// The words of one stage.
pub fn describe(progress: Progress, lang: Lang) -> String {
    match (progress, lang) {
        (Progress::Loaded { files }, Lang::Zh) => format!("已读取 {files} 个文件，正在检查……"),
        (Progress::Loaded { files }, Lang::En) => format!("loaded {files} files, checking…"),
        (Progress::Checked { compounds }, Lang::Zh) => format!("已检查 {compounds} 个小区，正在生成页面……"),
        (Progress::Checked { compounds }, Lang::En) => format!("checked {compounds} compounds, rendering…"),
        (Progress::Rendered { compounds, files }, Lang::Zh) => {
            format!("已生成 {compounds} 个小区的 {files} 个文件，正在写入……")
        }
        (Progress::Rendered { compounds, files }, Lang::En) => {
            format!("rendered {files} files of {compounds} compounds, writing…")
        }
        (Progress::Published, Lang::Zh) => "已写入。".to_string(),
        (Progress::Published, Lang::En) => "written.".to_string(),
    }
}
