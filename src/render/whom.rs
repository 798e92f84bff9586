//! Whom to call: one named person with a phone per party (the compound
//! home's top block) and, on a case page, the lead party's person and the
//! service line ("有疑问请联系").

use serde::Serialize;

use super::views::{CompoundView, RosterView, Viewer};
use crate::model::{Community, Party};

/// A party's first named person with a public phone: the one number per
/// party the home and each case page offer, tap to call.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DutyView {
    pub party: String,
    pub party_key: &'static str,
    pub name: String,
    pub position: String,
    pub phone: String,
    pub tel: String,
}

impl RosterView {
    /// The first member with a phone that can be dialled.
    pub(crate) fn duty(&self) -> Option<DutyView> {
        self.members.iter().find_map(|p| {
            Some(DutyView {
                party: self.party.clone(),
                party_key: self.party_key,
                name: p.name.clone(),
                position: p.position.clone(),
                phone: p.phone.clone()?,
                tel: p.tel.clone()?,
            })
        })
    }
}

/// "有疑问请联系": the lead party's first named person with a public phone,
/// and the compound's service line.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AskView {
    pub person: Option<DutyView>,
    pub service_phone: Option<String>,
    pub service_tel: Option<String>,
}

impl Viewer {
    /// Whom to ask about a case led by `lead`; `home` is the compound's view.
    pub(crate) fn ask(&self, community: &Community, home: &CompoundView, lead: Party) -> AskView {
        let own = |key: &str| home.rosters.iter().find(|r| r.party_key == key).and_then(RosterView::duty);
        let person = match lead {
            Party::PartyOrg => community.party_org.as_ref().and_then(|r| self.roster(lead, r).duty()),
            Party::EnvCommittee => community.env_committee.as_ref().and_then(|r| self.roster(lead, r).duty()),
            // The residents' committee convenes the three parties.
            Party::Joint => own(Party::ResidentsCommittee.key()),
            _ => own(lead.key()),
        };
        // The service line, unless it is the same number as the person's.
        let co = &home.company;
        let same = person.as_ref().is_some_and(|p| co.service_tel.as_ref() == Some(&p.tel));
        AskView {
            person,
            service_phone: co.service_phone.clone().filter(|_| !same),
            service_tel: co.service_tel.clone().filter(|_| !same),
        }
    }
}
