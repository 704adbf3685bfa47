//! Compact JWS and JWE tokens: a base64url header segment starting `eyJ`
//! (`{"` encoded) that decodes to a JSON object naming `"alg"`, then one to
//! four more `.`-separated base64url segments.

use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use memchr::memmem;

use crate::bytes::{at, before, is_b64url, run_end};

/// Headers longer than this are not read (real ones are under 200 bytes).
const MAX_HEADER: usize = 4096;

/// A lenient base64url decoder: padding optional, trailing bits ignored
/// (this only decides whether something *is* a token).
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// The end of the token starting at `start` (at `eyJ`), if it is one.
pub(crate) fn token_end(hay: &[u8], start: usize) -> Option<usize> {
    // Inside a longer base64 blob: not a token start.
    if before(hay, start).is_some_and(is_b64url) {
        return None;
    }
    let header_end = run_end(hay, start, MAX_HEADER + 1, is_b64url);
    if header_end - start > MAX_HEADER || at(hay, header_end) != Some(b'.') {
        return None;
    }
    if !is_jose_header(&hay[start..header_end]) {
        return None;
    }
    // Up to four more segments: JWS has 3 in all, JWE 5.
    let mut end = header_end;
    let mut segments = 1;
    let mut empty = [false; 5];
    while segments < 5 && at(hay, end) == Some(b'.') {
        let seg_end = run_end(hay, end + 1, usize::MAX, is_b64url);
        empty[segments] = seg_end == end + 1;
        end = seg_end;
        segments += 1;
    }
    // An empty last segment is kept only as the empty signature of an
    // unsecured JWS (`h.p.`); otherwise its dot is punctuation.
    if empty[segments - 1] && segments != 3 {
        end -= 1;
        segments -= 1;
    }
    // A header alone (`h.`, `h..`) is not a token.
    (1..segments).any(|k| !empty[k]).then_some(end)
}

/// Whether `segment` decodes to something that starts like a JSON object and
/// names `"alg"` (every JWS and JWE header does).
fn is_jose_header(segment: &[u8]) -> bool {
    let mut buf = [0u8; MAX_HEADER / 4 * 3 + 3];
    let Ok(n) = LENIENT.decode_slice(segment, &mut buf) else {
        return false;
    };
    let json = &buf[..n];
    let body = json.trim_ascii_start();
    body.first() == Some(&b'{') && memmem::find(body, b"\"alg\"").is_some()
}

#[cfg(test)]
mod tests {
    use crate::Detector;

    const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    fn find(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        super::super::literals::scan(s.as_bytes(), Detector::Jwt.into(), &mut out);
        out.into_iter().map(|f| &s[f.range]).collect()
    }

    #[test]
    fn tokens() {
        assert_eq!(find(&format!("Bearer {JWT}, next")), [JWT]);
        assert_eq!(find(&format!("t={JWT}.")), [JWT]);
        // Truncated after the payload.
        assert_eq!(
            find("x eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0 y"),
            ["eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0"]
        );
        // Unsecured JWS with its empty signature.
        assert_eq!(
            find("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."),
            ["eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."]
        );
        // JWE, empty encrypted key (`dir`).
        let jwe = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAA.BBBB.CCCC";
        assert_eq!(find(jwe), [jwe]);
    }

    #[test]
    fn look_alikes() {
        // A cursor (JSON without "alg"), a header alone, a blob containing eyJ.
        assert!(find("cursor=eyJpZCI6MTIzfQ.eyJ4IjoxfQ").is_empty());
        assert!(find("eyJhbGciOiJIUzI1NiJ9 alone").is_empty());
        assert!(find("eyJhbGciOiJIUzI1NiJ9. dot").is_empty());
        assert!(find(&format!("xx{JWT}")).is_empty());
    }
}
