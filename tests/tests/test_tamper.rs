//! Fail-closed decoding: every tampered, malformed or misconfigured token
//! fails with its exact `Error` variant, never a panic. The cases live in
//! `common::tamper` so `test_canary` can check every error they produce.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use claims_core::{Error, KeyKind};
use common::tamper::{self, decode_profile};
use common::{
    AUDIENCE, HS256_HEADER, Profile, builder, forge, hs256_key, keys, now, payload_text, pii_key_a,
    profile_token, sign_raw,
};
use serde_json::json;

// --- the tamper helpers themselves produce valid tokens (positive controls) --

#[test]
fn unchanged_forged_token_still_decodes() {
    let token = forge(&profile_token(), |_| {});
    let verified = keys()
        .decode::<Profile>(&token)
        .expect("forge keeps tokens valid");
    assert_eq!(verified.role, "admin");
    assert_eq!(verified.email.expose(), common::CANARY_EMAIL);
}

#[test]
fn raw_signed_token_still_decodes() {
    let token = sign_raw(HS256_HEADER, &payload_text(&profile_token()));
    assert_eq!(decode_profile(&token), Ok(()));
}

#[test]
fn appended_undeclared_claim_is_ignored() {
    let token = common::append_raw_claim(&profile_token(), "extra", r#"{"any":[1,2]}"#);
    assert_eq!(decode_profile(&token), Ok(()));
}

#[test]
fn exp_within_leeway_is_accepted() {
    let now = now();
    let token = forge(&profile_token(), |p| {
        p["iat"] = json!(now - 300);
        p["nbf"] = json!(now - 300);
        p["exp"] = json!(now - 10);
    });
    assert_eq!(decode_profile(&token), Ok(()));
}

#[test]
fn nbf_and_iat_within_leeway_are_accepted() {
    let now = now();
    let token = forge(&profile_token(), |p| {
        p["iat"] = json!(now + 10);
        p["nbf"] = json!(now + 10);
        p["exp"] = json!(now + 300);
    });
    assert_eq!(decode_profile(&token), Ok(()));
}

#[test]
fn lifetime_of_exactly_the_maximum_is_accepted() {
    let now = now();
    let token = forge(&profile_token(), |p| {
        p["iat"] = json!(now);
        p["nbf"] = json!(now);
        p["exp"] = json!(now + 3_600);
    });
    assert_eq!(decode_profile(&token), Ok(()));
    let token = forge(&token, |p| p["exp"] = json!(now + 3_601));
    assert_eq!(decode_profile(&token), Err(Error::Lifetime));
}

#[test]
fn a_configured_max_lifetime_and_leeway_apply() {
    let strict = builder()
        .lifetime(Duration::from_secs(60))
        .max_lifetime(Duration::from_secs(60))
        .leeway(Duration::ZERO)
        .signing_key(hs256_key())
        .pii_key(pii_key_a())
        .build()
        .expect("keys");
    let now = now();
    let long = forge(&profile_token(), |p| {
        p["iat"] = json!(now);
        p["exp"] = json!(now + 61);
    });
    assert_eq!(
        strict.decode::<Profile>(&long).map(drop),
        Err(Error::Lifetime)
    );
    let just_expired = forge(&profile_token(), |p| {
        p["iat"] = json!(now - 50);
        p["nbf"] = json!(now - 50);
        p["exp"] = json!(now - 1);
    });
    assert_eq!(
        strict.decode::<Profile>(&just_expired).map(drop),
        Err(Error::Expired)
    );
    // The same token is fine under the default 30 s leeway.
    assert_eq!(decode_profile(&just_expired), Ok(()));
}

#[test]
fn audience_array_containing_ours_is_accepted() {
    let token = forge(&profile_token(), |p| {
        p["aud"] = json!(["billing-api", AUDIENCE]);
    });
    let verified = keys().decode::<Profile>(&token).expect("decodes");
    assert_eq!(verified.registered().aud, vec!["billing-api", AUDIENCE]);
}

#[test]
fn typ_is_case_insensitive() {
    let token = sign_raw(
        r#"{"alg":"HS256","typ":"jwt","kid":"sig-1"}"#,
        &payload_text(&profile_token()),
    );
    assert_eq!(decode_profile(&token), Ok(()));
}

#[test]
fn key_url_headers_are_never_followed() {
    let header = json!({
        "alg": "HS256", "typ": "JWT", "kid": "sig-1",
        "jku": "https://attacker.example.invalid/jwks.json",
        "x5u": "https://attacker.example.invalid/cert.pem",
    })
    .to_string();
    let token = sign_raw(&header, &payload_text(&profile_token()));
    assert_eq!(decode_profile(&token), Ok(()));
}

#[test]
fn a_token_at_the_size_limit_is_parsed_and_one_byte_more_is_not() {
    let at_limit = "a".repeat(8 * 1024);
    assert!(matches!(
        decode_profile(&at_limit),
        Err(Error::Malformed(_))
    ));
    assert_eq!(
        tamper::oversized_garbage(),
        Err(Error::TooLarge {
            len: 8 * 1024 + 1,
            max: 8 * 1024
        })
    );
}

#[test]
fn an_oversized_token_decodes_under_a_raised_cap() {
    let token = tamper::oversized_token();
    let roomy = builder()
        .max_token_size(64 * 1024)
        .signing_key(hs256_key())
        .pii_key(pii_key_a())
        .build()
        .expect("keys");
    let verified = roomy.decode::<Profile>(&token).expect("decodes");
    assert_eq!(verified.tenant.len(), 9_000);
}

// --- every case, its exact error --------------------------------------------

#[test]
fn flipped_signature_bit_is_signature() {
    assert_eq!(tamper::flipped_signature(), Err(Error::Signature));
    assert_eq!(tamper::flipped_signature_last_byte(), Err(Error::Signature));
}

#[test]
fn flipped_eddsa_signature_bit_is_signature() {
    assert_eq!(tamper::flipped_signature_eddsa(), Err(Error::Signature));
}

#[test]
fn signature_from_another_secret_is_signature() {
    assert_eq!(tamper::signature_from_other_secret(), Err(Error::Signature));
}

#[test]
fn embedded_jwk_header_is_ignored() {
    // Signed with the attacker's embedded key: verified with ours, it fails.
    assert_eq!(tamper::embedded_jwk_header(), Err(Error::Signature));
}

#[test]
fn non_canonical_helper_keeps_the_bytes() {
    use base64::Engine as _;
    use base64::engine::{GeneralPurpose, GeneralPurposeConfig, general_purpose};
    let lenient = GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        GeneralPurposeConfig::new()
            .with_encode_padding(false)
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(true),
    );
    let token = profile_token();
    let signature = common::segments(&token)[2];
    let altered = tamper::non_canonical(signature);
    assert_ne!(altered, signature);
    assert_eq!(
        lenient.decode(&altered).expect("lenient"),
        general_purpose::URL_SAFE_NO_PAD
            .decode(signature)
            .expect("strict")
    );
}

#[test]
fn non_canonical_base64url_is_rejected() {
    // The same bytes under another spelling: a token string is not malleable.
    assert!(matches!(
        tamper::signature_non_canonical(),
        Err(Error::Malformed(_))
    ));
    assert_eq!(
        tamper::hashed_non_canonical(),
        Err(Error::InvalidClaim { claim: "sub" })
    );
    assert_eq!(
        tamper::encrypted_non_canonical(),
        Err(Error::InvalidClaim { claim: "email" })
    );
}

#[test]
fn malleated_eddsa_signature_is_signature() {
    assert_eq!(tamper::eddsa_signature_malleated(), Err(Error::Signature));
}

#[test]
fn flipped_ciphertext_bit_is_decrypt() {
    assert_eq!(
        tamper::flipped_ciphertext(),
        Err(Error::Decrypt { claim: "email" })
    );
}

#[test]
fn flipped_tag_bit_is_decrypt() {
    assert_eq!(
        tamper::flipped_tag(),
        Err(Error::Decrypt { claim: "email" })
    );
}

#[test]
fn flipped_nonce_bit_is_decrypt() {
    assert_eq!(
        tamper::flipped_nonce(),
        Err(Error::Decrypt { claim: "email" })
    );
}

#[test]
fn ciphertext_moved_to_another_field_is_decrypt() {
    assert_eq!(
        tamper::ciphertext_moved(),
        Err(Error::Decrypt { claim: "phone" })
    );
    assert_eq!(
        tamper::ciphertexts_swapped(),
        Err(Error::Decrypt { claim: "email" })
    );
}

#[test]
fn ciphertext_relabelled_to_another_loaded_kid_is_decrypt() {
    assert_eq!(
        tamper::ciphertext_relabelled_kid(),
        Err(Error::Decrypt { claim: "email" })
    );
}

#[test]
fn unknown_pii_kid_is_unknown_key() {
    assert_eq!(
        tamper::unknown_pii_kid_encrypted(),
        Err(Error::UnknownKey(KeyKind::Pii))
    );
    assert_eq!(
        tamper::unknown_pii_kid_hashed(),
        Err(Error::UnknownKey(KeyKind::Pii))
    );
}

#[test]
fn encrypted_field_without_pii_key_is_missing_pii_key() {
    assert_eq!(
        tamper::missing_pii_key(),
        Err(Error::MissingPiiKey { claim: "email" })
    );
}

#[test]
fn malformed_protected_values_are_invalid_claim() {
    assert_eq!(
        tamper::hashed_clear_value(),
        Err(Error::InvalidClaim { claim: "sub" })
    );
    assert_eq!(
        tamper::hashed_wrong_prefix(),
        Err(Error::InvalidClaim { claim: "sub" })
    );
    assert_eq!(
        tamper::encrypted_clear_value(),
        Err(Error::InvalidClaim { claim: "email" })
    );
    assert_eq!(
        tamper::encrypted_not_a_string(),
        Err(Error::InvalidClaim { claim: "email" })
    );
    assert_eq!(
        tamper::encrypted_truncated(),
        Err(Error::InvalidClaim { claim: "email" })
    );
}

#[test]
fn authentic_plaintext_of_the_wrong_type_is_invalid_claim() {
    assert_eq!(
        tamper::encrypted_wrong_plaintext_type(),
        Err(Error::InvalidClaim { claim: "email" })
    );
    assert_eq!(
        tamper::encrypted_canary_wrong_type(),
        Err(Error::InvalidClaim { claim: "email" })
    );
}

#[test]
fn missing_protected_claims_are_missing_claim() {
    assert_eq!(
        tamper::missing_encrypted_claim(),
        Err(Error::MissingClaim { claim: "email" })
    );
    assert_eq!(
        tamper::missing_hashed_claim(),
        Err(Error::MissingClaim { claim: "sub" })
    );
}

#[test]
fn forbidden_claim_present_is_forbidden_claim() {
    assert_eq!(
        tamper::forbidden_claim_present(),
        Err(Error::ForbiddenClaim {
            claim: "password_hash"
        })
    );
    // Spelled with an escape, it is still the same claim.
    assert_eq!(
        tamper::forbidden_claim_escaped(),
        Err(Error::ForbiddenClaim {
            claim: "password_hash"
        })
    );
    // Even as `null`: the name alone is forbidden.
    assert_eq!(
        tamper::forbidden_claim_null(),
        Err(Error::ForbiddenClaim {
            claim: "password_hash"
        })
    );
}

#[test]
fn expired_is_expired() {
    assert_eq!(tamper::expired(), Err(Error::Expired));
    assert_eq!(tamper::expired_beyond_leeway(), Err(Error::Expired));
}

#[test]
fn future_nbf_or_iat_is_not_yet_valid() {
    assert_eq!(tamper::nbf_in_future(), Err(Error::NotYetValid));
    assert_eq!(tamper::iat_in_future(), Err(Error::NotYetValid));
}

#[test]
fn lifetime_over_the_maximum_is_lifetime() {
    assert_eq!(tamper::lifetime_over_max(), Err(Error::Lifetime));
    assert_eq!(tamper::exp_before_iat(), Err(Error::Lifetime));
}

#[test]
fn wrong_issuer_is_issuer() {
    assert_eq!(tamper::wrong_issuer(), Err(Error::Issuer));
    assert_eq!(tamper::issuer_with_suffix(), Err(Error::Issuer));
}

#[test]
fn issuer_as_array_is_issuer() {
    assert_eq!(tamper::issuer_array(), Err(Error::Issuer));
}

#[test]
fn missing_issuer_is_missing_claim() {
    assert_eq!(
        tamper::missing_issuer(),
        Err(Error::MissingClaim { claim: "iss" })
    );
}

#[test]
fn missing_audience_is_missing_claim() {
    assert_eq!(
        tamper::missing_audience(),
        Err(Error::MissingClaim { claim: "aud" })
    );
}

#[test]
fn wrong_audience_is_audience() {
    assert_eq!(tamper::wrong_audience(), Err(Error::Audience));
    assert_eq!(tamper::audience_array_without_ours(), Err(Error::Audience));
    assert_eq!(tamper::audience_number(), Err(Error::Audience));
}

#[test]
fn bad_jti_is_rejected() {
    assert_eq!(
        tamper::missing_jti(),
        Err(Error::MissingClaim { claim: "jti" })
    );
    assert_eq!(
        tamper::empty_jti(),
        Err(Error::InvalidClaim { claim: "jti" })
    );
    assert_eq!(
        tamper::long_jti(),
        Err(Error::InvalidClaim { claim: "jti" })
    );
}

#[test]
fn alg_none_in_any_spelling_is_algorithm() {
    for alg in ["none", "None", "nOnE", "NONE"] {
        for signed in [false, true] {
            assert_eq!(
                tamper::alg_none(alg, signed),
                Err(Error::Algorithm),
                "alg {alg:?}, signed {signed}"
            );
        }
    }
}

#[test]
fn missing_or_other_alg_is_algorithm() {
    assert_eq!(tamper::alg_missing(), Err(Error::Algorithm));
    assert_eq!(tamper::alg_lowercase(), Err(Error::Algorithm));
    assert_eq!(tamper::alg_hs384(), Err(Error::Algorithm));
}

#[test]
fn hs256_token_against_eddsa_key_with_same_kid_is_algorithm() {
    assert_eq!(tamper::hs256_token_for_eddsa_key(), Err(Error::Algorithm));
    assert_eq!(tamper::eddsa_token_for_hs256_key(), Err(Error::Algorithm));
}

#[test]
fn hs256_keyed_with_the_eddsa_public_key_is_algorithm() {
    assert_eq!(
        tamper::hs256_keyed_with_eddsa_public_key(),
        Err(Error::Algorithm)
    );
}

#[test]
fn oversized_token_is_too_large() {
    let token = tamper::oversized_token();
    assert!(token.len() > 8 * 1024);
    assert_eq!(
        decode_profile(&token),
        Err(Error::TooLarge {
            len: token.len(),
            max: 8 * 1024
        })
    );
    assert!(matches!(tamper::oversized(), Err(Error::TooLarge { .. })));
}

#[test]
fn wrong_segment_count_is_malformed() {
    for (name, outcome) in [
        ("one", tamper::one_segment()),
        ("two", tamper::two_segments()),
        ("four", tamper::four_segments()),
        ("five", tamper::five_segments()),
        ("empty", tamper::empty_token()),
    ] {
        assert!(
            matches!(outcome, Err(Error::Malformed(_))),
            "{name} segments: {outcome:?}"
        );
    }
}

#[test]
fn bad_base64url_or_json_is_malformed() {
    for (name, outcome) in [
        ("payload base64url", tamper::payload_not_base64url()),
        ("signature base64url", tamper::signature_not_base64url()),
        ("payload JSON", tamper::payload_not_json()),
        ("payload object", tamper::payload_not_object()),
        ("header JSON", tamper::header_not_json()),
        ("header object", tamper::header_not_object()),
        ("header duplicate alg", tamper::header_duplicate_alg()),
        (
            "payload trailing garbage",
            tamper::payload_trailing_garbage(),
        ),
        ("payload invalid UTF-8", tamper::payload_invalid_utf8()),
    ] {
        assert!(
            matches!(outcome, Err(Error::Malformed(_))),
            "{name}: {outcome:?}"
        );
    }
}

#[test]
fn unknown_signing_kid_is_unknown_key() {
    assert_eq!(
        tamper::unknown_signing_kid(),
        Err(Error::UnknownKey(KeyKind::Signing))
    );
    assert_eq!(
        tamper::missing_signing_kid(),
        Err(Error::UnknownKey(KeyKind::Signing))
    );
}

#[test]
fn crit_header_is_critical_header() {
    assert_eq!(tamper::crit_header(), Err(Error::CriticalHeader));
}

#[test]
fn typ_other_than_jwt_is_token_type() {
    assert_eq!(tamper::typ_jose(), Err(Error::TokenType));
    assert_eq!(tamper::typ_at_jwt(), Err(Error::TokenType));
    assert_eq!(tamper::typ_missing(), Err(Error::TokenType));
}

#[test]
fn exp_as_string_float_or_negative_is_invalid_claim() {
    for (name, outcome) in [
        ("string", tamper::exp_string()),
        ("float", tamper::exp_float()),
        ("whole float", tamper::exp_whole_float()),
        ("negative", tamper::exp_negative()),
        ("null", tamper::exp_null()),
        ("over i64::MAX", tamper::exp_over_i64()),
    ] {
        assert_eq!(
            outcome,
            Err(Error::InvalidClaim { claim: "exp" }),
            "exp as {name}"
        );
    }
    assert_eq!(
        tamper::iat_string(),
        Err(Error::InvalidClaim { claim: "iat" })
    );
}

#[test]
fn missing_time_claims_are_missing_claim() {
    assert_eq!(
        tamper::missing_exp(),
        Err(Error::MissingClaim { claim: "exp" })
    );
    assert_eq!(
        tamper::missing_nbf(),
        Err(Error::MissingClaim { claim: "nbf" })
    );
}

#[test]
fn duplicate_claim_keys_are_malformed() {
    for (name, outcome) in [
        ("role", tamper::duplicate_public_claim()),
        ("escaped role", tamper::duplicate_escaped_claim()),
        ("exp", tamper::duplicate_exp()),
        ("iss", tamper::duplicate_iss()),
        ("email", tamper::duplicate_encrypted_claim()),
    ] {
        assert!(
            matches!(outcome, Err(Error::Malformed(_))),
            "duplicate {name}: {outcome:?}"
        );
    }
}

#[test]
fn public_claim_with_the_wrong_type_is_invalid_claim() {
    assert_eq!(
        tamper::public_wrong_type(),
        Err(Error::InvalidClaim { claim: "role" })
    );
    assert_eq!(
        tamper::public_enum_unknown_variant(),
        Err(Error::InvalidClaim { claim: "tier" })
    );
    assert_eq!(
        tamper::public_null(),
        Err(Error::InvalidClaim { claim: "role" })
    );
    assert_eq!(
        tamper::public_missing(),
        Err(Error::MissingClaim { claim: "role" })
    );
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    assert_eq!(
        tamper::deep_array_in_public_value(),
        Err(Error::InvalidClaim { claim: "prefs" })
    );
    assert_eq!(
        tamper::deep_object_in_public_value(),
        Err(Error::InvalidClaim { claim: "prefs" })
    );
    assert_eq!(
        tamper::deep_array_in_public_string(),
        Err(Error::InvalidClaim { claim: "role" })
    );
    assert_eq!(
        tamper::deep_array_in_encrypted(),
        Err(Error::InvalidClaim { claim: "email" })
    );
    assert_eq!(
        tamper::deep_object_in_hashed(),
        Err(Error::InvalidClaim { claim: "sub" })
    );
    assert_eq!(tamper::deep_array_in_iss(), Err(Error::Issuer));
    assert!(matches!(
        tamper::deep_array_default_cap(),
        Err(Error::TooLarge { .. })
    ));
}

#[test]
fn deeply_nested_header_is_an_error_not_a_crash() {
    assert_eq!(tamper::deep_crit_header(), Err(Error::CriticalHeader));
    // An unknown deep header parameter is skipped or rejected, never a crash.
    let header = format!(
        r#"{{"alg":"HS256","typ":"JWT","kid":"sig-1","x":{}}}"#,
        tamper::deep_json(tamper::DEPTH, true)
    );
    let token = sign_raw(&header, &payload_text(&profile_token()));
    let outcome = tamper::decode::<Profile>(&tamper::keys_large(), &token);
    assert!(
        matches!(outcome, Ok(()) | Err(Error::Malformed(_))),
        "{outcome:?}"
    );
}

#[test]
fn deeply_nested_undeclared_claim_is_ignored_or_malformed() {
    // The struct does not declare it, so it may be skipped; it must not crash.
    let outcome = tamper::deep_array_in_undeclared();
    assert!(
        matches!(outcome, Ok(()) | Err(Error::Malformed(_))),
        "{outcome:?}"
    );
}

#[test]
fn deep_json_helper_nests_as_asked() {
    let text = tamper::deep_json(3, false);
    assert_eq!(text, "[[[1]]]");
    assert_eq!(tamper::deep_json(2, true), r#"{"a":{"a":1}}"#);
    let deep = common::append_raw_claim(&profile_token(), "x", &tamper::deep_json(4, false));
    assert!(payload_text(&deep).ends_with(r#","x":[[[[1]]]]}"#));
    assert_eq!(
        tamper::deep_json(tamper::DEPTH, false).len(),
        2 * tamper::DEPTH + 1
    );
}

#[test]
fn every_case_fails_and_names_are_unique() {
    let cases = tamper::cases();
    let names: HashSet<&str> = cases.iter().map(|(name, _)| *name).collect();
    assert_eq!(names.len(), cases.len(), "duplicate case names");
    let errors = tamper::errors();
    assert_eq!(errors.len(), cases.len());
    assert!(errors.len() >= 60, "only {} cases", errors.len());
}
