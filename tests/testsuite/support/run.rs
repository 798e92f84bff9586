//! The one way tests run the binary: [`gongshi`] makes the command, and
//! [`Run`] is what a finished run printed.

use std::path::Path;
use std::process::{Command, Output};

use serde::Deserialize;

use super::{AS_OF, EPOCH, SiteTest};

/// The `gongshi` binary cargo built for this test run, without the
/// caller's `RUST_BACKTRACE` (a backtrace would change what it prints).
pub fn gongshi() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongshi"));
    cmd.env_remove("RUST_BACKTRACE");
    cmd
}

impl SiteTest {
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
        let out = gongshi()
            .args(args)
            .current_dir(self.root())
            .output()
            .unwrap_or_else(|e| panic!("cannot run gongshi: {e}"));
        Run::from_output(&out, Some(self.root()))
    }
}

/// `gongshi build` of `site` into its `public/`, at [`AS_OF`] and [`EPOCH`].
pub fn build(site: &SiteTest) -> Run {
    build_into(site, &site.root().join("public"))
}

/// `gongshi build` of `site` into `out`, at [`AS_OF`] and [`EPOCH`].
pub fn build_into(site: &SiteTest, out: &Path) -> Run {
    let root = site.root().to_string_lossy().into_owned();
    let out = out.to_string_lossy().into_owned();
    let o = gongshi()
        .args(["build", "--root", &root, "--out", &out, "--as-of", AS_OF])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap_or_else(|e| panic!("cannot run gongshi: {e}"));
    Run::from_output(&o, None)
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
    /// What `out` printed; with `hide`, that folder's path shows as `[ROOT]`.
    pub fn from_output(out: &Output, hide: Option<&Path>) -> Run {
        let root = hide.map(|p| p.to_string_lossy().into_owned());
        let clean = |b: &[u8]| {
            let text = String::from_utf8_lossy(b);
            match &root {
                Some(root) => text.replace(root.as_str(), "[ROOT]"),
                None => text.into_owned(),
            }
        };
        Run { code: out.status.code().unwrap_or(-1), stdout: clean(&out.stdout), stderr: clean(&out.stderr) }
    }

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
