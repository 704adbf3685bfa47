//! The [`RevocationStore`] trait, what its methods are asked about, and its
//! type-erased form [`Lifecycle`](super::Lifecycle) holds.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::error::Error;

/// When a store call happens, on the [`Lifecycle`](super::Lifecycle)'s clock,
/// and the durations the entries it writes are sized by. Stores read no
/// clock of their own for what they decide, so a test clock drives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct At {
    /// Seconds since the Unix epoch.
    pub now: u64,
    /// The clock skew tolerated between instances, in seconds.
    pub leeway: u64,
    /// How long a revoked family stays on the denylist that decoding reads:
    /// the longest access token lifetime plus the leeway. (Refresh tokens
    /// are checked against the family's own record, which lives as long as
    /// the family.)
    pub deny_ttl: u64,
}

impl At {
    /// A moment: `now`, with `leeway` and `deny_ttl` in seconds.
    pub fn new(now: u64, leeway: u64, deny_ttl: u64) -> Self {
        Self {
            now,
            leeway,
            deny_ttl,
        }
    }

    /// `now + secs`, saturating.
    pub fn after(&self, secs: u64) -> u64 {
        self.now.saturating_add(secs)
    }

    /// Seconds from now until `until`, at least 1: a TTL.
    pub fn ttl_until(&self, until: u64) -> u64 {
        until.saturating_sub(self.now).max(1)
    }
}

/// A token family as tokens name it: `fid` is `<id>.<epoch>` (FORMAT.md,
/// "Lifecycle tokens").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FamilyRef<'a> {
    /// The whole `fid` claim, the family's key in the store.
    pub fid: &'a str,
    /// The store epoch the family was started in.
    pub epoch: &'a str,
}

impl<'a> FamilyRef<'a> {
    /// Splits a `fid` claim; `None` if it names no epoch.
    pub fn parse(fid: &'a str) -> Option<Self> {
        let (id, epoch) = fid.rsplit_once('.')?;
        (!id.is_empty() && !epoch.is_empty()).then_some(Self { fid, epoch })
    }
}

/// What the store is asked about one verified token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRef<'a> {
    /// The token's `jti`.
    pub jti: &'a str,
    /// The token's family, if it is a [`Lifecycle`](super::Lifecycle) token.
    pub family: Option<FamilyRef<'a>>,
    /// The token's `iat`: a token without a family is revoked when it is at
    /// or before the current epoch's cutoff.
    pub iat: u64,
}

/// A family [`RevocationStore::start_family`] records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewFamily<'a> {
    /// Its `fid` (`<id>.<epoch>`).
    pub fid: &'a str,
    /// Its first refresh token's `jti`, now its current one.
    pub refresh_jti: &'a str,
    /// The stable handle of the person it belongs to (see
    /// [`Lifecycle::revoke_subject`](super::Lifecycle::revoke_subject)), if
    /// its tokens have a `sub`.
    pub subject: Option<&'a str>,
    /// When it expires unless rotated: its refresh token's `exp` plus the
    /// leeway.
    pub until: u64,
}

/// A refresh [`RevocationStore::rotate`] is asked to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Renewal<'a> {
    /// The refresh token presented.
    pub token: TokenRef<'a>,
    /// Its successor's `jti`.
    pub new_jti: &'a str,
    /// When the family expires unless rotated again: the successor's `exp`
    /// plus the leeway.
    pub until: u64,
    /// How long the presented token may be presented again as a retry, in
    /// seconds.
    pub grace: u64,
}

/// The outcome of [`RevocationStore::rotate`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rotation {
    /// The presented refresh token was its family's current one; the new
    /// one is now current.
    Rotated,
    /// The presented refresh token is the one this family rotated away from
    /// within the grace window, and its successor is still unused: a retry
    /// of a refresh whose answer was lost. The successor (this `jti`) stays
    /// current; the caller issues it again.
    Retried(String),
    /// The presented refresh token had already been rotated, and this is
    /// no retry: the family is now revoked.
    Reused,
    /// The token or its family is revoked, its epoch is not the current
    /// one, or the family is unknown.
    Revoked,
}

/// Shared revocation state: the denylist decoding consults, the refresh
/// token families rotation updates, the subjects' families, and the store
/// epoch.
///
/// - **Epoch.** The store holds a current epoch: an id, and a cutoff time.
///   Every family is started in the epoch current at that moment and carries
///   its id in its `fid`; a family of another epoch is revoked. The kill
///   switch starts a new epoch, so it holds whatever the clocks of the
///   instances that issued the tokens say. A store that finds no epoch (a
///   new store, or one that lost its data) starts one. Tokens without a
///   family (from [`Keys::encode`](crate::Keys::encode)) are revoked when
///   their `iat` is at or before the epoch's cutoff.
/// - **Subjects.** A family may be recorded with its person's handle; a
///   subject revocation revokes every family recorded with that handle.
/// - **Expiry.** Every entry expires once no token it could reject is still
///   valid, so the store never outgrows the tokens' lifetimes; the epoch
///   alone persists.
///
/// Every time is the caller's ([`At`]). Implementations map their own
/// failures to [`Error::StoreUnavailable`].
pub trait RevocationStore: Send + Sync + 'static {
    /// The current epoch's id; if there is none, starts one (cutoff 0 in a
    /// new store; `at.now + at.leeway` in a store known to have lost its
    /// data).
    fn epoch(&self, at: At) -> impl Future<Output = Result<String, Error>> + Send;

    /// Whether `token` is revoked: its `jti` or its family is denylisted,
    /// its family is of another epoch, or (no family) its `iat` is at or
    /// before the epoch's cutoff.
    fn is_revoked(
        &self,
        token: TokenRef<'_>,
        at: At,
    ) -> impl Future<Output = Result<bool, Error>> + Send;

    /// [`is_revoked`](Self::is_revoked) answered from this process's memory,
    /// without waiting: `Some` when the store can answer there (an answer
    /// fresh enough, or a refusal); `None` sends the question to
    /// [`is_revoked`](Self::is_revoked). The default: `None`.
    fn is_revoked_locally(&self, token: TokenRef<'_>, at: At) -> Option<Result<bool, Error>> {
        let _ = (token, at);
        None
    }

    /// Denylists one `jti` until `until`.
    fn revoke_jti(
        &self,
        jti: &str,
        until: u64,
        at: At,
    ) -> impl Future<Output = Result<(), Error>> + Send;

    /// Revokes a family: its refresh tokens, and its access tokens (on the
    /// denylist for `at.deny_ttl`). Idempotent; an unknown family is
    /// denylisted all the same.
    fn revoke_family(&self, fid: &str, at: At) -> impl Future<Output = Result<(), Error>> + Send;

    /// Revokes every family recorded with one of `subjects` (handles).
    fn revoke_subjects(
        &self,
        subjects: &[&str],
        at: At,
    ) -> impl Future<Output = Result<(), Error>> + Send;

    /// Revokes every family recorded with the subject family `fid` was
    /// recorded with; `fid` alone if it has none.
    fn revoke_subject_of(
        &self,
        fid: &str,
        at: At,
    ) -> impl Future<Output = Result<(), Error>> + Send;

    /// The kill switch: starts the epoch `epoch`, with cutoff
    /// `at.now + at.leeway`.
    fn kill_switch(&self, epoch: &str, at: At) -> impl Future<Output = Result<(), Error>> + Send;

    /// Records a new family, then returns the current epoch's id. If it is
    /// not the one in `family.fid`, an epoch started meanwhile: the caller
    /// starts the family again in the current one.
    fn start_family(
        &self,
        family: NewFamily<'_>,
        at: At,
    ) -> impl Future<Output = Result<String, Error>> + Send;

    /// Atomically, for a refresh token: [`Rotation::Revoked`] if the token
    /// is revoked (as [`is_revoked`](Self::is_revoked) says) or its family
    /// unknown or revoked; [`Rotation::Rotated`] if it is its family's current
    /// refresh token (its successor becomes current, the family lives until
    /// `renewal.until`, and the presented one may be retried for
    /// `renewal.grace` seconds); [`Rotation::Retried`] for such a retry
    /// while its successor is unused; else the family is revoked and
    /// [`Rotation::Reused`]. Two concurrent calls with the same token never
    /// both rotate.
    fn rotate(
        &self,
        renewal: Renewal<'_>,
        at: At,
    ) -> impl Future<Output = Result<Rotation, Error>> + Send;
}

/// A store shared by several [`Lifecycle`](super::Lifecycle)s in one
/// process (instances with different clocks in a test, say).
impl<S: RevocationStore> RevocationStore for Arc<S> {
    async fn epoch(&self, at: At) -> Result<String, Error> {
        S::epoch(self, at).await
    }
    async fn is_revoked(&self, token: TokenRef<'_>, at: At) -> Result<bool, Error> {
        S::is_revoked(self, token, at).await
    }
    fn is_revoked_locally(&self, token: TokenRef<'_>, at: At) -> Option<Result<bool, Error>> {
        S::is_revoked_locally(self, token, at)
    }
    async fn revoke_jti(&self, jti: &str, until: u64, at: At) -> Result<(), Error> {
        S::revoke_jti(self, jti, until, at).await
    }
    async fn revoke_family(&self, fid: &str, at: At) -> Result<(), Error> {
        S::revoke_family(self, fid, at).await
    }
    async fn revoke_subjects(&self, subjects: &[&str], at: At) -> Result<(), Error> {
        S::revoke_subjects(self, subjects, at).await
    }
    async fn revoke_subject_of(&self, fid: &str, at: At) -> Result<(), Error> {
        S::revoke_subject_of(self, fid, at).await
    }
    async fn kill_switch(&self, epoch: &str, at: At) -> Result<(), Error> {
        S::kill_switch(self, epoch, at).await
    }
    async fn start_family(&self, family: NewFamily<'_>, at: At) -> Result<String, Error> {
        S::start_family(self, family, at).await
    }
    async fn rotate(&self, renewal: Renewal<'_>, at: At) -> Result<Rotation, Error> {
        S::rotate(self, renewal, at).await
    }
}

pub(super) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// [`RevocationStore`] made object-safe, so `Lifecycle` is not generic.
pub(super) trait DynStore: Send + Sync {
    fn epoch(&self, at: At) -> BoxFuture<'_, String>;
    fn is_revoked<'a>(&'a self, token: TokenRef<'a>, at: At) -> BoxFuture<'a, bool>;
    fn is_revoked_locally(&self, token: TokenRef<'_>, at: At) -> Option<Result<bool, Error>>;
    fn revoke_jti<'a>(&'a self, jti: &'a str, until: u64, at: At) -> BoxFuture<'a, ()>;
    fn revoke_family<'a>(&'a self, fid: &'a str, at: At) -> BoxFuture<'a, ()>;
    fn revoke_subjects<'a>(&'a self, subjects: &'a [&'a str], at: At) -> BoxFuture<'a, ()>;
    fn revoke_subject_of<'a>(&'a self, fid: &'a str, at: At) -> BoxFuture<'a, ()>;
    fn kill_switch<'a>(&'a self, epoch: &'a str, at: At) -> BoxFuture<'a, ()>;
    fn start_family<'a>(&'a self, family: NewFamily<'a>, at: At) -> BoxFuture<'a, String>;
    fn rotate<'a>(&'a self, renewal: Renewal<'a>, at: At) -> BoxFuture<'a, Rotation>;
}

impl<S: RevocationStore> DynStore for S {
    fn epoch(&self, at: At) -> BoxFuture<'_, String> {
        Box::pin(RevocationStore::epoch(self, at))
    }
    fn is_revoked<'a>(&'a self, token: TokenRef<'a>, at: At) -> BoxFuture<'a, bool> {
        Box::pin(RevocationStore::is_revoked(self, token, at))
    }
    fn is_revoked_locally(&self, token: TokenRef<'_>, at: At) -> Option<Result<bool, Error>> {
        RevocationStore::is_revoked_locally(self, token, at)
    }
    fn revoke_jti<'a>(&'a self, jti: &'a str, until: u64, at: At) -> BoxFuture<'a, ()> {
        Box::pin(RevocationStore::revoke_jti(self, jti, until, at))
    }
    fn revoke_family<'a>(&'a self, fid: &'a str, at: At) -> BoxFuture<'a, ()> {
        Box::pin(RevocationStore::revoke_family(self, fid, at))
    }
    fn revoke_subjects<'a>(&'a self, subjects: &'a [&'a str], at: At) -> BoxFuture<'a, ()> {
        Box::pin(RevocationStore::revoke_subjects(self, subjects, at))
    }
    fn revoke_subject_of<'a>(&'a self, fid: &'a str, at: At) -> BoxFuture<'a, ()> {
        Box::pin(RevocationStore::revoke_subject_of(self, fid, at))
    }
    fn kill_switch<'a>(&'a self, epoch: &'a str, at: At) -> BoxFuture<'a, ()> {
        Box::pin(RevocationStore::kill_switch(self, epoch, at))
    }
    fn start_family<'a>(&'a self, family: NewFamily<'a>, at: At) -> BoxFuture<'a, String> {
        Box::pin(RevocationStore::start_family(self, family, at))
    }
    fn rotate<'a>(&'a self, renewal: Renewal<'a>, at: At) -> BoxFuture<'a, Rotation> {
        Box::pin(RevocationStore::rotate(self, renewal, at))
    }
}
