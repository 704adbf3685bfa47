//! The axum extractor (feature `axum`): `Verified<T>` from `Authorization: Bearer`.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::front::Lifecycle;
use crate::contract::Claims;
use crate::error::Error;
use crate::token::Verified;

/// Extracts a [`Verified<T>`] from `Authorization: Bearer <token>` with the
/// [`Lifecycle`] found in the router state (`Lifecycle: FromRef<S>`):
/// [`Lifecycle::decode`], revocation check included.
///
/// The rejection is [`BearerRejection`]: a 401 with
/// `WWW-Authenticate: Bearer error="invalid_token"` (just `Bearer` when no
/// token was sent, RFC 6750 §3.1), or a 503 when the revocation store is
/// unavailable (failing closed is not the client's fault). Its body is empty:
/// neither the token nor any claim value is echoed. Each rejection is logged
/// at `debug` level through `tracing` with its reason (the error's text),
/// never the token.
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
impl<T, S> FromRequestParts<S> for Verified<T>
where
    T: Claims + Send + 'static,
    S: Send + Sync,
    Lifecycle: FromRef<S>,
{
    type Rejection = BearerRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lifecycle = Lifecycle::from_ref(state);
        let Some(token) = bearer(parts) else {
            tracing::debug!("request refused: no bearer token");
            return Err(BearerRejection { error: None });
        };
        lifecycle.decode::<T>(token).await.map_err(|error| {
            // The error's text names a cause, never a token or a value.
            tracing::debug!(reason = %error, "request refused: bearer token not accepted");
            BearerRejection { error: Some(error) }
        })
    }
}

/// The token of `Authorization: Bearer <token>` (scheme case-insensitive).
fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Why [`Verified<T>`]'s extractor refused a request; see there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BearerRejection {
    error: Option<Error>,
}

impl BearerRejection {
    /// The decoding error (value-free, safe to log); `None` when the
    /// request had no bearer token.
    pub fn error(&self) -> Option<&Error> {
        self.error.as_ref()
    }
}

impl IntoResponse for BearerRejection {
    fn into_response(self) -> Response {
        if self.error == Some(Error::StoreUnavailable) {
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
        let challenge = if self.error.is_some() {
            HeaderValue::from_static(r#"Bearer error="invalid_token""#)
        } else {
            HeaderValue::from_static("Bearer")
        };
        (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, challenge)],
        )
            .into_response()
    }
}
