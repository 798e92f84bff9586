//! The harness: a copy of a fixture site in a temporary folder, changed
//! file by file (as bytes, so any encoding can be written), then checked by
//! the real `gongshi` binary, the way staff run it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

/// Every check runs as of this date, so that overdue, stale and "the
/// current year" never depend on the day the tests run.
pub const AS_OF: &str = "2026-11-27";

/// The one compound of the minimal fixture, relative to `content/`.
pub const COMPOUND: &str = "lanting/lanyuan";

/// A valid case with one update. Tests put one mistake into it; its lines
/// are: 1 `---`, 2 title, 3 received, 4 lead, 5 status, 6 updates,
/// 7 the update, 8 `---`, 9 the body.
pub const CASE: &str = "---
title: 12号楼顶层渗水
received: 2026-11-20
lead: property_company
status: received
updates:
  - {date: 2026-11-20, status: received, by: residents_committee, note: 已登记}
---
12号楼顶层楼道雨天渗水。
";

/// Where tests add a case of their own: `lanting/lanyuan/cases/2026-003.md`.
pub const NEW_CASE: &str = "lanting/lanyuan/cases/2026-003.md";

/// `text` with `from` replaced by `to`; `from` must be there, so a test
/// cannot silently stop making the mistake it is about.
pub fn swap(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in:\n{text}");
    text.replacen(from, to, 1)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries.flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        }
    }
}

/// A site in a temporary folder.
#[derive(Debug)]
pub struct SiteTest {
    dir: tempfile::TempDir,
}

impl SiteTest {
    /// A copy of `tests/fixtures/minimal`: a valid site with no warnings.
    pub fn minimal() -> SiteTest {
        let site = SiteTest::empty();
        copy_dir(&fixture("minimal"), site.root());
        site
    }

    /// An empty folder, not even `content/`.
    pub fn empty() -> SiteTest {
        let dir = tempfile::Builder::new().prefix("gongshi-test-").tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        SiteTest { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path under `content/`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join("content").join(rel)
    }

    /// Writes (or overwrites) a file under `content/`, creating its folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &SiteTest {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        }
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Replaces `from` by `to` in a file under `content/` (see [`swap`]).
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &SiteTest {
        let text = swap(&self.read(rel), from, to);
        self.write(rel, text)
    }

    pub fn remove(&self, rel: &str) -> &SiteTest {
        let path = self.path(rel);
        let res = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        res.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        self
    }

    /// A symbolic link at `rel` (under `content/`) pointing at `target`, as given.
    #[cfg(unix)]
    pub fn symlink(&self, target: impl AsRef<Path>, rel: &str) -> &SiteTest {
        let link = self.path(rel);
        std::os::unix::fs::symlink(target.as_ref(), &link).unwrap_or_else(|e| panic!("{}: {e}", link.display()));
        self
    }

    /// `gongshi check` in the human format.
    pub fn check(&self) -> Run {
        self.check_with(&[])
    }

    /// `gongshi check --format json`.
    pub fn check_json(&self) -> Run {
        self.check_with(&["--format", "json"])
    }

    fn check_with(&self, extra: &[&str]) -> Run {
        let root = self.root().to_string_lossy().into_owned();
        let mut args = vec!["check", "--root", root.as_str(), "--as-of", AS_OF];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Runs the binary with these arguments, in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_gongshi"))
            .args(args)
            .current_dir(self.root())
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap_or_else(|e| panic!("cannot run gongshi: {e}"));
        let root = self.root().to_string_lossy().into_owned();
        let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&root, "[ROOT]");
        Run { code: out.status.code().unwrap_or(-1), stdout: clean(&out.stdout), stderr: clean(&out.stderr) }
    }
}

/// What a run printed, with the temporary folder's path shown as `[ROOT]`.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// One line of `--format json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diag {
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub severity: String,
    pub code: String,
    pub message: String,
    pub hint: Option<String>,
}

impl Diag {
    /// `severity code path:line:col`, the way a test states what it expects.
    pub fn short(&self) -> String {
        let mut s = format!("{} {} {}", self.severity, self.code, self.file.as_deref().unwrap_or("-"));
        if let (Some(l), Some(c)) = (self.line, self.column) {
            s.push_str(&format!(":{l}:{c}"));
        }
        s
    }
}

impl Run {
    /// The diagnostics of a `--format json` run.
    pub fn diags(&self) -> Vec<Diag> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a diagnostic ({e}): {l}\n{}", self.stderr)))
            .collect()
    }

    /// Every diagnostic in short form (see [`Diag::short`]).
    pub fn short(&self) -> Vec<String> {
        self.diags().iter().map(Diag::short).collect()
    }

    /// The only diagnostic with this code; fails when there is none or several.
    pub fn one(&self, code: &str) -> Diag {
        let all = self.diags();
        let found: Vec<&Diag> = all.iter().filter(|d| d.code == code).collect();
        assert_eq!(found.len(), 1, "expected one `{code}`, got:\n{}", self.stdout);
        found[0].clone()
    }

    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}
