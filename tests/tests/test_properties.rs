//! Property tests (proptest): arbitrary field values round-trip through every
//! protection, and no single-byte change to a valid token is ever accepted.
//!
//! Case counts are modest so the file runs in a few seconds in CI; raise them
//! locally with `PROPTEST_CASES=10000 cargo test -p claims-tests --test test_properties`.

mod common;

use claims_core::{ClaimValue, Claims, Hashed, Keys, Pii};
use common::{builder, hs256_key, pii_key_a};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

/// A nested value for public, hashed and encrypted fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ClaimValue)]
struct Inner {
    label: String,
    count: i64,
    flags: Vec<bool>,
    child: Option<Box<Inner>>,
}

/// Every protection, over strings, integers, `Option`, `Vec` and a nested struct.
#[derive(Claims)]
struct Everything {
    #[claim(public)]
    role: String,
    #[claim(public)]
    level: i64,
    #[claim(public)]
    quota: u64,
    #[claim(public)]
    scopes: Vec<String>,
    #[claim(public)]
    tenant: Option<String>,
    #[claim(public)]
    meta: Inner,
    #[claim(hashed)]
    sub: Hashed<String>,
    /// Shares the `sub` domain, so its pseudonym is `keys.pseudonym("sub", ..)`.
    #[claim(hashed(domain = "sub"))]
    actor: Hashed<String>,
    #[claim(hashed)]
    account: Hashed<Inner>,
    #[claim(hashed)]
    seat: Hashed<Option<i64>>,
    #[claim(encrypted)]
    email: Pii<String>,
    #[claim(encrypted)]
    phone: Pii<Option<String>>,
    #[claim(encrypted)]
    history: Vec<i64>,
    #[claim(encrypted)]
    profile: Inner,
    #[claim(encrypted)]
    nickname: Option<String>,
    #[claim(forbidden)]
    password_hash: Option<String>,
}

/// The clear values an [`Everything`] is built from, kept to compare against.
#[derive(Debug, Clone)]
struct Values {
    role: String,
    level: i64,
    quota: u64,
    scopes: Vec<String>,
    tenant: Option<String>,
    meta: Inner,
    sub: String,
    actor: String,
    account: Inner,
    seat: Option<i64>,
    email: String,
    phone: Option<String>,
    history: Vec<i64>,
    profile: Inner,
    nickname: Option<String>,
    password_hash: Option<String>,
}

impl Values {
    fn claims(&self) -> Everything {
        Everything {
            role: self.role.clone(),
            level: self.level,
            quota: self.quota,
            scopes: self.scopes.clone(),
            tenant: self.tenant.clone(),
            meta: self.meta.clone(),
            sub: Hashed::new(self.sub.clone()),
            actor: Hashed::new(self.actor.clone()),
            account: Hashed::new(self.account.clone()),
            seat: Hashed::new(self.seat),
            email: Pii::new(self.email.clone()),
            phone: Pii::new(self.phone.clone()),
            history: self.history.clone(),
            profile: self.profile.clone(),
            nickname: self.nickname.clone(),
            password_hash: self.password_hash.clone(),
        }
    }
}

/// Characters JSON and base64 framing must survive: quotes, backslashes,
/// every control character, separators, the line and paragraph separators
/// JavaScript chokes on, a BOM, non-BMP characters, and anything else.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => prop::char::range('\0', '\u{1f}'),
        2 => prop::sample::select(vec![
            '"', '\\', '/', '.', '\u{7f}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{fffd}', 'é',
            '你', '🦀', '\u{10ffff}',
        ]),
        3 => prop::char::range('a', 'z'),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..16).prop_map(String::from_iter)
}

fn inner() -> impl Strategy<Value = Inner> {
    let leaf = (
        text(),
        any::<i64>(),
        prop::collection::vec(any::<bool>(), 0..4),
    )
        .prop_map(|(label, count, flags)| Inner {
            label,
            count,
            flags,
            child: None,
        });
    leaf.prop_recursive(2, 3, 1, |child| {
        (
            text(),
            any::<i64>(),
            prop::collection::vec(any::<bool>(), 0..4),
            prop::option::of(child),
        )
            .prop_map(|(label, count, flags, child)| Inner {
                label,
                count,
                flags,
                child: child.map(Box::new),
            })
    })
}

prop_compose! {
    fn values()(
        (role, level, quota, scopes, tenant, meta) in (
            text(),
            any::<i64>(),
            any::<u64>(),
            prop::collection::vec(text(), 0..4),
            prop::option::of(text()),
            inner(),
        ),
        (sub, actor, account, seat) in (text(), text(), inner(), prop::option::of(any::<i64>())),
        (email, phone, history, profile, nickname, password_hash) in (
            text(),
            prop::option::of(text()),
            prop::collection::vec(any::<i64>(), 0..6),
            inner(),
            prop::option::of(text()),
            prop::option::of(text()),
        ),
    ) -> Values {
        Values {
            role, level, quota, scopes, tenant, meta, sub, actor, account, seat,
            email, phone, history, profile, nickname, password_hash,
        }
    }
}

/// The shared HS256 + PII key A keys, with room for the longest generated
/// values (escaped control characters grow six-fold).
fn keys() -> Keys {
    builder()
        .signing_key(hs256_key())
        .pii_key(pii_key_a())
        .max_token_size(64 * 1024)
        .build()
        .expect("keys")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_protection_round_trips(values in values()) {
        let keys = keys();
        let token = keys.encode(&values.claims()).expect("encodes");
        let v = keys.decode::<Everything>(&token).expect("decodes its own token");

        // public: the value itself.
        prop_assert_eq!(&v.role, &values.role);
        prop_assert_eq!(v.level, values.level);
        prop_assert_eq!(v.quota, values.quota);
        prop_assert_eq!(&v.scopes, &values.scopes);
        prop_assert_eq!(&v.tenant, &values.tenant);
        prop_assert_eq!(&v.meta, &values.meta);

        // hashed: the pseudonym `Keys::pseudonym` gives for the domain, and
        // `matches` recognizes the clear value (and only it).
        prop_assert_eq!(v.sub.pseudonym(), Some(&keys.pseudonym("sub", &values.sub)?));
        prop_assert_eq!(v.actor.pseudonym(), Some(&keys.pseudonym("sub", &values.actor)?));
        prop_assert_eq!(
            v.account.pseudonym(),
            Some(&keys.pseudonym("account", &values.account)?)
        );
        prop_assert_eq!(v.seat.pseudonym(), Some(&keys.pseudonym("seat", &values.seat)?));
        prop_assert!(v.sub.matches(&keys, &values.sub).expect("matches"));
        prop_assert!(v.account.matches(&keys, &values.account).expect("matches"));
        prop_assert_eq!(
            v.sub.matches(&keys, &values.actor).expect("matches"),
            values.sub == values.actor
        );

        // encrypted: decrypted back to the value.
        prop_assert_eq!(v.email.expose(), &values.email);
        prop_assert_eq!(v.phone.expose(), &values.phone);
        prop_assert_eq!(&v.history, &values.history);
        prop_assert_eq!(&v.profile, &values.profile);
        prop_assert_eq!(&v.nickname, &values.nickname);

        // forbidden: never in the token, `Default` after decoding.
        prop_assert_eq!(&v.password_hash, &None);
        prop_assert!(!common::payload(&token)
            .as_object()
            .expect("payload object")
            .contains_key("password_hash"));
    }

    /// Changing any one byte of a valid token (header, payload or signature
    /// segment, to any other byte) is an error: never a panic, never `Ok`.
    #[test]
    fn any_single_byte_change_is_rejected(
        values in values(),
        segment in 0usize..3,
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let keys = keys();
        let token = keys.encode(&values.claims()).expect("encodes");
        prop_assert!(keys.decode::<Everything>(&token).is_ok());

        let mut bytes = token.clone().into_bytes();
        let (start, len) = segment_range(&token, segment);
        let i = start + at.index(len);
        prop_assume!(bytes[i] != byte);
        bytes[i] = byte;
        // A non-ASCII byte makes the token invalid UTF-8: `decode` takes a
        // `&str`, so it sees the lossy text (U+FFFD in place of the byte).
        let tampered = String::from_utf8_lossy(&bytes);
        let result = keys.decode::<Everything>(&tampered);
        prop_assert!(result.is_err(), "accepted {:?} (segment {}, byte {})", tampered, segment, i);
    }

}

proptest! {
    // Each case decodes one tampered token per payload and signature byte
    // (about two thousand): few cases.
    #![proptest_config(ProptestConfig::with_cases(4))]

    /// The payload and signature segments byte by byte, every byte replaced
    /// by one chosen at random, for one token per case: a denser sweep.
    #[test]
    fn every_position_of_payload_and_signature_is_covered(
        values in values(),
        replacements in prop::collection::vec(any::<u8>(), 64),
    ) {
        let keys = keys();
        let token = keys.encode(&values.claims()).expect("encodes");
        let (start, _) = segment_range(&token, 1);
        let mut bytes = token.into_bytes();
        for i in start..bytes.len() {
            let original = bytes[i];
            let mut byte = replacements[i % replacements.len()];
            if byte == original {
                byte = original ^ 0x01;
            }
            bytes[i] = byte;
            let tampered = String::from_utf8_lossy(&bytes).into_owned();
            bytes[i] = original;
            prop_assert!(
                keys.decode::<Everything>(&tampered).is_err(),
                "accepted a change at byte {}",
                i
            );
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary text is never a token: an error, not a panic.
    #[test]
    fn arbitrary_text_is_rejected(text in prop::collection::vec(tricky_char(), 0..256)) {
        let text = String::from_iter(text);
        prop_assert!(keys().decode::<Everything>(&text).is_err());
    }
}

/// A public and an encrypted `f64`.
#[derive(Claims)]
struct Float {
    #[claim(public)]
    public: f64,
    #[claim(encrypted)]
    secret: f64,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Finite floats come back bit for bit. serde_json parses floats
    /// best-effort (off by one ulp for about 30% of random finite `f64`s,
    /// e.g. `1.812813527746742e90` read back as `1.8128135277467418e90`)
    /// unless its `float_roundtrip` feature is on, which the workspace enables.
    #[test]
    fn finite_floats_round_trip_bit_for_bit(
        x in any::<u64>().prop_map(f64::from_bits).prop_filter("finite", |x| x.is_finite()),
    ) {
        let keys = keys();
        let token = keys.encode(&Float { public: x, secret: x }).expect("encodes");
        let v = keys.decode::<Float>(&token).expect("decodes");
        prop_assert_eq!(v.public.to_bits(), x.to_bits(), "public {:e} read back as {:e}", x, v.public);
        prop_assert_eq!(v.secret.to_bits(), x.to_bits(), "encrypted {:e} read back as {:e}", x, v.secret);
    }
}

/// The byte range `(start, len)` of segment `index` (0 header, 1 payload, 2 signature).
fn segment_range(token: &str, index: usize) -> (usize, usize) {
    let mut start = 0;
    for (i, part) in token.split('.').enumerate() {
        if i == index {
            return (start, part.len());
        }
        start += part.len() + 1;
    }
    panic!("a three-segment token");
}
