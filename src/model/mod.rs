//! Stage 3: the validated model. Every value here has been checked; dates
//! are dates, enums are enums, relations are keys that resolve. A model can
//! only be made by `validate` (the `Seal` field), and it holds nothing from
//! a case's `private:` block: that never leaves validation.

mod attention;
mod phones;
pub mod policy;

pub use attention::{DecisionState, FollowUp, NoticeState};

use chrono::{NaiveDate, NaiveTime};

use crate::diag::{Lang, Text};
use crate::validate::Seal;

/// What validation needs of any closed vocabulary.
pub trait Vocab: Sized + Copy {
    fn parse(s: &str) -> Option<Self>;
    fn allowed() -> Text;
}

/// A closed vocabulary: English key, Chinese labels (the first is shown),
/// English label. Both the key and any label are accepted as input.
macro_rules! vocab {
    ($(#[$m:meta])* $name:ident { $($v:ident = $key:literal, [$($zh:literal),+], $en:literal;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($v,)+ }

        impl Vocab for $name {
            fn parse(s: &str) -> Option<Self> {
                $name::parse(s)
            }
            fn allowed() -> Text {
                $name::allowed()
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v,)+];
            pub fn key(self) -> &'static str {
                match self { $($name::$v => $key,)+ }
            }
            pub fn labels(self) -> &'static [&'static str] {
                match self { $($name::$v => &[$($zh),+],)+ }
            }
            pub fn en(self) -> &'static str {
                match self { $($name::$v => $en,)+ }
            }
            pub fn zh(self) -> &'static str {
                self.labels()[0]
            }
            pub fn label(self, lang: Lang) -> &'static str {
                match lang { Lang::Zh => self.zh(), Lang::En => self.en() }
            }
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.key() == s || v.labels().contains(&s))
            }
            /// "`a` 甲、`b` 乙" for messages listing what is allowed.
            pub fn allowed() -> Text {
                let zh: Vec<String> = Self::ALL.iter().map(|v| format!("{} {}", v.key(), v.labels().join("/"))).collect();
                let en: Vec<String> = Self::ALL.iter().map(|v| format!("{} ({})", v.key(), v.en())).collect();
                Text::new(zh.join("、"), en.join(", "))
            }
        }
    };
}

vocab! {
    /// The parties of section 2 of the content format.
    Party {
        PartyOrg = "party_org", ["社区党组织", "党组织"], "Community Party organization";
        ResidentsCommittee = "residents_committee", ["社区居民委员会", "居委会"], "Residents' committee";
        EnvCommittee = "env_committee", ["环境和物业管理委员会", "环物委"], "Environment and property committee";
        OwnersCommittee = "owners_committee", ["业主委员会", "业委会"], "Owners' committee";
        SelfManagement = "self_management", ["物业自管组织"], "Property self-management group";
        PropertyCompany = "property_company", ["物业服务企业", "物业"], "Property company";
        CompoundPartyOrg = "compound_party_org", ["小区党组织"], "Compound Party organization";
        Joint = "joint", ["三方联合", "三方"], "All three parties";
    }
}

vocab! {
    CaseKind {
        Daily = "daily", ["日常"], "Everyday";
        Major = "major", ["重大"], "Major";
        Beyond = "beyond", ["超出三方职责"], "Beyond the three parties";
        Legacy = "legacy", ["历史遗留"], "Long-standing";
        Other = "other", ["其他"], "Other";
    }
}

vocab! {
    CaseStatus {
        Received = "received", ["已受理"], "Received";
        Negotiating = "negotiating", ["三方会商中"], "Under joint discussion";
        InProgress = "in_progress", ["办理中"], "In progress";
        Escalated = "escalated", ["已上报"], "Escalated";
        Extended = "extended", ["延期办理"], "Extended";
        Suspended = "suspended", ["暂缓办理"], "Suspended";
        Resolved = "resolved", ["已办结"], "Resolved";
        Reopened = "reopened", ["重新办理"], "Reopened";
        Closed = "closed", ["已关闭"], "Closed";
    }
}

impl CaseStatus {
    pub fn is_open(self) -> bool {
        !matches!(self, CaseStatus::Resolved | CaseStatus::Closed)
    }
    /// Past the point where the three parties must have agreed an opinion.
    pub fn past_negotiating(self) -> bool {
        !matches!(self, CaseStatus::Received | CaseStatus::Negotiating)
    }
}

vocab! {
    PledgeStatus {
        Planned = "planned", ["计划中"], "Planned";
        InProgress = "in_progress", ["推进中"], "In progress";
        Fulfilled = "fulfilled", ["已兑现"], "Fulfilled";
        Partial = "partial", ["部分兑现"], "Partly fulfilled";
        Unfulfilled = "unfulfilled", ["未兑现"], "Not fulfilled";
    }
}

vocab! {
    Outcome {
        Resolved = "resolved", ["已解决"], "Resolved";
        Partial = "partial", ["部分解决"], "Partly resolved";
        Explained = "explained", ["已解释说明"], "Explained";
        Transferred = "transferred", ["已转办"], "Transferred";
        NotAccepted = "not_accepted", ["不予受理"], "Not accepted";
        Withdrawn = "withdrawn", ["已撤回"], "Withdrawn";
    }
}

vocab! {
    Satisfaction {
        Satisfied = "satisfied", ["满意"], "Satisfied";
        Basic = "basic", ["基本满意"], "Mostly satisfied";
        Unsatisfied = "unsatisfied", ["不满意"], "Not satisfied";
        NoRating = "none", ["未评价"], "No rating";
    }
}

vocab! {
    MeetingForm {
        Regular = "regular", ["例会"], "Regular meeting";
        Onsite = "onsite", ["现场办公"], "On-site meeting";
        Video = "video", ["视频会议"], "Video meeting";
        Special = "special", ["临时会议"], "Special meeting";
    }
}

vocab! {
    NoticeKind {
        MaintenanceFund = "maintenance_fund", ["维修资金使用"], "Use of the maintenance fund";
        CompanyChange = "company_change", ["物业选聘解聘"], "Hiring or dismissing the property company";
        FeeChange = "fee_change", ["物业费调整"], "Property fee change";
        CommonIncome = "common_income", ["共有部分经营与收益"], "Income from common property";
        Election = "election", ["业委会选举与成员变更"], "Owners' committee election or change";
        Repair = "repair", ["公共部位维修改造"], "Repair of common parts";
        Other = "other", ["其他"], "Other";
    }
}

/// A number as staff wrote it (an amount, a score, a ratio). Hashable, so
/// a compound's model can be fingerprinted for the render cache.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl Eq for Num {}

impl std::hash::Hash for Num {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.0.to_bits().hash(h);
    }
}

impl std::str::FromStr for Num {
    type Err = std::num::ParseFloatError;
    fn from_str(s: &str) -> Result<Num, Self::Err> {
        s.parse::<f64>().map(Num)
    }
}

#[derive(Debug)]
pub struct Site {
    pub settings: Settings,
    pub communities: Vec<Community>,
    /// The date overdue, stale and "current" are computed against.
    pub as_of: NaiveDate,
    pub(crate) _seal: Seal,
}

#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Settings {
    pub title: String,
    pub street: String,
    /// Without a trailing slash.
    pub base_url: String,
    pub lang: Lang,
    pub timezone: String,
    /// Seconds east of UTC; every supported zone has a fixed offset.
    pub utc_offset: i32,
    pub theme: String,
    pub office: Option<Contact>,
    /// The ICP filing number (备案号) every phone page's footer shows.
    pub icp: Option<String>,
    pub kiosk: Kiosk,
    pub rules: Rules,
}

#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Kiosk {
    pub poll_seconds: u32,
    pub night_from: NaiveTime,
    pub night_to: NaiveTime,
    pub screens: Vec<Screen>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Screen {
    pub name: String,
    pub width: u32,
    pub height: u32,
}

/// Compliance thresholds (content format section 5); `rules:` overrides.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Rules {
    pub stale_days: u32,
    pub owners_party_ratio: Num,
    pub env_min_members: usize,
    pub meeting_gap_days: u32,
    /// (month, day) of the next year by which a year's evaluation is due.
    pub evaluation_deadline: (u32, u32),
    /// How many days ahead `check` reminds of a policy date.
    pub remind_days: u32,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            stale_days: 14,
            owners_party_ratio: Num(0.5),
            env_min_members: 5,
            meeting_gap_days: 62,
            evaluation_deadline: (1, 31),
            remind_days: 7,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct Contact {
    pub label: String,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Person {
    pub name: String,
    pub position: String,
    pub phone: Option<String>,
    pub party_member: bool,
    pub also: Vec<String>,
    pub duties: Vec<String>,
    /// Relative to the compound's output folder.
    pub photo: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct Roster {
    pub name: Option<String>,
    pub term: Option<(NaiveDate, NaiveDate)>,
    pub members: Vec<Person>,
}

#[derive(Debug)]
pub struct Community {
    pub slug: String,
    pub name: String,
    pub party_org: Option<Roster>,
    pub residents_committee: Roster,
    pub env_committee: Option<Roster>,
    pub contacts: Vec<Contact>,
    /// Shared with the validation cache, so an unchanged compound is not copied.
    pub compounds: Vec<std::sync::Arc<Compound>>,
    pub findings: Vec<Finding>,
    /// Urgent notices of `content/<community>/notices/`: they apply to every
    /// compound of the community.
    pub notices: Vec<Notice>,
    /// The monthly report narratives, by month.
    pub reports: Vec<crate::report::Narrative>,
    /// The environment committee's monthly inspections, by month.
    pub inspections: Vec<crate::report::inspection::Inspection>,
}

#[derive(Debug, Hash)]
pub struct Compound {
    pub slug: String,
    pub name: String,
    pub address: Option<String>,
    pub households: Option<u32>,
    pub party_org: Option<Roster>,
    /// `OwnersCommittee` or `SelfManagement`, with its roster.
    pub owners: Option<(Party, Roster)>,
    pub company: Company,
    pub joint: Option<Joint>,
    pub contacts: Vec<Contact>,
    pub pledges: Vec<PledgeYear>,
    pub cases: Vec<Case>,
    pub meetings: Vec<Meeting>,
    pub notices: Vec<Notice>,
    pub evaluations: Vec<Evaluation>,
    pub attachments: Vec<AttachmentFile>,
    /// Compliance warnings, shown on the compliance page.
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Company {
    pub name: String,
    pub service_phone: Option<String>,
    pub repair_phone: Option<String>,
    pub contract: Option<(NaiveDate, NaiveDate)>,
    pub members: Vec<Person>,
    pub quality_supervisor: Option<Person>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Joint {
    pub convener: Option<String>,
    pub members: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PledgeYear {
    pub year: i32,
    pub published: Option<NaiveDate>,
    pub parties: Vec<(Party, Vec<Pledge>)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pledge {
    pub text: String,
    pub status: PledgeStatus,
    pub note: Option<String>,
}

/// A resident's case, public part only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Case {
    pub id: String,
    pub title: String,
    pub kind: CaseKind,
    pub category: Option<String>,
    pub channel: Option<String>,
    pub received: NaiveDate,
    pub location: Option<String>,
    pub lead: Party,
    pub partners: Vec<Party>,
    /// The due date in force: the last extension's, or the original.
    pub due: Option<NaiveDate>,
    pub opinion: Option<Opinion>,
    pub status: CaseStatus,
    pub updates: Vec<Update>,
    pub result: Option<CaseResult>,
    pub revisit: Option<Revisit>,
    /// Markdown, as written.
    pub body: String,
    pub overdue: bool,
    pub stale: bool,
    pub last_update: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Opinion {
    pub date: NaiveDate,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Update {
    pub date: NaiveDate,
    pub status: CaseStatus,
    pub by: Option<Party>,
    pub note: Option<String>,
    pub to: Option<String>,
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CaseResult {
    pub date: NaiveDate,
    pub outcome: Outcome,
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Revisit {
    pub date: Option<NaiveDate>,
    pub satisfaction: Satisfaction,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Meeting {
    /// File stem: the date, or date-slug; the page's URL segment.
    pub stem: String,
    pub date: NaiveDate,
    pub form: MeetingForm,
    pub convener: Option<String>,
    pub attendees: Vec<String>,
    pub observers: Vec<String>,
    pub topics: Vec<String>,
    pub decisions: Vec<Decision>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decision {
    pub text: String,
    pub lead: Option<Party>,
    pub due: Option<NaiveDate>,
    /// A case id of the same compound; its state follows the case's.
    pub case: Option<String>,
    /// The day it was carried out (督办: followed up).
    pub done: Option<NaiveDate>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Notice {
    pub stem: String,
    pub title: String,
    pub kind: NoticeKind,
    pub published: NaiveDate,
    pub until: Option<NaiveDate>,
    pub reported: Option<NaiveDate>,
    /// CNY.
    pub amount: Option<Num>,
    /// Paths relative to the compound folder: `attachments/方案.pdf`.
    pub attachments: Vec<String>,
    pub body: String,
    /// Shown as "即将公示（12月5日起）" before `published`; otherwise a
    /// notice is not shown at all before that day.
    pub announce: bool,
    /// An urgent notice (water cut, lift stoppage, typhoon) and the hours
    /// it is in force; `until` above is the date of its end.
    pub urgent: Option<Urgent>,
}

/// The hours an urgent notice is in force, in the site's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Urgent {
    pub from: chrono::NaiveDateTime,
    pub until: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Evaluation {
    pub year: i32,
    pub date: Option<NaiveDate>,
    pub results: Vec<EvalResult>,
    /// Publicity, objections, approval and circulation of the results.
    pub process: crate::report::evidence::Process,
}

#[derive(Debug, Clone, PartialEq, Hash)]
pub struct EvalResult {
    pub party: Party,
    pub score: Option<Num>,
    pub grade: Option<String>,
    pub participants: Option<u32>,
    pub comment: Option<String>,
}

/// A file under the compound's `attachments/` to publish as is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttachmentFile {
    pub rel: String,
    pub path: std::path::PathBuf,
}

/// A compliance warning as shown to residents and the office.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    pub code: crate::diag::Code,
    pub text: Text,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocab_accepts_keys_and_labels() {
        assert_eq!(CaseStatus::parse("办理中"), Some(CaseStatus::InProgress));
        assert_eq!(CaseStatus::parse("in_progress"), Some(CaseStatus::InProgress));
        assert_eq!(Party::parse("物业"), Some(Party::PropertyCompany));
        assert_eq!(Party::parse("业委会"), Some(Party::OwnersCommittee));
        assert_eq!(Party::parse("三方"), Some(Party::Joint));
        assert_eq!(Satisfaction::parse("none"), Some(Satisfaction::NoRating));
        assert_eq!(CaseStatus::parse("done"), None);
        assert!(Outcome::allowed().zh.contains("not_accepted 不予受理"));
    }
}
