//! A release being assembled: files go into the staging folder one by one,
//! as the render workers make them, so no more than a compound's bytes are
//! in memory at a time; only each file's path, hash and length are kept,
//! for the manifest. `finish` writes the manifest and `version.json` and
//! swaps the release in; a stage dropped unfinished (an error, a leak
//! found by the gate) removes its staging folder and the published site is
//! untouched. A build killed outright leaves the folder to the next build's
//! `clean_staging`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_128;

use super::stamps::{self, Stamps};
use super::{
    LastManifest, MARKER, Manifest, PublishReport, build_id, clean_staging, guard, lock_state, prune, read_manifest,
    read_version, recycle, release_name, remove_with_empty_parents, replace_file, state_dir, swap, tmp_of, write_file,
};
use crate::error::Error;
use crate::render::{Content, Kept, OutFile};

/// Path → (hash, length): a manifest in the form lookups want.
type Known = HashMap<String, (u128, u64)>;

/// What `version.json` says besides the build id.
#[derive(Debug, Clone)]
pub(crate) struct Release {
    /// When the build ran (no page shows it, so that unchanged pages keep their bytes).
    pub built_at: String,
    /// version.json's `alerts`: urgent notices, which kiosks show without a reload.
    pub alerts: serde_json::Value,
    /// version.json's `boards`: each kiosk page → the version it carries.
    pub boards: crate::render::Boards,
}

pub(crate) struct Stage {
    out: PathBuf,
    state: PathBuf,
    staging: PathBuf,
    /// The published release's manifest: its files may be hard-linked.
    old: Option<Known>,
    /// The recycled release now in `staging`: its files may stay where they are.
    base: Option<Known>,
    /// The published release's files as placed: trusted without reading.
    stamps: Stamps,
    placed: Mutex<Placed>,
    finished: bool,
    /// One writer per output folder; released when the stage goes.
    _lock: fs::File,
}

#[derive(Default)]
struct Placed {
    files: HashMap<String, Entry>,
    /// Lower-cased paths: two files may not share one on a case-insensitive disk.
    lower: HashSet<String>,
    written: usize,
}

struct Entry {
    hash: u128,
    len: u64,
    /// Whether the published file was seen to hold these bytes (None: not looked at).
    published: Option<bool>,
}

/// Where a file of an earlier render was found with its bytes intact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// Already in the recycled release, in place.
    InBase,
    /// In the published release, to be linked.
    Published,
}

impl Stage {
    /// Opens a new release for `out`, refusing outputs that are not ours
    /// (see [`guard`]). Waits for another build writing the same output.
    pub(crate) fn open(out: &Path, site_root: &Path, last: &mut LastManifest) -> Result<Stage, Error> {
        let out = guard(out, site_root)?;
        let state = state_dir(&out);
        let lock = lock_state(&state)?;
        clean_staging(&state)?;
        let old = last.take(&out).or_else(|| read_manifest(&out)).map(known);
        let staging = state.join(format!("staging-{}", std::process::id()));
        // The oldest kept release becomes the next one: only what differs
        // from it is written, so an edit costs its own files, not the street.
        let base = recycle(&state, &staging)?.map(known);
        fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        let stamps = if old.is_some() { stamps::read(&state, &out.join(MARKER)) } else { Stamps::new() };
        Ok(Stage { out, state, staging, old, base, stamps, placed: Mutex::default(), finished: false, _lock: lock })
    }

    /// Stages one rendered file; returns what the manifest keeps of it.
    /// Safe to call from many workers at once.
    pub(crate) fn put(&self, f: OutFile) -> Result<Kept, Error> {
        let (bytes, copied): (std::borrow::Cow<'_, [u8]>, bool) = match &f.content {
            Content::Bytes(b) => (std::borrow::Cow::Borrowed(&b[..]), false),
            Content::Copy(src) => (fs::read(src).map_err(|e| Error::io(src, e))?.into(), true),
        };
        let hash = f.hash.filter(|_| !copied).unwrap_or_else(|| xxh3_128(&bytes));
        let kept = Kept { path: f.path.clone(), hash, len: bytes.len() as u64, copied, board: None };
        let dest = self.staging.join(&kept.path);
        // A kept file is reused only once its bytes are seen to be the
        // manifest's: kept releases share files with the published one,
        // so damage done to one by hand would otherwise live on.
        if same(&self.base, &kept) && self.intact(&dest, &kept) {
            self.claim(&kept, None)?;
            return Ok(kept);
        }
        let published = same(&self.old, &kept) && self.intact(&self.out.join(&kept.path), &kept);
        self.claim(&kept, Some(published))?;
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        // Files of a recycled release may be hard links into the published
        // tree: replace them by rename, never write into them.
        let target = if self.base.is_some() { tmp_of(&dest) } else { dest.clone() };
        let linked = published && fs::hard_link(self.out.join(&kept.path), &target).is_ok();
        if !linked {
            write_file(&target, &bytes)?;
            self.lock_placed().written += 1;
        }
        if target != dest {
            fs::rename(&target, &dest).map_err(|e| Error::io(&dest, e))?;
        }
        Ok(kept)
    }

    /// Where a file of an earlier render is at hand with exactly its bytes,
    /// or None; with those bytes when `bytes` asks for them (read to verify
    /// them anyway) or when they had to be read to verify them.
    pub(crate) fn find(&self, k: &Kept, bytes: bool) -> Option<(Found, Option<Vec<u8>>)> {
        let at = |place: Found| match place {
            Found::InBase => (same(&self.base, k), self.staging.join(&k.path)),
            Found::Published => (same(&self.old, k), self.out.join(&k.path)),
        };
        for place in [Found::InBase, Found::Published] {
            let (listed, file) = at(place);
            if !listed {
                continue;
            }
            if !bytes && stamps::trusted(&self.stamps, &k.path, &file, k.hash, k.len) {
                return Some((place, None));
            }
            if let Some(b) = intact(&file, k) {
                return Some((place, Some(b)));
            }
        }
        None
    }

    /// Whether the file at `file` holds exactly the bytes `k` describes:
    /// stamped as such when it was placed, or read and hashed.
    fn intact(&self, file: &Path, k: &Kept) -> bool {
        stamps::trusted(&self.stamps, &k.path, file, k.hash, k.len) || intact(file, k).is_some()
    }

    /// The files of the published release whose path `keep` accepts, as
    /// its manifest describes them (for a sharded build to carry over).
    pub(crate) fn published(&self, keep: &dyn Fn(&str) -> bool) -> Vec<Kept> {
        let Some(old) = &self.old else { return Vec::new() };
        let mut v: Vec<Kept> = old
            .iter()
            .filter(|(p, _)| keep(p))
            .map(|(p, &(hash, len))| Kept { path: p.clone(), hash, len, copied: false, board: None })
            .collect();
        v.sort_by(|a, b| a.path.cmp(&b.path));
        v
    }

    /// Stages a file [`Stage::find`] found.
    pub(crate) fn place(&self, k: &Kept, found: Found) -> Result<(), Error> {
        if found == Found::InBase {
            return self.claim(k, None);
        }
        self.claim(k, Some(true))?;
        let dest = self.staging.join(&k.path);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let target = if self.base.is_some() { tmp_of(&dest) } else { dest.clone() };
        let src = self.out.join(&k.path);
        if fs::hard_link(&src, &target).is_err() {
            fs::copy(&src, &target).map_err(|e| Error::io(&target, e))?;
        }
        if target != dest {
            fs::rename(&target, &dest).map_err(|e| Error::io(&dest, e))?;
        }
        Ok(())
    }

    fn claim(&self, k: &Kept, published: Option<bool>) -> Result<(), Error> {
        let mut placed = self.lock_placed();
        if !placed.lower.insert(k.path.to_lowercase()) {
            return Err(Error::OutputCollision(k.path.clone()));
        }
        placed.files.insert(k.path.clone(), Entry { hash: k.hash, len: k.len, published });
        Ok(())
    }

    fn lock_placed(&self) -> std::sync::MutexGuard<'_, Placed> {
        // A worker that panicked mid-insert leaves a whole entry or none.
        self.placed.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many files are staged so far.
    pub(crate) fn staged(&self) -> usize {
        self.lock_placed().files.len()
    }

    /// Writes the manifest and `version.json` and swaps the release in, or,
    /// when not one byte differs from the published site, leaves that alone
    /// and keeps the staged copy as a release for the next build to recycle.
    pub(crate) fn finish(mut self, release: &Release, last: &mut LastManifest) -> Result<PublishReport, Error> {
        let placed = std::mem::take(&mut *self.lock_placed());
        let mut manifest = Manifest::default();
        for (path, e) in &placed.files {
            manifest.files.insert(path.clone(), (format!("{:032x}", e.hash), e.len));
        }
        let version = build_id(&manifest);
        let count = placed.files.len();
        if let Some(b) = &self.base {
            for stale in b.keys().filter(|k| !placed.files.contains_key(*k)) {
                remove_with_empty_parents(&self.staging, &self.staging.join(stale));
            }
        }
        let json = serde_json::to_vec(&manifest).unwrap_or_default();
        replace_file(&self.staging.join(MARKER), &json)?;
        if self.unchanged(&placed) {
            // Trusted only after looking (in `put` or here): a page truncated
            // or deleted by hand must be rewritten, not kept.
            let v = self.staging.join("version.json");
            let _ = fs::remove_file(&v);
            if fs::hard_link(self.out.join("version.json"), &v).is_err() {
                fs::copy(self.out.join("version.json"), &v).map_err(|e| Error::io(&v, e))?;
            }
            let kept = self.state.join("releases").join(release_name());
            fs::create_dir_all(self.state.join("releases")).map_err(|e| Error::io(&self.state, e))?;
            fs::rename(&self.staging, &kept).map_err(|e| Error::io(&kept, e))?;
            self.finished = true;
            prune(&self.state)?;
            // Every file of the published release was just seen intact:
            // stamped afresh, the racy ones of the last swap become trusted.
            stamps::write(&self.state, &self.out.join(MARKER), &self.stamped(&placed, &self.out));
            let version = read_version(&self.out).unwrap_or(version);
            last.keep(&self.out, manifest);
            return Ok(PublishReport { written: 0, unchanged: count, removed: 0, version, swapped: false });
        }
        let removed = self.old.as_ref().map_or(0, |m| m.keys().filter(|k| !placed.files.contains_key(*k)).count());
        // Kiosks check a downloaded page against its length before reloading.
        let kiosk: BTreeMap<&str, u64> = manifest
            .files
            .iter()
            .filter(|(p, _)| p.contains("/kiosk/"))
            .map(|(p, (_, len))| (p.as_str(), *len))
            .collect();
        let version_json = serde_json::json!({
            "build": version, "built_at": release.built_at, "kiosk": kiosk, "boards": release.boards,
            "alerts": release.alerts
        });
        replace_file(&self.staging.join("version.json"), version_json.to_string().as_bytes())?;
        // Stamped before the swap, which renames the folder and so keeps
        // every file's identity and modification time.
        let stamps = self.stamped(&placed, &self.staging);
        swap(&self.staging, &self.out, &self.state)?;
        stamps::write(&self.state, &self.out.join(MARKER), &stamps);
        self.finished = true;
        prune(&self.state)?;
        let written = placed.written;
        last.keep(&self.out, manifest);
        Ok(PublishReport { written, unchanged: count - written, removed, version, swapped: true })
    }

    /// The stamps of the placed files as they are in `root`.
    fn stamped(&self, placed: &Placed, root: &Path) -> Stamps {
        placed.files.par_iter().filter_map(|(p, e)| Some((p.clone(), stamps::stamp(&root.join(p), e.hash)?))).collect()
    }

    /// Whether the staged release is the published one, byte for byte.
    fn unchanged(&self, placed: &Placed) -> bool {
        let Some(old) = &self.old else { return false };
        if old.len() != placed.files.len() || !self.out.join("version.json").is_file() {
            return false;
        }
        let same_list = placed.files.iter().all(|(p, e)| old.get(p) == Some(&(e.hash, e.len)));
        same_list
            && placed.files.par_iter().all(|(p, e)| match e.published {
                Some(seen) => seen,
                None => {
                    let k = Kept { path: p.clone(), hash: e.hash, len: e.len, copied: false, board: None };
                    self.intact(&self.out.join(p), &k)
                }
            })
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

fn known(m: Manifest) -> Known {
    m.files
        .into_iter()
        .filter_map(|(path, (hash, len))| Some((path, (u128::from_str_radix(&hash, 16).ok()?, len))))
        .collect()
}

fn same(m: &Option<Known>, k: &Kept) -> bool {
    m.as_ref().and_then(|m| m.get(&k.path)).is_some_and(|&(h, l)| h == k.hash && l == k.len)
}

/// The bytes of the file at `path` if they are exactly the ones `k`
/// describes (its length, then its content hash): the check before any reuse.
fn intact(path: &Path, k: &Kept) -> Option<Vec<u8>> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() != k.len {
        return None;
    }
    fs::read(path).ok().filter(|b| xxh3_128(b) == k.hash)
}
