//! The key material behind each algorithm, parsed once: signing and verifying
//! never re-parse or re-expand a key. Every loader (raw bytes, PEM/DER, JWK)
//! builds it through the checks here: HMAC secret length, RSA modulus size,
//! Ed25519 small-order keys.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use rand::rngs::ThreadRng;
use rsa::pkcs8::AssociatedOid;
use rsa::signature::{RandomizedSigner as _, Signer as _, Verifier as _};
use sha2::digest::DynDigest;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::algorithm::Algorithm;
use crate::error::Error;

/// A private key (or shared secret), ready to sign. Which JWS algorithm it
/// signs with is the key's binding ([`SigningKey`](super::SigningKey)), one
/// of [`Signer::algorithms`].
#[derive(Clone)]
pub(crate) enum Signer {
    Hs256(Hmac<Sha256>),
    Hs384(Hmac<Sha384>),
    Hs512(Hmac<Sha512>),
    // Private keys are boxed: each is zeroized on drop by its crate, and the
    // enum stays small.
    Ed25519(Box<ed25519_dalek::SigningKey>),
    Es256(Box<p256::ecdsa::SigningKey>),
    Es384(Box<p384::ecdsa::SigningKey>),
    Es512(Box<p521::ecdsa::SigningKey>),
    Rsa(Box<rsa::RsaPrivateKey>),
}

/// A public key (or shared secret), ready to verify under one of
/// [`Verifier::algorithms`].
#[derive(Clone)]
pub(crate) enum Verifier {
    Hs256(Hmac<Sha256>),
    Hs384(Hmac<Sha384>),
    Hs512(Hmac<Sha512>),
    Ed25519(ed25519_dalek::VerifyingKey),
    Es256(p256::ecdsa::VerifyingKey),
    Es384(p384::ecdsa::VerifyingKey),
    Es512(Box<p521::ecdsa::VerifyingKey>),
    Rsa(Box<rsa::RsaPublicKey>),
}

// What each kind of key material signs and verifies with, the default first.
pub(crate) const HS256: &[Algorithm] = &[Algorithm::HS256];
pub(crate) const HS384: &[Algorithm] = &[Algorithm::HS384];
pub(crate) const HS512: &[Algorithm] = &[Algorithm::HS512];
pub(crate) const ED25519: &[Algorithm] = &[Algorithm::EdDSA, Algorithm::Ed25519];
pub(crate) const ES256: &[Algorithm] = &[Algorithm::ES256];
pub(crate) const ES384: &[Algorithm] = &[Algorithm::ES384];
pub(crate) const ES512: &[Algorithm] = &[Algorithm::ES512];
/// RS256 to PS512: the last six of [`Algorithm::ALL`] (`tests` checks it).
pub(crate) const RSA: &[Algorithm] = Algorithm::ALL.split_at(8).1;

impl Signer {
    /// The algorithms this key material can sign with, the default first.
    pub(crate) fn algorithms(&self) -> &'static [Algorithm] {
        match self {
            Signer::Hs256(_) => HS256,
            Signer::Hs384(_) => HS384,
            Signer::Hs512(_) => HS512,
            Signer::Ed25519(_) => ED25519,
            Signer::Es256(_) => ES256,
            Signer::Es384(_) => ES384,
            Signer::Es512(_) => ES512,
            Signer::Rsa(_) => RSA,
        }
    }

    /// Appends base64url(signature over `input` under `alg`) to `out`; `alg`
    /// is one of [`Signer::algorithms`].
    pub(crate) fn sign_into(&self, alg: Algorithm, input: &[u8], out: &mut String) {
        match self {
            Signer::Hs256(mac) => B64.encode_string(keyed(mac, input), out),
            Signer::Hs384(mac) => B64.encode_string(keyed(mac, input), out),
            Signer::Hs512(mac) => B64.encode_string(keyed(mac, input), out),
            Signer::Ed25519(key) => B64.encode_string(key.sign(input).to_bytes(), out),
            Signer::Es256(key) => {
                let sig: p256::ecdsa::Signature = key.sign(input);
                B64.encode_string(sig.to_bytes(), out);
            }
            Signer::Es384(key) => {
                let sig: p384::ecdsa::Signature = key.sign(input);
                B64.encode_string(sig.to_bytes(), out);
            }
            // P-521 signs with a random nonce from the OS-seeded CSPRNG (the
            // `p521` crate has no RFC 6979 yet).
            Signer::Es512(key) => {
                let sig: p521::ecdsa::Signature =
                    key.sign_with_rng(&mut ThreadRng::default(), input);
                B64.encode_string(sig.to_bytes(), out);
            }
            // RSA signs with blinding (a fresh random factor per signature),
            // the `rsa` crate's defence against timing attacks on the key.
            Signer::Rsa(key) => {
                let (scheme, digest) = RsaScheme::of(alg, input);
                let signature = match scheme {
                    RsaScheme::Pkcs1(padding) => {
                        key.sign_with_rng(&mut ThreadRng::default(), padding, &digest)
                    }
                    RsaScheme::Pss(padding) => {
                        key.sign_with_rng(&mut ThreadRng::default(), padding, &digest)
                    }
                };
                // Signing with a validated key of at least 2048 bits does
                // not fail; an empty signature would fail every verifier.
                B64.encode_string(signature.unwrap_or_default(), out);
            }
        }
    }

    /// The matching verifier (for HS*, the same secret).
    pub(crate) fn verifier(&self) -> Verifier {
        match self {
            Signer::Hs256(mac) => Verifier::Hs256(mac.clone()),
            Signer::Hs384(mac) => Verifier::Hs384(mac.clone()),
            Signer::Hs512(mac) => Verifier::Hs512(mac.clone()),
            Signer::Ed25519(key) => Verifier::Ed25519(key.verifying_key()),
            Signer::Es256(key) => Verifier::Es256(*key.verifying_key()),
            Signer::Es384(key) => Verifier::Es384(*key.verifying_key()),
            Signer::Es512(key) => {
                Verifier::Es512(Box::new(p521::ecdsa::VerifyingKey::from(&**key)))
            }
            Signer::Rsa(key) => Verifier::Rsa(Box::new(key.to_public_key())),
        }
    }
}

/// An RSA signature scheme of RFC 7518 §3.3 and §3.5, and the digest of the
/// signing input it signs.
enum RsaScheme {
    Pkcs1(rsa::Pkcs1v15Sign),
    Pss(rsa::Pss),
}

impl RsaScheme {
    /// `alg`'s scheme (PSS with MGF1 on the same hash and a salt as long as
    /// the hash, blinded when signing) and the digest of `input`.
    fn of(alg: Algorithm, input: &[u8]) -> (Self, Vec<u8>) {
        fn pkcs1<D: Digest + AssociatedOid>(input: &[u8]) -> (RsaScheme, Vec<u8>) {
            let padding = rsa::Pkcs1v15Sign::new::<D>();
            (RsaScheme::Pkcs1(padding), D::digest(input).to_vec())
        }
        fn pss<D: Digest + DynDigest + Send + Sync + 'static>(
            input: &[u8],
        ) -> (RsaScheme, Vec<u8>) {
            let padding = rsa::Pss::new_blinded::<D>();
            (RsaScheme::Pss(padding), D::digest(input).to_vec())
        }
        match alg {
            Algorithm::RS384 => pkcs1::<Sha384>(input),
            Algorithm::RS512 => pkcs1::<Sha512>(input),
            Algorithm::PS256 => pss::<Sha256>(input),
            Algorithm::PS384 => pss::<Sha384>(input),
            Algorithm::PS512 => pss::<Sha512>(input),
            // RS256; the caller checked `alg` is an RSA algorithm.
            _ => pkcs1::<Sha256>(input),
        }
    }
}

impl Verifier {
    /// The algorithms this key material can verify under, the default first.
    pub(crate) fn algorithms(&self) -> &'static [Algorithm] {
        match self {
            Verifier::Hs256(_) => HS256,
            Verifier::Hs384(_) => HS384,
            Verifier::Hs512(_) => HS512,
            Verifier::Ed25519(_) => ED25519,
            Verifier::Es256(_) => ES256,
            Verifier::Es384(_) => ES384,
            Verifier::Es512(_) => ES512,
            Verifier::Rsa(_) => RSA,
        }
    }

    /// Whether `signature` is valid for `input` under this key and `alg`
    /// (one of [`Verifier::algorithms`], as the caller checked).
    ///
    /// HMAC compares in constant time. Ed25519 is RFC 8032 verification
    /// (canonical `S`, recomputed `R` compared byte for byte) with the
    /// rejections of `ed25519-dalek`'s `verify_strict` at a fraction of its
    /// cost: a small-order `R` is refused by table lookup (a recomputed `R` is
    /// canonical, so only canonical encodings can match), and small-order
    /// public keys are refused when loaded. ECDSA signatures are the JWS
    /// fixed-size `r || s`, with `r` and `s` in `1..n` (so `r = s = 0` fails).
    /// RSA signatures are exactly the modulus size.
    pub(crate) fn verify(&self, alg: Algorithm, input: &[u8], signature: &[u8]) -> bool {
        match self {
            Verifier::Hs256(mac) => keyed_verify(mac, input, signature),
            Verifier::Hs384(mac) => keyed_verify(mac, input, signature),
            Verifier::Hs512(mac) => keyed_verify(mac, input, signature),
            Verifier::Ed25519(key) => {
                ed25519_dalek::Signature::from_slice(signature).is_ok_and(|sig| {
                    !SMALL_ORDER_POINTS.contains(sig.r_bytes()) && key.verify(input, &sig).is_ok()
                })
            }
            Verifier::Es256(key) => p256::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|sig| key.verify(input, &sig).is_ok()),
            Verifier::Es384(key) => p384::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|sig| key.verify(input, &sig).is_ok()),
            Verifier::Es512(key) => p521::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|sig| key.verify(input, &sig).is_ok()),
            Verifier::Rsa(key) => {
                use rsa::traits::PublicKeyParts as _;
                // RFC 8017 §8.2.2, §5.2.2: exactly the modulus size, and a
                // representative below the modulus. The `rsa` crate's PSS
                // padding checks only the length, so `s + n` would verify.
                if signature.len() != key.size()
                    || rsa::BigUint::from_bytes_be(signature) >= *key.n()
                {
                    return false;
                }
                let (scheme, digest) = RsaScheme::of(alg, input);
                match scheme {
                    RsaScheme::Pkcs1(padding) => key.verify(padding, &digest, signature),
                    RsaScheme::Pss(padding) => key.verify(padding, &digest, signature),
                }
                .is_ok()
            }
        }
    }
}

/// The canonical encodings of the eight points of small order on
/// edwards25519 (the identity, one of order 2, two of order 4, four of
/// order 8). `tests` checks each decodes to a small-order point.
const SMALL_ORDER_POINTS: [[u8; 32]; 8] = {
    const fn with_sign(mut p: [u8; 32]) -> [u8; 32] {
        p[31] |= 0x80;
        p
    }
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let mut minus_one = [0xffu8; 32];
    minus_one[0] = 0xec;
    minus_one[31] = 0x7f;
    let zero = [0u8; 32];
    let order8_a = [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ];
    let order8_b = [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ];
    [
        identity,
        minus_one,
        zero,
        with_sign(zero),
        order8_a,
        with_sign(order8_a),
        order8_b,
        with_sign(order8_b),
    ]
};

fn keyed<M: Mac + Clone>(mac: &M, input: &[u8]) -> Vec<u8> {
    let mut mac = mac.clone();
    mac.update(input);
    mac.finalize().into_bytes().to_vec()
}

fn keyed_verify<M: Mac + Clone>(mac: &M, input: &[u8], signature: &[u8]) -> bool {
    let mut mac = mac.clone();
    mac.update(input);
    mac.verify_slice(signature).is_ok()
}

/// Smallest RSA modulus accepted, in bits.
const MIN_RSA_BITS: usize = 2048;

/// An HMAC key from a secret of at least the hash's output size (RFC 7518 §3.2).
fn hmac_key<M: Mac + hmac::digest::KeyInit>(secret: &[u8], min_len: usize) -> Result<M, Error> {
    if secret.len() < min_len {
        return Err(Error::Key(
            "an HMAC secret must be at least as long as the hash output (32, 48 or 64 bytes)",
        ));
    }
    <M as Mac>::new_from_slice(secret).map_err(|_| Error::Key("invalid HMAC secret"))
}

/// The HMAC signer of `alg` (HS256, HS384 or HS512) from its secret.
pub(crate) fn hmac_signer(alg: Algorithm, secret: &[u8]) -> Result<Signer, Error> {
    Ok(match alg {
        Algorithm::HS384 => Signer::Hs384(hmac_key::<Hmac<Sha384>>(secret, 48)?),
        Algorithm::HS512 => Signer::Hs512(hmac_key::<Hmac<Sha512>>(secret, 64)?),
        _ => Signer::Hs256(hmac_key::<Hmac<Sha256>>(secret, 32)?),
    })
}

/// An RSA private key of at least 2048 bits whose parts agree.
pub(crate) fn rsa_signer(key: rsa::RsaPrivateKey) -> Result<Signer, Error> {
    check_rsa_size(&key.to_public_key())?;
    key.validate()
        .map_err(|_| Error::Key("inconsistent RSA private key"))?;
    Ok(Signer::Rsa(Box::new(key)))
}

/// An RSA public key of at least 2048 bits.
pub(crate) fn rsa_verifier(key: rsa::RsaPublicKey) -> Result<Verifier, Error> {
    check_rsa_size(&key)?;
    Ok(Verifier::Rsa(Box::new(key)))
}

fn check_rsa_size(key: &rsa::RsaPublicKey) -> Result<(), Error> {
    use rsa::traits::PublicKeyParts as _;
    if key.size() * 8 < MIN_RSA_BITS {
        return Err(Error::Key("an RSA key must have at least 2048 bits"));
    }
    Ok(())
}

pub(crate) fn ed25519_public(bytes: &[u8; 32]) -> Result<ed25519_dalek::VerifyingKey, Error> {
    checked_ed25519(
        ed25519_dalek::VerifyingKey::from_bytes(bytes)
            .map_err(|_| Error::Key("not an Ed25519 public key"))?,
    )
}

/// Small-order keys verify forged signatures for every message.
pub(crate) fn checked_ed25519(
    key: ed25519_dalek::VerifyingKey,
) -> Result<ed25519_dalek::VerifyingKey, Error> {
    if key.is_weak() {
        return Err(Error::Key("a small-order Ed25519 public key"));
    }
    Ok(key)
}

/// Refused wherever a public key is asked for.
pub(crate) fn symmetric_not_public() -> Error {
    Error::Key("an HMAC secret is not a public key: use a SigningKey")
}

#[cfg(test)]
mod tests {
    use super::{Algorithm, RSA, SMALL_ORDER_POINTS};

    #[test]
    fn the_rsa_algorithms_are_rs_and_ps_and_no_other() {
        let names: Vec<&str> = RSA.iter().map(|a| a.as_str()).collect();
        assert_eq!(
            names,
            ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"]
        );
        let rest = Algorithm::ALL.iter().filter(|a| !RSA.contains(a));
        assert!(rest.clone().all(|a| !a.as_str().starts_with(['R', 'P'])));
        assert_eq!(rest.count() + RSA.len(), Algorithm::ALL.len());
    }

    #[test]
    fn the_small_order_table_holds_eight_distinct_small_order_points() {
        for (i, bytes) in SMALL_ORDER_POINTS.iter().enumerate() {
            let point = ed25519_dalek::VerifyingKey::from_bytes(bytes).expect("decodes");
            assert!(point.is_weak(), "entry {i} is not of small order");
            assert_eq!(point.as_bytes(), bytes, "entry {i} is not canonical");
            assert!(
                !SMALL_ORDER_POINTS[..i].contains(bytes),
                "entry {i} repeats"
            );
        }
    }
}
