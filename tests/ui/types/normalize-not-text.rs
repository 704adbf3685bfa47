use claims_core::{Claims, Hashed};

#[derive(Claims)]
struct Session {
    #[claim(hashed(normalize = "email"))]
    account: Hashed<u64>,
    #[claim(hashed(normalize = "nfc"))]
    tags: Hashed<Vec<String>>,
}

fn main() {}
