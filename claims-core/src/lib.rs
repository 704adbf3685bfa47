#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// Architecture. Each module imports only from the floors below it (or its
// own), never sideways into a sibling of its floor nor up; a helper two
// siblings need moves down into a module both import.
//
// floor 0  clock        the Clock every time check reads
//          error        the one error type
//          policy       Protection, Mask, Normalize, HashDomain,
//                       FieldPolicy: plain data
//          placeholder  the text printed in place of a hidden value
//          wire         wire format v1 of protected values (FORMAT.md §1-§5):
//                       kid rule, labels, `h1.`/`e1.` layout, the parser
// floor 1  protect      PiiKey (the cryptography), PiiKeyRing (which key
//                       protects and which reads), Hashed, Pseudonym, Pii,
//                       Disclosable, the field traits the derive checks
//          jws          Algorithm, key material, SigningKey, VerifyingKey,
//                       PEM/DER and JWK loading, the compact serialization
// floor 2  contract     the derive's contract: the Claims trait, the payload
//                       writer and reader, the view writer, the masks
// floor 3  token        a JWT's framing, header, registered claims, the
//                       Validation and the Codec: the one encode path and
//                       the one decode pipeline (what differs per token kind
//                       is a Profile)
//          view         RevealPolicy
//          jwks_client  fetches an identity provider's JWK Set (feature
//                       `jwks-client`); uses jws only
// floor 4  sd           SD-JWT: issue, hold, verify, on the token Codec
// floor 5  keys         Keys, the front door: short delegations to the above
//                       (and to the JWKS client for `decode_async`)
// floor 6  lifecycle    access and refresh tokens on a revocation store
//                       (feature `lifecycle`; `redis` and `axum` imply it)

// The clock (system, or set by a test); documented by its own `//!` docs.
pub mod clock;
mod contract;
mod error;
// The JWKS client (feature `jwks-client`); documented by the module's own
// `//!` docs.
#[cfg(feature = "jwks-client")]
#[cfg_attr(docsrs, doc(cfg(feature = "jwks-client")))]
pub mod jwks_client;
mod jws;
mod keys;
// Token lifecycle: refresh rotation, revocation, kill switch; documented by
// the module's own `//!` docs.
#[cfg(feature = "lifecycle")]
#[cfg_attr(docsrs, doc(cfg(feature = "lifecycle")))]
pub mod lifecycle;
mod placeholder;
mod policy;
mod protect;
mod sd;
mod token;
#[cfg(test)]
mod vectors;
mod view;
mod wire;

pub use contract::{Claims, EncodeClaims, EncodeSdClaims};
pub use error::{DisclosureError, Error, JwksError, KeyBindingError, KeyKind};
pub use jws::{Algorithm, DEFAULT_MAX_TOKEN_SIZE, JwkSet, SigningKey, SkippedKey, VerifyingKey};
pub use keys::{Keys, KeysBuilder};
#[cfg(feature = "lifecycle")]
#[cfg_attr(docsrs, doc(cfg(feature = "lifecycle")))]
pub use lifecycle::{Lifecycle, TokenPair};
pub use policy::{FieldPolicy, HashDomain, Mask, Normalize, Protection};
pub use protect::{ClaimValue, Disclosable, Hashed, Pii, PiiKey, Pseudonym};
pub use sd::{KeyBinding, SdJwt, SdMediaType, SdOptions, SdVerification};
pub use token::{
    DEFAULT_LEEWAY, DEFAULT_LIFETIME, DEFAULT_MAX_LIFETIME, RegisteredClaims, Validation, Verified,
};
pub use view::RevealPolicy;

/// The PII lexicon the derive enforces: what a field or claim name looks like,
/// if it looks like personal data, as the phrase it matched and its
/// [`Category`].
///
/// ```
/// use claims_core::{Category, looks_like_pii};
///
/// let found = looks_like_pii("userEmail").unwrap();
/// assert_eq!((found.term, found.category), ("email", Category::Contact));
/// assert_eq!(looks_like_pii("role"), None);
/// ```
pub use claims_lexicon::lookup as looks_like_pii;

/// What [`looks_like_pii`] found: the lexicon's phrase and its category.
pub use claims_lexicon::Match as PiiMatch;

/// The kinds of personal data the lexicon knows, as recorded in
/// [`FieldPolicy::category`].
pub use claims_lexicon::Category;

/// Claim names `claims` writes itself (registered, lifecycle, SD-JWT), which
/// a claims struct may not declare.
pub use claims_lexicon::reserved;

/// Derives [`Claims`](trait@Claims), `Debug` and `Display` from `#[claim(...)]` field attributes.
#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
pub use claims_derive::Claims;

/// Derives [`ClaimValue`](trait@ClaimValue) for a struct or enum that travels
/// inside a `public` claim, after checking every name serde writes of it.
#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
pub use claims_derive::ClaimValue;

/// The derive's runtime: what generated code names, and nothing else. Not a
/// public API, no stability promise.
#[doc(hidden)]
pub mod __private {
    pub use crate::contract::{
        Claims, Disclosures, EncodeClaims, EncodeSdClaims, Last4, PayloadReader, PayloadWriter,
        ViewWriter,
    };
    pub use crate::error::Error;
    pub use crate::placeholder::Placeholder;
    pub use crate::policy::{FieldPolicy, HashDomain, Mask, Normalize, Protection};
    pub use crate::protect::{
        ClaimValue, DisclosableField, EncryptedField, ForbiddenField, HashedField, MaskableField,
        PublicField, SensitiveField,
    };
    pub use crate::protect::{NormalizableField, TextValue};
    pub use crate::wire::DEFAULT_PAD;
    pub use claims_lexicon::Category;

    /// Checks at compile time that a `hashed(normalize = "...")` field holds text.
    pub fn normalizable<F: NormalizableField>() {}

    /// A `forbidden` field's value after decoding.
    pub fn forbidden<F: ForbiddenField>() -> F {
        F::default()
    }
}

/// The wire-value parser, for the fuzz targets (feature `fuzzing`): not a
/// public API, no stability promise.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod __fuzzing {
    pub use crate::wire::is_wire_value;
}
