//! Every way a token can be wrong, as a function that builds the bad token
//! (from a token of the canary [`Profile`] wherever the case allows) and
//! decodes it. `test_tamper` asserts each case's exact error; `test_canary`
//! checks that no error's `Display` or `Debug` leaks a canary ([`errors`]).

use claims_core::{Claims, Error, Keys};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{
    HS256_HEADER, ISSUER, PII_KID, Profile, b64, builder, claim_str, flip_wire_bit, hs256_key,
    keys, keys_eddsa, keys_without_pii, now, payload_text, pii_key_a, pii_key_b, profile_token,
    random_bytes, segments, sign_raw, unb64,
};

/// What decoding a case's token gave.
pub(crate) type Outcome = Result<(), Error>;

/// A case: its name and the function that builds and decodes its token.
pub(crate) type Case = (&'static str, fn() -> Outcome);

/// Nesting depth of the deep-JSON cases.
pub(crate) const DEPTH: usize = 10_000;

/// The public claim of type `serde_json::Value` the deep-JSON case targets.
#[derive(Claims)]
pub(crate) struct Prefs {
    #[claim(public)]
    pub(crate) prefs: Value,
    #[claim(public)]
    pub(crate) role: String,
}

/// Only an encrypted `email`, as a `Pii<String>`.
#[derive(Claims)]
pub(crate) struct EmailOnly {
    #[claim(encrypted)]
    pub(crate) email: claims_core::Pii<String>,
}

/// An encrypted `email` that is a number: authentic, but not a `String`.
#[derive(Claims)]
pub(crate) struct EmailNumber {
    #[claim(encrypted)]
    pub(crate) email: u64,
}

/// A public enum: serde's error for an unknown variant quotes the input.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Tier {
    Gold,
    Silver,
}

#[derive(Claims)]
pub(crate) struct Tiered {
    #[claim(public)]
    pub(crate) tier: Tier,
}

pub(crate) fn decode<T: Claims>(keys: &Keys, token: &str) -> Outcome {
    keys.decode::<T>(token).map(drop)
}

/// Decodes as a [`Profile`] under [`keys`].
pub(crate) fn decode_profile(token: &str) -> Outcome {
    decode::<Profile>(&keys(), token)
}

/// The canary profile token with its payload edited, re-signed.
fn forged(edit: impl FnOnce(&mut Value)) -> String {
    super::forge(&profile_token(), edit)
}

fn forged_profile(edit: impl FnOnce(&mut Value)) -> Outcome {
    decode_profile(&forged(edit))
}

/// The canary profile token's payload under another header, validly HS256-signed.
fn with_header(header_json: &str) -> String {
    sign_raw(header_json, &payload_text(&profile_token()))
}

/// `signing_input` with a signature that is not HS256 of it.
fn with_signature(signing_input: &str, signature: &str) -> String {
    format!("{signing_input}.{signature}")
}

/// A payload made of `{"a":` or `[` nested `depth` times.
pub(crate) fn deep_json(depth: usize, objects: bool) -> String {
    let (open, close) = if objects {
        (r#"{"a":"#, "}")
    } else {
        ("[", "]")
    };
    let mut text = String::with_capacity(depth * (open.len() + close.len()) + 1);
    for _ in 0..depth {
        text.push_str(open);
    }
    text.push('1');
    for _ in 0..depth {
        text.push_str(close);
    }
    text
}

/// [`keys`] with room for a 10,000-deep claim (the default cap is 8 KiB).
pub(crate) fn keys_large() -> Keys {
    builder()
        .max_token_size(256 * 1024)
        .signing_key(hs256_key())
        .pii_key(pii_key_a())
        .build()
        .expect("keys with a large size cap")
}

/// The canary profile token with `claim` replaced by deeply nested JSON.
pub(crate) fn deep_token(claim: &str, objects: bool) -> String {
    let token = super::forge(&profile_token(), |p| {
        p.as_object_mut().expect("object").remove(claim);
    });
    super::append_raw_claim(&token, claim, &deep_json(DEPTH, objects))
}

// --- signature --------------------------------------------------------------

pub(crate) fn flipped_signature() -> Outcome {
    let token = profile_token();
    let [h, p, s] = segments(&token);
    let mut sig = unb64(s);
    sig[0] ^= 0x80;
    decode_profile(&format!("{h}.{p}.{}", b64(sig)))
}

pub(crate) fn flipped_signature_last_byte() -> Outcome {
    let token = profile_token();
    let [h, p, s] = segments(&token);
    let mut sig = unb64(s);
    *sig.last_mut().expect("signature bytes") ^= 0x01;
    decode_profile(&format!("{h}.{p}.{}", b64(sig)))
}

pub(crate) fn flipped_signature_eddsa() -> Outcome {
    let keys = keys_eddsa();
    let token = keys
        .encode(&super::canary_profile())
        .expect("EdDSA encodes");
    let [h, p, s] = segments(&token);
    let mut sig = unb64(s);
    sig[10] ^= 0x04;
    decode::<Profile>(&keys, &format!("{h}.{p}.{}", b64(sig)))
}

/// Signed by someone else's secret under our kid.
pub(crate) fn signature_from_other_secret() -> Outcome {
    let token = profile_token();
    let [h, p, _] = segments(&token);
    let input = format!("{h}.{p}");
    let other: [u8; 32] = random_bytes();
    let sig = jsonwebtoken::crypto::sign(
        input.as_bytes(),
        &jsonwebtoken::EncodingKey::from_secret(&other),
        jsonwebtoken::Algorithm::HS256,
    )
    .expect("signs");
    decode_profile(&with_signature(&input, &sig))
}

/// An attacker's key embedded as a `jwk` header is never used.
pub(crate) fn embedded_jwk_header() -> Outcome {
    let token = profile_token();
    let [_, p, _] = segments(&token);
    let attacker: [u8; 32] = random_bytes();
    let header = json!({
        "alg": "HS256", "typ": "JWT", "kid": "sig-1",
        "jwk": {"kty": "oct", "k": b64(attacker)},
        "jku": "https://attacker.example.invalid/jwks.json",
    })
    .to_string();
    let input = format!("{}.{p}", b64(header));
    let sig = jsonwebtoken::crypto::sign(
        input.as_bytes(),
        &jsonwebtoken::EncodingKey::from_secret(&attacker),
        jsonwebtoken::Algorithm::HS256,
    )
    .expect("signs");
    decode_profile(&with_signature(&input, &sig))
}

/// base64url `text` (or the body after the last `.` of a wire value) with
/// the unused low bits of its last character set: the same bytes to a
/// lenient decoder, a different string.
pub(crate) fn non_canonical(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let body = text.rsplit('.').next().unwrap_or(text);
    assert_ne!(body.len() % 4, 0, "no unused bits in {text}");
    let (head, last) = text.split_at(text.len() - 1);
    let index = ALPHABET
        .iter()
        .position(|&c| c == last.as_bytes()[0])
        .expect("base64url character");
    format!("{head}{}", char::from(ALPHABET[index ^ 1]))
}

/// The same signature bytes, spelled with non-zero unused bits.
pub(crate) fn signature_non_canonical() -> Outcome {
    let token = profile_token();
    let [h, p, s] = segments(&token);
    decode_profile(&format!("{h}.{p}.{}", non_canonical(s)))
}

/// Ed25519's order L, little-endian (RFC 8032).
const ED25519_L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
];

/// An Ed25519 signature with `S + L` in place of `S`: valid under a lax
/// verifier, so it must be rejected to keep signatures non-malleable.
pub(crate) fn eddsa_signature_malleated() -> Outcome {
    let keys = keys_eddsa();
    let token = keys
        .encode(&super::canary_profile())
        .expect("EdDSA encodes");
    let [h, p, s] = segments(&token);
    let mut sig = unb64(s);
    let mut carry = 0u16;
    for (byte, l) in sig[32..].iter_mut().zip(ED25519_L) {
        let sum = u16::from(*byte) + u16::from(l) + carry;
        *byte = sum.to_le_bytes()[0];
        carry = sum >> 8;
    }
    assert_eq!(carry, 0, "S + L fits in 32 bytes");
    decode::<Profile>(&keys, &format!("{h}.{p}.{}", b64(sig)))
}

// --- encrypted and hashed values ----------------------------------------------

fn edit_wire(claim: &'static str, edit: fn(&str) -> String) -> Outcome {
    let token = profile_token();
    let wire = claim_str(&token, claim);
    let tampered = edit(&wire);
    decode_profile(&super::forge(&token, |p| p[claim] = json!(tampered)))
}

pub(crate) fn flipped_ciphertext() -> Outcome {
    // Body = nonce (12) || ciphertext || tag (16): byte 12 is ciphertext.
    edit_wire("email", |w| flip_wire_bit(w, 12))
}

pub(crate) fn flipped_tag() -> Outcome {
    edit_wire("email", |w| flip_wire_bit(w, -1))
}

pub(crate) fn flipped_nonce() -> Outcome {
    edit_wire("email", |w| flip_wire_bit(w, 0))
}

/// `email`'s ciphertext copied into `phone` (the AAD binds the claim name).
pub(crate) fn ciphertext_moved() -> Outcome {
    let token = profile_token();
    let email = claim_str(&token, "email");
    decode_profile(&super::forge(&token, |p| p["phone"] = json!(email)))
}

/// `email` and `phone` swapped.
pub(crate) fn ciphertexts_swapped() -> Outcome {
    let token = profile_token();
    let email = claim_str(&token, "email");
    let phone = claim_str(&token, "phone");
    decode_profile(&super::forge(&token, |p| {
        p["email"] = json!(phone);
        p["phone"] = json!(email);
    }))
}

/// `email` relabelled from `pii-1` to `pii-2`, a key the decoder also holds:
/// looked up by kid, it fails authentication under the other key.
pub(crate) fn ciphertext_relabelled_kid() -> Outcome {
    let token = profile_token();
    let email = claim_str(&token, "email").replacen("e1.pii-1.", "e1.pii-2.", 1);
    let both = builder()
        .signing_key(hs256_key())
        .pii_key(pii_key_a())
        .pii_key(pii_key_b())
        .build()
        .expect("keys");
    decode::<Profile>(&both, &super::forge(&token, |p| p["email"] = json!(email)))
}

pub(crate) fn unknown_pii_kid_encrypted() -> Outcome {
    edit_wire("email", |w| w.replacen(PII_KID, "pii-9", 1))
}

pub(crate) fn unknown_pii_kid_hashed() -> Outcome {
    edit_wire("sub", |w| w.replacen(PII_KID, "pii-9", 1))
}

pub(crate) fn missing_pii_key() -> Outcome {
    decode::<Profile>(&keys_without_pii(), &profile_token())
}

/// A hashed claim carrying the clear value instead of a pseudonym.
pub(crate) fn hashed_clear_value() -> Outcome {
    forged_profile(|p| p["sub"] = json!(super::CANARY_USER))
}

/// A hashed claim carrying an `e1.` value.
pub(crate) fn hashed_wrong_prefix() -> Outcome {
    let token = profile_token();
    let email = claim_str(&token, "email");
    decode_profile(&super::forge(&token, |p| p["sub"] = json!(email)))
}

/// A pseudonym spelled with non-zero unused base64url bits.
pub(crate) fn hashed_non_canonical() -> Outcome {
    edit_wire("sub", non_canonical)
}

/// An `e1.` value spelled with non-zero unused base64url bits.
pub(crate) fn encrypted_non_canonical() -> Outcome {
    edit_wire("email", non_canonical)
}

/// An encrypted claim carrying the clear value.
pub(crate) fn encrypted_clear_value() -> Outcome {
    forged_profile(|p| p["email"] = json!(super::CANARY_EMAIL))
}

pub(crate) fn encrypted_not_a_string() -> Outcome {
    forged_profile(|p| p["email"] = json!({"value": super::CANARY_EMAIL}))
}

/// An `e1.` body shorter than nonce + tag.
pub(crate) fn encrypted_truncated() -> Outcome {
    edit_wire("email", |w| {
        let (prefix, kid, body) = super::split_wire(w);
        format!("{prefix}.{kid}.{}", b64(&body[..20]))
    })
}

pub(crate) fn missing_encrypted_claim() -> Outcome {
    forged_profile(|p| {
        p.as_object_mut().expect("object").remove("email");
    })
}

pub(crate) fn missing_hashed_claim() -> Outcome {
    forged_profile(|p| {
        p.as_object_mut().expect("object").remove("sub");
    })
}

/// An authentic ciphertext whose plaintext is not the field's type.
pub(crate) fn encrypted_wrong_plaintext_type() -> Outcome {
    let keys = keys();
    let token = keys.encode(&EmailNumber { email: 7_357 }).expect("encodes");
    decode::<EmailOnly>(&keys, &token)
}

/// The canary email, authentic, decrypted into a `u64`: serde's error would
/// quote the plaintext.
pub(crate) fn encrypted_canary_wrong_type() -> Outcome {
    decode::<EmailNumber>(&keys(), &profile_token())
}

// --- forbidden ------------------------------------------------------------------

pub(crate) fn forbidden_claim_present() -> Outcome {
    forged_profile(|p| p["password_hash"] = json!(super::CANARY_PASSWORD))
}

/// The forbidden claim's name spelled with a JSON escape.
pub(crate) fn forbidden_claim_escaped() -> Outcome {
    decode_profile(&super::append_raw_claim(
        &profile_token(),
        r"password\u005fhash",
        r#""x""#,
    ))
}

pub(crate) fn forbidden_claim_null() -> Outcome {
    forged_profile(|p| p["password_hash"] = Value::Null)
}

// --- time -------------------------------------------------------------------------

fn with_times(iat: u64, nbf: u64, exp: u64) -> Outcome {
    forged_profile(|p| {
        p["iat"] = json!(iat);
        p["nbf"] = json!(nbf);
        p["exp"] = json!(exp);
    })
}

pub(crate) fn expired() -> Outcome {
    let now = now();
    with_times(now - 3_900, now - 3_900, now - 3_600)
}

/// Expired 31 s ago: just beyond the default 30 s leeway.
pub(crate) fn expired_beyond_leeway() -> Outcome {
    let now = now();
    with_times(now - 300, now - 300, now - 31)
}

pub(crate) fn nbf_in_future() -> Outcome {
    let now = now();
    with_times(now, now + 600, now + 900)
}

pub(crate) fn iat_in_future() -> Outcome {
    let now = now();
    with_times(now + 600, now, now + 900)
}

/// `exp - iat` of 2 h against the default 1 h maximum.
pub(crate) fn lifetime_over_max() -> Outcome {
    let now = now();
    with_times(now, now, now + 7_200)
}

/// `exp` before `iat` (both within the leeway of now).
pub(crate) fn exp_before_iat() -> Outcome {
    let now = now();
    with_times(now + 20, now, now + 10)
}

pub(crate) fn exp_string() -> Outcome {
    let exp = (now() + 60).to_string();
    forged_profile(|p| p["exp"] = json!(exp))
}

pub(crate) fn exp_float() -> Outcome {
    #[allow(clippy::cast_precision_loss)] // a timestamp, exact in an f64 until 2^53
    let exp = now() as f64 + 60.5;
    forged_profile(|p| p["exp"] = json!(exp))
}

/// `exp` as a whole-valued float, `1763942460.0`.
pub(crate) fn exp_whole_float() -> Outcome {
    #[allow(clippy::cast_precision_loss)] // a timestamp, exact in an f64 until 2^53
    let exp = (now() + 60) as f64;
    forged_profile(|p| p["exp"] = json!(exp))
}

pub(crate) fn exp_negative() -> Outcome {
    forged_profile(|p| p["exp"] = json!(-1))
}

pub(crate) fn exp_null() -> Outcome {
    forged_profile(|p| p["exp"] = Value::Null)
}

pub(crate) fn exp_over_i64() -> Outcome {
    forged_profile(|p| p["exp"] = json!(u64::MAX))
}

pub(crate) fn iat_string() -> Outcome {
    let iat = now().to_string();
    forged_profile(|p| p["iat"] = json!(iat))
}

pub(crate) fn missing_exp() -> Outcome {
    forged_profile(|p| {
        p.as_object_mut().expect("object").remove("exp");
    })
}

pub(crate) fn missing_nbf() -> Outcome {
    forged_profile(|p| {
        p.as_object_mut().expect("object").remove("nbf");
    })
}

// --- iss, aud, jti ------------------------------------------------------------------

pub(crate) fn wrong_issuer() -> Outcome {
    forged_profile(|p| p["iss"] = json!("https://evil.example.invalid"))
}

pub(crate) fn issuer_with_suffix() -> Outcome {
    forged_profile(|p| p["iss"] = json!(format!("{ISSUER}/")))
}

pub(crate) fn issuer_array() -> Outcome {
    forged_profile(|p| p["iss"] = json!([ISSUER]))
}

pub(crate) fn missing_issuer() -> Outcome {
    forged_profile(|p| {
        p.as_object_mut().expect("object").remove("iss");
    })
}

pub(crate) fn missing_audience() -> Outcome {
    forged_profile(|p| {
        p.as_object_mut().expect("object").remove("aud");
    })
}

pub(crate) fn wrong_audience() -> Outcome {
    forged_profile(|p| p["aud"] = json!("billing-api"))
}

pub(crate) fn audience_array_without_ours() -> Outcome {
    forged_profile(|p| p["aud"] = json!(["billing-api", "orders-api-v2"]))
}

pub(crate) fn audience_number() -> Outcome {
    forged_profile(|p| p["aud"] = json!(42))
}

pub(crate) fn missing_jti() -> Outcome {
    forged_profile(|p| {
        p.as_object_mut().expect("object").remove("jti");
    })
}

pub(crate) fn empty_jti() -> Outcome {
    forged_profile(|p| p["jti"] = json!(""))
}

pub(crate) fn long_jti() -> Outcome {
    forged_profile(|p| p["jti"] = json!("j".repeat(200)))
}

// --- header ---------------------------------------------------------------------------

/// `alg` set to a spelling of `none`, with an empty signature or a valid HS256 one.
pub(crate) fn alg_none(alg: &str, signed: bool) -> Outcome {
    let token = profile_token();
    let [_, p, _] = segments(&token);
    let header = json!({"alg": alg, "typ": "JWT", "kid": "sig-1"}).to_string();
    let input = format!("{}.{p}", b64(header));
    let signature = if signed {
        super::hs256_signature(&input)
    } else {
        String::new()
    };
    decode_profile(&with_signature(&input, &signature))
}

pub(crate) fn alg_missing() -> Outcome {
    decode_profile(&with_header(r#"{"typ":"JWT","kid":"sig-1"}"#))
}

pub(crate) fn alg_lowercase() -> Outcome {
    decode_profile(&with_header(r#"{"alg":"hs256","typ":"JWT","kid":"sig-1"}"#))
}

pub(crate) fn alg_hs384() -> Outcome {
    decode_profile(&with_header(r#"{"alg":"HS384","typ":"JWT","kid":"sig-1"}"#))
}

/// An HS256 token shown to a `Keys` whose `sig-1` is an Ed25519 key.
pub(crate) fn hs256_token_for_eddsa_key() -> Outcome {
    decode::<Profile>(&keys_eddsa(), &profile_token())
}

/// An `EdDSA` token shown to a `Keys` whose `sig-1` is an HS256 key.
pub(crate) fn eddsa_token_for_hs256_key() -> Outcome {
    let token = keys_eddsa()
        .encode(&super::canary_profile())
        .expect("EdDSA encodes");
    decode_profile(&token)
}

/// The classic confusion: HS256 keyed with the Ed25519 public key.
pub(crate) fn hs256_keyed_with_eddsa_public_key() -> Outcome {
    let token = profile_token();
    let [h, p, _] = segments(&token);
    let input = format!("{h}.{p}");
    let sig = jsonwebtoken::crypto::sign(
        input.as_bytes(),
        &jsonwebtoken::EncodingKey::from_secret(&super::ed25519_public_key()),
        jsonwebtoken::Algorithm::HS256,
    )
    .expect("signs");
    decode::<Profile>(&keys_eddsa(), &with_signature(&input, &sig))
}

pub(crate) fn unknown_signing_kid() -> Outcome {
    decode_profile(&with_header(r#"{"alg":"HS256","typ":"JWT","kid":"sig-9"}"#))
}

pub(crate) fn missing_signing_kid() -> Outcome {
    decode_profile(&with_header(r#"{"alg":"HS256","typ":"JWT"}"#))
}

pub(crate) fn crit_header() -> Outcome {
    decode_profile(&with_header(
        r#"{"alg":"HS256","typ":"JWT","kid":"sig-1","crit":["exp"],"exp":1}"#,
    ))
}

pub(crate) fn typ_jose() -> Outcome {
    decode_profile(&with_header(
        r#"{"alg":"HS256","typ":"JOSE","kid":"sig-1"}"#,
    ))
}

pub(crate) fn typ_at_jwt() -> Outcome {
    decode_profile(&with_header(
        r#"{"alg":"HS256","typ":"at+jwt","kid":"sig-1"}"#,
    ))
}

pub(crate) fn typ_missing() -> Outcome {
    decode_profile(&with_header(r#"{"alg":"HS256","kid":"sig-1"}"#))
}

pub(crate) fn header_duplicate_alg() -> Outcome {
    decode_profile(&with_header(
        r#"{"alg":"HS256","typ":"JWT","kid":"sig-1","alg":"none"}"#,
    ))
}

pub(crate) fn header_not_json() -> Outcome {
    decode_profile(&with_header("alg=HS256"))
}

pub(crate) fn header_not_object() -> Outcome {
    decode_profile(&with_header(r#"["HS256","JWT","sig-1"]"#))
}

// --- shape and size ---------------------------------------------------------------------

/// A valid token of ours, over 8 KiB because of a long public claim (issued
/// under a raised cap, with the same keys as [`keys`]).
pub(crate) fn oversized_token() -> String {
    let mut profile = super::canary_profile();
    profile.tenant = "t".repeat(9_000);
    keys_large()
        .encode(&profile)
        .expect("encodes under a raised cap")
}

pub(crate) fn oversized() -> Outcome {
    decode_profile(&oversized_token())
}

pub(crate) fn oversized_garbage() -> Outcome {
    decode_profile(&"a".repeat(8 * 1024 + 1))
}

pub(crate) fn one_segment() -> Outcome {
    decode_profile(segments(&profile_token())[1])
}

pub(crate) fn two_segments() -> Outcome {
    let token = profile_token();
    let [h, p, _] = segments(&token);
    decode_profile(&format!("{h}.{p}"))
}

pub(crate) fn four_segments() -> Outcome {
    decode_profile(&format!("{}.e30", profile_token()))
}

/// A JWE-shaped (five segment) token.
pub(crate) fn five_segments() -> Outcome {
    let token = profile_token();
    let [h, p, s] = segments(&token);
    decode_profile(&format!("{h}..{p}.{s}.{s}"))
}

pub(crate) fn empty_token() -> Outcome {
    decode_profile("")
}

pub(crate) fn payload_not_base64url() -> Outcome {
    let input = format!("{}.{}", b64(HS256_HEADER), "eyJpc3Mi!!");
    decode_profile(&with_signature(&input, &super::hs256_signature(&input)))
}

pub(crate) fn signature_not_base64url() -> Outcome {
    let token = profile_token();
    let [h, p, _] = segments(&token);
    decode_profile(&format!("{h}.{p}.not+base64/url=="))
}

pub(crate) fn payload_not_json() -> Outcome {
    decode_profile(&sign_raw(HS256_HEADER, "iss=https://auth.example.test"))
}

pub(crate) fn payload_not_object() -> Outcome {
    decode_profile(&sign_raw(HS256_HEADER, r#"["iss","aud"]"#))
}

pub(crate) fn payload_trailing_garbage() -> Outcome {
    let text = payload_text(&profile_token());
    decode_profile(&sign_raw(HS256_HEADER, &format!("{text}{{}}")))
}

pub(crate) fn payload_invalid_utf8() -> Outcome {
    let text = payload_text(&profile_token());
    let mut bytes = text.into_bytes();
    let at = bytes.len() - 3; // inside the last claim's string value
    bytes[at] = 0xff;
    let input = format!("{}.{}", b64(HS256_HEADER), b64(&bytes));
    decode_profile(&with_signature(&input, &super::hs256_signature(&input)))
}

/// A `crit` header parameter nested 10,000 deep.
pub(crate) fn deep_crit_header() -> Outcome {
    let header = format!(
        r#"{{"alg":"HS256","typ":"JWT","kid":"sig-1","crit":{}}}"#,
        deep_json(DEPTH, false)
    );
    decode::<Profile>(&keys_large(), &with_header(&header))
}

pub(crate) fn duplicate_public_claim() -> Outcome {
    decode_profile(&super::append_raw_claim(
        &profile_token(),
        "role",
        r#""superuser""#,
    ))
}

/// The second `role` spelled with a JSON escape.
pub(crate) fn duplicate_escaped_claim() -> Outcome {
    decode_profile(&super::append_raw_claim(
        &profile_token(),
        r"rol\u0065",
        r#""superuser""#,
    ))
}

pub(crate) fn duplicate_exp() -> Outcome {
    let exp = (now() + 3_000).to_string();
    decode_profile(&super::append_raw_claim(&profile_token(), "exp", &exp))
}

pub(crate) fn duplicate_iss() -> Outcome {
    decode_profile(&super::append_raw_claim(
        &profile_token(),
        "iss",
        r#""https://evil.example.invalid""#,
    ))
}

pub(crate) fn duplicate_encrypted_claim() -> Outcome {
    let token = profile_token();
    let phone = claim_str(&token, "phone");
    decode_profile(&super::append_raw_claim(
        &token,
        "email",
        &format!(r#""{phone}""#),
    ))
}

// --- types ------------------------------------------------------------------------------

pub(crate) fn public_wrong_type() -> Outcome {
    forged_profile(|p| p["role"] = json!(42))
}

/// A public enum claim holding the canary: serde's error would quote it.
pub(crate) fn public_enum_unknown_variant() -> Outcome {
    decode::<Tiered>(&keys(), &forged(|p| p["tier"] = json!(super::CANARY_EMAIL)))
}

pub(crate) fn public_null() -> Outcome {
    forged_profile(|p| p["role"] = Value::Null)
}

pub(crate) fn public_missing() -> Outcome {
    forged_profile(|p| {
        p.as_object_mut().expect("object").remove("role");
    })
}

pub(crate) fn deep_array_in_public_value() -> Outcome {
    let token = deep_token("prefs", false);
    decode::<Prefs>(&keys_large(), &token)
}

pub(crate) fn deep_object_in_public_value() -> Outcome {
    let token = deep_token("prefs", true);
    decode::<Prefs>(&keys_large(), &token)
}

pub(crate) fn deep_array_in_public_string() -> Outcome {
    decode::<Profile>(&keys_large(), &deep_token("role", false))
}

pub(crate) fn deep_array_in_encrypted() -> Outcome {
    decode::<Profile>(&keys_large(), &deep_token("email", false))
}

pub(crate) fn deep_object_in_hashed() -> Outcome {
    decode::<Profile>(&keys_large(), &deep_token("sub", true))
}

pub(crate) fn deep_array_in_iss() -> Outcome {
    decode::<Profile>(&keys_large(), &deep_token("iss", false))
}

/// A deep claim the struct does not declare: ignored or rejected, never a crash.
pub(crate) fn deep_array_in_undeclared() -> Outcome {
    decode::<Profile>(&keys_large(), &deep_token("extra", false))
}

/// The deep token under the default 8 KiB cap.
pub(crate) fn deep_array_default_cap() -> Outcome {
    decode::<Prefs>(&keys(), &deep_token("prefs", false))
}

/// Every case that must fail, by name. (`deep_array_in_undeclared` may
/// legitimately succeed and is left out.)
#[allow(clippy::too_many_lines)] // one line per case
pub(crate) fn cases() -> Vec<Case> {
    vec![
        ("flipped_signature", flipped_signature),
        ("flipped_signature_last_byte", flipped_signature_last_byte),
        ("flipped_signature_eddsa", flipped_signature_eddsa),
        ("signature_from_other_secret", signature_from_other_secret),
        ("embedded_jwk_header", embedded_jwk_header),
        ("signature_non_canonical", signature_non_canonical),
        ("eddsa_signature_malleated", eddsa_signature_malleated),
        ("flipped_ciphertext", flipped_ciphertext),
        ("flipped_tag", flipped_tag),
        ("flipped_nonce", flipped_nonce),
        ("ciphertext_moved", ciphertext_moved),
        ("ciphertexts_swapped", ciphertexts_swapped),
        ("ciphertext_relabelled_kid", ciphertext_relabelled_kid),
        ("unknown_pii_kid_encrypted", unknown_pii_kid_encrypted),
        ("unknown_pii_kid_hashed", unknown_pii_kid_hashed),
        ("missing_pii_key", missing_pii_key),
        ("hashed_clear_value", hashed_clear_value),
        ("hashed_wrong_prefix", hashed_wrong_prefix),
        ("hashed_non_canonical", hashed_non_canonical),
        ("encrypted_non_canonical", encrypted_non_canonical),
        ("encrypted_clear_value", encrypted_clear_value),
        ("encrypted_not_a_string", encrypted_not_a_string),
        ("encrypted_truncated", encrypted_truncated),
        ("missing_encrypted_claim", missing_encrypted_claim),
        ("missing_hashed_claim", missing_hashed_claim),
        (
            "encrypted_wrong_plaintext_type",
            encrypted_wrong_plaintext_type,
        ),
        ("encrypted_canary_wrong_type", encrypted_canary_wrong_type),
        ("forbidden_claim_present", forbidden_claim_present),
        ("forbidden_claim_null", forbidden_claim_null),
        ("forbidden_claim_escaped", forbidden_claim_escaped),
        ("expired", expired),
        ("expired_beyond_leeway", expired_beyond_leeway),
        ("nbf_in_future", nbf_in_future),
        ("iat_in_future", iat_in_future),
        ("lifetime_over_max", lifetime_over_max),
        ("exp_before_iat", exp_before_iat),
        ("exp_string", exp_string),
        ("exp_float", exp_float),
        ("exp_whole_float", exp_whole_float),
        ("exp_negative", exp_negative),
        ("exp_null", exp_null),
        ("exp_over_i64", exp_over_i64),
        ("iat_string", iat_string),
        ("missing_exp", missing_exp),
        ("missing_nbf", missing_nbf),
        ("wrong_issuer", wrong_issuer),
        ("issuer_with_suffix", issuer_with_suffix),
        ("issuer_array", issuer_array),
        ("missing_issuer", missing_issuer),
        ("missing_audience", missing_audience),
        ("wrong_audience", wrong_audience),
        ("audience_array_without_ours", audience_array_without_ours),
        ("audience_number", audience_number),
        ("missing_jti", missing_jti),
        ("empty_jti", empty_jti),
        ("long_jti", long_jti),
        ("alg_none", || alg_none("none", false)),
        ("alg_none_signed", || alg_none("none", true)),
        ("alg_None", || alg_none("None", false)),
        ("alg_None_signed", || alg_none("None", true)),
        ("alg_nOnE", || alg_none("nOnE", false)),
        ("alg_nOnE_signed", || alg_none("nOnE", true)),
        ("alg_NONE_signed", || alg_none("NONE", true)),
        ("alg_missing", alg_missing),
        ("alg_lowercase", alg_lowercase),
        ("alg_hs384", alg_hs384),
        ("hs256_token_for_eddsa_key", hs256_token_for_eddsa_key),
        ("eddsa_token_for_hs256_key", eddsa_token_for_hs256_key),
        (
            "hs256_keyed_with_eddsa_public_key",
            hs256_keyed_with_eddsa_public_key,
        ),
        ("unknown_signing_kid", unknown_signing_kid),
        ("missing_signing_kid", missing_signing_kid),
        ("crit_header", crit_header),
        ("typ_jose", typ_jose),
        ("typ_at_jwt", typ_at_jwt),
        ("typ_missing", typ_missing),
        ("header_duplicate_alg", header_duplicate_alg),
        ("header_not_json", header_not_json),
        ("header_not_object", header_not_object),
        ("oversized", oversized),
        ("oversized_garbage", oversized_garbage),
        ("one_segment", one_segment),
        ("two_segments", two_segments),
        ("four_segments", four_segments),
        ("five_segments", five_segments),
        ("empty_token", empty_token),
        ("payload_not_base64url", payload_not_base64url),
        ("signature_not_base64url", signature_not_base64url),
        ("payload_not_json", payload_not_json),
        ("payload_not_object", payload_not_object),
        ("payload_trailing_garbage", payload_trailing_garbage),
        ("payload_invalid_utf8", payload_invalid_utf8),
        ("deep_crit_header", deep_crit_header),
        ("duplicate_public_claim", duplicate_public_claim),
        ("duplicate_escaped_claim", duplicate_escaped_claim),
        ("duplicate_exp", duplicate_exp),
        ("duplicate_iss", duplicate_iss),
        ("duplicate_encrypted_claim", duplicate_encrypted_claim),
        ("public_wrong_type", public_wrong_type),
        ("public_enum_unknown_variant", public_enum_unknown_variant),
        ("public_null", public_null),
        ("public_missing", public_missing),
        ("deep_array_in_public_value", deep_array_in_public_value),
        ("deep_object_in_public_value", deep_object_in_public_value),
        ("deep_array_in_public_string", deep_array_in_public_string),
        ("deep_array_in_encrypted", deep_array_in_encrypted),
        ("deep_object_in_hashed", deep_object_in_hashed),
        ("deep_array_in_iss", deep_array_in_iss),
        ("deep_array_default_cap", deep_array_default_cap),
    ]
}

/// Runs every case and returns its error; panics, naming the case, if one
/// decoded successfully.
pub(crate) fn errors() -> Vec<(&'static str, Error)> {
    cases()
        .into_iter()
        .map(|(name, case)| match case() {
            Ok(()) => panic!("tamper case `{name}` decoded successfully"),
            Err(err) => (name, err),
        })
        .collect()
}
