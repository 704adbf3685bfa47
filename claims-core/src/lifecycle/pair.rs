//! [`TokenPair`], what login and refresh answer, and [`LoginOptions`], what
//! a login may ask for below the configured maximum.

use std::time::Duration;

use serde::ser::{Serialize, SerializeStruct as _, Serializer};

/// An access token and its refresh token. `Debug` does not show them.
///
/// Serializes as an OAuth 2.0 token response (RFC 6749 §5.1), ready to be
/// a token endpoint's JSON body: `access_token`, `token_type` (`Bearer`),
/// `expires_in`, `refresh_token`, and `refresh_expires_in` (an extension
/// parameter, as Keycloak names it: the refresh token's lifetime).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenPair {
    /// The access token (`typ: JWT`), for `Authorization: Bearer`.
    pub access_token: String,
    /// The refresh token (`typ: refresh+jwt`), single-use.
    pub refresh_token: String,
    /// The access token's lifetime in seconds.
    pub expires_in: u64,
    /// The refresh token's lifetime in seconds.
    pub refresh_expires_in: u64,
}

impl std::fmt::Debug for TokenPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenPair")
            .field("access_token", &"<redacted>")
            .field("refresh_token", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .field("refresh_expires_in", &self.refresh_expires_in)
            .finish()
    }
}

impl Serialize for TokenPair {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut response = serializer.serialize_struct("TokenPair", 5)?;
        response.serialize_field("access_token", &self.access_token)?;
        response.serialize_field("token_type", "Bearer")?;
        response.serialize_field("expires_in", &self.expires_in)?;
        response.serialize_field("refresh_token", &self.refresh_token)?;
        response.serialize_field("refresh_expires_in", &self.refresh_expires_in)?;
        response.end()
    }
}

/// What one login asks for ([`Lifecycle::login_with`](super::Lifecycle::login_with)):
/// each setting at most the lifecycle's own, never above.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoginOptions {
    /// How long this session's refresh tokens live ("remember me" off: a
    /// day rather than the configured 14); every refresh keeps it. At least
    /// the access lifetime, at most the lifecycle's refresh lifetime.
    pub refresh_lifetime: Option<Duration>,
}

impl LoginOptions {
    /// The lifecycle's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Refresh tokens of this session live `lifetime`.
    #[must_use]
    pub fn refresh_lifetime(mut self, lifetime: Duration) -> Self {
        self.refresh_lifetime = Some(lifetime);
        self
    }
}
