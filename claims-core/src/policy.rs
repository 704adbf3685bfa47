//! The per-field policy a `#[derive(Claims)]` declares: plain data, listed in
//! [`Claims::POLICY`](crate::Claims::POLICY), that every stage matches on.

use claims_lexicon::Category;

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
    /// [`Keys::issue_sd`](crate::Keys::issue_sd)). Only in SD-JWTs: a struct
    /// with such a field is not [`EncodeClaims`](crate::EncodeClaims), so
    /// [`Keys::encode`](crate::Keys::encode) does not compile with it.
    Disclosable,
    /// Decode only: personal data that a third-party token carries in the
    /// clear (an identity provider's `email`), read into a
    /// [`Pii<T>`](crate::Pii) so it is redacted and zeroized like a
    /// decrypted value. A struct with such a field does not implement
    /// [`EncodeClaims`](crate::EncodeClaims): `claims` never issues it.
    Sensitive,
}

/// How a field may be shown in logs (`#[claim(encrypted, mask = "last4")]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mask {
    /// `•••` followed by the last four characters.
    Last4,
}

/// How a hashed value is normalized before its pseudonym is computed
/// (`#[claim(hashed(normalize = "..."))]`, FORMAT.md §4). The normalization
/// is part of the hashing domain: a normalized pseudonym never equals the
/// pseudonym of the exact value, whatever the value.
///
/// It applies to text: a value whose JSON is a string (`null` passes as is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Normalize {
    /// The value's JSON bytes as they are (the default).
    #[default]
    Exact,
    /// Unicode Normalization Form C: `e` + combining acute and `é` hash alike.
    Nfc,
    /// An email address as services compare them: NFC, then the whole
    /// address lowercased (Unicode default lowercase mapping, as
    /// `str::to_lowercase`), then NFC again. `Alice@Example.COM` and
    /// `alice@example.com` hash alike; dots, `+tags` and surrounding
    /// spaces are kept.
    Email,
}

impl Normalize {
    /// Its name in `normalize = "..."` and in the test vectors: `exact`,
    /// `nfc` or `email`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Nfc => "nfc",
            Self::Email => "email",
        }
    }
}

/// The space a pseudonym lives in: a domain name (a hashed claim's wire
/// name unless it declares `hashed(domain = "...")`) and a [`Normalize`].
/// The same value gives the same pseudonym only in the same domain.
///
/// A `&str` converts to the domain of that name with no normalization, so
/// `keys.pseudonym("sub", "u-123")` reads as before; a field's own domain
/// is [`FieldPolicy::hash_domain`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HashDomain<'a> {
    name: &'a str,
    normalize: Normalize,
}

impl<'a> HashDomain<'a> {
    /// The domain `name`, values hashed exactly.
    pub const fn new(name: &'a str) -> Self {
        Self {
            name,
            normalize: Normalize::Exact,
        }
    }

    /// This domain with values normalized by `normalize` first.
    #[must_use]
    pub const fn normalized(self, normalize: Normalize) -> Self {
        Self {
            name: self.name,
            normalize,
        }
    }

    /// The domain name.
    pub const fn name(&self) -> &'a str {
        self.name
    }

    /// The normalization.
    pub const fn normalize(&self) -> Normalize {
        self.normalize
    }
}

impl<'a> From<&'a str> for HashDomain<'a> {
    fn from(name: &'a str) -> Self {
        Self::new(name)
    }
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
    /// What the field's Rust name, else its claim name, looks like to the
    /// PII lexicon ([`looks_like_pii`](crate::looks_like_pii)), whatever its
    /// protection: `Some(Category::Contact)` for `email`, encrypted or not.
    /// `None` for a name the lexicon does not flag.
    pub category: Option<Category>,
    /// Why a `public` field whose contents no derive checks (a map,
    /// `serde_json::Value`) may travel in the clear (`dynamic = "..."`).
    pub dynamic: Option<&'static str>,
    /// Why a `public` field's values skip the value guard
    /// (`public(unguarded = "...")`); `None` for a guarded field.
    pub unguarded: Option<&'static str>,
    /// A `hashed` field's normalization (`hashed(normalize = "...")`);
    /// [`Normalize::Exact`] for every other field.
    pub normalize: Normalize,
}

impl FieldPolicy {
    #[doc(hidden)]
    pub const fn __new(
        name: &'static str,
        wire_name: &'static str,
        protection: Protection,
        reason: Option<&'static str>,
        mask: Option<Mask>,
        category: Option<Category>,
        dynamic: Option<&'static str>,
    ) -> Self {
        Self {
            name,
            wire_name,
            protection,
            reason,
            mask,
            category,
            dynamic,
            unguarded: None,
            normalize: Normalize::Exact,
        }
    }

    /// A `hashed` field's pseudonym domain, its normalization included
    /// (what [`Keys::pseudonym`](crate::Keys::pseudonym) needs to compute
    /// the pseudonym a token carries for it); `None` for other fields.
    pub const fn hash_domain(&self) -> Option<HashDomain<'static>> {
        match self.protection {
            Protection::Hashed { domain } => {
                Some(HashDomain::new(domain).normalized(self.normalize))
            }
            _ => None,
        }
    }

    #[doc(hidden)]
    #[must_use]
    pub const fn __normalize(mut self, normalize: Normalize) -> Self {
        self.normalize = normalize;
        self
    }

    #[doc(hidden)]
    #[must_use]
    pub const fn __unguarded(mut self, reason: &'static str) -> Self {
        self.unguarded = Some(reason);
        self
    }
}
