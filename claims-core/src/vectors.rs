//! Checks the implementation against `tests/vectors/v1.json` (FORMAT.md's test
//! vectors). This lives inside the crate because fixed nonces, clocks and
//! `jti`s come from private hooks that the public API never offers.
//!
//! Regenerate after a deliberate format change (and bump the format version):
//! `CLAIMS_WRITE_VECTORS=1 cargo test -p claims-core --lib vectors`.

use rand::rngs::mock::StepRng;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;

use crate::contract::{PayloadReader, PayloadWriter, ViewWriter};
use crate::protect::normalize_plaintext;
use crate::wire::{self, Kind};
use crate::{
    Category, Claims, EncodeClaims, Error, FieldPolicy, HashDomain, Hashed, Keys, Normalize, Pii,
    PiiKey, Protection, SigningKey,
};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/v1.json");
/// 2025-11-24T00:00:00Z: the clock the token vectors were made at.
const NOW: u64 = 1_763_942_400;

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Vectors {
    pii_keys: Vec<KeyVector>,
    hashed: Vec<HashedVector>,
    encrypted: Vec<EncryptedVector>,
    tokens: Vec<TokenVector>,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct KeyVector {
    kid: String,
    master_hex: String,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct HashedVector {
    kid: String,
    domain: String,
    /// `exact`, `nfc` or `email` (FORMAT.md §4); `value_json` is the value
    /// before normalization.
    normalize: String,
    value_json: String,
    wire: String,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct EncryptedVector {
    kid: String,
    field: String,
    nonce_hex: String,
    value_json: String,
    /// The padding bucket (FORMAT.md §3); `None` for a value sealed as is,
    /// as before padding, which decoders still read.
    pad: Option<u16>,
    wire: String,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct TokenVector {
    alg: String,
    kid: String,
    secret_hex: String,
    token: String,
    payload: Value,
}

/// The struct the token vectors encode, written out by hand as the derive would.
struct Session {
    sub: Hashed<String>,
    email: Pii<String>,
    role: String,
}

impl Claims for Session {
    const POLICY: &'static [FieldPolicy] = &[
        FieldPolicy::__new(
            "sub",
            "sub",
            Protection::Hashed { domain: "sub" },
            None,
            None,
            Some(Category::OnlineId),
            None,
        ),
        FieldPolicy::__new(
            "email",
            "email",
            Protection::Encrypted,
            None,
            None,
            Some(Category::Contact),
            None,
        ),
        FieldPolicy::__new("role", "role", Protection::Public, None, None, None, None),
    ];

    fn __decode(r: &PayloadReader<'_>) -> Result<Self, Error> {
        Ok(Self {
            sub: r.hashed("sub", HashDomain::new("sub"))?,
            email: r.encrypted("email")?,
            role: r.public("role")?,
        })
    }

    fn __view(&self, v: &mut ViewWriter<'_>) {
        v.hashed("sub", &self.sub);
        v.encrypted("email", &self.email);
        v.public("role", &self.role);
    }
}

impl EncodeClaims for Session {
    fn __encode(&self, w: &mut PayloadWriter<'_>) -> Result<(), Error> {
        w.hashed("sub", HashDomain::new("sub"), &self.sub)?;
        w.encrypted("email", wire::DEFAULT_PAD, &self.email)?;
        w.public("role", &self.role)
    }
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn to_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn pii_keys() -> Vec<KeyVector> {
    // Obviously fake masters: 00..1f and 20..3f.
    [("pii-1", 0u8), ("pii-2", 32u8)]
        .into_iter()
        .map(|(kid, start)| KeyVector {
            kid: kid.into(),
            master_hex: to_hex(&(start..start + 32).collect::<Vec<u8>>()),
        })
        .collect()
}

fn pii_key(keys: &[KeyVector], kid: &str) -> PiiKey {
    let k = keys.iter().find(|k| k.kid == kid).expect("kid in vectors");
    PiiKey::new(&k.kid, &hex(&k.master_hex)).expect("vector key")
}

fn normalization(name: &str) -> Normalize {
    [Normalize::Exact, Normalize::Nfc, Normalize::Email]
        .into_iter()
        .find(|n| n.name() == name)
        .expect("a normalization's name")
}

/// The pseudonym of a value given as JSON, normalized (§4) unless `exact`.
fn hashed_wire(key: &PiiKey, domain: &str, normalize: &str, value_json: &str) -> String {
    let domain = HashDomain::new(domain).normalized(normalization(normalize));
    let mut plaintext = if domain.normalize() == Normalize::Exact {
        value_json.as_bytes().to_vec()
    } else {
        // Compact JSON first: the vectors write non-ASCII text as escapes.
        let value: Value = serde_json::from_str(value_json).expect("vector JSON");
        serde_json::to_vec(&value).expect("JSON")
    };
    normalize_plaintext(domain.normalize(), &mut plaintext).expect("text");
    let mut out = String::new();
    wire::write_hashed(key.kid(), &key.tag(domain, &plaintext), &mut out);
    out
}

/// (kid, domain, normalization, value JSON) of each hashed vector.
const HASHED_INPUTS: [(&str, &str, &str, &str); 14] = [
    ("pii-1", "sub", "exact", r#""u-123""#),
    ("pii-1", "user", "exact", r#""u-123""#),
    ("pii-2", "email", "exact", r#""alice@example.com""#),
    ("pii-1", "n", "exact", "42"),
    // Normalized (§4): each pair with the same normalized text has one pseudonym.
    ("pii-1", "email", "exact", r#""Alice@Example.COM""#),
    ("pii-1", "email", "email", r#""Alice@Example.COM""#),
    ("pii-1", "email", "email", r#""alice@example.com""#),
    ("pii-1", "email", "email", r#""JOSE\u0301@Exemple.FR""#),
    ("pii-1", "email", "email", r#""jos\u00e9@exemple.fr""#),
    (
        "pii-1",
        "email",
        "email",
        r#""\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3@Example.GR""#,
    ),
    ("pii-1", "email", "email", r#""\u0130stanbul@Example.TR""#),
    ("pii-1", "email", "email", "null"),
    ("pii-1", "name", "nfc", r#""Jose\u0301 \u212bngstr\u00f6m""#),
    ("pii-1", "name", "nfc", r#""Jos\u00e9 \u00c5ngstr\u00f6m""#),
];

fn hashed_vectors(keys: &[KeyVector]) -> Vec<HashedVector> {
    HASHED_INPUTS
        .into_iter()
        .map(|(kid, domain, normalize, value_json)| HashedVector {
            kid: kid.into(),
            domain: domain.into(),
            normalize: normalize.into(),
            value_json: value_json.into(),
            wire: hashed_wire(&pii_key(keys, kid), domain, normalize, value_json),
        })
        .collect()
}

fn encrypted_wire(
    key: &PiiKey,
    field: &str,
    nonce: &[u8],
    value_json: &str,
    pad: Option<u16>,
) -> String {
    let nonce = nonce.try_into().expect("12-byte nonce");
    let mut buf = value_json.as_bytes().to_vec();
    if let Some(bucket) = pad {
        wire::pad(&mut buf, bucket);
    }
    let tag = key.seal(field, &nonce, &mut buf).expect("encrypts");
    let mut out = String::new();
    wire::write_encrypted(key.kid(), &nonce, &buf, &tag, &mut out);
    out
}

/// Decrypts an `e1.` value bound to `field`.
fn open(key: &PiiKey, field: &str, value: &str) -> Option<Vec<u8>> {
    let sealed = wire::parse(value, Kind::Encrypted)?.into_sealed()?;
    key.open(field, sealed).map(|plain| plain.to_vec())
}

/// (kid, secret, PII kid, sub, email, role) for each token vector.
type TokenInput = (
    &'static str,
    &'static [u8],
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);
const TOKEN_INPUTS: [TokenInput; 2] = [
    (
        "sig-1",
        b"claims-test-vector-hs256-secret-1-not-real",
        "pii-1",
        "u-123",
        "alice@example.com",
        "admin",
    ),
    (
        "sig-2",
        b"claims-test-vector-hs256-secret-2-not-real!",
        "pii-2",
        "u-456",
        "bob@example.org",
        "viewer",
    ),
];

fn token_keys(kid: &str, secret: &[u8], pii: PiiKey) -> Keys {
    Keys::builder()
        .issuer("https://auth.example.com")
        .audience("orders-api")
        .signing_key(SigningKey::hs256(kid, secret).expect("secret"))
        .pii_key(pii)
        .build()
        .expect("keys")
}

/// (kid, claim, nonce, value JSON, padding bucket) of each encrypted vector.
type EncryptedInput = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<u16>,
);
const ENCRYPTED_INPUTS: [EncryptedInput; 9] = [
    // Sealed as is: values from before padding, which decoders still read.
    (
        "pii-1",
        "email",
        "000000000000000000000001",
        r#""alice@example.com""#,
        None,
    ),
    (
        "pii-2",
        "phone",
        "0102030405060708090a0b0c",
        r#""+44 20 7946 0000""#,
        None,
    ),
    (
        "pii-1",
        "address",
        "ffffffffffffffffffffffff",
        r#"{"street":"1 Main St","zip":"00000"}"#,
        None,
    ),
    // Padded (§3): below, at and over the bucket, and larger buckets.
    (
        "pii-1",
        "verified",
        "000000000000000000000002",
        "true",
        Some(16),
    ),
    (
        "pii-1",
        "nickname",
        "000000000000000000000003",
        "null",
        Some(16),
    ),
    (
        "pii-1",
        "tier",
        "000000000000000000000004",
        r#""gold-member-x""#,
        Some(16),
    ),
    (
        "pii-1",
        "email",
        "000000000000000000000005",
        r#""alice@example.com""#,
        Some(16),
    ),
    (
        "pii-2",
        "phone",
        "0102030405060708090a0b0c",
        r#""+44 20 7946 0000""#,
        Some(64),
    ),
    (
        "pii-1",
        "address",
        "ffffffffffffffffffffffff",
        r#"{"street":"1 Main St","zip":"00000"}"#,
        Some(128),
    ),
];

fn encrypted_vectors(keys: &[KeyVector]) -> Vec<EncryptedVector> {
    ENCRYPTED_INPUTS
        .into_iter()
        .map(|(kid, field, nonce_hex, value_json, pad)| EncryptedVector {
            kid: kid.into(),
            field: field.into(),
            nonce_hex: nonce_hex.into(),
            value_json: value_json.into(),
            pad,
            wire: encrypted_wire(&pii_key(keys, kid), field, &hex(nonce_hex), value_json, pad),
        })
        .collect()
}

fn generate() -> Vectors {
    let keys = pii_keys();
    let hashed = hashed_vectors(&keys);
    let encrypted = encrypted_vectors(&keys);
    let tokens = TOKEN_INPUTS
        .iter()
        .map(|&(kid, secret, pii_kid, sub, email, role)| {
            let token = encode_token(kid, secret, pii_key(&keys, pii_kid), sub, email, role);
            let payload = token.split('.').nth(1).expect("payload");
            let payload: Value =
                serde_json::from_slice(&B64.decode(payload).expect("b64")).expect("json");
            TokenVector {
                alg: "HS256".into(),
                kid: kid.into(),
                secret_hex: to_hex(secret),
                token,
                payload,
            }
        })
        .collect();
    Vectors {
        pii_keys: keys,
        hashed,
        encrypted,
        tokens,
    }
}

fn encode_token(
    kid: &str,
    secret: &[u8],
    pii: PiiKey,
    sub: &str,
    email: &str,
    role: &str,
) -> String {
    let session = Session {
        sub: Hashed::new(sub.into()),
        email: Pii::new(email.into()),
        role: role.into(),
    };
    // A fixed clock and a counting "RNG" for the jti and nonce.
    token_keys(kid, secret, pii)
        .encode_at(&session, NOW, &mut StepRng::new(1, 1))
        .expect("encodes")
}

fn load() -> Vectors {
    let text = std::fs::read_to_string(PATH).expect("tests/vectors/v1.json exists");
    serde_json::from_str(&text).expect("vectors parse")
}

#[test]
fn vectors_match_the_implementation() {
    if std::env::var_os("CLAIMS_WRITE_VECTORS").is_some() {
        let text = serde_json::to_string_pretty(&generate()).expect("serializes");
        std::fs::write(PATH, text + "\n").expect("writes vectors");
    }
    let v = load();
    assert!(v.hashed.len() >= 14 && v.encrypted.len() >= 9 && v.tokens.len() >= 2);
    for h in &v.hashed {
        let key = pii_key(&v.pii_keys, &h.kid);
        assert_eq!(
            hashed_wire(&key, &h.domain, &h.normalize, &h.value_json),
            h.wire,
            "hashed {h:?}"
        );
        // `Keys::pseudonym` takes the same path.
        let domain = HashDomain::new(&h.domain).normalized(normalization(&h.normalize));
        let value: Value = serde_json::from_str(&h.value_json).expect("vector JSON");
        let keys = token_keys("sig-1", TOKEN_INPUTS[0].1, key);
        assert_eq!(
            keys.pseudonym(domain, &value).expect("pseudonym").as_str(),
            h.wire
        );
    }
    // Normalization joins what it should, and only in its own domain.
    let wire = |domain: &str, normalize: &str, value_json: &str| {
        let found = v.hashed.iter().find(|h| {
            (
                h.kid.as_str(),
                h.domain.as_str(),
                h.normalize.as_str(),
                h.value_json.as_str(),
            ) == ("pii-1", domain, normalize, value_json)
        });
        found.expect("a vector").wire.as_str()
    };
    let email = |value_json| wire("email", "email", value_json);
    assert_eq!(
        email(r#""Alice@Example.COM""#),
        email(r#""alice@example.com""#)
    );
    assert_eq!(
        email(r#""JOSE\u0301@Exemple.FR""#),
        email(r#""jos\u00e9@exemple.fr""#)
    );
    assert_ne!(
        wire("email", "exact", r#""Alice@Example.COM""#),
        email(r#""Alice@Example.COM""#)
    );
    assert_eq!(
        wire("name", "nfc", r#""Jose\u0301 \u212bngstr\u00f6m""#),
        wire("name", "nfc", r#""Jos\u00e9 \u00c5ngstr\u00f6m""#)
    );
    for e in &v.encrypted {
        let key = pii_key(&v.pii_keys, &e.kid);
        let wire = encrypted_wire(&key, &e.field, &hex(&e.nonce_hex), &e.value_json, e.pad);
        assert_eq!(wire, e.wire, "encrypted {e:?}");
        let plain = open(&key, &e.field, &e.wire).expect("decrypts");
        // The value, then spaces up to a multiple of the bucket.
        let value = e.value_json.as_bytes();
        assert_eq!(&plain[..value.len()], value);
        assert!(plain[value.len()..].iter().all(|&b| b == b' '));
        match e.pad {
            Some(bucket) => {
                let bucket = usize::from(bucket);
                assert_eq!(plain.len(), value.len().div_ceil(bucket).max(1) * bucket);
            }
            None => assert_eq!(plain.len(), value.len()),
        }
        // Whatever the padding, the plaintext reads as the value.
        assert_eq!(
            serde_json::from_slice::<Value>(&plain).expect("reads"),
            serde_json::from_str::<Value>(&e.value_json).expect("vector JSON"),
        );
        // The same sealed value under another field name must not decrypt.
        assert!(open(&key, "other", &e.wire).is_none());
    }
    for (t, &(kid, secret, pii_kid, sub, email, role)) in v.tokens.iter().zip(&TOKEN_INPUTS) {
        assert_eq!((t.alg.as_str(), t.kid.as_str()), ("HS256", kid));
        assert_eq!(hex(&t.secret_hex), secret);
        let pii = pii_key(&v.pii_keys, pii_kid);
        assert_eq!(
            encode_token(kid, secret, pii.clone(), sub, email, role),
            t.token
        );
        let keys = token_keys(kid, secret, pii);
        let verified = keys
            .decode_at::<Session>(&t.token, NOW + 1)
            .expect("decodes");
        assert_eq!(verified.email.expose(), email);
        assert_eq!(verified.role, role);
        let expected_sub = keys.pseudonym("sub", sub).expect("pseudonym");
        assert_eq!(verified.sub.pseudonym(), Some(&expected_sub));
        let payload = t.token.split('.').nth(1).expect("payload");
        let payload: Value =
            serde_json::from_slice(&B64.decode(payload).expect("b64")).expect("json");
        assert_eq!(payload, t.payload);
        assert_eq!(payload["sub"], json!(expected_sub.as_str()));
    }
}
