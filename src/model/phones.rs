//! The phone numbers staff declared for a compound: the ones the privacy
//! scan lets through and the pages may offer as tap-to-call, wherever they
//! are written. Only the compound's own, its community's and the street
//! office's count, since a compound's pages depend on nothing else (the
//! render cache relies on that).

use super::{Community, Compound, Person, Settings};

impl Compound {
    /// Every phone declared for this compound, as written.
    pub fn declared_phones<'a>(&'a self, community: &'a Community, settings: &'a Settings) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        let mut people = |ps: &'a [Person]| out.extend(ps.iter().filter_map(|p| p.phone.as_deref()));
        let rosters = [self.party_org.as_ref(), self.owners.as_ref().map(|(_, r)| r)]
            .into_iter()
            .chain([
                community.party_org.as_ref(),
                Some(&community.residents_committee),
                community.env_committee.as_ref(),
            ])
            .flatten();
        for r in rosters {
            people(&r.members);
        }
        people(&self.company.members);
        people(self.company.quality_supervisor.as_slice());
        out.extend(self.company.service_phone.as_deref());
        out.extend(self.company.repair_phone.as_deref());
        let contacts = self.contacts.iter().chain(&community.contacts).chain(&settings.office);
        out.extend(contacts.filter_map(|c| c.phone.as_deref()));
        out
    }
}
