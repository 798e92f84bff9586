//! Narrowing `check`'s report (`--compound`, `--community`, `--code`,
//! `--errors-only`) and the table at the end of a long report: the whole
//! site is still checked and the exit code still counts every error.

use crate::support::{CASE, SiteTest, swap};

/// The minimal site with a second compound, `lanting/zhuyuan`, holding one
/// error (a full-width colon) and the five warnings of a compound with no
/// pledges, evaluation or meeting, and six old cases in `lanting/lanyuan`,
/// each overdue and stale (twelve warnings).
fn street() -> SiteTest {
    let site = SiteTest::minimal();
    let compound = swap(&site.read("lanting/lanyuan/compound.yaml"), "name: 兰苑小区", "name: 竹苑小区");
    site.write("lanting/zhuyuan/compound.yaml", compound);
    site.write("lanting/zhuyuan/cases/2026-001.md", swap(CASE, "title: ", "title： "));
    let old = swap(
        &swap(CASE, "received: 2026-11-20", "received: 2026-03-02\ndue: 2026-04-01"),
        "date: 2026-11-20",
        "date: 2026-03-02",
    );
    for n in 3..=8 {
        site.write(&format!("lanting/lanyuan/cases/2026-00{n}.md"), &old);
    }
    site
}

fn check(site: &SiteTest, extra: &[&str]) -> crate::support::Run {
    let root = site.root().to_string_lossy().into_owned();
    let mut args = vec!["check", "--root", root.as_str(), "--as-of", crate::support::AS_OF];
    args.extend_from_slice(extra);
    site.run(&args)
}

/// The report's lines from the table on.
fn tail_from(stderr: &str, marker: &str) -> String {
    let at = stderr.find(marker).unwrap_or_else(|| panic!("no {marker:?} in:\n{stderr}"));
    stderr[at..].to_string()
}

#[test]
fn a_long_report_ends_with_counts_by_code_and_by_compound() {
    let site = street();
    let run = check(&site, &[]);
    run.assert_code(1);
    insta::assert_snapshot!(tail_from(&run.stderr, "按代码统计"));
}

#[test]
fn a_short_report_has_no_table() {
    let site = street();
    let run = check(&site, &["--compound", "lanting/zhuyuan"]);
    run.assert_code(1);
    assert!(!run.stderr.contains("按代码统计"), "{}", run.stderr);
    assert!(
        run.stderr.ends_with("检查了 17 个文件：显示 1 个错误，5 个警告；另有 12 个警告未显示。\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn compound_filter_shows_one_compound_and_the_exit_code_counts_every_error() {
    let site = street();
    let run = check(&site, &["--compound", "lanting/lanyuan", "--format", "json"]);
    // Only warnings are shown, but zhuyuan's error still fails the check.
    run.assert_code(1);
    let shown = run.short();
    assert_eq!(shown.len(), 12, "{shown:?}");
    assert!(shown.iter().all(|d| d.starts_with("warning case-") && d.contains(" lanting/lanyuan/cases/")), "{shown:?}");
    let human = check(&site, &["--compound", "lanting/lanyuan"]);
    human.assert_code(1);
    insta::assert_snapshot!(tail_from(&human.stderr, "按代码统计"));
}

#[test]
fn code_filter_is_repeatable_and_honoured_by_json() {
    let site = street();
    let run = check(&site, &["--code", "case-stale", "--code", "yaml-fullwidth-colon", "--format", "json"]);
    run.assert_code(1);
    let mut codes: Vec<String> = run.diags().into_iter().map(|d| d.code).collect();
    codes.dedup();
    assert_eq!(codes, ["case-stale", "yaml-fullwidth-colon"]);
    assert_eq!(run.diags().len(), 7);
}

#[test]
fn errors_only_hides_warnings_and_says_so() {
    let site = street();
    let run = check(&site, &["--errors-only"]);
    run.assert_code(1);
    assert!(run.stderr.starts_with("错误[yaml-fullwidth-colon]"), "{}", run.stderr);
    assert!(!run.stderr.contains("警告["), "{}", run.stderr);
    assert!(
        run.stderr.ends_with("检查了 17 个文件：显示 1 个错误，0 个警告；另有 17 个警告未显示。\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn hidden_errors_are_counted_in_the_summary() {
    let site = street();
    let run = check(&site, &["--code", "case-overdue"]);
    run.assert_code(1);
    assert!(
        run.stderr.ends_with("检查了 17 个文件：显示 0 个错误，6 个警告；另有 1 个错误未显示，11 个警告未显示。\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn community_filter_takes_its_compounds_and_its_own_files() {
    let site = street();
    site.edit("lanting/community.yaml", "name:", "nmae: x\nname:");
    let run = check(&site, &["--community", "lanting", "--errors-only", "--format", "json"]);
    run.assert_code(1);
    assert_eq!(
        run.short(),
        [
            "error field-unknown lanting/community.yaml:1:1",
            "error yaml-fullwidth-colon lanting/zhuyuan/cases/2026-001.md:2:6"
        ]
    );
}

#[test]
fn a_clean_selection_of_a_failing_site_still_exits_1() {
    let site = street();
    let run = check(&site, &["--code", "pii-mobile", "--format", "json"]);
    run.assert_code(1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn unknown_compound_or_code_is_a_usage_error() {
    let site = street();
    let run = check(&site, &["--compound", "lanting/zhuyaun"]);
    run.assert_code(2);
    assert!(run.stderr.contains("content/ 里没有 lanting/zhuyaun"), "{}", run.stderr);
    let run = check(&site, &["--code", "case-overdu"]);
    run.assert_code(2);
    assert!(run.stderr.contains("你是不是想写 case-overdue？"), "{}", run.stderr);
    let run = check(&site, &["--compound", "lanting"]);
    run.assert_code(2);
    assert!(run.stderr.contains("应写成 社区/小区"), "{}", run.stderr);
}

#[test]
fn an_english_site_gets_the_table_in_english() {
    let site = street();
    site.edit("site.yaml", "base_url:", "language: en\nbase_url:");
    let run = check(&site, &["--community", "lanting", "--code", "case-overdue", "--code", "case-stale"]);
    run.assert_code(1);
    insta::assert_snapshot!(tail_from(&run.stderr, "by code:"));
}
