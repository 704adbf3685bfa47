//! Round trips through `Keys::encode` and `Keys::decode` for every protection
//! and struct shape, the registered claims, smaller and verify-only readers,
//! `EdDSA`, and interoperability with plain `jsonwebtoken`.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::fmt::Debug;
use std::time::Duration;

use claims_core::{
    Algorithm, ClaimValue, Claims, Error, Hashed, KeyKind, Keys, Pii, PiiKey, Protection,
    SigningKey, Verified,
};
use common::{
    AUDIENCE, ISSUER, PII_KID, SIG_KID, Session, builder, claim_str, forge, hs256_key, keys,
    keys_eddsa, keys_without_pii, now, payload, payload_text, pii_key_a, secrets, segments,
    session, split_wire,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Address {
    street: String,
    city: String,
    postcode: String,
}

fn address() -> Address {
    Address {
        street: "1 Test Street".into(),
        city: "Exampleton".into(),
        postcode: "EX1 1AA".into(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ClaimValue)]
enum Plan {
    Free,
    Pro { seats: u32 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ClaimValue)]
struct Limits {
    rps: u32,
    burst: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ClaimValue)]
struct Org {
    id: String,
    plan: Plan,
    limits: Limits,
    parent: Option<Box<Org>>,
}

fn org() -> Org {
    Org {
        id: "org-42".into(),
        plan: Plan::Pro { seats: 12 },
        limits: Limits { rps: 10, burst: 20 },
        parent: Some(Box::new(Org {
            id: "org-1".into(),
            plan: Plan::Free,
            limits: Limits { rps: 1, burst: 1 },
            parent: None,
        })),
    }
}

/// Seventeen fields: every protection, several types of each.
#[derive(Claims)]
struct Wide {
    #[claim(hashed)]
    sub: Hashed<String>,
    #[claim(hashed)]
    account: Hashed<u64>,
    #[claim(encrypted)]
    email: Pii<String>,
    #[claim(encrypted)]
    phone: String,
    #[claim(encrypted)]
    address: Address,
    #[claim(encrypted)]
    aliases: Pii<Vec<String>>,
    #[claim(public)]
    role: String,
    #[claim(public)]
    scopes: Vec<String>,
    #[claim(public)]
    tenant_id: u32,
    #[claim(public)]
    admin: bool,
    #[claim(public)]
    quota: f64,
    #[claim(public)]
    org: Org,
    #[claim(
        public,
        dynamic = "deployment labels operators set, never a person's data"
    )]
    labels: BTreeMap<String, String>,
    #[claim(public)]
    note: Option<String>,
    #[claim(public)]
    motto: String,
    #[claim(forbidden)]
    password_hash: Option<String>,
    #[claim(forbidden)]
    session_secret: String,
}

fn wide() -> Wide {
    Wide {
        sub: Hashed::new("u-123".into()),
        account: Hashed::new(4_242),
        email: Pii::new("alice@example.invalid".into()),
        phone: "+44 20 7946 0000".into(),
        address: address(),
        aliases: Pii::new(vec!["al".into(), "ally".into()]),
        role: "admin".into(),
        scopes: vec!["orders:read".into(), "orders:write".into()],
        tenant_id: 7,
        admin: true,
        quota: 0.25,
        org: org(),
        labels: BTreeMap::from([("tier".into(), "gold".into()), ("zone".into(), "eu".into())]),
        note: Some("quoted \"text\" \\ and\nnewline".into()),
        motto: "Zoë says 你好 🦀".into(),
        password_hash: Some("never-in-a-token".into()),
        session_secret: "never-either".into(),
    }
}

#[test]
fn wide_struct_round_trips_every_field() {
    let keys = keys();
    let token = keys.encode(&wide()).expect("encodes");
    let v = keys.decode::<Wide>(&token).expect("decodes");
    assert_eq!(
        v.sub.pseudonym(),
        Some(&keys.pseudonym("sub", "u-123").expect("pseudonym"))
    );
    assert_eq!(
        v.account.pseudonym(),
        Some(&keys.pseudonym("account", &4_242u64).expect("pseudonym"))
    );
    assert_eq!(v.email.expose(), "alice@example.invalid");
    assert_eq!(v.phone, "+44 20 7946 0000");
    assert_eq!(v.address, address());
    assert_eq!(v.aliases.expose(), &["al", "ally"]);
    assert_eq!(v.role, "admin");
    assert_eq!(v.scopes, ["orders:read", "orders:write"]);
    assert_eq!(v.tenant_id, 7);
    assert!(v.admin);
    assert!((v.quota - 0.25).abs() < f64::EPSILON);
    assert_eq!(v.org, org());
    assert_eq!(v.labels, wide().labels);
    assert_eq!(v.note.as_deref(), Some("quoted \"text\" \\ and\nnewline"));
    assert_eq!(v.motto, "Zoë says 你好 🦀");
    // Forbidden fields come back as `Default`.
    assert_eq!(v.password_hash, None);
    assert_eq!(v.session_secret, "");
}

#[test]
fn wide_struct_payload_has_exactly_the_expected_claims_in_order() {
    let token = keys().encode(&wide()).expect("encodes");
    let expected = [
        "iss",
        "aud",
        "iat",
        "nbf",
        "exp",
        "jti",
        "sub",
        "account",
        "email",
        "phone",
        "address",
        "aliases",
        "role",
        "scopes",
        "tenant_id",
        "admin",
        "quota",
        "org",
        "labels",
        "note",
        "motto",
    ];
    let payload = payload(&token);
    let names: HashSet<&str> = payload
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(names, expected.iter().copied().collect::<HashSet<_>>());
    // FORMAT.md §6: registered claims first, then fields in declaration order.
    let text = payload_text(&token);
    let positions: Vec<usize> = expected
        .iter()
        .map(|name| text.find(&format!(r#""{name}":"#)).expect(name))
        .collect();
    assert!(positions.is_sorted(), "claim order {positions:?}");
    assert!(text.starts_with(r#"{"iss":"#));
    for protected in ["sub", "account"] {
        assert!(claim_str(&token, protected).starts_with("h1.pii-1."));
    }
    for protected in ["email", "phone", "address", "aliases"] {
        assert!(claim_str(&token, protected).starts_with("e1.pii-1."));
    }
    assert_eq!(payload["tenant_id"], json!(7));
    assert_eq!(payload["admin"], json!(true));
    assert_eq!(payload["scopes"], json!(["orders:read", "orders:write"]));
}

#[test]
fn wide_struct_policy_lists_every_field() {
    let policy = Wide::POLICY;
    assert_eq!(policy.len(), 17);
    let names: Vec<&str> = policy.iter().map(|f| f.name).collect();
    assert_eq!(names[..3], ["sub", "account", "email"]);
    assert_eq!(names[16], "session_secret");
    let count = |p: fn(&Protection) -> bool| policy.iter().filter(|f| p(&f.protection)).count();
    assert_eq!(count(|p| matches!(p, Protection::Hashed { .. })), 2);
    assert_eq!(count(|p| *p == Protection::Encrypted), 4);
    assert_eq!(count(|p| *p == Protection::Public), 9);
    assert_eq!(count(|p| *p == Protection::Forbidden), 2);
    assert!(policy.iter().all(|f| f.name == f.wire_name));
}

#[test]
fn nested_public_structs_travel_as_json() {
    let token = keys().encode(&wide()).expect("encodes");
    let payload = payload(&token);
    assert_eq!(payload["org"]["id"], json!("org-42"));
    assert_eq!(payload["org"]["plan"], json!({"Pro": {"seats": 12}}));
    assert_eq!(payload["org"]["limits"]["rps"], json!(10));
    assert_eq!(payload["org"]["parent"]["plan"], json!("Free"));
    assert_eq!(payload["org"]["parent"]["parent"], Value::Null);
    assert_eq!(payload["labels"], json!({"tier": "gold", "zone": "eu"}));
}

#[derive(Claims)]
struct Optional {
    #[claim(public)]
    theme: Option<String>,
    #[claim(public)]
    level: Option<u8>,
    #[claim(encrypted)]
    phone: Option<String>,
    #[claim(encrypted)]
    email: Pii<Option<String>>,
    #[claim(hashed)]
    referrer: Hashed<Option<String>>,
}

#[test]
fn option_fields_round_trip_when_some() {
    let keys = keys();
    let token = keys
        .encode(&Optional {
            theme: Some("dark".into()),
            level: Some(3),
            phone: Some("+1 555 0100".into()),
            email: Pii::new(Some("bob@example.invalid".into())),
            referrer: Hashed::new(Some("u-9".into())),
        })
        .expect("encodes");
    let payload = payload(&token);
    assert_eq!(payload["theme"], json!("dark"));
    assert_eq!(payload["level"], json!(3));
    let v = keys.decode::<Optional>(&token).expect("decodes");
    assert_eq!(v.theme.as_deref(), Some("dark"));
    assert_eq!(v.level, Some(3));
    assert_eq!(v.phone.as_deref(), Some("+1 555 0100"));
    assert_eq!(v.email.expose().as_deref(), Some("bob@example.invalid"));
    let expected = keys.pseudonym("referrer", &Some("u-9")).expect("pseudonym");
    assert_eq!(v.referrer.pseudonym(), Some(&expected));
}

#[test]
fn option_fields_round_trip_when_none() {
    let keys = keys();
    let token = keys
        .encode(&Optional {
            theme: None,
            level: None,
            phone: None,
            email: Pii::new(None),
            referrer: Hashed::new(None),
        })
        .expect("encodes");
    let payload = payload(&token);
    // A `None` public field is left out (FORMAT.md §6) ...
    assert!(payload.get("theme").is_none(), "{payload}");
    assert!(payload.get("level").is_none(), "{payload}");
    // ... an encrypted one is always present: `null`, padded and encrypted
    // (FORMAT.md §3), as long as a short value.
    for claim in ["phone", "email"] {
        let wire = claim_str(&token, claim);
        let (prefix, kid, body) = split_wire(&wire);
        assert_eq!((prefix, kid), ("e1", PII_KID));
        assert_eq!(body.len(), 28 + 16, "{claim}");
    }
    let v = keys.decode::<Optional>(&token).expect("decodes");
    assert_eq!(v.theme, None);
    assert_eq!(v.level, None);
    assert_eq!(v.phone, None);
    assert_eq!(*v.email.expose(), None);
    let none: Option<String> = None;
    assert_eq!(
        v.referrer.pseudonym(),
        Some(&keys.pseudonym("referrer", &none).expect("pseudonym"))
    );
}

#[test]
fn absent_optional_public_claim_decodes_as_none() {
    let keys = keys();
    let token = keys
        .encode(&Optional {
            theme: Some("dark".into()),
            level: Some(1),
            phone: None,
            email: Pii::new(None),
            referrer: Hashed::new(None),
        })
        .expect("encodes");
    let token = forge(&token, |p| {
        p.as_object_mut().expect("object").remove("theme");
    });
    let v = keys.decode::<Optional>(&token).expect("decodes");
    assert_eq!(v.theme, None);
    assert_eq!(v.level, Some(1));
}

#[derive(Claims)]
struct Renamed {
    #[claim(hashed, rename = "uid")]
    user: Hashed<String>,
    #[claim(encrypted, rename = "em")]
    email: Pii<String>,
    #[claim(public, rename = "r")]
    role: String,
    #[claim(forbidden, rename = "pw")]
    password_hash: Option<String>,
}

fn renamed() -> Renamed {
    Renamed {
        user: Hashed::new("u-7".into()),
        email: Pii::new("carol@example.invalid".into()),
        role: "viewer".into(),
        password_hash: None,
    }
}

#[test]
fn renamed_claims_use_their_wire_names() {
    let keys = keys();
    let token = keys.encode(&renamed()).expect("encodes");
    let payload = payload(&token);
    for wire in ["uid", "em", "r"] {
        assert!(payload.get(wire).is_some(), "{wire} in {payload}");
    }
    for rust in ["user", "email", "role", "password_hash", "pw"] {
        assert!(payload.get(rust).is_none(), "{rust} in {payload}");
    }
    assert_eq!(payload["r"], json!("viewer"));
    let v = keys.decode::<Renamed>(&token).expect("decodes");
    assert_eq!(v.email.expose(), "carol@example.invalid");
    assert_eq!(v.role, "viewer");
    assert_eq!(v.password_hash, None);
    // The default hashing domain is the wire name.
    assert_eq!(
        v.user.pseudonym(),
        Some(&keys.pseudonym("uid", "u-7").expect("pseudonym"))
    );
    assert_ne!(
        v.user.pseudonym(),
        Some(&keys.pseudonym("user", "u-7").expect("pseudonym"))
    );
}

#[test]
fn renamed_policy_records_both_names() {
    let wire: Vec<(&str, &str)> = Renamed::POLICY
        .iter()
        .map(|f| (f.name, f.wire_name))
        .collect();
    assert_eq!(
        wire,
        [
            ("user", "uid"),
            ("email", "em"),
            ("role", "r"),
            ("password_hash", "pw")
        ]
    );
    assert_eq!(
        Renamed::POLICY[0].protection,
        Protection::Hashed { domain: "uid" }
    );
}

#[test]
fn renamed_forbidden_claim_is_checked_by_wire_name() {
    let keys = keys();
    let token = keys.encode(&renamed()).expect("encodes");
    let with_pw = forge(&token, |p| p["pw"] = json!("x"));
    assert_eq!(
        keys.decode::<Renamed>(&with_pw).map(drop),
        Err(Error::ForbiddenClaim { claim: "pw" })
    );
    // The Rust name is not a claim of this struct: ignored like any other.
    let with_rust_name = forge(&token, |p| p["password_hash"] = json!("x"));
    assert_eq!(keys.decode::<Renamed>(&with_rust_name).map(drop), Ok(()));
}

#[test]
fn renamed_encrypted_claim_is_bound_to_its_wire_name() {
    let keys = keys();
    let token = keys.encode(&renamed()).expect("encodes");
    // A Session's `email` ciphertext is bound to "email", not "em".
    let other = keys.encode(&session()).expect("encodes");
    let moved = forge(&token, |p| p["em"] = json!(claim_str(&other, "email")));
    assert_eq!(
        keys.decode::<Renamed>(&moved).map(drop),
        Err(Error::Decrypt { claim: "em" })
    );
}

#[derive(Claims)]
struct Envelope<T, U, K>
where
    T: Serialize + DeserializeOwned + Debug,
    U: Serialize + DeserializeOwned,
    K: Serialize,
{
    #[claim(public)]
    data: T,
    #[claim(encrypted)]
    sealed: U,
    #[claim(hashed)]
    key: Hashed<K>,
    #[claim(public)]
    kind: String,
}

#[test]
fn generic_structs_round_trip() {
    let keys = keys();
    let token = keys
        .encode(&Envelope {
            data: vec![1u32, 2, 3],
            sealed: address(),
            key: Hashed::new(99u64),
            kind: "numbers".into(),
        })
        .expect("encodes");
    let v: Verified<Envelope<Vec<u32>, Address, u64>> = keys.decode(&token).expect("decodes");
    assert_eq!(v.data, [1, 2, 3]);
    assert_eq!(v.sealed, address());
    assert!(v.key.matches(&keys, &99).expect("matches"));
    assert_eq!(v.kind, "numbers");

    let token = keys
        .encode(&Envelope {
            data: "text".to_string(),
            sealed: vec!["a".to_string(), "b".to_string()],
            key: Hashed::new("k".to_string()),
            kind: "strings".into(),
        })
        .expect("encodes");
    assert!(claim_str(&token, "sealed").starts_with("e1."));
    let v: Verified<Envelope<String, Vec<String>, String>> = keys.decode(&token).expect("decodes");
    assert_eq!(v.data, "text");
    assert_eq!(v.sealed, ["a", "b"]);
    assert_eq!(
        v.key.pseudonym(),
        Some(&keys.pseudonym("key", "k").expect("pseudonym"))
    );
}

#[test]
fn session_round_trips_per_design() {
    let keys = keys();
    let token = keys.encode(&session()).expect("encodes");
    let verified: Verified<Session> = keys.decode(&token).expect("decodes");
    assert_eq!(verified.email.expose(), "alice@example.invalid");
    assert_eq!(verified.role, "admin");
    assert_eq!(verified.password_hash, None);
    assert_eq!(
        verified.sub.pseudonym(),
        Some(
            &keys
                .pseudonym("sub", &"u-123".to_string())
                .expect("pseudonym")
        )
    );
    assert_eq!(verified.sub.clear(), None);
    let inner: Session = verified.into_inner();
    assert_eq!(inner.role, "admin");
}

#[test]
fn forbidden_field_never_reaches_the_token() {
    let mut s = session();
    s.password_hash = Some("argon2id$not-a-real-hash".into());
    let token = keys().encode(&s).expect("encodes");
    assert!(payload(&token).get("password_hash").is_none());
    assert!(!payload_text(&token).contains("argon2id"));
    let v = keys().decode::<Session>(&token).expect("decodes");
    assert_eq!(v.password_hash, None);
}

#[test]
fn registered_claims_are_set_and_returned() {
    let keys = builder()
        .lifetime(Duration::from_secs(120))
        .signing_key(hs256_key())
        .pii_key(pii_key_a())
        .build()
        .expect("keys");
    let before = now();
    let token = keys.encode(&session()).expect("encodes");
    let after = now();
    let verified = keys.decode::<Session>(&token).expect("decodes");
    let reg = verified.registered();
    assert_eq!(reg.iss, ISSUER);
    assert_eq!(reg.aud, vec![AUDIENCE.to_string()]);
    assert!(
        (before..=after).contains(&reg.iat),
        "iat {} not in {before}..={after}",
        reg.iat
    );
    assert_eq!(reg.nbf, reg.iat);
    assert_eq!(reg.exp - reg.iat, 120);
    assert_eq!(reg.jti.len(), 22);
    assert!(
        reg.jti
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "{}",
        reg.jti
    );
    // The payload says the same.
    let payload = payload(&token);
    assert_eq!(payload["iss"], json!(ISSUER));
    assert_eq!(payload["aud"], json!(AUDIENCE));
    assert_eq!(payload["exp"], json!(reg.exp));
    assert_eq!(payload["jti"], json!(reg.jti));
    assert_eq!(keys.issuer(), ISSUER);
    assert_eq!(keys.audience(), AUDIENCE);
}

#[test]
fn default_lifetime_is_five_minutes() {
    let keys = keys();
    let v = keys
        .decode::<Session>(&keys.encode(&session()).expect("encodes"))
        .expect("decodes");
    assert_eq!(v.registered().exp - v.registered().iat, 300);
    assert_eq!(claims_core::DEFAULT_LIFETIME, Duration::from_secs(300));
}

#[test]
fn jti_is_distinct_across_tokens() {
    let keys = keys();
    let jtis: HashSet<String> = (0..200)
        .map(|_| {
            let token = keys.encode(&session()).expect("encodes");
            keys.decode::<Session>(&token)
                .expect("decodes")
                .registered()
                .jti
                .clone()
        })
        .collect();
    assert_eq!(jtis.len(), 200);
}

#[derive(Claims)]
struct RoleOnly {
    #[claim(public)]
    role: String,
}

#[derive(Claims)]
struct SubAndRole {
    #[claim(hashed)]
    sub: Hashed<String>,
    #[claim(public)]
    role: String,
}

#[test]
fn a_smaller_struct_decodes_a_bigger_token() {
    let keys = keys();
    let token = keys.encode(&wide()).expect("encodes");
    let v = keys.decode::<RoleOnly>(&token).expect("decodes");
    assert_eq!(v.role, "admin");
    let v = keys.decode::<SubAndRole>(&token).expect("decodes");
    assert_eq!(v.role, "admin");
    assert!(v.sub.matches(&keys, &"u-123".to_string()).expect("matches"));
}

#[test]
fn keys_without_pii_key_verify_and_read_public_and_hashed_claims() {
    let token = keys().encode(&session()).expect("encodes");
    let verify_only = keys_without_pii();
    let v = verify_only
        .decode::<SubAndRole>(&token)
        .expect("verify-only decodes");
    assert_eq!(v.role, "admin");
    assert_eq!(
        v.sub.pseudonym(),
        Some(&keys().pseudonym("sub", "u-123").expect("pseudonym"))
    );
    // It still checks the signature and every registered claim.
    let expired = forge(&token, |p| p["exp"] = json!(now() - 3_600));
    assert_eq!(
        verify_only.decode::<SubAndRole>(&expired).map(drop),
        Err(Error::Expired)
    );
    // But it cannot decrypt.
    assert_eq!(
        verify_only.decode::<Session>(&token).map(drop),
        Err(Error::MissingPiiKey { claim: "email" })
    );
}

#[test]
fn keys_without_pii_key_encode_public_only_structs() {
    let verify_only = keys_without_pii();
    let token = verify_only
        .encode(&RoleOnly {
            role: "auditor".into(),
        })
        .expect("encodes");
    assert_eq!(
        keys().decode::<RoleOnly>(&token).expect("decodes").role,
        "auditor"
    );
    assert_eq!(
        verify_only.encode(&session()).map(drop),
        Err(Error::MissingPiiKey { claim: "sub" })
    );
}

#[test]
fn eddsa_round_trip() {
    let keys = keys_eddsa();
    let token = keys.encode(&session()).expect("encodes");
    let header = common::header(&token);
    assert_eq!(
        header,
        json!({"alg": "EdDSA", "typ": "JWT", "kid": SIG_KID})
    );
    assert_eq!(common::unb64(segments(&token)[2]).len(), 64);
    let v = keys.decode::<Session>(&token).expect("decodes");
    assert_eq!(v.email.expose(), "alice@example.invalid");
    assert_eq!(v.role, "admin");
    assert_eq!(
        v.sub.pseudonym(),
        Some(&keys.pseudonym("sub", "u-123").expect("pseudonym"))
    );
}

#[test]
fn eddsa_pem_key_signs_like_the_seed_key() {
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        base64_std(&common::ed25519_pkcs8_der())
    );
    let from_pem = builder()
        .signing_key(SigningKey::from_pem(SIG_KID, Algorithm::EdDSA, &pem).expect("PEM key"))
        .pii_key(pii_key_a())
        .build()
        .expect("keys");
    let token = from_pem.encode(&session()).expect("encodes");
    // The same key: the seed-built `Keys` verifies what the PEM-built one signed.
    assert_eq!(keys_eddsa().decode::<Session>(&token).map(drop), Ok(()));
}

fn base64_std(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn hs256_header_is_exactly_the_documented_one() {
    let token = keys().encode(&session()).expect("encodes");
    assert_eq!(
        String::from_utf8(common::unb64(segments(&token)[0])).expect("UTF-8"),
        common::HS256_HEADER
    );
    assert_eq!(common::unb64(segments(&token)[2]).len(), 32);
}

// --- interoperability with plain jsonwebtoken ----------------------------------

#[test]
fn our_hs256_token_verifies_with_jsonwebtoken() {
    let token = keys().encode(&session()).expect("encodes");
    let data = jsonwebtoken::decode::<Value>(
        &token,
        &jsonwebtoken::DecodingKey::from_secret(&secrets().hs256),
        &common::jwt_validation(jsonwebtoken::Algorithm::HS256),
    )
    .expect("jsonwebtoken accepts our token");
    assert_eq!(data.header.kid.as_deref(), Some(SIG_KID));
    assert_eq!(data.header.typ.as_deref(), Some("JWT"));
    assert_eq!(data.claims["role"], json!("admin"));
    assert!(
        data.claims["sub"]
            .as_str()
            .expect("sub")
            .starts_with("h1.pii-1.")
    );
    assert!(
        data.claims["email"]
            .as_str()
            .expect("email")
            .starts_with("e1.pii-1.")
    );
    // And jsonwebtoken rejects it under another secret: the check is real.
    let wrong = jsonwebtoken::decode::<Value>(
        &token,
        &jsonwebtoken::DecodingKey::from_secret(&[0u8; 32]),
        &common::jwt_validation(jsonwebtoken::Algorithm::HS256),
    );
    assert!(wrong.is_err());
}

#[test]
fn our_eddsa_token_verifies_with_jsonwebtoken() {
    let token = keys_eddsa().encode(&session()).expect("encodes");
    let key = jsonwebtoken::DecodingKey::from_jwk(&common::ed25519_public_jwk()).expect("JWK");
    let data = jsonwebtoken::decode::<Value>(
        &token,
        &key,
        &common::jwt_validation(jsonwebtoken::Algorithm::EdDSA),
    )
    .expect("jsonwebtoken accepts our EdDSA token");
    assert_eq!(data.header.alg, jsonwebtoken::Algorithm::EdDSA);
    assert_eq!(data.claims["aud"], json!(AUDIENCE));
    assert_eq!(data.claims["role"], json!("admin"));
}

/// The claims of a token made by `jsonwebtoken` alone, with a pseudonym and
/// an encrypted value produced by `claims`.
fn foreign_claims(keys: &Keys) -> Value {
    let now = now();
    let email = claim_str(&keys.encode(&session()).expect("encodes"), "email");
    json!({
        "iss": ISSUER,
        "aud": ["billing-api", AUDIENCE],
        "iat": now,
        "nbf": now,
        "exp": now + 60,
        "jti": "interop-jti-1",
        "sub": keys.pseudonym("sub", "u-123").expect("pseudonym").as_str(),
        "email": email,
        "role": "admin",
        "scope": "not declared, ignored",
    })
}

#[test]
fn jsonwebtoken_hs256_token_decodes_with_ours() {
    let keys = keys();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(SIG_KID.into());
    let token = jsonwebtoken::encode(
        &header,
        &foreign_claims(&keys),
        &jsonwebtoken::EncodingKey::from_secret(&secrets().hs256),
    )
    .expect("jsonwebtoken encodes");
    let v = keys.decode::<Session>(&token).expect("we accept it");
    assert_eq!(v.email.expose(), "alice@example.invalid");
    assert_eq!(v.role, "admin");
    assert!(v.sub.matches(&keys, &"u-123".to_string()).expect("matches"));
    assert_eq!(v.registered().jti, "interop-jti-1");
    assert_eq!(v.registered().aud, ["billing-api", AUDIENCE]);
}

#[test]
fn jsonwebtoken_eddsa_token_decodes_with_ours() {
    let keys = keys_eddsa();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    header.kid = Some(SIG_KID.into());
    let token = jsonwebtoken::encode(
        &header,
        &foreign_claims(&keys),
        &common::jwt_ed25519_encoding_key(),
    )
    .expect("jsonwebtoken encodes");
    let v = keys.decode::<Session>(&token).expect("we accept it");
    assert_eq!(v.email.expose(), "alice@example.invalid");
    assert_eq!(v.role, "admin");
}

#[test]
fn jsonwebtoken_token_without_kid_or_jti_is_rejected() {
    let keys = keys();
    let secret = jsonwebtoken::EncodingKey::from_secret(&secrets().hs256);
    let no_kid = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &foreign_claims(&keys),
        &secret,
    )
    .expect("encodes");
    assert_eq!(
        keys.decode::<Session>(&no_kid).map(drop),
        Err(Error::MissingKeyId)
    );
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(SIG_KID.into());
    let mut claims = foreign_claims(&keys);
    claims.as_object_mut().expect("object").remove("jti");
    let no_jti = jsonwebtoken::encode(&header, &claims, &secret).expect("encodes");
    assert_eq!(
        keys.decode::<Session>(&no_jti).map(drop),
        Err(Error::MissingClaim { claim: "jti" })
    );
}

// --- configuration ----------------------------------------------------------------

#[test]
fn keys_builder_rejects_incomplete_or_inconsistent_configuration() {
    let sig = hs256_key;
    let config = |r: Result<Keys, Error>| matches!(r, Err(Error::Config(_)));
    assert!(config(
        Keys::builder()
            .audience(AUDIENCE)
            .signing_key(sig())
            .build()
    ));
    assert!(config(
        Keys::builder().issuer(ISSUER).signing_key(sig()).build()
    ));
    assert!(config(builder().build()));
    assert!(config(builder().issuer("").signing_key(sig()).build()));
    assert!(config(
        builder()
            .signing_key(sig())
            .signing_key(common::ed25519_key())
            .build()
    ));
    assert!(config(
        builder()
            .signing_key(sig())
            .pii_key(pii_key_a())
            .pii_key(pii_key_a())
            .build()
    ));
    assert!(config(
        builder()
            .lifetime(Duration::from_secs(7_200))
            .signing_key(sig())
            .build()
    ));
    assert!(config(
        builder()
            .lifetime(Duration::ZERO)
            .signing_key(sig())
            .build()
    ));
    assert!(config(
        builder().max_token_size(0).signing_key(sig()).build()
    ));
    assert!(builder().signing_key(sig()).build().is_ok());
}

#[test]
fn key_constructors_reject_bad_material_and_kids() {
    let key = |r: Result<(), Error>| matches!(r, Err(Error::Key(_)));
    assert!(key(SigningKey::hs256("sig-1", &[7u8; 31]).map(drop)));
    assert!(key(SigningKey::hs256("", &[7u8; 32]).map(drop)));
    assert!(key(SigningKey::hs256("sig 1", &[7u8; 32]).map(drop)));
    assert!(key(SigningKey::hs256(&"k".repeat(33), &[7u8; 32]).map(drop)));
    assert!(key(SigningKey::from_pem(
        "sig-1",
        Algorithm::EdDSA,
        "not a pem"
    )
    .map(drop)));
    assert!(key(PiiKey::new("pii-1", &[9u8; 31]).map(drop)));
    assert!(key(PiiKey::new("pii-1", &[9u8; 33]).map(drop)));
    assert!(key(PiiKey::new("pii.1", &[9u8; 32]).map(drop)));
    assert!(SigningKey::hs256(&"k".repeat(32), &[7u8; 32]).is_ok());
}

#[test]
fn pseudonym_without_a_pii_key_is_an_error() {
    assert!(keys_without_pii().pseudonym("sub", "u-123").is_err());
}

#[test]
fn issuer_and_audience_with_json_escapes_round_trip() {
    let odd = builder()
        .issuer("https://auth.example.test/\"quoted\"\\/ü/🦀")
        .audience("api \u{1}\n")
        .signing_key(hs256_key())
        .pii_key(pii_key_a())
        .build()
        .expect("keys");
    let token = odd.encode(&session()).expect("encodes");
    let v = odd.decode::<Session>(&token).expect("decodes");
    assert_eq!(
        v.registered().iss,
        "https://auth.example.test/\"quoted\"\\/ü/🦀"
    );
    assert_eq!(v.registered().aud, ["api \u{1}\n"]);
    // And the default keys reject it: neither matches.
    assert_eq!(
        keys().decode::<Session>(&token).map(drop),
        Err(Error::Issuer)
    );
}

#[test]
fn signing_key_rotation_verifies_tokens_of_every_loaded_key() {
    let old_key = SigningKey::hs256("sig-0", &common::random_bytes::<32>()).expect("key");
    let old = builder()
        .signing_key(old_key.clone())
        .pii_key(pii_key_a())
        .build()
        .expect("keys");
    let rotated = builder()
        .signing_key(common::ed25519_key())
        .signing_key(old_key)
        .pii_key(pii_key_a())
        .build()
        .expect("keys");
    let old_token = old.encode(&session()).expect("encodes");
    assert_eq!(common::header(&old_token)["kid"], json!("sig-0"));
    let v = rotated
        .decode::<Session>(&old_token)
        .expect("old token verifies");
    assert_eq!(v.email.expose(), "alice@example.invalid");
    // New tokens are signed by the first key.
    let new_token = rotated.encode(&session()).expect("encodes");
    assert_eq!(
        common::header(&new_token),
        json!({"alg": "EdDSA", "typ": "JWT", "kid": SIG_KID})
    );
    assert_eq!(
        old.decode::<Session>(&new_token).map(drop),
        Err(Error::UnknownKey(KeyKind::Signing))
    );
}

/// No explicit bounds: the derive bounds each field by its protection.
#[derive(Claims)]
struct Bare<T, U> {
    #[claim(public)]
    data: T,
    #[claim(encrypted)]
    sealed: U,
}

#[test]
fn generic_structs_without_explicit_bounds_round_trip() {
    let keys = keys();
    let token = keys
        .encode(&Bare {
            data: vec![7u8, 8],
            sealed: Pii::new("inner".to_string()),
        })
        .expect("encodes");
    let v: Verified<Bare<Vec<u8>, Pii<String>>> = keys.decode(&token).expect("decodes");
    assert_eq!(v.data, [7, 8]);
    assert_eq!(v.sealed.expose(), "inner");
    assert_eq!(
        format!("{v:?}"),
        "Bare { data: [7, 8], sealed: <encrypted> }"
    );
}

#[test]
fn shared_types_are_send_sync_and_errors_are_std_errors() {
    fn send_sync<T: Send + Sync + 'static>() {}
    fn std_error<T: std::error::Error + Send + Sync + 'static>() {}
    send_sync::<Keys>();
    send_sync::<Verified<Session>>();
    send_sync::<claims_core::Pseudonym>();
    std_error::<Error>();
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(Error::Signature);
    assert_eq!(boxed.to_string(), "invalid token signature");
}

#[test]
fn one_keys_serves_many_threads() {
    let keys = std::sync::Arc::new(keys());
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let keys = std::sync::Arc::clone(&keys);
            std::thread::spawn(move || {
                (0..50)
                    .map(|_| {
                        let token = keys.encode(&session()).expect("encodes");
                        let v = keys.decode::<Session>(&token).expect("decodes");
                        assert_eq!(v.email.expose(), "alice@example.invalid");
                        (v.registered().jti.clone(), claim_str(&token, "email"))
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut jtis = HashSet::new();
    let mut wires = HashSet::new();
    for handle in handles {
        for (jti, wire) in handle.join().expect("thread") {
            jtis.insert(jti);
            wires.insert(wire);
        }
    }
    assert_eq!((jtis.len(), wires.len()), (200, 200));
}

// --- encoding refuses what decoding would reject ---------------------------

#[derive(Claims)]
struct Measured {
    #[claim(public)]
    ratio: f64,
}

/// `serde_json` writes a non-finite float as `null`, which the writer then
/// drops as "absent": `encode` succeeds with a token no `Keys` can decode.
#[test]
fn encode_rejects_a_public_value_that_cannot_round_trip() {
    let keys = keys();
    let result = keys.encode(&Measured { ratio: f64::NAN });
    if let Ok(token) = &result {
        let decoded = keys.decode::<Measured>(token).map(drop);
        assert_eq!(
            decoded,
            Ok(()),
            "encode accepted NaN and issued a token that fails to decode"
        );
    }
    assert_eq!(result.map(drop), Err(Error::Encode { claim: "ratio" }));
}

/// `encode` does not apply the size cap `decode` enforces: the same `Keys`
/// issues a token it then rejects as `TooLarge`.
#[test]
fn encode_refuses_a_token_its_own_decode_rejects_as_too_large() {
    let keys = keys();
    let mut s = session();
    s.role = "r".repeat(9_000);
    let result = keys.encode(&s);
    let len = result.as_ref().map_or(0, String::len);
    assert!(
        matches!(result, Err(Error::TooLarge { max: 8_192, .. })),
        "encode issued a {len}-byte token over its own 8 KiB decode cap"
    );
}
