//! Giving scalars meaning: dates, vocabularies, numbers, and the privacy
//! scan that every public string passes through on its way to the model.

use std::collections::HashSet;
use std::ops::Range;

use chrono::NaiveDate;

use super::Sources;
use crate::diag::{Code, Diagnostic, FileId, Loc, Sp, Span, Text};
use crate::load::raw::{Str, label};
use crate::model::Vocab;
use crate::privacy::Register;
use crate::privacy::normalize::{Mode, compact_from_readable, normalize, normalize_unmapped};
use crate::privacy::reader::reader_text;
use crate::validate::pii::{self, PiiKind};

/// Per-stage context: where diagnostics go and what public text may contain.
pub(super) struct Cx<'a> {
    pub diags: Vec<Diagnostic>,
    pub sources: Sources<'a>,
    /// Canonical digits of declared duty phones and `pii_allow` entries.
    pub allowed: &'a HashSet<String>,
    /// Every private value of the site.
    pub register: &'a Register,
}

impl<'a> Cx<'a> {
    pub(super) fn new(sources: Sources<'a>, allowed: &'a HashSet<String>, register: &'a Register) -> Cx<'a> {
        Cx { diags: Vec::new(), sources, allowed, register }
    }

    pub(super) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Public text: trimmed, scanned for personal information.
    pub(super) fn text(&mut self, s: &Str) -> String {
        self.scan(s);
        s.value.trim().to_string()
    }

    pub(super) fn opt_text(&mut self, s: &Option<Str>) -> Option<String> {
        s.as_ref().map(|s| self.text(s)).filter(|t| !t.is_empty())
    }

    /// A declared phone number: published as written, not scanned.
    pub(super) fn phone(&mut self, s: &Option<Str>) -> Option<String> {
        if let Some(s) = s {
            self.controls(s);
        }
        s.as_ref().map(|s| s.value.trim().to_string()).filter(|t| !t.is_empty())
    }

    /// A person's phone on a roster: a landline or duty line is published as
    /// written; a mobile only with the person's consent (`public_phone: true`).
    pub(super) fn roster_phone(&mut self, phone: &Option<Str>, public: &Option<Str>) -> Option<String> {
        let consent = self.boolean(public, "public_phone");
        let s = phone.as_ref()?;
        if !consent {
            let base = value_offset(self.sources, s);
            let readable = normalize(&s.value, Mode::Readable);
            for hit in pii::scan(&readable.text).into_iter().filter(|h| h.kind == PiiKind::Mobile) {
                let r = readable.source_range(hit.range);
                let span = base.map_or(s.span, |b| Span::new(s.span.file, b + r.start, b + r.end));
                self.diags.push(roster_mobile(span));
            }
        }
        self.phone(phone)
    }

    pub(super) fn texts(&mut self, v: &[Str]) -> Vec<String> {
        v.iter().map(|s| self.text(s)).filter(|t| !t.is_empty()).collect()
    }

    /// Scans public text at `s` for phone, ID and room numbers.
    pub(super) fn scan(&mut self, s: &Str) {
        self.controls(s);
        let base = value_offset(self.sources, s);
        self.scan_at(&s.value, base, s.span);
    }

    /// Scans text whose byte 0 is at `base` in the file (or unknown, then
    /// `fallback`) as a reader sees it: normalised first (entities, invisible
    /// chars, every digit form and separator), then searched for phone, ID and
    /// room numbers and for every private value of the site.
    pub(super) fn scan_at(&mut self, text: &str, base: Option<usize>, fallback: Span) {
        let span_of = |r: Range<usize>| base.map_or(fallback, |b| Span::new(fallback.file, b + r.start, b + r.end));
        self.scan_with(text, fallback.file, &|r| Loc::Span(span_of(r)), None);
    }

    /// Scans a file or folder name that becomes part of a URL (a case id,
    /// notice or meeting stem, compound or community folder, attachment):
    /// the name is shown in lists, feeds, the sitemap and `data.json`, so it
    /// is content like any other. The error is reported on the file itself.
    /// In a slug a dash separates words, so the name is also read with its
    /// dashes as spaces: `2026-11-05-13858007764` holds a phone number.
    pub(super) fn scan_name(&mut self, name: &str, file: FileId, what: NameKind) {
        self.scan_with(name, file, &|_| Loc::Span(Span::new(file, 0, 0)), Some(what));
    }

    /// Scans a Markdown body (which starts at `body_at` in `file`) as the
    /// reader sees it rendered: see [`reader_text`].
    pub(super) fn scan_markdown(&mut self, body: &str, file: FileId, body_at: usize) {
        let shown = reader_text(body);
        let span_of = |r: Range<usize>| {
            let s = shown.source_range(r);
            Span::new(file, body_at + s.start, body_at + s.end)
        };
        self.scan_with(&shown.text, file, &|r| Loc::Span(span_of(r)), None);
    }

    /// The scan itself; `span_of` maps a byte range of `text` to the file.
    fn scan_with(&mut self, text: &str, file: FileId, span_of: &dyn Fn(Range<usize>) -> Loc, name: Option<NameKind>) {
        // The map back to the source costs 24 bytes per char and is needed
        // only for a hit, which almost no text has: the text is normalised
        // without it, and again with it when there is something to report
        // (the two give the same text, so the same hits).
        let mut readable = normalize_unmapped(text, Mode::Readable);
        let mut flagged = Vec::new();
        let mut hits = pii::scan(&readable.text);
        if name.is_some() {
            // Same byte length: every dash is ASCII `-` after normalising.
            for h in pii::scan(&readable.text.replace('-', " ")) {
                if !hits.iter().any(|k| k.range.start < h.range.end && h.range.start < k.range.end) {
                    hits.push(h);
                }
            }
        }
        if !hits.is_empty() {
            readable = normalize(text, Mode::Readable);
        }
        for hit in hits {
            let source = readable.source_range(hit.range.clone());
            let written = &readable.text[hit.range.clone()];
            if self.allowed.contains(&hit.canonical)
                || self.allowed.contains(written)
                || self.allowed.contains(&text[source.clone()])
            {
                continue;
            }
            flagged.push(source.clone());
            let d = match name {
                Some(what) => name_diagnostic(hit.kind, &hit.masked, what, span_of(source)),
                None => pii_diagnostic(hit.kind, &hit.masked, span_of(source)),
            };
            self.diags.push(d);
        }
        if self.register.is_empty() {
            return;
        }
        if self.register.find(&compact_from_readable(&readable)).is_empty() {
            return;
        }
        let compact = normalize(text, Mode::Compact);
        for hit in self.register.find(&compact) {
            let source = compact.source_range(hit.range);
            // Where the pattern scan already flagged the same text, one error is enough.
            if flagged.iter().any(|f| f.start < source.end && source.start < f.end) {
                continue;
            }
            let elsewhere = hit.owners.first().filter(|_| !hit.owners.contains(&file));
            let holder = elsewhere.map(|f| self.sources.get(*f).rel.clone());
            self.diags.push(private_leak(span_of(source), holder.as_deref()));
        }
    }

    /// The file was checked for control characters as bytes; YAML escapes
    /// (`"\0"`, `"\e"`, `"\uFFFF"`) make them only in the parsed value.
    fn controls(&mut self, s: &Str) {
        let Some(c) = s.value.chars().find(|&c| is_forbidden_char(c)) else { return };
        let code = u32::from(c);
        self.diags.push(
            Diagnostic::error(
                Code::ValueControlChar,
                s.span,
                Text::new(
                    format!("这个值里有看不见的控制字符或非字符 U+{code:04X}（多半来自引号里的转义，如 \\0、\\e）"),
                    format!("this value contains an invisible control character or noncharacter U+{code:04X} (from an escape in quotes)"),
                ),
            )
            .hint(Text::new(
                "删掉引号里的反斜杠转义（如 \\0、\\e、\\v、\\uFFFF），只写看得见的文字。",
                "Remove the backslash escape (\\0, \\e, \\v, \\uFFFF) and write visible text only.",
            )),
        );
    }

    pub(super) fn date(&mut self, s: &Option<Str>, key: &str) -> Option<NaiveDate> {
        let s = s.as_ref()?;
        match parse_date(&s.value) {
            Ok(d) => Some(d),
            Err(why) => {
                self.diags.push(date_error(s, key, why));
                None
            }
        }
    }

    pub(super) fn vocab<T: Vocab>(&mut self, s: &Option<Str>, key: &str) -> Option<T> {
        let s = s.as_ref()?;
        let v = T::parse(&s.value);
        if v.is_none() {
            let allowed = T::allowed();
            self.diags.push(
                Diagnostic::error(
                    Code::ValueUnknown,
                    s.span,
                    Text::new(
                        format!("{} 的值 `{}` 不在可选范围内", label(key), s.value.trim()),
                        format!("`{}` is not an allowed value of `{key}`", s.value.trim()),
                    ),
                )
                .hint(Text::new(
                    format!("可选（英文或中文都可以）：{}", allowed.zh),
                    format!("allowed: {}", allowed.en),
                )),
            );
        }
        v
    }

    pub(super) fn number<T: std::str::FromStr>(&mut self, s: &Option<Str>, key: &str, example: &str) -> Option<T> {
        let s = s.as_ref()?;
        let clean: String = s.value.trim().chars().filter(|c| *c != ',' && *c != '，').collect();
        let v = clean.parse().ok();
        if v.is_none() {
            self.diags.push(
                Diagnostic::error(
                    Code::ValueNumber,
                    s.span,
                    Text::new(format!("{} 应当是数字", label(key)), format!("`{key}` must be a number")),
                )
                .hint(Text::new(
                    format!("只写阿拉伯数字，例如 {key}: {example}"),
                    format!("Digits only, e.g. {key}: {example}"),
                )),
            );
        }
        v
    }

    pub(super) fn boolean(&mut self, s: &Option<Str>, key: &str) -> bool {
        let Some(s) = s else { return false };
        match s.value.trim() {
            "true" | "yes" | "是" | "True" | "TRUE" => true,
            "false" | "no" | "否" | "False" | "FALSE" => false,
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        Code::ValueBoolean,
                        s.span,
                        Text::new(
                            format!("{} 只能是 true 或 false", label(key)),
                            format!("`{key}` must be true or false"),
                        ),
                    )
                    .hint(Text::new("写 true（是）或 false（否）。", "Write true or false.")),
                );
                false
            }
        }
    }
}

/// Where a scalar's text starts in the file, when the source spells it out
/// literally (plain or simply quoted); escaped or folded text has no exact map.
fn value_offset(sources: Sources, s: &Sp<String>) -> Option<usize> {
    let src = &sources.get(s.span.file).text;
    let raw = src
        .get(s.span.start as usize..(s.span.end as usize).max(s.span.start as usize + s.value.len()).min(src.len()))?;
    raw.find(s.value.as_str()).map(|k| s.span.start as usize + k)
}

/// C0/C1 controls other than tab and line break, and Unicode noncharacters:
/// they put NUL bytes in pages and make `feed.xml` invalid XML.
fn is_forbidden_char(c: char) -> bool {
    let u = u32::from(c);
    (c.is_control() && !matches!(c, '\t' | '\n')) || (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

/// True when a roster person's phone may be published: not a mobile, or
/// one its owner agreed to publish.
pub(super) fn may_publish_phone(p: &crate::load::raw::RawPerson) -> bool {
    let consent =
        p.public_phone.as_ref().is_some_and(|s| matches!(s.value.trim(), "true" | "yes" | "是" | "True" | "TRUE"));
    let mobile = p.phone.as_ref().is_some_and(|s| {
        pii::scan(&normalize(&s.value, Mode::Readable).text).iter().any(|h| h.kind == PiiKind::Mobile)
    });
    consent || !mobile
}

fn roster_mobile(span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::PiiRosterMobile,
        span,
        Text::new("名册里写了个人手机号码", "a personal mobile number on a roster"),
    )
    .hint(Text::new(
        "个人手机号码未经本人同意不能公开。请改写为办公室或值班电话；如本人同意公开自己的手机，在这一条加上 public_phone: true。",
        "A personal mobile is published only with the person's consent. Give the office or duty line instead, or add public_phone: true if they agreed.",
    ))
}

/// A private value in public text. The value itself is never printed: only
/// where it is published (the span) and which case's `private:` holds it.
fn private_leak(span: Loc, holder: Option<&str>) -> Diagnostic {
    let text = match holder {
        None => Text::new(
            "这里写了本案 private: 里的信息（反映人姓名、电话或房号）",
            "this repeats a value from the case's private: block",
        ),
        Some(file) => Text::new(
            format!("这里写了 {file} 的 private: 里的信息（反映人姓名、电话或房号）"),
            format!("this repeats a value from the private: block of {file}"),
        ),
    };
    Diagnostic::error(Code::PiiPrivateLeak, span, text).hint(Text::new(
        "private: 里的内容只供工作人员留档，公开的标题、地点、进展和正文里不能出现。请改写，例如“某居民”“3号楼”。",
        "Private values are for staff only; rewrite the public text, e.g. 'a resident', 'building 3'.",
    ))
}

/// What a scanned name names; it says where to rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NameKind {
    Case,
    Notice,
    Meeting,
    Compound,
    Community,
    Attachment,
}

impl NameKind {
    fn label(self) -> Text {
        let (zh, en) = match self {
            NameKind::Case => ("问题编号（文件名）", "the case id (file name)"),
            NameKind::Notice => ("公告文件名", "the notice file name"),
            NameKind::Meeting => ("会议记录文件名", "the meeting file name"),
            NameKind::Compound => ("小区文件夹名", "the compound folder name"),
            NameKind::Community => ("社区文件夹名", "the community folder name"),
            NameKind::Attachment => ("附件文件名", "the attachment file name"),
        };
        Text::new(zh, en)
    }
}

/// A phone, ID or room number in a name that becomes a URL. The name is
/// printed masked only: it is the file the staff member has to rename.
fn name_diagnostic(kind: PiiKind, masked: &str, what: NameKind, at: Loc) -> Diagnostic {
    let label = what.label();
    let (zh, en) = match kind {
        PiiKind::Mobile => ("手机号码", "a mobile number"),
        PiiKind::IdNumber | PiiKind::SuspectIdNumber => ("身份证号码", "an ID number"),
        PiiKind::Room => ("房号", "a room number"),
    };
    let message =
        Text::new(format!("{}里有{zh}（{masked}）", label.zh), format!("{} contains {en} ({masked})", label.en));
    let rename = match what {
        NameKind::Case => Text::new(
            "问题编号会出现在网址、列表、首页、订阅和 data.json 里，不能用房号或电话。请把文件改名为“年份-序号”，例如 2026-031.md，房号需要留存的写进 private:。",
            "The case id is shown in URLs, lists, the home page, the feed and data.json. Rename the file to a year-number id such as 2026-031.md; keep the room under private: if needed.",
        ),
        _ => Text::new(
            "文件名和文件夹名会出现在网址和页面里，和正文一样公开。请改一个不含个人信息的名字（例如日期加事由）。",
            "File and folder names are published in URLs and pages like any text. Rename it to something without personal information (a date and a subject, say).",
        ),
    };
    let d = if kind == PiiKind::SuspectIdNumber {
        Diagnostic::warning(Code::PiiName, at, message)
    } else {
        Diagnostic::error(Code::PiiName, at, message)
    };
    d.hint(rename)
}

fn pii_diagnostic(kind: PiiKind, masked: &str, span: Loc) -> Diagnostic {
    let (code, zh, en) = match kind {
        PiiKind::Mobile => (Code::PiiMobile, "公开内容里出现了手机号码", "a mobile phone number in public text"),
        PiiKind::IdNumber => (Code::PiiIdNumber, "公开内容里出现了身份证号码", "a resident ID number in public text"),
        PiiKind::SuspectIdNumber => (Code::PiiSuspectId, "疑似身份证号", "this looks like a resident ID number"),
        PiiKind::Room => (Code::PiiRoom, "公开内容里出现了房号", "a room number in public text"),
    };
    // Where to keep the value is the same advice for every kind; how to
    // declare a value public only makes sense for a phone, or for a number
    // that merely looks like an ID.
    let keep_zh = "需要留存的写在本案的 private: 里（不会发布）。";
    let keep_en = "Keep it under the case's private: block if needed (never published).";
    let hint = match kind {
        PiiKind::Mobile => Text::new(
            format!(
                "居民的手机号码不能公开。请改写为“{masked}”，或删去；{keep_zh}若这是公开的值班电话，请写进名册的 phone 或 site.yaml 的 pii_allow。"
            ),
            format!(
                "Residents' phone numbers must not be published. Write \"{masked}\" instead, or delete it. {keep_en} A public duty phone belongs in a roster's phone or in pii_allow in site.yaml."
            ),
        ),
        PiiKind::IdNumber => Text::new(
            format!("身份证号码不能公开。请改写为“{masked}”，或删去；{keep_zh}"),
            format!("ID numbers must not be published. Write \"{masked}\" instead, or delete it. {keep_en}"),
        ),
        PiiKind::SuspectIdNumber => Text::new(
            format!(
                "如果这是身份证号码，请改写为“{masked}”，或删去；{keep_zh}如果不是（例如订单号），可把它写进 site.yaml 的 pii_allow。"
            ),
            format!(
                "If this is an ID number, write \"{masked}\" instead, or delete it. {keep_en} If it is not (an order number, say), list it in pii_allow in site.yaml."
            ),
        ),
        PiiKind::Room => Text::new(
            format!("房号会指向具体住户，不能公开。请只写到楼栋、单元，例如“{masked}”，或删去；{keep_zh}"),
            format!(
                "A room number points at one household and must not be published. Give the building and unit only, e.g. \"{masked}\", or delete it. {keep_en}"
            ),
        ),
    };
    let d = if kind == PiiKind::SuspectIdNumber {
        Diagnostic::warning(code, span, Text::new(zh, en))
    } else {
        Diagnostic::error(code, span, Text::new(zh, en))
    };
    d.hint(hint)
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DateError {
    Format,
    Impossible,
}

/// A date, year first: `2026-11-05`, `2026/11/5`, `2026.11.5` or
/// `2026年11月5日`, with or without zero padding and in full-width digits
/// (Chinese input mode). The year comes first in every accepted form, so
/// none is ambiguous; `5/11/2026` (day or month first?) is refused.
/// Accepted forms are normalised silently: the model holds a date, and
/// every page prints it the one way (see docs/content-format.md, 日期).
pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    let s: String = s.trim().chars().map(halfwidth).collect();
    let parts: Vec<&str> = if let Some(rest) = s.strip_suffix('日') {
        let (y, rest) = rest.split_once('年').ok_or(DateError::Format)?;
        let (m, d) = rest.split_once('月').ok_or(DateError::Format)?;
        vec![y, m, d]
    } else {
        // One separator throughout: `2026-11/05` is a typo, not a date.
        let sep = s.chars().find(|c| matches!(c, '-' | '/' | '.')).ok_or(DateError::Format)?;
        s.split(sep).collect()
    };
    let [y, m, d] = parts.as_slice() else { return Err(DateError::Format) };
    let num = |p: &str, max_len: usize| -> Result<u32, DateError> {
        let p = p.trim();
        if p.is_empty() || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::Format);
        }
        p.parse().map_err(|_| DateError::Format)
    };
    let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
    if y < 1000 {
        return Err(DateError::Format);
    }
    NaiveDate::from_ymd_opt(i32::try_from(y).map_err(|_| DateError::Format)?, m, d).ok_or(DateError::Impossible)
}

/// Full-width digits and separators (`２０２６／１１／５`) as their ASCII forms.
fn halfwidth(c: char) -> char {
    match c {
        '０'..='９' | '－' | '／' | '．' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

fn date_error(s: &Str, key: &str, why: DateError) -> Diagnostic {
    let v = s.value.trim();
    let (code, zh, en) = match why {
        DateError::Impossible => (
            Code::DateImpossible,
            format!("{} 的日期 `{v}` 不存在", label(key)),
            format!("`{key}`: the date `{v}` does not exist"),
        ),
        DateError::Format => {
            (Code::DateFormat, format!("{} 的日期 `{v}` 看不懂", label(key)), format!("`{key}`: `{v}` is not a date"))
        }
    };
    Diagnostic::error(code, s.span, Text::new(zh, en)).hint(Text::new(
        "日期写成 2026-11-05、2026/11/5 或 2026年11月5日（年份在前），并检查月份和日子是否存在（例如 2 月没有 30 日）。",
        "Write dates year first: 2026-11-05, 2026/11/5 or 2026年11月5日, and check the day exists.",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).ok_or(DateError::Format);
        assert_eq!(parse_date("2026-11-05"), d(2026, 11, 5));
        assert_eq!(parse_date("2026年11月5日"), d(2026, 11, 5));
        assert_eq!(parse_date(" 2026-1-5 "), d(2026, 1, 5));
        assert_eq!(parse_date("2028-02-29"), d(2028, 2, 29));
        assert_eq!(parse_date("2026-02-30"), Err(DateError::Impossible));
        assert_eq!(parse_date("2026年2月30日"), Err(DateError::Impossible));
        assert_eq!(parse_date("2024-13-45"), Err(DateError::Impossible));
        for bad in ["5/1/2024", "11/5/2026", "明天", "2026-11", "26-11-05", "2026年11月5", "", "2026-11/05", "2026/11"]
        {
            assert_eq!(parse_date(bad), Err(DateError::Format), "{bad}");
        }
    }

    #[test]
    fn dates_as_excel_and_chinese_input_write_them() {
        let want = NaiveDate::from_ymd_opt(2026, 11, 5).ok_or(DateError::Format);
        for ok in [
            "2026/11/5",
            "2026/11/05",
            "2026.11.5",
            "2026.11.05",
            "2026年11月05日",
            "２０２６年１１月５日",
            "２０２６／１１／５",
            "2026 年 11 月 5 日",
        ] {
            assert_eq!(parse_date(ok), want, "{ok}");
        }
        for impossible in ["2026/13/5", "2026/2/30", "2026.2.29"] {
            assert_eq!(parse_date(impossible), Err(DateError::Impossible), "{impossible}");
        }
    }
}
