//! Masked views for logs and responses, and role-based reveal.

use claims_core::{Claims, Error, Hashed, Keys, Pii, PiiKey, RevealPolicy, SigningKey};
use rand::RngCore as _;
use serde_json::json;

#[derive(Claims)]
struct Customer {
    #[claim(hashed)]
    sub: Hashed<String>,
    #[claim(encrypted)]
    email: Pii<String>,
    #[claim(encrypted, mask = "last4", rename = "tel")]
    phone: Pii<String>,
    #[claim(public)]
    role: String,
    #[claim(public, allow_pii = "shown masked in logs", mask = "last4")]
    account_number: String,
    #[claim(forbidden)]
    password_hash: Option<String>,
}

const EMAIL: &str = "view-canary-5e1d@example.invalid";
const PHONE: &str = "+44 20 7946 0123";

fn account() -> Customer {
    Customer {
        sub: Hashed::new("u-77".into()),
        email: Pii::new(EMAIL.into()),
        phone: Pii::new(PHONE.into()),
        role: "support".into(),
        account_number: "GB0012345678".into(),
        password_hash: Some("view-canary-hash".into()),
    }
}

fn keys() -> Keys {
    let mut secret = [0u8; 32];
    let mut master = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    rand::thread_rng().fill_bytes(&mut master);
    Keys::builder()
        .issuer("https://auth.example.test")
        .audience("orders-api")
        .signing_key(SigningKey::hs256("sig-1", &secret).expect("key"))
        .pii_key(PiiKey::new("pii-1", &master).expect("key"))
        .build()
        .expect("keys")
}

#[test]
fn masked_view_of_a_decoded_token() {
    let keys = keys();
    let token = keys.encode(&account()).expect("encodes");
    let verified = keys.decode::<Customer>(&token).expect("decodes");
    let pseudonym = keys.pseudonym("sub", "u-77").expect("pseudonym");
    assert_eq!(
        verified.masked_view(),
        json!({
            "sub": pseudonym.as_str(),
            "email": "<encrypted>",
            "tel": "•••0123",
            "role": "support",
            "account_number": "•••5678",
        })
    );
}

#[test]
fn masked_view_before_encoding_hides_the_clear_hashed_value() {
    let view = account().masked_view();
    assert_eq!(view["sub"], "<hashed>");
    let text = view.to_string();
    for canary in ["u-77", EMAIL, PHONE, "view-canary-hash", "12345678"] {
        assert!(!text.contains(canary), "{canary} in {text}");
    }
}

#[test]
fn reveal_policy_shows_encrypted_values_only_to_named_roles() {
    let policy = RevealPolicy::new()
        .allow("support", &["tel"])
        .allow("billing", &["email", "tel"]);
    policy.check::<Customer>().expect("names encrypted claims");
    let account = account();

    let support = policy.view(&account, "support");
    assert_eq!(support["tel"], PHONE);
    assert_eq!(support["email"], "<encrypted>");

    let billing = policy.view(&account, "billing");
    assert_eq!(
        (billing["email"].as_str(), billing["tel"].as_str()),
        (Some(EMAIL), Some(PHONE))
    );

    // An unknown role sees what a log sees; forbidden fields never appear.
    assert_eq!(policy.view(&account, "intern"), account.masked_view());
    assert!(billing.get("password_hash").is_none());
}

#[test]
fn reveal_policy_check_refuses_claims_that_are_not_encrypted() {
    for claim in ["role", "sub", "password_hash", "phone", "no_such_claim"] {
        let policy = RevealPolicy::new().allow("support", &[claim]);
        assert!(
            matches!(policy.check::<Customer>(), Err(Error::Config(_))),
            "{claim}"
        );
    }
}
