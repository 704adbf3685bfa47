//! `orders-api`: an axum service on the token lifecycle.
//!
//! - `POST /login` `{"user","password","remember_me"?}`: a demo user's access
//!   and refresh tokens, as an OAuth 2.0 token response; with
//!   `"remember_me": false` the session's refresh tokens live 12 hours
//!   instead of 14 days.
//! - `GET /me`: the caller's session, via the `Verified<Session>` extractor.
//! - `POST /refresh` `{"refresh_token"}`: a new pair; the old refresh token is spent.
//! - `POST /logout` `{"refresh_token"}`: revokes the session's token family.
//! - `POST /admin/kill-switch` (role `admin`): rejects every token issued until now.
//! - `GET /.well-known/jwks.json`: the public signing key.
//! - `GET /health`: `200 ok`, touching neither tokens nor the store (a
//!   liveness probe, and the floor of the load benchmark).
//!
//! Request heads are capped by hyper's HTTP/1 defaults, which `axum::serve`
//! keeps: at most 100 headers and about 408 KiB (`8192 + 4096 * 100`
//! bytes) of request line and headers per connection; past either, hyper
//! answers `431` and closes the connection. A bearer token over 8 KiB is
//! refused (`401`) before any parsing (`Keys`' size cap).
//!
//! Load and fault suites (a real `redis-server` and `wrk`; without them they
//! skip, saying so, and fail under `CI=true`): `tests/load.rs` (a short run in
//! CI; the benchmark of BENCHMARKS.md is
//! `cargo test --release -p orders-api --test load -- --ignored --nocapture`),
//! `tests/faults_under_load.rs` (Redis killed, hung, slow, or restarted
//! without its data while requests flow) and `tests/bad_input_under_load.rs`
//! (garbage and oversized `Authorization` headers next to valid traffic).
//!
//! The store is in memory unless a Redis URL is given. Keys come from the
//! configuration; two instances with the same keys and the same Redis are
//! one service. The service starts whether or not Redis is up: until it is,
//! requests that need it get a 503 (at once, once the store's circuit
//! breaker is open).

use std::time::Duration;

use axum::extract::{Json, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Router, extract::FromRef};
use claims_core::lifecycle::{LoginOptions, MemoryStore, RedisStore};
use claims_core::{
    Claims, Error, Hashed, Keys, Lifecycle, Pii, PiiKey, SigningKey, TokenPair, Verified,
};
use serde::Deserialize;
use serde_json::json;

/// The claims every token of this service carries.
#[derive(Claims)]
pub struct Session {
    /// The user id, as a keyed pseudonym.
    #[claim(hashed)]
    pub sub: Hashed<String>,
    /// The user's email, encrypted.
    #[claim(encrypted)]
    pub email: Pii<String>,
    /// The user's role, in the clear.
    #[claim(public)]
    pub role: String,
}

/// How to run the service.
#[derive(Clone)]
pub struct Config {
    /// The Ed25519 signing key seed.
    pub signing_seed: [u8; 32],
    /// The PII master key.
    pub pii_master: [u8; 32],
    /// A Redis URL; the in-memory store when `None`.
    pub redis_url: Option<String>,
    /// The access token lifetime.
    pub access_lifetime: Duration,
    /// Whether the Redis store keeps its near cache (decoding without a
    /// round trip); on by default, off to measure or debug round trips.
    pub near_cache: bool,
    /// How long connecting to Redis, and each Redis reply, may take before
    /// the request is refused with a 503.
    pub redis_timeout: Duration,
}

impl Config {
    /// A configuration with these keys and the defaults: the in-memory
    /// store, 5-minute access tokens, near cache on, 500 ms Redis timeout.
    pub fn new(signing_seed: [u8; 32], pii_master: [u8; 32]) -> Self {
        Self {
            signing_seed,
            pii_master,
            redis_url: None,
            access_lifetime: Duration::from_secs(300),
            near_cache: true,
            redis_timeout: Duration::from_millis(500),
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("redis_url", &self.redis_url.as_ref().map(|_| "<set>"))
            .field("access_lifetime", &self.access_lifetime)
            .field("near_cache", &self.near_cache)
            .field("redis_timeout", &self.redis_timeout)
            .finish_non_exhaustive()
    }
}

/// The router state.
#[derive(Clone, Debug)]
pub struct AppState {
    lifecycle: Lifecycle,
}

impl FromRef<AppState> for Lifecycle {
    fn from_ref(state: &AppState) -> Self {
        state.lifecycle.clone()
    }
}

/// The demo users: (user, password, email, role). Never do this for real.
const USERS: &[(&str, &str, &str, &str)] = &[
    ("alice", "alice-demo-password", "alice@example.com", "admin"),
    ("bob", "bob-demo-password", "bob@example.com", "customer"),
];

/// Builds the state: keys, and the store the configuration names.
pub fn state(config: &Config) -> Result<AppState, Error> {
    let keys = Keys::builder()
        .issuer("https://auth.orders.example")
        .audience("orders-api")
        .lifetime(config.access_lifetime)
        .signing_key(SigningKey::ed25519("orders-sig-1", &config.signing_seed)?)
        .pii_key(PiiKey::new("orders-pii-1", &config.pii_master)?)
        .build()?;
    let builder = Lifecycle::builder(keys);
    let builder = match &config.redis_url {
        Some(url) => builder.store(
            RedisStore::builder(url)
                .near_cache(config.near_cache)
                .connect_timeout(config.redis_timeout)
                .response_timeout(config.redis_timeout)
                .build()?,
        ),
        None => builder.store(MemoryStore::new()),
    };
    Ok(AppState {
        lifecycle: builder.build()?,
    })
}

/// The service's routes.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/login", post(login))
        .route("/me", get(me))
        .route("/refresh", post(refresh))
        .route("/logout", post(logout))
        .route("/admin/kill-switch", post(kill_switch))
        .route("/.well-known/jwks.json", get(jwks))
        .route("/health", get(health))
        .with_state(state)
}

#[derive(Deserialize)]
struct LoginRequest {
    user: String,
    password: String,
    #[serde(default = "remember_by_default")]
    remember_me: bool,
}

fn remember_by_default() -> bool {
    true
}

/// A session's refresh lifetime when "remember me" is off.
const SHORT_SESSION: Duration = Duration::from_secs(12 * 3600);

#[derive(Deserialize)]
struct RefreshRequest {
    refresh_token: String,
}

/// The pair as the OAuth 2.0 token response it serializes to.
fn pair_json(pair: &TokenPair) -> Response {
    Json(pair).into_response()
}

/// Errors of the token endpoints (RFC 6749 §5.2 style), value-free.
fn grant_error(error: &Error) -> Response {
    if *error == Error::StoreUnavailable {
        // The store logs its own failures, throttled: one line per request
        // here would flood the log during an outage.
        tracing::debug!(%error, "token request refused");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    tracing::info!(%error, "token request refused");
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": "invalid_grant" })),
    )
        .into_response()
}

async fn login(State(state): State<AppState>, Json(request): Json<LoginRequest>) -> Response {
    let Some(&(user, _, email, role)) = USERS
        .iter()
        .find(|(u, p, _, _)| *u == request.user && *p == request.password)
    else {
        tracing::info!("login refused");
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "invalid_credentials" })),
        )
            .into_response();
    };
    let session = Session {
        sub: Hashed::new(user.to_string()),
        email: Pii::new(email.to_string()),
        role: role.to_string(),
    };
    let options = if request.remember_me {
        LoginOptions::new()
    } else {
        LoginOptions::new().refresh_lifetime(SHORT_SESSION)
    };
    match state.lifecycle.login_with(&session, &options).await {
        Ok(pair) => {
            tracing::info!(%session, "login");
            pair_json(&pair)
        }
        Err(error) => grant_error(&error),
    }
}

async fn me(session: Verified<Session>) -> Response {
    Json(json!({
        "role": session.role,
        "email": session.email.expose(),
        "sub": session.registered().sub,
    }))
    .into_response()
}

async fn refresh(State(state): State<AppState>, Json(request): Json<RefreshRequest>) -> Response {
    match state
        .lifecycle
        .refresh::<Session>(&request.refresh_token)
        .await
    {
        Ok(pair) => pair_json(&pair),
        Err(error) => grant_error(&error),
    }
}

async fn logout(State(state): State<AppState>, Json(request): Json<RefreshRequest>) -> Response {
    match state.lifecycle.logout(&request.refresh_token).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => grant_error(&error),
    }
}

async fn kill_switch(State(state): State<AppState>, session: Verified<Session>) -> Response {
    if session.role != "admin" {
        return StatusCode::FORBIDDEN.into_response();
    }
    match state.lifecycle.kill_switch().await {
        Ok(()) => {
            tracing::warn!("kill switch: every token issued until now is rejected");
            StatusCode::NO_CONTENT.into_response()
        }
        Err(error) => grant_error(&error),
    }
}

async fn health() -> &'static str {
    "ok"
}

async fn jwks(State(state): State<AppState>) -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        state.lifecycle.keys().jwks(),
    )
        .into_response()
}
