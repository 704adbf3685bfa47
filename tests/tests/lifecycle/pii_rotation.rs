//! A PII key rotation across live refresh families, walking the README's
//! "Key rotation" timetable for a `Lifecycle`: refreshing keeps a hashed
//! value's pseudonym (made under the login's key) and re-encrypts encrypted
//! values under the current key; subject revocation finds families of
//! either key; a PII key retired on the access-token timetable ends live
//! families early with `UnknownKey(Pii)`, and one retired after
//! `Lifecycle::pii_key_retention` leaves only families refreshed all along.
//!
//! One store and one manual clock; an instance per phase of the procedure.

use std::sync::Arc;
use std::time::Duration;

use crate::common::lifecycle::session_of;
use crate::common::{
    PII_KID, PII_KID_B, Session, builder, claim_str, hs256_key, pii_key_a, pii_key_b,
};
use claims_core::clock::ManualClock;
use claims_core::lifecycle::MemoryStore;
use claims_core::{Error, KeyKind, KeysBuilder, Lifecycle, PiiKey};

const DAY: u64 = 24 * 3600;

/// The phases of a PII key rotation.
#[derive(Clone, Copy)]
enum Phase {
    /// Key A only.
    Before,
    /// Key B protects, key A still reads.
    Switched,
    /// Key B only.
    Retired,
}

struct Fleet {
    clock: ManualClock,
    store: Arc<MemoryStore>,
}

impl Fleet {
    fn instance(&self, phase: Phase) -> Lifecycle {
        let keys: Vec<PiiKey> = match phase {
            Phase::Before => vec![pii_key_a()],
            Phase::Switched => vec![pii_key_b(), pii_key_a()],
            Phase::Retired => vec![pii_key_b()],
        };
        let keys = keys
            .into_iter()
            .fold(builder().signing_key(hs256_key()), KeysBuilder::pii_key)
            .clock(self.clock.clone())
            .build()
            .unwrap();
        Lifecycle::new(keys, self.store.clone()).unwrap()
    }

    fn advance(&self, secs: u64) {
        self.clock.advance(Duration::from_secs(secs));
    }
}

fn kid_of(token: &str, claim: &str) -> String {
    claim_str(token, claim)
        .split('.')
        .nth(1)
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_pii_key_rotation_across_live_refresh_families() {
    let fleet = Fleet {
        clock: ManualClock::skewed(0),
        store: Arc::new(MemoryStore::new()),
    };
    let before = fleet.instance(Phase::Before);
    let idle = before.login(&session_of("u-rot")).await.unwrap();
    let active = before.login(&session_of("u-rot")).await.unwrap();
    let other = before.login(&session_of("u-rot-2")).await.unwrap();
    let pseudonym_a = claim_str(&active.access_token, "sub");

    // Switch: key B protects; refreshing a family started under A keeps A's
    // pseudonym (only it is known) and encrypts under B.
    fleet.advance(3600);
    let switched = fleet.instance(Phase::Switched);
    let active = switched
        .refresh::<Session>(&active.refresh_token)
        .await
        .unwrap();
    assert_eq!(claim_str(&active.access_token, "sub"), pseudonym_a);
    assert_eq!(kid_of(&active.refresh_token, "sub"), PII_KID);
    assert_eq!(kid_of(&active.refresh_token, "email"), PII_KID_B);
    let fresh = switched.login(&session_of("u-rot")).await.unwrap();
    assert_eq!(kid_of(&fresh.access_token, "sub"), PII_KID_B);
    // Subject revocation finds the person's families under either key.
    let other_fresh = switched.login(&session_of("u-rot-2")).await.unwrap();
    switched
        .revoke_subject(&"u-rot-2".to_string())
        .await
        .unwrap();
    for pair in [&other, &other_fresh] {
        assert_eq!(
            switched.refresh::<Session>(&pair.refresh_token).await,
            Err(Error::Revoked)
        );
    }

    // Retiring A on the access-token timetable (`max_lifetime + leeway`)
    // is too early for a Lifecycle: a live family still names A, and ends
    // with a clear error at its next refresh.
    assert_eq!(
        switched.pii_key_retention(),
        Duration::from_secs(14 * DAY + 30)
    );
    fleet.advance(3600 + 30);
    let early = fleet.instance(Phase::Retired);
    assert_eq!(
        early.refresh::<Session>(&active.refresh_token).await,
        Err(Error::UnknownKey(KeyKind::Pii))
    );

    // Kept for the retention period instead: the family keeps refreshing
    // under A until A is retired ...
    fleet.advance(13 * DAY);
    let active = switched
        .refresh::<Session>(&active.refresh_token)
        .await
        .unwrap();
    let fresh = switched
        .refresh::<Session>(&fresh.refresh_token)
        .await
        .unwrap();
    fleet.advance(DAY);
    let retired = fleet.instance(Phase::Retired);
    // ... where a family idle all along has expired with its last token,
    assert_eq!(
        retired.refresh::<Session>(&idle.refresh_token).await,
        Err(Error::Expired)
    );
    // one refreshed across the whole period ends here, its user logging in
    // again once,
    assert_eq!(
        retired.refresh::<Session>(&active.refresh_token).await,
        Err(Error::UnknownKey(KeyKind::Pii))
    );
    let again = retired.login(&session_of("u-rot")).await.unwrap();
    retired
        .refresh::<Session>(&again.refresh_token)
        .await
        .unwrap();
    // and families started under B carry on.
    let fresh = retired
        .refresh::<Session>(&fresh.refresh_token)
        .await
        .unwrap();
    assert_eq!(kid_of(&fresh.access_token, "sub"), PII_KID_B);
}
