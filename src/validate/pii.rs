//! Personal-information scanner for published text.
//!
//! Finds mainland mobile numbers, 18-digit resident ID numbers and room
//! numbers so that nothing identifying a resident reaches a public board.
//!
//! The scanner is hand-written rather than regex-based: it walks the text once,
//! only tries a match where a digit (or `+`) starts a token, and every attempt
//! looks ahead a bounded number of chars, so the whole scan is linear and
//! allocates only for hits.
//!
//! Design rules worth knowing when reading a hit list:
//! - A match must stand alone: a digit, ASCII/full-width letter or `*` right
//!   before or after it rejects it (order numbers, `A13800138000`, and values
//!   that are already masked). So does a `-`/`.` joined to another digit, which
//!   is how dates, landlines, case ids and decimals continue.
//! - Decimal rule: a run followed by `.<digit>` is skipped, so
//!   `13800138000.00元` is read as an amount, not a phone.
//! - Room masking keeps the building and unit, which are public anyway, and
//!   hides the room: `3-2-1201` → `3-2-****`, `3号楼2单元1201室` →
//!   `3号楼2单元***室`, `1201号房` → `***室`.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PiiKind {
    Mobile,
    IdNumber,
    SuspectIdNumber,
    Room,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PiiHit {
    /// byte range of the match within the scanned &str (always on char boundaries)
    pub range: Range<usize>,
    pub kind: PiiKind,
    /// the suggestion to publish instead, e.g. "138****1234", "110105********002X", "***室"
    pub masked: String,
    /// canonical digits of the value (ASCII, no separators, no +86; ID keeps
    /// final X uppercase; room = the matched text normalised to half-width,
    /// whitespace dropped), used to compare with declared duty phones and
    /// private values
    pub canonical: String,
}

/// Finds every PII value in `text`, in order of position, non-overlapping.
pub fn scan(text: &str) -> Vec<PiiHit> {
    let mut hits = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    // A value starts with a digit or a plus, ASCII or full-width (those
    // start with byte 0xEF, never a continuation byte): the bytes in
    // between are skipped without decoding them (most of a page).
    while let Some(skip) = bytes[i..].iter().position(|&b| b.is_ascii_digit() || b == b'+' || b == 0xEF) {
        i += skip;
        let Some(c) = text[i..].chars().next() else { break };
        let candidate = (digit(c).is_some() || is_plus(c)) && starts_token(text, i);
        match candidate.then(|| match_at(text, i)).flatten() {
            Some(hit) => {
                i = hit.range.end;
                hits.push(hit);
            }
            None => i += c.len_utf8(),
        }
    }
    hits
}

/// Digits of a phone number, full-width folded, with a country prefix dropped
/// when what follows is a mobile (a landline keeps its leading zero).
pub(crate) fn canonical_phone(s: &str) -> String {
    let mut digits: String = s.chars().filter_map(digit).map(|d| char::from(b'0' + d)).collect();
    let prefix_len = ["0086", "86"]
        .iter()
        .find(|prefix| digits.strip_prefix(**prefix).is_some_and(|rest| is_mobile_digits(rest.as_bytes())))
        .map_or(0, |prefix| prefix.len());
    digits.drain(..prefix_len);
    digits
}

// ---------------------------------------------------------------------------
// Char classes. Full-width forms are folded here so every matcher sees one
// alphabet without copying the text.

fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '\u{FF10}'..='\u{FF19}' => Some((c as u32 - 0xFF10) as u8),
        _ => None,
    }
}

fn is_plus(c: char) -> bool {
    matches!(c, '+' | '＋')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '－' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{3000}' | '\u{A0}')
}

/// What people put between the groups of a phone number: spaces, any dash,
/// dots, slashes, stars, a middle dot (`138·5800·7764`).
fn is_group_separator(c: char) -> bool {
    is_space(c) || is_dash(c) || matches!(c, '.' | '．' | '/' | '／' | '*' | '＊' | '\\' | '·')
}

/// Letters written right before a number to say what it is: `TEL139…`,
/// `微信号wx139…`. Any other letter glues the number into a code.
const CONTACT_PREFIXES: &[&str] =
    &["tel", "phone", "mobile", "mob", "cell", "wx", "vx", "wechat", "weixin", "whatsapp", "qq", "sj", "dh"];

fn after_contact_prefix(text: &str, i: usize) -> bool {
    let letters: String = text[..i]
        .chars()
        .rev()
        .take_while(char::is_ascii_alphabetic)
        .take(9)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let lower = letters.to_ascii_lowercase();
    CONTACT_PREFIXES.iter().any(|p| lower.ends_with(p))
}

fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')
}

/// Chars that glue a neighbouring value into a longer token.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || digit(c).is_some()
        || matches!(c, '*' | '＊' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
}

/// Chars that continue a number when a digit follows: `2026-10`, `13800.00`.
fn is_joiner(c: char) -> bool {
    is_dash(c) || matches!(c, '.' | '．')
}

/// Units after a number that mark it as a quantity, date or amount rather than
/// a room (`100-200元`, `3号楼 2026年`).
fn is_quantity_unit(c: char) -> bool {
    matches!(
        c,
        '元' | '角'
            | '年'
            | '月'
            | '日'
            | '天'
            | '时'
            | '点'
            | '分'
            | '秒'
            | '页'
            | '岁'
            | '米'
            | '次'
            | '个'
            | '件'
            | '条'
            | '人'
            | '户'
            | '辆'
            | '万'
            | '千'
            | '百'
            | '平'
            | '度'
            | '份'
            | '%'
            | '％'
            | '㎡'
    )
}

fn is_mobile_digits(d: &[u8]) -> bool {
    d.len() == 11 && d[0] == b'1' && (b'3'..=b'9').contains(&d[1])
}

// ---------------------------------------------------------------------------
// Token boundaries.

fn starts_token(text: &str, i: usize) -> bool {
    let mut back = text[..i].chars().rev();
    match back.next() {
        None => true,
        Some(p) if p.is_ascii_alphabetic() => after_contact_prefix(text, i),
        Some(p) if is_word(p) => false,
        Some(p) if is_joiner(p) => back.next().is_none_or(|q| digit(q).is_none()),
        Some(_) => true,
    }
}

fn ends_token(text: &str, end: usize) -> bool {
    let mut fwd = text[end..].chars();
    match fwd.next() {
        None => true,
        Some(n) if is_word(n) => false,
        Some(n) if is_joiner(n) => fwd.next().is_none_or(|q| digit(q).is_none()),
        Some(_) => true,
    }
}

/// True when a quantity unit follows, allowing one space (`120 人`).
fn quantity_follows(text: &str, end: usize) -> bool {
    let mut fwd = text[end..].chars();
    match fwd.next() {
        Some(c) if is_space(c) => fwd.next().is_some_and(is_quantity_unit),
        Some(c) => is_quantity_unit(c),
        None => false,
    }
}

// ---------------------------------------------------------------------------
// Cursor helpers. Each reads a bounded number of chars to keep scanning linear.

/// Longer runs than this can never be PII here, so reading stops past it.
const RUN_CAP: usize = 20;

/// A maximal digit run; `len > RUN_CAP` means "too long", digits then partial.
struct Run {
    buf: [u8; RUN_CAP],
    len: usize,
    end: usize,
}

impl Run {
    fn digits(&self) -> &[u8] {
        &self.buf[..self.len.min(RUN_CAP)]
    }
}

fn read_run(text: &str, start: usize) -> Run {
    let mut run = Run { buf: [0; RUN_CAP], len: 0, end: start };
    for c in text[start..].chars() {
        let Some(d) = digit(c) else { break };
        if run.len == RUN_CAP {
            run.len += 1;
            break;
        }
        run.buf[run.len] = b'0' + d;
        run.len += 1;
        run.end += c.len_utf8();
    }
    run
}

/// Skips up to `max` group separators; returns the new position and how many.
fn skip_seps(text: &str, start: usize, max: usize) -> (usize, usize) {
    let mut pos = start;
    let mut n = 0;
    for c in text[start..].chars() {
        if n == max || !is_group_separator(c) {
            break;
        }
        pos += c.len_utf8();
        n += 1;
    }
    (pos, n)
}

fn skip_spaces(text: &str, start: usize, max: usize) -> usize {
    let mut pos = start;
    for c in text[start..].chars().take(max) {
        if !is_space(c) {
            break;
        }
        pos += c.len_utf8();
    }
    pos
}

/// Consumes exactly the digits `want`, in either width.
fn expect_digits(text: &str, start: usize, want: &[u8]) -> Option<usize> {
    let mut pos = start;
    let mut chars = text[start..].chars();
    for &w in want {
        let c = chars.next()?;
        if digit(c) != Some(w) {
            return None;
        }
        pos += c.len_utf8();
    }
    Some(pos)
}

fn single_dash(text: &str, pos: usize) -> Option<usize> {
    let c = text[pos..].chars().next()?;
    is_dash(c).then(|| pos + c.len_utf8())
}

fn eat_any(text: &str, pos: usize, words: &[&str]) -> Option<usize> {
    words.iter().find(|w| text[pos..].starts_with(*w)).map(|w| pos + w.len())
}

fn ascii(d: &[u8]) -> &str {
    // Only ever called on bytes produced from `b'0' + digit` or `b'X'`.
    std::str::from_utf8(d).unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Matchers. Each is tried at a token start `p` and returns at most one hit.

fn match_at(text: &str, p: usize) -> Option<PiiHit> {
    if let Some(hit) = prefixed_mobile(text, p) {
        return Some(hit);
    }
    if text[p..].chars().next().is_some_and(is_plus) {
        return None;
    }
    id_number(text, p)
        .or_else(|| grouped_id(text, p))
        .or_else(|| mobile(text, p, p))
        .or_else(|| dash_room(text, p))
        .or_else(|| cjk_room(text, p))
}

fn prefixed_mobile(text: &str, p: usize) -> Option<PiiHit> {
    let first = text[p..].chars().next()?;
    let body = if is_plus(first) {
        let after = expect_digits(text, p + first.len_utf8(), &[8, 6])?;
        skip_seps(text, after, 3).0
    } else if let Some(after) = expect_digits(text, p, &[0, 0, 8, 6]) {
        skip_seps(text, after, 3).0
    } else {
        // A bare `86` glued to the number is too ambiguous; require a separator.
        let after = expect_digits(text, p, &[8, 6])?;
        match skip_seps(text, after, 3) {
            (pos, n) if n > 0 => pos,
            _ => return None,
        }
    };
    mobile(text, p, body)
}

/// Mobile body at `q`; the hit's range starts at `from` so a prefix is covered.
fn mobile(text: &str, from: usize, q: usize) -> Option<PiiHit> {
    let mut num = [0u8; 11];
    let mut n = 0;
    let mut lens = [0usize; 3];
    let mut groups = 0;
    let mut pos = q;
    let end = loop {
        let run = read_run(text, pos);
        if run.len == 0 || groups == lens.len() || n + run.len > num.len() {
            return None;
        }
        num[n..n + run.len].copy_from_slice(run.digits());
        n += run.len;
        lens[groups] = run.len;
        groups += 1;
        if n == num.len() {
            break run.end;
        }
        match skip_seps(text, run.end, 4) {
            (next, k) if k > 0 => pos = next,
            _ => return None,
        }
    };
    // Only the groupings people actually write; others are likely other numbers.
    if !matches!(&lens[..groups], [11] | [3, 8] | [7, 4] | [3, 4, 4]) {
        return None;
    }
    if !is_mobile_digits(&num) || !ends_token(text, end) {
        return None;
    }
    Some(PiiHit {
        range: from..end,
        kind: PiiKind::Mobile,
        masked: format!("{}****{}", ascii(&num[..3]), ascii(&num[7..])),
        canonical: ascii(&num).to_owned(),
    })
}

fn id_number(text: &str, p: usize) -> Option<PiiHit> {
    let run = read_run(text, p);
    if run.len == 15 {
        return first_generation_id(run.digits(), p..run.end).filter(|_| ends_token(text, run.end));
    }
    let mut id = [0u8; 18];
    let end = match run.len {
        18 => {
            id.copy_from_slice(run.digits());
            run.end
        }
        17 => {
            let c = text[run.end..].chars().next().filter(|&c| is_x(c))?;
            id[..17].copy_from_slice(run.digits());
            id[17] = b'X';
            run.end + c.len_utf8()
        }
        _ => return None,
    };
    if !ends_token(text, end) {
        return None;
    }
    let kind = if id_checksum_ok(&id) && id_birth_date_ok(&id) { PiiKind::IdNumber } else { PiiKind::SuspectIdNumber };
    Some(PiiHit {
        range: p..end,
        kind,
        masked: format!("{}********{}", ascii(&id[..6]), ascii(&id[14..])),
        canonical: ascii(&id).to_owned(),
    })
}

/// A 15-digit first-generation ID (area, YYMMDD, sequence): only when the
/// province code and the date are real, as waybill numbers have 15 digits too.
fn first_generation_id(d: &[u8], range: Range<usize>) -> Option<PiiHit> {
    if d.len() != 15 || !province_ok(d) {
        return None;
    }
    let mut as18 = [b'0'; 18];
    as18[..6].copy_from_slice(&d[..6]);
    as18[6..8].copy_from_slice(b"19");
    as18[8..17].copy_from_slice(&d[6..15]);
    id_birth_date_ok(&as18).then(|| PiiHit {
        range,
        kind: PiiKind::IdNumber,
        masked: format!("{}******{}", ascii(&d[..6]), ascii(&d[12..])),
        canonical: ascii(d).to_owned(),
    })
}

/// The first two digits of an ID are a province (GB/T 2260).
fn province_ok(d: &[u8]) -> bool {
    let code = u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0');
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82)
}

/// An ID number written in groups (`110105 19491231 002X`,
/// `110105-1949-1231-002X`). Only a real one counts, checksum and date
/// right, so that runs of dates and amounts never add up to one.
fn grouped_id(text: &str, p: usize) -> Option<PiiHit> {
    let mut id = [0u8; 18];
    let mut n = 0;
    let mut pos = p;
    let mut groups = 0;
    let end = loop {
        let run = read_run(text, pos);
        if run.len == 0 || n + run.len > id.len() {
            return None;
        }
        id[n..n + run.len].copy_from_slice(run.digits());
        n += run.len;
        groups += 1;
        let mut end = run.end;
        if let Some(c) = text[end..].chars().next().filter(|&c| n == 17 && is_x(c)) {
            id[17] = b'X';
            n = 18;
            end += c.len_utf8();
        }
        if n == 18 || (n == 15 && first_generation_id(&id[..15], p..end).is_some() && !digit_group_follows(text, end)) {
            break end;
        }
        match skip_seps(text, end, 2) {
            (next, k) if k > 0 && groups < 6 => pos = next,
            _ => return None,
        }
    };
    if groups < 2 || !ends_token(text, end) {
        return None;
    }
    if n == 15 {
        return first_generation_id(&id[..15], p..end);
    }
    (province_ok(&id) && id_checksum_ok(&id) && id_birth_date_ok(&id)).then(|| PiiHit {
        range: p..end,
        kind: PiiKind::IdNumber,
        masked: format!("{}********{}", ascii(&id[..6]), ascii(&id[14..])),
        canonical: ascii(&id).to_owned(),
    })
}

/// True when separators and another digit group follow `end`.
fn digit_group_follows(text: &str, end: usize) -> bool {
    let (next, k) = skip_seps(text, end, 2);
    k > 0 && read_run(text, next).len > 0
}

/// ISO 7064 MOD 11-2 as used by GB 11643.
fn id_checksum_ok(id: &[u8; 18]) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = id[..17].iter().zip(WEIGHTS).map(|(&d, w)| u32::from(d - b'0') * w).sum();
    CHECK[(sum % 11) as usize] == id[17]
}

fn id_birth_date_ok(id: &[u8; 18]) -> bool {
    let num = |r: Range<usize>| id[r].iter().fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'));
    let (year, month, day) = (num(6..10), num(10..12), num(12..14));
    if !(1900..=2100).contains(&year) || !(1..=12).contains(&month) {
        return false;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&day)
}

/// `3-2-1201` or `5-1201`: building 1–3 digits without a leading zero (which
/// rules out years and landline area codes), unit 1–2 digits, room 3–4 digits.
fn dash_room(text: &str, p: usize) -> Option<PiiHit> {
    let building = read_run(text, p);
    if !(1..=3).contains(&building.len) || building.buf[0] == b'0' {
        return None;
    }
    let second_start = single_dash(text, building.end)?;
    let second = read_run(text, second_start);
    let (room_start, room_end) = match second.len {
        1 | 2 if second.buf[0] != b'0' => {
            let room_start = single_dash(text, second.end)?;
            let room = read_run(text, room_start);
            if !(3..=4).contains(&room.len) {
                return None;
            }
            (room_start, room.end)
        }
        3 | 4 => (second_start, second.end),
        _ => return None,
    };
    if !ends_token(text, room_end) || quantity_follows(text, room_end) {
        return None;
    }
    Some(PiiHit {
        range: p..room_end,
        kind: PiiKind::Room,
        masked: format!("{}****", &text[p..room_start]),
        canonical: half_width(&text[p..room_end]),
    })
}

/// `#` as in `12#1801` (building 12, room 1801).
const BUILDING_MARKS: &[&str] = &["号楼", "號樓", "幢", "栋", "棟", "座", "#", "＃"];
const UNIT_MARKS: &[&str] = &["单元", "單元"];
const ROOM_MARKS: &[&str] = &["室", "号房", "號房", "房", "户"];
/// A bare `号` after a room is only a room marker once a building or unit
/// was seen; alone, `1201号` is a street number.
const ROOM_MARKS_AFTER_BUILDING: &[&str] = &["室", "号房", "號房", "房", "户", "号", "號"];

/// `[B幢|栋|号楼] [U单元] R [室|号房]`, needing a building, unit or room marker so
/// that building-level locations (`3号楼2单元`) and bare numbers never match.
fn cjk_room(text: &str, p: usize) -> Option<PiiHit> {
    let mut pos = p;
    let mut located = false;
    let mut run = read_run(text, pos);

    if (1..=3).contains(&run.len) && run.buf[0] != b'0' {
        let after = skip_spaces(text, run.end, 2);
        if let Some(next) = eat_any(text, after, BUILDING_MARKS) {
            located = true;
            pos = skip_spaces(text, next, 2);
            run = read_run(text, pos);
        }
    }
    if (1..=2).contains(&run.len) && run.buf[0] != b'0' {
        let after = skip_spaces(text, run.end, 2);
        if let Some(next) = eat_any(text, after, UNIT_MARKS) {
            located = true;
            pos = skip_spaces(text, next, 2);
            run = read_run(text, pos);
        }
    }
    if !(3..=4).contains(&run.len) {
        return None;
    }
    let room_start = pos;
    let marks = if located { ROOM_MARKS_AFTER_BUILDING } else { ROOM_MARKS };
    let mark_at = skip_spaces(text, run.end, 1);
    let end = match eat_any(text, mark_at, marks) {
        // `户` also counts households (`共1200户`): a room only when the last
        // two digits number a flat on its floor (`1801户`, `302户`).
        Some(_) if text[mark_at..].starts_with('户') && !flat_on_floor(run.digits()) => return None,
        Some(end) => end,
        None if located => {
            if !ends_token(text, run.end) || quantity_follows(text, run.end) {
                return None;
            }
            run.end
        }
        None => return None,
    };
    Some(PiiHit {
        range: p..end,
        kind: PiiKind::Room,
        masked: format!("{}***室", &text[p..room_start]),
        canonical: half_width(&text[p..end]).replace(' ', ""),
    })
}

fn flat_on_floor(d: &[u8]) -> bool {
    let flat = d.len().checked_sub(2).map_or(0, |i| u32::from(d[i] - b'0') * 10 + u32::from(d[i + 1] - b'0'));
    (1..=9).contains(&flat)
}

/// Folds full-width ASCII forms and the ideographic space to half-width.
fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{A0}' => ' ',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
#[path = "pii_tests.rs"]
mod tests;
