//! Raw input types: they mirror the files one to one, every scalar kept as
//! the text staff typed with its span. Meaning (dates, enums, numbers,
//! relations) is given by `validate`, which is the only way to a model.

use crate::diag::{Diagnostic, Sp, Span, Text, diag};
use crate::load::yaml::Node;

/// Collects the diagnostics of converting one file.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub diags: Vec<Diagnostic>,
}

pub(crate) trait FromNode: Sized {
    fn from_node(n: &Sp<Node>, sink: &mut Sink) -> Option<Self>;
}

pub(crate) type Str = Sp<String>;

impl FromNode for Str {
    fn from_node(n: &Sp<Node>, sink: &mut Sink) -> Option<Self> {
        match &n.value {
            Node::Scalar(s) => Some(Sp::new(s.clone(), n.span)),
            other => {
                sink.diags.push(type_error(n.span, &Text::new("一段文字", "a text value"), other));
                None
            }
        }
    }
}

impl<T: FromNode> FromNode for Vec<T> {
    fn from_node(n: &Sp<Node>, sink: &mut Sink) -> Option<Self> {
        match &n.value {
            Node::Seq(items) => Some(
                items
                    .iter()
                    .filter_map(|item| {
                        if item.value == Node::Null {
                            sink.diags.push(empty_item(item.span));
                            return None;
                        }
                        T::from_node(item, sink)
                    })
                    .collect(),
            ),
            // A single value where a list is expected is a list of one.
            Node::Scalar(_) | Node::Map(_) => T::from_node(n, sink).map(|v| vec![v]),
            Node::Null => Some(Vec::new()),
        }
    }
}

fn type_error(span: Span, want: &Text, got: &Node) -> Diagnostic {
    let got = got.kind_name();
    diag!(FieldType at span;
        format!("这里应该是{}，却写成了{}", want.zh, got.zh), format!("expected {} here, found {}", want.en, got.en);
        hint "对照示例检查缩进：同一层的键要对齐，列表项以“- ”开头。",
             "Compare with the example: keys of one level align, list items start with '- '.")
}

fn empty_item(span: Span) -> Diagnostic {
    diag!(FieldEmpty at span;
        "列表里有一个空项", "the list has an empty item";
        hint "删掉只有“-”的那一行，或在“- ”后面填写内容。", "Delete the bare '-' line or fill it in.")
}

/// Reads a mapping key by key; keys nobody asked for are reported as
/// unknown, with the nearest known key suggested.
#[derive(Debug)]
pub(crate) struct MapReader<'a> {
    entries: &'a [(Str, Sp<Node>)],
    used: Vec<bool>,
    asked: Vec<&'static str>,
    span: Span,
}

impl<'a> MapReader<'a> {
    pub(crate) fn new(n: &'a Sp<Node>, sink: &mut Sink) -> Option<MapReader<'a>> {
        match &n.value {
            Node::Map(entries) => {
                Some(MapReader { entries, used: vec![false; entries.len()], asked: Vec::new(), span: n.span })
            }
            other => {
                sink.diags.push(type_error(
                    n.span,
                    &Text::new("“键: 值”形式的一组信息", "a mapping of `key: value` lines"),
                    other,
                ));
                None
            }
        }
    }

    pub(crate) fn span(&self) -> Span {
        self.span
    }

    fn find(&mut self, key: &'static str) -> Option<&'a (Str, Sp<Node>)> {
        self.asked.push(key);
        let i = self.entries.iter().position(|(k, _)| k.value == key)?;
        self.used[i] = true;
        Some(&self.entries[i])
    }

    /// An optional key; an empty value counts as absent.
    pub(crate) fn opt<T: FromNode>(&mut self, sink: &mut Sink, key: &'static str) -> Option<T> {
        let (_, v) = self.find(key)?;
        if v.value == Node::Null {
            return None;
        }
        T::from_node(v, sink)
    }

    /// A list that may be absent.
    pub(crate) fn list<T: FromNode>(&mut self, sink: &mut Sink, key: &'static str) -> Vec<T> {
        self.opt(sink, key).unwrap_or_default()
    }

    /// A required key: absent or empty is an error naming it.
    pub(crate) fn req<T: FromNode>(&mut self, sink: &mut Sink, key: &'static str) -> Option<T> {
        match self.find(key) {
            None => {
                sink.diags.push(missing(self.span, key));
                None
            }
            // `title: ""` is as empty as `title:`; neither may become a blank page title.
            Some((k, v)) if v.value == Node::Null || matches!(&v.value, Node::Scalar(s) if s.trim().is_empty()) => {
                sink.diags.push(diag!(FieldEmpty at k.span;
                        format!("{} 不能为空", label(key)), format!("`{key}` must not be empty");
                        hint format!("在“{key}: ”后面填写内容。"), format!("Write a value after `{key}: `.")));
                None
            }
            Some((_, v)) => T::from_node(v, sink),
        }
    }

    /// Keys not asked for, in file order, for maps with free-form keys.
    pub(crate) fn rest(&mut self) -> Vec<&'a (Str, Sp<Node>)> {
        let mut out = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            if !self.used[i] {
                self.used[i] = true;
                out.push(e);
            }
        }
        out
    }

    pub(crate) fn finish(self, sink: &mut Sink) {
        for (i, (k, _)) in self.entries.iter().enumerate() {
            if !self.used[i] {
                let best = suggest(k, &self.asked);
                // `titel:` is one mistake: the misspelt key, not also a missing `title`.
                if let Some(b) = best {
                    let gone = missing(self.span, b);
                    sink.diags.retain(|d| *d != gone);
                }
                sink.diags.push(unknown_key(k, best, &self.asked));
            }
        }
    }
}

fn missing(span: Span, key: &str) -> Diagnostic {
    diag!(FieldMissing at Span::new(span.file, span.start as usize, span.start as usize);
        format!("缺少必填项 {}", label(key)), format!("the required key `{key}` is missing");
        hint format!("加一行“{key}: …”。"), format!("Add a line `{key}: …`."))
}

/// The known key an unknown one was probably meant to be: by its Chinese
/// name (`标题` → `title`), or by spelling (`titel` → `title`).
fn suggest(k: &Str, known: &[&'static str]) -> Option<&'static str> {
    let by_label = known.iter().find(|&&key| zh_name(key).is_some_and(|zh| zh == k.value || k.value.contains(zh)));
    by_label.copied().or_else(|| {
        known
            .iter()
            .map(|&key| (strsim::damerau_levenshtein(&k.value.to_lowercase(), key), key))
            .filter(|&(d, key)| d <= 2.max(key.len() / 3))
            .min()
            .map(|(_, key)| key)
    })
}

fn unknown_key(k: &Str, best: Option<&'static str>, known: &[&'static str]) -> Diagnostic {
    let mut list: Vec<&str> = known.to_vec();
    list.dedup();
    let (hzh, hen) = match best {
        Some(b) => (format!("你是不是想写 `{b}`？"), format!("did you mean `{b}`?")),
        None => (format!("这里可以用的键：{}", list.join(", ")), format!("keys allowed here: {}", list.join(", "))),
    };
    diag!(FieldUnknown at k.span;
        format!("不认识的键 `{}`", k.value), format!("unknown field `{}`", k.value);
        hint hzh, hen)
}

/// The Chinese name shown for a key in messages (`title` → `title（标题）`).
pub(crate) fn label(key: &str) -> String {
    match zh_name(key) {
        Some(zh) => format!("`{key}`（{zh}）"),
        None => format!("`{key}`"),
    }
}

pub(crate) fn zh_name(key: &str) -> Option<&'static str> {
    Some(match key {
        "title" => "标题",
        "street" => "街道",
        "base_url" => "网址",
        "name" => "名称",
        "position" => "职务",
        "phone" => "电话",
        "members" => "成员",
        "kind" => "类别",
        "received" => "受理日期",
        "lead" => "牵头方",
        "status" => "状态",
        "updates" => "办理进展",
        "date" => "日期",
        "text" => "内容",
        "year" => "年度",
        "published" => "发布日期",
        "until" => "公示截止日期",
        "residents_committee" => "社区居民委员会",
        "property_company" => "物业服务企业",
        "outcome" => "办理结果",
        "party" => "责任方",
        "by" => "办理方",
        "label" => "名称",
        "convener" => "召集人",
        "form" => "会议形式",
        _ => return None,
    })
}

/// Builds a raw struct from a mapping: `raw_struct!(m, sink => Type { a: req, b: opt, c: list })`.
macro_rules! read_map {
    ($n:expr, $sink:expr => $ty:ident { $($field:ident : $how:ident),* $(,)? }) => {{
        let mut m = MapReader::new($n, $sink)?;
        let v = $ty { span: m.span(), $($field: m.$how($sink, stringify!($field)),)* };
        m.finish($sink);
        Some(v)
    }};
}

macro_rules! raw_struct {
    ($(#[$meta:meta])* pub struct $ty:ident { $($field:ident : $how:ident $t:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $ty {
            pub span: Span,
            $(pub $field: $t,)*
        }
        impl FromNode for $ty {
            fn from_node(n: &Sp<Node>, sink: &mut Sink) -> Option<Self> {
                read_map!(n, sink => $ty { $($field: $how),* })
            }
        }
        // The same field list, as a JSON Schema for editors (`gongshi schema`).
        impl crate::schema::Describe for $ty {
            fn schema() -> serde_json::Value {
                crate::schema::object(
                    stringify!($ty),
                    &[$((stringify!($field), stringify!($how) == "req", <$t as crate::schema::Describe>::schema()),)*],
                )
            }
        }
    };
}

raw_struct! {
    /// content/site.yaml
    pub struct RawSite {
        title: req Option<Str>,
        street: req Option<Str>,
        base_url: req Option<Str>,
        language: opt Option<Str>,
        timezone: opt Option<Str>,
        theme: opt Option<Str>,
        office: opt Option<RawContact>,
        icp: opt Option<Str>,
        kiosk: opt Option<RawKiosk>,
        rules: opt Option<RawRules>,
        pii_allow: list Vec<Str>,
        as_of: opt Option<Str>,
    }
}

raw_struct! {
    pub struct RawKiosk {
        poll_seconds: opt Option<Str>,
        night: opt Option<RawNight>,
        screens: opt Option<Vec<RawScreen>>,
    }
}

raw_struct! {
    pub struct RawNight { from: req Option<Str>, to: req Option<Str> }
}

raw_struct! {
    pub struct RawScreen { name: req Option<Str>, width: req Option<Str>, height: req Option<Str> }
}

raw_struct! {
    /// Overrides of the compliance thresholds.
    pub struct RawRules {
        stale_days: opt Option<Str>,
        owners_party_ratio: opt Option<Str>,
        env_min_members: opt Option<Str>,
        meeting_gap_days: opt Option<Str>,
        evaluation_deadline: opt Option<Str>,
        remind_days: opt Option<Str>,
    }
}

raw_struct! {
    pub struct RawPerson {
        name: req Option<Str>,
        position: req Option<Str>,
        phone: opt Option<Str>,
        public_phone: opt Option<Str>,
        party_member: opt Option<Str>,
        also: list Vec<Str>,
        duties: list Vec<Str>,
        photo: opt Option<Str>,
    }
}

raw_struct! {
    /// Any roster: a party organization, a committee, a company's staff.
    pub struct RawRoster {
        name: opt Option<Str>,
        term: opt Option<RawTerm>,
        members: req Option<Vec<RawPerson>>,
    }
}

raw_struct! {
    pub struct RawTerm { from: req Option<Str>, to: req Option<Str> }
}

raw_struct! {
    pub struct RawContact {
        label: opt Option<Str>,
        name: opt Option<Str>,
        phone: opt Option<Str>,
        address: opt Option<Str>,
        hours: opt Option<Str>,
    }
}

raw_struct! {
    /// `<community>/community.yaml`
    pub struct RawCommunity {
        name: req Option<Str>,
        party_org: opt Option<RawRoster>,
        residents_committee: req Option<RawRoster>,
        env_committee: opt Option<RawRoster>,
        contacts: list Vec<RawContact>,
    }
}

raw_struct! {
    /// `<community>/<compound>/compound.yaml`
    pub struct RawCompound {
        name: req Option<Str>,
        address: opt Option<Str>,
        households: opt Option<Str>,
        compound_party_org: opt Option<RawRoster>,
        owners_committee: opt Option<RawRoster>,
        self_management: opt Option<RawRoster>,
        property_company: req Option<RawCompany>,
        joint_meeting: opt Option<RawJoint>,
        contacts: list Vec<RawContact>,
    }
}

raw_struct! {
    pub struct RawCompany {
        name: req Option<Str>,
        service_phone: opt Option<Str>,
        repair_phone: opt Option<Str>,
        contract: opt Option<RawTerm>,
        members: list Vec<RawPerson>,
        quality_supervisor: opt Option<RawPerson>,
    }
}

raw_struct! {
    pub struct RawJoint { convener: opt Option<Str>, members: list Vec<Str> }
}

/// `pledges/<year>.yaml`: `year`, `published`, then one list per party key.
#[derive(Debug, Clone)]
pub struct RawPledges {
    pub span: Span,
    pub year: Option<Str>,
    pub published: Option<Str>,
    pub parties: Vec<(Str, Vec<RawPledge>)>,
}

impl FromNode for RawPledges {
    fn from_node(n: &Sp<Node>, sink: &mut Sink) -> Option<Self> {
        let mut m = MapReader::new(n, sink)?;
        let year = m.req(sink, "year");
        let published = m.opt(sink, "published");
        let parties = m
            .rest()
            .into_iter()
            .filter_map(|(k, v)| Some((k.clone(), Vec::<RawPledge>::from_node(v, sink)?)))
            .collect();
        m.finish(sink);
        Some(RawPledges { span: n.span, year, published, parties })
    }
}

raw_struct! {
    pub struct RawPledgeItem { text: req Option<Str>, status: opt Option<Str>, note: opt Option<Str> }
}

/// A pledge is a plain string (status planned) or a mapping.
#[derive(Debug, Clone)]
pub enum RawPledge {
    Plain(Str),
    Full(RawPledgeItem),
}

impl FromNode for RawPledge {
    fn from_node(n: &Sp<Node>, sink: &mut Sink) -> Option<Self> {
        match n.value {
            Node::Scalar(_) => Str::from_node(n, sink).map(RawPledge::Plain),
            _ => RawPledgeItem::from_node(n, sink).map(RawPledge::Full),
        }
    }
}

raw_struct! {
    /// `cases/<id>.md` front matter.
    pub struct RawCase {
        title: req Option<Str>,
        kind: opt Option<Str>,
        category: opt Option<Str>,
        channel: opt Option<Str>,
        received: req Option<Str>,
        location: opt Option<Str>,
        lead: req Option<Str>,
        partners: list Vec<Str>,
        due: opt Option<Str>,
        opinion: opt Option<RawOpinion>,
        status: req Option<Str>,
        updates: req Option<Vec<RawUpdate>>,
        result: opt Option<RawResult>,
        revisit: opt Option<RawRevisit>,
        private: opt Option<RawPrivate>,
    }
}

raw_struct! {
    pub struct RawOpinion { date: req Option<Str>, text: req Option<Str> }
}

raw_struct! {
    pub struct RawUpdate {
        date: req Option<Str>,
        status: req Option<Str>,
        by: opt Option<Str>,
        note: opt Option<Str>,
        to: opt Option<Str>,
        due: opt Option<Str>,
    }
}

raw_struct! {
    pub struct RawResult { date: req Option<Str>, outcome: req Option<Str>, text: opt Option<Str> }
}

raw_struct! {
    pub struct RawRevisit { date: opt Option<Str>, satisfaction: req Option<Str>, note: opt Option<Str> }
}

/// A case's `private:` block. Its values can only be compared against, never
/// read: there is no accessor that hands out the text, and the type is not
/// `Serialize`, so no later stage can put it on a page.
#[derive(Clone)]
pub struct RawPrivate {
    values: Vec<Str>,
}

impl std::fmt::Debug for RawPrivate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RawPrivate({} values)", self.values.len())
    }
}

impl RawPrivate {
    /// Calls `f` with each private value: the one way validation checks
    /// that none of them appears in public text.
    pub fn each_value(&self, mut f: impl FnMut(&str)) {
        for v in &self.values {
            f(&v.value);
        }
    }
}

impl FromNode for RawPrivate {
    fn from_node(n: &Sp<Node>, sink: &mut Sink) -> Option<Self> {
        fn collect(n: &Sp<Node>, out: &mut Vec<Str>) {
            match &n.value {
                Node::Null => {}
                Node::Scalar(s) => out.push(Sp::new(s.clone(), n.span)),
                Node::Seq(v) => v.iter().for_each(|x| collect(x, out)),
                Node::Map(v) => v.iter().for_each(|(_, x)| collect(x, out)),
            }
        }
        let mut values = Vec::new();
        match &n.value {
            Node::Map(_) => collect(n, &mut values),
            other => {
                sink.diags.push(type_error(n.span, &Text::new("“键: 值”形式的一组信息", "a mapping"), other));
                return None;
            }
        }
        Some(RawPrivate { values })
    }
}

raw_struct! {
    /// `meetings/<date>[-slug].md` front matter.
    pub struct RawMeeting {
        date: req Option<Str>,
        form: opt Option<Str>,
        convener: opt Option<Str>,
        attendees: list Vec<Str>,
        observers: list Vec<Str>,
        topics: list Vec<Str>,
        decisions: list Vec<RawDecision>,
    }
}

raw_struct! {
    pub struct RawDecision {
        text: req Option<Str>,
        lead: opt Option<Str>,
        due: opt Option<Str>,
        case: opt Option<Str>,
        done: opt Option<Str>,
        note: opt Option<Str>,
    }
}

raw_struct! {
    /// `notices/<date>-<slug>.md` front matter.
    pub struct RawNotice {
        title: req Option<Str>,
        kind: req Option<Str>,
        published: req Option<Str>,
        until: opt Option<Str>,
        reported: opt Option<Str>,
        amount: opt Option<Str>,
        attachments: list Vec<Str>,
        announce: opt Option<Str>,
        urgent: opt Option<Str>,
        from: opt Option<Str>,
    }
}

raw_struct! {
    /// `evaluations/<year>.yaml`
    pub struct RawEvaluation {
        year: req Option<Str>,
        date: opt Option<Str>,
        results: req Option<Vec<RawEvalResult>>,
        publicity: opt Option<RawPublicity>,
        objections: opt Option<Str>,
        approved: opt Option<Str>,
        circulated: opt Option<Str>,
    }
}

raw_struct! {
    /// The evaluation results' public notice period.
    pub struct RawPublicity { from: req Option<Str>, until: req Option<Str> }
}

raw_struct! {
    pub struct RawEvalResult {
        party: req Option<Str>,
        score: opt Option<Str>,
        grade: opt Option<Str>,
        participants: opt Option<Str>,
        comment: opt Option<Str>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, FileId, SourceFile};

    fn load<T: FromNode>(text: &str) -> (Option<T>, Vec<(Code, String)>) {
        let src = SourceFile::new("t.yaml".into(), text.to_string());
        let node = crate::load::yaml::parse(FileId(0), &src, 0..text.len()).unwrap_or_else(|e| panic!("{e:?}"));
        let mut sink = Sink::default();
        let v = T::from_node(&node, &mut sink);
        (v, sink.diags.into_iter().map(|d| (d.code, d.hint.map(|h| h.en).unwrap_or_default())).collect())
    }

    #[test]
    fn unknown_key_suggests_nearest() {
        let (_, d) = load::<RawOpinion>("date: 2026-10-10\ntxet: 已协商\n");
        assert!(d.iter().any(|(c, h)| *c == Code::FieldUnknown && h.contains("`text`")), "{d:?}");
        let (_, d) = load::<RawNotice>("标题: x\nkind: other\npublished: 2026-01-01\n");
        assert!(d.iter().any(|(c, h)| *c == Code::FieldUnknown && h.contains("`title`")), "{d:?}");
    }

    #[test]
    fn empty_required_is_not_an_empty_string() {
        let (v, d) = load::<RawOpinion>("date: 2026-10-10\ntext:\n");
        assert!(v.is_some_and(|o| o.text.is_none()));
        assert_eq!(d[0].0, Code::FieldEmpty);
    }

    #[test]
    fn all_problems_of_a_file_are_reported() {
        let (_, d) = load::<RawUpdate>("statsu: received\nnote: [a]\nwho: x\n");
        let codes: Vec<_> = d.iter().map(|x| x.0).collect();
        // `statsu` is reported as unknown (did you mean `status`), not also as a missing `status`.
        assert_eq!(codes, vec![Code::FieldMissing, Code::FieldType, Code::FieldUnknown, Code::FieldUnknown]);
        assert!(d[2].1.contains("`status`"), "{d:?}");
    }

    #[test]
    fn private_values_are_collected_but_not_readable() {
        let (v, _) = load::<RawPrivate>("reporter: 张三\nphone: \"13800001234\"\nroom: 3-2-1201\n");
        let mut seen = Vec::new();
        if let Some(p) = v {
            p.each_value(|s| seen.push(s.to_string()));
            assert_eq!(format!("{p:?}"), "RawPrivate(3 values)");
        }
        assert_eq!(seen, vec!["张三", "13800001234", "3-2-1201"]);
    }
}
