//! `gongshi new`: writes a small working site, one file of every kind,
//! each field explained in a Chinese comment.

use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::error::Error;

static SCAFFOLD: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/scaffold");

/// Creates the site in `dir`, which must be absent or empty: nothing is overwritten.
pub(crate) fn create(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::NewSiteNotEmpty(dir.to_path_buf()));
        }
    }
    write_dir(&SCAFFOLD, dir)
}

fn write_dir(d: &Dir<'_>, to: &Path) -> Result<(), Error> {
    for f in d.files() {
        let path = to.join(f.path());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, f.contents()).map_err(|e| Error::io(&path, e))?;
    }
    for sub in d.dirs() {
        write_dir(sub, to)?;
    }
    Ok(())
}
