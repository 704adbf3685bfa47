//! [`Profile`]: what a token must satisfy beyond its signature, as data. The
//! decode pipeline is written once and reads every difference between token
//! kinds from here.

use super::header::Typ;

/// The accepted `typ`, the registered claims' expected values and the time
/// rules. Access tokens, SD-JWTs and refresh tokens differ only here; issuer
/// validation profiles extend it (which claims are required, several
/// issuers or audiences, a maximum age).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Profile<'a> {
    /// The header's `typ`.
    pub(crate) typ: Typ,
    /// `iss`, matched exactly.
    pub(crate) issuer: &'a str,
    /// A member of `aud`.
    pub(crate) audience: &'a str,
    /// Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds.
    pub(crate) leeway: u64,
    /// The ceiling on `exp - iat`, in seconds.
    pub(crate) max_lifetime: u64,
}
