//! Search for residents: a compound's `search/` page and the street-wide
//! `search/` page, each with its index as a separate `index.json` that only
//! the search page loads (through `assets/search.js`, ES5, same origin).
//!
//! The index holds the searchable text itself (titles, case numbers,
//! locations, categories, notice titles), not a character-bigram table:
//! a compound has tens of cases, so the script scans every entry for each
//! query term, which gives exact substring semantics ("水压", "14号楼",
//! "2026-025") in well under a millisecond, and keeps the file small (a few
//! KB gzipped). It also means the whole-output privacy scan reads the
//! indexed text as it is: every string here already passed validation's
//! scan, and nothing private exists past validation.

use serde::Serialize;

use crate::error::Error;
use crate::model::{Community, Compound, Site};

use super::views::{Link, Viewer};
use super::{OutFile, Renderer};

/// What `search/index.json` holds: one group per compound.
#[derive(Debug, Serialize)]
pub(super) struct SearchIndex {
    groups: Vec<SearchGroup>,
}

/// A compound's entries. `url` leads from the search page to the compound
/// folder; each entry's `u` continues from there.
#[derive(Debug, Serialize)]
struct SearchGroup {
    name: String,
    url: String,
    items: Vec<SearchItem>,
}

/// One case or notice. Short keys: the index is downloaded by phones.
#[derive(Debug, Serialize)]
struct SearchItem {
    /// Path from the compound folder, e.g. `cases/2026-025/`.
    u: String,
    /// Title.
    t: String,
    /// The case number, or the notice's publication date (`2026-11-18`).
    n: String,
    /// Location (cases).
    #[serde(skip_serializing_if = "String::is_empty")]
    l: String,
    /// Category, or the notice's kind.
    #[serde(skip_serializing_if = "String::is_empty")]
    c: String,
    /// The status ("办理中") or "公示".
    s: String,
}

fn group(v: &Viewer, notice_label: &str, p: &Compound, name: String, url: String) -> SearchGroup {
    let mut items: Vec<SearchItem> = p
        .cases
        .iter()
        .map(|c| SearchItem {
            u: format!("cases/{}/", c.id),
            t: c.title.clone(),
            n: c.id.clone(),
            l: c.location.clone().unwrap_or_default(),
            c: c.category.clone().unwrap_or_default(),
            s: c.status.label(v.lang).to_string(),
        })
        .collect();
    // Newest first, as a resident looks for a recent case.
    items.sort_by(|a, b| b.n.cmp(&a.n));
    // Only notices with a page: a scheduled one stays unsearchable until its day.
    let mut notices: Vec<SearchItem> = p
        .notices
        .iter()
        .filter(|n| n.is_published(v.as_of))
        .map(|n| SearchItem {
            u: format!("notices/{}/", n.stem),
            t: n.title.clone(),
            n: n.published.to_string(),
            l: String::new(),
            c: n.kind.label(v.lang).to_string(),
            s: notice_label.to_string(),
        })
        .collect();
    notices.sort_by(|a, b| b.n.cmp(&a.n));
    items.extend(notices);
    SearchGroup { name, url, items }
}

fn index_file(path: String, index: &SearchIndex) -> OutFile {
    OutFile::bytes(path, serde_json::to_vec(index).unwrap_or_default())
}

/// The search page. Without JavaScript its form stays hidden and it is a
/// list of links to the case indexes (by building, by category).
#[derive(Debug, Serialize)]
struct SearchPage<'a, F: Serialize> {
    /// The compound, on a compound's search page; none on the street's.
    compound: Option<&'a F>,
    heading: String,
    browse: Vec<BrowseLinks>,
}

#[derive(Debug, Serialize)]
struct BrowseLinks {
    name: String,
    by_building: String,
    by_category: String,
}

impl Renderer<'_> {
    /// `<dir>/search/index.html` and its `index.json`.
    pub(super) fn compound_search<F: Serialize>(
        &self,
        p: &Compound,
        dir: &str,
        frame: &F,
        crumbs: Vec<Link>,
    ) -> Result<Vec<OutFile>, Error> {
        let index = SearchIndex { groups: vec![group(&self.view, self.t.notice, p, p.name.clone(), "../".into())] };
        let page = SearchPage {
            compound: Some(frame),
            heading: self.t.search.to_string(),
            browse: vec![BrowseLinks {
                name: self.t.cases.to_string(),
                by_building: "../cases/by-building/".into(),
                by_category: "../cases/by-category/".into(),
            }],
        };
        Ok(vec![
            self.page("search.html", format!("{dir}/search/index.html"), crumbs, page)?,
            index_file(format!("{dir}/search/index.json"), &index),
        ])
    }

    /// The street-wide `search/index.html` and its `index.json`: every
    /// compound's entries in one file.
    pub(super) fn street_search(&self) -> Result<Vec<OutFile>, Error> {
        let site: &Site = self.site;
        let compounds = || site.communities.iter().flat_map(|c| c.compounds.iter().map(move |p| (c, p)));
        let title = |c: &Community, p: &Compound| format!("{} · {}", c.name, p.name);
        let index = SearchIndex {
            groups: compounds()
                .map(|(c, p)| group(&self.view, self.t.notice, p, title(c, p), format!("../{}/{}/", c.slug, p.slug)))
                .collect(),
        };
        let page: SearchPage<'_, ()> = SearchPage {
            compound: None,
            heading: self.t.search_street.to_string(),
            browse: compounds()
                .map(|(c, p)| BrowseLinks {
                    name: title(c, p),
                    by_building: format!("../{}/{}/cases/by-building/", c.slug, p.slug),
                    by_category: format!("../{}/{}/cases/by-category/", c.slug, p.slug),
                })
                .collect(),
        };
        let crumbs = vec![self.portal_link("../")];
        Ok(vec![
            self.page("search.html", "search/index.html".into(), crumbs, page)?,
            index_file("search/index.json".into(), &index),
        ])
    }
}
