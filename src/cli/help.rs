//! The clap command in one language. Every help text in `cli/mod.rs` is
//! written once as `中文 / English`; this splits it, and in Chinese also
//! replaces clap's own words (headings, `--help`, `--version`, defaults,
//! possible values), which clap can only print in English (clap issue 380).
//! Parsing, `--help`, completions and man pages all use [`command`], so they
//! never disagree.

use clap::builder::{StyledStr, Styles};
use clap::{Arg, ArgAction, Command, CommandFactory as _};

use super::Cli;
use crate::diag::Lang;

/// The command for man pages: one page per real command, no `help` pages.
pub fn man_command(lang: Lang) -> Command {
    localise(Cli::command(), lang, true).disable_help_subcommand(true)
}

/// The whole command line, in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut cmd = localise(Cli::command(), lang, true);
    if lang == Lang::En {
        return cmd;
    }
    // clap adds its `help` subcommand, in English, only when the command is
    // built; it can be reworded after that (building twice is a no-op).
    cmd.build();
    cmd.mut_subcommand("help", |help| localise_help(help, true))
}

/// `gongshi help [命令]`: clap's words in Chinese.
fn localise_help(help: Command, top: bool) -> Command {
    let about = if top { "显示本帮助，或某个命令的帮助" } else { "显示该命令的帮助" };
    chinese_frame(help).about(about).mut_subcommands(|sub| {
        if sub.get_name() == "help" {
            chinese_frame(sub).about("显示本帮助，或某个命令的帮助")
        } else {
            sub
        }
    })
}

/// The words clap puts around a command's own texts: the usage line and
/// the heading of its subcommands.
fn chinese_frame(cmd: Command) -> Command {
    let header = Styles::default().get_header().to_owned();
    cmd.help_template(format!(
        "{{before-help}}{{about-with-newline}}\n{header}用法：{header:#}{{usage}}\n\n{{all-args}}{{after-help}}"
    ))
    .subcommand_help_heading("命令")
    .subcommand_value_name("命令")
}

fn localise(cmd: Command, lang: Lang, root: bool) -> Command {
    let about = cmd.get_about().map(|s| pick(&s.to_string(), lang));
    let long_about = cmd.get_long_about().map(|s| pick(&s.to_string(), lang));
    let examples = examples(cmd.get_name(), lang);
    let mut cmd = cmd.mut_args(|arg| localise_arg(arg, lang)).mut_subcommands(|sub| localise(sub, lang, false));
    if let Some(about) = about {
        cmd = cmd.about(about);
    }
    if let Some(long_about) = long_about {
        cmd = cmd.long_about(long_about);
    }
    if let Some(examples) = examples {
        cmd = cmd.after_help(examples);
    }
    if lang == Lang::En {
        return cmd;
    }
    cmd = chinese_frame(cmd)
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助").help_heading("选项"));
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    cmd
}

fn localise_arg(arg: Arg, lang: Lang) -> Arg {
    let help = arg.get_help().map(|s| pick(&s.to_string(), lang));
    let mut arg = match help {
        Some(help) => arg.help(help),
        None => arg,
    };
    if lang == Lang::En {
        return arg;
    }
    let mut help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let defaults: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        help.push_str(&format!(" [默认：{}]", defaults.join(", ")));
        arg = arg.hide_default_value(true);
    }
    let possible: Vec<String> = arg.get_possible_values().iter().map(|v| v.get_name().to_string()).collect();
    if !possible.is_empty() && arg.get_action().takes_values() && !arg.is_hide_possible_values_set() {
        help.push_str(&format!(" [可选：{}]", possible.join(", ")));
        arg = arg.hide_possible_values(true);
    }
    let heading = if arg.is_positional() { "参数" } else { "选项" };
    arg.help(help).help_heading(heading)
}

/// One side of a `中文 / English` text; a text without the separator is
/// the same in both languages. The separator is `/ ` after a space or after
/// Chinese text or punctuation (`（含 content/）/ site folder`), so a path
/// such as `<root>/public` or `content/` is never split.
fn pick(text: &str, lang: Lang) -> String {
    let split = text
        .match_indices("/ ")
        .find(|(at, _)| text[..*at].chars().next_back().is_some_and(|c| c == ' ' || !c.is_ascii()));
    match (split, lang) {
        (Some((at, _)), Lang::Zh) => text[..at].trim().to_string(),
        (Some((at, _)), Lang::En) => text[at + 2..].trim().to_string(),
        (None, _) => text.to_string(),
    }
}

/// Real invocations for the end of each command's `--help`.
fn examples(command: &str, lang: Lang) -> Option<StyledStr> {
    let list: &[(&str, &str, &str)] = match command {
        "gongshi" => &[
            ("gongshi new 我的小区", "新建一个示例站点", "create an example site"),
            ("gongshi serve --root 我的小区", "在浏览器里预览，改动后自动更新", "preview in the browser, live"),
            ("gongshi check --root 我的小区", "列出所有错误和警告", "list every error and warning"),
            ("gongshi build --root 我的小区", "生成网站到 我的小区/public", "build the site into 我的小区/public"),
        ],
        "check" => &[
            ("gongshi check --root 我的小区", "检查站点", "check the site"),
            ("gongshi check --root 我的小区 --as-of 2026-11-27", "按某一天计算逾期", "compute overdue as of a day"),
            ("gongshi check --root 我的小区 --format json", "每行一个 JSON 对象", "one JSON object per line"),
            (
                "gongshi check --compound yangguang/lanyuan --errors-only",
                "只看一个小区的错误",
                "only one compound's errors",
            ),
            ("gongshi check --code pii-mobile --code pii-room", "只看某几类问题", "only some kinds of problem"),
        ],
        "build" => &[
            ("gongshi build --root 我的小区", "生成到 我的小区/public", "build into 我的小区/public"),
            (
                "gongshi build --root 我的小区 --out /var/www/gongshi",
                "生成到网站服务器的目录",
                "build into the web server's folder",
            ),
            (
                "gongshi build --root 我的小区 --base-url https://gongshi.example.cn",
                "二维码和订阅使用正式网址",
                "QR codes and feeds use the public address",
            ),
            (
                "gongshi build --root 我的小区 --out /srv/shared/public --community yangguang",
                "只生成一个社区，其他社区的文件不动（分片生成）",
                "build one community only, leaving the others' files alone (sharding)",
            ),
        ],
        "new" => &[
            ("gongshi new 我的小区", "在 我的小区 新建示例站点", "create an example site in 我的小区"),
            ("gongshi new 兰亭街道", "文件夹名可以是中文", "the folder name may be Chinese"),
            ("gongshi new .", "在当前的空文件夹里新建", "create it in the current, empty folder"),
        ],
        "watch" => &[
            ("gongshi watch --root 我的小区", "改动后自动重新生成", "rebuild on every change"),
            ("gongshi watch --root 我的小区 --as-of 2026-11-27", "按某一天计算逾期", "compute overdue as of a day"),
            (
                "gongshi watch --root 我的小区 --out /var/www/gongshi",
                "直接更新网站服务器的目录",
                "keep the web server's folder up to date",
            ),
        ],
        "serve" => &[
            ("gongshi serve --root 我的小区", "在 http://127.0.0.1:1111 预览", "preview at http://127.0.0.1:1111"),
            (
                "gongshi serve --root 我的小区 --bind 0.0.0.0 --port 8080",
                "让局域网里的公示屏访问",
                "let the kiosks on the LAN reach it",
            ),
            ("gongshi serve --root 我的小区 --port 0", "任选一个空闲端口", "pick any free port"),
        ],
        "schema" => &[(
            "gongshi schema 我的小区/.vscode/gongshi-schemas",
            "写出编辑器用的 JSON Schema",
            "write the JSON Schemas for editors",
        )],
        "completions" => &[
            (
                "gongshi completions bash > ~/.local/share/bash-completion/completions/gongshi",
                "bash 补全",
                "bash completion",
            ),
            ("gongshi completions zsh > ~/.zfunc/_gongshi", "zsh 补全", "zsh completion"),
            ("gongshi completions fish > ~/.config/fish/completions/gongshi.fish", "fish 补全", "fish completion"),
            (
                "gongshi completions powershell >> $PROFILE",
                "PowerShell 补全（Windows）",
                "PowerShell completion (Windows)",
            ),
        ],
        _ => return None,
    };
    let styles = Styles::default();
    let (header, literal) = (styles.get_header(), styles.get_literal());
    let title = if lang == Lang::Zh { "示例：" } else { "Examples:" };
    let mut text = format!("{header}{title}{header:#}");
    for (example, zh, en) in list {
        let what = if lang == Lang::Zh { zh } else { en };
        text.push_str(&format!("\n  {literal}{example}{literal:#}\n      {what}"));
    }
    Some(StyledStr::from(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_commands_are_valid_clap_definitions() {
        command(Lang::Zh).debug_assert();
        command(Lang::En).debug_assert();
    }

    #[test]
    fn pick_takes_one_side_and_leaves_plain_text() {
        assert_eq!(pick("检查 / check", Lang::Zh), "检查");
        assert_eq!(pick("检查 / check", Lang::En), "check");
        assert_eq!(pick("站点目录（含 content/）/ site folder holding content/", Lang::Zh), "站点目录（含 content/）");
        assert_eq!(
            pick("站点目录（含 content/）/ site folder holding content/", Lang::En),
            "site folder holding content/"
        );
        assert_eq!(pick("默认 <root>/public", Lang::En), "默认 <root>/public");
    }
}
