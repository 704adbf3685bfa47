//! Lifecycle scenarios run against every store: the memory store
//! (`lifecycle/memory_store.rs`) and a real Redis (`lifecycle/redis_store.rs`).

use std::time::Duration;

use claims_core::lifecycle::RevocationStore;
use claims_core::{Claims, EncodeClaims, Error, Lifecycle, Pii, TokenPair};
use serde::Serialize;

use super::{Session, keys, payload, session};

/// A session for a given user id.
pub(crate) fn session_of(user: &str) -> Session {
    let mut s = session();
    s.sub = user.to_string().into();
    s
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

/// Every session of one person, by the clear `sub`; other people
/// unaffected; the person logs in again at once.
pub(crate) async fn revoke_subject(lc: &Lifecycle) {
    // A hashed `sub`'s wire value is the person's handle, the pseudonym
    // `Keys::pseudonym` gives.
    let pair = lc.login(&session_of("u-alice")).await.unwrap();
    let v = lc.decode::<Session>(&pair.access_token).await.unwrap();
    let handle = lc.keys().pseudonym("sub", &"u-alice".to_string()).unwrap();
    assert_eq!(v.registered().sub.as_deref(), Some(handle.as_str()));
    revoke_person(
        lc,
        &|| session_of("u-alice"),
        &|| session_of("u-bob"),
        &"u-alice".to_string(),
    )
    .await;
    assert_eq!(
        lc.decode::<Session>(&pair.access_token).await.err(),
        Some(Error::Revoked)
    );
}

/// A claims struct whose `sub` is encrypted: a fresh nonce in every token.
#[derive(Claims)]
pub(crate) struct EncryptedSub {
    #[claim(encrypted)]
    pub(crate) sub: Pii<String>,
    #[claim(public)]
    pub(crate) role: String,
}

/// A claims struct whose `sub` travels in the clear, as a string.
#[derive(Claims)]
pub(crate) struct PublicSub {
    #[claim(public, allow_pii = "a test's made-up service account id")]
    pub(crate) sub: String,
    #[claim(public)]
    pub(crate) role: String,
}

/// A claims struct whose `sub` travels in the clear, as a number.
#[derive(Claims)]
pub(crate) struct NumericSub {
    #[claim(public, allow_pii = "a test's made-up numeric account id")]
    pub(crate) sub: u64,
    #[claim(public)]
    pub(crate) role: String,
}

fn encrypted_sub(user: &str) -> EncryptedSub {
    EncryptedSub {
        sub: Pii::new(user.to_string()),
        role: "customer".into(),
    }
}

fn public_sub(user: &str) -> PublicSub {
    PublicSub {
        sub: user.to_string(),
        role: "customer".into(),
    }
}

fn numeric_sub(user: u64) -> NumericSub {
    NumericSub {
        sub: user,
        role: "customer".into(),
    }
}

/// [`revoke_subject`] with an encrypted `sub`.
pub(crate) async fn revoke_subject_encrypted(lc: &Lifecycle) {
    revoke_person(
        lc,
        &|| encrypted_sub("u-enc-a"),
        &|| encrypted_sub("u-enc-b"),
        &"u-enc-a".to_string(),
    )
    .await;
}

/// [`revoke_subject`] with a public string `sub`.
pub(crate) async fn revoke_subject_public(lc: &Lifecycle) {
    revoke_person(
        lc,
        &|| public_sub("u-pub-a"),
        &|| public_sub("u-pub-b"),
        "u-pub-a",
    )
    .await;
}

/// [`revoke_subject`] with a public numeric `sub`.
pub(crate) async fn revoke_subject_numeric(lc: &Lifecycle) {
    revoke_person(lc, &|| numeric_sub(1001), &|| numeric_sub(1002), &1001u64).await;
}

/// Revoking a person from one of their verified tokens: every session of
/// theirs, whatever the token's `sub` protection (encrypted here).
pub(crate) async fn revoke_subject_of_a_token(lc: &Lifecycle) {
    let phone = lc.login(&encrypted_sub("u-of-a")).await.unwrap();
    let laptop = lc.login(&encrypted_sub("u-of-a")).await.unwrap();
    let other = lc.login(&encrypted_sub("u-of-b")).await.unwrap();
    let v = lc
        .decode::<EncryptedSub>(&phone.access_token)
        .await
        .unwrap();
    lc.revoke_subject_of(v.registered()).await.unwrap();
    for pair in [&phone, &laptop] {
        refused::<EncryptedSub>(lc, pair).await;
    }
    usable::<EncryptedSub>(lc, &other).await;
    // A token without a family names no person.
    let plain = lc.keys().encode(&encrypted_sub("u-of-a")).unwrap();
    let plain = lc.decode::<EncryptedSub>(&plain).await.unwrap();
    assert_eq!(
        lc.revoke_subject_of(plain.registered()).await,
        Err(Error::MissingClaim { claim: "fid" })
    );
}

/// Two sessions of one person (one of them refreshed), one of another;
/// after `revoke_subject(sub)` every access and refresh token of the first
/// person is refused, the old rotated refresh token too, and the second
/// person's session lives on.
async fn revoke_person<T: EncodeClaims, S: Serialize + ?Sized>(
    lc: &Lifecycle,
    alice: &dyn Fn() -> T,
    bob: &dyn Fn() -> T,
    alice_sub: &S,
) {
    let phone = lc.login(&alice()).await.unwrap();
    let laptop = lc.login(&alice()).await.unwrap();
    let laptop_next = lc.refresh::<T>(&laptop.refresh_token).await.unwrap();
    let other = lc.login(&bob()).await.unwrap();
    for pair in [&phone, &laptop_next, &other] {
        assert!(lc.decode::<T>(&pair.access_token).await.is_ok());
    }
    lc.revoke_subject(alice_sub).await.unwrap();
    for pair in [&phone, &laptop_next] {
        refused::<T>(lc, pair).await;
    }
    assert_eq!(
        lc.decode::<T>(&laptop.access_token).await.err(),
        Some(Error::Revoked)
    );
    assert_eq!(
        lc.refresh::<T>(&laptop.refresh_token).await,
        Err(Error::Revoked),
        "a rotated refresh token of a revoked family is revoked, not reuse"
    );
    usable::<T>(lc, &other).await;
    // The person logs in again at once.
    let again = lc.login(&alice()).await.unwrap();
    usable::<T>(lc, &again).await;
}

/// Both tokens of `pair` are refused as revoked.
async fn refused<T: EncodeClaims>(lc: &Lifecycle, pair: &TokenPair) {
    assert_eq!(
        lc.decode::<T>(&pair.access_token).await.err(),
        Some(Error::Revoked)
    );
    assert_eq!(
        lc.refresh::<T>(&pair.refresh_token).await.err(),
        Some(Error::Revoked)
    );
}

/// `pair`'s access token decodes and its refresh token rotates.
async fn usable<T: EncodeClaims>(lc: &Lifecycle, pair: &TokenPair) {
    assert!(lc.decode::<T>(&pair.access_token).await.is_ok());
    let next = lc.refresh::<T>(&pair.refresh_token).await.unwrap();
    assert!(lc.decode::<T>(&next.access_token).await.is_ok());
}

/// The kill switch rejects every token issued until now; logging in again
/// works at once.
pub(crate) async fn kill_switch(lc: &Lifecycle) {
    let alice = lc.login(&session_of("u-k1")).await.unwrap();
    let bob = lc.login(&session_of("u-k2")).await.unwrap();
    let plain = lc.keys().encode(&session()).unwrap();
    lc.kill_switch().await.unwrap();
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
    let again = lc.login(&session_of("u-k1")).await.unwrap();
    assert!(access_ok(lc, &again).await);
    let next = lc.refresh::<Session>(&again.refresh_token).await.unwrap();
    assert!(access_ok(lc, &next).await);
}

/// `ahead`'s clock runs ahead of `on_time`'s (within the leeway), over one
/// store: `on_time`'s kill switch and subject revocation reject the tokens
/// `ahead` issued, on both instances, and logging in again works at once on
/// either. (Cutoffs compared with `iat` would miss them: they are issued
/// "after" the revocation by the revoking instance's clock.)
pub(crate) async fn skewed_instances(ahead: &Lifecycle, on_time: &Lifecycle) {
    let early = ahead.login(&session_of("u-skew")).await.unwrap();
    assert!(payload(&early.access_token)["iat"].as_u64().unwrap() > super::now() + 10);
    let plain = ahead.keys().encode(&session_of("u-skew-plain")).unwrap();
    assert!(on_time.decode::<Session>(&early.access_token).await.is_ok());
    assert!(on_time.decode::<Session>(&plain).await.is_ok());

    on_time.kill_switch().await.unwrap();
    settle().await;
    for lc in [ahead, on_time] {
        for token in [&early.access_token, &plain] {
            assert_eq!(
                lc.decode::<Session>(token).await.err(),
                Some(Error::Revoked)
            );
        }
        assert_eq!(
            lc.refresh::<Session>(&early.refresh_token).await,
            Err(Error::Revoked)
        );
    }
    for issuer in [ahead, on_time] {
        let again = issuer.login(&session_of("u-skew")).await.unwrap();
        for lc in [ahead, on_time] {
            assert!(access_ok(lc, &again).await);
        }
    }

    let first = ahead.login(&session_of("u-skew-2")).await.unwrap();
    let second = ahead.login(&session_of("u-skew-2")).await.unwrap();
    let second = ahead
        .refresh::<Session>(&second.refresh_token)
        .await
        .unwrap();
    on_time
        .revoke_subject(&"u-skew-2".to_string())
        .await
        .unwrap();
    settle().await;
    for lc in [ahead, on_time] {
        for pair in [&first, &second] {
            assert_eq!(
                lc.decode::<Session>(&pair.access_token).await.err(),
                Some(Error::Revoked)
            );
            assert_eq!(
                lc.refresh::<Session>(&pair.refresh_token).await,
                Err(Error::Revoked)
            );
        }
    }
}

/// Waits out the longest a revocation made on one instance may take to
/// reach another (`RedisStore`'s near cache: 100 ms at most).
pub(crate) async fn settle() {
    tokio::time::sleep(Duration::from_millis(150)).await;
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
pub(crate) fn lifecycle(store: impl RevocationStore) -> Lifecycle {
    Lifecycle::new(keys(), store).expect("a lifecycle over the test keys")
}

/// [`lifecycle`] with no retry window: every second presentation of a
/// refresh token is reuse, concurrent ones included.
pub(crate) fn lifecycle_without_grace(store: impl RevocationStore) -> Lifecycle {
    Lifecycle::builder(keys())
        .store(store)
        .refresh_grace(Duration::ZERO)
        .build()
        .expect("a lifecycle over the test keys")
}

/// The jti of a token.
pub(crate) fn jti(token: &str) -> String {
    payload(token)["jti"].as_str().unwrap().to_owned()
}

/// A refresh presented again within the retry window, its successor unused,
/// gets that successor (same jti) in a fresh pair; once the successor is
/// used, presenting it again is reuse. Concurrent presentations of one token
/// within the window: one rotation, every answer the same successor.
pub(crate) async fn retry_within_grace(lc: &Lifecycle) {
    let first = lc.login(&session_of("u-retry")).await.unwrap();
    let second = lc.refresh::<Session>(&first.refresh_token).await.unwrap();
    // The answer was lost; the client retries.
    let retried = lc.refresh::<Session>(&first.refresh_token).await.unwrap();
    assert_eq!(jti(&retried.refresh_token), jti(&second.refresh_token));
    assert_ne!(retried.access_token, second.access_token);
    assert!(access_ok(lc, &retried).await);
    assert!(access_ok(lc, &second).await);
    // The successor is used: the old token is reuse now, and the family dies.
    let third = lc.refresh::<Session>(&retried.refresh_token).await.unwrap();
    assert_eq!(
        lc.refresh::<Session>(&first.refresh_token).await,
        Err(Error::RefreshReused)
    );
    assert_eq!(
        lc.refresh::<Session>(&third.refresh_token).await,
        Err(Error::Revoked)
    );
    assert_eq!(
        lc.decode::<Session>(&third.access_token).await.err(),
        Some(Error::Revoked)
    );

    // Concurrent presentations: one rotation, one successor for all.
    let pair = lc.login(&session_of("u-retry-race")).await.unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let lc = lc.clone();
            let token = pair.refresh_token.clone();
            tokio::spawn(async move { lc.refresh::<Session>(&token).await })
        })
        .collect();
    let mut successors = std::collections::BTreeSet::new();
    for task in tasks {
        successors.insert(jti(&task.await.unwrap().unwrap().refresh_token));
    }
    assert_eq!(successors.len(), 1, "exactly one rotation");
}
