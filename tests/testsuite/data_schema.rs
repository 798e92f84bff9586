//! `data.json` against its published shape, `docs/data.schema.json`: ISO
//! dates and numbers beside the display strings, for every compound.

use std::path::Path;

use serde_json::Value;

use crate::support::{build, example, tree};

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/data.schema.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("schema: {e}"));
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("schema: {e}"))
}

fn errors(v: &jsonschema::Validator, data: &Value) -> Vec<String> {
    v.iter_errors(data).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn every_data_json_of_the_example_street_matches_the_schema() {
    let site = example();
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v = validator();
    let mut checked = 0;
    for (rel, bytes) in tree(&site.root().join("public")) {
        if !rel.ends_with("/data.json") {
            continue;
        }
        let data: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(errors(&v, &data), Vec::<String>::new(), "{rel}");
        checked += 1;
    }
    assert_eq!(checked, 4, "one data.json per compound");

    let lanyuan: Value = serde_json::from_slice(
        &std::fs::read(site.root().join("public/yangguang/lanyuan/data.json")).unwrap_or_default(),
    )
    .unwrap_or_default();
    assert_eq!(lanyuan["as_of_iso"], "2026-11-27");
    // The elevator notice: 680,000 yuan, published 20 November, as data.
    let notice = lanyuan["notices"]
        .as_array()
        .and_then(|n| n.iter().find(|n| n["published_iso"] == "2026-11-20"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(notice["amount_cny"], 680000.0);
    assert_eq!(notice["published"], "2026年11月20日", "the display string stays beside it");
    // A case whose dates were typed in Chinese (2026年8月10日) comes out in ISO form.
    let case = lanyuan["cases"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["card"]["id"] == "2026-020"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(case["card"]["received_iso"], "2026-08-10");
    assert_eq!(case["result"]["date_iso"], "2026-09-10");
}

/// The schema is strict where it matters: a display date in an ISO field,
/// or an amount given only as text, is refused.
#[test]
fn the_schema_refuses_display_strings_where_data_belongs() {
    let site = example();
    assert_eq!(build(&site).code, 0);
    let bytes = std::fs::read(site.root().join("public/yangguang/lanyuan/data.json")).unwrap_or_default();
    let good: Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let v = validator();
    assert!(v.is_valid(&good));
    let mut bad = good.clone();
    bad["cases"][0]["card"]["received_iso"] = Value::from("2026年3月18日");
    assert!(!v.is_valid(&bad), "display date in an ISO field");
    let mut bad = good.clone();
    bad["notices"][0]["amount_cny"] = Value::from("680,000 元");
    assert!(!v.is_valid(&bad), "amount as text");
    let mut bad = good;
    if let Some(m) = bad["cases"][0]["updates"][0].as_object_mut() {
        m.remove("date_iso");
    }
    assert!(!v.is_valid(&bad), "a missing ISO date");
}
