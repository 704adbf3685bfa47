//! PII canaries planted in hashed, encrypted and forbidden fields never
//! surface: not in the token, its decoded payload, a `Debug` or `Display` of
//! the claims, nor an encoding error. The errors of bad tokens are checked
//! case by case by the `bad_tokens` runner.

mod common;

use std::fmt::Write as _;

use claims_core::{Error, Hashed, Pii};
use common::{
    CANARY_CARD, CANARY_EMAIL, CANARY_NAME, CANARY_PASSWORD, CANARY_PHONE, CANARY_USER, Profile,
    b64, canary_profile, keys, keys_eddsa, keys_without_pii, leaked_canary, payload_bytes,
    payload_text, profile_token, secrets, segments, split_wire,
};

/// Fails if `text` contains any canary or canary fragment, in any case.
fn assert_no_canary(what: &str, text: &str) {
    if let Some(canary) = leaked_canary(text) {
        panic!("{what} leaks {canary:?}: {text}");
    }
}

/// Base64url fragments of `canary` as they would appear in a token at each
/// of the three byte alignments (complete 4-character groups only).
fn base64url_forms(canary: &str) -> Vec<String> {
    (0..3)
        .map(|skip| {
            let encoded = b64(&canary.as_bytes()[skip..]);
            let whole = encoded.len() / 4 * 4 - 4;
            encoded[..whole].to_string()
        })
        .collect()
}

const PLANTED: [&str; 6] = [
    CANARY_EMAIL,
    CANARY_PHONE,
    CANARY_NAME,
    CANARY_USER,
    CANARY_CARD,
    CANARY_PASSWORD,
];

#[test]
fn the_canaries_are_distinctive() {
    // The checks below are meaningful only if these hold.
    for canary in PLANTED {
        assert!(canary.contains("7f3a9c"), "{canary}");
        assert!(canary.len() >= 16, "{canary}");
    }
    // And the check does catch leaks, whole, cut or re-cased.
    assert_eq!(leaked_canary(CANARY_PHONE), Some(CANARY_PHONE));
    assert_eq!(leaked_canary("…7F3A9C…"), Some("7f3a9c"));
    assert_eq!(
        leaked_canary(&CANARY_NAME.to_uppercase()),
        Some(CANARY_NAME)
    );
    assert_eq!(leaked_canary("admin acme <encrypted>"), None);
}

#[test]
fn no_canary_in_the_token() {
    for token in [
        profile_token(),
        keys_eddsa()
            .encode(&canary_profile())
            .expect("EdDSA encodes"),
    ] {
        assert_no_canary("token", &token);
        for canary in PLANTED {
            for form in base64url_forms(canary) {
                assert!(
                    !token.contains(&form),
                    "token carries base64url of {canary:?}"
                );
            }
        }
    }
}

#[test]
fn no_canary_in_the_decoded_payload() {
    let token = profile_token();
    let text = payload_text(&token);
    assert_no_canary("decoded payload", &text);
    assert_no_canary(
        "decoded payload (lossy)",
        &String::from_utf8_lossy(&payload_bytes(&token)),
    );
    assert_no_canary(
        "decoded header",
        &String::from_utf8_lossy(&common::unb64(segments(&token)[0])),
    );
    // The public claims are there, the forbidden one is not.
    let payload = common::payload(&token);
    assert_eq!(payload["role"], "admin");
    assert_eq!(payload["tenant"], "acme");
    assert!(payload.get("password_hash").is_none());
    // Nor inside any protected value's decoded body.
    for claim in [
        "sub",
        "email_ref",
        "email",
        "phone",
        "full_name",
        "card_number",
    ] {
        let wire = common::claim_str(&token, claim);
        let (_, _, body) = split_wire(&wire);
        assert_no_canary(claim, &String::from_utf8_lossy(&body));
    }
}

#[test]
fn no_canary_in_the_verified_debug_or_display() {
    let keys = keys();
    let verified = keys.decode::<Profile>(&profile_token()).expect("decodes");
    // The decoded values are really there to leak ...
    assert_eq!(verified.email.expose(), CANARY_EMAIL);
    assert_eq!(verified.phone.expose(), CANARY_PHONE);
    assert_eq!(verified.full_name, CANARY_NAME);
    assert_eq!(verified.card_number.expose(), CANARY_CARD);
    assert!(
        verified
            .sub
            .matches(&keys, &CANARY_USER.to_string())
            .expect("matches")
    );
    // ... and none is printed.
    let debug = format!("{verified:?}");
    let pretty = format!("{verified:#?}");
    let display = format!("{verified}");
    for (what, text) in [
        ("Debug", &debug),
        ("pretty Debug", &pretty),
        ("Display", &display),
    ] {
        assert_no_canary(what, text);
        assert!(
            text.contains("admin"),
            "{what} prints public fields: {text}"
        );
        assert!(text.contains("acme"), "{what} prints public fields: {text}");
    }
    // The mask shows the last four characters only.
    assert!(debug.contains("•••4242"), "{debug}");
    assert_no_canary("registered", &format!("{:?}", verified.registered()));
    assert_no_canary("inner", &format!("{:?}", verified.into_inner()));
}

#[test]
fn no_canary_in_the_debug_or_display_of_clear_claims() {
    let profile = canary_profile();
    assert_no_canary("Debug", &format!("{profile:?}"));
    assert_no_canary("pretty Debug", &format!("{profile:#?}"));
    assert_no_canary("Display", &format!("{profile}"));
    assert!(format!("{profile:?}").contains("admin"));
}

#[test]
fn no_canary_in_encoding_errors() {
    let err = keys_without_pii()
        .encode(&canary_profile())
        .expect_err("no PII key to hash with");
    assert_eq!(err, Error::MissingPiiKey { claim: "sub" });
    assert_no_canary("encode error", &err.to_string());
    assert_no_canary("encode error", &format!("{err:?}"));
}

#[test]
fn pii_debug_is_redacted() {
    let pii = Pii::new(CANARY_EMAIL.to_string());
    assert_eq!(format!("{pii:?}"), "Pii(<redacted>)");
    assert_eq!(format!("{pii:#?}"), "Pii(<redacted>)");
    let many = vec![
        Pii::new(CANARY_PHONE.to_string()),
        Pii::new(CANARY_NAME.to_string()),
    ];
    assert_eq!(format!("{many:?}"), "[Pii(<redacted>), Pii(<redacted>)]");
    assert_eq!(
        format!("{:?}", Some(Pii::new(CANARY_CARD.to_string()))),
        "Some(Pii(<redacted>))"
    );
    let nested = Pii::new(vec![CANARY_USER.to_string()]);
    assert_eq!(format!("{nested:#?}"), "Pii(<redacted>)");
}

#[test]
fn hashed_and_pseudonym_debug_hold_no_canary() {
    let clear = Hashed::new(CANARY_USER.to_string());
    assert_eq!(format!("{clear:?}"), "<hashed>");
    let pseudonym = keys().pseudonym("sub", CANARY_USER).expect("pseudonym");
    assert_no_canary("pseudonym Debug", &format!("{pseudonym:?}"));
    assert_no_canary("pseudonym Display", &pseudonym.to_string());
}

#[test]
fn keys_debug_shows_no_secret() {
    let s = secrets();
    for keys in [keys(), keys_eddsa()] {
        let debug = format!("{keys:?} {keys:#?}");
        assert!(
            debug.contains("sig-1") && debug.contains("pii-1"),
            "{debug}"
        );
        for secret in [s.hs256, s.ed25519_seed, s.pii_a] {
            let hex = secret.iter().fold(String::new(), |mut hex, b| {
                write!(hex, "{b:02x}").expect("writes to a String");
                hex
            });
            assert!(!debug.contains(&hex), "{debug}");
            assert!(!debug.contains(&b64(secret)), "{debug}");
            assert!(!debug.contains(&format!("{secret:?}")[1..20]), "{debug}");
        }
    }
}
