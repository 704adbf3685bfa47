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
    /// The header's `typ` is not `JWT`.
    #[error("token type is not JWT")]
    TokenType,
    /// The header has a `crit` parameter naming extensions we do not understand.
    #[error("token header has unsupported critical parameters")]
    CriticalHeader,
    /// A `kid` (the header's, or one inside a protected value) names no loaded key.
    #[error("unknown {0} key id")]
    UnknownKey(KeyKind),
    /// The signature does not verify.
    #[error("invalid token signature")]
    Signature,
    /// `exp` is in the past (beyond the leeway).
    #[error("token has expired")]
    Expired,
    /// `nbf` or `iat` is in the future (beyond the leeway).
    #[error("token is not yet valid")]
    NotYetValid,
    /// `exp - iat` exceeds the configured maximum lifetime, or `exp` precedes `iat`.
    #[error("token lifetime exceeds the maximum")]
    Lifetime,
    /// `iss` is not exactly the configured issuer.
    #[error("token issuer is not accepted")]
    Issuer,
    /// `aud` does not contain the configured audience.
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
    /// A claim could not be serialized while encoding.
    #[error("claim `{claim}` could not be serialized")]
    Encode {
        /// The claim's wire name.
        claim: &'static str,
    },
    /// Key material or a key id was rejected.
    #[error("invalid key: {0}")]
    Key(&'static str),
    /// The [`Keys`](crate::Keys) configuration is incomplete or inconsistent.
    #[error("invalid configuration: {0}")]
    Config(&'static str),
}
