//! A sharded build (`build --community`): which output paths it renders and
//! which it carries over, unchanged, from the published release. A path
//! belongs to a community when its first segment is that community's slug
//! (`names.rs` reserves the street's own folders, so no street page can
//! sit there); every other path is the street's, rendered by every shard.

use std::collections::BTreeSet;

use crate::model::Site;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shard {
    /// The communities this build renders.
    only: BTreeSet<String>,
    /// Every community of the site.
    all: BTreeSet<String>,
}

impl Shard {
    /// A shard of `site` rendering `only` (slugs already known to exist).
    pub(crate) fn new(site: &Site, only: &[String]) -> Shard {
        Shard { only: only.iter().cloned().collect(), all: site.communities.iter().map(|c| c.slug.clone()).collect() }
    }

    /// Whether this build renders the community `slug`.
    pub(crate) fn renders_community(&self, slug: &str) -> bool {
        self.only.contains(slug)
    }

    /// The community an output path belongs to, if any.
    fn community_of<'p>(&self, path: &'p str) -> Option<&'p str> {
        let first = path.split('/').next()?;
        (path.contains('/') && self.all.contains(first)).then_some(first)
    }

    /// Whether this build renders the file at `path`: the street's files
    /// and its own communities' files.
    pub(crate) fn renders(&self, path: &str) -> bool {
        self.community_of(path).is_none_or(|c| self.only.contains(c))
    }

    /// Whether a published file at `path` is another community's, to be
    /// carried over as it is.
    pub(crate) fn carries(&self, path: &str) -> bool {
        self.community_of(path).is_some_and(|c| !self.only.contains(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard() -> Shard {
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        Shard { only: set(&["a"]), all: set(&["a", "b"]) }
    }

    #[test]
    fn street_files_are_rendered_other_communities_carried() {
        let s = shard();
        assert!(s.renders("index.html") && !s.carries("index.html"));
        assert!(s.renders("cases/index.html") && !s.carries("reports/2026-11/index.html"));
        assert!(s.renders("a/x/index.html") && !s.carries("a/index.html"));
        assert!(!s.renders("b/index.html") && s.carries("b/y/kiosk/landscape.html"));
        // A file named like a community is not inside it.
        assert!(s.renders("b") && !s.carries("b"));
        // A community no longer in content/ is not carried: it goes, as in a full build.
        assert!(s.renders("gone/index.html") && !s.carries("gone/index.html"));
    }
}
