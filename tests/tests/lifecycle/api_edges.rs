//! The lifecycle's API edges (issue 13): `TokenPair` as an OAuth 2.0 token
//! response, a per-login refresh lifetime below the maximum ("remember
//! me"), and the axum extractor's rejections logged at debug level without
//! the token.

use std::time::Duration;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::Request;
use claims_core::lifecycle::{LoginOptions, MemoryStore};
use claims_core::{Error, Lifecycle, Verified};

use crate::common::lifecycle::{self as scenario, session_of};
use crate::common::{Session, keys, logs, payload};

fn lifetime(token: &str) -> u64 {
    let p = payload(token);
    p["exp"].as_u64().unwrap() - p["iat"].as_u64().unwrap()
}

#[tokio::test]
async fn a_token_pair_serializes_as_an_oauth_token_response() {
    let lc = scenario::lifecycle(MemoryStore::new());
    let pair = lc.login(&session_of("u-oauth")).await.unwrap();
    let json = serde_json::to_value(&pair).unwrap();
    assert_eq!(json["access_token"], pair.access_token.as_str());
    assert_eq!(json["refresh_token"], pair.refresh_token.as_str());
    assert_eq!(json["token_type"], "Bearer");
    assert_eq!(json["expires_in"], 300);
    assert_eq!(json["refresh_expires_in"], 14 * 24 * 3600);
    assert_eq!(json.as_object().unwrap().len(), 5);
    let shown = format!("{pair:?}");
    assert!(
        !shown.contains(&pair.access_token[..20]) && !shown.contains(&pair.refresh_token[..20])
    );
}

#[tokio::test]
async fn remember_me_off_gives_shorter_refresh_tokens_never_longer_ones() {
    let lc = scenario::lifecycle(MemoryStore::new());
    let day = Duration::from_secs(24 * 3600);
    let pair = lc
        .login_with(
            &session_of("u-short"),
            &LoginOptions::new().refresh_lifetime(day),
        )
        .await
        .unwrap();
    assert_eq!(lifetime(&pair.refresh_token), 24 * 3600);
    assert_eq!(pair.refresh_expires_in, 24 * 3600);
    assert_eq!(lifetime(&pair.access_token), 300);
    // Every refresh keeps the session's lifetime.
    let next = lc.refresh::<Session>(&pair.refresh_token).await.unwrap();
    assert_eq!(lifetime(&next.refresh_token), 24 * 3600);
    assert_eq!(next.refresh_expires_in, 24 * 3600);
    // Never above the configured maximum, nor below the access lifetime.
    for refused in [Duration::from_secs(15 * 24 * 3600), Duration::from_secs(60)] {
        assert!(matches!(
            lc.login_with(
                &session_of("u-short"),
                &LoginOptions::new().refresh_lifetime(refused)
            )
            .await,
            Err(Error::Config(_))
        ));
    }
}

#[derive(Clone)]
struct State {
    lifecycle: Lifecycle,
}

impl FromRef<State> for Lifecycle {
    fn from_ref(state: &State) -> Self {
        state.lifecycle.clone()
    }
}

async fn extract(state: &State, authorization: Option<&str>) -> Result<(), Error> {
    let mut request = Request::builder().uri("/me");
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let (mut parts, ()) = request.body(()).unwrap().into_parts();
    Verified::<Session>::from_request_parts(&mut parts, state)
        .await
        .map(drop)
        .map_err(|rejection| {
            rejection
                .error()
                .cloned()
                .unwrap_or(Error::Malformed("none"))
        })
}

#[tokio::test]
async fn the_extractor_logs_why_it_refused_at_debug_level_without_the_token() {
    let state = State {
        lifecycle: Lifecycle::new(keys(), MemoryStore::new()).unwrap(),
    };
    let pair = state.lifecycle.login(&session_of("u-axum")).await.unwrap();
    let (logs, _guard) = logs::capture();
    extract(&state, Some(&format!("Bearer {}", pair.access_token)))
        .await
        .unwrap();
    assert_eq!(extract(&state, None).await, Err(Error::Malformed("none")));
    assert_eq!(
        extract(&state, Some(&format!("Bearer {}", pair.refresh_token))).await,
        Err(Error::TokenType)
    );
    state.lifecycle.logout(&pair.refresh_token).await.unwrap();
    assert_eq!(
        extract(&state, Some(&format!("Bearer {}", pair.access_token))).await,
        Err(Error::Revoked)
    );
    let text = logs.text();
    assert_eq!(logs.lines_with("DEBUG"), 3, "{text}");
    assert_eq!(logs.lines_with("no bearer token"), 1, "{text}");
    assert_eq!(logs.lines_with(&Error::TokenType.to_string()), 1, "{text}");
    assert_eq!(logs.lines_with(&Error::Revoked.to_string()), 1, "{text}");
    for token in [&pair.access_token, &pair.refresh_token] {
        assert!(!text.contains(&token[..30]), "{text}");
        assert!(!text.contains(&token[token.len() - 20..]), "{text}");
    }
}
