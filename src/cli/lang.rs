//! The language of the command line itself (usage, `--help`, clap's own
//! errors, progress): `--lang zh|en` when given, else the user's locale.
//! Content diagnostics keep following `language:` of site.yaml; this only
//! picks the words around them.

use std::ffi::OsString;

use crate::diag::Lang;

/// `--lang` from the raw arguments, else the locale. It is read before clap
/// parses anything, because the parser itself is built in this language.
pub fn detect(args: &[OsString]) -> Lang {
    from_flag(args).unwrap_or_else(|| from_locale(|name| std::env::var(name).ok()))
}

/// `--lang zh`, `--lang=en`; the last one wins, as clap would take it. An
/// unknown value is left for clap to report (in the locale's language).
fn from_flag(args: &[OsString]) -> Option<Lang> {
    let mut found = None;
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        let value = match arg.as_ref() {
            "--" => break,
            "--lang" => args.next().map(|v| v.into_owned()),
            other => other.strip_prefix("--lang=").map(str::to_string),
        };
        match value.as_deref() {
            Some("zh") => found = Some(Lang::Zh),
            Some("en") => found = Some(Lang::En),
            _ => {}
        }
    }
    found
}

/// POSIX order: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and
/// not empty decides (`LANG=C` is English). Where none is set, as on a
/// Windows PC or a macOS app, the system's UI language does.
fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
    let set = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(|name| var(name).filter(|v| !v.is_empty()));
    let locale = set.or_else(sys_locale::get_locale).unwrap_or_default();
    if locale.to_ascii_lowercase().starts_with("zh") { Lang::Zh } else { Lang::En }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("gongshi").chain(list.iter().copied()).map(OsString::from).collect()
    }

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn the_flag_wins_in_both_spellings_and_stops_at_double_dash() {
        assert_eq!(from_flag(&args(&["check", "--lang", "zh"])), Some(Lang::Zh));
        assert_eq!(from_flag(&args(&["--lang=en", "check"])), Some(Lang::En));
        assert_eq!(from_flag(&args(&["--lang", "zh", "--lang", "en"])), Some(Lang::En));
        assert_eq!(from_flag(&args(&["new", "--", "--lang", "zh"])), None);
        assert_eq!(from_flag(&args(&["--lang", "fr"])), None);
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang() {
        assert_eq!(from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(from_locale(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])), Lang::En);
        assert_eq!(from_locale(env(&[("LC_ALL", ""), ("LC_MESSAGES", "zh_TW"), ("LANG", "C")])), Lang::Zh);
        assert_eq!(from_locale(env(&[("LANG", "C.UTF-8")])), Lang::En);
    }
}
