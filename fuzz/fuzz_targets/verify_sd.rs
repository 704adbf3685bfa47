//! `Keys::verify_sd` on SD-JWT presentations (RFC 9901): never a panic, and
//! never a success that breaks a rule.
//!
//! Every input is used twice:
//!
//! 1. as the presentation itself (`String::from_utf8_lossy`), under each
//!    key-binding policy;
//! 2. through `arbitrary`, as a presentation the harness assembles the way
//!    `Keys::issue_sd` and `SdJwt::present_with_key_binding` do, with every
//!    part open to the fuzzer: the issuer JWT's claims (`_sd` digests of the
//!    presented disclosures, of other disclosures, decoys, duplicates or
//!    raw JSON; `_sd_alg`; `cnf` naming the holder's key, a stranger's or
//!    raw JSON; claims in the clear; nested `_sd` members), which the harness
//!    **signs validly** with the fixed HS256 key so mutations get past the
//!    signature; each disclosure (salt, name, value, or raw bytes, presented
//!    any number of times in any order); the KB-JWT (signed with Ed25519 by
//!    the holder or a stranger, each of `typ`, `iat`, `aud`, `nonce` and
//!    `sd_hash` right or wrong); then, optionally, one character edited.
//!
//! A successful verification of an unedited harness-built presentation is
//! checked against what was built (see [`Built::check`]): every disclosure
//! was referenced once by `_sd`, names unique, declared disclosable, not
//! reserved, registered or in the clear; `_sd` has no repeat and `_sd_alg`
//! is `sha-256` or absent; the key binding was valid when required or
//! present, and absent when not accepted; and the fields hold exactly the
//! disclosed values.
//!
//! All key material is fixed and fake (`FUZZ-ONLY-...`), so crash files
//! replay.

#![no_main]

use std::collections::BTreeMap;
use std::sync::LazyLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use arbitrary::{Arbitrary, Unstructured};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::reserved::{REGISTERED, SD_JWT};
use claims_core::{Claims, Disclosable, KeyBinding, Keys, SigningKey};
use ed25519_dalek::Signer as _;
use hmac::{Hmac, Mac};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};
use sha2::{Digest as _, Sha256};

const HS256_SECRET: &[u8; 32] = b"FUZZ-ONLY-not-a-real-hs256-key!!";
const HOLDER_SEED: &[u8; 32] = b"FUZZ-ONLY-not-a-real-holder-key!";
const STRANGER_SEED: &[u8; 32] = b"FUZZ-ONLY-not-a-real-strange-key";
const SIG_KID: &str = "fuzz-sig";
const ISSUER: &str = "https://issuer.fuzz.invalid";
const AUDIENCE: &str = "fuzz-wallet";
const VERIFIER: &str = "https://verifier.fuzz.invalid";
const NONCE: &str = "fuzz-nonce-0S6_WzA2Mj";
/// The issuer JWT's header as `claims` writes it.
const SD_HEADER: &str = r#"{"alg":"HS256","typ":"sd+jwt","kid":"fuzz-sig"}"#;

/// The struct verified: disclosable fields of three shapes, and the other
/// protections next to them.
#[derive(Claims)]
struct Holder {
    #[claim(disclosable)]
    address: Option<BTreeMap<String, Value>>,
    #[claim(forbidden)]
    password_hash: Option<String>,
    #[claim(disclosable)]
    phone: Disclosable<String>,
    #[claim(public)]
    role: String,
    #[claim(disclosable)]
    email: Option<String>,
}

/// The claims of [`Holder`] that may be disclosed (and never come in the
/// clear), and those it declares otherwise (never disclosed). Other names
/// are ignored, disclosed or not, as undeclared claims are.
const DISCLOSABLE: [&str; 3] = ["email", "phone", "address"];
const NOT_DISCLOSABLE: [&str; 2] = ["role", "password_hash"];

struct Fixture {
    keys: Keys,
    holder: ed25519_dalek::SigningKey,
    stranger: ed25519_dalek::SigningKey,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| Fixture {
    keys: Keys::builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .signing_key(SigningKey::hs256(SIG_KID, HS256_SECRET).unwrap())
        .build()
        .unwrap(),
    holder: ed25519_dalek::SigningKey::from_bytes(HOLDER_SEED),
    stranger: ed25519_dalek::SigningKey::from_bytes(STRANGER_SEED),
});

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs()
}

/// `base64url(SHA-256(s))` (RFC 9901 §4.2.3, §4.3.1).
fn digest(s: &str) -> String {
    B64.encode(Sha256::digest(s.as_bytes()))
}

/// `b64(header).b64(payload).b64(signature)`, signed by `sign`.
fn compact(header: &[u8], payload: &[u8], sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
    let input = format!("{}.{}", B64.encode(header), B64.encode(payload));
    let signature = sign(input.as_bytes());
    format!("{input}.{}", B64.encode(signature))
}

fn hs256(input: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(HS256_SECRET).unwrap();
    mac.update(input);
    mac.finalize().into_bytes().to_vec()
}

fn ed25519_jwk(key: &ed25519_dalek::SigningKey) -> Value {
    json!({"kty": "OKP", "crv": "Ed25519", "x": B64.encode(key.verifying_key().as_bytes())})
}

/// A claim name the fuzzer picks.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Name<'a> {
    Email,
    Phone,
    Address,
    Role,
    PasswordHash,
    /// `_sd`, `_sd_alg`, `...`, `cnf` (index mod 4).
    SdReserved(u8),
    /// `iss` ... `jti` (index mod 6).
    Registered(u8),
    Other(&'a str),
}

impl Name<'_> {
    fn as_str(&self) -> &str {
        match self {
            Name::Email => "email",
            Name::Phone => "phone",
            Name::Address => "address",
            Name::Role => "role",
            Name::PasswordHash => "password_hash",
            Name::SdReserved(i) => SD_JWT[usize::from(*i) % SD_JWT.len()],
            Name::Registered(i) => REGISTERED[usize::from(*i) % REGISTERED.len()],
            Name::Other(name) => name,
        }
    }
}

/// A JSON value the fuzzer picks.
#[derive(Arbitrary, Debug)]
enum Json<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Str(&'a str),
    Strings(Vec<&'a str>),
    /// An object with nested `_sd` members and `{"...": digest}` elements,
    /// which the verifier removes (nested disclosure is not supported).
    WithNestedSd {
        street: &'a str,
        decoys: Vec<&'a str>,
    },
    Object(Vec<(&'a str, Json<'a>)>),
    /// Any text: not always JSON.
    Raw(&'a str),
}

impl Json<'_> {
    /// The value, or `None` for raw text that is not JSON.
    fn to_value(&self) -> Option<Value> {
        Some(match self {
            Json::Null => Value::Null,
            Json::Bool(b) => json!(b),
            Json::Int(i) => json!(i),
            Json::Str(s) => json!(s),
            Json::Strings(items) => json!(items),
            Json::WithNestedSd { street, decoys } => json!({
                "street": street,
                "_sd": decoys.iter().map(|d| digest(d)).collect::<Vec<_>>(),
                "lines": [street, {"...": digest(street)}],
            }),
            Json::Object(members) => {
                let mut map = Map::new();
                for (name, value) in members {
                    map.insert((*name).to_owned(), value.to_value()?);
                }
                Value::Object(map)
            }
            Json::Raw(text) => serde_json::from_str(text).ok()?,
        })
    }

    /// The value's JSON text (raw text as is).
    fn text(&self) -> String {
        match self {
            Json::Raw(text) => (*text).to_owned(),
            other => other.to_value().map(|v| v.to_string()).unwrap_or_default(),
        }
    }
}

/// One disclosure.
#[derive(Arbitrary, Debug)]
enum Disclosure<'a> {
    /// `base64url(["salt","name",value])`, as `claims` issues it.
    Array {
        salt: &'a str,
        name: Name<'a>,
        value: Json<'a>,
    },
    /// `base64url` of any bytes.
    Encoded(&'a [u8]),
    /// Any text, not encoded by the harness.
    Text(&'a str),
}

impl Disclosure<'_> {
    fn serialize(&self) -> String {
        match self {
            Disclosure::Array { salt, name, value } => B64.encode(format!(
                "[{},{},{}]",
                json!(salt),
                json!(name.as_str()),
                value.text()
            )),
            Disclosure::Encoded(bytes) => B64.encode(bytes),
            Disclosure::Text(text) => (*text).to_owned(),
        }
    }
}

/// What the issuer JWT's `_sd` holds.
#[derive(Arbitrary, Debug)]
enum SdEntry<'a> {
    /// The digest of disclosure `i` (mod their number).
    DigestOf(u8),
    /// A decoy: the digest of some text.
    Decoy(&'a str),
    /// Any string.
    Text(&'a str),
}

#[derive(Arbitrary, Debug)]
enum Sd<'a> {
    /// The digest of every disclosure, sorted, as issued.
    AsIssued,
    Entries(Vec<SdEntry<'a>>),
    Json(Json<'a>),
    Absent,
}

#[derive(Arbitrary, Debug)]
enum Cnf<'a> {
    Absent,
    Holder,
    Stranger,
    Json(Json<'a>),
}

#[derive(Arbitrary, Debug)]
struct Issuer<'a> {
    /// Fuzzer-chosen header bytes instead of [`SD_HEADER`].
    header: Option<&'a [u8]>,
    role: Option<Json<'a>>,
    sd: Sd<'a>,
    /// `_sd_alg`: `sha-256` when `None`.
    sd_alg: Option<Option<Json<'a>>>,
    cnf: Cnf<'a>,
    /// Claims set last (over the others).
    extra: Vec<(Name<'a>, Json<'a>)>,
    /// Fuzzer-chosen payload bytes instead of all the above.
    raw_payload: Option<&'a [u8]>,
}

/// Right, or replaced by fuzzer text.
#[derive(Arbitrary, Debug)]
enum Field<'a> {
    Right,
    Absent,
    Wrong(&'a str),
}

#[derive(Arbitrary, Debug)]
enum Iat {
    Now,
    /// An hour away, well past any leeway.
    HourAgo,
    HourAhead,
    Any(u64),
}

#[derive(Arbitrary, Debug)]
enum SdHash<'a> {
    Right,
    /// Over the issuer JWT alone (another presentation).
    OverJwtOnly,
    Absent,
    Wrong(&'a str),
}

#[derive(Arbitrary, Debug)]
enum Kb<'a> {
    Absent,
    Signed {
        by_stranger: bool,
        typ: Field<'a>,
        /// `alg` as `claims` writes it (`EdDSA`), or fuzzer text.
        alg: Option<&'a str>,
        iat: Iat,
        aud: Field<'a>,
        nonce: Field<'a>,
        sd_hash: SdHash<'a>,
    },
    Text(&'a str),
}

#[derive(Arbitrary, Debug)]
enum Edit {
    Insert(u16, char),
    Replace(u16, char),
    Remove(u16),
    Truncate(u16),
}

#[derive(Arbitrary, Debug)]
struct Presentation<'a> {
    issuer: Issuer<'a>,
    disclosures: Vec<Disclosure<'a>>,
    /// The disclosures presented, by index (mod their number), in order;
    /// all of them, in order, when empty.
    presented: Vec<u8>,
    kb: Kb<'a>,
    binding: u8,
    edit: Option<Edit>,
}

/// What the harness built, for the oracle.
struct Built {
    /// The issuer JWT's claims, as signed (none for a raw payload).
    claims: Option<Map<String, Value>>,
    /// The presented disclosures: serialization, then name and value when
    /// they are an array of a string salt, a string name and a value.
    presented: Vec<(String, Option<(String, Value)>)>,
    kb: KbState,
}

fn binding(choice: u8) -> KeyBinding<'static> {
    match choice % 3 {
        0 => KeyBinding::None,
        1 => KeyBinding::Optional {
            audience: VERIFIER,
            nonce: NONCE,
        },
        _ => KeyBinding::Required {
            audience: VERIFIER,
            nonce: NONCE,
        },
    }
}

impl Issuer<'_> {
    /// The payload's claims, `_sd` from `serialized` (every disclosure).
    fn claims(&self, fixture: &Fixture, serialized: &[String]) -> Map<String, Value> {
        let now = now();
        let mut claims = Map::new();
        claims.insert("iss".into(), json!(ISSUER));
        claims.insert("aud".into(), json!(AUDIENCE));
        claims.insert("iat".into(), json!(now));
        claims.insert("nbf".into(), json!(now));
        claims.insert("exp".into(), json!(now + 300));
        claims.insert("jti".into(), json!("fuzz-jti"));
        match &self.role {
            None => {
                claims.insert("role".into(), json!("admin"));
            }
            Some(role) => {
                if let Some(role) = role.to_value() {
                    claims.insert("role".into(), role);
                }
            }
        }
        let digest_of = |i: u8| {
            let i = usize::from(i) % serialized.len().max(1);
            serialized.get(i).map_or_else(|| digest(""), |d| digest(d))
        };
        let sd = match &self.sd {
            Sd::AsIssued => {
                let mut digests: Vec<String> = serialized.iter().map(|d| digest(d)).collect();
                digests.sort_unstable();
                Some(json!(digests))
            }
            Sd::Entries(entries) => Some(json!(
                entries
                    .iter()
                    .map(|entry| match entry {
                        SdEntry::DigestOf(i) => digest_of(*i),
                        SdEntry::Decoy(text) => digest(text),
                        SdEntry::Text(text) => (*text).to_owned(),
                    })
                    .collect::<Vec<_>>()
            )),
            Sd::Json(json) => json.to_value(),
            Sd::Absent => None,
        };
        if let Some(sd) = sd {
            claims.insert("_sd".into(), sd);
        }
        match &self.sd_alg {
            None => {
                claims.insert("_sd_alg".into(), json!("sha-256"));
            }
            Some(None) => {}
            Some(Some(alg)) => {
                if let Some(alg) = alg.to_value() {
                    claims.insert("_sd_alg".into(), alg);
                }
            }
        }
        let cnf = match &self.cnf {
            Cnf::Absent => None,
            Cnf::Holder => Some(json!({"jwk": ed25519_jwk(&fixture.holder)})),
            Cnf::Stranger => Some(json!({"jwk": ed25519_jwk(&fixture.stranger)})),
            Cnf::Json(json) => json.to_value(),
        };
        if let Some(cnf) = cnf {
            claims.insert("cnf".into(), cnf);
        }
        for (name, value) in &self.extra {
            if let Some(value) = value.to_value() {
                claims.insert(name.as_str().to_owned(), value);
            }
        }
        claims
    }
}

/// Whether a KB-JWT is attached, and what the harness knows of it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum KbState {
    Absent,
    Valid,
    Invalid,
    /// An `iat` near now: within the leeway or not.
    Unknown,
}

impl Field<'_> {
    /// Whether the field is right, and its value if present.
    fn value(&self, right: &str) -> (bool, Option<Value>) {
        match self {
            Field::Right => (true, Some(json!(right))),
            Field::Absent => (false, None),
            Field::Wrong(text) => (*text == right, Some(json!(text))),
        }
    }
}

impl Kb<'_> {
    /// The KB-JWT over `prefix` (the presentation up to its last `~`) and
    /// its state for [`VERIFIER`] and [`NONCE`] under `cnf`.
    fn build(
        &self,
        fixture: &Fixture,
        prefix: &str,
        jwt: &str,
        cnf: Option<&Value>,
    ) -> (Option<String>, KbState) {
        let Kb::Signed {
            by_stranger,
            typ,
            alg,
            iat,
            aud,
            nonce,
            sd_hash,
        } = self
        else {
            return match self {
                Kb::Text(text) if !text.is_empty() => (Some((*text).to_owned()), KbState::Invalid),
                _ => (None, KbState::Absent),
            };
        };
        let mut header = Map::new();
        header.insert("alg".into(), json!(alg.unwrap_or("EdDSA")));
        // `typ` compares case-insensitively: `KB+JWT` is valid too.
        let typ_ok = match typ {
            Field::Wrong(text) => text.eq_ignore_ascii_case("kb+jwt"),
            other => other.value("kb+jwt").0,
        };
        if let (_, Some(typ)) = typ.value("kb+jwt") {
            header.insert("typ".into(), typ);
        }
        let mut claims = Map::new();
        let mut valid = typ_ok;
        for (name, right, field) in [("aud", VERIFIER, aud), ("nonce", NONCE, nonce)] {
            let (ok, value) = field.value(right);
            valid &= ok;
            if let Some(value) = value {
                claims.insert(name.into(), value);
            }
        }
        let now = now();
        // Whether `iat` is fresh: unknown near now (the leeway decides).
        let (iat, fresh) = match iat {
            Iat::Now => (now, Some(true)),
            Iat::HourAgo => (now - 3600, Some(false)),
            Iat::HourAhead => (now + 3600, Some(false)),
            Iat::Any(t) if t.abs_diff(now) > 3600 => (*t, Some(false)),
            Iat::Any(t) => (*t, None),
        };
        valid &= fresh != Some(false);
        let unknown = fresh.is_none();
        claims.insert("iat".into(), json!(iat));
        let over_jwt = format!("{jwt}~");
        let (hash_ok, hash) = match sd_hash {
            SdHash::Right => (true, Some(digest(prefix))),
            SdHash::OverJwtOnly => (prefix == over_jwt, Some(digest(&over_jwt))),
            SdHash::Absent => (false, None),
            SdHash::Wrong(text) => (*text == digest(prefix), Some((*text).to_owned())),
        };
        valid &= hash_ok;
        if let Some(hash) = hash {
            claims.insert("sd_hash".into(), json!(hash));
        }
        let signer = if *by_stranger {
            &fixture.stranger
        } else {
            &fixture.holder
        };
        valid &= alg.is_none_or(|a| a == "EdDSA")
            && cnf.is_some_and(|cnf| *cnf == json!({"jwk": ed25519_jwk(signer)}));
        let kb = compact(
            Value::Object(header).to_string().as_bytes(),
            Value::Object(claims).to_string().as_bytes(),
            |input| signer.sign(input).to_bytes().to_vec(),
        );
        let state = match (valid, unknown) {
            (false, _) => KbState::Invalid,
            (true, true) => KbState::Unknown,
            (true, false) => KbState::Valid,
        };
        (Some(kb), state)
    }
}

impl Presentation<'_> {
    fn build(&self, fixture: &Fixture) -> (String, Built) {
        let serialized: Vec<String> = self.disclosures.iter().map(Disclosure::serialize).collect();
        let claims = self.issuer.claims(fixture, &serialized);
        let payload = match self.issuer.raw_payload {
            Some(raw) => raw.to_vec(),
            None => Value::Object(claims.clone()).to_string().into_bytes(),
        };
        let header = self.issuer.header.unwrap_or(SD_HEADER.as_bytes());
        let jwt = compact(header, &payload, hs256);
        let mut out = format!("{jwt}~");
        let chosen: Vec<usize> = if self.presented.is_empty() {
            (0..serialized.len()).collect()
        } else if serialized.is_empty() {
            Vec::new()
        } else {
            self.presented
                .iter()
                .map(|&i| usize::from(i) % serialized.len())
                .collect()
        };
        let mut presented = Vec::with_capacity(chosen.len());
        for i in chosen {
            out.push_str(&serialized[i]);
            out.push('~');
            let parsed = match &self.disclosures[i] {
                Disclosure::Array { name, value, .. } => value
                    .to_value()
                    .map(|value| (name.as_str().to_owned(), value)),
                _ => None,
            };
            presented.push((serialized[i].clone(), parsed));
        }
        let (kb_jwt, kb) = self.kb.build(fixture, &out, &jwt, claims.get("cnf"));
        if let Some(kb_jwt) = kb_jwt {
            out.push_str(&kb_jwt);
        }
        let built = Built {
            claims: self.issuer.raw_payload.is_none().then_some(claims),
            presented,
            kb,
        };
        (out, built)
    }
}

impl Built {
    /// A successful verification under `binding` agrees with what was built.
    fn check(&self, verified: &Holder, binding: &KeyBinding<'_>) {
        match binding {
            KeyBinding::None => assert_eq!(self.kb, KbState::Absent, "a KB-JWT passed unchecked"),
            KeyBinding::Required { .. } => assert!(
                matches!(self.kb, KbState::Valid | KbState::Unknown),
                "a missing or invalid KB-JWT passed"
            ),
            _ => assert_ne!(self.kb, KbState::Invalid, "an invalid KB-JWT passed"),
        }
        assert!(verified.password_hash.is_none());
        let Some(claims) = &self.claims else {
            return;
        };
        for name in DISCLOSABLE {
            assert!(!claims.contains_key(name), "{name} in the clear passed");
        }
        assert!(
            !claims.contains_key("password_hash"),
            "a forbidden claim passed"
        );
        if let Some(alg) = claims.get("_sd_alg") {
            assert_eq!(alg, "sha-256", "another _sd_alg passed");
        }
        let sd: Vec<&str> = match claims.get("_sd") {
            None => Vec::new(),
            Some(sd) => sd
                .as_array()
                .expect("a non-array _sd passed")
                .iter()
                .map(|d| d.as_str().expect("a non-string digest passed"))
                .collect(),
        };
        let mut sorted = sd.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), sd.len(), "a repeated digest passed");
        let mut names = Vec::new();
        for (i, (serialized, parsed)) in self.presented.iter().enumerate() {
            assert!(
                !self.presented[..i]
                    .iter()
                    .any(|(earlier, _)| earlier == serialized),
                "a disclosure presented twice passed"
            );
            assert!(
                sd.contains(&digest(serialized).as_str()),
                "an unreferenced disclosure passed"
            );
            let Some((name, value)) = parsed else {
                continue;
            };
            assert!(
                !NOT_DISCLOSABLE.contains(&name.as_str()),
                "a disclosure of a claim not declared disclosable passed: {name:?}"
            );
            assert!(
                !claims.contains_key(name),
                "a disclosed claim also in the clear passed"
            );
            assert!(!names.contains(name), "a repeated disclosed name passed");
            names.push(name.clone());
            match name.as_str() {
                "email" => assert_eq!(
                    verified.email.as_ref(),
                    value.as_str().map(str::to_owned).as_ref()
                ),
                "phone" => assert_eq!(verified.phone.get().map(String::as_str), value.as_str()),
                "address" => assert_eq!(verified.address.is_some(), !value.is_null()),
                _ => {}
            }
        }
        // Only what was disclosed comes back.
        if !self.presented.iter().any(|(_, parsed)| parsed.is_none()) {
            let disclosed = |name: &str| names.iter().any(|n| n == name);
            let present = [
                ("email", verified.email.is_some()),
                ("phone", verified.phone.is_disclosed()),
                ("address", verified.address.is_some()),
            ];
            for (name, present) in present {
                assert!(!present || disclosed(name), "{name} appeared undisclosed");
            }
        }
    }
}

/// Applies one character edit, on a character boundary.
fn edit(text: &mut String, edit: &Edit) {
    let at = |i: u16, text: &String| {
        let mut i = usize::from(i) % (text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match *edit {
        Edit::Insert(i, c) => {
            let i = at(i, text);
            text.insert(i, c);
        }
        Edit::Replace(i, c) => {
            let i = at(i, text);
            if i < text.len() {
                text.remove(i);
                text.insert(i, c);
            }
        }
        Edit::Remove(i) => {
            let i = at(i, text);
            if i < text.len() {
                text.remove(i);
            }
        }
        Edit::Truncate(i) => {
            let i = at(i, text);
            text.truncate(i);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let fixture = &*FIXTURE;

    // 1. The bytes as a presentation.
    let text = String::from_utf8_lossy(data);
    for choice in 0..3 {
        let _ = fixture.keys.verify_sd::<Holder>(&text, &binding(choice));
    }

    // 2. The bytes as a description of a presentation, validly signed.
    let Ok(presentation) = Presentation::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let (mut text, built) = presentation.build(fixture);
    let binding = binding(presentation.binding);
    if let Some(e) = &presentation.edit {
        edit(&mut text, e);
        let _ = fixture.keys.verify_sd::<Holder>(&text, &binding);
        return;
    }
    if let Ok(verified) = fixture.keys.verify_sd::<Holder>(&text, &binding) {
        built.check(&verified, &binding);
    }
});
