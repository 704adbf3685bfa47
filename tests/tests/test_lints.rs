//! The derive's expansion is lint-clean: `cargo clippy --all-targets -- -D
//! warnings` fails if any generated line trips one of these lints, even with
//! the names it uses already in scope (it must still write them in full, as it
//! cannot know what the user imported).

#![deny(
    unused_qualifications,
    unreachable_pub,
    missing_debug_implementations,
    rust_2018_idioms,
    unused,
    clippy::all,
    clippy::pedantic
)]
#![forbid(unsafe_code)]

// Everything the expansion names by absolute path, in scope.
#[allow(unused_imports)]
use claims_core::__private::{
    ClaimValue as _, EncryptedField, Error, FieldPolicy, ForbiddenField, HashedField, Last4, Mask,
    MaskableField, PayloadReader, PayloadWriter, Placeholder, Protection, PublicField, forbidden,
};
#[allow(unused_imports)]
use core::fmt::{Debug, Display, Formatter};
#[allow(unused_imports)]
use core::option::Option::{None, Some};
#[allow(unused_imports)]
use core::result::Result::{Err, Ok};

use claims_core::{Category, ClaimValue, Claims, Hashed, Pii};
use serde::{Deserialize, Serialize};

/// Every protection, a rename, a domain, a reason and a mask.
#[derive(Claims)]
pub struct Session {
    #[claim(hashed)]
    pub sub: Hashed<String>,
    #[claim(encrypted, mask = "last4")]
    pub email: Pii<String>,
    #[claim(public)]
    pub role: String,
    #[claim(forbidden)]
    pub password_hash: Option<String>,
    #[claim(hashed(domain = "user"), rename = "act")]
    pub actor: Hashed<String>,
    #[claim(public, allow_pii = "the name the user chose to show")]
    pub nickname: Option<String>,
    #[claim(public)]
    pub tenant: Tenant<u32>,
    #[claim(public, dynamic = "labels operators set")]
    pub labels: std::collections::BTreeMap<String, String>,
}

/// A generic nested value, with a reason, a `dynamic` field and serde keys.
#[derive(Debug, Serialize, Deserialize, ClaimValue)]
pub struct Tenant<T> {
    pub id: T,
    pub plan: Plan,
    #[claim(allow_pii = "the company's name")]
    #[serde(rename = "n")]
    pub name: String,
    #[claim(dynamic = "free-form settings")]
    pub settings: serde_json::Value,
    #[serde(skip)]
    pub owner: String,
}

/// Every kind of variant.
#[derive(Debug, Serialize, Deserialize, ClaimValue)]
pub enum Plan {
    Free,
    Team { seats: u32 },
    Custom(u32, String),
}

/// A tuple struct and a unit struct.
#[derive(Debug, Serialize, Deserialize, ClaimValue)]
pub struct Seats(pub u32);

#[derive(Debug, Serialize, Deserialize, ClaimValue)]
pub struct Nothing;

/// Type and const parameters, a lifetime-free where clause and a default.
#[derive(Claims)]
pub struct Generic<T, U = String, const N: usize = 2>
where
    T: Clone,
{
    #[claim(public)]
    pub tag: T,
    #[claim(encrypted)]
    pub payload: Vec<U>,
    #[claim(hashed)]
    pub id: Hashed<U>,
    #[claim(forbidden)]
    pub scratch: Option<T>,
    #[claim(public)]
    pub counts: [u8; N],
}

/// Issued only as an SD-JWT.
#[derive(Claims)]
pub struct Credential {
    #[claim(public)]
    pub role: String,
    #[claim(disclosable)]
    pub email: Option<String>,
}

/// Decoded only: another issuer's personal data.
#[derive(Claims)]
pub struct Identity {
    #[claim(sensitive)]
    pub email: Pii<String>,
    #[claim(sensitive, mask = "last4")]
    pub phone: Pii<Option<String>>,
}

/// No fields: only the registered claims.
#[derive(Claims)]
pub struct Empty {}

#[test]
fn expansion_compiles_under_deny() {
    assert_eq!(Session::POLICY.len(), 8);
    assert_eq!(Session::POLICY[4].wire_name, "act");
    assert_eq!(
        Session::POLICY[4].protection,
        claims_core::Protection::Hashed { domain: "user" }
    );
    let categories: Vec<_> = Session::POLICY.iter().map(|f| f.category).collect();
    assert_eq!(
        categories,
        [
            Some(Category::OnlineId),
            Some(Category::Contact),
            None,
            Some(Category::Credential),
            None,
            Some(Category::PersonName),
            None,
            None,
        ],
        "the lexicon's category is recorded whatever the protection",
    );
    assert_eq!(<Generic<u8>>::POLICY.len(), 5);
    assert!(Empty::POLICY.is_empty());
    assert_eq!(
        Credential::POLICY[1].protection,
        claims_core::Protection::Disclosable
    );
    assert_eq!(
        Identity::POLICY[1].protection,
        claims_core::Protection::Sensitive
    );

    let generic: Generic<u8> = Generic {
        tag: 1,
        payload: vec!["x".to_owned()],
        id: Hashed::new("u".to_owned()),
        scratch: Some(2),
        counts: [3, 4],
    };
    assert_eq!(
        generic.to_string(),
        "Generic { tag: 1, payload: <encrypted>, id: <hashed>, scratch: <forbidden>, counts: [3, 4] }"
    );
    assert_eq!(format!("{:?}", Empty {}), "Empty");
}
