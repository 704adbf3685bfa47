//! The [`RevocationStore`] trait, and its type-erased form [`Lifecycle`](super::Lifecycle) holds.

use std::future::Future;
use std::pin::Pin;

use crate::error::Error;

/// What the store is asked about one verified token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRef<'a> {
    /// The token's `jti`.
    pub jti: &'a str,
    /// The token's `sub` wire value, if it has one.
    pub sub: Option<&'a str>,
    /// The token's family id, if it is a [`Lifecycle`](super::Lifecycle) token.
    pub fid: Option<&'a str>,
    /// The token's `iat`, compared with subject and kill-switch cutoffs.
    pub iat: u64,
}

/// The outcome of [`RevocationStore::rotate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rotation {
    /// The presented refresh token was its family's current one; the new
    /// one is now current.
    Rotated,
    /// The presented refresh token had already been rotated: the family is
    /// now revoked.
    Reused,
    /// The token or its family is revoked, or the family is unknown.
    Revoked,
}

/// Shared revocation state: the denylist decoding consults and the refresh
/// token families rotation updates. Every method is one round trip to the
/// store, and every entry expires (`ttl_secs`) once no token it could reject
/// is still valid, so the store never outgrows the tokens' lifetimes.
///
/// A cutoff (`before`) rejects the tokens whose `iat` is at or before it.
/// Implementations map their own failures to [`Error::StoreUnavailable`].
pub trait RevocationStore: Send + Sync + 'static {
    /// Whether `token` is revoked: its `jti` is denylisted, its subject's or
    /// the global cutoff is at or after its `iat`, or its family is revoked.
    fn is_revoked(&self, token: TokenRef<'_>) -> impl Future<Output = Result<bool, Error>> + Send;

    /// Denylists one `jti`.
    fn revoke_jti(
        &self,
        jti: &str,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send;

    /// Rejects every token of `sub` issued at or before `before` (a later
    /// cutoff already set is kept).
    fn revoke_subject(
        &self,
        sub: &str,
        before: u64,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send;

    /// The kill switch: rejects every token issued at or before `before` (a
    /// later cutoff already set is kept).
    fn revoke_all(
        &self,
        before: u64,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send;

    /// Records a new family whose current refresh token is `jti`.
    fn start_family(
        &self,
        fid: &str,
        jti: &str,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send;

    /// Atomically: if `token` is revoked (as [`is_revoked`](Self::is_revoked)
    /// says) or its family unknown or revoked, [`Rotation::Revoked`]; if it is
    /// not its family's current refresh token, revokes the family and returns
    /// [`Rotation::Reused`]; else makes `new_jti` current. Two concurrent
    /// calls with the same token never both rotate.
    fn rotate(
        &self,
        token: TokenRef<'_>,
        new_jti: &str,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<Rotation, Error>> + Send;

    /// Revokes a family: its refresh tokens, and the access tokens issued with them.
    fn revoke_family(
        &self,
        fid: &str,
        ttl_secs: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send;
}

pub(super) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// [`RevocationStore`] made object-safe, so `Lifecycle` is not generic.
pub(super) trait DynStore: Send + Sync {
    fn is_revoked<'a>(&'a self, token: TokenRef<'a>) -> BoxFuture<'a, bool>;
    fn revoke_jti<'a>(&'a self, jti: &'a str, ttl: u64) -> BoxFuture<'a, ()>;
    fn revoke_subject<'a>(&'a self, sub: &'a str, before: u64, ttl: u64) -> BoxFuture<'a, ()>;
    fn revoke_all(&self, before: u64, ttl: u64) -> BoxFuture<'_, ()>;
    fn start_family<'a>(&'a self, fid: &'a str, jti: &'a str, ttl: u64) -> BoxFuture<'a, ()>;
    fn rotate<'a>(
        &'a self,
        token: TokenRef<'a>,
        new_jti: &'a str,
        ttl: u64,
    ) -> BoxFuture<'a, Rotation>;
    fn revoke_family<'a>(&'a self, fid: &'a str, ttl: u64) -> BoxFuture<'a, ()>;
}

impl<S: RevocationStore> DynStore for S {
    fn is_revoked<'a>(&'a self, token: TokenRef<'a>) -> BoxFuture<'a, bool> {
        Box::pin(RevocationStore::is_revoked(self, token))
    }
    fn revoke_jti<'a>(&'a self, jti: &'a str, ttl: u64) -> BoxFuture<'a, ()> {
        Box::pin(RevocationStore::revoke_jti(self, jti, ttl))
    }
    fn revoke_subject<'a>(&'a self, sub: &'a str, before: u64, ttl: u64) -> BoxFuture<'a, ()> {
        Box::pin(RevocationStore::revoke_subject(self, sub, before, ttl))
    }
    fn revoke_all(&self, before: u64, ttl: u64) -> BoxFuture<'_, ()> {
        Box::pin(RevocationStore::revoke_all(self, before, ttl))
    }
    fn start_family<'a>(&'a self, fid: &'a str, jti: &'a str, ttl: u64) -> BoxFuture<'a, ()> {
        Box::pin(RevocationStore::start_family(self, fid, jti, ttl))
    }
    fn rotate<'a>(
        &'a self,
        token: TokenRef<'a>,
        new_jti: &'a str,
        ttl: u64,
    ) -> BoxFuture<'a, Rotation> {
        Box::pin(RevocationStore::rotate(self, token, new_jti, ttl))
    }
    fn revoke_family<'a>(&'a self, fid: &'a str, ttl: u64) -> BoxFuture<'a, ()> {
        Box::pin(RevocationStore::revoke_family(self, fid, ttl))
    }
}
