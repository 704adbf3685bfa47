//! The compact serialization: anything but three segments, and base64url
//! that is not canonical (padding, the standard alphabet, unused bits set,
//! whitespace, non-ASCII) in each segment.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD as B64};
use claims_core::Algorithm;

use crate::common::{HS256_HEADER, b64, profile_token, segments};
use crate::forge::{
    claims, forge_by, forge_segments, header, insert_middle, keys, non_canonical, ours, split,
    standard_alphabet, unaligned, valid, with_url_only_characters,
};
use crate::issued::hs256_signature;
use crate::runner::{Case, Expect, run};

#[test]
fn anything_but_three_segments_is_malformed() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let token = valid(alg);
        let (h, p, s) = split(&token);
        let shapes = [
            ("0 segments: empty", String::new()),
            ("1 segment: header", h.to_string()),
            ("1 segment: payload", p.to_string()),
            ("1 segment: signature", s.to_string()),
            ("2 segments", format!("{h}.{p}")),
            ("2 segments: header.signature", format!("{h}.{s}")),
            ("2 segments: empty", ".".to_string()),
            ("3 empty segments", "..".to_string()),
            ("4 segments", format!("{token}.{s}")),
            ("4 segments: trailing dot", format!("{token}.")),
            ("4 segments: leading dot", format!(".{token}")),
            ("4 segments: empty", "...".to_string()),
            ("5 segments", format!("{token}.{p}.{s}")),
            ("5 segments: JWE-shaped", format!("{h}..{p}.{p}.{s}")),
            ("5 segments: empty", "....".to_string()),
            ("3 segments, empty header", format!(".{p}.{s}")),
        ];
        for (what, text) in shapes {
            cases.push(Case::decode(
                format!("{alg}: {what}"),
                keys(alg),
                text,
                Expect::Malformed,
            ));
        }
        // Three segments with an empty payload, validly signed.
        cases.push(Case::decode(
            format!("{alg}: empty payload segment, signed"),
            keys(alg),
            forge_segments(ours(), alg, h, ""),
            Expect::Malformed,
        ));
    }
    run("segments", &cases);
}

/// Padding, the standard alphabet, non-canonical trailing bits and
/// whitespace in each segment. Header and payload variants are validly signed
/// over their bytes as sent, so only the base64 can fail.
#[test]
#[allow(clippy::too_many_lines)] // one block per segment
fn bad_base64_in_each_segment_is_malformed() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let payload_b64 = B64.encode(claims().text());
        let header_b64 = B64.encode(header(alg).text());

        // Header.
        let wide_header = with_url_only_characters(&header(alg)).text();
        let aligned_header = unaligned(&header(alg));
        let mut header_variants = vec![
            ("padding =", format!("{header_b64}=")),
            ("padding ==", format!("{header_b64}==")),
            ("padded standard base64", STANDARD.encode(&aligned_header)),
            (
                "standard alphabet (+ and /)",
                standard_alphabet(&wide_header),
            ),
            ("a + inside", insert_middle(&header_b64, "+")),
            ("a / inside", insert_middle(&header_b64, "/")),
            (
                "non-canonical trailing bits",
                non_canonical(&B64.encode(&aligned_header)),
            ),
            ("a space inside", insert_middle(&header_b64, " ")),
            ("a leading space", format!(" {header_b64}")),
            ("a trailing space", format!("{header_b64} ")),
            ("a tab inside", insert_middle(&header_b64, "\t")),
            ("a newline inside", insert_middle(&header_b64, "\n")),
            ("CRLF inside", insert_middle(&header_b64, "\r\n")),
            (
                "a percent-encoded character",
                insert_middle(&header_b64, "%3D"),
            ),
            ("a non-ASCII character", insert_middle(&header_b64, "é")),
        ];
        header_variants.push((
            "a UTF-8 BOM before the JSON",
            B64.encode(format!("\u{feff}{}", header(alg).text())),
        ));
        for (what, h) in header_variants {
            cases.push(Case::decode(
                format!("{alg}: header with {what}"),
                keys(alg),
                forge_segments(ours(), alg, &h, &payload_b64),
                Expect::Malformed,
            ));
        }

        // Payload.
        let wide_payload = with_url_only_characters(&claims()).text();
        let aligned_payload = unaligned(&claims());
        let payload_variants = [
            ("padding =", format!("{payload_b64}=")),
            ("padded standard base64", STANDARD.encode(&aligned_payload)),
            (
                "standard alphabet (+ and /)",
                standard_alphabet(&wide_payload),
            ),
            ("a + inside", insert_middle(&payload_b64, "+")),
            ("a / inside", insert_middle(&payload_b64, "/")),
            (
                "non-canonical trailing bits",
                non_canonical(&B64.encode(&aligned_payload)),
            ),
            ("a space inside", insert_middle(&payload_b64, " ")),
            ("a leading space", format!(" {payload_b64}")),
            ("a newline inside", insert_middle(&payload_b64, "\n")),
            ("a tab inside", insert_middle(&payload_b64, "\t")),
        ];
        for (what, p) in payload_variants {
            cases.push(Case::decode(
                format!("{alg}: payload with {what}, signed as sent"),
                keys(alg),
                forge_segments(ours(), alg, &header_b64, &p),
                Expect::Malformed,
            ));
        }
        // The positive controls of the two tricks above: the aligned texts
        // themselves are fine.
        cases.push(Case::decode(
            format!("{alg}: header and payload with trailing JSON whitespace"),
            keys(alg),
            forge_by(ours(), alg, &aligned_header, &aligned_payload),
            Expect::Accepted,
        ));
        cases.push(Case::decode(
            format!("{alg}: header and payload with filler members"),
            keys(alg),
            forge_by(ours(), alg, &wide_header, &wide_payload),
            Expect::Accepted,
        ));

        // Signature.
        let token = valid(alg);
        let (h, p, s) = split(&token);
        let mut signature_variants = vec![
            ("padding =", format!("{s}=")),
            ("a + inside", insert_middle(s, "+")),
            ("a / inside", insert_middle(s, "/")),
            ("a space inside", insert_middle(s, " ")),
            ("a trailing newline", format!("{s}\n")),
            ("a trailing CRLF", format!("{s}\r\n")),
            ("a trailing space", format!("{s} ")),
            ("a tab inside", insert_middle(s, "\t")),
        ];
        let standard = STANDARD.encode(B64.decode(s).expect("b64"));
        if standard != s {
            // Unless the signature fills whole groups in the shared alphabet.
            signature_variants.push(("padded standard base64", standard));
        }
        if s.contains(['-', '_']) {
            let standard = s.replace('-', "+").replace('_', "/");
            signature_variants.push(("standard alphabet", standard));
        }
        if s.len() % 4 != 0 {
            // HS384's 48 bytes fill whole base64 groups: no unused bits.
            signature_variants.push(("non-canonical trailing bits", non_canonical(s)));
        }
        for (what, sig) in signature_variants {
            cases.push(Case::decode(
                format!("{alg}: signature with {what}"),
                keys(alg),
                format!("{h}.{p}.{sig}"),
                Expect::Malformed,
            ));
        }
    }
    run("base64", &cases);
}

/// The same on a token `claims` issued for the canary profile.
#[test]
fn issued_tokens_cut_or_misspelled_are_malformed() {
    let token = profile_token();
    let [h, p, s] = segments(&token);
    let not_base64url = format!("{}.eyJpc3Mi!!", b64(HS256_HEADER));
    let cases = [
        ("the payload segment alone", p.to_string()),
        ("two segments", format!("{h}.{p}")),
        ("four segments", format!("{token}.e30")),
        ("five segments (JWE-shaped)", format!("{h}..{p}.{s}.{s}")),
        ("empty", String::new()),
        (
            "payload not base64url, signed as sent",
            format!("{not_base64url}.{}", hs256_signature(&not_base64url)),
        ),
        (
            "signature not base64url",
            format!("{h}.{p}.not+base64/url=="),
        ),
        (
            "signature with non-canonical trailing bits",
            format!("{h}.{p}.{}", non_canonical(s)),
        ),
    ]
    .map(|(name, token)| Case::profile(name, token, Expect::Malformed));
    run("segments and base64 (issued tokens)", &cases);
}
