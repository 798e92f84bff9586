//! Memory budget (issue 16): a build of a 300-compound city must not need
//! more than `BUDGET_MB` of resident memory at its peak.
//!
//! The issue asks for ≤ 512 MB at 1,000 compounds and nearly flat from 100
//! to 1,000: peak memory bounded by the largest compound times the number
//! of workers, plus the model. That target is not met yet (docs/benchmark.md,
//! *The memory test today*): the output is streamed, and each compound's
//! files are read and parsed only while it is validated, but the model
//! holds every compound until render. Measured at 300 compounds × 100
//! cases: 1,384 MB before the streamed output, 690 MB after it, 401 MB with
//! the gate's unmapped normaliser and the lazy line tables, 291 MB with the
//! load streamed into validation. The budget, 320 MB, is today's figure
//! with 10 % for allocator and scheduling noise: it fails a change that
//! brings back holding every source text, or the output, or the gate's map,
//! or any other regression of that size. Lower it as the streaming goes
//! further.
//!
//! Slow tier (`cargo test --workspace -- --ignored`, which CI runs): it
//! generates the city with the xtask binary, builds `gongshi` in release
//! and runs `gongshi build` under `xtask peak-rss`, which reports the
//! child's `ru_maxrss` (so gen-city's or cargo's memory cannot count).
//! Set `GONGSHI_BIN` to measure another binary. Unix only (getrusage).
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

mod support;
use support::ok;

const COMPOUNDS: &str = "300";
const CASES: &str = "100";
const AS_OF: &str = "2026-11-27";
const BUDGET_MB: u64 = 320;

fn xtask() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
}

/// The release `gongshi` binary of this checkout, built now (a no-op when
/// it is fresh). Release because that is the memory users get and because
/// a debug build of 300 compounds takes ten times the CPU (minutes).
fn gongshi() -> PathBuf {
    if let Some(p) = std::env::var_os("GONGSHI_BIN") {
        return PathBuf::from(p);
    }
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo.args(["build", "--quiet", "--release", "--package", "gongshi", "--bin", "gongshi"]);
    let o = cargo.output().unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    ok("cargo build --release gongshi", &o);
    // target/<profile>/xtask → target/release/gongshi
    let target = Path::new(env!("CARGO_BIN_EXE_xtask")).parent().and_then(Path::parent).unwrap_or(Path::new("."));
    target.join("release").join(format!("gongshi{}", std::env::consts::EXE_SUFFIX))
}

#[test]
#[ignore = "slow"]
fn a_300_compound_build_stays_within_its_memory_budget() {
    let bin = gongshi();
    let dir = tempfile::Builder::new().prefix("gongshi-memory-").tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let root = dir.path().join("site");
    let out = dir.path().join("public");

    let o = xtask()
        .args(["gen-city", "--out"])
        .arg(&root)
        .args(["--compounds", COMPOUNDS, "--cases", CASES, "--seed", "1", "--as-of", AS_OF])
        .output()
        .unwrap_or_else(|e| panic!("cannot run xtask: {e}"));
    ok("gen-city", &o);

    let o = xtask()
        .args(["peak-rss", "--quiet", "--"])
        .arg(&bin)
        .args(["build", "--root"])
        .arg(&root)
        .arg("--out")
        .arg(&out)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap_or_else(|e| panic!("cannot run xtask peak-rss: {e}"));
    let report = String::from_utf8_lossy(&o.stdout);
    // The build itself succeeded (warnings only) and published the site.
    ok(&format!("{} build", bin.display()), &o);
    assert!(out.join("index.html").is_file(), "the street portal was not published");

    let kb: u64 = report
        .lines()
        .last()
        .and_then(|l| l.split_whitespace().find_map(|w| w.strip_prefix("peak_rss_kb=")))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no peak_rss_kb in {report:?}"));
    let mb = kb / 1024;
    eprintln!("peak RSS of `gongshi build` at {COMPOUNDS} compounds × {CASES} cases: {mb} MB (budget {BUDGET_MB} MB)");
    assert!(kb > 1024, "a build of {COMPOUNDS} compounds in {kb} KB: the measure is broken");
    assert!(
        mb <= BUDGET_MB,
        "`gongshi build` of {COMPOUNDS} compounds × {CASES} cases peaked at {mb} MB of resident memory; the budget is {BUDGET_MB} MB"
    );
}
