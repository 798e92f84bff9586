//! The publish gate: the last look at every output file before the swap.
//!
//! Validation checks each public field; the gate checks what was actually
//! rendered, so a template, a theme override or a future feature that puts
//! private text on a page still cannot publish it. Every output path, every
//! HTML/XML text node and attribute value (entities decoded), and every other
//! text file is normalised by [`normalize_unmapped`] (the one normaliser,
//! without the source map no gate message needs) and searched for
//! unapproved phone, ID and room numbers and for every registered private
//! value. Any hit fails the build before anything is published; the error
//! names the output file and what was found, never the value.
//!
//! The HTML reading is a small tag skipper rather than an HTML parser: the
//! pages are our own renderer's output, and all the gate needs is which
//! text a reader reads together. Inline tags (`138<b>5800</b>7764` reads
//! as one number) are dropped, every other tag separates.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::error::Error;
use crate::privacy::Register;
use crate::privacy::normalize::{Mode, compact_from_readable, normalize_unmapped};
use crate::render::{Content, OutFile};
use crate::validate::pii::{self, PiiKind};

/// What the gate checks against: the site's private values and the numbers
/// it may publish (declared duty phones, `pii_allow`).
#[derive(Debug, Clone, Default)]
pub struct Gate {
    register: Arc<Register>,
    allowed: Arc<HashSet<String>>,
    /// A hash of both: a file that passed once passes again while it holds.
    fingerprint: u128,
}

/// What repeated builds (`watch`, `serve`) keep: the files that passed, by
/// a hash of their path, bytes and the gate's inputs, so an edit re-reads
/// only the files it changed.
#[derive(Debug, Default)]
pub struct GateCache {
    passed: HashSet<u128>,
}

impl GateCache {
    /// What the build cache file keeps: hashes of files that passed (each
    /// salted with the gate's inputs, so nothing private can be read back).
    pub(crate) fn save(&self) -> Vec<u128> {
        let mut v: Vec<u128> = self.passed.iter().copied().collect();
        v.sort_unstable();
        v
    }

    pub(crate) fn restore(saved: Vec<u128>) -> GateCache {
        GateCache { passed: saved.into_iter().collect() }
    }
}

/// One build's pass of the gate, file by file as they are rendered (from
/// many workers at once): every leak is collected, and the build fails at
/// [`GateRun::finish`], before its release is swapped in.
pub(crate) struct GateRun<'a> {
    gate: &'a Gate,
    before: HashSet<u128>,
    passed: Mutex<HashSet<u128>>,
    leaks: Mutex<Vec<Leak>>,
}

impl<'a> GateRun<'a> {
    pub(crate) fn new(gate: &'a Gate, cache: &mut GateCache) -> GateRun<'a> {
        let before = std::mem::take(&mut cache.passed);
        GateRun { gate, passed: Mutex::new(HashSet::with_capacity(before.len())), before, leaks: Mutex::default() }
    }

    /// Checks one rendered file: true when it passes; a leak is recorded.
    pub(crate) fn file(&self, f: &OutFile) -> bool {
        let hash = match &f.content {
            Content::Bytes(b) => Some(f.hash.unwrap_or_else(|| xxhash_rust::xxh3::xxh3_128(b))),
            Content::Copy(_) => None,
        };
        let key = self.gate.key(&f.path, hash);
        if !self.before.contains(&key)
            && let Some(leak) = self.gate.file(f)
        {
            lock(&self.leaks).push(leak);
            return false;
        }
        lock(&self.passed).insert(key);
        true
    }

    /// Whether an earlier build's gate passed this very file (path and
    /// bytes): then [`GateRun::kept`] needs no bytes.
    pub(crate) fn passed_before(&self, k: &crate::render::Kept) -> bool {
        self.before.contains(&self.gate.key(&k.path, (!k.copied).then_some(k.hash)))
    }

    /// Checks a file of an earlier render by its bytes as published: true
    /// when it passes. A leak is not recorded: the caller renders the file
    /// again, and the fresh file is checked and recorded by [`GateRun::file`].
    /// Without its bytes, it passes only if it [passed before](GateRun::passed_before).
    pub(crate) fn kept(&self, k: &crate::render::Kept, bytes: Option<&[u8]>) -> bool {
        let key = self.gate.key(&k.path, (!k.copied).then_some(k.hash));
        if !self.before.contains(&key) {
            let Some(bytes) = bytes else { return false };
            let content = if k.copied { Content::Copy(Default::default()) } else { Content::Bytes(bytes.into()) };
            let f = OutFile { path: k.path.clone(), content, hash: Some(k.hash) };
            if self.gate.file(&f).is_some() {
                return false;
            }
        }
        lock(&self.passed).insert(key);
        true
    }

    /// Every leak found (sorted by path), or a pass; the files that passed
    /// go into `cache` for the next build.
    pub(crate) fn finish(self, cache: &mut GateCache) -> Result<(), Error> {
        cache.passed = self.passed.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut leaks = self.leaks.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        if leaks.is_empty() {
            return Ok(());
        }
        leaks.sort_by(|a, b| a.path.cmp(&b.path));
        let list: Vec<String> = leaks.iter().map(|l| format!("{}：{}", l.path, l.what)).collect();
        Err(Error::PrivacyGate(list.join("\n")))
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One output file that failed the gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leak {
    /// The output path, relative to the output folder.
    pub path: String,
    /// What was found, in Chinese and English (never the value itself).
    pub what: &'static str,
}

impl Gate {
    pub fn new(register: impl Into<Arc<Register>>, allowed: HashSet<String>) -> Gate {
        let register = register.into();
        let mut sorted: Vec<&String> = allowed.iter().collect();
        sorted.sort();
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&register.fingerprint().to_le_bytes());
        for a in sorted {
            h.update(a.as_bytes());
            h.update(b"\0");
        }
        let fingerprint = h.digest128();
        Gate { register, allowed: Arc::new(allowed), fingerprint }
    }

    /// Fails with every leaking output file (sorted), or passes.
    pub fn check(&self, files: &[OutFile]) -> Result<(), Error> {
        self.check_with(files, &mut GateCache::default())
    }

    /// [`Gate::check`], skipping files that passed before unchanged.
    pub fn check_with(&self, files: &[OutFile], cache: &mut GateCache) -> Result<(), Error> {
        let run = GateRun::new(self, cache);
        files.par_iter().for_each(|f| {
            run.file(f);
        });
        run.finish(cache)
    }

    /// A hash of a file's path and bytes (of its path only for a file
    /// published as is: the gate reads no attachment) and the gate's inputs.
    fn key(&self, path: &str, hash: Option<u128>) -> u128 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&self.fingerprint.to_le_bytes());
        h.update(path.as_bytes());
        if let Some(hash) = hash {
            h.update(&hash.to_le_bytes());
        }
        h.digest128()
    }

    /// The first leak in one output file, if any.
    pub fn file(&self, f: &OutFile) -> Option<Leak> {
        let leak = |what| Some(Leak { path: f.path.clone(), what });
        if let Some(what) = self.text(&f.path) {
            return leak(what);
        }
        let Content::Bytes(bytes) = &f.content else { return None };
        let Ok(text) = std::str::from_utf8(bytes) else { return None };
        let markup = [".html", ".htm", ".xml", ".svg", ".xhtml"].iter().any(|e| f.path.ends_with(e));
        if !markup {
            return self.text(text).and_then(leak);
        }
        let (reader_text, attributes) = split_markup(text);
        self.text(&reader_text).or_else(|| self.text(&attributes)).and_then(leak)
    }

    /// What `text` leaks, if anything.
    fn text(&self, text: &str) -> Option<&'static str> {
        let readable = normalize_unmapped(text, Mode::Readable);
        for hit in pii::scan(&readable.text) {
            let written = &readable.text[hit.range.clone()];
            if self.allowed.contains(&hit.canonical) || self.allowed.contains(written) {
                continue;
            }
            return match hit.kind {
                PiiKind::Mobile => Some("手机号码（a mobile number）"),
                PiiKind::IdNumber => Some("身份证号码（an ID number）"),
                PiiKind::Room => Some("房号（a room number）"),
                PiiKind::SuspectIdNumber => continue,
            };
        }
        if !self.register.is_empty() && !self.register.find(&compact_from_readable(&readable)).is_empty() {
            return Some("private: 里的信息（a value of a private: block）");
        }
        None
    }
}

/// Tags a reader reads through: the text on both sides is one run.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
];

/// The text of a page as read (inline tags dropped, other tags as a break)
/// and its attribute values, each on its own, separated by `|`.
fn split_markup(html: &str) -> (String, String) {
    let mut text = String::with_capacity(html.len());
    let mut attrs = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").map_or(after.len(), |i| i + 3);
            text.push('|');
            rest = &after[end..];
            continue;
        }
        let (tag, len) = read_tag(rest, &mut attrs);
        if !INLINE.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            text.push('|');
        }
        rest = &rest[len..];
    }
    text.push_str(rest);
    (text, attrs)
}

/// Reads one tag at `s` (starting with `<`): its name and length; its
/// attribute values are appended to `attrs`.
fn read_tag<'a>(s: &'a str, attrs: &mut String) -> (&'a str, usize) {
    let name_start = if s[1..].starts_with('/') { 2 } else { 1 };
    let name_len = s[name_start..].find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(s.len() - name_start);
    let name = &s[name_start..name_start + name_len];
    let mut i = name_start + name_len;
    let bytes = s.as_bytes();
    while i < s.len() {
        match bytes[i] {
            b'>' => return (name, i + 1),
            q @ (b'"' | b'\'') => {
                let end = s[i + 1..].find(char::from(q)).map_or(s.len(), |k| i + 1 + k);
                attrs.push_str(&s[i + 1..end]);
                attrs.push('|');
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    (name, s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate() -> Gate {
        let register = Register::new([(crate::diag::FileId(0), "金美玲、13800001234")]);
        Gate::new(register, HashSet::from(["057188882201".to_string()]))
    }

    fn page(path: &str, html: &str) -> OutFile {
        OutFile { path: path.to_string(), content: Content::Bytes(html.as_bytes().into()), hash: None }
    }

    fn leak(path: &str, html: &str) -> Option<&'static str> {
        gate().file(&page(path, html)).map(|l| l.what)
    }

    #[test]
    fn text_split_by_inline_tags_and_entities_is_read_whole() {
        assert!(leak("a/index.html", "<p>电话138<b>5800</b>7764</p>").is_some());
        assert!(leak("a/index.html", "<p>1&#51;8&nbsp;5800&#x2060;7764</p>").is_some());
        assert!(leak("a/index.html", "<p>金<span>美</span>玲</p>").is_some());
    }

    #[test]
    fn attributes_file_names_json_and_feeds() {
        assert!(leak("a/index.html", "<a href=\"tel:%2B8613858007764\">拨打</a>").is_some());
        assert!(leak("a/index.html", "<img alt=\"金美玲\" src=\"x.png\">").is_some());
        assert!(leak("cases/12-2-1801/index.html", "<p>ok</p>").is_some());
        assert!(leak("data.json", "{\"title\":\"13800001234\"}").is_some());
        assert!(leak("feed.xml", "<title>金 美 玲</title>").is_some());
    }

    #[test]
    fn what_may_be_published_passes() {
        assert_eq!(leak("a/index.html", "<p>值班电话 0571-88882201</p><td>138</td><td>00138000</td>"), None);
        assert_eq!(leak("a/2026-031/index.html", "<time datetime=\"2026-11-05\">2026年11月5日</time>"), None);
        assert_eq!(leak("data.json", "{\"amount\":13800.00,\"len\":13800}"), None);
    }

    fn spell(d: u8, form: u8) -> String {
        let d32 = u32::from(d);
        let c = match form % 8 {
            0 => char::from(b'0' + d),
            1 => char::from_u32(0xFF10 + d32).unwrap_or('?'),
            2 => char::from_u32(0x1D7CE + d32).unwrap_or('?'),
            3 => ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'][usize::from(d)],
            4 => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'][usize::from(d)],
            5 => return format!("&#{};", 48 + d32),
            6 => return format!("&#x{:x};", 48 + d32),
            _ => char::from_u32(0x0660 + d32).unwrap_or('?'),
        };
        c.to_string()
    }

    const SEPARATORS: &[&str] =
        &[" ", "-", "—", "——", "–", ".", "/", "·", "\t", "\n", "&nbsp;", "\\-", "*", "　", " - ", "\u{200B}-"];

    proptest::proptest! {
        /// For a random private mobile number and a random spelling built
        /// from the normaliser's equivalences (3-4-4 groups or one run), the
        /// page fails the gate twice over: as a phone pattern and as a
        /// registered value.
        #[test]
        fn a_private_number_in_any_spelling_never_passes(
            second in 3u8..10,
            rest in proptest::collection::vec(0u8..10, 9),
            forms in proptest::collection::vec(0u8..8, 11),
            invisible in proptest::collection::vec(proptest::bool::ANY, 11),
            sep in 0usize..SEPARATORS.len(),
            grouped in proptest::bool::ANY,
        ) {
            let digits: Vec<u8> = [1, second].into_iter().chain(rest).collect();
            let value: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            let mut spelling = String::from("<p>联系电话：");
            for (i, d) in digits.iter().enumerate() {
                if grouped && (i == 3 || i == 7) {
                    spelling.push_str(SEPARATORS[sep]);
                } else if i > 0 && invisible[i] {
                    spelling.push('\u{AD}');
                }
                spelling.push_str(&spell(*d, forms[i]));
            }
            spelling.push_str("。</p>");
            let register = Register::new([(crate::diag::FileId(0), value.as_str())]);
            let by_register = Gate::new(register, HashSet::from([value.clone()]));
            proptest::prop_assert!(by_register.file(&page("a.html", &spelling)).is_some(), "register missed {spelling:?}");
            let by_pattern = Gate::new(Register::default(), HashSet::new());
            proptest::prop_assert!(by_pattern.file(&page("a.html", &spelling)).is_some(), "pattern missed {spelling:?}");
        }
    }

    #[test]
    fn a_cached_pass_is_not_a_pass_for_new_bytes() {
        let g = gate();
        let mut cache = GateCache::default();
        assert!(g.check_with(&[page("a.html", "<p>ok</p>")], &mut cache).is_ok());
        assert!(g.check_with(&[page("a.html", "<p>金美玲</p>")], &mut cache).is_err());
        assert!(g.check_with(&[page("a.html", "<p>ok</p>")], &mut cache).is_ok());
    }

    #[test]
    fn the_error_names_the_file_and_not_the_value() {
        let files = [page("ok.html", "<p>ok</p>"), page("b/index.html", "<p>金美玲</p>")];
        let err = gate().check(&files).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("b/index.html") && !err.contains("美玲") && !err.contains("ok.html"), "{err}");
    }
}
