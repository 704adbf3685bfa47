//! JWS keys (RFC 7515/7518): the algorithms, key material, signing and
//! verifying keys, PEM/DER and JWK / JWK Set import and export (RFC 7517),
//! and the compact serialization.
//!
//! Inside, imports point one way: `algorithm` <- `material` <- (`encoded`,
//! `jwk`, `compact`) <- `verifying` <- `signing`; `pem_label` (what a PEM
//! input says it holds) sits beside `material`, under `encoded`.

mod algorithm;
mod compact;
mod encoded;
mod jwk;
mod material;
mod pem_label;
mod signing;
mod verifying;

pub use algorithm::Algorithm;
pub use compact::DEFAULT_MAX_TOKEN_SIZE;
pub(crate) use compact::{Header, Segments, header_b64};
pub use signing::SigningKey;
pub use verifying::VerifyingKey;
