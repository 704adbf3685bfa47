//! Byte classes and bounded look-around helpers shared by every scanner.
//!
//! One table ([`CLASS`], built once at compile time by [`classes`]) holds
//! every class a scanner asks about, so a test is one load and a mask.
//! Every class is ASCII: bytes `0x80..=0xff` are in none, so a finding
//! never starts or ends inside a UTF-8 character.

const DIGIT: u16 = 1;
const ALPHA: u16 = 1 << 1;
const HEX: u16 = 1 << 2;
/// `[A-Za-z0-9_-]`: base64url, and the kid alphabet.
const B64URL: u16 = 1 << 3;
/// `[A-Za-z0-9._+-]`: the email local-part characters we accept.
const LOCAL: u16 = 1 << 4;
/// `[A-Za-z0-9-]`: domain label characters.
const LABEL: u16 = 1 << 5;
/// `[A-Za-z0-9_]`: a word character (a match must not be glued to one).
pub(crate) const WORD: u16 = 1 << 6;
/// `[A-Z]`
pub(crate) const UPPER: u16 = 1 << 7;
/// ` `, `-`, `.`: separate groups of digits.
pub(crate) const SEP: u16 = 1 << 8;
/// `+`, `(`: may open a phone number.
pub(crate) const OPEN: u16 = 1 << 9;
/// `-`, `.`: glue a number to a word before them (`v1.2`, `a716-4466`).
pub(crate) const ATTACH: u16 = 1 << 10;

/// The classes of each byte.
static CLASS: [u16; 256] = classes();

/// Builds [`CLASS`]: the one byte table of the crate.
const fn classes() -> [u16; 256] {
    let mut table = [0u16; 256];
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
        if b.is_ascii_uppercase() {
            c |= UPPER;
        }
        if b.is_ascii_hexdigit() {
            c |= HEX;
        }
        if alpha || digit {
            c |= B64URL | LOCAL | LABEL | WORD;
        }
        match b {
            b'_' => c |= B64URL | LOCAL | WORD,
            b'-' => c |= B64URL | LOCAL | LABEL | SEP | ATTACH,
            b'.' => c |= LOCAL | SEP | ATTACH,
            b'+' => c |= LOCAL | OPEN,
            b'(' => c |= OPEN,
            b' ' => c |= SEP,
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

/// The classes of `b`.
#[inline]
pub(crate) fn class(b: u8) -> u16 {
    CLASS[usize::from(b)]
}

/// The classes of the byte at `i`; none past either end.
#[inline]
pub(crate) fn class_at(hay: &[u8], i: usize) -> u16 {
    hay.get(i).map_or(0, |&b| class(b))
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
        assert_eq!(class(b'.') & (SEP | ATTACH | OPEN), SEP | ATTACH);
        assert_eq!(class(b'(') & (SEP | ATTACH | OPEN), OPEN);
        assert_eq!(class(b'Q') & (UPPER | WORD), UPPER | WORD);
        assert_eq!(class_at(b"x", 1), 0);
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
