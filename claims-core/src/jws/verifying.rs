//! [`VerifyingKey`]: a public key with its kid, for services that only verify.

use super::algorithm::Algorithm;
use super::compact::{self, Segments};
use super::encoded::{self, Encoded};
use super::jwk::{self, Jwk};
use super::material::{self, Verifier};
use crate::error::Error;
use crate::wire::validate_kid;

/// A public key with its `kid`: verifies tokens, never signs them.
///
/// Built from SPKI PEM or DER, a public JWK, a JWK Set, or
/// [`SigningKey::verifying_key`](crate::SigningKey::verifying_key). HMAC
/// secrets are never verifying keys: whoever can verify HS256 can also sign.
#[derive(Clone)]
pub struct VerifyingKey {
    kid: Box<str>,
    verifier: Verifier,
}

impl VerifyingKey {
    /// Ed25519 from its 32-byte public key. Small-order keys are refused.
    pub fn ed25519(kid: &str, public: &[u8; 32]) -> Result<Self, Error> {
        Self::new(kid, Verifier::Ed25519(material::ed25519_public(public)?))
    }

    /// A public key in PEM: SPKI (`PUBLIC KEY`) for every algorithm, or
    /// PKCS#1 (`RSA PUBLIC KEY`) for RS256 and PS256.
    pub fn from_pem(kid: &str, alg: Algorithm, pem: &str) -> Result<Self, Error> {
        Self::new(kid, encoded::public_key(alg, Encoded::Pem(pem))?)
    }

    /// An SPKI DER public key; see [`VerifyingKey::from_pem`].
    pub fn from_der(kid: &str, alg: Algorithm, der: &[u8]) -> Result<Self, Error> {
        Self::new(kid, encoded::public_key(alg, Encoded::Der(der))?)
    }

    /// A key file's bytes: PEM when they are text with a `-----BEGIN` line
    /// ([`VerifyingKey::from_pem`]), DER otherwise ([`VerifyingKey::from_der`]).
    pub fn from_pem_or_der(kid: &str, alg: Algorithm, bytes: &[u8]) -> Result<Self, Error> {
        Self::new(kid, encoded::public_key(alg, Encoded::detect(bytes))?)
    }

    /// A public JWK (RFC 7517) with its `kid`; private members are ignored.
    /// `alg` is required for `RSA` keys and must match the key when present.
    pub fn from_jwk(jwk: &str) -> Result<Self, Error> {
        let (kid, verifier) = Jwk::parse(jwk)?.into_verifier()?;
        Self::new(&kid, verifier)
    }

    /// Every signing key of a JWK Set (`{"keys":[...]}`). Keys marked
    /// `"use":"enc"` are skipped, as are key types this crate does not support;
    /// a malformed key of a supported type is an error, never skipped.
    pub fn from_jwks(jwks: &[u8]) -> Result<Vec<Self>, Error> {
        jwk::parse_set(jwks)?
            .into_iter()
            .map(|(kid, verifier)| Self::new(&kid, verifier))
            .collect()
    }

    /// The holder's key an SD-JWT names in `cnf.jwk`, under the kid `cnf`.
    pub(crate) fn from_confirmation_jwk(jwk: &str) -> Result<Self, Error> {
        Self::new("cnf", Jwk::parse(jwk)?.into_confirmation_verifier()?)
    }

    /// This key as a public JWK (`kty`, key members, `kid`, `alg`, `"use":"sig"`).
    pub fn to_jwk(&self) -> serde_json::Value {
        jwk::public_jwk(&self.kid, &self.verifier)
    }

    /// Verifies a bare compact JWS (RFC 7515) under this key alone and returns
    /// its payload bytes, for JWS that are not `claims` tokens. Checks the
    /// size cap ([`DEFAULT_MAX_TOKEN_SIZE`](crate::DEFAULT_MAX_TOKEN_SIZE)),
    /// the shape, `alg` (this key's, never `none`), `crit` (refused) and the
    /// signature; `typ`, `kid` and the payload are the caller's to check.
    pub fn verify_compact(&self, jws: &str) -> Result<Vec<u8>, Error> {
        compact::verify(&self.verifier, jws)
    }

    fn new(kid: &str, verifier: Verifier) -> Result<Self, Error> {
        validate_kid(kid)?;
        Ok(Self::from_parts(kid, verifier))
    }

    /// A key whose kid is already checked.
    pub(super) fn from_parts(kid: &str, verifier: Verifier) -> Self {
        Self {
            kid: kid.into(),
            verifier,
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

    /// The algorithm a token whose header names `alg` verifies with under
    /// this key: the key's own, never the header's choice.
    pub(crate) fn accepted_algorithm(
        &self,
        alg: &str,
        _unnamed: &[Algorithm],
    ) -> Result<Algorithm, Error> {
        if alg == self.algorithm().as_str() {
            Ok(self.algorithm())
        } else {
            Err(Error::Algorithm)
        }
    }

    /// The payload of a split JWS if its signature holds under this key.
    pub(crate) fn verify_segments(
        &self,
        segments: &Segments<'_>,
        _alg: Algorithm,
    ) -> Result<Vec<u8>, Error> {
        segments.verify(&self.verifier)
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
