//! Every diagnostic code gongshi can report: its stable string (printed in
//! `error[yaml-tab]` and in `--format json`), its default severity and what
//! it means. `docs/diagnostics.md` is generated from this table, and a test
//! keeps the two equal, so adding a code here is how a code is documented.

use std::fmt;

use super::Severity;

/// Declares [`Code`] and its table in one place, so a code cannot exist
/// without a severity and a meaning.
macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $meaning:literal, $meaning_zh:literal;)*) => {
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

            /// The same sentence in Chinese, for staff reading `docs/diagnostics.md`.
            pub const fn meaning_zh(self) -> &'static str {
                match self {
                    $(Code::$variant => $meaning_zh,)*
                }
            }
        }
    };
}

codes! {
    // Reading files: encoding, size, layout of the content folder.
    EncodingUtf16 = "encoding-utf16", Warning,
        "The file is saved as UTF-16: it is read, and should be saved as UTF-8 (an error when it is not valid UTF-16 either).",
        "文件是 UTF-16 编码：照常读取，但请另存为 UTF-8（若连 UTF-16 也不是，则为错误）。";
    EncodingGbk = "encoding-gbk", Warning,
        "The file is saved as GBK (GB18030), an older Windows default: it is read, and should be saved as UTF-8.",
        "文件是 GBK（GB18030）编码，旧版 Windows 的默认编码：照常读取，但请另存为 UTF-8。";
    EncodingNotUtf8 = "encoding-not-utf8", Error,
        "The file is neither UTF-8 nor GBK nor UTF-16, and cannot be read.",
        "文件既不是 UTF-8，也不是 GBK 或 UTF-16，无法读取。";
    EncodingControlChar = "encoding-control-char", Error,
        "The file contains an invisible control character.",
        "文件里有看不见的控制字符。";
    FileUnreadable = "file-unreadable", Error,
        "A file or folder under content/ cannot be read.",
        "content/ 下的文件或文件夹无法读取。";
    FileChanged = "file-changed", Error,
        "A case file was saved again during a build: its private values read differently the two times it was read. Run the build again.",
        "构建过程中案例文件被再次保存：两次读到的私密信息不一样。请重新构建。";
    FileTooLarge = "file-too-large", Error,
        "A content file is larger than gongshi reads.",
        "内容文件超过 gongshi 能读取的大小。";
    FileNameEncoding = "file-name-encoding", Error,
        "A file name is not valid Unicode.",
        "文件名含有无法识别的字符。";
    FileSymlink = "file-symlink", Error,
        "A symbolic link under content/; links are never followed.",
        "content/ 下有符号链接；gongshi 不跟随链接。";
    FileNotRegular = "file-not-regular", Error,
        "A named pipe, socket or device under content/; only regular files are read.",
        "content/ 下有管道、套接字或设备文件；gongshi 只读普通文件。";
    FileLookalike = "file-lookalike", Error,
        "A file named almost like a content file (`.md.txt`, `.MD`, `.markdown`, `Compound.yaml`); it would be skipped.",
        "文件名和内容文件只差一点（.md.txt、.MD、.markdown、大写字母），不会被读取。";
    NameCaseCollision = "name-case-collision", Error,
        "Two names that differ only in letter case or Unicode form: on Windows and most servers they are one file.",
        "两个名字只差大小写或字符写法：在 Windows 和多数网站服务器上是同一个文件。";
    NameReserved = "name-reserved", Error,
        "A community, compound or case named like a folder the generated site uses itself.",
        "社区、小区或事项的名字与网站自己生成的文件夹同名。";
    FileUnexpected = "file-unexpected", Warning,
        "A file that does not belong where it is; it is not published.",
        "文件放错了位置，不会发布。";
    NameNotSlug = "name-not-slug", Error,
        "A folder, file or screen name that becomes part of a URL is not a lowercase slug.",
        "会成为网址一部分的文件夹、文件或屏幕名不是小写英文短名。";
    NameDate = "name-date", Error,
        "A meeting's or notice's file name does not start with its date (a warning for notices).",
        "会议或公告的文件名不以其日期开头（公告为警告）。";
    NameYear = "name-year", Error,
        "A pledge or evaluation file name does not match its `year:`.",
        "服务承诺或测评文件名与 year 对不上。";
    // Front matter and YAML syntax.
    FrontmatterMissing = "frontmatter-missing", Error,
        "A Markdown file does not start with front matter between --- lines.",
        "Markdown 文件开头缺少用 --- 包起来的信息。";
    FrontmatterUnclosed = "frontmatter-unclosed", Error,
        "The opening --- of the front matter has no closing --- line.",
        "开头的 --- 没有配对的结束行 ---。";
    YamlMultipleDocuments = "yaml-multiple-documents", Error,
        "An extra --- line: a file holds one YAML document.",
        "多了一行 ---：一个文件只能有一段 YAML。";
    YamlTab = "yaml-tab", Error,
        "Indentation uses a Tab; YAML indents with spaces only.",
        "用 Tab 缩进；YAML 只认空格。";
    YamlFullwidthSpace = "yaml-fullwidth-space", Error,
        "Indentation uses the full-width space of Chinese input mode.",
        "缩进里有中文输入法的全角空格。";
    YamlFullwidthDash = "yaml-fullwidth-dash", Error,
        "A list item starts with a full-width dash instead of `-`.",
        "列表项前用了全角短横线，而不是 `-`。";
    YamlFullwidthBracket = "yaml-fullwidth-bracket", Error,
        "A list or map uses full-width brackets instead of `[ ]` or `{ }`.",
        "列表或映射用了全角括号，而不是 `[ ]` 或 `{ }`。";
    YamlFullwidthColon = "yaml-fullwidth-colon", Error,
        "A key is followed by the full-width colon of Chinese input mode.",
        "键后面用了中文输入法的全角冒号。";
    YamlColonSpace = "yaml-colon-space", Error,
        "A key's colon is not followed by a space.",
        "键的冒号后面没有空格。";
    YamlColonInValue = "yaml-colon-in-value", Error,
        "A value contains `: `, which YAML reads as a new key.",
        "值里含有“: ”，YAML 会把它当成新的键。";
    YamlUnclosedQuote = "yaml-unclosed-quote", Error,
        "A quoted value is never closed.",
        "引号没有闭合。";
    YamlDuplicateKey = "yaml-duplicate-key", Error,
        "The same key appears twice in one mapping.",
        "同一层里一个键出现了两次。";
    YamlAnchor = "yaml-anchor", Error,
        "YAML anchors and aliases (`&` and `*`) are not supported.",
        "不支持 YAML 锚点与别名（`&` 和 `*`）。";
    YamlTooDeep = "yaml-too-deep", Error,
        "The YAML is nested more deeply than gongshi reads.",
        "YAML 嵌套层数超过 gongshi 能读取的深度。";
    YamlTooLarge = "yaml-too-large", Error,
        "The YAML is too large or complex to read.",
        "YAML 内容过多或过于复杂。";
    YamlSyntax = "yaml-syntax", Error,
        "Any other YAML syntax error.",
        "其他 YAML 格式错误。";
    // Fields and values.
    FieldType = "field-type", Error,
        "A field holds the wrong kind of value (text, list or mapping).",
        "字段的值类型不对（文字、列表或映射）。";
    FieldEmpty = "field-empty", Error,
        "A required field or a list item is empty.",
        "必填项或列表项是空的。";
    FieldMissing = "field-missing", Error,
        "A required field is missing.",
        "缺少必填项。";
    FieldUnknown = "field-unknown", Error,
        "A field this content kind does not have (often a typo or a Chinese key).",
        "这类内容没有这个字段（多为拼写错误或写成了中文键）。";
    ValueControlChar = "value-control-char", Error,
        "A control character or noncharacter (often from a YAML escape such as \\0 or \\e) in a public value.",
        "公开内容里有控制字符或非字符（常来自 YAML 转义，如 \\0、\\e）。";
    ValueUnknown = "value-unknown", Error,
        "A value outside its list of choices (status, kind, language, timezone …).",
        "值不在可选范围内（状态、类别、语言、时区等）。";
    ValueNumber = "value-number", Error,
        "A field that must be a number is not.",
        "应当是数字的字段不是数字。";
    ValueBoolean = "value-boolean", Error,
        "A field that must be true or false is not.",
        "只能是 true 或 false 的字段写了别的值。";
    ValueTime = "value-time", Error,
        "A time of day is not written as \"HH:MM\".",
        "时间没有写成 \"HH:MM\"。";
    DateFormat = "date-format", Error,
        "A date is not written year first (2026-11-05, 2026/11/5, 2026.11.5 or 2026年11月5日).",
        "日期不是年份在前的写法（2026-11-05、2026/11/5、2026.11.5 或 2026年11月5日）。";
    DateImpossible = "date-impossible", Error,
        "A date that does not exist, such as 2026-02-30.",
        "不存在的日期，例如 2026-02-30。";
    DateOrder = "date-order", Error,
        "An end date (term end, until, due, an evaluation's publicity) is before its start date.",
        "结束日期（任期结束、公示截止、办结时限、评议公示期）早于开始日期。";
    ValueDeadline = "value-deadline", Error,
        "`rules.evaluation_deadline` is not a month-day such as `01-31`.",
        "rules.evaluation_deadline 不是“月-日”（例如 01-31）。";
    DateFuture = "date-future", Warning,
        "A date after today where only the past makes sense (received, updates, opinion, result, revisit, a meeting with minutes, a decision done, a notice reported).",
        "只应是过去的日期晚于今天（受理、进展、意见、结果、回访、已有纪要的会议、落实、提前报告）。";
    DateFarFuture = "date-far-future", Error,
        "A date more than a year after today: almost always a mistyped year.",
        "日期比今天晚一年以上，多半是年份写错了。";
    // Site, communities and compounds.
    SiteMissing = "site-missing", Error,
        "content/site.yaml is missing.",
        "缺少 content/site.yaml。";
    SiteEmpty = "site-empty", Warning,
        "content/ has no community folders yet.",
        "content/ 下还没有社区文件夹。";
    SiteBaseUrl = "site-base-url", Error,
        "`base_url` in site.yaml is not an absolute URL.",
        "site.yaml 的 base_url 不是完整网址。";
    SiteTheme = "site-theme", Error,
        "A theme name is not a lowercase slug.",
        "主题名不是小写英文短名。";
    SiteIcp = "site-icp", Error,
        "`icp` in site.yaml is not an ICP filing number (浙ICP备…号).",
        "site.yaml 的 icp 不像 ICP 备案号（例如 浙ICP备2026000001号-1）。";
    SiteAsOf = "site-as-of", Warning,
        "`as_of` in site.yaml (a demo setting) shows the site as of a day more than 30 days ago.",
        "site.yaml 的 as_of（演示设置）让网站按 30 多天前的某一天显示。";
    KioskPoll = "kiosk-poll", Error,
        "A kiosk's `poll_seconds` is outside 10 to 3600.",
        "公示屏的 poll_seconds 不在 10 到 3600 之间。";
    KioskScreen = "kiosk-screen", Error,
        "A kiosk screen size is outside 320×240 to 7680×7680.",
        "公示屏尺寸不在 320×240 到 7680×7680 之间。";
    CommunityMissing = "community-missing", Error,
        "A community folder has no community.yaml.",
        "社区文件夹里缺少 community.yaml。";
    CompoundMissing = "compound-missing", Error,
        "A compound folder has no compound.yaml.",
        "小区文件夹里缺少 compound.yaml。";
    CompoundOwnersTwice = "compound-owners-twice", Error,
        "A compound has both `owners_committee` and `self_management`.",
        "小区同时写了 owners_committee 和 self_management。";
    PhotoUnsupported = "photo-unsupported", Warning,
        "A roster entry has a photo; photos are not published.",
        "名册里写了照片；照片不发布。";
    // References, attachments and links.
    RefPerson = "ref-person", Error,
        "A name that is on no roster (a warning where free names are allowed).",
        "名字不在任何名册上（允许写名册外名字的地方为警告）。";
    RefCase = "ref-case", Error,
        "A meeting or an inspection refers to a case number that does not exist.",
        "会议或检查记录引用了不存在的问题编号。";
    RefCompound = "ref-compound", Error,
        "An inspection names a compound that is not in its community.",
        "检查记录写了本社区没有的小区。";
    AttachmentPath = "attachment-path", Error,
        "An attachment path leaves the compound folder.",
        "附件路径跳出了小区文件夹。";
    AttachmentMissing = "attachment-missing", Error,
        "An attachment or linked file is not in the compound's attachments/.",
        "附件或链接的文件不在本小区的 attachments/ 里。";
    AttachmentType = "attachment-type", Error,
        "An attachment type outside the allow-list (pdf, jpg/jpeg, png, webp, gif, docx, xlsx, pptx, odt, ods, txt, csv): web pages, scripts, SVG, XML, programs ….",
        "附件类型不在允许范围内（只允许 pdf、jpg/jpeg、png、webp、gif、docx、xlsx、pptx、odt、ods、txt、csv）：网页、脚本、SVG、XML、程序等。";
    AttachmentContent = "attachment-content", Error,
        "An image attachment whose content is not the image type its name says (checked by its first bytes).",
        "图片附件的内容与扩展名不符（按文件开头的字节判断）。";
    AttachmentUnused = "attachment-unused", Warning,
        "An attachment that no notice or body refers to; it is not published.",
        "没有被任何公告或正文引用的附件；不会发布。";
    AttachmentTooLarge = "attachment-too-large", Error,
        "An attachment is larger than 20 MB.",
        "附件超过 20 MB。";
    LinkUnsafe = "link-unsafe", Warning,
        "A link with an unsafe scheme; it is published as `#`.",
        "链接的协议不安全；发布时替换为 `#`。";
    // Privacy.
    PiiMobile = "pii-mobile", Error,
        "A mobile number in public text.",
        "公开内容里出现了手机号码。";
    PiiIdNumber = "pii-id-number", Error,
        "A resident ID number in public text.",
        "公开内容里出现了身份证号码。";
    PiiSuspectId = "pii-suspect-id", Warning,
        "A number that looks like a resident ID number.",
        "疑似身份证号码的数字。";
    PiiRoom = "pii-room", Error,
        "A room number in public text.",
        "公开内容里出现了房号。";
    PiiPrivateLeak = "pii-private-leak", Error,
        "Public text anywhere on the site repeats a value from a case's `private:` block.",
        "公开内容重复了某个案件 private: 里的信息（全站比对）。";
    PiiName = "pii-name", Error,
        "A case id, notice or meeting file name, folder name or attachment name contains a phone, ID or room number (a number that only looks like an ID is a warning).",
        "问题编号、公告或会议文件名、文件夹名或附件名里有手机号、身份证号或房号（只是像身份证号的为警告）。";
    PiiRosterMobile = "pii-roster-mobile", Error,
        "A mobile number on a roster without `public_phone: true` (the person's consent).",
        "名册上的手机号没有写 public_phone: true（本人同意公开）。";
    // Cases.
    CaseNoUpdates = "case-no-updates", Error,
        "A case has no updates; the first records its receipt.",
        "问题没有进展记录；第一条应是受理。";
    CaseStatusMismatch = "case-status-mismatch", Error,
        "A case's status differs from the status of its last update.",
        "问题的状态与最后一条进展的状态不一致。";
    CaseUpdateOrder = "case-update-order", Error,
        "A case's updates are not in date order, or start before it was received.",
        "进展没有按日期排列，或早于受理日期。";
    CaseUpdateReason = "case-update-reason", Error,
        "An update whose status needs a reason has no `note`.",
        "需要写明原因的进展缺少 note。";
    CaseUpdateDue = "case-update-due", Error,
        "An extended update has no new due date.",
        "延期办理的进展没有新的办结时限。";
    CaseUpdateTo = "case-update-to", Warning,
        "An escalated update does not say to whom.",
        "已上报的进展没有写上报给谁。";
    CaseOpinion = "case-opinion", Warning,
        "A case past the joint consultation has no published `opinion`.",
        "已过三方会商阶段的问题没有公示处理意见 opinion。";
    CaseResult = "case-result", Error,
        "A resolved or closed case has no `result`.",
        "已办结或已关闭的问题没有办理结果 result。";
    CaseRevisit = "case-revisit", Warning,
        "A resolved case has not been revisited.",
        "已办结的问题还没有回访。";
    CaseOverdue = "case-overdue", Warning,
        "An open case is past its due date.",
        "未办结的问题已超过办结时限。";
    CaseStale = "case-stale", Warning,
        "An open case has had no update for too long.",
        "未办结的问题太久没有更新进展。";
    // Compliance with the policy (shown on the compliance page too).
    RuleEnvMissing = "rule-env-missing", Warning,
        "A community publishes no environment and property management committee.",
        "社区没有公示环境和物业管理委员会。";
    RuleEnvSize = "rule-env-size", Warning,
        "The environment committee is smaller than the rules ask, or even-sized.",
        "环境和物业管理委员会人数少于规定或为双数。";
    RuleEnvParty = "rule-env-party", Warning,
        "Party members are not a majority of the environment committee.",
        "环境和物业管理委员会中党员未过半数。";
    RulePartyPhone = "rule-party-phone", Warning,
        "A party lists nobody with a phone number.",
        "某一方没有公示带电话的具名人员。";
    RuleOwnersMissing = "rule-owners-missing", Warning,
        "A compound publishes no owners' committee or self-management body.",
        "小区没有公示业主委员会或物业自管组织。";
    RuleOwnersParty = "rule-owners-party", Warning,
        "Party members on the owners' committee are below `rules.owners_party_ratio`.",
        "业主委员会中党员比例低于 rules.owners_party_ratio。";
    RuleOwnersChair = "rule-owners-chair", Warning,
        "The owners' committee chair is not a party member.",
        "业主委员会主任不是党员。";
    RuleNoticeReported = "rule-notice-reported", Warning,
        "A major-matter notice lacks its advance report date, or was reported after publishing.",
        "重大事项公告没有写提前报告日期，或报告晚于公示。";
    RuleMeetingGap = "rule-meeting-gap", Warning,
        "No joint meeting for longer than `rules.meeting_gap_days`.",
        "联席会议间隔超过 rules.meeting_gap_days。";
    RulePledges = "rule-pledges", Warning,
        "A party has not published its service pledges for the year.",
        "某一方没有公示本年度服务承诺。";
    DecisionOverdue = "decision-overdue", Warning,
        "A joint-meeting decision is past its due date and not carried out.",
        "联席会议议定事项已过完成时限，尚未落实。";
    UrgentWindow = "urgent-window", Error,
        "An urgent notice lacks `from` or `until`, or an ordinary notice has `from`.",
        "紧急通知缺少 from 或 until，或普通公示写了 from。";
    RuleEnvInspection = "rule-env-inspection", Warning,
        "A community that keeps inspections/ has no environment committee inspection for last month.",
        "已使用 inspections/ 的社区上个月没有环物委检查记录。";
    RuleEnvChair = "rule-env-chair", Warning,
        "The environment committee's chair is not the residents' committee's chair or vice-chair.",
        "环物委主任不是居委会主任或副主任。";
    RuleEnvConflict = "rule-env-conflict", Warning,
        "An environment committee member also sits on an owners' committee or works for a property company of the community.",
        "环物委成员同时是本社区业委会成员或物业企业人员，应当回避。";
    RuleEvaluationMissing = "rule-evaluation-missing", Warning,
        "Last year's evaluation is not recorded by `rules.evaluation_deadline`.",
        "过了 rules.evaluation_deadline 仍没有上一年度的评议结果。";
    RuleEvaluationDate = "rule-evaluation-date", Warning,
        "An evaluation's `date` is not in December of its year.",
        "评议的 date 不在当年 12 月。";
    ReportDue = "report-due", Warning,
        "From the 15th, the month's report narrative of a community that keeps reports/ has no `submitted:`.",
        "每月 15 日起，已使用 reports/ 的社区当月报告还没有 submitted。";
    ReportOverdue = "report-overdue", Warning,
        "After the 18th, the month's report is still not submitted.",
        "过了 18 日，当月报告仍未报送。";
    // Community records: monthly report narratives and inspections.
    ReportName = "report-name", Error,
        "A file under reports/ is not named after a month (`2026-11.md`).",
        "reports/ 下的文件名不是年月（例如 2026-11.md）。";
    ReportSubmittedEarly = "report-submitted-early", Warning,
        "A report's `submitted:` date is before the month it reports on.",
        "报告的 submitted 日期早于报告所属的月份。";
    InspectionName = "inspection-name", Error,
        "A file under inspections/ is not named after a month (`2026-11.md`).",
        "inspections/ 下的文件名不是年月（例如 2026-11.md）。";
    InspectionDate = "inspection-date", Warning,
        "An inspection's date is not in the month of its file name.",
        "检查日期不在文件名所写的月份。";
    InspectionInspector = "inspection-inspector", Warning,
        "An inspector is not on the environment committee's roster.",
        "检查人不在环物委名单上。";
    // Reminders: what is due within `rules.remind_days`.
    RemindMeeting = "remind-meeting", Warning,
        "The joint-meeting window (last week of an even month) is near and no meeting is scheduled.",
        "双月最后一周的联席会议临近，尚未安排。";
    RemindReport = "remind-report", Warning,
        "The monthly report (by the 18th) is near.",
        "每月18日前的月度报送临近。";
    RemindEvaluation = "remind-evaluation", Warning,
        "The year's evaluation (in December) is near and not yet recorded.",
        "年底（12月）的评议考核临近，尚未记录。";
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
         | Code | Severity | Meaning | 含义 |\n|---|---|---|---|\n",
    );
    for code in Code::ALL {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let cell = |s: &str| s.replace('|', "\\|");
        out.push_str(&format!(
            "| `{}` | {severity} | {} | {} |\n",
            code.as_str(),
            cell(code.meaning()),
            cell(code.meaning_zh())
        ));
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
            assert!(code.meaning_zh().ends_with('。'), "{s}: the Chinese meaning is one sentence");
        }
    }
}
