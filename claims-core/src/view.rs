//! Masked views of claims, for logs and API responses: JSON with public
//! values, pseudonyms, and encrypted values masked, or revealed to the roles a
//! [`RevealPolicy`] names.

use serde_json::Value;

use crate::contract::{Claims, ViewWriter};
use crate::error::Error;
use crate::policy::Protection;

/// Which encrypted claims each role may see in clear in a view.
///
/// Roles and claims are named by the application; a role the policy does not
/// know sees nothing. Check a policy against a claims struct once at start-up
/// with [`RevealPolicy::check`], so a typo fails loudly instead of hiding a field.
///
/// ```
/// # use claims_core::{Claims, Pii, RevealPolicy};
/// #[derive(Claims)]
/// struct Session {
///     #[claim(public)] role: String,
///     #[claim(encrypted, mask = "last4")] phone: Pii<String>,
/// }
/// let policy = RevealPolicy::new().allow("support", &["phone"]);
/// policy.check::<Session>().unwrap();
/// let s = Session { role: "admin".into(), phone: Pii::new("+44 20 7946 0123".into()) };
/// assert_eq!(s.masked_view()["phone"], "•••0123");
/// assert_eq!(policy.view(&s, "support")["phone"], "+44 20 7946 0123");
/// assert_eq!(policy.view(&s, "intern")["phone"], "•••0123");
/// ```
#[derive(Debug, Clone, Default)]
pub struct RevealPolicy {
    roles: Vec<(Box<str>, Vec<Box<str>>)>,
}

impl RevealPolicy {
    /// A policy that reveals nothing to anyone.
    pub fn new() -> Self {
        Self::default()
    }

    /// Lets `role` see the named encrypted claims (by wire name) in clear.
    #[must_use]
    pub fn allow(mut self, role: &str, claims: &[&str]) -> Self {
        let claims = claims.iter().map(|&c| Box::from(c));
        match self.roles.iter_mut().find(|(r, _)| &**r == role) {
            Some((_, allowed)) => allowed.extend(claims),
            None => self.roles.push((role.into(), claims.collect())),
        }
        self
    }

    /// Every claim the policy names is an encrypted claim of `T`.
    pub fn check<T: Claims>(&self) -> Result<(), Error> {
        let encrypted = |name: &str| {
            T::POLICY
                .iter()
                .any(|f| f.wire_name == name && f.protection == Protection::Encrypted)
        };
        if self.roles.iter().flat_map(|(_, c)| c).all(|c| encrypted(c)) {
            Ok(())
        } else {
            Err(Error::Config(
                "a reveal policy names a claim that is not encrypted",
            ))
        }
    }

    /// The view of `claims` that `role` may see.
    pub fn view<T: Claims>(&self, claims: &T, role: &str) -> Value {
        let revealed: &[Box<str>] = self
            .roles
            .iter()
            .find(|(r, _)| &**r == role)
            .map_or(&[], |(_, c)| c);
        let mut view = ViewWriter::new(revealed);
        claims.__view(&mut view);
        view.into_value()
    }
}
