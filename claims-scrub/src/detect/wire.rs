//! `claims` wire values (FORMAT.md §4, §5): `h1.<kid>.<43 base64url>` and
//! `e1.<kid>.<at least 38 base64url>`.

use crate::bytes::{at, before, is_b64url, is_word, run_end};
use crate::detector::Label;
use crate::finding::Finding;

/// The longest kid (FORMAT.md §1).
const KID_MAX: usize = 32;
/// `b64u` of a 32-byte HMAC tag.
const H1_BODY: usize = 43;
/// `b64u` of the shortest `e1.` body: 12-byte nonce and 16-byte tag.
const E1_MIN_BODY: usize = 38;

/// The wire value whose version digit is at `one`, if any.
pub(crate) fn wire_at(hay: &[u8], one: usize) -> Option<Finding> {
    let start = one.checked_sub(1)?;
    let label = match hay[start] {
        b'h' => Label::H1,
        b'e' => Label::E1,
        _ => return None,
    };
    if before(hay, start).is_some_and(|p| is_word(p) || p == b'-' || p == b'.') {
        return None;
    }
    let kid_start = one + 2;
    let kid_end = run_end(hay, kid_start, KID_MAX + 1, is_b64url);
    if !(1..=KID_MAX).contains(&(kid_end - kid_start)) || at(hay, kid_end) != Some(b'.') {
        return None;
    }
    let body = kid_end + 1;
    let ok = if label == Label::H1 {
        let end = run_end(hay, body, H1_BODY + 1, is_b64url);
        (end - body == H1_BODY).then_some(end)
    } else {
        let end = run_end(hay, body, usize::MAX, is_b64url);
        let n = end - body;
        (n >= E1_MIN_BODY && n % 4 != 1).then_some(end)
    };
    ok.map(|end| Finding::new(label, start..end))
}

#[cfg(test)]
mod tests {

    fn find(s: &str) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        super::super::literals::scan(s.as_bytes(), crate::Detector::WireValue.into(), &mut out);
        out.into_iter().map(|f| (f.label(), &s[f.range])).collect()
    }

    #[test]
    fn vectors() {
        let h1 = "h1.pii-1.uZo5XWxSTEpxCI2CBB1F0ZCP8sSg_ULYSDvqQYPtaZ0";
        let e1 = "e1.pii-1.AAAAAAAAAAAAAAABnbhuVZ5UX3ALAMzppGhSGCIRS2qihIcSPPkrFsJmZu7WDsc";
        assert_eq!(
            find(&format!("sub=\"{h1}\" email={e1}.")),
            [("h1", h1), ("e1", e1)]
        );
    }

    #[test]
    fn look_alikes() {
        assert!(find("host h1.example.com and e1.large.x").is_empty());
        assert!(find("th1.pii-1.uZo5XWxSTEpxCI2CBB1F0ZCP8sSg_ULYSDvqQYPtaZ0").is_empty());
        // One character too many.
        assert!(find("h1.pii-1.uZo5XWxSTEpxCI2CBB1F0ZCP8sSg_ULYSDvqQYPtaZ0x").is_empty());
    }
}
