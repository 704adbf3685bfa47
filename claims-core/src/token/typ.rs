//! [`Typ`]: the kinds of token `claims` issues, each with the `typ` it
//! carries and the `typ` values a decoder of that kind accepts.

use std::borrow::Cow;

use super::validation::{TYP_JWT, TypRule};

/// The explicit type (RFC 8725 §3.11) a token kind carries and requires, so
/// one kind of token is never accepted as another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Typ {
    /// `JWT`: what [`Keys::encode`](crate::Keys::encode) issues and
    /// [`Keys::decode`](crate::Keys::decode) accepts.
    Jwt,
    /// `sd+jwt`: the issuer-signed JWT of an SD-JWT (RFC 9901 §9.11).
    SdJwt,
    /// `dc+sd-jwt`: the issuer-signed JWT of an SD-JWT VC
    /// (draft-ietf-oauth-sd-jwt-vc §3.2.1).
    DcSdJwt,
    /// `vc+sd-jwt`: the drafts' earlier name for `dc+sd-jwt`, accepted only
    /// where a verifier asks for it, never issued.
    VcSdJwt,
    /// `refresh+jwt`: a lifecycle refresh token, never accepted as an access
    /// token nor the other way round.
    Refresh,
}

/// What a decoder of each kind accepts (RFC 7515 §4.1.9 comparison).
static JWT_RULE: TypRule = TypRule::only(TYP_JWT);
static SD_JWT_RULE: TypRule = TypRule::only(&[Cow::Borrowed("sd+jwt")]);
static DC_SD_JWT_RULE: TypRule = TypRule::only(&[Cow::Borrowed("dc+sd-jwt")]);
static VC_SD_JWT_RULE: TypRule = TypRule::only(&[Cow::Borrowed("vc+sd-jwt")]);
static REFRESH_RULE: TypRule = TypRule::only(&[Cow::Borrowed("refresh+jwt")]);

impl Typ {
    pub(super) const ALL: [Self; 5] = [
        Self::Jwt,
        Self::SdJwt,
        Self::DcSdJwt,
        Self::VcSdJwt,
        Self::Refresh,
    ];

    /// The `typ` value issued.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Jwt => "JWT",
            Self::SdJwt => "sd+jwt",
            Self::DcSdJwt => "dc+sd-jwt",
            Self::VcSdJwt => "vc+sd-jwt",
            Self::Refresh => "refresh+jwt",
        }
    }

    /// The `typ` values a decoder of this kind accepts under `claims`' own rules.
    pub(crate) fn rule(self) -> &'static TypRule {
        match self {
            Self::Jwt => &JWT_RULE,
            Self::SdJwt => &SD_JWT_RULE,
            Self::DcSdJwt => &DC_SD_JWT_RULE,
            Self::VcSdJwt => &VC_SD_JWT_RULE,
            Self::Refresh => &REFRESH_RULE,
        }
    }

    /// Whether a header's `typ` value is this kind's.
    pub(crate) fn accepts(self, typ: &str) -> bool {
        self.rule().accepts(Some(typ))
    }
}
