//! Key loading for every algorithm, end to end: keys generated at test time,
//! exported by their own crates' encoders (PKCS#8, SPKI, PKCS#1) and as JWKs
//! built by hand from the key's components, loaded into `claims`, and used to
//! sign and verify; JWK and JWK Set export; every loader refusal; key rings;
//! and interop with `jsonwebtoken` in both directions.

mod common;

use std::sync::OnceLock;

use claims_core::{Algorithm, Error, KeyKind, Keys, SigningKey, VerifyingKey};
use common::{
    AUDIENCE, ISSUER, Session, b64, builder, header, jwt_validation, now, payload, pii_key_a,
    random_bytes, session,
};
use p256::pkcs8::{EncodePrivateKey as _, EncodePublicKey as _, LineEnding};
use p521::elliptic_curve::sec1::ToEncodedPoint as _;
use rsa::pkcs1::{EncodeRsaPrivateKey as _, EncodeRsaPublicKey as _};
use rsa::traits::{PrivateKeyParts as _, PublicKeyParts as _};
use serde_json::{Value, json};

// --- key material -----------------------------------------------------------------

/// The 2048-bit RSA key of this test binary, generated once (RS256 and PS256
/// share it: an RSA key does not say which padding it is for).
fn rsa_key() -> &'static rsa::RsaPrivateKey {
    static KEY: OnceLock<rsa::RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA keygen"))
}

/// A second 2048-bit RSA key, for the cases that need two distinct ones.
fn other_rsa_key() -> &'static rsa::RsaPrivateKey {
    static KEY: OnceLock<rsa::RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA keygen"))
}

/// A 1024-bit RSA key: too small for `claims`.
fn small_rsa_key() -> &'static rsa::RsaPrivateKey {
    static KEY: OnceLock<rsa::RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 1024).expect("RSA keygen"))
}

/// One key of one algorithm in every encoding its crates produce.
struct Material {
    alg: Algorithm,
    /// The raw constructor's input: an HMAC secret or an Ed25519 seed.
    raw: Option<Vec<u8>>,
    /// The raw Ed25519 public key.
    ed25519_public: Option<[u8; 32]>,
    /// `(label, PEM)` of the private key: PKCS#8, and PKCS#1 for RSA.
    private_pem: Vec<(&'static str, String)>,
    /// `(label, DER)` of the private key: PKCS#8, and PKCS#1 for RSA.
    private_der: Vec<(&'static str, Vec<u8>)>,
    /// `(label, PEM)` of the public key: SPKI, and PKCS#1 for RSA.
    public_pem: Vec<(&'static str, String)>,
    /// `(label, DER)` of the public key: SPKI, and PKCS#1 for RSA.
    public_der: Vec<(&'static str, Vec<u8>)>,
    /// The private JWK, without `kid`, built by hand from the key's components.
    private_jwk: Value,
    /// The public JWK we expect `to_jwk` to produce, without `kid`, `alg`, `use`.
    public_jwk: Value,
    /// `jsonwebtoken`'s keys for the same key, loaded by `jsonwebtoken` itself
    /// from the DER above (its PEM support is a feature this workspace leaves off).
    jwt_encoding: jsonwebtoken::EncodingKey,
    jwt_decoding: Option<jsonwebtoken::DecodingKey>,
}

impl Material {
    fn new(alg: Algorithm) -> Self {
        match alg {
            Algorithm::HS256 => Self::hmac(alg, random_bytes::<32>().to_vec()),
            Algorithm::HS384 => Self::hmac(alg, random_bytes::<48>().to_vec()),
            Algorithm::HS512 => Self::hmac(alg, random_bytes::<64>().to_vec()),
            Algorithm::EdDSA | Algorithm::Ed25519 => Self::ed25519(alg),
            Algorithm::ES256 => Self::p256(),
            Algorithm::ES384 => Self::p384(),
            Algorithm::ES512 => Self::p521(),
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512 => Self::rsa(alg, rsa_key()),
            _ => unreachable!("an algorithm this test does not know"),
        }
    }

    fn hmac(alg: Algorithm, secret: Vec<u8>) -> Self {
        Self {
            alg,
            private_jwk: json!({"kty": "oct", "alg": alg.as_str(), "k": b64(&secret)}),
            public_jwk: Value::Null,
            jwt_encoding: jsonwebtoken::EncodingKey::from_secret(&secret),
            jwt_decoding: Some(jsonwebtoken::DecodingKey::from_secret(&secret)),
            raw: Some(secret),
            ed25519_public: None,
            private_pem: Vec::new(),
            private_der: Vec::new(),
            public_pem: Vec::new(),
            public_der: Vec::new(),
        }
    }

    /// An Ed25519 key under `alg`, `EdDSA` or `Ed25519` (the raw-bytes
    /// loaders name `EdDSA`, so they serve that name only).
    fn ed25519(alg: Algorithm) -> Self {
        let seed: [u8; 32] = random_bytes();
        let key = ed25519_dalek::SigningKey::from_bytes(&seed);
        let public = key.verifying_key();
        let pkcs8 = key.to_pkcs8_der().expect("PKCS#8 DER");
        let raw = alg == Algorithm::EdDSA;
        Self {
            alg,
            raw: raw.then(|| seed.to_vec()),
            ed25519_public: raw.then(|| public.to_bytes()),
            private_pem: vec![(
                "PKCS#8 PEM",
                key.to_pkcs8_pem(LineEnding::LF).expect("PEM").to_string(),
            )],
            private_der: vec![("PKCS#8 DER", pkcs8.as_bytes().to_vec())],
            public_pem: vec![(
                "SPKI PEM",
                public.to_public_key_pem(LineEnding::LF).expect("PEM"),
            )],
            public_der: vec![(
                "SPKI DER",
                public.to_public_key_der().expect("DER").into_vec(),
            )],
            private_jwk: json!({
                "kty": "OKP", "crv": "Ed25519", "x": b64(public.as_bytes()), "d": b64(seed),
                "alg": alg.as_str(),
            }),
            public_jwk: json!({"kty": "OKP", "crv": "Ed25519", "x": b64(public.as_bytes())}),
            jwt_encoding: jsonwebtoken::EncodingKey::from_ed_der(pkcs8.as_bytes()),
            // `jsonwebtoken` takes the raw public key as its "DER".
            jwt_decoding: Some(jsonwebtoken::DecodingKey::from_ed_der(public.as_bytes())),
        }
    }

    fn p256() -> Self {
        let key = p256::ecdsa::SigningKey::random(&mut rand::thread_rng());
        let point = key.verifying_key().to_encoded_point(false);
        let (x, y) = (point.x().expect("x"), point.y().expect("y"));
        let pkcs8 = key.to_pkcs8_der().expect("PKCS#8 DER");
        Self::ec(
            Algorithm::ES256,
            "P-256",
            key.to_pkcs8_pem(LineEnding::LF).expect("PEM").to_string(),
            pkcs8.as_bytes().to_vec(),
            key.verifying_key()
                .to_public_key_pem(LineEnding::LF)
                .expect("PEM"),
            key.verifying_key()
                .to_public_key_der()
                .expect("DER")
                .into_vec(),
            [&x[..], &y[..], &key.to_bytes()[..]],
            point.as_bytes(),
        )
    }

    fn p384() -> Self {
        let key = p384::ecdsa::SigningKey::random(&mut rand::thread_rng());
        let point = key.verifying_key().to_encoded_point(false);
        let (x, y) = (point.x().expect("x"), point.y().expect("y"));
        let pkcs8 = key.to_pkcs8_der().expect("PKCS#8 DER");
        Self::ec(
            Algorithm::ES384,
            "P-384",
            key.to_pkcs8_pem(LineEnding::LF).expect("PEM").to_string(),
            pkcs8.as_bytes().to_vec(),
            key.verifying_key()
                .to_public_key_pem(LineEnding::LF)
                .expect("PEM"),
            key.verifying_key()
                .to_public_key_der()
                .expect("DER")
                .into_vec(),
            [&x[..], &y[..], &key.to_bytes()[..]],
            point.as_bytes(),
        )
    }

    fn p521() -> Self {
        let key = p521::SecretKey::random(&mut rand::thread_rng());
        let public = key.public_key();
        let point = public.to_encoded_point(false);
        let (x, y) = (point.x().expect("x"), point.y().expect("y"));
        let pkcs8 = key.to_pkcs8_der().expect("PKCS#8 DER");
        Self::ec(
            Algorithm::ES512,
            "P-521",
            key.to_pkcs8_pem(LineEnding::LF).expect("PEM").to_string(),
            pkcs8.as_bytes().to_vec(),
            public.to_public_key_pem(LineEnding::LF).expect("PEM"),
            public.to_public_key_der().expect("DER").into_vec(),
            [&x[..], &y[..], &key.to_bytes()[..]],
            point.as_bytes(),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn ec(
        alg: Algorithm,
        crv: &str,
        private_pem: String,
        private_der: Vec<u8>,
        public_pem: String,
        public_der: Vec<u8>,
        [x, y, d]: [&[u8]; 3],
        sec1_point: &[u8],
    ) -> Self {
        Self {
            alg,
            raw: None,
            ed25519_public: None,
            private_jwk: json!({"kty": "EC", "crv": crv, "x": b64(x), "y": b64(y), "d": b64(d)}),
            public_jwk: json!({"kty": "EC", "crv": crv, "x": b64(x), "y": b64(y)}),
            jwt_encoding: jsonwebtoken::EncodingKey::from_ec_der(&private_der),
            // `jsonwebtoken` takes the SEC1 point (the SPKI's bit string) as its "DER".
            jwt_decoding: Some(jsonwebtoken::DecodingKey::from_ec_der(sec1_point)),
            private_pem: vec![("PKCS#8 PEM", private_pem)],
            private_der: vec![("PKCS#8 DER", private_der)],
            public_pem: vec![("SPKI PEM", public_pem)],
            public_der: vec![("SPKI DER", public_der)],
        }
    }

    fn rsa(alg: Algorithm, key: &rsa::RsaPrivateKey) -> Self {
        let public = key.to_public_key();
        let pkcs1 = key.to_pkcs1_der().expect("PKCS#1 DER");
        let public_pkcs1 = public.to_pkcs1_der().expect("PKCS#1 DER");
        let component = |v: &rsa::BigUint| b64(v.to_bytes_be());
        let (modulus, exponent) = (component(public.n()), component(public.e()));
        Self {
            alg,
            raw: None,
            ed25519_public: None,
            private_pem: vec![
                (
                    "PKCS#8 PEM",
                    key.to_pkcs8_pem(LineEnding::LF).expect("PEM").to_string(),
                ),
                (
                    "PKCS#1 PEM",
                    key.to_pkcs1_pem(LineEnding::LF).expect("PEM").to_string(),
                ),
            ],
            private_der: vec![
                (
                    "PKCS#8 DER",
                    key.to_pkcs8_der().expect("DER").as_bytes().to_vec(),
                ),
                ("PKCS#1 DER", pkcs1.as_bytes().to_vec()),
            ],
            public_pem: vec![
                (
                    "SPKI PEM",
                    public.to_public_key_pem(LineEnding::LF).expect("PEM"),
                ),
                (
                    "PKCS#1 PEM",
                    public.to_pkcs1_pem(LineEnding::LF).expect("PEM"),
                ),
            ],
            public_der: vec![
                (
                    "SPKI DER",
                    public.to_public_key_der().expect("DER").into_vec(),
                ),
                ("PKCS#1 DER", public_pkcs1.as_bytes().to_vec()),
            ],
            private_jwk: json!({
                "kty": "RSA", "alg": alg.as_str(), "n": modulus, "e": exponent,
                "d": component(key.d()),
                "p": component(&key.primes()[0]),
                "q": component(&key.primes()[1]),
            }),
            public_jwk: json!({"kty": "RSA", "n": modulus, "e": exponent}),
            jwt_encoding: jsonwebtoken::EncodingKey::from_rsa_der(pkcs1.as_bytes()),
            jwt_decoding: Some(jsonwebtoken::DecodingKey::from_rsa_der(
                public_pkcs1.as_bytes(),
            )),
        }
    }

    fn is_hmac(&self) -> bool {
        self.alg.is_symmetric()
    }

    /// The private JWK with `kid`, as text.
    fn private_jwk(&self, kid: &str) -> String {
        with_kid(&self.private_jwk, kid).to_string()
    }

    /// The public JWK with `kid` (and `alg`: required for RSA), as text.
    fn public_jwk(&self, kid: &str) -> String {
        let mut jwk = with_kid(&self.public_jwk, kid);
        jwk["alg"] = self.alg.as_str().into();
        jwk.to_string()
    }

    /// The key through every private loader: `(label, key)`.
    fn signing_keys(&self, kid: &str) -> Vec<(String, SigningKey)> {
        let alg = self.alg;
        let mut keys = Vec::new();
        if let Some(raw) = &self.raw {
            let key = match alg {
                Algorithm::HS256 => SigningKey::hs256(kid, raw),
                Algorithm::HS384 => SigningKey::hs384(kid, raw),
                Algorithm::HS512 => SigningKey::hs512(kid, raw),
                _ => SigningKey::ed25519(kid, raw.as_slice().try_into().expect("32 bytes")),
            };
            keys.push(("raw".to_string(), key));
        }
        for (label, pem) in &self.private_pem {
            keys.push(((*label).to_string(), SigningKey::from_pem(kid, alg, pem)));
        }
        for (label, der) in &self.private_der {
            keys.push(((*label).to_string(), SigningKey::from_der(kid, alg, der)));
        }
        keys.push((
            "private JWK".to_string(),
            SigningKey::from_jwk(&self.private_jwk(kid)),
        ));
        keys.into_iter()
            .map(|(label, key)| {
                let key = key.unwrap_or_else(|e| panic!("{alg} {label} loads: {e}"));
                assert_eq!(key.kid(), kid, "{alg} {label}");
                assert_eq!(key.algorithm(), alg, "{alg} {label}");
                (format!("{alg} {label}"), key)
            })
            .collect()
    }

    /// The public key through every public loader: `(label, key)`; empty for HMAC.
    fn verifying_keys(&self, kid: &str) -> Vec<(String, VerifyingKey)> {
        let alg = self.alg;
        let mut keys = Vec::new();
        if let Some(public) = &self.ed25519_public {
            keys.push(("raw".to_string(), VerifyingKey::ed25519(kid, public)));
        }
        for (label, pem) in &self.public_pem {
            keys.push(((*label).to_string(), VerifyingKey::from_pem(kid, alg, pem)));
        }
        for (label, der) in &self.public_der {
            keys.push(((*label).to_string(), VerifyingKey::from_der(kid, alg, der)));
        }
        if !self.is_hmac() {
            keys.push((
                "public JWK".to_string(),
                VerifyingKey::from_jwk(&self.public_jwk(kid)),
            ));
        }
        keys.into_iter()
            .map(|(label, key)| {
                let key = key.unwrap_or_else(|e| panic!("{alg} {label} loads: {e}"));
                assert_eq!(key.kid(), kid, "{alg} {label}");
                assert_eq!(key.algorithm(), alg, "{alg} {label}");
                (format!("{alg} {label}"), key)
            })
            .collect()
    }

    /// The first private loader's key (PKCS#8 PEM when there is one).
    fn signing_key(&self, kid: &str) -> SigningKey {
        match self.private_pem.first() {
            Some((_, pem)) => SigningKey::from_pem(kid, self.alg, pem).expect("PEM key loads"),
            None => SigningKey::from_jwk(&self.private_jwk(kid)).expect("JWK key loads"),
        }
    }

    fn jwt_alg(&self) -> jsonwebtoken::Algorithm {
        jwt_alg(self.alg)
    }
}

fn with_kid(jwk: &Value, kid: &str) -> Value {
    let mut jwk = jwk.clone();
    jwk["kid"] = kid.into();
    jwk
}

fn jwt_alg(alg: Algorithm) -> jsonwebtoken::Algorithm {
    match alg {
        Algorithm::HS256 => jsonwebtoken::Algorithm::HS256,
        Algorithm::HS384 => jsonwebtoken::Algorithm::HS384,
        Algorithm::HS512 => jsonwebtoken::Algorithm::HS512,
        Algorithm::EdDSA => jsonwebtoken::Algorithm::EdDSA,
        Algorithm::ES256 => jsonwebtoken::Algorithm::ES256,
        Algorithm::ES384 => jsonwebtoken::Algorithm::ES384,
        Algorithm::RS256 => jsonwebtoken::Algorithm::RS256,
        Algorithm::PS256 => jsonwebtoken::Algorithm::PS256,
        _ => unreachable!("an algorithm this test does not know"),
    }
}

fn asymmetric() -> impl Iterator<Item = Algorithm> {
    Algorithm::ALL.into_iter().filter(|alg| !alg.is_symmetric())
}

// --- Keys helpers -----------------------------------------------------------------

/// An issuer: one signing key and the PII key.
fn issuer(key: SigningKey) -> Keys {
    builder()
        .signing_key(key)
        .pii_key(pii_key_a())
        .build()
        .expect("issuer keys")
}

/// A verify-only service: these public keys and the PII key.
fn verify_only(keys: impl IntoIterator<Item = VerifyingKey>) -> Keys {
    builder()
        .verifying_keys(keys)
        .pii_key(pii_key_a())
        .build()
        .expect("verify-only keys")
}

/// `reader` accepts `token` and reads the session back in full.
fn assert_reads(reader: &Keys, token: &str, what: &str) {
    let verified = reader
        .decode::<Session>(token)
        .unwrap_or_else(|e| panic!("{what}: decode failed: {e}"));
    assert_eq!(verified.email.expose(), "alice@example.invalid", "{what}");
    assert_eq!(verified.role, "admin", "{what}");
    assert!(
        verified
            .sub
            .matches(reader, &"u-123".to_string())
            .expect("matches"),
        "{what}"
    );
}

fn assert_key_error<T: std::fmt::Debug>(result: &Result<T, Error>, what: &str) {
    assert!(
        matches!(result, Err(Error::Key(_))),
        "{what}: expected Error::Key, got {result:?}"
    );
}

// --- round trips through every loader ---------------------------------------------

#[test]
fn every_private_key_encoding_signs_tokens_every_loader_of_the_key_accepts() {
    for alg in Algorithm::ALL {
        let material = Material::new(alg);
        let signing = material.signing_keys("sig-1");
        let readers: Vec<(String, Keys)> = signing
            .iter()
            .map(|(label, key)| (label.clone(), issuer(key.clone())))
            .collect();
        for (label, keys) in &readers {
            let token = keys.encode(&session()).expect("encodes");
            assert_eq!(
                header(&token),
                json!({"alg": alg.as_str(), "typ": "JWT", "kid": "sig-1"}),
                "{label}"
            );
            // The same key, however it was loaded: each reads every other's tokens.
            for (reader_label, reader) in &readers {
                assert_reads(reader, &token, &format!("{label} -> {reader_label}"));
            }
        }
    }
}

#[test]
fn verify_only_keys_from_every_public_encoding_decode_and_refuse_to_encode() {
    for alg in asymmetric() {
        let material = Material::new(alg);
        let signing = material.signing_key("sig-1");
        let issuer = issuer(signing.clone());
        let token = issuer.encode(&session()).expect("encodes");

        let mut verifying = material.verifying_keys("sig-1");
        verifying.push((
            format!("{alg} SigningKey::verifying_key"),
            signing.verifying_key().expect("a public half"),
        ));
        let from_jwks = VerifyingKey::from_jwks(issuer.jwks().as_bytes()).expect("JWK Set");
        assert_eq!(from_jwks.len(), 1, "{alg}");
        verifying.extend(from_jwks.into_iter().map(|k| (format!("{alg} JWK Set"), k)));

        for (label, key) in verifying {
            let reader = verify_only([key]);
            assert_reads(&reader, &token, &label);
            assert!(
                matches!(reader.encode(&session()), Err(Error::Config(_))),
                "{label}: a verify-only Keys must refuse to encode"
            );
        }
    }
}

#[test]
fn hmac_keys_have_no_public_half_and_no_public_loader() {
    for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
        let material = Material::new(alg);
        for (label, key) in material.signing_keys("sig-1") {
            assert!(key.verifying_key().is_none(), "{label}");
        }
        let jwk = material.private_jwk("sig-1");
        assert_key_error(&VerifyingKey::from_jwk(&jwk), "an oct JWK as a public key");
        assert_key_error(
            &SigningKey::from_pem("sig-1", alg, "-----BEGIN PRIVATE KEY-----\n"),
            "HMAC from PEM",
        );
        assert_key_error(
            &SigningKey::from_der("sig-1", alg, &[0x30]),
            "HMAC from DER",
        );
        assert_key_error(
            &VerifyingKey::from_pem(
                "sig-1",
                alg,
                &Material::new(Algorithm::ES256).public_pem[0].1,
            ),
            "HMAC verifying key from PEM",
        );
        assert_key_error(
            &VerifyingKey::from_der(
                "sig-1",
                alg,
                &Material::new(Algorithm::ES256).public_der[0].1,
            ),
            "HMAC verifying key from DER",
        );
    }
}

// --- JWK export -------------------------------------------------------------------

#[test]
fn to_jwk_has_the_right_members_and_round_trips() {
    for alg in asymmetric() {
        let material = Material::new(alg);
        let signing = material.signing_key("sig-7");
        let token = issuer(signing.clone()).encode(&session()).expect("encodes");
        let mut expected = with_kid(&material.public_jwk, "sig-7");
        expected["alg"] = alg.as_str().into();
        expected["use"] = "sig".into();

        let mut sources = material.verifying_keys("sig-7");
        sources.push((
            "verifying_key()".into(),
            signing.verifying_key().expect("public"),
        ));
        for (label, key) in sources {
            let jwk = key.to_jwk();
            // Exactly these members: kty, crv (EC/OKP), the public values, kid, alg, use.
            assert_eq!(jwk, expected, "{label}");
            let kty_crv = (jwk["kty"].as_str(), jwk.get("crv").and_then(Value::as_str));
            let expected_kty_crv = match alg {
                Algorithm::EdDSA | Algorithm::Ed25519 => (Some("OKP"), Some("Ed25519")),
                Algorithm::ES256 => (Some("EC"), Some("P-256")),
                Algorithm::ES384 => (Some("EC"), Some("P-384")),
                Algorithm::ES512 => (Some("EC"), Some("P-521")),
                _ => (Some("RSA"), None),
            };
            assert_eq!(kty_crv, expected_kty_crv, "{label}");
            let back = VerifyingKey::from_jwk(&jwk.to_string())
                .unwrap_or_else(|e| panic!("{label}: to_jwk reloads: {e}"));
            assert_eq!((back.kid(), back.algorithm()), ("sig-7", alg), "{label}");
            assert_eq!(back.to_jwk(), jwk, "{label}: stable");
            assert_reads(&verify_only([back]), &token, &label);
        }
    }
}

#[test]
fn a_private_jwk_loaded_as_a_public_key_keeps_only_the_public_half() {
    for alg in asymmetric() {
        let material = Material::new(alg);
        let key = VerifyingKey::from_jwk(&material.private_jwk("sig-1"))
            .unwrap_or_else(|e| panic!("{alg}: {e}"));
        let jwk = key.to_jwk();
        for private in ["d", "p", "q", "k"] {
            assert!(jwk.get(private).is_none(), "{alg}: {private}");
        }
        let token = issuer(material.signing_key("sig-1"))
            .encode(&session())
            .expect("encodes");
        assert_reads(&verify_only([key]), &token, &format!("{alg}"));
    }
}

// --- JWK Sets ---------------------------------------------------------------------

/// A Keys holding a key of every algorithm, HMAC first (so an HMAC secret is
/// the current signer), plus two verifying keys; and the materials.
fn keys_of_every_algorithm() -> (Keys, Vec<Material>) {
    let materials: Vec<Material> = Algorithm::ALL.into_iter().map(Material::new).collect();
    let mut builder = builder().pii_key(pii_key_a());
    for (i, material) in materials.iter().enumerate() {
        builder = builder.signing_key(material.signing_key(&format!("sig-{i}")));
    }
    let extra = [
        Material::new(Algorithm::ES256)
            .verifying_keys("ver-es256")
            .remove(0)
            .1,
        Material::rsa(Algorithm::PS256, other_rsa_key())
            .verifying_keys("ver-ps256")
            .remove(0)
            .1,
    ];
    (
        builder.verifying_keys(extra).build().expect("keys"),
        materials,
    )
}

#[test]
fn jwks_publishes_every_public_key_and_never_a_secret() {
    let (keys, materials) = keys_of_every_algorithm();
    let text = keys.jwks();
    let jwks: Value = serde_json::from_str(&text).expect("JSON");
    let set = jwks["keys"].as_array().expect("a keys array");
    assert_eq!(jwks.as_object().expect("object").len(), 1, "only `keys`");

    let kids: Vec<&str> = set
        .iter()
        .map(|k| k["kid"].as_str().expect("kid"))
        .collect();
    // HS256, HS384, HS512 are sig-0..sig-2: never published.
    let published: Vec<String> = (3..Algorithm::ALL.len())
        .map(|i| format!("sig-{i}"))
        .chain(["ver-es256".to_owned(), "ver-ps256".to_owned()])
        .collect();
    assert_eq!(kids, published);
    for jwk in set {
        assert_ne!(jwk["kty"], "oct", "{jwk}");
        for private in ["k", "d", "p", "q", "dp", "dq", "qi", "oth"] {
            assert!(jwk.get(private).is_none(), "`{private}` published: {jwk}");
        }
        assert_eq!(jwk["use"], "sig");
    }
    for material in &materials {
        if let Some(raw) = &material.raw {
            assert!(
                !text.contains(&b64(raw)),
                "{}: secret bytes published",
                material.alg
            );
        }
        let private = material.private_jwk.get("d").and_then(Value::as_str);
        if let Some(d) = private {
            assert!(!text.contains(d), "{}: private key published", material.alg);
        }
    }

    // Keys with only HMAC secrets publish an empty set.
    let hmac_only = builder()
        .signing_key(materials[0].signing_key("h1"))
        .signing_key(materials[1].signing_key("h2"))
        .build()
        .expect("keys");
    assert_eq!(hmac_only.jwks(), r#"{"keys":[]}"#);
}

#[test]
fn a_verifier_built_from_jwks_reads_every_published_key() {
    let (keys, materials) = keys_of_every_algorithm();
    let reader_keys = VerifyingKey::from_jwks(keys.jwks().as_bytes()).expect("JWK Set");
    // Every asymmetric key, and the two extra verifying keys.
    assert_eq!(reader_keys.len(), Algorithm::ALL.len() - 3 + 2);
    assert!(reader_keys.skipped().is_empty());
    let reader = verify_only(reader_keys);
    // Republished unchanged.
    assert_eq!(reader.jwks(), keys.jwks());
    for (i, material) in materials.iter().enumerate() {
        let kid = format!("sig-{i}");
        let token = issuer(material.signing_key(&kid))
            .encode(&session())
            .expect("encodes");
        if material.is_hmac() {
            assert_eq!(
                reader.decode::<Session>(&token).map(drop),
                Err(Error::UnknownKey(KeyKind::Signing)),
                "{kid}: an HMAC token cannot be verified from a JWK Set"
            );
        } else {
            assert_reads(&reader, &token, &format!("{} via JWK Set", material.alg));
        }
    }
}

#[test]
fn from_jwks_skips_encryption_keys_and_unknown_types() {
    let es256 = Material::new(Algorithm::ES256);
    let ed = Material::new(Algorithm::EdDSA);
    let rsa = Material::new(Algorithm::RS256);
    let good: Value = serde_json::from_str(&es256.public_jwk("es")).expect("JSON");
    let mut explicit_sig: Value = serde_json::from_str(&ed.public_jwk("ed")).expect("JSON");
    explicit_sig["use"] = "sig".into();
    let mut enc: Value = serde_json::from_str(&rsa.public_jwk("rsa-enc")).expect("JSON");
    enc["use"] = "enc".into();
    enc["alg"] = "RSA-OAEP".into();
    // An encryption key is skipped even when it would not load as a signing key.
    let enc_malformed =
        json!({"kty": "EC", "crv": "P-256", "kid": "bad-enc", "use": "enc", "x": "AA"});
    let set = json!({"keys": [
        good,
        enc,
        enc_malformed,
        {"kty": "OKP", "crv": "X25519", "kid": "x25519", "x": b64([9u8; 32])},
        {"kty": "OKP", "crv": "Ed448", "kid": "ed448", "x": b64([9u8; 57])},
        {"kty": "EC", "crv": "secp256k1", "kid": "k1", "x": b64([1u8; 32]), "y": b64([2u8; 32])},
        {"kty": "EC", "crv": "P-521", "kid": "p521", "x": "AA", "y": "AA"},
        {"kty": "AKP", "kid": "pq", "alg": "ML-DSA-44", "pub": "AA"},
        explicit_sig,
    ]});
    let keys = VerifyingKey::from_jwks(set.to_string().as_bytes()).expect("JWK Set");
    let loaded: Vec<(&str, Algorithm)> = keys.iter().map(|k| (k.kid(), k.algorithm())).collect();
    assert_eq!(loaded, [("es", Algorithm::ES256), ("ed", Algorithm::EdDSA)]);

    assert_eq!(
        VerifyingKey::from_jwks(br#"{"keys":[]}"#).map(|k| k.len()),
        Ok(0)
    );
}

#[test]
fn from_jwks_skips_a_malformed_key_of_a_supported_type_and_says_why() {
    let es256 = Material::new(Algorithm::ES256);
    let good: Value = serde_json::from_str(&es256.public_jwk("es")).expect("JSON");
    let small = Material::rsa(Algorithm::RS256, small_rsa_key());
    let with = |bad: Value| json!({"keys": [good.clone(), bad]}).to_string();
    let mut short_x = good.clone();
    short_x["kid"] = "short".into();
    short_x["x"] = b64([1u8; 31]).into();
    let mut off_curve = good.clone();
    off_curve["kid"] = "off-curve".into();
    off_curve["y"] = b64([1u8; 32]).into();
    let mut not_b64 = good.clone();
    not_b64["kid"] = "not-b64".into();
    not_b64["x"] = "!!!".into();
    let mut no_kid = good.clone();
    no_kid.as_object_mut().expect("object").remove("kid");
    let cases = [
        ("EC x of 31 bytes", short_x),
        ("EC point off the curve", off_curve),
        ("EC x not base64url", not_b64),
        ("no kid", no_kid),
        (
            "RSA of 1024 bits",
            serde_json::from_str(&small.public_jwk("small")).expect("JSON"),
        ),
        (
            "small-order Ed25519",
            json!({"kty": "OKP", "crv": "Ed25519", "kid": "weak", "x": b64(identity_point())}),
        ),
        (
            "EC alg contradicting the curve",
            json!({"kty": "EC", "crv": "P-256", "kid": "c", "alg": "ES384",
                   "x": good["x"], "y": good["y"]}),
        ),
        (
            "an oct secret",
            json!({"kty": "oct", "kid": "h", "alg": "HS256", "k": b64([7u8; 32])}),
        ),
        ("not an object", json!("a string")),
        ("no kty", json!({"kid": "nokty", "x": "AA"})),
    ];
    for (what, bad) in cases {
        // Alone, the key is refused; in a set, skipped, the good key kept.
        if bad.is_object() {
            assert_key_error(&VerifyingKey::from_jwk(&bad.to_string()), what);
        }
        let set = VerifyingKey::from_jwks(with(bad.clone()).as_bytes()).expect(what);
        assert_eq!(set.keys().len(), 1, "{what}");
        assert_eq!(set[0].kid(), "es", "{what}");
        let skipped = set.skipped();
        assert_eq!(skipped.len(), 1, "{what}");
        assert_eq!(skipped[0].index, 1, "{what}");
        let kid = bad["kid"].as_str().filter(|kid| *kid != "es");
        assert_eq!(skipped[0].kid.as_deref(), kid, "{what}");
        assert!(!skipped[0].reason.is_empty(), "{what}");
    }
    for not_a_set in [&b"[]"[..], b"{}", b"{\"keys\":{}}", b"not json", b""] {
        assert_key_error(&VerifyingKey::from_jwks(not_a_set), "not a JWK Set");
    }
}

/// A JWK Set as identity providers publish them often mixes in keys of
/// algorithms `claims` does not implement (an `RSA-OAEP` key without `use`,
/// ES256K, Ed448) next to the RS256 or ES256 key in use. Those keys are well
/// formed: skipped, not an error for the whole set (which would leave a
/// verifier unable to load its issuer's keys at all).
#[test]
fn from_jwks_skips_well_formed_keys_of_unsupported_algorithms() {
    let es256 = Material::new(Algorithm::ES256);
    let rsa = Material::new(Algorithm::RS256);
    let good: Value = serde_json::from_str(&es256.public_jwk("es")).expect("JSON");
    for other_alg in ["RS1", "ES256K", "RSA-OAEP", "RSA1_5", "RSA-OAEP-256"] {
        let mut other: Value = serde_json::from_str(&rsa.public_jwk("rsa-other")).expect("JSON");
        other["alg"] = other_alg.into();
        let set = json!({"keys": [other, good]}).to_string();
        let keys = VerifyingKey::from_jwks(set.as_bytes());
        assert_eq!(
            keys.map(|keys| keys.iter().map(|k| k.kid().to_string()).collect::<Vec<_>>()),
            Ok(vec!["es".to_string()]),
            "a set with an {other_alg} key"
        );
    }
}

/// RFC 7517 §4.2, §4.3: a JWK marked for another use (`use`, `key_ops`) is
/// refused by the single-key loaders and skipped in a JWK Set.
#[test]
fn jwk_use_and_key_ops_are_honoured() {
    for alg in [Algorithm::ES256, Algorithm::EdDSA, Algorithm::PS256] {
        let material = Material::new(alg);
        let token = issuer(material.signing_key("k"))
            .encode(&session())
            .expect("encodes");
        let marked = |jwk: &str, member: &str, value: Value| {
            let mut jwk: Value = serde_json::from_str(jwk).expect("JSON");
            jwk[member] = value;
            jwk.to_string()
        };
        let private = material.private_jwk("k");
        let public = material.public_jwk("k");

        // Accepted: `use` sig, or key_ops naming the operation.
        for (member, value) in [
            ("use", json!("sig")),
            ("key_ops", json!(["sign", "verify"])),
        ] {
            let key = SigningKey::from_jwk(&marked(&private, member, value.clone()))
                .unwrap_or_else(|e| panic!("{alg} private {member} {value}: {e}"));
            assert_eq!(key.algorithm(), alg);
            let key = VerifyingKey::from_jwk(&marked(&public, member, value.clone()))
                .unwrap_or_else(|e| panic!("{alg} public {member} {value}: {e}"));
            assert_reads(&verify_only([key]), &token, &format!("{alg} {member}"));
        }
        assert!(SigningKey::from_jwk(&marked(&private, "key_ops", json!(["sign"]))).is_ok());
        assert!(VerifyingKey::from_jwk(&marked(&public, "key_ops", json!(["verify"]))).is_ok());

        // Refused: another use, or key_ops without the operation.
        for (member, value) in [
            ("use", json!("enc")),
            ("key_ops", json!(["encrypt", "decrypt"])),
            ("key_ops", json!([])),
        ] {
            let what = format!("{alg} {member} {value}");
            assert_key_error(
                &SigningKey::from_jwk(&marked(&private, member, value.clone())),
                &what,
            );
            assert_key_error(
                &VerifyingKey::from_jwk(&marked(&public, member, value.clone())),
                &what,
            );
        }
        assert_key_error(
            &SigningKey::from_jwk(&marked(&private, "key_ops", json!(["verify"]))),
            "a private JWK that may only verify",
        );
        assert_key_error(
            &VerifyingKey::from_jwk(&marked(&public, "key_ops", json!(["sign"]))),
            "a public JWK that may only sign",
        );

        // In a set, keys for other operations are skipped.
        let set_of = |ops: [Value; 2]| {
            let keys: Vec<Value> = ops
                .into_iter()
                .map(|ops| serde_json::from_str(&marked(&public, "key_ops", ops)).expect("JSON"))
                .collect();
            json!({ "keys": keys })
        };
        let set = set_of([json!(["encrypt"]), json!(["verify"])]);
        let keys = VerifyingKey::from_jwks(set.to_string().as_bytes()).expect("JWK Set");
        assert_eq!(keys.len(), 1, "{alg}");
    }
}

// --- loader refusals --------------------------------------------------------------

#[test]
fn hmac_secrets_shorter_than_the_hash_are_refused() {
    type Constructor = fn(&str, &[u8]) -> Result<SigningKey, Error>;
    let cases: [(Algorithm, Constructor, usize); 3] = [
        (Algorithm::HS256, SigningKey::hs256, 32),
        (Algorithm::HS384, SigningKey::hs384, 48),
        (Algorithm::HS512, SigningKey::hs512, 64),
    ];
    for (alg, constructor, min) in cases {
        let secret = [0x5a; 128];
        for len in [0, 1, 16, min - 1] {
            assert_key_error(
                &constructor("k", &secret[..len]),
                &format!("{alg}, {len} bytes"),
            );
            let jwk =
                json!({"kty": "oct", "kid": "k", "alg": alg.as_str(), "k": b64(&secret[..len])});
            assert_key_error(
                &SigningKey::from_jwk(&jwk.to_string()),
                &format!("{alg} JWK, {len} bytes"),
            );
        }
        for len in [min, min + 1, 128] {
            let key = constructor("k", &secret[..len]).expect("long enough");
            assert_eq!(key.algorithm(), alg);
        }
    }
    // A 32-byte secret is enough for HS256 only.
    assert_key_error(&SigningKey::hs384("k", &[1; 32]), "HS384 with 32 bytes");
    assert_key_error(&SigningKey::hs512("k", &[1; 48]), "HS512 with 48 bytes");
    assert_key_error(
        &SigningKey::from_jwk(r#"{"kty":"oct","kid":"k","k":"AAAA"}"#),
        "an oct JWK without alg",
    );
}

#[test]
fn rsa_keys_under_2048_bits_are_refused_everywhere() {
    for alg in [Algorithm::RS256, Algorithm::PS256] {
        let small = Material::rsa(alg, small_rsa_key());
        for (label, pem) in &small.private_pem {
            assert_key_error(
                &SigningKey::from_pem("k", alg, pem),
                &format!("{alg} {label}"),
            );
        }
        for (label, der) in &small.private_der {
            assert_key_error(
                &SigningKey::from_der("k", alg, der),
                &format!("{alg} {label}"),
            );
        }
        for (label, pem) in &small.public_pem {
            assert_key_error(
                &VerifyingKey::from_pem("k", alg, pem),
                &format!("{alg} {label}"),
            );
        }
        for (label, der) in &small.public_der {
            assert_key_error(
                &VerifyingKey::from_der("k", alg, der),
                &format!("{alg} {label}"),
            );
        }
        assert_key_error(
            &SigningKey::from_jwk(&small.private_jwk("k")),
            "private JWK",
        );
        assert_key_error(
            &VerifyingKey::from_jwk(&small.public_jwk("k")),
            "public JWK",
        );
    }
}

#[test]
fn keys_of_the_wrong_curve_or_type_are_refused() {
    let p256 = Material::new(Algorithm::ES256);
    let p384 = Material::new(Algorithm::ES384);
    let ed = Material::new(Algorithm::EdDSA);
    let rsa = Material::new(Algorithm::RS256);
    // (material, the algorithm it is wrongly loaded as)
    let cases = [
        (&p256, Algorithm::ES384),
        (&p256, Algorithm::EdDSA),
        (&p256, Algorithm::RS256),
        (&p384, Algorithm::ES256),
        (&ed, Algorithm::ES256),
        (&ed, Algorithm::PS256),
        (&rsa, Algorithm::ES256),
        (&rsa, Algorithm::EdDSA),
    ];
    for (material, alg) in cases {
        let what = |label: &str| format!("{} {label} loaded as {alg}", material.alg);
        for (label, pem) in &material.private_pem {
            assert_key_error(&SigningKey::from_pem("k", alg, pem), &what(label));
        }
        for (label, der) in &material.private_der {
            assert_key_error(&SigningKey::from_der("k", alg, der), &what(label));
        }
        for (label, pem) in &material.public_pem {
            assert_key_error(&VerifyingKey::from_pem("k", alg, pem), &what(label));
        }
        for (label, der) in &material.public_der {
            assert_key_error(&VerifyingKey::from_der("k", alg, der), &what(label));
        }
    }
    // A private key where a public one is expected, and the reverse.
    assert_key_error(
        &VerifyingKey::from_pem("k", Algorithm::ES256, &p256.private_pem[0].1),
        "a private PEM as a public key",
    );
    assert_key_error(
        &SigningKey::from_pem("k", Algorithm::ES256, &p256.public_pem[0].1),
        "a public PEM as a private key",
    );
}

#[test]
fn private_jwks_without_alg_or_with_a_contradicting_alg_are_refused() {
    let rsa = Material::new(Algorithm::RS256);
    let p256 = Material::new(Algorithm::ES256);
    let ed = Material::new(Algorithm::EdDSA);

    let mut private = with_kid(&rsa.private_jwk, "k");
    private.as_object_mut().expect("object").remove("alg");
    assert_key_error(
        &SigningKey::from_jwk(&private.to_string()),
        "private RSA JWK without alg",
    );
    // A public one loads (RFC 7517 makes `alg` optional): it verifies
    // under RS256 unless a validation allows others, and never HS256.
    let mut public = with_kid(&rsa.public_jwk, "k");
    public.as_object_mut().expect("object").remove("alg");
    let unnamed = VerifyingKey::from_jwk(&public.to_string()).expect("public RSA JWK without alg");
    assert_eq!(unnamed.algorithm(), Algorithm::RS256);
    assert!(unnamed.to_jwk().get("alg").is_none(), "exported as loaded");

    // EC and OKP keys imply their alg; a contradicting one is refused.
    let contradictions = [
        (&p256, "ES384"),
        (&p256, "RS256"),
        (&p256, "EdDSA"),
        (&p256, "HS256"),
        (&ed, "ES256"),
        (&ed, "HS256"),
        (&rsa, "ES256"),
        (&rsa, "EdDSA"),
        (&rsa, "HS256"),
        (&rsa, "ES512"),
        (&ed, "ES512"),
        (&p256, "Ed25519"),
        (&rsa, "none"),
    ];
    for (material, alg) in contradictions {
        let mut private = with_kid(&material.private_jwk, "k");
        private["alg"] = alg.into();
        let mut public = with_kid(&material.public_jwk, "k");
        public["alg"] = alg.into();
        let what = format!("{} JWK with alg {alg}", material.alg);
        assert_key_error(&SigningKey::from_jwk(&private.to_string()), &what);
        assert_key_error(&VerifyingKey::from_jwk(&public.to_string()), &what);
    }
    let oct = json!({"kty": "oct", "kid": "k", "alg": "RS256", "k": b64([1u8; 64])});
    assert_key_error(
        &SigningKey::from_jwk(&oct.to_string()),
        "oct JWK with alg RS256",
    );

    // A matching explicit alg is fine.
    let mut explicit = with_kid(&p256.private_jwk, "k");
    explicit["alg"] = "ES256".into();
    assert!(SigningKey::from_jwk(&explicit.to_string()).is_ok());
}

#[test]
fn private_jwks_whose_public_members_disagree_with_the_private_key_are_refused() {
    for alg in [Algorithm::ES256, Algorithm::ES384] {
        let material = Material::new(alg);
        let other = Material::new(alg);
        for member in ["x", "y"] {
            let mut jwk = with_kid(&material.private_jwk, "k");
            jwk[member] = other.private_jwk[member].clone();
            assert_key_error(
                &SigningKey::from_jwk(&jwk.to_string()),
                &format!("{alg} {member}"),
            );
        }
        // Or both swapped for another key's point.
        let mut jwk = with_kid(&material.private_jwk, "k");
        jwk["x"] = other.private_jwk["x"].clone();
        jwk["y"] = other.private_jwk["y"].clone();
        assert_key_error(
            &SigningKey::from_jwk(&jwk.to_string()),
            &format!("{alg} x and y"),
        );
    }
    let ed = Material::new(Algorithm::EdDSA);
    let other = Material::new(Algorithm::EdDSA);
    let mut jwk = with_kid(&ed.private_jwk, "k");
    jwk["x"] = other.private_jwk["x"].clone();
    assert_key_error(&SigningKey::from_jwk(&jwk.to_string()), "Ed25519 x");

    // An RSA private JWK whose primes are not the modulus's.
    let rsa = Material::new(Algorithm::RS256);
    let other = Material::rsa(Algorithm::RS256, other_rsa_key());
    let mut jwk = with_kid(&rsa.private_jwk, "k");
    jwk["p"] = other.private_jwk["p"].clone();
    jwk["q"] = other.private_jwk["q"].clone();
    assert_key_error(&SigningKey::from_jwk(&jwk.to_string()), "RSA primes");
    let mut jwk = with_kid(&rsa.private_jwk, "k");
    jwk.as_object_mut().expect("object").remove("d");
    assert_key_error(&SigningKey::from_jwk(&jwk.to_string()), "RSA without d");
}

/// The Ed25519 identity point: `y = 1`, little-endian.
fn identity_point() -> [u8; 32] {
    let mut point = [0u8; 32];
    point[0] = 1;
    point
}

#[test]
fn small_order_ed25519_public_keys_are_refused() {
    // y = 1 (the identity, order 1), y = -1 (order 2), y = 0 (order 4).
    let mut minus_one = [0xff; 32];
    minus_one[0] = 0xec;
    minus_one[31] = 0x7f;
    let spki_prefix = {
        let der = &Material::new(Algorithm::EdDSA).public_der[0].1;
        der[..der.len() - 32].to_vec()
    };
    for point in [identity_point(), minus_one, [0u8; 32]] {
        assert_key_error(&VerifyingKey::ed25519("k", &point), "raw");
        let jwk = json!({"kty": "OKP", "crv": "Ed25519", "kid": "k", "x": b64(point)});
        assert_key_error(&VerifyingKey::from_jwk(&jwk.to_string()), "JWK");
        let der = [&spki_prefix[..], &point].concat();
        assert_key_error(
            &VerifyingKey::from_der("k", Algorithm::EdDSA, &der),
            "SPKI DER",
        );
        let pem =
            rsa::pkcs8::der::pem::encode_string("PUBLIC KEY", LineEnding::LF, &der).expect("PEM");
        assert_key_error(
            &VerifyingKey::from_pem("k", Algorithm::EdDSA, &pem),
            "SPKI PEM",
        );
    }
}

#[test]
fn garbage_pem_der_and_json_are_refused() {
    let garbage_pem = [
        "",
        "not a key",
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    ];
    for alg in asymmetric() {
        for pem in garbage_pem {
            assert_key_error(
                &SigningKey::from_pem("k", alg, pem),
                &format!("{alg} {pem:?}"),
            );
            assert_key_error(
                &VerifyingKey::from_pem("k", alg, pem),
                &format!("{alg} {pem:?}"),
            );
        }
        for der in [&[][..], &[0x30, 0x00], &[0xff; 64]] {
            assert_key_error(&SigningKey::from_der("k", alg, der), &format!("{alg} DER"));
            assert_key_error(
                &VerifyingKey::from_der("k", alg, der),
                &format!("{alg} DER"),
            );
        }
    }
    for json in [
        "",
        "null",
        "[]",
        "{}",
        r#"{"kty":"EC"}"#,
        r#"{"kty":"nope","kid":"k"}"#,
    ] {
        assert_key_error(&SigningKey::from_jwk(json), json);
        assert_key_error(&VerifyingKey::from_jwk(json), json);
    }
}

#[test]
fn invalid_kids_are_refused_by_every_loader() {
    let material = Material::new(Algorithm::ES256);
    for kid in [
        "",
        "has space",
        "dot.ted",
        "quote\"",
        &"k".repeat(33),
        "ünï",
    ] {
        assert_key_error(&SigningKey::hs256(kid, &[1; 32]), kid);
        assert_key_error(
            &SigningKey::from_pem(kid, Algorithm::ES256, &material.private_pem[0].1),
            kid,
        );
        assert_key_error(&SigningKey::from_jwk(&material.private_jwk(kid)), kid);
    }
    // A verifying key's kid is an identity provider's: longer, and with
    // `.`, `/`, `+`, `=`; still no space, quote, backslash or control.
    for kid in [
        "",
        "has space",
        "quote\"",
        "back\\slash",
        "tab\t",
        &"k".repeat(129),
        "ünï",
    ] {
        assert_key_error(
            &VerifyingKey::from_der(kid, Algorithm::ES256, &material.public_der[0].1),
            kid,
        );
        assert_key_error(&VerifyingKey::from_jwk(&material.public_jwk(kid)), kid);
    }
    for kid in [
        "dot.ted",
        &"k".repeat(128),
        "abcdefghijklmnopqrsexample+/=",
        "6f7254101f56e41cf35c9926de84a2d552b4c6f1",
    ] {
        let key = VerifyingKey::from_jwk(&material.public_jwk(kid)).expect(kid);
        assert_eq!(key.kid(), kid);
    }
}

#[test]
fn duplicate_kids_across_signing_and_verifying_keys_are_a_config_error() {
    let ed = Material::new(Algorithm::EdDSA);
    let es = Material::new(Algorithm::ES256);
    let hs = Material::new(Algorithm::HS256);
    let es_public = es.verifying_keys("dup").remove(0).1;
    let configs = [
        (
            "two signing keys",
            builder()
                .signing_key(ed.signing_key("dup"))
                .signing_key(hs.signing_key("dup")),
        ),
        (
            "signing and verifying",
            builder()
                .signing_key(hs.signing_key("dup"))
                .verifying_key(es_public.clone()),
        ),
        (
            "verifying and verifying",
            builder()
                .verifying_key(es_public.clone())
                .verifying_key(ed.verifying_keys("dup").remove(0).1),
        ),
        // Even the signing key's own public half: it already verifies.
        (
            "a signing key and its own public half",
            builder()
                .signing_key(es.signing_key("dup"))
                .verifying_key(es_public),
        ),
    ];
    for (what, config) in configs {
        assert!(
            matches!(config.build(), Err(Error::Config(_))),
            "{what}: duplicate kids must be refused"
        );
    }
}

// --- key rings --------------------------------------------------------------------

#[test]
fn a_ring_of_three_signing_keys_reads_every_retired_keys_tokens() {
    let current = Material::new(Algorithm::ES256);
    let retired_1 = Material::new(Algorithm::EdDSA);
    let retired_2 = Material::new(Algorithm::PS256);
    let (current, retired_1, retired_2) = (
        current.signing_key("sig-3"),
        retired_1.signing_key("sig-2"),
        retired_2.signing_key("sig-1"),
    );
    let ring = builder()
        .signing_key(current.clone())
        .signing_key(retired_1.clone())
        .signing_key(retired_2.clone())
        .pii_key(pii_key_a())
        .build()
        .expect("ring");

    // The first signing key is the one that signs.
    let token = ring.encode(&session()).expect("encodes");
    assert_eq!(header(&token)["kid"], "sig-3");
    assert_eq!(header(&token)["alg"], "ES256");
    assert_reads(&ring, &token, "the ring's own token");

    // Every key of the ring, as the current signer of some instance.
    let public_ring =
        verify_only(VerifyingKey::from_jwks(ring.jwks().as_bytes()).expect("the ring's JWK Set"));
    for key in [current, retired_1, retired_2] {
        let kid = key.kid().to_string();
        let token = issuer(key).encode(&session()).expect("encodes");
        assert_eq!(header(&token)["kid"], kid);
        assert_reads(&ring, &token, &kid);
        assert_reads(&public_ring, &token, &format!("{kid} via the JWK Set"));
    }

    // A key the ring does not hold, under a kid it does not know.
    let unknown = issuer(Material::new(Algorithm::ES256).signing_key("sig-4"))
        .encode(&session())
        .expect("encodes");
    for reader in [&ring, &public_ring] {
        assert_eq!(
            reader.decode::<Session>(&unknown).map(drop),
            Err(Error::UnknownKey(KeyKind::Signing))
        );
    }

    // A key the ring does not hold, under a kid it knows: the signature fails.
    let impostor = issuer(Material::new(Algorithm::ES256).signing_key("sig-3"))
        .encode(&session())
        .expect("encodes");
    assert_eq!(
        ring.decode::<Session>(&impostor).map(drop),
        Err(Error::Signature)
    );
    // A known kid with another algorithm's key: the alg does not match.
    let wrong_alg = issuer(Material::new(Algorithm::EdDSA).signing_key("sig-3"))
        .encode(&session())
        .expect("encodes");
    assert_eq!(
        ring.decode::<Session>(&wrong_alg).map(drop),
        Err(Error::Algorithm)
    );
}

// --- interop with jsonwebtoken ----------------------------------------------------

const INTEROP: [Algorithm; 5] = [
    Algorithm::ES256,
    Algorithm::RS256,
    Algorithm::PS256,
    Algorithm::EdDSA,
    Algorithm::HS384,
];

#[test]
fn jsonwebtoken_verifies_our_tokens() {
    for alg in INTEROP {
        let material = Material::new(alg);
        for (label, key) in material.signing_keys("sig-1") {
            let keys = issuer(key);
            let token = keys.encode(&session()).expect("encodes");
            let data = jsonwebtoken::decode::<Value>(
                &token,
                material.jwt_decoding.as_ref().expect("decoding key"),
                &jwt_validation(material.jwt_alg()),
            )
            .unwrap_or_else(|e| panic!("{label}: jsonwebtoken refuses our token: {e}"));
            assert_eq!(data.header.alg, material.jwt_alg(), "{label}");
            assert_eq!(data.header.kid.as_deref(), Some("sig-1"), "{label}");
            assert_eq!(data.header.typ.as_deref(), Some("JWT"), "{label}");
            assert_eq!(data.claims, payload(&token), "{label}");
            assert_eq!(data.claims["role"], "admin", "{label}");
            assert_eq!(data.claims["iss"], ISSUER, "{label}");
        }
        // `jsonwebtoken` also reads the public JWK we publish.
        if !alg.is_symmetric() {
            let keys = issuer(material.signing_key("sig-1"));
            let token = keys.encode(&session()).expect("encodes");
            let jwks: jsonwebtoken::jwk::JwkSet =
                serde_json::from_str(&keys.jwks()).expect("jsonwebtoken parses our JWK Set");
            let jwk = jwks.find("sig-1").expect("our kid");
            let key = jsonwebtoken::DecodingKey::from_jwk(jwk).expect("a decoding key");
            jsonwebtoken::decode::<Value>(&token, &key, &jwt_validation(material.jwt_alg()))
                .unwrap_or_else(|e| panic!("{alg}: via our JWK: {e}"));
        }
    }
}

#[test]
fn jsonwebtoken_tokens_decode_with_ours() {
    for alg in INTEROP {
        let material = Material::new(alg);
        let keys = issuer(material.signing_key("sig-1"));
        let now = now();
        let email = common::claim_str(&keys.encode(&session()).expect("encodes"), "email");
        let claims = json!({
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": now,
            "nbf": now,
            "exp": now + 120,
            "jti": format!("jwt-{alg}"),
            "sub": keys.pseudonym("sub", "u-123").expect("pseudonym").as_str(),
            "email": email,
            "role": "admin",
            "extra": "ignored",
        });
        let mut jwt_header = jsonwebtoken::Header::new(material.jwt_alg());
        jwt_header.kid = Some("sig-1".into());
        jwt_header.typ = Some("JWT".into());
        let token = jsonwebtoken::encode(&jwt_header, &claims, &material.jwt_encoding)
            .unwrap_or_else(|e| panic!("{alg}: jsonwebtoken encodes: {e}"));

        // Read by the issuer, and by verify-only services for every public encoding.
        let mut readers = vec![(format!("{alg} issuer"), keys)];
        for (label, key) in material.verifying_keys("sig-1") {
            readers.push((label, verify_only([key])));
        }
        for (label, reader) in &readers {
            assert_reads(reader, &token, label);
            let verified = reader.decode::<Session>(&token).expect("decodes");
            assert_eq!(verified.registered().jti, format!("jwt-{alg}"), "{label}");
            assert_eq!(verified.registered().exp, now + 120, "{label}");
        }
    }
}
