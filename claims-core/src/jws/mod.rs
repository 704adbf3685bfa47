//! JWS keys (RFC 7515/7518): the algorithms, key material, signing and
//! verifying keys, PEM/DER and JWK / JWK Set import and export (RFC 7517),
//! and the compact serialization.
//!
//! Inside, imports point one way: `algorithm` <- `material` <- (`encoded`,
//! `jwk`, `compact`) <- `verifying` <- (`jwk_set`, `signing`); `pem_label`
//! (what a PEM input says it holds) sits beside `material`, under `encoded`.

mod algorithm;
mod compact;
mod encoded;
mod jwk;
mod jwk_set;
mod material;
mod pem_label;
mod signing;
mod verifying;

pub use algorithm::Algorithm;
pub(crate) use algorithm::DEFAULT_UNNAMED_KEY_ALGORITHMS;
pub use compact::DEFAULT_MAX_TOKEN_SIZE;
pub(crate) use compact::{Header, Segments, header_b64};
pub use jwk_set::{JwkSet, SkippedKey};
pub use signing::SigningKey;
pub use verifying::VerifyingKey;
#[cfg(feature = "jwks-client")]
pub(crate) use verifying::validate_verifying_kid;
