//! Selective disclosure: RFC 9901 SD-JWTs from `#[claim(disclosable)]` fields.
//!
//! - Issuer: `Keys::issue_sd` / `Keys::issue_sd_with` (`issue`) sign the issuer JWT
//!   (`typ: sd+jwt`) carrying the salted digests (`_sd`, `_sd_alg`) and
//!   return an [`SdJwt`] holding every disclosure.
//! - Holder: [`SdJwt::parse`], [`SdJwt::present`] and
//!   [`SdJwt::present_with_key_binding`] choose which disclosures to reveal,
//!   optionally with a Key Binding JWT signed by the key named in `cnf`.
//! - Verifier: `Keys::verify_sd` (`verify`) checks the issuer JWT through
//!   the decode pipeline `Keys::decode` uses, then every disclosure and the
//!   key binding; undisclosed fields come back absent.
//!
//! Only top-level claims are disclosable: nested objects' `_sd` and array
//! elements (`{"...": digest}`) are not produced, and a presentation whose
//! disclosures they would reference is refused as unreferenced.

mod disclosure;
mod holder;
mod issue;
mod verify;

pub use holder::SdJwt;
pub use issue::SdOptions;
pub(crate) use issue::issue;
pub use verify::KeyBinding;
pub(crate) use verify::verify;
