//! The number-shaped detectors (phone, IPv4, card, IBAN, SSN) share one pass:
//! find each run of ASCII digits, then ask each detector whether a match
//! starts there.
//!
//! Clean logs are full of digits (timestamps, durations, status codes,
//! ids, hex hashes: about one digit run every ten bytes), so the pass must
//! be fast on *non-matching* runs, and branch mispredictions, not
//! arithmetic, are what a byte-at-a-time loop pays for them. So:
//!
//! 1. The input is read 64 bytes at a time into bitmaps of its byte
//!    classes ([`bitmaps`]: digits, `:`, separators, and whether the byte
//!    before a position glues a number to a word or may open one). Run
//!    starts are `digits & !(digits << 1)`.
//! 2. The runs are screened a block at a time by mask arithmetic alone
//!    ([`survivors`], which is [`worth_a_look`] for every run at once): the
//!    left side from the glue and opening bits, and the byte after each run
//!    by adding its first bit (the carry runs through it), keeping the runs
//!    followed by a separator and a digit, or 13 digits long. Almost every
//!    run of a clean log is dropped there, with no branch per run. IPv6
//!    candidates are the colons with another one close after them and,
//!    within an address's reach, a `::` or six colons.
//! 3. The few left get [`hopeless`] (the common look-alikes: decimals,
//!    `status size` pairs, time-zone offsets), and only then a detector's
//!    parser, reading at most a few dozen bytes; the pass resumes after a
//!    match. Total work is linear in the input.

use super::bitmaps::{self, Block, Classifier, WithClassifier};
use super::{card, iban, ip, phone, ssn};
use crate::bytes::{ATTACH, OPEN, SEP, UPPER, WORD, class_at, digit_at, digits_end, is_word};
use crate::detector::{Detector, DetectorSet, Label};
use crate::finding::Finding;

/// Which numeric detectors are on (read once, outside the loop).
#[derive(Clone, Copy)]
struct Want(u8);

impl Want {
    const CARD: u8 = 1;
    const IBAN: u8 = 2;
    const PHONE: u8 = 4;
    const IPV4: u8 = 8;
    const IPV6: u8 = 16;
    const SSN: u8 = 32;

    fn new(set: DetectorSet) -> Self {
        let mut bits = 0;
        for (d, bit) in [
            (Detector::Card, Self::CARD),
            (Detector::Iban, Self::IBAN),
            (Detector::Phone, Self::PHONE),
            (Detector::Ipv4, Self::IPV4),
            (Detector::Ipv6, Self::IPV6),
            (Detector::Ssn, Self::SSN),
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

/// Scans `hay` for phone numbers, IPv4 addresses, card numbers, IBANs, SSNs and
/// IPv6 addresses (those of them in `set`), appending raw findings to
/// `out`. IPv6 candidates are the colons with another one at most five
/// bytes after them, found from the same bitmaps (see [`ip::v6_at_colon`]).
pub(crate) fn scan(hay: &[u8], set: DetectorSet, out: &mut Vec<Finding>) {
    let want = Want::new(set);
    if want.0 != 0 {
        bitmaps::dispatch(Scan { hay, want, out });
    }
}

/// [`scan`]'s arguments, for [`bitmaps::dispatch`].
struct Scan<'a> {
    hay: &'a [u8],
    want: Want,
    out: &'a mut Vec<Finding>,
}

impl WithClassifier for Scan<'_> {
    type Output = ();

    #[inline(always)] // into `dispatch`'s SIMD context
    #[allow(clippy::inline_always)]
    fn run<C: Classifier>(self, classifier: C) {
        scan_with(self.hay, self.want, self.out, classifier);
    }
}

/// [`scan`] with the given [`Classifier`].
#[inline(always)] // into `dispatch`'s SIMD context, with the classifier
#[allow(clippy::inline_always)]
fn scan_with<C: Classifier>(hay: &[u8], want: Want, out: &mut Vec<Finding>, classifier: C) {
    let n = hay.len();
    // Runs starting before `resume` are inside an earlier run or match.
    let mut resume = 0;
    let mut base = 0;
    let mut v6_resume = 0;
    let mut prev = Block::default();
    let mut cur = classifier.block(hay, 0);
    while base < n {
        // The next block's maps too: a run's length and the bytes after it
        // are then read from the bitmaps, not from `hay`.
        let next = classifier.block(hay, base + 64);
        let ahead = u128::from(cur.colon) | u128::from(next.colon) << 64;
        let pairs = ahead & (ahead >> 1);
        // An address's colons lie within `V6_REACH` bytes of its first, and
        // it holds a `::` or at least six of them: times (`10:04:05`) stop
        // here, most of them for the whole block at once.
        if want.has(Want::IPV6) && cur.colon != 0 && (pairs != 0 || ahead.count_ones() >= 6) {
            let near = (ahead >> 1) | (ahead >> 2) | (ahead >> 3) | (ahead >> 4) | (ahead >> 5);
            #[allow(clippy::cast_possible_truncation)] // the low block's bits
            let mut candidates = cur.colon & near as u64;
            while candidates != 0 {
                let bit = candidates.trailing_zeros();
                candidates &= candidates - 1;
                let reach = (1u128 << ip::V6_REACH) - 1;
                let few = ((ahead >> bit) & reach).count_ones() < 6;
                if few && (pairs >> bit) & reach == 0 {
                    continue;
                }
                ip::v6_at_colon(hay, base + bit as usize, &mut v6_resume, out);
            }
        }
        let window = u128::from(cur.digit) | u128::from(next.digit) << 64;
        // A run continuing from the previous block is not a start.
        let starts = cur.digit & !behind(cur.digit, prev.digit);
        if next.digit == u64::MAX {
            // A run may go on past both blocks (megabytes of digits): take
            // every start, and find its end byte by byte.
            let mut starts = starts;
            while starts != 0 {
                let bit = starts.trailing_zeros() as usize;
                starts &= starts - 1;
                let in_window = (!(window >> bit)).trailing_zeros() as usize;
                let end = if bit + in_window == 128 {
                    digits_end(hay, base + bit + in_window)
                } else {
                    base + bit + in_window
                };
                let next2_digit = hay.get(end + 1).is_some_and(u8::is_ascii_digit);
                if worth_a_look(hay, base + bit, end, next2_digit) {
                    visit(hay, base + bit, end, want, &mut resume, out);
                }
            }
        } else {
            let beyond = hay.get(base + 128).is_some_and(u8::is_ascii_digit);
            let mut afters = survivors(&prev, &cur, &next, starts, beyond);
            while afters != 0 {
                // `q` is the bit of the byte after a run, `bit` its first.
                let q = afters.trailing_zeros();
                afters &= afters - 1;
                let below = !window & ((1u128 << q) - 1);
                let bit = 128 - below.leading_zeros() as usize;
                // Inside a timestamp or match already passed; or, after a
                // chunk's first byte (where `glue` and `opening` are
                // approximate), not passing `worth_a_look`'s left side.
                if base + bit < resume || (bit % 16 == 1 && !left_ok(hay, base + bit)) {
                    continue;
                }
                visit(hay, base + bit, base + q as usize, want, &mut resume, out);
            }
        }
        prev = cur;
        cur = next;
        base += 64;
    }
}

/// The bits of the bytes before each byte of a block, from its map and the
/// previous block's.
#[inline]
fn behind(map: u64, prev: u64) -> u64 {
    (map << 1) | (prev >> 63)
}

/// The runs starting in `cur` (`starts`) that pass [`worth_a_look`], as
/// the bits of the bytes just after them in the 128-bit window of `cur` and
/// `next` (which must not be all digits, so that every run ends inside the
/// window); `beyond` is whether the byte after the window is a digit.
///
/// All mask arithmetic: no branch per run.
#[inline]
fn survivors(prev: &Block, cur: &Block, next: &Block, starts: u64, beyond: bool) -> u128 {
    let wide = |f: fn(&Block) -> u64| u128::from(f(cur)) | u128::from(f(next)) << 64;
    // Left: what the byte before each start says (see `Block`).
    let free = starts & !behind(cur.glue, prev.glue);
    let opening = starts & behind(cur.opening, prev.opening);
    // Right: adding a run's first bit carries through the run to the byte
    // after it; keep a separator followed by a digit, or 13 digits before.
    let window = wide(|b| b.digit);
    let after = |first: u64| window.wrapping_add(u128::from(first)) & !window;
    let two_digits = window & (window << 1);
    let four = two_digits & (two_digits << 2);
    let eight = four & (four << 4);
    let long = (eight & (eight << 5)) << 1;
    let grouped = wide(|b| b.sep) & ((window >> 1) | u128::from(beyond) << 127);
    (after(free) & (grouped | long)) | after(opening)
}

/// Looks at the run `start..end`, which passed [`worth_a_look`]: skips a
/// timestamp or records what [`screen`] finds, moving `resume` past it.
#[inline]
fn visit(
    hay: &[u8],
    start: usize,
    end: usize,
    want: Want,
    resume: &mut usize,
    out: &mut Vec<Finding>,
) {
    if start < *resume {
        return;
    }
    *resume = end;
    if hopeless(hay, start, end) {
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
/// whose year is the run `start..end`, if one starts there (every field
/// exactly its width: `01:08:024` is not one). None of the number
/// detectors can match inside one (no `:` separators, too few digits
/// between them), so its runs need no look.
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
        && digits_at::<2>(hay, end + 13)
        && !digit_at(hay, end + 15);
    if !shape {
        return None;
    }
    let mut stop = end + 15;
    if hay.get(stop) == Some(&b'.') {
        stop = digits_end(hay, stop + 1);
    }
    Some(stop)
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
    let (opening, glued) = left_side(hay, start);
    let next = class_at(hay, end);
    let grouped = (next & SEP != 0) & next2_digit;
    opening | (!glued & ((end - start >= 13) | grouped))
}

/// [`worth_a_look`]'s left side for the run at `start`: whether a `+`, `(`
/// or two capitals open it, and whether it is glued to a word, directly or
/// through `-`/`.`.
#[inline]
#[allow(clippy::needless_bitwise_bool)] // branch-free on purpose
fn left_side(hay: &[u8], start: usize) -> (bool, bool) {
    let prev = class_at(hay, start.wrapping_sub(1));
    let prev2 = class_at(hay, start.wrapping_sub(2));
    let opening = (prev & OPEN != 0) | ((prev & UPPER != 0) & (prev2 & UPPER != 0));
    let glued = (prev & WORD != 0) | ((prev & ATTACH != 0) & (prev2 & WORD != 0));
    (opening, glued)
}

/// Whether [`worth_a_look`]'s left side lets the run at `start` through.
#[inline]
fn left_ok(hay: &[u8], start: usize) -> bool {
    let (opening, glued) = left_side(hay, start);
    opening || !glued
}

/// Whether a run that passed [`worth_a_look`] is still sure to hold
/// nothing, from the shapes [`screen`]'s parsers need, checked on the
/// common survivors of clean text: decimals (`rt=0.019`, `HTTP/1.1`),
/// `status size` pairs (`200 5123`), time and date fields (`12 10:04`),
/// time-zone offsets (`+0000`). After a `+`, a run of up to 12 digits
/// starting with `0` and not grouped holds nothing. With no `+`, `(` or
/// capital before it, a run of up to 3 digits needs an IPv4 (`.` after its
/// second group), a phone (a 3-digit second group, or a trunk `0` and
/// enough digits or another separator), an SSN (`-`, two digits, `-`) or
/// nothing; a run of 5 to 12, a trunk `0` phone.
#[inline]
fn hopeless(hay: &[u8], start: usize, end: usize) -> bool {
    let len = end - start;
    let prev = if start > 0 { hay[start - 1] } else { b' ' };
    let first = hay[start];
    let Some(&sep) = hay.get(end) else {
        return false;
    };
    if prev == b'+' && len < 13 {
        // `+0`: no E.164 number; without a separator, no IPv4 nor card.
        return first == b'0' && !matches!(sep, b' ' | b'-' | b'.');
    }
    if len == 4 || len >= 13 || prev == b'(' || prev.is_ascii_uppercase() {
        return false;
    }
    let group = end + 1;
    let stop = digits_end(hay, group);
    let m = stop - group;
    let after = hay.get(stop).copied();
    let trunk = first == b'0' && (2..=5).contains(&len) && (after == Some(sep) || len + m >= 9);
    let ssn = len == 3 && sep == b'-' && m == 2 && after == Some(b'-');
    let keep = trunk
        || ssn
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
    let ssn = want.has(Want::SSN) & !glued & (len == 3) & (next == b'-');
    let ipv4 = want.has(Want::IPV4) & !glued & (len <= 3) & (next == b'.');
    if !(iban | card | ssn | phone | ipv4) {
        return None;
    }

    if iban && let Some(stop) = iban::match_at(hay, start - 2) {
        return Some(Finding::new(Label::Iban, start - 2..stop));
    }
    if card && let Some(stop) = card::match_at(hay, start, end) {
        return Some(Finding::new(Label::Card, start..stop));
    }
    if ssn && let Some(stop) = ssn::match_at(hay, start, end) {
        return Some(Finding::new(Label::Ssn, start..stop));
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
    fn runs_across_blocks() {
        let mut hay = vec![b' '; 60];
        hay.extend_from_slice(b"4111111111111111 and 10.0.0.1");
        let mut out = Vec::new();
        scan(&hay, DetectorSet::all(), &mut out);
        let found: Vec<_> = out.iter().map(|f| (f.detector, f.range.clone())).collect();
        assert_eq!(found, [(Detector::Card, 60..76), (Detector::Ipv4, 81..89)]);
    }

    /// The obvious form of [`scan`]: every digit run, found a byte at a
    /// time, goes to [`visit`]; IPv6 from every colon with a second one.
    fn scan_bytewise(hay: &[u8], set: DetectorSet, out: &mut Vec<Finding>) {
        let want = Want::new(set);
        let mut resume = 0;
        let mut i = 0;
        while i < hay.len() {
            if hay[i].is_ascii_digit() {
                let end = digits_end(hay, i);
                let next2_digit = hay.get(end + 1).is_some_and(u8::is_ascii_digit);
                if worth_a_look(hay, i, end, next2_digit) {
                    visit(hay, i, end, want, &mut resume, out);
                }
                i = end;
            } else {
                i += 1;
            }
        }
        if want.has(Want::IPV6) {
            ip::scan_v6(hay, out);
        }
    }

    /// Random text built from the pieces the detectors and their screens
    /// care about, across several 64-byte blocks.
    fn random_text(seed: &mut u64) -> Vec<u8> {
        const PIECES: [&str; 42] = [
            " ",
            " ",
            "-",
            ".",
            ":",
            "::",
            "+",
            "(",
            ")",
            "x",
            "AB",
            "_",
            "0",
            "1",
            "7",
            "12",
            "255",
            "0049",
            "4111",
            "10.0.0.1",
            "+1 415 555 0100",
            "DE89370400440532013000",
            "fe80::1",
            "2001:db8:85a3:0:0:8a2e:370:7334",
            "1:2:3:4:5:6:1.2.3.4",
            "12:34:56",
            "4111111111111111",
            "2024-01-09T01:08:39.542Z",
            "020 7946 0000",
            "0.5",
            "555",
            "1.555.123.4567",
            "(555) 123-4567",
            "06-12345678",
            "123456",
            "030 1234567",
            "415 555 0100",
            "1 415 555 0100",
            "415-555-0100",
            "123-45-6789",
            "078-05-1120",
            "45-",
        ];
        let mut next = || {
            // xorshift64: reproducible, no dependency.
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *seed
        };
        let len = 1 + next() % 60;
        let mut text = Vec::new();
        for _ in 0..len {
            let piece = usize::try_from(next() % PIECES.len() as u64).unwrap_or(0);
            text.extend_from_slice(PIECES[piece].as_bytes());
        }
        text
    }

    #[test]
    fn bitmaps_find_what_a_byte_loop_finds() {
        /// One scan, for [`bitmaps::run_each`].
        #[derive(Clone, Copy)]
        struct Findings<'a>(&'a [u8], DetectorSet);

        impl WithClassifier for Findings<'_> {
            type Output = Vec<(Detector, std::ops::Range<usize>)>;

            fn run<C: Classifier>(self, classifier: C) -> Self::Output {
                let mut out = Vec::new();
                scan_with(self.0, Want::new(self.1), &mut out, classifier);
                sorted(out)
            }
        }

        fn sorted(found: Vec<Finding>) -> Vec<(Detector, std::ops::Range<usize>)> {
            let mut found: Vec<_> = found.into_iter().map(|f| (f.detector, f.range)).collect();
            found.sort_by_key(|(d, r)| (r.start, r.end, *d as u8));
            found
        }

        let mut seed = 0x9e37_79b9_7f4a_7c15;
        let mut kinds = std::collections::BTreeMap::new();
        for round in 0..20_000 {
            let text = random_text(&mut seed);
            for set in [
                DetectorSet::all(),
                DetectorSet::empty().with(Detector::Ipv6),
            ] {
                let mut slow = Vec::new();
                scan_bytewise(&text, set, &mut slow);
                let slow = sorted(slow);
                for (detector, _) in &slow {
                    *kinds.entry(detector.name()).or_insert(0) += 1;
                }
                for (name, fast) in bitmaps::run_each(&Findings(&text, set)) {
                    assert!(
                        fast == slow,
                        "round {round}, {name}: {:?}\n{fast:?}\n{slow:?}",
                        String::from_utf8_lossy(&text),
                    );
                }
            }
        }
        // The inputs hold findings of every numeric kind.
        assert_eq!(kinds.len(), 6, "{kinds:?}");
        assert!(kinds.values().all(|&n| n > 500), "{kinds:?}");
    }

    #[test]
    fn findings_do_not_depend_on_alignment() {
        let scan_at = |text: &[u8], shift: usize| {
            let mut hay = vec![b' '; shift];
            hay.push(b'\n');
            hay.extend_from_slice(text);
            let mut out = Vec::new();
            scan(&hay, DetectorSet::all(), &mut out);
            let mut found: Vec<_> = out
                .into_iter()
                .map(|f| (f.detector, f.range.start - shift..f.range.end - shift))
                .collect();
            found.sort_by_key(|(d, r)| (r.start, r.end, *d as u8));
            found
        };
        // A glued year whose `T` may sit at a chunk's first byte, and a
        // `seconds` run of three digits (a phone, not a time): found by
        // fuzzing.
        let mut texts = vec![b"tT0024-01-09T01:08:024-010044 056s".to_vec()];
        let mut seed = 0x1234_5678_9abc_def1;
        texts.extend((0..300).map(|_| random_text(&mut seed)));
        for text in &texts {
            let here = scan_at(text, 0);
            for shift in 1..64 {
                assert_eq!(
                    scan_at(text, shift),
                    here,
                    "shift {shift}: {:?}",
                    String::from_utf8_lossy(text)
                );
            }
        }
        assert_eq!(scan_at(&texts[0], 0).len(), 1, "the phone 024-010044");
    }

    #[test]
    fn timestamps_are_skipped_whole_and_only_whole() {
        assert_eq!(timestamp_end(b"2024-01-09T01:08:39Z", 0, 4), Some(19));
        assert_eq!(timestamp_end(b"2024-01-09 01:08:39.542Z", 0, 4), Some(23));
        // Three digits of `seconds`: not a time, and what follows is kept.
        assert_eq!(timestamp_end(b"2024-01-09T01:08:024-010044", 0, 4), None);
        let mut out = Vec::new();
        scan(
            b"at 2024-01-09T01:08:024-010044 ok",
            DetectorSet::all(),
            &mut out,
        );
        assert_eq!(out.len(), 1, "the phone 024-010044");
    }
}
