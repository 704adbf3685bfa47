//! Compact JWS and JWE tokens: a base64url header segment starting `eyJ`
//! (`{"` encoded) that decodes to a JSON object naming `"alg"`, then one to
//! four more `.`-separated base64url segments.

use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use memchr::memmem;

use crate::bytes::{at, before, is_b64url, run_end};

/// Base64url characters decoded at a time (a multiple of 4, so each piece
/// decodes on its own). Headers are usually under 200 bytes; one with an
/// `x5c` certificate chain runs to several KiB and is read in pieces.
const CHUNK: usize = 1024;

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
    // Only a run's first `eyJ` gets here (the check above), so each
    // base64url run is read once: linear whatever its length.
    let header_end = run_end(hay, start, usize::MAX, is_b64url);
    if at(hay, header_end) != Some(b'.') {
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

/// Whether `segment` (a run of base64url starting `eyJ`, which is `{"`
/// encoded: a JSON object) decodes and names `"alg"`, as every JWS and JWE
/// header does. Decoded a [`CHUNK`] at a time into a stack buffer, with the
/// last bytes of each piece carried over so that an `"alg"` split between
/// two pieces is still seen.
fn is_jose_header(segment: &[u8]) -> bool {
    const ALG: &[u8] = b"\"alg\"";
    let mut buf = [0u8; ALG.len() - 1 + CHUNK / 4 * 3];
    let mut carried = 0;
    let mut named = false;
    for piece in segment.chunks(CHUNK) {
        let Ok(n) = LENIENT.decode_slice(piece, &mut buf[carried..]) else {
            return false;
        };
        let len = carried + n;
        named = named || memmem::find(&buf[..len], ALG).is_some();
        // Keep the last bytes, which may start an `"alg"` the next piece ends.
        carried = len.min(ALG.len() - 1);
        buf.copy_within(len - carried..len, 0);
    }
    named
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;

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
    fn headers_of_any_length() {
        let b64 = |bytes: &[u8]| {
            use base64::engine::general_purpose::URL_SAFE_NO_PAD;
            URL_SAFE_NO_PAD.encode(bytes)
        };
        let rest = ".eyJzdWIiOiIxIn0.c2ln";
        // `"alg"` at every offset around the piece boundaries, in a header
        // of several KiB (a certificate chain in `x5c`).
        for pad in (700..800).chain(1500..1550).chain([5000, 20_000]) {
            let header = format!(r#"{{"x5c":["{}"],"alg":"RS256"}}"#, "M".repeat(pad));
            let token = format!("{}{rest}", b64(header.as_bytes()));
            assert_eq!(find(&format!("t={token} ")), [token.as_str()], "pad {pad}");
            // The same header without `"alg"` is not a JOSE header.
            let cursor = format!(r#"{{"x5c":["{}"],"al":"RS256"}}"#, "M".repeat(pad));
            let blob = format!("{}{rest}", b64(cursor.as_bytes()));
            assert!(find(&blob).is_empty(), "pad {pad}");
        }
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
