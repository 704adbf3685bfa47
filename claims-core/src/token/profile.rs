//! [`Profile`]: what a token must satisfy beyond its signature, as data. The
//! decode pipeline is written once and reads every difference between token
//! kinds from here.

use super::typ::Typ;
use super::validation::{TypRule, Validation};

/// The accepted `typ`, the registered claims' rules and the time rules.
/// Access tokens, SD-JWTs and refresh tokens differ only here; a `Keys`
/// built with a [`Validation`] reads the rules of identity providers' tokens
/// from it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Profile<'a> {
    /// The `typ` values accepted.
    pub(crate) typ: &'a TypRule,
    /// The kind of token whose exact issued header (under a loaded key) may
    /// skip parsing: `None` when the rules are not `claims`' own.
    pub(crate) issued: Option<Typ>,
    /// Issuers, audiences, required claims, leeway, maximum age.
    pub(crate) rules: &'a Validation,
    /// The ceiling on `exp - iat`, in seconds (`u64::MAX`: none).
    pub(crate) max_lifetime: u64,
}

impl Profile<'_> {
    /// Clock skew tolerated, in seconds.
    pub(crate) fn leeway(&self) -> u64 {
        self.rules.leeway.as_secs()
    }
}
