//! An identity provider in miniature, for the validation and provider tests:
//! RSA test keys (generated once per process), their public JWKs in the
//! shapes providers publish, and tokens forged here (header and claims as
//! JSON, signed with the `rsa` crate directly, never through `claims`).
#![allow(dead_code)]

use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
use rsa::sha2::Sha256;
use rsa::signature::{RandomizedSigner as _, SignatureEncoding as _, Signer as _};
use rsa::traits::PublicKeyParts as _;
use serde_json::{Value, json};

/// A provider's RSA signing key (2048 bits, fresh per test process).
pub(crate) fn provider_key() -> &'static rsa::RsaPrivateKey {
    static KEY: OnceLock<rsa::RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(generate)
}

/// Another RSA key: the attacker's, or the provider's next one.
pub(crate) fn other_key() -> &'static rsa::RsaPrivateKey {
    static KEY: OnceLock<rsa::RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(generate)
}

fn generate() -> rsa::RsaPrivateKey {
    rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA key generation")
}

pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

/// The public JWK of `key`: `kty`, `n`, `e`, `kid`, plus `extra` members
/// (`alg`, `use`, `x5t`, ...) as a provider publishes them.
pub(crate) fn rsa_jwk(key: &rsa::RsaPrivateKey, kid: &str, extra: &Value) -> Value {
    let public = key.to_public_key();
    let mut jwk = json!({
        "kty": "RSA",
        "kid": kid,
        "n": B64.encode(public.n().to_bytes_be()),
        "e": B64.encode(public.e().to_bytes_be()),
    });
    for (name, value) in extra.as_object().expect("an object") {
        jwk[name] = value.clone();
    }
    jwk
}

/// `{"keys": [...]}`.
pub(crate) fn jwk_set(keys: &[Value]) -> String {
    json!({ "keys": keys }).to_string()
}

/// The SPKI PEM of `key`'s public half.
pub(crate) fn public_pem(key: &rsa::RsaPrivateKey) -> String {
    key.to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("SPKI PEM")
}

/// A compact JWS of these exact header and claims, signed RS256 by `key`.
pub(crate) fn rs256(key: &rsa::RsaPrivateKey, header: &Value, claims: &Value) -> String {
    let input = signing_input(header, claims);
    let signature = rsa::pkcs1v15::SigningKey::<Sha256>::new(key.clone()).sign(input.as_bytes());
    format!("{input}.{}", B64.encode(signature.to_bytes()))
}

/// A compact JWS of these exact header and claims, signed PS256 by `key`.
pub(crate) fn ps256(key: &rsa::RsaPrivateKey, header: &Value, claims: &Value) -> String {
    let input = signing_input(header, claims);
    let signature = rsa::pss::BlindedSigningKey::<Sha256>::new(key.clone())
        .sign_with_rng(&mut rand::thread_rng(), input.as_bytes());
    format!("{input}.{}", B64.encode(signature.to_bytes()))
}

/// A compact JWS signed HS256 with `secret` (the key-confusion attack).
pub(crate) fn hs256(secret: &[u8], header: &Value, claims: &Value) -> String {
    let input = signing_input(header, claims);
    let signature = jsonwebtoken::crypto::sign(
        input.as_bytes(),
        &jsonwebtoken::EncodingKey::from_secret(secret),
        jsonwebtoken::Algorithm::HS256,
    )
    .expect("HMAC signs");
    format!("{input}.{signature}")
}

/// A compact JWS with `alg: none` and an empty signature.
pub(crate) fn unsigned(header: &Value, claims: &Value) -> String {
    format!("{}.", signing_input(header, claims))
}

fn signing_input(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}",
        B64.encode(header.to_string()),
        B64.encode(claims.to_string())
    )
}

/// `value` with member `name` set (or removed, for `Value::Null`).
pub(crate) fn with(value: &Value, name: &str, member: Value) -> Value {
    let mut value = value.clone();
    let object = value.as_object_mut().expect("an object");
    if member.is_null() {
        object.remove(name);
    } else {
        object.insert(name.to_owned(), member);
    }
    value
}
