use claims_core::{Claims, Pii};

#[derive(Claims)]
struct Session {
    #[claim(encrypted, mask = "last3")]
    phone: Pii<String>,
}

fn main() {}
