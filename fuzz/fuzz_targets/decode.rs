//! `Keys::decode` must never panic, whatever the token.
//!
//! Every input is used twice:
//!
//! 1. as the token itself (`String::from_utf8_lossy`), which covers the size
//!    cap, segment splitting, base64url, the header and the signature check;
//! 2. through `arbitrary`, as a description of a token that this harness
//!    builds and **validly signs** with the fixed HS256 key, so the fuzzer
//!    gets past the signature into the header, payload, registered-claim and
//!    per-field code: fuzzer-chosen header and payload bytes, or valid
//!    registered claims followed by fuzzer-chosen claims, including `h1.`
//!    pseudonyms and `e1.` ciphertexts the harness computes itself (HKDF,
//!    HMAC-SHA256, AES-256-GCM, written from FORMAT.md, not from claims-core)
//!    over fuzzer-chosen plaintexts, kids and AAD claim names.
//!
//! Beyond "no panic", a successful decode of a harness-built token is checked
//! against what the harness put in it: the decrypted `email` is the encrypted
//! plaintext, the `sub` pseudonym is the wire value sent, a ciphertext bound
//! to another claim name or an unloaded kid never decodes, and a forbidden or
//! duplicated claim never passes.
//!
//! All key material is fixed and fake (`FUZZ-ONLY-...`), so seeds and crash
//! files replay.

#![no_main]

use std::collections::BTreeMap;
use std::sync::LazyLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use arbitrary::{Arbitrary, Unstructured};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{Claims, Hashed, Keys, Pii, PiiKey, SigningKey};
use hmac::{Hmac, Mac};
use libfuzzer_sys::fuzz_target;
use sha2::Sha256;

const HS256_SECRET: &[u8; 32] = b"FUZZ-ONLY-not-a-real-hs256-key!!";
const PII_MASTER_A: &[u8; 32] = b"FUZZ-ONLY-not-a-real-pii-master!";
const PII_MASTER_B: &[u8; 32] = b"FUZZ-ONLY-not-a-real-pii-2-key!!";
const SIG_KID: &str = "fuzz-sig";
const PII_KID_A: &str = "fuzz-pii";
const PII_KID_B: &str = "fuzz-pii-2";
const ISSUER: &str = "https://issuer.fuzz.invalid";
const AUDIENCE: &str = "fuzz-api";
/// The header `claims` issues for [`SIG_KID`] (its fast path).
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT","kid":"fuzz-sig"}"#;
/// Issued tokens live 50 years, so a committed seed token stays valid.
const LIFETIME: Duration = Duration::from_secs(50 * 365 * 24 * 3600);

/// The struct decoded: every protection, required and optional fields.
#[derive(Claims)]
struct Target {
    #[claim(public)]
    role: String,
    #[claim(public)]
    scopes: Option<Vec<String>>,
    #[claim(hashed)]
    sub: Hashed<String>,
    #[claim(encrypted)]
    email: Pii<String>,
    #[claim(encrypted)]
    prefs: Option<BTreeMap<String, i64>>,
    #[claim(forbidden)]
    password_hash: Option<String>,
}

/// A smaller reader without encrypted fields, for the verify-only keys.
#[derive(Claims)]
struct PublicView {
    #[claim(public)]
    role: Option<String>,
    #[claim(hashed)]
    sub: Hashed<String>,
}

struct Fixture {
    keys: Keys,
    verify_only: Keys,
    sign: Hmac<Sha256>,
    pii_a: HarnessPii,
    pii_b: HarnessPii,
}

/// A PII key as FORMAT.md §2 derives it, computed by the harness.
struct HarnessPii {
    kid: &'static str,
    cipher: Aes256Gcm,
    mac: Hmac<Sha256>,
}

impl HarnessPii {
    fn new(kid: &'static str, master: &[u8; 32]) -> Self {
        let hkdf = hkdf::Hkdf::<Sha256>::new(None, master);
        let (mut enc, mut mac) = ([0u8; 32], [0u8; 32]);
        hkdf.expand(b"claims/v1/enc", &mut enc).unwrap();
        hkdf.expand(b"claims/v1/mac", &mut mac).unwrap();
        Self {
            kid,
            cipher: Aes256Gcm::new(&enc.into()),
            mac: <Hmac<Sha256> as Mac>::new_from_slice(&mac).unwrap(),
        }
    }

    /// `h1.<kid>.<tag>` for a JSON plaintext, labelled with `label_kid`.
    fn pseudonym(&self, label_kid: &str, domain: &str, plaintext: &[u8]) -> String {
        let mut mac = self.mac.clone();
        mac.update(b"claims/v1/hash\0");
        mac.update(domain.as_bytes());
        mac.update(b"\0");
        mac.update(plaintext);
        format!("h1.{label_kid}.{}", B64.encode(mac.finalize().into_bytes()))
    }

    /// `e1.<kid>.<nonce||ct||tag>`, the AAD binding `label_kid` and `field`.
    fn encrypt(&self, label_kid: &str, field: &str, nonce: [u8; 12], plaintext: &[u8]) -> String {
        let aad = [
            b"claims/v1/enc\0",
            label_kid.as_bytes(),
            b"\0",
            field.as_bytes(),
        ]
        .concat();
        let mut buf = plaintext.to_vec();
        let tag = self
            .cipher
            .encrypt_in_place_detached(&Nonce::from(nonce), &aad, &mut buf)
            .unwrap();
        let sealed = [&nonce[..], &buf, &tag].concat();
        format!("e1.{label_kid}.{}", B64.encode(sealed))
    }
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let builder = || {
        Keys::builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .lifetime(LIFETIME)
            .max_lifetime(LIFETIME)
            .signing_key(SigningKey::hs256(SIG_KID, HS256_SECRET).unwrap())
    };
    Fixture {
        keys: builder()
            .pii_key(PiiKey::new(PII_KID_A, PII_MASTER_A).unwrap())
            .pii_key(PiiKey::new(PII_KID_B, PII_MASTER_B).unwrap())
            .build()
            .unwrap(),
        verify_only: builder().build().unwrap(),
        sign: <Hmac<Sha256> as Mac>::new_from_slice(HS256_SECRET).unwrap(),
        pii_a: HarnessPii::new(PII_KID_A, PII_MASTER_A),
        pii_b: HarnessPii::new(PII_KID_B, PII_MASTER_B),
    }
});

/// What the harness builds and signs.
#[derive(Arbitrary, Debug)]
enum Shape<'a> {
    /// Fuzzer-chosen header (or ours) and payload bytes.
    Signed {
        header: Option<&'a [u8]>,
        payload: &'a [u8],
    },
    /// Registered claims (valid unless `times` says otherwise), then fuzzer
    /// claims, then raw bytes before the closing brace.
    Claims {
        times: Times,
        /// Bit 0..=3: add a valid `role`, `sub`, `email`, `prefs` first (so
        /// that the fuzzer reaches successful decodes and varies from there).
        defaults: u8,
        entries: Vec<Entry<'a>>,
        raw_tail: &'a str,
    },
}

/// The valid claims `defaults` selects from.
fn default_entries(defaults: u8) -> impl Iterator<Item = Entry<'static>> {
    [
        Entry {
            name: Name::Role,
            value: Value::Str("admin"),
        },
        Entry {
            name: Name::Sub,
            value: Value::Hashed {
                kid: Kid::A,
                domain: Name::Sub,
                plaintext: Plaintext::Str("u-123"),
            },
        },
        Entry {
            name: Name::Email,
            value: Value::Encrypted {
                kid: Kid::A,
                aad_claim: Name::Email,
                nonce: [1; 12],
                plaintext: Plaintext::Str("fuzz@example.invalid"),
            },
        },
        Entry {
            name: Name::Prefs,
            value: Value::Encrypted {
                kid: Kid::B,
                aad_claim: Name::Prefs,
                nonce: [2; 12],
                plaintext: Plaintext::Raw(br#"{"a":1}"#),
            },
        },
    ]
    .into_iter()
    .enumerate()
    .filter(move |(bit, _)| defaults & (1 << bit) != 0)
    .map(|(_, entry)| entry)
}

#[derive(Arbitrary, Debug)]
enum Times {
    Valid,
    /// Seconds relative to now.
    Offsets {
        iat: i32,
        nbf: i32,
        exp: i32,
    },
}

#[derive(Arbitrary, Debug)]
struct Entry<'a> {
    name: Name<'a>,
    value: Value<'a>,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Name<'a> {
    Role,
    Scopes,
    Sub,
    Email,
    Prefs,
    PasswordHash,
    Iss,
    Aud,
    Iat,
    Nbf,
    Exp,
    Jti,
    Other(&'a str),
}

impl<'a> Name<'a> {
    fn as_str(self) -> &'a str {
        match self {
            Name::Role => "role",
            Name::Scopes => "scopes",
            Name::Sub => "sub",
            Name::Email => "email",
            Name::Prefs => "prefs",
            Name::PasswordHash => "password_hash",
            Name::Iss => "iss",
            Name::Aud => "aud",
            Name::Iat => "iat",
            Name::Nbf => "nbf",
            Name::Exp => "exp",
            Name::Jti => "jti",
            Name::Other(name) => name,
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Kid<'a> {
    A,
    B,
    /// Labelled with this kid, keyed with key A.
    Other(&'a str),
}

#[derive(Arbitrary, Debug)]
enum Plaintext<'a> {
    /// A JSON string of this text.
    Str(&'a str),
    /// These exact bytes (any JSON, or none).
    Raw(&'a [u8]),
}

impl Plaintext<'_> {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Plaintext::Str(s) => serde_json::to_vec(s).unwrap(),
            Plaintext::Raw(b) => b.to_vec(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Value<'a> {
    /// Raw JSON text, verbatim (may break the object).
    Json(&'a str),
    /// A JSON string.
    Str(&'a str),
    Int(i64),
    Float(f64),
    Null,
    Strings(Vec<&'a str>),
    /// A pseudonym the harness computes.
    Hashed {
        kid: Kid<'a>,
        domain: Name<'a>,
        plaintext: Plaintext<'a>,
    },
    /// A ciphertext the harness computes, its AAD bound to `aad_claim`.
    Encrypted {
        kid: Kid<'a>,
        aad_claim: Name<'a>,
        nonce: [u8; 12],
        plaintext: Plaintext<'a>,
    },
}

/// A `Value::Hashed`/`Value::Encrypted` as built, for the oracle.
enum Built {
    Plain,
    Hashed {
        wire: String,
        loaded_kid: bool,
    },
    Encrypted {
        loaded_kid: bool,
        aad_claim: String,
        plaintext: Vec<u8>,
    },
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn signed(fixture: &Fixture, header: &[u8], payload: &[u8]) -> String {
    let input = format!("{}.{}", B64.encode(header), B64.encode(payload));
    let mut mac = fixture.sign.clone();
    mac.update(input.as_bytes());
    format!("{input}.{}", B64.encode(mac.finalize().into_bytes()))
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

impl Value<'_> {
    fn build(&self, fixture: &Fixture, out: &mut String) -> Built {
        match self {
            Value::Json(raw) => out.push_str(raw),
            Value::Str(s) => out.push_str(&json_str(s)),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Float(f) => out.push_str(&serde_json::to_string(f).unwrap()),
            Value::Null => out.push_str("null"),
            Value::Strings(v) => out.push_str(&serde_json::to_string(v).unwrap()),
            Value::Hashed {
                kid,
                domain,
                plaintext,
            } => {
                let (key, label) = pick(fixture, kid);
                let wire = key.pseudonym(label, domain.as_str(), &plaintext.bytes());
                out.push_str(&json_str(&wire));
                return Built::Hashed {
                    wire,
                    loaded_kid: label == PII_KID_A || label == PII_KID_B,
                };
            }
            Value::Encrypted {
                kid,
                aad_claim,
                nonce,
                plaintext,
            } => {
                let (key, label) = pick(fixture, kid);
                let plaintext = plaintext.bytes();
                let wire = key.encrypt(label, aad_claim.as_str(), *nonce, &plaintext);
                out.push_str(&json_str(&wire));
                // An `Other` kid that spells a loaded one is keyed with A.
                let loaded_kid = label == key.kid;
                return Built::Encrypted {
                    loaded_kid,
                    aad_claim: aad_claim.as_str().to_owned(),
                    plaintext,
                };
            }
        }
        Built::Plain
    }
}

fn pick<'f, 'k>(fixture: &'f Fixture, kid: &'k Kid<'k>) -> (&'f HarnessPii, &'k str) {
    match kid {
        Kid::A => (&fixture.pii_a, PII_KID_A),
        Kid::B => (&fixture.pii_b, PII_KID_B),
        Kid::Other(label) => (&fixture.pii_a, label),
    }
}

fn claims_token(
    fixture: &Fixture,
    times: &Times,
    entries: &[Entry<'_>],
    raw_tail: &str,
) -> (String, Vec<(String, Built)>) {
    let now = now();
    let (iat, nbf, exp) = match times {
        Times::Valid => (now, now, now + 300),
        Times::Offsets { iat, nbf, exp } => (
            now + i64::from(*iat),
            now + i64::from(*nbf),
            now + i64::from(*exp),
        ),
    };
    let mut payload = format!(
        r#"{{"iss":{},"aud":{},"iat":{iat},"nbf":{nbf},"exp":{exp},"jti":"fuzz-jti""#,
        json_str(ISSUER),
        json_str(AUDIENCE),
    );
    let mut built = Vec::with_capacity(entries.len());
    for entry in entries {
        let name = entry.name.as_str();
        payload.push(',');
        payload.push_str(&json_str(name));
        payload.push(':');
        built.push((name.to_owned(), entry.value.build(fixture, &mut payload)));
    }
    payload.push_str(raw_tail);
    payload.push('}');
    (
        signed(fixture, HEADER.as_bytes(), payload.as_bytes()),
        built,
    )
}

/// A successful decode of a harness-built token must agree with what was built.
fn check(verified: &Target, built: &[(String, Built)]) {
    let mut names: Vec<&str> = ["iss", "aud", "iat", "nbf", "exp", "jti"].into();
    names.extend(built.iter().map(|(name, _)| name.as_str()));
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), count, "a duplicated claim was accepted");
    assert!(
        !names.contains(&"password_hash"),
        "a forbidden claim was accepted"
    );
    assert!(verified.password_hash.is_none());
    for (name, built) in built {
        match (name.as_str(), built) {
            (
                claim,
                Built::Encrypted {
                    loaded_kid,
                    aad_claim,
                    plaintext,
                },
            ) if claim == "email" || claim == "prefs" => {
                assert!(*loaded_kid, "a ciphertext under an unloaded kid decoded");
                assert_eq!(
                    aad_claim, claim,
                    "a ciphertext moved to another claim decoded"
                );
                if claim == "email" {
                    let expected: String = serde_json::from_slice(plaintext)
                        .expect("an encrypted email decoded from a non-string plaintext");
                    assert_eq!(verified.email.expose(), &expected);
                }
            }
            ("sub", Built::Hashed { wire, loaded_kid }) => {
                assert!(*loaded_kid, "a pseudonym under an unloaded kid decoded");
                let pseudonym = verified
                    .sub
                    .pseudonym()
                    .expect("decoded sub has a pseudonym");
                assert_eq!(pseudonym.as_str(), wire);
            }
            _ => {}
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let fixture = &*FIXTURE;

    // 1. The bytes as a token.
    let text = String::from_utf8_lossy(data);
    let _ = fixture.keys.decode::<Target>(&text);
    let _ = fixture.verify_only.decode::<PublicView>(&text);

    // 2. The bytes as a description of a validly signed token.
    let Ok(shape) = Shape::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    match shape {
        Shape::Signed { header, payload } => {
            let header = header.unwrap_or(HEADER.as_bytes());
            let token = signed(fixture, header, payload);
            let _ = fixture.keys.decode::<Target>(&token);
            let _ = fixture.verify_only.decode::<PublicView>(&token);
        }
        Shape::Claims {
            times,
            defaults,
            entries,
            raw_tail,
        } => {
            let mut all: Vec<Entry<'_>> = default_entries(defaults).collect();
            all.extend(entries);
            let entries = all;
            let (token, built) = claims_token(fixture, &times, &entries, raw_tail);
            let decoded = fixture.keys.decode::<Target>(&token);
            let _ = fixture.verify_only.decode::<PublicView>(&token);
            let oracle_applies =
                raw_tail.is_empty() && !entries.iter().any(|e| matches!(e.value, Value::Json(_)));
            if let (Ok(verified), true) = (decoded, oracle_applies) {
                check(&verified, &built);
            }
        }
    }
});
