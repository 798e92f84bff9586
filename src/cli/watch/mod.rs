//! `gongshi watch`: build, then build again whenever `content/` or `themes/`
//! changes. A thin loop around [`build::Builder`]: it decides which file
//! events matter (a pure function), lets a burst settle, and runs one build
//! at a time. A failed build changes nothing that is published, so the last
//! good site stays online while staff fix the file.

mod clock;
mod debounce;
mod filter;
mod news;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::EventKind;
use notify::{Event, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

pub use self::clock::{Clock, SystemClock, TICK, next_look, site_date};
pub use self::debounce::{Debounce, GRACE, MAX_WAIT, Pending, QUIET};
pub use self::filter::{Plan, matters, plan};
use crate::build::{self, BuildOptions, Built};
use crate::cli::ExitStatus;
use crate::cli::report::{self, Format};
use crate::diag::Lang;
use crate::error::Error;

/// The polling fallback's interval (the plan asks for detection within 5 s).
const POLL: Duration = Duration::from_secs(1);

/// Set by Ctrl-C; everything that loops checks it.
#[derive(Debug, Clone, Default)]
pub struct Shutdown(Arc<AtomicBool>);

impl Shutdown {
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    pub fn set(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// What reaches the build loop.
#[derive(Debug)]
pub enum Msg {
    Fs(notify::Result<Event>),
    Stop,
}

/// How a build ended, for `serve` (live reload, error overlay).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildEvent {
    /// A good build; `swapped` when the published site changed.
    Published { swapped: bool },
    /// A failed build, as reported to staff: the published site is unchanged.
    Failed { text: String },
}

/// The folders the loop works with, absolute and without symlinks, the way
/// the watcher reports paths.
#[derive(Debug, Clone)]
pub struct Paths {
    pub root: PathBuf,
    pub content: PathBuf,
    pub themes: PathBuf,
    pub out: PathBuf,
}

impl Paths {
    pub fn new(opts: &BuildOptions) -> Result<Paths, Error> {
        let root = std::fs::canonicalize(&opts.site.root).map_err(|e| Error::io(&opts.site.root, e))?;
        let out = opts.out.clone().unwrap_or_else(|| root.join("public"));
        Ok(Paths { content: root.join("content"), themes: root.join("themes"), out: absolute(&out), root })
    }
}

/// An absolute form of a path that may not exist yet.
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    let base = std::env::current_dir().unwrap_or_default();
    let joined = if p.is_absolute() { p.to_path_buf() } else { base.join(p) };
    match (joined.parent(), joined.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent).map_or(joined.clone(), |c| c.join(name)),
        _ => joined,
    }
}

/// Which kind of watcher is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Native,
    Poll,
}

/// A running file watcher of either kind.
pub struct Fs {
    watcher: Box<dyn Watcher + Send>,
    pub mode: Mode,
}

impl std::fmt::Debug for Fs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fs").field("mode", &self.mode).finish_non_exhaustive()
    }
}

fn config() -> notify::Config {
    // Links inside content/ are reported as errors, never followed.
    notify::Config::default().with_follow_symlinks(false).with_poll_interval(POLL)
}

/// Watches the site folder itself (so that `content/` or `themes/` appearing
/// or being replaced is seen) and the two source folders recursively; not
/// the output, which may be inside the site folder.
fn watch_all(w: &mut dyn Watcher, paths: &Paths) -> notify::Result<()> {
    w.watch(&paths.root, RecursiveMode::NonRecursive)?;
    for dir in [&paths.content, &paths.themes] {
        if dir.is_dir() {
            w.watch(dir, RecursiveMode::Recursive)?;
        }
    }
    Ok(())
}

fn handler(tx: Sender<Msg>) -> impl FnMut(notify::Result<Event>) + Send + 'static {
    move |e| {
        let _ = tx.send(Msg::Fs(e));
    }
}

fn is_limit(e: &notify::Error) -> bool {
    matches!(e.kind, notify::ErrorKind::MaxFilesWatch)
}

/// The warning for an exhausted inotify limit, naming the setting to raise.
pub fn limit_warning(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => {
            "警告：系统的文件监视数量已达上限（fs.inotify.max_user_watches），改为每秒扫描一次。\n  可以这样提高上限：sudo sysctl fs.inotify.max_user_watches=524288"
        }
        Lang::En => {
            "warning: the system's file watch limit is reached (fs.inotify.max_user_watches); polling once a second instead.\n  Raise it with: sudo sysctl fs.inotify.max_user_watches=524288"
        }
    }
}

/// Starts a watcher of type `W`, falling back to polling when the system's
/// watch limit is exhausted. Generic so that tests can inject the failure.
pub fn open<W: Watcher + Send + 'static>(paths: &Paths, tx: &Sender<Msg>, lang: Lang) -> Result<Fs, Error> {
    let native = W::new(handler(tx.clone()), config()).and_then(|mut w| watch_all(&mut w, paths).map(|()| w));
    match native {
        Ok(w) => Ok(Fs { watcher: Box::new(w), mode: Mode::Native }),
        Err(e) if is_limit(&e) => {
            eprintln!("{}", limit_warning(lang));
            poll(paths, tx)
        }
        Err(e) => Err(Error::Watch(e)),
    }
}

fn poll(paths: &Paths, tx: &Sender<Msg>) -> Result<Fs, Error> {
    let mut w = PollWatcher::new(handler(tx.clone()), config()).map_err(Error::Watch)?;
    watch_all(&mut w, paths).map_err(Error::Watch)?;
    Ok(Fs { watcher: Box::new(w), mode: Mode::Poll })
}

/// The build loop and everything it owns.
#[derive(Debug)]
pub struct Loop {
    pub opts: BuildOptions,
    pub paths: Paths,
    pub shutdown: Shutdown,
    tx: Sender<Msg>,
    rx: Receiver<Msg>,
    fs: Option<Fs>,
    /// The site's language, known after the first build.
    pub lang: Lang,
    builds: u64,
    /// Keeps each compound's rendered files between builds: an edit renders
    /// again only the compounds it touched.
    builder: build::Builder,
    /// The warnings of the last good build (see [`news`]).
    last_warnings: Option<(usize, u128)>,
    /// Where "today" comes from (see [`clock`]).
    clock: Arc<dyn Clock>,
    /// The site's offset from UTC, known after the first good build.
    utc_offset: i32,
    /// The date the last build was made for; another build follows when it changes.
    built_for: Option<chrono::NaiveDate>,
}

/// A build that failed, held back for [`GRACE`] in case the file was still
/// being written.
#[derive(Debug)]
struct Held {
    at: Instant,
    n: u64,
    ms: u128,
    failure: Failure,
}

#[derive(Debug)]
enum Failure {
    Content(Box<Built>),
    Op(Error),
}

impl Loop {
    /// Resolves the folders and starts watching. The watcher starts before
    /// the first build, so that nothing saved during it is missed.
    pub fn new(opts: &BuildOptions) -> Result<Loop, Error> {
        Loop::with_clock(opts, Arc::new(SystemClock))
    }

    /// [`Loop::new`] reading the time from `clock`.
    pub fn with_clock(opts: &BuildOptions, clock: Arc<dyn Clock>) -> Result<Loop, Error> {
        let paths = Paths::new(opts)?;
        if !paths.content.is_dir() {
            return Err(Error::NoContent(paths.content.clone()));
        }
        let (tx, rx) = mpsc::channel();
        let mut s = Loop {
            opts: opts.clone(),
            paths,
            shutdown: Shutdown::default(),
            tx,
            rx,
            fs: None,
            lang: Lang::Zh,
            builds: 0,
            builder: build::Builder::default(),
            last_warnings: None,
            clock,
            utc_offset: 8 * 3600,
            built_for: None,
        };
        s.fs = Some(open::<RecommendedWatcher>(&s.paths, &s.tx, s.lang)?);
        Ok(s)
    }

    /// Ctrl-C (and SIGTERM) stop the loop; `main` then returns normally.
    pub fn stop_on_ctrl_c(&self) {
        let tx = self.tx.clone();
        let shutdown = self.shutdown.clone();
        let res = ctrlc::set_handler(move || {
            shutdown.set();
            let _ = tx.send(Msg::Stop);
        });
        if let Err(e) = res {
            eprintln!("gongshi: Ctrl-C: {e}");
        }
    }

    pub fn mode(&self) -> Option<Mode> {
        self.fs.as_ref().map(|f| f.mode)
    }

    fn say(&self, zh: &str, en: &str) {
        eprintln!("{}", if self.lang == Lang::Zh { zh } else { en });
    }

    /// The first build. A site that cannot be built at all (no `content/`,
    /// a refused output folder) ends the command; content errors do not:
    /// staff fix them while the loop runs.
    pub fn first_build(&mut self, on_build: &mut dyn FnMut(&BuildEvent)) -> Result<(), Error> {
        let (n, ms, result) = self.build(None);
        match result {
            Err(e @ (Error::NoContent(_) | Error::RefusedOutput(..))) => Err(e),
            other => {
                self.finish(n, ms, other, None, on_build);
                // Ready the kept releases now, so that the first edits
                // already write only their own files.
                if let Err(e) = crate::output::stock_releases(&self.paths.out) {
                    eprintln!("gongshi: {e}");
                }
                Ok(())
            }
        }
    }

    /// One build; `changed` as for [`build::Builder::rebuild`].
    fn build(&mut self, changed: Option<&[PathBuf]>) -> (u64, u128, Result<Built, Error>) {
        self.builds += 1;
        let start = Instant::now();
        // Unless `--as-of` (or site.yaml's `as_of:`) fixes it, the pages
        // are as of today by the loop's clock.
        let mut opts = self.opts.clone();
        if opts.site.check.as_of.is_none() {
            let today = self.today();
            opts.site.check.today = Some(today);
            self.built_for = Some(today);
        }
        let result = self.builder.rebuild(&opts, changed);
        if let Ok(b) = &result {
            self.lang = b.checked.lang;
            if let Some(site) = &b.checked.site {
                self.utc_offset = site.settings.utc_offset;
            }
        }
        (self.builds, start.elapsed().as_millis(), result)
    }

    /// Today in the site's time zone, by the loop's clock.
    fn today(&self) -> chrono::NaiveDate {
        site_date(self.clock.now(), self.utc_offset)
    }

    /// Whether the date has changed since the last build (never with `--as-of`).
    pub fn date_changed(&self) -> bool {
        self.built_for.is_some_and(|d| d != self.today())
    }

    /// Rebuilds when the date has changed since the last build: overdue
    /// cases, notice periods and "截至" move on at midnight without an edit.
    /// Returns whether it built.
    pub fn rollover(&mut self, on_build: &mut dyn FnMut(&BuildEvent)) -> bool {
        if !self.date_changed() {
            return false;
        }
        let today = self.today();
        self.say(&format!("日期已变为 {today}，重新构建……"), &format!("the date is now {today}; rebuilding…"));
        // Once a day the whole tree is read again, whatever the watcher said.
        let (n, ms, result) = self.build(None);
        self.finish(n, ms, result, None, on_build);
        true
    }

    /// Reports a finished build. A failure goes into `hold` when given (a
    /// build started by a change, see [`GRACE`]), and is reported at once otherwise.
    fn finish(
        &mut self,
        n: u64,
        ms: u128,
        result: Result<Built, Error>,
        hold: Option<&mut Option<Held>>,
        on_build: &mut dyn FnMut(&BuildEvent),
    ) {
        let failure = match result {
            Ok(built) => match &built.published {
                Some(r) => {
                    self.warnings(&built);
                    eprintln!("{}", report::published(n, ms, r, self.lang));
                    on_build(&BuildEvent::Published { swapped: r.swapped });
                    return;
                }
                None => Failure::Content(Box::new(built)),
            },
            Err(e) => Failure::Op(e),
        };
        match hold {
            Some(slot) => *slot = Some(Held { at: Instant::now(), n, ms, failure }),
            None => self.surface(n, ms, failure, on_build),
        }
    }

    /// Lists a good build's warnings, unless they are the ones listed last
    /// time: a rebuild per save would otherwise bury the news under them.
    fn warnings(&mut self, built: &Built) {
        let checked = &built.checked;
        let seen = news::fingerprint(&checked.diags);
        if checked.diags.is_empty() || self.last_warnings == Some(seen) {
            if !checked.diags.is_empty() {
                eprintln!("{}", report::warnings_as_before(checked.diags.len(), self.lang));
            }
        } else {
            report::report(checked, Format::Human);
        }
        self.last_warnings = Some(seen);
    }

    /// Tells staff (terminal and, through `on_build`, open preview tabs)
    /// why the build failed.
    fn surface(&mut self, n: u64, ms: u128, failure: Failure, on_build: &mut dyn FnMut(&BuildEvent)) {
        let text = match &failure {
            Failure::Content(built) => {
                report::report(&built.checked, Format::Human);
                // After the fix, its warnings are news again.
                self.last_warnings = None;
                report::overlay_text(built)
            }
            Failure::Op(e) => {
                eprintln!("gongshi: {e}");
                e.to_string()
            }
        };
        eprintln!("{}", report::failed(n, ms, self.lang));
        on_build(&BuildEvent::Failed { text });
    }

    /// Runs until Ctrl-C: waits for changes, lets them settle, builds.
    pub fn run(&mut self, on_build: &mut dyn FnMut(&BuildEvent)) -> ExitStatus {
        let mut burst = Debounce::default();
        let mut held: Option<Held> = None;
        loop {
            let now = Instant::now();
            let wake = burst.due().or_else(|| held.as_ref().map(|h| h.at + GRACE));
            let look = next_look(self.clock.now(), self.utc_offset);
            let wait = wake.map_or(look, |w| w.saturating_duration_since(now).min(look));
            match self.rx.recv_timeout(wait) {
                Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => break,
                Ok(Msg::Fs(Ok(event))) => {
                    self.rewatch(&event);
                    burst.add(plan(&event, &self.paths.root, &self.paths.out), Instant::now());
                }
                Ok(Msg::Fs(Err(e))) => self.fs_error(&e, &mut burst),
                Err(RecvTimeoutError::Timeout) => {}
            }
            if self.shutdown.is_set() {
                break;
            }
            let now = Instant::now();
            if burst.due().is_some_and(|d| d <= now) {
                if let Some(h) = held.take() {
                    // The file changed again after a failed build: it was being written.
                    self.say(
                        &format!("第 {} 次构建没有成功，但文件又有变化（可能还没写完），重新构建……", h.n),
                        &format!("build {} failed, but files changed again (still being written?); rebuilding…", h.n),
                    );
                }
                // Only what the watcher saw change is walked and read again,
                // unless it lost events.
                let pending = burst.take();
                let changed: Vec<PathBuf> = pending.paths.into_iter().collect();
                let (n, ms, result) = self.build((!pending.rescan).then_some(changed.as_slice()));
                self.finish(n, ms, result, Some(&mut held), on_build);
                // Changes made during the build are in the channel: one more build follows.
            } else if burst.is_empty()
                && held.as_ref().is_some_and(|h| h.at + GRACE <= now)
                && let Some(h) = held.take()
            {
                self.surface(h.n, h.ms, h.failure, on_build);
            } else if burst.is_empty() && held.is_none() {
                // Midnight passed, or the machine woke on another day.
                self.rollover(on_build);
            }
        }
        ExitStatus::Ok
    }

    /// `content/` or `themes/` created or replaced as a whole: watch the new folder.
    fn rewatch(&mut self, event: &Event) {
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        let Some(fs) = self.fs.as_mut() else { return };
        for p in &event.paths {
            if (*p == self.paths.content || *p == self.paths.themes)
                && p.is_dir()
                && let Err(e) = fs.watcher.watch(p, RecursiveMode::Recursive)
                && is_limit(&e)
            {
                self.fs = None;
                self.fall_back();
                return;
            }
        }
    }

    fn fs_error(&mut self, e: &notify::Error, burst: &mut Debounce) {
        if is_limit(e) {
            // Folders created since the start may be unwatched: poll, and reread everything.
            if self.mode() == Some(Mode::Native) {
                self.fs = None;
                self.fall_back();
            }
            burst.add(Plan::Rescan, Instant::now());
        } else {
            self.say(&format!("监视文件时出错：{e}"), &format!("watch error: {e}"));
            // Events may have been lost with it: the next build reads everything.
            burst.add(Plan::Rescan, Instant::now());
        }
    }

    fn fall_back(&mut self) {
        eprintln!("{}", limit_warning(self.lang));
        match poll(&self.paths, &self.tx) {
            Ok(fs) => self.fs = Some(fs),
            Err(e) => eprintln!("gongshi: {e}"),
        }
    }
}

/// `gongshi watch`.
pub fn main(opts: &BuildOptions) -> anyhow::Result<ExitStatus> {
    let mut build_loop = Loop::new(opts)?;
    build_loop.stop_on_ctrl_c();
    build_loop.first_build(&mut |_| {})?;
    build_loop.say(
        &format!(
            "正在监视 {} 的 content/ 和 themes/，改动后自动重新构建（按 Ctrl-C 停止）。",
            build_loop.paths.root.display()
        ),
        &format!(
            "watching content/ and themes/ in {}; rebuilding on every change (Ctrl-C stops).",
            build_loop.paths.root.display()
        ),
    );
    let status = build_loop.run(&mut |_| {});
    build_loop.say("已停止。", "stopped.");
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A native watcher that has hit the system's limit.
    struct Exhausted;

    impl Watcher for Exhausted {
        fn new<F: notify::EventHandler>(_: F, _: notify::Config) -> notify::Result<Self> {
            Ok(Exhausted)
        }
        fn watch(&mut self, _: &Path, _: RecursiveMode) -> notify::Result<()> {
            Err(notify::Error::new(notify::ErrorKind::MaxFilesWatch))
        }
        fn unwatch(&mut self, _: &Path) -> notify::Result<()> {
            Ok(())
        }
        fn kind() -> notify::WatcherKind {
            notify::WatcherKind::NullWatcher
        }
    }

    #[test]
    fn an_exhausted_watch_limit_falls_back_to_polling() {
        assert!(limit_warning(Lang::Zh).contains("fs.inotify.max_user_watches"));
        assert!(limit_warning(Lang::En).contains("fs.inotify.max_user_watches"));
        let dir = tempfile::tempdir().expect("tempdir");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        std::fs::create_dir_all(root.join("content/a")).expect("mkdir");
        let opts = BuildOptions {
            site: build::SiteOptions { root: root.clone(), ..Default::default() },
            ..Default::default()
        };
        let paths = Paths::new(&opts).expect("paths");
        let (tx, rx) = mpsc::channel();
        let fs = open::<Exhausted>(&paths, &tx, Lang::Zh).expect("poll watcher");
        assert_eq!(fs.mode, Mode::Poll);
        // Let the first scan finish, so the file below is a change.
        std::thread::sleep(Duration::from_millis(200));
        let file = paths.content.join("a/site.yaml");
        std::fs::write(&file, "x").expect("write");
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut seen = false;
        while !seen && Instant::now() < deadline {
            if let Ok(Msg::Fs(Ok(e))) = rx.recv_timeout(Duration::from_millis(100)) {
                seen = matches!(plan(&e, &paths.root, &paths.out), Plan::Changed(_));
            }
        }
        assert!(seen, "the polling watcher saw no change within 5 s");
        drop(fs);
    }
}
