//! `gongshi schema DIR` and the schemas `gongshi new` puts in `.vscode/`:
//! every file of the bundled example and of a new site validates against
//! the schema of its kind, and every schema refuses a key gongshi would
//! call unknown.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{AS_OF, SiteTest};

/// The schemas `gongshi schema` writes into a temporary folder, by kind.
fn schemas(site: &SiteTest) -> Vec<(String, Value)> {
    site.run(&["schema", "schemas"]).assert_code(0);
    let dir = site.root().join("schemas");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().trim_end_matches(".schema.json").to_string();
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, value)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn schema<'a>(all: &'a [(String, Value)], kind: &str) -> &'a Value {
    &all.iter().find(|(k, _)| k == kind).unwrap_or_else(|| panic!("no {kind} schema")).1
}

/// The kind of a content file by where it is, as `walk` classifies it.
fn kind_of(rel: &str) -> Option<&'static str> {
    let parts: Vec<&str> = rel.split('/').collect();
    Some(match parts.as_slice() {
        ["site.yaml"] => "site",
        [_, "community.yaml"] => "community",
        [_, "notices", _] => "notice",
        [_, "reports", _] => "report",
        [_, "inspections", _] => "inspection",
        [_, _, "compound.yaml"] => "compound",
        [_, _, "pledges", _] => "pledges",
        [_, _, "evaluations", _] => "evaluation",
        [_, _, "cases", _] => "case",
        [_, _, "meetings", _] => "meeting",
        [_, _, "notices", _] => "notice",
        _ => return None,
    })
}

/// A YAML file, or a Markdown file's front matter, as the editor sees it.
fn instance(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let yaml = if path.extension().is_some_and(|e| e == "md") {
        let rest = text.strip_prefix("---\n").unwrap_or_else(|| panic!("{}: no front matter", path.display()));
        let end = rest.find("\n---").unwrap_or(rest.len());
        rest[..end].to_string()
    } else {
        text
    };
    serde_saphyr::from_str::<Value>(&yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn files(dir: &Path, rel: &str, out: &mut Vec<(String, PathBuf)>) {
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if rel.is_empty() { name } else { format!("{rel}/{name}") };
        if e.path().is_dir() {
            files(&e.path(), &rel, out);
        } else {
            out.push((rel, e.path()));
        }
    }
}

/// Every content file under `content` that has a schema, validated against it.
fn assert_valid(all: &[(String, Value)], content: &Path) -> usize {
    let mut list = Vec::new();
    files(content, "", &mut list);
    let mut checked = 0;
    for (rel, path) in list {
        let Some(kind) = kind_of(&rel) else { continue };
        let validator = jsonschema::validator_for(schema(all, kind)).unwrap_or_else(|e| panic!("{kind}: {e}"));
        let value = instance(&path);
        let errors: Vec<String> =
            validator.iter_errors(&value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{rel} against {kind}.schema.json: {errors:#?}");
        checked += 1;
    }
    checked
}

#[test]
fn the_example_validates_against_the_schemas() {
    let site = SiteTest::empty();
    let all = schemas(&site);
    let kinds: Vec<&str> = all.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        ["case", "community", "compound", "evaluation", "inspection", "meeting", "notice", "pledges", "report", "site"]
    );
    for (kind, s) in &all {
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#", "{kind}");
    }
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let checked = assert_valid(&all, &example);
    assert!(checked > 90, "only {checked} files checked");
}

#[test]
fn each_schema_refuses_an_unknown_key() {
    let site = SiteTest::empty();
    let all = schemas(&site);
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut list = Vec::new();
    files(&example, "", &mut list);
    for (kind, s) in &all {
        let (rel, path) = list
            .iter()
            .find(|(rel, _)| kind_of(rel) == Some(kind.as_str()))
            .unwrap_or_else(|| panic!("the example has no {kind} file"));
        let validator = jsonschema::validator_for(s).unwrap_or_else(|e| panic!("{kind}: {e}"));
        let mut value = instance(path);
        assert!(validator.is_valid(&value), "{rel}");
        value["titel"] = Value::from("x");
        assert!(!validator.is_valid(&value), "{kind}.schema.json accepts an unknown key");
    }
    // Nested mappings too: an update of a case.
    let case = schema(&all, "case");
    let validator = jsonschema::validator_for(case).unwrap_or_else(|e| panic!("{e}"));
    let ok = serde_saphyr::from_str::<Value>(
        "title: t\nreceived: 2026-11-20\nlead: 物业\nstatus: received\nupdates:\n  - {date: 2026-11-20, status: received}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(validator.is_valid(&ok));
    let mut bad = ok.clone();
    bad["updates"][0]["statsu"] = Value::from("received");
    assert!(!validator.is_valid(&bad));
    let mut bad = ok;
    bad["status"] = Value::from("done");
    assert!(!validator.is_valid(&bad), "a status outside the vocabulary");
}

#[test]
fn a_new_site_maps_its_schemas_in_vscode_settings() {
    let site = SiteTest::empty();
    site.run(&["new", "site", "--as-of", AS_OF]).assert_code(0);
    let root = site.root().join("site");
    let settings = std::fs::read_to_string(root.join(".vscode/settings.json")).unwrap_or_default();
    let settings: Value = serde_json::from_str(&settings).unwrap_or_else(|e| panic!("{e}: {settings}"));
    assert_eq!(settings["files.encoding"], "utf8");
    let map = settings["yaml.schemas"].as_object().cloned().unwrap_or_default();
    assert_eq!(map.len(), 5, "{map:?}");
    let mut all = Vec::new();
    for (file, globs) in &map {
        let path = root.join(file.trim_start_matches("./"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let s: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        assert!(globs.as_array().is_some_and(|g| !g.is_empty()), "{file}");
        let kind = path.file_name().map(|n| n.to_string_lossy().trim_end_matches(".schema.json").to_string());
        all.push((kind.unwrap_or_default(), s));
    }
    // The Markdown kinds are written too, for other editors and tools.
    assert!(root.join(".vscode/gongshi-schemas/case.schema.json").is_file());
    let md: Vec<(String, Value)> = ["case", "meeting", "notice"]
        .iter()
        .map(|k| {
            let text = std::fs::read_to_string(root.join(format!(".vscode/gongshi-schemas/{k}.schema.json")))
                .unwrap_or_default();
            (k.to_string(), serde_json::from_str(&text).unwrap_or_else(|e| panic!("{k}: {e}")))
        })
        .collect();
    all.extend(md);
    // The new site's own files validate against the schemas it was given.
    assert!(assert_valid(&all, &root.join("content")) >= 9);
}
