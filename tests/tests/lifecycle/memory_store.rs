//! Token lifecycle on the in-memory store: refresh rotation and reuse
//! detection, logout, revocation by jti and by subject, the kill switch,
//! concurrent refreshes, and failing closed when the store fails.

use std::future::{Future, ready};
use std::sync::Arc;
use std::time::Duration;

use crate::common::lifecycle as scenario;
use crate::common::{
    Session, builder, ed25519_key, hs256_key, keys, keys_with_clock, keys_without_pii, payload,
    pii_key_a, session,
};
use claims_core::clock::ManualClock;
use claims_core::lifecycle::{
    At, FamilyRef, MemoryStore, NewFamily, OnStoreError, Renewal, RevocationStore, Rotation,
    TokenRef,
};
use claims_core::{Claims, Error, Hashed, Lifecycle};

fn memory() -> Lifecycle {
    scenario::lifecycle(MemoryStore::new())
}

#[tokio::test]
async fn login_use_refresh_and_reuse_detection() {
    scenario::refresh_and_reuse(&memory()).await;
}

#[tokio::test]
async fn refresh_and_access_tokens_are_not_interchangeable() {
    scenario::token_types(&memory()).await;
}

#[tokio::test]
async fn logout_revokes_the_family() {
    scenario::logout(&memory()).await;
}

#[tokio::test]
async fn revoke_one_token_by_jti() {
    scenario::revoke_jti(&memory()).await;
}

#[tokio::test]
async fn revoke_every_session_of_a_person_hashed_sub() {
    scenario::revoke_subject(&memory()).await;
}

#[tokio::test]
async fn revoke_every_session_of_a_person_encrypted_sub() {
    scenario::revoke_subject_encrypted(&memory()).await;
}

#[tokio::test]
async fn revoke_every_session_of_a_person_public_sub() {
    scenario::revoke_subject_public(&memory()).await;
}

#[tokio::test]
async fn revoke_every_session_of_a_person_numeric_sub() {
    scenario::revoke_subject_numeric(&memory()).await;
}

#[tokio::test]
async fn revoke_every_session_of_the_person_a_token_names() {
    scenario::revoke_subject_of_a_token(&memory()).await;
}

#[tokio::test]
async fn kill_switch_then_log_in_again() {
    scenario::kill_switch(&memory()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_refreshes_leave_no_two_live_tokens() {
    for _ in 0..10 {
        scenario::concurrent_refresh(&scenario::lifecycle_without_grace(MemoryStore::new())).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refresh_retried_within_the_grace_window_gets_the_same_successor() {
    scenario::retry_within_grace(&memory()).await;
}

/// A store that is always down.
struct DownStore;

fn down<T: Send>() -> impl Future<Output = Result<T, Error>> + Send {
    ready(Err(Error::StoreUnavailable))
}

impl RevocationStore for DownStore {
    fn epoch(&self, _: At) -> impl Future<Output = Result<String, Error>> + Send {
        down()
    }
    fn is_revoked(
        &self,
        _: TokenRef<'_>,
        _: At,
    ) -> impl Future<Output = Result<bool, Error>> + Send {
        down()
    }
    fn revoke_jti(&self, _: &str, _: u64, _: At) -> impl Future<Output = Result<(), Error>> + Send {
        down()
    }
    fn revoke_family(&self, _: &str, _: At) -> impl Future<Output = Result<(), Error>> + Send {
        down()
    }
    fn revoke_subjects(&self, _: &[&str], _: At) -> impl Future<Output = Result<(), Error>> + Send {
        down()
    }
    fn revoke_subject_of(&self, _: &str, _: At) -> impl Future<Output = Result<(), Error>> + Send {
        down()
    }
    fn kill_switch(&self, _: &str, _: At) -> impl Future<Output = Result<(), Error>> + Send {
        down()
    }
    fn start_family(
        &self,
        _: NewFamily<'_>,
        _: At,
    ) -> impl Future<Output = Result<String, Error>> + Send {
        down()
    }
    fn rotate(
        &self,
        _: Renewal<'_>,
        _: At,
    ) -> impl Future<Output = Result<Rotation, Error>> + Send {
        down()
    }
}

#[tokio::test]
async fn an_unreachable_store_fails_closed() {
    let issuer = memory();
    let pair = issuer.login(&session()).await.unwrap();
    let lc = Lifecycle::new(keys(), DownStore).unwrap();
    assert_eq!(
        lc.decode::<Session>(&pair.access_token).await.err(),
        Some(Error::StoreUnavailable)
    );
    assert_eq!(
        lc.refresh::<Session>(&pair.refresh_token).await,
        Err(Error::StoreUnavailable)
    );
    assert_eq!(
        lc.login(&session()).await.err(),
        Some(Error::StoreUnavailable)
    );
    assert_eq!(lc.kill_switch().await, Err(Error::StoreUnavailable));
    assert_eq!(
        lc.revoke_subject(&"u-123".to_string()).await,
        Err(Error::StoreUnavailable)
    );
    assert_eq!(
        lc.logout(&pair.refresh_token).await,
        Err(Error::StoreUnavailable)
    );
    // Verification comes first: a bad token is refused as such.
    let bad = lc.decode::<Session>("not.a.token").await.err();
    assert!(bad.is_some() && bad != Some(Error::StoreUnavailable));
}

#[tokio::test]
async fn degraded_mode_accepts_access_tokens_only() {
    let issuer = memory();
    let pair = issuer.login(&session()).await.unwrap();
    let lc = Lifecycle::builder(keys())
        .store(DownStore)
        .on_store_error(OnStoreError::AcceptAccessTokens)
        .build()
        .unwrap();
    let v = lc.decode::<Session>(&pair.access_token).await.unwrap();
    assert_eq!(v.role, "admin");
    // Signature and type checks still hold.
    assert_eq!(
        lc.decode::<Session>(&pair.refresh_token).await.err(),
        Some(Error::TokenType)
    );
    // Refresh never fails open.
    assert_eq!(
        lc.refresh::<Session>(&pair.refresh_token).await,
        Err(Error::StoreUnavailable)
    );
}

#[tokio::test]
async fn refresh_lifetime_is_configurable_and_checked() {
    let long = Lifecycle::builder(keys())
        .refresh_lifetime(Duration::from_secs(7200))
        .build()
        .unwrap();
    let pair = long.login(&session()).await.unwrap();
    let p = payload(&pair.refresh_token);
    assert_eq!(
        p["exp"].as_u64().unwrap() - p["iat"].as_u64().unwrap(),
        7200
    );
    // A lifecycle accepting at most one hour refuses it.
    let short = Lifecycle::builder(keys())
        .refresh_lifetime(Duration::from_secs(3600))
        .build()
        .unwrap();
    assert_eq!(
        short.refresh::<Session>(&pair.refresh_token).await,
        Err(Error::Lifetime)
    );
    // The default is 14 days.
    assert_eq!(memory().refresh_lifetime(), 14 * 24 * 3600);
    // Shorter than the access lifetime: refused.
    assert!(matches!(
        Lifecycle::builder(keys())
            .refresh_lifetime(Duration::from_secs(10))
            .build(),
        Err(Error::Config(_))
    ));
}

#[derive(Claims)]
struct WithFid {
    #[claim(hashed)]
    sub: Hashed<String>,
    #[claim(public)]
    fid: String,
}

#[tokio::test]
async fn a_struct_declaring_fid_is_refused() {
    let claims = WithFid {
        sub: "u-1".to_string().into(),
        fid: "x".into(),
    };
    assert!(matches!(
        memory().login(&claims).await,
        Err(Error::Config(_))
    ));
}

/// Subject handles are keyed pseudonyms: keys that sign need a PII key,
/// refused when the lifecycle is built; keys that only verify do not.
#[test]
fn a_lifecycle_that_issues_needs_a_pii_key() {
    assert!(matches!(
        Lifecycle::new(keys_without_pii(), MemoryStore::new()),
        Err(Error::Config(_))
    ));
    let verify_only = builder()
        .verifying_key(ed25519_key().verifying_key().unwrap())
        .build()
        .unwrap();
    assert!(Lifecycle::new(verify_only, MemoryStore::new()).is_ok());
}

#[derive(Claims)]
struct UserDomain {
    #[claim(hashed(domain = "user"))]
    sub: Hashed<String>,
}

/// A `sub` hashed in its own domain: the lifecycle's subject domain must
/// be that one, or login says so; then the handle is the `sub` itself.
#[tokio::test]
async fn a_sub_hashed_in_another_domain_needs_that_subject_domain() {
    let claims = || UserDomain {
        sub: "u-dom".to_string().into(),
    };
    assert!(matches!(
        memory().login(&claims()).await,
        Err(Error::Config(_))
    ));
    let lc = Lifecycle::builder(keys())
        .subject_domain("user")
        .build()
        .unwrap();
    let pair = lc.login(&claims()).await.unwrap();
    lc.revoke_subject(&"u-dom".to_string()).await.unwrap();
    assert_eq!(
        lc.decode::<UserDomain>(&pair.access_token).await.err(),
        Some(Error::Revoked)
    );
}

/// An instance whose clock runs ahead (within the leeway) issues tokens;
/// another instance's kill switch and subject revocation still reject them,
/// on both instances, and logging in again works at once.
#[tokio::test]
async fn revocations_hold_against_an_instance_whose_clock_runs_ahead() {
    let store = Arc::new(MemoryStore::new());
    let ahead = Lifecycle::new(keys_with_clock(ManualClock::skewed(20)), store.clone()).unwrap();
    let on_time = Lifecycle::new(keys(), store).unwrap();
    scenario::skewed_instances(&ahead, &on_time).await;
}

/// Retries after the window are reuse (the window on the lifecycle's
/// clock for this store).
#[tokio::test]
async fn a_refresh_retried_after_the_grace_window_is_reuse() {
    let clock = ManualClock::skewed(0);
    let lc = Lifecycle::new(keys_with_clock(clock.clone()), MemoryStore::new()).unwrap();
    let first = lc.login(&session()).await.unwrap();
    let second = lc.refresh::<Session>(&first.refresh_token).await.unwrap();
    clock.advance(Duration::from_secs(10));
    assert_eq!(
        lc.refresh::<Session>(&first.refresh_token).await,
        Err(Error::RefreshReused)
    );
    assert_eq!(
        lc.decode::<Session>(&second.access_token).await.err(),
        Some(Error::Revoked)
    );
}

/// Entries expire at the times the lifecycle's clock gives them; a store
/// sweeps them.
#[tokio::test]
async fn memory_store_entries_expire() {
    let store = MemoryStore::new();
    let t = 1_000_000;
    let at = |now| At::new(now, 30, 3600);
    let token = TokenRef {
        jti: "j-1",
        family: None,
        iat: t,
    };
    let epoch = store.epoch(at(t)).await.unwrap();
    let fid = format!("f-1.{epoch}");
    store.revoke_jti("j-1", t + 1, at(t)).await.unwrap();
    let family = NewFamily {
        fid: &fid,
        refresh_jti: "j-2",
        subject: Some("h-1"),
        until: t + 1,
    };
    assert_eq!(store.start_family(family, at(t)).await.unwrap(), epoch);
    assert_eq!(store.len(), 2);
    assert!(store.is_revoked(token, at(t)).await.unwrap());
    assert!(!store.is_revoked(token, at(t + 1)).await.unwrap());
    assert!(store.is_empty());
}

/// `Duration::MAX` lifetimes and leeways saturate instead of overflowing
/// (a debug build panics on overflow), and what they revoke stays revoked.
#[tokio::test]
async fn memory_store_expiry_cannot_overflow() {
    let store = MemoryStore::new();
    let at = At::new(u64::MAX - 1, u64::MAX, u64::MAX);
    let epoch = store.epoch(at).await.unwrap();
    let fid = format!("f-max.{epoch}");
    let family = NewFamily {
        fid: &fid,
        refresh_jti: "j-max",
        subject: Some("h-max"),
        until: u64::MAX,
    };
    store.start_family(family, at).await.unwrap();
    store.revoke_jti("j-1", u64::MAX, at).await.unwrap();
    let token = TokenRef {
        jti: "j-max",
        family: FamilyRef::parse(&fid),
        iat: 0,
    };
    assert_eq!(
        store
            .rotate(
                Renewal {
                    token,
                    new_jti: "j-next",
                    until: u64::MAX,
                    grace: u64::MAX,
                },
                at
            )
            .await
            .unwrap(),
        Rotation::Rotated
    );
    store.revoke_subjects(&["h-max"], at).await.unwrap();
    assert!(store.is_revoked(token, at).await.unwrap());
    store.kill_switch("e-max", at).await.unwrap();
    let plain = TokenRef {
        jti: "j-plain",
        family: None,
        iat: u64::MAX - 1,
    };
    assert!(store.is_revoked(plain, at).await.unwrap());

    // Through a lifecycle: the longest leeway and refresh lifetime.
    let keys = builder()
        .signing_key(hs256_key())
        .pii_key(pii_key_a())
        .leeway(Duration::MAX)
        .build()
        .unwrap();
    let lc = Lifecycle::builder(keys)
        .refresh_lifetime(Duration::from_secs(u64::MAX / 4))
        .refresh_grace(Duration::MAX)
        .build()
        .unwrap();
    let pair = lc.login(&session()).await.unwrap();
    let v = lc.decode::<Session>(&pair.access_token).await.unwrap();
    lc.revoke_token(v.registered()).await.unwrap();
    assert_eq!(
        lc.decode::<Session>(&pair.access_token).await.err(),
        Some(Error::Revoked)
    );
    let next = lc.refresh::<Session>(&pair.refresh_token).await.unwrap();
    lc.logout(&next.refresh_token).await.unwrap();
    assert_eq!(
        lc.decode::<Session>(&next.access_token).await.err(),
        Some(Error::Revoked)
    );
    lc.revoke_subject(&"u-123".to_string()).await.unwrap();
    lc.kill_switch().await.unwrap();
}

/// `Debug` shows counts, never a jti, a family id or a subject handle.
#[tokio::test]
async fn memory_store_debug_shows_no_ids() {
    let store = Arc::new(MemoryStore::new());
    let lc = scenario::lifecycle(store.clone());
    let pair = lc.login(&session()).await.unwrap();
    let v = lc.decode::<Session>(&pair.access_token).await.unwrap();
    lc.revoke_token(v.registered()).await.unwrap();
    lc.logout(&pair.refresh_token).await.unwrap();
    let shown = format!("{store:?}");
    let reg = v.registered();
    let fid = reg.fid.as_deref().unwrap();
    let (family_id, epoch) = fid.split_once('.').unwrap();
    for secret in [
        reg.jti.as_str(),
        fid,
        family_id,
        epoch,
        reg.sub.as_deref().unwrap(),
        &scenario::jti(&pair.refresh_token),
    ] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("revoked_jtis: 1"), "{shown}");
}

#[test]
fn store_errors_carry_no_values() {
    for e in [
        Error::Revoked,
        Error::RefreshReused,
        Error::StoreUnavailable,
    ] {
        assert!(!e.to_string().is_empty());
    }
}
