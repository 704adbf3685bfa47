//! Email addresses, found from each `@`: the local part is read backwards,
//! the domain forwards, each within its RFC 5321 length limit.
//!
//! Internationalized addresses (RFC 6531 local parts, IDNA domains in
//! UTF-8 or as `xn--` labels) are found too: a UTF-8 letter, digit or
//! combining mark counts as a local-part or label character. Other
//! non-ASCII characters (`«`, fullwidth punctuation) end a part, as
//! ASCII punctuation does. A finding therefore starts and ends at a
//! character boundary of valid UTF-8.

use memchr::memchr;

use crate::bytes::{is_alpha, is_label, is_local};
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
    while start > floor && at_sign - start <= LOCAL_MAX {
        let b = hay[start - 1];
        if is_local(b) {
            start -= 1;
        } else if let Some(len) = word_char_before(hay, start, floor) {
            start -= len;
        } else {
            break;
        }
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
    let mut run = at_sign + 1;
    while run < hay.len() && run - at_sign <= DOMAIN_MAX + 1 {
        let b = hay[run];
        if is_label(b) || b == b'.' {
            run += 1;
        } else if let Some(len) = word_char_at(hay, run) {
            run += len;
        } else {
            break;
        }
    }
    if run - at_sign - 1 > DOMAIN_MAX {
        return None;
    }
    let mut end = run;
    while end > at_sign + 1 && matches!(hay[end - 1], b'.' | b'-') {
        end -= 1;
    }
    valid_domain(&hay[at_sign + 1..end]).then(|| Finding::new(Label::Email, start..end))
}

/// The length of the non-ASCII letter, digit or combining mark that
/// starts at `i`, if one does.
fn word_char_at(hay: &[u8], i: usize) -> Option<usize> {
    let lead = *hay.get(i)?;
    let len = match lead {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let c = std::str::from_utf8(hay.get(i..i + len)?)
        .ok()?
        .chars()
        .next()?;
    is_word_char(c).then_some(len)
}

/// The length of the non-ASCII letter, digit or combining mark that ends
/// at `end`, if one does and starts at or after `floor`.
fn word_char_before(hay: &[u8], end: usize, floor: usize) -> Option<usize> {
    // A UTF-8 character is a lead byte and up to three continuation bytes.
    (2..=4)
        .take_while(|&len| end >= floor + len)
        .find(|&len| hay[end - len] & 0xc0 != 0x80)
        .filter(|&len| word_char_at(hay, end - len) == Some(len))
}

/// A letter or digit of any script, or a combining mark (U+0300..U+036F:
/// an accent written apart from its letter).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// At least two non-empty labels, none starting or ending with `-`, the last
/// alphabetic (two or more letters, of any script) or an IDNA `xn--` label.
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
    labels >= 2 && valid_tld(last)
}

fn valid_tld(tld: &[u8]) -> bool {
    if tld.is_ascii() {
        return (tld.len() >= 2 && tld.iter().all(|&b| is_alpha(b)))
            || (tld.len() > 4 && tld[..4].eq_ignore_ascii_case(b"xn--"));
    }
    std::str::from_utf8(tld)
        .is_ok_and(|t| t.chars().count() >= 2 && t.chars().all(char::is_alphabetic))
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
        assert_eq!(
            find("x@xn--bcher-kva.xn--p1ai"),
            ["x@xn--bcher-kva.xn--p1ai"]
        );
    }

    #[test]
    fn internationalized() {
        for (text, want) in [
            ("to josé@example.com.", "josé@example.com"),
            ("andré.martin@exemple.fr", "andré.martin@exemple.fr"),
            ("x@bücher.xn--bcher-kva", "x@bücher.xn--bcher-kva"),
            ("from: пользователь@пример.рф;", "пользователь@пример.рф"),
            ("用户@例子.中国", "用户@例子.中国"),
            ("Zoë@example.com", "Zoë@example.com"),
            // `e` and a combining acute accent.
            ("rene\u{301}@example.com", "rene\u{301}@example.com"),
            ("«marie@example.fr»", "marie@example.fr"),
            ("mail：ana@example.es", "ana@example.es"),
        ] {
            assert_eq!(find(text), [want], "{text}");
        }
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
            "a@пример.р",
            "a@example.1a",
        ] {
            assert!(find(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn broken_utf8_ends_a_part() {
        for hay in [
            &b"\xa9@example.com"[..],
            b"\xc3@example.com",
            b"a\xe9b@example.com",
            b"a@exa\xc3mple.com",
        ] {
            let mut out = Vec::new();
            scan(hay, &mut out);
            for f in out {
                assert!(
                    std::str::from_utf8(&hay[f.range.clone()]).is_ok(),
                    "{hay:?}"
                );
            }
        }
        let mut out = Vec::new();
        scan(b"a\xe9b@example.com", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].range, 2..15, "`b@example.com`");
    }
}
