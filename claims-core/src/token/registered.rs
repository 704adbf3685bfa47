//! The registered claims `Keys` manages: issued on encode, required and checked on decode.

use claims_lexicon::reserved::{AUD, EXP, FID, IAT, ISS, JTI, NBF};
use serde_json::value::RawValue;

use super::profile::Profile;
use crate::contract::RawClaims;
use crate::error::Error;

/// The registered claims of a verified token (RFC 7519 §4.1).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RegisteredClaims {
    /// Issuer: exactly the configured issuer.
    pub iss: String,
    /// Audience: a string or an array of strings; contains the configured audience.
    pub aud: Vec<String>,
    /// Issued at (seconds since the Unix epoch).
    pub iat: u64,
    /// Not before (seconds since the Unix epoch).
    pub nbf: u64,
    /// Expires (seconds since the Unix epoch).
    pub exp: u64,
    /// Unique token id.
    pub jti: String,
    /// The `sub` claim's wire value when it is a string (an `h1.` pseudonym
    /// for a hashed `sub`, an `e1.` ciphertext for an encrypted one, else
    /// the public string); `None` when absent or not a string. Not checked
    /// here: the claims struct reads and checks it like any field.
    /// (`Lifecycle::revoke_subject` takes the clear value instead, whatever
    /// the protection.)
    pub sub: Option<String>,
    /// The token family id of a `Lifecycle` token (the login it descends
    /// from); `None` for tokens issued by [`Keys::encode`](crate::Keys::encode).
    pub fid: Option<String>,
}

/// Longest `jti` accepted; ours are 22 characters.
const MAX_JTI_LEN: usize = 128;

/// Requires and checks `iss`, `aud`, `iat`, `nbf`, `exp` and `jti` as
/// `profile` says.
///
/// Stricter than RFC 7519 where our own tokens allow it: times are
/// non-negative integers (no fractions), `iss` is a string (an array is not
/// "the" issuer), `aud` must be present, and `jti` is required.
pub(crate) fn check(
    raw: &RawClaims<'_>,
    profile: &Profile<'_>,
    now: u64,
) -> Result<RegisteredClaims, Error> {
    let iss: String = match serde_json::from_str(required(raw, ISS)?.get()) {
        Ok(iss) if iss == profile.issuer => iss,
        _ => return Err(Error::Issuer),
    };
    // A string or an array of strings (RFC 7519 §4.1.3); nothing else.
    let aud = required(raw, AUD)?.get();
    let aud = if aud.starts_with('[') {
        serde_json::from_str::<Vec<String>>(aud).ok()
    } else {
        serde_json::from_str::<String>(aud).ok().map(|a| vec![a])
    }
    .ok_or(Error::Audience)?;
    if !aud.iter().any(|a| a == profile.audience) {
        return Err(Error::Audience);
    }
    let iat = time(raw, IAT)?;
    let nbf = time(raw, NBF)?;
    let exp = time(raw, EXP)?;
    let jti: String = serde_json::from_str(required(raw, JTI)?.get())
        .ok()
        .filter(|j: &String| !j.is_empty() && j.len() <= MAX_JTI_LEN)
        .ok_or(Error::InvalidClaim { claim: JTI })?;

    if now >= exp.saturating_add(profile.leeway) {
        return Err(Error::Expired);
    }
    let latest = now.saturating_add(profile.leeway);
    if nbf > latest || iat > latest {
        return Err(Error::NotYetValid);
    }
    if exp < iat || exp - iat > profile.max_lifetime {
        return Err(Error::Lifetime);
    }
    let sub = raw
        .get("sub")
        .and_then(|v| serde_json::from_str::<String>(v.get()).ok());
    // Lenient, like `sub`: a `Keys::encode` token may carry an application
    // claim of that name; the lifecycle requires and checks its own.
    let fid = raw
        .get(FID)
        .and_then(|v| serde_json::from_str::<String>(v.get()).ok())
        .filter(|f| !f.is_empty() && f.len() <= MAX_JTI_LEN);
    Ok(RegisteredClaims {
        iss,
        aud,
        iat,
        nbf,
        exp,
        jti,
        sub,
        fid,
    })
}

fn required<'a>(raw: &RawClaims<'a>, claim: &'static str) -> Result<&'a RawValue, Error> {
    raw.get(claim).ok_or(Error::MissingClaim { claim })
}

/// A NumericDate as a non-negative integer that fits in `i64`.
fn time(raw: &RawClaims<'_>, claim: &'static str) -> Result<u64, Error> {
    serde_json::from_str::<u64>(required(raw, claim)?.get())
        .ok()
        .filter(|t| i64::try_from(*t).is_ok())
        .ok_or(Error::InvalidClaim { claim })
}
