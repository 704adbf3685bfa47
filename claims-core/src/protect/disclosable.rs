//! `#[claim(disclosable)]` fields: [`Disclosable<T>`] and the trait the derive
//! checks their type against.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::placeholder::Placeholder;

/// A value that travels as an RFC 9901 selective disclosure
/// (`#[claim(disclosable)]`): present when the holder disclosed it, absent
/// when they did not.
///
/// Built by the issuer with [`Disclosable::new`] (or `From`); after
/// [`Keys::verify_sd`](crate::Keys::verify_sd) it holds the value only if the
/// presentation disclosed it. `Option<T>` fields work the same way (`None`
/// when undisclosed); the wrapper exists for values that are always set at
/// issuance, so "not disclosed" reads differently from "empty". Its `Debug`
/// prints `<disclosable>` whatever it holds; it has no `Display` and no
/// `Serialize`, so it cannot be declared `public`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Disclosable<T>(Option<T>);

impl<T> Disclosable<T> {
    /// Wraps a value the issuer makes disclosable.
    pub fn new(value: T) -> Self {
        Self(Some(value))
    }

    /// A value that was not disclosed (or that the issuer leaves out).
    pub fn absent() -> Self {
        Self(None)
    }

    /// The value, if disclosed.
    pub fn get(&self) -> Option<&T> {
        self.0.as_ref()
    }

    /// Whether the value is present (disclosed, or set by the issuer).
    pub fn is_disclosed(&self) -> bool {
        self.0.is_some()
    }

    /// The value, if disclosed.
    pub fn into_inner(self) -> Option<T> {
        self.0
    }
}

impl<T> Default for Disclosable<T> {
    fn default() -> Self {
        Self::absent()
    }
}

impl<T> From<T> for Disclosable<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T> fmt::Debug for Disclosable<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Placeholder::Disclosable.as_str())
    }
}

/// A type that can be `#[claim(disclosable)]`: [`Disclosable<T>`] or
/// `Option<T>`, with `T: Serialize + DeserializeOwned`. Undisclosed claims
/// must have somewhere to be absent.
#[diagnostic::on_unimplemented(
    message = "a `disclosable` claim must have type `Option<T>` or `Disclosable<T>`, not `{Self}`",
    label = "an undisclosed claim is absent after verification: wrap this type in `Option<...>` or `claims_core::Disclosable<...>`",
    note = "the value inside must implement `Serialize` and `DeserializeOwned`"
)]
pub trait DisclosableField: Sized {
    /// The value's JSON, or `None` when there is nothing to disclose.
    #[doc(hidden)]
    fn __value(&self, out: &mut Vec<u8>) -> Option<Result<(), serde_json::Error>>;
    /// The field from a disclosed value's JSON, or absent.
    #[doc(hidden)]
    fn __from_disclosed(json: Option<&str>) -> Result<Self, serde_json::Error>;
}

impl<T: Serialize + DeserializeOwned> DisclosableField for Disclosable<T> {
    fn __value(&self, out: &mut Vec<u8>) -> Option<Result<(), serde_json::Error>> {
        self.0.as_ref().map(|v| serde_json::to_writer(out, v))
    }

    fn __from_disclosed(json: Option<&str>) -> Result<Self, serde_json::Error> {
        json.map(serde_json::from_str).transpose().map(Self)
    }
}

impl<T: Serialize + DeserializeOwned> DisclosableField for Option<T> {
    fn __value(&self, out: &mut Vec<u8>) -> Option<Result<(), serde_json::Error>> {
        self.as_ref().map(|v| serde_json::to_writer(out, v))
    }

    fn __from_disclosed(json: Option<&str>) -> Result<Self, serde_json::Error> {
        json.map(serde_json::from_str).transpose()
    }
}
