//! [`SigningKey`]: a private key (or shared secret) with its kid.

use super::algorithm::Algorithm;
use super::compact;
use super::encoded::{self, Encoded};
use super::jwk::Jwk;
use super::material::{self, Signer};
use super::verifying::VerifyingKey;
use crate::error::Error;
use crate::wire::validate_kid;

/// A token signing key with its `kid`: it signs, and verifies its own tokens.
///
/// Keyed state is built once: the HMAC key schedule, the expanded Ed25519
/// key, the parsed EC or RSA key.
/// Private keys are zeroized on drop by their crates (`ed25519-dalek`,
/// `p256`/`p384`, `rsa`).
///
/// RSA signing uses the `rsa` crate, which is not constant-time (RUSTSEC-2023-0071,
/// "Marvin"); signatures are blinded, but prefer EdDSA or ES256 for issuers.
#[derive(Clone)]
pub struct SigningKey {
    kid: Box<str>,
    signer: Signer,
    alg: Algorithm,
}

impl SigningKey {
    /// HS256 with a secret of at least 32 bytes (the hash size, RFC 7518 §3.2).
    pub fn hs256(kid: &str, secret: &[u8]) -> Result<Self, Error> {
        Self::new(
            kid,
            material::hmac_signer(Algorithm::HS256, secret)?,
            Algorithm::HS256,
        )
    }

    /// HS384 with a secret of at least 48 bytes.
    pub fn hs384(kid: &str, secret: &[u8]) -> Result<Self, Error> {
        Self::new(
            kid,
            material::hmac_signer(Algorithm::HS384, secret)?,
            Algorithm::HS384,
        )
    }

    /// HS512 with a secret of at least 64 bytes.
    pub fn hs512(kid: &str, secret: &[u8]) -> Result<Self, Error> {
        Self::new(
            kid,
            material::hmac_signer(Algorithm::HS512, secret)?,
            Algorithm::HS512,
        )
    }

    /// Ed25519 from its 32-byte secret seed.
    pub fn ed25519(kid: &str, seed: &[u8; 32]) -> Result<Self, Error> {
        Self::new(
            kid,
            Signer::Ed25519(Box::new(ed25519_dalek::SigningKey::from_bytes(seed))),
            Algorithm::EdDSA,
        )
    }

    /// A private key in PEM: PKCS#8 (`PRIVATE KEY`) for every algorithm, or
    /// PKCS#1 (`RSA PRIVATE KEY`) for RS256 and PS256. `alg` says how to use
    /// it (an RSA key can be RS256 or PS256; a P-256 key only ES256).
    pub fn from_pem(kid: &str, alg: Algorithm, pem: &str) -> Result<Self, Error> {
        Self::new(kid, encoded::private_key(alg, Encoded::Pem(pem))?, alg)
    }

    /// A PKCS#8 DER private key; see [`SigningKey::from_pem`].
    pub fn from_der(kid: &str, alg: Algorithm, der: &[u8]) -> Result<Self, Error> {
        Self::new(kid, encoded::private_key(alg, Encoded::Der(der))?, alg)
    }

    /// A private JWK (RFC 7517): `kty` `oct`, `OKP` (Ed25519), `EC` (P-256,
    /// P-384) or `RSA`, with its `kid`. `alg` is required for `oct` and `RSA`
    /// keys, and must match the key when present.
    pub fn from_jwk(jwk: &str) -> Result<Self, Error> {
        let (kid, signer, alg) = Jwk::parse(jwk)?.into_signer()?;
        Self::new(&kid, signer, alg)
    }

    fn new(kid: &str, signer: Signer, alg: Algorithm) -> Result<Self, Error> {
        validate_kid(kid)?;
        if !signer.algorithms().contains(&alg) {
            return Err(Error::Key("not a key for this algorithm"));
        }
        Ok(Self {
            kid: kid.into(),
            signer,
            alg,
        })
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// The public key, to publish or hand to verify-only services; `None`
    /// for HMAC secrets, which have no public half.
    pub fn verifying_key(&self) -> Option<VerifyingKey> {
        (!self.algorithm().is_symmetric()).then(|| self.verifier())
    }

    /// [`VerifyingKey::verify_compact`] with this key (for HMAC, the secret).
    pub fn verify_compact(&self, jws: &str) -> Result<Vec<u8>, Error> {
        self.verifier().verify_compact(jws)
    }

    /// The verifier for this key's own tokens (for HMAC, the same secret).
    pub(crate) fn verifier(&self) -> VerifyingKey {
        VerifyingKey::from_parts(&self.kid, self.signer.verifier(), self.alg, true)
    }

    /// Appends the compact JWS of `payload` under `header_b64`, signed with
    /// this key, to `out`.
    pub(crate) fn sign_compact(&self, header_b64: &str, payload: &[u8], out: &mut String) {
        compact::sign(&self.signer, self.alg, header_b64, payload, out);
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
