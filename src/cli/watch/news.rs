//! Whether a build's diagnostics are the ones reported last time, decided
//! on the values, not on their rendered text: rendering 20,000 warnings
//! (source lines, carets) on every save only to compare them costs more
//! than the rest of an edit's rebuild.

use std::hash::Hash;

use xxhash_rust::xxh3::Xxh3;

use crate::diag::{Diagnostic, Loc, Severity};

/// A fingerprint of a set of diagnostics: the same whatever their order,
/// different when one is added, removed or moved (its code, severity,
/// message, hint, place or note).
pub(super) fn fingerprint(diags: &[Diagnostic]) -> (usize, u128) {
    let sum = diags.iter().fold(0u128, |acc, d| acc.wrapping_add(one(d)));
    (diags.len(), sum)
}

fn one(d: &Diagnostic) -> u128 {
    let mut h = Xxh3::new();
    (d.severity == Severity::Error).hash(&mut h);
    d.code.hash(&mut h);
    d.message.hash(&mut h);
    d.hint.hash(&mut h);
    loc(d.loc, &mut h);
    if let Some((l, text)) = &d.note {
        loc(Some(*l), &mut h);
        text.hash(&mut h);
    }
    h.digest128()
}

fn loc(l: Option<Loc>, h: &mut Xxh3) {
    match l {
        None => 0u8.hash(h),
        Some(Loc::Span(s)) => (1u8, s.file.0, s.start, s.end).hash(h),
        Some(Loc::At { file, line, col }) => (2u8, file.0, line, col).hash(h),
        Some(Loc::File(file)) => (3u8, file.0).hash(h),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, FileId, Span, Text};

    fn warn(start: usize, msg: &str) -> Diagnostic {
        Diagnostic::warning(Code::FileUnexpected, Span::new(FileId(3), start, start + 2), Text::new(msg, msg))
    }

    #[test]
    fn same_set_same_fingerprint_whatever_the_order() {
        let a = vec![warn(1, "x"), warn(5, "y")];
        let b = vec![warn(5, "y"), warn(1, "x")];
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_ne!(fingerprint(&a), fingerprint(&[warn(1, "x"), warn(6, "y")]), "a moved warning is news");
        assert_ne!(fingerprint(&a), fingerprint(&[warn(1, "x"), warn(5, "z")]), "a changed message is news");
        assert_ne!(fingerprint(&a), fingerprint(&[warn(1, "x")]), "a fixed warning is news");
        let mut err = warn(1, "x");
        err.severity = Severity::Error;
        assert_ne!(fingerprint(&[warn(1, "x")]), fingerprint(&[err]));
    }
}
