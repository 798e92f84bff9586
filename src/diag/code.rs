//! Every diagnostic code gongshi can report: its stable string (printed in
//! `error[yaml-tab]` and in `--format json`), its default severity and what
//! it means. `docs/diagnostics.md` is generated from this table, and a test
//! keeps the two equal, so adding a code here is how a code is documented.

use std::fmt;

use super::Severity;

/// Declares [`Code`] and its table in one place, so a code cannot exist
/// without a severity and a meaning.
macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $meaning:literal;)*) => {
        /// A diagnostic's stable identifier, for tests, JSON consumers and documentation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(#[doc = $meaning] $variant,)*
        }

        impl Code {
            /// Every code, in the order of the table (grouped by what it checks).
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The string printed in diagnostics, e.g. `yaml-tab`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// The severity the code is raised with, unless its check says
            /// otherwise (see the meaning of the codes that can be both).
            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// One English sentence saying what the code reports.
            pub const fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => $meaning,)*
                }
            }
        }
    };
}

codes! {
    // Reading files: encoding, size, layout of the content folder.
    EncodingUtf16 = "encoding-utf16", Error, "The file is saved as UTF-16; gongshi reads UTF-8 only.";
    EncodingNotUtf8 = "encoding-not-utf8", Error, "The file is not valid UTF-8 (often GBK from an older editor).";
    EncodingControlChar = "encoding-control-char", Error, "The file contains an invisible control character.";
    FileUnreadable = "file-unreadable", Error, "A file or folder under content/ cannot be read.";
    FileTooLarge = "file-too-large", Error, "A content file is larger than gongshi reads.";
    FileNameEncoding = "file-name-encoding", Error, "A file name is not valid Unicode.";
    FileSymlink = "file-symlink", Error, "A symbolic link under content/; links are never followed.";
    FileUnexpected = "file-unexpected", Warning, "A file that does not belong where it is; it is not published.";
    NameNotSlug = "name-not-slug", Error, "A folder, file or screen name that becomes part of a URL is not a lowercase slug.";
    NameDate = "name-date", Error, "A meeting's or notice's file name does not start with its date (a warning for notices).";
    NameYear = "name-year", Error, "A pledge or evaluation file name does not match its `year:`.";
    // Front matter and YAML syntax.
    FrontmatterMissing = "frontmatter-missing", Error, "A Markdown file does not start with front matter between --- lines.";
    FrontmatterUnclosed = "frontmatter-unclosed", Error, "The opening --- of the front matter has no closing --- line.";
    YamlMultipleDocuments = "yaml-multiple-documents", Error, "An extra --- line: a file holds one YAML document.";
    YamlTab = "yaml-tab", Error, "Indentation uses a Tab; YAML indents with spaces only.";
    YamlFullwidthSpace = "yaml-fullwidth-space", Error, "Indentation uses the full-width space of Chinese input mode.";
    YamlFullwidthDash = "yaml-fullwidth-dash", Error, "A list item starts with a full-width dash instead of `-`.";
    YamlFullwidthBracket = "yaml-fullwidth-bracket", Error, "A list or map uses full-width brackets instead of `[ ]` or `{ }`.";
    YamlFullwidthColon = "yaml-fullwidth-colon", Error, "A key is followed by the full-width colon of Chinese input mode.";
    YamlColonSpace = "yaml-colon-space", Error, "A key's colon is not followed by a space.";
    YamlColonInValue = "yaml-colon-in-value", Error, "A value contains `: `, which YAML reads as a new key.";
    YamlUnclosedQuote = "yaml-unclosed-quote", Error, "A quoted value is never closed.";
    YamlDuplicateKey = "yaml-duplicate-key", Error, "The same key appears twice in one mapping.";
    YamlAnchor = "yaml-anchor", Error, "YAML anchors and aliases (`&` and `*`) are not supported.";
    YamlTooDeep = "yaml-too-deep", Error, "The YAML is nested more deeply than gongshi reads.";
    YamlTooLarge = "yaml-too-large", Error, "The YAML is too large or complex to read.";
    YamlSyntax = "yaml-syntax", Error, "Any other YAML syntax error.";
    // Fields and values.
    FieldType = "field-type", Error, "A field holds the wrong kind of value (text, list or mapping).";
    FieldEmpty = "field-empty", Error, "A required field or a list item is empty.";
    FieldMissing = "field-missing", Error, "A required field is missing.";
    FieldUnknown = "field-unknown", Error, "A field this content kind does not have (often a typo or a Chinese key).";
    ValueUnknown = "value-unknown", Error, "A value outside its list of choices (status, kind, language, timezone …).";
    ValueNumber = "value-number", Error, "A field that must be a number is not.";
    ValueBoolean = "value-boolean", Error, "A field that must be true or false is not.";
    ValueTime = "value-time", Error, "A time of day is not written as \"HH:MM\".";
    DateFormat = "date-format", Error, "A date is not written as YYYY-MM-DD.";
    DateImpossible = "date-impossible", Error, "A date that does not exist, such as 2026-02-30.";
    DateOrder = "date-order", Error, "An end date (term end, until, due) is before its start date.";
    DateFuture = "date-future", Warning, "A case was received after today.";
    // Site, communities and compounds.
    SiteMissing = "site-missing", Error, "content/site.yaml is missing.";
    SiteEmpty = "site-empty", Warning, "content/ has no community folders yet.";
    SiteBaseUrl = "site-base-url", Error, "`base_url` in site.yaml is not an absolute URL.";
    SiteTheme = "site-theme", Error, "A theme name is not a lowercase slug.";
    KioskPoll = "kiosk-poll", Error, "A kiosk's `poll_seconds` is outside 10 to 3600.";
    KioskScreen = "kiosk-screen", Error, "A kiosk screen size is outside 320×240 to 7680×7680.";
    CommunityMissing = "community-missing", Error, "A community folder has no community.yaml.";
    CompoundMissing = "compound-missing", Error, "A compound folder has no compound.yaml.";
    CompoundOwnersTwice = "compound-owners-twice", Error, "A compound has both `owners_committee` and `self_management`.";
    PhotoUnsupported = "photo-unsupported", Warning, "A roster entry has a photo; photos are not published.";
    // References, attachments and links.
    RefPerson = "ref-person", Error, "A name that is on no roster (a warning where free names are allowed).";
    RefCase = "ref-case", Error, "A meeting refers to a case number that does not exist.";
    AttachmentPath = "attachment-path", Error, "An attachment path leaves the compound folder.";
    AttachmentMissing = "attachment-missing", Error, "An attachment or linked file is not in the compound's attachments/.";
    AttachmentType = "attachment-type", Error, "An attachment type that is not allowed (web pages, scripts, SVG …).";
    AttachmentTooLarge = "attachment-too-large", Error, "An attachment is larger than 20 MB.";
    LinkUnsafe = "link-unsafe", Warning, "A link with an unsafe scheme; it is published as `#`.";
    // Privacy.
    PiiMobile = "pii-mobile", Error, "A mobile number in public text.";
    PiiIdNumber = "pii-id-number", Error, "A resident ID number in public text.";
    PiiSuspectId = "pii-suspect-id", Warning, "A number that looks like a resident ID number.";
    PiiRoom = "pii-room", Error, "A room number in public text.";
    PiiPrivateLeak = "pii-private-leak", Error, "Public text repeats a value from the case's `private:` block.";
    // Cases.
    CaseNoUpdates = "case-no-updates", Error, "A case has no updates; the first records its receipt.";
    CaseStatusMismatch = "case-status-mismatch", Error, "A case's status differs from the status of its last update.";
    CaseUpdateOrder = "case-update-order", Error, "A case's updates are not in date order, or start before it was received.";
    CaseUpdateReason = "case-update-reason", Error, "An update whose status needs a reason has no `note`.";
    CaseUpdateDue = "case-update-due", Error, "An extended update has no new due date.";
    CaseUpdateTo = "case-update-to", Warning, "An escalated update does not say to whom.";
    CaseOpinion = "case-opinion", Warning, "A case past the joint consultation has no published `opinion`.";
    CaseResult = "case-result", Error, "A resolved or closed case has no `result`.";
    CaseRevisit = "case-revisit", Warning, "A resolved case has not been revisited.";
    CaseOverdue = "case-overdue", Warning, "An open case is past its due date.";
    CaseStale = "case-stale", Warning, "An open case has had no update for too long.";
    // Compliance with the policy (shown on the compliance page too).
    RuleEnvMissing = "rule-env-missing", Warning, "A community publishes no environment and property management committee.";
    RuleEnvSize = "rule-env-size", Warning, "The environment committee is smaller than the rules ask, or even-sized.";
    RuleEnvParty = "rule-env-party", Warning, "Party members are not a majority of the environment committee.";
    RulePartyPhone = "rule-party-phone", Warning, "A party lists nobody with a phone number.";
    RuleOwnersMissing = "rule-owners-missing", Warning, "A compound publishes no owners' committee or self-management body.";
    RuleOwnersParty = "rule-owners-party", Warning, "Party members on the owners' committee are below `rules.owners_party_ratio`.";
    RuleOwnersChair = "rule-owners-chair", Warning, "The owners' committee chair is not a party member.";
    RuleNoticeReported = "rule-notice-reported", Warning, "A major-matter notice lacks its advance report date, or was reported after publishing.";
    RuleMeetingGap = "rule-meeting-gap", Warning, "No joint meeting for longer than `rules.meeting_gap_days`.";
    RulePledges = "rule-pledges", Warning, "A party has not published its service pledges for the year.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The table of `docs/diagnostics.md`: every code with its severity and meaning.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         Every code `gongshi check` and `gongshi build` can report, with the severity it is\n\
         raised at and what it means. Generated from `src/diag/code.rs`; do not edit by hand.\n\n\
         | Code | Severity | Meaning |\n|---|---|---|\n",
    );
    for code in Code::ALL {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("| `{}` | {severity} | {} |\n", code.as_str(), code.meaning().replace('|', "\\|")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} is listed twice");
            assert!(
                s.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{s}"
            );
            assert!(code.meaning().ends_with('.'), "{s}: the meaning is one sentence");
        }
    }
}
