//! What each field means, in Chinese, and which kind of value it takes:
//! the editor shows the text on hover and completes the closed
//! vocabularies. Keyed by the raw type and the key, since `status` of a case
//! and `status` of a pledge take different values.

use serde_json::{Value, json};

use crate::model::{CaseKind, CaseStatus, MeetingForm, NoticeKind, Outcome, Party, PledgeStatus, Satisfaction};
use crate::report::inspection::Item;
use crate::validate::site::{LANGUAGES, ZONES};

/// One allowed value: the key, the other spellings accepted, and its label.
struct Choice {
    key: &'static str,
    also: Vec<&'static str>,
    label: String,
}

/// The kind of value a field takes.
#[derive(Debug, Clone, Copy)]
enum ValueKind {
    Text,
    Date,
    /// A date, or a date and a time (`2026-11-26 18:00`).
    DateTime,
    Time,
    Number,
    Bool,
    Party,
    CaseKind,
    CaseStatus,
    PledgeStatus,
    Outcome,
    Satisfaction,
    MeetingForm,
    NoticeKind,
    InspectionItem,
    Language,
    Timezone,
}

macro_rules! choices_of {
    ($t:ty) => {
        <$t>::ALL
            .iter()
            .map(|v| Choice { key: v.key(), also: v.labels().to_vec(), label: format!("{}（{}）", v.zh(), v.en()) })
            .collect()
    };
}

impl ValueKind {
    fn choices(self) -> Option<Vec<Choice>> {
        Some(match self {
            ValueKind::Party => choices_of!(Party),
            ValueKind::CaseKind => choices_of!(CaseKind),
            ValueKind::CaseStatus => choices_of!(CaseStatus),
            ValueKind::PledgeStatus => choices_of!(PledgeStatus),
            ValueKind::Outcome => choices_of!(Outcome),
            ValueKind::Satisfaction => choices_of!(Satisfaction),
            ValueKind::MeetingForm => choices_of!(MeetingForm),
            ValueKind::NoticeKind => choices_of!(NoticeKind),
            ValueKind::InspectionItem => Item::ALL
                .iter()
                .map(|i| Choice { key: i.key(), also: vec![i.zh()], label: i.zh().to_string() })
                .collect(),
            ValueKind::Language => LANGUAGES
                .iter()
                .map(|(k, _, zh)| Choice { key: k, also: Vec::new(), label: (*zh).to_string() })
                .collect(),
            ValueKind::Timezone => {
                ZONES.iter().map(|(k, h)| Choice { key: k, also: Vec::new(), label: format!("UTC{h:+}") }).collect()
            }
            _ => return None,
        })
    }

    /// The schema of one value of this kind.
    fn value(self) -> Value {
        if let Some(choices) = self.choices() {
            let mut values: Vec<&str> = Vec::new();
            let mut labels: Vec<String> = Vec::new();
            for c in &choices {
                values.push(c.key);
                labels.push(c.label.clone());
                for a in &c.also {
                    values.push(a);
                    labels.push(c.label.clone());
                }
            }
            return json!({"type": "string", "enum": values, "enumDescriptions": labels, "markdownEnumDescriptions": labels});
        }
        match self {
            // The spellings `validate` accepts as true and false.
            ValueKind::Bool => {
                json!({"enum": [true, false, "true", "false", "yes", "no", "是", "否", "True", "False", "TRUE", "FALSE"]})
            }
            _ => super::scalar(),
        }
    }

    /// What to add to a field's description: the format or the choices.
    fn hint(self) -> String {
        match self {
            ValueKind::Date => "写作 2026-11-05 或 2026年11月5日。".to_string(),
            ValueKind::DateTime => "日期，或日期加时间，如 2026-11-26 18:00。".to_string(),
            ValueKind::Time => "24 小时制，加英文引号，如 \"22:00\"。".to_string(),
            ValueKind::Number => "只写数字。".to_string(),
            ValueKind::Bool => "true 是，false 否。".to_string(),
            ValueKind::Text => String::new(),
            _ => match self.choices() {
                Some(c) => {
                    let list: Vec<String> = c.iter().map(|c| format!("{} {}", c.key, c.label)).collect();
                    format!("可选：{}。", list.join(" | "))
                }
                None => String::new(),
            },
        }
    }
}

/// `base` (the schema of the field's Rust type) with this field's kind
/// applied to its scalar values, its description, and `null` allowed when
/// the key is optional (an empty optional value counts as absent).
pub(super) fn describe(owner: &str, key: &str, base: Value, required: bool) -> Value {
    let (text, kind) = field(owner, key).unwrap_or(("", ValueKind::Text));
    let mut v = refine(base, kind);
    let need = if required { "必填。" } else { "" };
    let about = format!("{text}{}{need}", kind.hint());
    if let Some(o) = v.as_object_mut() {
        if let Some(zh) = crate::load::raw::zh_name(key) {
            o.insert("title".into(), json!(zh));
        }
        o.insert("description".into(), json!(about));
        if !required {
            allow_null(o);
        }
    }
    v
}

/// Replaces the loose scalar in `v` (itself, or the items of a list) by `kind`'s value.
fn refine(v: Value, kind: ValueKind) -> Value {
    if v == super::scalar() {
        return kind.value();
    }
    match v {
        Value::Object(mut o) => {
            if let Some(Value::Array(alts)) = o.remove("anyOf") {
                o.insert("anyOf".into(), Value::Array(alts.into_iter().map(|a| refine(a, kind)).collect()));
            }
            if let Some(items) = o.remove("items") {
                o.insert("items".into(), refine(items, kind));
            }
            Value::Object(o)
        }
        other => other,
    }
}

fn allow_null(o: &mut serde_json::Map<String, Value>) {
    if let Some(Value::Array(alts)) = o.get_mut("anyOf") {
        alts.push(json!({"type": "null"}));
    } else if let Some(Value::Array(values)) = o.get_mut("enum") {
        values.push(Value::Null);
        for list in ["enumDescriptions", "markdownEnumDescriptions"] {
            if let Some(Value::Array(labels)) = o.get_mut(list) {
                labels.push(json!("不填"));
            }
        }
        if let Some(Value::String(_)) = o.get("type") {
            o.remove("type");
        }
    } else if let Some(Value::Array(types)) = o.get_mut("type") {
        types.push(json!("null"));
    } else if let Some(Value::String(t)) = o.get("type").cloned() {
        o.insert("type".into(), json!([t, "null"]));
    }
}

/// The description and kind of `key` in `owner`.
fn field(owner: &str, key: &str) -> Option<(&'static str, ValueKind)> {
    use ValueKind::*;
    Some(match (owner, key) {
        ("RawSite", "title") => ("网站标题。", Text),
        ("RawSite", "street") => ("街道名称。", Text),
        ("RawSite", "base_url") => ("网站正式网址，以 https:// 开头，用于二维码和完整链接。", Text),
        ("RawSite", "language") => ("页面文字和报错信息的语言，默认 zh-CN。", Language),
        ("RawSite", "timezone") => ("时区，决定“今天”是哪天，默认 Asia/Shanghai。", Timezone),
        ("RawSite", "theme") => ("主题名：default 为内置主题，或 themes/ 下的文件夹名。", Text),
        ("RawSite", "office") => ("街道主管科室：name 名称，phone 对外电话。", Text),
        ("RawSite", "icp") => ("ICP 备案号，如 浙ICP备2026000001号-1；未备案不写。", Text),
        ("RawSite", "kiosk") => ("小区电子公示屏设置，可整段省略。", Text),
        ("RawSite", "rules") => ("合规检查阈值的调整，不写则全部按政策默认值。", Text),
        ("RawSite", "pii_allow") => ("允许出现在公开内容里的号码（个人信息检查放行）。", Text),
        ("RawSite", "as_of") => ("演示设置：网站按这一天显示。真实站点不要写。", Date),
        ("RawKiosk", "poll_seconds") => ("公示屏每隔多少秒检查一次更新，10 到 3600，默认 60。", Number),
        ("RawKiosk", "night") => ("夜间时段，屏幕改用暗色：from 开始，to 结束。", Text),
        ("RawKiosk", "screens") => ("屏幕规格，每种生成一个页面 kiosk/<name>.html。", Text),
        ("RawNight", "from") => ("夜间开始时间。", Time),
        ("RawNight", "to") => ("夜间结束时间。", Time),
        ("RawScreen", "name") => ("屏幕名，成为文件名：小写字母、数字和 -。", Text),
        ("RawScreen", "width") => ("屏幕宽（像素），320 到 7680。", Number),
        ("RawScreen", "height") => ("屏幕高（像素），240 到 7680。", Number),
        ("RawRules", "stale_days") => ("多少天没有新进展算“久未更新”，默认 14。", Number),
        ("RawRules", "owners_party_ratio") => ("业委会党员比例下限，默认 0.5。", Number),
        ("RawRules", "env_min_members") => ("环物委最少人数，默认 5。", Number),
        ("RawRules", "meeting_gap_days") => ("联席会议最长间隔天数，默认 62。", Number),
        ("RawRules", "evaluation_deadline") => ("上一年度评议结果的最迟日期（月-日），默认 01-31。", Text),
        ("RawRules", "remind_days") => ("提前几天提醒联席会议、月度报送和年度评议，默认 7。", Number),
        ("RawPerson", "name") => ("姓名。", Text),
        ("RawPerson", "position") => ("职务。", Text),
        ("RawPerson", "phone") => ("对外值班电话，原样公开；请用办公座机，不要填私人手机。", Text),
        ("RawPerson", "public_phone") => ("确认 phone 是可以公开的值班手机时写 true。", Bool),
        ("RawPerson", "party_member") => ("是否中共党员，默认 false。", Bool),
        ("RawPerson", "also") => ("交叉任职：兼任的其他职务。", Text),
        ("RawPerson", "duties") => ("分工。", Text),
        ("RawPerson", "photo") => ("照片，路径相对于本文件。", Text),
        ("RawRoster", "name") => ("组织名称。", Text),
        ("RawRoster", "term") => ("任期：from 起始日期，to 届满日期。", Text),
        ("RawRoster", "members") => ("成员名单，每人一项。", Text),
        ("RawTerm", "from") => ("起始日期。", Date),
        ("RawTerm", "to") => ("届满（截止）日期。", Date),
        ("RawContact", "label") => ("名称，如 物业服务中心。", Text),
        ("RawContact", "name") => ("联系人或部门名称。", Text),
        ("RawContact", "phone") => ("对外电话。", Text),
        ("RawContact", "address") => ("地址。", Text),
        ("RawContact", "hours") => ("办公时间。", Text),
        ("RawCommunity", "name") => ("社区名称。", Text),
        ("RawCommunity", "party_org") => ("社区党组织。", Text),
        ("RawCommunity", "residents_committee") => ("社区居民委员会。", Text),
        ("RawCommunity", "env_committee") => ("环境和物业管理委员会：一般 5 人以上单数，党员超过半数。", Text),
        ("RawCommunity" | "RawCompound", "contacts") => ("对外联系方式：label、phone、address、hours。", Text),
        ("RawCompound", "name") => ("小区名称。", Text),
        ("RawCompound", "address") => ("地址。", Text),
        ("RawCompound", "households") => ("户数。", Number),
        ("RawCompound", "compound_party_org") => ("小区党组织。", Text),
        ("RawCompound", "owners_committee") => ("业主委员会。", Text),
        ("RawCompound", "self_management") => ("物业自管组织（没有业委会的小区），格式同业委会。", Text),
        ("RawCompound", "property_company") => ("物业服务企业。", Text),
        ("RawCompound", "joint_meeting") => ("三方联席会议：convener 召集人，members 成员姓名。", Text),
        ("RawCompany", "name") => ("企业全称。", Text),
        ("RawCompany", "service_phone") => ("物业服务电话。", Text),
        ("RawCompany", "repair_phone") => ("24 小时报修电话。", Text),
        ("RawCompany", "contract") => ("物业服务合同期限：from 起，to 止。", Text),
        ("RawCompany", "members") => ("项目管理人员，项目经理写在第一位。", Text),
        ("RawCompany", "quality_supervisor") => ("义务质量总监，一个人。", Text),
        ("RawJoint", "convener") => ("召集人姓名。", Text),
        ("RawJoint", "members") => ("成员姓名，须在社区或小区名单中。", Text),
        ("RawPledges", "year") => ("年份，与文件名一致。", Number),
        ("RawPledges", "published") => ("公示日期。", Date),
        ("RawPledges", _) => ("这一方的承诺：每项一句话，或 {text, status, note}。", Text),
        ("RawPledgeItem", "text") => ("承诺内容。", Text),
        ("RawPledgeItem", "status") => ("兑现情况，默认 planned。", PledgeStatus),
        ("RawPledgeItem", "note") => ("说明。", Text),
        ("RawCase", "title") => ("标题。", Text),
        ("RawCase", "kind") => ("问题类型。", CaseKind),
        ("RawCase", "category") => ("分类（自由填写），如 安全防范。", Text),
        ("RawCase", "channel") => ("反映渠道（自由填写），如 民情恳谈会。", Text),
        ("RawCase", "received") => ("受理日期。", Date),
        ("RawCase", "location") => ("位置：最多写到楼栋、单元，不要写门牌号。", Text),
        ("RawCase", "lead") => ("牵头负责方。", Party),
        ("RawCase", "partners") => ("配合方。", Party),
        ("RawCase", "due") => ("承诺办结时限；过期未办结的自动标为已逾期。", Date),
        ("RawCase", "opinion") => ("三方协商处理意见：date 日期，text 内容；办理中及以后必须填写。", Text),
        ("RawCase", "status") => ("当前状态，须与最后一条进展一致。", CaseStatus),
        ("RawCase", "updates") => ("办理进展，按日期先后排列。", Text),
        ("RawCase", "result") => ("办理结果：已办结、已关闭的必须填写。", Text),
        ("RawCase", "revisit") => ("回访：已办结的必须回访。", Text),
        ("RawCase", "private") => ("反映人信息：仅内部留存，任何页面都不会公开。", Text),
        ("RawOpinion", "date") => ("协商日期。", Date),
        ("RawOpinion", "text") => ("意见内容。", Text),
        ("RawUpdate", "date") => ("日期。", Date),
        ("RawUpdate", "status") => ("这一步之后的状态。", CaseStatus),
        ("RawUpdate", "by") => ("经办方。", Party),
        ("RawUpdate", "note") => ("说明；延期、暂缓必须写原因。", Text),
        ("RawUpdate", "to") => ("上报的承接部门（status: escalated 时必填）。", Text),
        ("RawUpdate", "due") => ("延期后的新时限（status: extended 时必填）。", Date),
        ("RawResult", "date") => ("办结日期。", Date),
        ("RawResult", "outcome") => ("办理结果。", Outcome),
        ("RawResult", "text") => ("结果说明。", Text),
        ("RawRevisit", "date") => ("回访日期。", Date),
        ("RawRevisit", "satisfaction") => ("满意度。", Satisfaction),
        ("RawRevisit", "note") => ("回访说明。", Text),
        ("RawMeeting", "date") => ("会议日期，与文件名一致。", Date),
        ("RawMeeting", "form") => ("会议形式，默认 regular。", MeetingForm),
        ("RawMeeting", "convener") => ("召集人姓名，须在社区或小区名单中。", Text),
        ("RawMeeting", "attendees") => ("参会人员姓名，须在社区或小区名单中。", Text),
        ("RawMeeting", "observers") => ("列席人员（自由填写）。", Text),
        ("RawMeeting", "topics") => ("议题。", Text),
        ("RawMeeting", "decisions") => ("议定事项：text、lead、due、case、done、note。", Text),
        ("RawDecision", "text") => ("议定事项内容。", Text),
        ("RawDecision", "lead") => ("牵头方。", Party),
        ("RawDecision", "due") => ("完成时限。", Date),
        ("RawDecision", "case") => ("关联的问题编号（cases/ 下的文件名，不带 .md）。", Text),
        ("RawDecision", "done") => ("落实日期。", Date),
        ("RawDecision", "note") => ("落实情况。", Text),
        ("RawNotice", "title") => ("标题。", Text),
        ("RawNotice", "kind") => ("公示类型。", NoticeKind),
        ("RawNotice", "published") => ("发布日期，与文件名开头的日期一致。", Date),
        ("RawNotice", "until") => ("公示期截止日期（紧急通知为结束时间）。", DateTime),
        ("RawNotice", "reported") => ("事先向社区党组织和居委会报告的日期，须早于发布日期。", Date),
        ("RawNotice", "amount") => ("涉及金额，单位元。", Number),
        ("RawNotice", "attachments") => ("附件，放在小区的 attachments 文件夹里，如 attachments/方案.pdf。", Text),
        ("RawNotice", "announce") => ("是否在公示屏上滚动提示。", Bool),
        ("RawNotice", "urgent") => ("紧急通知（停水停电等）：在所有页面和公示屏上醒目显示。", Bool),
        ("RawNotice", "from") => ("紧急通知的开始时间。", DateTime),
        ("RawEvaluation", "year") => ("评议年度，与文件名一致。", Number),
        ("RawEvaluation", "date") => ("评议日期。", Date),
        ("RawEvaluation", "results") => ("各方评议结果，每方一项。", Text),
        ("RawEvaluation", "publicity") => ("评议结果公示期：from 起，until 止。", Text),
        ("RawEvaluation", "objections") => ("公示期内的异议及处理。", Text),
        ("RawEvaluation", "approved") => ("街道审定日期。", Date),
        ("RawEvaluation", "circulated") => ("通报日期。", Date),
        ("RawPublicity", "from") => ("公示开始日期。", Date),
        ("RawPublicity", "until") => ("公示截止日期。", Date),
        ("RawEvalResult", "party") => ("被评议方。", Party),
        ("RawEvalResult", "score") => ("得分。", Number),
        ("RawEvalResult", "grade") => ("等次，如 优秀、良好。", Text),
        ("RawEvalResult", "participants") => ("参评人数。", Number),
        ("RawEvalResult", "comment") => ("评语。", Text),
        ("RawReport", "submitted") => ("向街道报送的日期；草稿不写。", Date),
        ("RawInspection", "date") => ("检查日期。", Date),
        ("RawInspection", "inspectors") => ("检查人员姓名。", Text),
        ("RawInspection", "compounds") => ("检查的小区（小区文件夹名）。", Text),
        ("RawInspection", "checked") => ("检查项目。", InspectionItem),
        ("RawInspection", "findings") => ("发现的问题：compound、item、text、case。", Text),
        ("RawInspectionFinding", "compound") => ("小区文件夹名。", Text),
        ("RawInspectionFinding", "item") => ("检查项目。", InspectionItem),
        ("RawInspectionFinding", "text") => ("问题描述。", Text),
        ("RawInspectionFinding", "case") => ("转为居民反映问题时的编号。", Text),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field of every kind has a description: a new field gets one.
    #[test]
    fn every_field_is_described() {
        fn walk(v: &Value, missing: &mut Vec<String>) {
            if let (Some(owner), Some(props)) =
                (v.get("$comment").and_then(Value::as_str), v.get("properties").and_then(Value::as_object))
            {
                for (k, p) in props {
                    if field(owner, k).is_none() {
                        missing.push(format!("{owner}.{k}"));
                    }
                    walk(p, missing);
                }
            }
            for key in ["items", "anyOf"] {
                match v.get(key) {
                    Some(Value::Array(a)) => a.iter().for_each(|x| walk(x, missing)),
                    Some(x) => walk(x, missing),
                    None => {}
                }
            }
        }
        let mut missing = Vec::new();
        for f in super::super::all() {
            walk(&f.schema, &mut missing);
        }
        assert!(missing.is_empty(), "fields without a description: {missing:?}");
    }
}
