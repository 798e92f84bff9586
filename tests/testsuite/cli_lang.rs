//! The command line's own words and looks: Chinese or English by `--lang`
//! or the locale, completions and man pages from the same definition,
//! colour only on a terminal, and the build's progress stages.

use std::cell::RefCell;
use std::process::Command;

use gongshi::CheckOptions;
use gongshi::build::{BuildOptions, Builder, Progress, SiteOptions};

use crate::support::{AS_OF, CASE, NEW_CASE, Run, SiteTest, gongshi, swap};

/// `gongshi` with exactly this locale and no colour settings of the caller.
fn with_locale(lang: &str) -> Command {
    let mut cmd = gongshi();
    for var in ["LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
        cmd.env_remove(var);
    }
    cmd.env("LANG", lang);
    cmd
}

fn run(mut cmd: Command, args: &[&str]) -> Run {
    let out = cmd.args(args).output().unwrap_or_else(|e| panic!("cannot run gongshi: {e}"));
    Run::from_output(&out, None)
}

#[test]
fn lang_zh_help_is_in_chinese() {
    let help = run(with_locale("C.UTF-8"), &["--lang", "zh", "--help"]);
    help.assert_code(0);
    for words in ["用法：gongshi [OPTIONS] <命令>", "命令:", "check        检查内容", "显示帮助", "示例："]
    {
        assert!(help.stdout.contains(words), "{words:?} missing from:\n{}", help.stdout);
    }
    for english in ["Usage:", "Commands:", "Print help", "check the content"] {
        assert!(!help.stdout.contains(english), "{english:?} in:\n{}", help.stdout);
    }
    let check = run(with_locale("C.UTF-8"), &["check", "--help", "--lang", "zh"]);
    check.assert_code(0);
    assert!(check.stdout.contains("站点目录（含 content/） [默认：.]"), "{}", check.stdout);
    assert!(check.stdout.contains("gongshi check --root 我的小区 --format json"), "{}", check.stdout);
}

#[test]
fn lang_en_help_is_in_english_even_in_a_chinese_locale() {
    let help = run(with_locale("zh_CN.UTF-8"), &["build", "--help", "--lang", "en"]);
    help.assert_code(0);
    assert!(help.stdout.contains("Usage: gongshi build [OPTIONS]"), "{}", help.stdout);
    assert!(help.stdout.contains("site folder holding content/ [default: .]"), "{}", help.stdout);
    assert!(help.stdout.contains("Examples:"), "{}", help.stdout);
    assert!(!help.stdout.contains("站点目录"), "{}", help.stdout);
}

#[test]
fn a_bad_argument_in_a_chinese_locale_is_a_chinese_error_and_exit_2() {
    let bad = run(with_locale("zh_CN.UTF-8"), &["check", "--bogus"]);
    bad.assert_code(2);
    assert_eq!(bad.stdout, "");
    assert_eq!(
        bad.stderr,
        "错误：无法识别的参数 '--bogus'\n\n用法：gongshi check [OPTIONS]\n\n更多信息请运行 '--help'。\n"
    );

    let typo = run(with_locale("zh_CN.UTF-8"), &["chek"]);
    typo.assert_code(2);
    assert!(typo.stderr.starts_with("错误：没有这个命令 'chek'\n\n  提示：有相近的命令："), "{}", typo.stderr);
    assert!(typo.stderr.contains("'check'"), "{}", typo.stderr);

    let value = run(with_locale("zh_CN.UTF-8"), &["check", "--format", "xml"]);
    value.assert_code(2);
    assert!(
        value.stderr.contains("'--format <FORMAT>' 的值 'xml' 无效\n  [可选的值：human, json]"),
        "{}",
        value.stderr
    );
}

#[test]
fn lang_c_gives_clap_english_and_lc_all_wins_over_lang() {
    let bad = run(with_locale("C"), &["check", "--bogus"]);
    bad.assert_code(2);
    assert!(bad.stderr.starts_with("error: unexpected argument '--bogus' found"), "{}", bad.stderr);
    assert!(bad.stderr.contains("For more information, try '--help'."), "{}", bad.stderr);

    let mut cmd = with_locale("zh_CN.UTF-8");
    cmd.env("LC_ALL", "C");
    let overridden = run(cmd, &["check", "--bogus"]);
    overridden.assert_code(2);
    assert!(overridden.stderr.starts_with("error: unexpected argument"), "{}", overridden.stderr);
}

#[test]
fn completions_for_every_shell_know_the_commands() {
    let bash = run(with_locale("C"), &["completions", "bash"]);
    bash.assert_code(0);
    assert!(bash.stdout.contains("complete -F _gongshi"), "{}", bash.stdout);
    for word in ["check", "build", "--as-of", "--root"] {
        assert!(bash.stdout.contains(word), "{word} missing from the bash script");
    }
    for shell in ["zsh", "fish", "powershell"] {
        let script = run(with_locale("C"), &["completions", shell]);
        script.assert_code(0);
        assert!(script.stdout.contains("check") && script.stdout.contains("as-of"), "{shell}: {}", script.stdout);
    }
    // zsh shows each command's description, in the chosen language.
    let zsh = run(with_locale("zh_CN.UTF-8"), &["completions", "zsh"]);
    assert!(zsh.stdout.contains("检查内容，列出所有错误和警告"), "{}", zsh.stdout);
    let bad = run(with_locale("C"), &["completions", "tcsh"]);
    bad.assert_code(2);
}

fn man_pages(lang: &str) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().to_string_lossy().into_owned();
    run(with_locale("C"), &["man", &out, "--lang", lang]).assert_code(0);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()).unwrap_or_default())
        .collect();
    names.sort();
    (dir, names)
}

#[test]
fn man_pages_are_written_for_every_command_in_both_languages() {
    let (zh, zh_names) = man_pages("zh");
    let (dir, names) = man_pages("en");
    assert_eq!(zh_names, names, "the same pages in Chinese, and no page for clap's help command");
    let page = std::fs::read_to_string(zh.path().join("gongshi-check.1")).unwrap_or_default();
    assert!(page.contains("检查内容，列出所有错误和警告"), "{page}");
    assert_eq!(
        names,
        [
            "gongshi-build.1",
            "gongshi-check.1",
            "gongshi-completions.1",
            "gongshi-new.1",
            "gongshi-schema.1",
            "gongshi-serve.1",
            "gongshi-watch.1",
            "gongshi.1"
        ]
    );
    let page = std::fs::read_to_string(dir.path().join("gongshi-check.1")).unwrap_or_default();
    assert!(page.contains(".TH gongshi-check 1"), "{page}");
    assert!(page.contains("check the content and list every problem"), "{page}");
    assert!(page.contains("\\-\\-as\\-of"), "{page}");
    assert!(page.contains("gongshi check \\-\\-root 我的小区 \\-\\-format json"), "the examples: {page}");
}

/// A site with one content error (a full-width colon after a key).
fn site_with_mistakes() -> SiteTest {
    let site = SiteTest::minimal();
    site.write(NEW_CASE, swap(CASE, "title: ", "title： "));
    site
}

fn check(site: &SiteTest, colour: &[(&str, &str)]) -> Run {
    let mut cmd = with_locale("C");
    cmd.envs(colour.iter().copied());
    let root = site.root().to_string_lossy().into_owned();
    let out = cmd.args(["check", "--root", &root, "--as-of", AS_OF]).output().unwrap_or_else(|e| panic!("{e}"));
    Run::from_output(&out, Some(site.root()))
}

#[test]
fn piped_or_no_color_output_has_no_escape_codes_and_forced_colour_has() {
    let site = site_with_mistakes();
    let piped = check(&site, &[]);
    piped.assert_code(1);
    assert!(piped.stderr.contains("错误[yaml-fullwidth-colon]"), "{}", piped.stderr);
    assert!(!piped.stderr.contains('\x1b'), "{:?}", piped.stderr);

    let forced = check(&site, &[("CLICOLOR_FORCE", "1")]);
    forced.assert_code(1);
    assert!(forced.stderr.contains("\x1b[1m\x1b[31m错误[yaml-fullwidth-colon]\x1b[0m"), "{:?}", forced.stderr);
    assert!(forced.stderr.contains("\x1b[1mlanting/lanyuan/cases/2026-003.md:2:6\x1b[0m"), "{:?}", forced.stderr);
    let stripped = forced.stderr.split('\x1b').enumerate().fold(String::new(), |mut s, (i, part)| {
        s.push_str(if i == 0 { part } else { part.split_once('m').map_or(part, |(_, rest)| rest) });
        s
    });
    assert_eq!(stripped, piped.stderr, "colour adds escape codes and nothing else");

    let refused = check(&site, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!refused.stderr.contains('\x1b'), "NO_COLOR wins: {:?}", refused.stderr);

    let clap_error = run(
        {
            let mut c = with_locale("C");
            c.env("CLICOLOR_FORCE", "1");
            c
        },
        &["check", "--bogus"],
    );
    assert!(clap_error.stderr.contains('\x1b'), "clap's errors are coloured too: {:?}", clap_error.stderr);

    let missing = SiteTest::empty();
    let failed = check(&missing, &[("CLICOLOR_FORCE", "1")]);
    failed.assert_code(2);
    assert!(failed.stderr.starts_with("\x1b[1m\x1b[31mgongshi:\x1b[0m 找不到内容目录"), "{:?}", failed.stderr);
}

#[test]
fn a_build_reports_its_stages_in_order_and_stops_after_checking_on_errors() {
    let site = SiteTest::minimal();
    let as_of = chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").ok();
    let opts = BuildOptions {
        site: SiteOptions { root: site.root().to_path_buf(), check: CheckOptions { as_of, ..Default::default() } },
        out: Some(site.root().join("public")),
        base_url: None,
        communities: Vec::new(),
    };
    let seen = RefCell::new(Vec::new());
    let built = Builder::default().build_with_progress(&opts, &|p| seen.borrow_mut().push(p));
    assert!(built.is_ok_and(|b| b.published.is_some()));
    let seen = seen.into_inner();
    assert!(
        matches!(seen[..], [
        Progress::Loaded { files: 9 },
        Progress::Checked { compounds: 1 },
        Progress::Rendered { compounds: 1, files },
        Progress::Published,
    ] if files > 10),
        "{seen:?}"
    );

    let broken = site_with_mistakes();
    let opts = BuildOptions { site: SiteOptions { root: broken.root().to_path_buf(), ..opts.site }, ..opts };
    let seen = RefCell::new(Vec::new());
    let built = Builder::default().build_with_progress(&opts, &|p| seen.borrow_mut().push(p));
    assert!(built.is_ok_and(|b| b.published.is_none()));
    assert_eq!(seen.into_inner(), [Progress::Loaded { files: 10 }, Progress::Checked { compounds: 0 }]);
}
