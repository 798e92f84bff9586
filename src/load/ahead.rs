//! A case's private values, read ahead of the rest of the city. The
//! register of private values must hold every compound's before any
//! compound is validated, while a one-shot build reads each compound's
//! files only when it validates that compound (see [`super::load`]): so
//! every case file is read twice, and this first read must be cheap.
//!
//! A case keeps its `private:` block as one top-level key of the front
//! matter; when that is plain to see (the word appears once, at the start
//! of a line, with no escape that could spell it elsewhere), only that
//! block is parsed. Anything else is parsed whole. Either way the values
//! are those a whole parse gives, and the second read checks that they are
//! ([`super::LoadedCompound::read_deferred`]): a file that disagrees is an
//! error, never a gap in the register.

use super::raw::{FromNode, RawCase, RawPrivate, Sink};
use super::walk::FileKind;
use super::yaml::Node;
use super::{Parsed, parse_text, text};
use crate::diag::{FileId, SourceFile};

/// The private values of a case file's bytes, in the order of the file;
/// none when it cannot be decoded or parsed (its second read says why).
pub(super) fn private_values(file: FileId, bytes: &[u8]) -> Vec<String> {
    // UTF-8 as it is (its control characters are the second read's to
    // report); other encodings through the one decoder.
    // Borrowed: the text is copied only for a whole parse.
    let text: std::borrow::Cow<str> = match std::str::from_utf8(bytes) {
        Ok(t) => t.into(),
        Err(_) => match text::decode(file, bytes) {
            Ok((t, _)) => t.into(),
            Err(_) => return Vec::new(),
        },
    };
    let Ok(fm) = text::split_front_matter(file, &text, "") else { return Vec::new() };
    if let Some(values) = quick(file, &text[fm.yaml]) {
        return values;
    }
    match parse_text(file, SourceFile::new(String::new(), text.into_owned()), FileKind::Case).1 {
        Some(Parsed::Case(raw, _)) => values_of(&raw),
        _ => Vec::new(),
    }
}

/// A parsed case's private values, as the register takes them.
pub(super) fn values_of(raw: &RawCase) -> Vec<String> {
    values(raw.private.as_ref())
}

fn values(private: Option<&RawPrivate>) -> Vec<String> {
    let mut values = Vec::new();
    if let Some(p) = private {
        p.each_value(|v| values.push(v.to_string()));
    }
    values
}

/// The values of the `private:` block parsed alone; `None` when the front
/// matter does not show it plainly enough to be sure.
fn quick(file: FileId, yaml: &str) -> Option<Vec<String>> {
    // `"\u0070rivate"` is a key `private` too; a Tab's width is guessed
    // by the whole parse (`recover`).
    if yaml.contains(['\\', '\t']) {
        return None;
    }
    let mut found = yaml.match_indices("private");
    let Some((at, _)) = found.next() else { return Some(Vec::new()) };
    let after = yaml[at + "private".len()..].strip_prefix(':')?;
    let plain = found.next().is_none()
        && (at == 0 || yaml.as_bytes()[at - 1] == b'\n')
        && after.chars().next().is_none_or(|c| c == ' ' || c == '\n' || c == '\r');
    if !plain {
        return None;
    }
    // The block runs to the next line that starts at the margin.
    let first_end = after.find('\n').map_or(yaml.len(), |i| at + "private:".len() + i + 1);
    let mut end = first_end;
    for line in yaml[first_end..].split_inclusive('\n') {
        match line.as_bytes().first() {
            Some(b' ' | b'#' | b'\n' | b'\r') => end += line.len(),
            // A sequence may sit at the key's indentation: parse it whole.
            Some(b'-') => return None,
            _ => break,
        }
    }
    let block = SourceFile::new(String::new(), yaml[at..end].to_string());
    let node = super::yaml::parse(file, &block, 0..block.text.len()).ok()?;
    let Node::Map(entries) = &node.value else { return None };
    let [(key, value)] = entries.as_slice() else { return None };
    if key.value != "private" {
        return None;
    }
    Some(values(RawPrivate::from_node(value, &mut Sink::default()).as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values a whole parse of the case gives.
    fn whole(fm: &str) -> Vec<String> {
        let text = format!("---\n{fm}---\n正文\n");
        match parse_text(FileId(0), SourceFile::new(String::new(), text), FileKind::Case).1 {
            Some(Parsed::Case(raw, _)) => values_of(&raw),
            _ => Vec::new(),
        }
    }

    const HEAD: &str = "title: 电梯停运\nreceived: 2026-10-08\nlead: property_company\nstatus: received\n";

    #[test]
    fn the_quick_read_gives_what_a_whole_parse_gives_or_declines() {
        let blocks = [
            "private:\n  reporter: 欧阳宇波\n  phone: \"13793917516\"\n  room: 21号楼1单元1103室\n",
            "private:\n  reporter: 张三\n# 备注\n\n  phone: '138 0013 8000'\n",
            "private: {reporter: 李四, phone: 13800138000}\n",
            "private:\n  names: [王五, 赵六]\n  more:\n    room: 3号楼\n",
            "private:\n- 王五\n",
            "private:\n",
            "private: ~\n",
            "\"private\":\n  reporter: 张三\n",
            "\"\\u0070rivate\":\n  reporter: 张三\n",
            "private :\n  reporter: 张三\n",
            "private:\n  reporter: &a 张三\n",
            "private:\n  reporter: 张三\n  note: private 信息\n",
            "private:\n\treporter: 张三\n",
            "privately: 张三\n",
        ];
        let mut quick_read = 0;
        for block in blocks {
            for fm in [format!("{HEAD}{block}"), format!("{block}{HEAD}")] {
                let want = whole(&fm);
                if let Some(got) = quick(FileId(0), &fm) {
                    quick_read += 1;
                    assert_eq!(got, want, "{fm}");
                }
                let text = format!("---\n{fm}---\n正文\n");
                assert_eq!(private_values(FileId(0), text.as_bytes()), want, "{fm}");
            }
        }
        // The usual shapes take the quick read.
        assert!(quick_read >= 10, "{quick_read}");
        assert_eq!(whole(&format!("{HEAD}{}", blocks[0])), ["欧阳宇波", "13793917516", "21号楼1单元1103室"]);
    }
}
