//! The environment and property committee's monthly inspection (环物委
//! 每月检查), `content/<community>/inspections/<YYYY-MM>.md`: the model
//! types, made only by validation.

use chrono::NaiveDate;

use crate::diag::{Lang, Text};
use crate::model::Vocab;

/// What the committee checks (工作指引: 设施设备、合同履行、档案).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    Facilities,
    Contract,
    Records,
}

impl Item {
    pub const ALL: [Item; 3] = [Item::Facilities, Item::Contract, Item::Records];

    pub fn key(self) -> &'static str {
        match self {
            Item::Facilities => "facilities",
            Item::Contract => "contract",
            Item::Records => "records",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Item::Facilities => "设施设备",
            Item::Contract => "合同履行",
            Item::Records => "档案",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, _) => self.zh(),
            (Lang::En, Item::Facilities) => "Facilities and equipment",
            (Lang::En, Item::Contract) => "Performance of the contract",
            (Lang::En, Item::Records) => "Records",
        }
    }
}

impl Vocab for Item {
    fn parse(s: &str) -> Option<Item> {
        let s = s.trim();
        Item::ALL.into_iter().find(|i| i.key() == s || i.zh() == s)
    }

    fn allowed() -> Text {
        let zh: Vec<String> = Item::ALL.iter().map(|i| format!("{} {}", i.key(), i.zh())).collect();
        let en: Vec<String> = Item::ALL.iter().map(|i| format!("{} ({})", i.key(), i.label(Lang::En))).collect();
        Text::new(zh.join("、"), en.join(", "))
    }
}

/// One month's inspection by the community's environment committee.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Inspection {
    /// The file stem, `2026-11`.
    pub month: super::Month,
    pub date: NaiveDate,
    pub inspectors: Vec<String>,
    /// Slugs of the compounds covered.
    pub compounds: Vec<String>,
    pub checked: Vec<Item>,
    pub findings: Vec<InspectionFinding>,
    /// Markdown, as written.
    pub body: String,
}

/// The latest inspection that covered `compound` (shown on its home page).
pub(crate) fn latest<'a>(inspections: &'a [Inspection], compound: &str) -> Option<&'a Inspection> {
    inspections.iter().filter(|i| i.compounds.iter().any(|c| c == compound)).max_by_key(|i| (i.date, i.month))
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InspectionFinding {
    pub compound: String,
    pub item: Option<Item>,
    pub text: String,
    /// A case of that compound the finding opened.
    pub case: Option<String>,
}
