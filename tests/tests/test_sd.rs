//! Selective disclosure (RFC 9901 SD-JWT): round trips with every subset of
//! disclosures, key binding, and hostile presentations, each asserting its
//! exact error; canaries for undisclosed values.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{
    Claims, Disclosable, DisclosureError, Error, Hashed, KeyBinding, KeyBindingError, Keys, PiiKey,
    Protection, SdJwt, SdOptions, SigningKey, Verified,
};
use serde_json::{Value, json};

const SECRET: [u8; 32] = [7; 32];
const HOLDER_SEED: [u8; 32] = [42; 32];
const EMAIL: &str = "canary.alice@example.com";
const PHONE: &str = "+44 20 7946 0999";
const AUD: &str = "https://verifier.example";
const NONCE: &str = "n-0S6_WzA2Mj";

#[derive(Claims)]
struct Session {
    #[claim(hashed)]
    sub: Hashed<String>,
    #[claim(disclosable)]
    email: Option<String>,
    #[claim(disclosable)]
    phone: Disclosable<String>,
    #[claim(public)]
    role: String,
}

/// The same claims, with `email` declared public: a disclosed `email` is refused.
#[derive(Claims)]
struct PublicEmail {
    #[claim(public, allow_pii = "test")]
    email: Option<String>,
}

#[derive(Claims)]
struct Plain {
    #[claim(public)]
    role: String,
}

fn keys() -> Keys {
    Keys::builder()
        .issuer("https://issuer.example")
        .audience("wallet")
        .signing_key(SigningKey::hs256("sig-1", &SECRET).unwrap())
        .pii_key(PiiKey::new("pii-1", &[9; 32]).unwrap())
        .build()
        .unwrap()
}

fn holder() -> SigningKey {
    SigningKey::ed25519("holder", &HOLDER_SEED).unwrap()
}

fn session() -> Session {
    Session {
        sub: Hashed::new("u-123".into()),
        email: Some(EMAIL.into()),
        phone: Disclosable::new(PHONE.into()),
        role: "admin".into(),
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn issued() -> SdJwt {
    keys().issue_sd(&session()).unwrap()
}

fn bound() -> SdJwt {
    let options = SdOptions::new().holder_key(holder().verifying_key().unwrap());
    keys().issue_sd_with(&session(), &options).unwrap()
}

fn required() -> KeyBinding<'static> {
    KeyBinding::Required {
        audience: AUD,
        nonce: NONCE,
    }
}

fn verify(presentation: &str) -> Result<Verified<Session>, Error> {
    keys().verify_sd::<Session>(presentation, &KeyBinding::None)
}

fn payload(jwt: &str) -> Value {
    let segment = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&B64.decode(segment).unwrap()).unwrap()
}

/// A JWS over `header` and `payload`, HMAC'd with the issuer's secret.
fn forge_hs256(header: &Value, payload: &Value) -> String {
    let input = format!(
        "{}.{}",
        B64.encode(header.to_string()),
        B64.encode(payload.to_string())
    );
    let sig = jsonwebtoken::crypto::sign(
        input.as_bytes(),
        &jsonwebtoken::EncodingKey::from_secret(&SECRET),
        jsonwebtoken::Algorithm::HS256,
    )
    .unwrap();
    format!("{input}.{sig}")
}

/// A KB-JWT signed by the holder with any header and claims.
fn forge_kb(header: &Value, claims: &Value) -> String {
    let mut der = hex_decode("302e020100300506032b657004220420");
    der.extend_from_slice(&HOLDER_SEED);
    let input = format!(
        "{}.{}",
        B64.encode(header.to_string()),
        B64.encode(claims.to_string())
    );
    let sig = jsonwebtoken::crypto::sign(
        input.as_bytes(),
        &jsonwebtoken::EncodingKey::from_ed_der(&der),
        jsonwebtoken::Algorithm::EdDSA,
    )
    .unwrap();
    format!("{input}.{sig}")
}

fn hex_decode(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// `base64url(SHA-256(s))`: a disclosure's digest, a KB-JWT's `sd_hash`.
fn sha(s: &str) -> String {
    use sha2::Digest as _;
    B64.encode(sha2::Sha256::digest(s.as_bytes()))
}

/// `base64url(JSON)` of a disclosure array.
fn disclosure(array: &Value) -> String {
    B64.encode(array.to_string())
}

/// The registered claims of an issuer JWT `keys()` accepts.
fn registered() -> serde_json::Map<String, Value> {
    let now = now();
    let Value::Object(map) = json!({
        "iss": "https://issuer.example", "aud": "wallet",
        "iat": now, "nbf": now, "exp": now + 300, "jti": "j-1",
    }) else {
        unreachable!()
    };
    map
}

fn sd_header() -> Value {
    json!({"alg": "HS256", "typ": "sd+jwt", "kid": "sig-1"})
}

/// An issuer JWT with `extra` claims and `_sd` over `disclosures`, plus the presentation.
fn forge_presentation(extra: &Value, sd: &[String], disclosures: &[String]) -> String {
    let mut claims = registered();
    let sub = keys().pseudonym("sub", "u-1").unwrap();
    claims.insert("sub".into(), json!(sub.as_str()));
    if let Value::Object(extra) = extra {
        claims.extend(extra.clone());
    }
    claims.insert("_sd".into(), json!(sd));
    claims.insert("_sd_alg".into(), json!("sha-256"));
    let mut out = forge_hs256(&sd_header(), &Value::Object(claims));
    out.push('~');
    for d in disclosures {
        out.push_str(d);
        out.push('~');
    }
    out
}

#[test]
fn policy_and_redaction() {
    let protections: Vec<Protection> = Session::POLICY.iter().map(|f| f.protection).collect();
    assert_eq!(protections[1], Protection::Disclosable);
    assert_eq!(protections[2], Protection::Disclosable);
    let s = session();
    let expected =
        r#"Session { sub: <hashed>, email: <disclosable>, phone: <disclosable>, role: "admin" }"#;
    assert_eq!(format!("{s:?}"), expected);
    assert_eq!(format!("{s}"), expected);
    assert_eq!(s.masked_view()["email"], "<disclosable>");
    assert_eq!(s.masked_view()["phone"], "<disclosable>");
    assert_eq!(format!("{:?}", s.phone), "<disclosable>");
}

#[test]
fn every_subset_of_disclosures_round_trips() {
    let sd = issued();
    assert_eq!(sd.disclosures(), ["email", "phone"]);
    assert!(sd.as_str().ends_with('~'));
    let reparsed = SdJwt::parse(sd.as_str()).unwrap();
    assert_eq!(reparsed.disclosures(), ["email", "phone"]);
    for names in [&[][..], &["email"], &["phone"], &["email", "phone"]] {
        let presentation = reparsed.present(names).unwrap();
        assert_eq!(presentation.matches('~').count(), names.len() + 1);
        let v = verify(&presentation).unwrap();
        assert_eq!(
            v.email.as_deref(),
            names.contains(&"email").then_some(EMAIL)
        );
        assert_eq!(
            v.phone.get().map(String::as_str),
            names.contains(&"phone").then_some(PHONE)
        );
        assert_eq!(v.phone.is_disclosed(), names.contains(&"phone"));
        assert_eq!(v.role, "admin");
        assert!(v.sub.pseudonym().is_some());
        assert_eq!(v.registered().iss, "https://issuer.example");
    }
    // The whole issuance is itself a presentation of everything.
    assert_eq!(verify(sd.as_str()).unwrap().email.as_deref(), Some(EMAIL));
}

#[test]
fn issuer_jwt_is_explicitly_typed_and_carries_digests() {
    let sd = issued();
    let header: Value = serde_json::from_slice(
        &B64.decode(sd.issuer_jwt().split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        header,
        json!({"alg": "HS256", "typ": "sd+jwt", "kid": "sig-1"})
    );
    let p = payload(sd.issuer_jwt());
    assert_eq!(p["_sd_alg"], "sha-256");
    let digests: Vec<&str> = p["_sd"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(digests.len(), 2);
    let mut sorted = digests.clone();
    sorted.sort_unstable();
    assert_eq!(digests, sorted, "digests are sorted");
    assert!(p.get("email").is_none() && p.get("phone").is_none());
    // Each disclosure is [salt (128 bits), name, value] and its digest is in `_sd`.
    let parts: Vec<&str> = sd.as_str().split('~').collect();
    for d in &parts[1..parts.len() - 1] {
        assert!(digests.contains(&sha(d).as_str()));
        let array: Value = serde_json::from_slice(&B64.decode(d).unwrap()).unwrap();
        let salt = B64.decode(array[0].as_str().unwrap()).unwrap();
        assert_eq!(salt.len(), 16);
    }
    // Fresh salts every time.
    assert_ne!(issued().as_str().split('~').nth(1), parts.get(1).copied());
}

#[test]
fn absent_values_make_no_disclosure() {
    let mut s = session();
    s.email = None;
    s.phone = Disclosable::absent();
    let sd = keys().issue_sd(&s).unwrap();
    assert!(sd.disclosures().is_empty());
    assert_eq!(payload(sd.issuer_jwt())["_sd"], json!([]));
    let v = verify(sd.as_str()).unwrap();
    assert!(v.email.is_none() && !v.phone.is_disclosed());
}

#[test]
fn decoys_count() {
    for decoys in [0, 1, 5] {
        let sd = keys()
            .issue_sd_with(&session(), &SdOptions::new().decoys(decoys))
            .unwrap();
        let p = payload(sd.issuer_jwt());
        assert_eq!(p["_sd"].as_array().unwrap().len(), 2 + decoys);
        assert_eq!(sd.disclosures().len(), 2);
        let v = verify(&sd.present(&["phone"]).unwrap()).unwrap();
        assert_eq!(v.phone.get().map(String::as_str), Some(PHONE));
    }
}

#[test]
fn key_binding_round_trip() {
    let sd = bound();
    let p = payload(sd.issuer_jwt());
    assert_eq!(p["cnf"]["jwk"]["kty"], "OKP");
    let presentation = sd
        .present_with_key_binding(&["email"], &holder(), AUD, NONCE, now())
        .unwrap();
    let kb = presentation.rsplit('~').next().unwrap();
    let kb_header: Value =
        serde_json::from_slice(&B64.decode(kb.split('.').next().unwrap()).unwrap()).unwrap();
    assert_eq!(kb_header["typ"], "kb+jwt");
    let kb_claims = payload(kb);
    let prefix = &presentation[..presentation.len() - kb.len()];
    assert_eq!(kb_claims["sd_hash"], sha(prefix));
    let v = keys()
        .verify_sd::<Session>(&presentation, &required())
        .unwrap();
    assert_eq!(v.email.as_deref(), Some(EMAIL));
    assert!(!v.phone.is_disclosed());
    // Optional accepts it with or without the KB-JWT.
    let optional = KeyBinding::Optional {
        audience: AUD,
        nonce: NONCE,
    };
    assert!(
        keys()
            .verify_sd::<Session>(&presentation, &optional)
            .is_ok()
    );
    assert!(keys().verify_sd::<Session>(prefix, &optional).is_ok());
}

fn kb_err(presentation: &str, binding: &KeyBinding<'_>) -> Error {
    keys()
        .verify_sd::<Session>(presentation, binding)
        .unwrap_err()
}

#[test]
fn key_binding_hostile() {
    let sd = bound();
    let kb = |names: &[&str], aud: &str, nonce: &str, iat: u64| {
        sd.present_with_key_binding(names, &holder(), aud, nonce, iat)
            .unwrap()
    };
    let good = kb(&["email"], AUD, NONCE, now());
    let kb_jwt = good.rsplit('~').next().unwrap().to_owned();
    // Required but missing.
    assert_eq!(
        kb_err(&sd.present(&["email"]).unwrap(), &required()),
        Error::KeyBinding(KeyBindingError::Missing)
    );
    // Present but not expected.
    assert_eq!(
        kb_err(&good, &KeyBinding::None),
        Error::KeyBinding(KeyBindingError::Unexpected)
    );
    // A KB-JWT over another presentation.
    let other = format!("{}{kb_jwt}", sd.present(&["email", "phone"]).unwrap());
    assert_eq!(
        kb_err(&other, &required()),
        Error::KeyBinding(KeyBindingError::SdHash)
    );
    // Stale nonce, wrong audience, stale iat.
    assert_eq!(
        kb_err(&kb(&["email"], AUD, "old-nonce", now()), &required()),
        Error::KeyBinding(KeyBindingError::Nonce)
    );
    assert_eq!(
        kb_err(
            &kb(&["email"], "https://other.example", NONCE, now()),
            &required()
        ),
        Error::KeyBinding(KeyBindingError::Audience)
    );
    assert_eq!(
        kb_err(&kb(&["email"], AUD, NONCE, now() - 600), &required()),
        Error::KeyBinding(KeyBindingError::Time)
    );
    assert_eq!(
        kb_err(&kb(&["email"], AUD, NONCE, now() + 600), &required()),
        Error::KeyBinding(KeyBindingError::Time)
    );
    // Missing nonce, wrong typ: forged with the holder's own key.
    let prefix = sd.present(&["email"]).unwrap();
    let kb_header = json!({"alg": "EdDSA", "typ": "kb+jwt"});
    let no_nonce = forge_kb(
        &kb_header,
        &json!({"iat": now(), "aud": AUD, "sd_hash": sha(&prefix)}),
    );
    assert_eq!(
        kb_err(&format!("{prefix}{no_nonce}"), &required()),
        Error::KeyBinding(KeyBindingError::Nonce)
    );
    let claims = json!({"iat": now(), "aud": AUD, "nonce": NONCE, "sd_hash": sha(&prefix)});
    let jwt_typ = forge_kb(&json!({"alg": "EdDSA", "typ": "JWT"}), &claims);
    assert_eq!(
        kb_err(&format!("{prefix}{jwt_typ}"), &required()),
        Error::KeyBinding(KeyBindingError::TokenType)
    );
    let forged_ok = forge_kb(&kb_header, &claims);
    assert!(
        keys()
            .verify_sd::<Session>(&format!("{prefix}{forged_ok}"), &required())
            .is_ok()
    );
    // Signed by another key.
    let stranger = SigningKey::ed25519("x", &[1; 32]).unwrap();
    let by_stranger = sd
        .present_with_key_binding(&["email"], &stranger, AUD, NONCE, now())
        .unwrap();
    assert_eq!(
        kb_err(&by_stranger, &required()),
        Error::KeyBinding(KeyBindingError::Signature)
    );
    // An SD-JWT without `cnf` cannot be bound.
    let unbound = issued()
        .present_with_key_binding(&["email"], &holder(), AUD, NONCE, now())
        .unwrap();
    assert_eq!(
        kb_err(&unbound, &required()),
        Error::KeyBinding(KeyBindingError::NoConfirmationKey)
    );
    // An HMAC holder key is refused when presenting and when issuing.
    let hmac = SigningKey::hs256("h", &SECRET).unwrap();
    assert!(matches!(
        sd.present_with_key_binding(&["email"], &hmac, AUD, NONCE, now()),
        Err(Error::Config(_))
    ));
}

#[test]
fn tampered_disclosure_value_is_unreferenced() {
    let sd = issued();
    let parts: Vec<&str> = sd.as_str().split('~').collect();
    let mut array: Value = serde_json::from_slice(&B64.decode(parts[1]).unwrap()).unwrap();
    array[2] = json!("mallory@example.com");
    let presentation = format!("{}~{}~", parts[0], disclosure(&array));
    assert_eq!(
        verify(&presentation).unwrap_err(),
        Error::Disclosure(DisclosureError::Unreferenced)
    );
}

#[test]
fn disclosure_from_another_issuance_is_unreferenced() {
    let a = issued();
    let b = issued();
    let foreign = b.as_str().split('~').nth(1).unwrap();
    let presentation = format!("{}{foreign}~", a.present(&[]).unwrap());
    assert_eq!(
        verify(&presentation).unwrap_err(),
        Error::Disclosure(DisclosureError::Unreferenced)
    );
}

#[test]
fn same_disclosure_twice() {
    let sd = issued();
    let d = sd.as_str().split('~').nth(1).unwrap();
    let presentation = format!("{}~{d}~{d}~", sd.issuer_jwt());
    assert_eq!(
        verify(&presentation).unwrap_err(),
        Error::Disclosure(DisclosureError::Repeated)
    );
}

#[test]
fn forged_issuer_jwts() {
    let email = disclosure(&json!(["c2FsdA", "email", EMAIL]));
    // Sanity: the forging helper makes an accepted presentation.
    let ok = forge_presentation(
        &json!({"role": "r"}),
        &[sha(&email)],
        std::slice::from_ref(&email),
    );
    assert_eq!(verify(&ok).unwrap().email.as_deref(), Some(EMAIL));

    let repeated = forge_presentation(
        &json!({"role": "r"}),
        &[sha(&email), sha(&email)],
        std::slice::from_ref(&email),
    );
    assert_eq!(
        verify(&repeated).unwrap_err(),
        Error::Disclosure(DisclosureError::RepeatedDigest)
    );

    let other_email = disclosure(&json!(["c2FsdDI", "email", "x@example.com"]));
    let two_names = forge_presentation(
        &json!({"role": "r"}),
        &[sha(&email), sha(&other_email)],
        &[email.clone(), other_email],
    );
    assert_eq!(
        verify(&two_names).unwrap_err(),
        Error::Disclosure(DisclosureError::RepeatedName)
    );

    for reserved in ["_sd", "...", "iss", "exp", "cnf", "_sd_alg"] {
        let d = disclosure(&json!(["c2FsdA", reserved, "x"]));
        let p = forge_presentation(&json!({"role": "r"}), &[sha(&d)], &[d]);
        assert_eq!(
            verify(&p).unwrap_err(),
            Error::Disclosure(DisclosureError::ReservedName),
            "{reserved}"
        );
    }

    let role = disclosure(&json!(["c2FsdA", "role", "root"]));
    let in_clear = forge_presentation(&json!({"role": "r"}), &[sha(&role)], &[role]);
    assert_eq!(
        verify(&in_clear).unwrap_err(),
        Error::Disclosure(DisclosureError::InClear)
    );

    let clear_email = forge_presentation(&json!({"role": "r", "email": EMAIL}), &[], &[]);
    assert_eq!(
        verify(&clear_email).unwrap_err(),
        Error::InvalidClaim { claim: "email" }
    );

    let two_elements = disclosure(&json!(["c2FsdA", EMAIL]));
    let array_element = forge_presentation(
        &json!({"role": "r"}),
        &[sha(&two_elements)],
        &[two_elements],
    );
    assert_eq!(
        verify(&array_element).unwrap_err(),
        Error::Disclosure(DisclosureError::Malformed)
    );

    let mut claims = registered();
    claims.insert("role".into(), json!("r"));
    let sub = keys().pseudonym("sub", "u-1").unwrap();
    claims.insert("sub".into(), json!(sub.as_str()));
    claims.insert("_sd".into(), json!([sha(&email)]));
    claims.insert("_sd_alg".into(), json!("sha-512"));
    let alg = format!(
        "{}~{email}~",
        forge_hs256(&sd_header(), &Value::Object(claims))
    );
    assert_eq!(
        verify(&alg).unwrap_err(),
        Error::Disclosure(DisclosureError::Algorithm)
    );

    // A struct that declares the claim public refuses it as a disclosure.
    assert_eq!(
        keys()
            .verify_sd::<PublicEmail>(&ok, &KeyBinding::None)
            .unwrap_err(),
        Error::InvalidClaim { claim: "email" }
    );
}

#[test]
fn issuer_signature_stripped_or_altered() {
    let sd = issued();
    let presentation = sd.present(&["email"]).unwrap();
    let (jwt, rest) = presentation.split_once('~').unwrap();
    let (input, sig) = jwt.rsplit_once('.').unwrap();
    let stripped = format!("{input}.~{rest}");
    assert_eq!(verify(&stripped).unwrap_err(), Error::Signature);
    let mut altered = sig.to_owned().into_bytes();
    altered[0] = if altered[0] == b'A' { b'B' } else { b'A' };
    let altered = format!("{input}.{}~{rest}", String::from_utf8(altered).unwrap());
    assert_eq!(verify(&altered).unwrap_err(), Error::Signature);
    // `alg: none` with no signature.
    let none = format!(
        "{}.{}.~{rest}",
        B64.encode(r#"{"alg":"none","typ":"sd+jwt","kid":"sig-1"}"#),
        input.split('.').nth(1).unwrap()
    );
    assert_eq!(verify(&none).unwrap_err(), Error::Algorithm);
}

#[test]
fn tokens_and_sd_jwts_are_never_confused() {
    let keys = keys();
    let sd = issued();
    assert_eq!(
        keys.decode::<Session>(sd.issuer_jwt()).unwrap_err(),
        Error::TokenType
    );
    assert_eq!(
        keys.decode::<Session>(sd.as_str()).unwrap_err(),
        Error::TokenType
    );
    let token = keys.encode(&Plain { role: "r".into() }).unwrap();
    assert_eq!(
        keys.verify_sd::<Plain>(&format!("{token}~"), &KeyBinding::None)
            .unwrap_err(),
        Error::TokenType
    );
    assert_eq!(
        keys.verify_sd::<Plain>(&token, &KeyBinding::None)
            .unwrap_err(),
        Error::Disclosure(DisclosureError::Malformed)
    );
    // A struct with disclosable fields is issued only as an SD-JWT.
    assert!(matches!(keys.encode(&session()), Err(Error::Config(_))));
}

#[test]
fn size_cap_covers_the_whole_presentation() {
    let small = Keys::builder()
        .issuer("https://issuer.example")
        .audience("wallet")
        .signing_key(SigningKey::hs256("sig-1", &SECRET).unwrap())
        .pii_key(PiiKey::new("pii-1", &[9; 32]).unwrap())
        .max_token_size(600)
        .build()
        .unwrap();
    let mut s = session();
    s.email = Some("x".repeat(400));
    assert!(matches!(small.issue_sd(&s), Err(Error::TooLarge { .. })));
    let sd = issued();
    let padded = format!("{}{}~", sd.as_str(), "A".repeat(8 * 1024));
    assert!(matches!(verify(&padded), Err(Error::TooLarge { .. })));
}

#[test]
fn holder_errors() {
    let sd = issued();
    assert_eq!(
        sd.present(&["address"]).unwrap_err(),
        Error::Disclosure(DisclosureError::Unknown)
    );
    assert!(SdJwt::parse(sd.issuer_jwt()).is_err());
    assert!(SdJwt::parse(&format!("{}~!!~", sd.issuer_jwt())).is_err());
    assert_eq!(
        format!("{sd:?}"),
        r#"SdJwt { disclosures: ["email", "phone"], .. }"#
    );
}

/// Undisclosed values appear nowhere: not in the presentation (raw or
/// base64url-decoded), nor in Debug, Display, or any error above.
#[test]
fn canary_undisclosed_values_never_surface() {
    let sd = bound();
    let presentations = [
        sd.present(&[]).unwrap(),
        sd.present_with_key_binding(&[], &holder(), AUD, NONCE, now())
            .unwrap(),
    ];
    for p in &presentations {
        let mut texts = vec![p.clone()];
        for part in p.split(['~', '.']) {
            if let Ok(bytes) = B64.decode(part) {
                texts.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        for text in &texts {
            assert!(!text.contains(EMAIL) && !text.contains(PHONE), "{text}");
            assert!(!text.contains("canary"), "{text}");
        }
        let v = keys()
            .verify_sd::<Session>(
                p,
                &KeyBinding::Optional {
                    audience: AUD,
                    nonce: NONCE,
                },
            )
            .unwrap();
        for shown in [
            format!("{v:?}"),
            format!("{v}"),
            v.masked_view().to_string(),
        ] {
            assert!(!shown.contains(EMAIL) && !shown.contains(PHONE), "{shown}");
        }
    }
    // A disclosed value is still redacted by Debug and Display.
    let v = verify(sd.as_str()).unwrap();
    assert_eq!(v.email.as_deref(), Some(EMAIL));
    for shown in [format!("{v:?}"), format!("{v}"), format!("{sd:?}")] {
        assert!(!shown.contains(EMAIL) && !shown.contains(PHONE), "{shown}");
    }
    // Errors never carry a value.
    let parts: Vec<&str> = sd.as_str().split('~').collect();
    let mut array: Value = serde_json::from_slice(&B64.decode(parts[1]).unwrap()).unwrap();
    array[2] = json!(42);
    for bad in [
        format!("{}~{}~", parts[0], disclosure(&array)),
        format!("{}~{}~{}~", parts[0], parts[1], parts[1]),
    ] {
        let e = verify(&bad).unwrap_err();
        for shown in [format!("{e}"), format!("{e:?}")] {
            assert!(!shown.contains(EMAIL) && !shown.contains(PHONE), "{shown}");
        }
    }
}

/// Nested selective disclosure (RFC 9901 §4.2.4) is not supported: digests
/// below the top level are never matched, and their `_sd` members and
/// `{"...": digest}` elements are removed before values reach the fields
/// (§7.1 step 3), never handed to the field's type as data.
#[test]
fn nested_digests_are_removed_and_never_matched() {
    #[derive(Claims)]
    struct Profile {
        #[claim(public)]
        settings: Value,
        #[claim(disclosable)]
        tags: Option<Value>,
    }
    let verify = |p: &str| {
        keys()
            .verify_sd::<Profile>(p, &KeyBinding::None)
            .map(|v| (v.settings.clone(), v.tags.clone()))
    };
    let street = disclosure(&json!(["c2FsdA", "street", "1 Main St"]));
    let digest = sha(&street);

    let element = disclosure(&json!(["c2FsdA", "tags", ["open", {"...": digest}]]));
    let nested = forge_presentation(
        &json!({"settings": {"_sd": [digest], "country": "DE"}}),
        &[sha(&element)],
        std::slice::from_ref(&element),
    );
    assert_eq!(
        verify(&nested),
        Ok((json!({"country": "DE"}), Some(json!(["open"]))))
    );

    // A disclosure only a nested digest references is not accepted.
    let mut with_street = nested.clone();
    with_street.push_str(&street);
    with_street.push('~');
    assert_eq!(
        verify(&with_street).map(drop),
        Err(Error::Disclosure(DisclosureError::Unreferenced))
    );
}
