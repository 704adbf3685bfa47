//! The traits the derive checks field types against: each names the fix in
//! its `on_unimplemented` message, pointing at the field.

use serde::Serialize;
use serde::de::DeserializeOwned;
use zeroize::Zeroize;

use super::{Hashed, Pii, Pseudonym};
use crate::policy::HashDomain;

/// A type that may travel in the clear (`#[claim(public)]`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `public` claim: it is not `Serialize` + `Deserialize`",
    label = "public claims travel in the clear",
    note = "personal data such as `Pii<T>` must not be public: mark the field `#[claim(hashed)]` or `#[claim(encrypted)]`"
)]
pub trait PublicField: Serialize + DeserializeOwned {}

impl<T: Serialize + DeserializeOwned> PublicField for T {}

/// A type that travels as a pseudonym (`#[claim(hashed)]`): only [`Hashed<T>`].
#[diagnostic::on_unimplemented(
    message = "a `hashed` claim must have type `Hashed<T>`, not `{Self}`",
    label = "wrap this type in `claims_core::Hashed<...>`",
    note = "`Hashed<T>` holds the clear value before encoding and the pseudonym after decoding"
)]
pub trait HashedField: Sized {
    /// Writes the clear value's JSON into `out`, or returns the pseudonym it
    /// already holds with the domain it was decoded from.
    #[doc(hidden)]
    fn __hash_input(
        &self,
        out: &mut Vec<u8>,
    ) -> Result<Option<(&Pseudonym, HashDomain<'static>)>, serde_json::Error>;
    #[doc(hidden)]
    fn __from_pseudonym(pseudonym: Pseudonym, domain: HashDomain<'static>) -> Self;
    #[doc(hidden)]
    fn __pseudonym(&self) -> Option<&Pseudonym>;
}

impl<T: Serialize> HashedField for Hashed<T> {
    fn __hash_input(
        &self,
        out: &mut Vec<u8>,
    ) -> Result<Option<(&Pseudonym, HashDomain<'static>)>, serde_json::Error> {
        match self.state() {
            Ok(value) => serde_json::to_writer(out, value).map(|()| None),
            Err(decoded) => Ok(Some(decoded)),
        }
    }

    fn __from_pseudonym(pseudonym: Pseudonym, domain: HashDomain<'static>) -> Self {
        Hashed::decoded(pseudonym, domain)
    }

    fn __pseudonym(&self) -> Option<&Pseudonym> {
        self.pseudonym()
    }
}

/// A type that travels encrypted (`#[claim(encrypted)]`): [`Pii<T>`] or any
/// `Serialize + Deserialize` type.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an `encrypted` claim: it is not `Serialize` + `Deserialize`",
    label = "the encrypted plaintext is this value's JSON",
    note = "use `Pii<T>` or a type that implements `Serialize` and `DeserializeOwned`"
)]
pub trait EncryptedField: Sized {
    #[doc(hidden)]
    fn __plaintext(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error>;
    #[doc(hidden)]
    fn __from_plaintext(plaintext: &[u8]) -> Result<Self, serde_json::Error>;
}

impl<T: Serialize + DeserializeOwned + Zeroize> EncryptedField for Pii<T> {
    fn __plaintext(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        serde_json::to_writer(out, self.expose())
    }

    fn __from_plaintext(plaintext: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(plaintext).map(Pii::new)
    }
}

impl<T: Serialize + DeserializeOwned> EncryptedField for T {
    fn __plaintext(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        serde_json::to_writer(out, self)
    }

    fn __from_plaintext(plaintext: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(plaintext)
    }
}

/// A type that can be `#[claim(forbidden)]`: decoding fills it with `Default`.
#[diagnostic::on_unimplemented(
    message = "a `forbidden` claim must implement `Default`, and `{Self}` does not",
    label = "decoding fills forbidden fields with `Default::default()`",
    note = "wrap it in `Option<...>`, or implement `Default`"
)]
pub trait ForbiddenField: Default {}

impl<T: Default> ForbiddenField for T {}

/// A text value that `mask = "last4"` can show the last four characters of.
#[diagnostic::on_unimplemented(
    message = "`mask = \"last4\"` needs a text field, and `{Self}` is not one",
    label = "the mask shows the last four characters of a string",
    note = "use `String`, `Pii<String>` or an `Option` of them, or drop the mask"
)]
pub trait MaskableField {
    #[doc(hidden)]
    fn __text(&self) -> Option<&str>;
}

impl MaskableField for String {
    fn __text(&self) -> Option<&str> {
        Some(self)
    }
}

impl<T: MaskableField + Zeroize> MaskableField for Pii<T> {
    fn __text(&self) -> Option<&str> {
        self.expose().__text()
    }
}

impl<T: MaskableField> MaskableField for Option<T> {
    fn __text(&self) -> Option<&str> {
        self.as_ref().and_then(MaskableField::__text)
    }
}
