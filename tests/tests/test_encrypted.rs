//! `encrypted` claims: AES-256-GCM under the PII key, a fresh nonce per value,
//! bound to the claim name, readable across PII key rotation.

mod common;

use std::collections::{BTreeMap, HashSet};

use claims_core::{Claims, EncodeClaims, Error, Hashed, KeyKind, Keys, Pii, PiiKey};
use common::{
    PII_KID, PII_KID_B, Session, builder, claim_str, hs256_key, keys, pii_key_a, pii_key_b,
    session, split_wire,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Address {
    street: String,
    city: String,
    postcode: String,
    lines: Vec<String>,
}

fn address() -> Address {
    Address {
        street: "1 Test Street".into(),
        city: "Exampleton".into(),
        postcode: "EX1 1AA".into(),
        lines: vec!["Flat 2".into(), "Block \"B\"".into()],
    }
}

#[derive(Claims)]
struct Sealed {
    #[claim(encrypted)]
    email: Pii<String>,
    #[claim(encrypted)]
    backup_email: Pii<String>,
    #[claim(encrypted)]
    address: Address,
    #[claim(encrypted)]
    aliases: Vec<String>,
    #[claim(encrypted)]
    history: Pii<Vec<String>>,
    #[claim(encrypted)]
    attrs: BTreeMap<String, u32>,
    #[claim(encrypted)]
    age: u8,
    #[claim(encrypted)]
    consented: bool,
    #[claim(public)]
    role: String,
}

fn sealed() -> Sealed {
    Sealed {
        email: Pii::new("alice@example.invalid".into()),
        backup_email: Pii::new("alice@example.invalid".into()),
        address: address(),
        aliases: vec!["al".into(), "ally".into()],
        history: Pii::new(vec!["2024".into(), "2025".into()]),
        attrs: BTreeMap::from([("a".into(), 1), ("b".into(), 2)]),
        age: 37,
        consented: true,
        role: "admin".into(),
    }
}

const SEALED_CLAIMS: [&str; 8] = [
    "email",
    "backup_email",
    "address",
    "aliases",
    "history",
    "attrs",
    "age",
    "consented",
];

#[test]
fn same_plaintext_encrypted_twice_differs_and_both_decrypt() {
    let keys = keys();
    let a = keys.encode(&session()).expect("encodes");
    let b = keys.encode(&session()).expect("encodes");
    let (wire_a, wire_b) = (claim_str(&a, "email"), claim_str(&b, "email"));
    assert_ne!(wire_a, wire_b);
    // Different nonces, not only different tags.
    assert_ne!(split_wire(&wire_a).2[..12], split_wire(&wire_b).2[..12]);
    for token in [&a, &b] {
        let v = keys.decode::<Session>(token).expect("decodes");
        assert_eq!(v.email.expose(), "alice@example.invalid");
    }
}

#[test]
fn same_plaintext_in_two_fields_of_one_token_differs() {
    let token = keys().encode(&sealed()).expect("encodes");
    assert_ne!(
        claim_str(&token, "email"),
        claim_str(&token, "backup_email")
    );
    let v = keys().decode::<Sealed>(&token).expect("decodes");
    assert_eq!(v.email.expose(), v.backup_email.expose());
}

#[test]
fn nonces_do_not_repeat() {
    let keys = keys();
    let mut nonces = HashSet::new();
    for _ in 0..100 {
        let token = keys.encode(&sealed()).expect("encodes");
        for claim in SEALED_CLAIMS {
            let nonce = split_wire(&claim_str(&token, claim)).2[..12].to_vec();
            assert!(nonces.insert(nonce), "a nonce repeated");
        }
    }
    assert_eq!(nonces.len(), 100 * SEALED_CLAIMS.len());
}

#[test]
fn wire_values_are_e1_kid_body() {
    let token = keys().encode(&sealed()).expect("encodes");
    for claim in SEALED_CLAIMS {
        let wire = claim_str(&token, claim);
        assert!(wire.starts_with("e1.pii-1."), "{claim}: {wire}");
        let (prefix, kid, body) = split_wire(&wire);
        assert_eq!((prefix, kid), ("e1", PII_KID));
        assert!(body.len() > 28, "{claim}");
    }
    // FORMAT.md §3 and §5: 12-byte nonce + JSON(value) padded to a
    // multiple of 16 bytes + 16-byte tag.
    let email = split_wire(&claim_str(&token, "email")).2;
    assert_eq!(r#""alice@example.invalid""#.len(), 23);
    assert_eq!(email.len(), 28 + 32);
    let address_json = serde_json::to_vec(&address()).expect("JSON");
    let body = split_wire(&claim_str(&token, "address")).2;
    assert_eq!(body.len(), 28 + address_json.len().div_ceil(16) * 16);
    assert_eq!(split_wire(&claim_str(&token, "age")).2.len(), 28 + 16);
    assert_eq!(split_wire(&claim_str(&token, "consented")).2.len(), 28 + 16);
}

#[test]
fn structured_values_round_trip() {
    let keys = keys();
    let token = keys.encode(&sealed()).expect("encodes");
    let v = keys.decode::<Sealed>(&token).expect("decodes");
    assert_eq!(v.address, address());
    assert_eq!(v.aliases, ["al", "ally"]);
    assert_eq!(v.history.expose(), &["2024", "2025"]);
    assert_eq!(v.attrs, sealed().attrs);
    assert_eq!(v.age, 37);
    assert!(v.consented);
    assert_eq!(v.role, "admin");
}

#[test]
fn bare_serialize_fields_are_encrypted_not_public() {
    let token = keys().encode(&sealed()).expect("encodes");
    let text = common::payload_text(&token);
    // Not a `Pii<T>`, yet nothing of the value is in the clear.
    for clear in ["Exampleton", "ally", "2025", "Test Street"] {
        assert!(!text.contains(clear), "{clear} in {text}");
    }
    assert!(claim_str(&token, "address").starts_with("e1."));
    assert!(claim_str(&token, "age").starts_with("e1."));
}

#[test]
fn empty_and_large_values_round_trip() {
    let keys = keys();
    let mut s = sealed();
    s.email = Pii::new(String::new());
    s.backup_email = Pii::new("x".repeat(2_000));
    s.aliases = Vec::new();
    let token = keys.encode(&s).expect("encodes");
    let v = keys.decode::<Sealed>(&token).expect("decodes");
    assert_eq!(v.email.expose(), "");
    assert_eq!(v.backup_email.expose().len(), 2_000);
    assert!(v.aliases.is_empty());
    assert_eq!(split_wire(&claim_str(&token, "email")).2.len(), 28 + 16);
    assert_eq!(
        split_wire(&claim_str(&token, "backup_email")).2.len(),
        28 + 2_002_usize.div_ceil(16) * 16
    );
}

#[test]
fn unicode_and_escapes_round_trip() {
    let keys = keys();
    let mut s = session();
    let tricky = "Zoë \"quoted\" \\ 你好 🦀\n\u{0}";
    s.email = Pii::new(tricky.into());
    let token = keys.encode(&s).expect("encodes");
    let v = keys.decode::<Session>(&token).expect("decodes");
    assert_eq!(v.email.expose(), tricky);
}

#[test]
fn pii_wrapper_basics() {
    let mut pii: Pii<String> = "bob@example.invalid".to_string().into();
    assert_eq!(pii.expose(), "bob@example.invalid");
    pii.expose_mut().push_str(".test");
    assert_eq!(pii.expose(), "bob@example.invalid.test");
    let copy = pii.clone();
    assert_eq!(copy.expose(), pii.expose());
    assert_eq!(Pii::<String>::default().expose(), "");
}

fn keys_with(pii: &[PiiKey]) -> Keys {
    pii.iter()
        .fold(builder().signing_key(hs256_key()), |b, k| {
            b.pii_key(k.clone())
        })
        .build()
        .expect("keys")
}

#[test]
fn rotation_old_tokens_decode_with_the_old_key_loaded() {
    let only_a = keys_with(&[pii_key_a()]);
    let old = only_a.encode(&session()).expect("encodes");
    assert!(claim_str(&old, "email").starts_with("e1.pii-1."));
    // B is current, A is still loaded for decoding.
    let rotated = keys_with(&[pii_key_b(), pii_key_a()]);
    let v = rotated.decode::<Session>(&old).expect("old token decodes");
    assert_eq!(v.email.expose(), "alice@example.invalid");
    assert_eq!(
        v.sub.pseudonym().map(claims_core::Pseudonym::kid),
        Some(PII_KID)
    );
    assert!(
        v.sub
            .matches(&rotated, &"u-123".to_string())
            .expect("matches")
    );
}

#[test]
fn rotation_new_tokens_use_the_current_key() {
    let rotated = keys_with(&[pii_key_b(), pii_key_a()]);
    let new = rotated.encode(&session()).expect("encodes");
    assert!(claim_str(&new, "email").starts_with("e1.pii-2."));
    assert!(claim_str(&new, "sub").starts_with("h1.pii-2."));
    let v = rotated.decode::<Session>(&new).expect("decodes");
    assert_eq!(v.email.expose(), "alice@example.invalid");
    assert_eq!(
        v.sub.pseudonym().map(claims_core::Pseudonym::kid),
        Some(PII_KID_B)
    );
    // A service that only has the old key cannot read it.
    let only_a = keys_with(&[pii_key_a()]);
    assert_eq!(
        only_a.decode::<Session>(&new).map(drop),
        Err(Error::UnknownKey(KeyKind::Pii))
    );
    // And with A listed first, A stays current.
    let unrotated = keys_with(&[pii_key_a(), pii_key_b()]);
    let token = unrotated.encode(&session()).expect("encodes");
    assert!(claim_str(&token, "email").starts_with("e1.pii-1."));
    assert_eq!(rotated.decode::<Session>(&token).map(drop), Ok(()));
}

#[test]
fn rotation_re_encoding_re_encrypts_under_the_current_key() {
    let old = keys().encode(&session()).expect("encodes");
    let rotated = keys_with(&[pii_key_b(), pii_key_a()]);
    let decoded = rotated
        .decode::<Session>(&old)
        .expect("decodes")
        .into_inner();
    let renewed = rotated.encode(&decoded).expect("re-encodes");
    assert!(claim_str(&renewed, "email").starts_with("e1.pii-2."));
    // A decoded pseudonym is carried over as is, still under its old kid.
    assert_eq!(claim_str(&renewed, "sub"), claim_str(&old, "sub"));
    let v = rotated.decode::<Session>(&renewed).expect("decodes");
    assert_eq!(v.email.expose(), "alice@example.invalid");
}

#[test]
fn same_kid_with_another_master_fails_to_decrypt() {
    let token = keys().encode(&session()).expect("encodes");
    let impostor = keys_with(&[PiiKey::new(PII_KID, &common::random_bytes::<32>()).expect("key")]);
    assert_eq!(
        impostor.decode::<Session>(&token).map(drop),
        Err(Error::Decrypt { claim: "email" })
    );
}

#[derive(Claims)]
struct Contact {
    #[claim(encrypted)]
    email: Pii<String>,
    #[claim(hashed)]
    sub: Hashed<String>,
}

#[test]
fn fields_decode_independently_of_the_encoding_struct() {
    // A Contact reads the `email` and `sub` a Session wrote.
    let keys = keys();
    let token = keys.encode(&session()).expect("encodes");
    let v = keys.decode::<Contact>(&token).expect("decodes");
    assert_eq!(v.email.expose(), "alice@example.invalid");
    assert!(v.sub.matches(&keys, &"u-123".to_string()).expect("matches"));
}

/// An encrypted value's body length: nonce, padded ciphertext, tag.
fn sealed_len<T: EncodeClaims>(keys: &Keys, claims: &T, claim: &str) -> usize {
    let token = keys.encode(claims).expect("encodes");
    split_wire(&claim_str(&token, claim)).2.len()
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
enum Tier {
    Free,
    Plus,
    Business,
    Enterprise,
}

#[derive(Claims)]
struct Small<T: Serialize + serde::de::DeserializeOwned> {
    #[claim(encrypted)]
    value: T,
}

#[derive(Claims)]
struct Padded {
    #[claim(encrypted(pad = 64))]
    note: String,
}

#[test]
fn small_values_have_one_length_whatever_they_are() {
    let keys = keys();
    let len = |value| sealed_len(&keys, &Small { value }, "value");
    let bools = [true, false].map(|value| sealed_len(&keys, &Small { value }, "value"));
    let tiers = [Tier::Free, Tier::Plus, Tier::Business, Tier::Enterprise]
        .map(|value| sealed_len(&keys, &Small { value }, "value"));
    let options = [None, Some("x".to_string()), Some("short text".to_string())]
        .map(|value| sealed_len(&keys, &Small { value }, "value"));
    let integers = [0, 7, 42, -1, 65_535, 999_999_999_999_999]
        .map(|value: i64| sealed_len(&keys, &Small { value }, "value"));
    for lengths in [&bools[..], &tiers, &options, &integers] {
        assert!(lengths.iter().all(|&l| l == 28 + 16), "{lengths:?}");
    }
    // Over the bucket: the next one, never the exact length.
    assert_eq!(len("seventeen bytes".to_string()), 28 + 32);
}

#[test]
fn a_larger_bucket_hides_longer_values() {
    let keys = keys();
    let lengths = [
        "",
        "a",
        "an address line of forty-odd bytes, say",
        &"x".repeat(62),
    ]
    .map(|note| sealed_len(&keys, &Padded { note: note.into() }, "note"));
    assert!(lengths.iter().all(|&l| l == 28 + 64), "{lengths:?}");
    let over = sealed_len(
        &keys,
        &Padded {
            note: "x".repeat(63),
        },
        "note",
    );
    assert_eq!(over, 28 + 128);
    let v = keys
        .decode::<Padded>(
            &keys
                .encode(&Padded {
                    note: "a b ".into(),
                })
                .expect("encodes"),
        )
        .expect("decodes");
    // Trailing spaces of the value itself survive: padding follows the JSON.
    assert_eq!(v.note, "a b ");
}
