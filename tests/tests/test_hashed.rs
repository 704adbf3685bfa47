//! `hashed` claims: keyed, stable, domain-separated pseudonyms.

mod common;

use std::collections::HashSet;

use claims_core::{Claims, Error, HashDomain, Hashed, KeyKind, Normalize, Protection, Pseudonym};
use common::{
    PII_KID, Session, builder, claim_str, hs256_key, keys, keys_without_pii, pii_key_a, pii_key_b,
    session, split_wire,
};

#[derive(Claims)]
struct Linked {
    #[claim(hashed)]
    sub: Hashed<String>,
    #[claim(hashed)]
    owner: Hashed<String>,
    #[claim(hashed(domain = "user"))]
    buyer: Hashed<String>,
    #[claim(hashed(domain = "user"))]
    seller: Hashed<String>,
    #[claim(hashed)]
    account: Hashed<u64>,
}

fn linked(sub: &str, owner: &str, buyer: &str, seller: &str) -> Linked {
    Linked {
        sub: Hashed::new(sub.into()),
        owner: Hashed::new(owner.into()),
        buyer: Hashed::new(buyer.into()),
        seller: Hashed::new(seller.into()),
        account: Hashed::new(42),
    }
}

fn decoded_sub(keys: &claims_core::Keys, token: &str) -> Pseudonym {
    keys.decode::<Session>(token)
        .expect("decodes")
        .sub
        .pseudonym()
        .expect("decoded values hold a pseudonym")
        .clone()
}

#[test]
fn same_value_hashed_twice_gives_the_same_pseudonym() {
    let keys = keys();
    let a = keys.encode(&session()).expect("encodes");
    let b = keys.encode(&session()).expect("encodes");
    assert_ne!(a, b, "tokens differ (jti, nonces)");
    assert_eq!(claim_str(&a, "sub"), claim_str(&b, "sub"));
    assert_eq!(decoded_sub(&keys, &a), decoded_sub(&keys, &b));
}

#[test]
fn pseudonym_wire_format_is_h1_kid_tag() {
    let token = keys().encode(&session()).expect("encodes");
    let wire = claim_str(&token, "sub");
    assert!(wire.starts_with("h1.pii-1."), "{wire}");
    assert_eq!(wire.len(), "h1.pii-1.".len() + 43);
    let (prefix, kid, tag) = split_wire(&wire);
    assert_eq!((prefix, kid, tag.len()), ("h1", PII_KID, 32));
}

#[test]
fn keys_pseudonym_equals_the_decoded_one() {
    let keys = keys();
    let token = keys.encode(&session()).expect("encodes");
    let expected = keys
        .pseudonym("sub", &"u-123".to_string())
        .expect("pseudonym");
    assert_eq!(decoded_sub(&keys, &token), expected);
    assert_eq!(expected.as_str(), claim_str(&token, "sub"));
    assert_eq!(keys.pseudonym("sub", "u-123").expect("pseudonym"), expected);
    assert_ne!(keys.pseudonym("sub", "u-124").expect("pseudonym"), expected);
}

#[test]
fn one_value_in_two_domains_gives_different_pseudonyms() {
    let keys = keys();
    let token = keys
        .encode(&linked("u-1", "u-1", "u-2", "u-3"))
        .expect("encodes");
    assert_ne!(claim_str(&token, "sub"), claim_str(&token, "owner"));
    let v = keys.decode::<Linked>(&token).expect("decodes");
    assert_ne!(v.sub.pseudonym(), v.owner.pseudonym());
    assert_eq!(
        v.owner.pseudonym(),
        Some(&keys.pseudonym("owner", "u-1").expect("pseudonym"))
    );
}

#[test]
fn a_shared_domain_gives_the_same_pseudonym() {
    let keys = keys();
    let token = keys
        .encode(&linked("u-1", "u-2", "u-7", "u-7"))
        .expect("encodes");
    assert_eq!(claim_str(&token, "buyer"), claim_str(&token, "seller"));
    let v = keys.decode::<Linked>(&token).expect("decodes");
    let user = keys.pseudonym("user", "u-7").expect("pseudonym");
    assert_eq!(v.buyer.pseudonym(), Some(&user));
    assert_eq!(v.seller.pseudonym(), Some(&user));
    // The domain replaces the wire name.
    assert_ne!(
        v.buyer.pseudonym(),
        Some(&keys.pseudonym("buyer", "u-7").expect("pseudonym"))
    );
    // Different values in the shared domain still differ.
    let token = keys
        .encode(&linked("u-1", "u-2", "u-7", "u-8"))
        .expect("encodes");
    assert_ne!(claim_str(&token, "buyer"), claim_str(&token, "seller"));
}

#[test]
fn policy_records_the_hashing_domain() {
    let domains: Vec<(&str, Protection)> = Linked::POLICY
        .iter()
        .map(|f| (f.wire_name, f.protection))
        .collect();
    assert_eq!(
        domains,
        [
            ("sub", Protection::Hashed { domain: "sub" }),
            ("owner", Protection::Hashed { domain: "owner" }),
            ("buyer", Protection::Hashed { domain: "user" }),
            ("seller", Protection::Hashed { domain: "user" }),
            ("account", Protection::Hashed { domain: "account" }),
        ]
    );
}

#[test]
fn the_value_type_is_part_of_the_pseudonym() {
    let keys = keys();
    let token = keys.encode(&linked("a", "b", "c", "d")).expect("encodes");
    let v = keys.decode::<Linked>(&token).expect("decodes");
    // 42 is hashed as the JSON number `42`, not the string `"42"`.
    assert_eq!(
        v.account.pseudonym(),
        Some(&keys.pseudonym("account", &42u64).expect("pseudonym"))
    );
    assert_ne!(
        v.account.pseudonym(),
        Some(&keys.pseudonym("account", "42").expect("pseudonym"))
    );
}

#[test]
fn matches_on_decoded_values() {
    let keys = keys();
    let token = keys
        .encode(&linked("u-1", "u-2", "u-7", "u-8"))
        .expect("encodes");
    let v = keys.decode::<Linked>(&token).expect("decodes");
    assert!(v.sub.matches(&keys, &"u-1".to_string()).expect("matches"));
    assert!(!v.sub.matches(&keys, &"u-2".to_string()).expect("matches"));
    assert!(!v.sub.matches(&keys, &"u-1 ".to_string()).expect("matches"));
    // Each field matches under its own domain.
    assert!(v.buyer.matches(&keys, &"u-7".to_string()).expect("matches"));
    assert!(
        v.seller
            .matches(&keys, &"u-8".to_string())
            .expect("matches")
    );
    assert!(
        !v.seller
            .matches(&keys, &"u-7".to_string())
            .expect("matches")
    );
    assert!(v.account.matches(&keys, &42).expect("matches"));
    assert!(!v.account.matches(&keys, &43).expect("matches"));
}

#[test]
fn matches_on_clear_values() {
    let keys = keys();
    let clear = Hashed::new("u-1".to_string());
    assert!(clear.matches(&keys, &"u-1".to_string()).expect("matches"));
    assert!(!clear.matches(&keys, &"u-10".to_string()).expect("matches"));
    assert!(!clear.matches(&keys, &String::new()).expect("matches"));
    let number: Hashed<u64> = 7.into();
    assert!(number.matches(&keys, &7).expect("matches"));
    assert!(!number.matches(&keys, &70).expect("matches"));
    // A clear value needs no PII key.
    assert!(
        clear
            .matches(&keys_without_pii(), &"u-1".to_string())
            .expect("matches")
    );
}

#[test]
fn matches_needs_the_pii_key_the_pseudonym_names() {
    let token = keys().encode(&session()).expect("encodes");
    let v = keys().decode::<Session>(&token).expect("decodes");
    let other = builder()
        .signing_key(hs256_key())
        .pii_key(pii_key_b())
        .build()
        .expect("keys");
    assert_eq!(
        v.sub.matches(&other, &"u-123".to_string()),
        Err(Error::UnknownKey(KeyKind::Pii))
    );
    assert_eq!(
        v.sub.matches(&keys_without_pii(), &"u-123".to_string()),
        Err(Error::UnknownKey(KeyKind::Pii))
    );
}

#[test]
fn different_pii_keys_give_different_pseudonyms() {
    let keys_a = keys();
    let keys_b = builder()
        .signing_key(hs256_key())
        .pii_key(pii_key_b())
        .build()
        .expect("keys");
    let a = keys_a.pseudonym("sub", "u-123").expect("pseudonym");
    let b = keys_b.pseudonym("sub", "u-123").expect("pseudonym");
    assert_ne!(a, b);
    assert_eq!((a.kid(), b.kid()), ("pii-1", "pii-2"));
    // Same kid, another master: the tag differs too.
    let impostor = builder()
        .signing_key(hs256_key())
        .pii_key(claims_core::PiiKey::new(PII_KID, &common::random_bytes::<32>()).expect("key"))
        .build()
        .expect("keys");
    let c = impostor.pseudonym("sub", "u-123").expect("pseudonym");
    assert_eq!(c.kid(), a.kid());
    assert_ne!(c, a);
    let token_b = keys_b.encode(&session()).expect("encodes");
    assert_eq!(claim_str(&token_b, "sub"), b.as_str());
}

#[test]
fn pseudonym_debug_and_display_show_the_wire_value() {
    let keys = keys();
    let p = keys.pseudonym("sub", "u-123").expect("pseudonym");
    let wire = p.as_str().to_string();
    assert!(wire.starts_with("h1.pii-1."));
    assert_eq!(format!("{p:?}"), format!("Pseudonym({wire:?})"));
    assert!(format!("{p:?}").contains("h1."));
    assert_eq!(p.to_string(), wire);
    assert!(!format!("{p:?}").contains("u-123"));
    assert_eq!(p.kid(), PII_KID);
}

#[test]
fn hashed_debug_is_a_placeholder_before_and_after_decoding() {
    let keys = keys();
    let clear = Hashed::new("u-123".to_string());
    assert_eq!(format!("{clear:?}"), "<hashed>");
    assert_eq!(clear.clear().map(String::as_str), Some("u-123"));
    assert_eq!(clear.pseudonym(), None);
    let token = keys.encode(&session()).expect("encodes");
    let v = keys.decode::<Session>(&token).expect("decodes");
    assert_eq!(format!("{:?}", v.sub), "<hashed>");
    assert_eq!(v.sub.clear(), None);
}

#[test]
fn pseudonyms_are_clone_eq_hash() {
    let keys = keys();
    let a = keys.pseudonym("sub", "u-1").expect("pseudonym");
    let b = keys.pseudonym("sub", "u-2").expect("pseudonym");
    let set: HashSet<Pseudonym> = [a.clone(), b.clone(), a.clone()].into_iter().collect();
    assert_eq!(set.len(), 2);
    assert!(set.contains(&a) && set.contains(&b));
}

#[test]
fn re_encoding_a_decoded_struct_carries_the_pseudonym_over() {
    let keys = keys();
    let first = keys.encode(&session()).expect("encodes");
    let decoded = keys
        .decode::<Session>(&first)
        .expect("decodes")
        .into_inner();
    let second = keys.encode(&decoded).expect("re-encodes");
    assert_eq!(claim_str(&first, "sub"), claim_str(&second, "sub"));
    assert_ne!(claim_str(&first, "email"), claim_str(&second, "email"));
    let v = keys.decode::<Session>(&second).expect("decodes");
    assert_eq!(v.email.expose(), "alice@example.invalid");
    assert!(v.sub.matches(&keys, &"u-123".to_string()).expect("matches"));
}

#[test]
fn escaped_and_unicode_values_hash_as_their_json() {
    let keys = keys();
    let value = "Zoë \"quoted\" \\ 你好 🦀\n".to_string();
    let mut s = session();
    s.sub = Hashed::new(value.clone());
    let token = keys.encode(&s).expect("encodes");
    let v = keys.decode::<Session>(&token).expect("decodes");
    assert_eq!(
        v.sub.pseudonym(),
        Some(&keys.pseudonym("sub", &value).expect("pseudonym"))
    );
    assert!(v.sub.matches(&keys, &value).expect("matches"));
}

#[derive(Claims)]
struct SubOnly {
    #[claim(hashed)]
    sub: Hashed<String>,
}

#[test]
fn verify_only_keys_read_pseudonyms_of_any_pii_kid() {
    // FORMAT.md §7: a Keys with no PII key cannot check kids.
    let keys_b = builder()
        .signing_key(hs256_key())
        .pii_key(pii_key_b())
        .pii_key(pii_key_a())
        .build()
        .expect("keys");
    let token = keys_b.encode(&session()).expect("encodes");
    let v = keys_without_pii()
        .decode::<SubOnly>(&token)
        .expect("decodes");
    assert_eq!(v.sub.pseudonym().map(Pseudonym::kid), Some("pii-2"));
    // While a Keys with only PII key A rejects the unknown kid.
    assert_eq!(
        keys().decode::<SubOnly>(&token).map(drop),
        Err(Error::UnknownKey(KeyKind::Pii))
    );
}

#[test]
fn domain_and_value_cannot_be_spliced() {
    // JSON plaintexts never contain a raw 0x00, so the last 0x00 of the HMAC
    // input always ends the domain, even when a domain contains one.
    let keys = keys();
    let plain = keys.pseudonym("sub", &123u32).expect("pseudonym");
    for (domain, value) in [("sub\u{0}1", 23u32), ("sub\u{0}", 123), ("su", 123)] {
        assert_ne!(keys.pseudonym(domain, &value).expect("pseudonym"), plain);
    }
    assert_ne!(
        keys.pseudonym("sub", "12").expect("pseudonym"),
        keys.pseudonym("sub", &12).expect("pseudonym")
    );
}

// --- encoding refuses what decoding would reject ---------------------------

/// A decoded `Hashed` remembers its domain, but re-encoding carries the
/// pseudonym into any field as is: moved from `owner` into `sub`, the token's
/// `sub` is an `owner`-domain pseudonym that no `sub` value matches, and the
/// two domains become joinable.
#[test]
fn re_encoding_a_pseudonym_into_another_domain_is_refused() {
    let keys = keys();
    let token = keys
        .encode(&linked("u-1", "u-1", "u-7", "u-7"))
        .expect("encodes");
    let decoded = keys.decode::<Linked>(&token).expect("decodes").into_inner();
    let moved = Session {
        sub: decoded.owner,
        ..session()
    };
    let result = keys.encode(&moved);
    if let Ok(token) = &result {
        let v = keys.decode::<Session>(token).expect("decodes");
        assert!(
            v.sub.matches(&keys, &"u-1".to_string()).expect("matches"),
            "token `sub` is a pseudonym from the `owner` domain"
        );
    }
    assert!(result.is_err(), "a pseudonym crossed hashing domains");
}

#[derive(Claims)]
struct Account {
    #[claim(hashed(normalize = "email"))]
    email: Hashed<String>,
    #[claim(hashed(domain = "person", normalize = "nfc"))]
    name: Hashed<Option<String>>,
    #[claim(hashed)]
    login: Hashed<String>,
}

fn account(email: &str, name: Option<&str>) -> Account {
    Account {
        email: Hashed::new(email.into()),
        name: Hashed::new(name.map(Into::into)),
        login: Hashed::new(email.into()),
    }
}

#[test]
fn normalized_pseudonyms_join_case_and_composition_variants() {
    let keys = keys();
    let mixed = keys
        .encode(&account("Alice@Example.COM", Some("Jose\u{301}")))
        .expect("encodes");
    let lower = keys
        .encode(&account("alice@example.com", Some("Jos\u{e9}")))
        .expect("encodes");
    assert_eq!(claim_str(&mixed, "email"), claim_str(&lower, "email"));
    assert_eq!(claim_str(&mixed, "name"), claim_str(&lower, "name"));
    // The exact field next to it keeps the two apart.
    assert_ne!(claim_str(&mixed, "login"), claim_str(&lower, "login"));
    // NFC keeps case: "JOSÉ" is another person to it.
    let upper = keys
        .encode(&account("alice@example.com", Some("JOS\u{c9}")))
        .expect("encodes");
    assert_ne!(claim_str(&mixed, "name"), claim_str(&upper, "name"));
    // Non-ASCII addresses fold too.
    let composed = keys
        .encode(&account("JOSÉ@Exemple.FR", None))
        .expect("encodes");
    let decomposed = keys
        .encode(&account("jose\u{301}@exemple.fr", None))
        .expect("encodes");
    assert_eq!(
        claim_str(&composed, "email"),
        claim_str(&decomposed, "email")
    );
}

#[test]
fn a_normalized_domain_is_not_the_exact_one() {
    let keys = keys();
    let token = keys
        .encode(&account("alice@example.com", None))
        .expect("encodes");
    // Same domain name, same (already lowercase) value: the normalization
    // tag alone separates them.
    let exact = keys
        .pseudonym("email", "alice@example.com")
        .expect("pseudonym");
    assert_ne!(claim_str(&token, "email"), exact.as_str());
    let email = Account::POLICY[0].hash_domain().expect("hashed");
    assert_eq!(email, HashDomain::new("email").normalized(Normalize::Email));
    assert_eq!(
        keys.pseudonym(email, "ALICE@example.com")
            .expect("pseudonym")
            .as_str(),
        claim_str(&token, "email")
    );
    assert_eq!(Account::POLICY[1].normalize, Normalize::Nfc);
    assert_eq!(
        Account::POLICY[1].hash_domain(),
        Some(HashDomain::new("person").normalized(Normalize::Nfc))
    );
    assert_eq!(Account::POLICY[2].normalize, Normalize::Exact);
    assert_eq!(
        Account::POLICY[2].hash_domain(),
        Some(HashDomain::new("login"))
    );
    // Only text normalizes.
    assert_eq!(
        keys.pseudonym(email, &42).map(drop),
        Err(Error::Encode {
            claim: "<pseudonym>"
        })
    );
}

#[test]
fn matches_applies_the_field_normalization() {
    let keys = keys();
    let token = keys
        .encode(&account("Alice@Example.com", Some("Jos\u{e9}")))
        .expect("encodes");
    let v = keys.decode::<Account>(&token).expect("decodes");
    for candidate in [
        "alice@example.com",
        "ALICE@EXAMPLE.COM",
        "Alice@Example.com",
    ] {
        assert!(
            v.email
                .matches(&keys, &candidate.to_string())
                .expect("matches")
        );
    }
    assert!(
        !v.email
            .matches(&keys, &"bob@example.com".to_string())
            .expect("matches")
    );
    assert!(
        v.name
            .matches(&keys, &Some("Jose\u{301}".to_string()))
            .expect("matches")
    );
    // The exact field matches exactly.
    assert!(
        v.login
            .matches(&keys, &"Alice@Example.com".to_string())
            .expect("matches")
    );
    assert!(
        !v.login
            .matches(&keys, &"alice@example.com".to_string())
            .expect("matches")
    );
}

#[derive(Claims)]
struct ExactEmail {
    #[claim(hashed)]
    email: Hashed<String>,
}

#[test]
fn a_decoded_pseudonym_keeps_its_normalization() {
    let keys = keys();
    let token = keys
        .encode(&account("alice@example.com", None))
        .expect("encodes");
    let v = keys.decode::<Account>(&token).expect("decodes");
    // Re-encoded into its own field: carried over as is.
    let again = keys
        .encode(&Account {
            email: v.email.clone(),
            name: Hashed::new(None),
            login: Hashed::new("x".into()),
        })
        .expect("re-encodes");
    assert_eq!(claim_str(&again, "email"), claim_str(&token, "email"));
    // Moved to a field of the same name without the normalization: refused,
    // as it would be in another domain.
    assert_eq!(
        keys.encode(&ExactEmail {
            email: v.email.clone()
        })
        .map(drop),
        Err(Error::Encode { claim: "email" })
    );
}
