// A `bool` about personal data is not personal data.
use claims_core::{Claims, Pii};

#[derive(Claims)]
struct Session {
    #[claim(encrypted)]
    email: Pii<String>,
    #[claim(public)]
    email_verified: bool,
    #[claim(public)]
    phone_number_verified: Option<bool>,
    #[claim(public, rename = "hasPassword")]
    password_set: core::primitive::bool,
}

fn main() {
    assert_eq!(Session::POLICY.len(), 4);
}
