//! [`Algorithm`]: the JWS algorithms `claims` signs and verifies with.

/// A JWS algorithm `claims` signs and verifies with. `none` is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC-SHA256 with a secret of at least 32 bytes.
    HS256,
    /// HMAC-SHA384 with a secret of at least 48 bytes.
    HS384,
    /// HMAC-SHA512 with a secret of at least 64 bytes.
    HS512,
    /// Ed25519 (RFC 8037), under the polymorphic name `EdDSA`.
    EdDSA,
    /// Ed25519 under its fully specified name (RFC 9864), which deprecates
    /// `EdDSA`. The same signatures; a key is bound to one of the two names.
    Ed25519,
    /// ECDSA on P-256 with SHA-256.
    ES256,
    /// ECDSA on P-384 with SHA-384.
    ES384,
    /// ECDSA on P-521 with SHA-512.
    ES512,
    /// RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys or larger.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384, 2048-bit keys or larger.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512, 2048-bit keys or larger.
    RS512,
    /// RSASSA-PSS with SHA-256 (MGF1-SHA-256, 32-byte salt), 2048-bit keys or larger.
    PS256,
    /// RSASSA-PSS with SHA-384 (MGF1-SHA-384, 48-byte salt), 2048-bit keys or larger.
    PS384,
    /// RSASSA-PSS with SHA-512 (MGF1-SHA-512, 64-byte salt), 2048-bit keys or larger.
    PS512,
}

impl Algorithm {
    /// Every algorithm, in the order above.
    pub const ALL: [Algorithm; 14] = [
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::EdDSA,
        Algorithm::Ed25519,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ];

    /// The JWS `alg` name.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::EdDSA => "EdDSA",
            Algorithm::Ed25519 => "Ed25519",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::ES512 => "ES512",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
        }
    }

    /// The algorithm a JWS `alg` names (exact, case-sensitive), if supported.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|alg| alg.as_str() == name)
    }

    /// Whether the key is a shared secret (HS*), which can never be published.
    pub fn is_symmetric(self) -> bool {
        matches!(self, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512)
    }
}

/// The algorithms a key whose JWK names none verifies under, unless a
/// [`Validation`](crate::Validation) says otherwise: RS256 for an RSA key,
/// `EdDSA` for an Ed25519 key.
pub(crate) const DEFAULT_UNNAMED_KEY_ALGORITHMS: [Algorithm; 2] =
    [Algorithm::RS256, Algorithm::EdDSA];

impl std::fmt::Display for Algorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
