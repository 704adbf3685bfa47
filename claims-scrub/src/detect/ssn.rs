//! US social security numbers, `AAA-GG-SSSS`. See [`Detector::Ssn`] for
//! the rule.
//!
//! [`Detector::Ssn`]: crate::Detector::Ssn

use crate::bytes::{at, digits_end, num_left_ok, num_right_ok};

/// The end of the SSN whose area is the digit run `start..end`, if one
/// starts there.
pub(crate) fn match_at(hay: &[u8], start: usize, end: usize) -> Option<usize> {
    if end - start != 3 || !num_left_ok(hay, start) || at(hay, end) != Some(b'-') {
        return None;
    }
    let group_end = digits_end(hay, end + 1);
    if group_end - end - 1 != 2 || at(hay, group_end) != Some(b'-') {
        return None;
    }
    let serial_end = digits_end(hay, group_end + 1);
    if serial_end - group_end - 1 != 4 || !num_right_ok(hay, serial_end) {
        return None;
    }
    let issued = {
        let area = &hay[start..end];
        area != b"000" && area != b"666" && area[0] != b'9'
    };
    let zeros = |digits: &[u8]| digits.iter().all(|&d| d == b'0');
    (issued && !zeros(&hay[end + 1..group_end]) && !zeros(&hay[group_end + 1..serial_end]))
        .then_some(serial_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str) -> Option<&str> {
        let hay = s.as_bytes();
        let start = hay.iter().position(u8::is_ascii_digit)?;
        match_at(hay, start, digits_end(hay, start)).map(|stop| &s[start..stop])
    }

    #[test]
    fn numbers() {
        assert_eq!(find("ssn 123-45-6789."), Some("123-45-6789"));
        assert_eq!(find("078-05-1120"), Some("078-05-1120"));
        assert_eq!(find("665-01-0001"), Some("665-01-0001"));
        assert_eq!(find("899-99-9999,"), Some("899-99-9999"));
    }

    #[test]
    fn never_issued_and_look_alikes() {
        for s in [
            "000-12-3456",
            "666-12-3456",
            "900-12-3456",
            "987-65-4321",
            "123-00-4567",
            "123-45-0000",
            "123 45 6789",
            "123456789",
            "123-456-7890",
            "1234-56-7890",
            "123-45-67890",
            "x123-45-6789",
            "id-123-45-6789",
            "123-45-6789-1",
            "123-45-6789a",
            "123.45.6789",
        ] {
            assert_eq!(find(s), None, "{s}");
        }
    }
}
