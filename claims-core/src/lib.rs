#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
// The JWKS client (feature `jwks-client`); documented by the module's own
// `//!` docs.
#[cfg(feature = "jwks-client")]
pub mod jwks_client;
mod jws;
mod keys;
// Token lifecycle: refresh rotation, revocation, kill switch; documented by
// the module's own `//!` docs.
pub mod lifecycle;
mod policy;
mod protect;
mod redact;
mod sd;
mod token;
#[cfg(test)]
mod vectors;
mod view;

pub use error::{DisclosureError, Error, JwksError, KeyBindingError, KeyKind};
pub use jws::{Algorithm, SigningKey, VerifyingKey};
pub use keys::{
    DEFAULT_LEEWAY, DEFAULT_LIFETIME, DEFAULT_MAX_LIFETIME, DEFAULT_MAX_TOKEN_SIZE, Keys,
    KeysBuilder,
};
pub use lifecycle::{Lifecycle, TokenPair};
pub use policy::{Claims, FieldPolicy, Mask, Protection};
pub use protect::{Disclosable, Hashed, Pii, PiiKey, Pseudonym};
pub use sd::{KeyBinding, SdJwt, SdOptions};
pub use token::{RegisteredClaims, Verified};
pub use view::RevealPolicy;

/// The PII lexicon the derive enforces: the entry a claim name matches, if any
/// (`looks_like_pii("userEmail") == Some("email")`).
pub use claims_lexicon::matches as looks_like_pii;

/// Derives [`Claims`](trait@Claims), `Debug` and `Display` from `#[claim(...)]` field attributes.
#[cfg(feature = "derive")]
pub use claims_derive::Claims;

/// The derive's runtime: not a public API, no stability promise.
#[doc(hidden)]
pub mod __private {
    pub use crate::error::Error;
    pub use crate::policy::{Claims, FieldPolicy, Mask, Protection};
    pub use crate::protect::{
        DisclosableField, EncryptedField, ForbiddenField, HashedField, MaskableField, PublicField,
    };
    pub use crate::redact::{Last4, Placeholder};
    pub use crate::token::{PayloadReader, PayloadWriter};
    pub use crate::view::ViewWriter;

    /// Whether `value` is a well-formed `h1.` or `e1.` wire value (the
    /// prefix selects which): the wire-value parser, exposed for fuzzing.
    pub fn is_wire_value(value: &str, prefix: &str) -> bool {
        matches!(prefix, "h1." | "e1.") && crate::protect::parse_wire(value, prefix).is_some()
    }

    /// A `forbidden` field's value after decoding.
    pub fn forbidden<F: ForbiddenField>() -> F {
        F::default()
    }
}
