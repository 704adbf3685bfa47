//! An axum API that accepts access tokens from an identity provider: keys
//! found by OpenID Connect discovery and kept current by `JwksClient`, every
//! token decoded under a validation profile, personal data never logged.
//!
//! Against your provider (a Keycloak realm, an Auth0 tenant, ...):
//!
//! ```text
//! CLAIMS_ISSUER=https://sso.example.com/realms/shop CLAIMS_AUDIENCE=orders-api \
//!   cargo run -p claims-examples --features idp --example idp_axum
//! curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/orders
//! ```
//!
//! Without `CLAIMS_ISSUER`, a stand-in provider on 127.0.0.1 publishes its
//! discovery document and JWK Set and signs a token; the example calls its
//! own API with it, and with a forged one, then exits.

use std::net::SocketAddr;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use claims_core::jwks_client::JwksClient;
use claims_core::{Claims, Error, Keys, SigningKey, Validation};
use rand::RngCore as _;
use serde_json::json;

/// What this API reads from an access token. Personal claims (`email`,
/// `name`) are not declared, so they are never read into memory.
#[derive(Claims)]
struct Access {
    #[claim(public)]
    scope: Option<String>,
    #[claim(public)]
    azp: Option<String>,
}

/// The keys and the rules: built once, shared by every request.
async fn verifier(issuer: &str, audience: &str) -> Result<Keys, Error> {
    // `jwks_uri` from `<issuer>/.well-known/openid-configuration`, whose
    // `issuer` must be this one; then the JWK Set, once, to fail fast.
    let jwks = JwksClient::builder().discover(issuer).await?;
    let set = jwks.key_set().await?;
    for skipped in set.skipped() {
        eprintln!("{skipped}"); // e.g. an encryption key next to the signing keys
    }
    // RFC 9068 access tokens, as most providers issue them: `typ` `JWT`
    // rather than `at+jwt`. Add what yours needs (see the README).
    let validation = Validation::access_token(issuer, audience).accept_typ(&["JWT"]);
    Keys::builder().validation(validation).jwks(jwks).build()
}

/// `GET /orders`: 200 with what the token grants, 401 without a valid one.
async fn orders(State(keys): State<Keys>, headers: HeaderMap) -> Response {
    let Some(token) = bearer(&headers) else {
        return unauthorized(None);
    };
    match keys.decode_async::<Access>(token).await {
        Ok(access) => Json(json!({
            "client": access.azp,
            "scope": access.scope,
            "expires": access.registered().exp,
        }))
        .into_response(),
        // No value of the token is in an `Error`: safe to log.
        Err(error @ Error::Jwks(_)) => {
            eprintln!("refused: {error}");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
        Err(error) => {
            eprintln!("refused: {error}");
            unauthorized(Some(&error))
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// RFC 6750 §3: a challenge, `error="invalid_token"` when a token was sent.
fn unauthorized(error: Option<&Error>) -> Response {
    let challenge = if error.is_some() {
        r#"Bearer error="invalid_token""#
    } else {
        "Bearer"
    };
    (
        StatusCode::UNAUTHORIZED,
        [(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(challenge),
        )],
    )
        .into_response()
}

async fn serve(app: Router, listener: tokio::net::TcpListener) {
    if let Err(error) = axum::serve(listener, app).await {
        eprintln!("server stopped: {error}");
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let audience = std::env::var("CLAIMS_AUDIENCE").unwrap_or_else(|_| "orders-api".into());
    if let Ok(issuer) = std::env::var("CLAIMS_ISSUER") {
        let app = Router::new()
            .route("/orders", get(orders))
            .with_state(verifier(&issuer, &audience).await?);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
        println!("listening on http://127.0.0.1:3000/orders, tokens from {issuer}");
        serve(app, listener).await;
        return Ok(());
    }
    demo(&audience).await
}

/// A stand-in provider on loopback, the API, and two calls.
async fn demo(audience: &str) -> Result<(), Box<dyn std::error::Error>> {
    let provider = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let issuer = format!("http://{}", provider.local_addr()?);
    let idp_keys = stand_in_keys(&issuer, audience, "idp-2026-12")?;
    let discovery = json!({"issuer": issuer, "jwks_uri": format!("{issuer}/jwks")});
    let jwks = idp_keys.jwks();
    let idp = Router::new()
        .route(
            "/.well-known/openid-configuration",
            get(move || async move { Json(discovery) }),
        )
        .route("/jwks", get(move || async move { jwks }));
    tokio::spawn(serve(idp, provider));

    let api_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let api: SocketAddr = api_listener.local_addr()?;
    let app = Router::new()
        .route("/orders", get(orders))
        .with_state(verifier(&issuer, audience).await?);
    tokio::spawn(serve(app, api_listener));

    let claims = Access {
        scope: Some("orders:read".into()),
        azp: Some("shop-web".into()),
    };
    let token = idp_keys.encode(&claims)?;
    // Signed by a key the provider never published, under its kid.
    let forged = stand_in_keys(&issuer, audience, "idp-2026-12")?.encode(&claims)?;
    let http = reqwest::Client::new();
    for (what, token) in [("the provider's token", token), ("a forged token", forged)] {
        let response = http
            .get(format!("http://{api}/orders"))
            .bearer_auth(token)
            .send()
            .await?;
        let status = response.status();
        println!("{what}: {status} {}", response.text().await?);
    }
    Ok(())
}

/// The stand-in provider's keys: a fresh Ed25519 key, issuing tokens.
fn stand_in_keys(issuer: &str, audience: &str, kid: &str) -> Result<Keys, Error> {
    let mut seed = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut seed);
    Keys::builder()
        .issuer(issuer)
        .audience(audience)
        .signing_key(SigningKey::ed25519(kid, &seed)?)
        .build()
}
