//! The one error type. Messages may name a claim, never show a claim's value.

/// Which kind of key an [`Error::UnknownKey`] refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyKind {
    /// A token signing or verifying key (the JWS `kid`).
    Signing,
    /// A PII key (the kid inside an `h1.`/`e1.` wire value).
    Pii,
}

impl std::fmt::Display for KeyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            KeyKind::Signing => "signing",
            KeyKind::Pii => "PII",
        })
    }
}

/// Everything that can go wrong building keys, encoding or decoding a token.
///
/// No variant carries a claim value or attacker-chosen text: claim names come
/// from the claims struct, never from the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The token is longer than the configured maximum; nothing was parsed.
    #[error("token is {len} bytes, over the {max}-byte limit")]
    TooLarge {
        /// The token's length in bytes.
        len: usize,
        /// The configured maximum.
        max: usize,
    },
    /// The token is not a well-formed compact JWS (segments, base64url, JSON).
    #[error("malformed token: {0}")]
    Malformed(&'static str),
    /// The header's `alg` is not the algorithm of the key its `kid` names (or is `none`).
    #[error("token algorithm does not match the key")]
    Algorithm,
    /// The header's `typ` is not the one expected: `JWT` for an access
    /// token, `refresh+jwt` for a refresh token, `sd+jwt` for an SD-JWT, or
    /// what the [`Validation`](crate::Validation) accepts.
    #[error("token type is not the one expected")]
    TokenType,
    /// The header has a `crit` parameter naming extensions we do not understand.
    #[error("token header has unsupported critical parameters")]
    CriticalHeader,
    /// A `kid` (the header's, or one inside a protected value) names no loaded key.
    #[error("unknown {0} key id")]
    UnknownKey(KeyKind),
    /// The header has no `kid` (or `"kid": null`), so it names no key.
    /// Apart from [`Error::UnknownKey`]: a key set refreshed after an unknown
    /// kid (a rotation) cannot help a token that names none.
    #[error("token header has no key id (`kid`)")]
    MissingKeyId,
    /// The signature does not verify.
    #[error("invalid token signature")]
    Signature,
    /// `exp` is in the past (beyond the leeway), or the token is older than
    /// the validation's maximum age.
    #[error("token has expired")]
    Expired,
    /// `nbf` or `iat` is in the future (beyond the leeway).
    #[error("token is not yet valid")]
    NotYetValid,
    /// `exp - iat` exceeds the configured maximum lifetime, or `exp` precedes `iat`.
    #[error("token lifetime exceeds the maximum")]
    Lifetime,
    /// `iss` is not exactly one of the accepted issuers.
    #[error("token issuer is not accepted")]
    Issuer,
    /// `aud` does not contain an accepted audience (or, for an ID token,
    /// holds one that is not accepted, or an `azp` that is not).
    #[error("token audience is not accepted")]
    Audience,
    /// A required claim is absent.
    #[error("missing claim `{claim}`")]
    MissingClaim {
        /// The claim's wire name.
        claim: &'static str,
    },
    /// A claim is present but has the wrong type or shape.
    #[error("invalid claim `{claim}`")]
    InvalidClaim {
        /// The claim's wire name.
        claim: &'static str,
    },
    /// A claim the [`Validation`](crate::Validation) requires a value of
    /// (`token_use`, `nonce`, ...) has another value, or is not a string.
    #[error("claim `{claim}` does not have the required value")]
    ClaimMismatch {
        /// The claim's wire name.
        claim: &'static str,
    },
    /// The token carries a claim the struct declares `forbidden`.
    #[error("token carries forbidden claim `{claim}`")]
    ForbiddenClaim {
        /// The claim's wire name.
        claim: &'static str,
    },
    /// An encrypted claim failed authentication (tampered, moved, or wrong key).
    #[error("claim `{claim}` failed to decrypt")]
    Decrypt {
        /// The claim's wire name.
        claim: &'static str,
    },
    /// A protected claim needs a PII key and none is loaded.
    #[error("claim `{claim}` needs a PII key and none is loaded")]
    MissingPiiKey {
        /// The claim's wire name.
        claim: &'static str,
    },
    /// A `public` claim about to travel in the clear holds a string that
    /// looks like personal data or a credential: `kind` names the detector
    /// that fired (`email`, `phone`, `card`, `iban`, `ssn`, `jwt`, `bearer`,
    /// `wire`), never the value. Protect the field (`hashed`, `encrypted`),
    /// or, if such values are safe here, declare
    /// `#[claim(public(unguarded = "why"))]`.
    #[error(
        "public claim `{claim}` looks like it holds personal data ({kind}): protect the field, or declare `public(unguarded = \"why\")`"
    )]
    PiiInPublicClaim {
        /// The claim's wire name.
        claim: &'static str,
        /// The name of the detector that fired.
        kind: &'static str,
    },
    /// A claim could not be serialized while encoding.
    #[error("claim `{claim}` could not be serialized")]
    Encode {
        /// The claim's wire name.
        claim: &'static str,
    },
    /// Key material or a key id was rejected.
    #[error("invalid key: {0}")]
    Key(&'static str),
    /// The [`Keys`](crate::Keys) configuration is incomplete or inconsistent,
    /// or the call does not suit it (e.g. encoding with keys that only verify).
    #[error("invalid configuration: {0}")]
    Config(&'static str),
    /// An SD-JWT's disclosures do not match its issuer-signed digests.
    #[error("invalid SD-JWT disclosure: {0}")]
    Disclosure(DisclosureError),
    /// An SD-JWT presentation's key binding is missing or does not hold.
    #[error("invalid SD-JWT key binding: {0}")]
    KeyBinding(KeyBindingError),
    /// The token is revoked: by its `jti`, its subject, its family, or the
    /// kill switch; or a refresh token's family is unknown to the store.
    #[error("token has been revoked")]
    Revoked,
    /// A refresh token was presented after it had been rotated: its whole
    /// family is now revoked (reuse detection).
    #[error("refresh token reused; its token family is revoked")]
    RefreshReused,
    /// The revocation store could not be reached or answered unexpectedly.
    #[error("revocation store unavailable")]
    StoreUnavailable,
    /// The JWKS client has no key set to serve: the fetch failed and no
    /// earlier set is still within its stale window, or OIDC discovery failed.
    #[error("cannot get the JWK Set: {0}")]
    Jwks(JwksError),
}

/// Why an SD-JWT's disclosures were refused ([`Error::Disclosure`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DisclosureError {
    /// Not an SD-JWT (`<jwt>~<disclosure>~…~[<kb-jwt>]`); a disclosure that is
    /// not base64url of a JSON array `[salt, name, value]` or `[salt, value]`;
    /// an `_sd` that is not an array of strings; a `...` key other than as
    /// the one key of an array element `{"...": "<digest>"}`.
    Malformed,
    /// `_sd_alg` is not `sha-256`.
    Algorithm,
    /// A disclosure's digest is not in `_sd` (a tampered value lands here too).
    Unreferenced,
    /// The same disclosure is presented twice.
    Repeated,
    /// `_sd` lists a digest twice.
    RepeatedDigest,
    /// Two disclosures name the same claim.
    RepeatedName,
    /// A disclosure names `_sd` or `...` (at any depth), or `_sd_alg`, `cnf`
    /// or a registered claim (at the top level); in an SD-JWT VC, also `vct`,
    /// `vct#integrity`, `aka_vcts`, `status` or a sub-claim of these or of `cnf`.
    ReservedName,
    /// A disclosure names a claim that is also in the clear.
    InClear,
    /// The holder asked to present a path that selects no disclosure (or
    /// does not parse as a path).
    Unknown,
    /// An array-element disclosure `[salt, value]` whose digest is in an
    /// `_sd`, or an object-property one `[salt, name, value]` whose digest
    /// is an array element.
    Misplaced,
    /// Values that hold digests nest deeper than the walk allows (32 levels,
    /// disclosed values included).
    TooDeep,
}

impl std::fmt::Display for DisclosureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Malformed => "malformed SD-JWT or disclosure",
            Self::Algorithm => "`_sd_alg` is not sha-256",
            Self::Unreferenced => "a disclosure is not referenced by the issuer-signed digests",
            Self::Repeated => "a disclosure is presented twice",
            Self::RepeatedDigest => "`_sd` repeats a digest",
            Self::RepeatedName => "two disclosures name the same claim",
            Self::ReservedName => "a disclosure names a reserved claim",
            Self::InClear => "a disclosure names a claim that is also in the clear",
            Self::Unknown => "no disclosure has that path",
            Self::Misplaced => "a disclosure's digest is where the other kind of disclosure goes",
            Self::TooDeep => "the disclosures nest too deeply",
        })
    }
}

/// Why an SD-JWT presentation's key binding was refused ([`Error::KeyBinding`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyBindingError {
    /// Key binding is required and the presentation has no KB-JWT.
    Missing,
    /// The presentation has a KB-JWT and the verifier accepts none.
    Unexpected,
    /// The issuer JWT has no usable `cnf.jwk` (absent, symmetric, or unsupported).
    NoConfirmationKey,
    /// The KB-JWT is not a compact JWS with the expected header and claims.
    Malformed,
    /// The KB-JWT's `typ` is not `kb+jwt`.
    TokenType,
    /// The KB-JWT's signature does not verify under `cnf.jwk`.
    Signature,
    /// `sd_hash` is not the digest of this presentation.
    SdHash,
    /// `nonce` is absent or not the expected one.
    Nonce,
    /// `aud` is absent or not the expected one.
    Audience,
    /// `iat` is absent or outside the leeway around now.
    Time,
}

impl std::fmt::Display for KeyBindingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Missing => "the presentation has no key binding JWT",
            Self::Unexpected => "the presentation has an unexpected key binding JWT",
            Self::NoConfirmationKey => "the SD-JWT has no usable confirmation key (`cnf.jwk`)",
            Self::Malformed => "malformed key binding JWT",
            Self::TokenType => "key binding JWT type is not kb+jwt",
            Self::Signature => "invalid key binding JWT signature",
            Self::SdHash => "`sd_hash` does not match the presentation",
            Self::Nonce => "`nonce` does not match",
            Self::Audience => "`aud` does not match",
            Self::Time => "`iat` is outside the accepted window",
        })
    }
}

/// Why the JWKS client could not fetch a JWK Set or discovery document
/// ([`Error::Jwks`]). No variant carries the URL or the response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwksError {
    /// No complete response within the timeout (connecting, headers or body).
    Timeout,
    /// The connection failed: refused, reset, DNS, or the TLS handshake.
    Network,
    /// The endpoint answered with a status other than 200 (redirects are
    /// not followed, so a 3xx lands here too).
    Status(u16),
    /// The response body is over the size cap; the rest was not read.
    TooLarge,
    /// The body is not a JWK Set (or not a discovery document with
    /// `issuer` and `jwks_uri`).
    Malformed,
    /// The JWK Set lists more keys than the configured maximum.
    TooManyKeys,
    /// The JWK Set holds no key this crate can verify with.
    NoUsableKey,
    /// The discovery document's `issuer` is not the issuer asked for
    /// (OpenID Connect Discovery §4.3).
    IssuerMismatch,
}

impl std::fmt::Display for JwksError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Timeout => f.write_str("the endpoint did not answer in time"),
            Self::Network => f.write_str("the connection to the endpoint failed"),
            Self::Status(status) => write!(f, "the endpoint answered HTTP {status}"),
            Self::TooLarge => f.write_str("the response is over the size cap"),
            Self::Malformed => f.write_str("the response is not the expected JSON document"),
            Self::TooManyKeys => f.write_str("the JWK Set has more keys than allowed"),
            Self::NoUsableKey => f.write_str("the JWK Set has no usable signing key"),
            Self::IssuerMismatch => f.write_str("the discovery document names another issuer"),
        }
    }
}
