//! [`Verified`]: a decoded token, its claims and registered claims.

use std::fmt;
use std::ops::Deref;

use super::registered::RegisteredClaims;

/// A decoded token whose signature and every claim were checked.
///
/// Derefs to the claims struct; its `Debug` and `Display` are the claims
/// struct's, which redact protected fields.
#[derive(Clone)]
pub struct Verified<T> {
    claims: T,
    registered: RegisteredClaims,
}

impl<T> Verified<T> {
    pub(crate) fn new(claims: T, registered: RegisteredClaims) -> Self {
        Self { claims, registered }
    }

    /// `iss`, `aud`, `iat`, `nbf`, `exp`, `jti`.
    pub fn registered(&self) -> &RegisteredClaims {
        &self.registered
    }

    /// The claims struct.
    pub fn into_inner(self) -> T {
        self.claims
    }
}

impl<T> Deref for Verified<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.claims
    }
}

impl<T: fmt::Debug> fmt::Debug for Verified<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.claims.fmt(f)
    }
}

impl<T: fmt::Display> fmt::Display for Verified<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.claims.fmt(f)
    }
}
