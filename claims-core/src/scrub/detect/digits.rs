//! The number-shaped detectors (phone, IPv4, card, IBAN) share one pass:
//! find each run of ASCII digits, then ask each detector whether a match
//! starts there.
//!
//! Clean logs are full of digits (timestamps, durations, status codes,
//! ids, hex hashes: about one digit run every ten bytes), so the pass must
//! be fast on *non-matching* runs, and branch mispredictions, not
//! arithmetic, are what a byte-at-a-time loop pays for them. So:
//!
//! 1. The input is read 64 bytes at a time into a bitmap of its digits
//!    (a class byte per input byte in a loop the compiler vectorizes, then
//!    eight class bytes per `u64` gathered into bits). Run starts are
//!    `digits & !(digits << 1)`.
//! 2. The runs are screened a block at a time, with no branch per run: a
//!    branch-free loop over the starts reads the two bytes before each
//!    (glued to a word? `+`, `(` or two capitals before it?), and mask
//!    arithmetic finds the byte after each run (adding a run's first bit
//!    carries through it) and keeps the runs followed by a separator and a
//!    digit, or 13 digits long. Almost every run of a clean log is dropped
//!    there.
//! 3. The few left get the exact per-run tests ([`worth_a_look`], then
//!    [`hopeless`] for the common look-alikes: decimals, `status size`
//!    pairs, time-zone offsets), and only then a detector's parser, reading
//!    at most a few dozen bytes; the pass resumes after a match. Total work
//!    is linear in the input.

use super::{card, iban, ip, is_word, phone};
use crate::scrub::detector::{Detector, DetectorSet, Finding, Label};

/// The high bit of each byte.
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
/// Gathers the high bits of the eight bytes into the top byte.
const GATHER: u64 = 0x0102_0408_1020_4080;

/// The high bits of a word's bytes (positions 7, 15, ...) gathered into
/// bits 0..8.
#[inline]
fn gather(high: u64) -> u64 {
    (high >> 7).wrapping_mul(GATHER) >> 56
}

/// The digit and `:` bitmaps of `hay[from..from + 64]` (missing bytes are
/// neither).
#[inline]
fn digit_map(hay: &[u8], from: usize) -> (u64, u64) {
    let mut map = 0;
    let mut colons = 0;
    match hay.get(from..from + 64) {
        Some(block) => {
            // One class byte per input byte (digit: the high bit, `:` the
            // next), in a loop the compiler vectorizes; then eight bytes
            // at a time into the bitmaps.
            let mut class = [0u8; 64];
            for (c, &b) in class.iter_mut().zip(block) {
                *c = (u8::from(b.wrapping_sub(b'0') < 10) << 7) | (u8::from(b == b':') << 6);
            }
            for (k, chunk) in class.chunks_exact(8).enumerate() {
                let word: &[u8; 8] = chunk.try_into().unwrap_or(&[0; 8]);
                let word = u64::from_le_bytes(*word);
                map |= gather(word & HIGH) << (8 * k);
                colons |= gather((word << 1) & HIGH) << (8 * k);
            }
        }
        None => {
            for (k, &b) in hay.get(from..).unwrap_or_default().iter().enumerate() {
                map |= u64::from(b.is_ascii_digit()) << k;
                colons |= u64::from(b == b':') << k;
            }
        }
    }
    (map, colons)
}

/// Which numeric detectors are on (read once, outside the loop).
#[derive(Clone, Copy)]
struct Want(u8);

impl Want {
    const CARD: u8 = 1;
    const IBAN: u8 = 2;
    const PHONE: u8 = 4;
    const IPV4: u8 = 8;
    const IPV6: u8 = 16;

    fn new(set: DetectorSet) -> Self {
        let mut bits = 0;
        for (d, bit) in [
            (Detector::Card, Self::CARD),
            (Detector::Iban, Self::IBAN),
            (Detector::Phone, Self::PHONE),
            (Detector::Ipv4, Self::IPV4),
            (Detector::Ipv6, Self::IPV6),
        ] {
            if set.contains(d) {
                bits |= bit;
            }
        }
        Want(bits)
    }

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

/// Scans `hay` for phone numbers, IPv4 addresses, card numbers, IBANs and
/// IPv6 addresses (those of them in `set`), appending raw findings to
/// `out`. IPv6 candidates are the colons with another one at most five
/// bytes after them, found from the same bitmaps (see [`ip::v6_at_colon`]).
pub(crate) fn scan(hay: &[u8], set: DetectorSet, out: &mut Vec<Finding>) {
    let want = Want::new(set);
    if want.0 == 0 {
        return;
    }
    let n = hay.len();
    // Runs starting before `resume` are inside an earlier run or match.
    let mut resume = 0;
    let mut base = 0;
    let mut carry = 0u64;
    let mut v6_resume = 0;
    let (mut map, mut colons) = digit_map(hay, 0);
    while base < n {
        // The next block's maps too: a run's length and the bytes after it
        // are then read from the bitmaps, not from `hay`.
        let (next, next_colons) = digit_map(hay, base + 64);
        if want.has(Want::IPV6) && colons != 0 {
            let ahead = u128::from(colons) | u128::from(next_colons) << 64;
            let near = (ahead >> 1) | (ahead >> 2) | (ahead >> 3) | (ahead >> 4) | (ahead >> 5);
            #[allow(clippy::cast_possible_truncation)] // the low block's bits
            let mut candidates = colons & near as u64;
            while candidates != 0 {
                let colon = base + candidates.trailing_zeros() as usize;
                candidates &= candidates - 1;
                ip::v6_at_colon(hay, colon, &mut v6_resume, out);
            }
        }
        let window = u128::from(map) | u128::from(next) << 64;
        // A run continuing from the previous block is not a start.
        let starts = map & !((map << 1) | carry);
        carry = map >> 63;
        if next == u64::MAX {
            // A run may go on past both blocks (megabytes of digits): take
            // every start, and find its end byte by byte.
            let mut starts = starts;
            while starts != 0 {
                let bit = starts.trailing_zeros() as usize;
                starts &= starts - 1;
                let in_window = (!(window >> bit)).trailing_zeros() as usize;
                let end = if bit + in_window == 128 {
                    super::digits_end(hay, base + bit + in_window)
                } else {
                    base + bit + in_window
                };
                let next2_digit = hay.get(end + 1).is_some_and(u8::is_ascii_digit);
                visit(hay, base + bit, end, next2_digit, want, &mut resume, out);
            }
        } else {
            let colon_window = u128::from(colons) | u128::from(next_colons) << 64;
            let mut afters = survivors(hay, base, window, colon_window, starts);
            while afters != 0 {
                // `q` is the bit of the byte after a run, `bit` its first.
                let q = afters.trailing_zeros();
                afters &= afters - 1;
                let below = !window & ((1u128 << q) - 1);
                let bit = 128 - below.leading_zeros() as usize;
                let q = q as usize;
                let next2_digit = if q + 1 < 128 {
                    (window >> (q + 1)) & 1 == 1
                } else {
                    hay.get(base + q + 1).is_some_and(u8::is_ascii_digit)
                };
                visit(
                    hay,
                    base + bit,
                    base + q,
                    next2_digit,
                    want,
                    &mut resume,
                    out,
                );
            }
        }
        map = next;
        colons = next_colons;
        base += 64;
    }
}

/// The runs starting in the block at `base` (`starts`) that may pass
/// [`worth_a_look`], as the bits of the bytes just after them in `window`
/// (the digits of this block and the next, which must not be all digits,
/// so that every run ends inside the window; `colons` likewise). A
/// superset: of the separators after a run only `:` is ruled out, and the
/// last bit is let through.
///
/// The left side is a branch-free loop over the starts (table lookups of
/// the two bytes before); the right side is mask arithmetic over the
/// whole block, so most runs cost no branch at all.
#[inline]
fn survivors(hay: &[u8], base: usize, window: u128, colons: u128, starts: u64) -> u128 {
    let mut free = 0u64;
    let mut opening = 0u64;
    let mut rest = starts;
    while rest != 0 {
        let bit = rest.trailing_zeros();
        rest &= rest - 1;
        let start = base + bit as usize;
        let prev = neighbour(hay, start.wrapping_sub(1));
        let prev2 = neighbour(hay, start.wrapping_sub(2));
        let opens = (prev & N_OPEN) | (prev & prev2 & N_UPPER);
        let glued = (prev & N_WORD) | (u8::from(prev & N_ATTACH != 0) & prev2 & N_WORD);
        free |= u64::from(glued == 0) << bit;
        opening |= u64::from(opens != 0) << bit;
    }
    // Adding a run's first bit carries through the run to the byte after.
    let after = |first: u64| window.wrapping_add(u128::from(first)) & !window;
    // A digit two bytes after the run (the byte after the window is
    // unknown), or 13 digits before the byte after it.
    let two_digits = window & (window << 1);
    let four = two_digits & (two_digits << 2);
    let eight = four & (four << 4);
    let long = (eight & (eight << 5)) << 1;
    let right = ((window >> 1) & !colons) | long | 1 << 127;
    (after(free) & right) | after(opening)
}

/// Looks at the run `start..end`: if it passes [`worth_a_look`], skips a
/// timestamp or records what [`screen`] finds, moving `resume` past it.
#[inline]
fn visit(
    hay: &[u8],
    start: usize,
    end: usize,
    next2_digit: bool,
    want: Want,
    resume: &mut usize,
    out: &mut Vec<Finding>,
) {
    if start < *resume {
        return;
    }
    *resume = end;
    if !worth_a_look(hay, start, end, next2_digit) || hopeless(hay, start, end) {
        return;
    }
    // An ISO 8601 timestamp (most log lines start with one) holds nothing:
    // skip its other runs in one step.
    if let Some(stop) = timestamp_end(hay, start, end) {
        *resume = stop;
    } else if let Some(found) = screen(hay, start, end, want) {
        *resume = found.range.end.max(end);
        out.push(found);
    }
}

/// Whether `hay[at..]` starts with `N` ASCII digits.
#[inline]
fn digits_at<const N: usize>(hay: &[u8], at: usize) -> bool {
    hay.get(at..at + N)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
}

/// The end of an ISO 8601 date-time `YYYY-MM-DD[T ]hh:mm:ss[.fraction]`
/// whose year is the run `start..end`, if one starts there. None of the
/// number detectors can match inside one (no `:` separators, too few
/// digits between them), so its runs need no look.
#[inline]
fn timestamp_end(hay: &[u8], start: usize, end: usize) -> Option<usize> {
    let shape = end - start == 4
        && hay.get(end) == Some(&b'-')
        && digits_at::<2>(hay, end + 1)
        && hay.get(end + 3) == Some(&b'-')
        && digits_at::<2>(hay, end + 4)
        && matches!(hay.get(end + 6), Some(b'T' | b' '))
        && digits_at::<2>(hay, end + 7)
        && hay.get(end + 9) == Some(&b':')
        && digits_at::<2>(hay, end + 10)
        && hay.get(end + 12) == Some(&b':')
        && digits_at::<2>(hay, end + 13);
    if !shape {
        return None;
    }
    let mut stop = end + 15;
    if hay.get(stop) == Some(&b'.') {
        stop = super::digits_end(hay, stop + 1);
    }
    Some(stop)
}

/// Neighbour classes for [`worth_a_look`].
const N_WORD: u8 = 1;
const N_UPPER: u8 = 2;
/// ` `, `-`, `.`: group separators.
const N_SEP: u8 = 4;
/// `+`, `(`: a phone number's opening.
const N_OPEN: u8 = 8;
/// `-`, `.`: glue a run to a word before them (`v1.2`, `a716-4466`).
const N_ATTACH: u8 = 16;

static NEIGHBOUR: [u8; 256] = neighbours();

const fn neighbours() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b: u8 = 0;
    loop {
        let mut c = 0;
        if b.is_ascii_alphanumeric() || b == b'_' {
            c |= N_WORD;
        }
        if b.is_ascii_uppercase() {
            c |= N_UPPER;
        }
        match b {
            b' ' => c |= N_SEP,
            b'-' | b'.' => c |= N_SEP | N_ATTACH,
            b'+' | b'(' => c |= N_OPEN,
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
fn neighbour(hay: &[u8], i: usize) -> u8 {
    hay.get(i).map_or(0, |&b| NEIGHBOUR[usize::from(b)])
}

/// The first screen, a handful of table lookups: whether anything could
/// start at the run `start..end` at all. Every detector needs the run to be
/// free on its left (not glued to a word, directly or through `-`/`.`)
/// and then a long run or a separator and another digit after it, except
/// a `+`/`(` phone and an IBAN (letters before the digits).
///
/// Branch-free on purpose: a run's neighbours are unpredictable, and a
/// mispredicted branch per run would cost more than the whole test.
#[inline]
#[allow(clippy::needless_bitwise_bool)] // branch-free on purpose
fn worth_a_look(hay: &[u8], start: usize, end: usize, next2_digit: bool) -> bool {
    let prev = neighbour(hay, start.wrapping_sub(1));
    let prev2 = neighbour(hay, start.wrapping_sub(2));
    let next = neighbour(hay, end);
    let opening = (prev & N_OPEN != 0) | ((prev & N_UPPER != 0) & (prev2 & N_UPPER != 0));
    let glued = (prev & N_WORD != 0) | ((prev & N_ATTACH != 0) & (prev2 & N_WORD != 0));
    let grouped = (next & N_SEP != 0) & next2_digit;
    opening | (!glued & ((end - start >= 13) | grouped))
}

/// Whether a run that passed [`worth_a_look`] is still sure to hold
/// nothing, from the shapes [`screen`]'s parsers need, checked on the
/// common survivors of clean text: decimals (`rt=0.019`, `HTTP/1.1`),
/// `status size` pairs (`200 5123`), time and date fields (`12 10:04`),
/// time-zone offsets (`+0000`). With no `+`, `(` or capital before it, a
/// run of up to 3 digits needs an IPv4 (`.` after its second group), a
/// phone (a 3-digit second group, or a trunk `0` and enough digits or
/// another separator) or nothing; a run of 5 to 12, a trunk `0` phone.
#[inline]
fn hopeless(hay: &[u8], start: usize, end: usize) -> bool {
    let len = end - start;
    if len == 4 || len >= 13 {
        return false;
    }
    let prev = if start > 0 { hay[start - 1] } else { b' ' };
    let first = hay[start];
    let Some(&sep) = hay.get(end) else {
        return false;
    };
    if prev == b'+' {
        // `+0`: no E.164 number; without a separator, no IPv4 nor card.
        return first == b'0' && !matches!(sep, b' ' | b'-' | b'.');
    }
    if prev == b'(' || prev.is_ascii_uppercase() {
        return false;
    }
    let group = end + 1;
    let stop = super::digits_end(hay, group);
    let m = stop - group;
    let after = hay.get(stop).copied();
    let trunk = first == b'0' && (2..=5).contains(&len) && (after == Some(sep) || len + m >= 9);
    let keep = trunk
        || (len <= 3
            && ((sep == b'.' && after == Some(b'.'))
                || (m == 3 && ((len == 3 && first >= b'2') || (len == 1 && first == b'1')))));
    !keep
}

/// The one branch most runs see: whether any enabled detector could start
/// at the run `start..end` (or just before it), decided from the run's
/// length, first digit and neighbours with non-short-circuit operators;
/// then the candidates' parsers, in priority order.
#[inline]
#[allow(clippy::needless_bitwise_bool)] // one branch, then the parsers
fn screen(hay: &[u8], start: usize, end: usize, want: Want) -> Option<Finding> {
    let len = end - start;
    let prev = if start > 0 { hay[start - 1] } else { b' ' };
    let prev2 = if start > 1 { hay[start - 2] } else { b' ' };
    let next = hay.get(end).copied().unwrap_or(b' ');
    let next2_digit = hay.get(end + 1).is_some_and(u8::is_ascii_digit);
    let first = hay[start];
    let glued = is_word(prev);
    let grouped = (next == b' ' || next == b'-' || next == b'.') & next2_digit;

    // An IBAN's check digits follow its two-letter country code.
    let iban = want.has(Want::IBAN)
        & glued
        & (len >= 2)
        & prev.is_ascii_uppercase()
        & prev2.is_ascii_uppercase();
    let card = want.has(Want::CARD)
        & !glued
        & (((13..=19).contains(&len)) | ((len == 4) & grouped & (next != b'.')));
    let phone = want.has(Want::PHONE)
        & ((prev == b'+')
            | (prev == b'(')
            | (!glued
                & grouped
                & ((len == 3)
                    | ((len == 1) & (first == b'1'))
                    | ((first == b'0') & (2..=5).contains(&len)))));
    let ipv4 = want.has(Want::IPV4) & !glued & (len <= 3) & (next == b'.');
    if !(iban | card | phone | ipv4) {
        return None;
    }

    if iban && let Some(stop) = iban::match_at(hay, start - 2) {
        return Some(Finding::new(Label::Iban, start - 2..stop));
    }
    if card && let Some(stop) = card::match_at(hay, start, end) {
        return Some(Finding::new(Label::Card, start..stop));
    }
    if phone && let Some(range) = phone::match_at(hay, start, end) {
        return Some(Finding::new(Label::Phone, range));
    }
    if ipv4 && let Some(stop) = ip::v4_at(hay, start) {
        return Some(Finding::new(Label::Ipv4, start..stop));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_map_is_exact() {
        let hay: Vec<u8> = (0..=255u8).chain(b"0123456789/:".iter().copied()).collect();
        for base in (0..hay.len()).step_by(64) {
            let (map, colons) = digit_map(&hay, base);
            for k in 0..64 {
                let want = hay.get(base + k).is_some_and(u8::is_ascii_digit);
                assert_eq!(map >> k & 1 == 1, want, "byte {}", base + k);
                let want = hay.get(base + k) == Some(&b':');
                assert_eq!(colons >> k & 1 == 1, want, "byte {}", base + k);
            }
        }
    }

    #[test]
    fn runs_across_blocks() {
        let mut hay = vec![b' '; 60];
        hay.extend_from_slice(b"4111111111111111 and 10.0.0.1");
        let mut out = Vec::new();
        scan(&hay, DetectorSet::all(), &mut out);
        let found: Vec<_> = out.iter().map(|f| (f.detector, f.range.clone())).collect();
        assert_eq!(found, [(Detector::Card, 60..76), (Detector::Ipv4, 81..89)]);
    }
}
