//! Token signing keys: the JWS algorithm, the key, and the header it produces.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ed25519_dalek::Signer as _;
use ed25519_dalek::pkcs8::DecodePrivateKey as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::Error;
use crate::keys::validate_kid;

/// A JWS algorithm `claims` signs and verifies with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC-SHA256 with a secret of at least 32 bytes.
    HS256,
    /// Ed25519 (RFC 8037).
    EdDSA,
}

impl Algorithm {
    /// The JWS `alg` name.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::EdDSA => "EdDSA",
        }
    }
}

/// A token signing key with its `kid`.
///
/// Keyed state is built once: the HMAC key schedule for HS256, the expanded
/// Ed25519 key and its public point for EdDSA. The header segment the key
/// signs under is precomputed too, so encoding never re-serializes it.
#[derive(Clone)]
pub struct SigningKey {
    kid: Box<str>,
    inner: Inner,
    /// base64url of `{"alg":…,"typ":"JWT","kid":…}`.
    header_b64: Box<str>,
}

#[derive(Clone)]
enum Inner {
    Hs256(Hmac<Sha256>),
    // Boxed: ed25519-dalek's keys are zeroized on drop, and a box keeps the
    // enum small and the secret in one place.
    Ed25519(Box<ed25519_dalek::SigningKey>),
}

impl SigningKey {
    /// HS256 with a secret of at least 32 bytes (the hash size, RFC 7518 §3.2).
    pub fn hs256(kid: &str, secret: &[u8]) -> Result<Self, Error> {
        if secret.len() < 32 {
            return Err(Error::Key("an HS256 secret must be at least 32 bytes"));
        }
        let mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
            .map_err(|_| Error::Key("invalid HS256 secret"))?;
        Self::new(kid, Inner::Hs256(mac))
    }

    /// Ed25519 from its 32-byte secret seed.
    pub fn ed25519(kid: &str, seed: &[u8; 32]) -> Result<Self, Error> {
        Self::new(
            kid,
            Inner::Ed25519(Box::new(ed25519_dalek::SigningKey::from_bytes(seed))),
        )
    }

    /// Ed25519 from a PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`).
    pub fn ed25519_pem(kid: &str, pem: &str) -> Result<Self, Error> {
        let key = ed25519_dalek::SigningKey::from_pkcs8_pem(pem)
            .map_err(|_| Error::Key("not an Ed25519 PKCS#8 PEM private key"))?;
        Self::new(kid, Inner::Ed25519(Box::new(key)))
    }

    fn new(kid: &str, inner: Inner) -> Result<Self, Error> {
        validate_kid(kid)?;
        let alg = match inner {
            Inner::Hs256(_) => Algorithm::HS256,
            Inner::Ed25519(_) => Algorithm::EdDSA,
        };
        // kid is validated to [A-Za-z0-9_-], so no JSON escaping is needed.
        let header = format!(r#"{{"alg":"{}","typ":"JWT","kid":"{kid}"}}"#, alg.as_str());
        Ok(Self {
            kid: kid.into(),
            inner,
            header_b64: B64.encode(header).into(),
        })
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        match self.inner {
            Inner::Hs256(_) => Algorithm::HS256,
            Inner::Ed25519(_) => Algorithm::EdDSA,
        }
    }

    pub(crate) fn header_b64(&self) -> &str {
        &self.header_b64
    }

    /// Appends base64url(signature over `input`) to `out`.
    pub(crate) fn sign_into(&self, input: &[u8], out: &mut String) {
        match &self.inner {
            Inner::Hs256(mac) => {
                let mut mac = mac.clone();
                mac.update(input);
                B64.encode_string(mac.finalize().into_bytes(), out);
            }
            Inner::Ed25519(key) => B64.encode_string(key.sign(input).to_bytes(), out),
        }
    }

    /// Whether `signature` is valid for `input`; constant time for HS256.
    pub(crate) fn verify(&self, input: &[u8], signature: &[u8]) -> bool {
        match &self.inner {
            Inner::Hs256(mac) => {
                let mut mac = mac.clone();
                mac.update(input);
                mac.verify_slice(signature).is_ok()
            }
            // RFC 8032 verification (canonical `S`, recomputed `R` compared
            // byte for byte). `verify_strict`'s extra checks guard against
            // small-order public keys, and ours are derived from a secret seed
            // (so never weak); they would only add a point decompression per token.
            Inner::Ed25519(key) => ed25519_dalek::Signature::from_slice(signature)
                .is_ok_and(|sig| ed25519_dalek::Verifier::verify(&**key, input, &sig).is_ok()),
        }
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("alg", &self.algorithm())
            .finish_non_exhaustive()
    }
}
