//! Shared fixtures for the runtime integration tests: freshly generated test
//! keys, `Keys` builders, the DESIGN `Session` and a canary-laden `Profile`,
//! token forging (an independent `jsonwebtoken` signer) and payload decoding;
//! the lifecycle scenarios every revocation store must pass; SD-JWT fixtures.
//!
//! Every test binary uses a different subset of this module.
#![allow(dead_code)]

pub(crate) mod lifecycle;
pub(crate) mod logs;
pub(crate) mod sd;

use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{Claims, Hashed, Keys, KeysBuilder, Pii, PiiKey, SigningKey};
use rand::RngCore as _;
use serde_json::Value;

pub(crate) const ISSUER: &str = "https://auth.example.test";
pub(crate) const AUDIENCE: &str = "orders-api";
/// The HS256 and the Ed25519 signing keys share this kid on purpose: an
/// HS256 token shown to an `EdDSA` `Keys` must fail on `alg`, not on `kid`.
pub(crate) const SIG_KID: &str = "sig-1";
pub(crate) const PII_KID: &str = "pii-1";
pub(crate) const PII_KID_B: &str = "pii-2";

/// The header `claims` issues for HS256 under [`SIG_KID`] (FORMAT.md §6).
pub(crate) const HS256_HEADER: &str = r#"{"alg":"HS256","typ":"JWT","kid":"sig-1"}"#;

/// PKCS#8 v1 DER prefix of an Ed25519 private key (RFC 8410); the 32-byte seed follows.
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// Test key material, generated at random once per test process: nothing
/// here is, or resembles, a real secret.
pub(crate) struct Secrets {
    pub(crate) hs256: [u8; 32],
    pub(crate) ed25519_seed: [u8; 32],
    pub(crate) pii_a: [u8; 32],
    pub(crate) pii_b: [u8; 32],
}

pub(crate) fn secrets() -> &'static Secrets {
    static SECRETS: OnceLock<Secrets> = OnceLock::new();
    SECRETS.get_or_init(|| Secrets {
        hs256: random_bytes(),
        ed25519_seed: random_bytes(),
        pii_a: random_bytes(),
        pii_b: random_bytes(),
    })
}

pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes
}

pub(crate) fn hs256_key() -> SigningKey {
    SigningKey::hs256(SIG_KID, &secrets().hs256).expect("HS256 test key")
}

pub(crate) fn ed25519_key() -> SigningKey {
    SigningKey::ed25519(SIG_KID, &secrets().ed25519_seed).expect("Ed25519 test key")
}

/// PII key A (`pii-1`): the current PII key of [`keys`].
pub(crate) fn pii_key_a() -> PiiKey {
    PiiKey::new(PII_KID, &secrets().pii_a).expect("PII test key A")
}

/// PII key B (`pii-2`): a second, independent PII key (rotation tests).
pub(crate) fn pii_key_b() -> PiiKey {
    PiiKey::new(PII_KID_B, &secrets().pii_b).expect("PII test key B")
}

/// Issuer and audience set; add keys and build.
pub(crate) fn builder() -> KeysBuilder {
    Keys::builder().issuer(ISSUER).audience(AUDIENCE)
}

/// HS256 (`sig-1`) and PII key A (`pii-1`), every other setting default.
pub(crate) fn keys() -> Keys {
    builder()
        .signing_key(hs256_key())
        .pii_key(pii_key_a())
        .build()
        .expect("HS256 keys")
}

/// [`keys`] reading `clock`.
pub(crate) fn keys_with_clock(clock: impl claims_core::clock::Clock + 'static) -> Keys {
    builder()
        .signing_key(hs256_key())
        .pii_key(pii_key_a())
        .clock(clock)
        .build()
        .expect("HS256 keys")
}

/// Ed25519 (`sig-1`) and PII key A (`pii-1`).
pub(crate) fn keys_eddsa() -> Keys {
    builder()
        .signing_key(ed25519_key())
        .pii_key(pii_key_a())
        .build()
        .expect("EdDSA keys")
}

/// A verify-only service: the HS256 key and no PII key at all.
pub(crate) fn keys_without_pii() -> Keys {
    builder()
        .signing_key(hs256_key())
        .build()
        .expect("keys without a PII key")
}

/// The DESIGN's reference struct.
#[derive(Claims)]
pub(crate) struct Session {
    #[claim(hashed)]
    pub(crate) sub: Hashed<String>,
    #[claim(encrypted)]
    pub(crate) email: Pii<String>,
    #[claim(public)]
    pub(crate) role: String,
    #[claim(forbidden)]
    pub(crate) password_hash: Option<String>,
}

pub(crate) fn session() -> Session {
    Session {
        sub: Hashed::new("u-123".to_string()),
        email: Pii::new("alice@example.invalid".to_string()),
        role: "admin".to_string(),
        password_hash: None,
    }
}

// Canaries: distinctive fake personal data. Each must never show up outside
// the application's own memory: not in a token, a decoded payload, a Debug
// or Display, nor an error.
pub(crate) const CANARY_EMAIL: &str = "canary-email-7f3a9c@example.invalid";
pub(crate) const CANARY_PHONE: &str = "+1-555-0199-7f3a9c";
pub(crate) const CANARY_NAME: &str = "Canarina Testperson-7f3a9c";
pub(crate) const CANARY_USER: &str = "canary-user-7f3a9c";
pub(crate) const CANARY_CARD: &str = "4000-7f3a9c-0000-4242";
pub(crate) const CANARY_PASSWORD: &str = "canary-password-hash-7f3a9c";
/// Every canary, plus fragments that identify them even when cut or re-cased.
pub(crate) const CANARIES: &[&str] = &[
    CANARY_EMAIL,
    CANARY_PHONE,
    CANARY_NAME,
    CANARY_USER,
    CANARY_CARD,
    CANARY_PASSWORD,
    "7f3a9c",
    "canary-",
    "Canarina",
    "555-0199",
];

/// The first canary or canary fragment `text` contains, in any case.
pub(crate) fn leaked_canary(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    CANARIES
        .iter()
        .copied()
        .find(|canary| lower.contains(&canary.to_lowercase()))
}

/// A struct with canaries in every protected field: the tamper cases start
/// from a token of it, so every error they produce had canaries in reach.
#[derive(Claims)]
pub(crate) struct Profile {
    #[claim(hashed)]
    pub(crate) sub: Hashed<String>,
    #[claim(hashed(domain = "email"))]
    pub(crate) email_ref: Hashed<String>,
    #[claim(encrypted)]
    pub(crate) email: Pii<String>,
    #[claim(encrypted)]
    pub(crate) phone: Pii<String>,
    /// A bare `T: Serialize` encrypted field, not a `Pii<T>`.
    #[claim(encrypted)]
    pub(crate) full_name: String,
    #[claim(encrypted, mask = "last4")]
    pub(crate) card_number: Pii<String>,
    #[claim(public)]
    pub(crate) role: String,
    #[claim(public)]
    pub(crate) tenant: String,
    #[claim(forbidden)]
    pub(crate) password_hash: Option<String>,
}

pub(crate) fn canary_profile() -> Profile {
    Profile {
        sub: Hashed::new(CANARY_USER.to_string()),
        email_ref: Hashed::new(CANARY_EMAIL.to_string()),
        email: Pii::new(CANARY_EMAIL.to_string()),
        phone: Pii::new(CANARY_PHONE.to_string()),
        full_name: CANARY_NAME.to_string(),
        card_number: Pii::new(CANARY_CARD.to_string()),
        role: "admin".to_string(),
        tenant: "acme".to_string(),
        // Set on purpose: a forbidden field must be dropped on encode.
        password_hash: Some(CANARY_PASSWORD.to_string()),
    }
}

/// A fresh HS256 token of [`canary_profile`] under [`keys`].
pub(crate) fn profile_token() -> String {
    keys()
        .encode(&canary_profile())
        .expect("encodes the profile")
}

/// Seconds since the Unix epoch.
pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

pub(crate) fn b64(bytes: impl AsRef<[u8]>) -> String {
    B64.encode(bytes)
}

pub(crate) fn unb64(text: &str) -> Vec<u8> {
    B64.decode(text).expect("base64url")
}

/// The three segments of a compact token.
pub(crate) fn segments(token: &str) -> [&str; 3] {
    let parts: Vec<&str> = token.split('.').collect();
    parts.try_into().expect("a three-segment token")
}

/// The base64url-decoded payload bytes.
pub(crate) fn payload_bytes(token: &str) -> Vec<u8> {
    unb64(segments(token)[1])
}

/// The base64url-decoded payload as text.
pub(crate) fn payload_text(token: &str) -> String {
    String::from_utf8(payload_bytes(token)).expect("UTF-8 payload")
}

/// The base64url-decoded payload as JSON.
pub(crate) fn payload(token: &str) -> Value {
    serde_json::from_slice(&payload_bytes(token)).expect("JSON payload")
}

/// The base64url-decoded header as JSON.
pub(crate) fn header(token: &str) -> Value {
    serde_json::from_slice(&unb64(segments(token)[0])).expect("JSON header")
}

/// A claim's value as a string (a wire value for protected claims).
pub(crate) fn claim_str(token: &str, claim: &str) -> String {
    payload(token)[claim]
        .as_str()
        .unwrap_or_else(|| panic!("claim `{claim}` is a string"))
        .to_string()
}

/// `token` with its payload JSON changed by `edit`, re-signed with the HS256
/// test secret through `jsonwebtoken::encode` (header alg HS256, kid, typ JWT).
pub(crate) fn forge(token: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut claims = payload(token);
    edit(&mut claims);
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(SIG_KID.to_string());
    header.typ = Some("JWT".to_string());
    jsonwebtoken::encode(
        &header,
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(&secrets().hs256),
    )
    .expect("jsonwebtoken encodes")
}

/// The body of a `h1.`/`e1.` wire value: `(prefix, kid, decoded bytes)`.
pub(crate) fn split_wire(wire: &str) -> (&str, &str, Vec<u8>) {
    let mut parts = wire.splitn(3, '.');
    let prefix = parts.next().expect("prefix");
    let kid = parts.next().expect("kid");
    let body = parts.next().expect("body");
    (prefix, kid, unb64(body))
}

/// The PKCS#8 DER of the test Ed25519 key, for `jsonwebtoken`.
pub(crate) fn ed25519_pkcs8_der() -> Vec<u8> {
    ed25519_pkcs8_der_of(&secrets().ed25519_seed)
}

/// The PKCS#8 DER of the Ed25519 key of `seed`, for `jsonwebtoken`.
pub(crate) fn ed25519_pkcs8_der_of(seed: &[u8; 32]) -> Vec<u8> {
    let mut der = ED25519_PKCS8_PREFIX.to_vec();
    der.extend_from_slice(seed);
    der
}

/// `jsonwebtoken`'s encoding key for the test Ed25519 key.
pub(crate) fn jwt_ed25519_encoding_key() -> jsonwebtoken::EncodingKey {
    jsonwebtoken::EncodingKey::from_ed_der(&ed25519_pkcs8_der())
}

/// The test Ed25519 public key as `jsonwebtoken` derives it (a JWK `x`),
/// independently of `claims-core`.
pub(crate) fn ed25519_public_jwk() -> jsonwebtoken::jwk::Jwk {
    jsonwebtoken::jwk::Jwk::from_encoding_key(
        &jwt_ed25519_encoding_key(),
        jsonwebtoken::Algorithm::EdDSA,
    )
    .expect("public JWK from the Ed25519 key")
}

/// The raw 32-byte Ed25519 public key.
pub(crate) fn ed25519_public_key() -> Vec<u8> {
    let jwk = serde_json::to_value(ed25519_public_jwk()).expect("JWK serializes");
    unb64(jwk["x"].as_str().expect("OKP JWK has x"))
}

/// A `jsonwebtoken` validation for our tokens: issuer, audience, and every
/// time claim required.
pub(crate) fn jwt_validation(alg: jsonwebtoken::Algorithm) -> jsonwebtoken::Validation {
    let mut validation = jsonwebtoken::Validation::new(alg);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud"]);
    validation.validate_nbf = true;
    validation
}
