//! The number-shaped detectors (phone, IPv4, card, IBAN) share one pass:
//! find each run of ASCII digits, then ask each detector, cheapest test
//! first, whether a match starts there.
//!
//! Clean logs are full of digits (timestamps, durations, status codes,
//! ids), so the pass must be fast on *non-matching* digit runs: each run
//! costs a word-at-a-time search to reach it plus a handful of byte
//! comparisons (its length, the byte before it, the byte after it) before
//! any detector parses anything. A detector that does parse reads at most a
//! few dozen bytes ahead, and the pass resumes after the run (or after the
//! match), so the total work is linear in the input.

use super::{at, before, card, digit_at, digits_end, iban, ip, phone};
use crate::scrub::detector::{Detector, DetectorSet, Finding, Label};

/// Eight ASCII `'0'` bytes.
const ZEROS: u64 = u64::from_ne_bytes([b'0'; 8]);
/// Eight bytes of value 10.
const TENS: u64 = u64::from_ne_bytes([10; 8]);
/// The high bit of each byte.
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

/// The index of the first ASCII digit at or after `from`.
///
/// Eight bytes at a time: `x = word ^ "00000000"` maps the digits to bytes
/// 0..=9, and the classic "has a byte less than n" test
/// `(x - 0x0a..0a) & !x & 0x80..80` sets the high bit of every byte below
/// 10 that has its own high bit clear. Borrows only travel upwards, so the
/// lowest flagged byte (the first in memory, reading little-endian) is
/// always a true digit.
pub(crate) fn next_digit(hay: &[u8], from: usize) -> Option<usize> {
    let rest = hay.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut base = from;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ ZEROS;
        let hits = x.wrapping_sub(TENS) & !x & HIGH;
        if hits != 0 {
            return Some(base + (hits.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(u8::is_ascii_digit)
        .map(|i| base + i)
}

/// Scans `hay` for phone numbers, IPv4 addresses, card numbers and IBANs
/// (those of them in `set`), appending raw findings to `out`.
pub(crate) fn scan(hay: &[u8], set: DetectorSet, out: &mut Vec<Finding>) {
    let numeric = [
        Detector::Card,
        Detector::Iban,
        Detector::Phone,
        Detector::Ipv4,
    ];
    if !numeric.into_iter().any(|d| set.contains(d)) {
        return;
    }
    let mut i = 0;
    while let Some(start) = next_digit(hay, i) {
        let end = digits_end(hay, start);
        match classify(hay, start, end, set) {
            Some(found) => {
                i = found.range.end.max(end);
                out.push(found);
            }
            None => i = end,
        }
    }
}

/// Whether a match of some enabled detector starts at (or, for IBANs and
/// `+`/`(` phones, just before) the digit run `start..end`. Each detector
/// is guarded by a few byte tests that reject almost every run of a clean
/// log before any parsing.
#[inline]
fn classify(hay: &[u8], start: usize, end: usize, set: DetectorSet) -> Option<Finding> {
    let len = end - start;
    let prev = before(hay, start);
    let next = at(hay, end);
    // A separator followed by another digit: the run continues a group.
    let grouped = |seps: &[u8]| next.is_some_and(|b| seps.contains(&b)) && digit_at(hay, end + 1);

    if set.contains(Detector::Card)
        && ((13..=19).contains(&len) || (len == 4 && grouped(b" -")))
        && let Some(stop) = card::match_at(hay, start, end)
    {
        return Some(Finding::new(Label::Card, start..stop));
    }
    if set.contains(Detector::Iban)
        && len >= 2
        && start >= 2
        && prev.is_some_and(|b| b.is_ascii_uppercase())
        && hay[start - 2].is_ascii_uppercase()
        && let Some(stop) = iban::match_at(hay, start - 2)
    {
        return Some(Finding::new(Label::Iban, start - 2..stop));
    }
    if set.contains(Detector::Phone) {
        let first = hay[start];
        let candidate = match prev {
            Some(b'+' | b'(') => true,
            _ => {
                grouped(b" -.")
                    && (len == 3
                        || (len == 1 && first == b'1')
                        || (first == b'0' && (2..=5).contains(&len)))
            }
        };
        if candidate && let Some(range) = phone::match_at(hay, start, end) {
            return Some(Finding::new(Label::Phone, range));
        }
    }
    if set.contains(Detector::Ipv4)
        && len <= 3
        && next == Some(b'.')
        && let Some(stop) = ip::v4_at(hay, start)
    {
        return Some(Finding::new(Label::Ipv4, start..stop));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_digit_finds_the_first() {
        let hay = b"abcdefghijklmnop7qrs9";
        assert_eq!(next_digit(hay, 0), Some(16));
        assert_eq!(next_digit(hay, 17), Some(20));
        assert_eq!(next_digit(b"no digits at all, none", 0), None);
        assert_eq!(next_digit(b"12", 5), None);
        for i in 0..40 {
            let mut hay = vec![b'x'; 40];
            hay[i] = b'5';
            // Bytes just around the digit range, and non-ASCII, never match.
            hay[(i + 1) % 40] = b'/';
            hay[(i + 2) % 40] = b':';
            hay[(i + 3) % 40] = 0xb0;
            assert_eq!(next_digit(&hay, 0), Some(i), "at {i}");
        }
    }
}
