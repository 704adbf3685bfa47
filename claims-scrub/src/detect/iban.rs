//! IBANs (ISO 13616): country code, two check digits, BBAN; compact or
//! printed in groups of four; per-country length; ISO 7064 mod-97 check.

use crate::bytes::{at, is_word, num_left_ok};

/// IBAN length per country code, from the SWIFT IBAN registry (release 98,
/// 2024), sorted by code for binary search.
const LENGTHS: &[([u8; 2], usize)] = &[
    (*b"AD", 24),
    (*b"AE", 23),
    (*b"AL", 28),
    (*b"AT", 20),
    (*b"AZ", 28),
    (*b"BA", 20),
    (*b"BE", 16),
    (*b"BG", 22),
    (*b"BH", 22),
    (*b"BI", 27),
    (*b"BR", 29),
    (*b"BY", 28),
    (*b"CH", 21),
    (*b"CR", 22),
    (*b"CY", 28),
    (*b"CZ", 24),
    (*b"DE", 22),
    (*b"DJ", 27),
    (*b"DK", 18),
    (*b"DO", 28),
    (*b"EE", 20),
    (*b"EG", 29),
    (*b"ES", 24),
    (*b"FI", 18),
    (*b"FK", 18),
    (*b"FO", 18),
    (*b"FR", 27),
    (*b"GB", 22),
    (*b"GE", 22),
    (*b"GI", 23),
    (*b"GL", 18),
    (*b"GR", 27),
    (*b"GT", 28),
    (*b"HR", 21),
    (*b"HU", 28),
    (*b"IE", 22),
    (*b"IL", 23),
    (*b"IQ", 23),
    (*b"IS", 26),
    (*b"IT", 27),
    (*b"JO", 30),
    (*b"KW", 30),
    (*b"KZ", 20),
    (*b"LB", 28),
    (*b"LC", 32),
    (*b"LI", 21),
    (*b"LT", 20),
    (*b"LU", 20),
    (*b"LV", 21),
    (*b"LY", 25),
    (*b"MC", 27),
    (*b"MD", 24),
    (*b"ME", 22),
    (*b"MK", 19),
    (*b"MN", 20),
    (*b"MR", 27),
    (*b"MT", 31),
    (*b"MU", 30),
    (*b"NI", 28),
    (*b"NL", 18),
    (*b"NO", 15),
    (*b"OM", 23),
    (*b"PK", 24),
    (*b"PL", 28),
    (*b"PS", 29),
    (*b"PT", 25),
    (*b"QA", 29),
    (*b"RO", 24),
    (*b"RS", 22),
    (*b"RU", 33),
    (*b"SA", 24),
    (*b"SC", 31),
    (*b"SD", 18),
    (*b"SE", 24),
    (*b"SI", 19),
    (*b"SK", 24),
    (*b"SM", 27),
    (*b"SO", 23),
    (*b"ST", 25),
    (*b"SV", 28),
    (*b"TL", 23),
    (*b"TN", 24),
    (*b"TR", 26),
    (*b"UA", 29),
    (*b"VA", 22),
    (*b"VG", 24),
    (*b"XK", 20),
    (*b"YE", 30),
];

/// The longest registered IBAN.
const MAX_LEN: usize = 34;

/// The registered IBAN length for a country code.
pub(crate) fn length(country: [u8; 2]) -> Option<usize> {
    LENGTHS
        .binary_search_by_key(&country, |&(code, _)| code)
        .ok()
        .map(|i| LENGTHS[i].1)
}

/// The end of the IBAN starting at `start` (its country code), if one does.
pub(crate) fn match_at(hay: &[u8], start: usize) -> Option<usize> {
    if !num_left_ok(hay, start) {
        return None;
    }
    let country = [at(hay, start)?, at(hay, start + 1)?];
    let want = length(country)?;
    // Collect the IBAN's characters; in the printed form a single space
    // follows every fourth one.
    let mut chars = [0u8; MAX_LEN];
    let spaced = at(hay, start + 4) == Some(b' ');
    let mut n = 0;
    let mut j = start;
    while n < want {
        if spaced && n > 0 && n % 4 == 0 {
            if at(hay, j) != Some(b' ') {
                return None;
            }
            j += 1;
        }
        chars[n] = upper_alnum(at(hay, j)?)?;
        n += 1;
        j += 1;
    }
    let iban = &chars[..want];
    let end_ok = !at(hay, j).is_some_and(is_word);
    (end_ok && iban[2].is_ascii_digit() && iban[3].is_ascii_digit() && mod97(iban) == 1)
        .then_some(j)
}

fn upper_alnum(b: u8) -> Option<u8> {
    (b.is_ascii_digit() || b.is_ascii_uppercase()).then_some(b)
}

/// ISO 7064 MOD 97-10 over the IBAN rearranged (first four characters moved
/// to the end, letters as 10..=35).
pub(crate) fn mod97(iban: &[u8]) -> u32 {
    let (head, tail) = iban.split_at(4);
    let acc = tail.iter().chain(head).fold(0u64, |acc, &b| {
        let acc = if b.is_ascii_digit() {
            acc * 10 + u64::from(b - b'0')
        } else {
            acc * 100 + u64::from(b - b'A') + 10
        };
        // Reduce only when the next step could overflow: one division per
        // seven or so characters rather than one each.
        if acc >= 1 << 56 { acc % 97 } else { acc }
    });
    u32::try_from(acc % 97).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted() {
        assert!(LENGTHS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(LENGTHS.iter().all(|&(_, n)| n <= MAX_LEN));
    }

    #[test]
    fn mod97_matches_a_step_by_step_reduction() {
        let reference = |iban: &[u8]| {
            let (head, tail) = iban.split_at(4);
            tail.iter().chain(head).fold(0u32, |acc, &b| match b {
                b'0'..=b'9' => (acc * 10 + u32::from(b - b'0')) % 97,
                _ => (acc * 100 + u32::from(b - b'A') + 10) % 97,
            })
        };
        let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for len in 5..=MAX_LEN {
            for _ in 0..500 {
                let text: Vec<u8> = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        alphabet[usize::try_from(seed % 36).unwrap_or(0)]
                    })
                    .collect();
                assert_eq!(mod97(&text), reference(&text), "{text:?}");
            }
        }
        // All `Z`s: the largest value each step can add.
        assert_eq!(mod97(&[b'Z'; MAX_LEN]), reference(&[b'Z'; MAX_LEN]));
    }

    #[test]
    fn forms() {
        assert_eq!(match_at(b"DE89370400440532013000", 0), Some(22));
        assert_eq!(match_at(b"DE89 3704 0044 0532 0130 00 EUR", 0), Some(27));
        assert_eq!(match_at(b"GB82 WEST 1234 5698 7654 32", 0), Some(27));
        assert_eq!(match_at(b"GB82WEST12345698765432", 0), Some(22));
        // Bad check digits, wrong length, glued to a word.
        assert_eq!(match_at(b"DE88370400440532013000", 0), None);
        assert_eq!(match_at(b"DE8937040044053201300", 0), None);
        assert_eq!(match_at(b"DE893704004405320130001", 0), None);
        assert_eq!(match_at(b"DE89 37040044 0532 0130 00", 0), None);
    }
}
