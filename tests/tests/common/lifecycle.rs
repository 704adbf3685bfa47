//! Lifecycle scenarios run against every store: the memory store
//! (`lifecycle/memory_store.rs`) and a real Redis (`lifecycle/redis_store.rs`).

use std::time::Duration;

use claims_core::{Error, Lifecycle, TokenPair};

use super::{Session, keys, now, payload, session};

/// A session for a given user id.
pub(crate) fn session_of(user: &str) -> Session {
    let mut s = session();
    s.sub = user.to_string().into();
    s
}

/// Waits until the wall clock is past `cutoff`'s second: tokens issued in a
/// cutoff's second are rejected too.
pub(crate) async fn after(cutoff: u64) {
    while now() <= cutoff {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn access_ok(lc: &Lifecycle, pair: &TokenPair) -> bool {
    lc.decode::<Session>(&pair.access_token).await.is_ok()
}

/// Login, use, refresh, then reuse of the spent refresh token: the family
/// is revoked, the newest refresh token and every access token included.
pub(crate) async fn refresh_and_reuse(lc: &Lifecycle) {
    let first = lc.login(&session_of("u-reuse")).await.unwrap();
    let v = lc.decode::<Session>(&first.access_token).await.unwrap();
    assert_eq!(v.role, "admin");
    assert!(v.registered().fid.is_some());

    let second = lc.refresh::<Session>(&first.refresh_token).await.unwrap();
    assert_ne!(second.refresh_token, first.refresh_token);
    let v2 = lc.decode::<Session>(&second.access_token).await.unwrap();
    // Same claims, same family.
    assert_eq!(v2.email.expose(), v.email.expose());
    assert_eq!(v2.sub.pseudonym(), v.sub.pseudonym());
    assert_eq!(v2.registered().fid, v.registered().fid);
    assert_eq!(v2.registered().sub, v.registered().sub);

    let third = lc.refresh::<Session>(&second.refresh_token).await.unwrap();
    assert!(access_ok(lc, &third).await);

    // Reuse of a rotated token.
    assert_eq!(
        lc.refresh::<Session>(&first.refresh_token).await,
        Err(Error::RefreshReused)
    );
    // The whole family is dead, the newest refresh token included.
    assert_eq!(
        lc.refresh::<Session>(&third.refresh_token).await,
        Err(Error::Revoked)
    );
    for pair in [&first, &second, &third] {
        assert_eq!(
            lc.decode::<Session>(&pair.access_token).await.err(),
            Some(Error::Revoked)
        );
    }
    // A new login is unaffected.
    let fresh = lc.login(&session_of("u-reuse")).await.unwrap();
    assert!(access_ok(lc, &fresh).await);
    lc.refresh::<Session>(&fresh.refresh_token).await.unwrap();
}

/// Refresh and access tokens are never accepted as each other.
pub(crate) async fn token_types(lc: &Lifecycle) {
    let pair = lc.login(&session_of("u-typ")).await.unwrap();
    assert_eq!(
        lc.keys().decode::<Session>(&pair.refresh_token).err(),
        Some(Error::TokenType)
    );
    assert_eq!(
        lc.decode::<Session>(&pair.refresh_token).await.err(),
        Some(Error::TokenType)
    );
    assert_eq!(
        lc.refresh::<Session>(&pair.access_token).await,
        Err(Error::TokenType)
    );
    assert_eq!(lc.logout(&pair.access_token).await, Err(Error::TokenType));
    let plain = lc.keys().encode(&session()).unwrap();
    assert_eq!(lc.refresh::<Session>(&plain).await, Err(Error::TokenType));
    // A plain `Keys::encode` token decodes (no family).
    let v = lc.decode::<Session>(&plain).await.unwrap();
    assert_eq!(v.registered().fid, None);
    // Headers and lifetimes.
    let header = super::header(&pair.refresh_token);
    assert_eq!(header["typ"], "refresh+jwt");
    let refresh = payload(&pair.refresh_token);
    let access = payload(&pair.access_token);
    assert_eq!(
        refresh["exp"].as_u64().unwrap() - refresh["iat"].as_u64().unwrap(),
        lc.refresh_lifetime()
    );
    assert_eq!(pair.refresh_expires_in, lc.refresh_lifetime());
    assert_eq!(
        access["exp"].as_u64().unwrap() - access["iat"].as_u64().unwrap(),
        pair.expires_in
    );
    assert_eq!(access["fid"], refresh["fid"]);
    assert_ne!(access["jti"], refresh["jti"]);
    // Debug never shows the tokens.
    let shown = format!("{pair:?}");
    assert!(!shown.contains(&pair.access_token[..20]));
    assert!(!shown.contains(&pair.refresh_token[..20]));
}

/// Logout revokes the family: its access and refresh tokens.
pub(crate) async fn logout(lc: &Lifecycle) {
    let pair = lc.login(&session_of("u-logout")).await.unwrap();
    let other = lc.login(&session_of("u-logout")).await.unwrap();
    lc.logout(&pair.refresh_token).await.unwrap();
    lc.logout(&pair.refresh_token).await.unwrap(); // idempotent
    assert_eq!(
        lc.decode::<Session>(&pair.access_token).await.err(),
        Some(Error::Revoked)
    );
    assert_eq!(
        lc.refresh::<Session>(&pair.refresh_token).await,
        Err(Error::Revoked)
    );
    // The user's other session (another device) lives on.
    assert!(access_ok(lc, &other).await);
    lc.refresh::<Session>(&other.refresh_token).await.unwrap();
}

/// One token by jti; the rest of its family lives on.
pub(crate) async fn revoke_jti(lc: &Lifecycle) {
    let pair = lc.login(&session_of("u-jti")).await.unwrap();
    let v = lc.decode::<Session>(&pair.access_token).await.unwrap();
    lc.revoke_token(v.registered()).await.unwrap();
    assert_eq!(
        lc.decode::<Session>(&pair.access_token).await.err(),
        Some(Error::Revoked)
    );
    let next = lc.refresh::<Session>(&pair.refresh_token).await.unwrap();
    assert!(access_ok(lc, &next).await);
}

/// Every token of one subject issued until now; other subjects unaffected;
/// the subject logs in again afterwards.
pub(crate) async fn revoke_subject(lc: &Lifecycle) {
    let alice = lc.login(&session_of("u-alice")).await.unwrap();
    let bob = lc.login(&session_of("u-bob")).await.unwrap();
    let sub = lc
        .decode::<Session>(&alice.access_token)
        .await
        .unwrap()
        .registered()
        .sub
        .clone()
        .unwrap();
    assert!(sub.starts_with("h1."));
    assert_eq!(
        sub,
        lc.keys()
            .pseudonym("sub", &"u-alice".to_string())
            .unwrap()
            .as_str()
    );
    let cutoff = lc.revoke_subject(&sub).await.unwrap();
    assert_eq!(
        lc.decode::<Session>(&alice.access_token).await.err(),
        Some(Error::Revoked)
    );
    assert_eq!(
        lc.refresh::<Session>(&alice.refresh_token).await,
        Err(Error::Revoked)
    );
    assert!(access_ok(lc, &bob).await);
    after(cutoff).await;
    let again = lc.login(&session_of("u-alice")).await.unwrap();
    assert!(access_ok(lc, &again).await);
    lc.refresh::<Session>(&again.refresh_token).await.unwrap();
}

/// The kill switch rejects every token issued until now; logging in again works.
pub(crate) async fn kill_switch(lc: &Lifecycle) {
    let alice = lc.login(&session_of("u-k1")).await.unwrap();
    let bob = lc.login(&session_of("u-k2")).await.unwrap();
    let plain = lc.keys().encode(&session()).unwrap();
    let cutoff = lc.kill_switch().await.unwrap();
    for pair in [&alice, &bob] {
        assert_eq!(
            lc.decode::<Session>(&pair.access_token).await.err(),
            Some(Error::Revoked)
        );
        assert_eq!(
            lc.refresh::<Session>(&pair.refresh_token).await,
            Err(Error::Revoked)
        );
    }
    assert_eq!(
        lc.decode::<Session>(&plain).await.err(),
        Some(Error::Revoked)
    );
    after(cutoff).await;
    let again = lc.login(&session_of("u-k1")).await.unwrap();
    assert!(access_ok(lc, &again).await);
    let next = lc.refresh::<Session>(&again.refresh_token).await.unwrap();
    assert!(access_ok(lc, &next).await);
}

/// Many concurrent refreshes with one token: exactly one rotates, the rest
/// are reuse, and no refresh token of the family is left alive.
pub(crate) async fn concurrent_refresh(lc: &Lifecycle) {
    const N: usize = 16;
    let pair = lc.login(&session_of("u-race")).await.unwrap();
    let tasks: Vec<_> = (0..N)
        .map(|_| {
            let lc = lc.clone();
            let token = pair.refresh_token.clone();
            tokio::spawn(async move { lc.refresh::<Session>(&token).await })
        })
        .collect();
    let mut won = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            Ok(pair) => won.push(pair),
            Err(e) => assert!(
                matches!(e, Error::RefreshReused | Error::Revoked),
                "unexpected {e:?}"
            ),
        }
    }
    assert_eq!(won.len(), 1, "exactly one concurrent refresh rotates");
    for pair in &won {
        assert_eq!(
            lc.refresh::<Session>(&pair.refresh_token).await,
            Err(Error::Revoked)
        );
    }

    // Concurrent refreshes of different families all succeed, each once.
    let pairs = futures_join(lc, 8).await;
    let tasks: Vec<_> = pairs
        .into_iter()
        .map(|pair| {
            let lc = lc.clone();
            tokio::spawn(async move { lc.refresh::<Session>(&pair.refresh_token).await })
        })
        .collect();
    for task in tasks {
        let next = task.await.unwrap().unwrap();
        assert!(access_ok(lc, &next).await);
    }
}

async fn futures_join(lc: &Lifecycle, n: usize) -> Vec<TokenPair> {
    let mut pairs = Vec::new();
    for i in 0..n {
        pairs.push(lc.login(&session_of(&format!("u-par-{i}"))).await.unwrap());
    }
    pairs
}

/// A lifecycle over `store` with the test keys.
pub(crate) fn lifecycle(store: impl claims_core::lifecycle::RevocationStore) -> Lifecycle {
    Lifecycle::new(keys(), store)
}
