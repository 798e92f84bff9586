//! What each file of the published release looked like on disk when this
//! program placed it: its hash, length, modification time and file identity.
//!
//! Before a file of an earlier release is reused, its bytes must be seen to
//! be the manifest's (a page damaged by hand must not live on). Reading and
//! hashing every unchanged file to see that was most of a warm build and of
//! `serve`'s edit → page (1.5 GB at 1,000 compounds). A file whose length,
//! modification time (to the nanosecond) and identity (device and inode)
//! are the ones recorded here is the very file that was written, unchanged
//! since: writing into it moves its modification time, and replacing it
//! gives it a new inode. Such a file is trusted without being read; any
//! other is read and hashed as before.
//!
//! Modification times are coarse (a clock tick, up to tens of milliseconds,
//! on many kernels): a file changed within the tick it was written in keeps
//! its time. So, as git does with its index, a file modified less than a
//! second before the stamps were taken is "racy": it is not trusted, but
//! read, and stamped afresh by the build that reads it.
//!
//! The stamps describe one release and are trusted only while the output's
//! marker file is the one of that release (same length and modification
//! time). They are a cache: a missing, damaged or foreign file is ignored.
//! Where the platform gives no stable file identity (Windows, in stable
//! Rust), nothing is trusted and every file is read.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use xxhash_rust::xxh3::xxh3_64;

/// A file as placed: its content hash and what its metadata said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    pub(super) hash: u128,
    seen: Seen,
}

/// Length, modification time (seconds, nanoseconds) and identity (device, inode).
type Seen = (u64, i64, u32, u64, u64);

/// Path in the release → its stamp.
pub(super) type Stamps = HashMap<String, Stamp>;

const MAGIC: &[u8; 8] = b"GSSTAMP2";

/// How long before the stamping a file must have last changed to be trusted.
const RACY_NANOS: i128 = 1_000_000_000;
const FILE: &str = "stamps";

/// What the metadata of a regular file says, or None (not a file, or no
/// file identity on this platform).
fn seen(path: &Path) -> Option<Seen> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let (secs, nanos) = time(meta.modified().ok()?);
    let (dev, ino) = identity(&meta)?;
    Some((meta.len(), secs, nanos, dev, ino))
}

fn time(t: SystemTime) -> (i64, u32) {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (i64::try_from(d.as_secs()).unwrap_or(i64::MAX), d.subsec_nanos()),
        Err(e) => (-i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX), e.duration().subsec_nanos()),
    }
}

#[cfg(unix)]
fn identity(meta: &fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(_: &fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// The stamp of the file at `path`, which holds bytes hashing to `hash`.
pub(super) fn stamp(path: &Path, hash: u128) -> Option<Stamp> {
    seen(path).map(|seen| Stamp { hash, seen })
}

/// True when the file at `file` is the one `stamps` recorded for `path`,
/// unchanged since, holding bytes that hash to `hash` and `len` long.
pub(super) fn trusted(stamps: &Stamps, path: &str, file: &Path, hash: u128, len: u64) -> bool {
    stamps.get(path).is_some_and(|s| s.hash == hash && s.seen.0 == len && seen(file) == Some(s.seen))
}

/// The stamps of the release whose marker file is at `marker`, or none.
pub(super) fn read(state: &Path, marker: &Path) -> Stamps {
    let (Ok(bytes), Some(m)) = (fs::read(state.join(FILE)), seen(marker)) else { return Stamps::new() };
    decode(&bytes, m).unwrap_or_default()
}

/// Records `stamps` as those of the release whose marker file is at
/// `marker`. Best effort: without them the next build reads every file.
pub(super) fn write(state: &Path, marker: &Path, stamps: &Stamps) {
    let path = state.join(FILE);
    let Some(m) = seen(marker) else {
        let _ = fs::remove_file(&path);
        return;
    };
    // Taken after every file was looked at (see the module documentation).
    let (secs, nanos) = time(SystemTime::now());
    let mut body = Vec::with_capacity(64 + stamps.len() * 96);
    body.extend_from_slice(MAGIC);
    put_seen(&mut body, m);
    body.extend_from_slice(&secs.to_le_bytes());
    body.extend_from_slice(&nanos.to_le_bytes());
    for (p, s) in stamps {
        body.extend_from_slice(&u32::try_from(p.len()).unwrap_or(u32::MAX).to_le_bytes());
        body.extend_from_slice(p.as_bytes());
        body.extend_from_slice(&s.hash.to_le_bytes());
        put_seen(&mut body, s.seen);
    }
    body.extend_from_slice(&xxh3_64(&body).to_le_bytes());
    let tmp = state.join(format!("{FILE}.{}", std::process::id()));
    if fs::write(&tmp, &body).is_err() || fs::rename(&tmp, &path).is_err() {
        let _ = fs::remove_file(&tmp);
        let _ = fs::remove_file(&path);
    }
}

fn put_seen(b: &mut Vec<u8>, s: Seen) {
    b.extend_from_slice(&s.0.to_le_bytes());
    b.extend_from_slice(&s.1.to_le_bytes());
    b.extend_from_slice(&s.2.to_le_bytes());
    b.extend_from_slice(&s.3.to_le_bytes());
    b.extend_from_slice(&s.4.to_le_bytes());
}

/// The stamps in `bytes` if its checksum holds and it describes the
/// release whose marker is `marker`.
fn decode(bytes: &[u8], marker: Seen) -> Option<Stamps> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if xxh3_64(body).to_le_bytes() != sum || !body.starts_with(MAGIC) {
        return None;
    }
    let mut r = Reader(&body[MAGIC.len()..]);
    if r.seen()? != marker {
        return None;
    }
    let stamped_at = nanos(i64::from_le_bytes(r.take()?), u32::from_le_bytes(r.take()?));
    let mut stamps = Stamps::new();
    while !r.0.is_empty() {
        let n = u32::from_le_bytes(r.take()?) as usize;
        let path = String::from_utf8(r.bytes(n)?.to_vec()).ok()?;
        let hash = u128::from_le_bytes(r.take()?);
        let seen = r.seen()?;
        if nanos(seen.1, seen.2) + RACY_NANOS < stamped_at {
            stamps.insert(path, Stamp { hash, seen });
        }
    }
    Some(stamps)
}

fn nanos(secs: i64, nanos: u32) -> i128 {
    i128::from(secs) * 1_000_000_000 + i128::from(nanos)
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let (a, b) = self.0.split_at_checked(n)?;
        self.0 = b;
        Some(a)
    }

    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.bytes(N)?.try_into().ok()
    }

    fn seen(&mut self) -> Option<Seen> {
        Some((
            u64::from_le_bytes(self.take()?),
            i64::from_le_bytes(self.take()?),
            u32::from_le_bytes(self.take()?),
            u64::from_le_bytes(self.take()?),
            u64::from_le_bytes(self.take()?),
        ))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_trusted_only_while_it_is_the_one_stamped() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (state, marker, file) = (dir.path(), dir.path().join("marker"), dir.path().join("page.html"));
        let write = |p: &Path, b: &[u8]| fs::write(p, b).unwrap_or_else(|e| panic!("{e}"));
        write(&marker, b"m");
        write(&file, b"<p>1</p>");
        let mut stamps = Stamps::new();
        // Just written: racy, so not trusted, whatever its stamp says.
        stamps.insert("page.html".into(), stamp(&file, 7).unwrap_or_else(|| panic!("no stamp")));
        super::write(state, &marker, &stamps);
        assert!(!trusted(&read(state, &marker), "page.html", &file, 7, 8));
        // Written well over a second before the stamping: trusted.
        let old = SystemTime::now() - std::time::Duration::from_secs(5);
        fs::File::options().write(true).open(&file).and_then(|f| f.set_modified(old)).unwrap_or_else(|e| panic!("{e}"));
        stamps.insert("page.html".into(), stamp(&file, 7).unwrap_or_else(|| panic!("no stamp")));
        super::write(state, &marker, &stamps);
        let back = read(state, &marker);
        assert_eq!(back, stamps);
        assert!(trusted(&back, "page.html", &file, 7, 8));
        assert!(!trusted(&back, "page.html", &file, 8, 8), "another hash");
        assert!(!trusted(&back, "other.html", &file, 7, 8), "another path");
        // Same length, new bytes: the modification time moves.
        std::thread::sleep(std::time::Duration::from_millis(20));
        write(&file, b"<p>2</p>");
        assert!(!trusted(&back, "page.html", &file, 7, 8));
        // Another release's marker: the stamps are not read at all.
        std::thread::sleep(std::time::Duration::from_millis(20));
        write(&marker, b"m");
        assert!(read(state, &marker).is_empty());
        // A damaged stamps file is ignored.
        super::write(state, &marker, &stamps);
        let mut bytes = fs::read(state.join(FILE)).unwrap_or_default();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 1;
        write(&state.join(FILE), &bytes);
        assert!(read(state, &marker).is_empty());
    }
}
