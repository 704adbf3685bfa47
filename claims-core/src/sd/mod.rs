//! Selective disclosure: RFC 9901 SD-JWTs from `#[claim(disclosable)]`
//! fields, and SD-JWT VCs (draft-ietf-oauth-sd-jwt-vc).
//!
//! - Issuer: `Keys::issue_sd` / `Keys::issue_sd_with` (`issue`) sign the
//!   issuer JWT (`typ: sd+jwt`, or `dc+sd-jwt` with a `vct`) carrying the
//!   salted digests (`_sd`, `_sd_alg`) and return an [`SdJwt`] holding every
//!   disclosure. [`SdOptions::disclosable`] paths make members and elements
//!   inside a disclosable field disclosable too (`conceal`).
//! - Holder: [`SdJwt::parse`], [`SdJwt::present`] and
//!   [`SdJwt::present_with_key_binding`] choose which disclosures to reveal
//!   by path (`path`), optionally with a Key Binding JWT signed by the key
//!   named in `cnf`.
//! - Verifier: `Keys::verify_sd` / `Keys::verify_sd_with` (`verify`) check
//!   the issuer JWT through the decode pipeline `Keys::decode` uses, then
//!   process the disclosures at any depth (`resolve`, RFC 9901 §7.1) and the
//!   key binding; undisclosed fields and members come back absent.
//!
//! Inside, imports point one way: `path` <- `disclosure` <- (`conceal`,
//! `resolve`) <- `holder` <- (`issue`, `verify`).

mod conceal;
mod disclosure;
mod holder;
mod issue;
mod path;
mod resolve;
mod verify;

pub use holder::SdJwt;
pub use issue::SdOptions;
pub(crate) use issue::issue;
pub(crate) use verify::verify;
pub use verify::{KeyBinding, SdMediaType, SdVerification};
