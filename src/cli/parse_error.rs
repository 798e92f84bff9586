//! clap's own errors (a mistyped flag, a bad value) in Chinese. clap renders
//! them in English only; its `ErrorFormatter` hook gets the same context its
//! own `RichFormatter` uses, so this follows that formatter kind by kind.
//! Hand-written because the one crate that localises it
//! (clap-i18n-richformatter) brings Fluent and picks the language from the
//! desktop by itself, where `--lang` must decide.

use std::fmt::Write as _;

use clap::builder::{StyledStr, Styles};
use clap::error::{ContextKind, ContextValue, Error, ErrorFormatter, ErrorKind};

use crate::diag::Lang;

/// Prints a parse error or the help/version text clap stopped at, and
/// says whether it was an error (exit 2) or not (exit 0).
pub fn print(error: Error, lang: Lang) -> bool {
    let is_error = error.use_stderr();
    let _ = match lang {
        Lang::En => error.print(),
        Lang::Zh => error.apply::<Chinese>().print(),
    };
    is_error
}

#[derive(Debug)]
struct Chinese;

impl ErrorFormatter for Chinese {
    fn format_error(error: &Error<Self>) -> StyledStr {
        let styles = Styles::default();
        let (err, valid, literal) = (styles.get_error(), styles.get_valid(), styles.get_literal());
        let mut out = String::new();
        let _ = write!(out, "{err}错误：{err:#}");
        out.push_str(&message(error, &styles).unwrap_or_else(|| fallback(error)));

        let mut tips = Vec::new();
        for (kind, what) in [
            (ContextKind::SuggestedSubcommand, "命令"),
            (ContextKind::SuggestedArg, "参数"),
            (ContextKind::SuggestedValue, "值"),
        ] {
            if let Some(names) = error.get(kind) {
                let names = strings(names).iter().map(|n| format!("'{valid}{n}{valid:#}'")).collect::<Vec<_>>();
                tips.push(format!("  {valid}提示：{valid:#}有相近的{what}：{}", names.join("、")));
            }
        }
        if let Some(ContextValue::StyledStrs(suggestions)) = error.get(ContextKind::Suggested) {
            for s in suggestions {
                tips.push(format!("  {valid}提示：{valid:#}{}", s.ansi()));
            }
        }
        if !tips.is_empty() {
            out.push_str("\n\n");
            out.push_str(&tips.join("\n"));
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            out.push_str("\n\n");
            // clap's usage starts with an English, styled "Usage: ".
            let plain = usage.to_string();
            let header = styles.get_usage();
            let _ = write!(out, "{header}用法：{header:#}{}", plain.strip_prefix("Usage: ").unwrap_or(&plain));
        }
        let _ = writeln!(out, "\n\n更多信息请运行 '{literal}--help{literal:#}'。");
        StyledStr::from(out)
    }
}

/// The sentence for each kind of error, from its context; `None` when the
/// context lacks what the sentence needs (clap then has only the kind).
fn message(error: &Error<Chinese>, styles: &Styles) -> Option<String> {
    let (valid, invalid, literal) = (styles.get_valid(), styles.get_invalid(), styles.get_literal());
    let string = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let number = |kind| match error.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    };
    let list = |kind, name: &str| match error.get(kind) {
        Some(v) if !strings(v).is_empty() => {
            let items = strings(v).iter().map(|s| format!("{valid}{s}{valid:#}")).collect::<Vec<_>>();
            format!("\n  [{name}：{}]", items.join(", "))
        }
        _ => String::new(),
    };
    let arg = string(ContextKind::InvalidArg);
    let value = string(ContextKind::InvalidValue);
    Some(match error.kind() {
        ErrorKind::UnknownArgument => format!("无法识别的参数 '{invalid}{}{invalid:#}'", arg?),
        ErrorKind::InvalidSubcommand => {
            format!("没有这个命令 '{invalid}{}{invalid:#}'", string(ContextKind::InvalidSubcommand)?)
        }
        ErrorKind::InvalidValue => {
            let (arg, value) = (arg?, value?);
            let head = if value.is_empty() {
                format!("'{literal}{arg}{literal:#}' 需要一个值，但没有给出")
            } else {
                format!("'{literal}{arg}{literal:#}' 的值 '{invalid}{value}{invalid:#}' 无效")
            };
            head + &list(ContextKind::ValidValue, "可选的值")
        }
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(error).map(|s| format!("：{s}")).unwrap_or_default();
            format!("'{literal}{}{literal:#}' 的值 '{invalid}{}{invalid:#}' 无效{reason}", arg?, value?)
        }
        ErrorKind::NoEquals => format!("给 '{invalid}{}{invalid:#}' 赋值需要用等号", arg?),
        ErrorKind::TooManyValues => {
            format!("'{literal}{}{literal:#}' 多出了一个值 '{invalid}{}{invalid:#}'", arg?, value?)
        }
        ErrorKind::TooFewValues => format!(
            "'{literal}{}{literal:#}' 至少需要 {valid}{}{valid:#} 个值，只给了 {invalid}{}{invalid:#} 个",
            arg?,
            number(ContextKind::MinValues)?,
            number(ContextKind::ActualNumValues)?
        ),
        ErrorKind::WrongNumberOfValues => format!(
            "'{literal}{}{literal:#}' 需要 {valid}{}{valid:#} 个值，给了 {invalid}{}{invalid:#} 个",
            arg?,
            number(ContextKind::ExpectedNumValues)?,
            number(ContextKind::ActualNumValues)?
        ),
        ErrorKind::ArgumentConflict => {
            let arg = arg?;
            match error.get(ContextKind::PriorArg) {
                Some(ContextValue::String(prior)) if *prior == arg => {
                    format!("参数 '{invalid}{arg}{invalid:#}' 只能用一次")
                }
                Some(prior) => {
                    let others =
                        strings(prior).iter().map(|p| format!("'{invalid}{p}{invalid:#}'")).collect::<Vec<_>>();
                    format!("参数 '{invalid}{arg}{invalid:#}' 不能与 {} 同时使用", others.join("、"))
                }
                None => format!("参数 '{invalid}{arg}{invalid:#}' 不能与其他参数同时使用"),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = match error.get(ContextKind::InvalidArg)? {
                ContextValue::Strings(v) => v.iter().map(|a| format!("\n  {valid}{a}{valid:#}")).collect::<String>(),
                _ => return None,
            };
            format!("缺少必需的参数：{missing}")
        }
        ErrorKind::MissingSubcommand => {
            let sub = string(ContextKind::InvalidSubcommand)?;
            format!("'{invalid}{sub}{invalid:#}' 后面需要一个命令") + &list(ContextKind::ValidSubcommand, "命令")
        }
        _ => return None,
    })
}

/// The kinds without context: a sentence per kind, else clap's own text.
fn fallback(error: &Error<Chinese>) -> String {
    match error.kind() {
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_string(),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "需要一个命令".to_string()
        }
        ErrorKind::ArgumentConflict => "参数之间有冲突".to_string(),
        ErrorKind::UnknownArgument => "无法识别的参数".to_string(),
        kind => kind.as_str().unwrap_or("命令行有误").to_string(),
    }
}

fn strings(value: &ContextValue) -> Vec<String> {
    match value {
        ContextValue::String(s) => vec![s.clone()],
        ContextValue::Strings(v) => v.clone(),
        _ => Vec::new(),
    }
}
