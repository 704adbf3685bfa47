//! The per-field policy a `#[derive(Claims)]` declares: plain data, listed in
//! [`Claims::POLICY`](crate::Claims::POLICY), that every stage matches on.

/// How one field of a claims struct travels in a token.
///
/// One enum that every stage (derive checks, encoding, decoding, redaction)
/// matches on, so a new protection is added in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protection {
    /// In the clear.
    Public,
    /// A keyed HMAC-SHA256 pseudonym (`h1.` wire values); `domain` keys the
    /// pseudonym space, so two fields with the same domain share pseudonyms.
    Hashed {
        /// The HMAC domain: the claim's wire name unless `hashed(domain = "...")`.
        domain: &'static str,
    },
    /// AES-256-GCM under the PII key (`e1.` wire values).
    Encrypted,
    /// Never in a token; a token carrying the claim is rejected.
    Forbidden,
    /// An RFC 9901 selective disclosure: the token carries a salted digest,
    /// the holder decides whether to reveal the value (see
    /// [`Keys::issue_sd`](crate::Keys::issue_sd)). Only in SD-JWTs:
    /// [`Keys::encode`](crate::Keys::encode) refuses such a struct.
    Disclosable,
}

/// How a field may be shown in logs (`#[claim(encrypted, mask = "last4")]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mask {
    /// `•••` followed by the last four characters.
    Last4,
}

/// One field's declared policy, as listed in [`Claims::POLICY`](crate::Claims::POLICY).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct FieldPolicy {
    /// The Rust field name.
    pub name: &'static str,
    /// The claim name in the token (the field name unless `rename = "..."`).
    pub wire_name: &'static str,
    /// The declared protection.
    pub protection: Protection,
    /// Why a PII-looking field may be public (`allow_pii = "..."`).
    pub reason: Option<&'static str>,
    /// The log mask, if any.
    pub mask: Option<Mask>,
    /// Why a `public` field's values skip the value guard
    /// (`public(unguarded = "...")`); `None` for a guarded field.
    pub unguarded: Option<&'static str>,
}

impl FieldPolicy {
    #[doc(hidden)]
    pub const fn __new(
        name: &'static str,
        wire_name: &'static str,
        protection: Protection,
        reason: Option<&'static str>,
        mask: Option<Mask>,
    ) -> Self {
        Self {
            name,
            wire_name,
            protection,
            reason,
            mask,
            unguarded: None,
        }
    }

    #[doc(hidden)]
    #[must_use]
    pub const fn __unguarded(mut self, reason: &'static str) -> Self {
        self.unguarded = Some(reason);
        self
    }
}
