//! Registered claims: `exp`, `nbf` and `iat` of the wrong type, missing or
//! out of range, lifetimes over the maximum, the leeway's edges; an `iss`
//! that is not exactly ours; an `aud` without ours; a missing or bad `jti`.

use std::time::Duration;

use claims_core::{Algorithm, Error};
use serde_json::{Value, json};

use crate::common::{
    AUDIENCE, ISSUER, Profile, builder, hs256_key, keys as profile_keys, now, pii_key_a,
};
use crate::forge::{claims, forge, header, keys, q};
use crate::issued::{edited, without};
use crate::runner::{Case, Expect, decode_as, run};

#[test]
fn time_claims_of_the_wrong_type_are_invalid_claim() {
    let now = now();
    let wrong: Vec<String> = vec![
        format!("\"{now}\""),
        format!("{now}.0"),
        format!("{now}.5"),
        format!("{now}e0"),
        "1.5".to_string(),
        "1e300".to_string(),
        "1E3".to_string(),
        "-1".to_string(),
        "-0".to_string(), // serde_json reads `-0` as the float -0.0
        format!("-{now}"),
        "-9223372036854775808".to_string(),
        "null".to_string(),
        "true".to_string(),
        "false".to_string(),
        "18446744073709551616".to_string(), // 2^64
        "18446744073709551615".to_string(), // u64::MAX
        "9223372036854775808".to_string(),  // 2^63
        "100000000000000000000000000000".to_string(),
        format!("[{now}]"),
        format!(r#"{{"$date":{now}}}"#),
        q("now"),
    ];
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for claim in ["exp", "nbf", "iat"] {
            for raw in &wrong {
                cases.push(Case::decode(
                    format!("{alg}: {claim} = {raw}"),
                    keys(alg),
                    forge(alg, &header(alg), &claims().set(claim, raw.as_str())),
                    Expect::Is(Error::InvalidClaim { claim }),
                ));
            }
            cases.push(Case::decode(
                format!("{alg}: {claim} missing"),
                keys(alg),
                forge(alg, &header(alg), &claims().without(claim)),
                Expect::Is(Error::MissingClaim { claim }),
            ));
        }
        // The largest accepted NumericDate is i64::MAX: read, then judged.
        let max = i64::MAX.to_string();
        for (claim, expect) in [
            ("exp", Error::Lifetime),
            ("nbf", Error::NotYetValid),
            ("iat", Error::NotYetValid),
        ] {
            cases.push(Case::decode(
                format!("{alg}: {claim} = i64::MAX"),
                keys(alg),
                forge(alg, &header(alg), &claims().set(claim, max.as_str())),
                Expect::Is(expect),
            ));
        }
        cases.push(Case::decode(
            format!("{alg}: exp = 0"),
            keys(alg),
            forge(alg, &header(alg), &claims().set("exp", "0")),
            Expect::Is(Error::Expired),
        ));
    }
    run("time claims", &cases);
}

#[test]
fn an_issuer_that_is_not_exactly_ours_is_issuer() {
    let upper = ISSUER.to_uppercase();
    let variants: Vec<String> = vec![
        format!("[{}]", q(ISSUER)),
        format!("[{},{}]", q(ISSUER), q(ISSUER)),
        q(&ISSUER[..ISSUER.len() - 1]),
        q("https://auth.example"),
        q("https://"),
        q(&format!("{ISSUER}/")),
        q(&format!("{ISSUER}.attacker.example.invalid")),
        q(&format!("{ISSUER}@attacker.example.invalid")),
        q(&upper),
        q(&ISSUER.replacen("https", "HTTPS", 1)),
        q(&ISSUER.replacen("https", "http", 1)),
        q(&format!("{ISSUER} ")),
        q(&format!(" {ISSUER}")),
        q(&format!("{ISSUER}\0")),
        q(""),
        "null".to_string(),
        "1".to_string(),
        "true".to_string(),
        format!(r#"{{"iss":{}}}"#, q(ISSUER)),
    ];
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for raw in &variants {
            cases.push(
                Case::decode(
                    format!("{alg}: iss {raw}"),
                    keys(alg),
                    forge(alg, &header(alg), &claims().set("iss", raw.as_str())),
                    Expect::Is(Error::Issuer),
                )
                .planted(".attacker.example.invalid")
                .planted(upper.as_str()),
            );
        }
        cases.push(Case::decode(
            format!("{alg}: iss missing"),
            keys(alg),
            forge(alg, &header(alg), &claims().without("iss")),
            Expect::Is(Error::MissingClaim { claim: "iss" }),
        ));
    }
    run("iss", &cases);
}

#[test]
fn an_audience_without_ours_is_audience() {
    let variants: Vec<String> = vec![
        "[]".to_string(),
        "42".to_string(),
        "[42]".to_string(),
        "{}".to_string(),
        format!(r#"{{"aud":{}}}"#, q(AUDIENCE)),
        "null".to_string(),
        "[null]".to_string(),
        "true".to_string(),
        format!("[{},42]", q(AUDIENCE)),
        format!("[[{}]]", q(AUDIENCE)),
        q(""),
        q("orders"),
        q("orders-api-v2"),
        q("ORDERS-API"),
        q(&format!("{AUDIENCE} ")),
        q(&format!("{AUDIENCE}\0")),
        q("billing-api-attacker-aud"),
        format!("[{}]", q("billing-api-attacker-aud")),
    ];
    let mut cases = Vec::new();
    for alg in Algorithm::ALL {
        for raw in &variants {
            cases.push(
                Case::decode(
                    format!("{alg}: aud {raw}"),
                    keys(alg),
                    forge(alg, &header(alg), &claims().set("aud", raw.as_str())),
                    Expect::Is(Error::Audience),
                )
                .planted("billing-api-attacker-aud"),
            );
        }
        cases.push(Case::decode(
            format!("{alg}: aud missing"),
            keys(alg),
            forge(alg, &header(alg), &claims().without("aud")),
            Expect::Is(Error::MissingClaim { claim: "aud" }),
        ));
    }
    run("aud", &cases);
}

/// `iat`, `nbf` and `exp` of the canary profile token set, re-signed.
fn with_times(iat: u64, nbf: u64, exp: u64) -> String {
    edited(|p| {
        p["iat"] = json!(iat);
        p["nbf"] = json!(nbf);
        p["exp"] = json!(exp);
    })
}

/// The canary profile token with `claim` set to `value`, re-signed.
fn with_claim(claim: &str, value: Value) -> String {
    edited(|p| p[claim] = value)
}

/// The same on a token `claims` issued for the canary profile, with the
/// leeway's and the maximum lifetime's edges.
#[test]
#[allow(clippy::too_many_lines)] // a table of cases
fn issued_tokens_with_bad_registered_claims_are_refused() {
    let now = now();
    // Timestamps exact in an f64 until 2^53.
    #[allow(clippy::cast_precision_loss)]
    let (float_exp, whole_float_exp) = (now as f64 + 60.5, (now + 60) as f64);
    let invalid = |claim| Expect::Is(Error::InvalidClaim { claim });
    let missing = |claim| Expect::Is(Error::MissingClaim { claim });
    let cases = vec![
        // Time.
        Case::profile(
            "expired an hour ago",
            with_times(now - 3_900, now - 3_900, now - 3_600),
            Expect::Is(Error::Expired),
        ),
        Case::profile(
            "expired 31 s ago, past the 30 s leeway",
            with_times(now - 300, now - 300, now - 31),
            Expect::Is(Error::Expired),
        ),
        Case::profile(
            "expired 10 s ago, within the leeway",
            with_times(now - 300, now - 300, now - 10),
            Expect::Accepted,
        ),
        Case::profile(
            "nbf in 10 min",
            with_times(now, now + 600, now + 900),
            Expect::Is(Error::NotYetValid),
        ),
        Case::profile(
            "iat in 10 min",
            with_times(now + 600, now, now + 900),
            Expect::Is(Error::NotYetValid),
        ),
        Case::profile(
            "nbf and iat in 10 s, within the leeway",
            with_times(now + 10, now + 10, now + 300),
            Expect::Accepted,
        ),
        Case::profile(
            "a 2 h lifetime (1 h maximum)",
            with_times(now, now, now + 7_200),
            Expect::Is(Error::Lifetime),
        ),
        Case::profile(
            "a lifetime of exactly the maximum",
            with_times(now, now, now + 3_600),
            Expect::Accepted,
        ),
        Case::profile(
            "a lifetime of the maximum plus 1 s",
            with_times(now, now, now + 3_601),
            Expect::Is(Error::Lifetime),
        ),
        Case::profile(
            "exp before iat, both within the leeway",
            with_times(now + 20, now, now + 10),
            Expect::Is(Error::Lifetime),
        ),
        Case::profile(
            "exp a string",
            with_claim("exp", json!((now + 60).to_string())),
            invalid("exp"),
        ),
        Case::profile(
            "exp a float",
            with_claim("exp", json!(float_exp)),
            invalid("exp"),
        ),
        Case::profile(
            "exp a whole float",
            with_claim("exp", json!(whole_float_exp)),
            invalid("exp"),
        ),
        Case::profile("exp -1", with_claim("exp", json!(-1)), invalid("exp")),
        Case::profile("exp null", with_claim("exp", Value::Null), invalid("exp")),
        Case::profile(
            "exp u64::MAX",
            with_claim("exp", json!(u64::MAX)),
            invalid("exp"),
        ),
        Case::profile(
            "iat a string",
            with_claim("iat", json!(now.to_string())),
            invalid("iat"),
        ),
        Case::profile("exp missing", without("exp"), missing("exp")),
        Case::profile("nbf missing", without("nbf"), missing("nbf")),
        // Issuer.
        Case::profile(
            "another issuer",
            with_claim("iss", json!("https://evil.example.invalid")),
            Expect::Is(Error::Issuer),
        ),
        Case::profile(
            "our issuer with a trailing slash",
            with_claim("iss", json!(format!("{ISSUER}/"))),
            Expect::Is(Error::Issuer),
        ),
        Case::profile(
            "our issuer in an array",
            with_claim("iss", json!([ISSUER])),
            Expect::Is(Error::Issuer),
        ),
        Case::profile("iss missing", without("iss"), missing("iss")),
        // Audience.
        Case::profile("aud missing", without("aud"), missing("aud")),
        Case::profile(
            "another audience",
            with_claim("aud", json!("billing-api")),
            Expect::Is(Error::Audience),
        ),
        Case::profile(
            "an audience array without ours",
            with_claim("aud", json!(["billing-api", "orders-api-v2"])),
            Expect::Is(Error::Audience),
        ),
        Case::profile(
            "aud 42",
            with_claim("aud", json!(42)),
            Expect::Is(Error::Audience),
        ),
        Case::profile(
            "an audience array with ours",
            with_claim("aud", json!(["billing-api", AUDIENCE])),
            Expect::Accepted,
        ),
        // jti.
        Case::profile("jti missing", without("jti"), missing("jti")),
        Case::profile("jti empty", with_claim("jti", json!("")), invalid("jti")),
        Case::profile(
            "jti of 200 bytes",
            with_claim("jti", json!("j".repeat(200))),
            invalid("jti"),
        ),
    ];
    run("registered claims (issued tokens)", &cases);
}

/// A configured maximum lifetime and leeway replace the defaults.
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
    let long = edited(|p| {
        p["iat"] = json!(now);
        p["exp"] = json!(now + 61);
    });
    let just_expired = with_times(now - 50, now - 50, now - 1);
    let cases = vec![
        Case::new(
            "a 61 s lifetime, 60 s maximum",
            decode_as::<Profile>(strict.clone()),
            long,
            Expect::Is(Error::Lifetime),
        ),
        Case::new(
            "expired 1 s ago, no leeway",
            decode_as::<Profile>(strict),
            just_expired.clone(),
            Expect::Is(Error::Expired),
        ),
        Case::profile(
            "expired 1 s ago, the default 30 s leeway",
            just_expired,
            Expect::Accepted,
        ),
    ];
    run("configured lifetime and leeway", &cases);
}

#[test]
fn an_audience_array_holding_ours_is_returned_whole() {
    let token = with_claim("aud", json!(["billing-api", AUDIENCE]));
    let verified = profile_keys().decode::<Profile>(&token).expect("decodes");
    assert_eq!(verified.registered().aud, vec!["billing-api", AUDIENCE]);
}
