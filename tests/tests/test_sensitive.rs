//! `#[claim(sensitive)]`: personal data a third-party token carries in the
//! clear, read into `Pii<T>` (redacted in `Debug`, `Display` and views,
//! recorded in `POLICY`), never issued again (a compile-time error, see
//! `ui/encode/`).

mod common;

use claims_core::{
    Category, Claims, EncodeClaims, Error, KeyBinding, Keys, Pii, Protection, SigningKey,
};
use common::{CANARY_EMAIL, CANARY_NAME, keys, leaked_canary};

/// What an identity provider issues: its `email`, `name` and `phone_number`
/// in the clear. Here `claims` plays the provider, so the struct says so.
#[derive(Claims)]
struct ProviderToken {
    #[claim(public)]
    role: String,
    #[claim(
        public(unguarded = "test: plays the identity provider"),
        allow_pii = "test: plays the identity provider"
    )]
    email: String,
    #[claim(
        public(unguarded = "test: plays the identity provider"),
        allow_pii = "test: plays the identity provider"
    )]
    name: Option<String>,
    #[claim(
        public(unguarded = "test: plays the identity provider"),
        allow_pii = "test: plays the identity provider"
    )]
    phone_number: String,
}

/// The relying service's view of that token.
#[derive(Claims)]
struct Identity {
    #[claim(public)]
    role: String,
    #[claim(sensitive)]
    email: Pii<String>,
    #[claim(sensitive)]
    name: Pii<Option<String>>,
    #[claim(sensitive, mask = "last4")]
    phone_number: Pii<String>,
}

/// Only the email, which the token may not carry.
#[derive(Claims)]
struct EmailOnly {
    #[claim(sensitive)]
    email: Pii<String>,
}

/// The email read as a number: the wrong type.
#[derive(Claims)]
struct EmailNumber {
    #[claim(sensitive)]
    email: Pii<u64>,
}

const PHONE: &str = "+44 20 7946 0123";

fn provider_token(name: Option<&str>) -> String {
    keys()
        .encode(&ProviderToken {
            role: "member".into(),
            email: CANARY_EMAIL.into(),
            name: name.map(Into::into),
            phone_number: PHONE.into(),
        })
        .expect("the provider issues")
}

#[test]
fn a_clear_claim_is_read_into_pii_and_never_shown() {
    let verified = keys()
        .decode::<Identity>(&provider_token(Some(CANARY_NAME)))
        .expect("decodes");
    assert_eq!(verified.email.expose(), CANARY_EMAIL);
    assert_eq!(verified.name.expose().as_deref(), Some(CANARY_NAME));
    assert_eq!(verified.phone_number.expose(), PHONE);

    let debug = format!("{verified:?}");
    assert_eq!(
        debug,
        r#"Identity { role: "member", email: <sensitive>, name: <sensitive>, phone_number: •••0123 }"#
    );
    assert_eq!(verified.to_string(), debug);
    let view = verified.masked_view();
    assert_eq!(view["email"], "<sensitive>");
    assert_eq!(view["name"], "<sensitive>");
    assert_eq!(view["phone_number"], "•••0123");
    assert_eq!(leaked_canary(&format!("{debug} {view}")), None);
}

#[test]
fn an_absent_claim_is_none_or_missing() {
    let verified = keys()
        .decode::<Identity>(&provider_token(None))
        .expect("decodes");
    assert_eq!(*verified.name.expose(), None);

    let keys_ = keys();
    let token = keys_.encode(&common::session()).expect("encodes");
    // `session` carries `email` encrypted, which reads as a string in the
    // clear, but not a `phone_number`.
    assert!(matches!(
        keys_.decode::<Identity>(&token),
        Err(Error::MissingClaim {
            claim: "phone_number"
        })
    ));
}

#[test]
fn a_value_of_the_wrong_type_is_refused_without_echoing_it() {
    let err = keys()
        .decode::<EmailNumber>(&provider_token(None))
        .expect_err("an email is not a number");
    assert!(
        matches!(err, Error::InvalidClaim { claim: "email" }),
        "{err:?}"
    );
    let shown = format!("{err} {err:?}");
    assert_eq!(leaked_canary(&shown), None, "{shown}");
}

#[test]
fn a_sensitive_claim_arriving_as_a_disclosure_is_refused() {
    use common::sd;
    let presentation = sd::issued().present(&["email"]).expect("presents");
    let result = sd::keys().verify_sd::<EmailOnly>(&presentation, &KeyBinding::None);
    assert!(
        matches!(result, Err(Error::InvalidClaim { claim: "email" })),
        "{:?}",
        result.err()
    );
    // The same presentation without the disclosure: the claim is missing.
    let presentation = sd::issued().present(&[]).expect("presents");
    let result = sd::keys().verify_sd::<EmailOnly>(&presentation, &KeyBinding::None);
    assert!(matches!(
        result,
        Err(Error::MissingClaim { claim: "email" })
    ));
}

#[test]
fn the_policy_records_sensitive_fields_with_their_category() {
    let email = &Identity::POLICY[1];
    assert_eq!(email.protection, Protection::Sensitive);
    assert_eq!(email.category, Some(Category::Contact));
    assert_eq!(Identity::POLICY[2].category, Some(Category::PersonName));
}

/// Only structs without `sensitive` fields can be issued: the bound is what
/// `Keys::encode` requires (the refusal is a compile error, `ui/encode/`).
#[test]
fn structs_without_sensitive_fields_can_be_encoded() {
    fn encodable<T: EncodeClaims>() {}
    encodable::<ProviderToken>();
    let keys = Keys::builder()
        .issuer("https://idp.example")
        .audience("rp")
        .signing_key(SigningKey::hs256("k", &common::random_bytes::<32>()).expect("key"))
        .build()
        .expect("keys");
    assert!(
        keys.encode(&ProviderToken {
            role: "r".into(),
            email: "e".into(),
            name: None,
            phone_number: "p".into(),
        })
        .is_ok()
    );
}
