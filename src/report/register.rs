//! The register of open cases across compounds, worst first: the most days
//! past the due date in force, then the longest without an update. The
//! street office reads it to know where to push; it is also the order of
//! the case CSVs.

use chrono::NaiveDate;

use crate::model::{Case, Community, Compound, Site};

/// A case with where it belongs and how late it is on the as-of date.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry<'a> {
    pub community: &'a Community,
    pub compound: &'a Compound,
    pub case: &'a Case,
    /// Days past the due date in force; 0 unless the case is overdue (a
    /// suspended case is not: the site's own notion, as on its case page).
    pub days_overdue: i64,
    /// Days since the last update (or since it was received).
    pub days_idle: i64,
}

impl<'a> Entry<'a> {
    pub(crate) fn new(community: &'a Community, compound: &'a Compound, case: &'a Case, as_of: NaiveDate) -> Entry<'a> {
        let days_overdue = case.due.filter(|_| case.overdue).map_or(0, |d| (as_of - d).num_days().max(0));
        let days_idle = (as_of - case.last_update).num_days().max(0);
        Entry { community, compound, case, days_overdue, days_idle }
    }

    fn key(&self) -> (bool, i64, i64, &'a str, &'a str, &'a str) {
        (
            !self.case.status.is_open(),
            -self.days_overdue,
            -self.days_idle,
            self.community.slug.as_str(),
            self.compound.slug.as_str(),
            self.case.id.as_str(),
        )
    }
}

/// Every case of `compounds`, open ones first and worst first; closed ones
/// after, in the same stable order.
pub(crate) fn all<'a>(pairs: impl Iterator<Item = (&'a Community, &'a Compound)>, as_of: NaiveDate) -> Vec<Entry<'a>> {
    let mut list: Vec<Entry<'a>> =
        pairs.flat_map(|(c, p)| p.cases.iter().map(move |case| Entry::new(c, p, case, as_of))).collect();
    list.sort_by(|a, b| a.key().cmp(&b.key()));
    list
}

/// The open cases of the whole street, or of one community, worst first.
pub(crate) fn open<'a>(site: &'a Site, community: Option<&'a Community>) -> Vec<Entry<'a>> {
    let pairs = site
        .communities
        .iter()
        .filter(|c| community.is_none_or(|only| std::ptr::eq(*c, only)))
        .flat_map(|c| c.compounds.iter().map(move |p| (c, &**p)));
    all(pairs, site.as_of).into_iter().filter(|e| e.case.status.is_open()).collect()
}
