//! The content tree as the last walk saw it, kept between loads (`watch`,
//! `serve`) so that a change re-walks only its own corner of the tree: a
//! compound's folder, a community's own file or folder, or `site.yaml`.
//! A full walk is the same walk over every corner at once, so the two
//! cannot drift apart.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::Ids;
use super::walk::{self, Entry, Seens};
use crate::diag::Diagnostic;
use crate::error::Error;

/// The walk's result, borrowed from the kept tree, in walk order.
#[derive(Debug, Default)]
pub(crate) struct Tree<'a> {
    pub entries: Vec<&'a Entry>,
    pub diags: Vec<Diagnostic>,
    /// Folders whose contents could not be listed (relative, with `/`):
    /// their files exist, so nothing in them may be called missing.
    pub unreadable_dirs: Vec<&'a str>,
}

#[derive(Debug, Default)]
pub(crate) struct Walked {
    seens: Seens,
    /// Name collisions by corner: they never cross one, since the first
    /// two names of every path the load reads are slugs or fixed names
    /// (`site.yaml`, `community.yaml`, `notices`…), which no two spell alike.
    collisions: BTreeMap<PathBuf, Vec<(Diagnostic, String)>>,
    /// A name that is not Unicode was seen. Its lossy spelling may collide
    /// with another corner's, so every load walks everything again.
    pub lossy: bool,
}

/// Where a change at `rel` (relative to `content/`) is walked again: its
/// first two names. A community's folder (one name) is walked whole.
pub(crate) fn corner(rel: &Path) -> PathBuf {
    rel.components().take(2).collect()
}

impl Walked {
    /// Walks all of `content`.
    pub(crate) fn full(content: &Path, ids: &mut Ids) -> Result<Walked, Error> {
        if !content.is_dir() {
            return Err(Error::NoContent(content.to_path_buf()));
        }
        let mut w = Walked::default();
        w.lossy = walk::visit(content, content, ids, &mut w.seens);
        let corners: BTreeSet<PathBuf> = w.seens.keys().filter(|k| k.components().count() == 2).cloned().collect();
        for c in corners {
            w.collide(&c, ids);
        }
        Ok(w)
    }

    /// Walks again the corners of `changed` (paths relative to `content/`).
    /// Returns the entries that were there before, so that their cached
    /// reads can be dropped.
    pub(crate) fn update(
        &mut self,
        content: &Path,
        changed: &BTreeSet<PathBuf>,
        ids: &mut Ids,
    ) -> Result<Vec<Entry>, Error> {
        if !content.is_dir() {
            return Err(Error::NoContent(content.to_path_buf()));
        }
        let corners: BTreeSet<PathBuf> = changed.iter().map(|r| corner(r)).collect();
        let mut before = Vec::new();
        for c in corners.iter().filter(|c| !covered(c, &corners)) {
            let gone: Vec<PathBuf> =
                self.seens.range(c.clone()..).map(|(k, _)| k).take_while(|k| k.starts_with(c)).cloned().collect();
            for k in gone {
                if let Some(entry) = self.seens.remove(&k).and_then(|s| s.entry) {
                    before.push(entry);
                }
            }
            self.collisions.retain(|k, _| !k.starts_with(c));
            // Below a community the walk did not enter (a link, a bad
            // name) there is nothing to walk, as in a full walk.
            let parent_entered = match c.parent() {
                Some(p) if !p.as_os_str().is_empty() => self.seens.get(p).is_some_and(|s| s.entered),
                _ => true,
            };
            let path = content.join(c);
            if parent_entered && std::fs::symlink_metadata(&path).is_ok() {
                self.lossy |= walk::visit(content, &path, ids, &mut self.seens);
            }
            let inner: Vec<PathBuf> = self
                .seens
                .range(c.clone()..)
                .map(|(k, _)| k)
                .take_while(|k| k.starts_with(c))
                .filter(|k| k.components().count() == 2)
                .cloned()
                .collect();
            for k in inner {
                self.collide(&k, ids);
            }
        }
        Ok(before)
    }

    /// The name collisions inside one corner.
    fn collide(&mut self, corner: &Path, ids: &mut Ids) {
        let entries = self
            .seens
            .range(corner.to_path_buf()..)
            .take_while(|(k, _)| k.starts_with(corner))
            .filter_map(|(_, s)| s.entry.as_ref());
        let found = walk::collisions(entries, ids);
        if !found.is_empty() {
            self.collisions.insert(corner.to_path_buf(), found);
        }
    }

    /// The tree in walk order: entries, then the walk's diagnostics, then
    /// the name collisions, as one walk of the whole folder reports them.
    /// Gives every path that carries a diagnostic its id in `ids`.
    pub(crate) fn tree(&self, ids: &mut Ids) -> Tree<'_> {
        let mut t = Tree::default();
        for seen in self.seens.values() {
            t.entries.extend(seen.entry.as_ref());
            t.diags.extend(seen.diags.iter().cloned());
            t.unreadable_dirs.extend(seen.unreadable.as_deref());
            for name in &seen.names {
                ids.file(name);
            }
        }
        for (d, name) in self.collisions.values().flatten() {
            ids.file(name);
            t.diags.push(d.clone());
        }
        t
    }
}

/// Whether a community's folder that is itself to be walked holds `corner`.
fn covered(corner: &Path, corners: &BTreeSet<PathBuf>) -> bool {
    corner.parent().is_some_and(|p| !p.as_os_str().is_empty() && corners.contains(p))
}
