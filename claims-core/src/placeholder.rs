//! The text shown in place of a value that must not be shown: in the derived
//! `Debug` and `Display`, in masked views, in the wrappers' own `Debug`, and
//! as the subject of an error about a value that has no claim name.

use std::fmt;

/// A placeholder; its `Debug` prints the text unquoted (`<hashed>`), so a
/// derived `Debug` can pass it where a field's value would go.
#[doc(hidden)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// `<hashed>`: a `hashed` field, or a value being pseudonymized.
    Hashed,
    /// `<encrypted>`: an `encrypted` field, or a value being encrypted.
    Encrypted,
    /// `<forbidden>`: a `forbidden` field.
    Forbidden,
    /// `<disclosable>`: a `disclosable` field, disclosed or not.
    Disclosable,
    /// `<sensitive>`: a `sensitive` field, read from a third-party token.
    Sensitive,
    /// `<redacted>`: a secret with no protection of its own (`Pii<T>`, tokens).
    Redacted,
    /// `<pseudonym>`: the value [`Keys::pseudonym`](crate::Keys::pseudonym) is given.
    Pseudonym,
    /// `<unserializable>`: a public value that failed to serialize into a view.
    Unserializable,
}

impl Placeholder {
    /// The text.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Hashed => "<hashed>",
            Self::Encrypted => "<encrypted>",
            Self::Forbidden => "<forbidden>",
            Self::Disclosable => "<disclosable>",
            Self::Sensitive => "<sensitive>",
            Self::Redacted => "<redacted>",
            Self::Pseudonym => "<pseudonym>",
            Self::Unserializable => "<unserializable>",
        }
    }
}

impl fmt::Debug for Placeholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
