//! JSON Web Keys (RFC 7517, 7518 §6, 8037): import of private and public
//! keys, export of public ones, and JWK Sets.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use rsa::BigUint;
use rsa::traits::PublicKeyParts as _;
use serde::Deserialize;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::algorithm::Algorithm;
use super::material::{self, Signer, Verifier};
use crate::error::Error;

/// The members we read; others are ignored. Private members are wiped on drop.
#[derive(Deserialize)]
pub(super) struct Jwk {
    kty: String,
    kid: Option<String>,
    alg: Option<String>,
    #[serde(rename = "use")]
    use_: Option<String>,
    crv: Option<String>,
    x: Option<String>,
    y: Option<String>,
    n: Option<String>,
    e: Option<String>,
    d: Option<Zeroizing<String>>,
    p: Option<Zeroizing<String>>,
    q: Option<Zeroizing<String>>,
    k: Option<Zeroizing<String>>,
    key_ops: Option<Vec<String>>,
}

/// The key types and curves we support.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Oct,
    Ed25519,
    P256,
    P384,
    P521,
    Rsa,
}

impl Jwk {
    pub(super) fn parse(json: &str) -> Result<Self, Error> {
        serde_json::from_str(json).map_err(|_| Error::Key("not a JWK"))
    }

    fn kind(&self) -> Option<Kind> {
        match (self.kty.as_str(), self.crv.as_deref()) {
            ("oct", _) => Some(Kind::Oct),
            ("OKP", Some("Ed25519")) => Some(Kind::Ed25519),
            ("EC", Some("P-256")) => Some(Kind::P256),
            ("EC", Some("P-384")) => Some(Kind::P384),
            ("EC", Some("P-521")) => Some(Kind::P521),
            ("RSA", _) => Some(Kind::Rsa),
            _ => None,
        }
    }

    /// RFC 7517 §4.2, §4.3: a key marked for another use is refused.
    fn check_use(&self, op: &str) -> Result<(), Error> {
        let other_use = self.use_.as_deref().is_some_and(|u| u != "sig");
        let other_ops = self
            .key_ops
            .as_ref()
            .is_some_and(|ops| !ops.iter().any(|o| o == op));
        if other_use || other_ops {
            return Err(Error::Key("a JWK marked for another use (use, key_ops)"));
        }
        Ok(())
    }

    /// What both directions check first: the use, the key type, the
    /// algorithm it names (if any) and the kid.
    fn identify(&self, op: &str) -> Result<(Kind, Option<Algorithm>, String), Error> {
        self.check_use(op)?;
        let key_type = self.kind().ok_or(Error::Key("unsupported JWK key type"))?;
        let alg = self.algorithm(key_type)?;
        let kid = self.kid.clone().ok_or(Error::Key("a JWK needs a kid"))?;
        Ok((key_type, alg, kid))
    }

    /// The algorithm: `alg` when present (and one the key type allows), else
    /// the only one the key type allows, else `None`: an RSA or Ed25519 key
    /// that names none (RFC 7517 §4.4 makes `alg` optional).
    fn algorithm(&self, kind: Kind) -> Result<Option<Algorithm>, Error> {
        let allowed = match kind {
            Kind::Oct => &[Algorithm::HS256, Algorithm::HS384, Algorithm::HS512][..],
            Kind::Ed25519 => material::ED25519,
            Kind::P256 => material::ES256,
            Kind::P384 => material::ES384,
            Kind::P521 => material::ES512,
            Kind::Rsa => material::RSA,
        };
        match self.alg.as_deref() {
            Some(name) => {
                let alg = Algorithm::from_name(name)
                    .ok_or(Error::Key("a JWK names an unsupported alg"))?;
                if allowed.contains(&alg) {
                    Ok(Some(alg))
                } else {
                    Err(Error::Key("a JWK's alg does not match its key type"))
                }
            }
            None => Ok(match allowed {
                [only] => Some(*only),
                _ => None,
            }),
        }
    }

    /// A private key: its kid, material and algorithm. A signing key must
    /// say how it signs: RSA, `oct` and Ed25519 JWKs without `alg` sign
    /// with RS256, nothing, and `EdDSA`.
    pub(super) fn into_signer(self) -> Result<(String, Signer, Algorithm), Error> {
        let (key_type, alg, kid) = self.identify("sign")?;
        let alg = match (key_type, alg) {
            (_, Some(alg)) => alg,
            (Kind::Ed25519, None) => Algorithm::EdDSA,
            _ => return Err(Error::Key("an RSA or oct JWK must name its alg")),
        };
        let missing = Error::Key("a private JWK lacks a private member");
        let signer = match key_type {
            Kind::Oct => {
                let secret = Zeroizing::new(bytes(self.k.as_deref().map(String::as_str))?);
                material::hmac_signer(alg, &secret)?
            }
            Kind::Ed25519 => {
                let seed: Zeroizing<[u8; 32]> =
                    Zeroizing::new(fixed(self.d.as_deref().map(String::as_str))?);
                let key = ed25519_dalek::SigningKey::from_bytes(&seed);
                if self.x.is_some()
                    && fixed::<32>(self.x.as_deref())? != key.verifying_key().to_bytes()
                {
                    return Err(Error::Key("a JWK's public and private members disagree"));
                }
                Signer::Ed25519(Box::new(key))
            }
            Kind::P256 => {
                let d = Zeroizing::new(bytes(self.d.as_deref().map(String::as_str))?);
                let key = p256::ecdsa::SigningKey::from_slice(&d).map_err(|_| missing)?;
                check_ec_public(&self, &key.verifying_key().to_encoded_point(false))?;
                Signer::Es256(Box::new(key))
            }
            Kind::P384 => {
                let d = Zeroizing::new(bytes(self.d.as_deref().map(String::as_str))?);
                let key = p384::ecdsa::SigningKey::from_slice(&d).map_err(|_| missing)?;
                check_ec_public(&self, &key.verifying_key().to_encoded_point(false))?;
                Signer::Es384(Box::new(key))
            }
            Kind::P521 => {
                let d = Zeroizing::new(bytes(self.d.as_deref().map(String::as_str))?);
                let key = p521::ecdsa::SigningKey::from_slice(&d).map_err(|_| missing)?;
                let public = p521::ecdsa::VerifyingKey::from(&key);
                check_ec_public(&self, &public.to_encoded_point(false))?;
                Signer::Es512(Box::new(key))
            }
            Kind::Rsa => {
                let [modulus, exponent] = [self.n.as_deref(), self.e.as_deref()].map(biguint);
                let [private, prime1, prime2] =
                    [&self.d, &self.p, &self.q].map(|m| biguint(m.as_deref().map(String::as_str)));
                let key = rsa::RsaPrivateKey::from_components(
                    modulus?,
                    exponent?,
                    private?,
                    vec![prime1?, prime2?],
                )
                .map_err(|_| Error::Key("inconsistent RSA private JWK"))?;
                material::rsa_signer(key)?
            }
        };
        Ok((kid, signer, alg))
    }

    /// A holder's key from an SD-JWT's `cnf.jwk` (RFC 7800): like
    /// [`Jwk::into_verifier`], but the kid is neither required nor read.
    pub(super) fn into_confirmation_verifier(
        mut self,
    ) -> Result<(Verifier, Option<Algorithm>), Error> {
        self.kid = Some("cnf".into());
        self.into_verifier()
            .map(|(_, verifier, alg)| (verifier, alg))
    }

    /// A public key: its kid, material and the algorithm it names (`None`:
    /// see [`Jwk::algorithm`]).
    pub(super) fn into_verifier(self) -> Result<(String, Verifier, Option<Algorithm>), Error> {
        let (key_type, alg, kid) = self.identify("verify")?;
        let bad = Error::Key("not a valid public JWK");
        let verifier = match key_type {
            Kind::Oct => return Err(material::symmetric_not_public()),
            Kind::Ed25519 => {
                Verifier::Ed25519(material::ed25519_public(&fixed(self.x.as_deref())?)?)
            }
            Kind::P256 => {
                let point = ec_point::<32>(&self)?;
                Verifier::Es256(
                    p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).map_err(|_| bad)?,
                )
            }
            Kind::P384 => {
                let point = ec_point::<48>(&self)?;
                Verifier::Es384(
                    p384::ecdsa::VerifyingKey::from_sec1_bytes(&point).map_err(|_| bad)?,
                )
            }
            Kind::P521 => {
                let point = ec_point::<66>(&self)?;
                Verifier::Es512(Box::new(
                    p521::ecdsa::VerifyingKey::from_sec1_bytes(&point).map_err(|_| bad)?,
                ))
            }
            Kind::Rsa => {
                let key = rsa::RsaPublicKey::new(
                    biguint(self.n.as_deref())?,
                    biguint(self.e.as_deref())?,
                )
                .map_err(|_| bad)?;
                material::rsa_verifier(key)?
            }
        };
        Ok((kid, verifier, alg))
    }
}

/// The public JWK of a verifier (with `alg` when the key names one); `Null`
/// for HMAC secrets, which are never published.
pub(super) fn public_jwk(kid: &str, verifier: &Verifier, alg: Option<Algorithm>) -> Value {
    let mut jwk = match verifier {
        Verifier::Hs256(_) | Verifier::Hs384(_) | Verifier::Hs512(_) => return Value::Null,
        Verifier::Ed25519(key) => {
            json!({"kty": "OKP", "crv": "Ed25519", "x": B64.encode(key.as_bytes())})
        }
        Verifier::Es256(key) => ec_jwk("P-256", &key.to_encoded_point(false)),
        Verifier::Es384(key) => ec_jwk("P-384", &key.to_encoded_point(false)),
        Verifier::Es512(key) => ec_jwk("P-521", &key.to_encoded_point(false)),
        Verifier::Rsa(key) => rsa_jwk(key),
    };
    jwk["kid"] = kid.into();
    if let Some(alg) = alg {
        jwk["alg"] = alg.as_str().into();
    }
    jwk["use"] = "sig".into();
    jwk
}

fn ec_jwk<P: AsRef<[u8]>>(crv: &str, point: &P) -> Value {
    // An uncompressed SEC1 point: 0x04 || x || y, coordinates of equal length.
    let point = &point.as_ref()[1..];
    let (x, y) = point.split_at(point.len() / 2);
    json!({"kty": "EC", "crv": crv, "x": B64.encode(x), "y": B64.encode(y)})
}

fn rsa_jwk(key: &rsa::RsaPublicKey) -> Value {
    json!({"kty": "RSA", "n": B64.encode(key.n().to_bytes_be()), "e": B64.encode(key.e().to_bytes_be())})
}

fn bytes(member: Option<&str>) -> Result<Vec<u8>, Error> {
    B64.decode(member.ok_or(Error::Key("a JWK lacks a required member"))?)
        .map_err(|_| Error::Key("a JWK member is not base64url"))
}

fn fixed<const N: usize>(member: Option<&str>) -> Result<[u8; N], Error> {
    bytes(member)?
        .try_into()
        .map_err(|_| Error::Key("a JWK member has the wrong length"))
}

fn biguint(member: Option<&str>) -> Result<BigUint, Error> {
    Ok(BigUint::from_bytes_be(&bytes(member)?))
}

/// `0x04 || x || y` from a public EC JWK, each coordinate exactly `N` bytes.
fn ec_point<const N: usize>(jwk: &Jwk) -> Result<Vec<u8>, Error> {
    let x: [u8; N] = fixed(jwk.x.as_deref())?;
    let y: [u8; N] = fixed(jwk.y.as_deref())?;
    Ok([&[4u8][..], &x, &y].concat())
}

/// A private EC JWK's `x`/`y`, when given, must be the private key's public point.
fn check_ec_public<P: AsRef<[u8]>>(jwk: &Jwk, point: &P) -> Result<(), Error> {
    let point = &point.as_ref()[1..];
    let (x, y) = point.split_at(point.len() / 2);
    let agrees = |member: &Option<String>, expected: &[u8]| {
        member
            .as_deref()
            .is_none_or(|m| B64.decode(m).is_ok_and(|v| v == expected))
    };
    if agrees(&jwk.x, x) && agrees(&jwk.y, y) {
        Ok(())
    } else {
        Err(Error::Key("a JWK's public and private members disagree"))
    }
}
