// Nested structs and enums travel in a `public` claim once they derive
// `ClaimValue`: generic ones, enums with data, serde's `skip` and `rename`,
// a reason for a PII-looking name, a `dynamic` map, and a foreign type
// vouched for by a hand-written impl.
use std::collections::BTreeMap;

use claims_core::{ClaimValue, Claims, Keys, SigningKey};
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Serialize, Deserialize, ClaimValue)]
struct Tenant {
    id: u64,
    plan: Plan,
    #[claim(allow_pii = "the company's name, not a person's")]
    name: String,
    #[serde(rename = "tags")]
    labels: Vec<String>,
    #[claim(dynamic = "feature flags operators set per tenant")]
    flags: BTreeMap<String, bool>,
    // Never written, so never checked.
    #[serde(skip)]
    owner_email: String,
}

#[derive(Debug, PartialEq, Serialize, Deserialize, ClaimValue)]
enum Plan {
    Free,
    Team { seats: u32 },
    Custom(Vec<u32>),
}

#[derive(Debug, PartialEq, Serialize, Deserialize, ClaimValue)]
struct Page<T> {
    items: Vec<T>,
    next: Option<u32>,
}

/// A foreign type (here a stand-in for a UUID) vouched for by hand.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
struct RequestId(u128);

impl ClaimValue for RequestId {}

#[derive(Claims)]
struct Session {
    #[claim(public)]
    tenant: Tenant,
    #[claim(public)]
    pages: Page<Plan>,
    #[claim(public)]
    request: RequestId,
}

fn main() {
    let keys = Keys::builder()
        .issuer("https://issuer.example")
        .audience("api")
        .signing_key(SigningKey::hs256("sig-1", &[7u8; 32]).unwrap())
        .build()
        .unwrap();
    let session = Session {
        tenant: Tenant {
            id: 7,
            plan: Plan::Team { seats: 3 },
            name: "Acme".to_owned(),
            labels: vec!["eu".to_owned()],
            flags: BTreeMap::from([("beta".to_owned(), true)]),
            owner_email: "never-sent@example.invalid".to_owned(),
        },
        pages: Page {
            items: vec![Plan::Free, Plan::Custom(vec![1])],
            next: None,
        },
        request: RequestId(42),
    };
    let token = keys.encode(&session).unwrap();
    let decoded = keys.decode::<Session>(&token).unwrap();
    assert_eq!(decoded.tenant.plan, Plan::Team { seats: 3 });
    assert_eq!(decoded.tenant.labels, ["eu"]);
    assert_eq!(decoded.tenant.owner_email, "", "skipped by serde");
    assert_eq!(decoded.pages, session.pages);
    assert_eq!(decoded.request, RequestId(42));
    assert_eq!(
        format!("{session:?}").split_once(", pages").unwrap().0,
        r#"Session { tenant: Tenant { id: 7, plan: Team { seats: 3 }, name: "Acme", labels: ["eu"], flags: {"beta": true}, owner_email: "never-sent@example.invalid" }"#,
    );
}
