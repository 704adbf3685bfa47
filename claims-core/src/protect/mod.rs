//! The protections: the types a claims struct's fields hold, the traits the
//! derive checks them against, and the PII keys that protect them.
//!
//! - [`Hashed`] and [`Pseudonym`]: `h1.` wire values (`crate::wire`), over
//!   the value exactly or normalized (`normalize`).
//! - [`Pii`] and any encrypted field: `e1.` wire values.
//! - [`Disclosable`]: RFC 9901 selective disclosure (see `crate::sd`).
//! - [`PiiKey`]: the cryptography of both (its JSON form and loaders in
//!   `pii_key_json`); `PiiKeyRing`: which key reads which value.

mod disclosable;
mod fields;
mod hashed;
mod normalize;
mod pii;
mod pii_key;
mod pii_key_json;
mod ring;

pub use disclosable::{Disclosable, DisclosableField};
pub use fields::{
    ClaimValue, EncryptedField, ForbiddenField, HashedField, MaskableField, PublicField,
    SensitiveField,
};
pub use hashed::{Hashed, Pseudonym};
pub(crate) use normalize::normalize_plaintext;
pub use normalize::{NormalizableField, TextValue};
pub use pii::Pii;
pub use pii_key::PiiKey;
pub(crate) use ring::PiiKeyRing;
