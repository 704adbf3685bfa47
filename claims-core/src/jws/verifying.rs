//! [`VerifyingKey`]: a public key with its kid, for services that only verify.

use ed25519_dalek::pkcs8::DecodePublicKey as _;
use rsa::pkcs1::DecodeRsaPublicKey as _;
use rsa::traits::PublicKeyParts as _;

use super::material::Verifier;
use super::{Algorithm, header_b64};
use crate::error::Error;
use crate::keys::validate_kid;

/// Smallest RSA modulus accepted, in bits.
const MIN_RSA_BITS: usize = 2048;

/// A public key with its `kid`: verifies tokens, never signs them.
///
/// Built from SPKI PEM or DER, a public JWK, a JWK Set, or
/// [`SigningKey::verifying_key`](crate::SigningKey::verifying_key). HMAC
/// secrets are never verifying keys: whoever can verify HS256 can also sign.
#[derive(Clone)]
pub struct VerifyingKey {
    kid: Box<str>,
    verifier: Verifier,
    header_b64: Box<str>,
}

impl VerifyingKey {
    /// Ed25519 from its 32-byte public key. Small-order keys are refused.
    pub fn ed25519(kid: &str, public: &[u8; 32]) -> Result<Self, Error> {
        Self::new(kid, Verifier::Ed25519(ed25519_public(public)?))
    }

    /// A public key in PEM: SPKI (`PUBLIC KEY`) for every algorithm, or
    /// PKCS#1 (`RSA PUBLIC KEY`) for RS256 and PS256.
    pub fn from_pem(kid: &str, alg: Algorithm, pem: &str) -> Result<Self, Error> {
        let bad = Error::Key("not a PEM public key for this algorithm");
        let verifier = match alg {
            Algorithm::EdDSA => Verifier::Ed25519(checked_ed25519(
                ed25519_dalek::VerifyingKey::from_public_key_pem(pem).map_err(|_| bad)?,
            )?),
            Algorithm::ES256 => Verifier::Es256(
                p256::ecdsa::VerifyingKey::from_public_key_pem(pem).map_err(|_| bad)?,
            ),
            Algorithm::ES384 => Verifier::Es384(
                p384::ecdsa::VerifyingKey::from_public_key_pem(pem).map_err(|_| bad)?,
            ),
            Algorithm::RS256 | Algorithm::PS256 => {
                let key = rsa::RsaPublicKey::from_public_key_pem(pem)
                    .or_else(|_| rsa::RsaPublicKey::from_pkcs1_pem(pem))
                    .map_err(|_| bad)?;
                rsa_verifier(alg, key)?
            }
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => return Err(symmetric()),
        };
        Self::new(kid, verifier)
    }

    /// An SPKI DER public key; see [`VerifyingKey::from_pem`].
    pub fn from_der(kid: &str, alg: Algorithm, der: &[u8]) -> Result<Self, Error> {
        let bad = Error::Key("not an SPKI DER public key for this algorithm");
        let verifier = match alg {
            Algorithm::EdDSA => Verifier::Ed25519(checked_ed25519(
                ed25519_dalek::VerifyingKey::from_public_key_der(der).map_err(|_| bad)?,
            )?),
            Algorithm::ES256 => Verifier::Es256(
                p256::ecdsa::VerifyingKey::from_public_key_der(der).map_err(|_| bad)?,
            ),
            Algorithm::ES384 => Verifier::Es384(
                p384::ecdsa::VerifyingKey::from_public_key_der(der).map_err(|_| bad)?,
            ),
            Algorithm::RS256 | Algorithm::PS256 => {
                let key = rsa::RsaPublicKey::from_public_key_der(der)
                    .or_else(|_| rsa::RsaPublicKey::from_pkcs1_der(der))
                    .map_err(|_| bad)?;
                rsa_verifier(alg, key)?
            }
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => return Err(symmetric()),
        };
        Self::new(kid, verifier)
    }

    /// A public JWK (RFC 7517) with its `kid`; private members are ignored.
    /// `alg` is required for `RSA` keys and must match the key when present.
    pub fn from_jwk(jwk: &str) -> Result<Self, Error> {
        let (kid, verifier) = super::jwk::Jwk::parse(jwk)?.into_verifier()?;
        Self::new(&kid, verifier)
    }

    /// Every signing key of a JWK Set (`{"keys":[...]}`). Keys marked
    /// `"use":"enc"` are skipped, as are key types this crate does not support;
    /// a malformed key of a supported type is an error, never skipped.
    pub fn from_jwks(jwks: &[u8]) -> Result<Vec<Self>, Error> {
        super::jwk::parse_set(jwks)?
            .into_iter()
            .map(|(kid, verifier)| Self::new(&kid, verifier))
            .collect()
    }

    /// The holder's key an SD-JWT names in `cnf.jwk`, under the kid `cnf`.
    pub(crate) fn from_confirmation_jwk(jwk: &str) -> Result<Self, Error> {
        Self::new(
            "cnf",
            super::jwk::Jwk::parse(jwk)?.into_confirmation_verifier()?,
        )
    }

    /// This key as a public JWK (`kty`, key members, `kid`, `alg`, `"use":"sig"`).
    pub fn to_jwk(&self) -> serde_json::Value {
        super::jwk::public_jwk(&self.kid, &self.verifier)
    }

    fn new(kid: &str, verifier: Verifier) -> Result<Self, Error> {
        validate_kid(kid)?;
        Ok(Self {
            kid: kid.into(),
            header_b64: header_b64(verifier.algorithm(), kid),
            verifier,
        })
    }

    pub(super) fn from_parts(kid: &str, verifier: Verifier, header_b64: Box<str>) -> Self {
        Self {
            kid: kid.into(),
            verifier,
            header_b64,
        }
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.verifier.algorithm()
    }

    pub(crate) fn header_b64(&self) -> &str {
        &self.header_b64
    }

    /// Whether `signature` is valid for `input`.
    pub(crate) fn verify(&self, input: &[u8], signature: &[u8]) -> bool {
        self.verifier.verify(input, signature)
    }
}

impl std::fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("kid", &self.kid)
            .field("alg", &self.algorithm())
            .finish_non_exhaustive()
    }
}

fn symmetric() -> Error {
    Error::Key("an HMAC secret is not a public key: use a SigningKey")
}

pub(super) fn ed25519_public(bytes: &[u8; 32]) -> Result<ed25519_dalek::VerifyingKey, Error> {
    checked_ed25519(
        ed25519_dalek::VerifyingKey::from_bytes(bytes)
            .map_err(|_| Error::Key("not an Ed25519 public key"))?,
    )
}

/// Small-order keys verify forged signatures for every message.
fn checked_ed25519(key: ed25519_dalek::VerifyingKey) -> Result<ed25519_dalek::VerifyingKey, Error> {
    if key.is_weak() {
        return Err(Error::Key("a small-order Ed25519 public key"));
    }
    Ok(key)
}

pub(super) fn check_rsa_size(key: &rsa::RsaPublicKey) -> Result<(), Error> {
    if key.size() * 8 < MIN_RSA_BITS {
        return Err(Error::Key("an RSA key must have at least 2048 bits"));
    }
    Ok(())
}

pub(super) fn rsa_verifier(alg: Algorithm, key: rsa::RsaPublicKey) -> Result<Verifier, Error> {
    check_rsa_size(&key)?;
    Ok(match alg {
        Algorithm::PS256 => Verifier::Ps256(rsa::pss::VerifyingKey::new(key)),
        _ => Verifier::Rs256(rsa::pkcs1v15::VerifyingKey::new(key)),
    })
}
