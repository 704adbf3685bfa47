//! Fresh key material for a signing algorithm: the private JWK, and for
//! asymmetric keys the PKCS#8 private and SPKI public PEM.

use std::error::Error;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::Algorithm;
use ed25519_dalek::pkcs8::{
    EncodePrivateKey as _, EncodePublicKey as _, spki::der::pem::LineEnding,
};
use p521::elliptic_curve::sec1::ToEncodedPoint as _;
use rand::RngCore as _;
use rsa::traits::{PrivateKeyParts as _, PublicKeyParts as _};
use serde_json::{Value, json};

pub(super) struct Generated {
    /// The private JWK, with `kid`, `alg` and `"use":"sig"`.
    pub(super) private_jwk: Value,
    /// PKCS#8 private and SPKI public PEM; `None` for HMAC.
    pub(super) pem: Option<(String, String)>,
}

/// An ECDSA key of one curve crate (`p256`, `p384`): its JWK and PEM pair.
/// A macro: a generic function over `ecdsa::SigningKey<C>` would need a
/// dozen curve bounds to say the same.
macro_rules! ec_key {
    ($curve:ident, $crv:literal) => {{
        let key = $curve::ecdsa::SigningKey::random(&mut rand::thread_rng());
        let point = key.verifying_key().to_encoded_point(false);
        let jwk = ec_jwk($crv, &key.to_bytes(), point.as_bytes());
        let pem = (
            key.to_pkcs8_pem(LineEnding::LF)?.to_string(),
            key.verifying_key().to_public_key_pem(LineEnding::LF)?,
        );
        (jwk, Some(pem))
    }};
}

pub(super) fn generate(alg: Algorithm, kid: &str) -> Result<Generated, Box<dyn Error>> {
    let mut rng = rand::thread_rng();
    let lf = LineEnding::LF;
    let (mut jwk, pem) = match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            let mut secret = vec![0u8; hmac_len(alg)];
            rng.fill_bytes(&mut secret);
            (json!({"kty": "oct", "k": B64.encode(&secret)}), None)
        }
        Algorithm::EdDSA | Algorithm::Ed25519 => {
            let mut seed = [0u8; 32];
            rng.fill_bytes(&mut seed);
            let key = ed25519_dalek::SigningKey::from_bytes(&seed);
            let jwk = json!({"kty": "OKP", "crv": "Ed25519",
                "d": B64.encode(key.to_bytes()), "x": B64.encode(key.verifying_key().as_bytes())});
            let pem = (
                key.to_pkcs8_pem(lf)?.to_string(),
                key.verifying_key().to_public_key_pem(lf)?,
            );
            (jwk, Some(pem))
        }
        Algorithm::ES256 => ec_key!(p256, "P-256"),
        Algorithm::ES384 => ec_key!(p384, "P-384"),
        Algorithm::ES512 => {
            // p521 has no `ecdsa::SigningKey` with PKCS#8 support: go
            // through its `SecretKey`.
            let key = p521::SecretKey::random(&mut rng);
            let point = key.public_key().to_encoded_point(false);
            let jwk = ec_jwk("P-521", &key.to_bytes(), point.as_bytes());
            let pem = (
                key.to_pkcs8_pem(lf)?.to_string(),
                key.public_key().to_public_key_pem(lf)?,
            );
            (jwk, Some(pem))
        }
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => {
            let mut key = rsa::RsaPrivateKey::new(&mut rng, 2048)?;
            key.precompute()?;
            let jwk = rsa_jwk(&key)?;
            let pem = (
                key.to_pkcs8_pem(lf)?.to_string(),
                key.to_public_key().to_public_key_pem(lf)?,
            );
            (jwk, Some(pem))
        }
        _ => return Err(format!("keygen does not support {alg}").into()),
    };
    jwk["kid"] = kid.into();
    jwk["alg"] = alg.as_str().into();
    jwk["use"] = "sig".into();
    Ok(Generated {
        private_jwk: jwk,
        pem,
    })
}

/// RFC 7518 §3.2: a secret as long as the hash output.
fn hmac_len(alg: Algorithm) -> usize {
    match alg {
        Algorithm::HS384 => 48,
        Algorithm::HS512 => 64,
        _ => 32,
    }
}

fn ec_jwk(crv: &str, d: &[u8], point: &[u8]) -> Value {
    // Uncompressed SEC1: 0x04 || x || y.
    let (x, y) = point[1..].split_at((point.len() - 1) / 2);
    json!({"kty": "EC", "crv": crv, "d": B64.encode(d), "x": B64.encode(x), "y": B64.encode(y)})
}

/// RFC 7518 §6.3.2: with `p` and `q` present, `dp`, `dq` and `qi` must be too.
fn rsa_jwk(key: &rsa::RsaPrivateKey) -> Result<Value, Box<dyn Error>> {
    let b = |n: &rsa::BigUint| B64.encode(n.to_bytes_be());
    let [p, q] = key.primes() else {
        return Err("expected a two-prime RSA key".into());
    };
    let (dp, dq) = key.dp().zip(key.dq()).ok_or("missing CRT values")?;
    let qi = key.crt_coefficient().ok_or("missing CRT coefficient")?;
    Ok(
        json!({"kty": "RSA", "n": b(key.n()), "e": b(key.e()), "d": b(key.d()),
        "p": b(p), "q": b(q), "dp": b(dp), "dq": b(dq), "qi": b(&qi)}),
    )
}
