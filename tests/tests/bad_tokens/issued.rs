//! Tokens `claims` issued, then edited: a token of the canary [`Profile`]
//! (a canary in every protected field) with one thing changed and, where
//! the case needs a valid signature, re-signed with the HS256 test secret by
//! `jsonwebtoken`, independently of `claims-core`. Every error these cases
//! produce had the canaries in reach.

use claims_core::{ClaimValue, Claims, Keys, Pii};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::common::{
    self, HS256_HEADER, Profile, b64, builder, claim_str, hs256_key, keys, payload_text, pii_key_a,
    profile_token, secrets, segments, split_wire, unb64,
};
use crate::forge::{DEPTH, deep};
use crate::runner::{Case, Expect, decode_as};

impl Case {
    /// `token` decoded as a [`Profile`] under `common::keys`.
    pub(crate) fn profile(name: impl Into<String>, token: String, expect: Expect) -> Self {
        Self::new(name, decode_as::<Profile>(keys()), token, expect)
    }
}

/// The public claim of type `serde_json::Value` the deep-JSON cases target.
#[derive(Claims)]
pub(crate) struct Prefs {
    #[claim(public, dynamic = "test: any JSON, the deep-nesting target")]
    pub(crate) prefs: Value,
    #[claim(public)]
    pub(crate) role: String,
}

/// Only an encrypted `email`, as a `Pii<String>`.
#[derive(Claims)]
pub(crate) struct EmailOnly {
    #[claim(encrypted)]
    pub(crate) email: Pii<String>,
}

/// An encrypted `email` that is a number: authentic, but not a `String`.
#[derive(Claims)]
pub(crate) struct EmailNumber {
    #[claim(encrypted)]
    pub(crate) email: u64,
}

/// A public enum: serde's error for an unknown variant quotes the input.
#[derive(Debug, Serialize, Deserialize, ClaimValue)]
pub(crate) enum Tier {
    Gold,
    Silver,
}

#[derive(Claims)]
pub(crate) struct Tiered {
    #[claim(public)]
    pub(crate) tier: Tier,
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

/// The canary profile token with its payload edited, re-signed.
pub(crate) fn edited(edit: impl FnOnce(&mut Value)) -> String {
    common::forge(&profile_token(), edit)
}

/// The canary profile token without `claim`, re-signed.
pub(crate) fn without(claim: &str) -> String {
    edited(|p| {
        p.as_object_mut().expect("an object").remove(claim);
    })
}

/// The canary profile token's payload under another header, validly signed.
pub(crate) fn with_header(header_json: &str) -> String {
    sign_raw(header_json, &payload_text(&profile_token()))
}

/// `token` with its signature's bytes edited (not re-signed).
pub(crate) fn with_signature(token: &str, edit: impl FnOnce(&mut Vec<u8>)) -> String {
    let [h, p, s] = segments(token);
    let mut signature = unb64(s);
    edit(&mut signature);
    format!("{h}.{p}.{}", b64(signature))
}

/// The canary profile token with `claim`'s wire value edited, re-signed.
pub(crate) fn with_wire(claim: &str, edit: impl FnOnce(&str) -> String) -> String {
    let token = profile_token();
    let tampered = edit(&claim_str(&token, claim));
    common::forge(&token, |p| p[claim] = Value::String(tampered))
}

/// `wire` with bit 0 of body byte `index` flipped (negative: from the end).
pub(crate) fn flip_wire_bit(wire: &str, index: isize) -> String {
    let (prefix, kid, mut body) = split_wire(wire);
    let at = if index < 0 {
        body.len() - index.unsigned_abs()
    } else {
        index.unsigned_abs()
    };
    body[at] ^= 0x01;
    format!("{prefix}.{kid}.{}", b64(body))
}

/// HS256 over `header.payload` with the test secret, by `jsonwebtoken`.
pub(crate) fn hs256_signature(signing_input: &str) -> String {
    hs256_signature_with(&secrets().hs256, signing_input)
}

/// HS256 over `signing_input` keyed with `secret`, by `jsonwebtoken`.
pub(crate) fn hs256_signature_with(secret: &[u8], signing_input: &str) -> String {
    jsonwebtoken::crypto::sign(
        signing_input.as_bytes(),
        &jsonwebtoken::EncodingKey::from_secret(secret),
        jsonwebtoken::Algorithm::HS256,
    )
    .expect("HS256 signs")
}

/// A token of these exact header and payload bytes, validly HS256-signed
/// with the test secret: for shapes `serde_json::Value` cannot express
/// (duplicate keys, deep nesting, odd headers).
pub(crate) fn sign_raw(header_json: &str, payload_json: &str) -> String {
    signed_segments(&b64(header_json), &b64(payload_json))
}

/// `header.payload.signature` over these exact segments, HS256 with the
/// test secret.
pub(crate) fn signed_segments(header: &str, payload: &str) -> String {
    let input = format!("{header}.{payload}");
    let signature = hs256_signature(&input);
    format!("{input}.{signature}")
}

/// `token`'s payload text with its closing brace replaced by
/// `,"<name>":<raw_value>}`, re-signed: `raw_value` goes in byte for byte.
pub(crate) fn append_raw_claim(token: &str, name: &str, raw_value: &str) -> String {
    let text = payload_text(token);
    let body = text.strip_suffix('}').expect("payload ends with `}`");
    sign_raw(HS256_HEADER, &format!(r#"{body},"{name}":{raw_value}}}"#))
}

/// The canary profile token with `claim` replaced by JSON nested
/// [`DEPTH`] deep.
pub(crate) fn deep_token(claim: &str, objects: bool) -> String {
    append_raw_claim(&without(claim), claim, &deep(DEPTH, objects))
}

/// A valid token of ours, over 8 KiB because of a long public claim (issued
/// under a raised cap, with the same keys as [`keys`]).
pub(crate) fn oversized_token() -> String {
    let mut profile = common::canary_profile();
    profile.tenant = "t".repeat(9_000);
    keys_large()
        .encode(&profile)
        .expect("encodes under a raised cap")
}
