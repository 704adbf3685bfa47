//! The value guard on `public` claims: every string a public claim puts in
//! the clear (nested ones and object keys included) goes through the log
//! scrubber's detectors before it travels. Numbers are not checked: ids,
//! amounts and timestamps are numbers, and a Luhn-valid id would be refused
//! one time in ten.

use claims_scrub::ValueGuard;

/// Email, phone, card, IBAN, US SSN, JWT, bearer credential and `h1.`/`e1.`
/// wire values (IP addresses are the point of some claims).
const GUARD: ValueGuard = ValueGuard::new();

/// The name of the detector that fires first on a string of `json` (a
/// value as `serde_json` wrote it), if any.
pub(super) fn first_finding(json: &[u8]) -> Option<&'static str> {
    let mut at = 0;
    while let Some(open) = json[at..].iter().position(|&b| b == b'"') {
        let start = at + open + 1;
        let (end, escaped) = string_end(json, start);
        // serde_json escapes only quotes, backslashes and control
        // characters; the detectors must see the text as it reads.
        let unescaped = escaped
            .then(|| json.get(start - 1..=end))
            .flatten()
            .and_then(|quoted| serde_json::from_slice::<String>(quoted).ok());
        let found = match &unescaped {
            Some(text) => GUARD.check(text),
            None => GUARD.check(&json[start..end]),
        };
        if let Some(detector) = found {
            return Some(detector.name());
        }
        at = end + 1;
        if at >= json.len() {
            break;
        }
    }
    None
}

/// The index of the quote closing the string that starts at `start` (the
/// end of `json` if there is none: `serde_json` wrote it, so there is one),
/// and whether the string has escapes.
fn string_end(json: &[u8], start: usize) -> (usize, bool) {
    let mut escaped = false;
    let mut i = start;
    while i < json.len() {
        match json[i] {
            b'"' => return (i, escaped),
            b'\\' => {
                escaped = true;
                i += 2;
            }
            _ => i += 1,
        }
    }
    (json.len(), escaped)
}

#[cfg(test)]
mod tests {
    use super::first_finding;

    #[test]
    fn finds_strings_at_any_depth_and_in_keys() {
        for (json, want) in [
            (r#""admin""#, None),
            (r#"["a","call bob@example.com"]"#, Some("email")),
            (r#"{"bob@example.com":1}"#, Some("email")),
            (r#"{"a":{"b":[null,"+44 20 7946 0958"]}}"#, Some("phone")),
            // Escapes are read as the text they stand for.
            (r#""x\"y\nbob@example.com""#, Some("email")),
            (r#""bob\u0040example.com""#, Some("email")),
            // Numbers are not strings.
            ("4111111111111111", None),
            (r#"[4111111111111111,"ok"]"#, None),
            (r#""""#, None),
        ] {
            assert_eq!(first_finding(json.as_bytes()), want, "{json}");
        }
    }

    #[test]
    fn a_cut_off_string_is_still_read() {
        assert_eq!(first_finding(br#""bob@example.com"#), Some("email"));
        assert_eq!(first_finding(br#""ab\"#), None);
        assert_eq!(first_finding(br#""ab\u00"#), None);
    }
}
