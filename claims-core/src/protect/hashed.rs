//! [`Hashed`] and the [`Pseudonym`] it holds after decoding.

use std::fmt;
use std::sync::Arc;

use crate::placeholder::Placeholder;
use crate::policy::HashDomain;
use crate::wire;

/// A keyed pseudonym as it travels in a token: `h1.<kid>.<base64url(tag)>`.
///
/// Stable for one value, PII key and domain, so services can join on it; not
/// reversible without brute-forcing the value under the PII key. Its `Debug`
/// and `Display` show the wire value, which is not personal data.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pseudonym(Arc<str>);

impl Pseudonym {
    /// A wire value the parser accepted, or one just written.
    pub(crate) fn from_wire(wire: &str) -> Self {
        Self(Arc::from(wire))
    }

    /// The wire value, `h1.<kid>.<tag>`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id of the PII key the pseudonym was made with.
    pub fn kid(&self) -> &str {
        // Only built from wire values the parser accepted.
        wire::kid(&self.0)
    }
}

impl fmt::Debug for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pseudonym").field(&&*self.0).finish()
    }
}

impl fmt::Display for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A value that travels as a keyed pseudonym (`#[claim(hashed)]`).
///
/// Built by the application with the clear value ([`Hashed::new`] or `From`);
/// after decoding it holds only the [`Pseudonym`] the token carried. Its
/// `Debug` prints `<hashed>` either way.
#[derive(Clone)]
pub struct Hashed<T>(State<T>);

#[derive(Clone)]
enum State<T> {
    Clear(T),
    Decoded {
        pseudonym: Pseudonym,
        domain: HashDomain<'static>,
    },
}

impl<T> Hashed<T> {
    /// Wraps a clear value, to be pseudonymized when encoded.
    pub fn new(value: T) -> Self {
        Self(State::Clear(value))
    }

    pub(crate) fn decoded(pseudonym: Pseudonym, domain: HashDomain<'static>) -> Self {
        Self(State::Decoded { pseudonym, domain })
    }

    /// The pseudonym, once decoded from a token; `None` while it holds a clear value.
    pub fn pseudonym(&self) -> Option<&Pseudonym> {
        match &self.0 {
            State::Clear(_) => None,
            State::Decoded { pseudonym, .. } => Some(pseudonym),
        }
    }

    /// The clear value the application built it with; `None` after decoding.
    pub fn clear(&self) -> Option<&T> {
        match &self.0 {
            State::Clear(value) => Some(value),
            State::Decoded { .. } => None,
        }
    }

    /// The clear value, or the decoded pseudonym with its domain.
    pub(crate) fn state(&self) -> Result<&T, (&Pseudonym, HashDomain<'static>)> {
        match &self.0 {
            State::Clear(value) => Ok(value),
            State::Decoded { pseudonym, domain } => Err((pseudonym, *domain)),
        }
    }
}

impl<T> From<T> for Hashed<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T> fmt::Debug for Hashed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Placeholder::Hashed.as_str())
    }
}
