//! The byte scanners behind each [`Detector`](super::Detector).
//!
//! Every scanner is a hand-written, forward-only pass over the input, with
//! a bounded look-around at each candidate, so the work per input byte is a
//! constant and adversarial inputs (megabytes of digits, `@`, `:`, `.`,
//! `eyJ`) stay linear. Candidates are found by a cheap trigger:
//!
//! | detectors | trigger |
//! |---|---|
//! | JWT, wire values, bearer | one Aho-Corasick pass (SIMD Teddy prefilter) for `eyJ`, `h1.`, `e1.`, `Bearer`/`bearer`/`BEARER`, `Basic`/`basic`/`BASIC` |
//! | email | `memchr` for `@` |
//! | phone, IPv4, card, IBAN, IPv6 | byte-class bitmaps of 64-byte blocks (AVX2 or SSE2 on `x86_64`, chosen at run time) screening every digit run and `:` at once by mask arithmetic, then a few byte tests on the runs left |
//!
//! Scanners push raw, possibly overlapping [`Finding`]s; the scrubber sorts
//! them and keeps the first of any overlap.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Input, MatchKind};

use super::detector::{Detector, DetectorSet, Finding, Label};

pub(crate) mod bearer;
pub(crate) mod bitmaps;
pub(crate) mod card;
pub(crate) mod digits;
pub(crate) mod email;
pub(crate) mod iban;
pub(crate) mod ip;
pub(crate) mod jwt;
pub(crate) mod phone;
pub(crate) mod wire;

/// The literal triggers, in pattern-id order: a JWS/JWE header (`{"` in
/// base64url), the two wire-value prefixes, and the credential schemes in
/// their three usual spellings.
const LITERALS: [&str; 9] = [
    "eyJ", "h1.", "e1.", "Bearer", "bearer", "BEARER", "Basic", "basic", "BASIC",
];

/// One multi-literal searcher (Aho-Corasick's SIMD "Teddy" prefilter)
/// for every literal trigger, built once per process.
static LITERAL_SEARCHER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    // Building from fixed short literals cannot fail; should it ever, the
    // literal-triggered detectors are off rather than the process down.
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(LITERALS)
        .ok()
});

/// Runs every enabled scanner over `hay`, appending raw findings to `out`.
pub(crate) fn scan_all(hay: &[u8], set: DetectorSet, out: &mut Vec<Finding>) {
    scan_literals(hay, set, out);
    if set.contains(Detector::Email) {
        email::scan(hay, out);
    }
    // IPv6 colons are found in the digit pass.
    digits::scan(hay, set, out);
}

/// The JWT, wire-value and bearer detectors, in one pass over the literal
/// triggers. A JWT or wire value is skipped whole once found; a bearer
/// credential is not (a JWT inside it must still be found, and wins).
pub(crate) fn scan_literals(hay: &[u8], set: DetectorSet, out: &mut Vec<Finding>) {
    let jwt = set.contains(Detector::Jwt);
    let wire = set.contains(Detector::WireValue);
    let bearer = set.contains(Detector::Bearer);
    let Some(searcher) = LITERAL_SEARCHER.as_ref() else {
        return;
    };
    if !(jwt || wire || bearer) {
        return;
    }
    let mut i = 0;
    while let Some(m) = searcher.find(Input::new(hay).span(i..hay.len())) {
        let (start, end) = (m.start(), m.end());
        i = match m.pattern().as_usize() {
            0 => match jwt.then(|| jwt::token_end(hay, start)).flatten() {
                Some(stop) => {
                    out.push(Finding::new(Label::Jwt, start..stop));
                    stop
                }
                None => start + 1,
            },
            1 | 2 => match wire.then(|| wire::wire_at(hay, start + 1)).flatten() {
                Some(found) => {
                    let stop = found.range.end;
                    out.push(found);
                    stop
                }
                None => start + 1,
            },
            _ => {
                if let Some(found) = bearer
                    .then(|| bearer::credential(hay, start, end))
                    .flatten()
                {
                    out.push(found);
                }
                end
            }
        };
    }
}

// ---------------------------------------------------------------------------
// Byte classes

const DIGIT: u8 = 1;
const ALPHA: u8 = 1 << 1;
const HEX: u8 = 1 << 2;
/// `[A-Za-z0-9_-]`: base64url, and the kid alphabet.
const B64URL: u8 = 1 << 3;
/// `[A-Za-z0-9._+-]`: the email local-part characters we accept.
const LOCAL: u8 = 1 << 4;
/// `[A-Za-z0-9-]`: domain label characters.
const LABEL: u8 = 1 << 5;
/// `[A-Za-z0-9_]`: a word character (a match must not be glued to one).
const WORD: u8 = 1 << 6;

static CLASS: [u8; 256] = classes();

const fn classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b: u8 = 0;
    loop {
        let mut c = 0;
        let alpha = b.is_ascii_alphabetic();
        let digit = b.is_ascii_digit();
        if digit {
            c |= DIGIT;
        }
        if alpha {
            c |= ALPHA;
        }
        if b.is_ascii_hexdigit() {
            c |= HEX;
        }
        if alpha || digit {
            c |= B64URL | LOCAL | LABEL | WORD;
        }
        match b {
            b'_' => c |= B64URL | LOCAL | WORD,
            b'-' => c |= B64URL | LOCAL | LABEL,
            b'.' | b'+' => c |= LOCAL,
            _ => {}
        }
        table[b as usize] = c;
        if b == u8::MAX {
            break;
        }
        b += 1;
    }
    table
}

#[inline]
fn class(b: u8) -> u8 {
    CLASS[usize::from(b)]
}

#[inline]
pub(crate) fn is_hex(b: u8) -> bool {
    class(b) & HEX != 0
}

#[inline]
pub(crate) fn is_b64url(b: u8) -> bool {
    class(b) & B64URL != 0
}

#[inline]
pub(crate) fn is_local(b: u8) -> bool {
    class(b) & LOCAL != 0
}

#[inline]
pub(crate) fn is_label(b: u8) -> bool {
    class(b) & LABEL != 0
}

#[inline]
pub(crate) fn is_word(b: u8) -> bool {
    class(b) & WORD != 0
}

#[inline]
pub(crate) fn is_alpha(b: u8) -> bool {
    class(b) & ALPHA != 0
}

/// The byte at `i`, if any.
#[inline]
pub(crate) fn at(hay: &[u8], i: usize) -> Option<u8> {
    hay.get(i).copied()
}

/// The byte before `i`, if any.
#[inline]
pub(crate) fn before(hay: &[u8], i: usize) -> Option<u8> {
    i.checked_sub(1).and_then(|j| at(hay, j))
}

/// Whether the byte at `i` is an ASCII digit.
#[inline]
pub(crate) fn digit_at(hay: &[u8], i: usize) -> bool {
    at(hay, i).is_some_and(|b| b.is_ascii_digit())
}

/// The end of the run of bytes from `i` that satisfy `pred`, looking at most
/// `limit` bytes ahead (the result is at most `i + limit`).
#[inline]
pub(crate) fn run_end(hay: &[u8], i: usize, limit: usize, pred: impl Fn(u8) -> bool) -> usize {
    let stop = hay.len().min(i.saturating_add(limit));
    let mut j = i;
    while j < stop && pred(hay[j]) {
        j += 1;
    }
    j
}

/// The end of the digit run starting at `i` (unbounded: callers consume it).
#[inline]
pub(crate) fn digits_end(hay: &[u8], i: usize) -> usize {
    run_end(hay, i, usize::MAX, |b| b.is_ascii_digit())
}

/// Whether a number-like finding may start at `start`: not glued to a word
/// on its left, directly (`a4111…`) or through a `.` or `-` (`v1.2.3.4`,
/// `a716-4466…` inside a UUID).
pub(crate) fn num_left_ok(hay: &[u8], start: usize) -> bool {
    match before(hay, start) {
        Some(p) if is_word(p) => false,
        Some(b'.' | b'-') => !before(hay, start - 1).is_some_and(is_word),
        _ => true,
    }
}

/// Whether a number-like finding may end at `end`: not followed by a word
/// character, nor by a `.` or `-` glued to one (`4567-89`, `1.2.3.4.5`).
pub(crate) fn num_right_ok(hay: &[u8], end: usize) -> bool {
    match at(hay, end) {
        Some(n) if is_word(n) => false,
        Some(b'.' | b'-') => !at(hay, end + 1).is_some_and(is_word),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_ascii_only() {
        for b in 0x80..=0xff_u8 {
            assert_eq!(class(b), 0, "{b:#x}");
        }
        assert!(is_b64url(b'-') && is_b64url(b'_') && !is_b64url(b'.'));
        assert!(is_local(b'+') && is_local(b'.') && !is_local(b'@'));
        assert!(is_label(b'-') && !is_label(b'_'));
        assert!(is_word(b'_') && !is_word(b'-'));
    }

    #[test]
    fn boundaries() {
        assert!(num_left_ok(b"x 12", 2));
        assert!(!num_left_ok(b"x12", 1));
        assert!(!num_left_ok(b"v.12", 2));
        assert!(num_left_ok(b" .12", 2));
        assert!(num_right_ok(b"12.", 2));
        assert!(!num_right_ok(b"12.3", 2));
    }
}
