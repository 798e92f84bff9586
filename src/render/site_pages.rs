//! The street's own pages: the portal, the compliance page, each
//! community's page, and the sitemap of everything built.

use crate::error::Error;
use crate::model::{Community, Party, Site};

use super::markdown;
use super::views::*;
use super::{OutFile, Renderer, escape_xml};

impl Renderer<'_> {
    pub(super) fn street(&self) -> Result<Vec<OutFile>, Error> {
        let mut totals = Totals::default();
        let communities = self
            .site
            .communities
            .iter()
            .map(|c| CommunityCard {
                name: c.name.clone(),
                url: format!("{}/", c.slug),
                compounds: c
                    .compounds
                    .iter()
                    .map(|p| {
                        let card = self.view.card(p, &c.name, format!("{}/{}/", c.slug, p.slug));
                        totals.compounds += 1;
                        totals.cases += card.cases;
                        totals.open += card.open;
                        totals.overdue += card.overdue;
                        totals.findings += card.findings;
                        card
                    })
                    .collect(),
            })
            .collect();
        let portal = self.page(
            "portal.html",
            "index.html".into(),
            vec![],
            PortalView { communities, totals, evaluation_years: self.evaluation_years() },
        )?;
        let compliance = self.compliance_page()?;
        Ok(vec![portal, compliance])
    }

    pub(super) fn portal_link(&self, url: &str) -> Link {
        Link { title: self.site.settings.street.clone(), url: url.to_string() }
    }

    pub(super) fn community(&self, c: &Community) -> Result<OutFile, Error> {
        let v = &self.view;
        let mut rosters = Vec::new();
        if let Some(r) = &c.party_org {
            rosters.push(v.roster(Party::PartyOrg, r));
        }
        rosters.push(v.roster(Party::ResidentsCommittee, &c.residents_committee));
        if let Some(r) = &c.env_committee {
            rosters.push(v.roster(Party::EnvCommittee, r));
        }
        let view = CommunityView {
            name: c.name.clone(),
            rosters,
            contacts: c.contacts.iter().map(|k| v.contact(k)).collect(),
            compounds: c.compounds.iter().map(|p| v.card(p, &c.name, format!("{}/", p.slug))).collect(),
        };
        self.page("community.html", format!("{}/index.html", c.slug), vec![self.portal_link("../")], view)
    }
}

impl Renderer<'_> {
    /// The page a server shows for a missing address. It can be served at
    /// any depth, so its links and stylesheet are absolute paths taken from
    /// `base_url` (`/` or `/<folder>/`), never relative and never off-site.
    pub(super) fn not_found(&self) -> Result<OutFile, Error> {
        let root = site_path(&self.site.settings.base_url);
        let view = NotFoundView { portal: root.clone(), search: format!("{root}search/") };
        let ctx = Page { site: &self.site_view, t: self.t, root, crumbs: vec![], page: view };
        let html = self.theme.render("404.html", &ctx)?;
        Ok(OutFile::bytes("404.html", html.into_bytes()))
    }
}

/// The path part of `base_url`, with a trailing slash: `https://x.cn/gs` → `/gs/`.
fn site_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    format!("{}/", path.trim_end_matches('/'))
}

/// Crawlers may read everything; the sitemap lists every page.
pub(super) fn robots(site: &Site) -> OutFile {
    let text = format!("User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n", site.settings.base_url);
    OutFile::bytes("robots.txt", text.into_bytes())
}

pub(super) fn sitemap(site: &Site, pages: &mut [String]) -> OutFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    pages.sort_unstable();
    for p in pages.iter() {
        let url = format!("{}/{}", site.settings.base_url, p.trim_end_matches("index.html"));
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_xml(&markdown::encode_path(&url)));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    OutFile::bytes("sitemap.xml", xml.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn site_path_is_the_folder_of_base_url() {
        assert_eq!(site_path("https://gongshi.example.cn"), "/");
        assert_eq!(site_path("https://x.cn/gongshi"), "/gongshi/");
        assert_eq!(site_path("http://x.cn:8080/a/b"), "/a/b/");
    }
}
