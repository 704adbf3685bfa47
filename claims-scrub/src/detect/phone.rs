//! Phone numbers: E.164-like (`+44 20 7946 0000`), North American
//! (`(555) 123-4567`, `555-123-4567`) and national numbers with a trunk `0`
//! (`020 7946 0000`, `06 12 34 56 78`). See [`Detector::Phone`] for the
//! rules.
//!
//! [`Detector::Phone`]: crate::Detector::Phone

use std::ops::Range;

use crate::bytes::{at, before, digit_at, num_left_ok, num_right_ok, run_end};

/// Separators between digit groups. Never `:` (times, ports) nor `/` (dates).
fn is_sep(b: u8) -> bool {
    matches!(b, b' ' | b'-' | b'.')
}

/// The end of the digit run at `i`, reading at most `limit` digits.
fn digits_to(hay: &[u8], i: usize, limit: usize) -> usize {
    run_end(hay, i, limit, |b| b.is_ascii_digit())
}

/// The phone number that starts at the digit run `start..end` or at the `+`
/// or `(` just before it.
pub(crate) fn match_at(hay: &[u8], start: usize, end: usize) -> Option<Range<usize>> {
    match before(hay, start) {
        Some(b'+') => e164(hay, start - 1).map(|stop| start - 1..stop),
        Some(b'(') => parenthesized(hay, start - 1).map(|stop| start - 1..stop),
        _ => national(hay, start, end).map(|stop| start..stop),
    }
}

/// `+` then 8 to 15 digits in groups separated by one space, `-` or `.`,
/// with optional parenthesized groups (`+44 (0)20 ...`, `+1 (555) ...`).
/// Returns the end of the longest acceptable prefix.
fn e164(hay: &[u8], plus: usize) -> Option<usize> {
    if !num_left_ok(hay, plus) || !matches!(at(hay, plus + 1), Some(b'1'..=b'9')) {
        return None;
    }
    let mut j = plus + 1;
    let mut digits = 0;
    let mut best = None;
    loop {
        if at(hay, j) == Some(b'(') {
            let close = digits_to(hay, j + 1, 5);
            let n = close - j - 1;
            if !(1..=4).contains(&n) || at(hay, close) != Some(b')') {
                break;
            }
            digits += n;
            j = close + 1;
            if at(hay, j).is_some_and(is_sep) && digit_at(hay, j + 1) {
                j += 1;
            }
            if !digit_at(hay, j) {
                break;
            }
        }
        let group_end = digits_to(hay, j, 16);
        if group_end == j {
            break;
        }
        digits += group_end - j;
        j = group_end;
        if digits > 15 {
            break;
        }
        if digits >= 8 && num_right_ok(hay, j) {
            best = Some(j);
        }
        match at(hay, j) {
            Some(b) if is_sep(b) && (digit_at(hay, j + 1) || at(hay, j + 1) == Some(b'(')) => {
                j += 1;
            }
            Some(b'(') => {}
            _ => break,
        }
    }
    best
}

/// `(555) 123-4567`, `(555)123-4567`, `(020) 7946 0000`.
fn parenthesized(hay: &[u8], open: usize) -> Option<usize> {
    if !num_left_ok(hay, open) {
        return None;
    }
    let close = digits_to(hay, open + 1, 6);
    let n = close - open - 1;
    if at(hay, close) != Some(b')') {
        return None;
    }
    let first = hay[open + 1];
    let after = close + 1;
    if n == 3 && first != b'0' && first != b'1' {
        // `(555) 123-4567`, `(555)123-4567`, `(555)-123-4567`.
        let j = if matches!(at(hay, after), Some(b' ' | b'-')) {
            after + 1
        } else {
            after
        };
        return nanp_tail(hay, j, None);
    }
    if first == b'0' && (2..=5).contains(&n) && hay[open + 2] != b'0' {
        let sep = at(hay, after).filter(|&b| is_sep(b))?;
        return trunk_groups(hay, after + 1, sep, n);
    }
    None
}

/// A number without `+` or `(`: North American `555-123-4567` (also with
/// `.` or spaces, and `1-` in front), or a national number with a trunk `0`.
fn national(hay: &[u8], start: usize, end: usize) -> Option<usize> {
    if !num_left_ok(hay, start) {
        return None;
    }
    let sep = at(hay, end).filter(|&b| is_sep(b))?;
    // Space-separated groups must not be part of a longer list of numbers
    // (`buckets 250 500 1000 2500`, `01 02 03 04 05 06`).
    if sep == b' '
        && before(hay, start) == Some(b' ')
        && start >= 2
        && hay[start - 2].is_ascii_digit()
    {
        return None;
    }
    let len = end - start;
    let first = hay[start];
    let stop = match (len, first) {
        (3, b'2'..=b'9') => nanp_tail(hay, end + 1, Some(sep)),
        (1, b'1') => {
            // `1-555-123-4567`: the area code, then the same separator.
            let area = digits_to(hay, end + 1, 4);
            let ok = area - end - 1 == 3
                && matches!(hay[end + 1], b'2'..=b'9')
                && at(hay, area) == Some(sep);
            if ok {
                nanp_tail(hay, area + 1, Some(sep))
            } else {
                None
            }
        }
        (2..=5, b'0') if hay[start + 1] != b'0' => trunk_groups(hay, end + 1, sep, len),
        _ => None,
    }?;
    let listed = sep == b' ' && at(hay, stop) == Some(b' ') && digit_at(hay, stop + 1);
    (!listed).then_some(stop)
}

/// `ddd<sep>dddd` at `j` (after an area code), where `sep` is the given
/// separator or, if none was fixed yet, any of `-`, `.`, space.
fn nanp_tail(hay: &[u8], j: usize, sep: Option<u8>) -> Option<usize> {
    let exchange = digits_to(hay, j, 4);
    if exchange - j != 3 {
        return None;
    }
    let s = at(hay, exchange)?;
    if !is_sep(s) || sep.is_some_and(|want| want != s) {
        return None;
    }
    let line = digits_to(hay, exchange + 1, 5);
    (line - exchange - 1 == 4 && num_right_ok(hay, line)).then_some(line)
}

/// Groups of 2 to 8 digits from `j`, separated by `sep`, after a first group
/// of `digits` digits; 9 to 12 digits in all. The longest acceptable end.
fn trunk_groups(hay: &[u8], mut j: usize, sep: u8, mut digits: usize) -> Option<usize> {
    let mut best = None;
    loop {
        let group_end = digits_to(hay, j, 9);
        let n = group_end - j;
        if !(2..=8).contains(&n) {
            break;
        }
        digits += n;
        if digits > 12 {
            break;
        }
        j = group_end;
        let listed = sep == b' ' && at(hay, j) == Some(b' ') && digit_at(hay, j + 1);
        if digits >= 9 && num_right_ok(hay, j) && !listed {
            best = Some(j);
        }
        if at(hay, j) == Some(sep) && digit_at(hay, j + 1) {
            j += 1;
        } else {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str) -> Option<&str> {
        let hay = s.as_bytes();
        let start = hay.iter().position(u8::is_ascii_digit)?;
        let end = crate::bytes::digits_end(hay, start);
        match_at(hay, start, end).map(|r| &s[r])
    }

    #[test]
    fn forms() {
        assert_eq!(find("call +44 20 7946 0000 now"), Some("+44 20 7946 0000"));
        assert_eq!(find("+1 (555) 123-4567"), Some("+1 (555) 123-4567"));
        assert_eq!(find("+44 (0)20 7946 0000"), Some("+44 (0)20 7946 0000"));
        assert_eq!(find("+4915112345678"), Some("+4915112345678"));
        assert_eq!(find("(555) 123-4567"), Some("(555) 123-4567"));
        assert_eq!(find("(555)123-4567"), Some("(555)123-4567"));
        assert_eq!(find("555-123-4567"), Some("555-123-4567"));
        assert_eq!(find("1-555-123-4567"), Some("1-555-123-4567"));
        assert_eq!(find("020 7946 0000"), Some("020 7946 0000"));
        assert_eq!(find("06 12 34 56 78"), Some("06 12 34 56 78"));
        assert_eq!(find("06.12.34.56.78."), Some("06.12.34.56.78"));
        assert_eq!(find("(020) 7946 0000"), Some("(020) 7946 0000"));
    }

    #[test]
    fn near_misses() {
        for s in [
            "+1234567",
            "+12345678901234567",
            "2024-03-15",
            "03-15-2024",
            "12:34:56",
            "555-123-45678",
            "555-123.4567",
            "0.12.3",
            "01.03.2024 12:00",
            "v555-123-4567",
            "buckets 250 500 1000 2500",
            "counts 01 02 03 04 05 06 07",
        ] {
            assert_eq!(find(s), None, "{s}");
        }
    }
}
