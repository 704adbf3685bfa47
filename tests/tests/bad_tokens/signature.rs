//! The signature segment: empty, cut, padded, zeroed, over another input
//! or by another key; bit flips; and each algorithm's degenerate values
//! (ECDSA `r`/`s` out of range and DER, RSA `0`, `1`, `n`, Ed25519 `S` of
//! `L` and small-order `R`, malleated `S + L`).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{Algorithm, Error};
use rsa::BigUint;
use rsa::sha2::{Digest as _, Sha512};
use rsa::traits::PublicKeyParts as _;

use crate::common::{Profile, canary_profile, keys_eddsa, profile_token, random_bytes, segments};
use crate::forge::{
    Ticket, attackers, claims, compact_with, header, keys, ours, public_keys, q, split, valid,
};
use crate::issued::{hs256_signature_with, with_signature};
use crate::runner::{Case, Expect, decode_as, run};

/// `h.p` with `signature` for its signature segment, decoded by the `alg`
/// keys: `Signature`.
fn refused_signature(alg: Algorithm, what: &str, h: &str, p: &str, signature: &[u8]) -> Case {
    Case::decode(
        format!("{alg}: signature {what}"),
        keys(alg),
        format!("{h}.{p}.{}", B64.encode(signature)),
        Expect::Is(Error::Signature),
    )
}

/// An empty, truncated, over-long, zeroed or foreign signature.
#[test]
fn a_wrong_signature_segment_is_signature() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let token = valid(alg);
        let (h, p, s) = split(&token);
        let sig = B64.decode(s).expect("b64");
        let other_input = format!(
            "{h}.{}",
            B64.encode(claims().set("role", q("admin")).text())
        );
        let variants: Vec<(&str, Vec<u8>)> = vec![
            ("empty", Vec::new()),
            ("one byte short", sig[..sig.len() - 1].to_vec()),
            ("half", sig[..sig.len() / 2].to_vec()),
            ("one byte", sig[..1].to_vec()),
            ("one zero byte too many", [&sig[..], &[0]].concat()),
            ("a leading zero byte", [&[0], &sig[..]].concat()),
            ("twice", [&sig[..], &sig[..]].concat()),
            ("all zero", vec![0; sig.len()]),
            ("all 0xff", vec![0xff; sig.len()]),
            (
                "over another payload",
                ours().sign(alg, other_input.as_bytes()),
            ),
            (
                "by the attacker's key",
                attackers().sign(alg, format!("{h}.{p}").as_bytes()),
            ),
        ];
        for (what, bytes) in variants {
            cases.push(refused_signature(alg, what, h, p, &bytes));
        }
        // "null" is valid base64url (3 bytes): a signature of the wrong length.
        cases.push(Case::decode(
            format!("{alg}: signature segment \"null\""),
            keys(alg),
            format!("{h}.{p}.null"),
            Expect::Is(Error::Signature),
        ));
    }
    run("signature segment", &cases);
}

// --- algorithm-specific degenerate signatures ------------------------------------------------

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

/// `bytes` + 1, big-endian, in the same width.
fn plus_one(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for byte in out.iter_mut().rev() {
        let (sum, carry) = byte.overflowing_add(1);
        *byte = sum;
        if !carry {
            return out;
        }
    }
    panic!("overflow");
}

/// ECDSA signatures with `r` or `s` out of `1..n`, DER instead of `r || s`,
/// and wrong lengths: ES256's "psychic signature" (`r = s = 0`) among them.
#[test]
fn ecdsa_psychic_out_of_range_and_der_signatures_are_signature() {
    const P256_N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    const P384_N: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";
    const P521_N: &str = "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409";
    let mut cases = Vec::new();
    for (alg, n) in [
        (Algorithm::ES256, hex(P256_N)),
        (Algorithm::ES384, hex(P384_N)),
        (Algorithm::ES512, hex(P521_N)),
    ] {
        let width = n.len();
        let token = valid(alg);
        let (h, p, s) = split(&token);
        let sig = B64.decode(s).expect("b64");
        let (r0, s0) = sig.split_at(width);
        let zero = vec![0u8; width];
        let mut one = vec![0u8; width];
        one[width - 1] = 1;
        let n1 = plus_one(&n);
        let ones = vec![0xffu8; width];
        let der = match alg {
            Algorithm::ES256 => p256::ecdsa::Signature::from_slice(&sig)
                .expect("r || s")
                .to_der()
                .as_bytes()
                .to_vec(),
            Algorithm::ES384 => p384::ecdsa::Signature::from_slice(&sig)
                .expect("r || s")
                .to_der()
                .as_bytes()
                .to_vec(),
            _ => p521::ecdsa::Signature::from_slice(&sig)
                .expect("r || s")
                .to_der()
                .as_bytes()
                .to_vec(),
        };
        let variants: Vec<(&str, Vec<u8>)> = vec![
            ("r = s = 0 (psychic)", [&zero[..], &zero].concat()),
            ("r = 0", [&zero[..], s0].concat()),
            ("s = 0", [r0, &zero].concat()),
            ("r = s = 1", [&one[..], &one].concat()),
            ("r = s = n", [&n[..], &n].concat()),
            ("r = n", [&n[..], s0].concat()),
            ("s = n", [r0, &n].concat()),
            ("r = n + 1", [&n1[..], s0].concat()),
            ("s = n + 1", [r0, &n1].concat()),
            ("r = s = 2^k - 1", [&ones[..], &ones].concat()),
            ("r = 0, s = n", [&zero[..], &n].concat()),
            ("DER-encoded", der.clone()),
            (
                "DER of r = s = 0",
                vec![0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00],
            ),
            ("r only", r0.to_vec()),
            ("r || s || 0", [&sig[..], &[0]].concat()),
            ("0x04-prefixed", [&[4], &sig[..]].concat()),
        ];
        assert_ne!(der.len(), sig.len());
        for (what, bytes) in variants {
            cases.push(Case::decode(
                format!("{alg}: {what}"),
                keys(alg),
                format!("{h}.{p}.{}", B64.encode(&bytes)),
                Expect::Is(Error::Signature),
            ));
            cases.push(Case::new(
                format!("{alg}: {what} (verify_compact)"),
                compact_with(alg),
                format!("{h}.{p}.{}", B64.encode(&bytes)),
                Expect::Is(Error::Signature),
            ));
        }
        // Not refused, and pinned so a change is a decision: `(r, n - s)`
        // verifies wherever `(r, s)` does. ECDSA signatures are malleable and
        // RFC 7518 §3.4 does not require low `s`, so two spellings of one
        // token exist: key replay protection on `jti`, never on the signature.
        let flipped = BigUint::from_bytes_be(&n) - BigUint::from_bytes_be(s0);
        let mut high_s = flipped.to_bytes_be();
        while high_s.len() < width {
            high_s.insert(0, 0);
        }
        cases.push(Case::decode(
            format!("{alg}: (r, n - s), the same signature's twin"),
            keys(alg),
            format!("{h}.{p}.{}", B64.encode([r0, &high_s].concat())),
            Expect::Accepted,
        ));
    }
    run("ECDSA degenerate signatures", &cases);
}

/// RSA signatures `0`, `1`, `n - 1`, `n`, `n + 1` and of the wrong length.
#[test]
fn rsa_degenerate_signatures_are_signature() {
    let n = ours().rsa.n().clone();
    let size = ours().rsa.size();
    let fixed = |value: &BigUint| {
        let bytes = value.to_bytes_be();
        assert!(bytes.len() <= size);
        [vec![0u8; size - bytes.len()], bytes].concat()
    };
    let one = BigUint::from(1u32);
    let mut cases = Vec::new();
    let rsa = Algorithm::ALL
        .into_iter()
        .filter(|alg| alg.as_str().starts_with(['R', 'P']));
    for alg in rsa {
        let token = valid(alg);
        let (h, p, s) = split(&token);
        let sig = B64.decode(s).expect("b64");
        let variants: Vec<(&str, Vec<u8>)> = vec![
            ("0", vec![0; size]),
            ("1", fixed(&one)),
            ("n - 1", fixed(&(&n - &one))),
            ("n", fixed(&n)),
            ("n + 1", fixed(&(&n + &one))),
            ("2^2048 - 1", vec![0xff; size]),
            ("valid plus n", {
                let sum = BigUint::from_bytes_be(&sig) + &n;
                sum.to_bytes_be()
            }),
            ("255 bytes", sig[1..].to_vec()),
            ("257 bytes", [&[0], &sig[..]].concat()),
        ];
        for (what, bytes) in variants {
            cases.push(refused_signature(alg, what, h, p, &bytes));
        }
    }
    run("RSA degenerate signatures", &cases);
}

/// Ed25519's order L, little-endian (RFC 8032).
const ED25519_L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
];

/// The encoding of the Ed25519 identity point (order 1).
const ED25519_IDENTITY: [u8; 32] = {
    let mut point = [0u8; 32];
    point[0] = 1;
    point
};

#[test]
fn eddsa_degenerate_signatures_are_signature() {
    for alg in [Algorithm::EdDSA, Algorithm::Ed25519] {
        eddsa_degenerate_signatures(alg);
    }
}

fn eddsa_degenerate_signatures(alg: Algorithm) {
    let token = valid(alg);
    let (h, p, s) = split(&token);
    let sig = B64.decode(s).expect("b64");
    let (r, _) = sig.split_at(32);
    let mut high_s = sig.clone();
    high_s[63] |= 0xe0;
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("all zero", vec![0; 64]),
        (
            "R = identity, S = 0",
            [&ED25519_IDENTITY[..], &[0; 32]].concat(),
        ),
        ("valid R, S = 0", [r, &[0; 32]].concat()),
        ("valid R, S = L", [r, &ED25519_L].concat()),
        ("S with its top bits set", high_s),
        ("R and S swapped", [&sig[32..], r].concat()),
    ];
    let mut cases = Vec::new();
    for (what, bytes) in variants {
        for (target, check) in [
            ("Keys", decode_as::<Ticket>(keys(alg))),
            (
                "verify-only Keys",
                decode_as::<Ticket>(public_keys(alg).expect("public")),
            ),
            ("verify_compact", compact_with(alg)),
        ] {
            cases.push(Case::new(
                format!("EdDSA: {what} ({target})"),
                check,
                format!("{h}.{p}.{}", B64.encode(&bytes)),
                Expect::Is(Error::Signature),
            ));
        }
    }
    run("EdDSA degenerate signatures", &cases);
}

/// An Ed25519 signature whose `R` is a small-order point is `Signature`, as
/// under `ed25519_dalek`'s `verify_strict`, though plain RFC 8032
/// verification (`ed25519_dalek::Verifier::verify`) accepts it. Only the
/// private-key holder can make one (here: `R` = identity, `S = k·a mod L`),
/// so it is not a forgery, but strict verifiers reject it and so does
/// `claims`.
#[test]
fn eddsa_signature_with_a_small_order_r_is_signature() {
    for alg in [Algorithm::EdDSA, Algorithm::Ed25519] {
        eddsa_signature_with_a_small_order_r(alg);
    }
}

fn eddsa_signature_with_a_small_order_r(alg: Algorithm) {
    let h = B64.encode(header(alg).text());
    let p = B64.encode(claims().text());
    let input = format!("{h}.{p}");
    let key = &ours().ed25519;
    let public = key.verifying_key();

    // a: the clamped secret scalar; k = SHA-512(R || A || M) mod L; S = k·a mod L.
    let expanded = Sha512::digest(key.to_bytes());
    let mut scalar = [0u8; 32];
    scalar.copy_from_slice(&expanded[..32]);
    scalar[0] &= 0xf8;
    scalar[31] &= 0x7f;
    scalar[31] |= 0x40;
    let order = BigUint::from_bytes_le(&ED25519_L);
    let k = BigUint::from_bytes_le(
        &Sha512::new()
            .chain_update(ED25519_IDENTITY)
            .chain_update(public.to_bytes())
            .chain_update(input.as_bytes())
            .finalize(),
    ) % &order;
    let s = (k * BigUint::from_bytes_le(&scalar)) % &order;
    let mut s_bytes = s.to_bytes_le();
    s_bytes.resize(32, 0);
    let signature = [&ED25519_IDENTITY[..], &s_bytes].concat();

    // Preconditions: RFC 8032 verification accepts it, strict verification does not.
    let parsed = ed25519_dalek::Signature::from_slice(&signature).expect("64 bytes");
    assert!(ed25519_dalek::Verifier::verify(&public, input.as_bytes(), &parsed).is_ok());
    assert!(public.verify_strict(input.as_bytes(), &parsed).is_err());

    let token = format!("{input}.{}", B64.encode(&signature));
    let cases = vec![
        Case::decode(
            "EdDSA: small-order R",
            keys(alg),
            token.clone(),
            Expect::Is(Error::Signature),
        ),
        Case::new(
            "EdDSA: small-order R (verify_compact)",
            compact_with(alg),
            token,
            Expect::Is(Error::Signature),
        ),
    ];
    run("Ed25519 small-order R", &cases);
}

/// Bit flips, another secret and a malleated Ed25519 `S` on tokens
/// `claims` issued for the canary profile.
#[test]
fn issued_tokens_with_an_altered_signature_are_signature() {
    let token = profile_token();
    let [h, p, _] = segments(&token);
    let input = format!("{h}.{p}");
    let other: [u8; 32] = random_bytes();
    let eddsa = keys_eddsa()
        .encode(&canary_profile())
        .expect("EdDSA encodes");
    let eddsa_case = |name: &str, edit: fn(&mut Vec<u8>)| {
        Case::new(
            name,
            decode_as::<Profile>(keys_eddsa()),
            with_signature(&eddsa, edit),
            Expect::Is(Error::Signature),
        )
    };
    let cases = vec![
        Case::profile(
            "HS256, top bit of the first byte flipped",
            with_signature(&token, |sig| sig[0] ^= 0x80),
            Expect::Is(Error::Signature),
        ),
        Case::profile(
            "HS256, low bit of the last byte flipped",
            with_signature(&token, |sig| {
                *sig.last_mut().expect("signature bytes") ^= 0x01;
            }),
            Expect::Is(Error::Signature),
        ),
        Case::profile(
            "HS256 by another secret",
            format!("{input}.{}", hs256_signature_with(&other, &input)),
            Expect::Is(Error::Signature),
        ),
        eddsa_case("EdDSA, a bit of byte 10 flipped", |sig| sig[10] ^= 0x04),
        // `S + L` verifies under a lax verifier: refused, signatures are
        // not malleable.
        eddsa_case("EdDSA, S + L", |sig| {
            let mut carry = 0u16;
            for (byte, l) in sig[32..].iter_mut().zip(ED25519_L) {
                let sum = u16::from(*byte) + u16::from(l) + carry;
                *byte = sum.to_le_bytes()[0];
                carry = sum >> 8;
            }
            assert_eq!(carry, 0, "S + L fits in 32 bytes");
        }),
    ];
    run("signature (issued tokens)", &cases);
}
