//! The tolerant scanner for lines that do not parse as JSON: it finds
//! `"name": value` pairs by JSON's lexical rules alone, so a masked field's
//! value is found whatever else on the line is broken (a non-UTF-8 byte, a
//! lone surrogate escape, `NaN`, trailing text, a truncated line, JSON
//! embedded in a text line).
//!
//! The line is read once, left to right, a string token at a time: a `"`
//! opens a string that runs to the next unescaped `"` (or the end of the
//! line), so quotes inside strings never start a key. A string followed by
//! `:` (after whitespace) is a key; its name is unescaped (`\u0070`, `\/`,
//! surrogate pairs) and compared as [`JsonScrubber`] compares names. A
//! masked key's value extends:
//!
//! | value starts with | to |
//! |---|---|
//! | `"` | the closing quote, or the end of the line |
//! | `{` or `[` | the matching bracket (strings skipped), or the end of the line |
//! | anything else (`NaN`, `hunter2`, `'x'`, numbers) | the next `,`, `}` or `]`, or the end of the line, trailing blanks left out |
//!
//! Work: one pass over the line plus one per masked value, linear; no
//! recursion, so nesting depth does not matter.
//!
//! [`JsonScrubber`]: super::JsonScrubber

use std::borrow::Cow;
use std::ops::Range;

use memchr::{memchr, memchr2};

/// The ranges (sorted, disjoint) of the values of the keys `masked`
/// accepts, in `line`.
pub(super) fn masked_values(line: &[u8], masked: impl Fn(&[u8]) -> bool) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(k) = memchr(b'"', &line[i..]) {
        let open = i + k;
        let close = string_end(line, open);
        let colon = skip_blanks(line, close);
        if close > open + 1 && line[close - 1] == b'"' && line.get(colon) == Some(&b':') {
            let value = skip_blanks(line, colon + 1);
            if masked(&unescape(&line[open + 1..close - 1]))
                && let Some(end) = value_end(line, value)
            {
                found.push(value..end);
                i = end;
                continue;
            }
            i = colon + 1;
        } else {
            i = close;
        }
    }
    found
}

/// The end (past the closing quote) of the string opened at `open`, or the
/// end of the line if it is never closed.
fn string_end(line: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while let Some(k) = memchr2(b'"', b'\\', &line[i.min(line.len())..]) {
        let at = i + k;
        if line[at] == b'"' {
            return at + 1;
        }
        i = at + 2;
    }
    line.len()
}

fn skip_blanks(line: &[u8], mut i: usize) -> usize {
    while line
        .get(i)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        i += 1;
    }
    i
}

/// The end of the value starting at `start` (see the module docs), or
/// `None` if there is none (`"password":,`, `"password":` at the end).
fn value_end(line: &[u8], start: usize) -> Option<usize> {
    match *line.get(start)? {
        b'"' => Some(string_end(line, start)),
        b'{' | b'[' => Some(container_end(line, start)),
        b',' | b'}' | b']' => None,
        _ => {
            let stop = line[start..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']'))
                .map_or(line.len(), |k| start + k);
            let end = start + line[start..stop].trim_ascii_end().len();
            Some(end)
        }
    }
}

/// The end of the object or array opened at `open`: past its matching
/// bracket, or the end of the line if it is never closed. Brackets of
/// either kind count alike (a mismatched one still closes a level).
fn container_end(line: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while i < line.len() {
        match line[i] {
            b'"' => {
                i = string_end(line, i);
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    line.len()
}

/// A key's name with JSON escapes undone. Unknown escapes and lone
/// surrogates become U+FFFD, which no field name holds.
fn unescape(raw: &[u8]) -> Cow<'_, [u8]> {
    if memchr(b'\\', raw).is_none() {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] != b'\\' {
            out.push(raw[i]);
            i += 1;
            continue;
        }
        let (c, used) = match raw.get(i + 1) {
            Some(b'"') => ('"', 2),
            Some(b'\\') => ('\\', 2),
            Some(b'/') => ('/', 2),
            Some(b'b') => ('\u{8}', 2),
            Some(b'f') => ('\u{c}', 2),
            Some(b'n') => ('\n', 2),
            Some(b'r') => ('\r', 2),
            Some(b't') => ('\t', 2),
            Some(b'u') => unicode_escape(raw, i),
            _ => (char::REPLACEMENT_CHARACTER, 1),
        };
        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        i += used;
    }
    Cow::Owned(out)
}

/// The character of the `\uXXXX` escape at `i` (with its low surrogate if
/// it is a high one) and the bytes it takes.
fn unicode_escape(raw: &[u8], i: usize) -> (char, usize) {
    let hex = |at: usize| {
        raw.get(at..at + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    let Some(unit) = hex(i + 2) else {
        return (char::REPLACEMENT_CHARACTER, 2);
    };
    if (0xd800..0xdc00).contains(&unit)
        && raw.get(i + 6..i + 8) == Some(b"\\u")
        && let Some(low @ 0xdc00..0xe000) = hex(i + 8)
    {
        let c = char::from_u32(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
        return (c.unwrap_or(char::REPLACEMENT_CHARACTER), 12);
    }
    (
        char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER),
        6,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The masked values' text, masking `password` and `token`.
    fn values(line: &str) -> Vec<&str> {
        let masked = |name: &[u8]| {
            name.eq_ignore_ascii_case(b"password") || name.eq_ignore_ascii_case(b"token")
        };
        masked_values(line.as_bytes(), masked)
            .into_iter()
            .map(|r| &line[r])
            .collect()
    }

    #[test]
    fn values_by_kind() {
        assert_eq!(values(r#"{"password":"hunter2","n":1}"#), [r#""hunter2""#]);
        assert_eq!(values(r#"{"password" : NaN }"#), ["NaN"]);
        assert_eq!(
            values(r#"{"token":{"a":[1,"}"]},"x":2"#),
            [r#"{"a":[1,"}"]}"#]
        );
        assert_eq!(values(r#"{"token":[1,2"#), ["[1,2"]);
        assert_eq!(values(r#"{"password":"hun\"ter2"#), [r#""hun\"ter2"#]);
        assert_eq!(values(r#"{"password": hunter 2, "x":1}"#), ["hunter 2"]);
        assert_eq!(values(r#"{"password":,"token":"#), Vec::<&str>::new());
        assert_eq!(
            values(r#"{"a":{"password":1},"token":"t"}"#),
            ["1", r#""t""#]
        );
    }

    #[test]
    fn keys_by_lexical_rules() {
        // A key's name after escapes; any case.
        assert_eq!(values(r#"{"pass\u0077ord":"x"}"#), [r#""x""#]);
        assert_eq!(values(r#"{"PassWord":"x"}"#), [r#""x""#]);
        // Quotes inside a string never start a key.
        assert_eq!(
            values(r#"{"msg":"say \"password\":\"no\"","token":"t"}"#),
            [r#""t""#]
        );
        // A string value named like a field is not a key.
        assert_eq!(values(r#"{"kind":"password","n":1}"#), Vec::<&str>::new());
        // In text around JSON.
        assert_eq!(values(r#"body={"password":"x"} done"#), [r#""x""#]);
    }

    #[test]
    fn unescaping() {
        assert_eq!(&*unescape(br"a\u0041\n\/"), b"aA\n/");
        assert_eq!(&*unescape(br"\ud83d\ude00"), "😀".as_bytes());
        assert_eq!(&*unescape(br"\ud800x"), "\u{fffd}x".as_bytes());
        assert_eq!(
            &*unescape(br"\uzzzz\q\"),
            "\u{fffd}zzzz\u{fffd}q\u{fffd}".as_bytes()
        );
    }
}
