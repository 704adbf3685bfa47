//! Load: one `Keys` shared by many threads, and AES-GCM nonces that never
//! repeat at volume.
//!
//! The full-size tests are `#[ignore]`d (slow in a debug build); run them with
//!
//! ```sh
//! cargo test -p claims-tests --release --test test_load -- --ignored --nocapture
//! ```
//!
//! Small variants of each run with every `cargo test`.

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::thread;
use std::time::Instant;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use claims_core::{Claims, Error, Hashed, Keys, Pii, Pseudonym, Verified};
use common::{Session, keys, segments};

// `Keys` is shared across request handlers: `Send + Sync`, checked at compile
// time, as are the values a handler passes on.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Keys>();
    assert_send_sync::<Arc<Keys>>();
    assert_send_sync::<Verified<Session>>();
    assert_send_sync::<Pseudonym>();
    assert_send_sync::<Error>();
};

type Nonce = [u8; 12];

/// Every AES-GCM nonce in `token`: the first 12 bytes (16 base64url
/// characters) of each `e1.<kid>.<body>` wire value in the payload.
fn nonces(token: &str) -> Vec<Nonce> {
    let payload = B64.decode(segments(token)[1]).expect("base64url payload");
    let text = std::str::from_utf8(&payload).expect("UTF-8 payload");
    text.match_indices("\"e1.")
        .map(|(at, _)| {
            let rest = &text[at + 4..];
            let body = &rest[rest.find('.').expect("e1.<kid>.") + 1..];
            let nonce = B64.decode(&body[..16]).expect("base64url nonce");
            nonce.try_into().expect("12 bytes")
        })
        .collect()
}

/// `threads` threads share one `Arc<Keys>`, each encoding and decoding
/// `per_thread` sessions of its own; every round trip must succeed and agree,
/// and no nonce may repeat across all of them.
fn shared_keys_under_load(threads: usize, per_thread: usize) {
    let keys = Arc::new(keys());
    let started = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let keys = Arc::clone(&keys);
            thread::spawn(move || {
                let mut nonces_seen = Vec::with_capacity(per_thread);
                for i in 0..per_thread {
                    let sub = format!("u-{t}-{i}");
                    let email = format!("user-{t}-{i}@example.invalid");
                    let session = Session {
                        sub: Hashed::new(sub.clone()),
                        email: Pii::new(email.clone()),
                        role: format!("role-{t}"),
                        password_hash: None,
                    };
                    let token = keys.encode(&session).expect("encodes under load");
                    let v = keys.decode::<Session>(&token).expect("decodes under load");
                    assert_eq!(v.email.expose(), &email);
                    assert_eq!(v.role, session.role);
                    if i % 1024 == 0 {
                        assert_eq!(
                            v.sub.pseudonym(),
                            Some(&keys.pseudonym("sub", &sub).expect("pseudonym"))
                        );
                    }
                    nonces_seen.extend(nonces(&token));
                }
                nonces_seen
            })
        })
        .collect();
    let mut all = HashSet::with_capacity(threads * per_thread);
    for handle in handles {
        for nonce in handle.join().expect("no thread panicked") {
            assert!(all.insert(nonce), "a nonce repeated across threads");
        }
    }
    assert_eq!(all.len(), threads * per_thread);
    eprintln!(
        "{threads} threads x {per_thread} encode+decode: {:.2?}",
        started.elapsed()
    );
}

#[test]
fn eight_threads_share_keys() {
    shared_keys_under_load(8, 2_000);
}

/// Slow in a debug build: `cargo test -p claims-tests --release --test
/// test_load -- --ignored --nocapture`.
#[test]
#[ignore = "800k round trips: run in release with --ignored"]
fn eight_threads_share_keys_full() {
    shared_keys_under_load(8, 100_000);
}

/// Sixteen encrypted fields: sixteen nonces per token, one signature.
#[derive(Claims)]
struct Sixteen {
    #[claim(encrypted)]
    f00: u8,
    #[claim(encrypted)]
    f01: u8,
    #[claim(encrypted)]
    f02: u8,
    #[claim(encrypted)]
    f03: u8,
    #[claim(encrypted)]
    f04: u8,
    #[claim(encrypted)]
    f05: u8,
    #[claim(encrypted)]
    f06: u8,
    #[claim(encrypted)]
    f07: u8,
    #[claim(encrypted)]
    f08: u8,
    #[claim(encrypted)]
    f09: u8,
    #[claim(encrypted)]
    f10: u8,
    #[claim(encrypted)]
    f11: u8,
    #[claim(encrypted)]
    f12: u8,
    #[claim(encrypted)]
    f13: u8,
    #[claim(encrypted)]
    f14: u8,
    #[claim(encrypted)]
    f15: u8,
}

const SIXTEEN: Sixteen = Sixteen {
    f00: 0,
    f01: 1,
    f02: 2,
    f03: 3,
    f04: 4,
    f05: 5,
    f06: 6,
    f07: 7,
    f08: 8,
    f09: 9,
    f10: 10,
    f11: 11,
    f12: 12,
    f13: 13,
    f14: 14,
    f15: 15,
};

/// `count` encryptions (a multiple of 16) through `Keys::encode`, every
/// nonce distinct.
fn no_repeated_nonce(count: usize) {
    assert_eq!(count % 16, 0);
    let keys = keys();
    let started = Instant::now();
    let mut seen: HashSet<Nonce> = HashSet::with_capacity(count);
    for _ in 0..count / 16 {
        let token = keys.encode(&SIXTEEN).expect("encodes");
        let nonces = nonces(&token);
        assert_eq!(nonces.len(), 16);
        for nonce in nonces {
            assert!(
                seen.insert(nonce),
                "nonce repeated after {} encryptions",
                seen.len()
            );
        }
    }
    assert_eq!(seen.len(), count);
    eprintln!(
        "{count} encryptions, no repeated nonce: {:.2?}",
        started.elapsed()
    );
}

#[test]
fn no_repeated_nonce_in_2_pow_14_encryptions() {
    no_repeated_nonce(1 << 14);
}

/// Slow in a debug build: `cargo test -p claims-tests --release --test
/// test_load -- --ignored --nocapture`.
#[test]
#[ignore = "2^20 encryptions: run in release with --ignored"]
fn no_repeated_nonce_in_2_pow_20_encryptions() {
    no_repeated_nonce(1 << 20);
}

/// The extraction above reads real nonces: a token's `e1.` values decoded
/// independently start with the nonces it returns.
#[test]
fn nonce_extraction_reads_the_wire_values() {
    let token = keys().encode(&SIXTEEN).expect("encodes");
    let payload = common::payload(&token);
    let expected: HashSet<Nonce> = payload
        .as_object()
        .expect("payload object")
        .values()
        .filter_map(|v| v.as_str().filter(|s| s.starts_with("e1.")))
        .map(|wire| {
            let (_, _, body) = common::split_wire(wire);
            body[..12].try_into().expect("12 bytes")
        })
        .collect();
    assert_eq!(expected.len(), 16);
    assert_eq!(nonces(&token).into_iter().collect::<HashSet<_>>(), expected);
    let decoded = keys().decode::<Sixteen>(&token).expect("decodes");
    assert_eq!((decoded.f00, decoded.f15), (0, 15));
}
