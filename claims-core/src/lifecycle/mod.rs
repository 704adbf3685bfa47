//! Token lifecycle: access and refresh tokens, rotation with reuse detection,
//! revocation that follows the person, and a kill switch, on a shared
//! [`RevocationStore`].
//!
//! [`Lifecycle`] wraps [`Keys`] and a store:
//!
//! - [`Lifecycle::login`] starts a token family and issues its [`TokenPair`]:
//!   a short-lived access token (header `typ: JWT`, the `Keys` lifetime) and
//!   a long-lived refresh token (header `typ: refresh+jwt`, default
//!   [`DEFAULT_REFRESH_LIFETIME`], 14 days). Both carry the same claims
//!   struct, protected the same way, a random `jti` and the family id `fid`.
//!   [`Keys::decode`] refuses a refresh token and the refresh path refuses an
//!   access token, both with [`Error::TokenType`] (RFC 8725 §3.11).
//! - [`Lifecycle::decode`] is [`Keys::decode`] plus the revocation check:
//!   the token's `jti` or its family revoked, or its family of an earlier
//!   store epoch (the kill switch), reject it with [`Error::Revoked`]. A store
//!   that can answer in process (`MemoryStore`, `RedisStore`'s near cache)
//!   answers without a round trip.
//! - [`Lifecycle::refresh`] checks a refresh token (its own maximum
//!   lifetime), decodes its claims and re-issues the pair from them. Refresh
//!   tokens are single-use: the store keeps each family's current refresh
//!   `jti` and rotates it atomically; presenting one already rotated revokes
//!   the whole family ([`Error::RefreshReused`], OAuth 2.0 Security BCP
//!   §4.14). Of concurrent refreshes with one token exactly one rotates;
//!   the others are retries within the window below (they get its
//!   successor), reuse without it. The exception, the **retry**: within
//!   [`LifecycleBuilder::refresh_grace`] (10 s) of a rotation, while its new
//!   refresh token has not been used, presenting the old one again gets the
//!   same new refresh token (same `jti`) in a fresh pair, so a client whose
//!   answer was lost (a timeout, a 503 while the store came back) is not
//!   logged out. Within that window a second party presenting the old token
//!   is indistinguishable from the retry; reuse is then caught one step later,
//!   when the second holder of the new token uses it. After the window, or
//!   once the new token has been used, the old one is reuse.
//! - [`Lifecycle::logout`] revokes a refresh token's family;
//!   [`Lifecycle::revoke_token`] one token by `jti` until its `exp`.
//! - **Revocation follows the person.** Login records each family with a
//!   stable handle of its person: the keyed pseudonym of the clear `sub` in
//!   the subject domain, whatever the `sub`'s protection (hashed, encrypted,
//!   public string or number). [`Lifecycle::revoke_subject`] takes the clear
//!   value and revokes every family of that person (access and refresh tokens
//!   of every session); [`Lifecycle::revoke_subject_of`] does the same from
//!   one verified token. A lifecycle that issues tokens therefore needs a PII
//!   key: [`LifecycleBuilder::build`] refuses one without.
//! - **The kill switch** ([`Lifecycle::kill_switch`]) starts a new store
//!   epoch. Every family carries the epoch it was started in (in its `fid`),
//!   so the kill switch rejects every token issued before it in the store's
//!   order, whatever the issuing instance's clock said, and logging in again
//!   works at once. Tokens without a family ([`Keys::encode`]) are rejected
//!   when issued up to the leeway after the kill switch (their `iat` is all
//!   there is to go by, and an issuer's clock may run ahead by the leeway).
//!
//! Every store entry expires once no token it rejects can still be valid.
//! Every time is read from the `Keys`' clock ([`KeysBuilder::clock`]), the
//! store's expiry included.
//!
//! When the store fails, decoding fails closed with
//! [`Error::StoreUnavailable`]. [`OnStoreError::AcceptAccessTokens`] is the
//! degraded mode: access tokens that verify are then accepted unchecked
//! (revocation is not enforced for up to the access lifetime); logging in,
//! refreshing and revoking still fail, as they must write.
//!
//! Claims structs used here must not declare a `fid` claim (refused with
//! [`Error::Config`]).
//!
//! With feature `axum`, [`Verified<T>`] is an extractor over the
//! `Lifecycle` in the router state; see `BearerRejection` for its responses.
//!
//! [`KeysBuilder::clock`]: crate::KeysBuilder::clock
//! [`Keys`]: crate::Keys
//! [`Keys::decode`]: crate::Keys::decode
//! [`Keys::encode`]: crate::Keys::encode
//! [`Verified<T>`]: crate::Verified
//! [`Error::TokenType`]: crate::Error::TokenType
//! [`Error::Revoked`]: crate::Error::Revoked
//! [`Error::RefreshReused`]: crate::Error::RefreshReused
//! [`Error::StoreUnavailable`]: crate::Error::StoreUnavailable
//! [`Error::Config`]: crate::Error::Config

#[cfg(feature = "axum")]
mod axum;
mod front;
mod ids;
mod memory;
mod pair;
#[cfg(feature = "redis")]
mod redis;
mod store;
mod subject;

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use axum::BearerRejection;
pub use front::{
    DEFAULT_REFRESH_GRACE, DEFAULT_REFRESH_LIFETIME, DEFAULT_SUBJECT_DOMAIN, Lifecycle,
    LifecycleBuilder, OnStoreError,
};
pub use memory::MemoryStore;
pub use pair::{LoginOptions, TokenPair};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use redis::{OnStale, RedisStore, RedisStoreBuilder, StoreStats};
pub use store::{At, FamilyRef, NewFamily, Renewal, RevocationStore, Rotation, TokenRef};
