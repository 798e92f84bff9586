//! Shell completions and man pages, generated from the same clap command as
//! parsing and `--help` (see [`super::help`]), in the command line's language.

use std::path::Path;

use anyhow::Context as _;
use clap_complete::Shell;

use super::help;
use crate::diag::Lang;

/// The shells `gongshi completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

/// Writes the completion script for `shell` to `out`.
pub fn write_completions(shell: CompletionShell, lang: Lang, out: &mut dyn std::io::Write) {
    let shell = match shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
        CompletionShell::Powershell => Shell::PowerShell,
    };
    clap_complete::generate(shell, &mut help::command(lang), "gongshi", out);
}

/// Writes `gongshi.1` and one page per command (`gongshi-check.1`, ...) into `dir`.
pub fn write_man_pages(dir: &Path, lang: Lang) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(help::man_command(lang), dir)
        .with_context(|| format!("cannot write into {}", dir.display()))
}
