//! The JWT, wire-value and bearer detectors share one pass over their
//! literal triggers: `eyJ` (`{"` in base64url, a JOSE header), the
//! wire-value prefixes `h1.` and `e1.`, and the credential schemes.
//!
//! With the `fast` feature (default) the triggers are found by one
//! Aho-Corasick searcher (its SIMD "Teddy" prefilter); without it, by a
//! plain forward scan that tests the literals at each byte that can start
//! one. Both report the leftmost trigger, the first listed on a tie, so
//! the findings are the same either way (a unit test holds them to it).

use super::{bearer, jwt, wire};
use crate::detector::{Detector, DetectorSet, Label};
use crate::finding::Finding;

/// The literal triggers, in pattern-id order: a JWS/JWE header (`{"` in
/// base64url), the two wire-value prefixes, and the credential schemes in
/// their three usual spellings.
const LITERALS: [&str; 9] = [
    "eyJ", "h1.", "e1.", "Bearer", "bearer", "BEARER", "Basic", "basic", "BASIC",
];

/// A trigger found: its index in [`LITERALS`] and its start.
type Trigger = (usize, usize);

/// The JWT, wire-value and bearer detectors, in one pass over the literal
/// triggers. A JWT or wire value is skipped whole once found; a bearer
/// credential is not (a JWT inside it must still be found, and wins).
pub(crate) fn scan(hay: &[u8], set: DetectorSet, out: &mut Vec<Finding>) {
    let jwt = set.contains(Detector::Jwt);
    let wire = set.contains(Detector::WireValue);
    let bearer = set.contains(Detector::Bearer);
    if !(jwt || wire || bearer) {
        return;
    }
    let mut i = 0;
    while let Some((pattern, start)) = next_trigger(hay, i) {
        let end = start + LITERALS[pattern].len();
        i = match pattern {
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

/// The leftmost trigger at or after `from`.
#[cfg(feature = "fast")]
fn next_trigger(hay: &[u8], from: usize) -> Option<Trigger> {
    use std::sync::LazyLock;

    use aho_corasick::{AhoCorasick, Input, MatchKind};

    /// Built once per process. Building from fixed short literals cannot
    /// fail; should it ever, the plain scan finds the same triggers.
    static SEARCHER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(LITERALS)
            .ok()
    });
    match SEARCHER.as_ref() {
        Some(searcher) => searcher
            .find(Input::new(hay).span(from..hay.len()))
            .map(|m| (m.pattern().as_usize(), m.start())),
        None => plain_next_trigger(hay, from),
    }
}

/// [`plain_next_trigger`], the only search without the `fast` feature.
#[cfg(not(feature = "fast"))]
fn next_trigger(hay: &[u8], from: usize) -> Option<Trigger> {
    plain_next_trigger(hay, from)
}

/// The leftmost trigger at or after `from`, by a forward scan: each byte
/// that can start a literal (`e`, `h`, `b`, `B`; `| 0x20` folds the
/// capitals and lets `E` and `H` through, which no literal starts with and
/// so match nothing) is tested against the literals in order. Work: one
/// table-free test per byte, a few comparisons per candidate.
fn plain_next_trigger(hay: &[u8], from: usize) -> Option<Trigger> {
    let tail = hay.get(from..)?;
    tail.iter().enumerate().find_map(|(k, &b)| {
        if !matches!(b | 0x20, b'e' | b'h' | b'b') {
            return None;
        }
        let rest = &tail[k..];
        LITERALS
            .iter()
            .position(|lit| rest.starts_with(lit.as_bytes()))
            .map(|pattern| (pattern, from + k))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every trigger `next_trigger` sees, walking as [`scan`] does when
    /// nothing matches (one byte on).
    fn walk(hay: &[u8], next: fn(&[u8], usize) -> Option<Trigger>) -> Vec<Trigger> {
        let mut found = Vec::new();
        let mut i = 0;
        while let Some((pattern, start)) = next(hay, i) {
            found.push((pattern, start));
            i = start + 1;
        }
        found
    }

    #[test]
    fn plain_scan_finds_what_the_searcher_finds() {
        let pieces: [&[u8]; 14] = [
            b"eyJ",
            b"ey",
            b"h1.",
            b"e1.",
            b"h1",
            b"Bearer",
            b"BEARER",
            b"bearer",
            b"Basic",
            b"basic",
            b"BASI",
            b"E",
            b"x ",
            b"\xc3\xa9",
        ];
        let mut seed = 0x0bad_5eed_u64;
        let mut next = move || {
            // xorshift64: reproducible, no dependency.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % 1024).unwrap_or(0)
        };
        for _ in 0..5_000 {
            let hay: Vec<u8> = (0..next() % 24)
                .flat_map(|_| pieces[next() % pieces.len()].iter().copied())
                .collect();
            let plain = walk(&hay, plain_next_trigger);
            assert_eq!(
                walk(&hay, next_trigger),
                plain,
                "{:?}",
                String::from_utf8_lossy(&hay)
            );
            for &(pattern, start) in &plain {
                assert!(hay[start..].starts_with(LITERALS[pattern].as_bytes()));
            }
        }
        assert_eq!(
            walk(b"xBearer e1.h1.eyJ", plain_next_trigger),
            [(3, 1), (2, 8), (1, 11), (0, 14)]
        );
    }
}
