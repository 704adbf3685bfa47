//! Hand-forged tokens: headers and payloads are JSON text written here,
//! base64url-encoded here and signed here with the test key material
//! directly (`ed25519-dalek`, `p256`, `p384`, `rsa`, and `jsonwebtoken` for
//! HMAC), never through `Keys::encode`, for every algorithm `claims`
//! supports ([`Algorithm::ALL`]). The `Keys` under test hold one key of that
//! algorithm under the kid [`KID`].

use std::collections::HashMap;
use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD as B64};
use claims_core::{Algorithm, Claims, Keys, SigningKey, VerifyingKey};
use p521::elliptic_curve::sec1::ToEncodedPoint as _;
use rsa::pkcs1::{EncodeRsaPrivateKey as _, EncodeRsaPublicKey as _};
use rsa::pkcs8::{EncodePrivateKey as _, EncodePublicKey as _, LineEnding};
use rsa::sha2::{Sha256, Sha384, Sha512};
use rsa::signature::{RandomizedSigner as _, SignatureEncoding as _, Signer as _};
use rsa::traits::PublicKeyParts as _;
use serde_json::{Value, json};

use crate::common::{AUDIENCE, ISSUER, builder, now, random_bytes};
use crate::runner::{CANARY, Case, Check, Expect, decode_as};

/// The kid of every loaded key, whatever its algorithm: a token of one
/// algorithm shown to `Keys` of another finds a key, and fails on `alg`.
pub(crate) const KID: &str = "hostile-1";
pub(crate) const JKU: &str = "https://attacker.example.invalid/jwks.json";
pub(crate) const X5U: &str = "https://attacker.example.invalid/cert.pem";
/// Nesting depth of the deep-JSON cases.
pub(crate) const DEPTH: usize = 10_000;
pub(crate) const MIB: usize = 1 << 20;
/// The size cap of [`roomy`] keys: room for a 10 KB kid and 10,000-deep JSON.
pub(crate) const ROOMY: usize = 4 * MIB;
pub(crate) const DEFAULT_CAP: usize = claims_core::DEFAULT_MAX_TOKEN_SIZE;

/// The claims the hostile tokens decode into: one required public claim and
/// one `serde_json::Value` (the deep-nesting target).
#[derive(Claims)]
pub(crate) struct Ticket {
    #[claim(public)]
    pub(crate) role: String,
    #[claim(public, dynamic = "test: any JSON, the deep-nesting target")]
    pub(crate) prefs: Option<Value>,
}

// --- key material -----------------------------------------------------------

/// One key of every algorithm, generated once per test process. [`ours`] is
/// loaded into the `Keys` under test; [`attackers`] never is.
pub(crate) struct Material {
    pub(crate) hs256: [u8; 32],
    pub(crate) hs384: [u8; 48],
    pub(crate) hs512: [u8; 64],
    pub(crate) ed25519: ed25519_dalek::SigningKey,
    pub(crate) p256: p256::ecdsa::SigningKey,
    pub(crate) p384: p384::ecdsa::SigningKey,
    pub(crate) p521: p521::SecretKey,
    /// One 2048-bit key serves every RSA algorithm, and one Ed25519 key both
    /// of its names (the `Keys` of two algorithms may hold the same key:
    /// even then, `alg` must match).
    pub(crate) rsa: rsa::RsaPrivateKey,
}

pub(crate) fn ours() -> &'static Material {
    static OURS: OnceLock<Material> = OnceLock::new();
    OURS.get_or_init(Material::generate)
}

pub(crate) fn attackers() -> &'static Material {
    static ATTACKERS: OnceLock<Material> = OnceLock::new();
    ATTACKERS.get_or_init(Material::generate)
}

impl Material {
    pub(crate) fn generate() -> Self {
        let mut rng = rand::thread_rng();
        Self {
            hs256: random_bytes(),
            hs384: random_bytes(),
            hs512: random_bytes(),
            ed25519: ed25519_dalek::SigningKey::from_bytes(&random_bytes()),
            p256: p256::ecdsa::SigningKey::random(&mut rng),
            p384: p384::ecdsa::SigningKey::random(&mut rng),
            p521: p521::SecretKey::random(&mut rng),
            rsa: rsa::RsaPrivateKey::new(&mut rng, 2048).expect("RSA key generation"),
        }
    }

    /// The raw signature of `input` under this material's `alg` key.
    pub(crate) fn sign(&self, alg: Algorithm, input: &[u8]) -> Vec<u8> {
        match alg {
            Algorithm::HS256 => hmac(jsonwebtoken::Algorithm::HS256, &self.hs256, input),
            Algorithm::HS384 => hmac(jsonwebtoken::Algorithm::HS384, &self.hs384, input),
            Algorithm::HS512 => hmac(jsonwebtoken::Algorithm::HS512, &self.hs512, input),
            Algorithm::EdDSA | Algorithm::Ed25519 => self.ed25519.sign(input).to_bytes().to_vec(),
            Algorithm::ES256 => {
                let signature: p256::ecdsa::Signature = self.p256.sign(input);
                signature.to_bytes().to_vec()
            }
            Algorithm::ES384 => {
                let signature: p384::ecdsa::Signature = self.p384.sign(input);
                signature.to_bytes().to_vec()
            }
            Algorithm::ES512 => {
                let key = p521::ecdsa::SigningKey::from_bytes(&self.p521.to_bytes())
                    .expect("a P-521 key");
                let signature: p521::ecdsa::Signature =
                    key.sign_with_rng(&mut rand::thread_rng(), input);
                signature.to_bytes().to_vec()
            }
            Algorithm::RS256 => pkcs1::<Sha256>(&self.rsa, input),
            Algorithm::RS384 => pkcs1::<Sha384>(&self.rsa, input),
            Algorithm::RS512 => pkcs1::<Sha512>(&self.rsa, input),
            Algorithm::PS256 => pss::<Sha256>(&self.rsa, input),
            Algorithm::PS384 => pss::<Sha384>(&self.rsa, input),
            Algorithm::PS512 => pss::<Sha512>(&self.rsa, input),
            other => panic!("no test signer for {other}"),
        }
    }

    /// The `claims` key for `alg`, loaded through raw bytes, PEM or DER (each
    /// loader is used by some algorithm).
    pub(crate) fn signing_key(&self, alg: Algorithm, kid: &str) -> SigningKey {
        let key = match alg {
            Algorithm::HS256 => SigningKey::hs256(kid, &self.hs256),
            Algorithm::HS384 => SigningKey::hs384(kid, &self.hs384),
            Algorithm::HS512 => SigningKey::hs512(kid, &self.hs512),
            Algorithm::EdDSA | Algorithm::Ed25519 => {
                let der = self.ed25519.to_pkcs8_der().expect("PKCS#8");
                SigningKey::from_der(kid, alg, der.as_bytes())
            }
            Algorithm::ES256 => {
                let pem = self.p256.to_pkcs8_pem(LineEnding::LF).expect("PKCS#8");
                SigningKey::from_pem(kid, alg, &pem)
            }
            Algorithm::ES384 => {
                let der = self.p384.to_pkcs8_der().expect("PKCS#8");
                SigningKey::from_der(kid, alg, der.as_bytes())
            }
            Algorithm::ES512 => {
                let pem = self.p521.to_pkcs8_pem(LineEnding::LF).expect("PKCS#8");
                SigningKey::from_pem(kid, alg, &pem)
            }
            Algorithm::RS256 | Algorithm::RS512 | Algorithm::PS384 => {
                let pem = self.rsa.to_pkcs8_pem(LineEnding::LF).expect("PKCS#8");
                SigningKey::from_pem(kid, alg, &pem)
            }
            Algorithm::RS384 | Algorithm::PS256 | Algorithm::PS512 => {
                let der = self.rsa.to_pkcs1_der().expect("PKCS#1");
                SigningKey::from_der(kid, alg, der.as_bytes())
            }
            other => panic!("no test key for {other}"),
        };
        key.unwrap_or_else(|e| panic!("{alg} test key: {e}"))
    }

    /// The public key as SPKI DER; `None` for HMAC.
    pub(crate) fn spki_der(&self, alg: Algorithm) -> Option<Vec<u8>> {
        let der = match alg {
            Algorithm::EdDSA | Algorithm::Ed25519 => {
                self.ed25519.verifying_key().to_public_key_der()
            }
            Algorithm::ES256 => self.p256.verifying_key().to_public_key_der(),
            Algorithm::ES384 => self.p384.verifying_key().to_public_key_der(),
            Algorithm::ES512 => self.p521.public_key().to_public_key_der(),
            alg if alg.is_symmetric() => return None,
            _ => self.rsa.to_public_key().to_public_key_der(),
        };
        Some(der.expect("SPKI DER").into_vec())
    }

    /// The public key as SPKI PEM; `None` for HMAC.
    pub(crate) fn spki_pem(&self, alg: Algorithm) -> Option<String> {
        let pem = match alg {
            Algorithm::EdDSA | Algorithm::Ed25519 => self
                .ed25519
                .verifying_key()
                .to_public_key_pem(LineEnding::LF),
            Algorithm::ES256 => self.p256.verifying_key().to_public_key_pem(LineEnding::LF),
            Algorithm::ES384 => self.p384.verifying_key().to_public_key_pem(LineEnding::LF),
            Algorithm::ES512 => self.p521.public_key().to_public_key_pem(LineEnding::LF),
            alg if alg.is_symmetric() => return None,
            _ => self.rsa.to_public_key().to_public_key_pem(LineEnding::LF),
        };
        Some(pem.expect("SPKI PEM"))
    }

    /// Other encodings of the public key an HMAC-confusion attacker might try
    /// as the secret: raw point or modulus, PKCS#1, compressed points.
    pub(crate) fn other_public_encodings(&self, alg: Algorithm) -> Vec<(&'static str, Vec<u8>)> {
        match alg {
            Algorithm::EdDSA | Algorithm::Ed25519 => vec![(
                "raw 32-byte point",
                self.ed25519.verifying_key().to_bytes().to_vec(),
            )],
            Algorithm::ES256 => {
                let key = self.p256.verifying_key();
                vec![
                    (
                        "SEC1 uncompressed",
                        key.to_encoded_point(false).as_bytes().to_vec(),
                    ),
                    (
                        "SEC1 compressed",
                        key.to_encoded_point(true).as_bytes().to_vec(),
                    ),
                ]
            }
            Algorithm::ES384 => {
                let key = self.p384.verifying_key();
                vec![
                    (
                        "SEC1 uncompressed",
                        key.to_encoded_point(false).as_bytes().to_vec(),
                    ),
                    (
                        "SEC1 compressed",
                        key.to_encoded_point(true).as_bytes().to_vec(),
                    ),
                ]
            }
            Algorithm::ES512 => {
                let key = self.p521.public_key();
                vec![
                    (
                        "SEC1 uncompressed",
                        key.to_encoded_point(false).as_bytes().to_vec(),
                    ),
                    (
                        "SEC1 compressed",
                        key.to_encoded_point(true).as_bytes().to_vec(),
                    ),
                ]
            }
            alg if !alg.is_symmetric() => {
                let public = self.rsa.to_public_key();
                vec![
                    (
                        "PKCS#1 PEM",
                        public
                            .to_pkcs1_pem(LineEnding::LF)
                            .expect("PKCS#1 PEM")
                            .into_bytes(),
                    ),
                    (
                        "PKCS#1 DER",
                        public.to_pkcs1_der().expect("PKCS#1 DER").into_vec(),
                    ),
                    ("modulus", public.n().to_bytes_be()),
                ]
            }
            _ => Vec::new(),
        }
    }

    /// This key as a JWK with kid [`KID`]: what an attacker embeds in a `jwk`
    /// header. For HMAC, the secret itself as an `oct` JWK.
    pub(crate) fn jwk(&self, alg: Algorithm) -> Value {
        let secret: &[u8] = match alg {
            Algorithm::HS256 => &self.hs256,
            Algorithm::HS384 => &self.hs384,
            Algorithm::HS512 => &self.hs512,
            _ => {
                let mut jwk = self
                    .signing_key(alg, "attacker-1")
                    .verifying_key()
                    .expect("a public key")
                    .to_jwk();
                jwk["kid"] = KID.into();
                return jwk;
            }
        };
        json!({"kty": "oct", "kid": KID, "alg": alg.as_str(), "k": B64.encode(secret)})
    }
}

/// RSASSA-PKCS1-v1_5 with hash `D`, by the `rsa` crate directly.
fn pkcs1<D: sha2::Digest + rsa::pkcs8::AssociatedOid>(
    key: &rsa::RsaPrivateKey,
    input: &[u8],
) -> Vec<u8> {
    rsa::pkcs1v15::SigningKey::<D>::new(key.clone())
        .sign(input)
        .to_vec()
}

/// RSASSA-PSS with hash `D` (salt as long as the hash), by the `rsa` crate directly.
fn pss<D: sha2::Digest + sha2::digest::FixedOutputReset>(
    key: &rsa::RsaPrivateKey,
    input: &[u8],
) -> Vec<u8> {
    rsa::pss::SigningKey::<D>::new(key.clone())
        .sign_with_rng(&mut rand::thread_rng(), input)
        .to_vec()
}

/// HMAC by `jsonwebtoken`, independently of `claims-core`.
pub(crate) fn hmac(alg: jsonwebtoken::Algorithm, secret: &[u8], input: &[u8]) -> Vec<u8> {
    let signature =
        jsonwebtoken::crypto::sign(input, &jsonwebtoken::EncodingKey::from_secret(secret), alg)
            .expect("HMAC signs");
    B64.decode(signature).expect("base64url")
}

/// The `jsonwebtoken` name of an HMAC algorithm.
pub(crate) fn jwt_hmac(alg: Algorithm) -> jsonwebtoken::Algorithm {
    match alg {
        Algorithm::HS256 => jsonwebtoken::Algorithm::HS256,
        Algorithm::HS384 => jsonwebtoken::Algorithm::HS384,
        Algorithm::HS512 => jsonwebtoken::Algorithm::HS512,
        other => panic!("{other} is not HMAC"),
    }
}

pub(crate) const HMAC_ALGS: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];

// --- the Keys under test ----------------------------------------------------

pub(crate) struct Loaded {
    /// One signing key of each algorithm, kid [`KID`], default settings.
    keys: HashMap<Algorithm, Keys>,
    /// The same keys with a 4 MiB size cap.
    roomy: HashMap<Algorithm, Keys>,
    /// Verify-only: the public key alone, from SPKI PEM (asymmetric only).
    public: HashMap<Algorithm, Keys>,
}

pub(crate) fn loaded() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| {
        let mut loaded = Loaded {
            keys: HashMap::new(),
            roomy: HashMap::new(),
            public: HashMap::new(),
        };
        for alg in Algorithm::ALL {
            let key = ours().signing_key(alg, KID);
            let keys = builder().signing_key(key.clone()).build().expect("keys");
            let roomy = builder()
                .max_token_size(ROOMY)
                .signing_key(key)
                .build()
                .expect("roomy keys");
            loaded.keys.insert(alg, keys);
            loaded.roomy.insert(alg, roomy);
            if let Some(pem) = ours().spki_pem(alg) {
                let public = VerifyingKey::from_pem(KID, alg, &pem).expect("SPKI PEM loads");
                let keys = builder().verifying_key(public).build().expect("keys");
                loaded.public.insert(alg, keys);
            }
        }
        loaded
    })
}

pub(crate) fn keys(alg: Algorithm) -> &'static Keys {
    &loaded().keys[&alg]
}

pub(crate) fn roomy(alg: Algorithm) -> &'static Keys {
    &loaded().roomy[&alg]
}

pub(crate) fn public_keys(alg: Algorithm) -> Option<&'static Keys> {
    loaded().public.get(&alg)
}

/// The public key alone (asymmetric algorithms).
pub(crate) fn verifying_key(alg: Algorithm) -> Option<VerifyingKey> {
    ours().signing_key(alg, KID).verifying_key()
}

// --- forging ------------------------------------------------------------------

/// A JSON object written member by member as text: names and values go in
/// byte for byte, so duplicates, escapes and odd values are expressible.
#[derive(Clone, Default)]
pub(crate) struct Obj(Vec<(String, String)>);

impl Obj {
    /// Appends `"name":raw`, even if `name` is already there.
    pub(crate) fn push(mut self, name: &str, raw: impl Into<String>) -> Self {
        self.0.push((name.to_string(), raw.into()));
        self
    }

    /// Replaces the value of the first member called `name`, or appends it.
    pub(crate) fn set(mut self, name: &str, raw: impl Into<String>) -> Self {
        let raw = raw.into();
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some(member) => member.1 = raw,
            None => self.0.push((name.to_string(), raw)),
        }
        self
    }

    pub(crate) fn without(mut self, name: &str) -> Self {
        self.0.retain(|(n, _)| n != name);
        self
    }

    pub(crate) fn text(&self) -> String {
        let members: Vec<String> = self
            .0
            .iter()
            .map(|(name, raw)| format!(r#""{name}":{raw}"#))
            .collect();
        format!("{{{}}}", members.join(","))
    }
}

/// `text` as a JSON string literal.
pub(crate) fn q(text: &str) -> String {
    serde_json::to_string(text).expect("a JSON string")
}

/// The header `claims` issues for `alg` under [`KID`].
pub(crate) fn header(alg: Algorithm) -> Obj {
    Obj::default()
        .push("alg", q(alg.as_str()))
        .push("typ", q("JWT"))
        .push("kid", q(KID))
}

/// A valid claim set, with [`CANARY`] as an undeclared claim.
pub(crate) fn claims() -> Obj {
    let now = now();
    Obj::default()
        .push("iss", q(ISSUER))
        .push("aud", q(AUDIENCE))
        .push("iat", now.to_string())
        .push("nbf", now.to_string())
        .push("exp", (now + 300).to_string())
        .push("jti", q("hostile-jti-0001"))
        .push("role", q("reader"))
        .push("note", q(CANARY))
}

/// `h.p.sig`, `sig` being `by`'s `alg` signature over `h.p` (segments as given).
pub(crate) fn forge_segments(by: &Material, alg: Algorithm, h: &str, p: &str) -> String {
    let input = format!("{h}.{p}");
    let signature = by.sign(alg, input.as_bytes());
    format!("{input}.{}", B64.encode(signature))
}

/// A token of these exact header and payload texts, signed by `by`'s `alg` key.
pub(crate) fn forge_by(by: &Material, alg: Algorithm, header: &str, payload: &str) -> String {
    forge_segments(by, alg, &B64.encode(header), &B64.encode(payload))
}

/// A token of these header and payload objects, signed by our `alg` key.
pub(crate) fn forge(alg: Algorithm, header: &Obj, payload: &Obj) -> String {
    forge_by(ours(), alg, &header.text(), &payload.text())
}

/// A valid token of our `alg` key.
pub(crate) fn valid(alg: Algorithm) -> String {
    forge(alg, &header(alg), &claims())
}

pub(crate) fn split(token: &str) -> (&str, &str, &str) {
    let mut parts = token.split('.');
    let parts = (
        parts.next().expect("header"),
        parts.next().expect("payload"),
        parts.next().expect("signature"),
    );
    assert!(!token.ends_with('.'), "a valid token has a signature");
    parts
}

/// `json` nested `depth` times around `1`: `[[[1]]]` or `{"a":{"a":1}}`.
pub(crate) fn deep(depth: usize, objects: bool) -> String {
    let (open, close) = if objects {
        (r#"{"a":"#, "}")
    } else {
        ("[", "]")
    };
    format!("{}1{}", open.repeat(depth), close.repeat(depth))
}

/// `text` (base64url, or a `h1.`/`e1.` wire value whose body follows the
/// last `.`) with the lowest unused bit of its last character set: the
/// same bytes to a lenient decoder, a non-canonical spelling to a strict one.
pub(crate) fn non_canonical(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let body_of = |text: &str| text.rsplit('.').next().unwrap_or(text).to_string();
    assert_ne!(body_of(text).len() % 4, 0, "{text} has no unused bits");
    let (head, last) = text.split_at(text.len() - 1);
    let index = ALPHABET
        .iter()
        .position(|&c| c == last.as_bytes()[0])
        .expect("a base64url character");
    let spelled = format!("{head}{}", char::from(ALPHABET[index ^ 1]));
    assert!(
        B64.decode(body_of(&spelled)).is_err(),
        "the engine rejects {spelled}"
    );
    spelled
}

/// `obj`'s text with trailing JSON whitespace so its base64url has unused bits.
pub(crate) fn unaligned(obj: &Obj) -> String {
    let mut text = obj.text();
    while text.len() % 3 != 1 {
        text.push(' ');
    }
    text
}

/// `obj` with a filler member chosen so its base64url contains both `-` and
/// `_`, which the standard alphabet spells `+` and `/`.
pub(crate) fn with_url_only_characters(obj: &Obj) -> Obj {
    (0..3)
        .map(|pad| {
            let filler = format!("{}~~~???~~~???>>>", "a".repeat(pad));
            obj.clone().push("x-fill", q(&filler))
        })
        .find(|candidate| {
            let encoded = B64.encode(candidate.text());
            encoded.contains('-') && encoded.contains('_')
        })
        .expect("a filler that yields both - and _")
}

/// `text`'s base64 in the standard alphabet, checked to differ from base64url.
pub(crate) fn standard_alphabet(text: &str) -> String {
    let standard = STANDARD_NO_PAD.encode(text);
    assert_ne!(standard, B64.encode(text), "the alphabets differ here");
    assert!(standard.contains('+') && standard.contains('/'));
    standard
}

/// `text` with `insert` placed at its middle (on a char boundary).
pub(crate) fn insert_middle(text: &str, insert: &str) -> String {
    let mut at = text.len() / 2;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    format!("{}{insert}{}", &text[..at], &text[at..])
}

impl Case {
    /// A hand-forged token decoded into a [`Ticket`] by `keys`.
    pub(crate) fn decode(
        name: impl Into<String>,
        keys: &'static Keys,
        token: String,
        expect: Expect,
    ) -> Self {
        Self::new(name, decode_as::<Ticket>(keys), token, expect)
    }

    /// Our `alg` key's token of header `h` over the valid [`claims`],
    /// decoded by [`keys`]`(alg)`, named `<alg>: <what>`.
    pub(crate) fn header(alg: Algorithm, what: &str, h: &Obj, expect: Expect) -> Self {
        Self::decode(
            format!("{alg}: {what}"),
            keys(alg),
            forge(alg, h, &claims()),
            expect,
        )
    }
}

/// `verify_compact` under the public key (asymmetric) or the secret (HMAC).
pub(crate) fn compact_with(alg: Algorithm) -> Check {
    if let Some(key) = verifying_key(alg) {
        Box::new(move |token| key.verify_compact(token).map(drop))
    } else {
        let key = ours().signing_key(alg, KID);
        Box::new(move |token| key.verify_compact(token).map(drop))
    }
}
