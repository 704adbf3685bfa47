//! JWTs (RFC 7519) as compact JWS: the framing and header of a token, its
//! registered claims, and the codec that encodes and decodes them under a
//! `Keys`' configuration. Framing is done here rather than by
//! `jsonwebtoken`: headers are encoded once per key, keyed states are built
//! once per key, and the payload is parsed once.

mod codec;
mod framing;
mod header;
mod profile;
mod registered;
mod typ;
mod validation;
mod verified;

pub(crate) use codec::{Codec, Config};
pub use codec::{DEFAULT_LEEWAY, DEFAULT_LIFETIME, DEFAULT_MAX_LIFETIME};
pub(crate) use framing::Framing;
#[cfg(feature = "jwks-client")]
pub(crate) use header::names_fetchable_kid;
#[cfg(feature = "lifecycle")]
pub(crate) use profile::Profile;
pub use registered::RegisteredClaims;
pub(crate) use typ::Typ;
pub use validation::Validation;
pub use verified::Verified;
