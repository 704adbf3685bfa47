//! The registered claims: issued on encode, required and checked on decode
//! as the [`Profile`] says.

use claims_lexicon::reserved::{EXP, FID, IAT, ISS, JTI, NBF};
use serde_json::value::RawValue;

use super::profile::Profile;
use crate::contract::RawClaims;
use crate::error::Error;

/// The registered claims of a verified token (RFC 7519 §4.1).
///
/// Tokens `claims` issues carry every one of them. A token decoded under a
/// [`Validation`](crate::Validation) that does not require `jti`, `nbf` or
/// `iat` may lack them: such a claim then reads as its documented default.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RegisteredClaims {
    /// Issuer: one of the accepted issuers, exactly.
    pub iss: String,
    /// Audience: a string or an array of strings, as an array; contains an
    /// accepted audience. (From the validation's
    /// [`audience_claim`](crate::Validation::audience_claim) when not `aud`.)
    pub aud: Vec<String>,
    /// Issued at (seconds since the Unix epoch); 0 when absent.
    pub iat: u64,
    /// Not before (seconds since the Unix epoch); 0 when absent (no restriction).
    pub nbf: u64,
    /// Expires (seconds since the Unix epoch). Always present.
    pub exp: u64,
    /// Unique token id; empty when absent.
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

/// Requires and checks the registered claims as `profile` says: `iss`,
/// the audience and `exp` always; `iat`, `nbf` and `jti` when required, and
/// whenever present; then the time rules, `azp` and the required claims.
///
/// Stricter than RFC 7519 where our own tokens allow it: times are
/// non-negative integers (no fractions), `iss` is a string (an array is not
/// "the" issuer), and the audience must be present.
pub(crate) fn check(
    raw: &RawClaims<'_>,
    profile: &Profile<'_>,
    now: u64,
) -> Result<RegisteredClaims, Error> {
    let rules = profile.rules;
    let iss: String = match serde_json::from_str(required(raw, ISS)?.get()) {
        Ok(iss) if rules.issuers.contains(&iss) => iss,
        _ => return Err(Error::Issuer),
    };
    let aud = audience(raw, profile)?;
    let bounded = profile.max_lifetime != u64::MAX || rules.max_age.is_some();
    let iat = time(raw, IAT, rules.required.iat || bounded)?;
    let nbf = time(raw, NBF, rules.required.nbf)?;
    let exp = time(raw, EXP, true)?.unwrap_or_default();
    let jti = match raw.get(JTI) {
        None if !rules.required.jti => String::new(),
        jti => serde_json::from_str(jti.ok_or(Error::MissingClaim { claim: JTI })?.get())
            .ok()
            .filter(|j: &String| !j.is_empty() && j.len() <= MAX_JTI_LEN)
            .ok_or(Error::InvalidClaim { claim: JTI })?,
    };

    let leeway = profile.leeway();
    if now >= exp.saturating_add(leeway) {
        return Err(Error::Expired);
    }
    let latest = now.saturating_add(leeway);
    if nbf.is_some_and(|nbf| nbf > latest) || iat.is_some_and(|iat| iat > latest) {
        return Err(Error::NotYetValid);
    }
    if let Some(iat) = iat {
        if exp < iat || exp - iat > profile.max_lifetime {
            return Err(Error::Lifetime);
        }
        if let Some(max_age) = rules.max_age
            && now.saturating_sub(iat) > max_age.as_secs().saturating_add(leeway)
        {
            return Err(Error::Expired);
        }
    }
    for (claim, values) in &rules.claims {
        let value = required(raw, claim)?;
        match serde_json::from_str::<String>(value.get()) {
            Ok(value) if values.contains(&value) => {}
            _ => return Err(Error::ClaimMismatch { claim }),
        }
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
        iat: iat.unwrap_or_default(),
        nbf: nbf.unwrap_or_default(),
        exp,
        jti,
        sub,
        fid,
    })
}

/// The audience: a string or an array of strings (RFC 7519 §4.1.3), with an
/// accepted one in it; under OIDC's rules, nothing but accepted ones, and
/// an `azp` that is one of them (required when there are several).
fn audience(raw: &RawClaims<'_>, profile: &Profile<'_>) -> Result<Vec<String>, Error> {
    let rules = profile.rules;
    let aud = required(raw, rules.audience_claim)?.get();
    let aud = if aud.starts_with('[') {
        serde_json::from_str::<Vec<String>>(aud).ok()
    } else {
        serde_json::from_str::<String>(aud).ok().map(|a| vec![a])
    }
    .ok_or(Error::Audience)?;
    let trusted = |a: &String| rules.audiences.contains(a);
    let accepted = if rules.every_audience_trusted {
        !aud.is_empty() && aud.iter().all(trusted)
    } else {
        aud.iter().any(trusted)
    };
    if !accepted {
        return Err(Error::Audience);
    }
    if rules.check_azp {
        const AZP: &str = "azp";
        match raw.get(AZP) {
            None if aud.len() > 1 => return Err(Error::MissingClaim { claim: AZP }),
            None => {}
            Some(azp) => match serde_json::from_str::<String>(azp.get()) {
                Ok(azp) if trusted(&azp) => {}
                _ => return Err(Error::Audience),
            },
        }
    }
    Ok(aud)
}

fn required<'a>(raw: &RawClaims<'a>, claim: &'static str) -> Result<&'a RawValue, Error> {
    raw.get(claim).ok_or(Error::MissingClaim { claim })
}

/// A NumericDate as a non-negative integer that fits in `i64`; `None` when
/// absent and not `required`.
fn time(raw: &RawClaims<'_>, claim: &'static str, required: bool) -> Result<Option<u64>, Error> {
    let Some(value) = raw.get(claim) else {
        return if required {
            Err(Error::MissingClaim { claim })
        } else {
            Ok(None)
        };
    };
    serde_json::from_str::<u64>(value.get())
        .ok()
        .filter(|t| i64::try_from(*t).is_ok())
        .map(Some)
        .ok_or(Error::InvalidClaim { claim })
}
