//! The command line: the clean fixture, output formats, language, exit codes.

use crate::support::{AS_OF, CASE, NEW_CASE, SiteTest, swap};

#[test]
fn the_minimal_fixture_is_clean() {
    let site = SiteTest::minimal();
    let run = site.check_json();
    run.assert_code(0);
    assert_eq!(run.short(), Vec::<String>::new());
    let human = site.check();
    human.assert_code(0);
    assert_eq!(human.stderr, "检查了 9 个文件：0 个错误，0 个警告。\n");
}

#[test]
fn json_is_one_object_per_line_with_the_documented_keys() {
    let site = SiteTest::minimal();
    site.write(NEW_CASE, swap(CASE, "title: ", "title： "));
    site.write("lanting/lanyuan/cases/2026-004.md", swap(CASE, "title: 12号楼顶层渗水", "title: 电话13800138000"));
    let run = site.check_json();
    run.assert_code(1);
    assert!(run.stderr.is_empty(), "json mode prints nothing else: {}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let mut keys: Vec<&str> = v.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
        keys.sort_unstable();
        assert_eq!(keys, ["code", "column", "file", "hint", "line", "message", "severity"]);
    }
    assert_eq!(
        run.short(),
        [
            format!("error yaml-fullwidth-colon {NEW_CASE}:2:6"),
            "error pii-mobile lanting/lanyuan/cases/2026-004.md:2:10".to_string()
        ]
    );
}

#[test]
fn english_site_gets_english_messages() {
    let site = SiteTest::minimal();
    site.edit("site.yaml", "base_url:", "language: en\nbase_url:");
    site.write(NEW_CASE, swap(CASE, "title: ", "title： "));
    let run = site.check();
    run.assert_code(1);
    assert!(
        run.stderr.contains("error[yaml-fullwidth-colon]: the key is followed by a full-width colon"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("错误"), "{}", run.stderr);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn unsupported_language_is_an_error() {
    let site = SiteTest::minimal();
    site.edit("site.yaml", "base_url:", "language: 英文\nbase_url:");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), ["error value-unknown site.yaml:3:11"]);
}

#[test]
fn missing_content_folder_is_exit_2() {
    let site = SiteTest::empty();
    let run = site.check();
    run.assert_code(2);
    assert!(run.stderr.contains("找不到内容目录 [ROOT]/content"), "{}", run.stderr);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn missing_site_yaml_is_a_content_error() {
    let site = SiteTest::minimal();
    site.remove("site.yaml");
    let run = site.check_json();
    run.assert_code(1);
    assert_eq!(run.short(), ["error site-missing -"]);
}

#[test]
fn bad_usage_is_exit_2() {
    let site = SiteTest::minimal();
    let bad_date = site.run(&["check", "--root", ".", "--as-of", "2026-13-01"]);
    bad_date.assert_code(2);
    assert!(bad_date.stderr.contains("2026-13-01"), "{}", bad_date.stderr);
    site.run(&["check", "--root", ".", "--as-of", AS_OF, "--format", "xml"]).assert_code(2);
    site.run(&["check", "--no-such-flag"]).assert_code(2);
    site.run(&["no-such-command"]).assert_code(2);
    site.run(&["check", "--root", ".", "--as-of", AS_OF]).assert_code(0);
}

#[test]
fn the_shipped_binary_has_only_its_documented_commands() {
    let site = SiteTest::empty();
    // The benchmark's generator lives in xtask (`cargo xtask gen-city`), not here.
    let gen_city = site.run(&["gen-city", "--out", "city"]);
    gen_city.assert_code(2);
    assert!(!site.root().join("city").exists());
    let help = site.run(&["--lang", "en", "help"]);
    help.assert_code(0);
    let commands: Vec<&str> = help
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut expected = vec!["check", "build", "new", "schema"];
    if cfg!(feature = "serve") {
        expected.extend(["watch", "serve"]);
    }
    expected.extend(["completions", "help"]);
    assert_eq!(commands, expected, "{}", help.stdout);
}

#[test]
fn new_site_checks_clean() {
    let site = SiteTest::empty();
    site.run(&["new", "site", "--as-of", AS_OF]).assert_code(0);
    let run = site.run(&["check", "--root", "site", "--as-of", AS_OF, "--format", "json"]);
    run.assert_code(0);
    assert_eq!(run.short(), Vec::<String>::new(), "the new site should have no errors and no warnings");
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let site = SiteTest::minimal();
    let run = site.run(&["new", "."]);
    run.assert_code(2);
    assert!(run.stderr.contains("不会覆盖"), "{}", run.stderr);
}

#[test]
fn a_missing_theme_is_an_operational_error_that_publishes_nothing() {
    let site = SiteTest::minimal();
    site.edit("site.yaml", "title:", "theme: mine\ntitle:");
    let run = site.run(&["build", "--root", ".", "--as-of", AS_OF]);
    run.assert_code(2);
    assert!(run.stderr.contains("找不到主题 themes/mine（theme not found）"), "{}", run.stderr);
    assert!(!site.root().join("public").exists(), "nothing is written");
}
