//! `cargo xtask peak-rss -- CMD ARGS…`: runs one command and reports its
//! peak resident memory, as the kernel counts it (`ru_maxrss` of the waited
//! child, the figure GNU `time` prints as `%M`).
//!
//! A process of its own so that the figure is the command's alone:
//! `getrusage(RUSAGE_CHILDREN)` is the largest of *all* waited children, so
//! a test that also generates a city or runs cargo cannot ask it directly.
//! Unix only (Linux reports kilobytes, macOS bytes); elsewhere it refuses.

use std::process::{Command, ExitStatus, Stdio};
use std::time::Instant;

#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub status: ExitStatus,
    pub peak_rss_kb: u64,
    pub wall_secs: f64,
}

/// Runs `cmd` to its end, its output thrown away when `quiet`.
pub fn run(cmd: &[String], quiet: bool) -> anyhow::Result<Run> {
    use anyhow::Context as _;
    let Some((program, args)) = cmd.split_first() else { anyhow::bail!("peak-rss needs a command") };
    let mut c = Command::new(program);
    c.args(args);
    if quiet {
        c.stdout(Stdio::null()).stderr(Stdio::null());
    }
    let t = Instant::now();
    let status = c.status().with_context(|| format!("cannot run {program}"))?;
    let wall_secs = t.elapsed().as_secs_f64();
    Ok(Run { status, peak_rss_kb: children_peak_kb()?, wall_secs })
}

#[cfg(unix)]
fn children_peak_kb() -> anyhow::Result<u64> {
    use nix::sys::resource::{UsageWho, getrusage};
    let max = getrusage(UsageWho::RUSAGE_CHILDREN)?.max_rss();
    let max = u64::try_from(max).unwrap_or(0);
    Ok(if cfg!(target_os = "macos") { max / 1024 } else { max })
}

#[cfg(not(unix))]
fn children_peak_kb() -> anyhow::Result<u64> {
    anyhow::bail!("peak-rss reads getrusage(RUSAGE_CHILDREN), which this platform lacks")
}
