//! The site-wide register of private values.
//!
//! Every value of every case's `private:` block, and each of its parts, is
//! held here normalised. The register can answer one question only: "does
//! this text contain a registered value, and in whose private block is it?"
//! It is not `Serialize` or `Display`, its `Debug` prints a count, and no
//! method hands a value back, so nothing built from it can print one.

use std::ops::Range;

use aho_corasick::AhoCorasick;

use crate::diag::FileId;
use crate::load::Loaded;
use crate::privacy::normalize::{Mode, Normalized, normalize};

/// Where a private value was found in normalised text, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterHit {
    /// Byte range in the normalised (compact) text.
    pub range: Range<usize>,
    /// The case files whose `private:` blocks hold the value (at least one).
    pub owners: Vec<FileId>,
}

#[derive(Default)]
pub struct Register {
    matcher: Option<AhoCorasick>,
    /// Per pattern: the case files holding it, and whether it starts / ends with a digit.
    owners: Vec<(Vec<FileId>, bool, bool)>,
    fingerprint: u128,
}

impl std::fmt::Debug for Register {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Register({} values)", self.owners.len())
    }
}

/// Chars a private value is split on into parts (a block may list several
/// people: `reporter: 金美玲、钱秀英`).
fn is_part_separator(c: char) -> bool {
    matches!(c, '、' | '，' | ',' | ';' | '；' | '/' | '和' | '及') || c.is_whitespace()
}

/// A part that only names a building or unit (`12号楼`, `2单元`) is public
/// anyway; registering it would flag every notice about that building.
fn is_building_only(part: &str) -> bool {
    let rest = part.trim_end_matches(['号', '楼', '栋', '幢', '座', '单', '元', '#']);
    rest.len() < part.len() && rest.chars().all(|c| c.is_ascii_digit())
}

impl Register {
    /// Every value of every `private:` block of the site, with its file, as
    /// the load read them ahead of the rest.
    pub fn values(loaded: &Loaded) -> &[(FileId, String)] {
        &loaded.private
    }

    /// The register of [`Register::values`].
    pub fn from_values(values: &[(FileId, String)]) -> Register {
        Register::new(values.iter().map(|(f, v)| (*f, v.as_str())))
    }

    /// Registers each value whole and each of its parts of two or more chars.
    pub fn new<'a>(values: impl IntoIterator<Item = (FileId, &'a str)>) -> Register {
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<(Vec<FileId>, bool, bool)> = Vec::new();
        // Pattern → its index: a city registers ~190,000 values at 1,000
        // compounds, where a linear search made building the register
        // quadratic (74 % of a 1,000-compound `check`).
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut add = |owner: FileId, text: &str| {
            let n = normalize(text.trim(), Mode::Compact).text.trim().to_string();
            if n.chars().count() < 2 || is_building_only(&n) {
                return;
            }
            if let Some(&i) = index.get(&n) {
                let holders = &mut owners[i].0;
                if !holders.contains(&owner) {
                    holders.push(owner);
                }
                return;
            }
            let digit_at = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
            owners.push((vec![owner], digit_at(n.chars().next()), digit_at(n.chars().next_back())));
            index.insert(n.clone(), patterns.len());
            patterns.push(n);
        };
        for (owner, value) in values {
            add(owner, value);
            for part in value.split(is_part_separator) {
                add(owner, part);
            }
        }
        let fingerprint = {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            for (p, (holders, ..)) in patterns.iter().zip(&owners) {
                h.update(p.as_bytes());
                for o in holders {
                    h.update(&o.0.to_le_bytes());
                }
                h.update(b"\0");
            }
            h.digest128()
        };
        let matcher =
            (!patterns.is_empty()).then(|| AhoCorasick::builder().ascii_case_insensitive(true).build(&patterns));
        Register { matcher: matcher.and_then(Result::ok), owners, fingerprint }
    }

    pub fn is_empty(&self) -> bool {
        self.owners.is_empty()
    }

    /// A hash of the registered values: what cached validations depend on.
    pub fn fingerprint(&self) -> u128 {
        self.fingerprint
    }

    /// Registered values in `text` (normalised in [`Mode::Compact`]), in
    /// order, not overlapping. A value that starts or ends with a digit only
    /// counts where the reader sees a whole number: not inside a longer run
    /// of digits, nor in front of a decimal point.
    pub fn find(&self, text: &Normalized) -> Vec<RegisterHit> {
        let Some(matcher) = &self.matcher else { return Vec::new() };
        let t = &text.text;
        let digit_before = |at: usize| {
            let mut back = t[..at].chars().rev();
            match back.next() {
                Some(c) if c.is_ascii_digit() => !text.is_group_edge(at),
                Some('.') => back.next().is_some_and(|c| c.is_ascii_digit()),
                _ => false,
            }
        };
        let digit_after = |at: usize| {
            let mut fwd = t[at..].chars();
            match fwd.next() {
                Some(c) if c.is_ascii_digit() => !text.is_group_edge(at),
                Some('.') => fwd.next().is_some_and(|c| c.is_ascii_digit()),
                _ => false,
            }
        };
        let mut hits: Vec<RegisterHit> = Vec::new();
        for m in matcher.find_overlapping_iter(t.as_str()) {
            let (owners, digit_start, digit_end) = &self.owners[m.pattern().as_usize()];
            let (digit_start, digit_end) = (*digit_start, *digit_end);
            if (digit_start && digit_before(m.start())) || (digit_end && digit_after(m.end())) {
                continue;
            }
            hits.push(RegisterHit { range: m.start()..m.end(), owners: owners.clone() });
        }
        hits.sort_by_key(|h| (h.range.start, std::cmp::Reverse(h.range.end)));
        let mut out: Vec<RegisterHit> = Vec::new();
        for h in hits {
            if out.last().is_none_or(|l| h.range.start >= l.range.end) {
                out.push(h);
            }
        }
        out
    }
}
