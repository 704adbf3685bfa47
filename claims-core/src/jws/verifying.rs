//! [`VerifyingKey`]: a public key with its kid, for services that only verify.

use super::algorithm::{Algorithm, DEFAULT_UNNAMED_KEY_ALGORITHMS};
use super::compact::{self, Segments};
use super::encoded::{self, Encoded};
use super::jwk::{self, Jwk};
use super::material::{self, Verifier};
use crate::error::Error;

/// A public key with its `kid`: verifies tokens, never signs them.
///
/// Built from SPKI PEM or DER, a public JWK, a JWK Set, or
/// [`SigningKey::verifying_key`](crate::SigningKey::verifying_key). HMAC
/// secrets are never verifying keys: whoever can verify HS256 can also sign.
#[derive(Clone)]
pub struct VerifyingKey {
    kid: Box<str>,
    verifier: Verifier,
    /// The algorithm: named by the loader or the JWK, else the default of
    /// the key's type.
    alg: Algorithm,
    /// Whether `alg` was named; a key whose JWK named none verifies under
    /// the algorithms the validation allows for its type.
    named: bool,
}

impl VerifyingKey {
    /// Ed25519 from its 32-byte public key. Small-order keys are refused.
    pub fn ed25519(kid: &str, public: &[u8; 32]) -> Result<Self, Error> {
        Self::new(
            kid,
            Verifier::Ed25519(material::ed25519_public(public)?),
            Some(Algorithm::EdDSA),
        )
    }

    /// A public key in PEM: SPKI (`PUBLIC KEY`) for every algorithm, or
    /// PKCS#1 (`RSA PUBLIC KEY`) for RS256 and PS256.
    pub fn from_pem(kid: &str, alg: Algorithm, pem: &str) -> Result<Self, Error> {
        Self::new(kid, encoded::public_key(alg, Encoded::Pem(pem))?, Some(alg))
    }

    /// An SPKI DER public key; see [`VerifyingKey::from_pem`].
    pub fn from_der(kid: &str, alg: Algorithm, der: &[u8]) -> Result<Self, Error> {
        Self::new(kid, encoded::public_key(alg, Encoded::Der(der))?, Some(alg))
    }

    /// A key file's bytes: PEM when they are text with a `-----BEGIN` line
    /// ([`VerifyingKey::from_pem`]), DER otherwise ([`VerifyingKey::from_der`]).
    pub fn from_pem_or_der(kid: &str, alg: Algorithm, bytes: &[u8]) -> Result<Self, Error> {
        Self::new(
            kid,
            encoded::public_key(alg, Encoded::detect(bytes))?,
            Some(alg),
        )
    }

    /// A public JWK (RFC 7517) with its `kid`; private members are ignored.
    /// `alg`, when present, must match the key. Without it, the key
    /// verifies under the algorithms the validation allows for its type
    /// ([`Validation::unnamed_key_algorithms`](crate::Validation::unnamed_key_algorithms):
    /// by default RS256 for RSA, `EdDSA` for Ed25519); an EC key's curve
    /// names its algorithm.
    pub fn from_jwk(jwk: &str) -> Result<Self, Error> {
        let (kid, verifier, alg) = Jwk::parse(jwk)?.into_verifier()?;
        Self::new(&kid, verifier, alg)
    }

    /// The holder's key an SD-JWT names in `cnf.jwk`, under the kid `cnf`.
    pub(crate) fn from_confirmation_jwk(jwk: &str) -> Result<Self, Error> {
        let (verifier, alg) = Jwk::parse(jwk)?.into_confirmation_verifier()?;
        Self::new("cnf", verifier, alg)
    }

    /// This key as a public JWK (`kty`, key members, `kid`, `"use":"sig"`,
    /// and `alg` unless its JWK named none).
    pub fn to_jwk(&self) -> serde_json::Value {
        jwk::public_jwk(&self.kid, &self.verifier, self.named.then_some(self.alg))
    }

    /// Verifies a bare compact JWS (RFC 7515) under this key alone and returns
    /// its payload bytes, for JWS that are not `claims` tokens. Checks the
    /// size cap ([`DEFAULT_MAX_TOKEN_SIZE`](crate::DEFAULT_MAX_TOKEN_SIZE)),
    /// the shape, `alg` (this key's, never `none`), `crit` (refused) and the
    /// signature; `typ`, `kid` and the payload are the caller's to check.
    pub fn verify_compact(&self, jws: &str) -> Result<Vec<u8>, Error> {
        compact::verify(
            &self.verifier,
            |alg| self.accepted_algorithm(alg, &DEFAULT_UNNAMED_KEY_ALGORITHMS),
            jws,
        )
    }

    /// `alg` is the key's (named, or `None`: the default of its type).
    pub(super) fn new(
        kid: &str,
        verifier: Verifier,
        alg: Option<Algorithm>,
    ) -> Result<Self, Error> {
        validate_verifying_kid(kid)?;
        let named = alg.is_some();
        let alg = alg.unwrap_or(verifier.algorithms()[0]);
        if !verifier.algorithms().contains(&alg) {
            return Err(Error::Key("not a key for this algorithm"));
        }
        Ok(Self::from_parts(kid, verifier, alg, named))
    }

    /// A key whose kid and algorithm are already checked.
    pub(super) fn from_parts(kid: &str, verifier: Verifier, alg: Algorithm, named: bool) -> Self {
        Self {
            kid: kid.into(),
            verifier,
            alg,
            named,
        }
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The algorithm: the one its loader or JWK named; for a JWK that named
    /// none, the default of its type (RS256, `EdDSA`), though the validation
    /// may allow others ([`VerifyingKey::from_jwk`]).
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// The algorithm a token whose header names `alg` verifies with under
    /// this key: the key's own, never the header's choice; for a key whose
    /// JWK named none, one of `unnamed` that its type allows.
    pub(crate) fn accepted_algorithm(
        &self,
        alg: &str,
        unnamed: &[Algorithm],
    ) -> Result<Algorithm, Error> {
        let allowed = |candidate: &Algorithm| {
            if self.named {
                *candidate == self.alg
            } else {
                self.verifier.algorithms().contains(candidate) && unnamed.contains(candidate)
            }
        };
        Algorithm::from_name(alg)
            .filter(allowed)
            .ok_or(Error::Algorithm)
    }

    /// The payload of a split JWS if its signature holds under this key and
    /// `alg` (from [`VerifyingKey::accepted_algorithm`]).
    pub(crate) fn verify_segments(
        &self,
        segments: &Segments<'_>,
        alg: Algorithm,
    ) -> Result<Vec<u8>, Error> {
        segments.verify(&self.verifier, alg)
    }
}

/// Longest kid of a verifying key.
const MAX_VERIFYING_KID_LEN: usize = 128;

/// A verifying key's kid: 1 to 128 visible ASCII characters other than `"`
/// and `\`. RFC 7515 §4.1.4 leaves kids to the issuer, and identity
/// providers use 40 to 54 characters (Cognito's with `+`, `/` and `=`),
/// beyond the `[A-Za-z0-9_-]{1,32}` of the kids `claims` issues; what is
/// kept out are control characters, spaces, and what JSON would escape, so
/// a kid is still safe in a header and a log line.
pub(crate) fn validate_verifying_kid(kid: &str) -> Result<(), Error> {
    let ok = (1..=MAX_VERIFYING_KID_LEN).contains(&kid.len())
        && kid
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\');
    if ok {
        Ok(())
    } else {
        Err(Error::Key(
            "a verifying key's kid must be 1 to 128 visible ASCII characters, without \" or \\",
        ))
    }
}

impl std::fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("kid", &self.kid)
            .field("alg", &self.algorithm())
            .field("named", &self.named)
            .finish_non_exhaustive()
    }
}
