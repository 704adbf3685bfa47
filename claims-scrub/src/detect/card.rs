//! Payment card numbers: 13-19 digits, contiguous or grouped, Luhn-valid,
//! with a known issuer prefix (IIN) and a length that issuer uses.

use crate::bytes::{at, before, digit_at, digits_end, num_left_ok, num_right_ok};

/// Lengths as a bit set (bit `n` set: `n` digits allowed).
const fn lengths(from: u32, to: u32) -> u32 {
    let mut set = 0;
    let mut n = from;
    while n <= to {
        set |= 1 << n;
        n += 1;
    }
    set
}

/// Visa: 13, 16 or 19 digits.
const VISA: u32 = 1 << 13 | 1 << 16 | 1 << 19;

/// Issuer prefix ranges: `(first, last, prefix digits, allowed lengths)`.
/// A number matches when its first `prefix digits` digits, read as an
/// integer, fall in `first..=last` and its length is allowed.
const IIN: &[(u32, u32, usize, u32)] = &[
    (4, 4, 1, VISA),
    (51, 55, 2, lengths(16, 16)),     // Mastercard
    (2221, 2720, 4, lengths(16, 16)), // Mastercard 2-series
    (34, 34, 2, lengths(15, 15)),     // American Express
    (37, 37, 2, lengths(15, 15)),     // American Express
    (6011, 6011, 4, lengths(16, 19)), // Discover
    (644, 649, 3, lengths(16, 19)),   // Discover
    (65, 65, 2, lengths(16, 19)),     // Discover
    (3528, 3589, 4, lengths(16, 19)), // JCB
    (300, 305, 3, lengths(14, 19)),   // Diners Club
    (3095, 3095, 4, lengths(14, 19)), // Diners Club
    (36, 36, 2, lengths(14, 19)),     // Diners Club
    (38, 39, 2, lengths(16, 19)),     // Diners Club
    (62, 62, 2, lengths(16, 19)),     // UnionPay
    (50, 50, 2, lengths(13, 19)),     // Maestro
    (56, 58, 2, lengths(13, 19)),     // Maestro
    (639, 639, 3, lengths(13, 19)),   // Maestro
    (6304, 6304, 4, lengths(13, 19)), // Maestro
    (67, 67, 2, lengths(13, 19)),     // Maestro
    (2200, 2204, 4, lengths(16, 19)), // Mir
];

/// A card number's digits (at most 19), separators removed.
struct Digits {
    buf: [u8; 19],
    len: usize,
}

impl Digits {
    fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// The end of the card number that starts at the digit run `start..end`,
/// if one does.
pub(crate) fn match_at(hay: &[u8], start: usize, end: usize) -> Option<usize> {
    // A `+` in front makes it a phone number (or nothing).
    if !num_left_ok(hay, start) || before(hay, start) == Some(b'+') {
        return None;
    }
    let len = end - start;
    if (13..=19).contains(&len) {
        return (num_right_ok(hay, end) && valid(&hay[start..end])).then_some(end);
    }
    if len != 4 {
        return None;
    }
    grouped(hay, start, end)
}

/// `dddd[ -]ddd..[ -]...`: a first group of 4, then groups of 3 to 6, one
/// separator kind throughout. Tries the longest grouping first.
fn grouped(hay: &[u8], start: usize, end: usize) -> Option<usize> {
    let sep = at(hay, end)?;
    // Ends of the successive groups and the digit count up to each (at most
    // 1 + 18 / 3 = 7 groups fit in 19 digits).
    let mut ends = [(0usize, 0usize); 7];
    let mut count = 1;
    ends[0] = (end, 4);
    let mut j = end;
    let mut total = 4;
    while count < ends.len() && at(hay, j) == Some(sep) && digit_at(hay, j + 1) {
        let group_end = digits_end(hay, j + 1);
        let group = group_end - j - 1;
        if !(3..=6).contains(&group) || total + group > 19 {
            break;
        }
        total += group;
        j = group_end;
        ends[count] = (j, total);
        count += 1;
    }
    ends[..count].iter().rev().find_map(|&(stop, total)| {
        if total < 13 || !num_right_ok(hay, stop) {
            return None;
        }
        let mut digits = Digits {
            buf: [0; 19],
            len: 0,
        };
        for &b in hay[start..stop].iter().filter(|b| b.is_ascii_digit()) {
            digits.buf[digits.len] = b;
            digits.len += 1;
        }
        valid(digits.as_slice()).then_some(stop)
    })
}

/// Whether `digits` (13-19 ASCII digits) has a known issuer prefix, a
/// length that issuer uses, and a valid Luhn check digit.
pub(crate) fn valid(digits: &[u8]) -> bool {
    let len = digits.len();
    // The first one to four digits as integers, read once for the table.
    let mut prefixes = [0u32; 4];
    let mut acc = 0;
    for (prefix, &d) in prefixes.iter_mut().zip(digits) {
        acc = acc * 10 + u32::from(d - b'0');
        *prefix = acc;
    }
    let known = IIN.iter().any(|&(first, last, width, allowed)| {
        allowed & (1 << len) != 0 && (first..=last).contains(&prefixes[width - 1])
    });
    known && luhn(digits)
}

/// The Luhn (mod 10) check over ASCII digits.
pub(crate) fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d - b'0');
            if i % 2 == 1 {
                let dd = d * 2;
                if dd > 9 { dd - 9 } else { dd }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_known_numbers() {
        assert!(luhn(b"4111111111111111"));
        assert!(!luhn(b"4111111111111112"));
        assert!(luhn(b"378282246310005"));
        assert!(luhn(b"79927398713"));
    }

    #[test]
    fn grouped_forms() {
        let hay = b"card 4111 1111 1111 1111 ok";
        assert_eq!(match_at(hay, 5, 9), Some(24));
        let hay = b"4111-1111-1111-1111";
        assert_eq!(match_at(hay, 0, 4), Some(19));
        // Mixed separators stop the grouping.
        let hay = b"4111 1111-1111-1111";
        assert_eq!(match_at(hay, 0, 4), None);
        // Amex 4-6-5.
        let hay = b"3782 822463 10005";
        assert_eq!(match_at(hay, 0, 4), Some(17));
        // A trailing number is not swallowed.
        let hay = b"4111 1111 1111 1111 200";
        assert_eq!(match_at(hay, 0, 4), Some(19));
    }
}
