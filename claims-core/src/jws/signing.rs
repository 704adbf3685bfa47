//! [`SigningKey`]: a private key (or shared secret) with its kid.

use ed25519_dalek::pkcs8::DecodePrivateKey as _;
use hmac::{Hmac, Mac};
use rsa::pkcs1::DecodeRsaPrivateKey as _;
use sha2::{Sha256, Sha384, Sha512};

use super::material::Signer;
use super::verifying::{VerifyingKey, check_rsa_size};
use super::{Algorithm, header_b64};
use crate::error::Error;
use crate::keys::validate_kid;

/// A token signing key with its `kid`: it signs, and verifies its own tokens.
///
/// Keyed state is built once: the HMAC key schedule, the expanded Ed25519
/// key, the parsed EC or RSA key, and the header segment it signs under.
/// Private keys are zeroized on drop by their crates (`ed25519-dalek`,
/// `p256`/`p384`, `rsa`).
///
/// RSA signing uses the `rsa` crate, which is not constant-time (RUSTSEC-2023-0071,
/// "Marvin"); signatures are blinded, but prefer EdDSA or ES256 for issuers.
#[derive(Clone)]
pub struct SigningKey {
    kid: Box<str>,
    signer: Signer,
    header_b64: Box<str>,
}

impl SigningKey {
    /// HS256 with a secret of at least 32 bytes (the hash size, RFC 7518 §3.2).
    pub fn hs256(kid: &str, secret: &[u8]) -> Result<Self, Error> {
        Self::new(kid, Signer::Hs256(hmac_key::<Hmac<Sha256>>(secret, 32)?))
    }

    /// HS384 with a secret of at least 48 bytes.
    pub fn hs384(kid: &str, secret: &[u8]) -> Result<Self, Error> {
        Self::new(kid, Signer::Hs384(hmac_key::<Hmac<Sha384>>(secret, 48)?))
    }

    /// HS512 with a secret of at least 64 bytes.
    pub fn hs512(kid: &str, secret: &[u8]) -> Result<Self, Error> {
        Self::new(kid, Signer::Hs512(hmac_key::<Hmac<Sha512>>(secret, 64)?))
    }

    /// Ed25519 from its 32-byte secret seed.
    pub fn ed25519(kid: &str, seed: &[u8; 32]) -> Result<Self, Error> {
        Self::new(
            kid,
            Signer::Ed25519(Box::new(ed25519_dalek::SigningKey::from_bytes(seed))),
        )
    }

    /// A private key in PEM: PKCS#8 (`PRIVATE KEY`) for every algorithm, or
    /// PKCS#1 (`RSA PRIVATE KEY`) for RS256 and PS256. `alg` says how to use
    /// it (an RSA key can be RS256 or PS256; a P-256 key only ES256).
    pub fn from_pem(kid: &str, alg: Algorithm, pem: &str) -> Result<Self, Error> {
        let bad = Error::Key("not a PEM private key for this algorithm");
        let signer = match alg {
            Algorithm::EdDSA => Signer::Ed25519(Box::new(
                ed25519_dalek::SigningKey::from_pkcs8_pem(pem).map_err(|_| bad)?,
            )),
            Algorithm::ES256 => Signer::Es256(Box::new(
                p256::ecdsa::SigningKey::from_pkcs8_pem(pem).map_err(|_| bad)?,
            )),
            Algorithm::ES384 => Signer::Es384(Box::new(
                p384::ecdsa::SigningKey::from_pkcs8_pem(pem).map_err(|_| bad)?,
            )),
            Algorithm::RS256 | Algorithm::PS256 => {
                let key = rsa::RsaPrivateKey::from_pkcs8_pem(pem)
                    .or_else(|_| rsa::RsaPrivateKey::from_pkcs1_pem(pem))
                    .map_err(|_| bad)?;
                rsa_signer(alg, key)?
            }
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
                return Err(Error::Key(
                    "an HMAC secret is bytes, not PEM: use hs256/hs384/hs512",
                ));
            }
        };
        Self::new(kid, signer)
    }

    /// A PKCS#8 DER private key; see [`SigningKey::from_pem`].
    pub fn from_der(kid: &str, alg: Algorithm, der: &[u8]) -> Result<Self, Error> {
        let bad = Error::Key("not a PKCS#8 DER private key for this algorithm");
        let signer = match alg {
            Algorithm::EdDSA => Signer::Ed25519(Box::new(
                ed25519_dalek::SigningKey::from_pkcs8_der(der).map_err(|_| bad)?,
            )),
            Algorithm::ES256 => Signer::Es256(Box::new(
                p256::ecdsa::SigningKey::from_pkcs8_der(der).map_err(|_| bad)?,
            )),
            Algorithm::ES384 => Signer::Es384(Box::new(
                p384::ecdsa::SigningKey::from_pkcs8_der(der).map_err(|_| bad)?,
            )),
            Algorithm::RS256 | Algorithm::PS256 => {
                let key = rsa::RsaPrivateKey::from_pkcs8_der(der)
                    .or_else(|_| rsa::RsaPrivateKey::from_pkcs1_der(der))
                    .map_err(|_| bad)?;
                rsa_signer(alg, key)?
            }
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
                return Err(Error::Key(
                    "an HMAC secret is bytes, not DER: use hs256/hs384/hs512",
                ));
            }
        };
        Self::new(kid, signer)
    }

    /// A private JWK (RFC 7517): `kty` `oct`, `OKP` (Ed25519), `EC` (P-256,
    /// P-384) or `RSA`, with its `kid`. `alg` is required for `oct` and `RSA`
    /// keys, and must match the key when present.
    pub fn from_jwk(jwk: &str) -> Result<Self, Error> {
        let jwk = super::jwk::Jwk::parse(jwk)?;
        let (kid, signer) = jwk.into_signer()?;
        Self::new(&kid, signer)
    }

    pub(super) fn new(kid: &str, signer: Signer) -> Result<Self, Error> {
        validate_kid(kid)?;
        Ok(Self {
            kid: kid.into(),
            header_b64: header_b64(signer.algorithm(), kid),
            signer,
        })
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.signer.algorithm()
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
        VerifyingKey::from_parts(&self.kid, self.signer.verifier(), self.header_b64.clone())
    }

    pub(crate) fn header_b64(&self) -> &str {
        &self.header_b64
    }

    /// Appends base64url(signature over `input`) to `out`.
    pub(crate) fn sign_into(&self, input: &[u8], out: &mut String) {
        self.signer.sign_into(input, out);
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

/// An HMAC key from a secret of at least the hash's output size (RFC 7518 §3.2).
pub(super) fn hmac_key<M: Mac + hmac::digest::KeyInit>(
    secret: &[u8],
    min_len: usize,
) -> Result<M, Error> {
    if secret.len() < min_len {
        return Err(Error::Key(
            "an HMAC secret must be at least as long as the hash output (32, 48 or 64 bytes)",
        ));
    }
    <M as Mac>::new_from_slice(secret).map_err(|_| Error::Key("invalid HMAC secret"))
}

pub(super) fn rsa_signer(alg: Algorithm, key: rsa::RsaPrivateKey) -> Result<Signer, Error> {
    check_rsa_size(&key.to_public_key())?;
    key.validate()
        .map_err(|_| Error::Key("inconsistent RSA private key"))?;
    Ok(match alg {
        Algorithm::PS256 => Signer::Ps256(Box::new(rsa::pss::BlindedSigningKey::new(key))),
        _ => Signer::Rs256(Box::new(rsa::pkcs1v15::SigningKey::new(key))),
    })
}
