//! The number-shaped detectors (phone, IPv4, card, IBAN) share one pass:
//! find each run of ASCII digits, then ask each detector whether a match
//! starts there.
//!
//! Clean logs are full of digits (timestamps, durations, status codes,
//! ids, hex hashes: about one digit run every ten bytes), so the pass must
//! be fast on *non-matching* runs, and branch mispredictions, not
//! arithmetic, are what a byte-at-a-time loop pays for them. So:
//!
//! 1. The input is read 64 bytes at a time into a bitmap of its digits,
//!    eight bytes per `u64` with a branch-free SWAR test (no per-byte
//!    branch). Run starts are `digits & !(digits << 1)`; a run's length is a
//!    `trailing_zeros`.
//! 2. Each run is screened by one branch over a boolean formula of its
//!    length and the bytes just before and after it (glued to a word? a
//!    separator and another digit after it? `+` or `(` before it?). Almost
//!    every run of a clean log fails it.
//! 3. Only the survivors are parsed by a detector, reading at most a few
//!    dozen bytes; the pass resumes after a match. Total work is linear in
//!    the input.

use super::{card, iban, ip, is_word, phone};
use crate::scrub::detector::{Detector, DetectorSet, Finding, Label};

/// Eight ASCII `'0'` bytes.
const ZEROS: u64 = u64::from_ne_bytes([b'0'; 8]);
/// Eight `':'` bytes (the byte after `'9'`).
const COLONS: u64 = u64::from_ne_bytes([b':'; 8]);
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

/// One bit per byte of `word` (bit `k` for byte `k`, little-endian): set
/// for ASCII digits. `(b | 0x80) - 0x30` keeps its high bit exactly when
/// `b & 0x7f >= 0x30`, with no borrow between bytes; likewise for `0x3a`;
/// a digit is at or above the first, below the second, and below 0x80.
#[inline]
fn digit_bits(word: u64) -> u64 {
    let above = (word | HIGH).wrapping_sub(ZEROS);
    let past = (word | HIGH).wrapping_sub(COLONS);
    gather(above & !past & !word & HIGH)
}

/// One bit per byte of `word`, set for `:` (an exact zero-byte test of
/// `word ^ ':'`: adding 0x7f to a byte's low seven bits carries into its
/// high bit unless they are all zero, and no carry crosses bytes).
#[inline]
fn colon_bits(word: u64) -> u64 {
    let x = word ^ COLONS;
    gather(!(((x & !HIGH).wrapping_add(!HIGH)) | x) & HIGH)
}

/// The digit and `:` bitmaps of `hay[from..from + 64]` (missing bytes are
/// neither).
#[inline]
fn digit_map(hay: &[u8], from: usize) -> (u64, u64) {
    let mut map = 0;
    let mut colons = 0;
    match hay.get(from..from + 64) {
        Some(block) => {
            for (k, chunk) in block.chunks_exact(8).enumerate() {
                let word: &[u8; 8] = chunk.try_into().unwrap_or(&[0; 8]);
                let word = u64::from_le_bytes(*word);
                map |= digit_bits(word) << (8 * k);
                colons |= colon_bits(word) << (8 * k);
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
        // The next block's maps too: a run's length and the byte after its
        // separator are then read from the bitmaps, not from `hay`.
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
        let mut starts = map & !((map << 1) | carry);
        carry = map >> 63;
        while starts != 0 {
            let bit = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            let start = base + bit;
            if start < resume {
                continue;
            }
            // The run's end: from the bitmaps, beyond them byte by byte (a
            // run longer than the rest of both blocks is rare).
            let in_window = (!(window >> bit)).trailing_zeros() as usize;
            let mut end = start + in_window;
            if bit + in_window == 128 {
                end = super::digits_end(hay, end);
            }
            // Whether the byte after the one ending the run is a digit.
            let after = bit + in_window + 1;
            let next2_digit = if after < 128 {
                (window >> after) & 1 == 1
            } else {
                hay.get(end + 1).is_some_and(u8::is_ascii_digit)
            };
            resume = end;
            if !worth_a_look(hay, start, end, next2_digit) {
                continue;
            }
            // An ISO 8601 timestamp (most log lines start with one) holds
            // nothing: skip its other runs in one step.
            if let Some(stop) = timestamp_end(hay, start, end) {
                resume = stop;
            } else if let Some(found) = screen(hay, start, end, want) {
                resume = found.range.end.max(end);
                out.push(found);
            }
            if resume > base + 64 {
                starts = 0;
            } else if resume > start + 1 {
                starts &= u64::MAX << (resume - base - 1) << 1;
            }
        }
        map = next;
        colons = next_colons;
        base += 64;
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
