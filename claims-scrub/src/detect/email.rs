//! Email addresses, found from each `@`: the local part is read backwards,
//! the domain forwards, each within its RFC 5321 length limit.

use memchr::memchr;

use crate::bytes::{at, is_alpha, is_label, is_local, run_end};
use crate::detector::Label;
use crate::finding::Finding;

/// RFC 5321 §4.5.3.1: local part at most 64 octets, domain at most 255
/// (253 in text form).
const LOCAL_MAX: usize = 64;
const DOMAIN_MAX: usize = 253;

/// Scans `hay` for email addresses.
///
/// The backward read stops at the previous match's end and at any byte that
/// cannot be in a local part (`@` included), the forward read at any byte
/// that cannot be in a domain (`@` included), and both are length-capped,
/// so each byte is read at most a bounded number of times.
pub(crate) fn scan(hay: &[u8], out: &mut Vec<Finding>) {
    let mut floor = 0;
    let mut i = 0;
    while let Some(offset) = memchr(b'@', &hay[i..]) {
        let at_sign = i + offset;
        if let Some(found) = email_at(hay, at_sign, floor) {
            floor = found.range.end;
            out.push(found);
        }
        i = at_sign + 1;
    }
}

fn email_at(hay: &[u8], at_sign: usize, floor: usize) -> Option<Finding> {
    // Local part, backwards.
    let mut start = at_sign;
    while start > floor && at_sign - start <= LOCAL_MAX && is_local(hay[start - 1]) {
        start -= 1;
    }
    if at_sign - start > LOCAL_MAX {
        return None;
    }
    while start < at_sign && matches!(hay[start], b'.' | b'-' | b'+') {
        start += 1;
    }
    if start == at_sign || hay[at_sign - 1] == b'.' {
        return None;
    }
    // Domain, forwards.
    let run = run_end(hay, at_sign + 1, DOMAIN_MAX + 1, |b| {
        is_label(b) || b == b'.'
    });
    if run - at_sign - 1 > DOMAIN_MAX || at(hay, run).is_some_and(|b| is_label(b) || b == b'.') {
        return None;
    }
    let mut end = run;
    while end > at_sign + 1 && matches!(hay[end - 1], b'.' | b'-') {
        end -= 1;
    }
    valid_domain(&hay[at_sign + 1..end]).then(|| Finding::new(Label::Email, start..end))
}

/// At least two non-empty labels, none starting or ending with `-`, the last
/// alphabetic (two or more letters) or an IDNA `xn--` label.
fn valid_domain(domain: &[u8]) -> bool {
    let mut labels = 0;
    let mut last: &[u8] = &[];
    for label in domain.split(|&b| b == b'.') {
        if label.is_empty()
            || label.len() > 63
            || label[0] == b'-'
            || label[label.len() - 1] == b'-'
        {
            return false;
        }
        labels += 1;
        last = label;
    }
    let tld_ok = (last.len() >= 2 && last.iter().all(|&b| is_alpha(b)))
        || (last.len() > 4 && last[..4].eq_ignore_ascii_case(b"xn--"));
    labels >= 2 && tld_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        scan(s.as_bytes(), &mut out);
        out.into_iter().map(|f| &s[f.range]).collect()
    }

    #[test]
    fn addresses() {
        assert_eq!(find("user=alice@example.com,"), ["alice@example.com"]);
        assert_eq!(
            find("<Bob.Smith+tag@mail.example.co.uk>."),
            ["Bob.Smith+tag@mail.example.co.uk"]
        );
        assert_eq!(find("mailto:a_b-c@x.io"), ["a_b-c@x.io"]);
        assert_eq!(find("a@b.com@c.org"), ["a@b.com"]);
        assert_eq!(find("x@bücher.xn--bcher-kva"), Vec::<&str>::new());
        assert_eq!(
            find("x@xn--bcher-kva.xn--p1ai"),
            ["x@xn--bcher-kva.xn--p1ai"]
        );
    }

    #[test]
    fn look_alikes() {
        for s in [
            "user@localhost",
            "lodash@4.17.21",
            "image@sha256:abcd",
            "@mention",
            "a.@example.com",
            "a@-x.com",
            "a@x..com",
            "a@x.c",
        ] {
            assert!(find(s).is_empty(), "{s}");
        }
    }
}
