//! The protections and their wire format v1 (see FORMAT.md).
//!
//! - [`Hashed`] and [`Pseudonym`]: `h1.<kid>.<base64url(HMAC-SHA256 tag)>`.
//! - [`Pii`] and any encrypted field: `e1.<kid>.<base64url(nonce || ciphertext || tag)>`.
//! - [`Disclosable`]: RFC 9901 selective disclosure (see `crate::sd`).
//! - [`PiiKey`]: the key both are derived from.

mod disclosable;
mod fields;
mod hashed;
mod pii;
mod pii_key;

pub use disclosable::{Disclosable, DisclosableField};
pub use fields::{EncryptedField, ForbiddenField, HashedField, MaskableField, PublicField};
pub use hashed::{Hashed, Pseudonym};
pub use pii::Pii;
pub use pii_key::PiiKey;
pub(crate) use pii_key::{NONCE_LEN, parse_wire};
