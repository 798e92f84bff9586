//! What a diagnostic may show to someone other than the staff member at the
//! terminal.
//!
//! The terminal shows the source line under each diagnostic: the person who
//! wrote the file sees their own text. Anything that leaves the machine (the
//! live-reload overlay and events of `serve`, which every preview tab and,
//! with `--bind 0.0.0.0`, the whole LAN receives) gets the location, code and
//! message, but the source line is masked when it lies in a case's
//! `private:` block or when the diagnostic is about personal information on
//! that line.
//!
//! The `private:` block is found in the text, not in the parsed YAML, because
//! the diagnostics that matter most here are the ones about a file that did
//! not parse: a typo inside the block. It reaches from the `private:` line to
//! the next line that starts a top-level key (`name:` at column 0) or ends the
//! front matter; a broken line at column 0 inside it stays inside.

use super::{Code, SourceFile};

/// The mask shown for every char of a hidden line.
const MASK: char = '█';

/// True when 1-based `line` of `file` lies inside a top-level `private:` block.
pub fn in_private_block(file: &SourceFile, line: u32) -> bool {
    private_lines(file).nth((line as usize).saturating_sub(1)).is_some_and(|(inside, _)| inside)
}

/// Each line of `file`, with whether it lies inside a `private:` block.
fn private_lines(file: &SourceFile) -> impl Iterator<Item = (bool, &str)> {
    let mut inside = false;
    file.text.split('\n').map(move |text| {
        let text = text.trim_end_matches('\r').trim_start_matches('\u{feff}');
        if is_key(text, "private") {
            inside = true;
        } else if text.trim_end() == "---" || text.trim_end() == "..." || top_level_key(text) {
            inside = false;
        }
        (inside, text)
    })
}

/// `key:` at column 0, followed by a space, the end of the line, or a flow value.
fn is_key(line: &str, key: &str) -> bool {
    line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':'))
}

fn top_level_key(line: &str) -> bool {
    let Some((key, _)) = line.split_once(':') else { return false };
    !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// True when a diagnostic's source line must not leave the machine.
pub fn hides_line(code: Code, file: &SourceFile, line: u32) -> bool {
    is_personal(code) || in_private_block(file, line)
}

/// Codes whose line holds a phone, ID or room number, or a private value.
fn is_personal(code: Code) -> bool {
    matches!(
        code,
        Code::PiiMobile
            | Code::PiiIdNumber
            | Code::PiiSuspectId
            | Code::PiiRoom
            | Code::PiiPrivateLeak
            | Code::PiiName
            | Code::PiiRosterMobile
    )
}

/// The line with every visible char masked; spaces stay, so the caret
/// still points at the column.
pub fn mask(line: &str) -> String {
    line.chars().map(|c| if c.is_whitespace() { c } else { MASK }).collect()
}

/// Removes from a message the values written in the `private:` block of
/// `file` (a parser's message may quote the text it stumbled on).
pub fn scrub(message: &str, file: &SourceFile) -> String {
    if !file.text.contains("private") {
        return message.to_string();
    }
    let mut out = message.to_string();
    for (_, line) in private_lines(file).filter(|(inside, _)| *inside) {
        let value = line.split_once(':').map_or(line, |(_, v)| v);
        for word in value.split(|c: char| c.is_whitespace() || "\"'{}[],:、，".contains(c)) {
            if word.chars().count() >= 2 && out.contains(word) {
                out = out.replace(word, &MASK.to_string().repeat(3));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("c.md".into(), text.into())
    }

    #[test]
    fn the_private_block_reaches_to_the_next_key() {
        let f = file(
            "---\ntitle: 漏水\nprivate:\n  reporter: 金美玲\nphone 13858007764\n  room: 1-2-301\nstatus: open\n---\n正文\n",
        );
        let inside: Vec<u32> = (1..=9).filter(|&l| in_private_block(&f, l)).collect();
        assert_eq!(inside, [3, 4, 5, 6]);
        let flow = file("private: {phone: \"138\n");
        assert!(in_private_block(&flow, 1));
    }

    #[test]
    fn masking_keeps_spaces_and_scrub_removes_values() {
        assert_eq!(mask("  phone: 138"), "  ██████ ███");
        let f = file("private:\n  phone: \"13858007764\n");
        assert_eq!(scrub("found 13858007764 here", &f), "found ███ here");
    }
}
