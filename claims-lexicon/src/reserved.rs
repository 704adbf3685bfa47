//! Claim names that `claims` writes itself, grouped by what writes them: the
//! one table the derive, the runtime and the CLI check names against.
//!
//! A claims struct may not declare a name of [`REGISTERED`] (the derive
//! refuses it), of [`LIFECYCLE`] when it is used with `Lifecycle` (refused at
//! run time), or of [`SD_JWT`] when it has a `disclosable` field (the derive
//! refuses it); a disclosure may carry none of [`REGISTERED`] and [`SD_JWT`].

/// Issuer (RFC 7519 §4.1.1).
pub const ISS: &str = "iss";
/// Audience (RFC 7519 §4.1.3).
pub const AUD: &str = "aud";
/// Expiration time (RFC 7519 §4.1.4).
pub const EXP: &str = "exp";
/// Not before (RFC 7519 §4.1.5).
pub const NBF: &str = "nbf";
/// Issued at (RFC 7519 §4.1.6).
pub const IAT: &str = "iat";
/// JWT id (RFC 7519 §4.1.7).
pub const JTI: &str = "jti";
/// The token family id of the lifecycle's access and refresh tokens.
pub const FID: &str = "fid";
/// An SD-JWT's digests of its disclosures (RFC 9901 §4.2.4.1).
pub const SD: &str = "_sd";
/// An SD-JWT's digest algorithm (RFC 9901 §4.1.1).
pub const SD_ALG: &str = "_sd_alg";
/// The key of an array element's digest, `{"...": digest}` (RFC 9901 §4.2.4.2).
pub const ELLIPSIS: &str = "...";
/// The holder's confirmation key (RFC 7800), for key binding.
pub const CNF: &str = "cnf";
/// An SD-JWT VC's credential type (draft-ietf-oauth-sd-jwt-vc §3.2.2.1).
pub const VCT: &str = "vct";

/// The registered claims `Keys` sets on every token.
pub const REGISTERED: [&str; 6] = [ISS, AUD, EXP, NBF, IAT, JTI];

/// The claims the lifecycle adds to its tokens, after the registered ones.
pub const LIFECYCLE: [&str; 1] = [FID];

/// The claims an SD-JWT uses itself.
pub const SD_JWT: [&str; 4] = [SD, SD_ALG, ELLIPSIS, CNF];

/// The claims of an SD-JWT VC that no disclosure may carry, sub-claims
/// included, beyond [`REGISTERED`] and [`SD_JWT`] (draft-ietf-oauth-sd-jwt-vc
/// §3.2.2.2: `iss`, `nbf`, `exp`, `cnf`, and these).
pub const SD_JWT_VC: [&str; 4] = [VCT, "vct#integrity", "aka_vcts", "status"];
