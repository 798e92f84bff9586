//! JSON Schemas (draft-07, what the VS Code YAML extension reads) of every
//! content file kind, for completion and hover help in an editor: `gongshi
//! schema DIR` writes them and `gongshi new` puts them in `.vscode/`.
//!
//! They are generated from the raw types the loader fills: `raw_struct!`
//! makes each raw type [`Describe`] itself from the same field list it reads
//! (key, required or not, type), so a field cannot be added to the loader
//! and missed here. What a field means, and which closed vocabulary it takes,
//! comes from [`fields`]; the vocabularies' values and Chinese labels come
//! from the model's own tables (`Party::ALL`, …), as validation parses them.
//!
//! Unknown keys are errors in gongshi, so every object says
//! `additionalProperties: false`. Scalars are left loose (a string, number
//! or boolean): gongshi reads every value as the text typed, and dates,
//! numbers and phone numbers are checked by `gongshi check` with better
//! messages than an editor could give.

mod fields;

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::error::Error;
use crate::load::raw::{self, RawPledge, RawPledges, RawPrivate, Str};
use crate::load::{inspection::RawInspection, inspection::RawInspectionFinding, report::RawReport};
use crate::model::Party;

/// A raw type that can state its own JSON Schema.
pub(crate) trait Describe {
    fn schema() -> Value;
}

/// Any YAML scalar: gongshi reads it as the text typed.
pub(crate) fn scalar() -> Value {
    json!({"type": ["string", "number", "boolean"]})
}

impl Describe for Str {
    fn schema() -> Value {
        scalar()
    }
}

impl<T: Describe> Describe for Option<T> {
    fn schema() -> Value {
        T::schema()
    }
}

impl<T: Describe> Describe for Vec<T> {
    /// A list, or a single value, which is read as a list of one.
    fn schema() -> Value {
        let item = T::schema();
        json!({"anyOf": [{"type": "array", "items": item}, item]})
    }
}

/// A mapping with these keys (`(key, required, schema)`), described from
/// [`fields`] as a field of `owner` (the raw type's name).
pub(crate) fn object(owner: &str, keys: &[(&str, bool, Value)]) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for (key, req, schema) in keys {
        props.insert((*key).to_string(), fields::describe(owner, key, schema.clone(), *req));
        if *req {
            required.push(*key);
        }
    }
    // `$comment` names the raw type, for whoever reads the schema (and its tests).
    json!({"$comment": owner, "type": "object", "properties": props, "required": required, "additionalProperties": false})
}

impl Describe for RawPrivate {
    fn schema() -> Value {
        json!({
            "type": "object",
            "description": "反映人信息，仅内部留存，任何页面和数据文件都不会公开；键可自取，如 reporter、phone、room。",
        })
    }
}

impl Describe for RawPledge {
    fn schema() -> Value {
        json!({"anyOf": [scalar(), raw::RawPledgeItem::schema()]})
    }
}

impl Describe for RawPledges {
    /// `year`, `published`, then one list per party key.
    fn schema() -> Value {
        let mut keys = vec![("year", true, scalar()), ("published", false, scalar())];
        let list = <Vec<RawPledge>>::schema();
        // A party is named by its key or any of its Chinese labels, as validation reads it.
        for p in Party::ALL {
            keys.extend(std::iter::once(p.key()).chain(p.labels().iter().copied()).map(|k| (k, false, list.clone())));
        }
        object("RawPledges", &keys)
    }
}

impl Describe for RawReport {
    fn schema() -> Value {
        // An empty front matter is a draft, so `null` is allowed too.
        let mut v = object("RawReport", &[("submitted", false, scalar())]);
        v["type"] = json!(["object", "null"]);
        v
    }
}

impl Describe for RawInspection {
    fn schema() -> Value {
        object(
            "RawInspection",
            &[
                ("date", true, scalar()),
                ("inspectors", false, <Vec<Str>>::schema()),
                ("compounds", false, <Vec<Str>>::schema()),
                ("checked", false, <Vec<Str>>::schema()),
                ("findings", false, <Vec<RawInspectionFinding>>::schema()),
            ],
        )
    }
}

impl Describe for RawInspectionFinding {
    fn schema() -> Value {
        object(
            "RawInspectionFinding",
            &[
                ("compound", true, scalar()),
                ("item", false, scalar()),
                ("text", true, scalar()),
                ("case", false, scalar()),
            ],
        )
    }
}

/// One content file kind: its schema's file name, where its files are (as
/// globs relative to the site folder, for `yaml.schemas`), and the schema.
#[derive(Debug)]
pub(crate) struct SchemaFile {
    pub name: &'static str,
    /// Plain YAML files; `false` for Markdown front matter, which the VS
    /// Code YAML extension does not validate.
    pub yaml: bool,
    pub globs: &'static [&'static str],
    pub schema: Value,
}

fn file<T: Describe>(
    name: &'static str,
    yaml: bool,
    globs: &'static [&'static str],
    title: &str,
    about: &str,
) -> SchemaFile {
    let mut schema = T::schema();
    if let Some(o) = schema.as_object_mut() {
        let mut head = Map::new();
        head.insert("$schema".into(), json!("http://json-schema.org/draft-07/schema#"));
        head.insert("title".into(), json!(title));
        head.insert("description".into(), json!(about));
        head.append(o);
        *o = head;
    }
    SchemaFile { name, yaml, globs, schema }
}

/// Every kind of content file, in the order of the content format.
pub(crate) fn all() -> Vec<SchemaFile> {
    use raw::*;
    vec![
        file::<RawSite>(
            "site",
            true,
            &["content/site.yaml", "content/site.yml"],
            "site.yaml 街道设置",
            "整个站点的设置，放在 content/site.yaml。",
        ),
        file::<RawCommunity>(
            "community",
            true,
            &["content/*/community.yaml", "content/*/community.yml"],
            "community.yaml 社区",
            "社区信息，放在社区文件夹里。",
        ),
        file::<RawCompound>(
            "compound",
            true,
            &["content/*/*/compound.yaml", "content/*/*/compound.yml"],
            "compound.yaml 小区",
            "小区信息，放在小区文件夹里。",
        ),
        file::<RawPledges>(
            "pledges",
            true,
            &["content/*/*/pledges/*.yaml", "content/*/*/pledges/*.yml"],
            "pledges/<年份>.yaml 年度服务承诺",
            "一年一个文件：year、published，再按承诺方分组列出承诺。",
        ),
        file::<RawEvaluation>(
            "evaluation",
            true,
            &["content/*/*/evaluations/*.yaml", "content/*/*/evaluations/*.yml"],
            "evaluations/<年份>.yaml 评议监督考核",
            "一年一个文件：各方的评议结果。",
        ),
        file::<RawCase>(
            "case",
            false,
            &["content/*/*/cases/*.md"],
            "cases/<编号>.md 居民反映问题（文件头）",
            "一件问题一个文件；两行 --- 之间是基本信息。",
        ),
        file::<RawMeeting>(
            "meeting",
            false,
            &["content/*/*/meetings/*.md"],
            "meetings/<日期>.md 三方联席会议（文件头）",
            "一次会议一个文件，文件名以会议日期开头。",
        ),
        file::<RawNotice>(
            "notice",
            false,
            &["content/*/*/notices/*.md", "content/*/notices/*.md"],
            "notices/<日期>-<短名>.md 公示与报告（文件头）",
            "一件公示一个文件，文件名以发布日期开头。",
        ),
        file::<RawReport>(
            "report",
            false,
            &["content/*/reports/*.md"],
            "reports/<年月>.md 月度报告（文件头）",
            "社区每月的月度报告文字部分。",
        ),
        file::<RawInspection>(
            "inspection",
            false,
            &["content/*/inspections/*.md"],
            "inspections/<年月>.md 环物委检查记录（文件头）",
            "社区环境和物业管理委员会每月的检查记录。",
        ),
    ]
}

/// `.vscode/settings.json` for a site whose schemas are in `dir` (relative
/// to the site folder, with `/`): each YAML kind mapped to its files, and
/// files read and written as UTF-8.
pub(crate) fn vscode_settings(dir: &str) -> Value {
    let mut map = Map::new();
    for f in all().into_iter().filter(|f| f.yaml) {
        map.insert(format!("./{dir}/{}.schema.json", f.name), json!(f.globs));
    }
    json!({"files.encoding": "utf8", "yaml.schemas": map})
}

/// Writes every schema into `dir` (created if absent) as `<kind>.schema.json`,
/// overwriting older ones; returns the files written.
pub(crate) fn write(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    all()
        .into_iter()
        .map(|f| {
            let path = dir.join(format!("{}.schema.json", f.name));
            write_json(&path, &f.schema)?;
            Ok(path)
        })
        .collect()
}

/// `value` as pretty JSON with a final newline.
pub(crate) fn write_json(path: &Path, value: &Value) -> Result<(), Error> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}
