//! gongshi's development tasks, kept out of the shipped binary:
//!
//! - `cargo xtask gen-city --out DIR [--compounds N] [--cases M] [--seed S] [--as-of D]`
//!   writes a synthetic city for the benchmark;
//! - `cargo xtask bench [ARGS…]` runs the benchmark (`scripts/bench.sh ARGS…`).

mod city;

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
