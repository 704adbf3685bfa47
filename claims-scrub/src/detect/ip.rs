//! IPv4 (dotted quads, from the digit pass) and IPv6 (from a `:` search).

use crate::bytes::{at, before, digit_at, is_hex, is_word, num_right_ok, run_end};
use crate::detector::Label;
use crate::finding::Finding;

/// The longest IPv6 text: eight groups of four and seven colons is 39, an
/// IPv4 tail makes it 45.
const V6_MAX: usize = 45;
/// How far past the colon that opens a candidate its address may go: the
/// address may start just after that colon (`ip:fe80::1`). Callers may skip
/// a colon with neither a `::` nor six colons in this reach (see
/// [`v6_at_colon`]).
#[allow(clippy::cast_possible_truncation)] // 45
pub(crate) const V6_REACH: u32 = V6_MAX as u32 + 2;
/// The longest zone id we read after `%`.
const ZONE_MAX: usize = 32;

/// The end of the dotted-quad IPv4 address starting at `start`, if one does.
pub(crate) fn v4_at(hay: &[u8], start: usize) -> Option<usize> {
    // Not glued to a word or a dotted run on the left (`v1.2.3.4`,
    // `1.1.2.3.4`). A `-` after a word would be fine here, but the number
    // pass's screen drops such runs before asking (see `Detector::Ipv4`).
    match before(hay, start) {
        Some(p) if is_word(p) || p == b'.' => return None,
        _ => {}
    }
    let end = quad_end(hay, start)?;
    num_right_ok(hay, end).then_some(end)
}

/// Parses four octets from `start`; returns the end.
fn quad_end(hay: &[u8], start: usize) -> Option<usize> {
    let mut j = start;
    for part in 0..4 {
        if part > 0 {
            if at(hay, j) != Some(b'.') {
                return None;
            }
            j += 1;
        }
        j = octet_end(hay, j)?;
    }
    Some(j)
}

/// One decimal octet, 0-255, no leading zero: its end.
fn octet_end(hay: &[u8], i: usize) -> Option<usize> {
    let end = run_end(hay, i, 4, |b| b.is_ascii_digit());
    let digits = hay.get(i..end)?;
    let ok = match digits {
        [_] => true,
        [b'0', ..] => false,
        [_, _] => true,
        [_, _, _] => {
            digits
                .iter()
                .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'))
                <= 255
        }
        _ => false,
    };
    ok.then_some(end)
}

/// Scans `hay` for IPv6 addresses (on its own; the scrubber finds the
/// colons in its digit pass and calls [`v6_at_colon`]).
///
/// Each `:` may open a candidate: the hex digits just before it (at most
/// four), when nothing glues them to a word, through the maximal run of
/// `[0-9A-Fa-f:.]` after it. A candidate's run is validated once and the
/// search resumes at its end; a colon that opens no candidate costs a look
/// at the five bytes before it. Every byte is read a bounded number of
/// times whatever the input (a run of a million colons is read once).
#[cfg(test)]
pub(crate) fn scan_v6(hay: &[u8], out: &mut Vec<Finding>) {
    let mut resume = 0;
    for colon in memchr::memchr_iter(b':', hay) {
        if second_colon(hay, colon) {
            v6_at_colon(hay, colon, &mut resume, out);
        }
    }
}

/// The IPv6 candidate opened by the `:` at `colon`, if any, given in
/// increasing order of `colon` with `resume` (initially 0) carried between
/// calls. Callers may skip a colon without a second one within five bytes
/// (see [`second_colon`]): every IPv6 address has one after its first (a
/// group is at most four hex digits). Likewise a colon with neither a `::`
/// nor six colons within [`V6_REACH`] bytes from it: an address without
/// `::` has eight groups, or six and an IPv4 tail. No colon inside a
/// candidate's run can open another candidate, so skipping such a colon
/// changes no finding.
pub(crate) fn v6_at_colon(hay: &[u8], colon: usize, resume: &mut usize, out: &mut Vec<Finding>) {
    let i = *resume;
    if colon < i {
        return;
    }
    let mut start = colon;
    while start > i && colon - start < 5 && is_hex(hay[start - 1]) {
        start -= 1;
    }
    let prev = before(hay, start);
    let candidate =
        if colon - start <= 4 && !prev.is_some_and(|p| is_word(p) || p == b'.' || p == b':') {
            Some(start)
        } else if start == colon
            && prev.is_some_and(|p| is_word(p) && !is_hex(p))
            && at(hay, colon + 1) != Some(b':')
        {
            // `ip:fe80::1`: a lone colon right after a (non-hex) word is a
            // key's separator.
            Some(colon + 1)
        } else {
            // Times, `host:port`, `key: value`, code paths: the common case,
            // rejected without reading ahead.
            None
        };
    let Some(start) = candidate else {
        return;
    };
    // Only a candidate reads its whole run, and the search resumes after
    // it: each byte is read forward at most once.
    let run = run_end(hay, colon, usize::MAX, |b| {
        is_hex(b) || b == b':' || b == b'.'
    });
    if let Some(end) = v6_end(hay, start, run) {
        out.push(Finding::new(Label::Ipv6, start..end));
    }
    *resume = run.max(colon + 1);
}

/// Whether a `:` follows the one at `colon` within five bytes.
#[cfg(test)]
#[inline]
fn second_colon(hay: &[u8], colon: usize) -> bool {
    let window = hay
        .get(colon + 1..hay.len().min(colon + 6))
        .unwrap_or_default();
    window.contains(&b':')
}

/// Validates the candidate `start..run` (trimming a sentence's trailing `.`
/// or a lone trailing `:`), reads an optional `%zone`, and checks the right
/// boundary. Returns the end.
fn v6_end(hay: &[u8], start: usize, run: usize) -> Option<usize> {
    let mut end = run;
    while end > start && hay[end - 1] == b'.' {
        end -= 1;
    }
    if end - start >= 2 && hay[end - 1] == b':' && hay[end - 2] != b':' {
        end -= 1;
    }
    if end - start > V6_MAX || !valid_v6(&hay[start..end]) {
        // `::ffff:192.0.2.1:8080`: nothing may follow an IPv4 tail, so a
        // last `:digits` after one is a port.
        let colon = memchr::memrchr(b':', &hay[start..end])? + start;
        let tail_v4 = hay[start..colon].contains(&b'.');
        if !tail_v4 || !valid_v6(&hay[start..colon]) {
            return None;
        }
        return (!at(hay, colon).is_some_and(is_word)).then_some(colon);
    }
    if end == run && at(hay, end) == Some(b'%') {
        let zone = run_end(hay, end + 1, ZONE_MAX + 1, |b| {
            is_word(b) || matches!(b, b'.' | b'-' | b'~')
        });
        if (2..=ZONE_MAX + 1).contains(&(zone - end)) {
            end = zone;
        }
    }
    (!at(hay, end).is_some_and(is_word)).then_some(end)
}

/// Whether `text` is an IPv6 address in RFC 4291 text form (with at most
/// one `::` and an optional dotted IPv4 tail) containing a decimal digit.
pub(crate) fn valid_v6(text: &[u8]) -> bool {
    if !text.iter().any(u8::is_ascii_digit) {
        return false;
    }
    let split = memchr::memmem::find(text, b"::");
    let (head, tail) = match split {
        Some(k) => (&text[..k], &text[k + 2..]),
        None => (text, &text[..0]),
    };
    let compressed = split.is_some();
    // With `::`, the IPv4 tail (if any) is in `tail`; without, in `head`.
    let (Some(head_groups), Some(tail_groups)) =
        (groups(head, !compressed), groups(tail, compressed))
    else {
        return false;
    };
    let total = head_groups + tail_groups;
    if compressed { total <= 7 } else { total == 8 }
}

/// Counts the `:`-separated groups of `part` (an IPv4 tail counts two, and
/// is allowed only as the last group when `v4_last`); `None` if malformed.
fn groups(part: &[u8], v4_last: bool) -> Option<usize> {
    if part.is_empty() {
        return Some(0);
    }
    let count = part.split(|&b| b == b':').count();
    let mut total = 0;
    for (k, group) in part.split(|&b| b == b':').enumerate() {
        let last = k + 1 == count;
        if (1..=4).contains(&group.len()) && group.iter().all(|&b| is_hex(b)) {
            total += 1;
        } else if last && v4_last && group.contains(&b'.') {
            if !digit_at(group, 0) || quad_end(group, 0) != Some(group.len()) {
                return None;
            }
            total += 2;
        } else {
            return None;
        }
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v6_forms() {
        for good in [
            "2001:db8::1",
            "::1",
            "fe80::1",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "::ffff:192.0.2.1",
            "2001:db8::",
            "1::",
        ] {
            assert!(valid_v6(good.as_bytes()), "{good}");
        }
        for bad in [
            "::",
            "12:34:56",
            "00:1a:2b:3c:4d:5e",
            "dead::beef",
            "1:2:3:4:5:6:7:8:9",
            "1::2::3",
            "12345::1",
            ":::1",
            "::1.2.3",
            "1:2:3:4:5:6:7::8",
        ] {
            assert!(!valid_v6(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn v4_forms() {
        assert_eq!(v4_at(b"10.0.0.1", 0), Some(8));
        assert_eq!(v4_at(b"10.0.0.1:8080", 0), Some(8));
        assert_eq!(v4_at(b"10.0.0.1.", 0), Some(8));
        assert_eq!(v4_at(b"256.0.0.1", 0), None);
        assert_eq!(v4_at(b"10.0.0.01", 0), None);
        assert_eq!(v4_at(b"1.2.3.4.5", 0), None);
        assert_eq!(v4_at(b"1.2.3", 0), None);
        assert_eq!(v4_at(b"v1.2.3.4", 1), None);
    }

    #[test]
    fn v6_with_port() {
        let hay = b"at ::ffff:10.0.0.1:8080 now";
        let mut out = Vec::new();
        scan_v6(hay, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(&hay[out[0].range.clone()], b"::ffff:10.0.0.1");
    }
}
