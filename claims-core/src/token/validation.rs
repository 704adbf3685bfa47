//! [`Validation`]: what decoding requires of a token beyond its signature,
//! as data. `claims`' own rules are one value of it; identity providers'
//! tokens are checked under a preset plus the few settings a provider needs.

use std::borrow::Cow;
use std::time::Duration;

use crate::jws::{Algorithm, DEFAULT_UNNAMED_KEY_ALGORITHMS};

/// The accepted values of a token's `typ` header, compared as RFC 7515
/// §4.1.9 says: ASCII case-insensitive, a value without a `/` read as if
/// `application/` were prepended (so `JWT` and `application/jwt` are one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypRule {
    values: Cow<'static, [Cow<'static, str>]>,
    /// Whether a header without `typ` is accepted.
    missing: bool,
}

impl TypRule {
    /// Exactly these values, `typ` required.
    pub(crate) const fn only(values: &'static [Cow<'static, str>]) -> Self {
        Self {
            values: Cow::Borrowed(values),
            missing: false,
        }
    }

    /// Whether a header whose `typ` is `typ` (`None`: absent) is accepted.
    pub(crate) fn accepts(&self, typ: Option<&str>) -> bool {
        match typ {
            None => self.missing,
            Some(typ) => self.values.iter().any(|v| same_media_type(v, typ)),
        }
    }
}

/// RFC 7515 §4.1.9: media types compare case-insensitively, and a value
/// without `/` stands for `application/<value>`.
fn same_media_type(a: &str, b: &str) -> bool {
    /// The subtype of an `application/` type; `None` for another top-level type.
    fn subtype(typ: &str) -> Option<&str> {
        match typ.split_once('/') {
            None => Some(typ),
            Some((top, sub)) if top.eq_ignore_ascii_case("application") => Some(sub),
            Some(_) => None,
        }
    }
    match (subtype(a), subtype(b)) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => a.eq_ignore_ascii_case(b),
    }
}

/// `JWT`: the tokens `claims` issues, and what an OIDC ID token may carry.
pub(crate) const TYP_JWT: &[Cow<'static, str>] = &[Cow::Borrowed("JWT")];
/// `at+jwt`: an OAuth 2.0 access token in the RFC 9068 profile.
const TYP_AT_JWT: &[Cow<'static, str>] = &[Cow::Borrowed("at+jwt")];

/// Which registered claims must be present. `iss`, `aud` and `exp` always are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // four independent settings, not a state machine
pub(crate) struct Required {
    pub(crate) jti: bool,
    pub(crate) nbf: bool,
    pub(crate) iat: bool,
    pub(crate) kid: bool,
}

/// What decoding requires of a token: its `typ`, issuers, audiences, which
/// registered claims must be present, time rules, and claims that must have
/// given values. The header never chooses the algorithm and `alg: none` is
/// never accepted, whatever the validation: those are not settings.
///
/// [`Keys::builder`](crate::Keys::builder) makes the validation of `claims`'
/// own tokens from its issuer, audience, leeway and maximum lifetime (the
/// rules of [`Validation::new`]). Tokens from an identity provider are
/// decoded by a verify-only `Keys` built with
/// [`KeysBuilder::validation`](crate::KeysBuilder::validation), starting from
/// a preset:
///
/// ```
/// use std::time::Duration;
/// use claims_core::Validation;
///
/// // An OAuth 2.0 access token (RFC 9068) for this API.
/// let api = Validation::access_token("https://idp.example.com/", "https://api.example.com");
/// // An OpenID Connect ID token for this client, at most 10 minutes old.
/// let login = Validation::id_token("https://idp.example.com/", "client-4711")
///     .max_age(Some(Duration::from_secs(600)));
/// // Cognito's access tokens: no `typ`, the audience in `client_id`.
/// let cognito = Validation::access_token(
///     "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE",
///     "client-4711",
/// )
/// .accept_missing_typ()
/// .accept_typ(&[])
/// .audience_claim("client_id")
/// .require_claim("token_use", ["access"]);
/// # let _ = (api, login, cognito);
/// ```
///
/// Claim names are `&'static str`: errors name the claim, never a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    pub(crate) typ: TypRule,
    pub(crate) issuers: Vec<String>,
    pub(crate) audiences: Vec<String>,
    /// The claim that carries the audience: `aud`, unless configured.
    pub(crate) audience_claim: &'static str,
    /// OIDC Core §3.1.3.7 (3): every audience of the token must be trusted.
    pub(crate) every_audience_trusted: bool,
    /// OIDC Core §3.1.3.7 (4, 5): `azp` present when there are several
    /// audiences, and a trusted audience when present.
    pub(crate) check_azp: bool,
    pub(crate) required: Required,
    pub(crate) leeway: Duration,
    pub(crate) max_lifetime: Option<Duration>,
    pub(crate) max_age: Option<Duration>,
    pub(crate) claims: Vec<(&'static str, Vec<String>)>,
    pub(crate) unnamed_key_algorithms: Vec<Algorithm>,
}

impl Validation {
    /// `claims`' own rules, which [`Keys::builder`](crate::Keys::builder)
    /// applies to the tokens it issues: `typ` `JWT` (required); `iss` equal to
    /// `issuer`; `aud` containing `audience`; `exp`, `iat`, `nbf`, `jti` and
    /// the header's `kid` required; leeway 30 s; `exp - iat` at most 1 hour.
    pub fn new(issuer: impl Into<String>, audience: impl Into<String>) -> Self {
        Self {
            typ: TypRule::only(TYP_JWT),
            issuers: vec![issuer.into()],
            audiences: vec![audience.into()],
            audience_claim: claims_lexicon::reserved::AUD,
            every_audience_trusted: false,
            check_azp: false,
            required: Required {
                jti: true,
                nbf: true,
                iat: true,
                kid: true,
            },
            leeway: super::DEFAULT_LEEWAY,
            max_lifetime: Some(super::DEFAULT_MAX_LIFETIME),
            max_age: None,
            claims: Vec::new(),
            unnamed_key_algorithms: DEFAULT_UNNAMED_KEY_ALGORITHMS.to_vec(),
        }
    }

    /// An OAuth 2.0 access token in the JWT profile of RFC 9068 (§4): `typ`
    /// `at+jwt` (or `application/at+jwt`), required; `iss` equal to `issuer`
    /// (exactly: mind a trailing `/`); `aud` containing `audience` (the
    /// resource indicator of this API); `exp`, `iat`, `jti` and the header's
    /// `kid` required, `nbf` checked when present; `exp - iat` at most 24
    /// hours (identity providers issue access tokens for up to a day).
    ///
    /// Most providers' access tokens predate RFC 9068: they carry `typ`
    /// `JWT` or none, and some no `jti`. Say so with
    /// [`accept_typ`](Self::accept_typ),
    /// [`accept_missing_typ`](Self::accept_missing_typ) and
    /// [`require_jti`](Self::require_jti).
    pub fn access_token(issuer: impl Into<String>, audience: impl Into<String>) -> Self {
        Self {
            typ: TypRule::only(TYP_AT_JWT),
            required: Required {
                jti: true,
                nbf: false,
                iat: true,
                kid: true,
            },
            max_lifetime: Some(Duration::from_secs(24 * 3600)),
            ..Self::new(issuer, audience)
        }
    }

    /// An OpenID Connect ID token (OpenID Connect Core 1.0 §3.1.3.7): `typ`
    /// `JWT` or none (never `at+jwt`: an access token is not an ID token);
    /// `iss` equal to `issuer`; `aud` containing `client_id` and no audience
    /// that is not trusted (another [`audience`](Self::audience) is); when
    /// `aud` has several values, `azp` present; when `azp` is present, a
    /// trusted audience; `exp` and `iat` required, `nbf` checked when present,
    /// `jti` not required; the header's `kid` required; at most 1 hour since
    /// `iat` ([`max_age`](Self::max_age)) instead of a maximum lifetime.
    ///
    /// The `nonce` of a login is checked by a validation made for that login:
    /// `.require_claim("nonce", [nonce])`.
    pub fn id_token(issuer: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            typ: TypRule {
                values: Cow::Borrowed(TYP_JWT),
                missing: true,
            },
            every_audience_trusted: true,
            check_azp: true,
            required: Required {
                jti: false,
                nbf: false,
                iat: true,
                kid: true,
            },
            max_lifetime: None,
            max_age: Some(Duration::from_secs(3600)),
            ..Self::new(issuer, client_id)
        }
    }

    /// Accepts this issuer too (`iss` is compared exactly; Google, for one,
    /// issues both `https://accounts.google.com` and `accounts.google.com`).
    #[must_use]
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuers.push(issuer.into());
        self
    }

    /// Accepts this audience too.
    #[must_use]
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audiences.push(audience.into());
        self
    }

    /// The claim that carries the audience when it is not `aud` (Cognito's
    /// access tokens carry the client in `client_id` and have no `aud`). The
    /// audience is always checked; this only says where.
    #[must_use]
    pub fn audience_claim(mut self, claim: &'static str) -> Self {
        self.audience_claim = claim;
        self
    }

    /// The accepted `typ` values, replacing the preset's (compared as RFC
    /// 7515 §4.1.9 says). An empty list with
    /// [`accept_missing_typ`](Self::accept_missing_typ) accepts only tokens
    /// without `typ`.
    #[must_use]
    pub fn accept_typ(mut self, values: &[&str]) -> Self {
        self.typ.values = values
            .iter()
            .map(|v| Cow::Owned((*v).to_owned()))
            .collect::<Vec<_>>()
            .into();
        self
    }

    /// Also accepts a token whose header has no `typ` (many providers send
    /// none). Explicit typing (RFC 8725 §3.11) is what keeps one kind of
    /// token from being accepted as another: prefer a
    /// [`require_claim`](Self::require_claim) that tells the kinds apart
    /// (Cognito's `token_use`) when the provider sends no `typ`.
    #[must_use]
    pub fn accept_missing_typ(mut self) -> Self {
        self.typ.missing = true;
        self
    }

    /// Whether `jti` must be present (when present, it is always checked
    /// for shape: a non-empty string of at most 128 bytes).
    #[must_use]
    pub fn require_jti(mut self, required: bool) -> Self {
        self.required.jti = required;
        self
    }

    /// Whether `nbf` must be present (when present, it is always checked).
    #[must_use]
    pub fn require_nbf(mut self, required: bool) -> Self {
        self.required.nbf = required;
        self
    }

    /// Whether `iat` must be present (when present, it is always checked; a
    /// maximum lifetime or age needs it, so it is then required anyway).
    #[must_use]
    pub fn require_iat(mut self, required: bool) -> Self {
        self.required.iat = required;
        self
    }

    /// Whether the header must name its key (`kid`). A token without one
    /// verifies only when the `Keys` (or the JWK Set) holds exactly one key.
    #[must_use]
    pub fn require_kid(mut self, required: bool) -> Self {
        self.required.kid = required;
        self
    }

    /// Clock skew tolerated on `exp`, `nbf`, `iat` and the maximum age.
    #[must_use]
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// The ceiling on `exp - iat`; `None` for none (the issuer's `exp` alone).
    #[must_use]
    pub fn max_lifetime(mut self, max_lifetime: Option<Duration>) -> Self {
        self.max_lifetime = max_lifetime;
        self
    }

    /// The ceiling on `now - iat` (a token older than that is refused as
    /// [`Error::Expired`](crate::Error::Expired)); `None` for none.
    #[must_use]
    pub fn max_age(mut self, max_age: Option<Duration>) -> Self {
        self.max_age = max_age;
        self
    }

    /// Requires claim `name` to be a JSON string equal to one of `values`:
    /// absent is [`Error::MissingClaim`](crate::Error::MissingClaim), another
    /// value [`Error::ClaimMismatch`](crate::Error::ClaimMismatch). Cognito's
    /// `token_use`, an OIDC login's `nonce`, Entra ID's `tid`. Requiring the
    /// same claim again replaces its values.
    #[must_use]
    pub fn require_claim<V: Into<String>>(
        mut self,
        name: &'static str,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let values = values.into_iter().map(Into::into).collect();
        match self.claims.iter_mut().find(|(n, _)| *n == name) {
            Some((_, existing)) => *existing = values,
            None => self.claims.push((name, values)),
        }
        self
    }

    /// The algorithms a key verifies under when its JWK names none (RFC 7517
    /// makes `alg` optional; Entra ID publishes RSA keys without it), among
    /// those its type allows: RS256 to PS512 for RSA, `EdDSA` and `Ed25519`
    /// for Ed25519 (an EC key's curve names its one algorithm). Default:
    /// RS256 and `EdDSA`. Listing several RSA algorithms lets one key verify
    /// under each, which RFC 8725 §3.1 advises against: list one.
    #[must_use]
    pub fn unnamed_key_algorithms(mut self, algorithms: &[Algorithm]) -> Self {
        self.unnamed_key_algorithms = algorithms.to_vec();
        self
    }

    /// The issuers accepted, the first one first.
    pub fn issuers(&self) -> &[String] {
        &self.issuers
    }

    /// The audiences accepted, the first one first.
    pub fn audiences(&self) -> &[String] {
        &self.audiences
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typ_compares_as_rfc_7515_says() {
        let jwt = TypRule::only(TYP_JWT);
        for typ in [
            "JWT",
            "jwt",
            "application/jwt",
            "APPLICATION/JWT",
            "Application/Jwt",
        ] {
            assert!(jwt.accepts(Some(typ)), "{typ}");
        }
        for typ in [
            "JWT ",
            "application/",
            "text/jwt",
            "application/jwt/x",
            "jwt+at",
            "at+jwt",
            "",
        ] {
            assert!(!jwt.accepts(Some(typ)), "{typ}");
        }
        assert!(!jwt.accepts(None));
        let at = TypRule::only(TYP_AT_JWT);
        assert!(at.accepts(Some("application/at+JWT")));
        assert!(!at.accepts(Some("JWT")));
    }
}
