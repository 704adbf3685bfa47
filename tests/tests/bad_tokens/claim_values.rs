//! Values of the claims a struct declares, in tokens `claims` issued for
//! the canary profile: protected values (`h1.`/`e1.`) flipped, moved,
//! relabelled, cut, misspelled or sent in the clear; PII keys unknown or
//! absent; a forbidden claim present; public values of the wrong type.
//! Serde's errors would quote several of these values: none may show.

use claims_core::{Error, KeyKind};
use serde_json::{Value, json};

use crate::common::{
    CANARY_EMAIL, CANARY_PASSWORD, CANARY_USER, PII_KID, Profile, b64, builder, claim_str,
    hs256_key, keys, keys_without_pii, pii_key_a, pii_key_b, profile_token, split_wire,
};
use crate::forge::non_canonical;
use crate::issued::{
    EmailNumber, EmailOnly, Tiered, append_raw_claim, edited, flip_wire_bit, with_wire, without,
};
use crate::runner::{Case, Expect, decode_as, run};

fn invalid(claim: &'static str) -> Expect {
    Expect::Is(Error::InvalidClaim { claim })
}

fn missing(claim: &'static str) -> Expect {
    Expect::Is(Error::MissingClaim { claim })
}

fn decrypt(claim: &'static str) -> Expect {
    Expect::Is(Error::Decrypt { claim })
}

/// `h1.` pseudonyms and `e1.` ciphertexts altered, and the PII keys that
/// read them unknown or absent.
#[test]
#[allow(clippy::too_many_lines)] // a table of cases
fn altered_protected_values_are_refused() {
    let token = profile_token();
    let email = claim_str(&token, "email");
    let phone = claim_str(&token, "phone");
    let both_pii_keys = builder()
        .signing_key(hs256_key())
        .pii_key(pii_key_a())
        .pii_key(pii_key_b())
        .build()
        .expect("keys");
    let relabelled = email.replacen("e1.pii-1.", "e1.pii-2.", 1);
    let unknown_pii = Expect::Is(Error::UnknownKey(KeyKind::Pii));
    let cases = vec![
        // Body = nonce (12) || ciphertext || tag (16).
        Case::profile(
            "a nonce bit flipped",
            with_wire("email", |w| flip_wire_bit(w, 0)),
            decrypt("email"),
        ),
        Case::profile(
            "a ciphertext bit flipped",
            with_wire("email", |w| flip_wire_bit(w, 12)),
            decrypt("email"),
        ),
        Case::profile(
            "a tag bit flipped",
            with_wire("email", |w| flip_wire_bit(w, -1)),
            decrypt("email"),
        ),
        // The AAD binds the claim name.
        Case::profile(
            "email's ciphertext in phone",
            edited(|p| p["phone"] = json!(email)),
            decrypt("phone"),
        ),
        Case::profile(
            "email and phone swapped",
            edited(|p| {
                p["email"] = json!(phone);
                p["phone"] = json!(email);
            }),
            decrypt("email"),
        ),
        // Looked up by kid, it fails authentication under the other key.
        Case::new(
            "relabelled to another loaded PII kid",
            decode_as::<Profile>(both_pii_keys),
            edited(|p| p["email"] = json!(relabelled)),
            decrypt("email"),
        ),
        Case::profile(
            "an encrypted value under an unknown PII kid",
            with_wire("email", |w| w.replacen(PII_KID, "pii-9", 1)),
            unknown_pii.clone(),
        ),
        Case::profile(
            "a pseudonym under an unknown PII kid",
            with_wire("sub", |w| w.replacen(PII_KID, "pii-9", 1)),
            unknown_pii,
        ),
        Case::new(
            "encrypted claims, no PII key loaded",
            decode_as::<Profile>(keys_without_pii()),
            token.clone(),
            Expect::Is(Error::MissingPiiKey { claim: "email" }),
        ),
        Case::profile(
            "a hashed claim in the clear",
            edited(|p| p["sub"] = json!(CANARY_USER)),
            invalid("sub"),
        ),
        Case::profile(
            "a hashed claim holding an e1. value",
            edited(|p| p["sub"] = json!(email)),
            invalid("sub"),
        ),
        Case::profile(
            "a pseudonym with non-canonical trailing bits",
            with_wire("sub", non_canonical),
            invalid("sub"),
        ),
        Case::profile(
            "an e1. value with non-canonical trailing bits",
            with_wire("email", non_canonical),
            invalid("email"),
        ),
        Case::profile(
            "an encrypted claim in the clear",
            edited(|p| p["email"] = json!(CANARY_EMAIL)),
            invalid("email"),
        ),
        Case::profile(
            "an encrypted claim that is an object",
            edited(|p| p["email"] = json!({"value": CANARY_EMAIL})),
            invalid("email"),
        ),
        Case::profile(
            "an e1. body shorter than nonce and tag",
            with_wire("email", |w| {
                let (prefix, kid, body) = split_wire(w);
                format!("{prefix}.{kid}.{}", b64(&body[..20]))
            }),
            invalid("email"),
        ),
        Case::profile("email missing", without("email"), missing("email")),
        Case::profile("sub missing", without("sub"), missing("sub")),
    ];
    run("protected values (issued tokens)", &cases);
}

/// Authentic ciphertexts whose plaintext is not the field's type, a
/// forbidden claim in any spelling, public values of the wrong type.
#[test]
fn declared_claims_of_the_wrong_type_or_forbidden_are_refused() {
    let number = keys()
        .encode(&EmailNumber { email: 7_357 })
        .expect("encodes");
    let forbidden = Expect::Is(Error::ForbiddenClaim {
        claim: "password_hash",
    });
    let cases = vec![
        Case::new(
            "an encrypted number read as a Pii<String>",
            decode_as::<EmailOnly>(keys()),
            number,
            invalid("email"),
        ),
        // Serde's error would quote the decrypted canary.
        Case::new(
            "the encrypted canary email read as a u64",
            decode_as::<EmailNumber>(keys()),
            profile_token(),
            invalid("email"),
        ),
        Case::profile(
            "password_hash present",
            edited(|p| p["password_hash"] = json!(CANARY_PASSWORD)),
            forbidden.clone(),
        ),
        // Spelled with an escape, it is still the same claim.
        Case::profile(
            "password_hash spelled with an escape",
            append_raw_claim(&profile_token(), r"password\u005fhash", r#""x""#),
            forbidden.clone(),
        ),
        // Even as `null`: the name alone is forbidden.
        Case::profile(
            "password_hash null",
            edited(|p| p["password_hash"] = Value::Null),
            forbidden,
        ),
        Case::profile(
            "a public String that is a number",
            edited(|p| p["role"] = json!(42)),
            invalid("role"),
        ),
        Case::profile(
            "a public String that is null",
            edited(|p| p["role"] = Value::Null),
            invalid("role"),
        ),
        Case::profile("a public claim missing", without("role"), missing("role")),
        // Serde's error for an unknown variant quotes the input.
        Case::new(
            "a public enum holding the canary email",
            decode_as::<Tiered>(keys()),
            edited(|p| p["tier"] = json!(CANARY_EMAIL)),
            invalid("tier"),
        ),
    ];
    run("declared claims (issued tokens)", &cases);
}
