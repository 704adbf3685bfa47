#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// Architecture. Each module imports only from the floors below it (or its
// own), never sideways into a sibling of its floor nor up; a helper two
// siblings need moves down into a module both import.
//
// floor 0  error        the one error type
//          policy       Protection, Mask, FieldPolicy: plain data
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
// floor 3  token        a JWT's framing, header, registered claims and the
//                       Codec: the one encode path and the one decode
//                       pipeline (what differs per token kind is a Profile)
//          view         RevealPolicy
// floor 4  sd           SD-JWT: issue, hold, verify, on the token Codec
// floor 5  keys         Keys, the front door: short delegations to the above
// floor 6  lifecycle    access and refresh tokens on a revocation store
//                       (feature `lifecycle`; `redis` and `axum` imply it)
//          jwks_client  fetches an identity provider's JWK Set (feature
//                       `jwks-client`); uses jws only

mod contract;
mod error;
// The JWKS client (feature `jwks-client`); documented by the module's own
// `//!` docs.
#[cfg(feature = "jwks-client")]
pub mod jwks_client;
mod jws;
mod keys;
// Token lifecycle: refresh rotation, revocation, kill switch; documented by
// the module's own `//!` docs.
#[cfg(feature = "lifecycle")]
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

pub use contract::Claims;
pub use error::{DisclosureError, Error, JwksError, KeyBindingError, KeyKind};
pub use jws::{Algorithm, DEFAULT_MAX_TOKEN_SIZE, SigningKey, VerifyingKey};
pub use keys::{Keys, KeysBuilder};
#[cfg(feature = "lifecycle")]
pub use lifecycle::{Lifecycle, TokenPair};
pub use policy::{FieldPolicy, Mask, Protection};
pub use protect::{Disclosable, Hashed, Pii, PiiKey, Pseudonym};
pub use sd::{KeyBinding, SdJwt, SdMediaType, SdOptions, SdVerification};
pub use token::{
    DEFAULT_LEEWAY, DEFAULT_LIFETIME, DEFAULT_MAX_LIFETIME, RegisteredClaims, Verified,
};
pub use view::RevealPolicy;

/// The PII lexicon the derive enforces: the entry a claim name matches, if any
/// (`looks_like_pii("userEmail") == Some("email")`).
pub use claims_lexicon::matches as looks_like_pii;

/// Claim names `claims` writes itself (registered, lifecycle, SD-JWT), which
/// a claims struct may not declare.
pub use claims_lexicon::reserved;

/// Derives [`Claims`](trait@Claims), `Debug` and `Display` from `#[claim(...)]` field attributes.
#[cfg(feature = "derive")]
pub use claims_derive::Claims;

/// The derive's runtime: what generated code names, and nothing else. Not a
/// public API, no stability promise.
#[doc(hidden)]
pub mod __private {
    pub use crate::contract::{Claims, Last4, PayloadReader, PayloadWriter, ViewWriter};
    pub use crate::error::Error;
    pub use crate::placeholder::Placeholder;
    pub use crate::policy::{FieldPolicy, Mask, Protection};
    pub use crate::protect::{
        DisclosableField, EncryptedField, ForbiddenField, HashedField, MaskableField, PublicField,
    };

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
