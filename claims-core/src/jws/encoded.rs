//! PEM and DER key loading, the one place: PKCS#8 private keys and SPKI
//! public keys for every asymmetric algorithm, PKCS#1 for RSA.

use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::pkcs1::{DecodeRsaPrivateKey as _, DecodeRsaPublicKey as _};

use super::algorithm::Algorithm;
use super::material::{self, Signer, Verifier};
use super::pem_label::{self, Want};
use crate::error::Error;

/// A key as a file holds it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Encoded<'a> {
    /// PEM text.
    Pem(&'a str),
    /// DER bytes.
    Der(&'a [u8]),
}

impl<'a> Encoded<'a> {
    /// PEM when the bytes are UTF-8 text with a `-----BEGIN` line, else DER.
    pub(crate) fn detect(bytes: &'a [u8]) -> Self {
        match std::str::from_utf8(bytes) {
            Ok(text) if text.contains("-----BEGIN") => Self::Pem(text),
            _ => Self::Der(bytes),
        }
    }

    fn decode_private<K: DecodePrivateKey>(self) -> Option<K> {
        match self {
            Self::Pem(pem) => K::from_pkcs8_pem(pem).ok(),
            Self::Der(der) => K::from_pkcs8_der(der).ok(),
        }
    }

    fn decode_public<K: DecodePublicKey>(self) -> Option<K> {
        match self {
            Self::Pem(pem) => K::from_public_key_pem(pem).ok(),
            Self::Der(der) => K::from_public_key_der(der).ok(),
        }
    }

    /// PKCS#8, else PKCS#1.
    fn decode_rsa_private(self) -> Option<rsa::RsaPrivateKey> {
        self.decode_private().or_else(|| match self {
            Self::Pem(pem) => rsa::RsaPrivateKey::from_pkcs1_pem(pem).ok(),
            Self::Der(der) => rsa::RsaPrivateKey::from_pkcs1_der(der).ok(),
        })
    }

    /// SPKI, else PKCS#1.
    fn decode_rsa_public(self) -> Option<rsa::RsaPublicKey> {
        self.decode_public().or_else(|| match self {
            Self::Pem(pem) => rsa::RsaPublicKey::from_pkcs1_pem(pem).ok(),
            Self::Der(der) => rsa::RsaPublicKey::from_pkcs1_der(der).ok(),
        })
    }
}

/// A private key for `alg`: PKCS#8 for every algorithm, or PKCS#1 for RSA.
pub(crate) fn private_key(alg: Algorithm, key: Encoded<'_>) -> Result<Signer, Error> {
    let signer = match alg {
        Algorithm::EdDSA | Algorithm::Ed25519 => {
            key.decode_private().map(|k| Signer::Ed25519(Box::new(k)))
        }
        Algorithm::ES256 => key.decode_private().map(|k| Signer::Es256(Box::new(k))),
        Algorithm::ES384 => key.decode_private().map(|k| Signer::Es384(Box::new(k))),
        Algorithm::ES512 => key
            .decode_private::<p521::SecretKey>()
            .and_then(|k| p521::ecdsa::SigningKey::from_bytes(&k.to_bytes()).ok())
            .map(|k| Signer::Es512(Box::new(k))),
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => match key.decode_rsa_private() {
            Some(rsa) => return material::rsa_signer(rsa),
            None => None,
        },
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            return Err(Error::Key(match key {
                Encoded::Pem(_) => "an HMAC secret is bytes, not PEM: use hs256/hs384/hs512",
                Encoded::Der(_) => "an HMAC secret is bytes, not DER: use hs256/hs384/hs512",
            }));
        }
    };
    signer.ok_or_else(|| not_decoded(Want::Private, alg, key))
}

/// A public key for `alg`: SPKI for every algorithm, or PKCS#1 for RSA.
pub(crate) fn public_key(alg: Algorithm, key: Encoded<'_>) -> Result<Verifier, Error> {
    let verifier = match alg {
        Algorithm::EdDSA | Algorithm::Ed25519 => match key.decode_public() {
            Some(ed) => Some(Verifier::Ed25519(material::checked_ed25519(ed)?)),
            None => None,
        },
        Algorithm::ES256 => key.decode_public().map(Verifier::Es256),
        Algorithm::ES384 => key.decode_public().map(Verifier::Es384),
        Algorithm::ES512 => key
            .decode_public::<p521::PublicKey>()
            .and_then(|k| p521::ecdsa::VerifyingKey::from_affine(*k.as_affine()).ok())
            .map(|k| Verifier::Es512(Box::new(k))),
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => match key.decode_rsa_public() {
            Some(rsa) => return material::rsa_verifier(rsa),
            None => None,
        },
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            return Err(material::symmetric_not_public());
        }
    };
    verifier.ok_or_else(|| not_decoded(Want::Public, alg, key))
}

/// Why `key` did not decode as the key wanted for `alg`: a PEM block of
/// another kind is named by its label; else the body is not such a key.
fn not_decoded(want: Want, alg: Algorithm, key: Encoded<'_>) -> Error {
    Error::Key(match (key, want) {
        (Encoded::Pem(pem), Want::Private) => pem_label::wrong_kind(want, alg, pem)
            .unwrap_or("not a PEM private key for this algorithm"),
        (Encoded::Pem(pem), Want::Public) => pem_label::wrong_kind(want, alg, pem)
            .unwrap_or("not a PEM public key for this algorithm"),
        (Encoded::Der(_), Want::Private) => "not a PKCS#8 DER private key for this algorithm",
        (Encoded::Der(_), Want::Public) => "not an SPKI DER public key for this algorithm",
    })
}
