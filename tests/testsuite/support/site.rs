//! [`SiteTest`]: a site in a temporary folder, made from a fixture or
//! from the bundled example street, edited as bytes.

use std::path::{Path, PathBuf};

use super::swap;

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
}

/// A site whose `content/` is a copy of the bundled example street.
pub fn example() -> SiteTest {
    let site = SiteTest::empty();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &site.root().join("content"));
    site
}
