//! Stage 5: the only stage that writes. A release is assembled in a staging
//! folder beside the output (files whose bytes did not change are hard
//! links to the published ones), then swapped in with one atomic rename.
//! A failed or killed build leaves the published site exactly as it was;
//! a reader never sees a half-written file or a half-swapped tree. No file
//! is reused (kept as is, linked or recycled) before its length and hash
//! are seen to match the manifest, so damage done by hand heals on the
//! next build instead of living on in the shared links.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

use crate::error::Error;

/// Marks a folder as gongshi's output and lists what it holds.
pub(crate) const MARKER: &str = ".gongshi-output";
/// Previous releases kept beside the output, for rollback by hand.
const KEEP: usize = 3;

mod stage;
mod stamps;

pub(crate) use stage::{Release, Stage};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// The build id in version.json: a hash of every published byte.
    pub version: String,
    /// False when nothing differed from the published site: it was left alone.
    pub swapped: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    files: BTreeMap<String, (String, u64)>,
}

/// The manifest the last publish wrote, kept by a long-lived `Builder`
/// (`watch`, `serve`) so that the next publish need not read it back (11.8
/// MB at 1,000 compounds). Trusted only while the marker file on disk is
/// the very one that publish wrote (same length and modification time).
#[derive(Debug, Default)]
pub(crate) struct LastManifest(Option<(PathBuf, (u64, std::time::SystemTime), Manifest)>);

impl LastManifest {
    fn take(&mut self, out: &Path) -> Option<Manifest> {
        let (at, stamp, m) = self.0.take()?;
        (at == out && marker_stamp(out) == Some(stamp)).then_some(m)
    }

    fn keep(&mut self, out: &Path, m: Manifest) {
        self.0 = marker_stamp(out).map(|stamp| (out.to_path_buf(), stamp, m));
    }
}

fn marker_stamp(out: &Path) -> Option<(u64, std::time::SystemTime)> {
    let meta = fs::symlink_metadata(out.join(MARKER)).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// The build cache, in the state folder: beside the output, never published.
const CACHE_FILE: &str = "build-cache";

/// The first line of the build cache file.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct CacheHead {
    format: u32,
    /// The running executable (see [`binary_id`]): another binary may render
    /// the same inputs differently, so its cache is not ours.
    binary: String,
    /// xxh3-128 of the rest of the file.
    checksum: String,
}

/// The body of the build cache saved beside `out`, only when this very
/// binary wrote it and its checksum holds; anything else is ignored.
pub(crate) fn read_cache(out: &Path) -> Option<Vec<u8>> {
    let bytes = fs::read(state_dir(&absolute(out)).join(CACHE_FILE)).ok()?;
    let nl = bytes.iter().position(|&b| b == b'\n')?;
    let head: CacheHead = serde_json::from_slice(&bytes[..nl]).ok()?;
    let body = &bytes[nl + 1..];
    let want = CacheHead { format: 1, binary: binary_id()?, checksum: format!("{:032x}", xxh3_128(body)) };
    (head == want).then(|| body.to_vec())
}

/// Saves the build cache beside `out` (whole or not at all: written aside,
/// then renamed). Builds that race each write a whole file; either is safe,
/// since nothing in it is reused before it is checked against the output.
pub(crate) fn write_cache(out: &Path, body: &[u8]) -> Result<(), Error> {
    let state = state_dir(&absolute(out));
    let Some(binary) = binary_id() else { return Ok(()) };
    let head = CacheHead { format: 1, binary, checksum: format!("{:032x}", xxh3_128(body)) };
    let mut bytes = serde_json::to_vec(&head).unwrap_or_default();
    bytes.push(b'\n');
    bytes.extend_from_slice(body);
    let path = state.join(CACHE_FILE);
    let tmp = state.join(format!("{CACHE_FILE}.{}.tmp", std::process::id()));
    write_file(&tmp, &bytes)?;
    fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
}

/// The running executable: its version, length and modification time (a
/// rebuilt or replaced binary differs in one of them; hashing its bytes
/// would cost more than many a build).
fn binary_id() -> Option<String> {
    let meta = fs::metadata(std::env::current_exe().ok()?).ok()?;
    let mtime = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("{} {} {}.{:09}", env!("CARGO_PKG_VERSION"), meta.len(), mtime.as_secs(), mtime.subsec_nanos()))
}

/// Fills the kept releases up to three with hard-linked copies of the
/// published tree, named to sort oldest. The next builds then recycle a
/// release, writing only what changed, instead of each building a full
/// tree: `watch` calls this once after its first build, while nobody waits.
#[cfg(any(feature = "serve", test))]
pub(crate) fn stock_releases(out: &Path) -> Result<(), Error> {
    let out = absolute(out);
    let Some(manifest) = read_manifest(&out) else { return Ok(()) };
    let state = state_dir(&out);
    let releases = state.join("releases");
    fs::create_dir_all(&releases).map_err(|e| Error::io(&releases, e))?;
    let lock = lock_state(&state)?;
    let have = fs::read_dir(&releases).map_err(|e| Error::io(&releases, e))?.count();
    let names = manifest.files.keys().map(String::as_str).chain([MARKER, "version.json"]);
    let names: Vec<&str> = names.collect();
    for i in have..KEEP {
        let tmp = state.join(format!("staging-stock-{}", std::process::id()));
        for name in &names {
            let dest = tmp.join(name);
            if let Some(parent) = dest.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            let src = out.join(name);
            if fs::hard_link(&src, &dest).is_err() {
                fs::copy(&src, &dest).map_err(|e| Error::io(&dest, e))?;
            }
        }
        let dest = releases.join(format!("00000000T000000.000000-stock{i}"));
        fs::rename(&tmp, &dest).map_err(|e| Error::io(&dest, e))?;
    }
    drop(lock);
    Ok(())
}

/// One writer at a time per output folder, across processes; the lock goes
/// with the returned file (also when a process is killed).
fn lock_state(state: &Path) -> Result<fs::File, Error> {
    fs::create_dir_all(state).map_err(|e| Error::io(state, e))?;
    let path = state.join("lock");
    let lock =
        fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(|e| Error::io(&path, e))?;
    lock.lock().map_err(|e| Error::io(&path, e))?;
    Ok(lock)
}

/// Moves the oldest kept release to `staging` and returns what it holds,
/// once there are enough releases that one can be reused.
fn recycle(state: &Path, staging: &Path) -> Result<Option<Manifest>, Error> {
    let releases = state.join("releases");
    let Ok(entries) = fs::read_dir(&releases) else { return Ok(None) };
    let mut list: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    if list.len() < KEEP {
        return Ok(None);
    }
    list.sort();
    let oldest = &list[0];
    let Some(manifest) = read_manifest(oldest) else {
        fs::remove_dir_all(oldest).map_err(|e| Error::io(oldest, e))?;
        return Ok(None);
    };
    fs::rename(oldest, staging).map_err(|e| Error::io(staging, e))?;
    Ok(Some(manifest))
}

fn tmp_of(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".gongshi-tmp");
    path.with_file_name(name)
}

/// Writes a new file under `path` without touching the old one's inode.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let tmp = tmp_of(path);
    write_file(&tmp, bytes)?;
    fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

fn remove_with_empty_parents(root: &Path, path: &Path) {
    let _ = fs::remove_file(path);
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == root || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut f = fs::File::create(path).map_err(|e| Error::io(path, e))?;
    f.write_all(bytes).map_err(|e| Error::io(path, e))
}

fn build_id(m: &Manifest) -> String {
    let mut all = String::new();
    for (path, (hash, _)) in &m.files {
        all.push_str(path);
        all.push('\0');
        all.push_str(hash);
        all.push('\n');
    }
    format!("{:016x}", xxh3_128(all.as_bytes()) as u64)
}

fn read_manifest(out: &Path) -> Option<Manifest> {
    let bytes = fs::read(out.join(MARKER)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn read_version(out: &Path) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(&fs::read(out.join("version.json")).ok()?).ok()?;
    v.get("build")?.as_str().map(str::to_string)
}

/// `public` → `.public.gongshi` beside it: same disk, so renames are atomic.
fn state_dir(out: &Path) -> PathBuf {
    let name = out.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.parent().unwrap_or(Path::new(".")).join(format!(".{name}.gongshi"))
}

/// Leftovers of builds that were killed: their staging folders.
fn clean_staging(state: &Path) -> Result<(), Error> {
    for e in fs::read_dir(state).map_err(|e| Error::io(state, e))?.flatten() {
        if e.file_name().to_string_lossy().starts_with("staging-") {
            fs::remove_dir_all(e.path()).map_err(|err| Error::io(e.path(), err))?;
        }
    }
    Ok(())
}

/// A kept release's folder name: the time, so that names sort oldest first.
fn release_name() -> String {
    chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f").to_string()
}

/// Makes the staged tree the published one in one step where the system allows.
fn swap(staging: &Path, out: &Path, state: &Path) -> Result<(), Error> {
    let releases = state.join("releases");
    fs::create_dir_all(&releases).map_err(|e| Error::io(&releases, e))?;
    let old_release = releases.join(release_name());
    if !out.exists() {
        return fs::rename(staging, out).map_err(|e| swap_error(out, e));
    }
    if exchange(staging, out)? {
        // The staging path now holds the previous release.
        return fs::rename(staging, &old_release).map_err(|e| Error::io(&old_release, e));
    }
    fs::rename(out, &old_release).map_err(|e| swap_error(out, e))?;
    fs::rename(staging, out).map_err(|e| swap_error(out, e))
}

/// A rename across disks (the output folder is a mount point, say) cannot
/// be atomic: said in words staff can act on, not as a bare OS error.
fn swap_error(out: &Path, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::CrossesDevices {
        return Error::OutputCrossDevice(out.to_path_buf());
    }
    Error::io(out, e)
}

/// Atomically exchanges two folders (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<bool, Error> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // Filesystems without the call fall back to two renames.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::NOTSUP) => Ok(false),
        Err(e) => Err(swap_error(b, e.into())),
    }
}

/// Elsewhere the swap is two renames, with a moment where the folder is absent.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> Result<bool, Error> {
    Ok(false)
}

fn prune(state: &Path) -> Result<(), Error> {
    let releases = state.join("releases");
    let mut list: Vec<PathBuf> =
        fs::read_dir(&releases).map_err(|e| Error::io(&releases, e))?.flatten().map(|e| e.path()).collect();
    list.sort();
    let extra = list.len().saturating_sub(KEEP);
    for p in &list[..extra] {
        fs::remove_dir_all(p).map_err(|e| Error::io(p, e))?;
    }
    Ok(())
}

/// Refuses outputs whose replacement would destroy something that is not ours.
fn guard(out: &Path, site_root: &Path) -> Result<PathBuf, Error> {
    let out = absolute(out);
    let root = absolute(site_root);
    let refuse = |why: &'static str| Err(Error::RefusedOutput(out.clone(), why));
    if out.parent().is_none() {
        return refuse("这是磁盘根目录 (a filesystem root)");
    }
    if out == root || root.starts_with(&out) {
        return refuse("这是站点目录或它的上级 (the site folder or above it)");
    }
    // Compared as the disk resolves them: `content/` may be a link to a
    // folder elsewhere, and an output inside it would be read as content.
    let inside = |name: &str| {
        let dir = root.join(name);
        out.starts_with(&dir) || fs::canonicalize(&dir).is_ok_and(|real| out.starts_with(real))
    };
    if inside("content") || inside("themes") {
        return refuse("在 content/ 或 themes/ 里面 (inside content/ or themes/)");
    }
    if let Some(home) = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))
        && absolute(Path::new(&home)) == out
    {
        return refuse("这是用户主目录 (the home folder)");
    }
    if out.exists() {
        if !out.is_dir() || fs::symlink_metadata(&out).is_ok_and(|m| m.file_type().is_symlink()) {
            return refuse("不是普通文件夹 (not a plain folder)");
        }
        let empty = fs::read_dir(&out).map_err(|e| Error::io(&out, e))?.next().is_none();
        if !empty && !out.join(MARKER).is_file() {
            return refuse("里面有不是 gongshi 生成的文件；请换一个空文件夹 (not empty and not created by gongshi)");
        }
        if empty {
            fs::remove_dir(&out).map_err(|e| Error::io(&out, e))?;
        }
    }
    Ok(out)
}

/// An absolute, `..`-free form of a path that may not exist yet.
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    let base = std::env::current_dir().unwrap_or_default();
    let joined = if p.is_absolute() { p.to_path_buf() } else { base.join(p) };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) => fs::canonicalize(parent).map_or(out.clone(), |p| p.join(name)),
        _ => out,
    }
}

#[cfg(test)]
mod tests {
    use rayon::prelude::*;

    use super::*;
    use crate::render::OutFile;

    fn file(path: &str, s: &str) -> OutFile {
        OutFile::bytes(path, s.as_bytes().to_vec())
    }

    struct Opts {
        out: PathBuf,
        site_root: PathBuf,
    }

    fn opts(dir: &Path) -> Opts {
        Opts { out: dir.join("public"), site_root: dir.join("site") }
    }

    /// Publishes `files` in one go: the stage fed from one list.
    fn publish(o: &Opts, files: &[OutFile]) -> Result<PublishReport, Error> {
        publish_with(o, files, &mut LastManifest::default())
    }

    /// [`publish`] as a long-lived builder does, keeping the manifest in `last`.
    fn publish_with(o: &Opts, files: &[OutFile], last: &mut LastManifest) -> Result<PublishReport, Error> {
        let stage = Stage::open(&o.out, &o.site_root, last)?;
        files.par_iter().try_for_each(|f| stage.put(f.clone()).map(|_| ()))?;
        let release = Release { built_at: "t".into(), alerts: serde_json::json!([]), boards: Default::default() };
        stage.finish(&release, last)
    }

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("gongshi-out-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(d.join("site/content")).ok();
        d
    }

    #[test]
    fn a_manifest_kept_in_memory_is_not_trusted_once_another_build_published() {
        let d = tmp("kept");
        let o = opts(&d);
        let mut last = LastManifest::default();
        let r1 = publish_with(&o, &[file("a.html", "1")], &mut last).ok();
        assert_eq!(r1.map(|r| r.swapped), Some(true));
        // The kept manifest serves the next build of the same process.
        let r2 = publish_with(&o, &[file("a.html", "1")], &mut last).ok();
        assert_eq!(r2.map(|r| r.swapped), Some(false));
        // Another process (a one-shot `gongshi build`) publishes more.
        assert!(publish(&o, &[file("a.html", "1"), file("b.html", "2")]).is_ok());
        // The memory now describes a site no longer published: the disk's manifest is read.
        let r3 = publish_with(&o, &[file("a.html", "1")], &mut last).ok();
        assert_eq!(r3.map(|r| (r.swapped, r.removed)), Some((true, 1)));
        assert!(!d.join("public/b.html").exists());
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn publishes_rewrites_only_changes_and_removes_stale() {
        let d = tmp("basic");
        let o = opts(&d);
        let r1 = publish(&o, &[file("index.html", "a"), file("x/y.html", "b")]).ok();
        assert_eq!(r1.as_ref().map(|r| (r.written, r.swapped)), Some((2, true)));
        assert_eq!(fs::read_to_string(d.join("public/x/y.html")).ok().as_deref(), Some("b"));
        let r2 = publish(&o, &[file("index.html", "a2"), file("x/y.html", "b")]).ok();
        assert_eq!(r2.as_ref().map(|r| (r.written, r.unchanged)), Some((1, 1)));
        let r3 = publish(&o, &[file("index.html", "a2")]).ok();
        assert_eq!(r3.as_ref().map(|r| r.removed), Some(1));
        assert!(!d.join("public/x/y.html").exists());
        let r4 = publish(&o, &[file("index.html", "a2")]).ok();
        assert_eq!(r4.map(|r| r.swapped), Some(false));
        assert_ne!(r1.map(|r| r.version), r2.map(|r| r.version));
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn refuses_foreign_and_dangerous_outputs() {
        let d = tmp("guard");
        fs::create_dir_all(d.join("mine")).ok();
        fs::write(d.join("mine/keep.txt"), "x").ok();
        let mut o = opts(&d);
        o.out = d.join("mine");
        assert!(matches!(publish(&o, &[file("a.html", "a")]), Err(Error::RefusedOutput(..))));
        assert_eq!(fs::read_to_string(d.join("mine/keep.txt")).ok().as_deref(), Some("x"));
        for bad in [d.join("site"), d.join("site/content"), d.join("site/content/x"), d.clone(), PathBuf::from("/")] {
            o.out = bad.clone();
            assert!(matches!(publish(&o, &[file("a.html", "a")]), Err(Error::RefusedOutput(..))), "{bad:?}");
        }
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn recycled_releases_never_change_a_published_file() {
        let d = tmp("recycle");
        let o = opts(&d);
        let mut published: Vec<(PathBuf, Vec<(String, String)>)> = Vec::new();
        for i in 0..9 {
            // Files that change every time, every other time, and never.
            let files = vec![
                ("a.html".to_string(), format!("a{i}")),
                ("x/b.html".to_string(), format!("b{}", i / 2)),
                ("x/y/c.html".to_string(), "c".to_string()),
                (format!("only-{}.html", i % 3), "o".to_string()),
            ];
            let out: Vec<OutFile> = files.iter().map(|(p, c)| file(p, c)).collect();
            let r = publish(&o, &out).ok();
            assert!(r.is_some_and(|r| r.swapped));
            for (p, c) in &files {
                assert_eq!(fs::read_to_string(d.join("public").join(p)).ok().as_ref(), Some(c), "build {i}: {p}");
            }
            assert!(!d.join(format!("public/only-{}.html", (i + 1) % 3)).exists(), "build {i}: stale file left");
            // The previous release, now kept aside, still holds its own bytes.
            if let Some((_, prev)) = published.last() {
                let releases = d.join(".public.gongshi/releases");
                let mut list: Vec<PathBuf> =
                    fs::read_dir(&releases).map(|r| r.flatten().map(|e| e.path()).collect()).unwrap_or_default();
                list.sort();
                let newest = list.last().cloned().unwrap_or_default();
                for (p, c) in prev {
                    assert_eq!(
                        fs::read_to_string(newest.join(p)).ok().as_ref(),
                        Some(c),
                        "build {i}: kept release {p}"
                    );
                }
            }
            published.push((d.join("public"), files));
        }
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn stocked_releases_are_recycled_without_touching_the_published_site() {
        let d = tmp("stock");
        let o = opts(&d);
        assert!(publish(&o, &[file("a.html", "a0"), file("x/b.html", "b")]).is_ok());
        assert!(stock_releases(&o.out).is_ok());
        let releases = d.join(".public.gongshi/releases");
        assert_eq!(fs::read_dir(&releases).map(|r| r.count()).unwrap_or(0), KEEP);
        let r = publish(&o, &[file("a.html", "a1"), file("x/b.html", "b")]).ok();
        // Recycled: one file written, the other already in the stock release.
        assert_eq!(r.map(|r| (r.written, r.swapped)), Some((1, true)));
        assert_eq!(fs::read_to_string(d.join("public/a.html")).ok().as_deref(), Some("a1"));
        let mut list: Vec<PathBuf> =
            fs::read_dir(&releases).map(|r| r.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        list.sort();
        let newest = list.last().cloned().unwrap_or_default();
        assert_eq!(
            fs::read_to_string(newest.join("a.html")).ok().as_deref(),
            Some("a0"),
            "the previous release kept its bytes"
        );
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn a_cross_device_swap_is_explained() {
        let e = swap_error(Path::new("/mnt/usb"), std::io::Error::from(std::io::ErrorKind::CrossesDevices));
        let text = e.to_string();
        assert!(matches!(e, Error::OutputCrossDevice(_)));
        assert!(text.contains("不在同一个磁盘上") && text.contains("/mnt/usb"), "{text}");
    }

    #[test]
    fn leftover_staging_is_cleaned_and_releases_are_pruned() {
        let d = tmp("stage");
        let o = opts(&d);
        let state = d.join(".public.gongshi");
        fs::create_dir_all(state.join("staging-999999/junk")).ok();
        for i in 0..6 {
            publish(&o, &[file("index.html", &i.to_string())]).ok();
        }
        assert!(!state.join("staging-999999").exists());
        let n = fs::read_dir(state.join("releases")).map(|r| r.count()).unwrap_or(0);
        assert_eq!(n, KEEP);
        let _ = fs::remove_dir_all(&d);
    }
}
