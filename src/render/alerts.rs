//! Urgent notices on every channel: the banner of phone pages, the band of
//! kiosk boards, the `alerts` list of version.json (which kiosks poll), the
//! top of the feed. A build knows only the date; each reader's script shows
//! an alert between its `from` and `until` by its own clock in the site's
//! zone, so a banner goes away when `until` passes without a rebuild.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::views::Viewer;
use crate::model::{Community, Compound, Notice, Site};

/// One urgent notice as pages, kiosks and version.json show it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub(crate) struct AlertView {
    pub title: String,
    /// The first paragraph of the notice, as plain text.
    pub text: String,
    /// `2026-12-03T09:00`, the site's local time (data-from, data-until).
    pub from: String,
    pub until: String,
    /// "12月3日 09:00 至 12月3日 18:00", as people read it.
    pub when: String,
    /// The notice page, from the site root (compound notices only: a
    /// community's notice has no page of its own).
    pub url: Option<String>,
}

fn iso(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

/// The first paragraph of a Markdown body, as one line of plain text.
fn first_paragraph(body: &str) -> String {
    let para = body.trim().split("\n\n").next().unwrap_or_default();
    let line: String = para.split_whitespace().collect::<Vec<_>>().join(" ");
    line.chars().filter(|c| !matches!(c, '*' | '_' | '`' | '#' | '>')).take(140).collect()
}

pub(crate) fn alert(v: &Viewer, n: &Notice, url: Option<String>) -> Option<AlertView> {
    let u = n.urgent?;
    let at = |t: NaiveDateTime| format!("{} {}", v.date(t.date()), t.format("%H:%M"));
    let sep = if v.lang == crate::diag::Lang::Zh { " 至 " } else { " – " };
    Some(AlertView {
        title: n.title.clone(),
        text: first_paragraph(&n.body),
        from: iso(u.from),
        until: iso(u.until),
        when: format!("{}{sep}{}", at(u.from), at(u.until)),
        url,
    })
}

/// The alerts of one compound's pages and boards.
pub(crate) fn compound_alerts(v: &Viewer, c: &Community, p: &Compound, as_of: chrono::NaiveDate) -> Vec<AlertView> {
    c.alerts(p, as_of)
        .into_iter()
        .filter_map(|n| {
            let own = p.notices.iter().any(|x| std::ptr::eq(x, n));
            alert(v, n, own.then(|| format!("{}/{}/notices/{}/", c.slug, p.slug, n.stem)))
        })
        .collect()
}

/// One entry of version.json's `alerts`, with the compounds it reaches
/// (`community/compound`, as in kiosk page paths).
#[derive(Debug, Serialize)]
struct VersionAlert {
    #[serde(flatten)]
    alert: AlertView,
    compounds: Vec<String>,
}

/// version.json's `alerts`: every urgent notice not over by the as-of date.
pub(crate) fn version_alerts(site: &Site, v: &Viewer) -> serde_json::Value {
    let mut list: Vec<VersionAlert> = Vec::new();
    for c in &site.communities {
        for p in &c.compounds {
            for a in compound_alerts(v, c, p, site.as_of) {
                let dir = format!("{}/{}", c.slug, p.slug);
                match list.iter_mut().find(|x| x.alert == a) {
                    Some(x) => x.compounds.push(dir),
                    None => list.push(VersionAlert { alert: a, compounds: vec![dir] }),
                }
            }
        }
    }
    serde_json::to_value(list).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_paragraph_as_plain_text() {
        assert_eq!(first_paragraph("因**管道抢修**，3号楼\n停水。\n\n请提前储水。"), "因管道抢修，3号楼 停水。");
    }
}
