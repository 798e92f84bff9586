//! The command line: argument parsing, the commands (check, build, new,
//! watch, serve), and the one place exit codes are decided. Only this
//! folder uses `anyhow`; the pipeline below it never imports it.

pub mod colour;
pub mod completions;
pub mod help;
pub mod lang;
pub mod narrow;
pub mod parse_error;
pub mod progress;
pub mod report;
mod schema;
#[cfg(feature = "serve")]
pub mod serve;
mod summary;
#[cfg(feature = "serve")]
pub mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{FromArgMatches as _, Parser, Subcommand};

pub use self::report::{Format, report};
use crate::build::{self, BuildOptions, SiteOptions};
use crate::diag::Severity;
use crate::validate::CheckOptions;

#[derive(Debug, Parser)]
#[command(
    name = "gongshi",
    version,
    about = "公示：小区“三方联动”公示栏静态网站生成器 / disclosure boards for residential compounds"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// 命令行的语言（默认随系统）/ language of the command line (default: the system's)
    // Read before parsing by `lang::detect`; declared so that clap accepts it.
    #[arg(long, global = true, value_parser = ["zh", "en"])]
    pub lang: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查内容，列出所有错误和警告 / check the content and list every problem
    Check(CheckArgs),
    /// 检查并生成网站 / check, then build the site into the output folder
    Build(BuildArgs),
    /// 新建一个示例站点 / create a new site with one file of every kind
    New {
        /// 新站点的文件夹（必须不存在或为空）/ folder for the new site (absent or empty)
        dir: PathBuf,
        /// 示例内容的日期按这一天写（默认今天）/ date the example content around this day (default today)
        #[arg(long, value_parser = parse_as_of)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// 写出各类内容文件的 JSON Schema，供编辑器补全 / write JSON Schemas of every content file for editors
    Schema {
        /// 写到这个文件夹 / folder to write them into
        dir: PathBuf,
    },
    /// 生成网站，之后每次改动自动重新生成 / build, then rebuild on every change
    #[cfg(feature = "serve")]
    Watch(BuildArgs),
    /// 生成并在本机或局域网提供网站，改动后自动更新 / build, serve over HTTP, rebuild and reload on every change
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// 输出命令行补全脚本 / print the shell completion script
    Completions {
        /// 命令行程序（shell）的种类 / which shell
        #[arg(value_enum)]
        shell: completions::CompletionShell,
    },
    /// 生成 man 手册页到文件夹 / write man pages into a folder
    #[command(hide = true)]
    Man {
        /// 目标文件夹 / target folder
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// 站点目录（含 content/）/ site folder holding content/
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// 以此日期计算逾期等（默认 site.yaml 的 as_of，否则今天）/ compute overdue etc. as of this date (YYYY-MM-DD; default: as_of of site.yaml, else today)
    #[arg(long, value_parser = parse_as_of)]
    pub as_of: Option<chrono::NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// 输出格式 / output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub narrow: narrow::NarrowArgs,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// 输出目录（默认 <root>/public）/ output folder (default <root>/public)
    // The text above is also `--help`'s, where `<root>` must stay as it is.
    #[allow(rustdoc::invalid_html_tags)]
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// 覆盖 site.yaml 的 base_url / override base_url of site.yaml
    #[arg(long)]
    pub base_url: Option<String>,
    /// 只生成这个社区（可重复，或用逗号分隔），其他社区已发布的文件原样保留，街道页面重新生成 / build only this community (repeatable or comma-separated); other communities' published files stay as they are, the street's pages are rebuilt
    #[arg(long = "community", value_name = "COMMUNITY", value_delimiter = ',')]
    pub communities: Vec<String>,
}

#[cfg(feature = "serve")]
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// 监听地址；给局域网里的公示屏用 0.0.0.0 / address to listen on; 0.0.0.0 for kiosks on the LAN
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// 端口（0 表示任选一个空闲端口）/ port (0 picks a free one)
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
}

fn parse_as_of(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::validate::parse_date(s).map_err(|_| format!("日期应为 YYYY-MM-DD（date must be YYYY-MM-DD）: {s}"))
}

impl SiteArgs {
    fn options(&self) -> SiteOptions {
        SiteOptions { root: self.root.clone(), check: CheckOptions { as_of: self.as_of, today: None } }
    }
}

impl BuildArgs {
    fn options(&self) -> BuildOptions {
        BuildOptions {
            site: self.site.options(),
            out: self.out.clone(),
            base_url: self.base_url.clone(),
            communities: self.communities.clone(),
        }
    }
}

/// How a command ended; the exit code is derived from it in one place.
#[derive(Debug)]
pub enum ExitStatus {
    Ok,
    ContentErrors,
    Failed(anyhow::Error),
}

/// 0 ok, 1 content errors, 2 usage or operational error.
pub fn exit_code(status: &ExitStatus) -> ExitCode {
    match status {
        ExitStatus::Ok => ExitCode::SUCCESS,
        ExitStatus::ContentErrors => ExitCode::from(1),
        ExitStatus::Failed(_) => ExitCode::from(2),
    }
}

pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = lang::detect(&args);
    let parsed = help::command(lang).try_get_matches_from(&args).and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let failed = parse_error::print(e, lang);
            let code = if failed { ExitStatus::Failed(anyhow::anyhow!("usage")) } else { ExitStatus::Ok };
            return exit_code(&code);
        }
    };
    let status = run(cli, lang);
    if let ExitStatus::Failed(e) = &status {
        colour::print_failure(e);
    }
    exit_code(&status)
}

/// Runs a parsed command; `lang` is the command line's (see [`lang`]).
pub fn run(cli: Cli, lang: crate::diag::Lang) -> ExitStatus {
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Build(args) => build(&args, lang),
        Command::New { dir, as_of } => crate::scaffold::create(&dir, as_of.unwrap_or_else(crate::scaffold::today))
            .map(|()| {
                eprintln!("已在 {} 新建示例站点。下一步：gongshi check --root {}", dir.display(), dir.display());
                ExitStatus::Ok
            })
            .map_err(anyhow::Error::from),
        Command::Schema { dir } => schema::main(&dir),
        #[cfg(feature = "serve")]
        Command::Watch(args) => watch::main(&args.options()),
        #[cfg(feature = "serve")]
        Command::Serve(args) => {
            serve::main(&serve::ServeOptions { build: args.build.options(), bind: args.bind, port: args.port })
        }
        Command::Completions { shell } => {
            completions::write_completions(shell, lang, &mut std::io::stdout().lock());
            Ok(ExitStatus::Ok)
        }
        Command::Man { dir } => completions::write_man_pages(&dir, lang).map(|()| ExitStatus::Ok),
    };
    result.unwrap_or_else(ExitStatus::Failed)
}

fn check(args: &CheckArgs) -> anyhow::Result<ExitStatus> {
    let checked = build::check(&args.site.options())?;
    let unknown = args.narrow.unknown_places(&checked.sources);
    if !unknown.is_empty() {
        anyhow::bail!("content/ 里没有 {0}（no such community or compound in content/: {0}）", unknown.join(", "));
    }
    report::report_narrowed(&checked, args.format, &args.narrow);
    Ok(if checked.diags.iter().any(|d| d.severity == Severity::Error) {
        ExitStatus::ContentErrors
    } else {
        ExitStatus::Ok
    })
}

fn build(args: &BuildArgs, lang: crate::diag::Lang) -> anyhow::Result<ExitStatus> {
    let opts = args.options();
    let built = progress::build_with_progress(&opts, lang)?;
    report(&built.checked, Format::Human);
    let lang = built.checked.lang;
    match &built.published {
        None => {
            eprintln!("{}", report::nothing_built(lang));
            Ok(ExitStatus::ContentErrors)
        }
        Some(r) => {
            let out = opts.out.clone().unwrap_or_else(|| opts.site.root.join("public"));
            eprintln!("{}", report::built(&out, r, lang));
            Ok(ExitStatus::Ok)
        }
    }
}
