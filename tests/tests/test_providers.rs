//! Tokens and JWK Sets shaped like those of six identity providers, from
//! their public documentation (headers, claim sets, key formats; the keys
//! and tokens are generated here, the identifiers are made up):
//! Google, Keycloak, Auth0, Microsoft Entra ID (v2), Okta and Amazon Cognito.
//!
//! Each verifies under a preset plus the few settings that provider needs,
//! written out in its test, and each refuses the same hostile variants with
//! the exact error (another issuer, another audience, expired, not yet
//! valid, `alg: none`, HS256 keyed with the provider's public key, an
//! unknown kid, a forged signature), plus what is particular to it (a
//! missing nonce, another `token_use`, an ID token shown as an access token).

mod idp;

use claims_core::{Claims, Error, KeyKind, Keys, Validation, VerifyingKey};
use idp::{jwk_set, now, other_key, provider_key, public_pem, rs256, rsa_jwk, with};
use serde_json::{Value, json};

/// What every access token test reads: the granted scope, if any.
#[derive(Claims)]
struct Access {
    #[claim(public)]
    scope: Option<String>,
}

/// What every ID token test reads: the client the token was issued to.
#[derive(Claims)]
struct Login {
    #[claim(public)]
    azp: Option<String>,
}

/// A provider's token and JWK Set, and how a service verifies it.
struct Fixture {
    /// The JWK Set as the provider publishes it.
    jwks: String,
    /// The header and claims of a fresh token.
    header: Value,
    claims: Value,
    /// The preset plus the provider's settings.
    validation: Validation,
    /// The claim that carries the audience (`aud`, or Cognito's `client_id`).
    audience_claim: &'static str,
}

/// An `x5c` entry's shape: base64 of a DER certificate (never read by `claims`).
const X5C: &str = "MIIDBTCCAe2gAwIBAgIQN33ROaIJ6bJBWDCxtmJEbjANBgkqhkiG9w0BAQsFADAt";

impl Fixture {
    fn keys(&self) -> Keys {
        let set = VerifyingKey::from_jwks(self.jwks.as_bytes()).expect("the provider's JWK Set");
        Keys::builder()
            .validation(self.validation.clone())
            .verifying_keys(set)
            .build()
            .expect("verify-only keys")
    }

    fn token(&self) -> String {
        rs256(provider_key(), &self.header, &self.claims)
    }

    fn kid(&self) -> &str {
        self.header["kid"].as_str().expect("a kid")
    }

    /// The outcome of decoding as `T` a token of `header` and `claims`
    /// signed by the provider's key.
    fn decode<T: Claims>(&self, header: &Value, claims: &Value) -> Result<(), Error> {
        self.keys()
            .decode::<T>(&rs256(provider_key(), header, claims))
            .map(drop)
    }

    /// Every hostile variant every provider's tokens must be refused in.
    fn refuses_the_usual_attacks<T: Claims>(&self) {
        let keys = self.keys();
        let (h, c) = (&self.header, &self.claims);
        let now = now();
        let timed = |iat: u64, exp: u64| with(&with(c, "iat", iat.into()), "exp", exp.into());
        // `nbf`, where the provider sends one, follows `iat`.
        let nbf_free = |claims: Value| {
            if claims.get("nbf").is_some() {
                with(&claims, "nbf", claims["iat"].clone())
            } else {
                claims
            }
        };
        let variants: Vec<(&str, String, Error)> = vec![
            (
                "another issuer",
                rs256(
                    provider_key(),
                    h,
                    &with(c, "iss", "https://evil.example.test/".into()),
                ),
                Error::Issuer,
            ),
            (
                "another audience",
                rs256(
                    provider_key(),
                    h,
                    &with(
                        c,
                        self.audience_claim,
                        "https://other-api.example.test".into(),
                    ),
                ),
                Error::Audience,
            ),
            (
                "expired",
                rs256(provider_key(), h, &nbf_free(timed(now - 900, now - 300))),
                Error::Expired,
            ),
            (
                "not yet valid",
                rs256(provider_key(), h, &nbf_free(timed(now + 600, now + 900))),
                Error::NotYetValid,
            ),
            (
                "alg none",
                idp::unsigned(&with(h, "alg", "none".into()), c),
                Error::Algorithm,
            ),
            (
                "HS256 keyed with the provider's public key",
                idp::hs256(
                    public_pem(provider_key()).as_bytes(),
                    &with(h, "alg", "HS256".into()),
                    c,
                ),
                Error::Algorithm,
            ),
            (
                "an unknown kid",
                rs256(other_key(), &with(h, "kid", "rotated-unknown".into()), c),
                Error::UnknownKey(KeyKind::Signing),
            ),
            (
                "another key's signature under the provider's kid",
                rs256(other_key(), h, c),
                Error::Signature,
            ),
        ];
        for (what, token, expected) in variants {
            let outcome = keys.decode::<T>(&token).map(drop);
            assert_eq!(outcome, Err(expected), "{what}");
        }
    }
}

// --- Google ------------------------------------------------------------------

const GOOGLE_CLIENT: &str = "1234987819200-abcdefgh.apps.googleusercontent.com";
const GOOGLE_NONCE: &str = "0394852-3190485-2490358";

/// A Google ID token (Sign in with Google, OpenID Connect): RS256, a
/// 40-character hex kid, `typ` `JWT`; the set at `oauth2/v3/certs` has two
/// RSA keys with `alg` and `use`.
fn google() -> Fixture {
    let kid = "6f7254101f56e41cf35c9926de84a2d552b4c6f1";
    let now = now();
    Fixture {
        jwks: jwk_set(&[
            rsa_jwk(provider_key(), kid, &json!({"alg": "RS256", "use": "sig"})),
            rsa_jwk(
                other_key(),
                "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
                &json!({"alg": "RS256", "use": "sig"}),
            ),
        ]),
        header: json!({"alg": "RS256", "kid": kid, "typ": "JWT"}),
        claims: json!({
            "iss": "https://accounts.google.com",
            "azp": GOOGLE_CLIENT,
            "aud": GOOGLE_CLIENT,
            "sub": "110169484474386276334",
            "hd": "example.com",
            "email_verified": true,
            "at_hash": "HK6E_P6Dh8Y93mRNtsDB1Q",
            "nonce": GOOGLE_NONCE,
            "iat": now,
            "exp": now + 3600,
        }),
        // The settings: Google's second spelling of its issuer, and the
        // nonce this login sent.
        validation: Validation::id_token("https://accounts.google.com", GOOGLE_CLIENT)
            .issuer("accounts.google.com")
            .require_claim("nonce", [GOOGLE_NONCE]),
        audience_claim: "aud",
    }
}

#[test]
fn google_id_tokens_verify_as_oidc_id_tokens() {
    let google = google();
    let verified = google
        .keys()
        .decode::<Login>(&google.token())
        .expect("verifies");
    assert_eq!(verified.azp.as_deref(), Some(GOOGLE_CLIENT));
    assert_eq!(verified.registered().iss, "https://accounts.google.com");
    let short_issuer = with(&google.claims, "iss", "accounts.google.com".into());
    assert_eq!(
        google.decode::<Login>(&google.header, &short_issuer),
        Ok(())
    );
    google.refuses_the_usual_attacks::<Login>();

    let h = &google.header;
    assert_eq!(
        google.decode::<Login>(h, &with(&google.claims, "nonce", Value::Null)),
        Err(Error::MissingClaim { claim: "nonce" })
    );
    assert_eq!(
        google.decode::<Login>(h, &with(&google.claims, "nonce", "replayed-nonce".into())),
        Err(Error::ClaimMismatch { claim: "nonce" })
    );
    // Issued to another client of the same audience: azp says so.
    assert_eq!(
        google.decode::<Login>(
            h,
            &with(
                &google.claims,
                "azp",
                "evil.apps.googleusercontent.com".into()
            )
        ),
        Err(Error::Audience)
    );
}

// --- Keycloak ----------------------------------------------------------------

const KEYCLOAK_ISSUER: &str = "https://sso.example.test/realms/shop";

/// A Keycloak access token: RS256, `typ` `JWT` in the header for every kind
/// of token, the kind in a `typ` claim (`Bearer`, `ID`, `Refresh`); `jti`,
/// no `nbf`; the realm's set holds an `RSA-OAEP` encryption key next to the
/// signing key, both with `x5c`, `x5t`, `x5t#S256`.
fn keycloak() -> Fixture {
    let kid = "Bw2hTbrJHzcI-xoDtVWcX4ZGfS1kAAU6QFKzYBfLZmE";
    let x5 = |alg: &str, use_: &str| {
        json!({"alg": alg, "use": use_, "x5c": [X5C], "x5t": "mFIZhRnq1nC3pUHBGVU7rB_l2KY",
               "x5t#S256": "d9u1c7OHvmRRIdK8nLnAZsUqhMl5B8cFtxQLwBpl9jo"})
    };
    let now = now();
    Fixture {
        jwks: jwk_set(&[
            rsa_jwk(
                other_key(),
                "cvIvJg0cpuCwn04aowXdSQSLo9kYEspXZB5ODPAjP2U",
                &x5("RSA-OAEP", "enc"),
            ),
            rsa_jwk(provider_key(), kid, &x5("RS256", "sig")),
        ]),
        header: json!({"alg": "RS256", "typ": "JWT", "kid": kid}),
        claims: json!({
            "exp": now + 300,
            "iat": now,
            "auth_time": now - 5,
            "jti": "onrtac:3b6f5c5e-9c33-4a54-9a0b-5e1f2a7b9c10",
            "iss": KEYCLOAK_ISSUER,
            "aud": ["orders-api", "account"],
            "sub": "f3c1a9d2-5b7e-4c8f-9a61-2d4e7b8c9f01",
            "typ": "Bearer",
            "azp": "shop-web",
            "sid": "0c7d5e4f-3b2a-4c1d-8e9f-a0b1c2d3e4f5",
            "acr": "1",
            "realm_access": {"roles": ["default-roles-shop", "customer"]},
            "scope": "openid profile orders:read",
            "email_verified": true,
        }),
        // The settings: `JWT` in the header, the kind in the `typ` claim.
        validation: Validation::access_token(KEYCLOAK_ISSUER, "orders-api")
            .accept_typ(&["JWT"])
            .require_claim("typ", ["Bearer"]),
        audience_claim: "aud",
    }
}

#[test]
fn keycloak_access_tokens_verify_as_rfc_9068_tokens_typed_by_a_claim() {
    let keycloak = keycloak();
    let verified = keycloak
        .keys()
        .decode::<Access>(&keycloak.token())
        .expect("verifies");
    assert_eq!(
        verified.scope.as_deref(),
        Some("openid profile orders:read")
    );
    assert_eq!(verified.registered().nbf, 0);
    keycloak.refuses_the_usual_attacks::<Access>();

    // The encryption key is skipped, and says why.
    let set = VerifyingKey::from_jwks(keycloak.jwks.as_bytes()).expect("a set");
    assert_eq!(set.len(), 1);
    assert_eq!(set[0].kid(), keycloak.kid());
    assert_eq!(
        set.skipped()[0].to_string(),
        "JWK #0 (kid cvIvJg0cpuCwn04aowXdSQSLo9kYEspXZB5ODPAjP2U) skipped: \
         a JWK marked for another use (use, key_ops)"
    );
    // The realm's ID and refresh tokens carry the same header.
    for kind in ["ID", "Refresh"] {
        assert_eq!(
            keycloak.decode::<Access>(
                &keycloak.header,
                &with(&keycloak.claims, "typ", kind.into())
            ),
            Err(Error::ClaimMismatch { claim: "typ" }),
            "{kind}"
        );
    }
}

// --- Auth0 -------------------------------------------------------------------

const AUTH0_ISSUER: &str = "https://shop-example.eu.auth0.com/";
const AUTH0_API: &str = "https://api.shop.example.test/orders";

/// An Auth0 access token for a custom API: RS256, `typ` `JWT`, a 54-character
/// kid; `aud` an array (the API, then the userinfo endpoint), `azp`,
/// `scope`, no `jti`, no `nbf`, a day of lifetime; the issuer ends in `/`.
fn auth0() -> Fixture {
    let kid = "NjVBRjY5MDlCMUIwNzU4RTA2QzZFMDQ4QzQ2MDAyQjVDNjk1RTM2Qg";
    let jwk = |key, kid| {
        rsa_jwk(
            key,
            kid,
            &json!({"use": "sig", "alg": "RS256", "x5t": "NjVBRjY5MDlCMUIwNzU4RTA2QzZFMDQ4QzQ2MDAyQjVDNjk1RTM2Qg", "x5c": [X5C]}),
        )
    };
    let now = now();
    Fixture {
        jwks: jwk_set(&[
            jwk(provider_key(), kid),
            jwk(
                other_key(),
                "RkI5MjI5OUY5ODc1N0Q4QzM0OUYzNkVGMTJDOUEzQkFCOTU3NjE2Rg",
            ),
        ]),
        header: json!({"alg": "RS256", "typ": "JWT", "kid": kid}),
        claims: json!({
            "iss": AUTH0_ISSUER,
            "sub": "auth0|5f7c8ec7c33c6c004bbafe82",
            "aud": [AUTH0_API, "https://shop-example.eu.auth0.com/userinfo"],
            "iat": now,
            "exp": now + 86_400,
            "azp": "8Jj5Xq3pTzYw2Rk9LmNo4Vb7Cd1EfGhI",
            "scope": "openid profile orders:read",
        }),
        // The settings: `JWT` in the header, no `jti`.
        validation: Validation::access_token(AUTH0_ISSUER, AUTH0_API)
            .accept_typ(&["JWT"])
            .require_jti(false),
        audience_claim: "aud",
    }
}

#[test]
fn auth0_access_tokens_verify_as_rfc_9068_tokens() {
    let auth0 = auth0();
    let verified = auth0
        .keys()
        .decode::<Access>(&auth0.token())
        .expect("verifies");
    assert_eq!(verified.registered().aud.len(), 2);
    assert_eq!(verified.registered().jti, "");
    auth0.refuses_the_usual_attacks::<Access>();
    // A day is the preset's ceiling; the issuer without its `/` is another.
    let now = now();
    let longer = with(
        &with(&auth0.claims, "iat", now.into()),
        "exp",
        (now + 86_401).into(),
    );
    assert_eq!(
        auth0.decode::<Access>(&auth0.header, &longer),
        Err(Error::Lifetime)
    );
    let no_slash = with(
        &auth0.claims,
        "iss",
        "https://shop-example.eu.auth0.com".into(),
    );
    assert_eq!(
        auth0.decode::<Access>(&auth0.header, &no_slash),
        Err(Error::Issuer)
    );
}

#[test]
fn auth0_rfc_9068_profile_tokens_verify_under_the_preset_alone() {
    let auth0 = auth0();
    let header = with(&auth0.header, "typ", "at+jwt".into());
    let claims = with(
        &with(
            &auth0.claims,
            "jti",
            "4a8b5c1d-0e2f-4a3b-8c9d-e0f1a2b3c4d5".into(),
        ),
        "client_id",
        "8Jj5Xq3pTzYw2Rk9LmNo4Vb7Cd1EfGhI".into(),
    );
    let keys = Fixture {
        validation: Validation::access_token(AUTH0_ISSUER, AUTH0_API),
        ..auth0
    };
    assert_eq!(keys.decode::<Access>(&header, &claims), Ok(()));
    // Under the preset, a `JWT`-typed token is refused.
    assert_eq!(
        keys.decode::<Access>(&keys.header, &claims),
        Err(Error::TokenType)
    );
}

// --- Microsoft Entra ID (v2) ---------------------------------------------------

const ENTRA_TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";
const ENTRA_API: &str = "6e74172b-be56-4843-9ff4-e66a39bb12e3";

fn entra_issuer() -> String {
    format!("https://login.microsoftonline.com/{ENTRA_TENANT}/v2.0")
}

/// An Entra ID v2.0 access token for an API registration: RS256, `typ`
/// `JWT`, a 27-character kid; `aud` the API's client id, `nbf`, `tid`,
/// `ver` `2.0`, `uti` and no `jti`, 60 to 90 minutes of lifetime. The keys
/// at `discovery/v2.0/keys` carry `x5t`, `x5c` and `issuer`, and no `alg`.
fn entra() -> Fixture {
    let kid = "nOo3ZDrODXEK1jKWhXslHR_KXEg";
    let jwk = |key, kid: &str| {
        rsa_jwk(
            key,
            kid,
            &json!({"use": "sig", "x5t": kid, "x5c": [X5C],
            "issuer": "https://login.microsoftonline.com/{tenantid}/v2.0"}),
        )
    };
    let now = now();
    Fixture {
        jwks: jwk_set(&[
            jwk(provider_key(), kid),
            jwk(other_key(), "l3sQ-50cCH4xBVZLHTGwnSR7680"),
        ]),
        header: json!({"typ": "JWT", "alg": "RS256", "kid": kid}),
        claims: json!({
            "aud": ENTRA_API,
            "iss": entra_issuer(),
            "iat": now,
            "nbf": now,
            "exp": now + 75 * 60,
            "aio": "AXQAi/8UAAAAqxsuB+R4D2rFQqOETO4YdXbLD9kZ8xfXadeAM0Q2NkNT5izfg3uwbWSXhuSSj6UT5hy2D6WqApB5jKA6ZgZ9k/SU27uV9cetXfLOtpNttgk5DcBtk+LLstz/Jg+gYRmv9bUU4XlphTc6C86Jmj1FCw==",
            "azp": "f4b5f4c2-1c3e-4f6a-9e7d-2c9b8a7f6e5d",
            "azpacr": "0",
            "oid": "690222be-ff1a-4d56-abd1-7e4f7d38e474",
            "rh": "I",
            "scp": "access_as_user",
            "sub": "HKZpfaHyWadeOouYlitjrI-KffTm222X5rrV3xDqfKQ",
            "tid": ENTRA_TENANT,
            "uti": "fqiBqXLPj0eQa82S-IYFAA",
            "ver": "2.0",
        }),
        // The settings: `JWT` in the header, no `jti`, and this tenant only.
        // The keys' missing `alg` needs none: RS256 is the default.
        validation: Validation::access_token(entra_issuer(), ENTRA_API)
            .accept_typ(&["JWT"])
            .require_jti(false)
            .require_claim("tid", [ENTRA_TENANT]),
        audience_claim: "aud",
    }
}

#[test]
fn entra_id_v2_access_tokens_verify_under_keys_without_alg() {
    let entra = entra();
    let verified = entra
        .keys()
        .decode::<Access>(&entra.token())
        .expect("verifies");
    assert_eq!(verified.registered().nbf, verified.registered().iat);
    entra.refuses_the_usual_attacks::<Access>();
    // The keys name no alg: RS256 only, unless the validation says more.
    let ps256 = idp::ps256(
        provider_key(),
        &with(&entra.header, "alg", "PS256".into()),
        &entra.claims,
    );
    assert_eq!(
        entra.keys().decode::<Access>(&ps256).map(drop),
        Err(Error::Algorithm)
    );
    let other_tenant = with(
        &entra.claims,
        "tid",
        "72f988bf-86f1-41af-91ab-2d7cd011db47".into(),
    );
    assert_eq!(
        entra.decode::<Access>(&entra.header, &other_tenant),
        Err(Error::ClaimMismatch { claim: "tid" })
    );
}

// --- Okta --------------------------------------------------------------------

const OKTA_ISSUER: &str = "https://shop-example.okta.com/oauth2/default";

/// An Okta custom authorization server's access token: RS256, no `typ`; `ver`
/// 1, a `jti` like `AT.…`, `aud` `api://default`, `cid`, `uid`, `scp` an
/// array; the set's keys carry `alg` and `use`.
fn okta() -> Fixture {
    let kid = "4uC-eN6ZpGvgtcVjWmlkDyEWSMGvjGyyP5e8EKuv6nQ";
    let now = now();
    Fixture {
        jwks: jwk_set(&[rsa_jwk(
            provider_key(),
            kid,
            &json!({"alg": "RS256", "use": "sig"}),
        )]),
        header: json!({"kid": kid, "alg": "RS256"}),
        claims: json!({
            "ver": 1,
            "jti": "AT.w6-xM8jHEo6hUPB3bWBjMsWGhgfNWG2qFJrr_nGbgYg",
            "iss": OKTA_ISSUER,
            "aud": "api://default",
            "iat": now,
            "exp": now + 3600,
            "cid": "0oa1hq2nqwRR5PVKE5d7",
            "uid": "00u1hq3ddgNRfzH4L5d7",
            "scp": ["openid", "orders.read"],
            "auth_time": now - 10,
            "sub": "00u1hq3ddgNRfzH4L5d7",
        }),
        // The setting: no `typ` at all.
        validation: Validation::access_token(OKTA_ISSUER, "api://default")
            .accept_typ(&[])
            .accept_missing_typ(),
        audience_claim: "aud",
    }
}

#[test]
fn okta_access_tokens_verify_without_typ() {
    let okta = okta();
    let verified = okta
        .keys()
        .decode::<Access>(&okta.token())
        .expect("verifies");
    assert_eq!(
        verified.registered().jti,
        "AT.w6-xM8jHEo6hUPB3bWBjMsWGhgfNWG2qFJrr_nGbgYg"
    );
    okta.refuses_the_usual_attacks::<Access>();
    // Okta's ID token has the same header and issuer: its audience is the
    // client, not the API.
    let id_token = with(
        &with(&okta.claims, "aud", "0oa1hq2nqwRR5PVKE5d7".into()),
        "jti",
        "ID.4eAWJOCMB3SX8XewDfVR".into(),
    );
    assert_eq!(
        okta.decode::<Access>(&okta.header, &id_token),
        Err(Error::Audience)
    );
    // Only tokens without `typ` are accepted.
    let typed = with(&okta.header, "typ", "JWT".into());
    assert_eq!(
        okta.decode::<Access>(&typed, &okta.claims),
        Err(Error::TokenType)
    );
}

// --- Amazon Cognito ----------------------------------------------------------

const COGNITO_ISSUER: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE1";
const COGNITO_CLIENT: &str = "1example23456789";

/// Cognito user pool tokens: RS256, no `typ`, base64 kids with `+`, `/`
/// and `=`; ID and access tokens under different keys, told apart by
/// `token_use`; the access token carries the client in `client_id` and has
/// no `aud`.
fn cognito(token_use: &str) -> Fixture {
    let (id_kid, access_kid) = (
        "Wd2/hjKo5QvXMI+Z3QhzGgoG4yQ6Ofd0wZqSAExVTEk=",
        "fLtGzNYeHl0mxk6t/AeRv1jbCVz2Ek2sODmj4Q3H1Qc=",
    );
    let now = now();
    let common = json!({
        "sub": "aaaaaaaa-bbbb-cccc-dddd-example",
        "iss": COGNITO_ISSUER,
        "origin_jti": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "event_id": "cccccccc-dddd-eeee-ffff-aaaaaaaaaaaa",
        "token_use": token_use,
        "auth_time": now - 5,
        "iat": now,
        "exp": now + 3600,
        "jti": "dddddddd-eeee-ffff-aaaa-bbbbbbbbbbbb",
    });
    let (kid, claims, validation, audience_claim) = if token_use == "access" {
        (
            access_kid,
            with(
                &with(
                    &with(&common, "client_id", COGNITO_CLIENT.into()),
                    "scope",
                    "orders/read".into(),
                ),
                "version",
                2.into(),
            ),
            // The settings: no `typ`, the audience in `client_id`, and
            // `token_use` to tell the kinds apart.
            Validation::access_token(COGNITO_ISSUER, COGNITO_CLIENT)
                .accept_typ(&[])
                .accept_missing_typ()
                .audience_claim("client_id")
                .require_claim("token_use", ["access"]),
            "client_id",
        )
    } else {
        (
            id_kid,
            with(
                &with(&common, "aud", COGNITO_CLIENT.into()),
                "email_verified",
                true.into(),
            ),
            // The setting: `token_use` to tell the kinds apart.
            Validation::id_token(COGNITO_ISSUER, COGNITO_CLIENT).require_claim("token_use", ["id"]),
            "aud",
        )
    };
    // The pool's other key signs the other kind of token.
    let other_kid = if kid == id_kid { access_kid } else { id_kid };
    Fixture {
        jwks: jwk_set(&[
            rsa_jwk(
                other_key(),
                other_kid,
                &json!({"alg": "RS256", "use": "sig"}),
            ),
            rsa_jwk(provider_key(), kid, &json!({"alg": "RS256", "use": "sig"})),
        ]),
        header: json!({"kid": kid, "alg": "RS256"}),
        claims,
        validation,
        audience_claim,
    }
}

#[test]
fn cognito_access_and_id_tokens_verify_told_apart_by_token_use() {
    let access = cognito("access");
    let verified = access
        .keys()
        .decode::<Access>(&access.token())
        .expect("verifies");
    assert_eq!(verified.registered().aud, [COGNITO_CLIENT]);
    access.refuses_the_usual_attacks::<Access>();
    assert_eq!(
        access.decode::<Access>(
            &access.header,
            &with(&access.claims, "token_use", "id".into())
        ),
        Err(Error::ClaimMismatch { claim: "token_use" })
    );

    let id = cognito("id");
    id.keys().decode::<Login>(&id.token()).expect("verifies");
    id.refuses_the_usual_attacks::<Login>();
    assert_eq!(
        id.decode::<Login>(&id.header, &with(&id.claims, "token_use", "access".into())),
        Err(Error::ClaimMismatch { claim: "token_use" })
    );
    // Each kind shown where the other is expected.
    let id_as_access = access.decode::<Access>(&access.header, &id.claims);
    assert_eq!(
        id_as_access,
        Err(Error::MissingClaim { claim: "client_id" })
    );
    let access_as_id = id.decode::<Login>(&id.header, &access.claims);
    assert_eq!(access_as_id, Err(Error::MissingClaim { claim: "aud" }));
}
