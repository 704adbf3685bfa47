use claims_core::{Claims, FieldPolicy, HashDomain, Hashed, Normalize};

#[derive(Claims)]
struct Account {
    #[claim(hashed(normalize = "email"))]
    email: Hashed<String>,
    #[claim(hashed(domain = "person", normalize = "nfc"))]
    name: Hashed<Option<String>>,
    #[claim(hashed(normalize = "email", domain = "contact"), rename = "mail")]
    backup: Hashed<Box<str>>,
}

const POLICY: &[FieldPolicy] = Account::POLICY;

fn main() {
    assert_eq!(POLICY[0].normalize, Normalize::Email);
    assert_eq!(
        POLICY[1].hash_domain(),
        Some(HashDomain::new("person").normalized(Normalize::Nfc))
    );
    assert_eq!(
        POLICY[2].hash_domain(),
        Some(HashDomain::new("contact").normalized(Normalize::Email))
    );
}
