//! Token lifecycle on the in-memory store: refresh rotation and reuse
//! detection, logout, revocation by jti and by subject, the kill switch,
//! concurrent refreshes, and failing closed when the store fails.

use std::future::{Future, ready};
use std::time::Duration;

use crate::common::lifecycle as scenario;
use crate::common::{Session, keys, payload, session};
use claims_core::lifecycle::{MemoryStore, OnStoreError, RevocationStore, Rotation, TokenRef};
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
async fn revoke_every_token_of_a_subject() {
    scenario::revoke_subject(&memory()).await;
}

#[tokio::test]
async fn kill_switch_then_log_in_again() {
    scenario::kill_switch(&memory()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_refreshes_leave_no_two_live_tokens() {
    for _ in 0..10 {
        scenario::concurrent_refresh(&memory()).await;
    }
}

/// A store that is always down.
struct DownStore;

fn down<T: Send>() -> impl Future<Output = Result<T, Error>> + Send {
    ready(Err(Error::StoreUnavailable))
}

impl RevocationStore for DownStore {
    fn is_revoked(&self, _: TokenRef<'_>) -> impl Future<Output = Result<bool, Error>> + Send {
        down()
    }
    fn revoke_jti(&self, _: &str, _: u64) -> impl Future<Output = Result<(), Error>> + Send {
        down()
    }
    fn revoke_subject(
        &self,
        _: &str,
        _: u64,
        _: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send {
        down()
    }
    fn revoke_all(&self, _: u64, _: u64) -> impl Future<Output = Result<(), Error>> + Send {
        down()
    }
    fn start_family(
        &self,
        _: &str,
        _: &str,
        _: u64,
    ) -> impl Future<Output = Result<(), Error>> + Send {
        down()
    }
    fn rotate(
        &self,
        _: TokenRef<'_>,
        _: &str,
        _: u64,
    ) -> impl Future<Output = Result<Rotation, Error>> + Send {
        down()
    }
    fn revoke_family(&self, _: &str, _: u64) -> impl Future<Output = Result<(), Error>> + Send {
        down()
    }
}

#[tokio::test]
async fn an_unreachable_store_fails_closed() {
    let issuer = memory();
    let pair = issuer.login(&session()).await.unwrap();
    let lc = Lifecycle::new(keys(), DownStore);
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

#[tokio::test]
async fn memory_store_entries_expire() {
    let store = MemoryStore::new();
    let token = TokenRef {
        jti: "j-1",
        sub: None,
        fid: None,
        iat: 0,
    };
    store.revoke_jti("j-1", 1).await.unwrap();
    store.start_family("f-1", "j-2", 1).await.unwrap();
    assert_eq!(store.len(), 2);
    assert!(store.is_revoked(token).await.unwrap());
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert!(!store.is_revoked(token).await.unwrap());
    assert!(store.is_empty());
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
