//! SD-JWT presentations (RFC 9901) that must be refused: disclosures
//! altered, foreign, repeated, reserved or in the clear; issuer JWTs forged,
//! stripped or `none`; key binding missing, unexpected, stale, for another
//! audience or presentation, or by another key; tokens and SD-JWTs shown as
//! each other; a presentation over the size cap. No error may show a
//! disclosed or undisclosed value.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{
    DisclosureError, Error, KeyBinding, KeyBindingError, SdVerification, SigningKey,
};
use serde_json::{Value, json};

use crate::common::now;
use crate::common::sd::{
    AUD, EMAIL, Loose, NONCE, PHONE, PID_VCT, Plain, PublicEmail, STREET, Session, bound,
    disclosure, forge_hs256, forge_kb, forge_presentation, forge_typed, holder, issued, keys,
    registered, required, sd_header, sha,
};
use crate::forge::DEFAULT_CAP;
use crate::runner::{Case, Check, Expect, run};

/// `Keys::verify_sd::<T>` with `binding`, under the issuer's keys.
fn verify_sd_as<T: claims_core::Claims>(binding: KeyBinding<'static>) -> Check {
    let keys = keys();
    Box::new(move |presentation| keys.verify_sd::<T>(presentation, &binding).map(drop))
}

/// A presentation verified as a [`Session`] with `binding`; no case may
/// show the email or the phone number, disclosed or not.
fn case(name: &str, binding: KeyBinding<'static>, presentation: String, expect: Expect) -> Case {
    Case::new(name, verify_sd_as::<Session>(binding), presentation, expect)
        .planted(EMAIL)
        .planted(PHONE)
}

fn disclosure_error(error: DisclosureError) -> Expect {
    Expect::Is(Error::Disclosure(error))
}

fn key_binding_error(error: KeyBindingError) -> Expect {
    Expect::Is(Error::KeyBinding(error))
}

#[test]
fn hostile_key_bindings_are_refused() {
    let sd = bound();
    let kb = |aud: &str, nonce: &str, iat: u64| {
        sd.present_with_key_binding(&["email"], &holder(), aud, nonce, iat)
            .expect("presents")
    };
    let good = kb(AUD, NONCE, now());
    let kb_jwt = good.rsplit('~').next().expect("a KB-JWT").to_owned();
    let prefix = sd.present(&["email"]).expect("presents");
    // Forged with the holder's own key: only what the case names is wrong.
    let kb_header = json!({"alg": "EdDSA", "typ": "kb+jwt"});
    let claims = json!({"iat": now(), "aud": AUD, "nonce": NONCE, "sd_hash": sha(&prefix)});
    let no_nonce = json!({"iat": now(), "aud": AUD, "sd_hash": sha(&prefix)});
    let jwt_typ = json!({"alg": "EdDSA", "typ": "JWT"});
    let stranger = SigningKey::ed25519("x", &[1; 32]).expect("a key");
    let by_stranger = sd
        .present_with_key_binding(&["email"], &stranger, AUD, NONCE, now())
        .expect("presents");
    let unbound = issued()
        .present_with_key_binding(&["email"], &holder(), AUD, NONCE, now())
        .expect("presents");
    let cases = vec![
        case(
            "required, missing",
            required(),
            prefix.clone(),
            key_binding_error(KeyBindingError::Missing),
        ),
        case(
            "present, not expected",
            KeyBinding::None,
            good.clone(),
            key_binding_error(KeyBindingError::Unexpected),
        ),
        case(
            "over another presentation",
            required(),
            format!(
                "{}{kb_jwt}",
                sd.present(&["email", "phone"]).expect("presents")
            ),
            key_binding_error(KeyBindingError::SdHash),
        ),
        case(
            "a stale nonce",
            required(),
            kb(AUD, "old-nonce", now()),
            key_binding_error(KeyBindingError::Nonce),
        ),
        case(
            "another audience",
            required(),
            kb("https://other.example", NONCE, now()),
            key_binding_error(KeyBindingError::Audience),
        ),
        case(
            "iat 10 min ago",
            required(),
            kb(AUD, NONCE, now() - 600),
            key_binding_error(KeyBindingError::Time),
        ),
        case(
            "iat in 10 min",
            required(),
            kb(AUD, NONCE, now() + 600),
            key_binding_error(KeyBindingError::Time),
        ),
        case(
            "no nonce",
            required(),
            format!("{prefix}{}", forge_kb(&kb_header, &no_nonce)),
            key_binding_error(KeyBindingError::Nonce),
        ),
        case(
            "typ JWT",
            required(),
            format!("{prefix}{}", forge_kb(&jwt_typ, &claims)),
            key_binding_error(KeyBindingError::TokenType),
        ),
        case(
            "forged right (a positive control)",
            required(),
            format!("{prefix}{}", forge_kb(&kb_header, &claims)),
            Expect::Accepted,
        ),
        case(
            "signed by another key",
            required(),
            by_stranger,
            key_binding_error(KeyBindingError::Signature),
        ),
        case(
            "an SD-JWT without cnf",
            required(),
            unbound,
            key_binding_error(KeyBindingError::NoConfirmationKey),
        ),
    ];
    run("SD-JWT key binding", &cases);
}

/// Disclosures altered, from another issuance, or repeated.
#[test]
fn disclosures_not_issued_with_the_jwt_are_refused() {
    let sd = issued();
    let parts: Vec<&str> = sd.as_str().split('~').collect();
    let mut altered: Value =
        serde_json::from_slice(&B64.decode(parts[1]).expect("base64url")).expect("JSON");
    altered[2] = json!("mallory@example.com");
    let other = issued();
    let foreign = other.as_str().split('~').nth(1).expect("a disclosure");
    let cases = vec![
        case(
            "a disclosure's value altered",
            KeyBinding::None,
            format!("{}~{}~", parts[0], disclosure(&altered)),
            disclosure_error(DisclosureError::Unreferenced),
        )
        .planted("mallory@example.com"),
        case(
            "a disclosure of another issuance",
            KeyBinding::None,
            format!("{}{foreign}~", sd.present(&[]).expect("presents")),
            disclosure_error(DisclosureError::Unreferenced),
        ),
        case(
            "the same disclosure twice",
            KeyBinding::None,
            format!("{}~{}~{}~", sd.issuer_jwt(), parts[1], parts[1]),
            disclosure_error(DisclosureError::Repeated),
        ),
    ];
    run("SD-JWT disclosures", &cases);
}

/// Issuer JWTs forged with the issuer's secret: the signature holds, the
/// digests and disclosures do not.
#[test]
fn forged_issuer_jwts_are_refused() {
    let email = disclosure(&json!(["c2FsdA", "email", EMAIL]));
    let other_email = disclosure(&json!(["c2FsdDI", "email", "x@example.com"]));
    let role = disclosure(&json!(["c2FsdA", "role", "root"]));
    let two_elements = disclosure(&json!(["c2FsdA", EMAIL]));
    let role_r = json!({"role": "r"});
    let mut sha512 = registered();
    sha512.insert("role".into(), json!("r"));
    let sub = keys().pseudonym("sub", "u-1").expect("a pseudonym");
    sha512.insert("sub".into(), json!(sub.as_str()));
    sha512.insert("_sd".into(), json!([sha(&email)]));
    sha512.insert("_sd_alg".into(), json!("sha-512"));
    let ok = forge_presentation(&role_r, &[sha(&email)], std::slice::from_ref(&email));
    let mut cases = vec![
        case(
            "forged right (a positive control)",
            KeyBinding::None,
            ok.clone(),
            Expect::Accepted,
        ),
        case(
            "a digest twice",
            KeyBinding::None,
            forge_presentation(
                &role_r,
                &[sha(&email), sha(&email)],
                std::slice::from_ref(&email),
            ),
            disclosure_error(DisclosureError::RepeatedDigest),
        ),
        case(
            "two disclosures of one name",
            KeyBinding::None,
            forge_presentation(
                &role_r,
                &[sha(&email), sha(&other_email)],
                &[email.clone(), other_email],
            ),
            disclosure_error(DisclosureError::RepeatedName),
        ),
        case(
            "a disclosure of a claim sent in the clear",
            KeyBinding::None,
            forge_presentation(&role_r, &[sha(&role)], &[role]),
            disclosure_error(DisclosureError::InClear),
        ),
        case(
            "a disclosable claim in the clear",
            KeyBinding::None,
            forge_presentation(&json!({"role": "r", "email": EMAIL}), &[], &[]),
            Expect::Is(Error::InvalidClaim { claim: "email" }),
        ),
        case(
            "an array-element disclosure",
            KeyBinding::None,
            forge_presentation(&role_r, &[sha(&two_elements)], &[two_elements]),
            disclosure_error(DisclosureError::Misplaced),
        ),
        case(
            "_sd_alg sha-512",
            KeyBinding::None,
            format!(
                "{}~{email}~",
                forge_hs256(&sd_header(), &Value::Object(sha512))
            ),
            disclosure_error(DisclosureError::Algorithm),
        ),
        // A struct that declares the claim public refuses it as a disclosure.
        Case::new(
            "a disclosure of a claim the struct declares public",
            verify_sd_as::<PublicEmail>(KeyBinding::None),
            ok,
            Expect::Is(Error::InvalidClaim { claim: "email" }),
        )
        .planted(EMAIL),
    ];
    for reserved in ["_sd", "...", "iss", "exp", "cnf", "_sd_alg"] {
        let d = disclosure(&json!(["c2FsdA", reserved, "x"]));
        cases.push(case(
            &format!("a disclosure named {reserved}"),
            KeyBinding::None,
            forge_presentation(&role_r, &[sha(&d)], &[d]),
            disclosure_error(DisclosureError::ReservedName),
        ));
    }
    run("SD-JWT forged issuer JWTs", &cases);
}

/// The issuer JWT's signature stripped, altered or replaced by `alg: none`;
/// tokens and SD-JWTs shown as each other; a presentation over the cap.
#[test]
fn issuer_jwts_unsigned_or_of_another_kind_are_refused() {
    let sd = issued();
    let presentation = sd.present(&["email"]).expect("presents");
    let (jwt, rest) = presentation.split_once('~').expect("a presentation");
    let (input, signature) = jwt.rsplit_once('.').expect("a JWS");
    let mut altered = signature.to_owned().into_bytes();
    altered[0] = if altered[0] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(altered).expect("base64url");
    let none = format!(
        "{}.{}.~{rest}",
        B64.encode(r#"{"alg":"none","typ":"sd+jwt","kid":"sig-1"}"#),
        input.split('.').nth(1).expect("a payload")
    );
    let plain = keys().encode(&Plain { role: "r".into() }).expect("encodes");
    let padded = format!("{}{}~", sd.as_str(), "A".repeat(DEFAULT_CAP));
    let decode = |name: &str, token: &str| {
        let keys = keys();
        Case::new(
            name,
            Box::new(move |token| keys.decode::<Session>(token).map(drop)),
            token.to_owned(),
            Expect::Is(Error::TokenType),
        )
    };
    let plain_sd = |name: &str, presentation: String, expect: Expect| {
        Case::new(
            name,
            verify_sd_as::<Plain>(KeyBinding::None),
            presentation,
            expect,
        )
    };
    let cases = vec![
        case(
            "the signature stripped",
            KeyBinding::None,
            format!("{input}.~{rest}"),
            Expect::Is(Error::Signature),
        ),
        case(
            "the signature altered",
            KeyBinding::None,
            format!("{input}.{altered}~{rest}"),
            Expect::Is(Error::Signature),
        ),
        case(
            "alg none, no signature",
            KeyBinding::None,
            none,
            Expect::Is(Error::Algorithm),
        ),
        decode("an issuer JWT decoded as a token", sd.issuer_jwt()),
        decode("an SD-JWT decoded as a token", sd.as_str()),
        plain_sd(
            "a token with a ~ verified as an SD-JWT",
            format!("{plain}~"),
            Expect::Is(Error::TokenType),
        ),
        plain_sd(
            "a token verified as an SD-JWT",
            plain,
            disclosure_error(DisclosureError::Malformed),
        ),
        case(
            "8 KiB of padding after the disclosures",
            KeyBinding::None,
            padded.clone(),
            Expect::Is(Error::TooLarge {
                len: padded.len(),
                max: DEFAULT_CAP,
            }),
        ),
    ];
    run("SD-JWT issuer JWTs", &cases);
}

/// A disclosure of `array` (`[salt, name, value]` or `[salt, value]`).
fn d(array: &Value) -> String {
    disclosure(array)
}

/// `{"settings": settings}`: a claim in the clear that [`Loose`] reads.
fn in_settings(settings: &Value) -> Value {
    json!({ "settings": settings })
}

/// A presentation forged with the issuer's secret, `extra` in the clear,
/// the top-level `_sd` over `sd`, read as [`Loose`] (any shape).
fn loose(
    name: &str,
    extra: &Value,
    sd: &[&String],
    disclosures: &[&String],
    expect: Expect,
) -> Case {
    let sd: Vec<String> = sd.iter().map(|d| sha(d)).collect();
    let disclosures: Vec<String> = disclosures.iter().map(|d| (*d).clone()).collect();
    Case::new(
        name,
        verify_sd_as::<Loose>(KeyBinding::None),
        forge_presentation(extra, &sd, &disclosures),
        expect,
    )
    .planted(STREET)
}

fn street() -> String {
    d(&json!(["c2FsdA", "street", STREET]))
}

fn fr() -> String {
    d(&json!(["c2FsdC", "FR"]))
}

/// Digests and disclosures below the top level that do not match up
/// (RFC 9901 §7.1 steps 3 to 5 at any depth).
#[test]
fn nested_disclosures_referenced_wrongly_are_refused() {
    let (street, fr) = (street(), fr());
    let other_street = d(&json!(["c2FsdB", "street", "x"]));
    let named_sd = d(&json!(["c2FsdD", "_sd", "x"]));
    let named_dots = d(&json!(["c2FsdE", "...", "x"]));
    let nested_street = d(&json!(["c2FsdF", "address", {"_sd": [sha(&street)], "country": "DE"}]));
    let cases = vec![
        loose(
            "nested and array digests done right (a positive control)",
            &in_settings(&json!({"_sd": [sha(&street)], "list": [{"...": sha(&fr)}]})),
            &[],
            &[&street, &fr],
            Expect::Accepted,
        ),
        loose(
            "a digest in `_sd` at two depths",
            &in_settings(&json!({"_sd": [sha(&street)]})),
            &[&nested_street],
            &[&nested_street, &street],
            disclosure_error(DisclosureError::RepeatedDigest),
        ),
        loose(
            "a decoy digest at two depths",
            &in_settings(&json!({"a": {"_sd": ["decoy"]}, "b": [{"...": "decoy"}]})),
            &[],
            &[],
            disclosure_error(DisclosureError::RepeatedDigest),
        ),
        loose(
            "a nested digest also at the top",
            &in_settings(&json!({"_sd": [sha(&nested_street)]})),
            &[&nested_street],
            &[&nested_street],
            disclosure_error(DisclosureError::RepeatedDigest),
        ),
        loose(
            "an array-element disclosure in a nested `_sd`",
            &in_settings(&json!({"_sd": [sha(&fr)]})),
            &[],
            &[&fr],
            disclosure_error(DisclosureError::Misplaced),
        ),
        loose(
            "an object-property disclosure as an array element",
            &in_settings(&json!([{"...": sha(&street)}])),
            &[],
            &[&street],
            disclosure_error(DisclosureError::Misplaced),
        ),
        loose(
            "a nested disclosure named `_sd`",
            &in_settings(&json!({"_sd": [sha(&named_sd)]})),
            &[],
            &[&named_sd],
            disclosure_error(DisclosureError::ReservedName),
        ),
        loose(
            "a nested disclosure named `...`",
            &in_settings(&json!({"_sd": [sha(&named_dots)]})),
            &[],
            &[&named_dots],
            disclosure_error(DisclosureError::ReservedName),
        ),
        loose(
            "a nested disclosure of a member in the clear",
            &in_settings(&json!({"_sd": [sha(&street)], "street": "in the clear"})),
            &[],
            &[&street],
            disclosure_error(DisclosureError::InClear),
        ),
        loose(
            "two nested disclosures of one name",
            &in_settings(&json!({"_sd": [sha(&street), sha(&other_street)]})),
            &[],
            &[&street, &other_street],
            disclosure_error(DisclosureError::RepeatedName),
        ),
        loose(
            "a nested disclosure without its parent",
            &json!({}),
            &[&nested_street],
            &[&street],
            disclosure_error(DisclosureError::Unreferenced),
        ),
        loose(
            "a disclosure inside an undisclosed array element",
            &in_settings(&json!([{"...": "no-such-digest"}])),
            &[],
            &[&street],
            disclosure_error(DisclosureError::Unreferenced),
        ),
    ];
    run("SD-JWT nested references", &cases);
}

/// Shapes RFC 9901 leaves as data or does not bound, refused: a `...` key
/// anywhere but alone in an array element, `_sd` that is not an array of
/// strings, and nesting past the walk's depth.
#[test]
fn nested_shapes_outside_rfc_9901_are_refused() {
    let (street, fr) = (street(), fr());
    // A chain of 41 disclosures, each holding the next one's digest.
    let mut chain = vec![d(&json!(["c2FsdA", "x", 1]))];
    for i in 0..40 {
        let inner = json!({"_sd": [sha(chain.last().expect("a link"))]});
        chain.push(d(&json!([format!("c2FsdA{i}"), "x", inner])));
    }
    let top = chain.last().expect("the outer link").clone();
    let bomb = forge_presentation(&in_settings(&json!({"_sd": [sha(&top)]})), &[], &chain);
    let mut deep_arrays = json!([{"...": sha(&fr)}]);
    for _ in 0..40 {
        deep_arrays = json!([deep_arrays]);
    }
    let cases = vec![
        loose(
            "`...` with another key",
            &in_settings(&json!([{"...": sha(&fr), "x": 1}])),
            &[],
            &[&fr],
            disclosure_error(DisclosureError::Malformed),
        ),
        loose(
            "`...` as an object member",
            &in_settings(&json!({"...": sha(&fr)})),
            &[],
            &[&fr],
            disclosure_error(DisclosureError::Malformed),
        ),
        loose(
            "`...` as a top-level claim",
            &json!({"...": sha(&fr)}),
            &[],
            &[],
            disclosure_error(DisclosureError::Malformed),
        ),
        loose(
            "a `...` digest that is a number",
            &in_settings(&json!([{"...": 7}])),
            &[],
            &[],
            disclosure_error(DisclosureError::Malformed),
        ),
        loose(
            "a nested `_sd` of numbers",
            &in_settings(&json!({"_sd": [1, 2]})),
            &[],
            &[],
            disclosure_error(DisclosureError::Malformed),
        ),
        loose(
            "a nested `_sd` that is a string",
            &in_settings(&json!({"_sd": sha(&street)})),
            &[],
            &[&street],
            disclosure_error(DisclosureError::Malformed),
        ),
        loose(
            "arrays 41 deep around a digest",
            &in_settings(&deep_arrays),
            &[],
            &[&fr],
            disclosure_error(DisclosureError::TooDeep),
        ),
        Case::new(
            "a recursion bomb of 41 disclosures",
            verify_sd_as::<Loose>(KeyBinding::None),
            bomb,
            disclosure_error(DisclosureError::TooDeep),
        ),
    ];
    run("SD-JWT nested shapes", &cases);
}

/// An SD-JWT VC (draft-ietf-oauth-sd-jwt-vc §3.2.2.2): `vct`, `status`,
/// `cnf` and their sub-claims are never disclosed.
#[test]
fn sd_jwt_vc_disclosures_of_reserved_claims_are_refused() {
    let vc = |name: &str, extra: Value, sd: &[&String], disclosures: &[&String], expect| {
        let keys = keys();
        let mut extra = extra;
        extra["vct"] = json!(PID_VCT);
        let sd: Vec<String> = sd.iter().map(|d| sha(d)).collect();
        let disclosures: Vec<String> = disclosures.iter().map(|d| (*d).clone()).collect();
        let header = json!({"alg": "HS256", "typ": "dc+sd-jwt", "kid": "sig-1"});
        Case::new(
            name,
            Box::new(move |p| {
                let check = SdVerification::vc(PID_VCT, KeyBinding::None);
                keys.verify_sd_with::<Loose>(p, &check).map(drop)
            }),
            forge_typed(&header, &extra, &sd, &disclosures),
            expect,
        )
    };
    let street = street();
    let status = d(&json!(["c2FsdG", "status", {"idx": 1}]));
    let status_idx = d(&json!(["c2FsdH", "idx", 1]));
    let vct = d(&json!(["c2FsdI", "vct", PID_VCT]));
    let cases = vec![
        vc(
            "an SD-JWT VC done right (a positive control)",
            in_settings(&json!({"_sd": [sha(&street)]})),
            &[],
            &[&street],
            Expect::Accepted,
        ),
        vc(
            "an SD-JWT VC disclosing `status`",
            json!({}),
            &[&status],
            &[&status],
            disclosure_error(DisclosureError::ReservedName),
        ),
        vc(
            "an SD-JWT VC disclosing a sub-claim of `status`",
            json!({"status": {"_sd": [sha(&status_idx)]}}),
            &[],
            &[&status_idx],
            disclosure_error(DisclosureError::ReservedName),
        ),
        vc(
            "an SD-JWT VC disclosing a sub-claim of `cnf`",
            json!({"cnf": {"_sd": [sha(&status_idx)]}}),
            &[],
            &[&status_idx],
            disclosure_error(DisclosureError::ReservedName),
        ),
        vc(
            "an SD-JWT VC disclosing `vct` beside the clear one",
            json!({}),
            &[&vct],
            &[&vct],
            disclosure_error(DisclosureError::ReservedName),
        ),
    ];
    run("SD-JWT VC reserved claims", &cases);
}

/// The forging helpers make presentations `claims` accepts, with the
/// values they carry.
#[test]
fn a_forged_presentation_carries_its_disclosure() {
    let email = disclosure(&json!(["c2FsdA", "email", EMAIL]));
    let ok = forge_presentation(
        &json!({"role": "r"}),
        &[sha(&email)],
        std::slice::from_ref(&email),
    );
    let verified = keys()
        .verify_sd::<Session>(&ok, &KeyBinding::None)
        .expect("verifies");
    assert_eq!(verified.email.as_deref(), Some(EMAIL));
}
