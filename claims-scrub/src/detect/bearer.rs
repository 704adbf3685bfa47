//! Credentials after `Bearer` / `Basic` (as written, lowercase or
//! uppercase), as in `Authorization` headers. See [`Detector::Bearer`] for the rule.
//!
//! [`Detector::Bearer`]: crate::Detector::Bearer

use crate::bytes::{at, before, is_word};
use crate::detector::Label;
use crate::finding::Finding;

/// The header name whose presence just before the scheme makes any
/// credential count.
const HEADER: &[u8] = b"authorization";
/// Without the header name, a credential must be at least this long (and
/// hold a digit).
const BARE_MIN: usize = 16;
/// How many separator bytes (`: = " ' [ { ( \` and blanks) may sit between
/// the header name and the scheme.
const GAP_MAX: usize = 8;

/// A byte that ends a credential: whitespace, quotes, separators, brackets,
/// controls and non-ASCII.
fn ends_credential(b: u8) -> bool {
    !b.is_ascii_graphic()
        || matches!(
            b,
            b'"' | b'\''
                | b'`'
                | b','
                | b';'
                | b'\\'
                | b'<'
                | b'>'
                | b'('
                | b')'
                | b'['
                | b']'
                | b'{'
                | b'}'
        )
}

pub(crate) fn credential(hay: &[u8], scheme_start: usize, scheme_end: usize) -> Option<Finding> {
    if before(hay, scheme_start).is_some_and(|p| is_word(p) || p == b'-') {
        return None;
    }
    // One or more blanks, then the credential.
    let mut start = scheme_end;
    while matches!(at(hay, start), Some(b' ' | b'\t')) && start - scheme_end < GAP_MAX {
        start += 1;
    }
    if start == scheme_end {
        return None;
    }
    let mut end = start;
    while end < hay.len() && !ends_credential(hay[end]) {
        end += 1;
    }
    if end == start {
        return None;
    }
    let len = end - start;
    if is_masked(&hay[start..end]) {
        return None;
    }
    let bare_ok = len >= BARE_MIN && hay[start..end].iter().any(u8::is_ascii_digit);
    (bare_ok || after_header(hay, scheme_start)).then(|| Finding::new(Label::Bearer, start..end))
}

/// Words that stand for an already removed credential.
const MASKS: &[&[u8]] = &[
    b"redacted",
    b"filtered",
    b"hidden",
    b"masked",
    b"removed",
    b"null",
    b"none",
    b"undefined",
    b"token",
];

/// Whether a credential is a mask rather than a secret: no letter or digit
/// (`***`), only `x`s (`xxxx`), or a mask word (`REDACTED`, `null`, ...).
fn is_masked(credential: &[u8]) -> bool {
    !credential.iter().any(u8::is_ascii_alphanumeric)
        || credential
            .iter()
            .all(|&b| matches!(b, b'x' | b'X' | b'*' | b'.' | b'-'))
        || MASKS.iter().any(|m| credential.eq_ignore_ascii_case(m))
}

/// Whether `authorization` (any case, possibly the tail of
/// `Proxy-Authorization`) ends at most [`GAP_MAX`] separator bytes before
/// `scheme_start`.
fn after_header(hay: &[u8], scheme_start: usize) -> bool {
    let mut j = scheme_start;
    while j > 0
        && scheme_start - j < GAP_MAX
        && matches!(
            hay[j - 1],
            b' ' | b'\t' | b':' | b'=' | b'"' | b'\'' | b'[' | b'{' | b'(' | b'\\'
        )
    {
        j -= 1;
    }
    j >= HEADER.len() && hay[j - HEADER.len()..j].eq_ignore_ascii_case(HEADER)
}

#[cfg(test)]
mod tests {

    fn find(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        super::super::literals::scan(s.as_bytes(), crate::Detector::Bearer.into(), &mut out);
        out.into_iter().map(|f| &s[f.range]).collect()
    }

    #[test]
    fn headers() {
        assert_eq!(find("Authorization: Bearer abc.def"), ["abc.def"]);
        assert_eq!(find("authorization=basic dXNlcjpwYXNz"), ["dXNlcjpwYXNz"]);
        assert_eq!(find(r#"{"Authorization":"Bearer tok"}"#), ["tok"]);
        assert_eq!(find(r#"{\"authorization\":\"Bearer tok\"}"#), ["tok"]);
        assert_eq!(
            find("Proxy-Authorization: BASIC Zm9vOmJhcg=="),
            ["Zm9vOmJhcg=="]
        );
        assert_eq!(
            find("curl -H 'Authorization: Bearer sk_live_x'"),
            ["sk_live_x"]
        );
        assert_eq!(
            find("token Bearer ghp_16C7e42F292c6912E7710c8"),
            ["ghp_16C7e42F292c6912E7710c8"]
        );
    }

    #[test]
    fn prose() {
        for s in [
            "invalid Bearer token",
            "WWW-Authenticate: Bearer realm=\"api\"",
            "basic auth disabled",
            "Bearer",
            "codebearer x",
            "Authorization: Bearer ***",
            "Authorization: Bearer <redacted>",
            "Authorization: Bearer REDACTED",
            "authorization=Basic xxxxxxxx",
            "Authorization: Bearer null",
        ] {
            assert!(find(s).is_empty(), "{s}");
        }
    }
}
