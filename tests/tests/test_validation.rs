//! Validation profiles: what decoding requires of a token from another
//! issuer, as a `Validation` held by a verify-only `Keys`. Each rule of the
//! presets is shown by a token that passes and one that fails with the exact
//! error; the builder refuses mixing a validation with `claims`' own rules;
//! a `Keys` with a JWKS client decodes with `decode_async`, fetching again on
//! an unknown kid.

mod idp;
#[allow(dead_code)] // shared with the JWKS client tests
mod jwks_server;

use std::time::Duration;

use claims_core::jwks_client::JwksClient;
use claims_core::{
    Algorithm, Claims, Error, KeyKind, Keys, RegisteredClaims, SigningKey, Validation, VerifyingKey,
};
use idp::{now, other_key, provider_key, public_pem, rs256, with};
use serde_json::{Value, json};

const ISSUER: &str = "https://idp.example.test/";
const API: &str = "https://api.example.test";
const CLIENT: &str = "client-4711";
const KID: &str = "idp-key-1";

/// Claims a third party's token carries; the tests read the registered ones.
#[derive(Claims)]
struct Token {
    #[claim(public)]
    scope: Option<String>,
}

fn provider_public(kid: &str) -> VerifyingKey {
    VerifyingKey::from_pem(kid, Algorithm::RS256, &public_pem(provider_key())).expect("SPKI PEM")
}

fn keys(validation: Validation) -> Keys {
    Keys::builder()
        .validation(validation)
        .verifying_key(provider_public(KID))
        .build()
        .expect("verify-only keys")
}

fn header(typ: Option<&str>) -> Value {
    let header = json!({"alg": "RS256", "kid": KID});
    typ.map_or(header.clone(), |typ| with(&header, "typ", typ.into()))
}

/// An RFC 9068 access token for [`API`].
fn access_claims() -> Value {
    let now = now();
    json!({
        "iss": ISSUER, "sub": "user-1", "aud": API, "client_id": CLIENT,
        "iat": now, "exp": now + 600, "jti": "at-0001", "scope": "orders:read",
    })
}

/// An OIDC ID token for [`CLIENT`].
fn id_claims() -> Value {
    let now = now();
    json!({"iss": ISSUER, "sub": "user-1", "aud": CLIENT, "iat": now, "exp": now + 3600})
}

fn decode(keys: &Keys, header: &Value, claims: &Value) -> Result<RegisteredClaims, Error> {
    keys.decode::<Token>(&rs256(provider_key(), header, claims))
        .map(|verified| verified.registered().clone())
}

#[test]
fn the_access_token_preset_is_rfc_9068() {
    let keys = keys(Validation::access_token(ISSUER, API));
    let claims = access_claims();
    for typ in ["at+jwt", "application/at+jwt", "AT+JWT"] {
        let registered = decode(&keys, &header(Some(typ)), &claims).expect(typ);
        assert_eq!(registered.aud, [API]);
        assert_eq!(registered.jti, "at-0001");
        assert_eq!(registered.nbf, 0, "no nbf reads as 0");
    }
    for typ in [Some("JWT"), Some("application/jwt"), Some("id+jwt"), None] {
        assert_eq!(
            decode(&keys, &header(typ), &claims),
            Err(Error::TokenType),
            "{typ:?}"
        );
    }
    let at = header(Some("at+jwt"));
    for claim in ["jti", "iat", "exp", "iss", "aud"] {
        assert_eq!(
            decode(&keys, &at, &with(&claims, claim, Value::Null)),
            Err(Error::MissingClaim { claim }),
            "{claim}"
        );
    }
    // nbf is checked when present.
    let future = with(&claims, "nbf", (now() + 3600).into());
    assert_eq!(decode(&keys, &at, &future), Err(Error::NotYetValid));
    // Up to a day of lifetime; not more.
    let now = now();
    let day = with(
        &with(&claims, "iat", now.into()),
        "exp",
        (now + 86_400).into(),
    );
    assert!(decode(&keys, &at, &day).is_ok());
    let longer = with(&day, "exp", (now + 86_401).into());
    assert_eq!(decode(&keys, &at, &longer), Err(Error::Lifetime));
    // Another API's token.
    let other = with(&claims, "aud", "https://other.example.test".into());
    assert_eq!(decode(&keys, &at, &other), Err(Error::Audience));
}

#[test]
fn the_id_token_preset_is_oidc_core_3_1_3_7() {
    let keys = keys(Validation::id_token(ISSUER, CLIENT).audience("client-trusted"));
    let claims = id_claims();
    for typ in [Some("JWT"), None] {
        let registered = decode(&keys, &header(typ), &claims).expect("an ID token");
        assert_eq!(registered.jti, "", "no jti reads as empty");
    }
    // An access token is not an ID token.
    assert_eq!(
        decode(&keys, &header(Some("at+jwt")), &claims),
        Err(Error::TokenType)
    );
    let jwt = header(Some("JWT"));
    // Every audience must be trusted.
    let untrusted = with(&claims, "aud", json!([CLIENT, "someone-else"]));
    let untrusted = with(&untrusted, "azp", CLIENT.into());
    assert_eq!(decode(&keys, &jwt, &untrusted), Err(Error::Audience));
    // Several audiences need azp, and azp must be trusted.
    let several = with(&claims, "aud", json!([CLIENT, "client-trusted"]));
    assert_eq!(
        decode(&keys, &jwt, &several),
        Err(Error::MissingClaim { claim: "azp" })
    );
    assert!(decode(&keys, &jwt, &with(&several, "azp", CLIENT.into())).is_ok());
    assert_eq!(
        decode(&keys, &jwt, &with(&claims, "azp", "someone-else".into())),
        Err(Error::Audience)
    );
    // At most an hour since iat, however late exp is.
    let now = now();
    let old = with(
        &with(&claims, "iat", (now - 3700).into()),
        "exp",
        (now + 3600).into(),
    );
    assert_eq!(decode(&keys, &jwt, &old), Err(Error::Expired));
    let fresh_enough = with(&old, "iat", (now - 3500).into());
    assert!(decode(&keys, &jwt, &fresh_enough).is_ok());
    // A long-lived ID token is fine: no maximum lifetime.
    let long = with(&claims, "exp", (now + 10 * 3600).into());
    assert!(decode(&keys, &jwt, &long).is_ok());
}

#[test]
fn a_login_nonce_is_a_required_claim_value() {
    let keys = keys(Validation::id_token(ISSUER, CLIENT).require_claim("nonce", ["n-0S6_WzA2Mj"]));
    let jwt = header(Some("JWT"));
    let claims = with(&id_claims(), "nonce", "n-0S6_WzA2Mj".into());
    assert!(decode(&keys, &jwt, &claims).is_ok());
    assert_eq!(
        decode(&keys, &jwt, &with(&claims, "nonce", Value::Null)),
        Err(Error::MissingClaim { claim: "nonce" })
    );
    for wrong in [json!("n-other"), json!(["n-0S6_WzA2Mj"]), json!(1)] {
        assert_eq!(
            decode(&keys, &jwt, &with(&claims, "nonce", wrong.clone())),
            Err(Error::ClaimMismatch { claim: "nonce" }),
            "{wrong}"
        );
    }
}

#[test]
fn several_issuers_and_audiences_are_accepted() {
    let keys = keys(
        Validation::access_token(ISSUER, API)
            .issuer("idp.example.test")
            .audience("https://api-2.example.test"),
    );
    let at = header(Some("at+jwt"));
    let claims = access_claims();
    for (iss, aud) in [
        (ISSUER, json!(API)),
        ("idp.example.test", json!("https://api-2.example.test")),
        (ISSUER, json!(["https://x.example.test", API])),
    ] {
        let claims = with(&with(&claims, "iss", iss.into()), "aud", aud);
        assert!(decode(&keys, &at, &claims).is_ok(), "{claims}");
    }
    for iss in [
        json!("https://idp.example.test"),
        json!([ISSUER]),
        json!("https://evil.example.test/"),
    ] {
        assert_eq!(
            decode(&keys, &at, &with(&claims, "iss", iss.clone())),
            Err(Error::Issuer),
            "{iss}"
        );
    }
}

#[test]
fn the_audience_may_be_read_from_another_claim() {
    // Cognito's access tokens: no aud, the client in client_id.
    let keys = keys(
        Validation::access_token(ISSUER, CLIENT)
            .accept_typ(&[])
            .accept_missing_typ()
            .audience_claim("client_id"),
    );
    let bare = header(None);
    let claims = with(&access_claims(), "aud", Value::Null);
    assert_eq!(
        decode(&keys, &bare, &claims).map(|r| r.aud),
        Ok(vec![CLIENT.to_owned()])
    );
    assert_eq!(
        decode(
            &keys,
            &bare,
            &with(&claims, "client_id", "client-other".into())
        ),
        Err(Error::Audience)
    );
    assert_eq!(
        decode(&keys, &bare, &with(&claims, "client_id", Value::Null)),
        Err(Error::MissingClaim { claim: "client_id" })
    );
    // Without typ only: a typ is now refused.
    assert_eq!(
        decode(&keys, &header(Some("JWT")), &claims),
        Err(Error::TokenType)
    );
}

#[test]
fn required_registered_claims_are_settings() {
    let lenient = keys(
        Validation::access_token(ISSUER, API)
            .require_jti(false)
            .require_nbf(true)
            .max_lifetime(None)
            .require_iat(false),
    );
    let at = header(Some("at+jwt"));
    let now = now();
    let claims = with(
        &with(&access_claims(), "jti", Value::Null),
        "nbf",
        now.into(),
    );
    let registered = decode(&lenient, &at, &claims).expect("jti not required");
    assert_eq!((registered.jti.as_str(), registered.nbf), ("", now));
    let no_iat = with(&claims, "iat", Value::Null);
    assert_eq!(decode(&lenient, &at, &no_iat).map(|r| r.iat), Ok(0));
    assert_eq!(
        decode(&lenient, &at, &with(&claims, "nbf", Value::Null)),
        Err(Error::MissingClaim { claim: "nbf" })
    );
    // A present jti is still checked for shape.
    for jti in [json!(""), json!(7), json!("x".repeat(129))] {
        assert_eq!(
            decode(&lenient, &at, &with(&claims, "jti", jti)),
            Err(Error::InvalidClaim { claim: "jti" })
        );
    }
    // A maximum lifetime needs iat, required or not.
    let bounded = keys(Validation::access_token(ISSUER, API).require_iat(false));
    assert_eq!(
        decode(&bounded, &at, &with(&access_claims(), "iat", Value::Null)),
        Err(Error::MissingClaim { claim: "iat" })
    );
}

#[test]
fn a_required_claim_value_is_checked() {
    let keys = keys(
        Validation::access_token(ISSUER, API)
            .require_claim("token_use", ["access"])
            .require_claim("ver", ["1.0", "2.0"]),
    );
    let at = header(Some("at+jwt"));
    let claims = with(
        &with(&access_claims(), "token_use", "access".into()),
        "ver",
        "2.0".into(),
    );
    assert!(decode(&keys, &at, &claims).is_ok());
    assert_eq!(
        decode(&keys, &at, &with(&claims, "token_use", "id".into())),
        Err(Error::ClaimMismatch { claim: "token_use" })
    );
    assert_eq!(
        decode(&keys, &at, &with(&claims, "ver", Value::Null)),
        Err(Error::MissingClaim { claim: "ver" })
    );
}

#[test]
fn a_token_without_kid_needs_exactly_one_key_and_a_rule_that_allows_it() {
    let no_kid = json!({"alg": "RS256", "typ": "at+jwt"});
    let claims = access_claims();
    let lenient = Validation::access_token(ISSUER, API).require_kid(false);
    assert!(decode(&keys(lenient.clone()), &no_kid, &claims).is_ok());
    // The kid still decides when there is one.
    let named = with(&no_kid, "kid", "idp-key-2".into());
    assert_eq!(
        decode(&keys(lenient.clone()), &named, &claims),
        Err(Error::UnknownKey(KeyKind::Signing))
    );
    // Two keys: which one is not the token's to say.
    let two = Keys::builder()
        .validation(lenient)
        .verifying_key(provider_public(KID))
        .verifying_key(
            VerifyingKey::from_pem("idp-key-2", Algorithm::RS256, &public_pem(other_key()))
                .expect("PEM"),
        )
        .build()
        .expect("keys");
    assert_eq!(decode(&two, &no_kid, &claims), Err(Error::MissingKeyId));
    // The presets require a kid.
    assert_eq!(
        decode(
            &keys(Validation::access_token(ISSUER, API)),
            &no_kid,
            &claims
        ),
        Err(Error::MissingKeyId)
    );
}

#[test]
fn claims_own_rules_read_typ_as_rfc_7515_says() {
    let keys = Keys::builder()
        .validation(Validation::new(ISSUER, API))
        .verifying_key(provider_public(KID))
        .build()
        .expect("keys");
    let now = now();
    let claims = json!({
        "iss": ISSUER, "aud": API, "iat": now, "nbf": now, "exp": now + 60, "jti": "j-1",
    });
    for typ in ["JWT", "jwt", "application/jwt"] {
        assert!(decode(&keys, &header(Some(typ)), &claims).is_ok(), "{typ}");
    }
    for (typ, missing) in [
        (Some("at+jwt"), None),
        (None, None),
        (Some("JWT"), Some("jti")),
    ] {
        let claims = missing.map_or(claims.clone(), |m| with(&claims, m, Value::Null));
        assert!(
            decode(&keys, &header(typ), &claims).is_err(),
            "{typ:?} {missing:?}"
        );
    }
}

#[test]
fn a_validation_is_not_mixed_with_claims_own_rules() {
    let config = |result: Result<Keys, Error>| match result {
        Err(Error::Config(_)) => {}
        other => panic!("expected a configuration error, got {other:?}"),
    };
    let v = || Validation::access_token(ISSUER, API);
    let key = || provider_public(KID);
    config(
        Keys::builder()
            .validation(v())
            .issuer(ISSUER)
            .verifying_key(key())
            .build(),
    );
    config(
        Keys::builder()
            .validation(v())
            .audience(API)
            .verifying_key(key())
            .build(),
    );
    config(
        Keys::builder()
            .validation(v())
            .leeway(Duration::from_secs(5))
            .verifying_key(key())
            .build(),
    );
    config(
        Keys::builder()
            .validation(v())
            .max_lifetime(Duration::from_secs(5))
            .verifying_key(key())
            .build(),
    );
    // Such keys never sign.
    let signer = SigningKey::hs256("sig-1", &[7u8; 32]).expect("HS256");
    config(Keys::builder().validation(v()).signing_key(signer).build());
    config(
        Keys::builder()
            .validation(Validation::access_token("", API))
            .verifying_key(key())
            .build(),
    );
    config(
        Keys::builder()
            .validation(Validation::id_token(ISSUER, ""))
            .verifying_key(key())
            .build(),
    );
    // And need a key.
    config(Keys::builder().validation(v()).build());
}

// --- Verifying keys ----------------------------------------------------------

#[test]
fn an_rsa_jwk_without_alg_verifies_under_the_algorithms_the_validation_allows() {
    // Entra ID publishes its RSA keys without `alg`.
    let jwk = idp::rsa_jwk(provider_key(), KID, &json!({"use": "sig"}));
    let set = idp::jwk_set(&[jwk]);
    let keys = |validation: Validation| {
        Keys::builder()
            .validation(validation)
            .verifying_keys(VerifyingKey::from_jwks(set.as_bytes()).expect("a JWK Set"))
            .build()
            .expect("keys")
    };
    let at = header(Some("at+jwt"));
    let claims = access_claims();
    let rs256 = rs256(provider_key(), &at, &claims);
    let ps256 = idp::ps256(provider_key(), &with(&at, "alg", "PS256".into()), &claims);
    let rs_key_as_hmac = idp::hs256(
        public_pem(provider_key()).as_bytes(),
        &with(&at, "alg", "HS256".into()),
        &claims,
    );
    let none = idp::unsigned(&with(&at, "alg", "none".into()), &claims);
    let outcome = |keys: &Keys, token: &str| keys.decode::<Token>(token).map(drop);

    // By default: RS256 only.
    let default = keys(Validation::access_token(ISSUER, API));
    assert_eq!(outcome(&default, &rs256), Ok(()));
    for token in [&ps256, &rs_key_as_hmac, &none] {
        assert_eq!(outcome(&default, token), Err(Error::Algorithm));
    }
    // Configured: PS256 only.
    let pss =
        keys(Validation::access_token(ISSUER, API).unnamed_key_algorithms(&[Algorithm::PS256]));
    assert_eq!(outcome(&pss, &ps256), Ok(()));
    for token in [&rs256, &rs_key_as_hmac, &none] {
        assert_eq!(outcome(&pss, token), Err(Error::Algorithm));
    }
    // Not even a validation that lists it makes an RSA key an HMAC secret.
    let confused = keys(
        Validation::access_token(ISSUER, API)
            .unnamed_key_algorithms(&[Algorithm::HS256, Algorithm::RS256]),
    );
    assert_eq!(outcome(&confused, &rs_key_as_hmac), Err(Error::Algorithm));
    // A key whose JWK names its alg keeps to it, whatever the validation.
    let named = idp::rsa_jwk(provider_key(), KID, &json!({"alg": "RS256"}));
    let named = Keys::builder()
        .validation(
            Validation::access_token(ISSUER, API).unnamed_key_algorithms(&[Algorithm::PS256]),
        )
        .verifying_key(VerifyingKey::from_jwk(&named.to_string()).expect("a JWK"))
        .build()
        .expect("keys");
    assert_eq!(outcome(&named, &rs256), Ok(()));
    assert_eq!(outcome(&named, &ps256), Err(Error::Algorithm));
}

#[test]
fn one_unusable_key_never_disables_the_others() {
    // Keycloak publishes an encryption key next to its signing key.
    let set = idp::jwk_set(&[
        idp::rsa_jwk(
            other_key(),
            "enc-key",
            &json!({"use": "enc", "alg": "RSA-OAEP"}),
        ),
        json!({"kty": "EC", "crv": "P-256", "kid": "broken", "x": "AA", "y": "AA"}),
        idp::rsa_jwk(provider_key(), KID, &json!({"alg": "RS256", "use": "sig"})),
    ]);
    let set = VerifyingKey::from_jwks(set.as_bytes()).expect("a JWK Set");
    let kids: Vec<&str> = set.iter().map(VerifyingKey::kid).collect();
    assert_eq!(kids, [KID]);
    let skipped: Vec<String> = set.skipped().iter().map(ToString::to_string).collect();
    assert_eq!(
        skipped,
        [
            "JWK #0 (kid enc-key) skipped: a JWK marked for another use (use, key_ops)",
            "JWK #1 (kid broken) skipped: a JWK member has the wrong length",
        ]
    );
    let keys = Keys::builder()
        .validation(Validation::access_token(ISSUER, API))
        .verifying_keys(set)
        .build()
        .expect("keys");
    let token = rs256(provider_key(), &header(Some("at+jwt")), &access_claims());
    assert!(keys.decode::<Token>(&token).is_ok());
}

// --- With a JWKS client ------------------------------------------------------

#[tokio::test]
async fn keys_with_a_jwks_client_fetch_again_on_an_unknown_kid() {
    let server = jwks_server::Server::start().await;
    let jwk = |kid: &str, key| idp::rsa_jwk(key, kid, &json!({"alg": "RS256", "use": "sig"}));
    server.serve(
        "/jwks",
        jwks_server::Reply::body(idp::jwk_set(&[jwk(KID, provider_key())])),
    );
    let clock = jwks_server::TestClock::new();
    let client = clock
        .install(JwksClient::builder().refresh_interval(Duration::from_secs(30)))
        .build(&server.url("/jwks"))
        .expect("a client");
    let keys = Keys::builder()
        .validation(Validation::access_token(ISSUER, API))
        .jwks(client)
        .build()
        .expect("keys with a JWKS client");
    let at = header(Some("at+jwt"));
    let token = rs256(provider_key(), &at, &access_claims());
    assert_eq!(
        keys.decode::<Token>(&token).map(drop),
        Err(Error::Config(
            "these keys fetch verifying keys from a JWKS endpoint: use decode_async"
        ))
    );
    let verified = keys.decode_async::<Token>(&token).await.expect("verified");
    assert_eq!(verified.scope.as_deref(), Some("orders:read"));
    keys.decode_async::<Token>(&token).await.expect("cached");
    assert_eq!(server.hits("/jwks"), 1);

    // The provider rotates: a token under the new key fetches once.
    server.serve(
        "/jwks",
        jwks_server::Reply::body(idp::jwk_set(&[
            jwk(KID, provider_key()),
            jwk("idp-key-2", other_key()),
        ])),
    );
    clock.advance(Duration::from_secs(31));
    let rotated = rs256(
        other_key(),
        &with(&at, "kid", "idp-key-2".into()),
        &access_claims(),
    );
    keys.decode_async::<Token>(&rotated)
        .await
        .expect("after one refresh");
    assert_eq!(server.hits("/jwks"), 2);
    // Made-up kids cost at most one fetch per interval; kid-less tokens none.
    for kid in ["made-up-1", "made-up-2", "made-up-3"] {
        let forged = rs256(other_key(), &with(&at, "kid", kid.into()), &access_claims());
        assert_eq!(
            keys.decode_async::<Token>(&forged).await.map(drop),
            Err(Error::UnknownKey(KeyKind::Signing))
        );
    }
    let kidless = rs256(
        other_key(),
        &with(&at, "kid", Value::Null),
        &access_claims(),
    );
    assert_eq!(
        keys.decode_async::<Token>(&kidless).await.map(drop),
        Err(Error::MissingKeyId)
    );
    assert_eq!(server.hits("/jwks"), 2);
    // A forged signature under a published kid is a signature error.
    let forged = rs256(other_key(), &at, &access_claims());
    assert_eq!(
        keys.decode_async::<Token>(&forged).await.map(drop),
        Err(Error::Signature)
    );
}

#[tokio::test]
async fn keys_without_a_jwks_client_decode_async_as_decode() {
    let keys = keys(Validation::access_token(ISSUER, API));
    let token = rs256(provider_key(), &header(Some("at+jwt")), &access_claims());
    assert!(keys.decode_async::<Token>(&token).await.is_ok());
    let forged = rs256(other_key(), &header(Some("at+jwt")), &access_claims());
    assert_eq!(
        keys.decode_async::<Token>(&forged).await.map(drop),
        Err(Error::Signature)
    );
}
