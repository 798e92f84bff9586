//! Letting a burst of changes settle into one build.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::filter::Plan;

/// How long the tree must stay quiet before a build: editors' atomic saves
/// and vim's probe/backup dance finish well within it.
pub const QUIET: Duration = Duration::from_millis(25);
/// A stream of changes that never pauses still gets a build this often.
pub const MAX_WAIT: Duration = Duration::from_secs(2);
/// A failed build is reported only if nothing changes for this long: a file
/// saved in several writes fails while half-written and must not alarm staff.
pub const GRACE: Duration = Duration::from_millis(600);

/// Collects the changes of a burst until it settles.
#[derive(Debug, Default)]
pub struct Debounce {
    first: Option<Instant>,
    last: Option<Instant>,
    paths: BTreeSet<PathBuf>,
    rescan: bool,
}

/// What a build is asked to redo.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pending {
    pub paths: BTreeSet<PathBuf>,
    /// Events were lost: everything must be reread.
    pub rescan: bool,
}

impl Debounce {
    pub fn add(&mut self, plan: Plan, now: Instant) {
        match plan {
            Plan::Ignore => return,
            Plan::Changed(p) => self.paths.extend(p),
            Plan::Rescan => self.rescan = true,
        }
        self.first.get_or_insert(now);
        self.last = Some(now);
    }

    pub fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// When the build should start: after a quiet spell, or at the latest
    /// `MAX_WAIT` after the first change.
    pub fn due(&self) -> Option<Instant> {
        match (self.first, self.last) {
            (Some(first), Some(last)) => Some((last + QUIET).min(first + MAX_WAIT)),
            _ => None,
        }
    }

    pub fn take(&mut self) -> Pending {
        let taken = std::mem::take(self);
        Pending { paths: taken.paths, rescan: taken.rescan }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_settles_into_one_build() {
        let t0 = Instant::now();
        let mut d = Debounce::default();
        assert_eq!(d.due(), None);
        d.add(Plan::Ignore, t0);
        assert!(d.is_empty());
        // 2,000 changes a millisecond apart: due only after the last one.
        for i in 0..2000u64 {
            d.add(Plan::Changed(vec![format!("/site/content/f{}", i % 50).into()]), t0 + Duration::from_millis(i / 2));
        }
        let last = t0 + Duration::from_millis(999);
        assert_eq!(d.due(), Some(last + QUIET));
        let pending = d.take();
        assert_eq!(pending.paths.len(), 50);
        assert!(!pending.rescan);
        assert!(d.is_empty());
    }

    #[test]
    fn an_endless_stream_still_builds() {
        let t0 = Instant::now();
        let mut d = Debounce::default();
        for i in 0..10_000u64 {
            d.add(Plan::Changed(vec!["/site/content/a".into()]), t0 + Duration::from_millis(i));
        }
        assert_eq!(d.due(), Some(t0 + MAX_WAIT));
        d.take();
        d.add(Plan::Rescan, t0);
        assert!(d.take().rescan);
    }
}
