//! gongshi's development tasks, kept out of the shipped binary:
//!
//! - `cargo xtask gen-city --out DIR [--compounds N] [--cases M] [--seed S] [--as-of D]`
//!   writes a synthetic city for the benchmark;
//! - `cargo xtask floor --read DIR --like DIR --write DIR` measures the
//!   machine's floor for a build: read every input, write the same files;
//! - `cargo xtask peak-rss [--quiet] -- CMD ARGS…` runs a command and prints
//!   its peak RSS (the memory-budget test uses it);
//! - `cargo xtask bench [ARGS…]` runs the benchmark (`scripts/bench.sh ARGS…`).

mod city;
mod floor;
mod peak_rss;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "gongshi's development tasks")]
struct Xtask {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Writes a synthetic city for the benchmark (deterministic).
    GenCity(GenCityArgs),
    /// Reads every input and writes the same files as an output tree, timed:
    /// the floor a build is compared with. Prints `read_s write_s` and counts.
    Floor {
        /// The inputs to read (a site's content/ folder).
        #[arg(long)]
        read: PathBuf,
        /// The tree to copy in number and size of files (gongshi's output).
        #[arg(long)]
        like: PathBuf,
        /// A folder to create and write into (removed afterwards, untimed).
        #[arg(long)]
        write: PathBuf,
    },
    /// Runs a command and prints its peak resident memory (`peak_rss_kb=…`) last on stdout.
    PeakRss {
        /// Throw the command's own output away.
        #[arg(long)]
        quiet: bool,
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
        cmd: Vec<String>,
    },
    /// Runs the benchmark: scripts/bench.sh with these arguments (`-- --help` lists them).
    Bench {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

#[derive(Debug, clap::Args)]
struct GenCityArgs {
    /// Site folder to create; `content/` inside it must be absent or empty.
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 100)]
    compounds: usize,
    /// Cases per compound.
    #[arg(long, default_value_t = 100)]
    cases: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The city's "today": nothing is dated later. Build with the same `--as-of`.
    #[arg(long, default_value = "2026-11-27", value_parser = parse_as_of)]
    as_of: NaiveDate,
}

fn parse_as_of(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("date must be YYYY-MM-DD: {s}"))
}

fn main() -> ExitCode {
    let xtask = Xtask::parse();
    match run(xtask.task) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(task: Task) -> anyhow::Result<ExitCode> {
    match task {
        Task::GenCity(a) => {
            let opts =
                city::CityOptions { out: a.out, compounds: a.compounds, cases: a.cases, seed: a.seed, as_of: a.as_of };
            let s = city::generate(&opts)?;
            eprintln!(
                "city: {} communities, {} compounds, {} cases, {} files, {} bytes",
                s.communities, s.compounds, s.cases, s.files, s.bytes
            );
            Ok(ExitCode::SUCCESS)
        }
        Task::Floor { read, like, write } => {
            let opts = floor::FloorOptions { read, like, write };
            let f = floor::measure(&opts);
            // The written copy goes whether or not the measure succeeded.
            let _ = std::fs::remove_dir_all(&opts.write);
            let f = f?;
            eprintln!(
                "floor: read {} files ({} bytes) in {:.3} s; wrote {} files ({} bytes) in {:.3} s",
                f.read_files, f.read_bytes, f.read_secs, f.write_files, f.write_bytes, f.write_secs
            );
            println!(
                "read_s={:.3} write_s={:.3} read_files={} read_bytes={} write_files={} write_bytes={}",
                f.read_secs, f.write_secs, f.read_files, f.read_bytes, f.write_files, f.write_bytes
            );
            Ok(ExitCode::SUCCESS)
        }
        Task::PeakRss { quiet, cmd } => {
            let r = peak_rss::run(&cmd, quiet)?;
            println!("peak_rss_kb={} wall_s={:.3} exit={}", r.peak_rss_kb, r.wall_secs, r.status.code().unwrap_or(-1));
            Ok(if r.status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Task::Bench { args } => bench(&args),
    }
}

/// The benchmark stays a bash script: it drives GNU time, Hugo, tmpfs and a
/// served site, which bash says more plainly than Rust would. This task only
/// gives it a `cargo` entry point, run from the workspace root.
fn bench(args: &[String]) -> anyhow::Result<ExitCode> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let status = std::process::Command::new("bash")
        .arg(root.join("scripts/bench.sh"))
        .args(args)
        .current_dir(&root)
        .status()
        .context("cannot run scripts/bench.sh with bash")?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(c) => ExitCode::from(u8::try_from(c).unwrap_or(1)),
        None => ExitCode::FAILURE,
    })
}
