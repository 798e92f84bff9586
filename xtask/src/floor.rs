//! `cargo xtask floor`: what this machine needs at least for a build,
//! measured in the same run as the build it is compared with (issue 16).
//!
//! Two timed phases, each on every core (rayon, as gongshi):
//!
//! 1. **read**: walk the input folder and read every file in it;
//! 2. **write**: create the same folders and the same number of files with
//!    the same sizes as a given output tree (gongshi's own output), in a
//!    fresh folder — no rendering, no hashing, no manifest, no swap.
//!
//! Listing the output tree's sizes is not timed, nor is removing the
//! written copy (the caller does). A build cannot do less than read its inputs and write its
//! outputs, so `gongshi ÷ floor` says how much of a build is gongshi's own
//! work. Hand-written (a folder walk and two parallel loops) because no
//! crate measures exactly this.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, bail};
use rayon::prelude::*;

#[derive(Debug, Clone)]
pub struct FloorOptions {
    /// The inputs to read (a site's `content/` folder).
    pub read: PathBuf,
    /// The tree whose files are copied in number and size (gongshi's output).
    pub like: PathBuf,
    /// Where to write them; must not exist. Left in place (the caller removes it, untimed).
    pub write: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Floor {
    pub read_files: usize,
    pub read_bytes: u64,
    pub read_secs: f64,
    pub write_files: usize,
    pub write_bytes: u64,
    pub write_secs: f64,
}

/// Every file under `dir` (not following symlinks), sorted.
fn files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).with_context(|| format!("cannot list {}", d.display()))? {
            let e = e.with_context(|| format!("cannot list {}", d.display()))?;
            let kind = e.file_type().with_context(|| format!("cannot stat {}", e.path().display()))?;
            if kind.is_dir() {
                todo.push(e.path());
            } else if kind.is_file() {
                out.push(e.path());
            }
        }
    }
    out.sort();
    Ok(out)
}

pub fn measure(opts: &FloorOptions) -> anyhow::Result<Floor> {
    if opts.write.exists() {
        bail!("{} exists; the floor writes into a fresh folder", opts.write.display());
    }
    // Untimed: what to write, as (relative path, size).
    let like: Vec<(PathBuf, u64)> = files(&opts.like)?
        .into_iter()
        .map(|p| {
            let len = fs::metadata(&p).with_context(|| format!("cannot stat {}", p.display()))?.len();
            let rel = p.strip_prefix(&opts.like).map(Path::to_path_buf).unwrap_or(p);
            Ok((rel, len))
        })
        .collect::<anyhow::Result<_>>()?;
    let largest = like.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let filler: Vec<u8> = (0..largest).map(|i| b"gongshi floor\n"[(i % 14) as usize]).collect();

    let t = Instant::now();
    let inputs = files(&opts.read)?;
    let read_bytes = inputs
        .par_iter()
        .map(|p| fs::read(p).map(|b| b.len() as u64).with_context(|| format!("cannot read {}", p.display())))
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    let read_secs = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut dirs: Vec<PathBuf> = like.iter().filter_map(|(p, _)| p.parent().map(|d| opts.write.join(d))).collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        fs::create_dir_all(d).with_context(|| format!("cannot create {}", d.display()))?;
    }
    like.par_iter().try_for_each(|(rel, len)| {
        let p = opts.write.join(rel);
        let n = usize::try_from(*len).unwrap_or(usize::MAX).min(filler.len());
        fs::write(&p, &filler[..n]).with_context(|| format!("cannot write {}", p.display()))
    })?;
    let write_secs = t.elapsed().as_secs_f64();

    Ok(Floor {
        read_files: inputs.len(),
        read_bytes,
        read_secs,
        write_files: like.len(),
        write_bytes: like.iter().map(|(_, n)| n).sum(),
        write_secs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_same_files_and_sizes_and_reads_every_input() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let input = dir.path().join("in");
        let like = dir.path().join("like");
        for (p, n) in [("a.md", 10), ("x/b.yaml", 0), ("x/y/c.md", 3000)] {
            let f = input.join(p);
            fs::create_dir_all(f.parent().unwrap_or(&input)).unwrap_or_else(|e| panic!("{e}"));
            fs::write(&f, vec![b'x'; n]).unwrap_or_else(|e| panic!("{e}"));
        }
        for (p, n) in [("index.html", 100), ("c/d/index.html", 20_000), ("c/data.json", 7)] {
            let f = like.join(p);
            fs::create_dir_all(f.parent().unwrap_or(&like)).unwrap_or_else(|e| panic!("{e}"));
            fs::write(&f, vec![b'y'; n]).unwrap_or_else(|e| panic!("{e}"));
        }
        let write = dir.path().join("out");
        let f = measure(&FloorOptions { read: input, like, write: write.clone() }).unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!((f.read_files, f.read_bytes), (3, 3010));
        assert_eq!((f.write_files, f.write_bytes), (3, 20_107));
        for (p, n) in [("index.html", 100), ("c/d/index.html", 20_000), ("c/data.json", 7)] {
            let written = fs::metadata(write.join(p)).map(|m| m.len()).ok();
            assert_eq!(written, Some(n), "{p}");
        }
    }
}
