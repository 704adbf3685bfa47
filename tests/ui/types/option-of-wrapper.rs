// An optional secret is `Pii<Option<T>>`, an optional pseudonymized value
// `Hashed<Option<T>>`: the `Option` goes inside the wrapper.
use claims_core::{Claims, Hashed, Pii};

#[derive(Claims)]
struct Session {
    #[claim(encrypted)]
    email: Option<Pii<String>>,
    #[claim(hashed)]
    sub: std::option::Option<Hashed<Vec<u8>>>,
    #[claim(sensitive)]
    name: Option<claims_core::Pii<String>>,
}

fn main() {}
