//! The traits the derive checks field types against: each names the fix in
//! its `on_unimplemented` message, pointing at the field.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet, VecDeque};
use std::hash::{BuildHasher, Hash};
use std::num::{
    NonZeroI8, NonZeroI16, NonZeroI32, NonZeroI64, NonZeroI128, NonZeroIsize, NonZeroU8,
    NonZeroU16, NonZeroU32, NonZeroU64, NonZeroU128, NonZeroUsize,
};

use serde::Serialize;
use serde::de::DeserializeOwned;
use zeroize::Zeroize;

use super::{Hashed, Pii, Pseudonym};
use crate::policy::HashDomain;

/// A type that serde can write and read back: what the codec needs of a
/// value in the clear. A `public` field also needs [`ClaimValue`], unless it
/// declares `dynamic = "..."`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a `public` claim: it is not `Serialize` + `Deserialize`",
    label = "public claims travel in the clear",
    note = "personal data such as `Pii<T>` must not be public: mark the field `#[claim(hashed)]` or `#[claim(encrypted)]`"
)]
pub trait PublicField: Serialize + DeserializeOwned {}

impl<T: Serialize + DeserializeOwned> PublicField for T {}

/// A type whose contents `claims` knows, so it may travel in a `public`
/// claim: scalars, strings, `Option`, `Box`, tuples, arrays and the standard
/// sequences and sets (`Vec`, `VecDeque`, `BTreeSet`, `HashSet`) of such
/// types, and the structs and enums that `#[derive(ClaimValue)]`.
///
/// The derive applies the name rule of claims to every name serde writes of
/// the type (field names, the names of variants that carry data, serde
/// `rename`s), so `Profile { email: String }` does not compile without
/// `#[claim(allow_pii = "...")]` on `email`; it also asserts each field's
/// type is a `ClaimValue`. Fields take no protection of their own: a nested
/// value travels whole, in the clear, inside its claim (encrypt that claim
/// to hide it). A field the derive cannot check, such as a map, declares why
/// it is safe with `#[claim(dynamic = "...")]`.
///
/// ```
/// use claims_core::{Claims, ClaimValue};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Debug, Serialize, Deserialize, ClaimValue)]
/// struct Tenant {
///     id: u64,
///     plan: Plan,
///     #[claim(allow_pii = "the company's name, not a person's")]
///     name: String,
/// }
///
/// #[derive(Debug, Serialize, Deserialize, ClaimValue)]
/// enum Plan { Free, Team { seats: u32 } }
///
/// #[derive(Claims)]
/// struct Session {
///     #[claim(public)] tenant: Tenant,
///     #[claim(public)] roles: Vec<String>,
/// }
/// ```
///
/// Maps and `serde_json::Value` are not `ClaimValue`s: their keys and values
/// are data that no derive sees. A `public` field of such a type says why
/// it may travel in the clear with `#[claim(public, dynamic = "...")]`; the
/// reason is kept in [`FieldPolicy::dynamic`](crate::FieldPolicy::dynamic).
///
/// # Vouching for a foreign type
///
/// A type from another crate (a `Uuid`, a `Url`) is not a `ClaimValue`. Wrap
/// it in a newtype and implement the trait by hand, a statement that you own:
///
/// ```
/// # use serde::{Deserialize, Serialize};
/// # #[derive(Serialize, Deserialize)] struct Uuid(u128);
/// /// A request id: random, never derived from a person.
/// #[derive(Serialize, Deserialize)]
/// #[serde(transparent)]
/// struct RequestId(Uuid);
///
/// impl claims_core::ClaimValue for RequestId {}
/// ```
///
/// or declare the claim `#[claim(public, dynamic = "a random v4 UUID")]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot travel in a `public` claim: `claims` does not know what it holds",
    label = "public claims travel in the clear, so their contents must be known",
    note = "personal data (`Pii<T>`, `Hashed<T>`) is never public: mark the field `#[claim(hashed)]` or `#[claim(encrypted)]`",
    note = "for a struct or enum of yours, add `#[derive(claims_core::ClaimValue)]`: it checks its fields' names as the claims derive does",
    note = "for a map, `serde_json::Value` or a foreign type, say why its contents are safe in the clear: `#[claim(public, dynamic = \"...\")]`"
)]
pub trait ClaimValue: PublicField {}

/// Types whose values are their contents: numbers, text, nothing.
macro_rules! leaf_values {
    ($($ty:ty),* $(,)?) => { $(impl ClaimValue for $ty {})* };
}

leaf_values!(
    bool,
    char,
    (),
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    f32,
    f64,
    NonZeroU8,
    NonZeroU16,
    NonZeroU32,
    NonZeroU64,
    NonZeroU128,
    NonZeroUsize,
    NonZeroI8,
    NonZeroI16,
    NonZeroI32,
    NonZeroI64,
    NonZeroI128,
    NonZeroIsize,
    String,
    Box<str>,
);

impl ClaimValue for Cow<'_, str> {}
impl<T: ClaimValue> ClaimValue for Option<T> {}
impl<T: ClaimValue> ClaimValue for Box<T> {}
impl<T: ClaimValue> ClaimValue for Box<[T]> {}
impl<T: ClaimValue> ClaimValue for Vec<T> {}
impl<T: ClaimValue> ClaimValue for VecDeque<T> {}
impl<T: ClaimValue + Ord> ClaimValue for BTreeSet<T> {}
impl<T: ClaimValue + Eq + Hash, S: BuildHasher + Default> ClaimValue for HashSet<T, S> {}
// serde reads arrays of up to 32 elements.
impl<T: ClaimValue, const N: usize> ClaimValue for [T; N] where [T; N]: PublicField {}

/// Tuples of up to 16 elements, as serde reads them.
macro_rules! tuple_values {
    ($($name:ident)+) => { impl<$($name: ClaimValue),+> ClaimValue for ($($name,)+) {} };
}

tuple_values!(A);
tuple_values!(A B);
tuple_values!(A B C);
tuple_values!(A B C D);
tuple_values!(A B C D E);
tuple_values!(A B C D E F);
tuple_values!(A B C D E F G);
tuple_values!(A B C D E F G H);
tuple_values!(A B C D E F G H I);
tuple_values!(A B C D E F G H I J);
tuple_values!(A B C D E F G H I J K);
tuple_values!(A B C D E F G H I J K L);
tuple_values!(A B C D E F G H I J K L M);
tuple_values!(A B C D E F G H I J K L M N);
tuple_values!(A B C D E F G H I J K L M N O);
tuple_values!(A B C D E F G H I J K L M N O P);

/// A type that travels as a pseudonym (`#[claim(hashed)]`): only [`Hashed<T>`].
#[diagnostic::on_unimplemented(
    message = "a `hashed` claim must have type `Hashed<T>`, not `{Self}`",
    label = "wrap this type in `claims_core::Hashed<...>`",
    note = "`Hashed<T>` holds the clear value before encoding and the pseudonym after decoding; an optional value is `Hashed<Option<T>>`, not `Option<Hashed<T>>`"
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

/// A type that can be `#[claim(sensitive)]`: only [`Pii<T>`], so personal
/// data a third-party token carries in the clear is redacted in `Debug` and
/// zeroized on drop once read.
#[diagnostic::on_unimplemented(
    message = "a `sensitive` claim must have type `Pii<T>`, not `{Self}`",
    label = "wrap this type in `claims_core::Pii<...>`",
    note = "a `sensitive` claim arrives in the clear from another issuer: `Pii<T>` keeps it redacted and zeroizes it on drop; an optional one is `Pii<Option<T>>`"
)]
pub trait SensitiveField: Sized {
    /// The field from the claim's JSON in the clear.
    #[doc(hidden)]
    fn __from_clear(json: &str) -> Result<Self, serde_json::Error>;
}

impl<T: DeserializeOwned + Zeroize> SensitiveField for Pii<T> {
    fn __from_clear(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json).map(Pii::new)
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
